"""identify: apgcode, period, displacement, speed, population, heat and volatility of a pattern,
and the growth class of one that does not repeat."""

import json

import numpy as np
import pytest

from lifesim.app.cli import main
from lifesim.census.cycles import EXPLOSIVE, LINEAR, PATHOLOGICAL, growth
from lifesim.census.identify import JSON_KEYS, heat_and_volatility, identify, speed
from lifesim.grid import Grid
from lifesim.rules import parse_rule
from lifesim.universe import Plane
from tests.test_apgcodes import PULSAR

LIFE = parse_rule("B3/S23")


def plane(text):
    return Plane.from_cells(Grid.from_text(text.strip()).cells, (-3, 7))


def test_identify_glider_one_fact_a_line(capsys):
    assert main(["identify", "glider"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:4] == ["apgcode xq4_153", "period 4", "displacement 1,1", "population 5..5"]
    assert "speed c/4" in lines and "direction diagonal" in lines
    assert not any(line.startswith(("heat", "volatility")) for line in lines)


def test_identify_json_blinker_and_glider(capsys):
    assert main(["identify", "blinker", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert list(found) == list(JSON_KEYS)
    assert found == {"apgcode": "xp2_7", "period": 2, "displacement": [0, 0], "population": [3, 3],
                     "heat": 4, "volatility": 0.8}
    assert main(["identify", "glider", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["heat"] is None and found["volatility"] is None and found["displacement"] == [1, 1]


def test_lwss_moves_two_cells_per_period_orthogonally(capsys):
    assert main(["identify", "lwss"]) == 0
    out = capsys.readouterr().out
    assert "apgcode xq4_6frc" in out and "speed c/2" in out and "population 9..12" in out
    assert "direction orthogonal" in out


def test_pulsar_heat_and_volatility_as_lifewiki_gives_them():
    found = identify(plane(PULSAR), LIFE)
    assert found.period == 3 and found.population == (48, 72)
    assert round(found.heat, 1) == 42.7 and round(found.volatility, 2) == 0.73


def test_a_still_life_has_no_heat_and_a_pattern_that_settles_says_when():
    found = identify(plane("**\n*-"), LIFE)  # a pre-block: the block from generation 1
    assert (found.apgcode, found.period, found.at) == ("xs4_33", 1, 1)
    assert found.heat is None and found.volatility is None
    assert "periodic from generation 1" in found.lines()


def test_a_pattern_that_dies_is_the_empty_still_life():
    found = identify(plane("*-*"), LIFE)
    assert (found.apgcode, found.period, found.population) == ("xs0_0", 1, (0, 0))


def test_not_periodic_within_the_limit_says_so_with_growth(capsys):
    assert main(["identify", "gosper_glider_gun", "--generations", "600", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["apgcode"] == LINEAR and found["period"] is None and found["displacement"] is None
    assert main(["identify", "gosper_glider_gun", "--generations", "600"]) == 0
    out = capsys.readouterr().out
    assert "not periodic within 600 generations" in out
    assert "growth linear, 5 more cells every 30 generations" in out


def test_other_rules_and_a_bad_pattern(capsys, tmp_path):
    # a rule given on the command line: the blinker is the same oscillator in HighLife
    assert main(["identify", "blinker", "--rule", "B36/S23"]) == 0
    assert "apgcode xp2_7" in capsys.readouterr().out
    assert main(["identify", str(tmp_path / "nothing.rle")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("lifesim: error:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("displacement, period, text", [
    ((1, 1), 4, "c/4"), ((0, -2), 4, "c/2"), ((-2, 0), 5, "2c/5"), ((1, 0), 1, "c"),
    ((2, 1), 6, "(2,1)c/6"), ((-1, 2), 6, "(2,1)c/6"), ((4, 2), 12, "(2,1)c/6"), ((3, 3), 12, "c/4"),
])
def test_speed_as_lifewiki_writes_it(displacement, period, text):
    assert speed(displacement, period) == text


def test_heat_and_volatility_of_a_blinker_by_hand():
    stack = np.zeros((2, 3, 3), np.uint8)
    stack[0, 1, :] = 1
    stack[1, :, 1] = 1
    assert heat_and_volatility(stack) == (4.0, 0.8)


@pytest.mark.parametrize("history, kind", [
    ([5] * 50, PATHOLOGICAL),
    (list(range(10, 210, 2)), LINEAR),
    ([int(1.1 ** g) for g in range(100)], EXPLOSIVE),
    ([3, 9, 4, 8, 2, 7, 5, 1, 6, 9, 3, 8, 2, 4, 7, 6, 5, 1, 9, 2], PATHOLOGICAL),
])
def test_growth_classes(history, kind):
    assert growth(history).kind == kind
