"""A "Larger than Life" rule: the Moore neighbourhood of radius 2 (24 neighbours).

Larger than Life (Kellie Evans) widens Conway's rule to a (2r+1)x(2r+1) box and turns the birth
and survival sets into ranges. Here r=2: a dead cell is born with 7..8 live neighbours out of
24, a live one survives with 6..10. The coroutine asks for each of its 25 cells with a plain
Query, as the textbook does, so it runs on every driver unchanged.

    python run_life.py --seed 1 --density 0.4 --size 256x256 --rule lifesim.examples.larger:larger_than_life --driver compiled
"""

from lifesim.protocol import ALIVE, EMPTY, Query, Transition

RADIUS = 2
BIRTH = range(7, 9)
SURVIVAL = range(6, 11)


def count_box(y, x, radius):
    """Yield a Query for every cell within ``radius`` of (y, x) but itself; return the live count."""
    count = 0
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            if dy or dx:
                state = yield Query(y + dy, x + dx)
                count += state == ALIVE
    return count


def larger_than_life(y, x):
    state = yield Query(y, x)
    neighbors = yield from count_box(y, x, RADIUS)
    if state == ALIVE:
        nxt = ALIVE if neighbors in SURVIVAL else EMPTY
    else:
        nxt = ALIVE if neighbors in BIRTH else EMPTY
    yield Transition(y, x, nxt)


larger_than_life.radius = RADIUS
# Only the cell's state and its live count matter: this lets --driver compiled tabulate it by
# (state, count) instead of trying all 2**25 neighbourhoods.
larger_than_life.totalistic = True
