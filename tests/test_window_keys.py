"""The window's keys (lifesim.window.keys): the bindings table, its help overlay, and real key
presses posted into the pygame queue."""

import math
from operator import attrgetter
from types import SimpleNamespace

import numpy as np
import pytest

from lifesim.io.formats import read_pattern
from lifesim.window.keys import BINDINGS, Binding, Keymap, help_lines
from conftest import frame, key

# A stand-in for pygame's key codes: the table is tested without pygame.
CODES = SimpleNamespace(**{name: code for code, name in enumerate(sorted({k for b in BINDINGS for k in b.keys}))})


def test_every_binding_has_help_text_and_either_keys_and_an_action_or_neither():
    for binding in BINDINGS:
        assert binding.label.strip() and binding.help.strip(), binding
        # neither: the mouse; typed characters alone (> and <) are keys too
        assert bool(binding.keys or binding.chars) == (binding.action is not None), binding


def test_every_action_is_a_method_of_the_window(make_window, pg):
    window = make_window()
    Keymap(pg)  # every key is a pygame key, and no press means two things
    for binding in BINDINGS:
        if binding.action:
            assert callable(attrgetter(binding.action)(window)), binding.action


def test_the_help_overlay_lists_every_binding(make_window, pg):
    window = make_window()
    drawn, font = [], window.font

    class Recording:  # the window's font, noting every text it renders
        def render(self, text, *args):
            drawn.append(text)
            return font.render(text, *args)

    window.font = Recording()
    window.show_help = True
    window.draw()
    for binding in BINDINGS:
        assert binding.label in drawn and binding.help in drawn, binding
    assert len(help_lines()) == len({(b.label, b.help) for b in BINDINGS})


def test_right_steps_and_shift_right_pans_and_a_typed_plus_is_faster_from_any_key():
    keymap = Keymap(CODES)
    assert keymap.find(CODES.K_RIGHT).action == "stepper.step_once"
    assert keymap.find(CODES.K_RIGHT, shift=True).action == "_pan_eighth"
    assert keymap.find(CODES.K_LEFT).args == keymap.find(CODES.K_LEFT, shift=True).args == (1, 0)
    assert keymap.find(CODES.K_n, shift=True).action == "stepper.step_once"
    assert keymap.find(-1, char="+").args == (+1,) and keymap.find(-1, char="-").args == (-1,)
    assert keymap.find(-1, char="x") is None and keymap.find(CODES.K_c, char="+").action == "_clear"


def test_two_rows_claiming_one_press_are_refused():
    with pytest.raises(ValueError, match="both claim"):
        Keymap(CODES, BINDINGS + (Binding(("K_c",), "c", "again", "_soup"),))
    with pytest.raises(ValueError, match="both claim"):
        Keymap(CODES, BINDINGS + (Binding((), "x", "plus", "_soup", chars="+"),))
    Keymap(CODES, BINDINGS + (Binding(("K_c",), "C", "shifted", "_soup", needs_shift=True),))


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


def test_readme_lists_every_key_of_the_help_overlay():
    """README's window table names every key the help overlay does (as `k` or k, joined by / or)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The window"):readme.index("## Batch runs")]
    rows = [line.split(" | ")[0].strip("| ").replace("`", "") for line in section.splitlines()
            if line.startswith("| ") and " | " in line]

    def keys_of(label):
        parts = label.replace(" or ", " / ").replace(", ", " / ").split("/")
        return {" ".join(part.split()) for part in parts if part.strip()}

    listed = set().union(*(keys_of(row) for row in rows))
    for label, _ in help_lines():
        assert keys_of(label) <= listed, label
