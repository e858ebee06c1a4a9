"""The window's selection tool: select with a drag, copy, cut, paste with a preview, clear,
fill, turn and flip; what the keys table calls as ``select.copy``, ``select.paste``, ...

It keeps the selection (a ``selection.Box``) and the paste preview (a ``selection.Clip`` that
follows the cursor until a left click places it) and asks the window for the rest: the cells as
drawn (``visible_grid``), the undoable change of the universe (``_replace_cells``, run on the
worker between generations), the clipboard and the screen. Every change is one undo step.
"""

import numpy as np

from lifesim.errors import LifesimError
from lifesim.window import universes as _universes
from lifesim.window.clipboard import clip_text, text_clip
from lifesim.window.selection import Box, Clip, moved

SELECTION_FILL = (90, 150, 255, 48)
SELECTION_EDGE = (120, 180, 255)
PASTE_CELL = (120, 200, 255, 190)
PASTE_EDGE = (255, 200, 90)
MAX_PREVIEW_CELLS = 1 << 22  # a paste bigger than this is previewed as its outline only
MAX_PREVIEW_PIXELS = 8192  # nor drawn wider or taller than this, in pixels


class Selecting:
    """Selection state for ``window`` (a lifesim.window.window.Window)."""

    def __init__(self, window):
        self.window = window
        self.box = None  # the selection, a Box, or None
        self.floating = None  # the paste preview, a Clip, or None
        self.mode = False  # True: a plain left-drag selects (e); Shift+drag always does
        self._anchor = None  # the cell a selecting drag started on
        self._preview = (None, None)  # ((clip id, zoom), surface)

    # The mouse ----------------------------------------------------------------------------

    def press(self, cell, shift):
        """A left press on ``cell``: place a paste, or start a selection; False when it is
        neither (the window draws then)."""
        if self.floating is not None:
            self.place(cell)
            return True
        if not (shift or self.mode):
            return False
        self._anchor = cell
        self.box = Box.spanning(cell, cell)
        return True

    def drag(self, cell):
        if self._anchor is not None and cell is not None:
            self.box = Box.spanning(self._anchor, cell)

    def release(self):
        self._anchor = None

    @property
    def dragging(self):
        return self._anchor is not None

    # The keys -----------------------------------------------------------------------------

    def toggle_mode(self):
        self.mode = not self.mode
        self.window.show_message("left-drag selects (e: draw again)" if self.mode else "left-drag draws")

    def all(self):
        """Select the whole grid (on the plane: the live cells' box)."""
        universe = self.window.visible_grid()
        if _universes.is_plane(universe):
            found = universe.bounding_box()
            if found is None:
                self.window.show_message("nothing to select: the plane is empty")
                return
            self.box = Box(*found)
        else:
            self.box = Box(0, universe.shape[0], 0, universe.shape[1])

    def copy(self):
        """Put the selection on the clipboard as RLE; the Clip, or None without a selection."""
        if not self._need_box("copy"):
            return None
        try:
            points = _universes.points_in(self.window.visible_grid(), self.box)
        except LifesimError as exc:  # a hashlife tree with more cells there than can be listed
            self.window.show_message(f"cannot copy: {exc}")
            return None
        clip = Clip.of_points(self.box, *points)
        self.window.clipboard.put(clip_text(clip, self.window.stepper.frame.rule.spec))
        where = "the clipboard" if self.window.clipboard.system else "lifesim's own clipboard (no system one here)"
        self.window.show_message(f"copied {self.box.describe()} ({len(clip.ys)} cells) to {where} as RLE")
        return clip

    def cut(self):
        if self.copy() is not None:
            box = self.box
            self.window._replace_cells(lambda u: _universes.cleared_box(u, box), "cut")

    def paste(self):
        """Read the clipboard's pattern text and preview it under the cursor until a click."""
        try:
            clip, rule = text_clip(self.window.clipboard.get())
        except LifesimError as exc:
            self.window.show_message(f"the clipboard holds no pattern: {exc}")
            return
        self.floating = clip
        other = f"; its rule {rule} is not used" if rule and rule != self.window.stepper.frame.rule.spec else ""
        self.window.show_message(f"pasting {clip.width} x {clip.height}: click to place, > < x y turn "
                                 f"and flip, Esc cancels{other}")

    def place(self, cell):
        """Paste the preview with its top-left cell at ``cell`` (its live cells over what is there)."""
        clip, self.floating = self.floating, None
        y, x = cell
        self.box = Box(y, y + clip.height, x, x + clip.width)
        self.window._replace_cells(lambda u: _universes.with_points(u, *clip.at(y, x)), "paste")

    def clear(self, inside=True):
        if self._need_box("clear"):
            box = self.box
            self.window._replace_cells(lambda u: _universes.cleared_box(u, box, inside),
                                       "clear inside" if inside else "clear outside")

    def fill(self, density, seed):
        """Random cells inside the selection (``r`` with a selection)."""
        box = self.box
        self.window._replace_cells(lambda u: _universes.filled(u, box, density, seed), "random fill")

    def move(self, name):
        """Turn or flip (``selection.MOVES``) the paste preview, else the selection's cells in place."""
        if self.floating is not None:
            self.floating = moved(self.floating, name)
            return
        if not self._need_box("turn or flip"):
            return
        box = self.box
        new = box.turned(name == "clockwise") if name in ("clockwise", "anticlockwise") else box

        def turn(universe):
            clip = moved(Clip.of_points(box, *_universes.points_in(universe, box)), name)
            return _universes.with_points(_universes.cleared_box(universe, box), *clip.at(new.y0, new.x0))

        self.box = new
        self.window._replace_cells(turn, name.replace("_", "-"))

    def cancel(self):
        """Esc: drop the paste preview, else the selection; False when there was neither."""
        if self.floating is not None:
            self.floating = None
        elif self.box is not None:
            self.box = None
        else:
            return False
        return True

    def _need_box(self, what):
        if self.box is None:
            self.window.show_message(f"nothing to {what}: select first (Shift+drag, or e then drag; Ctrl+A all)")
        return self.box is not None

    # Drawing ------------------------------------------------------------------------------

    def status(self):
        """The status line's words: ``sel 12 x 7`` or ``pasting 3 x 3``, or ''."""
        if self.floating is not None:
            return f"pasting {self.floating.width} x {self.floating.height}"
        return f"sel {self.box.describe()}" if self.box is not None else ""

    def draw(self, screen, font):
        window, pg = self.window, self.window.pg
        view = window.view
        if self.box is not None:
            b = self.box
            rect = view.pixel_box(b.y0, b.y1, b.x0, b.x1)
            shade = pg.Surface(rect[2:], pg.SRCALPHA)
            shade.fill(SELECTION_FILL)
            screen.blit(shade, rect[:2])
            pg.draw.rect(screen, SELECTION_EDGE, rect, 1)
            label = font.render(b.describe(), True, SELECTION_EDGE)
            screen.blit(label, (rect[0], max(0, rect[1] - label.get_height() - 2)))
        if self.floating is not None:
            cell = view.cell_at(*window.mouse)
            if cell is not None:
                self._draw_preview(screen, cell)

    def _draw_preview(self, screen, cell):
        pg, view, clip = self.window.pg, self.window.view, self.floating
        y, x = cell
        rect = view.pixel_box(y, y + clip.height, x, x + clip.width)
        size = (round(clip.width * view.zoom), round(clip.height * view.zoom))
        if clip.height * clip.width <= MAX_PREVIEW_CELLS and 0 < max(size) <= MAX_PREVIEW_PIXELS and min(size) > 0:
            key = (id(clip), size)
            if self._preview[0] != key:
                self._preview = (key, self._picture(clip, size))
            screen.blit(self._preview[1], view.corner_of(y, x))
        pg.draw.rect(screen, PASTE_EDGE, rect, 1)

    def _picture(self, clip, size):
        pg = self.window.pg
        rgba = np.zeros((clip.width, clip.height, 4), np.uint8)  # pygame's arrays are (x, y)
        rgba[clip.xs, clip.ys] = PASTE_CELL
        surface = pg.Surface((clip.width, clip.height), pg.SRCALPHA)
        pg.surfarray.pixels3d(surface)[...] = rgba[..., :3]
        pg.surfarray.pixels_alpha(surface)[...] = rgba[..., 3]
        return pg.transform.scale(surface, size)
