"""The hashlife driver: the same cells as the compiled driver, astronomically many generations on."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, Simulation, parse_rule
from lifesim.app.batch import main as batch
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.io.formats import parse_pattern_text
from lifesim.errors import LifesimError, SettingError
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.quadplane import QuadPlane
from lifesim.universe import Plane

LIFE = parse_rule("B3/S23")
COMPILED = get_driver("compiled")
HASHLIFE = get_driver("hashlife")  # one for the hypothesis examples, as a long run keeps one


@pytest.fixture
def hashlife():
    with get_driver("hashlife") as driver:
        yield driver


def bundled(name):
    return place_pattern(read_pattern(find_pattern(name)))


def test_the_gun_grows_by_a_glider_every_30_generations_for_2_to_the_100(hashlife):
    gun = QuadPlane.from_plane(bundled("gosper_glider_gun"))  # one store: each run reuses what the last learnt
    first = [gun.population]  # generations 0..29, from the compiled driver
    plane = bundled("gosper_glider_gun")
    for _ in range(29):
        plane = COMPILED.advance(plane, LIFE, 1)
        first.append(plane.population)
    # a glider (5 cells) leaves every 30 generations, and the gun repeats: pop(N) = pop(N % 30) + 5 (N // 30)
    for n in (30, 100, 255, 256):
        assert hashlife.advance(gun, LIFE, n).population == COMPILED.advance(plane, LIFE, n - 29).population
    for k in (8, 10, 20, 30, 40, 64, 100):
        n = 2 ** k
        assert hashlife.advance(gun, LIFE, n).population == first[n % 30] + 5 * (n // 30), k
    assert hashlife.advance(gun, LIFE, 2 ** 30).population == 178_957_021  # bgolly -i 2^30 says so too


KNOWN = ("glider", "r_pentomino", "diehard", "acorn", "gosper_glider_gun", "pulsar", "lwss", "pentadecathlon")


@pytest.mark.parametrize("name", KNOWN)
def test_known_patterns_match_the_compiled_driver_every_generation_to_256(hashlife, name):
    quad = plane = bundled(name)
    for generation in range(1, 257):
        quad, plane = hashlife.advance(quad, LIFE, 1), COMPILED.advance(plane, LIFE, 1)
        assert quad == plane, generation
    start = bundled(name)
    for n in (3, 77, 128, 255):  # one call, the powers of two of n
        assert hashlife.advance(start, LIFE, n) == COMPILED.advance(start, LIFE, n), n


RULES = {
    "life": LIFE,
    "highlife": parse_rule("B36/S23"),
    "brians-brain": parse_rule("B2/S/C3"),
    "star-wars": parse_rule("345/2/4"),
    "weighted": parse_rule("lifesim.examples.weighted:weighted"),  # a 512-entry index table
    "fredkin": parse_rule("lifesim.examples.von_neumann:fredkin"),  # von Neumann counts
}


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(sorted(RULES)), seed=st.integers(0, 2 ** 32 - 1), side=st.integers(1, 10),
       generations=st.integers(0, 70), far=st.sampled_from([0, -(10 ** 12), 2 ** 40 + 3]))
def test_random_soups_match_the_compiled_driver(name, seed, side, generations, far):
    rule = RULES[name]
    cells = np.random.default_rng(seed).integers(0, rule.states, (side, side), dtype=np.uint8)
    soup = Plane.from_cells(cells, (far, -far // 3))
    got = HASHLIFE.advance(soup, rule, generations)
    assert isinstance(got, QuadPlane)
    assert got == COMPILED.advance(soup, rule, generations)


def test_a_generations_ship_moves_as_on_the_compiled_driver(hashlife):
    rule = parse_rule("B2/S/C3")
    ship = bundled("brians_brain_ship")
    assert hashlife.advance(ship, rule, 200) == COMPILED.advance(ship, rule, 200)
    assert hashlife.advance(ship, rule, 200).max_state == 2


def test_what_hashlife_cannot_run_is_refused_in_one_line(hashlife):
    with pytest.raises(LifesimError, match="reads cells 2 away .use --driver compiled."):
        hashlife.advance(bundled("glider"), parse_rule("lifesim.examples.larger:larger_than_life"), 1)
    with pytest.raises(LifesimError, match="has B0 but not Smax"):
        hashlife.advance(bundled("glider"), parse_rule("B03/S23"), 1)
    with pytest.raises(LifesimError, match="the plane holds state 2, but rule B3/S23 has only states 0..1"):
        hashlife.advance(Plane.from_points([0], [0], 2), LIFE, 1)
    with pytest.raises(SettingError):
        get_driver("hashlife", memory=0)


def test_a_tiny_memory_collects_and_still_gets_the_cells(hashlife):
    with get_driver("hashlife", memory=1) as small:
        told = []
        small.progress = lambda done, power, nodes: told.append((done, power, nodes))
        quad = small.advance(bundled("r_pentomino"), LIFE, 1103)
        assert quad.population == 116 and quad.store.collections >= 1
        assert quad == COMPILED.advance(bundled("r_pentomino"), LIFE, 1103)
        assert [(d, p) for d, p, _ in told if d in (1, 3, 7)] == [(1, 0), (3, 1), (7, 2)]
        assert told[-1][:2] == (1103, 10)


def test_a_simulation_on_hashlife_jumps_and_records_the_end(hashlife):
    with Simulation(bundled("gosper_glider_gun"), LIFE, hashlife) as sim:
        seen = []
        sim.observers.append(lambda s: seen.append(s.generation))
        sim.advance(2 ** 40)
        assert seen == [2 ** 40] and sim.generation == 2 ** 40
        assert list(sim.generations_recorded) == [0, 2 ** 40] and sim.history[0] == 36
        sim.step(2)
        assert list(sim.generations_recorded) == [0, 2 ** 40, 2 ** 40 + 1, 2 ** 40 + 2]
    with Simulation(bundled("glider"), LIFE, COMPILED) as sim:
        sim.advance(3)  # a driver that does not jump steps each generation
        assert list(sim.generations_recorded) == [0, 1, 2, 3] and sim.recorded is None


# --- the command line ----------------------------------------------------------------------------

def test_the_gun_runs_2_to_the_40_generations_headless_in_one_jump(tmp_path, capsys):
    stats, out = tmp_path / "gun.csv", tmp_path / "gun.rle"
    assert main(["gosper_glider_gun", "--driver", "hashlife", "--generations", "2^40", "--headless",
                 "--memory", "64", "--stats", str(stats)]) == 0
    summary = capsys.readouterr().out
    n = 2 ** 40
    end = HASHLIFE.advance(bundled("gosper_glider_gun"), LIFE, n).population
    assert f"{n} generations" in summary and f"population 36 -> {end};" in summary
    assert stats.read_text() == f"generation,population\n0,36\n{n},{end}\n"
    assert main(["gosper_glider_gun", "--driver", "hashlife", "--generations", "300", "--headless", "--quiet",
                 "--out", str(out)]) == 0
    assert place_pattern(read_pattern(out)) == COMPILED.advance(bundled("gosper_glider_gun"), LIFE, 300)


@pytest.mark.parametrize("argv, words", [
    (["--gif", "run.gif"], "--gif needs every generation, and the hashlife driver jumps"),
    (["--checkpoint-every", "5"], "--checkpoint-every needs every generation"),
])
def test_what_a_hashlife_run_cannot_do_is_refused_in_one_line(tmp_path, monkeypatch, capsys, argv, words):
    monkeypatch.chdir(tmp_path)
    assert main(["glider", "--driver", "hashlife", "--headless", "--generations", "4", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
    assert main(["glider", "--memory", "5", "--headless"]) == 2
    assert "--memory applies to the hashlife driver, not 'serial'" in capsys.readouterr().err


# --- batch runs ----------------------------------------------------------------------------------

def test_a_batch_on_hashlife_jumps_to_the_count_and_says_died_or_changing(tmp_path, capsys):
    results = tmp_path / "rows.jsonl"
    assert batch(["gosper_glider_gun", "diehard", "--soups", "2", "--topology", "plane", "--driver", "hashlife",
                  "--generations", "2^30", "--workers", "1", "--results", str(results), "--quiet"]) == 0
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    gun, diehard, soup, _ = rows
    assert (gun["outcome"], gun["at"], gun["final_population"], gun["min_population"]) == ("changing", None, 178_957_021, 36)
    assert (diehard["outcome"], diehard["at"], diehard["final_population"], diehard["max_population"]) == ("died", None, 0, 7)
    assert soup["topology"] == "plane" and soup["outcome"] in ("changing", "died") and soup["error"] is None
    assert main(["batch", "glider", "--driver", "hashlife", "--pictures", str(tmp_path), "--gifs"]) == 2
    assert "--gifs needs every generation, and the hashlife driver jumps over them" in capsys.readouterr().err


def test_a_b0_rule_with_smax_runs_as_golly_emulates_it(hashlife):
    # AntiLife (B0123478/S01234678) runs as Life, the file's cells being the complement of the real ones
    antilife = parse_rule("B0123478/S01234678")
    start = bundled("glider")
    assert hashlife.advance(start, antilife, 1024).to_plane() == hashlife.advance(start, LIFE, 1024).to_plane()
    assert hashlife.advance(start, antilife, 40).to_plane() == get_driver("serial").advance(start, antilife, 40)


def test_bounded_universes_go_a_generation_at_a_time_as_in_golly(hashlife):
    # Golly's HashLife steps bounded grids too: a glider goes round a 20x20 torus in 80 generations
    glider = Grid.from_text("-*-\n--*\n***")
    torus = Grid.empty(20, 20).place(glider.cells, (0, 0))
    assert hashlife.advance(torus, LIFE, 80) == torus
    assert hashlife.advance(torus, LIFE, 7) == get_driver("serial").advance(torus, LIFE, 7)
    tube = place_pattern(parse_pattern_text("x = 3, y = 3, rule = B3/S23:T0,20\nbo$2bo$3o!\n"))
    assert hashlife.advance(tube, LIFE, 100) == get_driver("serial").advance(tube, LIFE, 100)


def test_the_command_line_runs_hashlife_on_a_torus(capsys):
    assert main(["glider", "--driver", "hashlife", "--size", "20x20", "--headless", "--generations", "80"]) == 0
    assert "population 5 -> 5" in capsys.readouterr().out
