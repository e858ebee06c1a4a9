"""Notebooks: grids, planes, patterns and simulations shown as pictures in Jupyter, and a run as
an inline animation.

Where the display lives, and why it is registered rather than a ``_repr_png_`` on each class:
Grid, Plane and QuadPlane are core, which does no I/O and imports nothing above it, while
drawing a PNG is lifesim/io/pictures.py's work. IPython lets a display function be attached to a
class from outside (``display_formatter.formatters['image/png'].for_type``), so this module, in
the simulation layer, attaches the pictures to the core classes and to Pattern without them
knowing about notebooks. Simulation, in this layer too, has ``_repr_png_``, ``animate`` and
``plot`` methods of its own, built from this module and lifesim/io/plots.py.

``register()`` runs when lifesim is imported inside a running IPython (lifesim/__init__.py): a
cell ending in ``Grid.random(64, 64)`` shows the picture. Outside IPython it does nothing and
IPython is never imported; ``lifesim.notebook.register()`` by hand attaches the pictures to a
shell started after lifesim was imported.

Pictures are at most SIDE (512) cells a side: a larger grid or pattern is drawn a block of cells
per picture cell, the block's highest state, so a notebook never embeds a 16-megapixel PNG.
"""

import base64
import sys

from lifesim.errors import LifesimError
from lifesim.grid import Grid
from lifesim.io.formats import atomic_write
from lifesim.io.pattern import Pattern
from lifesim.io.pictures import GifRecorder, pattern_cells, picture_cells, png_bytes, shrink
from lifesim.io.plots import figure_png
from lifesim.quadplane import QuadPlane
from lifesim.universe import Plane

UNIVERSES = (Grid, Plane, QuadPlane)  # the classes universe_png draws


def universe_png(universe, colours=None):
    """A PNG (bytes) of a Grid, Plane or QuadPlane: a plane's live cells' box, at most SIDE cells
    a side (blocks of cells beyond), scaled up to about SIDE pixels, in a rule's ``colours``."""
    return png_bytes(shrink(picture_cells(universe)), colours=colours)


def pattern_png(pattern):
    """A PNG (bytes) of a Pattern as read from a file: its box, drawn as ``universe_png`` draws."""
    return png_bytes(pattern_cells(pattern))


class Animation:
    """A run as a looping animated GIF, shown inline in a notebook (``_repr_html_``).

    gif: the GIF file's bytes; frames: how many frames it holds; every: generations between
    frames (doubled past pictures.GIF_FRAMES frames); generations: (first, last) generation run.
    """

    def __init__(self, gif, frames, every, generations):
        self.gif, self.frames, self.every, self.generations = gif, frames, every, generations

    def _repr_html_(self):
        # A data: URL inside <img>: every notebook front end shows it, and the notebook file
        # keeps the animation with no file beside it.
        first, last = self.generations
        data = base64.b64encode(self.gif).decode("ascii")
        return (f'<img src="data:image/gif;base64,{data}" '
                f'alt="generations {first} to {last}, a frame every {self.every}">')

    def save(self, path):
        """Write the GIF to ``path`` (atomically)."""
        atomic_write(path, self.gif)

    def __repr__(self):
        first, last = self.generations
        return f"<Animation: generations {first}..{last}, {self.frames} frames, every {self.every}>"


def animate(sim, generations, every=1):
    """Advance ``sim`` (a Simulation) by ``generations``, keeping a frame every ``every``, and
    return the run as an Animation (at most pictures.GIF_FRAMES frames: past that the stride
    doubles, as ``--gif`` does).

    Frames are taken at generation g0, g0 + every, ... (g0: where it starts). A driver that
    jumps (hashlife) makes each stride in one jump, so ``every=1024`` costs 1 call a frame,
    not 1024.
    """
    if every < 1 or generations < 0:
        raise LifesimError(f"animate: generations must be >= 0 and every >= 1, not {generations} and {every}")
    first = sim.generation
    recorder = GifRecorder(sim, every)
    sim.observers.append(recorder)
    try:
        left = generations
        while left > 0:
            stride = min(recorder.every, left)  # recorder.every: the stride, doubled past GIF_FRAMES frames
            sim.advance(stride)
            left -= stride
    finally:
        sim.observers.remove(recorder)
    return Animation(recorder.gif_bytes(), len(recorder.frames), recorder.every, (first, sim.generation))


def register(shell=None):
    """Attach the PNG pictures to ``shell`` (an IPython shell; default: the running one, if any).

    Grid, Plane, QuadPlane and Pattern (TreePattern too) get their pictures; a matplotlib Figure
    (``Simulation.plot``) gets a PNG only where nothing else draws one already (the inline
    backend does, once pyplot is imported; a bare Figure would otherwise print as text).
    Returns True when attached, False when no IPython is running.
    """
    if shell is None:
        if "IPython" not in sys.modules:  # not inside IPython: importing it would only cost time
            return False
        from IPython import get_ipython
        shell = get_ipython()
        if shell is None:
            return False
    png = shell.display_formatter.formatters["image/png"]
    for cls in UNIVERSES:
        png.for_type(cls, universe_png)
    png.for_type(Pattern, pattern_png)
    if not _draws(png, "matplotlib.figure", "Figure"):
        # By name: matplotlib is imported only when a Figure is shown.
        png.for_type_by_name("matplotlib.figure", "Figure", figure_png)
    return True


def _draws(formatter, module, name):
    """True when IPython's ``formatter`` already has a printer for the class ``module.name``."""
    return (module, name) in formatter.deferred_printers or any(
        (getattr(cls, "__module__", None), getattr(cls, "__name__", None)) == (module, name)
        for cls in formatter.type_printers)
