"""Isotropic non-totalistic (Hensel) notation: each of the 51 neighbourhood classes, on a
neighbourhood drawn here by hand, and Golly's canonical spelling of letter sets."""

import numpy as np
import pytest

from lifesim import Grid
from lifesim.drivers import get_driver
from lifesim.hensel import CLASS_OF, CLASSES, LETTERS, format_classes, parse_classes
from lifesim.rules import parse_rule

# One neighbourhood of every class, as the 3x3 block's rows ('o' live, 'x' the cell itself):
# most are turned or mirrored from the pictures in Golly's Help (QuickLife.html), so they test
# the symmetries as well as the letters; 5..7 are drawn whole, not as complements.
PICTURES = {
    "0": "... .x. ...",
    "1c": "... .x. ..o", "1e": "... .x. .o.",
    "2a": "... .x. .oo", "2c": "... .x. o.o", "2e": "... .xo .o.",
    "2i": ".o. .x. .o.", "2k": "... ox. ..o", "2n": "o.. .x. ..o",
    "3a": "... .xo .oo", "3c": "..o .x. o.o", "3e": "... oxo .o.", "3i": "... .x. ooo",
    "3j": "... ox. .oo", "3k": ".o. ox. ..o", "3n": "..o .x. .oo", "3q": "o.. .x. .oo",
    "3r": ".o. .x. .oo", "3y": ".o. .x. o.o",
    "4a": "... .xo ooo", "4c": "o.o .x. o.o", "4e": ".o. oxo .o.", "4i": ".oo .x. .oo",
    "4j": ".o. ox. .oo", "4k": "..o ox. .oo", "4n": "..o .x. ooo", "4q": "o.. .xo .oo",
    "4r": "... oxo .oo", "4t": ".o. .x. ooo", "4w": "o.. ox. .oo", "4y": "o.o .x. .oo",
    "4z": "oo. .x. .oo",
    "5a": "..o .xo ooo", "5c": ".o. oxo .oo", "5e": "o.o .x. ooo", "5i": "... oxo ooo",
    "5j": "o.. .xo ooo", "5k": "o.o ox. .oo", "5n": ".o. .xo ooo", "5q": "o.. oxo .oo",
    "5r": ".oo .x. ooo", "5y": ".oo ox. .oo",
    "6a": "..o oxo ooo", "6c": ".o. oxo ooo", "6e": "o.o .xo ooo", "6i": "ooo .x. ooo",
    "6k": "oo. .xo ooo", "6n": "oo. oxo .oo",
    "7c": ".oo oxo ooo", "7e": "o.o oxo ooo",
    "8": "ooo oxo ooo",
}

SERIAL = get_driver("serial")


def _block(picture, centre):
    cells = np.array([[c == "o" for c in row] for row in picture.split()], np.uint8)
    cells[1, 1] = centre
    return Grid(cells, "bounded")


def _next_centre(rule, picture, centre):
    return SERIAL.advance(_block(picture, centre), parse_rule(rule)).cells[1, 1]


def test_the_pictures_name_all_51_classes():
    assert len(PICTURES) == len(CLASSES) == 51
    assert {(int(k[0]), k[1:]) for k in PICTURES} == set(CLASSES)


@pytest.mark.parametrize("name", PICTURES)
def test_each_class_is_born_and_survives_by_its_own_letter_only(name):
    picture, n, letter = PICTURES[name], int(name[0]), name[1:]
    assert picture.count("o") == n
    for centre, side in ((0, "B{}/S"), (1, "B/S{}")):
        assert _next_centre(side.format(name), picture, centre) == 1, (name, side)
        # every other class of the same count, and none of this one
        others = f"{n}-{letter}" if letter else ""
        assert _next_centre(side.format(others), picture, centre) == 0, (name, side)
        if letter:  # the totalistic count takes it too
            assert _next_centre(side.format(n), picture, centre) == 1


def test_classes_partition_the_256_neighbourhoods_and_are_closed_under_symmetry():
    assert sorted(m for members in CLASSES.values() for m in members) == list(range(256))
    sizes = {name: len(CLASSES[int(name[0]), name[1:]]) for name in ("2a", "2i", "4c", "4e", "4z", "1c")}
    assert sizes == {"2a": 8, "2i": 2, "4c": 1, "4e": 1, "4z": 4, "1c": 4}
    assert [len(LETTERS[n]) for n in range(9)] == [0, 2, 6, 10, 13, 10, 6, 2, 0]
    assert CLASS_OF[0] == (0, "") and CLASS_OF[255] == (8, "")


@pytest.mark.parametrize("text, canonical", [
    # Golly's Help (QuickLife.html), "Non-totalistic rules"
    ("B2nic/S", "B2cin/S"), ("B2ceikn/S", "B2-a/S"), ("B4-qjrtwz/S", "B4aceikny/S"),
    ("B2aceikn3/S", "B23/S"), ("B2-3/S", "B23/S"), ("B2-aceikn3/S", "B3/S"),
    ("B2cekin/S12", "B2-a/S12"), ("b2-a_s12", "B2-a/S12"), ("B3_S23-a4ei6", "B3/S23-a4ei6"),
    ("S2-i34q/B37", "B37/S2-i34q"), ("B3/S2-", "B3/S2"), ("B3aa/S", "B3a/S"), ("B33/S32", "B3/S23"),
    ("12/2-a/3", "B2-a/S12/C3"), ("23-a/3", "B3/S23-a"),
])
def test_canonical_spelling_is_golly_s(text, canonical):
    assert parse_rule(text).rulestring == canonical
    assert parse_rule(canonical).rulestring == canonical


def test_letters_read_back_to_the_same_classes():
    for n in range(1, 8):
        for k in range(len(LETTERS[n]) + 1):
            chosen = parse_classes(f"{n}{LETTERS[n][:k]}") if k else frozenset()
            assert parse_classes(format_classes(chosen)) == chosen
