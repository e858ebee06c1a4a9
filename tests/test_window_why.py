"""Why did this cell change? The window's why-panel (lifesim.window.why): opened with `w` or a
middle click on a cell, its text is what `rule trace` prints for the cell's neighbourhood in the
previous generation, on every driver, on a torus edge and on the plane."""

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.universe import Plane
from lifesim.window.stepper import Frame
from lifesim.window.why import explain
from conftest import AVAILABLE_DRIVERS, click, frame, key

# A glider's 3x3 box with the cell (5, 5) at its centre: rows 4..6, columns 4..6.
GLIDER = "-*-/--*/***"
TEXT = "\n".join(["-" * 12] * 4 + ["----" + row + "-----" for row in GLIDER.split("/")] + ["-" * 12] * 5)


def rule_trace(capsys, rule, cell, neighbours):
    """What ``python run_life.py rule trace RULE --cell Y,X --neighbours ROWS`` prints, as lines."""
    capsys.readouterr()
    assert main(["rule", "trace", rule, "--cell", f"{cell[0]},{cell[1]}", "--neighbours", neighbours]) == 0
    return capsys.readouterr().out.splitlines()


def point_and_ask(window, pg, cell, how="w"):
    at = window.view.centre_of(*cell)
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=at, rel=(0, 0), buttons=(0, 0, 0)))
    if how == "w":
        key(pg, pg.K_w, "w")
    else:
        click(pg, at, button=2)
    frame(window)


# dask too when asked for: its cluster takes ~8 s to start, and the panel never asks the driver
# (it traces the rule's coroutine on the frame's previous universe, whoever made it).
@pytest.mark.parametrize("name", [n for n in AVAILABLE_DRIVERS if n != "dask"])
def test_the_panel_text_for_a_known_neighbourhood_equals_rule_trace_on_every_driver(pg, tmp_path, capsys, name):
    from lifesim.window.window import Window

    with get_driver(name, workers=2 if name != "serial" else None) as driver:
        sim = Simulation(Grid.from_text(TEXT), "life", driver)
        with Window(sim, "test", size=(500, 400), running=False, threaded=False, save_dir=tmp_path) as window:
            key(pg, pg.K_n, "n")
            frame(window, 2)
            assert window.stepper.frame.generation == 1
            point_and_ask(window, pg, (5, 5))
            why = window.why
            assert why.traced.lines == rule_trace(capsys, "life", (5, 5), GLIDER)
            assert why.before and why.state == window.stepper.sim.grid.cells[5, 5] == 0
            lines = window.why.lines()
            assert lines[1:-1] == why.traced.lines and "generation 0" in lines[0]
            assert lines[-1].startswith("from cells.py:") and "yield Transition" in lines[-1]


def test_w_again_or_esc_closes_and_a_middle_click_opens(make_window, pg):
    window = make_window(text=TEXT)
    point_and_ask(window, pg, (5, 5), how="middle")
    assert window.why_cell == (5, 5) and window.why is not None
    point_and_ask(window, pg, (5, 5))  # the same cell: closed
    assert window.why_cell is None
    point_and_ask(window, pg, (4, 5))
    assert window.why_cell == (4, 5)
    key(pg, pg.K_ESCAPE)
    assert window.handle_events() and window.why_cell is None  # Esc closes the panel, not the window


def test_at_generation_0_it_says_what_the_rule_does_next(make_window, pg, capsys):
    window = make_window(text=TEXT)
    point_and_ask(window, pg, (5, 4))
    assert not window.why.before and "what the rule does next" in window.why.lines()[0]
    block = "/".join(row[3:6] for row in TEXT.splitlines()[4:7])
    assert window.why.traced.lines == rule_trace(capsys, "B3/S23", (5, 4), block)


def test_the_panel_follows_the_running_grid_and_the_current_rule(make_window, pg):
    window = make_window(text=TEXT)
    point_and_ask(window, pg, (5, 5))
    key(pg, pg.K_n, "n")
    frame(window, 2)
    assert "generation 1" in window.why.lines()[0]
    window.replace_rule("B36/S23")  # as --watch does with a saved rule file
    frame(window, 2)
    assert "under rule HighLife" in window.why.traced.lines[0]


def test_a_torus_corner_sees_the_wrapped_neighbourhood():
    grid = Grid.random(8, 8, 0.5, seed=5)
    sim = Simulation(grid)
    sim.step(1)
    frame_ = Frame(sim.grid, grid, 1, sim.population, sim.rule, done=0, leap=1)
    why = explain(frame_, 0, 0)
    assert np.array_equal(why.block, grid.cells[np.ix_([7, 0, 1], [7, 0, 1])])
    assert why.traced.next_state == sim.grid.cells[0, 0]


def test_on_the_plane_far_away(pg, tmp_path, capsys):
    from lifesim.window.window import Window

    far = (10 ** 9, -10 ** 9)
    plane = Plane.from_cells(Grid.from_text("\n".join(GLIDER.split("/"))).cells, origin=far)
    with Window(Simulation(plane), "test", size=(400, 300), running=False, threaded=False,
                save_dir=tmp_path) as window:
        key(pg, pg.K_n, "n")
        frame(window, 2)
        cell = (far[0] + 1, far[1] + 1)
        point_and_ask(window, pg, cell)
        assert window.why.traced.lines == rule_trace(capsys, "B3/S23", cell, GLIDER)


def test_a_rule_from_a_file_names_its_own_source_line(make_window, pg):
    window = make_window(text=TEXT, rule="lifesim.examples.von_neumann:fredkin")
    key(pg, pg.K_n, "n")
    frame(window, 2)
    point_and_ask(window, pg, (5, 5))
    assert window.why.notes()[0].startswith("from von_neumann.py:")


def test_an_edit_since_the_generation_is_said(make_window, pg):
    window = make_window(text=TEXT)
    key(pg, pg.K_n, "n")
    frame(window, 2)
    point_and_ask(window, pg, (0, 0))
    click(pg, window.view.centre_of(0, 0))
    frame(window, 2)
    assert "edited since" in window.why.lines()[-1]
