"""The window's pure part: the view transform (zoom, pan, cell <-> pixel) and the colour tables.

No pygame here, so all of it can be tested on its own. Pixel coordinates are ``(px, py)``
(x right, y down, in window pixels) as pygame gives them; cell coordinates are ``(y, x)``
(row, column) as the grid stores them. A cell (y, x) covers the pixels from
``offset + (x, y) * zoom`` to ``offset + (x + 1, y + 1) * zoom``.
"""

import colorsys
from dataclasses import dataclass

import numpy as np

MIN_ZOOM = 1 / 16  # 16 cells to a pixel: a 65536-wide grid still fits a 4096-pixel screen
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
    """Where the grid sits in the window.

    grid_shape: (H, W) cells. size: (width, height) of the drawing area in pixels.
    zoom: pixels per cell (float). offset: (ox, oy), the pixel of cell (0, 0)'s top-left corner.
    """

    grid_shape: tuple
    size: tuple
    zoom: float = 1.0
    offset: tuple = (0.0, 0.0)

    @classmethod
    def fitted(cls, grid_shape, size):
        """A view that fits the whole grid into ``size`` pixels, centred."""
        view = cls(tuple(grid_shape), tuple(size))
        view.fit()
        return view

    def fit(self):
        """Zoom so the whole grid fills the area (whole pixels per cell when a cell is >= 1 pixel), centred."""
        h, w = self.grid_shape
        width, height = self.size
        zoom = min(width / w, height / h)
        if zoom >= 1:
            zoom = float(int(zoom))  # crisp cells: every cell the same number of pixels
        self.zoom = _clamp(zoom)
        self.offset = (float((width - w * self.zoom) // 2), float((height - h * self.zoom) // 2))

    def cell_at(self, px, py):
        """The cell (y, x) under pixel (px, py) (integers, as pygame gives them), or None off the grid."""
        ox, oy = self.offset
        x = int(np.floor((px + 0.5 - ox) / self.zoom))
        y = int(np.floor((py + 0.5 - oy) / self.zoom))
        h, w = self.grid_shape
        return (y, x) if 0 <= y < h and 0 <= x < w else None

    def centre_of(self, y, x):
        """The pixel (px, py) nearest the centre of cell (y, x)."""
        ox, oy = self.offset
        return int(ox + (x + 0.5) * self.zoom), int(oy + (y + 0.5) * self.zoom)

    def zoom_at(self, px, py, factor):
        """Zoom by ``factor`` keeping the point under pixel (px, py) where it is."""
        new = _clamp(self.zoom * factor)
        ox, oy = self.offset
        scale = new / self.zoom
        self.offset = (px - (px - ox) * scale, py - (py - oy) * scale)
        self.zoom = new

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
        grid row/column it shows (int64), or -1 where it lies off the grid."""
        width, height = self.size
        ox, oy = self.offset
        h, w = self.grid_shape
        return _axis(height, oy, self.zoom, h), _axis(width, ox, self.zoom, w)


def _axis(n_pixels, origin, zoom, n_cells):
    # Sample each pixel at its centre, the same point cell_at uses.
    idx = np.floor((np.arange(n_pixels) + 0.5 - origin) / zoom).astype(np.int64)
    idx[(idx < 0) | (idx >= n_cells)] = -1
    return idx


def _clamp(zoom):
    return float(min(MAX_ZOOM, max(MIN_ZOOM, zoom)))


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


def palette(states, own=None):
    """The colour of every display code, shape (N_CODES, 4) uint8, each row (R, G, B, 255).

    State 0 is the background and state 1 the live colour; the further states of a multi-state
    (Generations) rule, the "dying" ones, fade in hue from orange towards a dim violet. ``own``:
    the rule's own colours (``Rule.colours``, from a rule file's @COLORS), per state ``(r, g, b)``
    or None, which win over these.
    """
    table = np.zeros((N_CODES, 4), np.uint8)
    table[:, 3] = 255
    table[:, :3] = ALIVE_COLOUR  # states beyond the rule's never appear; keep them visible anyway
    table[0, :3] = BACKGROUND
    table[1, :3] = ALIVE_COLOUR
    dying = max(states - 2, 0)
    for i in range(dying):
        t = i / max(dying - 1, 1)
        r, g, b = colorsys.hsv_to_rgb(0.08 + 0.65 * t, 0.85, 0.95 - 0.55 * t)
        table[2 + i, :3] = (int(r * 255), int(g * 255), int(b * 255))
    for state, colour in enumerate(own or ()):
        if colour is not None:
            table[state, :3] = colour
    table[OUTSIDE, :3] = OUTSIDE_COLOUR
    table[BORN, :3] = BORN_COLOUR
    table[DIED, :3] = DIED_COLOUR
    return table


class Visible:
    """The grid rows and columns a view shows, so a frame is coloured only where it is seen.

    rows, cols: the grid rows/columns some pixel shows, ascending int64, shapes (r,) and (c,)
    with r <= the view's height and c <= its width. pixel_rows (height,), pixel_cols (width,):
    for each pixel row/column its position in ``rows``/``cols`` (int64), or -1 off the grid.
    """

    def __init__(self, view):
        pixel_rows, pixel_cols = view.cell_indices()
        self.rows, self.pixel_rows = _compact(pixel_rows)
        self.cols, self.pixel_cols = _compact(pixel_cols)
        self.zoom = view.zoom

    def take(self, cells):
        """The seen block of a whole grid: ``cells`` (H, W) -> (r, c), same dtype."""
        return cells[np.ix_(self.rows, self.cols)]

    def locate(self, ys, xs):
        """Grid cells ``ys``, ``xs`` (n,) int64 -> (i, j, seen): their places in the block
        (int64, meaningful only where ``seen``) and a (n,) bool mask of those on screen."""
        i, in_rows = _position(self.rows, ys)
        j, in_cols = _position(self.cols, xs)
        return i, j, in_rows & in_cols

    def render(self, codes, colours, grid_lines=False):
        """Pixels for the block's display ``codes`` (r, c) uint16; see ``render``."""
        return _paint(codes, self.pixel_rows, self.pixel_cols, self.zoom, colours, grid_lines)


def _compact(idx):
    # The pixel's cell indices are ascending (-1 aside), so the distinct ones are at most one a pixel.
    kept = np.unique(idx[idx >= 0])
    local = np.searchsorted(kept, idx)
    local[idx < 0] = -1
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
