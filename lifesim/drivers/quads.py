"""A two-state 3x3 index table (MAP, Hensel) applied to whole arrays, four cells per lookup.

A lookup (``np.take``) costs far more than an addition, and one per cell made Hensel rules
five times slower than B3/S23 (measured at 1024x1024). So the cells are packed eight to a byte
(``np.packbits``), each run of four output cells reads its 3 rows x 6 columns as an 18-bit
index, and one lookup in a 2**18-entry table of ``uint32`` yields the four next states as four
bytes, written straight into the output viewed as ``uint32``. The two runs of a byte are worked
out side by side in the two halves of a ``uint64``, so that every step is one numpy call on
contiguous memory (writing every other element of an array was measured 10x slower).
Byte orders are spelled out ('<u4', '>u4') because the layout is byte by byte.
"""

import numpy as np

QUAD_BITS = 18  # 3 rows of 6 cells: the 4 cells and one neighbour column each side


def quad_table(table):
    """The four-cell table of a 512-entry MAP table (``uint8``, index bit 8 - k = block cell k).

    Returns ``uint32`` of shape (2**18,): entry ``i`` holds in byte q (little-endian, q = 0..3)
    the next state of cell q of a run of four whose rows, 6 bits each, most significant first,
    are bits 17..12, 11..6 and 5..0 of ``i`` (cell q reads the row bits q..q+2).
    """
    table = np.asarray(table, np.uint8)
    i = np.arange(1 << QUAD_BITS, dtype=np.uint32)
    quads = np.zeros(1 << QUAD_BITS, "<u4")
    for q in range(4):
        index = np.zeros_like(i)
        for row in range(3):
            window = (i >> (6 * (2 - row) + 3 - q)) & 7  # this row's three cells around cell q
            index = (index << 3) | window
        quads |= table[index].astype(np.uint32) << (8 * q)
    return quads


# The two 6-bit rows of the runs of a byte, in the low halves of a uint64's two 32-bit halves.
_HALVES = np.uint64(63 | 63 << 32)


def apply_quads(quads, rows, torus, out, scratch):
    """Fill ``out`` ((n, W) uint8) with the next generation of the middle n of ``rows`` ((n+2, W) uint8).

    ``quads``: a ``quad_table``. ``rows`` holds 0 and 1 only, one halo row each side; columns
    wrap on a torus and read EMPTY beyond the edge when bounded. ``scratch`` is the thread's
    ``compiled.Scratch``.
    """
    n, w = out.shape
    runs = -(-w // 8)  # bytes of cells per row, each two runs of four
    # Byte 1 + c // 8, bit 7 - c % 8 holds cell c; byte 0 has the cell left of cell 0 in its
    # bit 0, and the bit after cell w - 1 has the cell right of it. Bits past that only reach
    # output cells past w - 1, which are thrown away.
    packed = scratch.get("quad_packed", (n + 2, runs + 3), np.uint8)
    packed[:, 0] = rows[:, w - 1] if torus else 0
    packed[:, 1:runs + 1] = np.packbits(rows, axis=1)
    packed[:, runs + 1:] = 0
    if torus:
        right = packed[:, 1 + w // 8]
        right |= rows[:, 0] * np.uint8(1 << (7 - w % 8))
    # Bytes j..j+3 as one big-endian number: run 2j (cells 8j..8j+3) reads cells 8j-1..8j+4,
    # its bits 24..19; run 2j+1 reads cells 8j+3..8j+8, bits 20..15.
    words = scratch.get("quad_words", (n + 2, runs), np.uint32)
    np.copyto(words, np.ndarray((n + 2, runs), ">u4", packed, strides=(packed.strides[0], 1)))
    codes = scratch.get("quad_codes", (n + 2, runs), "<u8")
    high = scratch.get("quad_high", (n + 2, runs), "<u8")
    np.right_shift(words, 19, out=codes, dtype=np.uint64)
    np.left_shift(words, 17, out=high, dtype=np.uint64)
    codes |= high
    codes &= _HALVES
    # index = top row << 12 | middle << 6 | bottom, both runs at once: (n, runs) uint64, read
    # as (n, 2 * runs) uint32 with each byte's two runs side by side, in order.
    index = scratch.get("quad_index", (n, runs), "<u8")
    np.left_shift(codes[0:n], 6, out=index)
    index |= codes[1:n + 1]
    index <<= 6
    index |= codes[2:n + 2]
    # np.take would convert any other index dtype to intp in a fresh array, every call.
    lookup = scratch.get("quad_lookup", (n, 2 * runs), np.intp)
    np.copyto(lookup, index.view("<u4"))
    index = lookup
    if w == 8 * runs and out.flags.c_contiguous:
        np.take(quads, index, out=out.view("<u4"), mode="wrap")
        return
    wide = scratch.get("quad_out", (n, 8 * runs), np.uint8)
    np.take(quads, index, out=wide.view("<u4"), mode="wrap")
    out[...] = wide[:, :w]
