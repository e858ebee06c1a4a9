"""Golly where it is installed: its Rules folder and its command line, bgolly, for cross-checks.

Nothing of Golly's is copied here: tests read its installed files and run its program, and
skip when they are not there.
"""

import shutil
import subprocess
from pathlib import Path

import numpy as np

from lifesim.io.formats import format_rle

BGOLLY = shutil.which("bgolly")
PATTERNS = next((p for p in (Path("/usr/share/golly/Patterns"), Path("/usr/local/share/golly/Patterns")) if p.is_dir()),
                None)
RULES = next((p for p in (Path("/usr/share/golly/Rules"), Path("/usr/local/share/golly/Rules")) if p.is_dir()), None)


def bgolly_run(cells, rule_text, generations, folder, rules=RULES):
    """``cells`` ((H, W) uint8) after ``generations`` in bgolly's RuleLoader on a torus of their size.

    The grid goes in whole with Golly's position for it, top-left at (-(W // 2), -(H // 2)).
    """
    h, w = cells.shape
    (folder / "in.rle").write_text(f"#CXRLE Pos={-(w // 2)},{-(h // 2)}\n"
                                   + format_rle(cells, f"{rule_text}:T{w},{h}"))
    return bgolly_file(folder / "in.rle", generations, (h, w), folder, rules=rules)


def bgolly_file(path, generations, shape, folder, algorithm="RuleLoader", rules=RULES):
    """The (H, W) bounded grid (``shape``) of the pattern file at ``path`` after ``generations`` in
    bgolly, as uint8. It comes back as a macrocell file: bgolly's RLE forgets where the cells are."""
    command = [BGOLLY, "-q", "-q", "-a", algorithm, "-m", str(generations), "-o", str(folder / "out.mc")]
    if rules is not None:
        command += ["-s", f"{rules}/"]
    subprocess.run(command + [str(path)], check=True, capture_output=True, timeout=60)
    h, w = shape
    out = np.zeros(shape, np.uint8)
    for (y, x), state in read_macrocell((folder / "out.mc").read_text()).items():
        out[y + h // 2, x + w // 2] = state
    return out


def bgolly_points(path, generation, folder, algorithm, rules=None):
    """``{(y, x): state}`` of the non-empty cells, in Golly's coordinates, of the pattern file at
    ``path`` once bgolly's ``algorithm`` has run it on the unbounded plane to ``generation``:
    bgolly's ``-m`` is the generation it stops at, so a macrocell file's ``#G`` counts.
    rules: a folder of rule files for it (bgolly's ``-s``), or None for Golly's own."""
    command = [BGOLLY, "-q", "-q", "-a", algorithm, "-m", str(generation), "-o", str(folder / "out.mc")]
    command += ["-s", f"{rules}/"] if rules is not None else []
    command.append(str(path))
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    return read_macrocell((folder / "out.mc").read_text())


def read_macrocell(text):
    """``{(y, x): state}`` of the live cells of a multi-state (``[M2]``) macrocell file, in Golly's
    coordinates (y down).

    Node lines, numbered from 1: ``1 nw ne sw se`` holds four states; ``k nw ne sw se`` (k > 1)
    four nodes of level k-1 (0: empty). The last is the root; as bgolly writes it, its square
    spans columns -2**(L-1)..2**(L-1)-1 and the rows one further down.
    """
    nodes = [None]
    for line in text.splitlines():
        if line and line[0] not in "[#":
            level, *quadrants = map(int, line.split())
            nodes.append((level, quadrants))
    cells = {}

    def visit(i, y0, x0):
        if i == 0:
            return
        level, quadrants = nodes[i]
        half = 1 << (level - 1)
        for q, (dy, dx) in zip(quadrants, ((0, 0), (0, half), (half, 0), (half, half))):
            if level == 1:
                if q:
                    cells[y0 + dy, x0 + dx] = q
            else:
                visit(q, y0 + dy, x0 + dx)

    if len(nodes) > 1:
        half = 1 << (nodes[-1][0] - 1)
        visit(len(nodes) - 1, 1 - half, -half)
    return cells
