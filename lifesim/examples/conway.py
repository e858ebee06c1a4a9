"""Conway's Game of Life exactly as the textbook writes it: nine Queries, a logic function, a Transition.

This is the shape every other example grows from. ``step_cell`` asks for its own state, lets
``count_neighbors`` ask for the eight around it, and yields its next state. Run it with
``--rule lifesim.examples.conway:step_cell``; ``python run_life.py rule check`` recognises it
as B3/S23 and the compiled driver runs it as fast as a numpy rule.
"""

from lifesim.protocol import ALIVE, EMPTY, Query, Transition


def count_neighbors(y, x):
    """Yield a Query for each of the 8 neighbours of (y, x); return how many are ALIVE."""
    n_ = yield Query(y + 1, x + 0)  # North
    ne = yield Query(y + 1, x + 1)  # Northeast
    e_ = yield Query(y + 0, x + 1)  # East
    se = yield Query(y - 1, x + 1)  # Southeast
    s_ = yield Query(y - 1, x + 0)  # South
    sw = yield Query(y - 1, x - 1)  # Southwest
    w_ = yield Query(y + 0, x - 1)  # West
    nw = yield Query(y + 1, x - 1)  # Northwest
    neighbor_states = [n_, ne, e_, se, s_, sw, w_, nw]
    count = 0
    for state in neighbor_states:
        if state == ALIVE:
            count += 1
    return count


def game_logic(state, neighbors):
    """Conway's rule: born with 3 neighbours, survives with 2 or 3."""
    if state == ALIVE:
        if neighbors < 2:
            return EMPTY  # Die: Too few
        elif neighbors > 3:
            return EMPTY  # Die: Too many
    else:
        if neighbors == 3:
            return ALIVE  # Regenerate
    return state


def step_cell(y, x):
    """One cell, one generation: Query itself, count its neighbours, yield its Transition."""
    state = yield Query(y, x)
    neighbors = yield from count_neighbors(y, x)
    next_state = game_logic(state, neighbors)
    yield Transition(y, x, next_state)
