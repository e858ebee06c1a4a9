"""Rule compilation and the compiled driver: tables traced from coroutines, applied to arrays."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lifesim.drivers.compile as compile_module
from lifesim import Grid, LifesimError, Query, Transition
from lifesim.cells import step_cell
from lifesim.drivers.compile import MOORE, CompileError, compile_rule
from lifesim.drivers import get_driver
from lifesim.errors import CellError
from lifesim.examples.larger import larger_than_life
from lifesim.rules import Rule, parse_rule, textbook_rule
from tests.rule_fixtures import coin, highlife, stripes
from tests.strategies import soups


def weighted(y, x):
    """Orthogonal neighbours weigh 2, diagonal ones 1: born on 5..6, survives on 4..6."""
    own = yield Query(y, x)
    total = 0
    for dy, dx in MOORE:
        state = yield Query(y + dy, x + dx)
        total += state * (2 if dy == 0 or dx == 0 else 1)
    yield Transition(y, x, int(total in ((4, 5, 6) if own else (5, 6))))


def von_neumann(y, x):
    own = yield Query(y, x)
    n = 0
    for dy, dx in ((-1, 0), (0, -1), (0, 1), (1, 0)):
        n += yield Query(y + dy, x + dx)
    yield Transition(y, x, int(n in (1, 3) or (own and n == 2)))


def three_state(y, x):
    """Not a counts rule: neighbours in state 2 matter."""
    own = yield Query(y, x)
    twos = 0
    for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        twos += (yield Query(y + dy, x + dx)) == 2
    yield Transition(y, x, (own + twos) % 3)


three_state.states = 3


def flip(y, x):
    """Radius 0: reads only itself."""
    own = yield Query(y, x)
    yield Transition(y, x, 1 - own)


flip.radius = 0


def east_only(y, x):
    """Reads nothing but its east neighbour: a shift to the west each generation."""
    yield Transition(y, x, (yield Query(y, x + 1)))


def wide(y, x):
    """Larger than Life without its totalistic declaration: 2**25 neighbourhoods to try."""
    return (yield from larger_than_life(y, x))


wide.radius = 2


def false_totalistic(y, x):
    """Declares itself totalistic but weighs its neighbours."""
    yield Query(y, x)
    total = 0
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            if dy or dx:
                total += (yield Query(y + dy, x + dx)) * (2 if dy == 0 else 1)
    yield Transition(y, x, int(total in (7, 8, 9)))


false_totalistic.radius = 2
false_totalistic.totalistic = True


def raises_on_crowds(y, x):
    total = 0
    for dy, dx in MOORE:
        total += yield Query(y + dy, x + dx)
    if total == 8:
        raise ValueError("too crowded")
    yield Transition(y, x, 0)


def shy(y, x):
    """Reads its west neighbour only when north is alive and east is empty."""
    north = yield Query(y - 1, x)
    if north:
        east = yield Query(y, x + 1)
        if not east:
            west = yield Query(y, x - 1)
            yield Transition(y, x, west)
            return
    yield Transition(y, x, north)


RULES = {
    "life": parse_rule("life"),
    "brians-brain": parse_rule("brians-brain"),
    "textbook": textbook_rule(),
    "step_cell": Rule.from_cell(step_cell),
    "weighted": parse_rule(weighted),
    "von_neumann": parse_rule(von_neumann),
    "three_state": parse_rule(three_state),
    "flip": parse_rule(flip),
    "east_only": parse_rule(east_only),
    "larger_than_life": parse_rule(larger_than_life),  # totalistic = True: tabulated by (state, count)
}


@settings(max_examples=60, deadline=None)
@given(soup=soups(RULES, 14), workers=st.sampled_from([1, 2, 3]))
def test_compiled_agrees_with_serial_cell_for_cell(soup, workers):
    name, grid = soup
    rule = RULES[name]
    with get_driver("serial") as serial, get_driver("compiled", workers) as compiled:
        assert compiled.advance(grid, rule, 3) == serial.advance(grid, rule, 3)


def test_chunks_and_bands_cover_every_row(monkeypatch):
    """Many small chunks per band give the same grid as one chunk."""
    import lifesim.drivers.compiled as driver_module

    grid = Grid.random(40, 9, 0.4, seed=3)
    whole = get_driver("compiled").advance(grid, RULES["weighted"], 4)
    monkeypatch.setattr(driver_module, "CHUNK_CELLS", 20)
    with get_driver("compiled", 3) as driver:
        assert driver.advance(grid, RULES["weighted"], 4) == whole


def test_runs_reuse_one_spare_array_per_shape_and_never_write_into_a_grid_they_returned():
    rule, grid = RULES["weighted"], Grid.random(24, 16, 0.5, seed=5)
    small = Grid.random(8, 8, 0.5, seed=6)
    with get_driver("compiled", 2) as driver:
        first = driver.advance(grid, rule, 3)
        kept = first.cells.copy()
        spare = driver._spare_like(grid.cells)
        for generations in (1, 2, 3, 4):
            later = driver.advance(first, rule, generations)
            driver.advance(small, rule, 2)  # another size between runs keeps its own spare
            assert later.cells is not spare and later.cells is not first.cells
        assert driver._spare_like(grid.cells) is spare  # the same work array, run after run
        assert np.array_equal(first.cells, kept) and not first.cells.flags.writeable


def test_scratch_arrays_are_kept_per_name_shape_and_dtype_and_per_thread():
    from concurrent.futures import ThreadPoolExecutor

    from lifesim.drivers.compiled import Scratch

    scratch = Scratch()
    a = scratch.get("total", (4, 8), np.uint8)
    assert scratch.get("total", (4, 8), np.uint8) is a
    assert scratch.get("total", (3, 8), np.uint8) is not a
    assert scratch.get("total", (4, 8), np.uint16).dtype == np.uint16
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(scratch.get, "total", (4, 8), np.uint8).result() is not a
    for k in range(Scratch.KEEP + 1):  # a run of differently sized grids does not grow it for ever
        scratch.get("total", (k + 10, 8), np.uint8)
    assert len(scratch.arrays) <= Scratch.KEEP


@pytest.mark.parametrize("name, form, title", [
    ("life", "counts", "B3/S23 (Conway's Life)"),
    ("textbook", "counts", "B3/S23 (Conway's Life)"),
    ("step_cell", "counts", "B3/S23 (Conway's Life)"),
    # isotropic but not totalistic: Hensel's letters name it
    ("weighted", "index", "B3aejkr4-cejr5e/S2ei3-c4-ejr5e"),
    ("von_neumann", "counts", "B13/S123V"),
    ("three_state", "index", None),
    ("larger_than_life", "counts", None),
])
def test_tables_take_the_simplest_form(name, form, title):
    compiled = compile_rule(RULES[name])
    assert (compiled.form, compiled.title()) == (form, title)


def test_a_hand_written_moore_rule_is_recognised_by_its_rulestring():
    compiled = compile_rule(parse_rule(highlife))
    assert compiled.rulestring() == "B36/S23" and compiled.title() == "B36/S23 (HighLife)"
    assert compiled.table.shape == (2, 9)


def test_the_neighbourhood_is_the_offsets_queried():
    assert compile_rule(RULES["von_neumann"]).offsets == ((-1, 0), (0, -1), (0, 1), (1, 0))
    assert compile_rule(RULES["east_only"]).offsets == ((0, 1),)


def test_an_offset_missed_by_the_probes_is_found_while_tabulating(monkeypatch):
    monkeypatch.setattr(compile_module, "neighbourhood", lambda rule: ((-1, 0),))
    compiled = compile_rule(parse_rule(shy))
    assert set(compiled.offsets) == {(-1, 0), (0, 1), (0, -1)}
    grid = Grid.random(12, 12, 0.5, seed=4)
    assert get_driver("compiled").advance(grid, parse_rule(shy), 3) == get_driver("serial").advance(grid, parse_rule(shy), 3)


@pytest.mark.parametrize("cell, reason", [
    (wide, r"2\^25 = 33,554,432 combinations, more than the 65,536 .*set cell.totalistic = True"),
    (false_totalistic, "declares totalistic = True, but"),
    (coin, "not deterministic"),
    (stripes, "position-dependent"),
])
def test_untabulable_rules_are_refused_with_the_reason(cell, reason):
    rule = parse_rule(cell)
    with pytest.raises(CompileError, match=reason):
        compile_rule(rule)
    with pytest.raises(LifesimError, match=reason):
        get_driver("compiled").advance(Grid.empty(4, 4), rule)


def test_a_coin_flip_over_a_tiny_table_is_caught_every_time():
    for _ in range(60):  # it used to slip through one time in sixteen
        with pytest.raises(CompileError, match="not deterministic"):
            compile_rule(parse_rule(coin))


def test_a_rule_that_raises_while_traced_is_a_cell_error_quoting_its_line():
    with pytest.raises(CellError, match=r"ValueError: too crowded at .*test_compiled.py:\d+ \(raise ValueError"):
        get_driver("compiled").advance(Grid.empty(4, 4), parse_rule(raises_on_crowds))


def test_a_rule_is_compiled_once_whoever_asks_and_a_reloaded_rule_again():
    rule = parse_rule(highlife)
    assert compile_rule(rule) is compile_rule(rule)  # a run's driver choice, then its driver
    assert compile_rule(parse_rule(highlife)) is not compile_rule(rule)


def test_a_rule_is_traced_once_per_driver(monkeypatch):
    import lifesim.drivers.compiled as driver_module

    calls = []
    monkeypatch.setattr(driver_module, "compile_rule", lambda rule: calls.append(rule) or compile_rule(rule))
    rule, grid = RULES["weighted"], Grid.random(8, 8, 0.5, seed=1)
    with get_driver("compiled") as driver:
        driver.advance(grid, rule, 2)
        driver.advance(grid, rule, 2)
    assert calls == [rule]


def test_the_given_grid_is_left_alone_and_zero_generations_is_the_grid():
    grid = Grid.random(6, 6, 0.5, seed=2)
    before = grid.cells.copy()
    driver = get_driver("compiled")
    driver.advance(grid, RULES["life"], 3)
    assert np.array_equal(grid.cells, before)
    assert driver.advance(grid, RULES["life"], 0) is grid


@settings(max_examples=25, deadline=None)
@given(r=st.integers(1, 20), torus=st.booleans(), seed=st.integers(0, 2 ** 32 - 1),
       n=st.integers(1, 30), w=st.integers(1, 60))
def test_box_sums_by_running_sums_equal_the_box_counted(r, torus, seed, n, w):
    # wide boxes (r > PREFIX_RADIUS) are summed by running sums, narrow ones by additions
    from lifesim.drivers.compiled import Scratch, _box_sum
    rows = np.random.default_rng(seed).integers(0, 2, (n + 2 * r, w), dtype=np.uint8)
    padded = np.pad(rows, ((0, 0), (r, r)), mode="wrap" if torus else "constant")
    expected = np.array([[padded[y:y + 2 * r + 1, x:x + 2 * r + 1].sum() for x in range(w)] for y in range(n)])
    dtype = np.uint8 if (2 * r + 1) ** 2 < 256 else np.uint16
    assert np.array_equal(_box_sum(rows, r, torus, Scratch(), dtype), expected)
