"""Catagolue's hashsoup: soups worked out by hand from their SHA-256 digest, and each symmetric
soup checked for the symmetry its name says."""

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim.census.soups import SYMMETRIES, soup_cells, soup_seed
from lifesim.errors import LifesimError

# printf k_test0 | sha256sum
K_TEST0 = "7828dbdc977c9d5b3003fb5d8a7baaf32d06dd34ccd271a4a1138333284f3db2"
# By hand: row 0 is byte 1 (0x28 = 00101000) then byte 0 (0x78 = 01111000), each read from its
# least significant bit; row 1 is byte 3 (0xdc = 11011100) then byte 2 (0xdb = 11011011).
ROW_0 = "...o.o.....oooo."
ROW_1 = "..ooo.oooo.oo.oo"


def test_seed_is_root_then_index():
    assert soup_seed("k_test", 0) == "k_test0" and soup_seed("k_test", 137) == "k_test137"


def test_soup_k_test0_by_hand():
    assert hashlib.sha256(b"k_test0").hexdigest() == K_TEST0
    soup = soup_cells("k_test0")
    assert soup.shape == (16, 16) and soup.dtype == np.uint8
    text = ["".join(".o"[v] for v in row) for row in soup.tolist()]
    assert text[0] == ROW_0 and text[1] == ROW_1
    # every row the same way: byte 2y+1's bits, then byte 2y's, least significant first
    digest = bytes.fromhex(K_TEST0)
    by_bits = ["".join(".o"[int(b)] for b in format(digest[2 * y + 1], "08b")[::-1] + format(digest[2 * y], "08b")[::-1])
               for y in range(16)]
    assert text == by_bits


def test_an_unknown_symmetry_is_refused():
    with pytest.raises(LifesimError, match="unknown symmetry 'C9'"):
        soup_cells("k_test0", "C9")


# The symmetric soups -----------------------------------------------------------------------------

DIGEST = bytes.fromhex(K_TEST0)


def c1(y, x, digest=DIGEST):
    """Cell (y, x) of the C1 soup, from the digest's bytes."""
    return (digest[2 * y + 1 - x // 8] >> (x % 8)) & 1


def test_c2_4_k_test0_by_hand():
    soup = soup_cells("k_test0", "C2_4")
    assert soup.shape == (32, 32) and soup.dtype == np.uint8
    # S at the bottom left (rows 16..31), S turned half round at the top right, nothing else
    assert c1(0, 3) == 1 and c1(0, 0) == 0  # 0x28: bits 3 and 5
    assert soup[16, 3] == 1 and soup[15, 28] == 1 and soup[16, 0] == 0 and soup[15, 31] == 0
    for y, x in [(0, 5), (1, 2), (7, 9), (15, 15), (9, 0)]:
        assert soup[16 + y, x] == soup[15 - y, 31 - x] == c1(y, x)
    assert not soup[:16, :16].any() and not soup[16:, 16:].any()


def test_d2_plus_1_k_test0_by_hand():
    soup = soup_cells("k_test0", "D2_+1")
    assert soup.shape == (31, 16)
    text = ["".join(".o"[v] for v in row) for row in soup.tolist()]
    assert text[15] == ROW_0 and text[14] == text[16] == ROW_1  # mirrored about row 15, S's row 0
    for y, x in [(0, 3), (4, 11), (15, 0), (15, 15)]:
        assert soup[15 + y, x] == soup[15 - y, x] == c1(y, x)


def test_c4_4_k_test0_by_hand():
    soup = soup_cells("k_test0", "C4_4")
    assert soup.shape == (32, 32)
    # cell (0, 3) of S and its three quarter turns about the box's centre (15.5, 15.5)
    assert soup[16, 3] == soup[3, 15] == soup[15, 28] == soup[28, 16] == 1
    for y in range(16):
        for x in range(16):
            v = c1(y, x)
            assert soup[16 + y, x] == soup[x, 15 - y] == soup[15 - y, 31 - x] == soup[31 - x, 16 + y] == v


def test_wide_k_test0_by_hand():
    soup = soup_cells("k_test0", "8x32")
    assert soup.shape == (8, 32) and soup.dtype == np.uint8
    # row 0: bytes 3, 2, 1, 0 (0xdc 0xdb 0x28 0x78), each least significant bit first
    assert "".join(".o"[v] for v in soup[0]) == "..ooo.oo" + "oo.oo.oo" + "...o.o.." + "...oooo."
    assert all(soup[j, 8 * t + b] == (DIGEST[4 * j + 3 - t] >> b) & 1
               for j in range(8) for t in range(4) for b in range(8))
    line = soup_cells("k_test0", "1x256")
    assert line.shape == (1, 256)
    assert "".join(".o"[v] for v in line[0, :8]) == ".o..oo.o"  # byte 31, 0xb2
    assert all(line[0, 8 * t + b] == (DIGEST[31 - t] >> b) & 1 for t in range(32) for b in range(8))
    assert soup_cells("k_test0", "4x64").shape == (4, 64) and soup_cells("k_test0", "2x128").shape == (2, 128)


def test_box_shapes():
    shapes = {"C1": (16, 16), "D2_x": (16, 16), "C2_4": (32, 32), "C2_2": (31, 32), "C2_1": (31, 31),
              "C4_4": (32, 32), "C4_1": (31, 31), "D2_+1": (31, 16), "D2_+2": (32, 16),
              "D4_+4": (32, 32), "D4_+2": (31, 32), "D4_+1": (31, 31), "D4_x4": (32, 32), "D4_x1": (31, 31),
              "D8_4": (32, 32), "D8_1": (31, 31), "8x32": (8, 32), "4x64": (4, 64), "2x128": (2, 128),
              "1x256": (1, 256)}
    assert set(shapes) == set(SYMMETRIES)
    for name, shape in shapes.items():
        soup = soup_cells("k_test0", name)
        assert soup.shape == shape and soup.dtype == np.uint8 and set(np.unique(soup)) <= {0, 1}


def test_c2_2_of_a_seed_from_before_apgluxe_is_made_from_the_transposed_soup():
    # apgluxe's own seeds start with l_; for any other, C2_2 takes S reflected in its
    # anti-diagonal, as searchers before apgluxe did
    old, new = soup_cells("k_test0", "C2_2"), soup_cells("l_test0", "C2_2")
    assert old.shape == new.shape == (31, 32)
    assert np.array_equal(old[15:, :16], soup_cells("k_test0").T[::-1, ::-1])
    assert old[27, 15] == c1(0, 3) == 1  # S[0, 3] reflected to [12, 15]
    assert np.array_equal(new[15:, :16], soup_cells("l_test0"))
    assert np.array_equal(soup_cells("k_test0", "C2_4")[16:, :16], soup_cells("k_test0"))


# Each soup's symmetry, over random seeds ------------------------------------------------------------

# The 8 symmetries of a box, as maps of a 2-D array; the diagonal ones only of a square.
MAPS = {
    "identity": lambda a: a,
    "turn180": lambda a: a[::-1, ::-1],
    "mirror top-bottom": lambda a: a[::-1, :],
    "mirror left-right": lambda a: a[:, ::-1],
    "turn90": lambda a: np.rot90(a),
    "turn270": lambda a: np.rot90(a, 3),
    "main diagonal": lambda a: a.T,                   # [y, x] <-> [x, y]: "\"
    "anti-diagonal": lambda a: a[::-1, ::-1].T,       # [y, x] <-> [w-1-x, h-1-y]: "/"
}
C2 = {"identity", "turn180"}
C4 = C2 | {"turn90", "turn270"}
D4_PLUS = C2 | {"mirror top-bottom", "mirror left-right"}
D4_X = C2 | {"main diagonal", "anti-diagonal"}
# name -> (the maps that keep it, its box's (rows, columns) odd or even)
GROUPS = {
    "C1": ({"identity"}, None),
    "C2_1": (C2, (1, 1)), "C2_2": (C2, (1, 0)), "C2_4": (C2, (0, 0)),
    "C4_1": (C4, (1, 1)), "C4_4": (C4, (0, 0)),
    "D2_+1": ({"identity", "mirror top-bottom"}, (1, 0)),  # the axis through a row of cells
    "D2_+2": ({"identity", "mirror top-bottom"}, (0, 0)),  # the axis between two rows
    "D2_x": ({"identity", "anti-diagonal"}, (0, 0)),       # the axis x + y = 15, through cells
    "D4_+1": (D4_PLUS, (1, 1)), "D4_+2": (D4_PLUS, (1, 0)), "D4_+4": (D4_PLUS, (0, 0)),
    "D4_x1": (D4_X, (1, 1)), "D4_x4": (D4_X, (0, 0)),
    "D8_1": (set(MAPS), (1, 1)), "D8_4": (set(MAPS), (0, 0)),
    "8x32": ({"identity"}, None), "4x64": ({"identity"}, None), "2x128": ({"identity"}, None),
    "1x256": ({"identity", "mirror top-bottom"}, None),  # one row is its own mirror image
}


def kept_by(soup):
    return {name for name, f in MAPS.items() if f(soup).shape == soup.shape and np.array_equal(f(soup), soup)}


def test_every_symmetry_is_checked():
    assert set(GROUPS) == set(SYMMETRIES)


@settings(max_examples=60, deadline=None)
@given(seed=st.text(max_size=20))
def test_each_soup_has_exactly_the_symmetry_its_name_says(seed):
    for name, (group, parity) in GROUPS.items():
        soup = soup_cells(seed, name)
        assert kept_by(soup) == group, name  # no fewer and (a chance of 2**-100 or so) no more
        if parity is not None:
            assert (soup.shape[0] % 2, soup.shape[1] % 2) == parity, name
