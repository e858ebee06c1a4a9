"""Catagolue's soups: the 16x16 random soup of a seed string, made exactly as the current
searcher makes it, so that any soup of any census can be made again anywhere.

Soup ``i`` of a census with root ``ROOT`` is made from the string ``ROOT + str(i)``: with ``d``
the 32 bytes of its SHA-256 digest, cell (y, x) of the C1 soup is alive iff
``(d[2*y + 1 - x // 8] >> (x % 8)) & 1``: row y is bytes 2y+1 then 2y, each least significant
bit first. (The 2014 Python apgsearch made the mirror image of this.)
"""

import hashlib

import numpy as np

from lifesim.errors import LifesimError

SIZE = 16  # a C1 soup is SIZE x SIZE cells
_Y, _X = np.mgrid[0:SIZE, 0:SIZE]
_BYTE = 2 * _Y + 1 - _X // 8  # (16, 16): which digest byte holds cell (y, x)
_BIT = _X % 8                 # and which bit of it

# Symmetry name -> the soup of a digest; a symmetry is listed only once it is checked.
SYMMETRIES = {
    "C1": lambda d: ((d[_BYTE] >> _BIT) & 1).astype(np.uint8),
}


def soup_seed(root, index):
    """The seed string of soup ``index`` of the census with root ``root``."""
    return f"{root}{index}"


def soup_cells(seed, symmetry="C1"):
    """The soup of the seed string ``seed``: a (16, 16) ``uint8`` array of 0 and 1, row 0 first."""
    make = SYMMETRIES.get(symmetry)
    if make is None:
        raise LifesimError(f"unknown symmetry {symmetry!r}: expected one of {', '.join(SYMMETRIES)}")
    digest = np.frombuffer(hashlib.sha256(seed.encode()).digest(), np.uint8)
    return make(digest)
