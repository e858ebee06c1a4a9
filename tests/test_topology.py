"""Golly's bounded grids (Help/bounded.html): topology values, halos, and every driver on every kind."""

import json
import pickle

import numpy as np
import pytest
from hypothesis import given, settings

from lifesim import Grid, LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.grid import halo_tile
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
    with pytest.raises(LifesimError, match="not yet supported"):
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
