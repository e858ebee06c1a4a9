"""Rule compilation: trace a rule's coroutine once, over every neighbourhood it can see, into a table.

A rule whose next state depends only on the states of a finite set of cells around it is a
function from those states to a state, so it can be written down as a lookup table. We build it
by *driving the rule's own coroutine* (through ``trace.converse``, with every protocol check) at
one probe cell, once per combination of the states it can see:

- life-like and Generations rules: from their birth/survival sets, (state, live count) pairs;
- the cells of rulestrings (``lifesim.rulestrings``) read directly, without tracing: MAP and
  Hensel rules from their 512-entry table (an "index" table over the 3x3 block), V, H and
  Larger than Life rules from their birth/survival rows (a "counts" table over their shape,
  however large: never a table of every neighbourhood);
- rules built from a logic function ``logic(state, neighbors)``: every (state, count) pair;
- any other coroutine: every combination of states over the offsets it queries (512 for a
  two-state Moore rule), then reduced to (state, count) form when the table allows it;
- a coroutine with too many combinations that declares ``cell.totalistic = True`` (its next
  state depends only on its own state and how many of its neighbours are ALIVE): every
  (state, count) pair, then spot checks of the declaration on random neighbourhoods;
- Golly's JvN rules (``lifesim.jvn``): an index table over the five cells they read (29^5 or
  32^5 entries), composed by ``jvn.table`` from ``jvn.next_state``'s answers, not traced;
- a Golly rule file (``lifesim.rulefile``): from its table, not its coroutine: its rule tree
  (cells it never reads left out), expanded into the full table when that is small enough
  (WireWorld: 4^9 entries), else kept as the tree (LifeHistory: 7^9): a cell then looks up one
  node per cell it reads, and there are only as many nodes as the rule has different sub-rules.

Rules it cannot tabulate are refused with a ``CompileError`` that says why: too many
combinations, non-deterministic, or position-dependent.
"""

import functools
import itertools
import weakref
from dataclasses import dataclass

import numpy as np

from lifesim.cells import count_cell, map_cell, step_cell
from lifesim.errors import LifesimError
from lifesim.jvn import FAMILIES as JVN_FAMILIES, TABLE_OFFSETS as JVN_TABLE_OFFSETS, jvn_cell, table as jvn_table
from lifesim.protocol import ALIVE
from lifesim.rulefile import table_of
from lifesim.rulename import block_values, rulestring_of
from lifesim.rules import RULE_TITLES
from lifesim.drivers.trace import ELSEWHERE, PROBE, converse

MAX_COMBINATIONS = 1 << 16
# A rule file's full table up to this many entries (4 MiB), else its tree: a table lookup costs
# one gather per cell, a tree one per cell read (WireWorld, 4^9 entries: ~2x faster as a table).
DENSE_ENTRIES = 1 << 22

# The table is traced at PROBE, and its answers must agree at the ELSEWHERE cells (trace.py).
SAMPLES = 256  # combinations re-driven for the determinism and position checks
RETRIES = 8  # re-drives that tell a non-deterministic rule from a position-dependent one

MOORE = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)
VON_NEUMANN = ((-1, 0), (0, -1), (0, 1), (1, 0))
HEXAGONAL = ((-1, -1), (-1, 0), (0, -1), (0, 1), (1, 0), (1, 1))
# The 3x3 block with offsets[k] weighing 2**k: Golly's MAP order (NW is bit 8) read backwards,
# so that an index table here is the MAP table itself.
MAP_ORDER = tuple((dy, dx) for dy in (1, 0, -1) for dx in (1, 0, -1))
MAX_MAP_ENTRIES = 1 << 20  # a many-state MAP table has states**9 entries


class CompileError(LifesimError):
    """The rule cannot be turned into a table; the message says why."""


@dataclass(frozen=True, eq=False)
class CompiledRule:
    """A rule as a lookup table over its neighbourhood.

    offsets: the (dy, dx) cells the table reads, in table order; never (0, 0) in counts form.
    form: ``"counts"``: ``table[state, n]`` is the next state of a cell in ``state`` with ``n``
        of its ``offsets`` ALIVE; ``table`` is ``uint8`` of shape (states, len(offsets)+1).
        ``"index"``: ``table[i]`` with ``i = sum(state_k * states**k)`` over ``offsets``;
        ``table`` is ``uint8`` of shape (states**len(offsets),).
        ``"tree"``: a decision tree read in ``offsets`` order; ``table`` is ``int32`` of shape
        (nodes, states). Start at the last row; at each offset in turn go to
        ``table[node, state there]``; after the last offset that entry is the next state.
    """

    name: str
    states: int
    offsets: tuple
    form: str
    table: np.ndarray

    @property
    def radius(self):
        return max((max(abs(dy), abs(dx)) for dy, dx in self.offsets), default=0)

    def rulestring(self):
        """The shortest exact rulestring of a two-state rule that reads only the 3x3 block around a
        cell (``lifesim.rulename``: 'B36/S23', 'B13/S123V', 'MAP...'), else None."""
        if self.states != 2 or self.radius > 1:
            return None
        return rulestring_of(self.lookup(block_values()))

    def lookup(self, values):
        """The next states for neighbourhoods given as ``values``: {(dy, dx): int array}, all of one
        shape, holding at least every offset the table reads; returns an int array of that shape."""
        if self.form == "counts":
            first = next(iter(values.values()))
            count = sum((values[off] == ALIVE).astype(np.intp) for off in self.offsets) if self.offsets else 0
            return self.table[values.get((0, 0), np.zeros_like(first)), count]
        if self.form == "index":
            index = sum(values[off].astype(np.intp) * self.states ** k for k, off in enumerate(self.offsets))
            return self.table[index] if self.offsets else np.full(np.shape(next(iter(values.values()))), self.table[0])
        node = len(self.table) - 1
        for off in self.offsets:
            node = self.table[node, values[off]]
        return node

    def title(self):
        """'B36/S23 (HighLife)', 'B3/S23 (Conway's Life)', or the bare rulestring, or None."""
        text = self.rulestring()
        if text is None:
            return None
        return f"{text} ({RULE_TITLES[text]})" if text in RULE_TITLES else text


def compile_rule(rule):
    """The CompiledRule of ``rule``, or a CompileError saying why it cannot be tabulated.

    Made once per Rule object (a run asks twice: to choose its driver, then in the driver; a
    12-state Moore table takes seconds); a rule file edited and loaded again is a new Rule."""
    compiled = _COMPILED.get(rule)
    if compiled is None:
        compiled = _COMPILED[rule] = _compile(rule)
    return compiled


_COMPILED = weakref.WeakKeyDictionary()  # Rule -> its CompiledRule, while the Rule lives


def _compile(rule):
    table = table_of(rule.cell)
    if table is not None:
        return _from_rule_file(rule, table)
    cell = rule.cell
    if isinstance(cell, functools.partial) and cell.func in _DIRECT and not cell.keywords:
        return _DIRECT[cell.func](rule.name, *cell.args)
    if rule.birth is not None and rule.survival is not None and rule.radius == 1 and rule.neighborhood in (None, "moore"):
        return _from_sets(rule)
    if _logic_of(rule) is not None:
        return _from_logic(rule)
    return _from_coroutine(rule)


# --- rules defined by their birth/survival sets ------------------------------------------------

def _from_sets(rule):
    """Life-like and Generations rules: only state 1 counts as a live neighbour."""
    table = np.zeros((rule.states, 9), np.uint8)
    for n in range(9):
        table[0, n] = ALIVE if n in rule.birth else 0
        table[1, n] = ALIVE if n in rule.survival else 2 % rule.states
        table[2:, n] = (np.arange(2, rule.states) + 1) % rule.states
    return CompiledRule(rule.name, rule.states, MOORE, "counts", table)


# --- the cells of rulestrings, read directly ------------------------------------------------------

def _from_map(name, table, states):
    """A ``map_cell``: its 512-entry table as an index table over MAP_ORDER (two states), or
    that table spread over every combination of ``states`` states (dying states decay)."""
    lives = np.frombuffer(table, np.uint8)
    if states == 2:
        return CompiledRule(name, 2, MAP_ORDER, "index", lives.copy())
    size = states ** len(MAP_ORDER)
    if size > MAX_MAP_ENTRIES:
        raise CompileError(f"rule {name!r}: a {states}-state MAP or Hensel rule needs {states}^9 = {size:,} "
                           f"table entries, more than the {MAX_MAP_ENTRIES:,} the compiler builds")
    digits = np.arange(size)[:, None] // states ** np.arange(len(MAP_ORDER)) % states
    index = ((digits == ALIVE) << np.arange(len(MAP_ORDER))).sum(axis=1)
    own = digits[:, MAP_ORDER.index((0, 0))]
    nxt = np.where(lives[index] == 1, ALIVE, np.where(own == ALIVE, 2 % states, 0))
    table = np.where(own >= 2, (own + 1) % states, nxt).astype(np.uint8)
    return CompiledRule(name, states, MAP_ORDER, "index", table)


def _from_counts(name, radius, mask, born, stays, states):
    """A ``count_cell``: its birth and survival rows as a counts table over its neighbourhood."""
    block = [(dy, dx) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)]
    offsets = tuple(off for k, off in enumerate(block) if (mask[k] if mask is not None else off != (0, 0)))
    table = np.empty((states, len(offsets) + 1), np.uint8)
    table[0], table[1] = np.frombuffer(born, np.uint8), np.frombuffer(stays, np.uint8)
    table[2:] = ((np.arange(2, states) + 1) % states)[:, None]
    return CompiledRule(name, states, offsets, "counts", table)


def _from_jvn(name, lookup):
    """A ``jvn_cell``: the family's table of every neighbourhood of its five cells (itself and
    its 4 von Neumann neighbours), composed from ``jvn.next_state`` (``jvn.table``) rather than
    traced, and far past MAX_COMBINATIONS: 29^5 or 32^5 entries, a 20.5 or 33.5 MB ``uint8``
    array, built once per family in a process (~1 s) and shared by every CompiledRule of it."""
    return CompiledRule(name, JVN_FAMILIES[lookup.family], JVN_TABLE_OFFSETS, "index", jvn_table(lookup.family))


_DIRECT = {map_cell: _from_map, count_cell: _from_counts, jvn_cell: _from_jvn}


# --- rules built from a logic function ---------------------------------------------------------

def _logic_of(rule):
    cell = rule.cell
    if isinstance(cell, functools.partial) and cell.func is step_cell and not cell.args:
        return cell.keywords.get("logic")
    return None


def _from_logic(rule):
    """Drive step_cell once per (state, count) pair, with the first ``count`` neighbours ALIVE."""
    def drive(state, n, where):
        answers = dict.fromkeys(MOORE[:n], ALIVE)
        return converse(rule.cell, *where, lambda dy, dx: state if (dy, dx) == (0, 0) else answers.get((dy, dx), 0),
                        rule.radius, rule.states)

    pairs = list(itertools.product(range(rule.states), range(9)))
    table = np.zeros((rule.states, 9), np.uint8)
    for state, n in pairs:
        table[state, n] = drive(state, n, PROBE)
    for k, (state, n) in enumerate(pairs[:SAMPLES]):
        _agree(rule, table[state, n], lambda where: drive(state, n, where), ELSEWHERE[k % len(ELSEWHERE)])
    return CompiledRule(rule.name, rule.states, MOORE, "counts", table)


# --- rules from Golly rule files ---------------------------------------------------------------

def _from_rule_file(rule, table):
    """A rule file's rule from its tree: as a full index table when that has at most DENSE_ENTRIES
    entries (reduced to counts if it can be), else as the tree itself."""
    offsets, nodes = prune_tree(table.tree())
    if rule.states ** len(offsets) > DENSE_ENTRIES:
        return CompiledRule(rule.name, rule.states, offsets, "tree", nodes)
    # Expanding the tree level by level gives the table with the first cell read as its slowest
    # axis: index = sum(state_k * states**k) over the offsets read last to first.
    dense = nodes[-1] if offsets else nodes[0, :1]
    for _ in offsets[1:]:
        dense = nodes[dense]
    compiled = CompiledRule(rule.name, rule.states, offsets[::-1], "index", dense.ravel().astype(np.uint8))
    return _reduce(compiled) if dense.size <= MAX_COMBINATIONS else compiled


def prune_tree(tree):
    """``(offsets, nodes)``: ``tree`` without the levels whose nodes all have equal children.

    Such a level reads a cell the rule never depends on (a von Neumann or hexagonal table in
    an 8-neighbour tree, a rule that ignores its own state). ``offsets`` are the cells still read,
    in order; ``nodes`` the ``int32`` (N, states) rows of the kept nodes, root last, whose
    entries are kept node numbers, or states after the last kept level.
    """
    read = tree.offsets
    depth_of = {d: read[len(read) - d] for d in range(1, len(read) + 1)}
    skipped = {d for d in depth_of if all(len(set(node)) == 1 for node, nd in zip(tree.nodes, tree.depths) if nd == d)}
    ref, kept = [], []  # ref[i]: what a parent of node i reads instead of i: a kept node, or a state
    for node, depth in zip(tree.nodes, tree.depths):
        children = node if depth == 1 else tuple(ref[c] for c in node)
        if depth in skipped:
            ref.append(children[0])
        else:
            ref.append(len(kept))
            kept.append(children)
    offsets = tuple(depth_of[d] for d in sorted(depth_of, reverse=True) if d not in skipped)
    if not kept:  # the rule reads nothing: one row of its constant next state
        return offsets, np.full((1, tree.states), ref[-1], np.int32)
    return offsets, np.array(kept, np.int32)


# --- any other coroutine -----------------------------------------------------------------------

def neighbourhood(rule, probes=24, seed=0):
    """The sorted (dy, dx) offsets the rule's coroutine queries at PROBE, over random neighbourhoods.

    The union over all-EMPTY, all-ALIVE, all-top-state and ``probes`` random neighbourhoods;
    a rule that looks at more cells only in rare cases is caught later, during tabulation.
    """
    rng = np.random.default_rng(seed)
    seen = set()
    fills = [lambda: 0, lambda: ALIVE, lambda: rule.states - 1]
    fills += [lambda: int(rng.integers(rule.states))] * probes
    for fill in fills:
        memo = {}

        def answer(dy, dx):
            seen.add((dy, dx))
            return memo.setdefault((dy, dx), fill())

        converse(rule.cell, *PROBE, answer, rule.radius, rule.states)
    return tuple(sorted(seen))


class _Unseen(Exception):
    """The coroutine queried an offset outside the neighbourhood being tabulated."""


def _from_coroutine(rule):
    offsets = neighbourhood(rule)
    if getattr(rule.cell, "totalistic", False) and rule.states ** len(offsets) > MAX_COMBINATIONS:
        return _from_totals(rule, offsets)
    while True:
        _check_size(rule, offsets)
        try:
            table = _tabulate(rule, offsets)
            break
        except _Unseen as unseen:
            offsets = tuple(sorted(set(offsets) | {unseen.args[0]}))
    _verify(rule, offsets, table)
    return _reduce(CompiledRule(rule.name, rule.states, offsets, "index", table))


def _from_totals(rule, offsets):
    """A cell declaring ``totalistic = True``: one drive per (state, live count), then spot checks.

    Too many neighbourhoods to try them all, so the declaration is taken at its word for the
    table and then tested on SAMPLES random neighbourhoods at several cells.
    """
    others = tuple(off for off in offsets if off != (0, 0))
    table = np.zeros((rule.states, len(others) + 1), np.uint8)
    for state in range(rule.states):
        for n in range(len(others) + 1):
            states = dict.fromkeys(others, 0) | dict.fromkeys(others[:n], ALIVE) | {(0, 0): state}
            table[state, n] = _drive_totals(rule, states, PROBE)
    rng = np.random.default_rng(2)
    for k in range(SAMPLES):
        states = {off: int(s) for off, s in zip(offsets, rng.integers(0, rule.states, len(offsets)))}
        expected = table[states.get((0, 0), 0), sum(states[off] == ALIVE for off in others)]
        for where in (PROBE, ELSEWHERE[k % len(ELSEWHERE)]):
            got = _drive_totals(rule, states, where)
            if got != expected:
                raise CompileError(
                    f"rule {rule.name!r} declares totalistic = True, but at cell {where} a neighbourhood with "
                    f"the same state and live count as another gave {got}, not {expected}")
    return CompiledRule(rule.name, rule.states, others, "counts", table)


def _drive_totals(rule, states, where):
    def answer(dy, dx):
        if (dy, dx) not in states and (dy, dx) != (0, 0):
            raise CompileError(f"rule {rule.name!r} reads offset {(dy, dx)} only sometimes; "
                               "the compiler cannot tell which cells it depends on")
        return states.get((dy, dx), 0)

    return converse(rule.cell, *where, answer, rule.radius, rule.states)


def _check_size(rule, offsets):
    count = rule.states ** len(offsets)
    if count > MAX_COMBINATIONS:
        raise CompileError(
            f"rule {rule.name!r} reads {len(offsets)} cells in {rule.states} states: {rule.states}^{len(offsets)} = "
            f"{count:,} combinations, more than the {MAX_COMBINATIONS:,} the compiler tabulates (if only the "
            "cell's state and its live count matter, set cell.totalistic = True)")


def _answers(offsets, states, i):
    """answer(dy, dx) for combination ``i``: digit k of i in base ``states`` is the state at offsets[k]."""
    where = {off: k for k, off in enumerate(offsets)}

    def answer(dy, dx):
        k = where.get((dy, dx))
        if k is None:
            raise _Unseen((dy, dx))
        return i // states ** k % states

    return answer


def _tabulate(rule, offsets):
    size = rule.states ** len(offsets)
    table = np.zeros(size, np.uint8)
    for i in range(size):
        table[i] = converse(rule.cell, *PROBE, _answers(offsets, rule.states, i), rule.radius, rule.states)
    return table


def _verify(rule, offsets, table):
    """Re-drive a sample of combinations at PROBE and elsewhere: the table must not change."""
    rng = np.random.default_rng(1)
    size = table.size
    # Small tables are cycled through to SAMPLES re-drives: a coin-flipping rule with two
    # combinations would otherwise agree with its table by chance one time in sixteen.
    sample = [i % size for i in range(SAMPLES)] if size <= SAMPLES else rng.choice(size, SAMPLES, replace=False).tolist()
    for k, i in enumerate(sample):
        def drive(where, i=i):
            try:
                return converse(rule.cell, *where, _answers(offsets, rule.states, i), rule.radius, rule.states)
            except _Unseen as unseen:
                raise CompileError(f"rule {rule.name!r} is position-dependent: at cell {where} it reads offset "
                                   f"{unseen.args[0]}, which it does not read at cell {PROBE}") from None
        _agree(rule, table[i], drive, ELSEWHERE[k % len(ELSEWHERE)])


def _agree(rule, expected, drive, where):
    """Raise a CompileError unless driving again, at PROBE and at ``where``, gives ``expected``."""
    if drive(PROBE) == expected and drive(where) == expected:
        return
    # Something differs: a rule that answers the same place differently is non-deterministic,
    # one that is steady at each place but differs between them is position-dependent.
    here = {int(expected)} | {drive(PROBE) for _ in range(RETRIES)}
    there = {drive(where) for _ in range(RETRIES)}
    if len(here) > 1 or len(there) > 1:
        seen = here if len(here) > 1 else there
        cell = PROBE if len(here) > 1 else where
        raise CompileError(f"rule {rule.name!r} is not deterministic: the same neighbourhood at cell {cell} "
                           f"gave states {sorted(seen)} on different tries")
    raise CompileError(f"rule {rule.name!r} is position-dependent: the same neighbourhood gives {expected} "
                       f"at cell {PROBE} but {there.pop()} at cell {where}")


def _reduce(compiled):
    """The counts form of an index table that depends only on the cell's state and its ALIVE count."""
    offsets, states, table = compiled.offsets, compiled.states, compiled.table
    others = [k for k, off in enumerate(offsets) if off != (0, 0)]
    centre = offsets.index((0, 0)) if (0, 0) in offsets else None
    digits = np.arange(table.size)[:, None] // states ** np.arange(len(offsets)) % states
    count = (digits[:, others] == ALIVE).sum(axis=1) if others else np.zeros(table.size, int)
    own = digits[:, centre] if centre is not None else np.zeros(table.size, int)
    counts = np.zeros((states, len(others) + 1), np.uint8)
    seen = np.zeros_like(counts, bool)
    for state, n, nxt in zip(own.tolist(), count.tolist(), table.tolist()):
        if seen[state, n] and counts[state, n] != nxt:
            return compiled
        counts[state, n], seen[state, n] = nxt, True
    if centre is None:  # the rule never reads its own state: every state behaves as state 0
        counts[1:], seen[1:] = counts[0], seen[0]
    if not seen.all():  # some (state, count) never occurs, e.g. multi-state counts: keep the index
        return compiled
    return CompiledRule(compiled.name, states, tuple(offsets[k] for k in others), "counts", counts)
