"""What a run leaves behind when it ends: the final pattern, statistics and pictures.

``Outputs`` is one frozen value for all of them; the headless run and the window both check it
before they start (a bad name is refused before a long run, not after it) and write it when
they end, from the Simulation as it is then.
"""

from dataclasses import dataclass

from lifesim.errors import LifesimError, SettingError
from lifesim.io.formats import (
    SUFFIXES as PATTERN_SUFFIXES, TWO_STATE_SUFFIXES, atomic_write, check_output_path, pattern_suffix, write_pattern,
    write_plane,
)
from lifesim.io.pictures import GifRecorder, write_png
from lifesim.io.plots import NEEDS as PLOT_NEEDS, require_matplotlib, write_plot
from lifesim.universe import is_plane

# The file endings each output may have.
SUFFIXES = {"out": PATTERN_SUFFIXES, "stats": (".csv",), "png": (".png",),
            "gif": (".gif",), "plot": (".png",)}


@dataclass(frozen=True)
class Outputs:
    """The files a run writes when it ends; each a path (str) or None for "not wanted".

    out: the final pattern, format by suffix. stats: ``generation,population`` per generation
    (CSV; after a jump, the generations recorded). png: a picture of the final grid. gif: an animation, a frame every ``gif_every``
    generations. plot: population over generations (PNG, drawn with matplotlib: an optional
    extra).
    """

    out: str | None = None
    stats: str | None = None
    png: str | None = None
    gif: str | None = None
    plot: str | None = None
    gif_every: int = 1

    @property
    def every_generation(self):
        """Whether an output needs every generation's population or picture (stats, plot, GIF)."""
        return bool(self.stats or self.plot or self.gif)

    def wanted(self):
        """The names of the outputs asked for, in writing order (e.g. ``["out", "stats"]``)."""
        return [name for name in SUFFIXES if getattr(self, name)]

    def check(self, rule=None):
        """Refuse bad file names now; with ``rule``, also a two-state ``out`` format for a
        rule with more states, and a plot without matplotlib. Raises SettingError naming the
        output."""
        for name in self.wanted():
            check_output_path(name, getattr(self, name), SUFFIXES[name])
        if self.plot:
            try:
                require_matplotlib()
            except LifesimError:  # worded for the setting: "plot: needs matplotlib ..."
                raise SettingError("plot", PLOT_NEEDS) from None
        if self.gif_every < 1:
            raise SettingError("gif_every", f"must be at least 1, not {self.gif_every}")
        suffix = pattern_suffix(self.out) if self.out else None
        if rule is not None and rule.states > 2 and suffix in TWO_STATE_SUFFIXES:
            raise SettingError("out", f"{self.out}: {suffix} holds two states only and rule {rule.name} "
                                      f"has {rule.states}; write .rle or .npy")

    def recorder(self, sim):
        """A GifRecorder observing ``sim`` when a GIF is wanted, else None (the caller attaches it)."""
        return GifRecorder(sim, self.gif_every) if self.gif else None

    def write(self, sim, title, recorder=None):
        """Write every output asked for from ``sim`` as it is now; returns their paths.

        title: the pattern's name, in the pattern file and (with the rule) the plot's title.
        recorder: the run's GifRecorder (from ``recorder``), holding the GIF's frames.
        """
        if self.png:
            write_png(self.png, sim.grid, colours=sim.rule.colours)
        if recorder is not None:
            recorder.write(self.gif)
        if self.plot:
            write_plot(self.plot, sim.history, sim.generations_recorded, f"{title}, {sim.rule}")
        if self.out and is_plane(sim.grid):
            write_plane(self.out, sim.grid, sim.rule.spec, title, sim.generation)
        elif self.out:
            write_pattern(self.out, sim.grid, sim.rule.spec, title, sim.generation)
        if self.stats:
            rows = "".join(f"{g},{p}\n" for g, p in zip(sim.generations_recorded, sim.history))
            atomic_write(self.stats, ("generation,population\n" + rows).encode())
        return [getattr(self, name) for name in self.wanted()]
