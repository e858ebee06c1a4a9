"""Golly's own Patterns folder as a test corpus (skipped where Golly is not installed).

Golly is GPL: its files are read where the system installed them, never copied into the project.
Every .rle, .rle.gz, .cells and .lif file either parses or is refused with a LifesimError that
names the file and the problem: never a traceback.
"""

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from lifesim import LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.io.formats import parse_pattern_text, read_pattern, write_points
from lifesim.io.patterns import place_pattern
from tests.golly import BGOLLY, bgolly_file

GOLLY_PATTERNS = [Path(p) for p in (os.environ.get("GOLLY_PATTERNS"), "/usr/share/golly/Patterns",
                                    "/usr/local/share/golly/Patterns") if p]
FOLDER = next((p for p in GOLLY_PATTERNS if p.is_dir()), None)
SUFFIXES = (".rle", ".rle.gz", ".cells", ".lif")


def golly_files():
    if FOLDER is None:
        return []
    return sorted(p for p in FOLDER.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))


@pytest.mark.skipif(FOLDER is None, reason="Golly's Patterns folder is not installed")
def test_every_golly_pattern_parses_or_is_refused_in_one_line(tmp_path):
    parsed, refused = [], []
    for path in golly_files():
        try:
            pattern = read_pattern(path)
        except LifesimError as exc:
            message = str(exc)
            assert "\n" not in message and str(path) in message, message
            refused.append((path.relative_to(FOLDER), message))
            continue
        ys, xs, states = pattern.points
        assert (ys.min(initial=0) >= 0 and ys.max(initial=-1) < pattern.height
                and xs.min(initial=0) >= 0 and xs.max(initial=-1) < pattern.width), path
        # and each one written from its points and read back is the same cells, at the same place
        copy = tmp_path / "copy.rle"
        write_points(copy, *pattern.absolute_points((0, 0)), rule=pattern.rule)
        again = read_pattern(copy)
        for a, b in zip(pattern.absolute_points((0, 0)), again.absolute_points(None)):
            assert np.array_equal(a, b), path
        parsed.append(path)
    print(f"\nGolly patterns: {len(parsed)} parse, {len(refused)} refused")
    for path, message in refused:
        print(f"  {path}: {message.split(': ', 1)[1]}")
    assert len(parsed) >= len(golly_files()) // 2


@pytest.mark.skipif(FOLDER is None, reason="Golly's Patterns folder is not installed")
def test_golly_s_life_105_files_read_as_their_comments_say():
    acorn = read_pattern(FOLDER / "Life/Methuselahs/acorn.lif")
    assert acorn.population == 7 and (acorn.height, acorn.width) == (3, 7) and acorn.origin is None
    breeder = read_pattern(FOLDER / "Life/Breeders/breeder.lif")
    assert breeder.rule == "B3/S23" and breeder.origin is not None and breeder.population > 1000


BOUNDED = ["Klein-bottle", "cross-surface", "sphere", "torus-with-shift", "torus", "agar-p3", "lightspeed-bubble"]


@pytest.mark.skipif(FOLDER is None or BGOLLY is None, reason="Golly (its Patterns and bgolly) is not installed")
@pytest.mark.parametrize("name", BOUNDED)
def test_golly_s_bounded_grid_files_run_as_in_golly(tmp_path, name):
    # where the pattern sits on a Klein bottle, cross-surface or shifted torus decides what it does
    path = FOLDER / "Life" / "Bounded-Grids" / f"{name}.rle"
    pattern = read_pattern(path)
    grid = place_pattern(pattern)
    rule = parse_rule(pattern.rule, search=(path.parent,))
    with get_driver("compiled") as driver:
        for generations in (1, 30):
            expected = bgolly_file(path, generations, grid.shape, tmp_path)
            assert np.array_equal(driver.advance(grid, rule, generations).cells, expected), generations


def test_a_pattern_with_a_position_lands_where_golly_puts_it_on_a_bounded_grid():
    # Golly's H x W bounded grid has its top-left cell at (-(H // 2), -(W // 2))
    pattern = parse_pattern_text("#CXRLE Pos=-9,-2\nx = 3, y = 1, rule = B3/S23:T20,10\n3o!\n")
    grid = place_pattern(pattern)
    assert grid.shape == (10, 20) and np.array_equal(np.argwhere(grid.cells), [[3, 1], [3, 2], [3, 3]])
    positionless = place_pattern(parse_pattern_text("x = 3, y = 1, rule = B3/S23:T20,10\n3o!\n"))
    assert np.array_equal(np.argwhere(positionless.cells), [[4, 8], [4, 9], [4, 10]])  # centred


@pytest.mark.skipif(FOLDER is None or BGOLLY is None, reason="Golly (its Patterns and bgolly) is not installed")
def test_a_range_100_larger_than_life_bug_runs_on_the_plane_as_in_golly(tmp_path):
    # its rule looks 100 cells away, farther than a tile: the plane steps the box round its cells
    path = FOLDER / "Larger-than-Life" / "R100-NN-bug.rle"
    subprocess.run([BGOLLY, "-q", "-q", "-a", "Larger than Life", "-m", "6", "-o", str(tmp_path / "g.rle"), str(path)],
                   check=True, capture_output=True, timeout=120)
    golly = read_pattern(tmp_path / "g.rle")
    with get_driver("compiled") as driver:
        ours = driver.advance(place_pattern(read_pattern(path)), parse_rule(golly.rule), 6)
    ys, xs, _ = ours.points()
    gy, gx, _ = golly.points  # bgolly's RLE starts at its box: compare the cells relative to it
    assert sorted(zip(ys - ys.min(), xs - xs.min())) == sorted(zip(gy - gy.min(), gx - gx.min()))
