"""The window's pure part (lifesim.window.view): the view transform, colours and pixels; no pygame."""

import math

import numpy as np
import pytest

from lifesim.window import view as _view


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


# The unbounded plane: no edge, any ints, and zoomed out each pixel is the highest state under it

def test_a_plane_view_has_no_edge_and_fits_any_box():
    view = _view.View.fitted(None, (200, 100), (-1_000_000, -999_990, 5_000_000, 5_000_020))
    assert view.zoom == 10.0 and view.anchor == (-1_000_000, 5_000_000)
    assert view.cell_at(100, 50) == (-999_995, 5_000_010)  # the box's centre cell
    view.pan(10_000, -20_000)  # far past anything a grid would have
    y, x = view.cell_at(0, 0)
    assert (y, x) == (-1_000_000 + 2000, 5_000_000 - 1000)
    assert view.cell_at(*view.centre_of(y - 7, x - 3)) == (y - 7, x - 3)
    rows, cols = view.cell_indices()
    assert rows[0] == y and cols[0] == x and (np.diff(rows) >= 0).all()


def test_a_plane_view_stays_exact_far_from_the_origin():
    far = 2 ** 60  # float64 alone would lose whole cells here; the anchor keeps the arithmetic small
    view = _view.View.fitted(None, (64, 64), (far, far + 4, -far, -far + 4))
    assert view.cell_at(*view.centre_of(far + 1, -far + 2)) == (far + 1, -far + 2)
    binned = _view.Binned(_view.View(None, (64, 64), 0.25, (0.0, 0.0), (far, -far)))
    i, j, seen = binned.locate(np.array([far, far + 7]), np.array([-far, -far + 8]))
    assert i.tolist() == [0, 1] and j.tolist() == [0, 2] and seen.all()


def test_the_plane_zooms_out_far_below_a_grid_and_picks_binning_there():
    grid, plane = _view.View.fitted((10, 10), (100, 100)), _view.View.fitted(None, (100, 100), (0, 10, 0, 10))
    grid.zoom_at(0, 0, 1e-12)
    plane.zoom_at(0, 0, 1e-12)
    assert grid.zoom == _view.MIN_ZOOM and plane.zoom == _view.PLANE_MIN_ZOOM
    fitted = _view.View.fitted(None, (500, 500), (0, 10 ** 6, 0, 10 ** 5))
    assert fitted.zoom == pytest.approx(5e-4)  # a million cells in 500 pixels
    assert isinstance(_view.sight(fitted), _view.Binned) and isinstance(_view.sight(grid), _view.Visible)
    assert isinstance(_view.sight(_view.View(None, (10, 10), 1.0)), _view.Visible)


def test_binned_pixels_hold_the_highest_state_of_the_cells_whose_centres_they_hold():
    view = _view.View(None, (7, 5), 0.4, (1.3, -0.6), (-10, 20))
    binned = _view.Binned(view)
    rng = np.random.default_rng(3)
    y0, y1, x0, x1 = binned.box()
    ys, xs = rng.integers(y0 - 5, y1 + 5, 300), rng.integers(x0 - 5, x1 + 5, 300)
    states = rng.integers(1, 6, 300).astype(np.uint8)
    expected = np.zeros((5, 7), np.uint8)
    for y, x, s in zip(ys.tolist(), xs.tolist(), states.tolist()):
        px, py = math.floor(1.3 + (x - 20 + 0.5) * 0.4), math.floor(-0.6 + (y + 10 + 0.5) * 0.4)
        if 0 <= py < 5 and 0 <= px < 7:
            assert view.cell_at(px, py) is not None and y0 <= y < y1 and x0 <= x < x1
            expected[py, px] = max(expected[py, px], s)
    assert np.array_equal(binned.scatter(ys, xs, states), expected)
    for px, py in ((0, 0), (3, 2), (6, 4)):  # the cell a click picks lies in the pixel clicked
        y, x = view.cell_at(px, py)
        i, j, seen = binned.locate(np.array([y]), np.array([x]))
        assert seen[0] and (i[0], j[0]) == (py, px)


def test_binned_box_holds_every_cell_whose_centre_is_on_screen_and_one_pixel_finds_whole_tiles():
    view = _view.View(None, (10, 8), 0.01, (0.3, -0.2), (5, -7))  # a hundred cells a pixel
    binned = _view.Binned(view)
    y0, y1, x0, x1 = binned.box()
    ys, xs = np.arange(y0 - 300, y1 + 300), np.arange(x0 - 300, x1 + 300)
    _, _, rows_seen = binned.locate(ys, np.full(len(ys), x0 + 500))
    _, _, cols_seen = binned.locate(np.full(len(xs), y0 + 500), xs)
    assert ys[rows_seen].min() <= y0 + 3 and ys[rows_seen].max() >= y1 - 4  # all but a few cells
    assert (y0 <= ys[rows_seen]).all() and (ys[rows_seen] < y1).all()
    assert xs[cols_seen].min() <= x0 + 3 and xs[cols_seen].max() >= x1 - 4
    assert (x0 <= xs[cols_seen]).all() and (xs[cols_seen] < x1).all()
    whole = binned.one_pixel(np.array([25, 25, 89]), np.array([-30 - 7, 40 - 7, -7]), 32)
    assert whole.tolist() == [True, False, True]  # the middle one straddles pixels 0 and 1


def test_a_rule_files_own_colours_win():
    colours = _view.palette(3, ((10, 20, 30), None, (200, 100, 0)))
    assert tuple(colours[0, :3]) == (10, 20, 30) and tuple(colours[2, :3]) == (200, 100, 0)
    assert tuple(colours[1, :3]) == tuple(_view.palette(3)[1, :3])
