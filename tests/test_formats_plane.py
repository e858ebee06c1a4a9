"""Patterns on the plane: sparse points, positions (#CXRLE Pos, Life 1.05/1.06), .gz, write_points."""

import gzip
import tracemalloc

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, LifesimError
from lifesim.io.formats import (
    SUFFIXES, TWO_STATE_SUFFIXES, Pattern, check_output_path, parse_life, parse_pattern_text, parse_rle,
    pattern_suffix, read_pattern, write_pattern, write_points,
)

GLIDER = [(0, 1), (1, 2), (2, 0), (2, 1), (2, 2)]  # (y, x)


def as_set(points):
    ys, xs, states = points
    return {(y, x, s) for y, x, s in zip(ys.tolist(), xs.tolist(), states.tolist())}


def test_points_are_sorted_row_major_int64_and_uint8():
    p = parse_rle("x = 3, y = 3, rule = B3/S23\nbob$2bo$3o!")
    ys, xs, states = p.points
    assert (ys.dtype, xs.dtype, states.dtype) == (np.int64, np.int64, np.uint8)
    assert list(zip(ys.tolist(), xs.tolist())) == GLIDER and states.tolist() == [1] * 5
    assert (p.height, p.width, p.origin, p.population) == (3, 3, None, 5)
    assert p.cells.tolist() == [[0, 1, 0], [0, 0, 1], [1, 1, 1]]


def test_cxrle_pos_gives_the_origin_column_first():
    p = parse_rle("#CXRLE Pos=-7,12 Gen=3480\n#N g\nx = 3, y = 3\nbob$2bo$3o!")
    assert p.origin == (12, -7) and p.name == "g"
    assert as_set(p.points) == {(y, x, 1) for y, x in GLIDER}
    ys, xs, _ = p.absolute_points(default_origin=(0, 0))
    assert (ys.min(), xs.min()) == (12, -7)
    assert parse_rle("x = 1, y = 1\no!").absolute_points((5, 6))[0].tolist() == [5]


def test_a_huge_sparse_rle_parses_in_memory_that_follows_its_live_cells():
    # Two blocks 10^5 cells apart in a 200000 x 200000 box: 4 * 10^10 cells as a dense array.
    text = "x = 200000, y = 200000, rule = B3/S23\n2o$2o99999$100000b2o$100000b2o!\n"
    tracemalloc.start()
    try:
        p = parse_rle(text)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000
    assert as_set(p.points) == {(0, 0, 1), (0, 1, 1), (1, 0, 1), (1, 1, 1),
                                (100000, 100000, 1), (100000, 100001, 1), (100001, 100000, 1), (100001, 100001, 1)}
    assert (p.height, p.width) == (200000, 200000)


LIFE_105 = """#Life 1.05
#D Two blocks
#D and a blinker.
#R 23/36
#P -2 -1
**
**
#P 10 4
.*
.*
.*
"""


def test_life_105_blocks_are_absolute():
    p = parse_life(LIFE_105)
    assert p.rule == "23/36" and p.comments == ["Two blocks", "and a blinker."]
    assert p.origin == (-1, -2) and (p.height, p.width) == (8, 14)
    ys, xs, _ = p.absolute_points(None)
    assert set(zip(ys.tolist(), xs.tolist())) == {(-1, -2), (-1, -1), (0, -2), (0, -1), (4, 11), (5, 11), (6, 11)}


def test_life_105_normal_rules_and_bare_p_lines_as_in_golly_s_acorn():
    p = parse_life("#Life 1.05\n#D Acorn\n#N\n#P\n.*\n...*\n**..***\n")
    assert p.rule == "B3/S23" and p.origin is None
    assert p.cells.tolist() == [[0, 1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 0, 0, 0], [1, 1, 0, 0, 1, 1, 1]]


def test_life_106_keeps_its_absolute_coordinates():
    p = parse_life("#Life 1.06\n#D glider\n0 -1\n1 0\n-1 1\n0 1\n1 1\n1 1\n")
    assert p.origin == (-1, -1) and p.population == 5 and p.comments == ["glider"]
    assert p.cells.tolist() == [[0, 1, 0], [0, 0, 1], [1, 1, 1]]


@pytest.mark.parametrize("text, message", [
    ("#Life 1.05\n#P 1\n*\n", "line 2: expected '#P x y'"),
    ("#Life 1.05\n#P 0 0\n*x*\n", "line 3: unknown cell character 'x'"),
    ("#Life 1.06\n1 2 3\n", "line 2: expected two integers"),
])
def test_malformed_life_files(text, message):
    with pytest.raises(LifesimError, match=message):
        parse_life(text)


@pytest.mark.parametrize("text", [
    "#N glider\nx = 3, y = 3\nbob$2bo$3o!",
    "  x=3,y=3\nbob$2bo$3o!",
    "bo$2bo$3o!",
    "\n.O.\n..O\nOOO\n",
    "!Name: glider\n.O\n..O\nOOO",
    "#Life 1.06\n1 0\n2 1\n0 2\n1 2\n2 2\n",
    "#Life 1.05\n#P 0 0\n.*\n..*\n***\n",
    "#P 0 0\n.*\n..*\n***\n",  # WinLifeSearch's Life 1.05 without its header line
])
def test_pasted_text_is_read_in_the_format_its_content_shows(text):
    assert parse_pattern_text(text).cells.tolist() == [[0, 1, 0], [0, 0, 1], [1, 1, 1]]


def test_macrocell_text_is_refused_in_one_line():
    with pytest.raises(LifesimError, match="macrocell"):
        parse_pattern_text("[M2] (golly 3.3)\n#R B3/S23\n")


def test_gz_is_read_by_suffix_or_by_its_magic_bytes(tmp_path):
    rle = b"x = 3, y = 3, rule = B36/S23\nbob$2bo$3o!\n"
    (tmp_path / "g.rle.gz").write_bytes(gzip.compress(rle))
    (tmp_path / "plain.rle.gz").write_bytes(rle)  # Golly's Patterns hold one such file: gzopen reads it
    (tmp_path / "packed.rle").write_bytes(gzip.compress(rle))
    (tmp_path / "anon.gz").write_bytes(gzip.compress(rle))
    for name in ("g.rle.gz", "plain.rle.gz", "packed.rle", "anon.gz"):
        p = read_pattern(tmp_path / name)
        assert p.rule == "B36/S23" and p.population == 5, name
    assert read_pattern(tmp_path / "g.rle.gz").name == "g"
    (tmp_path / "broken.rle.gz").write_bytes(gzip.compress(rle)[:20])
    with pytest.raises(LifesimError, match="broken.rle.gz: broken gzip"):
        read_pattern(tmp_path / "broken.rle.gz")


def test_a_bad_file_s_error_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "bad.rle"
    path.write_text("#C fine\nx = 3, y = 1\no?o!\n")
    with pytest.raises(LifesimError, match=r"bad\.rle: RLE line 3: unexpected '\?o!'"):
        read_pattern(path)


def test_suffixes_include_gz_of_every_text_format(tmp_path):
    assert {".rle.gz", ".cells.gz", ".lif.gz"} <= set(SUFFIXES)
    assert {".cells.gz", ".lif.gz"} <= set(TWO_STATE_SUFFIXES) and ".rle.gz" not in TWO_STATE_SUFFIXES
    assert pattern_suffix("a/B.RLE.GZ") == ".rle.gz" and pattern_suffix("x.mc") == ".mc"
    assert check_output_path("out", str(tmp_path / "x.rle.gz"), SUFFIXES).name == "x.rle.gz"
    with pytest.raises(LifesimError, match="expected a file ending in"):
        check_output_path("out", str(tmp_path / "x.gz"), SUFFIXES)


def test_write_points_writes_rle_with_its_position_first(tmp_path):
    path = tmp_path / "g.rle"
    ys = [y - 100 for y, _ in GLIDER]
    xs = [x + 7 for _, x in GLIDER]
    write_points(path, ys, xs, rule="B3/S23", name="glider", comments=["flying"])
    assert path.read_text().splitlines() == [
        "#CXRLE Pos=7,-100", "#N glider", "#C flying", "x = 3, y = 3, rule = B3/S23", "bo$2bo$3o!"]


def test_write_points_refuses_more_states_in_two_state_formats(tmp_path):
    with pytest.raises(LifesimError, match="two states only"):
        write_points(tmp_path / "m.lif.gz", [0, 1], [0, 0], [1, 2])
    write_points(tmp_path / "m.rle", [0, 1], [0, 0], [1, 2], rule="B2/S/C3")
    assert read_pattern(tmp_path / "m.rle").cells.tolist() == [[1], [2]]


def test_written_gz_is_gzip(tmp_path):
    write_points(tmp_path / "g.cells.gz", [0], [0])
    assert gzip.decompress((tmp_path / "g.cells.gz").read_bytes()).decode().strip() == "O"


def test_write_pattern_keeps_a_torus_in_life_106_too(tmp_path):
    grid = Grid.random(6, 9, 0.5, seed=2)
    write_pattern(tmp_path / "g.lif", grid, "B36/S23")
    p = read_pattern(tmp_path / "g.lif")
    assert (p.rule, p.topology, p.size) == ("B36/S23", "torus", (6, 9))


@settings(max_examples=25, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(-40, 40), st.integers(-40, 40)), min_size=1, max_size=40),
       offset=st.tuples(st.integers(-10**9, 10**9), st.integers(-10**9, 10**9)),
       suffix=st.sampled_from([s for s in SUFFIXES]))
def test_write_points_then_read_gives_the_same_points_and_origin(tmp_path_factory, cells, offset, suffix):
    ys = np.array([y + offset[0] for y, _ in cells])
    xs = np.array([x + offset[1] for _, x in cells])
    path = tmp_path_factory.mktemp("w") / f"p{suffix}"
    write_points(path, ys, xs, rule="B3/S23")
    p = read_pattern(path)
    top, left = int(ys.min()), int(xs.min())
    assert as_set(p.points) == {(y - top, x - left, 1) for y, x in zip(ys.tolist(), xs.tolist())}
    assert (p.height, p.width) == (int(ys.max()) - top + 1, int(xs.max()) - left + 1)
    positionless = suffix.startswith((".cells", ".npy"))  # Golly's plaintext and .npy hold no position
    assert p.origin == (None if positionless else (top, left))


@settings(max_examples=25, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(-10**5, 10**5), st.integers(-10**5, 10**5), st.integers(1, 255)),
                      min_size=1, max_size=40))
def test_multistate_points_round_trip_through_rle_far_apart(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("w") / "p.rle.gz"
    ys, xs, states = (np.array(column) for column in zip(*cells))
    write_points(path, ys, xs, states, rule="/2/256")
    assert all(len(line) <= 70 for line in gzip.decompress(path.read_bytes()).decode().splitlines())
    p = read_pattern(path)
    expected = {}
    for y, x, s in cells:
        expected[(y, x)] = s  # the last of a cell given twice
    ys2, xs2, states2 = p.absolute_points(None)
    assert dict(zip(zip(ys2.tolist(), xs2.tolist()), states2.tolist())) == expected


def test_write_points_of_nothing_reads_back_as_nothing(tmp_path):
    for suffix in (".rle", ".lif", ".cells"):
        write_points(tmp_path / f"e{suffix}", [], [])
        assert read_pattern(tmp_path / f"e{suffix}").population == 0


def test_pattern_from_cells_and_from_absolute_points():
    p = Pattern.from_cells(np.array([[0, 3], [1, 0]], np.uint8), rule="B3/S23")
    assert as_set(p.points) == {(0, 1, 3), (1, 0, 1)} and (p.height, p.width, p.origin) == (2, 2, None)
    q = Pattern.from_absolute_points([5, -2, 5], [1, 4, 1], [1, 2, 3])
    assert q.origin == (-2, 1) and (q.height, q.width) == (8, 4)
    assert as_set(q.points) == {(0, 3, 2), (7, 0, 3)}
