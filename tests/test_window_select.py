"""Selection, clipboard and paste in the window (lifesim.window.selecting, selection, clipboard):
Shift+drag, copy/cut/paste through a clipboard double, clear inside/outside, random fill, turn
and flip, with real key and mouse events under SDL's dummy video driver."""

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.io.formats import parse_pattern_text
from lifesim.universe import Plane
from lifesim.window.clipboard import MemoryClipboard, SystemClipboard, text_clip
from lifesim.window.selection import Box, Clip
from conftest import frame, key

FIELD = ("-" * 24 + "\n") * 16
R_PENTOMINO = "-**\n**-\n-*-"


def ctrl(pg, k, shift=False):
    key(pg, k, mod=pg.KMOD_CTRL | (pg.KMOD_SHIFT if shift else 0))


def move_to(pg, window, cell):
    at = window.view.centre_of(*cell)
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=at, rel=(0, 0), buttons=(0, 0, 0)))
    return at


def shift_drag(pg, window, a, b):
    """Select from cell a to cell b with Shift held, as a person would."""
    start, end = window.view.centre_of(*a), window.view.centre_of(*b)
    pg.key.set_mods(pg.KMOD_SHIFT)
    try:
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=start, button=1))
        pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=end, rel=(1, 1), buttons=(1, 0, 0)))
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=end, button=1))
        frame(window)
    finally:
        pg.key.set_mods(0)


@pytest.fixture
def field(make_window):
    """A 16x24 window holding an R-pentomino at rows 3..5, columns 4..6, and a clipboard double."""
    def make(**options):
        grid = Grid.from_text(FIELD).place(Grid.from_text(R_PENTOMINO).cells, at=(3, 4))
        window = make_window(text=str(grid), size=(480, 360), clipboard=MemoryClipboard(), **options)
        return window
    return make


def cells(window):
    return window.stepper.sim.grid.cells.copy()


def test_shift_drag_selects_and_shows_its_size_without_drawing(field, pg):
    window = field()
    before = cells(window)
    shift_drag(pg, window, (2, 3), (6, 8))
    assert window.select.box == Box(2, 7, 3, 9) and "sel 6 x 5" in window.status_text()
    assert np.array_equal(cells(window), before)


def test_copy_then_paste_at_an_offset_equals_the_shifted_selection(field, pg):
    window = field()
    shift_drag(pg, window, (2, 3), (6, 8))
    selected = cells(window)[2:7, 3:9]
    ctrl(pg, pg.K_c)
    frame(window)
    assert "x = 6, y = 5" in window.clipboard.text  # RLE, as Golly and LifeWiki write it
    ctrl(pg, pg.K_v)
    at = move_to(pg, window, (8, 14))
    frame(window)
    assert window.select.floating is not None and "pasting 6 x 5" in window.status_text()
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=at, button=1))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=at, button=1))
    frame(window, 2)
    after = cells(window)
    assert np.array_equal(after[8:13, 14:20], selected)
    assert np.array_equal(after[2:7, 3:9], selected) and after.sum() == 2 * selected.sum()
    ctrl(pg, pg.K_z)  # the paste is one undo step
    frame(window, 2)
    assert cells(window).sum() == selected.sum()


def test_the_clipboard_text_is_rle_any_reader_takes(field, pg):
    window = field()
    window.replace_rule("B36/S23")
    frame(window)
    shift_drag(pg, window, (3, 4), (5, 6))
    ctrl(pg, pg.K_c)
    frame(window)
    pattern = parse_pattern_text(window.clipboard.text)
    assert np.array_equal(pattern.cells, Grid.from_text(R_PENTOMINO).cells) and pattern.rule == "B36/S23"


@pytest.mark.parametrize("text", [
    "!Name: Glider\n!Copied from a web page\n.O.\n..O\nOOO\n",  # .cells, as LifeWiki shows it
    "#N Glider\n#C from LifeWiki\nx = 3, y = 3, rule = B3/S23\nbo$2bo$3o!\n",  # RLE with its header
    "  bo$2bo$3o!  \n",  # headerless RLE, as typed into a forum post
])
def test_paste_reads_pattern_text_copied_from_a_web_page(make_window, pg, text):
    window = make_window(text=FIELD, size=(480, 360), clipboard=MemoryClipboard(text))
    ctrl(pg, pg.K_v)
    at = move_to(pg, window, (5, 5))
    frame(window)
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=at, button=1))
    frame(window, 2)
    assert cells(window)[5:8, 5:8].tolist() == [[0, 1, 0], [0, 0, 1], [1, 1, 1]]


def test_a_clipboard_without_a_pattern_says_so(make_window, pg):
    window = make_window(clipboard=MemoryClipboard("just some words\nfrom a page"))
    ctrl(pg, pg.K_v)
    frame(window)
    assert window.select.floating is None and "no pattern" in window.messages[-1][0]


def test_cut_delete_and_shift_delete_clear_inside_and_outside(field, pg):
    window = field()
    original = cells(window)
    shift_drag(pg, window, (3, 4), (4, 5))
    ctrl(pg, pg.K_x)
    frame(window, 2)
    assert cells(window)[3:5, 4:6].sum() == 0 and cells(window).sum() == 2
    assert parse_pattern_text(window.clipboard.text).cells.sum() == 3
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert np.array_equal(cells(window), original)
    key(pg, pg.K_DELETE, mod=pg.KMOD_SHIFT)  # clear outside: only the 2x2 box is left
    frame(window, 2)
    assert cells(window).sum() == 3 and cells(window)[3:5, 4:6].sum() == 3
    key(pg, pg.K_DELETE)
    frame(window, 2)
    assert cells(window).sum() == 0


def test_r_with_a_selection_fills_only_inside_it(field, pg):
    window = field(seed=2)
    shift_drag(pg, window, (8, 10), (15, 23))
    key(pg, pg.K_r, "r")
    frame(window, 2)
    inside, outside = cells(window)[8:16, 10:24], cells(window).copy()
    outside[8:16, 10:24] = 0
    assert 0.15 * inside.size < inside.sum() < 0.45 * inside.size
    assert outside.sum() == 5  # the R-pentomino, untouched


def test_turning_and_flipping_the_selection_in_place(field, pg):
    window = field()
    shift_drag(pg, window, (3, 4), (5, 6))
    block = cells(window)[3:6, 4:7]
    for char, expected in ((">", np.rot90(block, -1)), ("<", block), ("x", block[:, ::-1])):
        key(pg, getattr(pg, {">": "K_PERIOD", "<": "K_COMMA"}.get(char, "K_x")), char, pg.KMOD_SHIFT * (char in "<>"))
        frame(window, 2)
        assert np.array_equal(cells(window)[3:6, 4:7], expected), char
    key(pg, pg.K_y, "y")
    frame(window, 2)
    assert np.array_equal(cells(window)[3:6, 4:7], block[::-1, ::-1])


def test_a_wide_selection_turns_about_its_centre_into_a_tall_one(field, pg):
    window = field()
    shift_drag(pg, window, (4, 4), (4, 9))  # 1 row x 6 columns
    window.stepper.sim.replace_grid(Grid.from_text(FIELD).place(np.ones((1, 6)), at=(4, 4)))
    key(pg, pg.K_PERIOD, ">", pg.KMOD_SHIFT)
    frame(window, 2)
    assert window.select.box == Box(1, 7, 6, 7)
    assert cells(window)[1:7, 6].tolist() == [1] * 6 and cells(window).sum() == 6
    key(pg, pg.K_COMMA, "<", pg.KMOD_SHIFT)  # and back: the same box and cells
    frame(window, 2)
    assert window.select.box == Box(4, 5, 4, 10) and cells(window)[4, 4:10].tolist() == [1] * 6


def test_a_paste_preview_turns_before_it_lands_and_esc_cancels_it(make_window, pg):
    window = make_window(text=FIELD, size=(480, 360), clipboard=MemoryClipboard("x = 3, y = 1\n3o!"))
    ctrl(pg, pg.K_v)
    key(pg, pg.K_PERIOD, ">", pg.KMOD_SHIFT)
    at = move_to(pg, window, (2, 2))
    frame(window)
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=at, button=1))
    frame(window, 2)
    assert cells(window)[2:5, 2].tolist() == [1, 1, 1] and cells(window).sum() == 3
    ctrl(pg, pg.K_v)
    key(pg, pg.K_ESCAPE)
    frame(window)
    assert window.select.floating is None and not window.quit
    key(pg, pg.K_ESCAPE)  # then the selection (the pasted box) goes
    frame(window)
    assert window.select.box is None and not window.quit


def test_select_all_copy_and_paste_on_the_plane_far_away(pg, tmp_path):
    from lifesim.window.window import Window

    far = (-(10 ** 7), 10 ** 7)
    plane = Plane.from_cells(Grid.from_text(R_PENTOMINO).cells, origin=far)
    with Window(Simulation(plane), "t", size=(400, 300), running=False, threaded=False,
                save_dir=tmp_path, clipboard=MemoryClipboard()) as window:
        ctrl(pg, pg.K_a)
        ctrl(pg, pg.K_c)
        ctrl(pg, pg.K_v)
        at = move_to(pg, window, (far[0] + 5, far[1] + 3))
        frame(window)
        pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=at, button=1))
        frame(window, 2)
        plane = window.stepper.sim.grid
        assert plane.population == 10
        assert np.array_equal(plane.window(far[0] + 5, far[0] + 8, far[1] + 3, far[1] + 6),
                              Grid.from_text(R_PENTOMINO).cells)


def test_the_system_clipboard_keeps_the_text_itself_where_sdl_has_none(make_window, pg):
    window = make_window()
    clipboard = SystemClipboard(pg)
    clipboard.put("x = 1, y = 1\no!")
    assert clipboard.get() == "x = 1, y = 1\no!"
    clip, rule = text_clip(clipboard.get())
    assert (clip.height, clip.width, len(clip.ys)) == (1, 1, 1) and rule is None


def test_clips_turn_four_times_back_to_themselves():
    rng = np.random.default_rng(0)
    block = (rng.random((5, 8)) < 0.4).astype(np.uint8)
    ys, xs = np.nonzero(block)
    clip = Clip.of_points(Box(0, 5, 0, 8), ys.astype(np.int64), xs.astype(np.int64), block[ys, xs])
    assert np.array_equal(clip.turned().dense(), np.rot90(block, -1))
    assert np.array_equal(clip.turned(False).dense(), np.rot90(block))
    assert np.array_equal(clip.turned().turned().turned().turned().dense(), block)
    assert np.array_equal(clip.flipped(False).dense(), block[::-1])
