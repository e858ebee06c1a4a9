"""Von Neumann's 29-state cellular automaton and its two 32-state extensions, as Golly's JvN
algorithm runs them (Help: Algorithms/JvN.html): ``JvN29``, ``Nobili32`` and ``Hutton32``.

A cell's next state depends on its own state and its four von Neumann neighbours (north, east,
south, west). The states, numbered as Golly numbers them (and as its RLE letters spell them:
``.`` = 0, ``A`` = 1 .. ``X`` = 24, ``pA`` = 25 .. ``pG`` = 31):

| state | name | meaning |
| --- | --- | --- |
| 0 | U | ground: unexcitable, the background |
| 1..8 | S, S0, S1, S00, S01, S10, S11, S000 | sensitized: a cell being built, named by the bits it has received |
| 9..12 | ordinary transmission east, north, west, south | quiescent; it points at the neighbour it feeds |
| 13..16 | the same, excited | it sends an ordinary signal to the cell it points at |
| 17..20 | special transmission east, north, west, south | quiescent |
| 21..24 | the same, excited | it sends a special signal |
| 25..28 | C00, C01, C10, C11 | confluent: excited now?, excited next generation? |
| 29..31 | crossing east-west, north-south, both | Nobili32, Hutton32: passing signals across |

An excited confluent state (C10, C11) feeds every transmission neighbour not pointing into it; a
crossing state, passing ordinary signals straight across, feeds those on its excited axis.

The three rules (von Neumann's, as Renato Nobili and Tim Hutton describe them in Golly's
patterns, ``Patterns/Self-Rep/JvN``):

- **transmission**: a transmission state is excited next generation when an excited
  transmission state of its own kind points at it, or an excited confluent state touches it,
  except from the cell it points at; an excited transmission state of the other kind pointing
  at it destroys it (back to U);
- **confluent**: a confluent state becomes excited (one generation later: C00 -> C01 -> C10)
  when every ordinary transmission state pointing at it is excited (an AND gate), and an excited
  special one destroys it;
- **construction**: U pointed at by an excited transmission state becomes S; a sensitized
  state takes one bit a generation (excited input or not) until its bits name a state:
  ``S0000`` ordinary east, ``S0001`` ordinary north, ``S001`` ordinary west, ``S010`` ordinary
  south, ``S011`` special east, ``S100`` special north, ``S101`` special west, ``S110`` special
  south, ``S111`` C00;
- **Nobili32** adds the crossing states, and a confluent state with no transmission state to
  feed keeps its excitation instead of passing it on;
- **Hutton32** keeps Nobili32's states but changes construction (Hutton-replicator.rle): an
  ordinary wire writes and retracts cells by itself (its end holds the bit being written as an
  excited ordinary or special state), sensitized cells turn relative to the arrow feeding them,
  a special line builds only ordinary states pointing on, and a crossing needs two inputs and two
  outputs of either kind. Where Hutton's description and Golly's rule part (an ordinary signal
  still destroys a quiescent special arrow), and in Golly's unguarded corners of it (a
  sensitized cell with no arrow feeding it), Golly's rule is followed, so that every
  neighbourhood gives the state bgolly gives.

``next_state(family, state, north, east, south, west)`` is the rule as a pure function;
``jvn_cell`` the cell coroutine that asks its 3x3 block in one ``Neighborhood`` and answers from
it, remembering the neighbourhoods it has seen; ``table(family)`` every neighbourhood's answer
as one numpy array (29^5 or 32^5 entries, composed from next_state's answers in about a
second), from which the compiled and hashlife drivers step these rules.
"""

import functools
import itertools
import operator
from dataclasses import dataclass

from lifesim.protocol import Neighborhood, Transition

# --- the states ----------------------------------------------------------------------------------

U = 0
S, S0, S1, S00, S01, S10, S11, S000 = range(1, 9)
C00, C01, C10, C11 = range(25, 29)
CROSSING_EW, CROSSING_NS, CROSSING_BOTH = range(29, 32)

# Directions in Golly's order of the transmission states; a direction's axis is ``d & 1``
# (0: east-west, 1: north-south), and the opposite direction is ``d ^ 2``.
EAST, NORTH, WEST, SOUTH = range(4)
ORDINARY, SPECIAL = 0, 1  # kinds of transmission state

STATE_NAMES = ("U", "S", "S0", "S1", "S00", "S01", "S10", "S11", "S000",
               *(f"{kind}{d}{excited}" for kind in "OS" for excited in ("", "*") for d in "ENWS"),
               "C00", "C01", "C10", "C11", "CrossEW", "CrossNS", "CrossBoth")
FAMILIES = {"JvN29": 29, "Nobili32": 32, "Hutton32": 32}  # name -> states
# Golly reads the names in any case, and the names its first versions used.
_SPELLINGS = {name.lower(): name for name in FAMILIES} | {"jvn-29": "JvN29", "jvn-32": "Nobili32",
                                                           "modjvn-32": "Hutton32"}


@dataclass(frozen=True)
class Arrow:
    """A transmission state: its kind (ORDINARY or SPECIAL), the direction it points, and whether
    it is excited."""

    kind: int
    direction: int
    excited: bool

    @property
    def state(self):
        return 9 + 8 * self.kind + 4 * self.excited + self.direction


def arrow(kind, direction, excited=False):
    """The state of a transmission state (direction taken modulo 4)."""
    return Arrow(kind, direction % 4, bool(excited)).state


ARROWS = {a.state: a for a in (Arrow(k, d, e) for k in (ORDINARY, SPECIAL) for e in (False, True) for d in range(4))}
# A confluent state as (excited now, excited next), and back.
CONFLUENT_BITS = {C00: (0, 0), C01: (0, 1), C10: (1, 0), C11: (1, 1)}
CONFLUENT = {bits: state for state, bits in CONFLUENT_BITS.items()}
# The crossing state passing an excited signal (east-west?, north-south?); neither: C00.
CROSSING = {(False, False): C00, (True, False): CROSSING_EW, (False, True): CROSSING_NS, (True, True): CROSSING_BOTH}
# The axes along which an excited confluent or crossing state feeds its neighbours.
EMITS = {C10: (0, 1), C11: (0, 1), CROSSING_EW: (0,), CROSSING_NS: (1,), CROSSING_BOTH: (0, 1)}
# Construction, JvN29 and Nobili32: U or a sensitized state -> (next without, next with an excited input).
GROWTH = {
    U: (U, S), S: (S0, S1), S0: (S00, S01), S1: (S10, S11),
    S00: (S000, arrow(ORDINARY, WEST)), S01: (arrow(ORDINARY, SOUTH), arrow(SPECIAL, EAST)),
    S10: (arrow(SPECIAL, NORTH), arrow(SPECIAL, WEST)), S11: (arrow(SPECIAL, SOUTH), C00),
    S000: (arrow(ORDINARY, EAST), arrow(ORDINARY, NORTH)),
}


# --- what a cell sees ------------------------------------------------------------------------------

def _incoming(around):
    """(where, Arrow) of each transmission neighbour pointing at the cell; ``around`` holds the
    neighbours by direction (east, north, west, south), ``where`` is the neighbour's direction."""
    found = []
    for where, state in enumerate(around):
        a = ARROWS.get(state)
        if a is not None and a.direction == where ^ 2:
            found.append((where, a))
    return found


def _outgoing(around):
    """The directions of the transmission neighbours that do not point at the cell."""
    return [where for where, state in enumerate(around) if state in ARROWS and ARROWS[state].direction != where ^ 2]


def _feeding_confluents(around, skip=None):
    """Whether an excited confluent or crossing neighbour (other than at ``skip``) feeds the cell."""
    return any(where & 1 in EMITS.get(state, ()) for where, state in enumerate(around) if where != skip)


# --- JvN29 and Nobili32 ----------------------------------------------------------------------------

def _classic(nobili, state, around):
    """von Neumann's rule (Nobili's with ``nobili``)."""
    incoming = _incoming(around)
    if state in GROWTH:
        return GROWTH[state][any(a.excited for _, a in incoming)]
    me = ARROWS.get(state)
    if me is not None:
        return _transmission(me, incoming, around)
    return _confluent(nobili, state, incoming, around)


def _transmission(me, incoming, around):
    if any(a.excited and a.kind != me.kind for _, a in incoming):
        return U  # the other kind's signal destroys it, even from the cell it points at
    fed = any(a.excited for where, a in incoming if where != me.direction)
    return arrow(me.kind, me.direction, fed or _feeding_confluents(around, skip=me.direction))


def _confluent(nobili, state, incoming, around):
    if any(a.excited and a.kind == SPECIAL for _, a in incoming):
        return U
    ordinary = [(where, a.excited) for where, a in incoming if a.kind == ORDINARY]
    outputs = _outgoing(around)
    if nobili and {w & 1 for w, _ in ordinary} == {w & 1 for w in outputs} == {0, 1}:
        return CROSSING[tuple(any(e for w, e in ordinary if w & 1 == axis) for axis in (0, 1))]
    now, after = CONFLUENT_BITS.get(state, (0, 0))  # a crossing no longer crossed is C00 again
    if ordinary and all(e for _, e in ordinary):
        return CONFLUENT[after, 1]
    if outputs or not nobili:
        return CONFLUENT[after, 0]
    return CONFLUENT[now, after]  # Nobili32: nothing to feed, so it keeps its excitation


# --- Hutton32 --------------------------------------------------------------------------------------

def _sends(state, around, kind, arrows_only=False):
    """Whether an excited transmission state of ``kind`` points at the cell (or, unless
    ``arrows_only``, an excited confluent or crossing state feeds it); when the cell is itself a
    transmission state of ``kind``, the cell it points at does not count."""
    me = ARROWS.get(state)
    skip = me.direction if me is not None and me.kind == kind else None
    if any(a.excited and a.kind == kind for where, a in _incoming(around) if where != skip):
        return True
    return not arrows_only and _feeding_confluents(around, skip)


def _source(around):
    """The first excited transmission state pointing at the cell from the west, south, east,
    then north (the one a sensitized cell takes its direction from), or None."""
    excited = {where: a for where, a in _incoming(around) if a.excited}
    return next((excited[w] for w in (WEST, SOUTH, EAST, NORTH) if w in excited), None)


_QUIET_SPECIAL = {arrow(SPECIAL, d) for d in range(4)}


def _will_be_ordinary(me, front):
    return front == S000 or (front == S00 and me.excited) or (front == S01 and not me.excited)


def _will_be_confluent(me, front):
    return front == S11 and me.excited


def _stays_sensitized(me, front):
    return (front == U and me.excited) or front in (S, S0, S1) or (front == S00 and me.kind != ORDINARY)


def _hutton(state, around):
    me = ARROWS.get(state)
    if me is not None:
        front = around[me.direction]
        if me.kind == ORDINARY:
            return _hutton_ordinary(me, state, front, around)
        return _hutton_special(me, state, front, around)
    if state in GROWTH:
        return _hutton_growth(state, around)
    return _hutton_confluent(state, around)


def _hutton_ordinary(me, state, front, around):
    if _sends(state, around, SPECIAL, arrows_only=True):
        return U
    if _sends(state, around, ORDINARY):
        if _will_be_ordinary(me, front) or front in _QUIET_SPECIAL:
            return U  # write, then retract
        if _will_be_confluent(me, front):
            return S
        return arrow(ORDINARY, me.direction, True)
    if _will_be_confluent(me, front):
        return U
    if me.excited and _stays_sensitized(me, front):
        return arrow(SPECIAL, me.direction, True)  # the wire's end marks a 0 bit
    return arrow(ORDINARY, me.direction)


def _hutton_special(me, state, front, around):
    ordinary_in = _sends(state, around, ORDINARY, arrows_only=True)
    if me.excited and front in GROWTH and front != U and any(a.kind == ORDINARY for _, a in _incoming(around)):
        # the mark at the end of an ordinary wire that is writing a cell
        if _stays_sensitized(me, front):
            return arrow(ORDINARY, me.direction, True) if ordinary_in else state
        return U if ordinary_in else arrow(ORDINARY, me.direction)
    if me.excited and front == U:
        return state if _sends(state, around, SPECIAL, arrows_only=True) else arrow(SPECIAL, me.direction)
    if ordinary_in:
        return U
    return arrow(SPECIAL, me.direction, _sends(state, around, SPECIAL))


# A sensitized cell about to become a state, Hutton32: (state, excited input) -> the state it
# becomes from ``source``, the arrow feeding it (see _source), or, with no such arrow, what Golly
# makes of that.
_HUTTON_BUILT = {
    (S00, True): (lambda a: arrow(ORDINARY, a.direction + 2), None),  # reverse
    (S01, False): (lambda a: arrow(ORDINARY, a.direction + 3), S11),  # turn right
    # forward special: 4 states on from the excited arrow (from a special one: C00 + its direction)
    (S01, True): (lambda a: a.state + 4, None),
    (S10, False): (lambda a: arrow(SPECIAL, a.direction + 1), arrow(SPECIAL, EAST)),  # special, turn left
    (S10, True): (lambda a: arrow(SPECIAL, a.direction + 2), None),  # special, reverse
    (S11, False): (lambda a: arrow(SPECIAL, a.direction + 3), arrow(ORDINARY, WEST, True)),  # special, turn right
    (S000, False): (lambda a: arrow(ORDINARY, a.direction), S000),  # forward
    (S000, True): (lambda a: arrow(ORDINARY, a.direction + 1), None),  # turn left
}


def _hutton_growth(state, around):
    bit = _sends(state, around, ORDINARY, arrows_only=True)
    if state == U:
        if bit:
            return S
        source = _source(around)  # a special arrow: it builds an ordinary one pointing on
        return arrow(ORDINARY, source.direction) if source is not None else U
    built = _HUTTON_BUILT.get((state, bit))
    if built is None:
        return GROWTH[state][bit]  # still sensitized, or S111: C00
    make, unfed = built
    source = _source(around)
    return make(source) if source is not None else unfed


def _hutton_confluent(state, around):
    if _sends(state, around, SPECIAL, arrows_only=True):
        return U
    east, north, west, south = around
    crossed = (east == arrow(ORDINARY, WEST, True) or west == arrow(ORDINARY, EAST, True),
               north == arrow(ORDINARY, SOUTH, True) or south == arrow(ORDINARY, NORTH, True))
    if state in (CROSSING_EW, CROSSING_NS, CROSSING_BOTH):
        return CROSSING[crossed]
    if state == C00 and len(_incoming(around)) == 2 and len(_outgoing(around)) == 2:
        return CROSSING[crossed]
    ordinary = [a.excited for _, a in _incoming(around) if a.kind == ORDINARY]
    return CONFLUENT[CONFLUENT_BITS[state][1], int(bool(ordinary) and all(ordinary))]


# --- the rule --------------------------------------------------------------------------------------

_RULES = {
    "JvN29": functools.partial(_classic, False),
    "Nobili32": functools.partial(_classic, True),
    "Hutton32": _hutton,
}


def next_state(family, state, north, east, south, west):
    """The next state of a cell in ``state`` whose von Neumann neighbours are in those states,
    under ``family`` (``JvN29``, ``Nobili32`` or ``Hutton32``)."""
    return _RULES[family](state, (east, north, west, south))


# --- the rule as one table ---------------------------------------------------------------------------
#
# The compiled and hashlife drivers look a cell up in a table of every neighbourhood (29^5 or
# 32^5 entries). Calling next_state 20-33 million times would take a minute, so the table is
# composed instead: next_state reads a neighbour only through a few features (see _feature), so
# it is called once per cell state and combination of its neighbours' features (~100,000
# calls), and numpy spreads those answers over every neighbourhood. next_state stays the one
# source of truth; tests/test_jvn.py checks the table against it.

# The cells the table reads, k-th weighing states**k: west, south, east, north, then the cell
# itself, so that table[state * states**4:][:states**4] is one cell state's block.
TABLE_OFFSETS = ((0, -1), (1, 0), (0, 1), (-1, 0), (0, 0))
_WHERE = (WEST, SOUTH, EAST, NORTH)  # the directions of TABLE_OFFSETS' neighbours
FEATURES = 19  # the values _feature takes


def _feature(where, neighbour, front):
    """What the rules read of ``neighbour``, the cell's neighbour in direction ``where``, as a
    number in range(FEATURES): whether it is a transmission state pointing at the cell (its kind,
    whether excited) or elsewhere, an excited confluent or crossing state feeding the cell, or
    anything else; and, when it is the ``front`` of a transmission cell (the neighbour that
    cell points at: Hutton32 reads its exact state), which of U and the sensitized states it is
    and the kind and excitation of a transmission state not pointing back."""
    a = ARROWS.get(neighbour)
    if a is not None:
        if a.direction == where ^ 2:
            return 1 + 2 * a.kind + a.excited
        return 5 + (2 * a.kind + a.excited if front else 0)
    if where & 1 in EMITS.get(neighbour, ()):
        return 9
    if front and neighbour in GROWTH:
        return 10 + neighbour
    return 0


@functools.lru_cache(maxsize=None)
def table(family):
    """Every neighbourhood's next state under ``family``: a read-only ``uint8`` array of
    states**5 entries (33.5 MB for 32 states), entry ``sum(state_k * states**k)`` over
    TABLE_OFFSETS; built once per family in a process (~1 s)."""
    import numpy as np

    rule, states = _RULES[family], FAMILIES[family]
    block = states ** 4
    full = np.empty(states ** 5, np.uint8)
    weights = [FEATURES ** k for k in range(4)]
    for state in range(states):
        me = ARROWS.get(state)
        codes, representatives = [], []  # per neighbour: its feature of each state; a state of each feature
        for where in _WHERE:
            code = [_feature(where, n, me is not None and me.direction == where) for n in range(states)]
            codes.append(np.array(code, np.int32))
            representatives.append({c: code.index(c) for c in sorted(set(code))})
        answers = np.zeros(FEATURES ** 4, np.uint8)
        for picks in itertools.product(*(r.items() for r in representatives)):
            around = [0] * 4  # east, north, west, south
            for where, (_, n) in zip(_WHERE, picks):
                around[where] = n
            answers[sum(c * w for (c, _), w in zip(picks, weights))] = rule(state, tuple(around))
        # neighbour k varies fastest along axis 3 - k
        feature = sum((c * w).reshape([-1 if axis == 3 - k else 1 for axis in range(4)])
                      for k, (c, w) in enumerate(zip(codes, weights)))
        full[state * block:(state + 1) * block] = answers[feature.ravel()]
    full.flags.writeable = False
    return full


def family_of(text):
    """The family that ``text`` names (``JvN29``, ``Nobili32``, ``Hutton32``, in any case, or
    Golly's older ``JvN-29``, ``JvN-32``, ``modJvN-32``), or None."""
    return _SPELLINGS.get(text.strip().lower())


# The cell's state and its neighbours in a row-major 3x3 block: itself, north, east, south, west.
_FIVE = operator.itemgetter(4, 1, 5, 7, 3)


class Lookup:
    """A family's next state from a cell's 3x3 block (9 states, row-major), remembered per
    neighbourhood."""

    MEMO = 1 << 16  # neighbourhoods remembered; past this the memory starts again

    def __init__(self, family):
        self.family = family
        self._rule = _RULES[family]
        self._memo = {}

    def __call__(self, block):
        key = _FIVE(block)
        state = self._memo.get(key)
        if state is None:
            if len(self._memo) >= self.MEMO:
                self._memo.clear()
            state, north, east, south, west = key
            state = self._memo[key] = self._rule(state, (east, north, west, south))
        return state

    def __reduce__(self):  # the memory stays behind: a worker builds its own
        return (Lookup, (self.family,))


def jvn_cell(lookup, y, x):
    """A JvN cell: one Neighborhood request (its 3x3 block, of which it reads five cells), then
    ``lookup``'s answer (a Lookup)."""
    block = yield Neighborhood(y, x, 1)
    yield Transition(y, x, lookup(block))


# Colours by kind of state, as Golly's JvN patterns describe them (ordinary transmission blue,
# excited green; special transmission red), and the other kinds told apart; state 0 keeps the
# window's background.
_KIND_COLOURS = ((None,) + ((255, 160, 40),) * 8 + ((70, 90, 255),) * 4 + ((40, 200, 60),) * 4
                 + ((230, 40, 40),) * 4 + ((200, 70, 255),) * 4 + ((40, 210, 210),) + ((255, 200, 90),) * 3
                 + ((30, 150, 150),) * 3)


def rule_fields(family):
    """The fields of the Rule of ``family``: name and rulestring, cell, states, radius 1, the
    von Neumann neighbourhood and colours."""
    states = FAMILIES[family]
    return {"name": family, "cell": functools.partial(jvn_cell, Lookup(family)), "states": states, "radius": 1,
            "rulestring": family, "neighborhood": "vonneumann", "colours": _KIND_COLOURS[:states]}
