"""Fredkin's replicator on the von Neumann neighbourhood: a cell's next state is the parity of
its four orthogonal neighbours (north, south, east, west); its own state does not matter.

Every pattern on a torus reappears as copies of itself after a power-of-two number of
generations. The coroutine asks for just four cells, so ``rule check`` draws a plus sign and
names it B13/S13V (Golly's V suffix for the von Neumann neighbourhood).
"""

from lifesim.protocol import ALIVE, Query, Transition

ORTHOGONAL = ((-1, 0), (1, 0), (0, -1), (0, 1))


def fredkin(y, x):
    live = 0
    for dy, dx in ORTHOGONAL:
        state = yield Query(y + dy, x + dx)
        live += state == ALIVE
    yield Transition(y, x, live % 2)
