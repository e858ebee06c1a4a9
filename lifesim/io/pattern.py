"""Pattern: one pattern as a file gives it, kept sparse (its live cells as points) with its box and position.

Points are three parallel arrays ``(ys, xs, states)``: ``int64`` rows, ``int64`` columns and ``uint8``
states of the non-EMPTY cells only, sorted row-major (by y, then x), each cell at most once. A
pattern's points are relative to its box's top-left cell; ``origin`` says where that cell is on the
plane. Nothing here builds a dense array unless asked (``Pattern.cells``), so a pattern whose box is
200000 x 200000 costs what its live cells cost.
"""

from dataclasses import dataclass, field

import numpy as np

from lifesim.grid import check_size


def empty_points():
    """Points of no cells: three empty arrays (int64, int64, uint8)."""
    return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8)


def sorted_points(ys, xs, states=None):
    """Points from any sequences of rows, columns and states (None: all state 1).

    Drops EMPTY (0) cells, sorts row-major and keeps the last of any cell given twice (as a file
    that sets a cell twice leaves it). Returns ``(ys int64, xs int64, states uint8)``.
    """
    ys = np.asarray(ys, np.int64).ravel()
    xs = np.asarray(xs, np.int64).ravel()
    states = np.ones(len(ys), np.uint8) if states is None else np.asarray(states).ravel()
    if not len(ys) == len(xs) == len(states):
        raise ValueError(f"points: {len(ys)} rows, {len(xs)} columns and {len(states)} states")
    if states.size and (states.min() < 0 or states.max() > 255):
        raise ValueError("points: states must be 0..255")
    states = states.astype(np.uint8)
    live = states != 0
    ys, xs, states = ys[live], xs[live], states[live]
    order = np.lexsort((xs, ys))  # stable: equal cells stay in the order given
    ys, xs, states = ys[order], xs[order], states[order]
    if len(ys) > 1:
        last = np.ones(len(ys), bool)
        last[:-1] = (ys[1:] != ys[:-1]) | (xs[1:] != xs[:-1])
        ys, xs, states = ys[last], xs[last], states[last]
    return ys, xs, states


@dataclass(eq=False)  # arrays have no single truth value, so no generated ==
class Pattern:
    """A pattern as read from a file (a macrocell file: a TreePattern, below).

    points: ``(ys int64, xs int64, states uint8)`` of the non-EMPTY cells, relative to the box's
        top-left cell (0 <= y < height, 0 <= x < width), sorted row-major.
    height, width: the box: RLE's header ``y``/``x``, else the extent of the file's cells.
    origin: absolute ``(y, x)`` of the box's top-left cell as the file gives it (RLE's
        ``#CXRLE Pos=X,Y``, Life 1.05's ``#P x y``, Life 1.06's coordinates), or None when the
        file gives no position (plaintext, ``.npy``, RLE without ``#CXRLE``).
    rule: the file's rule text without its grid suffix, or None.
    topology, size: from a Golly grid suffix (``:T64,48`` -> ``'torus'``, ``(48, 64)``), or None.
    generation: the generation the file holds (RLE's ``#CXRLE Gen=N``, a macrocell's ``#G``), 0
        when it says none: a run goes on from it, as in Golly.
    rules: the rule files that came with it, ``{NAME: text of NAME.rule}`` (a zip archive's:
        ``lifesim.io.archive``), looked up before any folder.
    """

    points: tuple
    height: int
    width: int
    origin: tuple | None = None
    rule: str | None = None
    name: str | None = None
    comments: list = field(default_factory=list)
    topology: str | None = None
    size: tuple | None = None
    generation: int = 0
    rules: dict = field(default_factory=dict)
    tree = None  # a TreePattern's QuadPlane

    @classmethod
    def from_cells(cls, cells, **fields):
        """The pattern of a dense (height, width) state array; ``fields`` as the constructor's."""
        cells = np.asarray(cells, np.uint8)
        ys, xs = np.nonzero(cells)  # row-major already
        points = ys.astype(np.int64), xs.astype(np.int64), cells[ys, xs]
        return cls(points, *cells.shape, **fields)

    @classmethod
    def from_absolute_points(cls, ys, xs, states=None, **fields):
        """The pattern of cells at absolute positions: box = their extent, origin = its top-left.

        No cells: a 0 x 0 box with no origin.
        """
        ys, xs, states = sorted_points(ys, xs, states)
        if not len(ys):
            return cls(empty_points(), 0, 0, None, **fields)
        top, left = int(ys[0]), int(xs.min())  # sorted by row: the first point is on the top row
        points = ys - top, xs - left, states
        return cls(points, int(ys[-1]) - top + 1, int(xs.max()) - left + 1, (top, left), **fields)

    @property
    def population(self):
        """The number of non-EMPTY cells."""
        return len(self.points[0])

    @property
    def cells(self):
        """The box as a dense ``uint8`` array of shape (height, width), built on each access.

        A box too large for a finite grid raises LifesimError (see ``lifesim.grid.check_size``).
        """
        check_size(max(self.height, 1), max(self.width, 1))  # a 0 x 0 box is an empty pattern
        cells = np.zeros((self.height, self.width), np.uint8)
        ys, xs, states = self.points
        cells[ys, xs] = states
        return cells

    def absolute_points(self, default_origin):
        """The points moved to the plane: by ``origin``, else by ``default_origin`` (y, x).

        Where a positionless pattern goes is the caller's choice (Golly puts its top-left cell at
        (0, 0) on the unbounded plane and centres it on a bounded grid).
        """
        top, left = self.origin if self.origin is not None else default_origin
        ys, xs, states = self.points
        return ys + top, xs + left, states


class TreePattern(Pattern):
    """A pattern read as a quadtree (a macrocell file): ``tree``, a QuadPlane, is the pattern.

    The box is the live cells' (or, when ``size`` comes from a grid suffix, the grid, centred as
    Golly centres it); ``points`` and ``cells`` are listed from the tree only when asked for, and
    refused for a tree too large to list. generation: the file's ``#G`` count (an int).
    """

    def __init__(self, tree, rule=None, name=None, comments=(), topology=None, size=None, generation=0):
        if size is not None:
            height, width = size
            origin = (-(height // 2), -(width // 2))
        else:
            box = tree.bounding_box() or (0, 0, 0, 0)
            height, width = box[1] - box[0], box[3] - box[2]
            origin = (box[0], box[2]) if tree.population else None
        super().__init__(None, height, width, origin, rule, name, list(comments), topology, size)
        self.tree, self.generation = tree, generation

    @property
    def points(self):
        """The live cells relative to the box's top-left cell (see Pattern), listed from the tree."""
        ys, xs, states = self.tree.points()
        if self.origin is None:
            return ys, xs, states
        return ys - self.origin[0], xs - self.origin[1], states

    @points.setter
    def points(self, value):  # Pattern's constructor sets it; the tree is the pattern
        pass

    @property
    def population(self):
        return self.tree.population
