"""Two-state Moore rules of radius 1 on bit-packed rows: the compiled driver's rounds on the plane.

A halo tile of the plane (``Plane.work``) is at most 64 cells wide, so each of its rows fits
one ``uint64`` (bit x is column x). A generation is then a few dozen bitwise operations on all
rows of all tiles at once, whatever the rule: the live neighbours of every cell are counted in
four bit planes by adders built from AND, OR and XOR, and the next state is read from those
planes and the cell's own bit through the rule's birth and survival counts (``Planes.where``:
for Life, count 3 is ``ones & twos & ~fours`` and counts 2 or 3 ``twos & ~fours``; the eights
plane only where a rule tells 0 from 8). Each row's sum with its left and right neighbours is
made once, for the rows above and below it (measured: acorn to 5206, 0.73 s before those two,
0.55 s after). Against the uint8
kernel (one byte a cell, box sums and comparisons) a round does an eighth of the memory traffic
and the numpy calls do not grow with the tiles' width.

Each generation loses one row and one column of validity at each edge, as a halo does: a round
of k generations starts from halos k cells deep and ends with the tiles' own 32 x 32 cells.
"""

import functools

import numpy as np

WORD = 64  # cells a row can hold


def birth_survival(table):
    """(birth, survival): the live-neighbour counts (0..8, tuples) at which a dead cell is born
    and a live one stays alive, for a CompiledRule ``table`` these rows can step (two states,
    counts of live cells over the whole 3x3 block, the Moore neighbourhood); None for another."""
    if not (table.states == 2 and table.form == "counts" and len(table.offsets) == 8
            and all(max(abs(dy), abs(dx)) == 1 for dy, dx in table.offsets)):
        return None
    lut = np.asarray(table.table)
    return (tuple(n for n in range(9) if lut[0, n] == 1), tuple(n for n in range(9) if lut[1, n] == 1))


def pack(cells):
    """(M, H, W) ``uint8`` 0/1 cells, W <= 64, as (M, H) ``uint64`` rows, bit x = column x."""
    m, h, w = cells.shape
    packed = np.zeros((m, h, 8), np.uint8)
    packed[:, :, :(w + 7) // 8] = np.packbits(cells, axis=2, bitorder="little")
    return packed.view(np.uint64).reshape(m, h)


def unpack(rows, first, width):
    """Columns first..first+width-1 of (M, H) ``uint64`` rows as (M, H, width) ``uint8`` cells."""
    m, h = rows.shape
    shifted = np.ascontiguousarray(rows >> np.uint64(first))
    return np.unpackbits(shifted.view(np.uint8).reshape(m, h, 8), axis=2, bitorder="little")[:, :, :width]


_ONE = np.uint64(1)


def step(rows, birth, survival):
    """One generation of (M, H) ``uint64`` rows: (M, H - 2), row i the next state of row i + 1;
    in every row bits 0 and W-1 of the halo (and any beyond) are left wrong, as a halo's edge is."""
    s, c = _three(rows)  # every row with its left and right neighbours, once for the rows above and below
    s_a, c_a, s_b, c_b = s[:, :-2], c[:, :-2], s[:, 2:], c[:, 2:]
    here = rows[:, 1:-1]
    left, right = here << _ONE, here >> _ONE
    s_h, c_h = left ^ right, left & right  # the row's own two neighbours, the cell left out
    # ones: s_a + s_b + s_h; its carry joins the twos
    ones = s_a ^ s_b ^ s_h
    carry = (s_a & s_b) | (s_h & (s_a ^ s_b))
    # twos: c_a + c_b + c_h + carry, four bits of weight 2
    p, q = c_a ^ c_b, c_h ^ carry
    twos = p ^ q
    d1, d2, d3 = c_a & c_b, c_h & carry, p & q  # pairs of twos: weight 4 each, at most two of them
    fours = d1 ^ d2 ^ d3
    # eights (a count of 8 reads as 0 in the three planes below it), made only where it tells
    planes = Planes(ones, twos, fours, lambda: (d1 & d2) | (d3 & (d1 ^ d2)))
    born, stays = planes.where(birth), planes.where(survival)
    if born is None or stays is None:
        zero = np.zeros_like(here)
        born, stays = (zero if born is None else born), (zero if stays is None else stays)
    return stays & here | born & ~here


def _three(rows):
    """(sum bit, carry bit) of each cell with its left and right neighbours in ``rows``."""
    left, right = rows << _ONE, rows >> _ONE
    half = left ^ rows
    return half ^ right, (left & rows) | (right & half)


class Planes:
    """A live count of 0..8 in bit planes: ``ones``, ``twos``, ``fours`` (arrays) and ``eights``
    (made on first use), each with its complement made once."""

    def __init__(self, ones, twos, fours, eights):
        self.ones, self.twos, self.fours, self._eights = ones, twos, fours, eights
        self._nots = {}

    def not_(self, name):
        if name not in self._nots:
            self._nots[name] = ~getattr(self, name)
        return self._nots[name]

    @property
    def eights(self):
        if callable(self._eights):
            self._eights = self._eights()
        return self._eights

    def where(self, counts):
        """Where the count is one of ``counts`` (ints 0..8); None where it never is. The four
        values of (twos, ones) under each value of fours are one of sixteen functions of two
        planes (``_PAIRS``); the planes read 8 as 0, so eights enters only where 0 and 8 differ."""
        low_values, high_values, zero, eight = _recipe(tuple(counts))
        low, high = self._pair(low_values), self._pair(high_values)
        if low is not None and high is not None:
            found = low if low is high else (self.not_("fours") & low) | (self.fours & high)
        elif low is not None:
            found = self.not_("fours") & low
        elif high is not None:
            found = self.fours & high
        else:
            found = None
        if zero == eight:
            return found
        if zero:  # not where the count is 8, which reads as 0
            return found & self.not_("eights")
        return self.eights if found is None else found | self.eights

    def _pair(self, values):
        """Where 2 * twos + ones is one of ``values`` (a frozenset of 0..3); None for none."""
        if not values:
            return None
        if len(values) == 4:
            return self.ones | self.not_("ones")
        make = _PAIRS[values]
        return make(self)


@functools.lru_cache(maxsize=64)
def _recipe(counts):
    """``Planes.where``'s plan for ``counts`` (a tuple of 0..8), worked out once per rule: the
    (twos, ones) values wanted where fours is 0 and where it is 1, and whether 0 and 8 are wanted."""
    halves = (frozenset(n - 4 * f for n in counts if 4 * f <= n < 4 * f + 4) for f in (0, 1))
    return (*halves, 0 in counts, 8 in counts)


def _only(a, b):
    return lambda p: getattr(p, a) & p.not_(b)


# (twos, ones) values -> where they are, from the planes: the sixteen functions of two bits
_PAIRS = {
    frozenset({3}): lambda p: p.ones & p.twos,
    frozenset({2}): _only("twos", "ones"),
    frozenset({1}): _only("ones", "twos"),
    frozenset({0}): lambda p: ~(p.ones | p.twos),
    frozenset({2, 3}): lambda p: p.twos,
    frozenset({0, 1}): lambda p: p.not_("twos"),
    frozenset({1, 3}): lambda p: p.ones,
    frozenset({0, 2}): lambda p: p.not_("ones"),
    frozenset({1, 2}): lambda p: p.ones ^ p.twos,
    frozenset({0, 3}): lambda p: ~(p.ones ^ p.twos),
    frozenset({1, 2, 3}): lambda p: p.ones | p.twos,
    frozenset({0, 1, 2}): lambda p: ~(p.ones & p.twos),
    frozenset({0, 1, 3}): lambda p: p.ones | p.not_("twos"),
    frozenset({0, 2, 3}): lambda p: p.twos | p.not_("ones"),
}
