"""Finding patterns by name among the bundled ones, and turning them into grids.

The bundled patterns are the package data ``lifesim.patterns``: the checkout's top-level
``patterns/`` folder, which setuptools installs under that name (pyproject.toml), so a wheel
install finds them as an editable one does.
"""

import importlib.resources
from pathlib import Path

import numpy as np

from lifesim.band import BANDED, Band
from lifesim.errors import LifesimError, SettingError
from lifesim.io.archive import split_member
from lifesim.io.formats import SUFFIXES
from lifesim.grid import Grid, check_size, check_topology
from lifesim.rules import parse_rule
from lifesim.universe import PLANE, Plane



def _bundled_dir():
    """The folder of the bundled patterns: the installed data package, else (a checkout that was
    never installed, run as ``python run_life.py``) the checkout's own ``patterns/``."""
    try:
        return Path(str(importlib.resources.files("lifesim.patterns")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "patterns"


PATTERN_DIR = _bundled_dir()
# The gun with an eater stays lively forever; the bare gun's gliders wrap round the torus and
# wreck it within a few hundred generations.
DEFAULT_PATTERN = "gosper_gun_eater"
# Where Golly keeps the patterns it ships, where it is installed (the window's browser offers them).
GOLLY_PATTERN_FOLDERS = ("/usr/local/share/golly/Patterns", "/usr/share/golly/Patterns")


def pattern_names():
    """The names of the bundled patterns, sorted."""
    return sorted(p.stem for p in PATTERN_DIR.iterdir() if p.suffix in SUFFIXES) if PATTERN_DIR.is_dir() else []


def golly_patterns():
    """The Path of Golly's own Patterns folder, or None where Golly is not installed."""
    return next((Path(p) for p in GOLLY_PATTERN_FOLDERS if Path(p).is_dir()), None)


def find_pattern(name_or_path):
    """The path of a pattern file: an existing path, a path into a zip archive, or a bundled
    pattern's name (suffix optional)."""
    path = Path(name_or_path).expanduser()
    if path.is_file() or split_member(path):  # a file, or one inside a zip archive (``x.zip/y.rle``)
        return path
    for candidate in [PATTERN_DIR / name_or_path] + [PATTERN_DIR / (name_or_path + s) for s in SUFFIXES]:
        if candidate.is_file():
            return candidate
    if path.exists():
        raise LifesimError(f"pattern {name_or_path} is not a file")
    raise LifesimError(
        f"no pattern file or bundled pattern named {name_or_path!r} (bundled: {', '.join(pattern_names())})"
    )


def pattern_rule(pattern, path, rule=None, default=None):
    """The Rule a pattern read from ``path`` runs under: ``rule`` (text or Rule) when given, else
    the file's own rule, its ``NAME.rule`` looked up in the file's zip archive, beside the file,
    then in the rule folders (``lifesim.rules.parse_rule``); else ``default``."""
    spec = rule or pattern.rule or default
    return parse_rule(spec, search=(Path(path).parent,), bundled=pattern.rules)


def default_size(pattern_cells):
    """The pattern's own size plus a margin of half its size (at least 8 cells) on every side."""
    h, w = pattern_cells.shape
    return h + 2 * max(8, h // 2), w + 2 * max(8, w // 2)


def place_pattern(pattern, size=None, topology=None):
    """The universe ``pattern`` starts in: a Plane (a QuadPlane for a macrocell file), or a Grid
    (see ``grid_for_pattern``).

    The plane unless a size or a bounded topology is given (by the arguments or the file's grid
    suffix); a tube or strip (``:T0,20``, ``:P0,20``) is the plane with a band (lifesim.band). On the plane the pattern keeps the position its file gives (``#CXRLE Pos``, Life
    1.05/1.06 coordinates); without one its top-left cell goes to (-(h // 2), -(w // 2)), so
    that it sits around the origin.
    """
    topology = topology or pattern.topology or (None if size or pattern.size else PLANE)
    band = None
    if topology not in (None, PLANE) and check_topology(topology).kind in BANDED:  # the plane with a band
        band = Band.of(topology, *(size or pattern.size))
    elif topology != PLANE:
        return grid_for_pattern(pattern, size, topology)
    elif size:
        raise SettingError("size", "the plane is unbounded: a size needs a torus or bounded topology")
    if pattern.tree is not None and band is None:  # a macrocell file: the tree as it stands
        return pattern.tree
    ys, xs, states = pattern.absolute_points((-(pattern.height // 2), -(pattern.width // 2)))
    if band is not None and len(ys) and int(np.ptp((ys, xs)[band.axis])) >= band.n:
        raise LifesimError(f"the pattern is wider than the {band.topology.kind} :{band.suffix} it is for")
    return Plane.from_points(ys, xs, states, band)


def grid_for_pattern(pattern, size=None, topology=None):
    """A Grid holding ``pattern``: its size and topology from the arguments, else the file's
    Golly grid suffix, else the pattern's own size plus a margin on a torus.

    A pattern whose file gives its position lands where Golly puts it: Golly's bounded grid of
    H x W has its top-left cell at (-(H // 2), -(W // 2)), so absolute (y, x) is grid cell
    (y + H // 2, x + W // 2); on a Klein bottle, cross-surface or sphere where a pattern sits
    decides what it does. One without a position, or that would not fit there, is centred; one
    exactly the grid's size lands cell for cell."""
    size = size or pattern.size or default_size(pattern.cells)
    check_size(*size)
    topology = check_topology(topology or pattern.topology or "torus")
    grid = Grid.empty(*size, topology)
    if pattern.origin is not None:
        top, left = pattern.origin[0] + size[0] // 2, pattern.origin[1] + size[1] // 2
        if 0 <= top and top + pattern.height <= size[0] and 0 <= left and left + pattern.width <= size[1]:
            return grid.place(pattern.cells, (top, left))
    return grid.place(pattern.cells)
