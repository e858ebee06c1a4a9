"""rule check's names for two-state rules of the 3x3 block: B/S, with V or H, Hensel, MAP."""

import numpy as np
import pytest

from lifesim import parse_rule
from lifesim.drivers.compile import compile_rule
from lifesim.rulename import BASE64, NEIGHBOURHOODS, block_values, is_isotropic, map_rulestring, rulestring_of
from lifesim.sandbox.check import check

# Conway's Life as a MAP rule, as Golly's Help (QuickLife.html) spells it
LIFE_MAP = "MAPARYXfhZofugWaH7oaIDogBZofuhogOiAaIDogIAAgAAWaH7oaIDogGiA6ICAAIAAaIDogIAAgACAAIAAAAAAAA"
CELLS = block_values()  # {(dy, dx): (512,) states}


def table(function):
    """The 512 next states of ``function(cells)``, cells as block_values gives them."""
    return np.asarray(function(CELLS), np.uint8)


def count(cells, suffix):
    return sum(CELLS[off] for k, off in enumerate(CELLS) if k in NEIGHBOURHOODS[suffix] and off != (0, 0))


def life(cells):
    n = count(cells, "")
    return (n == 3) | ((n == 2) & (cells[0, 0] == 1))


def decode(text, suffix):
    """The 512-entry table a MAP string says (cells outside its neighbourhood ignored)."""
    cells = NEIGHBOURHOODS[suffix]
    body = text[3:len(text) - len(suffix)]
    bits = "".join(f"{BASE64.index(c):06b}" for c in body)[:1 << len(cells)]
    index = sum(CELLS[list(CELLS)[c]] << (len(cells) - 1 - j) for j, c in enumerate(cells))
    return np.array([int(b) for b in bits])[index]


def test_life_is_named_b3_s23_and_its_map_is_the_one_golly_documents():
    assert rulestring_of(table(life)) == "B3/S23"
    assert map_rulestring(table(life), NEIGHBOURHOODS[""]) == LIFE_MAP
    assert np.array_equal(decode(LIFE_MAP, ""), table(life))


@pytest.mark.parametrize("function, name", [
    (lambda c: count(c, "V") % 2, "B13/S13V"),  # Fredkin's replicator
    (lambda c: (count(c, "H") == 2) | ((count(c, "H") >= 3) & (c[0, 0] == 1)), "B2/S23456H"),
    (lambda c: c[0, 0] * 0, "B/SV"),  # nothing lives: no cell matters, the smallest neighbourhood
])
def test_an_outer_totalistic_rule_is_named_on_the_smallest_neighbourhood(function, name):
    assert rulestring_of(table(function)) == name


@pytest.mark.parametrize("suffix, length", [("V", 6), ("H", 22), ("", 86)])
def test_other_rules_are_named_by_a_map_of_their_neighbourhood_that_says_them_exactly(suffix, length):
    rng = np.random.default_rng(len(suffix))
    cells = NEIGHBOURHOODS[suffix]
    lut = rng.integers(0, 2, 1 << len(cells))
    index = sum(CELLS[list(CELLS)[c]] << (len(cells) - 1 - j) for j, c in enumerate(cells))
    rule = lut[index]
    name = rulestring_of(rule)
    assert name.startswith("MAP") and name.endswith(suffix) and len(name) == 3 + length + len(suffix)
    assert np.array_equal(decode(name, suffix), rule)


def test_isotropy_is_the_symmetry_of_the_square():
    assert is_isotropic(table(life))
    weighted = compile_rule(parse_rule("lifesim.examples.weighted:weighted"))
    assert is_isotropic(weighted.lookup(CELLS))
    assert not is_isotropic(table(lambda c: c[-1, 0]))  # copies its north neighbour


def test_rule_check_names_the_rule(capsys):
    report = check(parse_rule("lifesim.examples.von_neumann:fredkin"))
    assert "your rule is B13/S13V" in report.text()
    report = check(parse_rule("lifesim.examples.weighted:weighted"))
    assert "your rule is B3aejkr4-cejr5e/S2ei3-c4-ejr5e" in report.text()


@pytest.mark.parametrize("text", ["B2-a/S12", "B37/S2-i34q", "B3/S23-a4ei6", "B3/S23", "B2ce3-k/S1e2-a3"])
def test_an_isotropic_rule_is_named_by_its_hensel_letters_and_means_the_same(text):
    named = compile_rule(parse_rule(text)).rulestring()
    assert np.array_equal(compile_rule(parse_rule(named)).lookup(CELLS), compile_rule(parse_rule(text)).lookup(CELLS))
    assert named == text
