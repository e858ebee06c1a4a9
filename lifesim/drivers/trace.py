"""One cell's conversation with a fake environment: drive a coroutine, check it, record it.

The drivers' interpreter (``drivers/_loop.py``) is tuned for whole grids and keeps no record.
The rule sandbox and the rule compiler need the opposite: one cell at a time, every request
and reply kept, and errors that say what was yielded and what was expected. ``converse`` is
that slow, talkative interpreter; it enforces the same protocol (docs/protocol.md).
"""

import operator
import random

from lifesim.errors import CellError, LifesimError, ProtocolError
from lifesim.protocol import (
    ALIVE, EMPTY, STEP_BUDGET, Neighborhood, Query, Transition, bad_radius, bad_transition, bad_yield,
    finished_without_transition, no_transition, not_a_generator, too_far,
)

# Where a rule is probed (rule compilation, rule check, the plane's checks): PROBE first, and
# other cells whose answers must agree with it. Odd and even, zero and large coordinates catch
# rules that look at their own position.
PROBE = (37, 23)
ELSEWHERE = ((0, 0), (1, 2), (2, 1), (8, 8), (1000, 999))
NEIGHBOURHOODS = 12  # random neighbourhoods shown to every probed cell by ``unsteadiness``
# What ``unsteadiness`` costs, in cell conversations: EMPTY, ALIVE and the random fills, each at
# every probed cell twice.
UNSTEADINESS_CONVERSATIONS = (2 + NEIGHBOURHOODS) * (1 + len(ELSEWHERE)) * 2


def converse(cell, y, x, answer, radius, states, log=None, budget=STEP_BUDGET, where=None):
    """Drive ``cell(y, x)`` to its Transition and return the next state (an int).

    answer: ``answer(dy, dx) -> state``, the state of the cell at offset (dy, dx) from (y, x).
    log: if a list, every exchange is appended to it as ``(request, reply)``; the reply of a
        Transition is None.
    where: if a list, the source line each request was yielded from is appended to it, one per
        exchange as ``log`` has them: ``(file name, line number)`` (see ``yielded_at``).
    Raises ProtocolError (naming the cell, the value yielded and what was expected) or
    CellError (the rule raised; the message quotes the rule's own line).
    """
    coroutine = _start(cell, y, x)
    result = None
    try:
        item = _resume(coroutine, None, y, x)
        for _ in range(budget):
            if item is _FINISHED:
                if result is None:
                    raise ProtocolError(y, x, finished_without_transition(y, x))
                return result
            reply = _reply(item, y, x, answer, radius, states, result)
            if log is not None:
                log.append((item, reply))
            if where is not None:
                where.append(yielded_at(coroutine))
            if type(item) is Transition:
                result = operator.index(item.state)
            item = _resume(coroutine, reply, y, x)
        raise ProtocolError(y, x, no_transition(budget))
    finally:
        coroutine.close()


_FINISHED = object()


def yielded_at(coroutine):
    """(file name, line number) where a suspended coroutine stands: the innermost generator's
    when it delegates with ``yield from``; None when no Python frame can say (it finished, or
    a generator written in C)."""
    while getattr(getattr(coroutine, "gi_yieldfrom", None), "gi_frame", None) is not None:
        coroutine = coroutine.gi_yieldfrom
    frame = getattr(coroutine, "gi_frame", None)
    return (frame.f_code.co_filename, frame.f_lineno) if frame is not None else None


def _start(cell, y, x):
    try:
        coroutine = cell(y, x)
    except Exception as exc:
        raise CellError(y, x, exc) from exc
    why = not_a_generator(coroutine, y, x)
    if why:
        raise ProtocolError(y, x, why)
    return coroutine


def _resume(coroutine, value, y, x):
    """The coroutine's next request, or _FINISHED; its own exceptions become a CellError.

    Only exceptions raised *inside* the coroutine are the rule's: errors of the environment
    (``answer``) pass through unchanged.
    """
    try:
        return coroutine.send(value)
    except StopIteration:
        return _FINISHED
    except LifesimError:
        raise
    except Exception as exc:
        raise CellError(y, x, exc) from exc


def _reply(item, y, x, answer, radius, states, result):
    """The environment's answer to one request, after checking it against the protocol."""
    kind = type(item)
    if kind is Query or kind is Neighborhood:
        why = (kind is Neighborhood and bad_radius(item)) or too_far(item, y, x, radius)
        if why:
            raise ProtocolError(y, x, why)
        dy, dx = item.y - y, item.x - x
        if kind is Query:
            return answer(dy, dx)
        r = operator.index(item.radius)
        return [answer(dy + i, dx + j) for i in range(-r, r + 1) for j in range(-r, r + 1)]
    if kind is Transition:
        why = bad_transition(item, y, x, states, result is not None)
        if why:
            raise ProtocolError(y, x, why)
        return None
    raise ProtocolError(y, x, bad_yield(item))


def birth_from_nothing(rule):
    """(cell, state) where ``rule`` turns an EMPTY cell with only EMPTY neighbours into ``state``
    != EMPTY (a B0 rule), at PROBE or an ELSEWHERE cell; None when it does nowhere."""
    for where in (PROBE,) + ELSEWHERE:
        state = converse(rule.cell, *where, lambda dy, dx: EMPTY, rule.radius, rule.states)
        if state != EMPTY:
            return where, state
    return None


def unsteadiness(rule, seed=0):
    """Why ``rule`` is not deterministic and position-independent, or None if it seems to be.

    Shows PROBE and every ELSEWHERE cell, twice each, the same neighbourhoods: all EMPTY, all
    ALIVE, and NEIGHBOURHOODS random ones; each must give one next state everywhere. Tracing
    can show a rule unsteady, never prove it steady: a rule that differs only elsewhere passes.
    """
    rng = random.Random(seed)
    fills = [lambda: EMPTY, lambda: ALIVE] + [lambda: rng.randrange(rule.states)] * NEIGHBOURHOODS
    for fill in fills:
        made_up = {}  # (dy, dx) -> state: one neighbourhood, the same for every cell

        def answer(dy, dx):
            if (dy, dx) not in made_up:
                made_up[(dy, dx)] = fill()
            return made_up[(dy, dx)]

        first = None
        for where in (PROBE,) + ELSEWHERE:
            for _ in range(2):
                state = converse(rule.cell, *where, answer, rule.radius, rule.states)
                if first is None:
                    first = where, state
                elif state != first[1]:
                    return (f"the same neighbourhood gave state {first[1]} at cell {first[0]} "
                            f"and state {state} at cell {where}")
    return None


def state_name(state):
    """'EMPTY', 'ALIVE' or the number: how the textbook prints a reply."""
    return {EMPTY: "EMPTY", ALIVE: "ALIVE"}.get(state, str(state))


def format_exchange(request, reply):
    """One line of a conversation: ``Query(y=11, x=5) -> ALIVE`` or ``Transition(y=10, x=5, state=0)``."""
    if type(request) is Transition:
        return repr(request)
    if isinstance(reply, list):
        return f"{request!r} -> [{', '.join(map(str, reply))}]"
    return f"{request!r} -> {state_name(reply)}"
