"""The population plot: a matplotlib figure with ticks, labels, the pattern and rule in its title,
a log scale when the population spans decades; refused in one line without matplotlib."""

import sys
from importlib.util import find_spec

import numpy as np
import pytest
from PIL import Image

from lifesim import Grid, Simulation
from lifesim.app.cli import main
from lifesim.errors import LifesimError, SettingError
from lifesim.io import outputs as outputs_module
from lifesim.io.outputs import Outputs
from lifesim.io.plots import log_scale, population_figure, require_matplotlib, write_plot

# dev installs the plot extra; the tests of its absence below run either way.
needs_matplotlib = pytest.mark.skipif(find_spec("matplotlib") is None, reason="matplotlib is not installed")


@pytest.fixture
def no_matplotlib(monkeypatch):
    """matplotlib made unimportable for one test, installed or not (None in sys.modules fails
    ``import matplotlib`` with ImportError)."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)


@needs_matplotlib
def test_the_plot_is_a_png_with_a_curve(tmp_path):
    path = tmp_path / "plot.png"
    write_plot(path, [5, 9, 3, 12, 7], size=(320, 200))
    image = Image.open(path)
    assert image.format == "PNG" and image.size == (320, 200)
    rgb = np.asarray(image.convert("RGB")).astype(int)
    assert ((rgb[..., 0] > 150) & (rgb[..., 1] < 80)).sum() > 100  # the red line


@needs_matplotlib
def test_the_figure_has_labelled_ticked_axes_and_a_title():
    figure = population_figure([5, 9, 3, 12, 7], [10, 11, 12, 13, 14], "glider, B3/S23")
    axes, = figure.axes
    assert (axes.get_xlabel(), axes.get_ylabel(), axes.get_title()) == ("generation", "population", "glider, B3/S23")
    figure.canvas.draw()  # ticks are placed when drawn
    xs = [t for t in axes.get_xticks() if 10 <= t <= 14]
    ys = [t for t in axes.get_yticks() if 0 <= t <= 12]
    assert len(xs) >= 3 and all(t == int(t) for t in xs)  # whole generations
    assert len(ys) >= 3 and all(t == int(t) for t in ys)
    assert axes.get_yscale() == "linear" and axes.get_ylim()[0] == 0


@needs_matplotlib
@pytest.mark.parametrize("history, log", [
    ([5, 9, 3, 12, 7], False),
    ([3, 30, 299], False),   # under two decades
    ([3, 30, 300], True),
    ([500, 40, 0], True),    # dying out from 500: 0 counts as 1
    ([5, 2, 0], False),
    ([0, 0], False),
])
def test_log_scale_when_the_population_spans_two_decades(history, log):
    assert log_scale(history) is log
    axes, = population_figure(history).axes
    assert axes.get_yscale() == ("symlog" if log else "linear")


@needs_matplotlib
def test_a_still_life_and_a_single_generation_get_whole_number_ticks():
    axes, = population_figure([4, 4, 4]).axes
    axes.figure.canvas.draw()
    assert all(t == int(t) for t in axes.get_yticks())
    axes, = population_figure([7], [2 ** 40]).axes
    low, high = axes.get_xlim()
    assert low < 2 ** 40 < high


def test_the_run_threads_pattern_and_rule_into_the_title(tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(outputs_module, "write_plot", lambda path, *args: seen.append((path, *args)))
    sim = Simulation(Grid.from_text("-----\n--*--\n--*--\n--*--\n-----"), "B36/S23")
    sim.step(2)
    Outputs(plot=str(tmp_path / "p.png")).write(sim, "blinker", None)
    (path, history, generations, title), = seen
    assert (history, list(generations), title) == ([3, 3, 3], [0, 1, 2], "blinker, B36/S23")


@needs_matplotlib
def test_plot_from_the_command_line(tmp_path):
    path = tmp_path / "pop.png"
    assert main(["r_pentomino", "--headless", "--generations", "30", "--plot", str(path), "--quiet"]) == 0
    assert Image.open(path).size == (640, 360)


def test_without_matplotlib_one_line_says_how_to_install(no_matplotlib):
    with pytest.raises(LifesimError, match=r"^the population plot needs matplotlib.*pip install 'lifesim\[plot\]'$"):
        require_matplotlib()
    with pytest.raises(SettingError) as refused:
        Outputs(plot="p.png").check()
    assert refused.value.setting == "plot"
    Outputs(png="p.png").check()  # only the plot needs it


def test_without_matplotlib_plot_is_refused_before_the_run(tmp_path, capsys, no_matplotlib):
    path = tmp_path / "pop.png"
    out = tmp_path / "final.rle"
    assert main(["glider", "--headless", "--generations", "3", "--plot", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == "lifesim: error: --plot needs matplotlib, an optional extra: pip install 'lifesim[plot]'\n"
    assert not path.exists() and not out.exists()
