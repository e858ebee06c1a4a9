"""Rulestrings against Golly itself: a soup on a torus, run by ``bgolly`` and by lifesim, gives
the same population every generation and the same cells at the end (skipped without bgolly).

bgolly (Golly 3.3's command line) writes no position with its RLE, so the final pattern is
compared inside its bounding box; the torus fixes both coordinate systems to the same cells,
and the populations, generation by generation, pin the rest.
"""

import base64
import re
import shutil
import subprocess

import numpy as np
import pytest

from lifesim import Grid
from lifesim.drivers import get_driver
from lifesim.io.formats import format_rle, parse_rle
from lifesim.rules import parse_rule

BGOLLY = shutil.which("bgolly")
pytestmark = pytest.mark.skipif(BGOLLY is None, reason="bgolly (Golly's command line) is not installed")

SIZE = 48
GENERATIONS = 12


def _random_map(seed, cells):
    """A random MAP rule over ``cells`` cells, without B0 (entry 0, the first bit), which Golly
    emulates by other rules on alternate generations."""
    raw = np.random.default_rng(seed).integers(0, 256, 2 ** cells // 8, dtype=np.uint8)
    raw[0] &= 0x7F
    return "MAP" + base64.b64encode(raw.tobytes()).decode().rstrip("=")


# (rule as Golly writes it, the same rule for lifesim, Golly's algorithm, soup density)
CASES = [
    ("B2-a/S12", None, "QuickLife", 0.3),  # Just Friends
    ("B37/S2-i34q", None, "QuickLife", 0.35),
    ("B3/S23-a4ei6", None, "QuickLife", 0.35),
    ("B2ck3-jq/S1e2-n45y", None, "QuickLife", 0.3),
    ("B245/S3H", None, "QuickLife", 0.3),  # hexagonal: which corners are dropped
    ("B13/S012V", None, "QuickLife", 0.3),
    (_random_map(1, 9), None, "QuickLife", 0.5),  # MAP bit order, Moore
    (_random_map(2, 7), None, "QuickLife", 0.5),  # hexagonal MAP
    (_random_map(3, 5), None, "QuickLife", 0.5),  # von Neumann MAP
    ("12/2-a/3", "B2-a/S12/C3", "Generations", 0.3),  # Generations with letters
    ("R5,C0,M1,S34..58,B34..45,NM", None, "Larger than Life", 0.5),  # Bosco's rule
    ("R3,C0,M0,S3..8,B4..6,NN", None, "Larger than Life", 0.3),
    ("R3,C4,M1,S6..14,B5..9,NC", None, "Larger than Life", 0.3),  # circle and decay
    ("W30", None, "QuickLife", 0.2),  # Wolfram's 1-D rules drawn down the plane
    ("W110", None, "QuickLife", 0.2),
]


def _bgolly(rule, cells, generations, algorithm, tmp_path):
    """(populations by generation 0..generations, final cells in their bounding box) from bgolly."""
    source, result = tmp_path / "soup.rle", tmp_path / "out.rle"
    height, width = cells.shape
    source.write_text(format_rle(cells, rule=f"{rule}:T{width},{height}"))
    run = subprocess.run([BGOLLY, "-a", algorithm, "-m", str(generations), "-i", "1", "-o", str(result), str(source)],
                         capture_output=True, text=True, timeout=120)
    assert result.exists(), run.stdout + run.stderr
    populations = [int(p.replace(",", "")) for p in re.findall(r"^\d+: ([\d,]+)$", run.stdout, re.M)]
    return populations, parse_rle(result.read_text()).cells


def _box(cells):
    ys, xs = np.nonzero(cells)
    return cells[ys.min():ys.max() + 1, xs.min():xs.max() + 1] if len(ys) else cells[:0, :0]


@pytest.mark.parametrize("golly_rule, rule_text, algorithm, density", CASES, ids=[c[0][:24] for c in CASES])
def test_a_soup_runs_as_in_golly(golly_rule, rule_text, algorithm, density, tmp_path):
    rule = parse_rule(rule_text or golly_rule)
    rng = np.random.default_rng(len(golly_rule))
    cells = (rng.random((SIZE, SIZE)) < density).astype(np.uint8)
    golly_populations, golly_final = _bgolly(golly_rule, cells, GENERATIONS, algorithm, tmp_path)
    grid = Grid(cells, "torus")
    populations = [grid.population]
    with get_driver("compiled", 1) as compiled:
        for _ in range(GENERATIONS):
            grid = compiled.advance(grid, rule)
            populations.append(int(np.count_nonzero(grid.cells)))
    assert populations == golly_populations[:GENERATIONS + 1]
    assert np.array_equal(_box(grid.cells), golly_final)


def test_the_coroutine_agrees_with_golly_too(tmp_path):
    """The serial driver runs the cells themselves (the reference semantics), not the tables."""
    for golly_rule, rule_text in (("B2ck3-jq/S1e2-n45y", None), ("R2,C3,M1,S4..9,B4..6,NC", None)):
        rule = parse_rule(rule_text or golly_rule)
        cells = (np.random.default_rng(5).random((24, 24)) < 0.35).astype(np.uint8)
        algorithm = "Larger than Life" if golly_rule.startswith("R") else "QuickLife"
        golly_populations, golly_final = _bgolly(golly_rule, cells, 6, algorithm, tmp_path)
        grid = get_driver("serial").advance(Grid(cells, "torus"), rule, 6)
        assert np.count_nonzero(grid.cells) == golly_populations[6]
        assert np.array_equal(_box(grid.cells), golly_final)
