"""Every driver gives the serial driver's grid, generation by generation: random soups, odd and
tiny sizes (1xN, fewer rows than workers), two-state, Generations and radius-2 rules, both
topologies."""

import numpy as np
from hypothesis import given, settings

from lifesim import Grid
from lifesim.cells import step_cell
from lifesim.drivers import get_driver
from lifesim.rules import Rule, parse_rule
from tests.strategies import soups

RULES = {
    "life": parse_rule("B3/S23"),
    "highlife": parse_rule("B36/S23"),
    "brians-brain": parse_rule("B2/S/C3"),
    "golly-generations": parse_rule("345/2/4"),
    "larger-than-life": parse_rule("lifesim.examples.larger:larger_than_life"),
    "textbook-cells": Rule.from_cell(step_cell, "textbook-cells"),
}

SERIAL = get_driver("serial")


@settings(max_examples=30, deadline=None)
@given(soup=soups(RULES, 9))
def test_every_driver_matches_serial_each_generation(driver, soup):
    rule_name, grid = soup
    rule = RULES[rule_name]
    expected = grid
    for _ in range(3):
        grid, expected = driver.advance(grid, rule), SERIAL.advance(expected, rule)
        assert grid == expected


def test_many_generations_in_one_call_match_one_at_a_time(driver):
    rule = RULES["larger-than-life"]
    grid = Grid.random(23, 17, 0.45, seed=5, topology="bounded")
    one_by_one = grid
    for _ in range(4):
        one_by_one = SERIAL.advance(one_by_one, rule)
    assert driver.advance(grid, rule, 4) == one_by_one


def test_the_given_grid_is_left_alone(driver):
    grid = Grid.random(11, 13, 0.5, seed=8)
    before = grid.cells.copy()
    driver.advance(grid, RULES["life"], 2)
    assert np.array_equal(grid.cells, before)
