"""Golly's built-in JvN rules (``lifesim.jvn``): JvN29, Nobili32 and Hutton32.

The transition function is checked by hand on the cases Golly's Help (Algorithms/JvN.html) and
the descriptions in Golly's JvN patterns (Patterns/Self-Rep/JvN) give; then every pattern of
Golly's Patterns folder under these rules runs as bgolly runs it (skipped where Golly is not
installed), and the coroutine drivers agree with one another.
"""

import gzip
import itertools
import pickle
import re

import numpy as np
import pytest

from lifesim import Grid, LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.drivers.compile import compile_rule
from lifesim.io.formats import read_pattern, write_points
from lifesim.jvn import FAMILIES as STATES
from lifesim.jvn import (
    C00, C01, C10, C11, CROSSING_EW, EAST, NORTH, ORDINARY, S, S0, S00, S000, S01, S10, S11, SOUTH, SPECIAL, U,
    WEST, arrow, family_of, jvn_cell, next_state, table as jvn_table,
)
from lifesim.protocol import Neighborhood, Transition
from lifesim.universe import Plane
from tests.golly import BGOLLY, PATTERNS, bgolly_points

FAMILIES = ("JvN29", "Nobili32", "Hutton32")
CLASSIC = ("JvN29", "Nobili32")

OE, ON, OW, OS = (arrow(ORDINARY, d) for d in (EAST, NORTH, WEST, SOUTH))
OE_, ON_, OW_, OS_ = (arrow(ORDINARY, d, True) for d in (EAST, NORTH, WEST, SOUTH))  # excited
SE, SN, SW, SS = (arrow(SPECIAL, d) for d in (EAST, NORTH, WEST, SOUTH))
SE_, SN_, SW_, SS_ = (arrow(SPECIAL, d, True) for d in (EAST, NORTH, WEST, SOUTH))


def step(family, state, north=U, east=U, south=U, west=U):
    return next_state(family, state, north, east, south, west)


# --- the states, as Golly numbers them -------------------------------------------------------------

def test_states_are_numbered_as_golly_numbers_them():
    # cell-coders-demo.rle: "There are nine cell types that can be constructed in von Neumann's
    # CA: 9-12,17-20 and 25"; construction-arm-demo.rle: "right-directed excited ordinary
    # transmission state (OTS, green arrow, 13)"
    assert (OE, ON, OW, OS, OE_, SE, SN, SW, SS, C00) == (9, 10, 11, 12, 13, 17, 18, 19, 20, 25)
    assert parse_rule("JvN29").states == 29 and parse_rule("Nobili32").states == parse_rule("Hutton32").states == 32


# --- transmission ----------------------------------------------------------------------------------

@pytest.mark.parametrize("family", FAMILIES)
def test_an_ordinary_transmission_state_passes_an_excitation_along(family):
    # construction-arm-demo.rle: an excited OTS drawn "at the start of one of the 14 input lines"
    # travels along the line; a wire is fed from behind or the sides, never from where it points
    assert step(family, OE, west=OE_) == OE_  # from behind
    assert step(family, OE, north=OS_) == OE_ and step(family, OE, south=ON_) == OE_  # from the sides
    assert step(family, OE_, east=OE) == OE  # with nothing feeding it, the excitation moves on
    assert step(family, OE, east=OW_) == OE  # head on: the cell it points at does not feed it
    assert step(family, OE, west=OW_) == OE  # an arrow pointing away does not feed it either


@pytest.mark.parametrize("family", FAMILIES)
def test_special_signals_destroy_ordinary_transmission(family):
    # counter-demo.rle: "the output pulse is duplicated and sent to the special transmission
    # states (STS) under the wire. These annihilate the section of OTS wire above"
    assert step(family, OE, south=SN_) == U
    assert step(family, OE, east=SW_) == U  # even from the cell it points at
    assert step(family, SE, west=SE_) == SE_  # a special wire carries special signals


@pytest.mark.parametrize("family", FAMILIES)
def test_ordinary_signals_destroy_special_transmission(family):
    # von Neumann's rule. Hutton-replicator.rle says "1) OTS's cannot destroy special transmission
    # states (STS's)", but Golly's Hutton32 (bgolly) destroys a special arrow so too; only the mark
    # at the end of a writing wire survives an ordinary signal (below)
    assert step(family, SE, north=OS_) == U
    assert step(family, SE, east=OW_) == U  # even from the cell it points at


# --- confluent states ------------------------------------------------------------------------------

@pytest.mark.parametrize("family", FAMILIES)
def test_a_confluent_state_is_an_and_gate_with_a_one_generation_delay(family):
    # cell-coders-demo.rle: "The confluent cell type is used as a splitter, to duplicate a pulse
    # onto two wires, and also as a 1-generation delay unit"
    assert step(family, C00, west=OE_, north=OS_, east=OE) == C01  # every input excited
    assert step(family, C00, west=OE_, north=OS, east=OE) == C00  # one is not: no excitation
    assert step(family, C00, west=OE_, east=OE) == C01
    assert step(family, C01, east=OE) == C10  # excited one generation later
    assert step(family, C10, east=OE) == C00
    assert step(family, C01, west=OE_, east=OE) == C11
    # excited, it feeds every transmission state that does not point into it: a splitter
    assert step(family, OE, west=C10) == OE_ and step(family, OS, north=C10) == OS_
    assert step(family, SE, west=C11) == SE_
    assert step(family, OW, west=C10) == OW  # pointing into it: not fed


@pytest.mark.parametrize("family", FAMILIES)
def test_special_signals_destroy_confluent_states(family):
    assert step(family, C00, west=SE_) == U and step(family, C10, north=SS_) == U


def test_nobili32_lets_signals_cross_where_jvn29_makes_an_and_gate():
    # Help: "Nobili32 [...] adds three new states to allow signal crossing"
    crossing = dict(west=OE_, north=OS, east=OE, south=OS)  # inputs west and north, outputs east and south
    assert step("Nobili32", C00, **crossing) == CROSSING_EW
    assert step("Nobili32", OE, west=CROSSING_EW) == OE_  # the signal goes on east...
    assert step("Nobili32", OS, north=CROSSING_EW) == OS  # ...and not south
    assert step("JvN29", C00, **crossing) == C00  # von Neumann's rule: north is quiet, so no output


def test_nobili32_keeps_a_confluent_excitation_that_has_nowhere_to_go():
    assert step("Nobili32", C01) == C01 and step("Nobili32", C10) == C10
    assert step("JvN29", C01) == C10 and step("JvN29", C10) == C00


# --- construction ----------------------------------------------------------------------------------

NINE_TRAINS = {  # cell-coders-demo.rle: the nine constructible states and their signal trains
    "10000": OE, "10001": ON, "1001": OW, "1010": OS, "1011": SE, "1100": SN, "1101": SW, "1110": SS, "1111": C00,
}


@pytest.mark.parametrize("family", CLASSIC)
@pytest.mark.parametrize("feeder", [OE_, SE_], ids=["ordinary", "special"])
def test_a_ground_cell_fed_a_signal_train_becomes_the_state_it_spells(family, feeder):
    # cell-coders-demo.rle: "There are nine cell types that can be constructed in von Neumann's
    # CA: 9-12,17-20 and 25. The signal trains needed for each are shown on the left."
    # Either kind of excited transmission state builds, from U: its first 1 makes U sensitized.
    quiet = feeder - 4
    for train, built in NINE_TRAINS.items():
        state = U
        for bit in train:
            state = step(family, state, west=feeder if bit == "1" else quiet)
        assert state == built, train
    assert [step(family, s) for s in (S, S0, S00)] == [S0, S00, S000]  # a 0 bit is no signal at all


def test_a_special_line_builds_only_an_ordinary_arrow_pointing_on_under_hutton32():
    # Hutton-replicator.rle: "2) STS lines can only construct one cell type: an OTS in the
    # forward direction."
    assert step("Hutton32", U, west=SE_) == OE and step("Hutton32", U, south=SN_) == ON
    assert step("JvN29", U, west=SE_) == S


def test_hutton32_turns_relative_to_the_arrow_feeding_a_sensitized_cell():
    # Hutton-replicator.rle: "2) A sensitized cell that is about to revert to an arrow bases its
    # direction upon that of the excited arrow that is pointing to it."
    assert step("Hutton32", S000, west=OE_) == ON  # 10001: turn left, from an arrow pointing east
    assert step("Hutton32", S000, north=OS_) == OE  # from one pointing south, left is east
    assert step("Hutton32", S000, south=SN_) == ON  # 10000: forward (a special arrow is no 1, but points)


def test_the_end_of_a_hutton32_wire_marks_the_bit_it_writes():
    # Hutton-replicator.rle: "1) The end of an OTS wire, when writing a new cell, adopts one of two
    # states: excited OTS and excited STS, standing for bits 1 and 0 respectively."
    assert step("Hutton32", OE_) == SE_  # its 1 makes the U ahead sensitized; it becomes the mark
    assert step("Hutton32", SE_, west=OE, east=S) == SE_  # a 0 arrives: the mark stays
    assert step("Hutton32", SE_, west=OE_, east=S) == OE_  # a 1 arrives
    assert step("JvN29", OE_) == OE


def test_hutton32_follows_golly_where_no_arrow_feeds_a_sensitized_cell():
    # bgolly's Hutton32 turns these cells, fed nothing, into states no signal train names
    assert step("Hutton32", S01) == S11 and step("Hutton32", S10) == SE
    assert step("Hutton32", S11) == OW_ and step("Hutton32", S000) == S000


HUTTON_TRAINS = {  # Hutton-replicator.rle's signal trains, and the end of an east wire after them
    "100000": {11: OE, 12: OE},  # move forward (write an OTS arrow in the same direction)
    "100010": {11: OE, 12: ON},  # turn left
    "10100": {11: OE, 12: OS},  # turn right
    "100001": {12: OE},  # write a forward-directed OTS and retract
    "101101": {12: SE},  # write a forward-directed STS and retract
    "1111": {12: C00},  # write a confluent state and retract
    "101111": {},  # retract
}


@pytest.mark.parametrize("train", HUTTON_TRAINS)
def test_a_hutton32_wire_writes_and_retracts_as_its_signal_trains_say(train):
    # Hutton-replicator.rle: "A single OTS line can now act as a c-arm in any direction. Below are
    # the signal trains: [...]"; the train rides an east wire of 12 cells, first bit in front
    cells = np.zeros((3, 20), np.uint8)
    cells[1, :12] = OE
    for i, bit in enumerate(train):
        cells[1, 11 - i] = OE_ if bit == "1" else OE
    after = get_driver("serial").advance(Plane.from_cells(cells), parse_rule("Hutton32"), 30)
    ys, xs, states = after.points()
    end = {int(x): int(s) for x, s in zip(xs, states) if x >= 11}
    assert set(ys.tolist()) == {1} and (states[xs < 11] == OE).all()
    assert end == HUTTON_TRAINS[train]


# --- the rule and its cell -------------------------------------------------------------------------

def test_the_names_read_as_golly_reads_them():
    for name in FAMILIES:
        rule = parse_rule(name)
        assert (rule.name, rule.rulestring, rule.spec, rule.radius) == (name, name, name, 1)
        assert parse_rule(name.upper()) is rule and parse_rule(f"{name}:T64,48") is rule
    assert family_of("jvn-29") == "JvN29" and family_of("JvN-32") == "Nobili32" and family_of("modJvN-32") == "Hutton32"
    with pytest.raises(LifesimError, match="JvN29, Nobili32, Hutton32"):
        parse_rule("JvN30")


def test_the_rule_pickles_for_worker_processes():
    rule = parse_rule("Hutton32")
    again = pickle.loads(pickle.dumps(rule))
    assert again.spec == "Hutton32" and again.cell.args[0].family == "Hutton32"


def test_the_cell_asks_one_neighborhood_and_reads_its_von_neumann_neighbours():
    cell = parse_rule("JvN29").cell(5, 7)
    assert next(cell) == Neighborhood(5, 7, 1)
    block = [SS_, U, OE_,  # the corners are never read
             U, OE, U,
             SN_, U, SW_]
    assert cell.send(block) == Transition(5, 7, OE)
    cell = jvn_cell(parse_rule("JvN29").cell.args[0], 0, 0)
    next(cell)
    assert cell.send([U, U, U, OE_, OE, U, U, U, U]).state == OE_  # fed from the west


def test_the_colours_follow_the_patterns_descriptions():
    # read-arm-demo.rle: "OTS (blue) and STS (red) lines"; construction-arm-demo.rle: "excited
    # ordinary tranmission state (OTS, green arrow, 13)"
    colours = parse_rule("Nobili32").colours
    assert len(colours) == 32 and colours[U] is None and len(parse_rule("JvN29").colours) == 29
    (r, g, b), (r2, g2, b2), (r3, g3, b3) = colours[OE], colours[OE_], colours[SE]
    assert b > max(r, g) and g2 > max(r2, b2) and r3 > max(g3, b3)


# --- the table the compiled and hashlife drivers step from -------------------------------------------

def _table_agrees(family, combos):
    """Assert jvn.table(family) gives next_state's answer for each row (state, north, east,
    south, west) of ``combos``."""
    states = STATES[family]
    state, north, east, south, west = combos.T
    index = west + states * south + states ** 2 * east + states ** 3 * north + states ** 4 * state
    got = jvn_table(family)[index]
    expected = [next_state(family, *row) for row in combos.tolist()]
    bad = np.flatnonzero(got != expected)
    assert bad.size == 0, f"{family}: {combos[bad[:5]].tolist()} give {got[bad[:5]].tolist()}"


@pytest.mark.parametrize("family", FAMILIES)
def test_the_table_is_next_state_on_random_neighbourhoods(family):
    states = STATES[family]
    rng = np.random.default_rng(len(family))
    combos = rng.integers(0, states, (200_000, 5))
    # and as many again with the neighbours mostly transmission and confluent states, where the rules act
    busy = rng.integers(9, states, (200_000, 5))
    combos = np.concatenate([combos, np.where(rng.random(busy.shape) < 0.8, busy, combos)])
    _table_agrees(family, combos)


@pytest.mark.parametrize("family", FAMILIES)
def test_the_table_is_next_state_with_at_most_two_neighbours_not_ground(family):
    states = STATES[family]
    rows = []
    for state in range(states):
        for a, b in itertools.combinations(range(5), 2):  # positions 1..4: the neighbours
            if a == 0:
                continue
            for x, y in itertools.product(range(states), repeat=2):
                row = [state, 0, 0, 0, 0]
                row[a], row[b] = x, y
                rows.append(row)
    combos = np.unique(np.array(rows), axis=0)  # every combination with <= 2 neighbours not U
    assert len(combos) == states * (1 + 4 * (states - 1) + 6 * (states - 1) ** 2)
    _table_agrees(family, combos)


def test_the_table_is_built_once_per_family_and_shared():
    rule = parse_rule("Hutton32")
    first, second = compile_rule(rule), compile_rule(rule)
    assert first.form == "index" and first.table.size == 32 ** 5 and first.table.dtype == np.uint8
    assert first.table is second.table is jvn_table("Hutton32") and not first.table.flags.writeable
    assert first.offsets == ((0, -1), (1, 0), (0, 1), (-1, 0), (0, 0))


@pytest.mark.parametrize("family", FAMILIES)
def test_the_compiled_and_hashlife_drivers_agree_with_serial(family):
    rule, grid = parse_rule(family), soup(family, 7 * len(family), size=40)
    expected = get_driver("serial").advance(grid, rule, 24)
    assert expected != grid
    with get_driver("compiled") as compiled:
        assert compiled.advance(grid, rule, 24) == expected
    ys, xs = np.nonzero(grid.cells)
    plane = Plane.from_points(ys, xs, grid.cells[ys, xs])
    expected = _as_dict(get_driver("serial").advance(plane, rule, 16))
    with get_driver("compiled") as compiled:
        assert _as_dict(compiled.advance(plane, rule, 16)) == expected
    with get_driver("hashlife") as hashlife:
        assert _as_dict(hashlife.advance(plane, rule, 16)) == expected


def soup(family, seed, size=24):
    """A torus of random states of ``family``, a third of its cells not U."""
    rng = np.random.default_rng(seed)
    states = parse_rule(family).states
    cells = np.where(rng.random((size, size)) < 0.33, rng.integers(1, states, (size, size)), 0)
    return Grid(cells.astype(np.uint8), "torus")


@pytest.mark.parametrize("family", FAMILIES)
def test_the_coroutine_drivers_agree(family):
    rule, grid = parse_rule(family), soup(family, len(family))
    expected = get_driver("serial").advance(grid, rule, 12)
    assert expected != grid
    with get_driver("threads", workers=2) as threads:
        assert threads.advance(grid, rule, 12) == expected
    if family == "Hutton32":
        with get_driver("processes", workers=2) as processes:
            assert processes.advance(grid, rule, 12) == expected


# --- Golly's own patterns, against bgolly ----------------------------------------------------------

_RULE_LINE = re.compile(rb"(rule\s*=\s*|#R\s+)(JvN29|Nobili32|Hutton32)\b")


def _jvn_patterns():
    """Golly's pattern files whose rule is one of the three (named in their first 64 KB)."""
    if PATTERNS is None:
        return []
    found = []
    for path in sorted(PATTERNS.rglob("*")):
        if path.is_file() and path.name.endswith((".rle", ".rle.gz", ".mc", ".mc.gz")):
            with open(path, "rb") as f:
                gzipped = f.read(2) == b"\x1f\x8b"  # as read_pattern, by the magic bytes
            with (gzip.open if gzipped else open)(path, "rb") as f:
                if _RULE_LINE.search(f.read(1 << 16)):
                    found.append(path)
    return found


JVN_PATTERNS = _jvn_patterns()
GENERATIONS = 20
WHOLE = 100_000  # a pattern with more cells is run as a window of it: its first step costs seconds
WINDOW = (96, 256)  # rows, columns


def _as_dict(plane):
    ys, xs, states = plane.points()
    return dict(zip(zip(ys.tolist(), xs.tolist()), states.tolist()))


@pytest.mark.skipif(PATTERNS is None or BGOLLY is None, reason="Golly (its Patterns and bgolly) is not installed")
@pytest.mark.parametrize("path", JVN_PATTERNS, ids=[p.name for p in JVN_PATTERNS])
def test_golly_s_jvn_patterns_run_as_in_golly(path, tmp_path):
    # A pattern without a position sits, as in Golly, with its top-left cell at (0, 0). One too
    # large to run whole here is cut to the window around its first excited cell, written out,
    # and that file run by both.
    pattern = read_pattern(path)
    rule = parse_rule(pattern.rule)
    ys, xs, states = pattern.absolute_points((0, 0))
    start = getattr(pattern, "generation", 0)
    if len(ys) > WHOLE:
        first = np.flatnonzero(np.isin(states, [*range(13, 17), *range(21, 25), C10, C11, *range(29, 32)]))[0]
        y0, x0 = int(ys[first]) - WINDOW[0] // 2, int(xs[first]) - WINDOW[1] // 2
        inside = (ys >= y0) & (ys < y0 + WINDOW[0]) & (xs >= x0) & (xs < x0 + WINDOW[1])
        ys, xs, states = ys[inside], xs[inside], states[inside]
        path, start = tmp_path / "window.rle", 0
        write_points(path, ys, xs, states, rule=pattern.rule)
    expected = bgolly_points(path, start + GENERATIONS, tmp_path, "JvN")
    plane = Plane.from_points(ys, xs, states)
    assert _as_dict(get_driver("serial").advance(plane, rule, GENERATIONS)) == expected
    with get_driver("compiled") as compiled:  # from jvn.table
        assert _as_dict(compiled.advance(plane, rule, GENERATIONS)) == expected


@pytest.mark.skipif(PATTERNS is None, reason="Golly's Patterns folder is not installed")
def test_all_eighteen_are_found():
    assert len(JVN_PATTERNS) >= 18
