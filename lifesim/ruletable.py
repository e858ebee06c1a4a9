"""Golly's rule tables (the ``@TABLE`` section of a rule file): transitions, first match wins.

A table names its number of states, its neighbourhood and its symmetries, then lists
variables and transitions (Golly's Help, formats.html):

    n_states:4
    neighborhood:Moore
    symmetries:rotate8
    var a={0,1,2,3}
    1,a,a,a,a,a,a,a,a,2          # C,N,NE,E,SE,S,SW,W,NW,C'

- A transition lists the cell itself, its neighbours in the neighbourhood's order
  (``NEIGHBOURHOODS``), then the next state. Each entry is a state or a variable (a set of
  states). A variable named more than once in one transition is *bound*: it takes the same
  state each time. The next state is a state, a one-state variable or a bound variable.
- Symmetries add, for each transition, its images under a group of permutations of the
  neighbours (rotations and reflections of the neighbourhood's ring, or every permutation).
- The first transition that matches a neighbourhood gives the next state; a neighbourhood no
  transition matches keeps the cell's state.
- With at most 10 states and no variables, a transition may be written without commas
  (``0000012``).

Internally every transition is expanded, as Golly expands it, into plain ones: one per
combination of its bound variables' states, then one per image under the symmetries, in that
order. A plain transition is a tuple of per-cell bit masks of the states it accepts. Matching
uses one Python int per (cell, state) whose bit t says whether transition t accepts that state
there: a neighbourhood's matches are the AND of its cells' ints, the first match their lowest bit.
"""

import itertools
import re
from dataclasses import dataclass, field

from lifesim.errors import LifesimError
from lifesim.ruletree import CENTRE, E, N, NE, NW, S, SE, SW, W, build_tree

# name -> the cells of a transition in the order it lists them, the cell itself first. After the
# cell itself come the neighbours around their ring, clockwise from north (Golly's hexagonal
# neighbourhood is a square grid without the NE and SW neighbours).
NEIGHBOURHOODS = {
    "vonNeumann": (CENTRE, N, E, S, W),
    "Moore": (CENTRE, N, NE, E, SE, S, SW, W, NW),
    "hexagonal": (CENTRE, N, E, SE, S, W, NW),
    "oneDimensional": (CENTRE, W, E),
}

# neighbourhood -> symmetry name -> the generators of its group: ("turn", k) turns the ring of
# neighbours by k places, "mirror" reflects it about its first cell (north, or west for a line).
# On a line of two cells the mirror image of W, E is E, W: a turn by one place.
SYMMETRIES = {
    "vonNeumann": {"none": (), "rotate4": (("turn", 1),), "reflect_horizontal": ("mirror",),
                   "rotate4reflect": (("turn", 1), "mirror")},
    "Moore": {"none": (), "rotate4": (("turn", 2),), "rotate8": (("turn", 1),), "reflect_horizontal": ("mirror",),
              "rotate4reflect": (("turn", 2), "mirror"), "rotate8reflect": (("turn", 1), "mirror")},
    "hexagonal": {"none": (), "rotate2": (("turn", 3),), "rotate3": (("turn", 2),), "rotate6": (("turn", 1),),
                  "rotate6reflect": (("turn", 1), "mirror")},
    "oneDimensional": {"none": (), "reflect": (("turn", 1),)},
}
PERMUTE = "permute"  # every neighbourhood: the neighbours in any order

# Expanding a table past this many plain transitions would take minutes; Golly's own largest has
# a few thousand.
MAX_TRANSITIONS = 1 << 20

_KEYWORDS = ("n_states:", "neighborhood:", "symmetries:")


@dataclass(frozen=True, eq=False)
class RuleTable:
    """A parsed ``@TABLE``: ``states``, ``neighbourhood`` and ``symmetry`` names, and the
    transitions expanded to plain ones.

    offsets: the (dy, dx) of each entry of a transition, the cell itself first.
    transitions: ``(masks, next state)`` pairs in match order; ``masks[i]`` is an int whose bit
        s is set when the transition accepts state s at ``offsets[i]``.
    """

    states: int
    neighbourhood: str
    symmetry: str
    transitions: tuple
    _bits: tuple = field(init=False, repr=False)  # [cell][state] -> int over the transitions

    def __post_init__(self):
        object.__setattr__(self, "_bits", _transition_bits(self.transitions, len(self.offsets), self.states))

    @property
    def offsets(self):
        return NEIGHBOURHOODS[self.neighbourhood]

    def next_state(self, values):
        """The next state for ``values``, the states of ``offsets`` in order (the cell's own first)."""
        matches = -1
        for bits, value in zip(self._bits, values):
            matches &= bits[value]
            if not matches:
                return values[0]
        return self.transitions[(matches & -matches).bit_length() - 1][1]

    def tree(self):
        """The table as a RuleTree (4 neighbours for vonNeumann, else 8), built from the match bits."""
        neighbors = 4 if self.neighbourhood == "vonNeumann" else 8
        where = {off: self._bits[i] for i, off in enumerate(self.offsets)}
        outputs = [state for _, state in self.transitions]

        def step(matches, off, value):  # a cell the table does not list leaves the matches as they are
            return matches & where[off][value] if off in where else matches

        def leaf(matches, value):  # the last cell a tree reads is the cell itself
            matches = step(matches, CENTRE, value)
            return outputs[(matches & -matches).bit_length() - 1] if matches else value

        return build_tree(self.states, neighbors, (1 << len(self.transitions)) - 1, step, leaf)


def _transition_bits(transitions, cells, states):
    """bits[cell][state]: the int whose bit t is set when transition t accepts ``state`` at ``cell``."""
    size = (len(transitions) + 7) // 8
    flags = [[bytearray(size) for _ in range(states)] for _ in range(cells)]
    for t, (masks, _) in enumerate(transitions):
        byte, bit = t >> 3, 1 << (t & 7)
        for cell, mask in enumerate(masks):
            row = flags[cell]
            while mask:
                low = mask & -mask
                row[low.bit_length() - 1][byte] |= bit
                mask ^= low
    return tuple(tuple(int.from_bytes(f, "little") for f in row) for row in flags)


def symmetry_group(neighbourhood, symmetry):
    """The permutations of a transition's entries that ``symmetry`` adds, identity first.

    Each is a tuple ``p`` over the entries (``p[0] == 0``: the cell itself stays); the image of
    entries ``e`` is ``tuple(e[i] for i in p)``.
    """
    ring = len(NEIGHBOURHOODS[neighbourhood]) - 1
    generators = []
    for gen in SYMMETRIES[neighbourhood][symmetry]:
        if gen == "mirror":
            generators.append((0,) + tuple(1 + (-j) % ring for j in range(ring)))
        else:
            generators.append((0,) + tuple(1 + (j + gen[1]) % ring for j in range(ring)))
    identity = tuple(range(ring + 1))
    group, todo = [identity], [identity]
    while todo:  # closure under composition
        p = todo.pop()
        for g in generators:
            q = tuple(p[i] for i in g)
            if q not in group:
                group.append(q)
                todo.append(q)
    return tuple(group)


def _distinct_permutations(items):
    """Each distinct ordering of ``items`` once (a multiset's permutations), in sorted order."""
    items = sorted(items)
    while True:
        yield tuple(items)
        # the next permutation in lexicographic order, or stop after the last
        i = len(items) - 2
        while i >= 0 and items[i] >= items[i + 1]:
            i -= 1
        if i < 0:
            return
        j = len(items) - 1
        while items[j] <= items[i]:
            j -= 1
        items[i], items[j] = items[j], items[i]
        items[i + 1:] = reversed(items[i + 1:])


def parse_table(lines, where):
    """A RuleTable from the lines of a ``@TABLE`` section.

    lines: ``(line number, text)`` pairs; where: the file's name. Bad input raises a one-line
    LifesimError naming the file, the line and what was expected.
    """
    settings = {}
    variables = {}  # name -> tuple of states, in the order written
    plain = []  # expanded transitions
    seen = set()
    for lineno, raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        here = f"{where}:{lineno}"
        keyword = next((k for k in _KEYWORDS if line[:len(k)].lower() == k), None)
        if keyword:
            settings[keyword] = _setting(keyword, line[len(keyword):].strip(), settings, here)
            continue
        states, neighbourhood, symmetry = _settings(settings, here)
        if line[:4].lower() == "var ":
            name, values = _variable(line, variables, states, here)
            variables[name] = values
            continue
        width = len(NEIGHBOURHOODS[neighbourhood])
        if states <= 10 and not variables and "," not in line:
            tokens = list(line[:width + 1])  # the comma-free form: one digit per entry
            if len(tokens) < width + 1 or not all(t.isdigit() for t in tokens):
                raise LifesimError(f"{here}: expected {width + 1} digits (the cell, its {width - 1} neighbours "
                                   f"and its next state), not {line!r}")
        else:
            tokens = [t for t in re.split(r"[,\s]+", line) if t]
            if len(tokens) < width + 1:
                raise LifesimError(f"{here}: expected {width + 1} entries (the cell, its {width - 1} neighbours "
                                   f"and its next state) separated by commas, not {line!r}")
        group = None if symmetry == PERMUTE else symmetry_group(neighbourhood, symmetry)
        for masks, output in _expand(tokens[:width + 1], variables, states, here):
            images = (_permuted(masks) if group is None else (tuple(masks[i] for i in g) for g in group))
            for image in images:
                if image not in seen:  # a transition matching what an earlier one matches never wins
                    seen.add(image)
                    plain.append((image, output))
            if len(plain) > MAX_TRANSITIONS:
                raise LifesimError(f"{here}: the table expands to more than {MAX_TRANSITIONS:,} transitions")
    if not settings:
        raise LifesimError(f"{where}: the @TABLE section is empty; expected n_states:, neighborhood:, symmetries: "
                           "and transitions")
    states, neighbourhood, symmetry = _settings(settings, where)
    return RuleTable(states, neighbourhood, symmetry, tuple(plain))


def _setting(keyword, value, settings, here):
    if keyword == "n_states:":
        if not value.isdigit() or not 2 <= int(value) <= 256:
            raise LifesimError(f"{here}: n_states must be a whole number 2..256, not {value!r}")
        return int(value)
    if keyword == "neighborhood:":
        if value not in NEIGHBOURHOODS:
            raise LifesimError(f"{here}: unsupported neighborhood {value!r}, expected one of {', '.join(NEIGHBOURHOODS)}")
        return value
    neighbourhood = settings.get("neighborhood:")
    if neighbourhood is None:
        raise LifesimError(f"{here}: expected neighborhood: before symmetries:")
    allowed = (*SYMMETRIES[neighbourhood], PERMUTE)
    if value not in allowed:
        raise LifesimError(f"{here}: unsupported symmetries {value!r} for the {neighbourhood} neighborhood, "
                           f"expected one of {', '.join(allowed)}")
    return value


def _settings(settings, here):
    missing = [k for k in _KEYWORDS if k not in settings]
    if missing:
        raise LifesimError(f"{here}: expected {', '.join(missing)} before the first variable or transition")
    return tuple(settings[k] for k in _KEYWORDS)


def _variable(line, variables, states, here):
    """(name, states) of a line ``var a={0,1,b}``: a later variable may list earlier ones."""
    tokens = [t for t in re.split(r"[=\s{},]+", line) if t]
    if len(tokens) < 3:
        raise LifesimError(f"{here}: expected 'var NAME={{state,state,...}}', not {line!r}")
    values = []
    for token in tokens[2:]:
        if token in variables:
            values.extend(variables[token])
        else:
            values.append(_state(token, states, here, line))
    return tokens[1], tuple(values)


def _state(token, states, here, line):
    if not token.isdigit():
        raise LifesimError(f"{here}: {token!r} is neither a state nor a variable defined above, in {line!r}")
    if int(token) >= states:
        raise LifesimError(f"{here}: state {token} out of range, expected 0..{states - 1}, in {line!r}")
    return int(token)


def _expand(tokens, variables, states, here):
    """The plain transitions of one line: one per combination of its bound variables' states.

    Yields ``(masks, next state)``. Golly's order: the bound variables sorted by name, the first
    changing fastest.
    """
    line = ",".join(tokens)
    counts = {t: tokens.count(t) for t in tokens if t in variables}
    bound = sorted(t for t, n in counts.items() if n > 1)
    output = tokens[-1]
    if output not in bound and not (output in variables and len(variables[output]) == 1):
        if output in variables:
            raise LifesimError(f"{here}: the next state {output!r} is a variable of several states named only once; "
                               "expected a state, a one-state variable or a variable bound in this transition")
        _state(output, states, here, line)
    choices = [variables[name] for name in reversed(bound)]  # product varies its last fastest
    for combo in itertools.product(*choices):
        value = dict(zip(reversed(bound), combo))
        masks = []
        for token in tokens[:-1]:
            if token in value:
                masks.append(1 << value[token])
            elif token in variables:
                masks.append(sum(1 << s for s in set(variables[token])))
            else:
                masks.append(1 << _state(token, states, here, line))
        nxt = value[output] if output in value else (variables[output][0] if output in variables else int(output))
        yield tuple(masks), nxt


def _permuted(masks):
    """The images of ``masks`` under every order of the neighbours (the cell itself stays first)."""
    for rest in _distinct_permutations(masks[1:]):
        yield (masks[0],) + rest
