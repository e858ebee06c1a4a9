"""The window's bindings: one table row per key, its action beside the help line that explains it.

The window looks a key press up here and calls the row's action; the help overlay (``h``) lists
the same rows, so a key cannot work without being explained or be explained without working.
No pygame import: keys are named as pygame names them (``"K_n"``) and resolved by ``Keymap``
once pygame is loaded, so importing the window never imports pygame.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Binding:
    """One way to steer the window.

    keys: pygame key names (``"K_n"``); empty for the mouse, which ``Window.handle`` handles
    (a drag is press, motion and release, not one lookup) and which is listed here for the help,
    and for rows matched by the character typed alone (``chars``).
    label, help: the help overlay's line; rows that share both share one line.
    action: dotted attribute path on the Window (``"stepper.faster"``), called with ``args``;
    None for the mouse. chars: typed characters that trigger it whatever key typed them
    (``+`` is Shift+``=`` on one layout, a key of its own on another).
    needs_shift: only with Shift held; such a row wins over one without it for the same key.
    needs_ctrl: only with Ctrl (or Cmd) held; with Ctrl held only such rows match, so Ctrl+C
    never clears the grid as a plain ``c`` does.
    """

    keys: tuple
    label: str
    help: str
    action: str | None = None
    args: tuple = ()
    chars: str = ""
    needs_shift: bool = False
    needs_ctrl: bool = False


_PAN = ("right-drag, Shift+arrows", "pan (Left/Up/Down pan without Shift too)")
_RATE = ("+  /  -", "more / fewer generations per second; hashlife: step 2^k generations a tick, k up / down")
_QUIT = ("q  or  Esc", "quit")
_TURN = (">  /  <", "turn the selection (or the paste) clockwise / anticlockwise")
_FLIP = ("x  /  y", "flip the selection (or the paste) left-right / top-bottom")
_REDO = ("Ctrl+Shift+Z  or  Ctrl+Y", "redo what was undone")
_PEN = ("[  /  ]", "drawing state down / up (multi-state rules: WireWorld's wire is 3)")

BINDINGS = (
    Binding(("K_SPACE",), "space", "run / pause", "_run_pause"),
    Binding(("K_n", "K_RIGHT"), "n  or  Right", "one step (pauses): a generation; hashlife: 2^k of them",
            "stepper.step_once"),
    Binding(("K_PLUS", "K_KP_PLUS", "K_EQUALS"), *_RATE, "stepper.faster", (+1,), chars="+"),
    Binding(("K_MINUS", "K_KP_MINUS"), *_RATE, "stepper.faster", (-1,), chars="-"),
    Binding((), "mouse wheel", "zoom around the cursor"),
    # args: which way the grid moves, in eighths of the view (an arrow shows what lies that way).
    Binding(("K_LEFT",), *_PAN, "_pan_eighth", (1, 0)),
    Binding(("K_UP",), *_PAN, "_pan_eighth", (0, 1)),
    Binding(("K_DOWN",), *_PAN, "_pan_eighth", (0, -1)),
    Binding(("K_RIGHT",), *_PAN, "_pan_eighth", (-1, 0), needs_shift=True),  # Right alone steps
    Binding((), "left click / drag", "draw; starting on a cell of the drawing state erases"),
    Binding((), *_PEN, "choose_draw_state", (-1,), chars="["),
    Binding((), *_PEN, "choose_draw_state", (+1,), chars="]"),
    Binding(("K_c",), "c", "clear", "_clear"),
    Binding(("K_r",), "r", "random soup (on the plane: where you look); with a selection, fill it", "_soup"),
    Binding((), "Shift+left-drag", "select (the size is shown); e: plain drags select too", None),
    Binding(("K_e",), "e", "left-drag selects / draws", "select.toggle_mode"),
    Binding(("K_a",), "Ctrl+A", "select all (on the plane: the live cells)", "select.all", needs_ctrl=True),
    Binding(("K_c",), "Ctrl+C  /  Ctrl+X", "copy / cut the selection to the clipboard as RLE", "select.copy",
            needs_ctrl=True),
    Binding(("K_x",), "Ctrl+C  /  Ctrl+X", "copy / cut the selection to the clipboard as RLE", "select.cut",
            needs_ctrl=True),
    Binding(("K_v",), "Ctrl+V", "paste RLE or .cells text: it follows the cursor, a click places it",
            "select.paste", needs_ctrl=True),
    Binding(("K_DELETE", "K_BACKSPACE"), "Delete  /  Shift+Delete", "clear inside / outside the selection",
            "select.clear", (True,)),
    Binding(("K_DELETE", "K_BACKSPACE"), "Delete  /  Shift+Delete", "clear inside / outside the selection",
            "select.clear", (False,), needs_shift=True),
    Binding((), *_TURN, "select.move", ("clockwise",), chars=">"),
    Binding((), *_TURN, "select.move", ("anticlockwise",), chars="<"),
    Binding(("K_x",), *_FLIP, "select.move", ("left_right",)),
    Binding(("K_y",), *_FLIP, "select.move", ("top_bottom",)),
    Binding(("K_s",), "s", "save the cells to RLE; hashlife, too many to list: .mc (name shown)", "save"),
    Binding(("K_o",), "o", "load a pattern: a file, a folder to browse, or a bundled name (Tab completes)",
            "_open_prompt", ("load",)),
    Binding(("K_p",), "p", "browse the bundled patterns (type to filter, Enter loads)", "_browse"),
    Binding(("K_r",), "R  (Shift+R)", "switch the rule: type a rulestring or a name (undoable)", "_open_prompt",
            ("rule",), needs_shift=True),
    Binding(("K_k",), "k", "colour scheme: lifesim, golly, paper, phosphor (a rule file's colours win)",
            "_next_scheme"),
    Binding(("K_g",), "g", "grid lines", "_toggle", ("grid_lines",)),
    Binding(("K_b",), "b", "just-born / just-died colours (two-state rules)", "_toggle", ("highlight",)),
    Binding(("K_f",), "f", "fit the grid (on the plane: the live cells) to the window", "_fit"),
    Binding(("K_w",), "w  or  middle click", "why? the cell's last conversation with the rule (again: close)",
            "_why_here"),
    Binding(("K_i",), "i", "info: the pattern's name, comments and rule; what the selection (or all) is",
            "_toggle_info"),
    Binding(("K_z",), "Ctrl+Z", "undo: an edit, load, clear, soup, rule change or run", "undo", needs_ctrl=True),
    Binding(("K_z",), *_REDO, "redo", needs_shift=True, needs_ctrl=True),
    Binding(("K_y",), *_REDO, "redo", needs_ctrl=True),
    Binding(("K_r",), "Ctrl+R", "reset: back to where running last started from a changed pattern",
            "reset", needs_ctrl=True),
    Binding(("K_h",), "h", "this help", "_toggle", ("show_help",)),
    Binding(("K_q",), *_QUIT, "_quit"),
    Binding(("K_ESCAPE",), *_QUIT, "_escape"),  # closes the help or a panel first, when one is shown
)


def help_lines(bindings=BINDINGS):
    """The help overlay's (label, help) lines: one per distinct pair, in table order."""
    return tuple(dict.fromkeys((b.label, b.help) for b in bindings))


class Keymap:
    """The bindings by pygame key code, resolved from ``pg`` (the pygame module).

    Raises ValueError when two rows claim the same key with the same ``needs_shift``, or the
    same typed character: a press must mean one thing.
    """

    def __init__(self, pg, bindings=BINDINGS):
        self._keys, self._chars = {}, {}
        for binding in bindings:
            claims = [(self._keys, (getattr(pg, name), binding.needs_shift, binding.needs_ctrl))
                      for name in binding.keys]
            claims += [(self._chars, char) for char in binding.chars]
            for table, claim in claims:
                if claim in table:
                    raise ValueError(f"{binding.label!r} and {table[claim].label!r} both claim {claim}")
                table[claim] = binding

    def find(self, key, shift=False, char="", ctrl=False):
        """The binding for a press of ``key`` (with Shift, Ctrl held or not) that typed ``char``, or None.

        The key decides before the character; with Shift held a Shift row of the key comes first.
        With Ctrl held only Ctrl rows match (the character typed then is a control code).
        """
        found = (shift and self._keys.get((key, True, ctrl))) or self._keys.get((key, False, ctrl))
        return found or (None if ctrl else self._chars.get(char))
