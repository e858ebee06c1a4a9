"""The textbook coroutines, driven with fake data exactly as the textbook does."""

from lifesim import ALIVE, EMPTY, TICK, Grid, Query, Simulation, Transition
from lifesim.cells import count_neighbors, game_logic, simulate, step_cell
from lifesim.rules import Rule

from conftest import drive

# The columns the textbook prints for its 5x9 glider, generations 0..4.
TEXTBOOK_COLUMNS = """\
---*----- | --------- | --------- | --------- | ---------
----*---- | --*-*---- | ----*---- | ---*----- | ----*----
--***---- | ---**---- | --*-*---- | ----**--- | -----*---
--------- | ---*----- | ---**---- | ---**---- | ---***---
--------- | --------- | --------- | --------- | ---------"""


def test_count_neighbors_queries_north_first_and_counts():
    """count_neighbors(10, 5) asks for (11, 5), then (11, 6), ... and returns the live count."""
    it = count_neighbors(10, 5)
    q0 = next(it)
    q1 = it.send(ALIVE)
    assert (q0, q1) == (Query(11, 5), Query(11, 6))
    q2 = it.send(ALIVE)
    q3 = it.send(EMPTY)
    assert (q2, q3) == (Query(10, 6), Query(9, 6))
    for state in (ALIVE, EMPTY, EMPTY, EMPTY):
        it.send(state)
    try:
        it.send(EMPTY)
    except StopIteration as e:
        assert e.value == 3
    else:
        raise AssertionError("count_neighbors did not return after 8 queries")


def test_count_neighbors_visits_all_eight_neighbours():
    items, count = drive(count_neighbors(10, 5), [ALIVE] * 8)
    assert count == 8
    assert {(q.y - 10, q.x - 5) for q in items} == {(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)} - {(0, 0)}


def test_step_cell_queries_itself_first_and_dies_alone():
    """step_cell(10, 5): Query(10, 5) first; alive with no live neighbour -> Transition(10, 5, EMPTY)."""
    items, _ = drive(step_cell(10, 5), [ALIVE] + [EMPTY] * 8)
    assert items[0] == Query(10, 5)
    assert items[-1] == Transition(10, 5, EMPTY)
    assert len(items) == 10


def test_step_cell_birth_with_three():
    items, _ = drive(step_cell(2, 3), [EMPTY, ALIVE, ALIVE, ALIVE] + [EMPTY] * 5)
    assert items[-1] == Transition(2, 3, ALIVE)


def test_game_logic_table():
    assert [game_logic(ALIVE, n) for n in range(9)] == [0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert [game_logic(EMPTY, n) for n in range(9)] == [0, 0, 0, 1, 0, 0, 0, 0, 0]


def test_simulate_yields_tick_after_every_cell():
    sim = simulate(2, 3)
    transitions = 0
    item = next(sim)
    while item is not TICK:
        item = sim.send(EMPTY) if isinstance(item, Query) else next(sim)
        if isinstance(item, Transition):
            transitions += 1
    assert transitions == 6


def _columns(grids):
    lines = [str(g).splitlines() for g in grids]
    return "\n".join(" | ".join(col[i] for col in lines) for i in range(len(lines[0])))


TEXTBOOK_GLIDER = """\
---*-----
----*----
--***----
---------
---------"""


def test_textbook_glider_columns_through_simulation():
    """The 5x9 glider over generations 0..4 prints exactly the textbook's columns."""
    grid = Grid.from_text(TEXTBOOK_GLIDER)
    assert str(grid) == TEXTBOOK_GLIDER
    sim = Simulation(grid, Rule.from_cell(step_cell, "textbook"))
    grids = [sim.grid]
    for _ in range(4):
        grids.append(sim.step())
    assert _columns(grids) == TEXTBOOK_COLUMNS


def test_textbook_glider_columns_through_simulate_stream():
    """simulate() driven the textbook's way (live_a_generation) gives the same columns."""
    grid = Grid.from_text(TEXTBOOK_GLIDER)
    sim = simulate(grid.height, grid.width)
    grids = [grid]
    for _ in range(4):
        cells = grid.cells
        nxt = cells.copy()
        item = next(sim)
        while item is not TICK:
            if isinstance(item, Query):
                item = sim.send(int(cells[item.y % grid.height, item.x % grid.width]))
            else:
                nxt[item.y, item.x] = item.state
                item = next(sim)
        grid = grid.with_cells(nxt)
        grids.append(grid)
    assert _columns(grids) == TEXTBOOK_COLUMNS


def test_textbook_copy_agrees():
    """The bench's faithful textbook copy prints the same columns (guards the copy itself)."""
    from lifesim import textbook as tb

    g = tb.Grid(5, 9)
    for y, x in [(0, 3), (1, 4), (2, 2), (2, 3), (2, 4)]:
        g.assign(y, x, tb.ALIVE)
    sim = tb.simulate(g.height, g.width)
    texts = [str(g).strip()]
    for _ in range(4):
        g = tb.live_a_generation(g, sim)
        texts.append(str(g).strip())
    assert "\n".join(" | ".join(t.splitlines()[i] for t in texts) for i in range(5)) == TEXTBOOK_COLUMNS
