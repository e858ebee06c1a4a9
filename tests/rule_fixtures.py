"""Rules the tests share, written as cell coroutines: clean ones, and each way of breaking the protocol.

The sandbox tests load them by file path (``rule check tests/rule_fixtures.py:garbage``), as a
user names a rule file; the other tests import them. Each is probed at cell (y, x).
"""

import random

from lifesim import TICK, Neighborhood, Query, Transition

MOORE = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx]


# Clean -----------------------------------------------------------------------------------------

def highlife(y, x):
    own = yield Query(y, x)
    n = 0
    for dy, dx in MOORE:
        n += yield Query(y + dy, x + dx)
    yield Transition(y, x, int(n in (2, 3) if own else n in (3, 6)))


def logic(state, neighbors):
    return 1 if neighbors == 3 or (state and neighbors == 2) else 0


def born_of_one_von_neumann(y, x):
    """Lives when exactly one of its 4 von Neumann neighbours does (B1/S1V)."""
    n = 0
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        n += yield Query(y + dy, x + dx)
    yield Transition(y, x, int(n == 1))


def wide(y, x):
    """Radius 2 and not declared totalistic: 2**25 neighbourhoods, too many to tabulate."""
    total = 0
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            total += yield Query(y + dy, x + dx)
    yield Transition(y, x, int(total in (7, 8)))


wide.radius = 2


# Clean, but no table can hold them ------------------------------------------------------------

def coin(y, x):
    yield Query(y, x)
    yield Transition(y, x, random.randint(0, 1))


def stripes(y, x):
    yield Query(y, x)
    yield Transition(y, x, x % 2)


# Protocol violations ------------------------------------------------------------------------

def garbage(y, x):
    yield Query(y, x)
    yield "hello"


def bad_state(y, x):
    yield Transition(y, x, 5)


def other_cell(y, x):
    yield Transition(y + 1, x, 0)


def twice(y, x):
    yield Transition(y, x, 0)
    yield Transition(y, x, 0)


def never(y, x):
    yield Query(y, x)


def forever(y, x):
    while True:
        yield Query(y, x)


def too_far(y, x):
    yield Query(y - 2, x)
    yield Transition(y, x, 0)


def float_radius(y, x):
    block = yield Neighborhood(y, x, 1.0)
    yield Transition(y, x, block[4])


def float_state(y, x):
    yield Transition(y, x, 1.0)


def ticks(y, x):
    yield TICK


def crash(y, x):
    n = yield Query(y, x)
    yield Transition(y, x, 1 // (n - n))  # the rule's own line


# Rules that record the cells they are stepped at (the skipping tests of the plane and of grids)

STEPPED = []  # cells whose coroutine the rules below were asked for


def counted_life(y, x):
    """Life, recording each cell it is asked for."""
    STEPPED.append((y, x))
    block = yield Neighborhood(y, x, 1)
    alive, n = block[4], sum(block) - block[4]
    yield Transition(y, x, int(n == 3 or (alive and n == 2)))


def crowded_even_rows_live(y, x):
    """Position-dependent: Life, but a live cell with 8 live neighbours survives in even rows."""
    STEPPED.append((y, x))
    block = yield Neighborhood(y, x, 1)
    alive, n = block[4], sum(block) - block[4]
    yield Transition(y, x, int(n == 3 or (alive and n == 2) or (alive and n == 8 and y % 2 == 0)))
