"""Notebooks, without a notebook server: the display hooks Jupyter would call, called directly.

Grid, Plane, QuadPlane and Pattern get PNG formatters from lifesim.notebook.register (checked on
a stand-in for IPython's shell); Simulation has _repr_png_, animate (an inline GIF) and plot.
"""

import base64
import io
import re
import subprocess
import sys
import types
from importlib.util import find_spec

import numpy as np
import pytest
from PIL import Image

from lifesim import Grid, Simulation, notebook
from lifesim.drivers import get_driver
from lifesim.io.formats import read_pattern
from lifesim.io.pattern import Pattern
from lifesim.io.patterns import find_pattern
from lifesim.quadplane import QuadPlane
from lifesim.universe import Plane

GLIDER = "-*------\n--*-----\n***-----\n--------\n--------\n--------\n--------\n--------"
needs_matplotlib = pytest.mark.skipif(find_spec("matplotlib") is None, reason="matplotlib is not installed")


def shown(png, shape):
    """The (h, w) cells a picture shows: 1 where a cell's centre pixel is dark."""
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    h, w = shape
    s = image.size[0] // w
    assert image.size == (w * s, h * s)
    gray = np.asarray(image.convert("L"))
    return (gray[s // 2::s, s // 2::s][:h, :w] < 128).astype(np.uint8)


class Formatter:
    """What register needs of IPython's image/png formatter (IPython.core.formatters)."""

    def __init__(self):
        self.type_printers, self.deferred_printers = {}, {}

    def for_type(self, cls, func):
        self.type_printers[cls] = func

    def for_type_by_name(self, module, name, func):
        self.deferred_printers[(module, name)] = func


def shell():
    png = Formatter()
    return types.SimpleNamespace(display_formatter=types.SimpleNamespace(formatters={"image/png": png})), png


def test_a_simulation_shows_its_grid():
    sim = Simulation(Grid.from_text(GLIDER))
    sim.step(4)
    assert np.array_equal(shown(sim._repr_png_(), (8, 8)), sim.grid.cells)


def test_register_draws_grids_planes_trees_and_patterns():
    fake, png = shell()
    assert notebook.register(fake) is True
    glider = Grid.from_text(GLIDER)
    assert np.array_equal(shown(png.type_printers[Grid](glider), (8, 8)), glider.cells)
    box = glider.cells[:3, :3]
    ys, xs = np.nonzero(box)
    plane = Plane.from_points(ys - 50, xs + 1000)  # far from the origin: the picture is its box
    assert np.array_equal(shown(png.type_printers[Plane](plane), (3, 3)), box)
    tree = QuadPlane.from_points(ys - 50, xs + 1000)
    assert np.array_equal(shown(png.type_printers[QuadPlane](tree), (3, 3)), box)
    pattern = read_pattern(find_pattern("glider"))
    assert isinstance(pattern, Pattern)  # IPython finds a TreePattern's printer by its MRO too
    assert np.array_equal(shown(png.type_printers[Pattern](pattern), pattern.cells.shape), pattern.cells)


def test_an_empty_plane_is_a_blank_picture():
    assert not shown(notebook.universe_png(Plane.from_points([], [])), (1, 1)).any()


def test_a_large_grid_is_drawn_in_blocks_keeping_a_lone_cell():
    cells = np.zeros((2000, 1000), np.uint8)
    cells[1999, 3] = 1
    image = Image.open(io.BytesIO(notebook.universe_png(Grid(cells))))
    assert image.size == (250, 500)  # 4x4 blocks: 500 x 250 cells, a pixel each
    gray = np.asarray(image.convert("L"))
    assert gray[499, 0] == 0 and (gray < 128).sum() == 1


def test_register_leaves_a_figure_printer_already_there():
    fake, png = shell()
    notebook.register(fake)
    assert ("matplotlib.figure", "Figure") in png.deferred_printers  # by name: matplotlib not imported
    fake, png = shell()
    inline = type("Figure", (), {"__module__": "matplotlib.figure"})
    png.type_printers[inline] = "inline backend's"
    notebook.register(fake)
    assert png.type_printers[inline] == "inline backend's" and not png.deferred_printers


def test_register_without_ipython_does_nothing(monkeypatch):
    monkeypatch.delitem(sys.modules, "IPython", raising=False)
    assert notebook.register() is False
    fake, png = shell()
    running = types.SimpleNamespace(get_ipython=lambda: None)  # IPython imported, no shell running
    monkeypatch.setitem(sys.modules, "IPython", running)
    assert notebook.register() is False
    running.get_ipython = lambda: fake
    assert notebook.register() is True and Grid in png.type_printers


def test_animate_runs_and_returns_an_inline_gif():
    sim = Simulation(Grid.from_text(GLIDER))
    animation = sim.animate(16, every=4)
    assert sim.generation == 16 and sim.observers == []
    html = animation._repr_html_()
    data = re.fullmatch(r'<img src="data:image/gif;base64,([A-Za-z0-9+/=]+)" alt="[^"]*">', html)[1]
    assert base64.b64decode(data) == animation.gif
    image = Image.open(io.BytesIO(animation.gif))
    assert image.format == "GIF" and image.n_frames == animation.frames == 5
    again = Simulation(Grid.from_text(GLIDER))
    for frame in range(5):
        image.seek(frame)
        gray = np.asarray(image.convert("L"))
        s = image.size[0] // 8
        assert np.array_equal((gray[s // 2::s, s // 2::s] < 128).astype(np.uint8), again.grid.cells), frame
        again.step(4)


def test_animate_jumps_a_stride_at_a_time_on_hashlife(tmp_path):
    glider = Grid.from_text(GLIDER).cells
    ys, xs = np.nonzero(glider)
    with get_driver("hashlife") as driver:
        sim = Simulation(QuadPlane.from_points(ys, xs), "B3/S23", driver)
        calls = []
        advance = driver.advance
        driver.advance = lambda grid, rule, n: calls.append(n) or advance(grid, rule, n)
        animation = sim.animate(4096, every=1024)
    assert calls == [1024] * 4 and animation.frames == 5 and sim.generation == 4096
    assert animation.generations == (0, 4096) and "0..4096" in repr(animation)
    animation.save(tmp_path / "a.gif")
    assert Image.open(tmp_path / "a.gif").n_frames == 5


@pytest.mark.parametrize("generations, every", [(-1, 1), (10, 0)])
def test_animate_refuses_bad_counts(generations, every):
    with pytest.raises(notebook.LifesimError, match="animate"):
        Simulation(Grid.from_text(GLIDER)).animate(generations, every)


@needs_matplotlib
def test_plot_is_the_population_figure_and_shows_as_png():
    sim = Simulation(Grid.from_text(GLIDER))
    sim.step(3)
    figure = sim.plot("glider")
    axes, = figure.axes
    assert axes.get_title() == "glider, B3/S23" and list(axes.lines[0].get_ydata()) == [5, 5, 5, 5]
    assert Simulation(Grid.from_text(GLIDER)).plot().axes[0].get_title() == "B3/S23"
    fake, png = shell()
    notebook.register(fake)
    picture = Image.open(io.BytesIO(png.deferred_printers[("matplotlib.figure", "Figure")](figure)))
    assert picture.format == "PNG" and picture.size == (640, 360)


def test_importing_lifesim_outside_ipython_imports_neither_ipython_nor_matplotlib():
    code = "import sys, lifesim; print(sorted({'IPython', 'matplotlib'} & set(sys.modules)))"
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout == "[]\n"
