"""Cross-check: the coroutine drivers against an independent numpy implementation of
Life-like and Generations rules, on random soups, sizes, rules and both topologies."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid
from lifesim.rules import parse_rule


def reference_step(cells, birth, survival, states, torus):
    """One generation by array shifts, written without any of lifesim's code."""
    alive = (cells == 1).astype(np.int32)
    if torus:
        counts = sum(np.roll(np.roll(alive, dy, 0), dx, 1)
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)
    else:
        p = np.pad(alive, 1)
        h, w = cells.shape
        counts = sum(p[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1) if dy or dx)
    born = (cells == 0) & np.isin(counts, list(birth))
    stays = (cells == 1) & np.isin(counts, list(survival))
    nxt = np.zeros_like(cells)
    nxt[born | stays] = 1
    if states > 2:
        nxt[(cells == 1) & ~stays] = 2
        dying = cells >= 2
        nxt[dying] = (cells[dying] + 1) % states
    return nxt


RULES = ["B3/S23", "B36/S23", "B2/S", "B3678/S34678", "B1357/S1357", "B2/S/C3", "345/2/4", "B0/S8"]


@settings(max_examples=40, deadline=None)
@given(
    rule_text=st.sampled_from(RULES),
    height=st.integers(1, 12),
    width=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    topology=st.sampled_from(["torus", "bounded"]),
)
def test_drivers_match_the_reference(driver, rule_text, height, width, seed, topology):
    rule = parse_rule(rule_text)
    rng = np.random.default_rng(seed)
    cells = rng.integers(0, rule.states, (height, width), dtype=np.uint8)
    grid = Grid(cells, topology)
    expected = cells
    for _ in range(3):
        expected = reference_step(expected, rule.birth, rule.survival, rule.states, topology == "torus")
        grid = driver.advance(grid, rule)
        assert np.array_equal(grid.cells, expected)


def test_bigger_soups_match_the_reference(driver):
    for rule_text, seed in [("B3/S23", 1), ("B36/S23", 2), ("B2/S/C3", 3)]:
        rule = parse_rule(rule_text)
        grid = Grid.random(48, 37, 0.35, seed=seed)
        expected = grid.cells
        grid = driver.advance(grid, rule, 5)
        for _ in range(5):
            expected = reference_step(expected, rule.birth, rule.survival, rule.states, True)
        assert np.array_equal(grid.cells, expected)


def test_textbook_cells_and_batched_cells_agree(driver):
    from lifesim.cells import step_cell
    from lifesim.rules import Rule

    grid = Grid.random(20, 31, 0.4, seed=9, topology="bounded")
    assert driver.advance(grid, Rule.from_cell(step_cell), 4) == driver.advance(grid, parse_rule("life"), 4)
