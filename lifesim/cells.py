"""The cell coroutines: pure generators that speak the protocol, no numpy and no I/O.

``count_neighbors``, ``game_logic``, ``step_cell`` and ``simulate`` keep the textbook's shape
(Effective Python, "Consider Coroutines to Run Many Functions Concurrently"). The batched cells
below them ask for their whole neighbourhood in one ``Neighborhood`` request, because resuming a
generator is the dominant cost of a generation.
"""

from lifesim.protocol import ALIVE, EMPTY, TICK, Neighborhood, Query, Transition


def count_neighbors(y, x):
    """Yield the 8 Moore-neighbour Queries around (y, x), north first; return the live count."""
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
    """Conway's rule: the next state of a cell from its state and its live-neighbour count."""
    if state == ALIVE:
        if neighbors < 2:
            return EMPTY  # Die: Too few
        elif neighbors > 3:
            return EMPTY  # Die: Too many
    else:
        if neighbors == 3:
            return ALIVE  # Regenerate
    return state


def step_cell(y, x, logic=game_logic):
    """Query the cell itself, count its neighbours, yield its Transition under ``logic``."""
    state = yield Query(y, x)
    neighbors = yield from count_neighbors(y, x)
    next_state = logic(state, neighbors)
    yield Transition(y, x, next_state)


def simulate(height, width, step=step_cell):
    """Forever: ``yield from step(y, x)`` for every cell in row-major order, then ``TICK``."""
    while True:
        for y in range(height):
            for x in range(width):
                yield from step(y, x)
        yield TICK


def lifelike_cell(table, y, x):
    """A two-state Moore cell in one request.

    ``table[state][total]`` is the next state, where ``total`` counts the live cells of the whole
    3x3 block, the cell itself included (so it runs 0..9).
    """
    block = yield Neighborhood(y, x, 1)
    yield Transition(y, x, table[block[4]][sum(block)])


def generations_cell(birth, survival, states, y, x):
    """A Generations cell (states 0..states-1): only state 1 counts as a live neighbour.

    An empty cell is born with a count in ``birth``; a live cell stays with a count in
    ``survival``, else starts dying; dying states advance by one each generation back to 0.
    """
    block = yield Neighborhood(y, x, 1)
    state = block[4]
    if state == EMPTY:
        nxt = ALIVE if block.count(ALIVE) in birth else EMPTY
    elif state == ALIVE:
        nxt = ALIVE if block.count(ALIVE) - 1 in survival else (2 % states)
    else:
        nxt = (state + 1) % states
    yield Transition(y, x, nxt)
