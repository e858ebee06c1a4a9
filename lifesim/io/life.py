"""Alan Hensel's PC Life formats, ``.lif``/``.life``: Life 1.05 and Life 1.06. Two states.

Life 1.05: ``#Life 1.05``, ``#D`` description lines, ``#N`` (the normal rules, B3/S23) or ``#R 23/3``
(survival/birth), then blocks: ``#P x y`` (the block's top-left cell, absolute) and rows of ``.``/``*``.
Life 1.06: ``#Life 1.06``, then one ``x y`` pair per live cell, absolute. Golly reads both with one
reader, cell lines and row lines alike, and so does this module. Coordinates are absolute, so a
pattern's origin is the top-left of its cells' extent.
"""

import re

from lifesim.errors import LifesimError
from lifesim.io.pattern import Pattern
from lifesim.io.plaintext import two_states_only
from lifesim.rules import split_grid_suffix

_HEADER = re.compile(r"#Life\s+1\.0[56]\b")
_BLOCK = re.compile(r"#P\s+(-?\d+)\s+(-?\d+)\s*$")
_CELL_LINE = re.compile(r"(-?\d+)\s+(-?\d+)")
NORMAL_RULE = "B3/S23"  # what Life 1.05's '#N' names


def is_life_text(first_line):
    """Whether a first line starts a Life 1.05/1.06 text (or WinLifeSearch's headerless ``#P`` one)."""
    s = first_line.strip()
    return bool(_HEADER.match(s)) or s == "#P" or s.startswith("#P ")


def parse_life(text):
    """Parse Life 1.05 or 1.06 text into a Pattern with absolute coordinates.

    A Life 1.05 file whose ``#P`` lines give no coordinates (``#P`` alone, as in Golly's acorn.lif)
    has no position: its origin is None. ``#D``/``#C`` lines become comments.
    """
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    if not is_life_text(first):
        raise LifesimError("Life 1.05/1.06: the first line must be '#Life 1.05' or '#Life 1.06'")
    rule, topology, size, comments, ys, xs = None, None, None, [], [], []
    positioned = first.strip().startswith("#Life 1.06")  # 1.06 coordinates are absolute
    left = y = 0  # where the next row of a 1.05 block goes
    for lineno, line in enumerate(lines, 1):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            tag, rest = s[:2], s[2:].strip()
            if tag in ("#D", "#C"):
                comments.append(rest)
            elif tag == "#N":
                rule = NORMAL_RULE
            elif tag == "#R" and rest:
                rule, topology, size = split_grid_suffix(rest)  # to the end of the line, as in RLE
            elif tag == "#P":
                m = _BLOCK.match(s)
                if m:
                    left, y = int(m[1]), int(m[2])
                    positioned = True
                elif rest:
                    raise LifesimError(f"Life 1.05 line {lineno}: expected '#P x y', got {s!r}")
                # '#P' alone: the block goes on where the last one ended, as Golly reads it
            continue
        if s[0] in ".*":
            bad = set(s) - set(".*")
            if bad:
                raise LifesimError(f"Life 1.05 line {lineno}: unknown cell character {sorted(bad)[0]!r}")
            xs += [left + x for x, c in enumerate(s) if c == "*"]
            ys += [y] * (len(xs) - len(ys))
            y += 1
            continue
        m = _CELL_LINE.fullmatch(s)
        if not m:
            raise LifesimError(f"Life 1.06 line {lineno}: expected two integers 'x y', got {s!r}")
        xs.append(int(m[1]))
        ys.append(int(m[2]))
        positioned = True
    pattern = Pattern.from_absolute_points(ys, xs, rule=rule, comments=comments, topology=topology, size=size)
    if not positioned:
        pattern.origin = None
    return pattern


def pattern_to_life106(pattern):
    """Life 1.06 text of a two-state Pattern: ``#R`` rule (Golly reads it in 1.06 too), then ``x y``
    of every live cell, absolute (by its origin; without one, the box's top-left cell is (0, 0))."""
    ys, xs, states = pattern.points
    two_states_only(states, "Life 1.06")
    top, left = pattern.origin if pattern.origin is not None else (0, 0)
    header = "#Life 1.06\n" + "".join(f"#D {c}\n" for c in pattern.comments)
    if pattern.rule is not None:
        header += f"#R {pattern.rule}\n"
    return header + "".join(f"{x} {y}\n" for y, x in zip((ys + top).tolist(), (xs + left).tolist()))


def format_life106(cells):
    """Life 1.06 text of a two-state dense array: the ``x y`` of every live cell, from its top-left corner."""
    return pattern_to_life106(Pattern.from_cells(cells))
