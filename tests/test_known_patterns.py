"""Known behaviour of the bundled patterns: still lifes, periods, speeds, lifetimes, replication."""

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import find_pattern, grid_for_pattern


def load(name, size=None, topology=None):
    pattern = read_pattern(find_pattern(name))
    return grid_for_pattern(pattern, size, topology), pattern.rule


def period(name, limit=40, size=None):
    """The smallest p > 0 with generation p equal to generation 0."""
    grid, rule = load(name, size)
    sim = Simulation(grid, rule)
    for p in range(1, limit + 1):
        if sim.step() == grid:
            return p
    return None


@pytest.mark.parametrize("name, expected", [
    ("block", 1), ("blinker", 2), ("toad", 2), ("beacon", 2), ("pulsar", 3), ("pentadecathlon", 15),
])
def test_oscillator_periods(name, expected):
    assert period(name, size=(32, 32)) == expected


def displacement(before, after):
    """(dy, dx) that maps the live cells of ``before`` onto those of ``after``, or None."""
    a, b = np.argwhere(before.cells), np.argwhere(after.cells)
    if a.shape != b.shape:
        return None
    shift = b.min(axis=0) - a.min(axis=0)
    return tuple(int(v) for v in shift) if np.array_equal(a + shift, b) else None


@pytest.mark.parametrize("name, generations, shift", [
    ("glider", 4, (1, 1)), ("lwss", 4, (0, -2)), ("mwss", 4, (0, -2)), ("hwss", 4, (0, -2)),
])
def test_spaceship_speeds(name, generations, shift):
    grid, rule = load(name, size=(30, 40), topology="bounded")
    sim = Simulation(grid, rule)
    assert displacement(grid, sim.step(generations)) == shift
    assert displacement(grid, sim.step(generations)) == (2 * shift[0], 2 * shift[1])


def test_glider_wraps_round_the_torus():
    grid, rule = load("glider", size=(8, 8))
    assert Simulation(grid, rule).step(32) == grid  # 8 cells diagonally, 4 generations each


def test_gosper_gun_period_30_and_one_glider_per_period():
    rule = "B3/S23"
    grid = Grid.empty(80, 80, "bounded").place(read_pattern(find_pattern("gosper_glider_gun")).cells, at=(2, 2))
    sim = Simulation(grid, rule)
    sim.step(120)
    pops = sim.history
    # The gun itself repeats every 30 generations; each period adds one 5-cell glider.
    assert [pops[g + 30] - pops[g] for g in range(30, 90)] == [5] * 60
    gun_box = (slice(0, 13), slice(0, 40))
    sim60, sim90 = Simulation(grid, rule), Simulation(grid, rule)
    assert np.array_equal(sim60.step(60).cells[gun_box], sim90.step(90).cells[gun_box])


def test_diehard_dies_at_generation_130():
    grid, rule = load("diehard", size=(60, 60), topology="bounded")
    sim = Simulation(grid, rule)
    sim.step(131)
    assert sim.history[129] > 0 and sim.history[130] == 0


def test_highlife_replicator_copies_itself():
    pattern = read_pattern(find_pattern("replicator"))
    grid = Grid.empty(48, 48, "bounded").place(pattern.cells)
    sim = Simulation(grid, pattern.rule)
    origin = np.argwhere(grid.cells).min(axis=0)
    sim.step(12)
    # Generation 12 is exactly two copies, 2 cells up-left and down-right of the original...
    copies = _raw_occurrences(sim.grid.cells, pattern.cells)
    assert copies == [tuple(origin - 2), tuple(origin + 2)]
    assert sim.population == 2 * grid.population
    # ...and by generation 24 they have drifted apart into two clean copies.
    sim.step(12)
    assert _occurrences(sim.grid.cells, pattern.cells) == [tuple(origin - 4), tuple(origin + 4)]
    assert sim.rule.rulestring == "B36/S23"


def test_replicator_does_not_replicate_under_conway():
    pattern = read_pattern(find_pattern("replicator"))
    sim = Simulation(Grid.empty(48, 48, "bounded").place(pattern.cells), "B3/S23")
    sim.step(12)
    assert _raw_occurrences(sim.grid.cells, pattern.cells) == []


def test_brians_brain_ship_moves_one_cell_a_generation():
    grid, rule = load("brians_brain_ship", size=(10, 20), topology="bounded")
    sim = Simulation(grid, rule)
    assert displacement(grid, sim.step(3)) == (0, 3)


def _raw_occurrences(cells, pattern):
    windows = np.lib.stride_tricks.sliding_window_view(cells, pattern.shape)
    return [tuple(h) for h in np.argwhere((windows == pattern).all(axis=(2, 3)))]


def _occurrences(cells, pattern):
    """Top-left corners where ``pattern``, with an empty border of one cell, appears in ``cells``."""
    ph, pw = pattern.shape
    framed = np.pad(pattern, 1)
    padded = np.pad(cells, 1)
    windows = np.lib.stride_tricks.sliding_window_view(padded, framed.shape)
    hits = np.argwhere((windows == framed).all(axis=(2, 3)))
    return [tuple(h) for h in hits]


def test_daynight_ship_moves_two_cells_every_14_generations():
    grid, rule = load("daynight_ship", size=(40, 20), topology="bounded")
    sim = Simulation(grid, rule)
    assert displacement(grid, sim.step(14)) == (-2, 0)
    assert displacement(grid, sim.step(14)) == (-4, 0)


def test_seeds_kills_every_live_cell_each_generation():
    grid, rule = load("seeds_domino", size=(30, 30))
    sim = Simulation(grid, rule)
    for _ in range(6):
        before = sim.grid.cells.copy()
        after = sim.step().cells
        assert not (before & after).any()
    assert sim.population > 2


def test_replicator_rule_makes_eight_copies_of_a_cell():
    grid, rule = load("replicator_rule_cell", size=(21, 21))
    sim = Simulation(grid, rule)
    sim.step(4)
    live = {(int(y) - 10, int(x) - 10) for y, x in np.argwhere(sim.grid.cells)}
    assert live == {(dy, dx) for dy in (-4, 0, 4) for dx in (-4, 0, 4)} - {(0, 0)}


def test_default_gun_and_eater_is_period_30_for_ever():
    """The default pattern: once its first glider reaches the eater, every 30 generations repeat."""
    from lifesim.io.patterns import DEFAULT_PATTERN

    pattern = read_pattern(find_pattern(DEFAULT_PATTERN))
    grid = Grid.empty(pattern.cells.shape[0] + 4, pattern.cells.shape[1] + 4, "bounded").place(pattern.cells)
    sim = Simulation(grid, pattern.rule)
    settled = sim.step(200)
    assert sim.step(30) == settled
    assert sim.population > grid.population + 5  # gliders in flight between gun and eater
    assert np.array_equal(settled.cells[-8:, -8:], grid.cells[-8:, -8:])  # the eater is intact
