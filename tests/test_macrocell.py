"""Golly's macrocell format (.mc, .mc.gz): read into a quadtree and written from one; Golly agrees."""

import gzip
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from lifesim import parse_rule
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.io.formats import read_pattern, write_plane
from lifesim.io.macrocell import format_macrocell, parse_macrocell
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.quadplane import QuadPlane
from lifesim.quadtree import NodeStore
from lifesim.universe import Plane

LIFE = parse_rule("B3/S23")
HASHLIFE = get_driver("hashlife")
COMPILED = get_driver("compiled")

# What bgolly 3.3 wrote (-o g.mc) for a glider read from '#CXRLE Pos=5,7' / 'bo$2bo$3o!'.
GOLLY_GLIDER = """[M2] (golly 3.3)
#R B3/S23
$$$$$$......*$.......*$
.....***$
4 1 0 2 0
5 0 0 0 3
"""


def test_golly_s_glider_lands_where_golly_put_it():
    pattern = parse_macrocell(GOLLY_GLIDER)
    assert pattern.rule == "B3/S23" and pattern.origin == (7, 5) and (pattern.height, pattern.width) == (3, 3)
    ys, xs, _ = pattern.tree.points()
    assert list(zip(ys.tolist(), xs.tolist())) == [(7, 6), (8, 7), (9, 5), (9, 6), (9, 7)]


def test_a_two_state_tree_round_trips_to_the_same_nodes():
    gun = QuadPlane.from_plane(place_pattern(read_pattern(find_pattern("gosper_glider_gun"))))
    later = HASHLIFE.advance(gun, LIFE, 2 ** 40)  # 1.8e11 cells: written without listing one
    text = format_macrocell(later, "B3/S23", 2 ** 40, "gun", ["far on"])
    assert text.startswith("[M2] (lifesim)\n#R B3/S23\n#G 1099511627776\n#N gun\n#C far on\n")
    again = parse_macrocell(text, later.store)
    assert again.tree.root is later.root  # the same store interns the same nodes
    assert again.generation == 2 ** 40 and again.name == "gun" and again.comments == ["far on"]
    elsewhere = parse_macrocell(text)  # a fresh store: equal cells, compared node by node
    assert elsewhere.tree == later and elsewhere.tree.population == later.population


def test_a_multi_state_tree_round_trips_with_its_rule():
    rng = np.random.default_rng(4)
    soup = QuadPlane.from_points(rng.integers(-30, 30, 300), rng.integers(-30, 30, 300), rng.integers(1, 4, 300))
    text = format_macrocell(soup, "B2/S/C4")
    assert "\n1 " in text and "$" not in text  # 2 x 2 leaves "1 nw ne sw se"
    back = parse_macrocell(text)
    assert back.tree == soup and back.rule == "B2/S/C4" and back.tree.max_state == 3
    # a two-state pattern under a multi-state rule is written multi-state too, as Golly's Generations do
    assert "$" not in format_macrocell(QuadPlane.from_points([0], [0]), "B2/S/C3")


def test_mc_and_mc_gz_files_read_and_write_by_suffix(tmp_path):
    glider = Plane.from_points([0, 1, 2, 2, 2], [1, 2, 0, 1, 2])
    for name in ("g.mc", "g.mc.gz"):
        write_plane(tmp_path / name, glider, "B3/S23", "glider", 7)
        pattern = read_pattern(tmp_path / name)
        assert place_pattern(pattern) == glider and pattern.generation == 7
    assert gzip.decompress((tmp_path / "g.mc.gz").read_bytes()).startswith(b"[M2]")
    (tmp_path / "no-suffix").write_text(GOLLY_GLIDER)  # known by its first line
    assert read_pattern(tmp_path / "no-suffix").tree.population == 5


@pytest.mark.parametrize("text, words", [
    ("[M2]\n4 1 0 0 0\n", "line 2: node 1 is used before it is defined"),
    ("[M2]\n$$*$\n5 1 0 0 0\n", "line 3: a node of level 5 needs quadrants of level 4; node 1 is of level 3"),
    ("[M2]\n$$*x$\n", "line 2: a two-state leaf holds '.', '*' and '$', not 'x'"),
    ("[M2]\n1 0 300 0 0\n", "line 2: cell states are 0..255"),
    ("[M2]\n#R B3/S23\n", "no nodes after the header"),
    ("[M2]\n$*$\n1 1 0 0 0\n", "the last node (the root) is not the largest"),
    ("[M2]\n#G soon\n$*$\n", "line 2: '#G soon' is not a generation count"),
])
def test_a_broken_macrocell_file_is_refused_in_one_line(text, words):
    with pytest.raises(LifesimError, match=re.escape(words)):
        parse_macrocell(text)


def test_a_mc_file_opens_on_any_driver_and_a_huge_one_names_hashlife(tmp_path, capsys):
    small, huge = tmp_path / "glider.mc", tmp_path / "huge.mc"
    small.write_text(GOLLY_GLIDER)
    assert main([str(small), "--driver", "compiled", "--headless", "--generations", "4", "--out",
                 str(tmp_path / "g.rle"), "--quiet"]) == 0
    assert place_pattern(read_pattern(tmp_path / "g.rle")) == parse_macrocell(GOLLY_GLIDER).tree.translated(1, 1)
    store = NodeStore()
    e1, e2 = store.empty(1), store.empty(2)
    tile = store.join(store.join(store.leaf(1, 1, 1, 1), e1, e1, e1), e2, e2, e2)  # a block in 8 x 8
    for _ in range(12):  # a lattice of 2^24 blocks, each still: 2^26 live cells
        tile = store.join(tile, tile, tile, tile)
    lattice = QuadPlane(store, tile)
    huge.write_text(format_macrocell(lattice, "B3/S23"))
    assert main([str(huge), "--driver", "compiled", "--headless", "--generations", "1"]) == 2
    err = capsys.readouterr().err
    assert "67,108,864 live cells" in err and "--driver hashlife" in err and len(err.strip().splitlines()) == 1
    assert main([str(huge), "--driver", "hashlife", "--headless", "--generations", "2^20", "--out",
                 str(tmp_path / "later.mc"), "--quiet"]) == 0
    assert read_pattern(tmp_path / "later.mc").tree == lattice
    # Naming no driver, the one that can run it does, as Golly opens a macrocell file in HashLife
    assert main([str(huge), "--headless", "--generations", "2^10", "--out", str(tmp_path / "default.mc")]) == 0
    out, err = capsys.readouterr()
    assert "(hashlife driver)" in out and "population 67108864 -> 67108864" in out
    assert "the pattern has 67,108,864 live cells" in err and "the hashlife driver runs it" in err
    assert read_pattern(tmp_path / "default.mc").tree == lattice


# --- Golly's own files, against bgolly ------------------------------------------------------------

GOLLY_HASHLIFE = Path("/usr/share/golly/Patterns/HashLife")
# the ones that run 2^10 generations in a fraction of a second here
QUICK = ("totalperiodic.mc", "jagged2.mc", "broken-lines.mc", "jagged.mc", "ruler.mc")


@pytest.mark.skipif(shutil.which("bgolly") is None or not GOLLY_HASHLIFE.is_dir(), reason="Golly is not installed")
@pytest.mark.parametrize("name", QUICK)
def test_golly_s_hashlife_patterns_give_bgolly_s_cells_at_2_to_the_10(tmp_path, name):
    path = GOLLY_HASHLIFE / name
    pattern = read_pattern(path)
    ours = HASHLIFE.advance(pattern.tree, parse_rule(pattern.rule or "B3/S23"), 1024)
    theirs = tmp_path / "golly.mc"
    run = subprocess.run(["bgolly", "-a", "HashLife", "-m", "1024", "-i", "1024", "-o", str(theirs), str(path)],
                         capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.split()[-1] == f"{ours.population:,}"
    assert read_pattern(theirs).tree == ours  # the same cells in the same places
