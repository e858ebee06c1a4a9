"""The soup census: settling soups side by side on one plane, cutting them into objects as
apgsearch does, counting them in Catagolue's census text, and the census command."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from lifesim.app.census_command import Partial, Settings
from lifesim.app.cli import main
from lifesim.census.clusters import clusters
from lifesim.census.objects import Namer
from lifesim.census.report import Census, catagolue_rule
from lifesim.census.search import search
from lifesim.census.settle import LANE, SAMPLE, settle
from lifesim.census.soups import soup_cells
from lifesim.drivers import get_driver
from lifesim.grid import Grid
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.rules import parse_rule
from lifesim.universe import Plane

from conftest import child_processes, process_alive

ROOT = Path(__file__).resolve().parent.parent

LIFE = parse_rule("B3/S23")
BLOCK, BLINKER, BEEHIVE, GLIDER = "xs4_33", "xp2_7", "xs6_696", "xq4_153"
PULSAR = "xp3_co9nas0san9oczgoldlo0oldlogz1047210127401"


def cells(text):
    return Grid.from_text(text.strip("\n")).cells


@pytest.fixture(scope="module")
def namer():
    with get_driver("compiled") as driver:
        yield Namer(LIFE, driver, limit=1200, patience=300)


def named(namer, text, origin=(0, 0)):
    return dict(namer.objects(Plane.from_cells(cells(text), origin)))


# Clusters ----------------------------------------------------------------------------------------

def test_clusters_join_points_within_reach():
    ys, xs = np.array([0, 0, 0, 5, 5, 9]), np.array([0, 1, 3, 0, 2, 9])
    assert clusters(ys, xs, 1).tolist() == [0, 0, 1, 2, 3, 4]
    assert clusters(ys, xs, 2).tolist() == [0, 0, 0, 1, 1, 2]
    assert clusters(ys, xs, 5).tolist() == [0, 0, 0, 0, 0, 1]  # (5,2) to (9,9) is 7 apart
    assert clusters(ys[::-1], xs[::-1], 2).tolist() == [0, 1, 1, 2, 2, 2]  # numbered by first point
    assert clusters(np.zeros(0), np.zeros(0), 2).tolist() == []


# Objects -----------------------------------------------------------------------------------------

def test_objects_far_apart_are_each_named(namer):
    text = "**----------\n**----------\n------------\n------------\n---------***\n"
    assert named(namer, text) == {BLOCK: 1, BLINKER: 1}


def test_objects_that_merely_touch_are_separated(namer):
    # a bi-block: two blocks one column apart, each a still life on its own
    assert named(namer, "**-**\n**-**") == {BLOCK: 2}
    # two blinkers whose horizontal phases are one empty column apart: a pseudo-oscillator
    assert named(namer, "*---*\n*---*\n*---*") == {BLINKER: 2}


def test_one_object_is_not_split(namer):
    # the beacon's two blocks touch at a corner; the pulsar's quadrants are apart in some
    # phases, and none of them alone does what it does in the pulsar, so they are merged back
    assert named(namer, "**--\n**--\n--**\n--**") == {"xp2_318c": 1}
    pulsar = place_pattern(read_pattern(find_pattern("pulsar")))
    assert dict(namer.objects(pulsar)) == {PULSAR: 1}


def test_a_piece_still_settling_is_run_on_and_cut_again(namer):
    # the R-pentomino, given before it settles: LifeWiki's final census of it
    r = place_pattern(read_pattern(find_pattern("r_pentomino")))
    assert dict(namer.objects(r)) == {BLOCK: 8, GLIDER: 6, BEEHIVE: 4, BLINKER: 4,
                                      "xs5_253": 1, "xs7_2596": 1, "xs6_356": 1}


def test_a_piece_that_never_repeats_is_named_by_its_growth():
    with get_driver("compiled") as driver:
        namer = Namer(LIFE, driver, limit=60, patience=200)
        gun = place_pattern(read_pattern(find_pattern("gosper_glider_gun")))
        # watched for its period, the gun is one piece (its shuttles reach its blocks)
        assert dict(namer.objects(gun, watch=30)) == {"zz_LINEAR": 1}


def test_pieces_are_remembered(namer):
    before = len(namer.known)
    named(namer, "**\n**", origin=(40, -7))
    named(namer, "**\n**", origin=(-3, 1000))  # the same cells elsewhere: looked up
    assert len(namer.known) <= before + 1


# Settling side by side ---------------------------------------------------------------------------

def test_soups_settle_each_in_its_own_lane():
    soups = [(0, cells("**-------\n**-------\n------***")),   # a block and a blinker
             (1, cells("-*-\n--*\n***")),                     # a glider: population 5 for ever
             (2, cells("*")),                                 # dies at once
             (3, read_pattern(find_pattern("gosper_glider_gun")).cells)]  # never settles
    with get_driver("compiled") as driver:
        done = {s.index: s for s in settle(soups, LIFE, driver, batch=2, max_generations=600)}
    assert sorted(done) == [0, 1, 2, 3]
    # a period is a multiple of the population's, seen in samples SAMPLE generations apart
    assert done[0].period == SAMPLE and done[0].plane.population == 7
    y0, _, x0, _ = done[0].plane.bounding_box()
    assert (y0, x0) == (0, 0)  # the soup's own position, not its lane's
    assert done[1].period == SAMPLE and done[1].plane.population == 5 and done[1].generation < 600
    assert done[2].period == 1 and done[2].plane.population == 0
    assert done[3].period is None and done[3].generation >= 600
    assert done[3].plane.bounding_box()[3] < LANE // 2  # its gliders stayed in its lane


def test_a_handful_of_hand_built_soups_counted():
    soups = [(0, cells("**-------\n**-------\n------***")),
             (1, cells("-*-\n--*\n***")),
             (2, cells("**-**\n**-**")),
             (3, cells("*"))]
    census = Census("hand", catagolue_rule(LIFE))
    with get_driver("compiled") as driver:
        namer = Namer(LIFE, driver)
        for s in sorted(settle(soups, LIFE, driver), key=lambda s: s.index):
            census.add(s.index, namer.objects(s.plane, s.period or 12))
    assert census.table() == [(BLOCK, 3), (BLINKER, 1), (GLIDER, 1)]
    assert census.text() == (
        "@VERSION " + census.text().splitlines()[0].split()[1] + "\n"
        "@MD5 573ce5969e9884d49d4fab77b09a306a\n"  # printf hand | md5sum
        "@ROOT hand\n@RULE b3s23\n@SYMMETRY C1\n@NUM_SOUPS 4\n@NUM_OBJECTS 5\n\n"
        "@CENSUS TABLE\nxs4_33 3\nxp2_7 1\nxq4_153 1\n\n"
        "@SAMPLE_SOUPIDS\nxs4_33 0 2\nxp2_7 0\nxq4_153 1\n")


def test_search_names_the_objects_of_hashed_soups(namer):
    found = search("k_test", [2, 0], namer)
    assert [sum(f.values()) for f in found] == [6, 9]  # soup 2 first, as asked
    assert found[1] == Counter({BLINKER: 7, BLOCK: 1, BEEHIVE: 1})


def test_soups_of_any_shape_settle_side_by_side_as_each_alone():
    # a 1x256 row, a 32x32 C4_4 soup and an 8x32 one: each in its own lane, cut out at its own
    # position, as when it runs alone
    soups = [(i, soup_cells(f"k_test{i}", name)) for i, name in enumerate(["1x256", "C4_4", "8x32"])]
    with get_driver("compiled") as driver:
        together = {s.index: s for s in settle(soups, LIFE, driver, batch=3, max_generations=3000)}
        for soup in soups:
            (alone,) = settle([soup], LIFE, driver, batch=1, max_generations=3000)
            mine = together[soup[0]]
            assert (mine.generation, mine.period) == (alone.generation, alone.period)
            assert all(np.array_equal(a, b) for a, b in zip(mine.plane.points(), alone.plane.points()))


@pytest.mark.parametrize("rule, name", [("B3/S23", "b3s23"), ("highlife", "b36s23"), ("B2/S/C3", "g3b2s")])
def test_rules_as_catagolue_names_them(rule, name):
    assert catagolue_rule(parse_rule(rule)) == name


# The command -------------------------------------------------------------------------------------

ARGS = ["census", "--soups", "12", "--root", "k_test", "--quiet"]


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The bytes of the 12-soup census of k_test, run here, uninterrupted, with --save-soups."""
    folder = tmp_path_factory.mktemp("census")
    assert main(ARGS + ["--out", str(folder / "whole.txt"), "--workers", "1", "--save-soups", str(folder)]) == 0
    return folder


def test_census_command_writes_catagolue_text_the_same_on_any_workers(tmp_path, whole):
    two = tmp_path / "two.txt"
    assert main(ARGS + ["--out", str(two), "--workers", "2"]) == 0
    assert (whole / "whole.txt").read_bytes() == two.read_bytes()
    lines = two.read_text().splitlines()
    assert lines[1:6] == ["@MD5 9e139b74e847a7bab3d40cb522deebfb", "@ROOT k_test", "@RULE b3s23",
                          "@SYMMETRY C1", "@NUM_SOUPS 12"]  # MD5: printf k_test | md5sum
    table = lines[lines.index("@CENSUS TABLE") + 1:lines.index("@SAMPLE_SOUPIDS") - 1]
    counts = [int(line.split()[1]) for line in table]
    assert lines[6] == f"@NUM_OBJECTS {sum(counts)}" and counts == sorted(counts, reverse=True)
    assert {line.split()[0] for line in table} >= {BLOCK, BLINKER, BEEHIVE, GLIDER}
    assert not (tmp_path / "two.txt.partial").exists()
    saved = read_pattern(whole / "0.rle")
    assert np.array_equal(saved.cells, soup_cells("k_test0")) and saved.name == "k_test0"
    assert sorted(p.name for p in whole.glob("*.rle")) == sorted(f"{i}.rle" for i in range(12))


def test_census_goes_on_from_its_partial_file(tmp_path, whole):
    cut = tmp_path / "cut.txt"
    # as if stopped after 5 soups, killed half-way through writing the sixth
    partial = Partial(cut, Settings("k_test", "B3/S23", "C1", "compiled"), 12)
    partial.resume()
    with get_driver("compiled") as driver:
        for i, objects in enumerate(search("k_test", range(5), Namer(LIFE, driver))):
            partial.append(i, dict(objects))
    partial.close()
    with open(partial.path, "a") as f:
        f.write('{"soup": 5, "obj')
    assert main(ARGS + ["--out", str(cut), "--workers", "1"]) == 0
    assert cut.read_bytes() == (whole / "whole.txt").read_bytes()
    assert not partial.path.exists()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to find worker processes")
def test_ctrl_c_stops_the_workers_and_the_same_command_goes_on(tmp_path, whole):
    stopped = tmp_path / "stopped.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_life.py"), *ARGS, "--out", str(stopped), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    partial = Path(str(stopped) + ".partial")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not partial.exists() or len(child_processes(proc.pid)) < 2):
        time.sleep(0.02)
    time.sleep(0.3)  # the workers busy with soups
    workers = child_processes(proc.pid)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "Run the same command again" in err and "Traceback" not in err
    assert partial.exists() and not stopped.exists()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(process_alive(p) for p in workers):
        time.sleep(0.05)
    assert workers and not any(process_alive(p) for p in workers), "worker processes outlived the census"
    assert main(ARGS + ["--out", str(stopped), "--workers", "1"]) == 0
    assert stopped.read_bytes() == (whole / "whole.txt").read_bytes() and not partial.exists()


def test_a_partial_file_of_another_census_is_refused(tmp_path, capsys):
    out = tmp_path / "c.txt"
    Path(str(out) + ".partial").write_text(json.dumps({"root": "other", "rule": "B3/S23", "symmetry": "C1",
                                                        "soups": 12}) + "\n")
    assert main(ARGS + ["--out", str(out)]) == 2
    assert "written by another census" in capsys.readouterr().err


@pytest.mark.parametrize("extra, complaint", [
    (["--symmetry", "C9"], "invalid choice"),
    (["--rule", "B0/S23"], "B0"),
    (["--rule", "nonsense"], "nonsense"),
    (["--save-soups", "/no/such/folder"], "does not exist"),
])
def test_bad_census_input_is_one_line(tmp_path, capsys, extra, complaint):
    assert main(ARGS + ["--out", str(tmp_path / "c.txt")] + extra) == 2
    err = capsys.readouterr().err
    assert complaint in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "c.txt").exists()


# soups a0 and a1 in 1x256 have a dead first column: their saved cells keep their place all the same
@pytest.mark.parametrize("symmetry, root", [("C2_4", "x"), ("1x256", "a")])
def test_a_symmetric_census_says_so_and_saves_its_soups(tmp_path, symmetry, root):
    out = tmp_path / "census.txt"
    assert main(["census", "--soups", "3", "--root", root, "--symmetry", symmetry, "--out", str(out),
                 "--workers", "1", "--quiet", "--save-soups", str(tmp_path)]) == 0
    lines = out.read_text().splitlines()
    assert lines[4:6] == [f"@SYMMETRY {symmetry}", "@NUM_SOUPS 3"]
    table = lines[lines.index("@CENSUS TABLE") + 1:lines.index("@SAMPLE_SOUPIDS") - 1]
    assert table and int(lines[6].split()[1]) == sum(int(line.split()[1]) for line in table)
    for i in range(3):
        saved = read_pattern(tmp_path / f"{i}.rle")
        soup = soup_cells(f"{root}{i}", symmetry)
        ys, xs, _ = saved.absolute_points((0, 0))
        assert saved.name == f"{root}{i}" and [ys.tolist(), xs.tolist()] == [a.tolist() for a in np.nonzero(soup)]
    assert symmetry != "1x256" or soup_cells("a0", symmetry)[0, 0] == soup_cells("a1", symmetry)[0, 0] == 0


def test_every_population_period_up_to_the_longest_is_seen_through_samples():
    # a population of period p gives samples of period p / gcd(p, SAMPLE): settled, and the
    # period reported is a multiple of p
    from lifesim.census.settle import LONGEST_PERIOD, _RING, _periods, SECURITY
    generations = np.arange(2 * (SECURITY + SAMPLE * LONGEST_PERIOD))
    for p in range(1, LONGEST_PERIOD + 1):
        populations = 100 + (generations % p)  # period p exactly
        samples = populations[::SAMPLE][::-1][:_RING][None, :]  # column k: k samples ago
        q = _periods(samples, np.array([generations[-1]]))[0]
        assert q and (SAMPLE * q) % p == 0, p
