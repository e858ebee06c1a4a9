"""Golly's bounded grids (Help/bounded.html): topology values, halos, rule suffixes, gliders
crossing edges, and every driver on every kind."""

import json
import pickle

import numpy as np
import pytest
from hypothesis import given, settings

from lifesim import Grid, LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.grid import halo_tile
from lifesim.io.formats import grid_rule_text, read_pattern, write_pattern
from lifesim.io.patterns import grid_for_pattern
from lifesim.rules import split_grid_suffix
from lifesim.topology import Topology
from tests.strategies import GOLLY, soups

LIFE = parse_rule("B3/S23")
SERIAL = get_driver("serial")


# Values -------------------------------------------------------------------------------------

def test_a_topology_is_its_canonical_name():
    assert Topology("torus") == "torus" and Topology("bounded") == "bounded"
    assert {"torus": 1}[Topology("torus")] == 1 and Topology("Torus x+0") == Topology("torus x") == "torus"
    assert Topology("klein x-3") == "klein x+1"  # every Klein shift is a shift of 1
    assert repr(Topology("cross")) == "Topology('cross')" and f"{Topology('sphere')}" == "sphere"
    t = Topology.of("torus", "y", -3)
    assert (t, t.kind, t.axis, t.shift, t.twisted) == ("torus y-3", "torus", "y", -3, ())
    assert Topology("cross").twisted == ("x", "y") and Topology("klein y+1").twisted == ("y",)
    assert pickle.loads(pickle.dumps(t)).shift == -3 and json.dumps(t) == '"torus y-3"'


@pytest.mark.parametrize("bad", ["klein", "sphere x", "cross y+1", "bounded x+2", "torus z+1", "mobius", "tube",
                                 "tube x+1", "torus x+"])
def test_an_unknown_topology_is_one_clear_line(bad):
    with pytest.raises(LifesimError, match="unknown topology"):
        Topology(bad)


def test_a_grid_keeps_its_topology_and_refuses_a_size_that_cannot_have_it():
    grid = Grid.random(6, 8, 0.5, seed=1, topology="klein x+1")
    assert isinstance(grid.topology, Topology) and grid.topology.kind == "klein"
    assert grid.with_cells(grid.cells).topology == "klein x+1" and grid != grid.with_topology("klein x")
    with pytest.raises(LifesimError, match="sphere is square"):
        Grid.empty(6, 8, "sphere")
    with pytest.raises(LifesimError, match="even side"):
        Grid.empty(6, 7, "klein x+1")  # twisted on the width, 7 cells
    with pytest.raises(LifesimError, match="runs on the plane"):  # a tube is a Plane (tests/test_tube.py)
        Grid.empty(6, 8, "tube x")


# Halos: bounded.html's diagrams, cell for cell ------------------------------------------------

def _letters(topology, height, width):
    """The grid of letters A, B, ... with a halo of 1, as bounded.html draws it ('0': EMPTY)."""
    letters = np.arange(1, height * width + 1, dtype=np.uint8).reshape(height, width)
    tile = halo_tile(letters, topology, 0, height, 0, width, 1)
    return [" ".join("0" if v == 0 else chr(64 + v) for v in row) for row in tile]


DIAGRAMS = {
    ("bounded", 3, 4): ["0 0 0 0 0 0", "0 A B C D 0", "0 E F G H 0", "0 I J K L 0", "0 0 0 0 0 0"],
    ("torus", 3, 4): ["L I J K L I", "D A B C D A", "H E F G H E", "L I J K L I", "D A B C D A"],
    ("torus x+1", 3, 4): ["K L I J K L", "D A B C D A", "H E F G H E", "L I J K L I", "A B C D A B"],
    ("torus y+1", 3, 4): ["H I J K L A", "L A B C D E", "D E F G H I", "H I J K L A", "L A B C D E"],
    ("klein x", 3, 4): ["I L K J I L", "D A B C D A", "H E F G H E", "L I J K L I", "A D C B A D"],
    ("klein y", 3, 4): ["D I J K L A", "L A B C D I", "H E F G H E", "D I J K L A", "L A B C D I"],
    ("cross", 3, 4): ["A L K J I D", "L A B C D I", "H E F G H E", "D I J K L A", "I D C B A L"],
    ("sphere", 3, 3): ["A A D G C", "A A B C G", "B D E F H", "C G H I I", "G C F I I"],
    # bounded.html draws :K4*+1,3 with x -> W-x ("J I L K J I" on top); Golly 3.3 computes
    # x -> W-2-x (bgolly agrees on every soup), and lifesim follows the cells Golly makes.
    ("klein x+1", 3, 4): ["L K J I L K", "D A B C D A", "H E F G H E", "L I J K L I", "D C B A D C"],
    ("klein y+1", 4, 3): ["L J K L J", "I A B C G", "F D E F D", "C G H I A", "L J K L J", "I A B C G"],
}


@pytest.mark.parametrize("topology, height, width", sorted(DIAGRAMS))
def test_the_halo_is_what_bounded_html_draws(topology, height, width):
    assert _letters(topology, height, width) == DIAGRAMS[topology, height, width]


@pytest.mark.parametrize("topology, side", [("torus x+3", 4), ("klein y", 3), ("klein x+1", 2), ("cross", 2),
                                            ("sphere", 3), ("bounded", 2)])
def test_a_tile_with_a_halo_is_the_same_cut_of_the_whole_padded_grid(topology, side):
    # the drivers cut tiles with halos; each must be that part of the padded grid, deep halos too
    grid = Grid.random(2 * side, 2 * side, 0.5, seed=side, topology=topology)
    whole = grid.padded(side)
    assert np.array_equal(grid.tile(1, 3, side, 2 * side, side), whole[1:3 + 2 * side, side:4 * side])


def test_a_rule_reading_past_the_far_side_of_a_sphere_is_refused():
    with pytest.raises(LifesimError, match="too far for a sphere"):
        Grid.empty(1, 1, "sphere").padded(4)


# Golly's rule suffixes ------------------------------------------------------------------------

SUFFIXES = {  # as written -> (topology, (height, width), as Golly writes it back)
    "T30,20": ("torus", (20, 30), "T30,20"),
    "t30": ("torus", (30, 30), "T30,30"),
    "P30,20": ("bounded", (20, 30), "P30,20"),
    "T30+5,20": ("torus x+5", (20, 30), "T30+5,20"),
    "T30,20-3": ("torus y-3", (20, 30), "T30,20-3"),
    "T30+35,20": ("torus x+5", (20, 30), "T30+5,20"),  # Golly reduces by the side, as C's %
    "T30-25,20": ("torus x-25", (20, 30), "T30-25,20"),
    "T30+0,20": ("torus", (20, 30), "T30,20"),
    "K30*,20": ("klein x", (20, 30), "K30*,20"),
    "K30,20*": ("klein y", (20, 30), "K30,20*"),
    "K30,20": ("klein y", (20, 30), "K30,20*"),  # Golly: no star twists the height
    "K30*+1,20": ("klein x+1", (20, 30), "K30*+1,20"),
    "K30*-3,20": ("klein x+1", (20, 30), "K30*+1,20"),
    "K30,20*+1": ("klein y+1", (20, 30), "K30,20*+1"),
    "C30,20": ("cross", (20, 30), "C30,20"),
    "S30": ("sphere", (30, 30), "S30"),
}


@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
def test_every_golly_suffix_reads_and_writes_back_as_golly_does(suffix):
    topology, size, written = SUFFIXES[suffix]
    assert split_grid_suffix(f"B36/S23:{suffix}") == ("B36/S23", topology, size)
    assert grid_rule_text("B36/S23", topology, *size) == f"B36/S23:{written}"
    assert split_grid_suffix(f"B36/S23:{written}") == ("B36/S23", topology, size)


@pytest.mark.parametrize("suffix, why", [
    ("K30*,20*", "one side only"), ("K30*,20+1", "twisted side only"), ("C30+1,20", "cannot be shifted"),
    ("S30,30", "give one side"), ("S30+1", "cannot be shifted"), ("T30+5,20-1", "one side only"),
    ("P30+1,20", "cannot be shifted"), ("T30*,20", "only a Klein bottle"), ("K31*+1,20", "even side"),
    ("C0,20", "cannot be unbounded"), ("S0", "cannot be unbounded"), ("T0+1,20", "cannot be shifted"),
    ("T0,0", "the unbounded plane"), ("X30,20", "bad grid suffix"), ("T30**,20", "bad grid suffix"),
])
def test_a_suffix_golly_refuses_is_one_clear_line(suffix, why):
    with pytest.raises(LifesimError, match=why) as info:
        split_grid_suffix(f"B3/S23:{suffix}")
    assert "\n" not in str(info.value) and suffix in str(info.value)


def test_a_tube_is_a_topology_value_already():
    assert Topology("tube x").axis == "x" and grid_rule_text("B3/S23", "tube x", 20, 30) == "B3/S23:T0,20"
    assert grid_rule_text("B3/S23", "tube y", 20, 30) == "B3/S23:T30,0"


def test_an_rle_written_on_a_klein_bottle_reads_back_onto_the_same_grid(tmp_path):
    grid = Grid.random(10, 12, 0.4, seed=3, topology="klein x+1")
    write_pattern(tmp_path / "k.rle", grid, "B3/S23")
    assert "rule = B3/S23:K12*+1,10" in (tmp_path / "k.rle").read_text()
    assert grid_for_pattern(read_pattern(tmp_path / "k.rle")) == grid


# Gliders crossing an edge reappear where bounded.html says -------------------------------------

SE, SW, NE = ["-*-", "--*", "***"], ["-*-", "*--", "***"], ["***", "--*", "-*-"]
# A glider (south-east) from (y, x), after 16 generations, on a 10 wide, 8 high grid (12 x 12
# for the sphere): 4 cells on, past the bottom or right edge, carried over by hand as bounded.html
# says. Out of the bottom from (5, 1): at rows 9..11, columns 5..7 of the plane, which is rows
# 1..3 and, reversed (W-1-x), columns 2..4 of a Klein bottle twisted on x.
CROSSINGS = [
    ("T10,8", (5, 1), SE, (1, 5)), ("T10,8", (1, 7), SE, (5, 1)),
    ("T10+1,8", (5, 1), SE, (1, 6)), ("T10+1,8", (1, 7), SE, (5, 1)),
    ("T10,8-2", (5, 1), SE, (1, 5)), ("T10,8-2", (1, 7), SE, (3, 1)),
    ("K10*,8", (5, 1), SW, (1, 2)), ("K10*,8", (1, 7), SE, (5, 1)),
    ("K10*+1,8", (5, 1), SW, (1, 1)),  # columns W-2-x (see DIAGRAMS)
    ("K10,8*", (5, 1), SE, (1, 5)), ("K10,8*", (1, 7), NE, (0, 1)),
    ("K10,8*+1", (0, 7), NE, (0, 1)),  # rows H-2-y: 4..6 become 2..0
    ("C10,8", (5, 1), SW, (1, 2)), ("C10,8", (1, 7), NE, (0, 1)),
    # below the bottom edge is right of the right edge: (y, x) -> (x, 2n-1-y), a quarter turn;
    # mid-edge, as a sphere's corners are not flat (nor are a cross-surface's)
    ("S12", (8, 2), ["*--", "*-*", "**-"], (6, 9)), ("S12", (2, 8), ["-**", "*-*", "--*"], (9, 6)),
]


@pytest.mark.parametrize("suffix, start, after, at", CROSSINGS)
def test_a_glider_crossing_an_edge_reappears_where_bounded_html_says(suffix, start, after, at):
    _, topology, size = split_grid_suffix(f"B3/S23:{suffix}")
    grid = Grid.empty(*size, topology).place(Grid.from_text("\n".join(SE)).cells, at=start)
    expected = Grid.empty(*size, topology).place(Grid.from_text("\n".join(after)).cells, at=at)
    assert SERIAL.advance(grid, LIFE, 16) == expected


def test_a_glider_hitting_the_edge_of_a_bounded_plane_stops_there_as_a_block():
    grid = Grid.empty(8, 10, "bounded").place(Grid.from_text("\n".join(SE)).cells, at=(5, 1))
    block = Grid.empty(8, 10, "bounded").place(np.ones((2, 2), np.uint8), at=(6, 2))  # as bgolly has it
    assert SERIAL.advance(grid, LIFE, 32) == block


# Every driver, every kind -------------------------------------------------------------------

RULES = {
    "life": LIFE,
    "brians-brain": parse_rule("B2/S/C3"),
    "larger-than-life": parse_rule("lifesim.examples.larger:larger_than_life"),  # radius 2
}


@settings(max_examples=20, deadline=None)
@given(soup=soups(RULES, 7, GOLLY))
def test_every_driver_matches_serial_on_every_kind(driver, soup):
    rule_name, grid = soup
    rule = RULES[rule_name]
    assert driver.advance(grid, rule, 2) == SERIAL.advance(grid, rule, 2)
