"""Pattern files: RLE (Golly's grid suffixes, multi-state letters), .cells, Life 1.06, .npy."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lifesim import Grid, LifesimError
from lifesim.io.formats import (
    format_cells, format_life106, format_rle, parse_cells, parse_life, parse_pattern_text, parse_rle, read_pattern,
    write_pattern,
)
from lifesim.io.patterns import PATTERN_DIR, pattern_names

GLIDER_RLE = """#N Glider
#C A comment
#O Richard K. Guy
x = 3, y = 3, rule = B3/S23
bob$2bo$3o!
"""


def test_read_glider_rle():
    p = parse_rle(GLIDER_RLE)
    assert str(Grid(p.cells)) == "-*-\n--*\n***"
    assert (p.rule, p.name, p.topology, p.size) == ("B3/S23", "Glider", None, None)
    assert p.comments == ["A comment", "Richard K. Guy"]


def test_rle_runs_across_lines_and_blank_rows():
    p = parse_rle("x = 4, y = 4\n2o\nbo3$\no!")
    assert str(Grid(p.cells)) == "**-*\n----\n----\n*---"


def test_rle_grid_suffix_sets_size_and_topology():
    p = parse_rle("x = 5, y = 4, rule = B36/S23:T5,4\no!")
    assert (p.rule, p.topology, p.size) == ("B36/S23", "torus", (4, 5))
    p = parse_rle("x = 5, y = 4, rule = B3/S23:P5,4\no!")
    assert p.topology == "bounded"


def test_x_and_y_are_live_cells_as_in_mark_niemiec_s_collections():
    assert parse_rle("x = 4, y = 2\nbo$3x!").cells.tolist() == [[0, 1, 0, 0], [1, 1, 1, 0]]
    assert parse_rle("x = 3, y = 1\nxyo!").cells.tolist() == [[1, 1, 1]]


def test_a_rule_with_spaces_in_its_path_round_trips(tmp_path):
    grid = Grid.random(5, 6, 0.5, seed=1)
    write_pattern(tmp_path / "g.rle", grid, "/tmp/my rules/c.py:step_cell")
    assert read_pattern(tmp_path / "g.rle").rule == "/tmp/my rules/c.py:step_cell"


@pytest.mark.parametrize("write", [format_cells, format_life106])
def test_two_state_formats_refuse_more_states(write):
    with pytest.raises(LifesimError, match="holds two states only"):
        write(np.array([[0, 2]], np.uint8))


def test_multistate_letters():
    p = parse_rle("x = 4, y = 1, rule = B2/S/C3\n.ABA!")
    assert p.cells.tolist() == [[0, 1, 2, 1]]
    big = parse_rle("x = 3, y = 1, rule = /2/256\nXpAyO!")
    assert big.cells.tolist() == [[24, 25, 255]]


@pytest.mark.parametrize("text, message", [
    ("y = 3, x = 3\no!", "bad header"),
    ("no header at all", "bad header"),
    ("", "no header"),
    ("x = 2, y = 1\n3o!", "outside the header"),
    ("x = 2, y = 1\no$o!", "outside the header"),
    ("x = 2, y = 1\n0o!", "run count 0"),
    ("x = 3, y = 1\noZo!", "unknown state letter 'Z'"),
    ("x = 3, y = 1\no?o!", "unexpected"),
    ("x = 3, y = 1\nooo", "does not end"),
    ("x = 2, y = 2, rule = B2/S/C3\no$p$A!", "unknown state letter 'p' \\(a multi-state letter is p..y then A..X\\)"),
    ("x = 2, y = 1\nzo!", "unknown state letter 'z'"),
    ("x = 2, y = 1, rule = /2/256\np3A!", "unknown state letter 'p'"),
])
def test_malformed_rle(text, message):
    with pytest.raises(LifesimError, match=message):
        parse_rle(text)


@settings(max_examples=60, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 90)), elements=st.integers(0, 1)))
def test_rle_round_trip_keeps_the_whole_array(cells):
    text = format_rle(cells, "B3/S23")
    assert all(len(line) <= 70 for line in text.splitlines())
    assert np.array_equal(parse_rle(text).cells, cells)


@settings(max_examples=40, deadline=None)
@given(arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 40)), elements=st.integers(0, 255)))
def test_multistate_rle_round_trip(cells):
    text = format_rle(cells, "/2/256")
    assert all(len(line) <= 70 for line in text.splitlines())
    assert np.array_equal(parse_rle(text).cells, cells)


def test_a_box_too_big_for_a_grid_parses_but_has_no_dense_cells():
    p = parse_rle("x = 999999, y = 999999\no!")
    assert (p.height, p.width, p.population) == (999999, 999999, 1)
    with pytest.raises(LifesimError, match="too large"):
        p.cells


def test_cells_format():
    p = parse_cells("!Name: Glider\n!comment\n.O\n..O\nOOO\n")
    assert p.name == "Glider" and str(Grid(p.cells)) == "-*-\n--*\n***"
    assert np.array_equal(parse_cells(format_cells(p.cells)).cells, p.cells)
    with pytest.raises(LifesimError, match="unknown cell character"):
        parse_cells(".X.\n")


def test_life106_format():
    p = parse_life("#Life 1.06\n0 -1\n1 0\n-1 1\n0 1\n1 1\n")
    assert str(Grid(p.cells)) == "-*-\n--*\n***"
    assert np.array_equal(parse_life(format_life106(p.cells)).cells, p.cells)
    with pytest.raises(LifesimError, match="two integers"):
        parse_life("#Life 1.06\n1 x\n")
    with pytest.raises(LifesimError, match="first line"):
        parse_life("1 1\n")


@pytest.mark.parametrize("suffix", [".rle", ".npy", ".cells"])
def test_write_then_read_gives_the_same_grid(tmp_path, suffix):
    grid = Grid.random(13, 21, 0.4, seed=3, topology="bounded")
    path = tmp_path / f"g{suffix}"
    write_pattern(path, grid, "B36/S23")
    p = read_pattern(path)
    assert np.array_equal(p.cells, grid.cells)
    if suffix == ".rle":
        assert (p.rule, p.topology, p.size) == ("B36/S23", "bounded", (13, 21))
        assert "rule = B36/S23:P21,13" in path.read_text()
    assert [f.name for f in tmp_path.iterdir()] == [path.name]  # no temp file left behind


def test_written_files_get_ordinary_permissions(tmp_path):
    import os
    import stat

    path = tmp_path / "g.rle"
    write_pattern(path, Grid.empty(3, 3), "B3/S23")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
    path.chmod(0o640)
    write_pattern(path, Grid.empty(3, 3), "B3/S23")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_unreadable_files(tmp_path):
    with pytest.raises(LifesimError, match="cannot read"):
        read_pattern(tmp_path / "missing.rle")
    bad = tmp_path / "bad.npy"
    bad.write_bytes(b"not numpy")
    with pytest.raises(LifesimError, match="npy"):
        read_pattern(bad)
    np.save(tmp_path / "three.npy", np.zeros((2, 2, 2)))
    with pytest.raises(LifesimError, match="2-D"):
        read_pattern(tmp_path / "three.npy")


def test_every_bundled_pattern_is_valid_rle_with_a_rule():
    required = {"block", "blinker", "toad", "beacon", "pulsar", "pentadecathlon", "glider", "lwss", "mwss",
                "hwss", "gosper_glider_gun", "r_pentomino", "acorn", "diehard"}
    assert required <= set(pattern_names())
    from lifesim.rules import parse_rule

    rules = set()
    for path in PATTERN_DIR.glob("*.rle"):
        p = read_pattern(path)
        assert p.rule, path
        assert p.cells.any(), path
        rules.add(parse_rule(p.rule).rulestring)
    assert {"B3/S23", "B36/S23", "B2/S", "B3678/S34678", "B1357/S1357", "B2/S/C3"} <= rules


def reference_rle_cells(body, height, width):
    """The cells of an RLE body read one token at a time, the plain way; None where it is malformed."""
    import re

    cells = np.zeros((height, width), np.uint8)
    letters = {".": 0, "b": 0, "o": 1, "x": 1, "y": 1, **{chr(65 + i): i + 1 for i in range(24)}}
    letters.update({chr(0x70 + p) + chr(65 + i): 24 * (p + 1) + i + 1 for p in range(10) for i in range(24)})
    y = x = 0
    for line in body.splitlines():
        line = line.strip().replace(" ", "").replace("\t", "")
        if not line or line.startswith("#"):
            continue
        if "!" in line:
            line = line[:line.index("!") + 1]
        if not re.fullmatch(r"(?:\d*(?:[p-y][A-X]|[a-zA-Z.$!]))*", line):
            return None
        for count_text, tag in re.findall(r"(\d*)([p-y][A-X]|[a-zA-Z.$!])", line):
            count = int(count_text or 1)
            if count_text and count == 0:
                return None
            if tag == "!":
                return cells
            if tag == "$":
                y, x = y + count, 0
                continue
            if letters.get(tag, 256) > 255 or x + count > width or y >= height:
                return None
            cells[y, x:x + count] = letters[tag]
            x += count
    return None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789bo$.AXpAyOyPxq?! \t\n#", max_size=40))
def test_the_rle_decoder_agrees_with_a_token_at_a_time_reader(body):
    text = f"x = 12, y = 9, rule = /2/256\n{body}"
    expected = reference_rle_cells(body, 9, 12)
    try:
        cells = parse_rle(text).cells
    except LifesimError:
        cells = None
    assert (cells is None) == (expected is None), body
    if expected is not None:
        assert np.array_equal(cells, expected), body


def test_rle_keeps_golly_s_generation_in_its_cxrle_line():
    from lifesim.io.rle import pattern_to_rle
    pattern = parse_pattern_text("#CXRLE Pos=-1,2 Gen=42\nx = 2, y = 1\n2o!\n")
    assert pattern.generation == 42 and pattern.origin == (2, -1)
    assert pattern_to_rle(pattern).startswith("#CXRLE Pos=-1,2 Gen=42\n")
    assert parse_pattern_text("x = 2, y = 1\n2o!\n").generation == 0
    assert "Gen" not in pattern_to_rle(parse_pattern_text("#CXRLE Pos=0,0\nx = 2, y = 1\n2o!\n"))


def test_a_run_goes_on_from_the_file_s_generation(tmp_path, capsys):
    from lifesim.app.cli import main
    (tmp_path / "g.rle").write_text("#CXRLE Pos=0,0 Gen=100\nx = 3, y = 3\nbo$2bo$3o!\n")
    assert main([str(tmp_path / "g.rle"), "--headless", "--quiet", "--generations", "10",
                 "--stats", str(tmp_path / "s.csv"), "--out", str(tmp_path / "out.rle")]) == 0
    rows = (tmp_path / "s.csv").read_text().splitlines()
    assert rows[1] == "100,5" and rows[-1] == "110,5" and len(rows) == 12
    assert (tmp_path / "out.rle").read_text().startswith("#CXRLE Pos=2,3 Gen=110\n")
