"""MAP tables: a two-state radius-1 rule as the next state of each of the 512 3x3 blocks.

The table is ``bytes`` of length 512; entry ``i`` is 1 when the centre cell lives in the next
generation. Bit 8 - k of ``i`` is block cell k, the cells in row-major order (NW, N, NE, W, C,
E, SW, S, SE; y grows downward), so cell 0 is the most significant: Golly's order.

Golly's ``MAP`` rulestring is that table, bit by bit from entry 0, most significant bit of each
byte first, in base64 without its ``==`` padding: 86 characters. The hexagonal and von Neumann
forms spell only the cells their neighbourhood reads, in their own order (``MAP_CELLS``): 128
bits in 22 characters, 32 bits in 6. Other block cells never change the outcome of such a table.
"""

import base64
import binascii

from lifesim.errors import LifesimError
from lifesim.hensel import CLASS_OF

SIZE = 512

# Block cells (row-major 0..8) each MAP form spells, the most significant first. The hexagonal
# form leaves out NE (2) and SW (6), as Golly's hexagonal emulation does, and starts from the
# bottom row: Golly 3.3 reads it so (found by running bgolly on every order of the 7 cells;
# only this one agrees, see tests/test_golly_rulestrings.py).
MAP_CELLS = {
    "moore": (0, 1, 2, 3, 4, 5, 6, 7, 8),
    "hexagonal": (7, 8, 3, 4, 5, 0, 1),
    "vonneumann": (1, 3, 4, 5, 7),
}
_KIND_BY_LENGTH = {(2 ** len(cells) + 5) // 6: kind for kind, cells in MAP_CELLS.items()}  # 86, 22, 6


def block_of(i):
    """The 9 cells (0 or 1, row-major) of the block whose MAP index is ``i``."""
    return tuple(i >> (8 - k) & 1 for k in range(9))


def _sub_index(i, cells):
    """The index of block ``i`` in a table over ``cells`` only (their bits, in order)."""
    out = 0
    for k in cells:
        out = out << 1 | (i >> (8 - k) & 1)
    return out


def decode(payload, text):
    """``(table, kind)`` from the base64 text after ``MAP`` (``text`` is the whole rule, for errors)."""
    if payload.endswith("=="):
        payload = payload[:-2]
    kind = _KIND_BY_LENGTH.get(len(payload))
    if kind is None:
        raise LifesimError(f"rule {text!r}: a MAP rule needs 86, 22 or 6 base64 characters "
                           f"(Moore, hexagonal, von Neumann), not {len(payload)}")
    try:
        raw = base64.b64decode(payload + "==", validate=True)
    except binascii.Error:
        raise LifesimError(f"rule {text!r}: MAP needs base64 characters (A-Z, a-z, 0-9, +, /)") from None
    cells = MAP_CELLS[kind]
    bits = [raw[j >> 3] >> (7 - (j & 7)) & 1 for j in range(2 ** len(cells))]
    return bytes(bits[_sub_index(i, cells)] for i in range(SIZE)), kind


def encode(table, kind):
    """The base64 text (no padding) of ``table`` in ``kind``'s MAP form; inverse of ``decode``."""
    cells = MAP_CELLS[kind]
    positions = {_sub_index(i, cells): i for i in range(SIZE) if all(i >> (8 - k) & 1 == 0 for k in set(range(9)) - set(cells))}
    bits = [table[positions[j]] for j in range(2 ** len(cells))]
    raw = bytes(sum(bit << (7 - b) for b, bit in enumerate(bits[j:j + 8])) for j in range(0, len(bits), 8))
    return base64.b64encode(raw).decode().rstrip("=")


def depends_only_on(table, kind):
    """True when ``table``'s entries never differ between blocks that agree on ``kind``'s cells."""
    cells = MAP_CELLS[kind]
    seen = {}
    return all(seen.setdefault(_sub_index(i, cells), table[i]) == table[i] for i in range(SIZE))


def from_hensel(birth, survival):
    """The table of a Moore rule given as sets of Hensel (count, letter) classes."""
    table = bytearray(SIZE)
    for i in range(SIZE):
        cells = block_of(i)
        neighbours = cells[:4] + cells[5:]
        config = sum(bit << k for k, bit in enumerate(neighbours))
        table[i] = CLASS_OF[config] in (survival if cells[4] else birth)
    return bytes(table)


def from_counts(birth, survival, kind):
    """The table of an outer-totalistic rule: live neighbours among ``kind``'s cells."""
    cells = [k for k in MAP_CELLS[kind] if k != 4]
    table = bytearray(SIZE)
    for i in range(SIZE):
        block = block_of(i)
        n = sum(block[k] for k in cells)
        table[i] = n in (survival if block[4] else birth)
    return bytes(table)
