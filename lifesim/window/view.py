"""The window's pure part: the view transform (zoom, pan, cell <-> pixel) and the colour tables.

No pygame here, so all of it can be tested on its own. Pixel coordinates are ``(px, py)``
(x right, y down, in window pixels) as pygame gives them; cell coordinates are ``(y, x)``
(row, column) as the universe stores them: 0..H-1, 0..W-1 on a finite grid, any ints (negative
too) on the unbounded plane. A cell (y, x) covers the pixels from
``offset + (x - ax, y - ay) * zoom`` to ``offset + (x - ax + 1, y - ay + 1) * zoom``, where
``anchor`` (ay, ax) is (0, 0) on a grid.

What a view shows is worked out one of two ways (``sight``): ``Visible`` samples one cell per
pixel (every finite grid; the plane at a pixel per cell or more), ``Binned`` gives each pixel
the highest state of all the cells in it (the plane zoomed out, many cells to a pixel).
"""

import colorsys
import math
from dataclasses import dataclass

import numpy as np

MIN_ZOOM = 1 / 16  # 16 cells to a pixel: a 65536-wide grid still fits a 4096-pixel screen
# On the plane a pattern may span ~7e10 cells (lifesim.universe.SPAN tiles): 2**-30 fits that in
# 64 pixels, and the drawing cost there follows the live cells, not the zoom (``Binned``).
PLANE_MIN_ZOOM = 2.0 ** -30
# A universe drawn at a cost that does not grow with its span (a quadtree: see Binned.blocks)
# zooms out much further: a hashlife run 2^200 generations long still fits the window.
DEEP_MIN_ZOOM = 2.0 ** -240
MAX_ZOOM = 64.0  # 64 pixels to a cell
GRID_LINE_ZOOM = 5.0  # grid lines only once a cell is this many pixels wide, else they are all you see

# Display codes: a cell's state 0..255, plus these for what is not a plain state.
OUTSIDE = 256  # beyond the grid's edge
BORN = 257  # alive now, empty one generation ago (two-state rules, highlighting on)
DIED = 258  # empty now, alive one generation ago
N_CODES = 259

BACKGROUND = (14, 16, 22)  # state 0
OUTSIDE_COLOUR = (40, 42, 52)
LINE_COLOUR = (34, 38, 48)
ALIVE_COLOUR = (236, 226, 150)
BORN_COLOUR = (120, 232, 140)
DIED_COLOUR = (92, 36, 40)


@dataclass
class View:
    """Where the universe sits in the window.

    grid_shape: (H, W) cells of a finite grid, or None for the unbounded plane (no edge: every
    pixel shows a cell, and the zoom goes down to PLANE_MIN_ZOOM). size: (width, height) of the
    drawing area in pixels. zoom: pixels per cell (float). offset: (ox, oy), the pixel of the
    top-left corner of cell ``anchor``. anchor: (ay, ax) int cell that offset is measured from:
    (0, 0) on a grid; on the plane the corner of the last fitted box, so that pixel arithmetic
    stays small (exact in float64) for a pattern 10**15 cells from the origin. least_zoom: the
    least zoom allowed, or None for the default (MIN_ZOOM on a grid, PLANE_MIN_ZOOM on the plane).
    """

    grid_shape: tuple | None
    size: tuple
    zoom: float = 1.0
    offset: tuple = (0.0, 0.0)
    anchor: tuple = (0, 0)
    least_zoom: float | None = None

    @classmethod
    def fitted(cls, grid_shape, size, box=None, least_zoom=None):
        """A view that fits ``box`` (see ``fit``) into ``size`` pixels, centred."""
        view = cls(None if grid_shape is None else tuple(grid_shape), tuple(size), least_zoom=least_zoom)
        view.fit(box)
        return view

    @property
    def min_zoom(self):
        if self.least_zoom is not None:
            return self.least_zoom
        return MIN_ZOOM if self.grid_shape is not None else PLANE_MIN_ZOOM

    def fit(self, box=None):
        """Zoom so the cells of ``box`` fill the area (whole pixels per cell when a cell is >= 1
        pixel), centred. box: (y0, y1, x0, x1) half-open, ints; None: the whole grid."""
        if box is None:
            h, w = self.grid_shape
            box = (0, h, 0, w)
        y0, y1, x0, x1 = (int(v) for v in box)
        h, w = y1 - y0, x1 - x0
        width, height = self.size
        zoom = min(width / w, height / h)
        if zoom >= 1:
            zoom = float(int(zoom))  # crisp cells: every cell the same number of pixels
        self.zoom = self._clamp(zoom)
        self.anchor = (y0, x0) if self.grid_shape is None else (0, 0)
        ay, ax = self.anchor
        self.offset = (float((width - w * self.zoom) // 2 - (x0 - ax) * self.zoom),
                       float((height - h * self.zoom) // 2 - (y0 - ay) * self.zoom))

    def cell_at(self, px, py):
        """The cell (y, x) under pixel (px, py) (integers, as pygame gives them), or None off the grid."""
        y, x = self._cell(px, py)
        if self.grid_shape is None:
            return y, x
        h, w = self.grid_shape
        return (y, x) if 0 <= y < h and 0 <= x < w else None

    def _cell(self, px, py):
        # The cell whose square holds the pixel's centre, grid edge or not.
        ox, oy = self.offset
        ay, ax = self.anchor
        return ay + int(np.floor((py + 0.5 - oy) / self.zoom)), ax + int(np.floor((px + 0.5 - ox) / self.zoom))

    def centre_of(self, y, x):
        """The pixel (px, py) nearest the centre of cell (y, x)."""
        ox, oy = self.offset
        ay, ax = self.anchor
        return math.floor(ox + (x - ax + 0.5) * self.zoom), math.floor(oy + (y - ay + 0.5) * self.zoom)

    def corner_of(self, y, x):
        """The pixel (px, py) of the top-left corner of cell (y, x), rounded down (may lie off the area)."""
        ox, oy = self.offset
        ay, ax = self.anchor
        return math.floor(ox + (x - ax) * self.zoom), math.floor(oy + (y - ay) * self.zoom)

    def pixel_box(self, y0, y1, x0, x1):
        """(px, py, width, height): the pixels covering cells y0..y1-1, x0..x1-1 (half-open, ints),
        at least one pixel each way, for outlines (a selection, a paste, the cell explained).
        Clipped to a margin round the area, so a box a million cells wide stays a small rect."""
        ox, oy = self.offset
        ay, ax = self.anchor
        width, height = self.size
        left, right = ox + (x0 - ax) * self.zoom, ox + (x1 - ax) * self.zoom
        top, bottom = oy + (y0 - ay) * self.zoom, oy + (y1 - ay) * self.zoom
        left, top = max(left, -2.0), max(top, -2.0)
        right, bottom = min(right, width + 2.0), min(bottom, height + 2.0)
        px, py = math.floor(left), math.floor(top)
        return px, py, max(1, math.ceil(right) - px), max(1, math.ceil(bottom) - py)

    def zoom_at(self, px, py, factor):
        """Zoom by ``factor`` keeping the point under pixel (px, py) where it is."""
        new = self._clamp(self.zoom * factor)
        ox, oy = self.offset
        scale = new / self.zoom
        self.offset = (px - (px - ox) * scale, py - (py - oy) * scale)
        self.zoom = new

    def set_least_zoom(self, least_zoom):
        """A new ``least_zoom`` (None: the default); a zoom now below it comes up to it, the
        point at the centre staying there."""
        self.least_zoom = least_zoom
        if self.zoom < self.min_zoom:
            width, height = self.size
            self.zoom_at(width / 2, height / 2, self.min_zoom / self.zoom)

    def pan(self, dx, dy):
        """Move the grid by (dx, dy) pixels."""
        ox, oy = self.offset
        self.offset = (ox + dx, oy + dy)

    def resize(self, size):
        """A new drawing area size; the point at the old centre stays at the centre."""
        (old_w, old_h), (new_w, new_h) = self.size, size
        self.pan((new_w - old_w) / 2, (new_h - old_h) / 2)
        self.size = tuple(size)

    def cell_indices(self):
        """(rows, cols): for every pixel row (shape (height,)) and column (shape (width,)) the
        row/column of the cell at its centre (int64); on a grid -1 where it lies off the grid
        (on the plane every pixel shows a cell, and -1 is a row like any other)."""
        width, height = self.size
        ox, oy = self.offset
        ay, ax = self.anchor
        h, w = self.grid_shape if self.grid_shape is not None else (None, None)
        return _axis(height, oy, self.zoom, ay, h), _axis(width, ox, self.zoom, ax, w)

    def cells_shown(self):
        """(y0, y1, x0, x1): the half-open rectangle of the cells under some pixel's centre,
        ints (on a grid it may reach beyond the edge)."""
        width, height = self.size
        (y0, x0), (y1, x1) = self._cell(0, 0), self._cell(width - 1, height - 1)
        return y0, y1 + 1, x0, x1 + 1

    def _clamp(self, zoom):
        return float(min(MAX_ZOOM, max(self.min_zoom, zoom)))


def _axis(n_pixels, origin, zoom, anchor, n_cells):
    # Sample each pixel at its centre, the same point cell_at uses.
    idx = np.floor((np.arange(n_pixels) + 0.5 - origin) / zoom).astype(np.int64) + anchor
    if n_cells is not None:
        idx[(idx < 0) | (idx >= n_cells)] = -1
    return idx


def display_codes(cells, previous=None):
    """Display codes for a grid: ``cells`` (H, W) uint8 -> (H, W) uint16.

    With ``previous`` (the (H, W) uint8 grid one generation earlier, two-state rules only),
    cells that were just born read BORN and cells that just died read DIED.
    """
    codes = cells.astype(np.uint16)
    if previous is not None and previous.shape == cells.shape:
        codes[(cells == 1) & (previous == 0)] = BORN
        codes[(cells == 0) & (previous == 1)] = DIED
    return codes


# Colour schemes (``k`` cycles them): state 0, state 1, OUTSIDE, BORN, DIED. The dying states of
# a Generations rule fade from orange to violet in each, and a rule file's @COLORS win over all.
SCHEMES = {
    "lifesim": (BACKGROUND, ALIVE_COLOUR, OUTSIDE_COLOUR, BORN_COLOUR, DIED_COLOUR),
    "golly": ((48, 48, 48), (255, 255, 255), (24, 24, 24), (120, 232, 140), (110, 60, 60)),
    "paper": ((250, 249, 244), (24, 26, 34), (214, 214, 220), (30, 150, 70), (238, 196, 196)),
    "phosphor": ((4, 12, 6), (90, 255, 120), (24, 34, 28), (200, 255, 160), (30, 80, 40)),
}


def palette(states, own=None, scheme="lifesim"):
    """The colour of every display code, shape (N_CODES, 4) uint8, each row (R, G, B, 255).

    State 0 is the background and state 1 the live colour, from ``scheme`` (a SCHEMES name); the
    further states of a multi-state (Generations) rule, the "dying" ones, fade in hue from orange
    towards a dim violet. ``own``: the rule's own colours (``Rule.colours``, from a rule file's
    @COLORS), per state ``(r, g, b)`` or None, which win over these.
    """
    background, alive, outside, born, died = SCHEMES[scheme]
    table = np.zeros((N_CODES, 4), np.uint8)
    table[:, 3] = 255
    table[:, :3] = alive  # states beyond the rule's never appear; keep them visible anyway
    table[0, :3] = background
    table[1, :3] = alive
    dying = max(states - 2, 0)
    for i in range(dying):
        t = i / max(dying - 1, 1)
        r, g, b = colorsys.hsv_to_rgb(0.08 + 0.65 * t, 0.85, 0.95 - 0.55 * t)
        table[2 + i, :3] = (int(r * 255), int(g * 255), int(b * 255))
    for state, colour in enumerate(own or ()):
        if colour is not None:
            table[state, :3] = colour
    table[OUTSIDE, :3] = outside
    table[BORN, :3] = born
    table[DIED, :3] = died
    return table


def sight(view):
    """How ``view`` is drawn: a ``Binned`` on the plane zoomed out below a pixel per cell (every
    cell counts), else a ``Visible`` (one cell sampled per pixel: a grid keeps its picture at
    any zoom, and on the plane zoomed in that is every cell in view)."""
    if view.grid_shape is None and view.zoom < 1:
        return Binned(view)
    return Visible(view)


class Visible:
    """The rows and columns a view shows, so a frame is coloured only where it is seen.

    rows, cols: the rows/columns some pixel shows, ascending int64, shapes (r,) and (c,) with
    r <= the view's height and c <= its width (on the plane, zoomed in: consecutive ints).
    pixel_rows (height,), pixel_cols (width,): for each pixel row/column its position in
    ``rows``/``cols`` (int64), or -1 off the grid.
    """

    def __init__(self, view):
        pixel_rows, pixel_cols = view.cell_indices()
        bounded = view.grid_shape is not None  # on the plane -1 is a row like any other
        self.rows, self.pixel_rows = _compact(pixel_rows, pixel_rows >= 0 if bounded else None)
        self.cols, self.pixel_cols = _compact(pixel_cols, pixel_cols >= 0 if bounded else None)
        self.zoom = view.zoom

    def take(self, cells, corner=(0, 0)):
        """The seen block of ``cells`` (H, W), whose cell [0, 0] is cell ``corner`` (y, x):
        a whole grid's, or a plane's window over ``box()``. Returns (r, c), same dtype."""
        return cells[np.ix_(self.rows - corner[0], self.cols - corner[1])]

    def box(self):
        """(y0, y1, x0, x1): the half-open rectangle of the seen rows and columns (empty when
        the view shows no cell of the grid)."""
        if not (len(self.rows) and len(self.cols)):
            return 0, 0, 0, 0
        return int(self.rows[0]), int(self.rows[-1]) + 1, int(self.cols[0]), int(self.cols[-1]) + 1

    def locate(self, ys, xs):
        """Cells ``ys``, ``xs`` (n,) int64 -> (i, j, seen): their places in the block
        (int64, meaningful only where ``seen``) and a (n,) bool mask of those on screen."""
        i, in_rows = _position(self.rows, ys)
        j, in_cols = _position(self.cols, xs)
        return i, j, in_rows & in_cols

    def render(self, codes, colours, grid_lines=False):
        """Pixels for the block's display ``codes`` (r, c) uint16; see ``render``."""
        return _paint(codes, self.pixel_rows, self.pixel_cols, self.zoom, colours, grid_lines)


class Binned:
    """The plane zoomed out (zoom < 1): each pixel stands for every cell whose centre lies in it.

    Its block is the drawing area itself, (height, width): entry [i, j] is the highest state of
    the cells in pixel (j, i), so a pixel shows "any live cell under it". ``scatter`` builds it
    from points, so what it costs follows the live cells in view, never the cells of the box.
    """

    def __init__(self, view):
        self.size = view.size
        self.zoom = view.zoom
        self.offset, self.anchor = view.offset, view.anchor
        (ox, oy), (ay, ax), (width, height) = view.offset, view.anchor, view.size
        # The cells whose centres c satisfy 0 <= offset + (c - anchor) * zoom < pixels, a cell
        # wider each way against rounding; locate() keeps exactly the right ones.
        self.rect = (*_span(ay, oy, height, self.zoom), *_span(ax, ox, width, self.zoom))

    def box(self):
        """(y0, y1, x0, x1): a half-open rectangle holding every cell this view can show."""
        return self.rect

    def locate(self, ys, xs):
        """Cells ``ys``, ``xs`` (n,) int64 -> (i, j, seen): the pixel row and column of each
        cell's centre (int64, meaningful only where ``seen``), and a (n,) bool mask of those on
        screen."""
        (ox, oy), (ay, ax), zoom = self.offset, self.anchor, self.zoom
        width, height = self.size
        # Relative to the anchor first, in int64: float64 alone would lose cells far out.
        i = np.floor(oy + ((np.asarray(ys, np.int64) - ay) + 0.5) * zoom).astype(np.int64)
        j = np.floor(ox + ((np.asarray(xs, np.int64) - ax) + 0.5) * zoom).astype(np.int64)
        return i, j, (i >= 0) & (i < height) & (j >= 0) & (j < width)

    def one_pixel(self, ys, xs, span):
        """(n,) bool: whether the ``span`` x ``span`` cells from (ys, xs) ((n,) int64, their
        top-left cells) all have their centres in one pixel."""
        i0, j0, _ = self.locate(ys, xs)
        i1, j1, _ = self.locate(np.asarray(ys) + (span - 1), np.asarray(xs) + (span - 1))
        return (i0 == i1) & (j0 == j1)

    def scatter(self, ys, xs, states, into=None):
        """The block for live cells ``ys``, ``xs`` (n,) int64 in ``states`` (n,) uint8: a
        (height, width) uint8 array of the highest state in each pixel (added to ``into``, such
        an array, when given). One ``np.maximum.at`` over the n points: O(n), whatever the zoom
        or the pattern's span."""
        width, height = self.size
        out = np.zeros((height, width), np.uint8) if into is None else into
        i, j, seen = self.locate(ys, xs)
        np.maximum.at(out, (i[seen], j[seen]), np.asarray(states, np.uint8)[seen])
        return out

    def block_level(self, most=None):
        """L: the largest level whose 2^L x 2^L blocks are no wider than a pixel (0 at a cell
        or more a pixel), so each block's centre picks one pixel and every pixel holds one or
        two blocks a side; at most ``most`` (a tree drawn by its nodes has no larger blocks)."""
        level = max(0, math.floor(-math.log2(self.zoom)))
        return level if most is None else min(level, most)

    def blocks(self, level, align=(0, 0), within=None):
        """(y0, x0, rows, columns): the 2^level x 2^level blocks that cover ``box()`` (cut to
        ``within``, a (y0, y1, x0, x1) box, when given), their corners at ``align`` (y, x) plus
        multiples of 2^level; rows, columns >= 0. Python ints: any size, any distance out."""
        y0, y1, x0, x1 = self.rect
        if within is not None:
            y0, y1, x0, x1 = max(y0, within[0]), min(y1, within[1]), max(x0, within[2]), min(x1, within[3])
        y0 -= (y0 - align[0]) % (1 << level)
        x0 -= (x0 - align[1]) % (1 << level)
        return y0, x0, max(0, -(-(y1 - y0) >> level)), max(0, -(-(x1 - x0) >> level))

    def scatter_blocks(self, y0, x0, level, picture):
        """The block for a ``picture`` (rows, columns) uint8 of 2^level-wide blocks from cell
        (y0, x0) (see ``blocks``): a (height, width) uint8 array, each pixel the highest entry
        whose block's centre lies in it. O(rows * columns), whatever the cells."""
        width, height = self.size
        out = np.zeros((height, width), np.uint8)
        (ox, oy), (ay, ax), side = self.offset, self.anchor, float(1 << level)
        # The corner relative to the anchor as one Python int, then float: exact enough at any
        # distance, since a pixel is then at least a block wide.
        i = np.floor(oy + (float(y0 - ay) + (np.arange(picture.shape[0]) + 0.5) * side) * self.zoom).astype(np.int64)
        j = np.floor(ox + (float(x0 - ax) + (np.arange(picture.shape[1]) + 0.5) * side) * self.zoom).astype(np.int64)
        rows, cols = (i >= 0) & (i < height), (j >= 0) & (j < width)
        if rows.any() and cols.any():
            # i and j never decrease, so each pixel's blocks are a run: one reduceat an axis.
            (i, first_i), (j, first_j) = _runs(i[rows]), _runs(j[cols])
            block = np.maximum.reduceat(picture[np.ix_(rows, cols)], first_i, axis=0)
            out[np.ix_(i, j)] = np.maximum.reduceat(block, first_j, axis=1)
        return out

    def render(self, codes, colours, grid_lines=False):
        """Pixels for display ``codes`` (height, width) uint16, one a pixel (no grid lines:
        cells are smaller than a pixel here)."""
        width, height = self.size
        return _paint(codes, np.arange(height), np.arange(width), self.zoom, colours, False)


def _runs(ascending):
    """(the distinct values of a non-decreasing int array, the index where each one's run starts)."""
    starts = np.flatnonzero(np.concatenate(([True], ascending[1:] != ascending[:-1])))
    return ascending[starts], starts


def _span(anchor, origin, n_pixels, zoom):
    # (first, last + 1): the cells along one axis whose centres lie on pixels 0..n_pixels-1.
    return (anchor + math.floor(-origin / zoom - 0.5) - 1,
            anchor + math.ceil((n_pixels - origin) / zoom - 0.5) + 1)


def _compact(idx, inside=None):
    # The pixels' cell indices are ascending, so the distinct ones are at most one a pixel.
    # inside: (n,) bool, the pixels that show a cell (None: all of them, as on the plane).
    kept = np.unique(idx if inside is None else idx[inside])
    local = np.searchsorted(kept, idx)
    if inside is not None:
        local[~inside] = -1
    return kept, local


def _position(kept, wanted):
    # Where each wanted index sits in the ascending ``kept``, and whether it is there at all.
    pos = np.searchsorted(kept, wanted)
    found = pos < len(kept)
    found[found] = kept[pos[found]] == wanted[found]
    return pos, found


def render(codes, view, colours, grid_lines=False):
    """The drawing area's pixels for display ``codes`` (H, W) of the whole grid seen through ``view``.

    colours: (N_CODES, 4) uint8 from ``palette``. Returns a C-contiguous (height, width, 4)
    uint8 array of (R, G, B, 255), ready for ``pygame.image.frombuffer(..., "RGBX")``.
    A window that draws every frame uses ``Visible`` instead, so it colours only the seen cells.
    """
    rows, cols = view.cell_indices()
    return _paint(codes, rows, cols, view.zoom, colours, grid_lines)


def _paint(codes, rows, cols, zoom, colours, grid_lines):
    """Pixels for ``codes`` (h, w) uint16, pixel row i showing codes row ``rows[i]`` and pixel
    column j codes column ``cols[j]`` (int64, -1: outside the grid). Two numpy gathers over the
    window's pixels; the padded copy is as large as ``codes``."""
    h, w = codes.shape
    # One extra row and column of OUTSIDE so that index -1 lands there.
    padded = np.full((h + 1, w + 1), OUTSIDE, np.uint16)
    padded[:h, :w] = codes
    picked = padded.take(rows, axis=0).take(cols, axis=1)
    packed = colours.view(np.uint32).reshape(-1)  # one 4-byte word per code: one gather, not three
    out = packed.take(picked)
    if grid_lines and zoom >= GRID_LINE_ZOOM:
        line = np.array([*LINE_COLOUR, 255], np.uint8).view(np.uint32)[0]
        inside_r, inside_c = rows >= 0, cols >= 0
        # A line on the first pixel of every cell: where the cell index changes along the axis.
        edge_r = inside_r & (rows != np.concatenate(([-2], rows[:-1])))
        edge_c = inside_c & (cols != np.concatenate(([-2], cols[:-1])))
        out[np.ix_(edge_r, inside_c)] = line
        out[np.ix_(inside_r, edge_c)] = line
    return np.ascontiguousarray(out).view(np.uint8).reshape(out.shape + (4,))
