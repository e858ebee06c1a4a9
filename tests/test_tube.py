"""Tubes and strips (Golly's :T0,20 and :P0,20): the plane with a period or a band on one axis."""

import subprocess
import numpy as np
import pytest

from lifesim import Grid, Simulation, parse_rule
from lifesim.band import Band
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.io import checkpoint
from lifesim.io.formats import format_rle, read_pattern, write_plane
from lifesim.io.patterns import place_pattern
from lifesim.rules import split_grid_suffix
from lifesim.runspec import RunSpec, start
from lifesim.universe import Plane, describe
from tests.golly import BGOLLY, PATTERNS

LIFE = parse_rule("B3/S23")
GLIDER = ([0, 1, 2, 2, 2], [1, 2, 0, 1, 2])  # heads down and right, one cell each way per 4 generations


@pytest.fixture(scope="module")
def serial():
    with get_driver("serial") as d:
        yield d


def cells_of(plane):
    ys, xs, states = plane.points()
    return set(zip(ys.tolist(), xs.tolist(), states.tolist()))


def test_a_suffix_reads_as_a_band_and_golly_coordinates():
    _, topology, size = split_grid_suffix("B3/S23:T0,20")
    band = Band.of(topology, *size)
    assert (topology, band, band.suffix) == ("tube x", Band(0, -10, 20, True), "T0,20")
    _, topology, size = split_grid_suffix("B3/S23:P30,0")
    assert Band.of(topology, *size) == Band(1, -15, 30, False) and Band.of(topology, *size).suffix == "P30,0"
    with pytest.raises(LifesimError, match="runs on the plane"):
        Grid.empty(6, 8, "tube x")


def test_a_glider_crossing_the_seam_of_a_tube_reappears_on_the_other_side(serial):
    for axis in (0, 1):
        band = Band(axis, -3, 6, True)
        glider = Plane.from_points(*GLIDER, 1, band)
        later = serial.advance(glider, LIFE, 24)  # 6 cells on along each axis: once round the tube
        assert cells_of(later) == cells_of(Plane.from_points(GLIDER[0] + np.int64(6), GLIDER[1] + np.int64(6),
                                                            1, band))
        along = later.points()[axis]
        assert along.min() >= -3 and along.max() < 3  # kept in the band
        half = serial.advance(glider, LIFE, 8)  # part way across the seam: split between both edges
        assert set(half.points()[axis].tolist()) & {-3, 2} and half.population == 5


def test_a_tube_matches_a_torus_as_wide_as_the_pattern_never_reaches(serial):
    cells = Grid.random(12, 40, 0.4, seed=3).cells.copy()
    cells[:, :14] = cells[:, -14:] = 0  # 14 columns of room each side for 10 generations
    torus = Grid(cells, "torus")
    tube = Plane.from_cells(cells, (-6, -20), Band(0, -6, 12, True))
    got = serial.advance(tube, LIFE, 10)
    want = serial.advance(torus, LIFE, 10).cells
    assert np.array_equal(got.window(-6, 6, -20, 20), want) and got.population == int(np.count_nonzero(want))


def test_a_strip_reads_empty_beyond_its_band(serial):
    block_on_edge = Plane.from_points([4, 4, 5, 5], [0, 1, 0, 1], 1, Band(1, 0, 2, False))
    # a blinker would reach past the band; the block reads EMPTY there and stays a block
    assert serial.advance(block_on_edge, LIFE, 3) == block_on_edge
    # a vertical blinker at the band's edge: its horizontal phase would need column -1 and 1
    blinker = Plane.from_points([0, 1, 2], [0, 0, 0], 1, Band(1, 0, 1, False))
    assert serial.advance(blinker, LIFE).points()[1].tolist() == [0]
    with pytest.raises(LifesimError, match="beyond the strip"):
        Plane.from_points([0], [5], 1, Band(1, 0, 2, False))


def test_a_strip_matches_a_bounded_grid(serial):
    cells = Grid.random(10, 40, 0.4, seed=5).cells.copy()
    cells[:, :14] = cells[:, -14:] = 0
    strip = Plane.from_cells(cells, (-5, -20), Band(0, -5, 10, False))
    want = serial.advance(Grid(cells, "bounded"), LIFE, 10).cells
    assert np.array_equal(serial.advance(strip, LIFE, 10).window(-5, 5, -20, 20), want)


@pytest.mark.parametrize("band", [Band(0, -10, 20, True), Band(1, -3, 7, True), Band(0, -2, 5, False)])
def test_every_driver_matches_serial_on_a_tube_or_strip(driver, serial, band):
    soup = Grid.random(20, 24, 0.35, seed=band.n).cells
    start = Plane.from_cells(soup if band.axis == 0 else soup.T, (-10, -12), band) if band.wraps else \
        Plane.from_cells(soup[:band.n], (band.lo, -12), band)
    assert driver.advance(start, LIFE, 12) == serial.advance(start, LIFE, 12)


def test_a_pattern_with_a_tube_suffix_lands_on_a_tube_and_says_so():
    pattern = read_pattern(PATTERNS / "Life/Bounded-Grids/pulsars-in-tube.rle") if PATTERNS else None
    if pattern is None:
        pytest.skip("Golly's Patterns folder is not installed")
    tube = place_pattern(pattern)
    assert tube.band == Band(0, -34, 68, True) and tube.topology == "tube x"
    assert describe(tube).startswith("tube x :T0,68 box 68x2")


needs_bgolly = pytest.mark.skipif(BGOLLY is None or PATTERNS is None, reason="bgolly or Golly's patterns missing")


def golly_cells(path, generations, folder):
    """{(y, x, state)} of the pattern file at ``path`` after ``generations`` in bgolly's HashLife,
    in Golly's coordinates (as a macrocell file: bgolly's RLE forgets where the cells are)."""
    subprocess.run([BGOLLY, "-q", "-q", "-a", "HashLife", "-m", str(generations), "-o", str(folder / "out.mc"),
                    str(path)], check=True, capture_output=True, timeout=60)
    return cells_of(read_pattern(folder / "out.mc").tree.to_plane())


@needs_bgolly
def test_pulsars_in_tube_match_bgolly(serial, tmp_path):
    path = PATTERNS / "Life/Bounded-Grids/pulsars-in-tube.rle"
    assert cells_of(serial.advance(place_pattern(read_pattern(path)), LIFE, 50)) == golly_cells(path, 50, tmp_path)


@needs_bgolly
@pytest.mark.parametrize("suffix", ["T0,20", "T30,0", "P0,20", "P30,0"])
def test_a_soup_on_a_tube_matches_bgolly(serial, suffix, tmp_path):
    soup = Grid.random(20, 30, 0.4, seed=7).cells
    (tmp_path / "soup.rle").write_text("#CXRLE Pos=-15,-10\n" + format_rle(soup, f"B3/S23:{suffix}"))
    start = place_pattern(read_pattern(tmp_path / "soup.rle"))
    want = golly_cells(tmp_path / "soup.rle", 50, tmp_path)
    assert want and cells_of(serial.advance(start, LIFE, 50)) == want


@pytest.mark.parametrize("name", ["t.rle", "t.lif", "t.mc"])
def test_a_tube_written_reads_back_as_the_same_tube(serial, tmp_path, name):
    tube = serial.advance(Plane.from_points(*GLIDER, 1, Band(1, -4, 9, True)), LIFE, 13)
    write_plane(tmp_path / name, tube, "B3/S23")
    assert place_pattern(read_pattern(tmp_path / name)) == tube


def test_a_soup_and_a_checkpoint_on_a_tube(tmp_path):
    universe, rule, _ = start(RunSpec(rule="B3/S23:T0,20", seed=4))
    assert universe.band == Band(0, -10, 20, True) and universe.population
    sim = Simulation(universe, rule)
    sim.run(5)
    checkpoint.save(tmp_path / "c.npz", sim)
    assert checkpoint.load(tmp_path / "c.npz").grid == sim.grid


def test_hashlife_steps_a_tube_a_generation_at_a_time_as_golly_does():
    tube = Plane.from_points(*GLIDER, 1, Band(0, -3, 6, True))
    with get_driver("hashlife") as hashlife:
        assert hashlife.advance(tube, LIFE, 40) == get_driver("serial").advance(tube, LIFE, 40)
