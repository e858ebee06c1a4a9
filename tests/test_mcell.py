"""MCell pattern files (.mcl): the #L cells, the rule from #RULE or #GOLLY, the #BOARD with the
pattern placed as MCell and Golly place it; Golly's own .mcl files where Golly is installed."""

import numpy as np
import pytest

from lifesim import Grid, LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.io.formats import read_pattern
from lifesim.io.mcell import parse_mcell
from tests.golly import BGOLLY, PATTERNS, RULES, bgolly_file


def test_cells_runs_and_states_across_l_lines():
    fields = parse_mcell("#MCell 4.20\n#GAME Generations\n#RULE 345/2/4\n#D a comment\n"
                         "#L 2.AB$C\n#L 2A$$aB\n")
    assert fields["rule"] == "345/2/4" and fields["comments"] == ["a comment"]
    assert fields["topology"] is None and fields["size"] is None
    assert fields["cells"].tolist() == [[0, 0, 1, 2], [3, 1, 1, 0], [0, 0, 0, 0], [26, 0, 0, 0]]


def test_a_board_centres_the_live_cells_as_mcell_does():
    fields = parse_mcell("#MCell 2.0\n#GAME Life\n#RULE 23/3\n#BOARD 9x6\n#WRAP 1\n#L 3.A$3.3A\n")
    assert fields["topology"] == "torus" and fields["size"] == (6, 9)
    cells = fields["cells"]
    assert cells.shape == (6, 9)
    # the 3x2 box moves from column 3, row 0 by (9+1-3)//2 = 3 and (6+1-2)//2 = 2
    assert list(zip(*np.nonzero(cells))) == [(2, 6), (3, 6), (3, 7), (3, 8)]
    assert parse_mcell("#MCell\n#BOARD 9x6\n#WRAP 0\n#L A\n")["topology"] == "bounded"


def test_the_first_of_rule_and_golly_lines_is_the_rule():
    fields = parse_mcell("#MCell 4.00\n#GAME Rules table\n#GOLLY WireWorld\n#RULE 1,0,0,0\n#RULE 0,3\n#L A\n")
    assert fields["rule"] == "WireWorld"
    assert parse_mcell("#MCell\n#L A\n")["rule"] is None  # Conway's Life


@pytest.mark.parametrize("text, line, words", [
    ("#Life 1.06\n", 1, "#MCell"),
    ("#MCell 4.0\n#GAME Cyclic CA\n#RULE R1/T3/C16/NM\n", 2, "Cyclic CA is not supported"),
    ("#MCell 4.0\n#GAME Rules table\n#RULE 1,0,0,0\n", 2, "#GOLLY"),
    ("#MCell 4.0\n#L 3A\n#L 2Z\n", 3, "unexpected '2Z'"),
    ("#MCell 4.0\n#BOARD big\n#L A\n", 2, "WIDTHxHEIGHT"),
    ("#MCell 4.0\n#BOARD 2x2\n#L 5A\n", 2, "does not fit"),
])
def test_bad_mcell_text_names_the_line(text, line, words):
    with pytest.raises(LifesimError) as info:
        parse_mcell(text)
    assert f"MCell line {line}:" in str(info.value) and words in str(info.value)


def test_an_mcl_file_reads_as_a_pattern(tmp_path):
    path = tmp_path / "glider.mcl"
    path.write_text("#MCell 4.20\n#GAME Life\n#RULE 23/3\n#BOARD 20x20\n#WRAP 1\n#L .A$..A$3A\n")
    pattern = read_pattern(path)
    assert pattern.name == "glider" and pattern.rule == "23/3" and pattern.topology == "torus"
    assert pattern.cells.shape == (20, 20) and pattern.cells.sum() == 5
    assert str(parse_rule(pattern.rule)) == "B3/S23"


needs_golly = pytest.mark.skipif(PATTERNS is None, reason="Golly's Patterns folder is not installed")


@needs_golly
def test_every_mcl_file_golly_ships_reads():
    files = sorted(PATTERNS.rglob("*.mcl"))
    for path in files:
        pattern = read_pattern(path)
        assert pattern.cells.any(), path
    print(f"\n{len(files)} of Golly's .mcl files read")


@pytest.mark.skipif(PATTERNS is None or RULES is None or BGOLLY is None, reason="Golly is not installed")
@pytest.mark.parametrize("name, algorithm", [("WireWorld/gate-NOT.mcl", "RuleLoader"),
                                             ("Generations/Caterpillars.mcl", "Generations"),
                                             ("Generations/What-a-mess.mcl", "Generations")])
def test_golly_mcl_files_start_and_run_as_in_bgolly(name, algorithm, tmp_path):
    pattern = read_pattern(PATTERNS / name)
    rule = parse_rule(pattern.rule, search=(RULES,))
    grid = Grid(pattern.cells, pattern.topology)
    assert np.array_equal(grid.cells, bgolly_file(PATTERNS / name, 0, pattern.size, tmp_path, algorithm))
    with get_driver("compiled") as compiled:
        ours = compiled.advance(grid, rule, 30)
    assert np.array_equal(ours.cells, bgolly_file(PATTERNS / name, 30, pattern.size, tmp_path, algorithm))
