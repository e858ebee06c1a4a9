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


# Checks both interpreters (drivers/_loop.py on its error path, trace.py always) share, so that a
# rule breaks with the same words on every driver and in ``rule check``.

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


def not_a_generator(value, y, x):
    """Why ``value``, what ``cell(y, x)`` returned, cannot be driven as a coroutine, or None."""
    if hasattr(value, "send"):
        return None
    return (f"cell({y}, {x}) returned {value!r:.60}; expected a generator "
            "(a function that yields Query and Transition)")


# A cell that has not yielded its Transition after this many requests is taken to loop forever;
# the drivers' loop and ``trace`` (rule check) both hold cells to it.
STEP_BUDGET = 10_000
