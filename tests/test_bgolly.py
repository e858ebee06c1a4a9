"""lifesim against Golly itself: a soup on each of Golly's bounded grids, run by bgolly (Golly's
command line) and by lifesim, gives the same cells. Skipped where bgolly is not installed."""

import shutil
import subprocess

import numpy as np
import pytest

from lifesim import Grid, parse_rule
from lifesim.drivers import get_driver
from lifesim.io.formats import format_rle
from lifesim.rules import split_grid_suffix

BGOLLY = shutil.which("bgolly")
pytestmark = pytest.mark.skipif(BGOLLY is None, reason="bgolly (Golly's command line) is not installed")

# One of each kind and axis, odd and even sides, and grids so small every cell is a corner's.
SUFFIXES = ["T14,10", "P14,10", "T14+5,10", "T14-5,10", "T14,10-3", "K14*,10", "K14,10*", "K13*,9",
            "K14*+1,10", "K14,10*+1", "C14,10", "C11,7", "S12", "S11", "T3,2", "K2*+1,1", "C1,1", "S1", "S2"]


def bgolly_run(cells, rule_text, generations, folder):
    """``cells`` ((H, W) uint8, two states) after ``generations`` in bgolly, as an (H, W) array.

    The grid goes in whole, its top-left cell where Golly puts a bounded grid's: (-W//2, -H//2).
    It comes back as a macrocell file (bgolly's RLE drops the position).
    """
    h, w = cells.shape
    (folder / "in.rle").write_text(f"#CXRLE Pos={-(w // 2)},{-(h // 2)}\n" + format_rle(cells, rule_text))
    subprocess.run([BGOLLY, "-q", "-q", "-a", "HashLife", "-m", str(generations), "-o", str(folder / "out.mc"),
                    str(folder / "in.rle")], check=True, capture_output=True, timeout=60)
    out = np.zeros_like(cells)
    for y, x in read_macrocell((folder / "out.mc").read_text()):
        out[y + h // 2, x + w // 2] = 1
    return out


def read_macrocell(text):
    """The live cells {(y, x)} (Golly's coordinates, y down) of a two-state macrocell file.

    Lines after the header are nodes, numbered from 1: 8x8 leaves ('.', '*', rows ending '$')
    and 'level nw ne sw se' (0: empty). The last is the root, its square spanning columns
    -2**(level-1)..2**(level-1)-1 and, as bgolly writes it, rows one further down.
    """
    nodes = [None]
    for line in text.splitlines():
        if not line or line[0] in "[#":
            continue
        if line[0] in ".*$":
            nodes.append((3, {(y, x) for y, row in enumerate(line.split("$")) for x, c in enumerate(row) if c == "*"}))
        else:
            level, *quadrants = map(int, line.split())
            nodes.append((level, quadrants))

    def cells(i, y0, x0):
        if i == 0:
            return set()
        level, body = nodes[i]
        if level == 3:
            return {(y0 + y, x0 + x) for y, x in body}
        half = 1 << (level - 1)
        corners = ((y0, x0), (y0, x0 + half), (y0 + half, x0), (y0 + half, x0 + half))
        return set().union(*(cells(q, *at) for q, at in zip(body, corners)))

    if len(nodes) == 1:
        return set()
    half = 1 << (nodes[-1][0] - 1)
    return cells(len(nodes) - 1, 1 - half, -half)


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_lifesim_and_bgolly_agree_on_a_soup_after_50_generations(suffix, tmp_path):
    rule_text = f"B3/S23:{suffix}"
    _, topology, size = split_grid_suffix(rule_text)
    serial = get_driver("serial")
    for seed in (1, 2):
        grid = Grid.random(*size, 0.4, seed=seed, topology=topology)
        ours = serial.advance(grid, parse_rule(rule_text), 50)
        assert np.array_equal(ours.cells, bgolly_run(grid.cells, rule_text, 50, tmp_path)), (suffix, seed)
