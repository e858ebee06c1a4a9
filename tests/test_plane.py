"""The infinite plane: the sparse Plane's API, and known histories stepped on it."""

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, Simulation, parse_rule
from lifesim.cells import step_cell
from lifesim.drivers import get_driver
from lifesim.errors import CellError, LifesimError
from lifesim.outcome import DIED, PERIODIC, run_to_outcome
from lifesim.drivers.base import plane_rule
from lifesim.protocol import Neighborhood, Query, Transition
from lifesim.rules import Rule
from lifesim.simulation import ROUNDS_PER_JUMP
from lifesim.app.cli import main
from lifesim.universe import REACH, TILE, Plane
from tests.rule_fixtures import STEPPED, counted_life, crowded_even_rows_live

LIFE = parse_rule("B3/S23")
SERIAL = get_driver("serial")

GLIDER = "-*-\n--*\n***"  # moves (+1, +1) every 4 generations
R_PENTOMINO = "-**\n**-\n-*-"
DIEHARD = "------*-\n**------\n-*---***"
ACORN = "-*-----\n---*---\n**--***"
GOSPER_GUN = """
------------------------*-----------
----------------------*-*-----------
------------**------**------------**
-----------*---*----**------------**
**--------*-----*---**--------------
**--------*---*-**----*-*-----------
----------*-----*-------*-----------
-----------*---*--------------------
------------**----------------------
"""


def plane(text, origin=(0, 0)):
    return Plane.from_cells(Grid.from_text(text).cells, origin)


@pytest.fixture(scope="module")
def compiled():
    with get_driver("compiled") as driver:
        yield driver


# --- the Plane's API ---------------------------------------------------------------------------

coordinate = st.integers(-(10 ** 12), 10 ** 12)
cells = st.dictionaries(st.tuples(st.integers(-200, 200), st.integers(-200, 200)), st.integers(0, 255), max_size=60)


@settings(max_examples=60, deadline=None)
@given(cells=cells, shift=st.tuples(coordinate, coordinate))
def test_points_round_trip_sorted_and_without_empty_cells(cells, shift):
    dy, dx = shift
    ys = np.array([y + dy for y, _ in cells], np.int64)
    xs = np.array([x + dx for _, x in cells], np.int64)
    p = Plane.from_points(ys, xs, np.array(list(cells.values()), np.uint8))
    live = sorted((y + dy, x + dx, s) for (y, x), s in cells.items() if s)
    got_y, got_x, got_s = p.points()
    assert list(zip(got_y.tolist(), got_x.tolist(), got_s.tolist())) == live
    assert got_y.dtype == np.int64 and got_s.dtype == np.uint8
    assert p.population == len(live)
    assert p.tile_populations().tolist() == [int(np.count_nonzero(p.tiles[k])) for k in map(tuple, p.keys.tolist())]
    assert p.max_state == max((s for *_, s in live), default=0)
    assert p == Plane.from_points(*p.points()) == pickle.loads(pickle.dumps(p))
    assert p.digest() == Plane.from_points(*p.points()).digest()
    if live:
        y0, y1 = min(y for y, *_ in live), max(y for y, *_ in live) + 1
        x0, x1 = min(x for _, x, _ in live), max(x for _, x, _ in live) + 1
        assert p.bounding_box() == (y0, y1, x0, x1)
        window = p.window(y0 - 3, y1 + 2, x0 - 1, x1 + 4)
        assert window.shape == (y1 - y0 + 5, x1 - x0 + 5) and window.dtype == np.uint8
        assert Plane.from_cells(window, origin=(y0 - 3, x0 - 1)) == p
    else:
        assert p.bounding_box() is None and p == Plane.empty()


@settings(max_examples=40, deadline=None)
@given(cells=cells, edits=cells, shift=st.tuples(coordinate, coordinate))
def test_with_points_sets_and_clears_cells(cells, edits, shift):
    def points(d):
        return (np.array([y for y, _ in d], np.int64), np.array([x for _, x in d], np.int64),
                np.array(list(d.values()), np.uint8))

    p = Plane.from_points(*points(cells)).with_points(*points(edits))
    assert p == Plane.from_points(*points({**cells, **edits}))
    assert p.changed is None  # an edited plane has no change record: the next step visits all
    dy, dx = shift
    moved = p.translated(dy, dx)
    assert moved.digest_normalised() == p.digest_normalised()
    assert moved.population == p.population
    if (dy, dx) != (0, 0) and p.population:
        assert moved != p and moved.digest() != p.digest()


def test_negative_coordinates_and_a_tile_dropped_when_emptied():
    p = Plane.from_points([-1, -1, 5], [-1, -TILE - 3, 5], [1, 2, 1])
    assert p.tile_count == 3
    assert p.window(-1, 0, -TILE - 3, 0)[0, [0, -1]].tolist() == [2, 1]
    q = p.with_points([-1], [-TILE - 3], [0])
    assert q.tile_count == 2 and q.population == 2
    assert q.with_points([-1, 5], [-1, 5], 0) == Plane.empty()
    assert set(p.tiles) == {(-1, -1), (-1, -2), (0, 0)}
    assert not p.tiles[(-1, -1)].flags.writeable


def test_a_plane_moves_its_frame_for_far_edits_and_refuses_what_no_frame_holds(compiled):
    far = REACH * TILE + 7  # farther than codes reach from the first blinker's frame
    p = plane("***", origin=(0, 0)).with_points(*plane("***", origin=(far, -far)).points())
    assert p.points()[0].tolist() == [0, 0, 0, far, far, far]
    assert compiled.advance(p, LIFE, 2) == p
    edge = (2 * REACH - 12) * TILE  # a glider flying out of what the middle frame can name
    p = plane("***").with_points(*plane(GLIDER, origin=(edge, 0)).points())
    with pytest.raises(LifesimError, match="spans more than"):
        compiled.advance(p, LIFE, 1000)


def test_from_cells_places_the_array_at_its_origin():
    p = plane(GLIDER, origin=(-10, 7))
    assert p.bounding_box() == (-10, -7, 7, 10)
    assert str(p) == GLIDER


def test_bad_points_are_one_line_errors():
    with pytest.raises(LifesimError, match="one of each"):
        Plane.from_points([1, 2], [3], [1, 1])
    with pytest.raises(LifesimError, match="within"):
        Plane.from_points([2 ** 62], [0], [1])
    with pytest.raises(LifesimError, match="0..255"):
        Plane.from_points([0], [0], [300])
    with pytest.raises(LifesimError, match="spans more than"):
        Plane.from_points([0, 2 ** 40 * TILE], [0, 0], 1)


# --- known histories -------------------------------------------------------------------------

def test_a_glider_flies_one_cell_diagonally_every_four_generations():
    g = plane(GLIDER, origin=(-1, -1))
    for generations in (4, 400):
        assert SERIAL.advance(g, LIFE, generations) == g.translated(generations // 4, generations // 4)


def test_a_glider_far_away_costs_what_a_glider_costs():
    far = 10 ** 6
    g = plane(GLIDER, origin=(-far, far))
    after = SERIAL.advance(g, LIFE, 40)
    assert after == g.translated(10, 10)
    assert after.tile_count <= 4


def test_a_glider_flying_into_negative_coordinates():
    g = plane("***\n*--\n-*-", origin=(2, 2))  # moves (-1, -1) every 4 generations
    assert SERIAL.advance(g, LIFE, 80) == g.translated(-20, -20)


def test_diehard_dies_at_generation_130():
    d = plane(DIEHARD)
    assert SERIAL.advance(d, LIFE, 129).population > 0
    assert SERIAL.advance(d, LIFE, 130) == Plane.empty()


def test_r_pentomino_settles_with_116_cells_at_1103(compiled):
    assert compiled.advance(plane(R_PENTOMINO), LIFE, 1103).population == 116


def test_r_pentomino_on_serial_matches_compiled(compiled):
    r = plane(R_PENTOMINO, origin=(-1, -1))
    assert SERIAL.advance(r, LIFE, 200) == compiled.advance(r, LIFE, 200)


def test_acorn_reaches_633_cells_at_5206(compiled):
    assert compiled.advance(plane(ACORN), LIFE, 5206).population == 633


def test_gosper_gun_grows_by_a_glider_every_30_generations(compiled):
    gun = compiled.advance(plane(GOSPER_GUN), LIFE, 30)
    for _ in range(8):
        later = compiled.advance(gun, LIFE, 30)
        assert later.population == gun.population + 5
        gun = later


# --- rules the plane refuses ---------------------------------------------------------------------

def _b0_cell(y, x):
    yield Query(y, x)
    yield Transition(y, x, 1)


def test_b0_rules_golly_cannot_emulate_are_refused_in_one_line():
    # (B0 rules of two states and radius 1 are emulated: tests/test_b0.py)
    for rule in (parse_rule("B03/S23/C3"), parse_rule("R2,C0,M0,S2..3,B0..3,NM"),
                 Rule.from_cell(_b0_cell, "always", states=3)):
        with pytest.raises(LifesimError, match="B0") as info:
            SERIAL.advance(plane(GLIDER), rule, 1)
        assert "\n" not in str(info.value)


def test_a_textbook_rule_runs_on_the_plane():
    textbook = Rule.from_cell(step_cell, "textbook-cells")
    g = plane(GLIDER, origin=(-3, -3))
    assert SERIAL.advance(g, textbook, 8) == g.translated(2, 2)


# --- Simulation and outcomes -------------------------------------------------------------------

def test_simulation_on_the_plane_records_populations():
    with Simulation(plane(R_PENTOMINO), "B3/S23") as sim:
        sim.step(10)
        assert sim.history[0] == 5 and len(sim.history) == 11
        assert sim.grid.topology == "plane" and sim.population == sim.grid.population


def test_a_run_that_needs_no_generation_goes_in_rounds_on_compiled_but_not_one_that_does(tmp_path):
    k = get_driver("compiled").plane_round * ROUNDS_PER_JUMP
    with Simulation(plane(R_PENTOMINO), "B3/S23", get_driver("compiled")) as sim:
        sim.advance(2 * k + 5, every=False)
        assert sim.generation == 2 * k + 5 and list(sim.generations_recorded) == [0, k, 2 * k, 2 * k + 5]
        assert sim.grid == SERIAL.advance(plane(R_PENTOMINO), LIFE, 2 * k + 5)
    with Simulation(plane(R_PENTOMINO), "B3/S23", get_driver("compiled")) as sim:
        sim.advance(20)
        assert len(sim.history) == 21 and sim.recorded is None
    (tmp_path / "r.rle").write_text("x = 3, y = 3\nb2o$2o$bo!\n")
    for stats in ([], ["--stats", str(tmp_path / "s.csv")]):
        assert main([str(tmp_path / "r.rle"), "--headless", "--quiet", "--generations", "200", "--driver",
                     "compiled", "--out", str(tmp_path / "end.rle")] + stats) == 0
    assert len((tmp_path / "s.csv").read_text().splitlines()) == 202  # header and generations 0..200


def test_a_glider_is_periodic_with_its_displacement():
    with Simulation(plane(GLIDER), "B3/S23") as sim:
        outcome = run_to_outcome(sim, 1001)
        assert (outcome.kind, outcome.period, outcome.displacement) == (PERIODIC, 4, (1, 1))
        assert "displacement 1,1" in str(outcome)
        assert sim.grid == SERIAL.advance(plane(GLIDER), LIFE, 1001)


def test_a_blinker_has_no_displacement_and_diehard_dies():
    with Simulation(plane("***", origin=(-50, 9)), "B3/S23") as sim:
        outcome = run_to_outcome(sim, 11)
        assert (outcome.kind, outcome.period, outcome.displacement) == (PERIODIC, 2, (0, 0))
    with Simulation(plane(DIEHARD), "B3/S23") as sim:
        outcome = run_to_outcome(sim, 500)
        assert (outcome.kind, outcome.at) == (DIED, 130)


def test_a_plane_with_a_state_the_rule_lacks_is_refused():
    with pytest.raises(LifesimError, match="plane holds state 2"):
        Simulation(Plane.from_points([0], [0], [2]), "B3/S23")


# --- every driver on the plane ------------------------------------------------------------------

AGREE_RULES = {
    "life": LIFE,
    "highlife": parse_rule("B36/S23"),
    "brians-brain": parse_rule("B2/S/C3"),
    "golly-generations": parse_rule("345/2/4"),
    "larger-than-life": parse_rule("lifesim.examples.larger:larger_than_life"),
    "textbook-cells": Rule.from_cell(step_cell, "textbook-cells"),
}


@st.composite
def plane_soups(draw):
    """(rule name, Plane): a random soup of the rule's states up to 12x12, anywhere (across tile
    edges, negative coordinates, far away), sometimes two soups a few tiles apart."""
    name = draw(st.sampled_from(sorted(AGREE_RULES)))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    states = AGREE_RULES[name].states
    p = Plane.empty()
    for _ in range(draw(st.integers(1, 2))):
        h, w = draw(st.integers(1, 12)), draw(st.integers(1, 12))
        origin = (draw(st.sampled_from([-TILE - 5, -3, 0, TILE - 6, 10 ** 9])) + draw(st.integers(0, 3 * TILE)),
                  draw(st.sampled_from([-TILE - 5, -3, 0, TILE - 6, -(10 ** 9)])) + draw(st.integers(0, 3 * TILE)))
        soup = Plane.from_cells(rng.integers(0, states, (h, w), dtype=np.uint8), origin)
        p = p.with_points(*soup.points())
    return name, p


@settings(max_examples=12, deadline=None)
@given(soup=plane_soups())
def test_every_driver_matches_serial_on_the_plane(driver, soup):
    name, p = soup
    rule = AGREE_RULES[name]
    expected = p
    for _ in range(3):
        p, expected = driver.advance(p, rule, 1), SERIAL.advance(expected, rule, 1)
        assert p == expected
    assert driver.advance(p, rule, 2) == SERIAL.advance(expected, rule, 2)


def breaks_far_east(y, x):
    state = yield Query(y, x)
    if x >= 10 ** 6:
        raise ZeroDivisionError("far east")
    yield Transition(y, x, state)


def test_a_cell_error_on_the_plane_names_the_cell_on_every_driver(driver):
    if driver.name == "compiled":
        pytest.skip("the compiled driver runs the rule's table, traced near the origin")
    p = Plane.from_points([-7], [10 ** 6 + 40], 1)
    with pytest.raises(CellError, match=r"cell \(-\d+, 100\d\d\d\d\).*far east"):
        driver.advance(p, Rule.from_cell(breaks_far_east, "breaks_far_east"), 1)
    assert driver.advance(plane(GLIDER), LIFE, 4) == plane(GLIDER).translated(1, 1)  # still usable


# --- stepping only what can change --------------------------------------------------------------

def full_steps(driver, p, rule, generations):
    """``generations`` steps that each visit every cell near a live one (no change record)."""
    for _ in range(generations):
        p = driver.advance(p.with_points([], [], []), rule, 1)
    return p


@st.composite
def lifelike_rules(draw):
    """A random B/S rule without B0 (the plane refuses those), sometimes with C states."""
    birth = draw(st.sets(st.integers(1, 8)))
    survival = draw(st.sets(st.integers(0, 8)))
    text = "B" + "".join(map(str, sorted(birth))) + "/S" + "".join(map(str, sorted(survival)))
    return parse_rule(text + draw(st.sampled_from(["", "", "/C3", "/C5"])))


@settings(max_examples=30, deadline=None)
@given(rule=lifelike_rules(), seed=st.integers(0, 2 ** 32 - 1), side=st.integers(1, 40),
       origin=st.tuples(st.integers(-100, 100), st.integers(-100, 100)))
def test_skipping_unchanged_tiles_equals_stepping_them(compiled, rule, seed, side, origin):
    cells = np.random.default_rng(seed).integers(0, rule.states, (side, side), dtype=np.uint8)
    p = Plane.from_cells(cells, origin)
    assert compiled.advance(p, rule, 30) == full_steps(compiled, p, rule, 30)


@settings(max_examples=15, deadline=None)
@given(soup=plane_soups(), generations=st.integers(1, 20))
def test_compiled_rounds_of_several_generations_equal_single_steps(compiled, soup, generations):
    # the cells and the change record (which the next step reads) are those of one step at a time
    name, p = soup
    rule = AGREE_RULES[name]
    one = get_driver("compiled")
    one.plane_round = 1
    with one:
        expected = one.advance(p, rule, generations)
        got = compiled.advance(p, rule, generations)
        assert got == expected
        assert got.changed == expected.changed
        assert compiled.advance(got, rule, 7) == one.advance(expected, rule, 7)


@settings(max_examples=25, deadline=None)
@given(rule=st.builds(lambda b, s: parse_rule("B" + "".join(map(str, sorted(b))) + "/S" + "".join(map(str, sorted(s)))),
                      st.sets(st.integers(1, 8)), st.sets(st.integers(0, 8))),
       seed=st.integers(0, 2 ** 32 - 1), side=st.integers(1, 14), generations=st.integers(1, 20))
def test_bit_packed_rounds_equal_the_coroutines(compiled, rule, seed, side, generations):
    # every two-state Moore rule without B0 goes through lifesim.drivers.bitrows on compiled
    cells = np.random.default_rng(seed).integers(0, 2, (side, side), dtype=np.uint8)
    p = Plane.from_cells(cells, (TILE - 5, -3))
    assert compiled.advance(p, rule, generations) == SERIAL.advance(p, rule, generations)


def test_compiled_steps_the_plane_in_rounds(compiled, monkeypatch):
    rounds = []
    work = Plane.work
    monkeypatch.setattr(Plane, "work", lambda self, radius, changes=None: rounds.append(radius) or work(self, radius, changes))
    k = compiled.bit_round  # Life goes through bit-packed rows, in rounds of its own length
    assert k > 1
    end = compiled.advance(plane(ACORN), LIFE, 2 * k + 1)
    assert rounds == [k, k, 1]  # halos k cells deep for Life (radius 1), then one generation
    assert end == SERIAL.advance(plane(ACORN), LIFE, 2 * k + 1)
    rounds.clear()
    larger, k = AGREE_RULES["larger-than-life"], compiled.plane_round
    compiled.advance(plane(ACORN), larger, k)
    assert rounds == [larger.radius * k]  # radius 2, the uint8 kernel's rounds: halos twice as deep


@settings(max_examples=15, deadline=None)
@given(soup=plane_soups())
def test_skipping_on_serial_equals_full_stepping(soup):
    name, p = soup
    rule = AGREE_RULES[name]
    assert SERIAL.advance(p, rule, 6) == full_steps(SERIAL, p, rule, 6)


def test_a_still_life_costs_no_cell_once_settled_but_not_under_a_position_dependent_rule():
    block = plane("**\n**", origin=(-100, 5))
    steady = Rule.from_cell(counted_life, "counted_life")
    assert plane_rule(steady) is True
    settled = SERIAL.advance(block, steady, 1)
    assert settled == block and settled.changed == frozenset()
    STEPPED.clear()
    assert SERIAL.advance(settled, steady, 10) == block
    assert STEPPED == []
    unsteady = Rule.from_cell(crowded_even_rows_live, "crowded_even_rows_live")
    assert plane_rule(unsteady) is False
    after = SERIAL.advance(block, unsteady, 1)
    STEPPED.clear()
    assert SERIAL.advance(after, unsteady, 10) == block
    assert len(STEPPED) >= 10 * 16  # every cell near the block, every generation


# --- rules that look farther than a tile --------------------------------------------------------

def test_a_rule_looking_farther_than_a_tile_runs_on_the_plane_as_on_a_large_enough_grid(compiled):
    rule = parse_rule("R40,C0,M1,S1000..2500,B900..1500,NM")
    cells = np.random.default_rng(3).integers(0, 2, (70, 60), dtype=np.uint8)
    start = Plane.from_cells(cells, (-1000, 10 ** 9))
    end = compiled.advance(start, rule, 4)
    # the truth: a bounded grid with room for 4 generations of growth (40 cells each) all round
    grid = Grid.empty(70 + 2 * 200, 60 + 2 * 200, "bounded").place(cells, (200, 200))
    truth = compiled.advance(grid, rule, 4).cells
    assert end == Plane.from_cells(truth, (-1200, 10 ** 9 - 200)) and end.population > 0


def test_a_far_sighted_window_larger_than_allowed_is_one_line(compiled, monkeypatch):
    import lifesim.drivers.base as base
    monkeypatch.setattr(base, "FAR_SIGHTED_CELLS", 1000)
    with pytest.raises(LifesimError, match=r"looks 40 cells away.*more than 1,000 cells") as info:
        compiled.advance(plane(GLIDER), parse_rule("R40,C0,M1,S1000..2500,B900..1500,NM"), 1)
    assert "\n" not in str(info.value)


def _far_and_position_dependent(y, x):
    state = yield Query(y, x)
    yield Transition(y, x, state if (y + x) % 2 == 0 else 0)  # radius 40 declared, its position read


def test_a_far_sighted_rule_that_reads_its_position_is_refused_on_the_plane_in_one_line():
    rule = Rule.from_cell(_far_and_position_dependent, "far", radius=40)
    with pytest.raises(LifesimError, match="farther than a tile, and is not shown deterministic") as info:
        SERIAL.advance(plane(GLIDER), rule, 1)
    assert "\n" not in str(info.value)
