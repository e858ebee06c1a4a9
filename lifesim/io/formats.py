"""Pattern files: RLE, plaintext ``.cells``, Life 1.06 and ``.npy``.

The ``parse_*``/``format_*`` functions are pure text <-> array; ``read_pattern`` and
``write_pattern`` do the file access, writing atomically (temp file, then rename).
"""

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lifesim.errors import LifesimError, SettingError
from lifesim.grid import check_size
from lifesim.io.mcell import parse_mcell
from lifesim.rules import split_grid_suffix

RLE_LINE = 70  # Golly and LifeWiki wrap RLE bodies at 70 characters


@dataclass
class Pattern:
    """A pattern as read from a file.

    cells: ``uint8`` array of shape (h, w), the pattern's states (for RLE, the header's x/y box).
    rule: the file's rule text without its grid suffix, or None.
    topology, size: from a Golly grid suffix (``:T64,48`` -> ``'torus'``, ``(48, 64)``), or None.
    """

    cells: np.ndarray
    rule: str | None = None
    name: str | None = None
    comments: list = field(default_factory=list)
    topology: str | None = None
    size: tuple | None = None


# RLE ---------------------------------------------------------------------------------------

# The rule runs to the end of the line: a rule file's path may hold spaces.
_HEADER = re.compile(r"^\s*x\s*=\s*(?P<x>\d+)\s*,\s*y\s*=\s*(?P<y>\d+)\s*(?:,\s*rule\s*=\s*(?P<rule>.*?))?\s*$", re.I)
# A run count, then one state: a two-letter multi-state one ('pA'..'yO', never split), or one character.
_TOKEN = re.compile(r"(\d*)([p-y][A-X]|[a-zA-Z.$!])")
# Two-state letters: b is dead; o is alive, and so are x and y, which some collections (Mark
# Niemiec's) use to colour parts of a pattern.
_TWO_STATE = {"b": ".", "o": "A", "x": "A", "y": "A"}


def _state_letters():
    # Golly's multi-state letters: '.'=0, 'A'..'X'=1..24, 'pA'..'pX'=25..48, ..., 'yA'..'yO'=241..255.
    letters = {".": 0}
    for state in range(1, 256):
        prefix = "" if state <= 24 else chr(ord("p") + (state - 25) // 24)
        letters[prefix + chr(ord("A") + (state - 1) % 24)] = state
    return letters


_LETTERS = _state_letters()
_STATE_TEXT = {v: k for k, v in _LETTERS.items()}


def parse_rle(text):
    """Parse RLE text into a Pattern; malformed input raises LifesimError saying where."""
    name, comments, header, body_lines = None, [], None, []
    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if header is None:
            if not s:
                continue
            if s.startswith("#"):
                tag, rest = s[:2], s[2:].strip()
                if tag == "#N":
                    name = rest
                elif tag in ("#C", "#c", "#O"):
                    comments.append(rest)
                continue
            m = _HEADER.match(s)
            if not m:
                raise LifesimError(f"RLE line {lineno}: bad header {s!r} (expected 'x = W, y = H, rule = R')")
            header = m
            continue
        if s.startswith("#"):
            continue
        body_lines.append((lineno, s))
        if "!" in s:
            break
    if header is None:
        raise LifesimError("RLE: no header line 'x = W, y = H' found")
    width, height = int(header["x"]), int(header["y"])
    try:
        check_size(max(height, 1), max(width, 1))  # 'x = 0, y = 0' is an empty pattern, not an error
    except LifesimError as exc:
        raise LifesimError(f"RLE header: {exc}") from None
    rule_text, topology, size = None, None, None
    if header["rule"]:
        rule_text, topology, size = split_grid_suffix(header["rule"])
    cells = _parse_rle_body(body_lines, height, width)
    return Pattern(cells, rule_text, name, comments, topology, size)


def _parse_rle_body(body_lines, height, width):
    cells = np.zeros((height, width), np.uint8)
    y = x = 0
    for lineno, s in body_lines:
        pos = 0
        s = s.replace(" ", "").replace("\t", "")
        while pos < len(s):
            m = _TOKEN.match(s, pos)
            if not m:
                raise LifesimError(f"RLE line {lineno}: unexpected {s[pos:pos + 10]!r}")
            pos = m.end()
            count_text, tag = m.groups()
            count = int(count_text) if count_text else 1
            if count_text and count == 0:
                raise LifesimError(f"RLE line {lineno}: run count 0 before {tag!r}")
            if tag == "!":
                return cells
            if tag == "$":
                y += count
                x = 0
                continue
            key = _TWO_STATE.get(tag, tag)
            if key not in _LETTERS:
                raise LifesimError(f"RLE line {lineno}: unknown state letter {tag!r}"
                                   + (" (a multi-state letter is p..y then A..X)" if "p" <= tag <= "y" else ""))
            if x + count > width or y >= height:
                raise LifesimError(
                    f"RLE line {lineno}: cells reach row {y + 1}, column {x + count}, "
                    f"outside the header's {width}x{height}"
                )
            cells[y, x:x + count] = _LETTERS[key]
            x += count
    raise LifesimError("RLE: the pattern does not end with '!'")


def format_rle(cells, rule=None, name=None, comments=()):
    """RLE text for a state array (two-state arrays use b/o, others '.'/'A'..), lines of <= 70 chars.

    ``x``/``y`` are the array's own width and height, so the whole array round-trips.
    """
    cells = np.asarray(cells, np.uint8)
    height, width = cells.shape
    multi = bool(cells.size) and int(cells.max()) > 1 or (rule is not None and "/C" in str(rule).upper())
    letter = (lambda v: _STATE_TEXT[v]) if multi else (lambda v: "o" if v else "b")
    tokens = []
    pending_rows = 0
    for row in cells.tolist():
        runs = _runs(row)
        if runs and runs[-1][0] == 0:
            runs.pop()  # trailing empty cells are implied by '$'
        if not runs:
            pending_rows += 1
            continue
        if tokens or pending_rows:
            n = pending_rows + 1 if tokens else pending_rows
            if n:
                tokens.append(f"{n if n > 1 else ''}$")
        pending_rows = 0
        tokens.extend(f"{n if n > 1 else ''}{letter(v)}" for v, n in runs)
    tokens.append("!")
    lines = [f"#N {name}"] if name else []
    lines += [f"#C {c}" for c in comments]
    header = f"x = {width}, y = {height}"
    if rule is not None:
        header += f", rule = {rule}"
    lines.append(header)
    lines += _wrap(tokens, RLE_LINE)
    return "\n".join(lines) + "\n"


def _runs(row):
    runs = []
    for v in row:
        if runs and runs[-1][0] == v:
            runs[-1][1] += 1
        else:
            runs.append([v, 1])
    return runs


def _wrap(tokens, limit):
    lines, line = [], ""
    for t in tokens:
        if len(line) + len(t) > limit:
            lines.append(line)
            line = ""
        line += t
    lines.append(line)
    return lines


# Plaintext .cells -------------------------------------------------------------------------

def parse_cells(text):
    """Parse plaintext (``!`` comments, ``.`` empty, ``O`` alive) into a Pattern."""
    name, comments, rows = None, [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.rstrip()
        if s.startswith("!"):
            body = s[1:].strip()
            if body.lower().startswith("name:"):
                name = body[5:].strip()
            else:
                comments.append(body)
            continue
        bad = set(s) - set(".Oo*")
        if bad:
            raise LifesimError(f".cells line {lineno}: unknown cell character {sorted(bad)[0]!r}")
        rows.append(s)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise LifesimError(".cells: no cells in the file")
    width = max(1, max(len(r) for r in rows))
    check_size(len(rows), width)
    cells = np.zeros((len(rows), width), np.uint8)
    for y, row in enumerate(rows):
        for x, ch in enumerate(row):
            if ch != ".":
                cells[y, x] = 1
    return Pattern(cells, None, name, comments)


def _two_states_only(cells, suffix):
    """``cells`` as an array, or a LifesimError if it holds a state above 1 (see TWO_STATE_SUFFIXES)."""
    cells = np.asarray(cells)
    if cells.size and cells.max() > 1:
        raise LifesimError(f"{suffix} holds two states only; write multi-state grids as .rle or .npy")
    return cells


def format_cells(cells, name=None):
    """Plaintext for a two-state array: every row written in full, so the size round-trips."""
    cells = _two_states_only(cells, ".cells")
    lines = [f"!Name: {name}"] if name else []
    lines += ["".join("O" if v else "." for v in row) for row in cells.tolist()]
    return "\n".join(lines) + "\n"


# Life 1.06 --------------------------------------------------------------------------------

def parse_life106(text):
    """Parse Life 1.06 (``#Life 1.06`` then one ``x y`` pair per live cell) into a Pattern."""
    lines = text.splitlines()
    if not lines or not lines[0].strip().startswith("#Life 1.06"):
        raise LifesimError("Life 1.06: the first line must be '#Life 1.06'")
    points = []
    for lineno, line in enumerate(lines[1:], 2):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        parts = s.split()
        try:
            x, y = (int(p) for p in parts)
        except ValueError:
            raise LifesimError(f"Life 1.06 line {lineno}: expected two integers 'x y', got {s!r}") from None
        points.append((y, x))
    if not points:
        return Pattern(np.zeros((1, 1), np.uint8))
    ys, xs = np.array(points).T
    check_size(int(ys.max() - ys.min() + 1), int(xs.max() - xs.min() + 1))
    cells = np.zeros((ys.max() - ys.min() + 1, xs.max() - xs.min() + 1), np.uint8)
    cells[ys - ys.min(), xs - xs.min()] = 1
    return Pattern(cells)


def format_life106(cells):
    """Life 1.06 text: the ``x y`` of every live cell (two-state arrays), from the top-left corner."""
    ys, xs = np.nonzero(_two_states_only(cells, "Life 1.06"))
    return "#Life 1.06\n" + "".join(f"{x} {y}\n" for y, x in zip(ys.tolist(), xs.tolist()))


# Files ------------------------------------------------------------------------------------

PARSERS = {".rle": parse_rle, ".cells": parse_cells, ".lif": parse_life106, ".life": parse_life106,
           ".mcl": lambda text: Pattern(**parse_mcell(text))}
SUFFIXES = (".rle", ".cells", ".lif", ".life", ".npy")
TWO_STATE_SUFFIXES = (".cells", ".lif", ".life")  # formats with no way to write a state above 1


def parse_pattern_text(text):
    """Guess the format of pattern text by its content and parse it."""
    head = text.lstrip()
    if head.startswith("#Life 1.06"):
        return parse_life106(text)
    if head.startswith("!") or (head and set(head.splitlines()[0].strip()) <= set(".Oo*")):
        return parse_cells(text)
    return parse_rle(text)


def read_pattern(path):
    """Read a pattern file (format by suffix, else by content); errors are one-line LifesimErrors."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".npy":
            return Pattern(_read_npy(path), name=path.stem)
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise LifesimError(f"cannot read pattern {path}: {exc.strerror or exc}") from None
    parser = PARSERS.get(path.suffix.lower(), parse_pattern_text)
    pattern = parser(text)
    if pattern.name is None:
        pattern.name = path.stem
    return pattern


def _read_npy(path):
    try:
        arr = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError) as exc:
        raise LifesimError(f"cannot read {path} as .npy: {exc}") from None
    if arr.ndim != 2 or arr.dtype.kind not in "iub":
        raise LifesimError(f"{path}: a grid is a 2-D integer array, not {arr.dtype} of shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() > 255):
        raise LifesimError(f"{path}: cell states must be 0..255")
    check_size(*arr.shape)
    return arr.astype(np.uint8)


def grid_rule_text(rule, topology, height, width):
    """A rule with Golly's bounded-grid suffix: ``B3/S23:T64,48`` for a 64-wide, 48-high torus."""
    return f"{rule}:{'T' if topology == 'torus' else 'P'}{width},{height}"


def write_pattern(path, grid, rule=None, name=None):
    """Write ``grid`` to ``path`` (format by suffix) atomically.

    RLE keeps the whole grid and names the rule with its grid suffix, so that reading the file
    back gives the same grid and topology.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".npy":
        buf = io.BytesIO()
        np.save(buf, np.asarray(grid.cells))
        atomic_write(path, buf.getvalue())
        return
    if suffix == ".rle":
        rule_text = grid_rule_text(rule if rule is not None else "B3/S23", grid.topology, grid.height, grid.width)
        text = format_rle(grid.cells, rule_text, name)
    elif suffix == ".cells":
        text = format_cells(grid.cells, name)
    elif suffix in (".lif", ".life"):
        text = format_life106(grid.cells)
    else:
        raise LifesimError(f"cannot write {path}: unknown format {suffix or '(no suffix)'}; use .rle, .cells, .lif or .npy")
    atomic_write(path, text.encode())


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
    ``suffixes``: the endings allowed (lower case), or None for any. Returns ``value`` as a Path.
    """
    path = Path(value)
    if suffixes is not None and path.suffix.lower() not in suffixes:
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
