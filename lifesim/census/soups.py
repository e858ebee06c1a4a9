"""Catagolue's soups: the random soup of a seed string in each of Catagolue's symmetries, made
exactly as the current searcher (apgluxe, through lifelib's ``hashsoup``) makes it, so that any
soup of any census can be made again anywhere.

Soup ``i`` of a census with root ``ROOT`` is made from the string ``ROOT + str(i)``. With ``d``
the 32 bytes of its SHA-256 digest, cell (y, x) of the 16x16 C1 soup is alive iff
``(d[2*y + 1 - x // 8] >> (x % 8)) & 1``: row y is bytes 2y+1 then 2y, each least significant
bit first. (The 2014 Python apgsearch made the mirror image of this.) Rows grow downward.

The wide asymmetric soups 8x32, 4x64, 2x128 and 1x256 (h rows of 256 / h cells) lay the same
bytes out the same way, e = 32 / h bytes a row: cell (y, x) is bit x % 8 of byte
``d[e*y + e - 1 - x // 8]`` (C1 is this with h = 16).

Every other symmetry starts from the 16x16 C1 soup S and its reflection in the anti-diagonal,
T (T[y, x] = S[15 - x, 15 - y]), and adds reflected copies of one of them around S:

- the diagonal symmetries (D2_x, D4_x*, D8_*) first make S symmetric in the anti-diagonal,
  keeping S where x + y <= 15 and T below that, and T becomes T ^ new S ^ old S: T where
  x + y <= 15 and S below, a second soup symmetric in the same diagonal (apgluxe's own step);
- the pieces are S turned half round, and S (T for C4_* and D4_x*) mirrored top to bottom and
  left to right, each at an offset from S of 15 or 16 cells (15: the copies share S's edge row
  or column, so the centre lies on a cell; 16: they lie beside it);
- the soup is the union of S and its pieces, as one array over the box they all span.

C2_2 is the one exception: for a seed that does not start with ``l_`` (those apgluxe makes do),
S is T, as the soups of searchers before apgluxe were.

``tests/test_soups.py`` checks that each soup has the symmetry its name says, with the centre
its suffix says (_1 a cell, _2 the middle of an edge, _4 a corner; D2_+1 and D2_+2 a mirror
through a row and between rows).
"""

import hashlib

import numpy as np

from lifesim.errors import LifesimError

SIZE = 16  # a C1 soup is SIZE x SIZE cells
LEGACY_C2_2 = "C2_2"  # built from T unless the seed starts with NEW_SEEDS
NEW_SEEDS = "l_"


def _bits(digest, height):
    """The digest's 256 bits as ``height`` rows of 256 // height cells: a (height, 256 // height)
    ``uint8`` array of 0 and 1 (height 16: the C1 soup)."""
    row_bytes = 32 // height
    y, x = np.mgrid[0:height, 0:8 * row_bytes]
    return ((digest[row_bytes * y + row_bytes - 1 - x // 8] >> (x % 8)) & 1).astype(np.uint8)


def _anti_diagonal(a):
    """``a`` (16, 16) reflected in its anti-diagonal: result[y, x] = a[15 - x, 15 - y]."""
    return a.T[::-1, ::-1]


# The pieces placed beside S: (which, dx, dy), the piece's cell [y, x] landing at column x + dx,
# row y + dy relative to S's top-left. "turned": S turned half round; "flipped": the mirror
# source turned top to bottom; "mirrored": it mirrored left to right.
def _two(dx, dy):
    return (("turned", dx, dy),)


def _four(dx, dy):
    return (("flipped", 0, dy), ("mirrored", dx, 0), ("turned", dx, dy))


# Symmetry -> (S made diagonal first, mirrors taken from T instead of S, pieces beside S).
_SQUARE = {
    "C1": (False, False, ()),
    "C2_1": (False, False, _two(15, -15)),
    "C2_2": (False, False, _two(16, -15)),
    "C2_4": (False, False, _two(16, -16)),
    "C4_1": (False, True, _four(15, -15)),
    "C4_4": (False, True, _four(16, -16)),
    "D2_+1": (False, False, (("flipped", 0, -15),)),
    "D2_+2": (False, False, (("flipped", 0, -16),)),
    "D2_x": (True, False, ()),
    "D4_+1": (False, False, _four(15, -15)),
    "D4_+2": (False, False, _four(16, -15)),
    "D4_+4": (False, False, _four(16, -16)),
    "D4_x1": (True, True, _four(15, -15)),
    "D4_x4": (True, True, _four(16, -16)),
    "D8_1": (True, False, _four(15, -15)),
    "D8_4": (True, False, _four(16, -16)),
}
_WIDE = {"8x32": 8, "4x64": 4, "2x128": 2, "1x256": 1}  # name -> rows


def _square(name, digest, seed):
    """The soup of a symmetry of ``_SQUARE``: a 2-D ``uint8`` array of 0 and 1 spanning S and its
    pieces, top-left at [0, 0] (16x16 up to 32x32)."""
    diagonal, from_t, pieces = _SQUARE[name]
    s = _bits(digest, SIZE)
    t = _anti_diagonal(s)
    if name == LEGACY_C2_2 and not seed.startswith(NEW_SEEDS):
        s, t = t, s
    if diagonal:
        d = np.where(np.add.outer(np.arange(SIZE), np.arange(SIZE)) <= SIZE - 1, s, t)
        s, t = d, t ^ d ^ s
    source = t if from_t else s
    arrays = {"turned": s[::-1, ::-1], "flipped": source[::-1, :], "mirrored": source[:, ::-1]}
    placed = [(s, 0, 0)] + [(arrays[which], dx, dy) for which, dx, dy in pieces]
    left, top = min(dx for _, dx, _ in placed), min(dy for _, _, dy in placed)
    right, bottom = max(dx for _, dx, _ in placed) + SIZE, max(dy for _, _, dy in placed) + SIZE
    soup = np.zeros((bottom - top, right - left), np.uint8)
    for piece, dx, dy in placed:
        soup[dy - top:dy - top + SIZE, dx - left:dx - left + SIZE] |= piece
    return soup


# Symmetry name -> the soup of (digest, seed); a symmetry is listed only once it is checked.
SYMMETRIES = {
    **{name: (lambda digest, seed, name=name: _square(name, digest, seed)) for name in _SQUARE},
    **{name: (lambda digest, seed, rows=rows: _bits(digest, rows)) for name, rows in _WIDE.items()},
}


def soup_seed(root, index):
    """The seed string of soup ``index`` of the census with root ``root``."""
    return f"{root}{index}"


def soup_cells(seed, symmetry="C1"):
    """The soup of the seed string ``seed`` in ``symmetry`` (a name of SYMMETRIES): a 2-D
    ``uint8`` array of 0 and 1, row 0 first, spanning the whole box the soup is built in (C1
    (16, 16); C2_4, C4_4, D4_+4, D4_x4, D8_4 (32, 32); C2_2 and D4_+2 (31, 32); C2_1, C4_1,
    D4_+1, D4_x1, D8_1 (31, 31); D2_+1 (31, 16); D2_+2 (32, 16); D2_x (16, 16); 8x32 (8, 32) ...
    1x256 (1, 256)), even where its edge rows or columns are dead."""
    make = SYMMETRIES.get(symmetry)
    if make is None:
        raise LifesimError(f"unknown symmetry {symmetry!r}: expected one of {', '.join(SYMMETRIES)}")
    digest = np.frombuffer(hashlib.sha256(seed.encode()).digest(), np.uint8)
    return make(digest, seed)
