"""The cell coroutines: pure generators that speak the protocol, no numpy and no I/O.

``count_neighbors``, ``game_logic``, ``step_cell`` and ``simulate`` keep the textbook's shape
(Effective Python, "Consider Coroutines to Run Many Functions Concurrently"). The batched cells
below them ask for their whole neighbourhood in one ``Neighborhood`` request, because resuming a
generator is the dominant cost of a generation.
"""

from itertools import compress

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


def map_cell(table, states, y, x):
    """A radius-1 cell that looks its 3x3 block up in a MAP table (Hensel, MAP, Generations).

    ``table``: ``bytes`` of 512, 1 where the block's centre lives next (index: block cell k is
    bit 8 - k, see ``lifesim.maprules``). Only state 1 is a live neighbour; with ``states`` > 2
    a live cell the table kills starts dying, and dying states advance by one back to 0.
    """
    block = yield Neighborhood(y, x, 1)
    state = block[4]
    if state > ALIVE:
        yield Transition(y, x, (state + 1) % states)
        return
    if states > 2:
        block = [s == ALIVE for s in block]
    b0, b1, b2, b3, b4, b5, b6, b7, b8 = block
    lives = table[b0 << 8 | b1 << 7 | b2 << 6 | b3 << 5 | b4 << 4 | b5 << 3 | b6 << 2 | b7 << 1 | b8]
    yield Transition(y, x, ALIVE if lives else (2 % states if state else EMPTY))


def count_cell(radius, mask, born, stays, states, y, x):
    """An outer-totalistic cell of any neighbourhood and radius (V, H, Larger than Life).

    ``mask``: None for the whole (2r+1)x(2r+1) block, else a tuple of that many 0/1 marking
    the neighbours (row-major, the centre 0). ``born[n]`` / ``stays[n]``: the next state of a
    cell in state 0 / 1 with ``n`` live (state 1) neighbours; dying states (2..states-1)
    advance by one back to 0.
    """
    block = yield Neighborhood(y, x, radius)
    state = block[len(block) >> 1]
    if state > ALIVE:
        yield Transition(y, x, (state + 1) % states)
        return
    if mask is None:
        n = block.count(ALIVE) - state
    else:
        n = list(compress(block, mask)).count(ALIVE)
    yield Transition(y, x, (stays if state else born)[n])
