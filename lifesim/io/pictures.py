"""Pictures with Pillow: a PNG of a grid, plane or pattern, a GIF of a run.

Live cells are black on white (higher states of Generations rules are greys), each cell a square
of ``cell_pixels`` pixels. Each picture is encoded to bytes first (``png_bytes``,
``GifRecorder.gif_bytes``: what a notebook shows inline) and a file is those bytes written
atomically. The population plot is lifesim/io/plots.py (matplotlib).
"""

import io

import numpy as np
from PIL import Image

from lifesim.io.formats import atomic_write
from lifesim.quadplane import CENTRE, POINTS_LIMIT, QuadPlane
from lifesim.universe import is_plane

SIDE = 512          # pictures are scaled up to about this many pixels on their longest side
GIF_FRAMES = 200    # at most this many frames in a GIF: past it, every other frame is dropped
GIF_FRAME_MS = 100  # each GIF frame shows for this long


def cell_pixels(height, width, side=SIDE):
    """Pixels per cell so that a (height, width) grid is at most ``side`` pixels (at least 1)."""
    return max(1, side // max(height, width))


def _palette():
    # state 0 white, 1 black, 2..255 greys from dark to light (dying cells of Generations rules).
    greys = [255, 0] + [int(64 + 160 * (s - 2) / 253) for s in range(2, 256)]
    return [v for g in greys for v in (g, g, g)]


PALETTE = _palette()


def palette(colours=None):
    """The picture palette: 768 ints (R, G, B for states 0..255), PALETTE's greys where
    ``colours`` (a rule's own, ``Rule.colours``: per state ``(r, g, b)`` or None, as a Golly rule
    file's @COLORS gives them) has none."""
    table = list(PALETTE)
    for state, colour in enumerate(colours or ()):
        if colour is not None:
            table[3 * state:3 * state + 3] = colour
    return table


def grid_image(cells, scale=None, colours=None):
    """A palette ('P') image of a (H, W) uint8 state array, ``scale`` pixels a cell (default: fit
    SIDE), in the rule's ``colours`` where it has them (``palette``)."""
    cells = np.asarray(cells, np.uint8)
    scale = scale or cell_pixels(*cells.shape)
    image = Image.fromarray(np.kron(cells, np.ones((scale, scale), np.uint8)), mode="P")
    image.putpalette(palette(colours))
    return image


def picture_cells(universe, most=SIDE):
    """The (h, w) uint8 states to draw of a Grid (its cells) or a Plane (its live cells' box).

    A plane's box wider than ``most`` cells is drawn at one picture cell per block of cells, each
    the highest state in its block, scattered from the live cells: the box itself (perhaps 10^5
    cells a side) is never built.
    """
    if not is_plane(universe):
        return universe.cells
    box = universe.bounding_box()
    if box is None:
        return np.zeros((1, 1), np.uint8)
    if isinstance(universe, QuadPlane) and universe.population > POINTS_LIMIT:
        return _tree_picture(universe, box, most)
    return _scatter([universe.points()], box, most)


def _tree_picture(tree, box, most):
    """A QuadPlane too big to list drawn from its tree: one picture cell per 2^L x 2^L aligned
    block (L the least level that fits ``most`` cells a side), 1 where the block is live."""
    y0, y1, x0, x1 = box
    level = max(0, (-(-max(y1 - y0, x1 - x0) // most) - 1).bit_length())
    # blocks of level L start at the tree's centre plus multiples of 2^L
    y0 -= (y0 - CENTRE[0]) % (1 << level)
    x0 -= (x0 - CENTRE[1]) % (1 << level)
    return tree.picture(y0, x0, -(-(y1 - y0) >> level), -(-(x1 - x0) >> level), level)


def _scatter(frames, box, most):
    """The points of ``frames`` ((ys, xs, states) each) drawn into one (h, w) uint8 array over
    ``box`` (y0, y1, x0, x1), a block of cells per picture cell so no side exceeds ``most``."""
    y0, y1, x0, x1 = box
    stride = -(-max(y1 - y0, x1 - x0) // most)
    out = np.zeros((len(frames), -(-(y1 - y0) // stride), -(-(x1 - x0) // stride)), np.uint8)
    for out_frame, (ys, xs, states) in zip(out, frames):
        np.maximum.at(out_frame, ((ys - y0) // stride, (xs - x0) // stride), states)
    return out[0] if len(frames) == 1 else out


def pattern_cells(pattern, most=SIDE):
    """The (h, w) uint8 states to draw of a Pattern (lifesim.io.pattern): its box, a block of
    cells per picture cell when wider than ``most`` (a macrocell pattern drawn from its tree)."""
    if pattern.tree is not None:
        return picture_cells(pattern.tree, most)
    if not pattern.population:
        return np.zeros((1, 1), np.uint8)
    return _scatter([pattern.points], (0, pattern.height, 0, pattern.width), most)


def shrink(cells, most=SIDE):
    """An (H, W) uint8 state array cut down to at most ``most`` cells a side: each picture cell
    the highest state in its block of cells, so a lone live cell still shows. Unchanged when it
    fits already."""
    cells = np.asarray(cells, np.uint8)
    stride = -(-max(cells.shape) // most)
    if stride <= 1:
        return cells
    h, w = -(-cells.shape[0] // stride), -(-cells.shape[1] // stride)
    padded = np.zeros((h * stride, w * stride), np.uint8)
    padded[:cells.shape[0], :cells.shape[1]] = cells
    return padded.reshape(h, stride, w, stride).max(axis=(1, 3))


def png_bytes(grid, scale=None, colours=None):
    """The PNG file's bytes of ``grid`` (a Grid, a Plane, a QuadPlane or an (H, W) uint8 array):
    (H*scale, W*scale) pixels, ``scale`` by default fitting SIDE, in ``colours`` (``palette``)."""
    cells = picture_cells(grid) if hasattr(grid, "topology") else grid
    buf = io.BytesIO()
    grid_image(cells, scale, colours).save(buf, format="PNG")
    return buf.getvalue()


def write_png(path, grid, scale=None, colours=None):
    """Write ``png_bytes(grid, scale, colours)`` to ``path``."""
    atomic_write(path, png_bytes(grid, scale, colours))


class GifRecorder:
    """A Simulation observer keeping a frame every ``every`` generations, for ``write``.

    Frames are kept as small (h, w) uint8 arrays: a grid wider than SIDE is sampled down to SIDE
    cells a side first. Past GIF_FRAMES frames the stride doubles and every other frame is
    dropped, so memory and file size stay bounded however long the run.
    """

    def __init__(self, sim, every=1, max_frames=GIF_FRAMES, side=SIDE):
        self.first_every, self.max_frames, self.side = every, max_frames, side
        self._start(sim)

    def _start(self, sim):
        self.sim, self.every = sim, self.first_every
        self.plane = is_plane(sim.grid)
        self.start = sim.generation
        self.frames = []
        if self.plane:  # frames are the live cells; their common box is known once the run ends
            self(sim)
            return
        h, w = sim.grid.shape
        self.stride = -(-max(h, w) // self.side)  # ceil: keep at most `side` cells a side
        self.scale = cell_pixels(-(-h // self.stride), -(-w // self.stride), self.side)
        self(sim)

    def __call__(self, sim):
        if sim is not self.sim:  # a window loaded another pattern: animate that one
            self._start(sim)
            return
        if (sim.generation - self.start) % self.every:
            return
        if self.plane:
            self.frames.append(sim.grid.points())
        else:
            self.frames.append(np.array(sim.grid.cells[::self.stride, ::self.stride]))
        if len(self.frames) > self.max_frames:
            self.frames = self.frames[::2]
            self.every *= 2

    def gif_bytes(self):
        """The frames as a looping GIF file's bytes, a frame every GIF_FRAME_MS milliseconds."""
        frames = self._plane_frames() if self.plane else self.frames
        scale = cell_pixels(*frames[0].shape, self.side) if self.plane else self.scale
        colours = self.sim.rule.colours
        images = [grid_image(f, scale, colours) for f in frames]
        buf = io.BytesIO()
        images[0].save(buf, format="GIF", save_all=True, append_images=images[1:], duration=GIF_FRAME_MS,
                       loop=0)
        return buf.getvalue()

    def write(self, path):
        """Write the frames as a looping GIF."""
        atomic_write(path, self.gif_bytes())

    def _plane_frames(self):
        """The plane's frames drawn over the box that holds every one of them."""
        boxes = [(int(ys.min()), int(ys.max()) + 1, int(xs.min()), int(xs.max()) + 1)
                 for ys, xs, _ in self.frames if len(ys)]
        if not boxes:
            return [np.zeros((1, 1), np.uint8)] * len(self.frames)
        y0, y1, x0, x1 = (min(b[0] for b in boxes), max(b[1] for b in boxes),
                          min(b[2] for b in boxes), max(b[3] for b in boxes))
        return list(_scatter(self.frames + [self.frames[0]], (y0, y1, x0, x1), self.side))[:len(self.frames)]
