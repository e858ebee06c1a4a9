"""Every protocol violation is a ProtocolError (or CellError) that names the cell."""

import re

import pytest

from lifesim import Grid, Neighborhood, ProtocolError, Query, Simulation, Transition
from lifesim.drivers import get_driver
from lifesim.drivers.trace import converse
from lifesim.errors import CellError, LifesimError
from lifesim.rules import Rule
from tests.rule_fixtures import (bad_state, float_radius, float_state, forever, garbage, never, other_cell, ticks,
                                 too_far, twice)


def too_far_sideways(y, x):
    yield Query(y, x - 2)
    yield Transition(y, x, 0)


def block_too_big(y, x):
    yield Neighborhood(y, x, 2)
    yield Transition(y, x, 0)


def block_off_centre(y, x):
    yield Neighborhood(y + 1, x, 1)
    yield Transition(y, x, 0)


def nowhere(y, x):
    yield Query(None, x)
    yield Transition(y, x, 0)


def bare_yield(y, x):
    yield


def raises(y, x):
    if (y, x) == (1, 2):
        raise ZeroDivisionError("boom")
    yield Transition(y, x, 0)


def negative_radius(y, x):
    yield Neighborhood(y, x, -1)
    yield Transition(y, x, 0)


def huge_state(y, x):
    yield Transition(y, x, 5.5)


# Each violation, and words of its message that say what was yielded and what was expected.
VIOLATIONS = [
    (garbage, "yielded 'hello'; expected Query(y, x), Neighborhood(y, x, r) or Transition(y, x, state)"),
    (bare_yield, "yielded None; expected Query(y, x)"),
    (ticks, "yielded TICK; expected Query(y, x), Neighborhood(y, x, r) or Transition(y, x, state): only a "
            "whole-grid stream such as simulate() yields TICK"),
    (bad_state, "state=5): state 5 is not one of the rule's states; expected a whole number 0..1 "
                "(set cell.states = N"),
    (huge_state, "state=5.5): state 5.5 is not a whole number; expected one of the rule's states 0..1"),
    (float_state, "state=1.0): state 1.0 is not a whole number; expected one of the rule's states 0..1"),
    (other_cell, "Transition(y=1, x=0, state=0) is for another cell; expected Transition(y=0, x=0, state=...)"),
    (twice, "a second Transition Transition(y=0, x=0, state=0); expected the coroutine to finish"),
    (never, "finished without yielding a Transition; expected exactly one Transition(y=0, x=0, state=...)"),
    (forever, "no Transition after 10000 requests; expected one Transition(y, x, state) (does the cell loop"),
    (too_far, "Query(y=-2, x=0) reaches 2 cells from (0, 0), farther than the rule's radius 1; expected requests "
              "within 1 (set cell.radius = 2"),
    (too_far_sideways, "Query(y=0, x=-2) reaches 2 cells from (0, 0), farther than the rule's radius 1"),
    (block_too_big, "Neighborhood(y=0, x=0, radius=2) reaches 2 cells from (0, 0), farther than"),
    (block_off_centre, "Neighborhood(y=1, x=0, radius=1) reaches 2 cells from (0, 0), farther than"),
    (nowhere, "Query(y=None, x=0) names no cell within the rule's radius 1 of (0, 0)"),
    (float_radius, "radius=1.0): radius 1.0 is not a whole number"),
    (negative_radius, "radius=-1): radius -1 is negative"),
]


@pytest.mark.parametrize("cell, words", VIOLATIONS)
def test_violation_names_the_cell(cell, words):
    sim = Simulation(Grid.empty(3, 4), Rule.from_cell(cell))
    with pytest.raises(ProtocolError) as info:
        sim.step()
    assert (info.value.y, info.value.x) == (0, 0)
    assert str(info.value).startswith("cell (0, 0): ") and words in str(info.value)


@pytest.mark.parametrize("driver", ["serial", "threads"])
@pytest.mark.parametrize("cell, words", VIOLATIONS)
def test_every_violation_reads_the_same_on_a_driver_and_in_converse(cell, words, driver):
    """The fast loop and the tracer behind ``rule check`` word each violation identically."""
    rule = Rule.from_cell(cell)
    with get_driver(driver, 1) as d, pytest.raises(ProtocolError) as loop:
        d.advance(Grid.empty(3, 4), rule)
    with pytest.raises(ProtocolError) as trace:
        converse(rule.cell, 0, 0, lambda dy, dx: 0, rule.radius, rule.states)
    assert str(loop.value) == str(trace.value)


@pytest.mark.parametrize("cell, words", [
    (float_radius, "radius=1.0): radius 1.0 is not a whole number"),
    (negative_radius, "radius=-1): radius -1 is negative"),
    (float_state, "state=1.0): state 1.0 is not a whole number; expected one of the rule's states 0..1"),
    (huge_state, "state=5.5): state 5.5 is not a whole number"),
])
def test_the_compiler_rejects_a_number_in_the_loops_words(cell, words):
    """A radius or state that is no whole number: a ProtocolError from every interpreter, never a TypeError."""
    rule = Rule.from_cell(cell)
    with pytest.raises(ProtocolError, match=re.escape(words)):
        Simulation(Grid.empty(3, 4), rule).step()
    with get_driver("compiled") as driver, pytest.raises(LifesimError, match=re.escape(words)):
        Simulation(Grid.empty(3, 4), rule, driver).step()


def test_a_raising_rule_is_a_cell_error_with_its_own_line():
    sim = Simulation(Grid.empty(3, 4), Rule.from_cell(raises))
    with pytest.raises(CellError) as info:
        sim.step()
    assert (info.value.y, info.value.x) == (1, 2)
    assert "ZeroDivisionError: boom" in str(info.value)
    assert "test_protocol_errors.py" in str(info.value) and "raise ZeroDivisionError" in str(info.value)
    assert isinstance(info.value.__cause__, ZeroDivisionError)


def test_grid_is_not_mutated_by_a_failed_generation():
    grid = Grid.from_text("**\n**")
    with pytest.raises(ProtocolError):
        Simulation(grid, Rule.from_cell(twice)).step()
    assert str(grid) == "**\n**"


def returns_a_list(y, x):
    return [Transition(y, x, 0)]


def fails_to_start(y, x):
    raise ValueError("no cell here")


@pytest.mark.parametrize("driver", ["serial", "threads"])
def test_a_cell_that_is_not_a_generator_or_fails_to_start_names_the_cell(driver):
    with get_driver(driver, 1) as d:
        with pytest.raises(ProtocolError, match=r"cell \(0, 0\).*returned \[Transition.*expected a generator"):
            d.advance(Grid.empty(2, 2), Rule.from_cell(returns_a_list))
        with pytest.raises(CellError, match=r"cell \(0, 0\).*ValueError: no cell here"):
            d.advance(Grid.empty(2, 2), Rule.from_cell(fails_to_start))
