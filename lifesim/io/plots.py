"""The population plot: population over generations, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'lifesim[plot]'``), imported on first use, so a
run that draws no plot never pays for it; without it ``require_matplotlib`` raises one line
saying how to install it, and ``Outputs.check`` calls it before a run that asks for ``--plot``.

The figure is built with matplotlib's object API (``Figure`` and the Agg canvas), never pyplot:
no display is needed, no global backend is switched, and a notebook's own matplotlib settings
are left alone. The same ``population_figure`` is written as a PNG by ``write_plot`` and shown
inline by ``Simulation.plot``.
"""

import io

from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write

PLOT_SIZE = (640, 360)  # pixels, width by height, at PLOT_DPI
PLOT_DPI = 100
DECADES = 2  # a population spanning this many powers of ten or more is plotted on a log scale
NEEDS = "needs matplotlib, an optional extra: pip install 'lifesim[plot]'"


def require_matplotlib():
    """The matplotlib ``Figure`` class; raises LifesimError (one line: how to install) without it."""
    try:
        import matplotlib  # noqa: F401  (the package first: a broken install fails here, not halfway)
        from matplotlib.figure import Figure
    except ImportError:
        raise LifesimError(f"the population plot {NEEDS}") from None
    return Figure


def log_scale(history):
    """True when ``history`` (populations, ints >= 0) spans DECADES powers of ten or more.

    A population of 0 counts as 1: a pattern that dies out from 5 cells does not span decades,
    one that dies out from 500 does (the symlog axis below draws 0 at its foot).
    """
    low, high = max(min(history), 1), max(history)
    return high >= low * 10 ** DECADES


def population_figure(history, generations=None, title=None, size=PLOT_SIZE):
    """A matplotlib Figure of ``history`` (population per entry, a list of ints) over
    ``generations`` (the generation of each entry; default 0, 1, ...).

    ``size`` in pixels (width, height) at PLOT_DPI; ``title`` (e.g. "r_pentomino, B3/S23") above
    the axes. The population axis is logarithmic when ``log_scale(history)``.
    """
    Figure = require_matplotlib()
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    generations = list(range(len(history)) if generations is None else generations)
    figure = Figure(figsize=(size[0] / PLOT_DPI, size[1] / PLOT_DPI), dpi=PLOT_DPI, layout="constrained")
    axes = figure.add_subplot()
    # A few points (a short run, or a hashlife run's jumps) are marked: a line alone hides them.
    axes.plot(generations, history, color="tab:red", linewidth=1.5, marker="o" if len(history) <= 30 else None,
              markersize=3)
    axes.set_xlabel("generation")
    axes.set_ylabel("population")
    if title:
        axes.set_title(title)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))  # no generation 2.5
    # Whole generations up to a million; past that (a hashlife run's 2^40) "x 1e12" at the axis
    # end, not labels that run into each other.
    axes.ticklabel_format(axis="x", style="plain" if generations[-1] < 10 ** 6 else "sci", scilimits=(0, 0),
                          useOffset=False)
    if generations[0] == generations[-1]:  # one generation: a window around it, not around 0.0
        axes.set_xlim(generations[0] - 1, generations[0] + 1)
    else:
        axes.margins(x=0)
    high = max(history)
    if log_scale(history):
        # symlog, linear below 1: a population of 0 (the pattern died) is drawn, not dropped.
        axes.set_yscale("symlog", linthresh=1)
        axes.set_ylim(0, high * 1.5)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))  # 1,000 not 10^3
    else:
        # From 0: a population is a count, and a still life's constant 5 gets integer ticks
        # (autoscaling would zoom into 4.75..5.25).
        axes.set_ylim(0, max(high * 1.08, high + 1))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(True, color="0.9")
    return figure


def figure_png(figure):
    """A Figure's PNG file as bytes, at its own size and dpi."""
    buf = io.BytesIO()
    figure.savefig(buf, format="png", dpi=figure.dpi)
    return buf.getvalue()


def write_plot(path, history, generations=None, title=None, size=PLOT_SIZE):
    """Write ``population_figure(history, generations, title, size)`` as a PNG, atomically."""
    atomic_write(path, figure_png(population_figure(history, generations, title, size)))
