"""Rulestrings of every family Golly 3.3 reads: their forms and canonical spelling, what each
means (B3/S23 written as Hensel, MAP and Larger than Life is still B3/S23), every driver agreeing
on random Hensel, MAP and Larger than Life rules, and a clear line for a malformed one."""

import base64

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, LifesimError, Rule
from lifesim.drivers import get_driver
from lifesim.drivers.compile import MAP_ORDER, compile_rule
from lifesim.hensel import CLASSES
from lifesim import maprules, neighborhoods, rulestrings
from lifesim.rules import parse_rule
from lifesim.universe import Plane

# Conway's Life as a MAP rule, from Golly's Help (QuickLife.html, "MAP rules").
LIFE_MAP = "MAPARYXfhZofugWaH7oaIDogBZofuhogOiAaIDogIAAgAAWaH7oaIDogGiA6ICAAIAAaIDogIAAgACAAIAAAAAAAA"

SERIAL = get_driver("serial")
COMPILED = get_driver("compiled", 2)
THREADS = get_driver("threads", 2)


@pytest.mark.parametrize("text, canonical", [
    ("S245/B368", "B368/S245"), ("s245/b368", "B368/S245"), ("B3S23", "B3/S23"), ("S23B3", "B3/S23"),
    ("B3_S23", "B3/S23"), ("3/S23", "B3/S23"), ("/3", "B3/S"), ("3/", "B/S3"), ("B/S", "B/S"),
    ("B13/S012V", "B13/S012V"), ("23/3V", "B3/S23V"), ("b245/s3h", "B245/S3H"),
    ("12/34/3H", "B34/S12/C3H"), ("B3/S23/3V", "B3/S23/C3V"), ("345/2/4", "B2/S345/C4"),
    (LIFE_MAP, LIFE_MAP), (LIFE_MAP + "==", LIFE_MAP), ("map" + LIFE_MAP[3:], LIFE_MAP),
    (LIFE_MAP + "/3", LIFE_MAP + "/3"), (LIFE_MAP + "/2", LIFE_MAP),
    ("MAPAAAAAAAAAAAAAAAAAAAAAA==", "MAPAAAAAAAAAAAAAAAAAAAAAA"), ("MAPAAAAAA", "MAPAAAAAA"),
    ("R5,C0,M1,S34..58,B34..45,NM", "R5,C0,M1,S34..58,B34..45,NM"),
    ("r2,c1,m0,s2..3,b3..4,nn", "R2,C0,M0,S2..3,B3..4,NN"), ("R2,C2,M0,S2..3,B3..4,NC", "R2,C0,M0,S2..3,B3..4,NC"),
    ("R10,C255,M1,S2..3,B3..3,NM", "R10,C255,M1,S2..3,B3..3,NM"), ("1,3,3,3,4", "R1,C0,M1,S3..4,B3..3,NM"),
    ("5,34,45,34,58", "R5,C0,M1,S34..58,B34..45,NM"),
])
def test_forms_and_canonical_spelling(text, canonical):
    rule = parse_rule(text)
    assert rule.rulestring == rule.spec == canonical
    again = parse_rule(rule.spec)
    assert again.spec == canonical and again.states == rule.states and again.radius == rule.radius


def test_metadata_of_each_family():
    v, h = parse_rule("B13/S012V"), parse_rule("B245/S3H")
    assert (v.neighborhood, v.birth, v.survival, v.is_lifelike) == ("vonneumann", {1, 3}, {0, 1, 2}, False)
    assert (h.neighborhood, h.birth, h.survival) == ("hexagonal", {2, 4, 5}, {3})
    bosco = parse_rule("R5,C0,M1,S34..58,B34..45,NM")
    assert (bosco.radius, bosco.states, bosco.neighborhood) == (5, 2, "moore")
    assert bosco.birth == set(range(34, 46)) and bosco.survival == set(range(33, 58))  # M1: itself not counted
    hensel = parse_rule("B2-a/S12")
    assert hensel.birth is None and hensel.radius == 1 and not hensel.is_lifelike
    assert parse_rule("R3,C4,M0,S1..2,B3..3,NC").states == 4
    assert parse_rule(LIFE_MAP).name == LIFE_MAP and parse_rule("B3/S23").name == "Conway's Life"


def test_neighbourhood_shapes():
    assert neighborhoods.size("moore", 3) == 48 and neighborhoods.size("vonneumann", 3) == 24  # 2r(r+1)
    assert neighborhoods.offsets("hexagonal", 1) == ((-1, -1), (-1, 0), (0, -1), (0, 1), (1, 0), (1, 1))
    # Golly's NC at r = 3 (Larger_than_Life.html): the disc of radius 3.5, 37 cells with the centre
    assert neighborhoods.size("circular", 3) == 36
    assert sum(neighborhoods.block_mask("vonneumann", 2)) == 12


def test_map_strings_spell_the_table_bit_by_bit():
    life = maprules.from_counts({3}, {2, 3}, "moore")
    assert maprules.decode(LIFE_MAP[3:], LIFE_MAP) == (life, "moore")
    assert maprules.encode(life, "moore") == LIFE_MAP[3:]
    # index 7 (SW, S, SE alive) is a birth and 19 (C, S, SE) a survival, as the Help's table says
    assert (life[7], life[11], life[19], life[0], life[511]) == (1, 1, 1, 0, 0)
    rng = np.random.default_rng(4)
    for kind, chars in (("moore", 86), ("hexagonal", 22), ("vonneumann", 6)):
        table = maprules.from_counts(set(rng.choice(7, 3)), set(rng.choice(5, 2)), kind)
        text = maprules.encode(table, kind)
        assert len(text) == chars and maprules.decode(text, "t") == (table, kind)
        assert maprules.depends_only_on(table, kind)


def test_a_moore_map_keeps_its_bits_exactly():
    raw = bytes(np.random.default_rng(7).integers(0, 256, 64, dtype=np.uint8))
    text = "MAP" + base64.b64encode(raw).decode().rstrip("=")
    rule = parse_rule(text)
    assert rule.spec == text and compile_rule(rule).table.tobytes() == bytes(
        raw[i >> 3] >> (7 - (i & 7)) & 1 for i in range(512))


def _equal_on_soups(a, b, drivers=(SERIAL, COMPILED), generations=4, shape=(19, 23)):
    for seed in range(3):
        for topology in ("torus", "bounded"):
            cells = np.random.default_rng(seed).integers(0, a.states, shape, dtype=np.uint8)
            grid = Grid(cells, topology)
            for driver in drivers:
                assert driver.advance(grid, a, generations) == driver.advance(grid, b, generations), (a, b, driver.name)


def test_b3_s23_written_as_hensel_and_as_map_is_b3_s23():
    life = parse_rule("B3/S23")
    every = lambda n: {c for c in CLASSES if c[0] == n}  # noqa: E731
    as_hensel = Rule(**rulestrings.hensel_rule(every(3), every(2) | every(3)))
    assert as_hensel.spec == "B3/S23" and as_hensel.birth is None  # the letters' path, not the counts'
    _equal_on_soups(life, as_hensel)
    _equal_on_soups(life, parse_rule(LIFE_MAP))
    assert parse_rule("B3cekainyqjr/S2aceikn3-").spec == "B3/S23"


def test_larger_than_life_at_radius_one_is_the_matching_b_s_rule():
    _equal_on_soups(parse_rule("B3/S23"), parse_rule("R1,C0,M0,S2..3,B3..3,NM"))
    _equal_on_soups(parse_rule("B3/S23"), parse_rule("1,3,3,3,4"))  # Evans: M1, so S3..4
    _equal_on_soups(parse_rule("B1/S12V"), parse_rule("R1,C0,M0,S1..2,B1..1,NN"))
    _equal_on_soups(parse_rule("B3/S23/C4"), parse_rule("R1,C4,M0,S2..3,B3..3,NM"))


def test_the_compiler_reads_rulestring_cells_without_tracing():
    hensel = compile_rule(parse_rule("B2-a/S12"))
    assert (hensel.form, hensel.offsets, hensel.table.shape) == ("index", MAP_ORDER, (512,))
    assert compile_rule(parse_rule("12/2-a/3")).table.shape == (3 ** 9,)
    big = compile_rule(parse_rule("R20,C0,M1,S100..500,B200..300,NN"))  # 2**840 neighbourhoods
    assert big.form == "counts" and len(big.offsets) == 840 and big.table.shape == (2, 841)
    assert compile_rule(parse_rule("B245/S3H")).rulestring() == "B245/S3H"
    assert compile_rule(parse_rule("B13/S012V")).rulestring() == "B13/S012V"


def test_larger_than_life_past_255_neighbours_counts_without_overflow():
    wide = parse_rule("R8,C0,M1,S200..289,B250..289,NM")  # only a crowd of 250+ of 289 is born
    cells = np.ones((20, 20), np.uint8)
    cells[0, 0] = 0
    grid = Grid(cells, "torus")
    assert COMPILED.advance(grid, wide) == SERIAL.advance(grid, wide)
    assert COMPILED.advance(grid, wide).population == 400


def test_map_lookup_by_fours_on_widths_that_are_and_are_not_whole_bytes():
    rule = parse_rule("B37/S2-i34q")
    for width in (1, 3, 8, 16, 29, 64):
        for topology in ("torus", "bounded"):
            grid = Grid.random(6, width, 0.4, seed=width, topology=topology)
            assert COMPILED.advance(grid, rule, 3) == SERIAL.advance(grid, rule, 3), (width, topology)


# --- every driver on random rules ----------------------------------------------------------------

@st.composite
def hensel_rules(draw):
    classes = sorted(CLASSES)
    birth = draw(st.sets(st.sampled_from(classes), max_size=12))
    survival = draw(st.sets(st.sampled_from(classes), max_size=12))
    states = draw(st.sampled_from([2, 2, 3]))
    return Rule(**rulestrings.hensel_rule(frozenset(birth), frozenset(survival), states))


@st.composite
def map_rules(draw):
    kind = draw(st.sampled_from(["moore", "hexagonal", "vonneumann"]))
    bits = len(maprules.MAP_CELLS[kind])
    raw = draw(st.binary(min_size=2 ** bits // 8, max_size=2 ** bits // 8))
    text = "MAP" + base64.b64encode(raw).decode().rstrip("=")
    return parse_rule(text + draw(st.sampled_from(["", "", "/3"])))


@st.composite
def ltl_rules(draw):
    r = draw(st.integers(1, 3))
    code = draw(st.sampled_from("MNC"))
    top = neighborhoods.size({"M": "moore", "N": "vonneumann", "C": "circular"}[code], r) + 1
    s = sorted(draw(st.lists(st.integers(0, top), min_size=2, max_size=2)))
    b = sorted(draw(st.lists(st.integers(1, top), min_size=2, max_size=2)))
    c = draw(st.sampled_from([0, 0, 3, 5]))
    m = draw(st.integers(0, 1))
    return parse_rule(f"R{r},C{c},M{m},S{s[0]}..{s[1]},B{b[0]}..{b[1]},N{code}")


@settings(max_examples=40, deadline=None)
@given(rule=st.one_of(hensel_rules(), map_rules(), ltl_rules()), data=st.data())
def test_serial_threads_and_compiled_agree_on_random_rules_and_soups(rule, data):
    height, width = data.draw(st.integers(1, 10)), data.draw(st.integers(1, 10))
    seed = data.draw(st.integers(0, 2**32 - 1))
    topology = data.draw(st.sampled_from(["torus", "bounded"]))
    grid = Grid(np.random.default_rng(seed).integers(0, rule.states, (height, width), dtype=np.uint8), topology)
    expected = grid
    for _ in range(2):
        expected = SERIAL.advance(expected, rule)
    assert THREADS.advance(grid, rule, 2) == expected
    assert COMPILED.advance(grid, rule, 2) == expected


# --- malformed rulestrings -----------------------------------------------------------------------

@pytest.mark.parametrize("text, says", [
    ("B1a/S", "count 1 takes letters ce, not 'a'"),
    ("B5z/S", "count 5 takes letters"),
    ("B0a/S", "count 0 takes no letters"),
    ("B3/S9", "expected a count 0..8"),
    ("B3/S2--", "'-' must follow a count"),
    ("B3/S2a-e", "'-' must follow a count"),
    ("B2-a/S12V", "Hensel letters need the Moore neighbourhood"),
    ("B5/S3V", "counts are 0..4"),
    ("B3/S23/C1", "number of states must be 2..256"),
    ("B3/S23/C", "expected a number of states"),
    ("B3/B23", "one B part and one S part"),
    ("B3/S23/3/4", "too many '/'"),
    ("MAPARYXfhZofugWaH7o", "86, 22 or 6 base64 characters"),
    ("MAP" + "!" * 86, "unknown rule"), ("Banks-XV", "unknown rule"), ("Mapper", "unknown rule"),
    ("R5,C0,M1,S34..58,B34..45,NX", "must be NM, NN or NC"),
    ("R501,C0,M1,S34..58,B34..45,NM", "range R must be 1..500"),
    ("R2,C0,M0,S3..2,B3..4,NM", "min <= max"),
    ("R2,C0,M0,S2..30,B3..4,NM", "counts must be 0..25"),
    ("R2,C257,M0,S2..3,B3..4,NM", "C must be 0..256"),
    ("R2,C0,M2,S2..3,B3..4,NM", "M must be 0 or 1"),
    ("R2,C0,S2..3,B3..4,NM", "expected a Larger than Life rule"),
    ("nonsense", "unknown rule"),
])
def test_a_malformed_rulestring_is_one_clear_line(text, says):
    with pytest.raises(LifesimError) as caught:
        parse_rule(text)
    message = str(caught.value)
    assert says in message and "\n" not in message


# --- Wolfram's elementary rules, as Golly runs them ----------------------------------------------

def elementary(number, row, steps):
    """Wolfram's 1-D rule ``number`` from ``row`` (a list of 0/1) on a line padded with EMPTY
    cells: the ``steps`` + 1 rows of its history, each widened by one cell each side."""
    width = len(row) + 2 * steps
    rows = [[0] * steps + list(row) + [0] * steps]
    for _ in range(steps):
        last = [0] + rows[-1] + [0]
        rows.append([(number >> (4 * last[x] + 2 * last[x + 1] + last[x + 2])) & 1 for x in range(width)])
    return np.array(rows, np.uint8)


@pytest.mark.parametrize("number", [22, 30, 90, 110])
def test_wolfram_rules_draw_the_1d_history_a_row_a_generation(number):
    row = [1, 0, 1, 1, 0, 0, 1]
    rule = parse_rule(f"W{number}")
    assert rule.rulestring == f"W{number}" and parse_rule(f"w{number}").rulestring == f"W{number}"
    start = Plane.from_cells(np.array([row], np.uint8))
    expected = elementary(number, row, 30)
    for driver in ("serial", "compiled"):
        end = get_driver(driver).advance(start, rule, 30)
        assert np.array_equal(end.window(0, 31, -30, len(row) + 30), expected), driver


@pytest.mark.parametrize("text", ["W23", "W256", "W1000"])
def test_wolfram_rules_are_even_and_at_most_254(text):
    with pytest.raises(LifesimError, match="W0..W254 with an even number") as info:
        parse_rule(text)
    assert "\n" not in str(info.value)
