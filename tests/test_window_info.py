"""The info panel (pattern comments, identify), typing a rule, the pattern browser and colour
schemes in the window, with real key presses under SDL's dummy video driver."""

import time

import numpy as np
import pytest

from lifesim.window import info as _info
from lifesim.window import view as _view
from lifesim.window.browser import Browser
from conftest import frame, key

GLIDER_WITH_NOTES = """#N Noted glider
#C A comment line.
#O An author
#D Golly's description line
x = 3, y = 3, rule = B3/S23
bo$2bo$3o!
"""


def ctrl(pg, k):
    key(pg, k, mod=pg.KMOD_CTRL)


def type_text(pg, text):
    for ch in text:
        code = getattr(pg, f"K_{ch.lower()}", None) if ch.isalnum() else None
        key(pg, code if code is not None else 0, ch)


def drawn_text(window):
    """Every string the window renders in one frame."""
    drawn, font = [], window.font

    class Recording:
        def render(self, text, *args):
            drawn.append(text)
            return font.render(text, *args)

        def __getattr__(self, name):
            return getattr(font, name)

    window.font = window._info_panel.font = window._browser_panel.font = Recording()
    window._info_panel._key = window._browser_panel._key = None  # render afresh
    window.draw()
    window.font = window._info_panel.font = window._browser_panel.font = font
    return drawn


def test_i_shows_the_loaded_patterns_comments_and_undo_brings_back_the_old_ones(make_window, pg, tmp_path):
    path = tmp_path / "noted.rle"
    path.write_text(GLIDER_WITH_NOTES)
    window = make_window()
    window.load(str(path))
    key(pg, pg.K_i, "i")
    frame(window, 2)
    shown = drawn_text(window)
    for line in ("Noted glider", "A comment line.", "An author", "Golly's description line", "rule: B3/S23"):
        assert any(line in text for text in shown), line
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert window.info.title == "test" and window.info.comments == ()


def test_i_identifies_the_selection(make_window, pg):
    window = make_window()  # a block at rows 1..2, columns 1..2
    window.select.box = __import__("lifesim.window.selection", fromlist=["Box"]).Box(0, 4, 0, 4)
    key(pg, pg.K_i, "i")
    frame(window)
    deadline = time.monotonic() + 20
    while window.identifying.lines is None and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = _info.info_lines(window.info, window.stepper.frame, window.select.box, window.identifying.lines)
    assert any("xs4_33" in line for line in lines)


def test_shift_r_switches_the_rule_by_name_with_tab_and_undo_switches_back(make_window, pg):
    window = make_window()
    key(pg, pg.K_r, "R", pg.KMOD_SHIFT)
    type_text(pg, "high")
    key(pg, pg.K_TAB)
    frame(window)
    assert window.prompt == "highlife" and window.prompt_kind.label == "rule"
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B36/S23" and window.stepper.sim.population == 7
    key(pg, pg.K_r, "R", pg.KMOD_SHIFT)
    type_text(pg, "B2/S/C3")
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B2/S/C3"
    key(pg, pg.K_r, "R", pg.KMOD_SHIFT)
    type_text(pg, "nonsense")
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B2/S/C3" and "unknown rule" in window.messages[-1][0]
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B36/S23"


def test_a_watched_rule_is_not_switched_by_typing(make_window, pg, tmp_path):
    class Watcher:  # what the window asks of a RuleWatcher here
        path = tmp_path / "my_rules.py"

        def poll_window(self, window):
            pass

    window = make_window(watcher=Watcher())
    window.set_rule("B36/S23")
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B3/S23" and "--watch" in window.messages[-1][0]


def test_p_browses_the_bundled_patterns_typing_filters_and_enter_loads(make_window, pg):
    window = make_window()
    key(pg, pg.K_p, "p")
    type_text(pg, "wss")
    frame(window)
    assert [label for label, _ in window.browser.shown()] == ["hwss", "lwss", "mwss"]
    shown = drawn_text(window)
    assert any("hwss" in t for t in shown) and any("Heavyweight" in t or "HWSS" in t for t in shown)
    key(pg, pg.K_DOWN)
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert window.browser is None and window.title.lower().startswith(("lwss", "lightweight"))


def test_a_folder_typed_at_o_opens_the_browser_on_it(make_window, pg, tmp_path):
    (tmp_path / "a.rle").write_text(GLIDER_WITH_NOTES)
    (tmp_path / "notes.txt").write_text("not a pattern")
    window = make_window()
    key(pg, pg.K_o, "o")
    frame(window)
    window.prompt = str(tmp_path)
    key(pg, pg.K_RETURN, "\r")
    frame(window)
    assert [label for label, _ in window.browser.entries] == ["../", "a.rle"]
    key(pg, pg.K_DOWN)
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert window.title == "Noted glider"


def test_the_browser_goes_into_folders_and_back_up(make_window, pg, tmp_path):
    (tmp_path / "Guns").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "Guns" / "glider.rle").write_text(GLIDER_WITH_NOTES)
    window = make_window()
    window.open_named(str(tmp_path))
    assert [label for label, _ in window.browser.entries] == ["../", "Guns/"]
    key(pg, pg.K_DOWN)
    frame(window)
    assert any("Enter opens it" in t for t in drawn_text(window))
    key(pg, pg.K_RETURN, "\r")
    frame(window)
    assert window.browser.title.endswith("Guns") and [e for e, _ in window.browser.entries] == ["../", "glider.rle"]
    key(pg, pg.K_RETURN, "\r")  # ../: back up
    frame(window)
    assert [label for label, _ in window.browser.entries] == ["../", "Guns/"]


def test_the_bundled_list_ends_with_gollys_patterns_where_golly_is_installed(monkeypatch, tmp_path):
    from lifesim.io import patterns
    from lifesim.window.browser import GOLLY_ENTRY
    monkeypatch.setattr(patterns, "GOLLY_PATTERN_FOLDERS", (str(tmp_path / "absent"),))
    assert GOLLY_ENTRY not in [label for label, _ in Browser.bundled().entries]
    monkeypatch.setattr(patterns, "GOLLY_PATTERN_FOLDERS", (str(tmp_path / "absent"), str(tmp_path)))
    assert Browser.bundled().entries[-1] == (GOLLY_ENTRY, str(tmp_path))


def test_a_zip_archive_of_several_patterns_is_browsed_and_its_rule_comes_with_the_pattern(make_window, pg, tmp_path):
    from tests.test_archive import WIRE, ZIPPED_RULE, make_zip
    make_zip(tmp_path / "wires.zip", {"Zipped.rule": ZIPPED_RULE, "east.rle": WIRE,
                                       "west.rle": WIRE.replace("BA3C", "3CAB")})
    (tmp_path / "beside.rle").write_text(WIRE.replace("Zipped", "Beside"))
    (tmp_path / "Beside.rule").write_text(ZIPPED_RULE.replace("@RULE Zipped", "@RULE Beside"))
    window = make_window()
    window.open_named(str(tmp_path))
    assert [label for label, _ in window.browser.entries] == ["../", "beside.rle", "wires.zip"]
    key(pg, pg.K_END)
    key(pg, pg.K_RETURN, "\r")  # an archive of two patterns: a list of them, as Golly shows
    frame(window)
    assert [label for label, _ in window.browser.entries] == ["east.rle", "west.rle"]
    key(pg, pg.K_DOWN)
    key(pg, pg.K_RETURN, "\r")
    frame(window, 2)
    assert window.browser is None and window.title == "west"
    assert window.stepper.sim.rule.name == "Zipped" and window.stepper.sim.population == 5
    window.open_named(str(tmp_path / "beside.rle"))  # NAME.rule beside the pattern, as on the command line
    frame(window, 2)
    assert window.stepper.sim.rule.name == "Beside", window.messages[-1][0]


def test_the_browser_moves_and_filters_on_its_own():
    browser = Browser([(n, n) for n in "abcdefghijklmnop"], "letters")
    browser.move("page_down")
    assert browser.chosen() == "k"
    browser.move("end")
    assert browser.chosen() == "p"
    browser.type("z")
    assert browser.chosen() is None and browser.lines()[0][2] == "(nothing matches)"
    browser.type("\b")
    assert browser.chosen() == "a"
    browser.move("end")
    lines, at = browser.lines("about p", fits=4)
    assert lines[2:] == ["m", "n", "o", "p", "about p"] and lines[at] == "p"


def test_k_cycles_the_colour_schemes_and_a_rules_own_colours_win(make_window, pg):
    window = make_window()
    key(pg, pg.K_k, "k")
    frame(window)
    assert window.scheme == "golly" and tuple(window.colours[0][:3]) == _view.SCHEMES["golly"][0]
    assert tuple(pg.display.get_surface().get_at(window.view.centre_of(0, 0)))[:3] == _view.SCHEMES["golly"][0]
    own = _view.palette(3, [(0, 0, 0), None, (255, 0, 0)], "paper")
    assert tuple(own[0][:3]) == (0, 0, 0) and tuple(own[1][:3]) == _view.SCHEMES["paper"][1]
    assert tuple(own[2][:3]) == (255, 0, 0)
    for _ in range(len(_view.SCHEMES) - 1):
        key(pg, pg.K_k, "k")
    frame(window)
    assert window.scheme == "lifesim" and np.array_equal(window.colours, _view.palette(2))
