"""The window on a QuadPlane (``--driver hashlife``): drawing straight from the tree at any zoom,
steps of 2^k generations (``+``/``-``), edits, saving, the why-panel and the status line, with
real pygame events under SDL's dummy video driver. Nothing here may list a big tree's cells."""

import math
import time

import numpy as np
import pytest

from lifesim import Simulation
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.io.formats import read_pattern, write_plane
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.quadplane import QuadPlane
from lifesim.universe import Plane
from lifesim.window import universes as _universes
from lifesim.window import view as _view
from lifesim.window.selection import Box
from lifesim.window.window import STATUS_HEIGHT
from conftest import click, frame, key

GUN = place_pattern(read_pattern(find_pattern("gosper_glider_gun")))  # a Plane round the origin


@pytest.fixture
def hash_window(open_window):
    def make(universe=GUN, **options):
        return open_window(Simulation(universe, "B3/S23", get_driver("hashlife")), "gun", **options)

    return make


def no_listing(monkeypatch):
    """Make every way of listing a tree's cells fail the test."""
    for name in ("points", "to_plane"):
        monkeypatch.setattr(QuadPlane, name, lambda *a, **k: pytest.fail("listed a tree's cells"))


def drawn(pg, window):
    """The drawing area's (height, width, 3) pixels."""
    return pg.surfarray.array3d(pg.display.get_surface()).transpose(1, 0, 2)[:window.view.size[1]]


def test_screenshot_equals_the_compiled_drivers_cells_at_generation_1000(pg, tmp_path, capsys):
    path = tmp_path / "h.png"
    assert main(["gosper_glider_gun", "--driver", "hashlife", "--screenshot", str(path), "--generations", "1000"]) == 0
    assert "generation 1000, population 213" in capsys.readouterr().out
    image = pg.surfarray.array3d(pg.image.load(str(path))).transpose(1, 0, 2)
    shown = image[:image.shape[0] - STATUS_HEIGHT]
    reference = Simulation(GUN, "B3/S23", get_driver("compiled"))
    reference.step(1000)
    plane = reference.grid
    assert isinstance(plane, Plane) and plane.population == 213
    # The view the screenshot fits to the pattern (f), and each pixel's cell looked up in the
    # compiled driver's plane.
    view = _view.View.fitted(None, (shown.shape[1], shown.shape[0]), _universes.fit_box(plane))
    rows, cols = view.cell_indices()
    cells = plane.window(rows[0], rows[-1] + 1, cols[0], cols[-1] + 1)[np.ix_(rows - rows[0], cols - cols[0])]
    assert cells.sum() > 100  # the gun and its gliders are in the picture
    assert np.array_equal(shown, _view.palette(2)[cells][..., :3])


def test_plus_raises_the_step_exponent_and_a_frame_advances_two_to_the_k(hash_window, pg):
    window = hash_window(running=True)
    for _ in range(10):
        key(pg, pg.K_PLUS, "+")
    frame(window)
    assert window.stepper.exponent == 10 and window.stepper.rate == 10  # the rate stays
    assert window.stepper.frame.generation == 1024  # one tick: 2^10 generations in one jump
    window.stepper._next_due = float("inf")  # not due: a frame makes no generation
    frame(window)
    assert window.stepper.frame.generation == 1024
    window.stepper._next_due = 0.0  # due: one tick
    frame(window)
    assert window.stepper.frame.generation == 2048 and isinstance(window.stepper.sim.grid, QuadPlane)
    assert window.stepper.sim.recorded[-2:] == [1024, 2048]  # recorded through Simulation.jump
    window.stepper.set_running(False)
    key(pg, pg.K_MINUS, "-")
    frame(window)
    assert window.stepper.exponent == 9
    key(pg, pg.K_n, "n")  # n: one step of 2^9
    frame(window)
    assert window.stepper.frame.generation == 2048 + 512
    for _ in range(12):  # down to 2^0, then the rate comes down; + raises the rate first
        key(pg, pg.K_MINUS, "-")
    frame(window)
    assert window.stepper.exponent == 0 and window.stepper.rate < 10
    key(pg, pg.K_PLUS, "+")
    frame(window)
    assert window.stepper.exponent == 0


def test_zoomed_far_out_at_2_to_the_30_a_frame_is_drawn_from_the_tree(hash_window, pg, monkeypatch):
    window = hash_window()
    for _ in range(30):
        key(pg, pg.K_PLUS, "+")
    key(pg, pg.K_n, "n")
    frame(window)
    tree = window.stepper.sim.grid
    assert window.stepper.frame.generation == 1 << 30 and isinstance(tree, QuadPlane)
    assert tree.population > 10 ** 8  # far too many to list
    no_listing(monkeypatch)
    monkeypatch.setattr(QuadPlane, "window", lambda *a: pytest.fail("a window of cells zoomed out"))
    key(pg, pg.K_f, "f")
    window.messages.clear()  # "step 2^30 generations": text over the picture
    frame(window)
    view = window.view
    assert view.zoom < 2.0 ** -20 and isinstance(_view.sight(view), _view.Binned)
    lit = np.argwhere((drawn(pg, window) != window.colours[0][:3]).any(axis=2))
    assert len(lit) > 100  # the glider stream, a diagonal line
    # A pixel is lit where the cells round it hold a live cell (a node no wider than a pixel
    # lands in the pixel of its centre, so one node's width either way), dark where they do not.
    level = _view.sight(view).block_level()
    reach = 1 << level

    def cells_of(py, px, grow):
        # the cells whose centres lie in pixel (px, py), a rectangle grown by ``grow`` cells a side
        (ox, oy), (ay, ax) = view.offset, view.anchor
        y0, y1 = (ay + round((i - oy) / view.zoom - 0.5) for i in (py, py + 1))
        x0, x1 = (ax + round((j - ox) / view.zoom - 0.5) for j in (px, px + 1))
        return y0 - grow, y1 + grow, x0 - grow, x1 + grow

    def population(box):
        return tree.cleared(*box, inside=False).population

    assert all(population(cells_of(py, px, reach)) for py, px in lit[::7])
    rng = np.random.default_rng(1)
    dark = [(py, px) for py, px in zip(rng.integers(0, view.size[1], 300), rng.integers(0, view.size[0], 300))
            if not (drawn(pg, window)[py, px] != window.colours[0][:3]).any()]
    assert len(dark) > 200 and not any(population(cells_of(py, px, -reach)) for py, px in dark)
    window.view.zoom_at(200, 150, 2.0 ** -60)  # past the plane's floor: a tree zooms out further
    frame(window)
    assert window.view.zoom < _view.PLANE_MIN_ZOOM


def test_zoomed_out_on_whole_blocks_each_pixel_is_its_block(hash_window, pg, monkeypatch):
    """At 2^-3 with the blocks on pixel edges every pixel is exactly its 8 x 8 cells: any live."""
    rng = np.random.default_rng(3)
    ys, xs = rng.integers(-400, 400, 3000), rng.integers(-600, 600, 3000)
    tree = QuadPlane.from_points(ys, xs)
    window = hash_window(tree)
    window.view = _view.View(None, window.view.size, zoom=1 / 8, offset=(0.0, 0.0), anchor=(-199 - 8 * 16, -600))
    window.highlight = False
    no_listing(monkeypatch)
    frame(window)
    (ay, ax), (width, height) = window.view.anchor, window.view.size
    expected = np.zeros((height, width), bool)
    on = (ys >= ay) & (ys < ay + 8 * height) & (xs >= ax) & (xs < ax + 8 * width)
    expected[(ys[on] - ay) // 8, (xs[on] - ax) // 8] = True
    assert expected.sum() > 100
    assert np.array_equal(drawn(pg, window), window.colours[expected.astype(np.uint8)][..., :3])


def test_a_click_on_the_tree_sets_the_cell_and_undo_takes_it_back(hash_window, pg):
    window = hash_window()
    window.highlight = False
    key(pg, pg.K_n, "n")
    frame(window)
    tree = window.stepper.sim.grid
    assert isinstance(tree, QuadPlane)
    y0, _, x0, _ = tree.bounding_box()
    cell = (y0 - 2, x0)  # empty, in view (f leaves a margin)
    assert window.cell_state(*cell) == 0
    click(pg, window.view.centre_of(*cell))
    frame(window, 2)
    edited = window.stepper.sim.grid
    assert isinstance(edited, QuadPlane) and edited.store is tree.store
    assert edited.window(cell[0], cell[0] + 1, cell[1], cell[1] + 1)[0, 0] == 1
    assert edited.population == tree.population + 1 and window.stepper.frame.population == tree.population + 1
    assert tuple(pg.display.get_surface().get_at(window.view.centre_of(*cell)))[:3] == tuple(window.colours[1][:3])
    click(pg, window.view.centre_of(*cell))  # on a live cell: erases
    frame(window, 2)
    assert window.stepper.sim.grid.same_cells(tree)
    key(pg, pg.K_z, mod=pg.KMOD_CTRL)
    frame(window, 2)
    assert window.stepper.sim.grid.population == tree.population + 1


def test_clear_soup_and_a_selection_keep_the_tree(hash_window, pg):
    window = hash_window(seed=4)
    key(pg, pg.K_n, "n")
    frame(window)
    key(pg, pg.K_r, "r")
    frame(window, 2)
    soup = window.stepper.sim.grid
    assert isinstance(soup, QuadPlane) and soup.population > 300
    window.select.box = Box(-5, 5, -5, 5)
    window.select.clear(False)  # all but the box
    frame(window, 2)
    kept = window.stepper.sim.grid
    assert isinstance(kept, QuadPlane) and 0 < kept.population <= 100
    assert kept.same_cells(soup.cleared(-5, 5, -5, 5, inside=False))
    key(pg, pg.K_c, "c")
    frame(window, 2)
    assert isinstance(window.stepper.sim.grid, QuadPlane) and window.stepper.frame.population == 0
    key(pg, pg.K_z, mod=pg.KMOD_CTRL)
    frame(window, 2)
    assert window.stepper.sim.grid.same_cells(kept)


def test_s_saves_rle_when_small_and_mc_when_too_large_to_list(hash_window, pg, tmp_path):
    window = hash_window()
    window.stepper.step(100)
    frame(window)
    key(pg, pg.K_s, "s")
    frame(window)
    small = window.last_saved
    assert small.suffix == ".rle"
    ys, xs, states = read_pattern(small).absolute_points(None)
    assert QuadPlane.from_points(ys, xs, states) == window.stepper.sim.grid
    window.stepper.step(1 << 30)
    frame(window)
    key(pg, pg.K_s, "s")
    frame(window)
    big = window.last_saved
    assert big.suffix == ".mc" and "#G 1073741924" in big.read_text()
    assert read_pattern(big).tree.same_cells(window.stepper.sim.grid)


def test_status_line_shows_the_step_and_the_generation_and_population_in_full(hash_window, pg):
    window = hash_window()
    text = window.status_text()
    assert "step 2^0" in text and "gen 0" in text and "hashlife" in text
    window.stepper.step(1 << 70)
    frame(window)
    for _ in range(10):
        key(pg, pg.K_PLUS, "+")
    frame(window)
    text = window.status_text()
    population = window.stepper.sim.grid.population
    assert population > 1 << 60
    assert f"gen {1 << 70} " in text and f"pop {population} " in text and "step 2^10" in text


def test_born_and_died_at_single_steps_and_the_why_panel_after_a_jump(hash_window, pg):
    window = hash_window()
    key(pg, pg.K_n, "n")
    frame(window, 2)
    first = window.stepper.frame
    assert isinstance(first.grid, QuadPlane) and isinstance(first.previous, Plane) and first.leap == 1
    key(pg, pg.K_n, "n")
    frame(window, 2)
    second = window.stepper.frame
    assert isinstance(second.previous, QuadPlane)  # a single generation: born and died drawn
    codes = _view.display_codes(_universes.cells_seen(second.grid, _view.sight(window.view)),
                                _universes.cells_seen(second.previous, _view.sight(window.view)))
    assert (codes == _view.BORN).any() and (codes == _view.DIED).any()
    y, x = next(zip(*(a.tolist() for a in second.grid.points()[:2])))
    window.mouse = window.view.centre_of(y, x)
    key(pg, pg.K_w, "w")
    frame(window)
    assert "Its conversation in generation 1" in window.why.heading()
    for _ in range(4):
        key(pg, pg.K_PLUS, "+")
    key(pg, pg.K_n, "n")
    frame(window, 2)
    jumped = window.stepper.frame
    assert jumped.generation == 18 and jumped.previous is None and jumped.leap == 16
    heading = window.why.heading()
    assert "jumped 16 generations at once" in heading and "generation 17 was never made" in heading


def test_a_macrocell_file_loads_as_a_tree_with_hashlife_and_listed_on_other_drivers(hash_window, pg, tmp_path):
    path = tmp_path / "gun.mc"
    window = hash_window()
    window.stepper.step(64)
    frame(window)
    write_plane(path, window.stepper.sim.grid, "B3/S23", "gun")
    assert window.load(str(path))
    frame(window, 2)
    assert isinstance(window.stepper.sim.grid, QuadPlane)
    pattern = read_pattern(path)
    assert isinstance(_universes.placed(pattern, GUN), Plane)  # a driver that does not step trees
    assert _universes.placed(pattern, GUN, trees=True) is pattern.tree


def test_what_cannot_be_done_on_a_big_tree_is_refused_on_screen(hash_window, pg, monkeypatch):
    window = hash_window()
    window.stepper.step(1 << 30)
    frame(window)
    tree = window.stepper.sim.grid
    with pytest.raises(LifesimError, match="select less"):
        _universes.points_in(tree, Box(*tree.bounding_box()))
    key(pg, pg.K_a, mod=pg.KMOD_CTRL)  # select all, then copy: more cells than can be listed
    key(pg, pg.K_c, mod=pg.KMOD_CTRL)
    key(pg, pg.K_i, "i")  # the info panel's census needs the cells too
    frame(window)
    assert any("cannot copy" in text and "select less" in text for text, _ in window.messages)
    window.view.zoom_at(200, 150, 2.0 ** -70)  # cells past 2^62 at the corners: shown, not drawable
    window.messages.clear()
    click(pg, (0, 0))
    frame(window, 2)
    assert window.view.cell_at(0, 0)[0] < -(1 << 62) and window.stepper.sim.grid is tree
    assert any("cannot be drawn" in text for text, _ in window.messages)


def test_threaded_hashlife_runs_two_to_the_k_a_tick(hash_window, pg):
    window = hash_window(threaded=True, running=False)
    for _ in range(20):
        key(pg, pg.K_PLUS, "+")
    frame(window)
    window.stepper.set_rate(math.inf)
    window.stepper.set_running(True)
    deadline = time.monotonic() + 10
    while window.stepper.frame.generation < 3 << 20 and time.monotonic() < deadline:
        frame(window)
        time.sleep(0.002)  # as the window's clock.tick does: a frame loop that never sleeps starves the worker of the GIL
    window.stepper.set_running(False)
    assert window.stepper.wait_idle()
    generation = window.stepper.frame.generation
    assert generation >= 3 << 20 and generation % (1 << 20) == 0
    assert window.stepper.frame.population == window.stepper.sim.grid.population
