"""Plaintext ``.cells`` (LifeWiki's, read by Golly): ``!`` comment lines, then one text row per cell row,
``.`` empty and ``O`` alive (``o`` and ``*`` read as alive too). Two states, no position.
"""

import numpy as np

from lifesim.errors import LifesimError
from lifesim.io.pattern import Pattern, empty_points

_CELL_CHARACTERS = frozenset(".Oo*")


def is_plaintext_row(line):
    """Whether a line is a plaintext row of cells (and so the text may be plaintext)."""
    s = line.strip()
    return bool(s) and set(s) <= _CELL_CHARACTERS


def parse_cells(text):
    """Parse plaintext into a Pattern: the box is the number of rows by the longest row."""
    name, comments, rows = None, [], []
    for lineno, line in enumerate(text.splitlines(), 1):
        s = line.rstrip()
        if not s and not rows and not comments and name is None:
            continue  # blank lines before the text (as pasted from a web page), as Golly skips them
        if s.startswith("!"):
            body = s[1:].strip()
            if body.lower().startswith("name:"):
                name = body[5:].strip()
            else:
                comments.append(body)
            continue
        bad = set(s) - _CELL_CHARACTERS
        if bad:
            raise LifesimError(f".cells line {lineno}: unknown cell character {sorted(bad)[0]!r}")
        rows.append(s)
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise LifesimError(".cells: no cells in the file")
    ys, xs = [], []
    for y, row in enumerate(rows):
        live = np.flatnonzero(np.frombuffer(row.encode("ascii"), np.uint8) != ord("."))
        ys.append(np.full(len(live), y, np.int64))
        xs.append(live.astype(np.int64))
    ys, xs = np.concatenate(ys), np.concatenate(xs)
    points = (ys, xs, np.ones(len(ys), np.uint8)) if len(ys) else empty_points()
    return Pattern(points, len(rows), max(1, max(len(r) for r in rows)), None, None, name, comments)


def two_states_only(states, what):
    """Refuse states above 1 for a format that cannot write them: a LifesimError naming ``what``."""
    if len(states) and int(np.max(states)) > 1:
        raise LifesimError(f"{what} holds two states only; write multi-state grids as .rle or .npy")


def pattern_to_cells(pattern):
    """Plaintext of a two-state Pattern: every row of its box written in full, so the box round-trips.

    The origin is not written (plaintext has no position); an empty box is written as one '.'.
    """
    ys, xs, states = pattern.points
    two_states_only(states, ".cells")
    lines = [f"!Name: {pattern.name}"] if pattern.name else []
    lines += [f"!{c}" if c else "!" for c in pattern.comments]
    height, width = max(pattern.height, 1), max(pattern.width, 1)
    row_bounds = np.searchsorted(ys, np.arange(height + 1))
    for y in range(height):
        row = np.full(width, ord("."), np.uint8)
        row[xs[row_bounds[y]:row_bounds[y + 1]]] = ord("O")
        lines.append(row.tobytes().decode("ascii"))
    return "\n".join(lines) + "\n"


def format_cells(cells, name=None):
    """Plaintext for a two-state dense array: every row written in full, so the size round-trips."""
    return pattern_to_cells(Pattern.from_cells(cells, name=name))
