"""Finding patterns by name in the bundled ``patterns/`` folder, and turning them into grids."""

from pathlib import Path

from lifesim.errors import LifesimError
from lifesim.formats import SUFFIXES
from lifesim.grid import Grid, check_size, check_topology

PATTERN_DIR = Path(__file__).resolve().parent.parent / "patterns"
# The gun with an eater stays lively forever; the bare gun's gliders wrap round the torus and
# wreck it within a few hundred generations.
DEFAULT_PATTERN = "gosper_gun_eater"


def pattern_names():
    """The names of the bundled patterns, sorted."""
    return sorted(p.stem for p in PATTERN_DIR.iterdir() if p.suffix in SUFFIXES) if PATTERN_DIR.is_dir() else []


def find_pattern(name_or_path):
    """The path of a pattern file: an existing path, or a bundled pattern's name (suffix optional)."""
    path = Path(name_or_path).expanduser()
    if path.is_file():
        return path
    for candidate in [PATTERN_DIR / name_or_path] + [PATTERN_DIR / (name_or_path + s) for s in SUFFIXES]:
        if candidate.is_file():
            return candidate
    if path.exists():
        raise LifesimError(f"pattern {name_or_path} is not a file")
    raise LifesimError(
        f"no pattern file or bundled pattern named {name_or_path!r} (bundled: {', '.join(pattern_names())})"
    )


def default_size(pattern_cells):
    """The pattern's own size plus a margin of half its size (at least 8 cells) on every side."""
    h, w = pattern_cells.shape
    return h + 2 * max(8, h // 2), w + 2 * max(8, w // 2)


def grid_for_pattern(pattern, size=None, topology=None):
    """A Grid holding ``pattern``: its size and topology from the arguments, else the file's
    Golly grid suffix, else the pattern's own size plus a margin on a torus. The pattern is
    centred; one exactly the grid's size lands cell for cell."""
    size = size or pattern.size or default_size(pattern.cells)
    check_size(*size)
    topology = check_topology(topology or pattern.topology or "torus")
    return Grid.empty(*size, topology).place(pattern.cells)
