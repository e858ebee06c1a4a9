"""A rule that weighs its neighbours differently: orthogonal neighbours count 2, diagonal ones 1.

The weighted sum runs 0..12. A dead cell is born at weight 5 or 6, a live cell survives at
weight 4..6 (roughly Life's thresholds doubled, with the nearer cells counting more). No
B/S rulestring can say this, because two cells with the same number of live neighbours can
have different weights; the compiled driver still tabulates it, over all 512 neighbourhoods.
"""

from lifesim.protocol import ALIVE, EMPTY, Query, Transition

WEIGHTS = {(-1, -1): 1, (-1, 0): 2, (-1, 1): 1,
           (0, -1): 2, (0, 1): 2,
           (1, -1): 1, (1, 0): 2, (1, 1): 1}
BIRTH = (5, 6)
SURVIVAL = (4, 5, 6)


def weighted(y, x):
    state = yield Query(y, x)
    weight = 0
    for (dy, dx), w in WEIGHTS.items():
        neighbour = yield Query(y + dy, x + dx)
        if neighbour == ALIVE:
            weight += w
    alive = weight in (SURVIVAL if state == ALIVE else BIRTH)
    yield Transition(y, x, ALIVE if alive else EMPTY)
