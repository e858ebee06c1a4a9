"""The pygame window: the pure view transform and colours, the stepping clock, real pygame events
posted into the queue under SDL's dummy video driver, screenshots, and the no-display fallback."""

import math
import subprocess
import sys
import time

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.window import view as _view
from lifesim.window.stepper import RATES, Stepper
from lifesim.app.cli import main
from lifesim.io.formats import read_pattern

BLOCK_AND_BLINKER = """
----------
-**-------
-**-------
----------
------***-
----------
"""


# The view transform, colours and pixels: no pygame -------------------------------------------

def test_fitted_view_centres_the_grid_at_a_whole_zoom():
    view = _view.View.fitted((10, 20), (205, 100))
    assert view.zoom == 10.0 and view.offset == (2.0, 0.0)  # whole pixels: every cell looks the same
    assert view.cell_at(2, 0) == (0, 0) and view.cell_at(201, 99) == (9, 19)
    assert view.cell_at(1, 50) is None and view.cell_at(202, 50) is None


def test_cell_and_pixel_round_trip_at_any_zoom_and_pan():
    view = _view.View((30, 40), (300, 200), zoom=3.7, offset=(-11.2, 5.3))
    for y, x in [(0, 0), (5, 17), (29, 39), (12, 3)]:
        assert view.cell_at(*view.centre_of(y, x)) == (y, x)


def test_zoom_keeps_the_cell_under_the_cursor():
    view = _view.View.fitted((64, 64), (640, 640))
    under = view.cell_at(123, 456)
    for factor in (1.25, 1.25, 0.5, 3.0):
        view.zoom_at(123, 456, factor)
        assert view.cell_at(123, 456) == under
    view.zoom_at(0, 0, 1e9)
    assert view.zoom == _view.MAX_ZOOM


def test_pan_and_resize_move_the_grid():
    view = _view.View.fitted((10, 10), (100, 100))
    view.pan(20, -10)
    assert view.cell_at(25, 5) == (1, 0)
    centre = view.cell_at(50, 50)
    view.resize((200, 100))  # what was at the centre stays at the centre
    assert view.cell_at(100, 50) == centre == (6, 3)


def test_cell_indices_mark_pixels_off_the_grid():
    rows, cols = _view.View((2, 3), (8, 4), zoom=2, offset=(1, 0)).cell_indices()
    assert rows.tolist() == [0, 0, 1, 1] and cols.tolist() == [-1, 0, 0, 1, 1, 2, 2, -1]


def test_palette_gives_every_state_its_own_colour():
    for states in (2, 3, 8, 25):
        colours = {tuple(c) for c in _view.palette(states)[:states]}
        assert len(colours) == states
    two = _view.palette(2)
    special = {tuple(two[c]) for c in (0, 1, _view.BORN, _view.DIED, _view.OUTSIDE)}
    assert len(special) == 5


def test_display_codes_mark_births_and_deaths():
    before = np.array([[1, 1, 0, 0]], np.uint8)
    now = np.array([[1, 0, 1, 0]], np.uint8)
    assert _view.display_codes(now, before).tolist() == [[1, _view.DIED, _view.BORN, 0]]
    assert _view.display_codes(now).tolist() == [[1, 0, 1, 0]]


def test_render_paints_each_cell_and_the_outside():
    codes = np.array([[0, 1], [2, 1]], np.uint16)
    view = _view.View((2, 2), (30, 20), zoom=10, offset=(5, 0))
    colours = _view.palette(3)
    pixels = _view.render(codes, view, colours)
    assert pixels.shape == (20, 30, 4) and pixels.dtype == np.uint8 and pixels.flags.c_contiguous
    for (y, x), code in np.ndenumerate(codes):
        px, py = view.centre_of(y, x)
        assert pixels[py, px].tolist() == colours[code].tolist()
    assert pixels[10, 2].tolist() == colours[_view.OUTSIDE].tolist()


def test_grid_lines_only_when_zoomed_in():
    codes = np.ones((4, 4), np.uint16)
    colours = _view.palette(2)
    line = list(_view.LINE_COLOUR) + [255]
    near = _view.render(codes, _view.View((4, 4), (40, 40), zoom=10), colours, grid_lines=True)
    assert near[10, 15].tolist() == line and near[15, 15].tolist() == colours[1].tolist()
    far = _view.render(codes, _view.View((4, 4), (8, 8), zoom=2), colours, grid_lines=True)
    assert (far == colours[1]).all()


@pytest.mark.parametrize("zoom, offset", [(1 / 16, (5, 5)), (0.3, (3, -2)), (1, (0, 0)),
                                          (6.5, (-40.2, 11.7)), (12, (-600, -500))])
def test_the_visible_block_paints_what_the_whole_grid_would(zoom, offset):
    """Zoomed out, in, panned part or all the way off: the seen cells alone give the same pixels."""
    codes = np.random.default_rng(1).integers(0, _view.N_CODES, (37, 53)).astype(np.uint16)
    colours = _view.palette(5)
    view = _view.View(codes.shape, (90, 70), zoom, offset)
    seen = _view.Visible(view)
    assert len(seen.rows) <= 70 and len(seen.cols) <= 90
    for lines in (False, True):
        whole = _view.render(codes, view, colours, grid_lines=lines)
        assert np.array_equal(seen.render(seen.take(codes), colours, grid_lines=lines), whole)


def test_visible_locates_seen_cells_and_flags_the_rest():
    seen = _view.Visible(_view.View((10, 10), (40, 40), zoom=10, offset=(-30, -20)))  # rows 2-5, cols 3-6
    i, j, on_screen = seen.locate(np.array([2, 5, 1, 9, 4]), np.array([3, 6, 4, 4, 7]))
    assert on_screen.tolist() == [True, True, False, False, False]
    assert seen.rows[i[:2]].tolist() == [2, 5] and seen.cols[j[:2]].tolist() == [3, 6]


# The clock: pygame-free ---------------------------------------------------------------------------

def glider_sim():
    return Simulation(Grid.from_text("-*---\n--*--\n***--\n-----\n-----"), "B3/S23")


def test_inline_stepper_runs_one_generation_per_pump_and_pauses():
    stepper = Stepper(glider_sim(), rate=math.inf, running=True, threaded=False)
    stepper.pump()
    stepper.pump()
    assert stepper.frame.generation == 2 and stepper.frame.previous is not None
    stepper.set_running(False)
    stepper.pump()
    assert stepper.frame.generation == 2
    stepper.step(3)
    stepper.wait_idle()
    assert stepper.frame.generation == 5 and not stepper.running


def test_threaded_stepper_applies_commands_between_generations():
    stepper = Stepper(glider_sim(), running=False)
    try:
        ticket = stepper.submit(lambda sim: sim.replace_grid(sim.grid.set(4, 4, 1)))
        stepper.step(2)
        assert stepper.wait_idle()
        frame = stepper.frame
        assert frame.generation == 2 and frame.done >= ticket
    finally:
        stepper.close()


def test_stepper_stops_on_a_broken_rule_and_says_why():
    def bad(state, neighbors):
        raise ValueError("boom")

    messages = []
    sim = glider_sim()
    sim.replace_rule(bad)
    stepper = Stepper(sim, rate=math.inf, threaded=False, on_message=messages.append)
    stepper.pump()
    assert not stepper.running and stepper.frame.generation == 0
    assert len(messages) == 1 and "boom" in messages[0]


def test_stepper_pauses_at_stop_at_and_climbs_the_rate_ladder():
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False, stop_at=3)
    for _ in range(6):
        stepper.pump()
    assert stepper.frame.generation == 3 and not stepper.running
    stepper.set_rate(10)
    stepper.faster(+1)
    assert stepper.rate == 20
    stepper.faster(-1)
    stepper.faster(-1)
    assert stepper.rate == 5
    stepper.set_rate(RATES[-1])
    stepper.faster(+1)
    assert stepper.rate == math.inf


def test_stop_at_pauses_once_and_running_on_is_not_paused_again():
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False, stop_at=2)
    for _ in range(4):
        stepper.pump()
    assert stepper.frame.generation == 2 and not stepper.running
    stepper.set_running(True)  # space, after --generations 2
    for _ in range(3):
        stepper.pump()
    assert stepper.frame.generation == 5 and stepper.running


def test_a_replaced_simulation_starts_without_a_previous_grid():
    """A newly loaded pattern of the same size must not be drawn against the old one's last grid."""
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False)
    stepper.pump()
    assert stepper.frame.previous is not None
    stepper.set_running(False)
    stepper.replace_simulation(glider_sim())
    stepper.pump()
    assert stepper.frame.generation == 0 and stepper.frame.previous is None


def test_measured_rate_survives_the_worker_appending_while_it_counts():
    """The worker thread appends a time per generation; measuring must not iterate the live deque."""
    stepper = Stepper(glider_sim(), threaded=False)

    class Appending(float):  # subtracting it appends, as the worker may do mid-iteration
        def __rsub__(self, other):
            stepper._times.append(float(self))
            return other - float(self)

    stepper._times.extend(Appending(1.0 + i / 10) for i in range(3))
    assert stepper.measured_rate(now=1.5) == pytest.approx(2 / 0.5)


# The window, driven by real pygame events -----------------------------------------------------------

@pytest.fixture
def pg(monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame = pytest.importorskip("pygame")
    yield pygame
    pygame.quit()


@pytest.fixture
def make_window(pg, tmp_path):
    from lifesim.window.window import Window

    windows = []

    def make(text=BLOCK_AND_BLINKER, rule="B3/S23", size=(400, 300), **options):
        options.setdefault("running", False)
        options.setdefault("threaded", False)
        window = Window(Simulation(Grid.from_text(text), rule), "test", size=size,
                        save_dir=tmp_path, **options)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def key(pg, k, unicode="", mod=0):
    pg.event.post(pg.event.Event(pg.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))


def click(pg, pos, button=1):
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=pos, button=button))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=pos, button=button))


def frame(window, n=1):
    """n frames of the window's loop: events, update, draw."""
    for _ in range(n):
        assert window.handle_events()
        window.update()
        window.draw()


def test_space_runs_and_pauses(make_window, pg):
    window = make_window(rate=math.inf)
    frame(window, 2)
    assert window.stepper.frame.generation == 0
    key(pg, pg.K_SPACE, " ")
    frame(window, 3)
    assert window.stepper.frame.generation == 3
    key(pg, pg.K_SPACE, " ")
    frame(window, 3)
    assert window.stepper.frame.generation == 3 and not window.stepper.running


def test_n_and_right_arrow_step_one_generation(make_window, pg):
    window = make_window()
    key(pg, pg.K_n, "n")
    frame(window, 3)
    assert window.stepper.frame.generation == 1
    key(pg, pg.K_RIGHT)
    frame(window, 3)
    assert window.stepper.frame.generation == 2
    cells = window.stepper.sim.grid.cells
    assert cells[4, 5:10].tolist() == [0, 1, 1, 1, 0] and cells[3, 7] == 0  # the blinker is back


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


def test_c_clears_and_r_makes_a_soup(make_window, pg):
    window = make_window(seed=1)
    key(pg, pg.K_c, "c")
    frame(window, 2)
    assert window.stepper.sim.population == 0 and window.stepper.frame.population == 0
    key(pg, pg.K_r, "r")
    frame(window, 2)
    population = window.stepper.sim.population
    assert 0.15 * 60 < population < 0.45 * 60


def test_s_saves_the_grid_to_rle_and_names_the_file(make_window, pg, tmp_path):
    window = make_window()
    key(pg, pg.K_n, "n")
    frame(window)
    key(pg, pg.K_s, "s")
    frame(window)
    path = window.last_saved
    assert path is not None and path.parent == tmp_path and path.suffix == ".rle"
    assert any(str(path) in text for text, _ in window.messages)
    pattern = read_pattern(path)
    assert np.array_equal(pattern.cells, window.stepper.sim.grid.cells)
    assert (pattern.rule, pattern.topology) == ("B3/S23", "torus")
    key(pg, pg.K_s, "s")  # a second save never overwrites the first
    frame(window)
    assert window.last_saved != path and path.exists()


def test_o_opens_a_prompt_that_loads_a_pattern(make_window, pg):
    window = make_window()
    key(pg, pg.K_o, "o")
    for ch in "glidx":
        key(pg, getattr(pg, f"K_{ch}"), ch)
    key(pg, pg.K_BACKSPACE)
    key(pg, pg.K_TAB)  # completes "glid" to "glider"
    frame(window)
    assert window.prompt == "glider"
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert window.prompt is None and window.title == "Glider"
    assert window.stepper.sim.population == 5 and window.stepper.frame.generation == 0
    key(pg, pg.K_o, "o")
    for ch in "nope":
        key(pg, getattr(pg, f"K_{ch}"), ch)
    key(pg, pg.K_RETURN, "\r")
    frame(window)
    assert window.title == "Glider" and "cannot load nope" in window.messages[-1][0]


def test_plus_minus_change_the_rate(make_window, pg):
    window = make_window(rate=10)
    key(pg, pg.K_EQUALS, "+", pg.KMOD_SHIFT)
    frame(window)
    assert window.stepper.rate == 20
    key(pg, pg.K_MINUS, "-")
    key(pg, pg.K_MINUS, "-")
    frame(window)
    assert window.stepper.rate == 5


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


def test_g_h_b_toggle_and_q_esc_quit(make_window, pg):
    window = make_window()
    for k in (pg.K_g, pg.K_h, pg.K_b):
        key(pg, k)
    frame(window)
    assert window.grid_lines and window.show_help and not window.highlight
    key(pg, pg.K_ESCAPE)  # Esc closes the help first
    frame(window)
    assert not window.show_help
    key(pg, pg.K_q, "q")
    assert not window.handle_events()
    other = make_window()
    key(pg, pg.K_ESCAPE)
    assert not other.handle_events()
    pg.event.post(pg.event.Event(pg.QUIT))
    assert make_window().run(max_frames=50) == 0


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
    from lifesim.io.patterns import find_pattern, grid_for_pattern
    start = grid_for_pattern(read_pattern(find_pattern("blinker")), None, None)
    assert np.array_equal(read_pattern(out).cells, start.cells)  # generation 4 of a period-2 oscillator
    assert stats.read_text().splitlines()[0] == "generation,population" and len(stats.read_text().splitlines()) == 6
    assert png.stat().st_size and plot.stat().st_size
    assert pg.image.load(str(png)).get_width() > 0
    from PIL import Image
    assert Image.open(gif).n_frames == 5


def test_outputs_wait_for_a_slow_generation_in_flight_when_the_window_closes(pg, monkeypatch, tmp_path, capsys):
    from lifesim.window import window as window_module
    from lifesim.io.patterns import find_pattern, grid_for_pattern

    start = grid_for_pattern(read_pattern(find_pattern("blinker")), None, None)
    expected = Simulation(start, "B3/S23").step(1).cells
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
    assert np.array_equal(read_pattern(out).cells, expected)


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
