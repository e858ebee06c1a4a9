"""The window's selection and the clip it copies: a box of cells, and live cells relative to one.

``Box`` is a rectangle of cells, half-open, absolute (as the universe numbers them; any ints on
the plane). ``Clip`` is a pattern lifted out of a universe (or pasted in): its live cells as
points relative to its own top-left corner, with its size, so a clip of a 10**6-wide box costs
what its live cells cost. Both turn and flip as Golly does: ``>`` clockwise, ``<``
anticlockwise, ``x`` left-right, ``y`` top-bottom; a selection turns about its centre. What a
universe does with them (lifting cells out, clearing, filling) is ``lifesim.window.universes``'s.
No pygame here.
"""

from dataclasses import dataclass

import numpy as np

from lifesim.io.pattern import Pattern


@dataclass(frozen=True)
class Box:
    """Cells y0..y1-1, x0..x1-1 (ints, y0 < y1 and x0 < x1)."""

    y0: int
    y1: int
    x0: int
    x1: int

    @classmethod
    def spanning(cls, a, b):
        """The box from cell ``a`` (y, x) to cell ``b``, both included, in either order."""
        (ya, xa), (yb, xb) = a, b
        return cls(min(ya, yb), max(ya, yb) + 1, min(xa, xb), max(xa, xb) + 1)

    @property
    def height(self):
        return self.y1 - self.y0

    @property
    def width(self):
        return self.x1 - self.x0

    def describe(self):
        """``12 x 7`` (width x height, as Golly shows a selection)."""
        return f"{self.width} x {self.height}"

    def clipped(self, shape):
        """This box inside a grid of ``shape`` (H, W), or None when it lies wholly outside."""
        h, w = shape
        box = Box(max(self.y0, 0), min(self.y1, h), max(self.x0, 0), min(self.x1, w))
        return box if box.y0 < box.y1 and box.x0 < box.x1 else None

    def turned(self, clockwise=True):
        """The box a quarter turn gives: height and width swapped about the same centre, rounded
        down turning clockwise and up turning back, so ``>`` then ``<`` gives the box back."""
        half = (lambda d: d // 2) if clockwise else (lambda d: -(-d // 2))
        y0 = self.y0 + half(self.height - self.width)
        x0 = self.x0 + half(self.width - self.height)
        return Box(y0, y0 + self.width, x0, x0 + self.height)

    def contains(self, ys, xs):
        """A bool array: which cells (ys, xs) (int arrays) lie in the box."""
        return (ys >= self.y0) & (ys < self.y1) & (xs >= self.x0) & (xs < self.x1)


@dataclass(frozen=True, eq=False)
class Clip:
    """Live cells lifted out of a box: ``ys``, ``xs`` (int64, relative to the top-left cell,
    0 <= y < height, 0 <= x < width) and ``states`` (uint8, none EMPTY)."""

    ys: np.ndarray
    xs: np.ndarray
    states: np.ndarray
    height: int
    width: int

    @classmethod
    def of_points(cls, box, ys, xs, states):
        """The clip of absolute points (ys, xs, states) inside ``box``."""
        live = states != 0
        return cls(ys[live] - box.y0, xs[live] - box.x0, states[live].astype(np.uint8), box.height, box.width)

    @classmethod
    def of_pattern(cls, pattern):
        """The clip of a Pattern (points relative to its box already)."""
        ys, xs, states = pattern.points
        return cls(ys, xs, states, max(pattern.height, 1), max(pattern.width, 1))

    def pattern(self, rule=None):
        """This clip as a Pattern (for RLE: ``lifesim.io.rle.pattern_to_rle``)."""
        order = np.lexsort((self.xs, self.ys))
        return Pattern((self.ys[order], self.xs[order], self.states[order]), self.height, self.width, rule=rule)

    def at(self, y, x):
        """Absolute (ys, xs, states) with the clip's top-left cell at (y, x)."""
        return self.ys + y, self.xs + x, self.states

    def turned(self, clockwise=True):
        """A quarter turn: (y, x) -> (x, h-1-y) clockwise, (w-1-x, y) anticlockwise."""
        h, w = self.height, self.width
        ys, xs = (self.xs, h - 1 - self.ys) if clockwise else (w - 1 - self.xs, self.ys)
        return Clip(ys, xs, self.states, w, h)

    def flipped(self, left_right=True):
        """A mirror image: left-right (x -> w-1-x) or top-bottom (y -> h-1-y)."""
        if left_right:
            return Clip(self.ys, self.width - 1 - self.xs, self.states, self.height, self.width)
        return Clip(self.height - 1 - self.ys, self.xs, self.states, self.height, self.width)

    def dense(self):
        """The clip as a (height, width) uint8 array (for drawing a preview: keep it small)."""
        out = np.zeros((self.height, self.width), np.uint8)
        out[self.ys, self.xs] = self.states
        return out


# The four moves, by the name the keys table gives them: (Clip method, its argument).
MOVES = {
    "clockwise": ("turned", True),
    "anticlockwise": ("turned", False),
    "left_right": ("flipped", True),
    "top_bottom": ("flipped", False),
}


def moved(clip, move):
    """``clip`` turned or flipped by ``move`` (a MOVES key)."""
    method, arg = MOVES[move]
    return getattr(clip, method)(arg)
