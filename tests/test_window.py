"""The pygame window (lifesim.window.window): real mouse events posted into the queue under SDL's
dummy video driver, drawing, screenshots, and the no-display fallback. Its keys are in
test_window_keys.py, its view in test_window_view.py, its clock in test_window_stepper.py."""

import math
import subprocess
import sys
import time

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.window import view as _view
from lifesim.app.cli import main
from lifesim.io.formats import read_pattern
from conftest import click, frame, key


# The window, driven by real pygame events -----------------------------------------------------------

def test_left_click_draws_and_erases_a_cell_with_the_worker_thread(make_window, pg):
    window = make_window(text=("-" * 12 + "\n") * 10, threaded=True)
    click(pg, window.view.centre_of(2, 2))
    frame(window)
    assert window.cell_state(2, 2) == 1  # drawn at once, whether or not the worker has applied it yet
    assert window.stepper.wait_idle()
    assert window.stepper.sim.grid.cells[2, 2] == 1
    click(pg, window.view.centre_of(2, 2))  # a click on a live cell erases it
    frame(window)
    assert window.stepper.wait_idle()
    assert window.stepper.sim.population == 0


def test_brackets_choose_the_drawing_state_of_a_multi_state_rule(make_window, pg):
    from lifesim.rules import rule_from_text
    from tests.rule_files import WIREWORLD
    window = make_window(text=("-" * 12 + "\n") * 10, rule=rule_from_text(WIREWORLD))
    assert window.draw_state == 1 and "draw 1" in window.status_text()
    key(pg, 0, "]")
    key(pg, 0, "]")
    frame(window)
    assert window.draw_state == 3 and "draw 3" in window.status_text()
    click(pg, window.view.centre_of(2, 2))  # WireWorld's wire
    frame(window)
    assert window.cell_state(2, 2) == 3
    key(pg, 0, "]")  # round to 1: an electron's head
    frame(window)
    click(pg, window.view.centre_of(2, 2))  # over the wire: drawn as the head
    frame(window)
    assert window.cell_state(2, 2) == 1 and window.draw_state == 1
    click(pg, window.view.centre_of(2, 2))  # on a cell of the drawing state: erased
    key(pg, 0, "[")
    frame(window)
    assert window.cell_state(2, 2) == 0 and window.draw_state == 3
    window.replace_rule("B3/S23")  # fewer states: it draws the highest there is
    frame(window, 2)
    assert window.draw_state == 1 and "draw" not in window.status_text()


def test_drawing_while_running_lands_between_generations(make_window, pg):
    window = make_window(text=("-" * 12 + "\n") * 10, threaded=True, running=True, rate=math.inf)
    for cell in ((5, 5), (5, 6), (6, 5), (6, 6)):  # a block: still there however many generations pass
        click(pg, window.view.centre_of(*cell))
    frame(window)
    assert window.stepper.wait_idle()
    window.stepper.set_running(False)
    assert window.stepper.wait_idle()
    assert window.stepper.sim.grid.cells[5:7, 5:7].tolist() == [[1, 1], [1, 1]]
    assert window.stepper.sim.population == 4


def test_left_drag_draws_a_gapless_line(make_window, pg):
    window = make_window(text=("-" * 20 + "\n") * 10)
    start, end = window.view.centre_of(4, 2), window.view.centre_of(4, 15)
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=start, button=1))
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=end, rel=(end[0] - start[0], 0), buttons=(1, 0, 0)))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=end, button=1))
    frame(window, 2)
    assert window.stepper.sim.grid.cells[4, 2:16].tolist() == [1] * 14
    assert window.stepper.sim.population == 14


def test_wheel_zooms_around_the_cursor_and_right_drag_pans(make_window, pg):
    window = make_window()
    at = (250, 140)
    under, zoom = window.view.cell_at(*at), window.view.zoom
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=at, rel=(0, 0), buttons=(0, 0, 0)))
    pg.event.post(pg.event.Event(pg.MOUSEWHEEL, x=0, y=2, flipped=False))
    frame(window)
    assert window.view.zoom == pytest.approx(zoom * 1.25 ** 2) and window.view.cell_at(*at) == under
    offset = window.view.offset
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=at, button=3))
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=(260, 120), rel=(10, -20), buttons=(0, 0, 1)))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=(260, 120), button=3))
    frame(window)
    assert window.view.offset == (offset[0] + 10, offset[1] - 20)
    key(pg, pg.K_LEFT)
    key(pg, pg.K_RIGHT, mod=pg.KMOD_SHIFT)  # Shift+Right pans back instead of stepping
    frame(window)
    assert window.view.offset == (offset[0] + 10, offset[1] - 20) and window.stepper.frame.generation == 0


def test_replace_rule_and_show_message_are_hooks_for_live_reloading(make_window, pg):
    window = make_window()
    window.replace_rule("B36/S23")
    frame(window)
    assert str(window.stepper.sim.rule) == "B36/S23" and "rule: B36/S23" in window.messages[-1][0]
    window.replace_rule("nonsense-rule")
    frame(window)
    assert str(window.stepper.sim.rule) == "B36/S23" and "nonsense-rule" in window.messages[-1][0]
    window.show_message("hello")
    frame(window)
    assert window.messages[-1][0] == "hello"


def test_drawing_messages_survives_one_arriving_mid_draw(make_window, pg):
    """show_message runs on the worker thread; drawing must not iterate the live deque."""
    window = make_window()

    class Arriving(tuple):  # unpacking it posts a message, as the worker may do mid-draw
        def __iter__(self):
            window.show_message("from the worker")
            return super().__iter__()

    window.messages.append(Arriving(("first", time.monotonic() + 60)))
    frame(window)
    assert window.messages[-1][0] == "from the worker"


def test_status_line_names_generation_population_rule_driver_topology(make_window):
    window = make_window()
    text = window.status_text()
    for part in ("gen 0", "pop 7", "gen/s", "B3/S23", "serial", "torus 6x10", "paused"):
        assert part in text


def test_screenshot_pixels_show_cells_where_the_view_puts_them(make_window, pg, tmp_path):
    window = make_window()
    window.highlight = False
    frame(window)
    path = tmp_path / "shot.png"
    window.screenshot(path)
    image = pg.image.load(str(path))
    assert image.get_size() == (400, 300)
    colours = _view.palette(2)
    cells = window.stepper.sim.grid.cells
    for (y, x), state in np.ndenumerate(cells):
        assert tuple(image.get_at(window.view.centre_of(y, x)))[:3] == tuple(colours[state][:3]), (y, x)


def test_born_and_died_cells_get_their_own_colours(make_window, pg):
    window = make_window()
    key(pg, pg.K_n, "n")  # the horizontal blinker turns vertical
    frame(window, 2)
    screen = pg.display.get_surface()
    colours = _view.palette(2)
    for cell, code in (((3, 7), _view.BORN), ((5, 7), _view.BORN), ((4, 6), _view.DIED),
                       ((4, 8), _view.DIED), ((4, 7), 1), ((1, 1), 1), ((0, 0), 0)):
        assert tuple(screen.get_at(window.view.centre_of(*cell)))[:3] == tuple(colours[code][:3]), cell


def test_a_new_frame_is_drawn_even_where_a_freed_one_lay(make_window, pg):
    """A frame freed after drawing may hand its id() to the next one; the picture must still change."""
    from lifesim.window.stepper import Frame

    window = make_window()
    window.highlight = False
    stepper, rule = window.stepper, window.stepper.sim.rule

    def show(grid):
        stepper.frame = Frame(grid, None, 0, grid.population, rule, 0)  # where CPython freed the last
        window.draw()
        return tuple(pg.display.get_surface().get_at(window.view.centre_of(0, 0)))[:3]

    colours = _view.palette(2)
    empty, one = Grid.empty(6, 10), Grid.empty(6, 10).set(0, 0, 1)
    assert show(empty) == tuple(colours[0][:3])
    stepper.frame = None  # the empty frame is freed (unless the window holds it)
    assert show(one) == tuple(colours[1][:3])


@pytest.mark.parametrize("zoom", [1 / 16, 0.7, 4.0, 9.0])
def test_a_big_grid_is_coloured_only_where_the_window_looks(make_window, pg, monkeypatch, zoom):
    """Born/died colours are worked out for the cells in view, not the whole 1024x8192 grid,
    and the picture is the one the whole grid's colours give."""
    from lifesim.window.stepper import Frame

    window = make_window(size=(200, 160))
    rng = np.random.default_rng(7)
    before, now = (Grid.empty(1024, 8192).with_cells(rng.integers(0, 2, (1024, 8192), np.uint8))
                   for _ in range(2))
    window.stepper.frame = Frame(now, before, 1, now.population, window.stepper.sim.rule, 0)
    window.draw()  # settles the view's size to the area above the status line
    window.view = view = _view.View(now.shape, window.view.size, zoom, (-4000.5, -900.25))
    shapes, real = [], _view.display_codes
    monkeypatch.setattr(_view, "display_codes", lambda cells, prev=None: shapes.append(cells.shape) or real(cells, prev))
    window.draw()
    (h, w), = shapes
    assert h <= view.size[1] and w <= view.size[0]  # at most one cell a pixel, whatever the zoom
    whole = _view.render(real(now.cells, before.cells), view, window.colours, window.grid_lines)
    shown = pg.surfarray.array3d(pg.display.get_surface()).transpose(1, 0, 2)[:view.size[1]]
    assert np.array_equal(shown, whole[..., :3])


def test_an_edit_not_yet_applied_is_drawn_at_once(make_window, pg):
    window = make_window()
    window.view.pan(-window.view.zoom * 5, 0)  # columns 0-4 leave the screen; an edit there is skipped
    window.edit([(0, 6), (0, 2)], 1)
    window.draw()
    assert window.pending and window.stepper.sim.grid.cells[0, 6] == 0
    alive = tuple(window.colours[1][:3])
    assert tuple(pg.display.get_surface().get_at(window.view.centre_of(0, 6)))[:3] == alive


def test_multi_state_rules_colour_each_state(make_window, pg):
    window = make_window(text="-*2\n*--\n---", rule="B2/S/C3")
    frame(window)
    screen = pg.display.get_surface()
    colours = _view.palette(3)
    for y, x, state in ((1, 0, 1), (0, 1, 1), (0, 2, 2), (2, 2, 0)):
        assert tuple(screen.get_at(window.view.centre_of(y, x)))[:3] == tuple(colours[state][:3])


# The command line --------------------------------------------------------------------------------------

def test_screenshot_option_renders_after_n_generations(pg, tmp_path, capsys):
    path = tmp_path / "gun.png"
    assert main(["blinker", "--screenshot", str(path), "--generations", "1"]) == 0
    assert "generation 1" in capsys.readouterr().out
    image = pg.image.load(str(path))
    assert image.get_width() >= 640
    assert main(["blinker", "--screenshot", str(tmp_path / "x.jpeg")]) == 2


def test_screenshot_of_a_rule_that_breaks_the_protocol_fails_like_headless(pg, tmp_path, capsys):
    from tests import rule_fixtures

    path = tmp_path / "shot.png"
    argv = ["blinker", "--rule", f"{rule_fixtures.__file__}:garbage", "--generations", "1"]
    assert main(argv + ["--screenshot", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "yielded 'hello'" in err and not path.exists()
    assert main(argv + ["--headless"]) == 2 and capsys.readouterr().err == err


def test_screenshot_takes_the_driver_options(pg, tmp_path, capsys):
    path = tmp_path / "shot.png"
    assert main(["blinker", "--screenshot", str(path), "--driver", "serial", "--time-limit", "5"]) == 2
    assert "--time-limit applies to the processes" in capsys.readouterr().err and not path.exists()


def test_no_display_runs_headless_with_one_line(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["glider", "--generations", "4"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "no display" in captured.err and "headless" in captured.err
    assert "4 generations" in captured.out


def test_no_pygame_runs_headless_with_one_line(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pygame", None)  # import pygame now raises ImportError
    assert main(["glider", "--generations", "2"]) == 0
    assert "pygame is not installed" in capsys.readouterr().err


def test_a_window_that_cannot_open_falls_back_to_headless(pg, monkeypatch, capsys):
    def refuse(*args, **kwargs):
        raise pg.error("no available video device")

    monkeypatch.setattr(pg.display, "set_mode", refuse)
    assert main(["glider", "--generations", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot open a window" in err


def test_outputs_are_written_when_the_window_closes(pg, monkeypatch, tmp_path, capsys):
    """--out/--stats/--png/--gif/--plot from the window: the grid and history on screen at the end."""
    from lifesim.window import window as window_module

    def run(self):  # the window runs until it pauses at --generations 4; the person closes it
        deadline = time.monotonic() + 30
        while self.stepper.frame.generation < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        self.stepper.wait_idle()

    monkeypatch.setattr(window_module.Window, "run", run)
    out, stats, png, gif, plot = (tmp_path / name for name in ("end.rle", "s.csv", "end.png", "run.gif", "p.png"))
    argv = ["blinker", "--generations", "4", "--out", str(out), "--stats", str(stats), "--png", str(png), "--gif", str(gif),
            "--plot", str(plot)]
    assert main(argv) == 0
    assert "generation 4" in capsys.readouterr().out
    from lifesim.io.patterns import find_pattern, place_pattern
    start = place_pattern(read_pattern(find_pattern("blinker")))  # on the plane
    end = read_pattern(out)  # generation 4 of a period-2 oscillator, at the same place
    assert np.array_equal(np.stack(end.absolute_points((0, 0))), np.stack(start.points()))
    assert stats.read_text().splitlines()[0] == "generation,population" and len(stats.read_text().splitlines()) == 6
    assert png.stat().st_size and plot.stat().st_size
    assert pg.image.load(str(png)).get_width() > 0
    from PIL import Image
    assert Image.open(gif).n_frames == 5


def test_outputs_wait_for_a_slow_generation_in_flight_when_the_window_closes(pg, monkeypatch, tmp_path, capsys):
    from lifesim.window import window as window_module
    from lifesim.io.patterns import find_pattern, place_pattern

    start = place_pattern(read_pattern(find_pattern("blinker")))  # on the plane
    expected = Simulation(start, "B3/S23").step(1)
    step = Simulation.step

    def slow_step(self, generations=1):  # slower than any short wait in close()
        time.sleep(1.5)
        return step(self, generations)

    def run(self):  # the person closes the window while the first generation is running
        deadline = time.monotonic() + 30
        while not self.stepper._busy and time.monotonic() < deadline:
            time.sleep(0.01)

    monkeypatch.setattr(Simulation, "step", slow_step)
    monkeypatch.setattr(window_module.Window, "run", run)
    out = tmp_path / "end.rle"
    assert main(["blinker", "--generations", "1", "--out", str(out)]) == 0
    assert "generation 1" in capsys.readouterr().out
    assert np.array_equal(np.stack(read_pattern(out).absolute_points((0, 0))), np.stack(expected.points()))


def test_a_zip_of_several_patterns_opens_the_window_on_the_first_listing_them_all(pg, monkeypatch, tmp_path, capsys):
    from lifesim.window import window as window_module
    from tests.test_archive import WIRE, ZIPPED_RULE, make_zip
    archive = make_zip(tmp_path / "wires.zip", {"Zipped.rule": ZIPPED_RULE, "a.rle": WIRE, "b.rle": WIRE})
    seen = {}

    def run(self):  # what the person sees when the window opens, then they close it
        seen.update(title=self.title, rule=self.stepper.sim.rule.name,
                    listed=[label for label, _ in self.browser.entries] if self.browser else None)

    monkeypatch.setattr(window_module.Window, "run", run)
    assert main([str(archive)]) == 0
    assert seen == {"title": "a", "rule": "Zipped", "listed": ["a.rle", "b.rle"]}
    assert main([str(archive), "--headless"]) == 2  # headless, which one is for the command to say
    assert "holds 2 patterns: open one as" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--out", "/no/such/dir/end.rle"], "does not exist"),
    (["--driver", "serial", "--time-limit", "5"], "--time-limit applies to the processes and dask drivers"),
    (["--rule", "brians-brain", "--out", "/tmp/end.cells"], ".cells holds two states only and rule"),
])
def test_bad_options_fail_before_the_window_opens(pg, monkeypatch, capsys, argv, message):
    from lifesim.window import window as window_module

    monkeypatch.setattr(window_module.Window, "__init__", lambda *a, **k: pytest.fail("the window opened"))
    assert main(["blinker"] + argv) == 2
    assert message in capsys.readouterr().err


def test_headless_use_never_imports_pygame():
    code = ("import sys, lifesim, lifesim.app.cli, lifesim.window.window, lifesim.window.view, lifesim.window.stepper;"
            "from lifesim.app.cli import main; main(['glider', '--headless', '--generations', '1']);"
            "assert 'pygame' not in sys.modules")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_a_resized_window_keeps_the_centre_and_fills_the_new_size(make_window, pg):
    window = make_window(size=(400, 300))
    frame(window)
    centre = window.view.cell_at(200, 138)
    pg.display.set_mode((600, 400), pg.RESIZABLE)  # what SDL does to the display surface on a resize
    frame(window)
    from lifesim.window.window import STATUS_HEIGHT

    assert window.view.size == (600, 400 - STATUS_HEIGHT) and window.view.cell_at(300, 188) == centre
    assert pg.display.get_surface().get_size() == (600, 400)
