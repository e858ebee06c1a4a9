"""The coroutine protocol: the requests a cell yields and the states they speak of.

A cell coroutine yields ``Query(y, x)`` and is sent back that cell's state in the current
generation; it yields ``Transition(y, x, state)`` once, for itself, to set its state in the next
generation. ``Neighborhood(y, x, radius)`` is the batched form of (2r+1)**2 Queries. ``TICK``
marks the end of a generation in a whole-grid stream such as ``cells.simulate``.

The requests behave like the textbook's namedtuples (fields by name, unpacking, indexing,
equality with tuples, pickling) but are ``__slots__`` classes: a cell builds one per yield, and
building a slots instance costs about half what building a namedtuple does.
"""

import operator
from enum import Enum

EMPTY = 0
ALIVE = 1


class _Request:
    """Shared behaviour of the request types: a fixed record of small ints, like a namedtuple."""

    __slots__ = ()
    _fields = ()

    def _values(self):
        return tuple(getattr(self, f) for f in self._fields)

    def __iter__(self):
        return iter(self._values())

    def __len__(self):
        return len(self._fields)

    def __getitem__(self, index):
        return self._values()[index]

    def __eq__(self, other):
        if isinstance(other, _Request):
            return type(other) is type(self) and other._values() == self._values()
        if isinstance(other, tuple):
            return self._values() == other
        return NotImplemented

    def __hash__(self):
        return hash(self._values())

    def __repr__(self):
        fields = ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields)
        return f"{type(self).__name__}({fields})"

    def __reduce__(self):
        return (type(self), self._values())


# Requests are values: nothing changes one after it is built. They are not frozen by a
# __setattr__ hook because that hook would double the cost of building them.


class Query(_Request):
    """Ask for the state of cell (y, x) in the current generation; answered with ``send(state)``."""

    __slots__ = ("y", "x")
    _fields = ("y", "x")

    def __init__(self, y, x):
        self.y = y
        self.x = x


class Transition(_Request):
    """Declare that cell (y, x) has ``state`` in the next generation; answered with ``next()``."""

    __slots__ = ("y", "x", "state")
    _fields = ("y", "x", "state")

    def __init__(self, y, x, state):
        self.y = y
        self.x = x
        self.state = state


class Neighborhood(_Request):
    """Ask for the (2r+1)x(2r+1) block of states centred on (y, x), as a row-major list of ints."""

    __slots__ = ("y", "x", "radius")
    _fields = ("y", "x", "radius")

    def __init__(self, y, x, radius=1):
        self.y = y
        self.x = x
        self.radius = radius


class _Tick(Enum):
    # An Enum member is a singleton that survives pickling, unlike a bare object().
    TICK = "TICK"

    def __repr__(self):
        return "TICK"


TICK = _Tick.TICK


# Every protocol violation is worded here, once: both interpreters (drivers/_loop.py on its error
# path, trace.py always) raise ``ProtocolError(y, x, <one of these>)``, so that a rule breaks with
# the same words on every driver and in ``rule check``. The words say what was yielded and what
# was expected, because ``rule check`` shows them to the rule's author as they are.
# The checks return the message, or None where ``item`` is fine.

_EXPECTED = "expected Query(y, x), Neighborhood(y, x, r) or Transition(y, x, state)"

def bad_radius(item):
    """Why Neighborhood ``item`` has no usable radius (not a whole number >= 0), or None."""
    try:
        r = operator.index(item.radius)
    except TypeError:
        return f"{item!r}: radius {item.radius!r} is not a whole number"
    return f"{item!r}: radius {r} is negative" if r < 0 else None


def bad_state(item, states):
    """Why Transition ``item``'s state is not a whole number (1.0, '1', None), or None if it is one."""
    try:
        operator.index(item.state)
    except TypeError:
        return f"{item!r}: state {item.state!r} is not a whole number; expected one of the rule's states 0..{states - 1}"
    return None


def too_far(item, y, x, radius):
    """Why Query or Neighborhood ``item`` reads a cell farther than ``radius`` from (y, x), or None.

    A Neighborhood's radius must have passed ``bad_radius``.
    """
    r = operator.index(item.radius) if type(item) is Neighborhood else 0
    try:
        dy, dx = abs(item.y - y), abs(item.x - x)
    except TypeError:  # coordinates that are no numbers: no distance to tell
        return f"{item!r} names no cell within the rule's radius {radius} of ({y}, {x})"
    if dy + r <= radius and dx + r <= radius:  # not max(dy, dx): a NaN must fail here too
        return None
    reach = max(dy, dx) + r
    return (f"{item!r} reaches {reach} cells from ({y}, {x}), farther than the rule's radius {radius}; "
            f"expected requests within {radius} (set cell.radius = {reach} if the rule should look that far)")


def bad_transition(item, y, x, states, again):
    """Why Transition ``item`` from cell (y, x) is refused, or None; ``again``: it already transitioned."""
    if again:
        return (f"a second Transition {item!r}; expected the coroutine to finish after its one Transition "
                "(a cell transitions once per generation)")
    if (item.y, item.x) != (y, x):
        return (f"{item!r} is for another cell; expected Transition(y={y}, x={x}, state=...): "
                "a cell may only set its own state")
    why = bad_state(item, states)
    if why or 0 <= operator.index(item.state) < states:
        return why
    return (f"{item!r}: state {item.state!r} is not one of the rule's states; expected a whole number "
            f"0..{states - 1} (set cell.states = N for a rule with N states)")


def bad_yield(item):
    """Why a cell may not yield ``item``, something that is no Query, Neighborhood or Transition."""
    if item is TICK:
        return f"yielded TICK; {_EXPECTED}: only a whole-grid stream such as simulate() yields TICK"
    return f"yielded {item!r}; {_EXPECTED}"


def finished_without_transition(y, x):
    """Why cell (y, x)'s coroutine may not return before its Transition."""
    return (f"the coroutine finished without yielding a Transition; "
            f"expected exactly one Transition(y={y}, x={x}, state=...)")


def no_transition(budget):
    """Why a cell still without a Transition after ``budget`` requests is stopped."""
    return (f"no Transition after {budget} requests; expected one Transition(y, x, state) "
            "(does the cell loop forever?)")


def not_a_generator(value, y, x):
    """Why ``value``, what ``cell(y, x)`` returned, cannot be driven as a coroutine, or None."""
    if hasattr(value, "send"):
        return None
    return (f"cell({y}, {x}) returned {value!r:.60}; expected a generator "
            "(a function that yields Query and Transition)")


# A cell that has not yielded its Transition after this many requests is taken to loop forever;
# the drivers' loop and ``trace`` (rule check) both hold cells to it.
STEP_BUDGET = 10_000
