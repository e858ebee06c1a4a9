"""The worked example rules: each is clean under ``rule check`` and does what its docstring says."""

import numpy as np
import pytest

from lifesim import Grid, parse_rule
from lifesim.drivers import get_driver
from lifesim.sandbox.check import check

EXAMPLES = [
    "lifesim.examples.conway:step_cell",
    "lifesim.examples.generations:brians_brain",
    "lifesim.examples.larger:larger_than_life",
    "lifesim.examples.von_neumann:fredkin",
    "lifesim.examples.weighted:weighted",
    "lifesim.examples.wireworld:wireworld",
]
# larger_than_life too: it declares totalistic = True; wireworld reads 9 cells in 4 states, 4^9
# conversations, but its rule table compiles (tests/test_rulefile.py)
COMPILABLE = EXAMPLES[:-1]


def shifted(cells, dy, dx, torus):
    """cells[y + dy, x + dx] for every (y, x): wrapped on a torus, EMPTY beyond a bounded edge."""
    if torus:
        return np.roll(cells, (-dy, -dx), (0, 1))
    r = max(abs(dy), abs(dx))
    p = np.pad(cells, r)
    h, w = cells.shape
    return p[r + dy:r + dy + h, r + dx:r + dx + w]


@pytest.mark.parametrize("spec", EXAMPLES)
def test_every_example_is_clean(spec):
    report = check(parse_rule(spec))
    assert report.clean, report.text()


@pytest.mark.parametrize("spec", COMPILABLE)
@pytest.mark.parametrize("topology", ["torus", "bounded"])
def test_compilable_examples_agree_on_serial_and_compiled(spec, topology):
    rule = parse_rule(spec)
    cells = np.random.default_rng(5).integers(0, rule.states, (17, 23), dtype=np.uint8)
    grid = Grid(cells, topology)
    assert get_driver("compiled", 2).advance(grid, rule, 4) == get_driver("serial").advance(grid, rule, 4)


@pytest.mark.parametrize("spec, builtin", [
    ("lifesim.examples.conway:step_cell", "B3/S23"),
    ("lifesim.examples.generations:brians_brain", "brians-brain"),
])
def test_examples_equal_their_builtin_rules(spec, builtin):
    rule, reference = parse_rule(spec), parse_rule(builtin)
    cells = np.random.default_rng(1).integers(0, rule.states, (20, 20), dtype=np.uint8)
    grid = Grid(cells, "bounded")
    serial = get_driver("serial")
    assert serial.advance(grid, rule, 5) == serial.advance(grid, reference, 5)


def test_fredkin_is_the_parity_of_four_neighbours_and_replicates():
    rule = parse_rule("lifesim.examples.von_neumann:fredkin")
    cells = np.random.default_rng(2).integers(0, 2, (12, 15), dtype=np.uint8)
    expected = sum(shifted(cells, dy, dx, True) for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1))) % 2
    assert np.array_equal(get_driver("serial").advance(Grid(cells), rule).cells, expected)
    tromino = Grid.empty(40, 40).set(20, 20, 1).set(20, 21, 1).set(21, 20, 1)
    assert get_driver("compiled").advance(tromino, rule, 8).population == 4 * 3  # four copies


def test_weighted_counts_orthogonal_neighbours_twice():
    from lifesim.examples.weighted import BIRTH, SURVIVAL, WEIGHTS

    cells = np.random.default_rng(3).integers(0, 2, (16, 16), dtype=np.uint8)
    weight = sum(w * shifted(cells, dy, dx, False) for (dy, dx), w in WEIGHTS.items())
    expected = np.where(cells == 1, np.isin(weight, SURVIVAL), np.isin(weight, BIRTH)).astype(np.uint8)
    grid = Grid(cells, "bounded")
    assert np.array_equal(get_driver("serial").advance(grid, parse_rule("lifesim.examples.weighted:weighted")).cells,
                          expected)
    assert parse_rule("lifesim.examples.weighted:weighted").radius == 1


def test_larger_than_life_keeps_its_public_names_and_counts_24_neighbours():
    from lifesim.examples.larger import BIRTH, RADIUS, SURVIVAL, count_box, larger_than_life

    assert RADIUS == 2 and larger_than_life.radius == 2 and callable(count_box)
    cells = np.random.default_rng(4).integers(0, 2, (11, 13), dtype=np.uint8)
    n = sum(shifted(cells, dy, dx, True) for dy in range(-2, 3) for dx in range(-2, 3) if dy or dx)
    expected = np.where(cells == 1, np.isin(n, list(SURVIVAL)), np.isin(n, list(BIRTH))).astype(np.uint8)
    rule = parse_rule("lifesim.examples.larger:larger_than_life")
    assert np.array_equal(get_driver("serial").advance(Grid(cells), rule).cells, expected)
