"""Batch runs: outcomes, results files in job order, worker-count independence, resume, faults."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from lifesim import Grid, Simulation
from lifesim.app.batch import main as batch
from lifesim.app.cli import main
from lifesim.outcome import CHANGING, DIED, PERIODIC, CycleWatch, run_to_outcome

from conftest import child_processes, process_alive

ROOT = Path(__file__).resolve().parent.parent
SOUPS = ["--soups", "6", "--size", "16x16", "--density", "0.3", "--seed", "3", "--generations", "120"]


def rows(path):
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


# Outcomes --------------------------------------------------------------------------------

def _sim(text, rule="B3/S23", topology="torus"):
    return Simulation(Grid.from_text(text, topology), rule)


def test_still_life_is_period_1_from_the_start():
    assert str(run_to_outcome(_sim("----\n-**-\n-**-\n----"), 50)) == "periodic from generation 0 (still life)"


def test_blinker_is_period_2_and_the_final_grid_is_the_full_runs():
    text = "-----\n-----\n-***-\n-----\n-----"
    sim = _sim(text)
    outcome = run_to_outcome(sim, 101)
    assert (outcome.kind, outcome.at, outcome.period) == (PERIODIC, 0, 2)
    full = _sim(text)
    full.step(101)
    assert sim.grid == full.grid and sim.generation < 101


def test_glider_on_a_torus_repeats_after_crossing_it():
    sim = _sim("-*------\n--*-----\n***-----\n--------\n--------\n--------\n--------\n--------")
    outcome = run_to_outcome(sim, 100)
    assert (outcome.kind, outcome.at, outcome.period) == (PERIODIC, 0, 32)  # 4 generations a cell, 8 cells


def test_lone_cell_dies_at_generation_1_and_population_stays_0():
    sim = _sim("---\n-*-\n---")
    outcome = run_to_outcome(sim, 40)
    assert (outcome.kind, outcome.at) == (DIED, 1) and sim.population == 0 and min(sim.history) == 0


def test_empty_grid_under_a_b0_rule_is_a_cycle_not_a_death():
    outcome = run_to_outcome(_sim("---\n---\n---", "B0/S"), 10)
    assert (outcome.kind, outcome.at, outcome.period) == (PERIODIC, 0, 2)


def test_a_run_too_short_to_repeat_is_still_changing():
    outcome = run_to_outcome(Simulation(Grid.random(16, 16, 0.3, 1), "B3/S23"), 5)
    assert outcome.kind == CHANGING and outcome.at is None


# Soups: agreement with single runs, and byte-identical files whatever the workers ----------

def test_soup_batch_agrees_with_single_runs_and_with_one_worker(tmp_path, capsys):
    two_csv, two_json, one_csv, one_json = (tmp_path / n for n in ("2.csv", "2.jsonl", "1.csv", "1.jsonl"))
    assert batch(SOUPS + ["--workers", "2", "--results", str(two_csv), "--results", str(two_json)]) == 0
    assert batch(SOUPS + ["--workers", "1", "--results", str(one_csv), "--results", str(one_json)]) == 0
    assert two_csv.read_bytes() == one_csv.read_bytes()
    assert two_json.read_bytes() == one_json.read_bytes()
    results = rows(two_json)
    assert [r["seed"] for r in results] == list(range(3, 9))
    assert {r["outcome"] for r in results} >= {PERIODIC}
    for r in results:
        # The same soup, run in full (no early stop) through the ordinary single-run path.
        out = tmp_path / f"single{r['seed']}.npy"
        assert main(["--seed", str(r["seed"]), "--density", "0.3", "--size", "16x16", "--headless",
                     "--generations", "120", "--out", str(out)]) == 0
        assert int(np.count_nonzero(np.load(out))) == r["final_population"]
        full = Simulation(Grid.random(16, 16, 0.3, r["seed"]), "B3/S23")
        watch = CycleWatch(full)
        full.observers.append(watch)
        full.step(120)
        assert (watch.outcome.kind, watch.outcome.at, watch.outcome.period) == (r["outcome"], r["at"], r["period"])
        assert (min(full.history), max(full.history)) == (r["min_population"], r["max_population"])
    assert "6 runs in" in capsys.readouterr().out


def test_results_hold_no_timings_and_rows_are_in_job_order(tmp_path):
    out = tmp_path / "r.csv"
    assert batch(SOUPS + ["--workers", "3", "--results", str(out), "--quiet"]) == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("job,pattern,seed,") and "time" not in lines[0] and "second" not in lines[0]
    assert [line.split(",")[0] for line in lines[1:]] == [str(i) for i in range(6)]


# Inputs: patterns, folders, job files; faults -------------------------------------------

def test_patterns_and_a_folder(tmp_path):
    folder = tmp_path / "pats"
    folder.mkdir()
    (folder / "b.cells").write_text("OO\nOO\n")
    (folder / "a.rle").write_text("x = 3, y = 1, rule = B3/S23\nooo!\n")
    out = tmp_path / "r.jsonl"
    assert batch(["glider", str(folder), "--generations", "30", "--workers", "1", "--results", str(out), "--quiet"]) == 0
    got = rows(out)
    assert [Path(r["pattern"]).name for r in got] == ["glider", "a.rle", "b.cells"]
    # On the plane a glider repeats up to translation: periodic, moving (1, 1) every 4 generations
    assert [(r["outcome"], r["period"]) for r in got] == [(PERIODIC, 4), (PERIODIC, 2), (PERIODIC, 1)]
    assert [r["displacement"] for r in got] == ["1,1", None, None]
    assert got[1]["size"] is None and got[1]["topology"] == "plane" and got[1]["final_population"] == 3


def test_a_files_generation_starts_the_count(tmp_path):
    # As a headless run and Golly count: a pre-block saved at generation 100 is a block from 101
    (tmp_path / "later.rle").write_text("#CXRLE Pos=0,0 Gen=100\nx = 2, y = 2, rule = B3/S23\n2o$o!\n")
    out = tmp_path / "r.jsonl"
    assert batch([str(tmp_path / "later.rle"), "--generations", "5", "--workers", "1", "--results", str(out),
                  "--quiet"]) == 0
    [row] = rows(out)
    assert (row["outcome"], row["at"], row["period"], row["generations"]) == (PERIODIC, 101, 1, 5)
    assert (row["min_population"], row["final_population"]) == (3, 4)


def test_plane_rows_name_a_final_pattern_that_is_one_periodic_object(tmp_path):
    (tmp_path / "two.cells").write_text("OO.....\nOO.....\n.......\n....OOO\n")
    (tmp_path / "pre-block.cells").write_text("OO\nO.\n")
    out = tmp_path / "r.jsonl"
    assert batch(["glider", "lwss", "blinker", str(tmp_path / "pre-block.cells"), str(tmp_path / "two.cells"),
                  "--generations", "20", "--workers", "1", "--results", str(out), "--quiet"]) == 0
    assert [r["apgcode"] for r in rows(out)] == ["xq4_153", "xq4_6frc", "xp2_7", "xs4_33", None]
    torus = tmp_path / "t.jsonl"  # on a torus a final pattern has no apgcode
    assert batch(["blinker", "--size", "12x12", "--generations", "20", "--workers", "1", "--results", str(torus),
                  "--quiet"]) == 0
    assert rows(torus)[0]["outcome"] == PERIODIC and rows(torus)[0]["apgcode"] is None


def test_job_files_csv_and_json(tmp_path):
    (tmp_path / "blinker.cells").write_text("OOO\n")
    (tmp_path / "jobs.csv").write_text(
        "pattern,rule,size,generations\nblinker.cells,,10x10,7\nglider,B36/S23,12x12,48\n")
    (tmp_path / "jobs.json").write_text(json.dumps([{"seed": 5, "density": 0.4, "size": "8x8", "generations": 9}]))
    out = tmp_path / "r.jsonl"
    assert batch([str(tmp_path / "jobs.csv"), str(tmp_path / "jobs.json"), "--workers", "1",
                  "--results", str(out), "--quiet"]) == 0
    got = rows(out)
    assert [r["generations"] for r in got][:2] == [7, 48] and got[-1]["seed"] == 5
    assert got[0]["size"] == "10x10" and got[0]["period"] == 2 and got[0]["final_population"] == 3
    assert got[1]["rule"] == "B36/S23" and got[1]["outcome"] == PERIODIC and got[1]["period"] == 48
    assert (got[2]["size"], got[2]["density"], got[2]["generations"]) == ("8x8", 0.4, 9) and len(got) == 3


def test_a_failing_run_is_a_failed_row_and_the_batch_goes_on(tmp_path):
    bad = tmp_path / "bad.rle"
    bad.write_text("x = 2, y = 1\nzz!\n")
    out = tmp_path / "r.csv"
    assert batch(["glider", str(bad), "no_such_pattern", "blinker", "--rule", "B3/S23", "--generations", "4",
                  "--workers", "2", "--results", str(out), "--quiet"]) == 0
    lines = out.read_text().splitlines()[1:]
    assert [line.split(",")[8] for line in lines] == [PERIODIC, "failed", "failed", PERIODIC]
    assert "unknown state letter" in lines[1] and "no pattern file" in lines[2]


def test_bad_batch_input_is_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "jobs.csv").write_text("pattern,colour\nglider,red\n")
    assert main(["batch", str(tmp_path / "jobs.csv")]) == 2
    assert main(["batch", "--soups", "2", "--driver", "nope"]) == 2
    assert main(["batch"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "colour" in err[0] and "nope" in err[1] and "nothing to run" in err[2]


@pytest.mark.parametrize("job_file, content, message", [
    ("jobs.json", json.dumps([{"seed": -3}]).encode(), "bad seed -3: expected a number >= 0"),
    ("jobs.csv", "pattern\nglider\n".encode("utf-16"), "not UTF-8 text"),
])
def test_bad_job_files_are_one_line_and_exit_2(tmp_path, capsys, job_file, content, message):
    (tmp_path / job_file).write_bytes(content)
    assert main(["batch", str(tmp_path / job_file), "--results", str(tmp_path / "r.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err


def test_a_negative_first_seed_is_refused(capsys):
    assert main(["batch", "--soups", "2", "--seed", "-1"]) == 2
    assert "expected a number >= 0, not -1" in capsys.readouterr().err


def test_a_csv_job_file_may_start_with_a_byte_order_mark(tmp_path):
    (tmp_path / "jobs.csv").write_bytes("pattern,generations\nblinker,4\n".encode("utf-8-sig"))
    out = tmp_path / "r.jsonl"
    assert batch([str(tmp_path / "jobs.csv"), "--results", str(out), "--quiet", "--workers", "1"]) == 0
    assert rows(out)[0]["pattern"] == "blinker" and rows(out)[0]["period"] == 2


# Resume ----------------------------------------------------------------------------------

def test_rerun_skips_finished_rows_and_drops_a_partial_line(tmp_path, capsys):
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    assert batch(SOUPS + ["--workers", "1", "--results", str(whole), "--quiet"]) == 0
    lines = whole.read_text().splitlines(keepends=True)
    cut.write_text("".join(lines[:3]) + lines[3][:10])  # killed while writing the third row
    assert batch(SOUPS + ["--workers", "2", "--results", str(cut)]) == 0
    assert cut.read_bytes() == whole.read_bytes()
    assert "2 already in the results, skipped" in capsys.readouterr().out


def test_results_of_another_batch_are_refused(tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert batch(SOUPS + ["--workers", "1", "--results", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    assert main(["batch", *SOUPS, "--seed", "4", "--workers", "1", "--results", str(out)]) == 2
    assert out.read_bytes() == before and "another batch" in capsys.readouterr().err


@pytest.mark.parametrize("change", [["--density", "0.6"], ["--size", "20x20"], ["--topology", "bounded"],
                                    ["--rule", "highlife"]])
def test_results_made_with_other_settings_are_refused(tmp_path, capsys, change):
    out = tmp_path / "r.csv"
    assert batch(SOUPS + ["--workers", "1", "--results", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    assert main(["batch", *SOUPS, *change, "--workers", "1", "--results", str(out)]) == 2
    assert out.read_bytes() == before and "another batch" in capsys.readouterr().err


def test_the_same_rule_by_another_name_resumes(tmp_path, capsys):
    out = tmp_path / "r.csv"
    assert batch(SOUPS + ["--rule", "highlife", "--workers", "1", "--results", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    assert batch(SOUPS + ["--rule", "B36/S23", "--workers", "1", "--results", str(out)]) == 0
    assert out.read_bytes() == before and "6 already in the results" in capsys.readouterr().out


def test_no_results_file_is_cut_back_until_every_one_is_checked(tmp_path, capsys):
    ours, theirs = tmp_path / "a.csv", tmp_path / "b.jsonl"
    assert batch(SOUPS + ["--workers", "1", "--results", str(ours), "--quiet"]) == 0
    assert batch(SOUPS[:1] + ["2"] + SOUPS[2:] + ["--seed", "9", "--workers", "1", "--results", str(theirs),
                                                 "--quiet"]) == 0
    before = ours.read_bytes()
    assert main(["batch", *SOUPS, "--workers", "1", "--results", str(ours), "--results", str(theirs)]) == 2
    assert "another batch" in capsys.readouterr().err
    assert ours.read_bytes() == before  # all six rows kept, though b.jsonl holds only two


def test_a_rules_grid_suffix_sizes_the_soups(tmp_path):
    out = tmp_path / "r.jsonl"
    assert batch(["--soups", "2", "--rule", "B3/S23:T16,12", "--generations", "3", "--workers", "1",
                  "--results", str(out), "--quiet"]) == 0
    assert {(r["size"], r["topology"]) for r in rows(out)} == {("12x16", "torus")}


def test_results_go_to_csv_or_json_lines_only(tmp_path, capsys):
    assert main(["batch", "--soups", "1", "--results", str(tmp_path / "r.json")]) == 2
    assert ".jsonl" in capsys.readouterr().err


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc to find worker processes")
@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_killed_batch_rerun_gives_the_uninterrupted_results(tmp_path, how):
    args = ["--soups", "10", "--size", "20x20", "--density", "0.35", "--generations", "250"]
    whole, killed = tmp_path / "whole.csv", tmp_path / "killed.csv"
    assert batch(args + ["--workers", "1", "--results", str(whole), "--quiet"]) == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_life.py"), "batch", *args, "--workers", "2",
                             "--results", str(killed)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not killed.exists() or killed.read_text().count("\n") < 3):
        time.sleep(0.02)
    workers = child_processes(proc.pid)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=30)
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "Run the same command again" in err and "Traceback" not in err
    assert 3 <= killed.read_text().count("\n") < 11  # header + some rows, not all ten
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(process_alive(p) for p in workers):
        time.sleep(0.05)
    assert workers and not any(process_alive(p) for p in workers), "worker processes outlived the batch"
    assert batch(args + ["--workers", "2", "--results", str(killed), "--quiet"]) == 0
    assert killed.read_bytes() == whole.read_bytes()


# Progress --------------------------------------------------------------------------------

def _on_a_terminal(argv):
    """Run lifesim with stdout and stderr on a pseudo-terminal; returns (exit code, what it showed)."""
    import pty
    import select

    master, slave = pty.openpty()
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="100")
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_life.py"), *argv], stdout=slave, stderr=slave, env=env)
    os.close(slave)
    shown = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    return proc.wait(timeout=30), shown.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_and_not_with_quiet(tmp_path):
    argv = ["batch", "--soups", "3", "--size", "8x8", "--generations", "20", "--workers", "1"]
    code, shown = _on_a_terminal(argv + ["--results", str(tmp_path / "a.csv")])
    assert code == 0 and "runs:" in shown and "/3 [" in shown and "run/s" in shown
    code, shown = _on_a_terminal(argv + ["--results", str(tmp_path / "b.csv"), "--quiet"])
    assert code == 0 and shown == ""
    code, shown = _on_a_terminal(["glider", "--headless", "--generations", "30"])
    assert code == 0 and "generations:" in shown and "/30 [" in shown and "gen/s" in shown


def test_no_progress_bar_when_stdout_is_not_a_terminal(tmp_path, capfd):
    assert batch(SOUPS + ["--workers", "1", "--results", str(tmp_path / "r.csv")]) == 0
    out, err = capfd.readouterr()
    assert err == "" and "it/s" not in out and "run/s" not in out and "6 runs in" in out


def test_dask_cluster_gives_the_same_results_file(tmp_path):
    pytest.importorskip("distributed")
    on_dask, here = tmp_path / "dask.csv", tmp_path / "here.csv"
    assert batch(SOUPS + ["--driver", "dask", "--workers", "2", "--results", str(on_dask), "--quiet"]) == 0
    assert batch(SOUPS + ["--workers", "1", "--results", str(here), "--quiet"]) == 0
    assert on_dask.read_bytes() == here.read_bytes()


@pytest.mark.parametrize("fan_out, error", [
    ([], "its worker process died (killed by SIGKILL)"),
    (["--driver", "dask"], "its worker process died, on every dask worker that tried it"),
])
def test_a_run_that_kills_its_worker_fails_alone_and_the_batch_goes_on(tmp_path, fan_out, error):
    """A segfault or the OOM killer takes the whole pool down; only the culprit's row says so."""
    if fan_out:
        pytest.importorskip("distributed")
    killer = tmp_path / "killer.py"
    killer.write_text("import os, signal\n"
                      f"PARENT = {os.getpid()}\n"
                      "def rule(state, neighbors):\n"
                      "    if os.getpid() != PARENT:  # a batch worker, never the test itself\n"
                      "        os.kill(os.getpid(), signal.SIGKILL)\n"
                      "    return state\n")
    jobs = [{"pattern": "glider", "size": "10x10", "generations": 40},
            {"pattern": "blinker", "rule": f"{killer}:rule", "generations": 5},
            {"pattern": "blinker", "generations": 6},
            {"seed": 1, "size": "8x8", "density": 0.3, "generations": 30},
            {"pattern": "block", "generations": 3}]
    (tmp_path / "jobs.json").write_text(json.dumps(jobs))
    out, clean = tmp_path / "r.jsonl", tmp_path / "clean.jsonl"
    assert batch([str(tmp_path / "jobs.json"), "--workers", "2", "--results", str(out), "--quiet"] + fan_out) == 0
    got = rows(out)
    assert [r["job"] for r in got] == [0, 1, 2, 3, 4]
    assert got[1]["outcome"] == "failed" and got[1]["error"] == error
    del jobs[1]
    (tmp_path / "clean.json").write_text(json.dumps(jobs))
    assert batch([str(tmp_path / "clean.json"), "--workers", "1", "--results", str(clean), "--quiet"]) == 0
    strip = lambda r: {k: v for k, v in r.items() if k != "job"}  # noqa: E731
    assert [strip(r) for r in got[:1] + got[2:]] == [strip(r) for r in rows(clean)]
