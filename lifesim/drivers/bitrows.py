"""Two-state Moore rules of radius 1 on bit-packed rows: the compiled driver's rounds on the plane.

A halo tile of the plane (``Plane.work``) is at most 64 cells wide, so each of its rows fits
one ``uint64`` (bit x is column x). A generation is then a few dozen bitwise operations on all
rows of all tiles at once, whatever the rule: the live neighbours of every cell are counted in
four bit planes by adders built from AND, OR and XOR, and the next state is read from those
planes and the cell's own bit through the rule's birth and survival counts. Against the uint8
kernel (one byte a cell, box sums and comparisons) a round does an eighth of the memory traffic
and the numpy calls do not grow with the tiles' width.

Each generation loses one row and one column of validity at each edge, as a halo does: a round
of k generations starts from halos k cells deep and ends with the tiles' own 32 x 32 cells.
"""

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
    above, here, below = rows[:, :-2], rows[:, 1:-1], rows[:, 2:]
    s_a, c_a = _three(above)
    s_b, c_b = _three(below)
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
    eights = (d1 & d2) | (d3 & (d1 ^ d2))
    planes = (ones, twos, fours, eights)
    nots = tuple(~plane for plane in planes)
    born = _any_count(birth, planes, nots)
    stays = _any_count(survival, planes, nots)
    nxt = np.zeros_like(here)
    if born is not None:
        nxt |= born & ~here
    if stays is not None:
        nxt |= stays & here
    return nxt


def _three(rows):
    """(sum bit, carry bit) of each cell with its left and right neighbours in ``rows``."""
    left, right = rows << _ONE, rows >> _ONE
    half = left ^ rows
    return half ^ right, (left & rows) | (right & half)


def _any_count(counts, planes, nots):
    """Where the count (bits ``planes``, complements ``nots``) is one of ``counts``; None if none."""
    found = None
    for n in counts:
        match = None
        for bit, (plane, inverse) in enumerate(zip(planes, nots)):
            term = plane if n >> bit & 1 else inverse
            match = term if match is None else match & term
        found = match if found is None else found | match
    return found
