"""Pattern files, the public entry: RLE, plaintext ``.cells``, Life 1.05/1.06 ``.lif``, Golly's
macrocell ``.mc``, ``.npy``, and ``.gz`` of any text format.

Each format lives in its own module (``rle``, ``plaintext``, ``life``) as pure text <-> Pattern;
this one picks the format (by suffix, else by content), gunzips and gzips, and does the file access,
writing atomically (temp file, then rename). Patterns are sparse (see ``lifesim.io.pattern``):
a file whose box is far too big for a dense array reads in memory that follows its live cells.
"""

import gzip
import io
import os
import tempfile
import zlib
from pathlib import Path

import numpy as np

from lifesim.errors import LifesimError, SettingError
from lifesim.grid import check_size
from lifesim.io.archive import SCRIPT_SUFFIXES, ZIP_MAGIC, ZIP_SUFFIX, open_member, pattern_members
from lifesim.io.archive import split_member as archive_member
from lifesim.io.mcell import parse_mcell
from lifesim.quadplane import QuadPlane
from lifesim.io.life import format_life106, is_life_text, parse_life, pattern_to_life106
from lifesim.io.macrocell import is_macrocell_text, parse_macrocell, pattern_to_macrocell
from lifesim.io.pattern import Pattern, TreePattern, sorted_points
from lifesim.io.plaintext import format_cells, is_plaintext_row, parse_cells, pattern_to_cells
from lifesim.io.rle import (
    RLE_LINE, format_rle, is_headerless_rle, parse_headerless_rle, parse_rle, pattern_to_rle,
)
from lifesim.topology import golly_suffix

__all__ = [
    "Pattern", "TreePattern", "SUFFIXES", "TWO_STATE_SUFFIXES", "RLE_LINE", "read_pattern", "write_pattern",
    "write_points", "write_plane",
    "write_pattern_file", "parse_pattern_text", "pattern_suffix", "archive_patterns", "is_archive", "several_patterns", "check_output_path", "atomic_write",
    "grid_rule_text", "parse_rle", "format_rle", "parse_cells", "format_cells", "parse_life", "format_life106",
    "pattern_to_rle", "pattern_to_cells", "pattern_to_life106", "sorted_points",
]

GZIP_SUFFIX = ".gz"
GZIP_MAGIC = b"\x1f\x8b"
# Text formats by suffix: reader (text -> Pattern) and writer (Pattern -> text).
TEXT_FORMATS = {
    ".rle": (parse_rle, pattern_to_rle),
    ".cells": (parse_cells, pattern_to_cells),
    ".lif": (parse_life, pattern_to_life106),  # reads Life 1.05 and 1.06, writes 1.06 (absolute)
    ".life": (parse_life, pattern_to_life106),
    ".mc": (parse_macrocell, pattern_to_macrocell),  # a quadtree, read and written without listing its cells
}
SUFFIXES = (*TEXT_FORMATS, ".npy", *(s + GZIP_SUFFIX for s in TEXT_FORMATS))
TWO_STATE_SUFFIXES = (".cells", ".lif", ".life", ".cells.gz", ".lif.gz", ".life.gz")  # no way to write a state above 1


def pattern_suffix(path):
    """The format suffix of a file name, lower case: the longest of SUFFIXES it ends with
    (``glider.rle.gz`` -> ``.rle.gz``), else its last suffix (``.gz``, ``.mc``, or ``''``)."""
    name = Path(path).name.lower()
    return max((s for s in SUFFIXES if name.endswith(s)), key=len, default=Path(name).suffix)


# Which format a text is, by its first non-blank line, in Golly's order; the first test that holds wins.
_CONTENT_FORMATS = (
    (lambda line: line.startswith("#MCell"), lambda text: Pattern.from_cells(**parse_mcell(text))),  # read only
    (is_macrocell_text, parse_macrocell),
    (is_life_text, parse_life),
    (lambda line: line.startswith("!"), parse_cells),
    (lambda line: line.startswith("#") or line.startswith("x ") or line.startswith("x="), parse_rle),
    (is_headerless_rle, parse_headerless_rle),
    (is_plaintext_row, parse_cells),
)


def parse_pattern_text(text):
    """Parse pattern text (a file's, or pasted or typed) in the format its content shows.

    Macrocell, RLE (with or without its header line), plaintext, Life 1.05 and 1.06, MCell; anything
    else is read as RLE, whose error then says what is wrong.
    """
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    parser = next((parse for matches, parse in _CONTENT_FORMATS if matches(first)), parse_rle)
    return parser(text)


def read_pattern(path):
    """Read a pattern file: gunzipped when its bytes are gzip's, format by suffix, else by content.

    Errors are one-line LifesimErrors naming the file (and, for bad content, the line).
    """
    path = Path(path)
    archive, member = archive_member(path) or (path, None)
    suffix = pattern_suffix(path)
    if suffix in SCRIPT_SUFFIXES:
        raise LifesimError(f"{path} is a Golly script, not a pattern: lifesim runs no scripts")
    try:
        data = archive.read_bytes()
    except OSError as exc:
        raise LifesimError(f"cannot read pattern {archive}: {exc.strerror or exc}") from None
    rules = {}
    if data.startswith(ZIP_MAGIC):  # Golly bundles patterns with their rules in .zip files
        member, data, rules = open_member(archive, data, member, _is_pattern_name)
        path, suffix = archive / member, pattern_suffix(member)
    elif member is not None:
        raise LifesimError(f"cannot read pattern {path}: {archive} is not a zip archive")
    if suffix == ".npy":
        return Pattern.from_cells(_npy_cells(data, path), name=path.stem, rules=rules)
    if data.startswith(GZIP_MAGIC):  # as Golly's gzopen: a '.gz' file need not be compressed, nor the reverse
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise LifesimError(f"cannot read pattern {path}: broken gzip data ({exc})") from None
    parse = TEXT_FORMATS.get(suffix.removesuffix(GZIP_SUFFIX), (parse_pattern_text,))[0]
    try:
        pattern = parse(data.decode("utf-8", errors="replace"))
    except LifesimError as exc:
        raise LifesimError(f"{path}: {exc}") from None
    if pattern.name is None:
        pattern.name = path.name[:-len(suffix)] if suffix else path.name
    pattern.rules = rules
    return pattern


def is_archive(path):
    """Whether ``path`` is a zip file (by its suffix, as Golly tells them)."""
    path = Path(path)
    return path.suffix.lower() == ZIP_SUFFIX and path.is_file()


def archive_patterns(path):
    """The pattern files inside zip archive ``path`` (names of members, in the archive's order)."""
    return pattern_members(path, _is_pattern_name)


def several_patterns(path):
    """The pattern files of ``path`` when it is a zip archive of more than one (which Golly
    lists rather than opens), else None."""
    path = Path(path).expanduser()
    if not is_archive(path):
        return None
    members = archive_patterns(path)
    return members if len(members) > 1 else None


def _is_pattern_name(name):
    """Whether a file (an archive's member) of this name is a pattern: one of SUFFIXES, or none
    at all as Golly takes it (but not a read-me)."""
    suffix = pattern_suffix(name)
    return suffix in SUFFIXES or (not suffix and "readme" not in name.lower())


def _npy_cells(data, path):
    """The (h, w) uint8 grid of ``.npy`` bytes; anything else is a LifesimError naming ``path``."""
    try:
        arr = np.load(io.BytesIO(data), allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise LifesimError(f"cannot read {path} as .npy: {exc}") from None
    if arr.ndim != 2 or arr.dtype.kind not in "iub":
        raise LifesimError(f"{path}: a grid is a 2-D integer array, not {arr.dtype} of shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() > 255):
        raise LifesimError(f"{path}: cell states must be 0..255")
    check_size(*arr.shape)
    return arr.astype(np.uint8)


def _npy_bytes(pattern):
    buf = io.BytesIO()
    np.save(buf, pattern.cells)  # the dense box; .npy has no position
    return buf.getvalue()


def _encoded(to_text):
    return lambda pattern: to_text(pattern).encode()


def _gzipped(to_text):
    # mtime=0: the same pattern gives the same bytes; level 6, zlib's default, as Golly writes
    return lambda pattern: gzip.compress(to_text(pattern).encode(), compresslevel=6, mtime=0)


# Writers by suffix: Pattern -> file bytes.
WRITERS = {
    ".npy": _npy_bytes,
    **{suffix: _encoded(to_text) for suffix, (_, to_text) in TEXT_FORMATS.items()},
    **{suffix + GZIP_SUFFIX: _gzipped(to_text) for suffix, (_, to_text) in TEXT_FORMATS.items()},
}


def write_pattern_file(path, pattern):
    """Write a Pattern to ``path`` atomically, format by suffix (see SUFFIXES)."""
    path = Path(path)
    suffix = pattern_suffix(path)
    if suffix not in WRITERS:
        raise LifesimError(f"cannot write {path}: unknown format {suffix or '(no suffix)'}; "
                           f"use {', '.join(SUFFIXES)}")
    atomic_write(path, WRITERS[suffix](pattern))


def write_points(path, ys, xs, states=None, rule=None, name=None, comments=(), generation=0):
    """Write cells of the plane, at absolute positions, to ``path`` atomically (format by suffix).

    ys, xs: int rows and columns (any ints, negative too); states: their states (None: all 1;
    EMPTY ones are dropped). The file holds the live cells' bounding box: RLE preceded by
    ``#CXRLE Pos=X,Y`` (X the column, Y the row of its top-left cell), Life 1.06 as absolute
    coordinates, ``.cells`` and ``.npy`` without a position. Reading it back gives the same points
    and (but for ``.cells``/``.npy``) the same origin.
    """
    pattern = Pattern.from_absolute_points(ys, xs, states, rule=rule, name=name, comments=list(comments),
                                           generation=generation)
    write_pattern_file(path, pattern)


def write_plane(path, universe, rule=None, name=None, generation=0):
    """Write the unbounded plane (a Plane or a QuadPlane) to ``path`` atomically, format by suffix.

    ``.mc`` (and ``.mc.gz``) straight from the tree, with ``#G generation``; any other format
    from the live cells (``write_points``), which a tree too large to list refuses. A tube or
    strip names its grid suffix after the rule (``B3/S23:T0,20``), so it reads back as one.
    """
    band = getattr(universe, "band", None)
    if band is not None:
        rule = f"{rule if rule is not None else 'B3/S23'}:{band.suffix}"
    if pattern_suffix(path).removesuffix(GZIP_SUFFIX) == ".mc" or isinstance(universe, QuadPlane):
        tree = universe if isinstance(universe, QuadPlane) else QuadPlane.from_plane(universe)
        write_pattern_file(path, TreePattern(tree, rule=rule, name=name, generation=generation))
    else:
        write_points(path, *universe.points(), rule=rule, name=name, generation=generation)


def grid_rule_text(rule, topology, height, width):
    """A rule with Golly's bounded-grid suffix: ``B3/S23:T64,48`` for a 64-wide, 48-high torus,
    ``B3/S23:K64*,48`` for a Klein bottle twisted on its width (see ``topology.golly_suffix``)."""
    return f"{rule}:{golly_suffix(topology, height, width)}"


def write_pattern(path, grid, rule=None, name=None, generation=0):
    """Write a finite ``grid`` to ``path`` (format by suffix) atomically.

    RLE and Life 1.06 keep the whole grid and name the rule with its grid suffix, so that reading
    the file back gives the same grid and topology.
    """
    rule_text = grid_rule_text(rule if rule is not None else "B3/S23", grid.topology, grid.height, grid.width)
    write_pattern_file(path, Pattern.from_cells(grid.cells, rule=rule_text, name=name, generation=generation))


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once at import: os.umask can only be read by setting it


def _new_file_mode(path):
    """The mode ``open(path, 'w')`` would give: the old file's, else 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_UMASK


def check_output_path(setting, value, suffixes=None):
    """Refuse an output file before a long run rather than after it.

    ``setting``: the name of the setting that gave the path (``"out"``), for the SettingError.
    ``suffixes``: the endings allowed (lower case, ``.rle.gz`` too), or None for any. Returns ``value`` as a Path.
    """
    path = Path(value)
    if suffixes is not None and not path.name.lower().endswith(tuple(suffixes)):
        raise SettingError(setting, f"{value}: expected a file ending in {', '.join(suffixes)}")
    if not path.parent.is_dir():  # a bare name's parent is "."
        raise SettingError(setting, f"{value}: folder {path.parent} does not exist")
    return path


def atomic_write(path, data):
    """Write bytes to ``path`` through a temp file in the same folder and a rename.

    A crash or Ctrl-C leaves either the old file or the new one, never half of one.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise LifesimError(f"cannot write {path}: folder {folder} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise LifesimError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, _new_file_mode(path))  # mkstemp makes files private; outputs are not
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise LifesimError(f"cannot write {path}: {exc.strerror or exc}") from None
        raise
