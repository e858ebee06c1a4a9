"""The window over the unbounded plane (lifesim.window.window with a Plane): fitting, panning
anywhere, zoomed-out pixels as "any live cell under it", editing, saving and the status line,
with real pygame events under SDL's dummy video driver."""

import math

import numpy as np
import pytest

from lifesim import Simulation
from lifesim.io.formats import read_pattern
from lifesim.universe import Plane
from lifesim.window import universes as _universes
from lifesim.window import view as _view
from conftest import click, frame, key

GLIDER = np.array([[0, 1, 0], [0, 0, 1], [1, 1, 1]], np.uint8)
FAR = (10 ** 6, -10 ** 6)  # (y, x) of the glider's top-left cell


@pytest.fixture
def plane_window(open_window):
    def make(plane=None, rule="B3/S23", **options):
        plane = Plane.from_cells(GLIDER, origin=FAR) if plane is None else plane
        return open_window(Simulation(plane, rule), **options)

    return make


def colour_at(pg, pos):
    return tuple(pg.display.get_surface().get_at(pos))[:3]


def shows(window, pg, cells, state):
    """Whether every cell (y, x) of ``cells`` is drawn in ``state``'s colour."""
    colour = tuple(window.colours[state][:3])
    return all(colour_at(pg, window.view.centre_of(y, x)) == colour for y, x in cells)


def glider_cells(origin=FAR):
    ys, xs = np.nonzero(GLIDER)
    return [(int(y) + origin[0], int(x) + origin[1]) for y, x in zip(ys, xs)]


def empty_cells(origin=FAR):
    ys, xs = np.nonzero(GLIDER == 0)
    return [(int(y) + origin[0], int(x) + origin[1]) for y, x in zip(ys, xs)]


def test_a_window_on_a_far_glider_opens_fitted_and_f_finds_it_again(plane_window, pg):
    window = plane_window()
    window.highlight = False
    frame(window)
    assert window.view.grid_shape is None and window.view.zoom >= 1
    assert shows(window, pg, glider_cells(), 1) and shows(window, pg, empty_cells(), 0)
    window.view.pan(-50_000, 70_000)  # far away: nothing there
    window.view.zoom_at(0, 0, 0.5)
    frame(window)
    assert window.view.cell_at(200, 100) != (FAR[0] + 1, FAR[1] + 1)
    key(pg, pg.K_f, "f")
    frame(window)
    assert shows(window, pg, glider_cells(), 1) and shows(window, pg, empty_cells(), 0)
    y0, y1, x0, x1 = window.view.cells_shown()
    assert y0 < FAR[0] and y1 > FAR[0] + 3 and x0 < FAR[1] and x1 > FAR[1] + 3  # with a margin


def test_zoomed_in_the_plane_is_read_only_where_the_window_looks(plane_window, pg, monkeypatch):
    far = Plane.from_cells(GLIDER, origin=FAR).with_points([-FAR[0]], [-FAR[1]], 1)  # a box of 4e12 cells
    window = plane_window(far)
    window.view.fit((FAR[0] - 5, FAR[0] + 8, FAR[1] - 5, FAR[1] + 8))
    shapes, real = [], Plane.window
    monkeypatch.setattr(Plane, "window", lambda self, *box: shapes.append((box[1] - box[0], box[3] - box[2]))
                        or real(self, *box))
    window.highlight = False
    frame(window)
    width, height = window.view.size
    assert shapes and all(h <= height and w <= width for h, w in shapes)
    assert shows(window, pg, glider_cells(), 1)


def test_f_on_an_empty_plane_shows_the_origin(plane_window, pg):
    window = plane_window(Plane.empty())
    frame(window)
    key(pg, pg.K_f, "f")
    frame(window)
    y0, y1, x0, x1 = window.view.cells_shown()
    assert y0 < 0 < y1 and x0 < 0 < x1 and window.view.zoom >= 1


@pytest.mark.parametrize("zoom, pan", [(1, (0, 0)), (3.3, (-57, 31)), (40, (13, -7)), (250, (0, 0))])
def test_zoomed_out_each_pixel_is_the_highest_state_under_it(plane_window, pg, monkeypatch, zoom, pan):
    """Cells strewn over 10**5 x 10**5 and a dense cluster, fitted, then zoomed in (still below
    a pixel per cell) and panned so that the pattern runs off the edges: each pixel is the
    highest state of the cells whose centres it holds, computed here from the points, and no
    dense array of the box (10**10 cells) is ever made."""
    rng = np.random.default_rng(5)
    ys = np.concatenate([rng.integers(-50_000, 50_000, 2000), rng.integers(-40, 1000, 1000)])
    xs = np.concatenate([rng.integers(-90_000, 10_000, 2000), rng.integers(-9000, -8000, 1000)])
    states = rng.integers(1, 4, 3000).astype(np.uint8)
    plane = Plane.from_points(ys, xs, states)
    window = plane_window(plane, rule="B2/S/C4")  # four states: the highest must win
    monkeypatch.setattr(Plane, "window", lambda *a: pytest.fail("a dense window zoomed out"))
    frame(window)
    window.view.zoom_at(*window.view.centre_of(500, -8500), zoom)  # round the cluster
    window.view.pan(*pan)
    frame(window)
    view = window.view
    assert view.zoom < 1
    ys, xs, states = plane.points()  # the plane as stored: a cell given twice has one state
    expected = np.zeros(view.size[::-1], np.uint8)
    (ox, oy), (ay, ax) = view.offset, view.anchor
    for y, x, s in zip(ys.tolist(), xs.tolist(), states.tolist()):
        px, py = math.floor(ox + (x - ax + 0.5) * view.zoom), math.floor(oy + (y - ay + 0.5) * view.zoom)
        if 0 <= py < view.size[1] and 0 <= px < view.size[0]:
            expected[py, px] = max(expected[py, px], s)
    assert len(set(expected.ravel().tolist())) == 4 and expected.astype(bool).sum() > 100
    shown = pg.surfarray.array3d(pg.display.get_surface()).transpose(1, 0, 2)[:view.size[1]]
    assert np.array_equal(shown, window.colours[expected][..., :3])


def test_zoomed_out_born_and_died_compare_pixels(plane_window, pg):
    """A glider far out steps; zoomed out, a pixel it just left is DIED, one it just reached BORN."""
    window = plane_window()
    frame(window)
    window.view.zoom_at(200, 138, 0.5 / window.view.zoom)  # half a pixel per cell
    for _ in range(4):
        key(pg, pg.K_n, "n")
        frame(window)
    seen = _view.sight(window.view)
    assert isinstance(seen, _view.Binned)
    now = _universes.cells_seen(window.stepper.frame.grid, seen)
    before = _universes.cells_seen(window.stepper.frame.previous, seen)
    codes = _view.display_codes(now, before)
    shown = pg.surfarray.array3d(pg.display.get_surface()).transpose(1, 0, 2)[:window.view.size[1]]
    assert np.array_equal(shown, window.colours[codes][..., :3])
    assert (codes == 1).any() and ((codes == _view.BORN) | (codes == _view.DIED)).any()


def test_born_and_died_colours_on_the_plane_zoomed_in(plane_window, pg):
    window = plane_window()
    key(pg, pg.K_n, "n")
    frame(window, 2)
    after = Plane.from_cells(GLIDER, origin=FAR)
    after = Simulation(after, "B3/S23").step(1)
    was = set(glider_cells())
    now = set(zip(*(a.tolist() for a in after.points()[:2])))
    assert shows(window, pg, sorted(now - was), _view.BORN) and shows(window, pg, sorted(was - now), _view.DIED)
    assert shows(window, pg, sorted(now & was), 1)


def test_panning_past_any_grid_edge_and_drawing_at_negative_coordinates(plane_window, pg):
    window = plane_window(Plane.empty())
    frame(window)
    zoom = window.view.zoom
    for _ in range(40):  # eighths of the view, to the upper left of the origin and far beyond
        key(pg, pg.K_LEFT)
        key(pg, pg.K_UP)
    frame(window)
    y, x = window.view.cell_at(100, 100)
    assert y < -5 * 300 / zoom / 2 and x < -5 * 400 / zoom / 2  # far past where any grid ended
    start, end = window.view.centre_of(y, x), window.view.centre_of(y, x + 4)
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=start, button=1))
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=end, rel=(end[0] - start[0], 0), buttons=(1, 0, 0)))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=end, button=1))
    frame(window, 2)
    plane = window.stepper.sim.grid
    assert isinstance(plane, Plane) and plane.population == 5
    assert plane.window(y, y + 1, x, x + 5).tolist() == [[1] * 5]
    assert shows(window, pg, [(y, x + k) for k in range(5)], 1)
    click(pg, window.view.centre_of(y, x + 2))  # a click on a live cell erases it
    frame(window, 2)
    assert window.stepper.sim.grid.window(y, y + 1, x, x + 5).tolist() == [[1, 1, 0, 1, 1]]


def test_drawing_on_the_plane_with_the_worker_thread(plane_window, pg):
    window = plane_window(threaded=True)
    cell = (FAR[0] - 2, FAR[1] - 2)
    click(pg, window.view.centre_of(*cell))
    frame(window)
    assert window.cell_state(*cell) == 1  # drawn at once
    assert window.stepper.wait_idle()
    assert window.stepper.sim.grid.window(cell[0], cell[0] + 1, cell[1], cell[1] + 1)[0, 0] == 1
    assert window.stepper.sim.population == 6


def test_c_clears_and_r_sows_a_soup_where_the_view_looks(plane_window, pg):
    window = plane_window(seed=2)
    frame(window)
    key(pg, pg.K_c, "c")
    frame(window, 2)
    assert window.stepper.sim.grid == Plane.empty() and window.stepper.frame.population == 0
    key(pg, pg.K_r, "r")
    frame(window, 2)
    plane = window.stepper.sim.grid
    y0, y1, x0, x1 = window.view.cells_shown()
    by0, by1, bx0, bx1 = plane.bounding_box()
    assert isinstance(plane, Plane) and y0 <= by0 and by1 <= y1 and x0 <= bx0 and bx1 <= x1
    assert 0.15 < plane.population / ((y1 - y0) * (x1 - x0)) < 0.45
    window.view.zoom_at(0, 0, 1e-6)  # zoomed far out a soup is cut to SOUP_SIDE a side
    key(pg, pg.K_r, "r")
    frame(window, 2)
    by0, by1, bx0, bx1 = window.stepper.sim.grid.bounding_box()
    assert by1 - by0 <= _universes.SOUP_SIDE and bx1 - bx0 <= _universes.SOUP_SIDE


def test_s_saves_rle_that_reads_back_at_the_same_place(plane_window, pg, tmp_path):
    window = plane_window()
    key(pg, pg.K_n, "n")
    frame(window)
    window.edit([(-7, -3)], 1)  # not yet applied when saved: saved as drawn
    key(pg, pg.K_s, "s")
    frame(window)
    path = window.last_saved
    assert path is not None and path.parent == tmp_path and path.suffix == ".rle"
    assert "#CXRLE Pos=" in path.read_text()
    plane = window.stepper.sim.grid
    assert plane.window(-7, -6, -3, -2)[0, 0] == 1
    pattern = read_pattern(path)
    assert pattern.origin == (-7, FAR[1]) and (pattern.rule, pattern.topology) == ("B3/S23", None)
    ys, xs, states = pattern.absolute_points(None)
    assert Plane.from_points(ys, xs, states) == plane


def test_status_line_shows_the_live_cells_box(plane_window):
    window = plane_window()
    text = window.status_text()
    for part in ("gen 0", "pop 5", "B3/S23", "serial", f"plane box 3x3 at y={FAR[0]} x={FAR[1]}", "paused"):
        assert part in text
    assert "torus" not in text
    assert "plane (empty)" in plane_window(Plane.empty()).status_text()


def test_o_loads_a_pattern_onto_the_plane_and_fits_it(plane_window, pg):
    window = plane_window()
    assert window.load("glider")
    frame(window, 2)
    plane = window.stepper.sim.grid
    assert isinstance(plane, Plane) and plane.population == 5 and window.stepper.frame.generation == 0
    y0, y1, x0, x1 = plane.bounding_box()
    assert abs(y0) < 10 and abs(x0) < 10  # near the origin: far from the old glider
    assert shows(window, pg, list(zip(*(a.tolist() for a in plane.points()[:2]))), 1)


def test_the_plane_steps_on_the_worker_and_keeps_the_previous_frame(plane_window):
    window = plane_window(threaded=True, rate=math.inf)
    window.stepper.step(4)
    assert window.stepper.wait_idle()
    frame_ = window.stepper.frame
    assert isinstance(frame_.grid, Plane) and isinstance(frame_.previous, Plane)
    assert frame_.generation == 4 and frame_.grid.bounding_box()[0] == FAR[0] + 1  # a glider moves
