"""Brian's Brain, a Generations rule (B2/S/C3), written as a coroutine with three states.

States: 0 off, 1 firing, 2 refractory. An off cell fires when exactly two of its eight
neighbours are firing; a firing cell always becomes refractory; a refractory cell turns off.
Only *firing* neighbours count, so the cell asks for its whole 3x3 block in one batched
``Neighborhood`` request and counts the 1s. ``states = 3`` tells lifesim there are three states.
"""

from lifesim.protocol import ALIVE, EMPTY, Neighborhood, Transition

FIRING, REFRACTORY = ALIVE, 2


def brians_brain(y, x):
    block = yield Neighborhood(y, x, 1)  # 9 states, row-major: block[4] is the cell itself
    state = block[4]
    if state == EMPTY:
        firing = block.count(FIRING)  # the cell itself is EMPTY, so this counts neighbours only
        nxt = FIRING if firing == 2 else EMPTY
    elif state == FIRING:
        nxt = REFRACTORY
    else:
        nxt = EMPTY
    yield Transition(y, x, nxt)


brians_brain.states = 3
