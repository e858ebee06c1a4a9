"""``lifesim rule export RULE --out NAME.rule``: a rule the compiler can tabulate, as a Golly rule file.

The compiled table (``lifesim.drivers.compile``) is written in whichever of Golly's two forms is
shorter:

- ``@TABLE`` on the von Neumann neighbourhood if the rule reads no diagonal neighbour, else
  Moore, with the largest symmetry the rule has (``permute`` when only how many neighbours are
  in each state matters, else rotations and reflections), one line per class of neighbourhoods
  that changes the cell's state (a neighbourhood no line matches keeps it). Only for tables of
  at most TABLE_ENTRIES neighbourhoods, to enumerate;
- ``@TREE``: the whole function as Golly's rule tree.

``@COLORS`` follows: the rule's own colours (from a rule file), else ours. So a rule written as
a coroutine runs in Golly, LifeViewer and anything else that reads rule files.
"""

from pathlib import Path

import numpy as np

from lifesim.drivers.compile import compile_rule, prune_tree
from lifesim.errors import LifesimError, SettingError
from lifesim.io.formats import atomic_write
from lifesim.protocol import ALIVE
from lifesim.rulefile import RULE_SUFFIX, is_rule_name
from lifesim.ruletable import NEIGHBOURHOODS, PERMUTE, symmetry_group
from lifesim.ruletree import CENTRE, TREE_OFFSETS, build_tree, tree_of_values

TABLE_ENTRIES = 1 << 16  # neighbourhoods enumerated to write a table; past this only the tree
DENSE_ENTRIES = 1 << 25  # an index table laid out whole to build its tree (Nobili32: 32^5, 32 MB)

# neighbourhood -> (its tree's neighbours, the symmetries to try, largest group first)
EXPORTS = {
    "vonNeumann": (4, (PERMUTE, "rotate4reflect", "rotate4", "reflect_horizontal", "none")),
    "Moore": (8, (PERMUTE, "rotate8reflect", "rotate8", "rotate4reflect", "rotate4", "reflect_horizontal", "none")),
}
BACKGROUND = (48, 48, 48)  # state 0, then live states from the first colour to the second
LIVE_COLOURS = ((236, 226, 150), (90, 110, 230))


def export_text(rule, name):
    """The Golly rule file (text) of ``rule``, named ``name``. CompileError if the compiler cannot
    tabulate the rule; LifesimError if it reads cells outside the 3x3 block."""
    compiled = compile_rule(rule)
    _outside_the_block(compiled, rule)
    von_neumann = set(NEIGHBOURHOODS["vonNeumann"])
    if compiled.form == "index" and set(compiled.offsets) <= von_neumann:
        neighbourhood, tree = "vonNeumann", None  # it reads no other cell (JvN29: 29^9 entries spared)
    else:
        tree = _tree(compiled, EXPORTS["Moore"][0])
        # the cells it depends on, not those it asks for (a Neighborhood asks for all 9)
        neighbourhood = "vonNeumann" if set(prune_tree(tree)[0]) <= von_neumann else "Moore"
    neighbors, symmetries = EXPORTS[neighbourhood]
    if neighbourhood != "Moore":
        tree = _tree(compiled, neighbors)
    sections = [tree_section(tree)]
    if compiled.states ** len(NEIGHBOURHOODS[neighbourhood]) <= TABLE_ENTRIES:
        sections.append(table_section(compiled, neighbourhood, symmetries))
    body = min(sections, key=len)
    about = f"Exported by lifesim from the rule {rule.spec}: {compiled.states} states, {neighbourhood} neighbourhood."
    return f"@RULE {name}\n{about}\n\n{body}\n{colours_section(rule)}"


def export_rule(rule, path):
    """Write ``rule`` as the Golly rule file ``path`` (NAME.rule, NAME its rule name) atomically."""
    path = Path(path)
    if path.suffix != RULE_SUFFIX or not is_rule_name(path.stem):
        raise SettingError("out", f"{path}: expected NAME{RULE_SUFFIX} (Golly finds a rule by its file's name; "
                                  "letters, digits, '-' and '_' are safest)")
    if not path.parent.is_dir():
        raise SettingError("out", f"{path}: folder {path.parent} does not exist")
    text = export_text(rule, path.stem)
    atomic_write(path, text.encode())
    return text


def _outside_the_block(compiled, rule):
    if compiled.radius > 1:
        raise LifesimError(f"rule {rule.name!r} reads cells outside the 3x3 block around a cell; a Golly rule file "
                       "reads only the 8 Moore neighbours (or fewer)")


def _tree(compiled, neighbors):
    """The RuleTree of ``compiled`` on ``neighbors`` (4 or 8) neighbours: from the whole table at
    once where it is an index table of at most DENSE_ENTRIES entries that way, else a cell at a time."""
    order = TREE_OFFSETS[neighbors]
    states = compiled.states
    if compiled.form != "index" or not set(compiled.offsets) <= set(order) or states ** len(order) > DENSE_ENTRIES:
        return build_tree(states, neighbors, *_reader(compiled))
    # the table's index is sum(value_k * states**k) over its offsets: C order puts offsets[0] last
    reads = compiled.offsets[::-1]
    table = np.asarray(compiled.table).reshape((states,) * len(reads))
    table = table.transpose([reads.index(off) for off in order if off in reads])
    values = table.reshape([states if off in reads else 1 for off in order])  # a cell not read: any value
    return tree_of_values(states, neighbors, np.broadcast_to(values, (states,) * len(order)))


def _reader(compiled):
    """``(start, step, leaf)`` for ``build_tree``: the compiled rule read one cell at a time.

    The key is what the cells read so far decide: a live count (counts), a partial index
    (index), or a node (tree, whose cells are in tree order already).
    """
    table, offsets = compiled.table, compiled.offsets
    if compiled.form == "counts":
        read = set(offsets)
        return 0, (lambda n, off, v: n + (off in read and v == ALIVE)), (lambda n, v: table[v, n])
    if compiled.form == "index":
        weight = {off: compiled.states ** k for k, off in enumerate(offsets)}
        return (0, (lambda i, off, v: i + v * weight.get(off, 0)),
                (lambda i, v: table[i + v * weight.get(CENTRE, 0)]))
    read = set(offsets)  # a node until the last cell the tree reads, then a state
    step = (lambda node, off, v: table[node, v] if off in read else node)
    return len(table) - 1, step, (lambda node, v: step(node, CENTRE, v))


def tree_section(tree):
    return "@TREE\n" + tree.text()


def table_section(compiled, neighbourhood, symmetries):
    """The @TABLE section: the largest symmetry the rule has, one line per class of changing
    neighbourhoods."""
    offsets = NEIGHBOURHOODS[neighbourhood]
    states, width = compiled.states, len(offsets)
    entries = np.indices((states,) * width).reshape(width, -1)  # every neighbourhood, table order
    values = dict.fromkeys(compiled.offsets, np.zeros_like(entries[0]))  # cells it reads but does not depend on
    nxt = compiled.lookup(values | dict(zip(offsets, entries)))
    index = np.arange(entries.shape[1])
    weights = states ** np.arange(width - 1, -1, -1)[:, None]  # entries[0] is the most significant digit
    for symmetry in symmetries:
        if symmetry == PERMUTE:  # every order of the neighbours: swapping any two next to each other
            images = [(0, *range(1, i), i + 1, i, *range(i + 2, width)) for i in range(1, width - 1)]
        else:
            images = symmetry_group(neighbourhood, symmetry)
        moved = [(entries[list(p)] * weights).sum(axis=0) for p in images]
        if all(np.array_equal(nxt[m], nxt) for m in moved):
            break
    if symmetry == PERMUTE:  # one line per multiset of neighbours: the sorted one
        keep = (np.diff(entries[1:], axis=0) >= 0).all(axis=0)
    else:
        keep = np.min(moved, axis=0) == index
    lines = [",".join(map(str, (*entries[:, i], nxt[i]))) for i in np.flatnonzero(keep & (nxt != entries[0]))]
    header = [f"n_states:{states}", f"neighborhood:{neighbourhood}", f"symmetries:{symmetry}"]
    return "@TABLE\n" + "\n".join(header + lines) + "\n"


def colours_section(rule):
    """@COLORS: the rule's own colours where it has them, else ours (state 0 dark, the live states
    a gradient)."""
    own = rule.colours or ()
    lines = []
    for state in range(rule.states):
        colour = own[state] if state < len(own) and own[state] is not None else _default_colour(state, rule.states)
        lines.append(f"{state} {colour[0]} {colour[1]} {colour[2]}")
    return "@COLORS\n" + "\n".join(lines) + "\n"


def _default_colour(state, states):
    if state == 0:
        return BACKGROUND
    t = (state - 1) / (states - 2) if states > 2 else 0.0
    low, high = LIVE_COLOURS
    return tuple(int(a + (b - a) * t) for a, b in zip(low, high))

