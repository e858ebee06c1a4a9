"""B0 rules on the plane, emulated as Golly emulates them (lifesim.drivers.b0).

The truth to check against needs no emulation: the same rule on a torus large enough that
nothing reaches round it in the generations run, where the background really is alive or dead.
"""

import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, Simulation, parse_rule
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.drivers.b0 import next_states
from lifesim.drivers.base import b0_emulation
from lifesim.errors import LifesimError
from lifesim.io.checkpoint import Checkpointer, load
from lifesim.io.formats import read_pattern, write_plane
from lifesim.universe import Plane
from tests.golly import BGOLLY

SIDE, AT = 48, 20  # the torus of the truth, and where the soup sits on it and on the plane
SERIAL = get_driver("serial")


@pytest.fixture(scope="module")
def compiled():
    with get_driver("compiled") as driver:
        yield driver


def same_rule(a, b):
    return np.array_equal(next_states(parse_rule(a)), next_states(parse_rule(b)))


@pytest.mark.parametrize("rule, even, odd", [
    # Golly's own examples (Help: QuickLife, "Emulating B0 rules")
    ("B03/S23", "B1245678/S0145678", "B56/S58"),
    ("B0123478/S01234678", "B3/S23", "B3/S23"),  # AntiLife, with Smax: runs as Life
    ("B0124-k/S1c25", "B34k5678/S01-c34678", "B367c/S4-k678"),
])
def test_the_emulating_rules_are_golly_s(rule, even, odd):
    b0 = b0_emulation(parse_rule(rule))
    assert same_rule(b0.even.rulestring, even) and same_rule(b0.odd.rulestring, odd)
    assert b0.blinks == (rule != "B0123478/S01234678")


def test_rules_without_b0_are_not_emulated():
    assert b0_emulation(parse_rule("B3/S23")) is None and b0_emulation(parse_rule("B2/S/C3")) is None


def truth(rule, cells, generations, smax):
    """The real cells of generations 0..``generations`` on a SIDE x SIDE torus: the soup at
    (AT, AT) on a dead background, or, for a rule with Smax, as Golly reads it then, the
    complement (a live background)."""
    grid = np.zeros((SIDE, SIDE), np.uint8)
    h, w = cells.shape
    grid[AT:AT + h, AT:AT + w] = cells
    grid = Grid(1 - grid if smax else grid, "torus")
    out = [grid.cells]
    for _ in range(generations):
        grid = SERIAL.advance(grid, rule, 1)
        out.append(grid.cells)
    return out


@st.composite
def b0_rules(draw):
    """A random two-state B0 rule, totalistic on the Moore, von Neumann or hexagonal neighbourhood."""
    suffix, top = draw(st.sampled_from([("", 8), ("V", 4), ("H", 6)]))
    birth = {0} | draw(st.sets(st.integers(1, top)))
    survival = draw(st.sets(st.integers(0, top)))
    return "B" + "".join(map(str, sorted(birth))) + "/S" + "".join(map(str, sorted(survival))) + suffix, top


@settings(max_examples=25, deadline=None)
@given(rule=b0_rules(), seed=st.integers(0, 2 ** 32 - 1), side=st.integers(1, 6))
def test_the_emulated_plane_holds_the_real_cells_or_their_complement(compiled, rule, seed, side):
    text, top = rule
    rule = parse_rule(text)
    smax = top in rule.survival
    cells = np.random.default_rng(seed).integers(0, 2, (side, side), dtype=np.uint8)
    real = truth(rule, cells, 6, smax)
    for driver in (SERIAL, compiled):
        p = Plane.from_cells(cells, (AT, AT))
        for g in range(7):
            inverted = smax or g % 2 == 1  # Golly stores the complement while the background is alive
            assert np.array_equal(p.window(0, SIDE, 0, SIDE), 1 - real[g] if inverted else real[g]), (driver, g)
            assert p.odd == (g % 2 == 1 and not smax)
            p = driver.advance(p, rule, 1)
        many = driver.advance(Plane.from_cells(cells, (AT, AT)), rule, 5)
        assert np.array_equal(many.window(0, SIDE, 0, SIDE), 1 - real[5]) and many.odd == (not smax)


def test_parity_survives_an_edit_and_a_checkpoint(tmp_path):
    rule = "B03/S23"
    glider = Plane.from_cells(Grid.from_text("-*-\n--*\n***").cells)
    odd = SERIAL.advance(glider, parse_rule(rule), 3)
    assert odd.odd and odd.with_points([100], [100], 1).odd and odd.translated(1, 1).odd
    with Simulation(glider, rule) as sim:
        sim.observers.append(Checkpointer(tmp_path / "c.npz", every=3))
        sim.step(5)
        resumed = load(tmp_path / "c.npz")
        assert resumed.generation == 3 and resumed.grid.odd
        assert SERIAL.advance(resumed.grid, parse_rule(rule), 2) == sim.grid


def test_b0_rules_golly_does_not_emulate_are_refused_in_one_line():
    for text in ("B03/S23/C3", "R2,C0,M0,S2..3,B0..3,NM"):
        with pytest.raises(LifesimError, match="two-state rules of radius 1") as info:
            SERIAL.advance(Plane.from_points([0], [0]), parse_rule(text), 1)
        assert "\n" not in str(info.value)


def test_the_command_line_runs_a_b0_pattern_on_the_plane(tmp_path, capsys):
    (tmp_path / "in.rle").write_text("x = 3, y = 3, rule = B03/S23\nbo$2bo$3o!\n")
    assert main([str(tmp_path / "in.rle"), "--headless", "--quiet", "--generations", "3",
                 "--out", str(tmp_path / "out.rle")]) == 0
    out = read_pattern(tmp_path / "out.rle")
    assert out.rule == "B03/S23" and len(out.points[0]) == 24  # the complement, as Golly writes it


@pytest.mark.skipif(BGOLLY is None, reason="bgolly (Golly's command line) is not installed")
@pytest.mark.parametrize("rule", ["B03/S23", "B0123478/S01234678", "B013/S012V", "B0124-k/S1c25"])
def test_bgolly_agrees(compiled, tmp_path, rule):
    cells = np.random.default_rng(7).integers(0, 2, (8, 8), dtype=np.uint8)
    source = Plane.from_cells(cells)
    write_plane(tmp_path / "in.rle", source, parse_rule(rule))
    for g in (1, 2, 5):
        subprocess.run([BGOLLY, "-q", "-q", "-m", str(g), "-o", str(tmp_path / "g.rle"), str(tmp_path / "in.rle")],
                       check=True, capture_output=True, timeout=60)
        golly = read_pattern(tmp_path / "g.rle")
        ours = compiled.advance(source, parse_rule(rule), g)
        ys, xs, states = ours.points()
        gy, gx, gs = golly.points
        # bgolly's RLE starts at its bounding box: compare the cells relative to theirs
        assert sorted(zip(ys - ys.min(), xs - xs.min())) == sorted(zip(gy - gy.min(), gx - gx.min())), g


def test_a_file_s_generation_sets_the_parity_as_golly_s_count_does(tmp_path):
    # written at an odd generation (#CXRLE Gen=3) and read back, the run goes on as if never stopped
    source = tmp_path / "in.rle"
    source.write_text("x = 3, y = 3, rule = B03/S23\nbo$2bo$3o!\n")
    assert main([str(source), "--headless", "--quiet", "--generations", "3", "--out", str(tmp_path / "g3.rle")]) == 0
    assert "Gen=3" in (tmp_path / "g3.rle").read_text()
    assert main([str(tmp_path / "g3.rle"), "--headless", "--quiet", "--generations", "2",
                 "--out", str(tmp_path / "g5.rle")]) == 0
    assert main([str(source), "--headless", "--quiet", "--generations", "5", "--out", str(tmp_path / "all.rle")]) == 0
    assert read_pattern(tmp_path / "g5.rle").points[0].tolist() == read_pattern(tmp_path / "all.rle").points[0].tolist()
    assert (tmp_path / "g5.rle").read_text() == (tmp_path / "all.rle").read_text()
    if BGOLLY is not None:  # Golly reads the generation too: -m is the generation to stop at
        subprocess.run([BGOLLY, "-q", "-q", "-m", "5", "-o", str(tmp_path / "golly.rle"), str(tmp_path / "g3.rle")],
                       check=True, capture_output=True, timeout=60)
        golly = read_pattern(tmp_path / "golly.rle").points
        ours = read_pattern(tmp_path / "g5.rle").points
        assert [a.tolist() for a in golly] == [a.tolist() for a in ours]


def test_b0_on_a_strip_is_refused_in_one_line_but_runs_on_a_tube():
    from lifesim.io.formats import parse_pattern_text
    from lifesim.io.patterns import place_pattern
    glider = "bo$2bo$3o!\n"
    strip = place_pattern(parse_pattern_text("x = 3, y = 3, rule = B03/S23:P0,10\n" + glider))
    with pytest.raises(LifesimError, match="strip.*edge stays empty") as info:
        SERIAL.advance(strip, parse_rule("B03/S23"), 1)
    assert "\n" not in str(info.value)
    # a tube has no edge: the emulation holds; the truth is a torus as tall as the tube, wide enough
    tube = place_pattern(parse_pattern_text("x = 3, y = 3, rule = B03/S23:T0,10\n" + glider))
    torus = Grid(np.zeros((10, 60), np.uint8), "torus")
    torus = torus.place(Grid.from_text("-*-\n--*\n***").cells, (tube.bounding_box()[0] + 5, 30))
    truth = SERIAL.advance(torus, parse_rule("B03/S23"), 4).cells  # even: stored as it is
    x0 = tube.bounding_box()[2]
    assert np.array_equal(SERIAL.advance(tube, parse_rule("B03/S23"), 4).window(-5, 5, x0 - 25, x0 + 28),
                          truth[:, 5:58])
