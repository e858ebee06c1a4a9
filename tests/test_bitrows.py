"""Bit-packed rows (lifesim.drivers.bitrows) against the cells counted one by one."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim.drivers import bitrows


def counted(cells, birth, survival):
    """One generation of (M, H, W) cells with EMPTY beyond the edges, neighbour by neighbour."""
    p = np.pad(cells, ((0, 0), (1, 1), (1, 1)))
    h, w = cells.shape[1:]
    n = sum(p[:, 1 + dy:1 + dy + h, 1 + dx:1 + dx + w] for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)
    return np.where(cells == 1, np.isin(n, sorted(survival)), np.isin(n, sorted(birth))).astype(np.uint8)


@settings(max_examples=60, deadline=None)
@given(birth=st.sets(st.integers(0, 8)), survival=st.sets(st.integers(0, 8)), seed=st.integers(0, 2 ** 32 - 1),
       m=st.integers(1, 4), width=st.integers(3, 64), generations=st.integers(1, 8))
def test_a_round_on_bits_equals_the_counted_cells_inside_its_halo(birth, survival, seed, m, width, generations):
    height = 2 * generations + 1 + seed % 5
    width = max(width, 2 * generations + 1)
    cells = np.random.default_rng(seed).integers(0, 2, (m, height, width), dtype=np.uint8)
    rows, expected = bitrows.pack(cells), cells
    for _ in range(generations):
        rows, expected = bitrows.step(rows, tuple(birth), tuple(survival)), counted(expected, birth, survival)
    k, inner = generations, width - 2 * generations
    # each generation loses a row and a column of validity at each edge
    assert np.array_equal(bitrows.unpack(rows, k, inner), expected[:, k:height - k, k:k + inner])


def test_pack_and_unpack_are_inverse_and_put_column_x_in_bit_x():
    cells = np.zeros((1, 2, 64), np.uint8)
    cells[0, 0, 0] = cells[0, 1, 63] = 1
    rows = bitrows.pack(cells)
    assert rows.tolist() == [[1, 1 << 63]]
    assert np.array_equal(bitrows.unpack(rows, 0, 64), cells)
