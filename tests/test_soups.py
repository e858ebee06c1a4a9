"""Catagolue's hashsoup: one soup worked out by hand from its SHA-256 digest."""

import hashlib

import numpy as np
import pytest

from lifesim.census.soups import soup_cells, soup_seed
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
