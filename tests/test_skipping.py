"""Finite grids step only what can change: a grid a driver made remembers its steps, and under a
deterministic, position-independent rule the next step runs only the cells near a change since
one step back and since two. Equal to full stepping on every driver and topology; a
position-dependent or random rule, and an edited grid, are stepped in full."""

import pickle

import numpy as np
import pytest
from hypothesis import given, settings

from lifesim import Grid
from lifesim.cells import step_cell
from lifesim.drivers import compiled as compiled_module
from lifesim.drivers import get_driver
from lifesim.drivers.base import steady_rule
from lifesim.protocol import Neighborhood, Transition
from lifesim.rules import Rule, parse_rule
from tests.rule_fixtures import STEPPED, coin, counted_life, crowded_even_rows_live
from tests.strategies import GOLLY, sparse_soups

LIFE = parse_rule("B3/S23")
SERIAL = get_driver("serial")
RULES = {
    "life": LIFE,
    "highlife": parse_rule("B36/S23"),
    "b0": parse_rule("B0123478/S34678"),  # InverseLife: B0, fine on a finite grid
    "brians-brain": parse_rule("B2/S/C3"),
    "golly-generations": parse_rule("345/2/4"),
    "larger-than-life": parse_rule("lifesim.examples.larger:larger_than_life"),
    "textbook-cells": Rule.from_cell(step_cell, "textbook-cells"),  # a coroutine: traced
}


def full_steps(driver, grid, rule, generations):
    """``generations`` steps, each of a grid with no record: every cell, every generation."""
    for _ in range(generations):
        grid = driver.advance(grid.with_cells(grid.cells), rule, 1)
    return grid


@settings(max_examples=8, deadline=None)
@given(soup=sparse_soups(RULES, 1, 28, GOLLY))
def test_skipping_equals_full_stepping_on_every_driver_and_topology(driver, soup):
    name, grid = soup
    rule = RULES[name]
    expected = full_steps(SERIAL, grid, rule, 10)
    assert driver.advance(grid, rule, 10) == expected
    one_by_one = grid  # records carried from call to call, as a Simulation steps
    for _ in range(10):
        one_by_one = driver.advance(one_by_one, rule, 1)
    assert one_by_one == expected


COROUTINES = {name: RULES[name] for name in ("larger-than-life", "textbook-cells")}


@settings(max_examples=6, deadline=None)
@given(soup=sparse_soups(COROUTINES, 20, 32, GOLLY))
def test_a_coroutine_rule_is_traced_and_skips_on_a_large_enough_grid(driver, soup):
    """A rule that is no B/S rule is traced once the cells a step leaves out outnumber what
    tracing runs (a few hundred): grids of 400 cells and more."""
    name, grid = soup
    rule = COROUTINES[name]
    assert driver.advance(grid, rule, 12) == full_steps(SERIAL, grid, rule, 12)


@pytest.mark.parametrize("topology", GOLLY)
def test_a_settled_soup_skips_on_the_compiled_driver_and_stays_right(topology):
    compiled = get_driver("compiled")
    compiled.min_skip_cells, compiled.busy = 0, 1.0  # skip every row it can (here it would not pay)
    grid = Grid.random(40, 40, 0.3, seed=4, topology=topology)
    assert compiled.advance(grid, LIFE, 150) == full_steps(compiled, grid, LIFE, 150)


@pytest.mark.parametrize("topology", GOLLY)
def test_a_soup_run_until_it_only_blinks_equals_full_stepping(topology):
    """Past the point where every cell's next state is known, generations cost nothing."""
    compiled = get_driver("compiled")
    grid = Grid.random(24, 24, 0.3, seed=9, topology=topology)
    for generations in (97, 98, 400):
        assert SERIAL.advance(grid, LIFE, generations) == full_steps(compiled, grid, LIFE, generations)


BLINKER_AND_BLOCK = Grid.empty(30, 30).place(np.array([[1, 1, 1]]), (5, 4)).place(np.ones((2, 2)), (20, 20))
NEAR_BLINKER = {(y, x) for y in range(3, 8) for x in range(3, 8) if (y, x) not in {(3, 3), (3, 7), (7, 3), (7, 7)}}


@pytest.mark.parametrize("name", ["serial", "threads"])  # in this process, where STEPPED is
def test_only_the_cells_near_a_change_are_stepped(name):
    rule = Rule.from_cell(counted_life, "counted_life")
    assert steady_rule(rule) is True
    with get_driver(name, workers=2 if name != "serial" else None) as driver:
        grid = driver.advance(BLINKER_AND_BLOCK, rule, 1)
        STEPPED.clear()
        grid = driver.advance(grid, rule, 1)
        # the blinker's ends change: the cells within 1 of them, and no cell of the block
        assert set(STEPPED) == NEAR_BLINKER and len(STEPPED) == len(NEAR_BLINKER)
        assert grid == BLINKER_AND_BLOCK
        STEPPED.clear()  # two steps recorded: the blinker's cells are what they were two steps back
        assert driver.advance(grid, rule, 11) == SERIAL.advance(BLINKER_AND_BLOCK, LIFE, 1)
        assert STEPPED == []
        assert driver.advance(grid.set(0, 0, 0), rule, 1) == SERIAL.advance(BLINKER_AND_BLOCK, LIFE, 1)
        assert len(STEPPED) == 900  # an edited grid: every cell


def test_a_position_dependent_or_random_rule_is_stepped_in_full():
    unsteady = Rule.from_cell(crowded_even_rows_live, "crowded_even_rows_live")
    assert steady_rule(unsteady) is False
    grid = SERIAL.advance(BLINKER_AND_BLOCK, unsteady, 2)
    STEPPED.clear()
    SERIAL.advance(grid, unsteady, 3)
    assert len(STEPPED) == 3 * 900
    assert steady_rule(Rule.from_cell(coin, "coin")) is False


def test_a_coroutine_on_a_small_grid_is_not_traced():
    """Tracing runs a rule's cell about 170 times: not for a grid where skipping saves less."""
    rule = Rule.from_cell(counted_life, "counted_life")
    grid = Grid.empty(8, 8).place(np.array([[1, 1, 1]]))
    STEPPED.clear()
    SERIAL.advance(grid, rule, 5)
    assert len(STEPPED) == 5 * 64


def test_a_built_or_edited_grid_has_no_record_and_a_made_one_loses_it_when_pickled():
    grid = SERIAL.advance(BLINKER_AND_BLOCK, LIFE, 1)
    assert grid.changes.rule is LIFE and grid.changes.before is BLINKER_AND_BLOCK.cells
    unknown, known = grid.foreseen(LIFE, 1)
    assert {tuple(c) for c in np.argwhere(unknown).tolist()} == NEAR_BLINKER
    assert np.array_equal(known[~unknown], grid.cells[~unknown])
    assert grid.foreseen(parse_rule("B36/S23"), 1) is None  # made by another rule: unknown
    again = SERIAL.advance(grid, LIFE, 1)
    assert again.changes.before2 is BLINKER_AND_BLOCK.cells
    unknown, known = again.foreseen(LIFE, 1)
    assert not unknown.any() and np.array_equal(known, grid.cells)  # it blinks: next is the one before
    edits = [Grid(grid.cells), grid.with_cells(grid.cells), grid.set(0, 0, 1), grid.place(np.ones((1, 1))),
             grid.with_topology("bounded"), pickle.loads(pickle.dumps(grid))]
    assert all(g.changes is None and g.foreseen(LIFE, 1) is None for g in edits)
    assert pickle.loads(pickle.dumps(grid)) == grid


def test_the_compiled_driver_steps_only_the_rows_near_a_change(monkeypatch):
    compiled = get_driver("compiled", 1)
    compiled.min_skip_cells = 0  # as on a grid large enough for it to pay
    grid = compiled.advance(BLINKER_AND_BLOCK, LIFE, 1)
    rows = []
    band = compiled_module._band
    monkeypatch.setattr(compiled_module, "_band", lambda cells, out, y0, y1, *rest: (rows.append((y0, y1)),
                                                                                       band(cells, out, y0, y1, *rest)))
    grid = compiled.advance(grid, LIFE, 1)
    assert grid == BLINKER_AND_BLOCK and rows == [(3, 8)]
    assert compiled.advance(grid, LIFE, 11) == SERIAL.advance(BLINKER_AND_BLOCK, LIFE, 1)
    assert rows == [(3, 8)]  # then none: the blinker is what it was two steps back
