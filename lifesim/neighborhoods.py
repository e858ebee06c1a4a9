"""The neighbourhoods rulestrings name: which cells around a cell count as its neighbours.

A neighbourhood of radius r is a set of (dy, dx) offsets inside the (2r+1)x(2r+1) block that a
``Neighborhood(y, x, r)`` request answers (row-major, y grows downward), never the cell itself:

- ``moore``: the whole block (Golly's NM; ``B3/S23``);
- ``vonneumann``: |dy| + |dx| <= r (Golly's ``V`` suffix and NN);
- ``hexagonal``: the block without the corners where dy and dx differ in sign, so that
  max(|dy|, |dx|, |dy - dx|) <= r: Golly's ``H`` suffix emulates a hexagonal grid this way
  (at r = 1 it drops NE and SW);
- ``circular``: Euclidean distance from the cell below r + 1/2 (Golly's NC).
"""

from lifesim.errors import LifesimError

_INSIDE = {
    "moore": lambda dy, dx, r: True,
    "vonneumann": lambda dy, dx, r: abs(dy) + abs(dx) <= r,
    "hexagonal": lambda dy, dx, r: abs(dy - dx) <= r,
    "circular": lambda dy, dx, r: 4 * (dy * dy + dx * dx) < (2 * r + 1) ** 2,
}

KINDS = tuple(_INSIDE)


def offsets(kind, radius):
    """The (dy, dx) neighbours of a cell, row-major, without (0, 0): a tuple of int pairs."""
    if kind not in _INSIDE:
        raise LifesimError(f"unknown neighbourhood {kind!r}: expected one of {', '.join(KINDS)}")
    inside = _INSIDE[kind]
    return tuple((dy, dx) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)
                 if (dy or dx) and inside(dy, dx, radius))


def block_mask(kind, radius):
    """A tuple of (2r+1)**2 ints, 1 where the row-major block cell is a neighbour, else 0."""
    chosen = set(offsets(kind, radius))
    return tuple(int((dy, dx) in chosen) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1))


def size(kind, radius):
    """How many neighbours (the cell itself not counted)."""
    return len(offsets(kind, radius))
