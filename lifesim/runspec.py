"""RunSpec: everything one run needs, as one frozen value, and how a run starts from it.

The command line builds a RunSpec from argv (``lifesim.app.cli``); the window, headless runs,
batch workers and checkpoints take the spec. Nothing here knows how a value was given, so
errors name the setting (``SettingError("workers", ...)``) and the command line words it as
its option.
"""

from dataclasses import dataclass, field, replace
from pathlib import Path

from lifesim import neighborhoods
from lifesim.band import BANDED, Band
from lifesim.drivers import driver_class, get_driver
from lifesim.drivers.base import b0_emulation
from lifesim.drivers.compile import compile_rule
from lifesim.errors import LifesimError, SettingError
from lifesim.grid import Grid, check_topology
from lifesim.io import checkpoint
from lifesim.io.formats import check_output_path, read_pattern
from lifesim.io.outputs import Outputs
from lifesim.io.patterns import DEFAULT_PATTERN, find_pattern, pattern_rule, place_pattern
from lifesim.rules import parse_rule, split_grid_suffix
from lifesim.quadplane import POINTS_LIMIT, QuadPlane
from lifesim.universe import PLANE, Plane

DEFAULT_RULE = "B3/S23"
DEFAULT_DRIVER = "serial"  # the coroutines themselves
# A rule whose cells each read more cells than this runs, unless a driver is named, on the
# compiled driver: coroutines reading Larger than Life's range-100 neighbourhood (40,400 cells)
# would take hours a generation; Bosco's rule (range 5, 120 cells) runs on serial as it is.
SERIAL_MOST_CELLS = 1000
# Nor does a universe of more cells than this (a grid's, or live cells on the plane): serial steps
# about 400,000 cells a second, so a Golly pattern of a million cells (a JvN computer) would take
# seconds a generation where its table runs hundreds a second.
SERIAL_MOST_STEPPED = 100_000
DEFAULT_SOUP_SIZE = (64, 64)  # (height, width)
DEFAULT_DENSITY = 0.5
DEFAULT_GENERATIONS = 100  # a headless run given no count
# Settings that pick the starting grid or rule: a resumed run takes those from the checkpoint.
START_SETTINGS = ("pattern", "seed", "density", "rule", "size", "topology")
# Drivers that own worker processes, and so can stop a generation that runs too long.
TIMED_DRIVERS = ("processes", "dask")


@dataclass(frozen=True)
class RunSpec:
    """One run, windowed or headless.

    pattern: a pattern file or bundled pattern name (None: the default pattern, or a soup when
    ``seed``/``density`` are given). rule: rule text (a rulestring, name, ``file.py:name``...,
    may carry a Golly grid suffix); None: the pattern's own, else B3/S23. size: (height, width)
    or None. topology: ``"torus"``/``"bounded"`` or None for the default. generations: how many
    (None: the window runs on, headless runs 100). driver, workers: which driver and how many
    workers (None: the driver's default); driver None: chosen for the rule and the universe
    (``driver_choice``: serial, compiled or hashlife). scheduler: a Dask scheduler address (dask only).
    time_limit: seconds a generation may take (processes and dask only). memory: MB of nodes
    the hashlife driver may keep before it collects unused ones (hashlife only). watch: reload the rule
    file when it is saved. checkpoint_every: generations between checkpoints; checkpoint: their
    file; resume: a checkpoint to go on from. screenshot: draw the window's view to this PNG
    and exit. headless, quiet: no window; no progress bar or summary.
    """

    pattern: str | None = None
    rule: str | None = None
    size: tuple | None = None
    topology: str | None = None
    generations: int | None = None
    driver: str | None = None
    workers: int | None = None
    scheduler: str | None = None
    time_limit: float | None = None
    memory: int | None = None
    seed: int | None = None
    density: float | None = None
    watch: bool = False
    outputs: Outputs = field(default_factory=Outputs)
    checkpoint_every: int | None = None
    checkpoint: str | None = None
    resume: str | None = None
    screenshot: str | None = None
    headless: bool = False
    quiet: bool = False

    @property
    def driver_name(self):
        """The driver's name before the rule is known: the one given, else serial."""
        return self.driver or DEFAULT_DRIVER

    def for_rule(self, rule, universe=None):
        """This spec with its driver chosen for ``rule`` (and the ``universe`` it starts from)
        when none was given (``default_driver``)."""
        return self if self.driver else replace(self, driver=default_driver(rule, universe))

    @property
    def soup(self):
        """True when the run starts from a random soup rather than a pattern."""
        return self.seed is not None or self.density is not None

    @property
    def checkpoint_path(self):
        """Where checkpoints go: ``checkpoint``, else the resumed file, else the default name."""
        return self.checkpoint or self.resume or checkpoint.DEFAULT_PATH

    def check_outputs(self, rule=None):
        """Refuse every bad output name (and a two-state ``out`` for a multi-state ``rule``) now."""
        self.outputs.check(rule)
        if self.checkpoint:
            check_output_path("checkpoint", self.checkpoint, (".npz",))
        if driver_class(self.driver_name).jumps:  # one call makes all the generations: none to see on the way
            for setting in ("gif", "checkpoint_every"):
                if getattr(self.outputs, setting, None) or getattr(self, setting, None):
                    raise SettingError(setting, f"needs every generation, and the {self.driver_name} driver jumps "
                                                "over them (write the end with --out FILE.mc)")

    def driver_options(self):
        """Keyword options for the driver beyond its name and workers (scheduler, time_limit, memory)."""
        options = {}
        if self.scheduler is not None:
            if self.driver_name != "dask":
                raise SettingError("scheduler", f"applies to the dask driver, not {self.driver_name!r}")
            options["scheduler"] = self.scheduler
        if self.time_limit is not None:
            if self.driver_name not in TIMED_DRIVERS:
                raise SettingError("time_limit", f"applies to the processes and dask drivers, not "
                                                 f"{self.driver_name!r} (a driver in this process cannot stop "
                                                 "a cell; the step budget still applies)")
            options["time_limit"] = self.time_limit
        if self.memory is not None:
            if self.driver_name != "hashlife":
                raise SettingError("memory", f"applies to the hashlife driver, not {self.driver_name!r}")
            options["memory"] = self.memory
        return options

    def open_driver(self):
        """A new driver for this run (a context manager)."""
        return get_driver(self.driver_name, self.workers, **self.driver_options())


def default_driver(rule, universe=None):
    """The driver a run of ``rule`` from ``universe`` gets when none is named (``driver_choice``)."""
    return driver_choice(rule, universe)[0]


def driver_choice(rule, universe=None):
    """(driver name, why: a phrase, or None for the default): serial, the coroutines themselves;
    hashlife, the only one that can, for a macrocell file's tree too large to list
    (``too_large_to_list``), as Golly opens one in HashLife; compiled, when the rule can be
    tabulated, for one whose cells read more than SERIAL_MOST_CELLS cells or a universe of more
    than SERIAL_MOST_STEPPED cells."""
    if too_large_to_list(universe):
        return "hashlife", f"the pattern has {universe.population:,} live cells, more than a driver of listed cells takes"
    stepped = cells_stepped(universe)
    if cells_read(rule) > SERIAL_MOST_CELLS:
        why = f"rule {rule} reads {cells_read(rule):,} cells a cell"
    elif stepped > SERIAL_MOST_STEPPED:
        why = f"the grid has {stepped:,} cells" if isinstance(universe, Grid) else f"the pattern has {stepped:,} live cells"
    else:
        return DEFAULT_DRIVER, None
    try:
        compile_rule(rule)
    except LifesimError:
        return DEFAULT_DRIVER, None
    return "compiled", why


def cells_stepped(universe):
    """How many cells a generation of ``universe`` may step: a grid's cells, the plane's live
    cells (0 for None)."""
    if universe is None:
        return 0
    return universe.height * universe.width if isinstance(universe, Grid) else universe.population


def too_large_to_list(universe):
    """Whether ``universe`` is a tree (a macrocell file's QuadPlane) with more live cells than
    the drivers that step listed cells take (POINTS_LIMIT)."""
    return isinstance(universe, QuadPlane) and universe.population > POINTS_LIMIT


def cells_read(rule):
    """How many cells each cell of ``rule`` reads at most: its declared neighbourhood, else the
    whole square of its radius."""
    if rule.neighborhood is not None:
        return neighborhoods.size(rule.neighborhood, rule.radius)
    return (2 * rule.radius + 1) ** 2 - 1


def start(spec):
    """(universe, rule, title) that ``spec`` starts from: its pattern or soup, rule, size and topology.

    The universe is a Plane for a pattern without a size or grid suffix (a macrocell file's
    QuadPlane for a driver that steps trees), else a Grid (a soup: a torus unless the topology
    says otherwise)."""
    return started(spec)[:3]


def started(spec):
    """``start``'s (universe, rule, title) and the Pattern read (None for a soup), whose name
    and comments the window's info panel shows."""
    rule_text, rule_topology, rule_size = split_grid_suffix(spec.rule) if spec.rule else (None, None, None)
    if spec.soup:
        if spec.pattern:
            raise LifesimError("give either a pattern or a seed/density for a random soup, not both")
        density = DEFAULT_DENSITY if spec.density is None else spec.density
        size = spec.size or rule_size or DEFAULT_SOUP_SIZE
        topology = spec.topology or rule_topology or "torus"
        band = Band.of(topology, *size) if topology != PLANE and check_topology(topology).kind in BANDED else None
        if band is not None:  # a tube or strip: the soup fills the band, as long as a default soup
            size = tuple(side or default for side, default in zip(size, DEFAULT_SOUP_SIZE))
        on_plane = topology == PLANE or band is not None
        grid = Grid.random(*size, density, spec.seed, "bounded" if on_plane else topology)
        if on_plane:  # the soup's rectangle, centred on the origin of the plane
            grid = Plane.from_cells(grid.cells, (-(size[0] // 2), -(size[1] // 2)), band)
        return grid, parse_rule(rule_text or DEFAULT_RULE), f"soup (seed {spec.seed}, density {density})", None
    path = find_pattern(spec.pattern or DEFAULT_PATTERN)
    pattern = read_pattern(path)
    rule = pattern_rule(pattern, path, rule_text, DEFAULT_RULE)
    universe = place_pattern(pattern, spec.size or rule_size, spec.topology or rule_topology)
    if isinstance(universe, QuadPlane) and not driver_class(spec.for_rule(rule, universe).driver_name).quadtree:
        universe = universe.to_plane()  # refused, naming --driver hashlife, when too large to list
    return _with_parity(universe, rule, pattern.generation), rule, pattern.name or spec.pattern, pattern


def _with_parity(universe, rule, generation):
    """``universe`` at ``generation``: on the plane, under a B0 rule whose emulation alternates
    two rules, an odd generation steps with the odd one (``Plane.odd``), as Golly takes the
    parity from its generation count."""
    if not generation % 2 or not isinstance(universe, Plane):
        return universe
    try:
        b0 = b0_emulation(rule)
    except LifesimError:  # one that cannot be emulated says so when it is stepped
        return universe
    return universe.with_odd(True) if b0 is not None and b0.blinks else universe


def resume(spec):
    """(grid, rule, title, generation, history) from the checkpoint ``spec.resume``.

    The checkpoint holds the grid and rule, so a spec that also sets one of START_SETTINGS is refused.
    """
    given = [name for name in START_SETTINGS if getattr(spec, name) is not None]
    if given:
        raise SettingError(given[0], "cannot be given when resuming: the checkpoint holds the grid and rule")
    try:
        cp = checkpoint.load(spec.resume)
    except LifesimError as exc:
        raise SettingError("resume", str(exc)) from None
    return cp.grid, parse_rule(cp.rule), cp.title or Path(spec.resume).stem, cp.generation, cp.history
