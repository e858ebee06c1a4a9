"""Grid: uint8 states, text form, population, placement, halos by topology."""

import numpy as np
import pytest

from lifesim import Grid, LifesimError


def test_text_round_trip_and_population():
    text = "-*-\n--*\n***"
    grid = Grid.from_text(text)
    assert grid.cells.dtype == np.uint8 and grid.shape == (3, 3)
    assert str(grid) == text and grid.population == 5
    assert Grid.from_text(".O.\n..O\nOOO") == grid


def test_text_of_every_state_a_grid_can_hold():
    """States 0..34 have their own character and read back; 35..255 print as '#' (no IndexError)."""
    rows = str(Grid(np.arange(256, dtype=np.uint8).reshape(8, 32))).splitlines()
    assert rows[0] == "-*23456789ABCDEFGHIJKLMNPQRSTUVW" and rows[1] == "XYZ" + "#" * 29
    assert "".join(rows[2:]) == "#" * 192
    assert Grid.from_text(rows[0] + "\n" + rows[1][:3] + "-" * 29).cells.ravel()[:35].tolist() == list(range(35))
    assert Grid.from_text("01O").cells.tolist() == [[0, 1, 1]]  # 'O' is ALIVE, as in .cells


def test_grid_is_immutable():
    grid = Grid.empty(3, 3)
    with pytest.raises(ValueError):
        grid.cells[0, 0] = 1
    edited = grid.set(-1, -1, 1)
    assert edited.cells[2, 2] == 1 and grid.population == 0


def test_place_centred_exact_and_too_big():
    pattern = np.ones((2, 3), np.uint8)
    grid = Grid.empty(6, 7).place(pattern)
    assert list(zip(*np.nonzero(grid.cells)))[0] == (2, 2)
    exact = Grid.empty(2, 3).place(pattern)
    assert exact.population == 6
    assert Grid.empty(6, 7).place(pattern, at=(0, 4)).cells[0, 6] == 1
    with pytest.raises(LifesimError, match="larger than"):
        Grid.empty(2, 2).place(pattern)


@pytest.mark.parametrize("h, w", [(0, 5), (5, 0), (-1, 3), (1 << 17, 2), (1 << 15, 1 << 15)])
def test_impossible_sizes(h, w):
    with pytest.raises(LifesimError):
        Grid.empty(h, w)


def test_tile_wraps_on_torus_and_reads_empty_when_bounded():
    cells = np.arange(12, dtype=np.uint8).reshape(3, 4)
    torus = Grid(cells).padded(1)
    assert torus.shape == (5, 6)
    assert torus[0, 0] == cells[2, 3] and torus[4, 5] == cells[0, 0]
    bounded = Grid(cells, "bounded").padded(1)
    assert bounded[0].sum() == 0 and bounded[:, 0].sum() == 0
    assert (bounded[1:4, 1:5] == cells).all()


def test_halo_deeper_than_the_grid_wraps_again():
    grid = Grid(np.array([[1, 0]], np.uint8))
    padded = grid.padded(2)
    assert padded.shape == (5, 6)
    assert padded[0].tolist() == [1, 0, 1, 0, 1, 0]


def test_random_soup_is_reproducible():
    a, b = Grid.random(16, 16, 0.3, seed=5), Grid.random(16, 16, 0.3, seed=5)
    assert a == b and a != Grid.random(16, 16, 0.3, seed=6)
    with pytest.raises(LifesimError):
        Grid.random(4, 4, 1.5)


def test_unknown_topology():
    with pytest.raises(LifesimError, match="topology"):
        Grid.empty(3, 3, "klein")
