"""The shortest exact rulestring of a two-state rule that reads the 3x3 block around a cell.

A rule is given as its 512 next states, one per 3x3 block, indexed as Golly's MAP rules index
them (Golly's Help, QuickLife.html): the cells in reading order NW, N, NE, W, C, E, SW, S, SE,
the first the most significant bit. Its name, shortest first:

1. the smallest neighbourhood holding every cell the rule depends on: von Neumann (suffix
   ``V``: N, W, E, S), hexagonal (``H``: Golly's hexagonal neighbours on the square grid, all
   but NE and SW), else Moore;
2. ``B../S..`` plus that suffix, if the next state depends only on the cell and how many of
   those neighbours are alive (outer-totalistic);
3. on the Moore neighbourhood, isotropic non-totalistic (Hensel) letters, if the rule is the
   same under the 8 symmetries of the square (``hensel_rulestring``, with the 51 classes of
   ``lifesim.hensel``);
4. ``MAP`` and the base64 of the neighbourhood's table (512 bits for Moore, 128 hexagonal,
   32 von Neumann), with ``V`` or ``H``.
"""

import numpy as np

from lifesim.hensel import CLASS_OF, format_classes

# (dy, dx) of the 3x3 block in reading order: cell k is bit 8 - k of a MAP index
BLOCK = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
CENTRE = BLOCK.index((0, 0))

# suffix -> the block cells (reading order, the cell itself included) of the neighbourhood,
# smallest first: the first that holds every cell a rule depends on names it
NEIGHBOURHOODS = {
    "V": (1, 3, 4, 5, 7),
    "H": (0, 1, 3, 4, 5, 7, 8),
    "": tuple(range(9)),
}
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

_INDEX = np.arange(512)
_CELLS = (_INDEX[:, None] >> (8 - np.arange(9))) & 1  # (512, 9): cell k of block i


def block_values(index=_INDEX):
    """The states of each block cell for MAP indices ``index``: {(dy, dx): int array}."""
    index = np.asarray(index)
    return {off: (index >> (8 - k)) & 1 for k, off in enumerate(BLOCK)}


def rulestring_of(table):
    """The shortest exact rulestring of the rule whose next states are ``table`` (512 ints 0/1,
    MAP order): ``B3/S23``, ``B13/S123V``, Hensel's letters, or
    ``MAP...``."""
    table = np.asarray(table, np.uint8).ravel()
    if table.shape != (512,):
        raise ValueError(f"expected 512 next states, not {table.shape}")
    used = {k for k in range(9) if (table != table[_INDEX ^ (1 << (8 - k))]).any()}
    suffix = next(s for s, cells in NEIGHBOURHOODS.items() if used <= set(cells))
    cells = NEIGHBOURHOODS[suffix]
    return (totalistic_rulestring(table, cells, suffix)
            or (hensel_rulestring(table) if suffix == "" else None)
            or map_rulestring(table, cells, suffix))


def totalistic_rulestring(table, cells, suffix):
    """``B../S..`` + suffix if the next state is a function of the cell and its live count among
    ``cells``, else None."""
    neighbours = [k for k in cells if k != CENTRE]
    count = _CELLS[:, neighbours].sum(axis=1)
    own = _CELLS[:, CENTRE]
    by = {}
    for key, nxt in zip(zip(own.tolist(), count.tolist()), table.tolist()):
        if by.setdefault(key, nxt) != nxt:
            return None
    birth = "".join(str(n) for n in range(len(neighbours) + 1) if by.get((0, n)))
    survival = "".join(str(n) for n in range(len(neighbours) + 1) if by.get((1, n)))
    return f"B{birth}/S{survival}{suffix}"


def is_isotropic(table):
    """True if the rule is the same under every rotation and reflection of the 3x3 block."""
    table = np.asarray(table).ravel()
    grid = _CELLS.reshape(512, 3, 3)
    for image in (np.rot90(grid, 1, (1, 2)), grid[:, :, ::-1]):  # the two generators of the group
        moved = (image.reshape(512, 9) << (8 - np.arange(9))).sum(axis=1)
        if not np.array_equal(table[moved], table):
            return False
    return True


def hensel_rulestring(table):
    """The isotropic non-totalistic rulestring (``B2-a/S12``) of an isotropic rule, else None.

    ``table``: 512 next states (0/1) in MAP order. Each of the 51 neighbourhood classes of
    ``lifesim.hensel`` is born or survives as a whole when the rule is isotropic.
    """
    if not is_isotropic(table):
        return None
    neighbours = [k for k in range(9) if k != CENTRE]  # BLOCK without its centre: hensel.NEIGHBOURS' order
    masks = (_CELLS[:, neighbours] << np.arange(8)).sum(axis=1)
    own = _CELLS[:, CENTRE]
    table = np.asarray(table).ravel()
    birth = {CLASS_OF[m] for m in masks[(own == 0) & (table == 1)].tolist()}
    survival = {CLASS_OF[m] for m in masks[(own == 1) & (table == 1)].tolist()}
    return f"B{format_classes(birth)}/S{format_classes(survival)}"


def map_rulestring(table, cells, suffix=""):
    """``MAP`` + base64 of the rule's table over ``cells`` (first the most significant bit of an
    entry's index; entries in index order, six bits a character, the last padded with zeros),
    + suffix. Cells outside ``cells`` must not matter to the rule."""
    k = len(cells)
    entries = np.arange(1 << k)
    index = np.zeros_like(entries)
    for j, cell in enumerate(cells):  # the block with only the neighbourhood's cells as the entry says
        index |= ((entries >> (k - 1 - j)) & 1) << (8 - cell)
    bits = table[index].tolist() + [0] * (-(1 << k) % 6)
    chars = (BASE64[int("".join(map(str, bits[i:i + 6])), 2)] for i in range(0, len(bits), 6))
    return "MAP" + "".join(chars) + suffix
