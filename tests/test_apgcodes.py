"""Apgcodes: extended Wechsler format by hand, and the canonical codes of the common objects in
every orientation and phase (codes as Catagolue lists them)."""

import numpy as np
import pytest

from lifesim.census.apgcodes import ORIENTATIONS, apgcode, canonical, cropped, empty_run, wechsler
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.grid import Grid
from lifesim.rules import parse_rule
from lifesim.universe import Plane

LIFE = parse_rule("B3/S23")


def cells(text):
    """A 2-D uint8 array from grid text ('*' alive, '-' empty; rows by line)."""
    return Grid.from_text(text.strip()).cells


def row(text):
    """One row of cells from 'o' and '.'."""
    return np.array([[c == "o" for c in text]], np.uint8)


def column(*live, height=None):
    """One column of ``height`` cells with rows ``live`` set."""
    out = np.zeros((height or max(live) + 1, 1), np.uint8)
    out[list(live), 0] = 1
    return out


# Extended Wechsler format, by hand ------------------------------------------------------------

@pytest.mark.parametrize("layer, text", [
    (column(0), "1"),
    (column(4), "g"),                      # bit 4 = 16 = "g"
    (column(0, 1, 2, 3, 4), "v"),          # 31 = "v"
    (row("ooo"), "111"),
    (row("o.o"), "101"),                   # one empty column: "0"
    (row("o..o"), "1w1"),                  # two: "w"
    (row("o...o"), "1x1"),                 # three: "x"
    (row("o....o"), "1y01"),               # four: "y0"
    (row("o" + "." * 10 + "o"), "1y61"),
    (row("o" + "." * 39 + "o"), "1yz1"),   # 39: the longest "y" run
    (row("o" + "." * 40 + "o"), "1yz01"),  # 40: "yz" then one more
    (row("o" + "." * 82 + "o"), "1yzyzy01"),  # 39 + 39 + 4
    (row("oo.."), "11"),                   # empty columns at a strip's end are left out
    (column(0, 5), "1z1"),                 # rows 0-4, then rows 5-9
    (column(0, 10), "1zz1"),               # an empty strip between
    (column(0, height=12), "1"),           # empty strips at the end are left out
    (np.zeros((3, 3), np.uint8), "0"),
])
def test_wechsler_by_hand(layer, text):
    assert wechsler(layer) == text


def test_several_strips_each_from_its_own_first_column():
    layer = np.zeros((7, 6), np.uint8)
    layer[0, 1] = layer[6, 5] = 1  # strip 0: column 1; strip 1: column 5, row 1 of the strip
    assert wechsler(layer) == "01z" + "y1" + "2"  # five empty columns, then bit 1


@pytest.mark.parametrize("n, text", [(1, "0"), (2, "w"), (3, "x"), (4, "y0"), (39, "yz"), (40, "yz0"), (79, "yzyz0")])
def test_empty_runs(n, text):
    assert empty_run(n) == text


def test_canonical_prefers_shorter_then_ascii_first():
    # a horizontal blinker phase is "111", the vertical one "7": the shorter wins
    assert canonical([row("ooo")]) == "7"
    # an L tromino: the orientations give "13", "31", "32", "23", ...: "13" comes first
    assert canonical([cells("**\n*-")]) == "13"


def test_multi_state_layers_per_bit():
    # a state-2 cell beside a state-3 cell: bit 0 only in the second, bit 1 in both; of the
    # orientations ("01_11", "1_11", "2_3", "1_3", ...) the shortest, then the first in ASCII
    assert canonical([np.array([[2, 3]], np.uint8)], states=3) == "1_3"
    assert apgcode([np.array([[2]], np.uint8)], states=3) == "xs1_0_1"
    assert apgcode([np.array([[1, 1]], np.uint8)], states=4) == "xs2_3_0"


def test_an_empty_object_has_no_code():
    with pytest.raises(LifesimError, match="empty"):
        apgcode([np.zeros((2, 2), np.uint8)])
    with pytest.raises(LifesimError, match="phase"):
        apgcode([])


# The common objects, in all 8 orientations and every phase -----------------------------------

BLOCK = "**\n**"
BLINKER = "***"
BEEHIVE = "-**-\n*--*\n-**-"
LOAF = "-**-\n*--*\n-*-*\n--*-"
BOAT = "**-\n*-*\n-*-"
SHIP = "**-\n*-*\n-**"
TUB = "-*-\n*-*\n-*-"
POND = "-**-\n*--*\n*--*\n-**-"
TOAD = "-***\n***-"
BEACON = "**--\n**--\n--**\n--**"
GLIDER = "-*-\n--*\n***"
LWSS = "-*--*\n*----\n*---*\n****-"
PULSAR = """
--***---***--
-------------
*----*-*----*
*----*-*----*
*----*-*----*
--***---***--
-------------
--***---***--
*----*-*----*
*----*-*----*
*----*-*----*
-------------
--***---***--
"""
PENTADECATHLON = "--*----*--\n**-****-**\n--*----*--"

KNOWN = [
    ("block", BLOCK, 1, "xs4_33"),
    ("blinker", BLINKER, 2, "xp2_7"),
    ("beehive", BEEHIVE, 1, "xs6_696"),
    ("loaf", LOAF, 1, "xs7_2596"),
    ("boat", BOAT, 1, "xs5_253"),
    ("ship", SHIP, 1, "xs6_356"),
    ("tub", TUB, 1, "xs4_252"),
    ("pond", POND, 1, "xs8_6996"),
    ("toad", TOAD, 2, "xp2_7e"),
    ("beacon", BEACON, 2, "xp2_318c"),
    ("glider", GLIDER, 4, "xq4_153"),
    ("lwss", LWSS, 4, "xq4_6frc"),
    ("pulsar", PULSAR, 3, "xp3_co9nas0san9oczgoldlo0oldlogz1047210127401"),
    ("pentadecathlon", PENTADECATHLON, 15, "xp15_4r4z4r4"),
]


def phases(start, period, driver):
    """The ``period`` generations from ``start`` (a 2-D array), each cut to its live cells, and
    the displacement (dy, dx) of the pattern over the period."""
    plane = Plane.from_cells(start)
    out = []
    for _ in range(period):
        y0, y1, x0, x1 = plane.bounding_box()
        out.append(plane.window(y0, y1, x0, x1))
        plane = driver.advance(plane, LIFE, 1)
    first = Plane.from_cells(start).bounding_box()
    after = plane.bounding_box()
    assert np.array_equal(plane.window(*after), out[0]), "not periodic with this period"
    return out, (after[0] - first[0], after[2] - first[2])


@pytest.fixture(scope="module")
def compiled():
    with get_driver("compiled") as driver:
        yield driver


@pytest.mark.parametrize("name, text, period, code", KNOWN, ids=[k[0] for k in KNOWN])
def test_every_orientation_and_phase_gives_the_same_code(name, text, period, code, compiled):
    for orient in ORIENTATIONS:
        oriented, moved = phases(np.ascontiguousarray(orient(cells(text))), period, compiled)
        # every phase first: the list rotated so that the object starts in each of its phases
        for k in range(period):
            assert apgcode(oriented[k:] + oriented[:k], moved) == code, (name, k)


def test_cropped_cuts_to_the_live_cells():
    a = np.zeros((5, 6), np.uint8)
    a[1, 2] = a[3, 4] = 1
    assert cropped(a).shape == (3, 3)
    assert cropped(np.zeros((2, 2))).shape == (0, 0)
