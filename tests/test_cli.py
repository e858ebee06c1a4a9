"""The headless command line: runs, outputs that read back, and one-line errors with exit 2."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lifesim.app.cli import main
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import grid_for_pattern

ROOT = Path(__file__).resolve().parent.parent


def test_headless_run_prints_a_summary(capsys):
    assert main(["glider", "--headless", "--generations", "8"]) == 0
    out = capsys.readouterr().out
    assert "8 generations of B3/S23 on the plane box 3x3 at y=1 x=1" in out and "population 5 -> 5" in out
    assert main(["glider", "--headless", "--generations", "8", "--size", "16x16"]) == 0
    assert "on the torus 16x16" in (out := capsys.readouterr().out) and "cell-updates/s" in out


def test_a_pattern_runs_on_the_plane_by_default(tmp_path, capsys):
    """R-pentomino settles at generation 1103 with 116 cells only where nothing wraps round."""
    out = tmp_path / "r.rle.gz"
    assert main(["r_pentomino", "--headless", "--generations", "1103", "--driver", "compiled", "--out", str(out)]) == 0
    assert "population 5 -> 116" in capsys.readouterr().out
    pattern = read_pattern(out)
    assert pattern.population == 116 and pattern.origin == (-259, -241)  # the box's top-left, absolute
    assert main([str(out), "--headless", "--generations", "0", "--quiet"]) == 0  # reads back in place


def test_a_plane_checkpoint_resumes_on_the_plane(tmp_path, capsys):
    cp, out = tmp_path / "g.npz", tmp_path / "g.rle"
    assert main(["glider", "--headless", "--generations", "8", "--checkpoint-every", "4",
                 "--checkpoint", str(cp), "--quiet"]) == 0
    assert main(["--resume", str(cp), "--generations", "12", "--headless", "--out", str(out), "--quiet"]) == 0
    assert read_pattern(out).origin == (2, 2)  # started at (-1, -1), (+1, +1) every 4 generations


def test_out_rle_reads_back_to_the_same_grid_and_runs_on(tmp_path, capsys):
    first, second, whole = tmp_path / "a.rle", tmp_path / "b.rle", tmp_path / "c.rle"
    assert main(["r_pentomino", "--headless", "--generations", "20", "--size", "40x50",
                 "--topology", "bounded", "--out", str(first)]) == 0
    p = read_pattern(first)
    assert p.cells.shape == (40, 50) and (p.topology, p.size, p.rule) == ("bounded", (40, 50), "B3/S23")
    assert "rule = B3/S23:P50,40" in first.read_text()
    # 20 + 15 generations in two runs end where one run of 35 does.
    assert main([str(first), "--headless", "--generations", "15", "--out", str(second)]) == 0
    assert main(["r_pentomino", "--headless", "--generations", "35", "--size", "40x50",
                 "--topology", "bounded", "--out", str(whole)]) == 0
    assert np.array_equal(read_pattern(second).cells, read_pattern(whole).cells)


def test_stats_csv(tmp_path):
    stats = tmp_path / "s.csv"
    assert main(["blinker", "--headless", "--generations", "3", "--stats", str(stats)]) == 0
    assert stats.read_text() == "generation,population\n0,3\n1,3\n2,3\n3,3\n"


def test_random_soup_is_reproducible(tmp_path):
    a, b = tmp_path / "a.npy", tmp_path / "b.npy"
    for path in (a, b):
        assert main(["--seed", "7", "--density", "0.3", "--size", "20x30", "--headless",
                     "--generations", "5", "--out", str(path)]) == 0
    assert np.array_equal(np.load(a), np.load(b)) and np.load(a).shape == (20, 30)


def test_rule_option_and_generations_rule(capsys):
    assert main(["brians_brain_ship", "--headless", "--generations", "4"]) == 0
    assert "B2/S/C3" in capsys.readouterr().out
    assert main(["replicator", "--rule", "B3/S23", "--headless", "--generations", "2"]) == 0
    assert "of B3/S23" in capsys.readouterr().out


def test_rule_from_file(tmp_path, capsys):
    rules = tmp_path / "r.py"
    rules.write_text("def logic(state, neighbors):\n    return 1 if neighbors == 3 else 0\n")
    assert main(["blinker", "--rule", f"{rules}:logic", "--headless", "--generations", "1"]) == 0
    assert "population 3 -> 2" in capsys.readouterr().out


def _bad(tmp_path):
    bad_rle = tmp_path / "bad.rle"
    bad_rle.write_text("x = 2, y = 1\n3o!\n")
    big = tmp_path / "big.rle"
    big.write_text("x = 10, y = 10\n10o!\n")
    broken_rule = tmp_path / "broken.py"
    broken_rule.write_text("def cell(y, x):\n    yield 42\n")
    return [
        ([str(bad_rle)], "outside the header"),
        ([str(tmp_path / "missing.rle")], "no pattern file"),
        (["glider", "--rule", "B9/S9"], "expected a count 0..8"),
        (["glider", "--rule", "B3/S23x9"], "unknown rule"),
        (["glider", "--size", "0x10"], "empty"),
        (["glider", "--size", "100000x100000"], "too large"),
        (["glider", "--size", "banana"], "HxW"),
        ([str(big), "--size", "5x5"], "larger than"),
        (["glider", "--rule", f"{broken_rule}:cell"], "yielded 42"),
        (["glider", "--driver", "warp"], "unknown driver"),
        (["glider", "--generations", "-3"], "generations"),
        (["glider", "--density", "2"], "density"),
        (["--seed", "-1"], "expected a number >= 0, not -1"),
        (["brians_brain_ship", "--rule", "B3/S23"], "has only states 0..1"),
        ([str(tmp_path)], "not a file"),
    ]


def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path, capsys):
    for args, message in _bad(tmp_path):
        out = tmp_path / "out.rle"
        code = main(args + ["--headless", "--generations", "2", "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2, args
        assert message in err, (args, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert not out.exists()


def test_bad_output_path_is_refused_before_running(tmp_path, capsys):
    assert main(["glider", "--headless", "--out", str(tmp_path / "no" / "dir.rle")]) == 2
    assert main(["glider", "--headless", "--out", str(tmp_path / "grid.txt")]) == 2
    assert main(["glider", "--headless", "--stats", str(tmp_path / "s.json")]) == 2


def test_run_life_script_end_to_end(tmp_path):
    out = tmp_path / "g.rle"
    proc = subprocess.run([sys.executable, str(ROOT / "run_life.py"), "glider", "--headless",
                           "--generations", "4", "--out", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([sys.executable, str(ROOT / "run_life.py"), "nope"], capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1


def test_default_size_adds_a_margin():
    pattern = read_pattern(ROOT / "patterns" / "gosper_glider_gun.rle")
    grid = grid_for_pattern(pattern)
    assert grid.shape[0] > 9 and grid.shape[1] > 36 and grid.population == 36


@pytest.mark.parametrize("suffix", [".cells", ".lif"])
def test_a_two_state_out_format_for_a_multi_state_rule_is_refused_before_running(tmp_path, capsys, suffix):
    out, png = tmp_path / f"end{suffix}", tmp_path / "end.png"
    assert main(["brians_brain_ship", "--headless", "--generations", "3", "--out", str(out), "--png", str(png)]) == 2
    assert f"{suffix} holds two states only and rule" in capsys.readouterr().err
    assert not out.exists() and not png.exists()  # nothing half-done: not even the picture


SPREAD_RULE = """@RULE Spread
@TABLE
n_states:2
neighborhood:Moore
symmetries:permute
0,1,0,0,0,0,0,0,0,1
"""


def test_a_pattern_finds_its_rule_file_beside_it(tmp_path, monkeypatch, capsys):
    """Golly's habit: a pattern whose rule is a rule file's name, the .rule file in its folder."""
    monkeypatch.chdir(tmp_path.parent)  # not the pattern's folder
    monkeypatch.delenv("LIFESIM_RULE_PATH", raising=False)
    (tmp_path / "Spread.rule").write_text(SPREAD_RULE)
    (tmp_path / "one.rle").write_text("x = 1, y = 1, rule = Spread\no!\n")
    assert main([str(tmp_path / "one.rle"), "--headless", "--generations", "1"]) == 0
    assert "population 1 -> 9" in capsys.readouterr().out  # a dead cell with one live neighbour is born


def test_a_broken_zip_archive_is_refused_in_one_line(tmp_path, capsys):
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(b"PK\x03\x04" + bytes(40))
    assert main([str(archive), "--headless"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "zip archive" in err


def test_a_reader_that_stops_early_gets_no_traceback():
    """`lifesim identify glider | head -1`: the rest of the output has nowhere to go. Here the
    reader (`true`) is gone before lifesim has started, so every write finds the pipe closed."""
    run = subprocess.run(f"{sys.executable} {ROOT / 'run_life.py'} identify glider | true", shell=True,
                         capture_output=True, text=True, timeout=120)
    assert run.stderr == ""


def test_a_universe_of_many_cells_runs_on_compiled_unless_a_driver_is_named(tmp_path, capsys):
    from lifesim.grid import Grid
    from lifesim.rules import parse_rule
    from lifesim.runspec import SERIAL_MOST_STEPPED, default_driver
    from lifesim.universe import Plane
    life, brain = parse_rule("B3/S23"), parse_rule("B2/S/C3")
    assert default_driver(life, Grid.random(300, 300, 0.5, seed=1)) == "serial"  # 90,000 cells
    assert default_driver(brain, Grid.random(400, 300, 0.5, seed=1)) == "compiled"
    many = Plane.from_cells(np.ones((1, SERIAL_MOST_STEPPED + 1), np.uint8), (0, 0))
    assert default_driver(life, many) == "compiled"
    assert default_driver(life, Plane.from_cells(np.ones((1, SERIAL_MOST_STEPPED), np.uint8), (0, 0))) == "serial"
    assert main(["--seed", "1", "--size", "400x300", "--headless", "--generations", "2"]) == 0
    captured = capsys.readouterr()
    assert "(compiled driver)" in captured.out
    assert "the grid has 120,000 cells: the compiled driver runs it (--driver serial" in captured.err
    (tmp_path / "row.rle").write_text("x = 200000, y = 1, rule = B3/S23\n200000o!\n")
    assert main([str(tmp_path / "row.rle"), "--headless", "--generations", "1"]) == 0
    captured = capsys.readouterr()
    # the row's cells but its ends stay, and the rows above and below are born but at the ends
    assert "(compiled driver)" in captured.out and "population 200000 -> 599994" in captured.out
    assert "the pattern has 200,000 live cells: the compiled driver runs it" in captured.err


def test_a_far_sighted_rule_runs_on_compiled_unless_a_driver_is_named(tmp_path, capsys):
    from lifesim.rules import parse_rule
    from lifesim.runspec import default_driver
    assert default_driver(parse_rule("B3/S23")) == "serial"
    assert default_driver(parse_rule("R5,C0,M1,S34..58,B34..45,NM")) == "serial"  # 120 cells: coroutines do it
    assert default_driver(parse_rule("R20,C0,M1,S600..900,B500..700,NM")) == "compiled"  # 1,680 cells
    (tmp_path / "ltl.rle").write_text("x = 3, y = 3, rule = R20,C0,M1,S1..900,B500..700,NM\n3o$3o$3o!\n")
    assert main([str(tmp_path / "ltl.rle"), "--headless", "--generations", "2"]) == 0
    captured = capsys.readouterr()
    assert "(compiled driver)" in captured.out and "reads 1,680 cells a cell: the compiled driver" in captured.err
    assert main([str(tmp_path / "ltl.rle"), "--headless", "--generations", "1", "--driver", "serial"]) == 0
    captured = capsys.readouterr()
    assert "(serial driver)" in captured.out and not captured.err
