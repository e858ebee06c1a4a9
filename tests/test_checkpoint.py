"""Checkpoints: saved every N generations, atomically; a resumed run ends where an uninterrupted one does."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from lifesim import Grid, Simulation
from lifesim.io.checkpoint import Checkpointer, load, save
from lifesim.app.cli import main
from lifesim.drivers import DRIVERS

ROOT = Path(__file__).resolve().parent.parent
# The compiled driver steps 256x256 in milliseconds; the serial one needs few generations to stay fast.
FAST, GENERATIONS = ("compiled", 60) if "compiled" in DRIVERS else ("serial", 6)
SOUP = ["--seed", "11", "--density", "0.35", "--size", "256x256", "--driver", FAST, "--headless", "--quiet"]


def test_checkpointed_and_resumed_256x256_run_ends_in_the_uninterrupted_grid(tmp_path):
    whole, resumed, cp = tmp_path / "whole.npy", tmp_path / "resumed.npy", tmp_path / "cp.npz"
    whole_stats, resumed_stats = tmp_path / "whole.csv", tmp_path / "resumed.csv"
    assert main(SOUP + ["--generations", str(GENERATIONS), "--out", str(whole), "--stats", str(whole_stats)]) == 0
    every = GENERATIONS // 3
    # "Killed" after 2*every + 1 generations: the last checkpoint holds generation 2*every.
    assert main(SOUP + ["--generations", str(2 * every + 1), "--checkpoint-every", str(every),
                        "--checkpoint", str(cp)]) == 0
    assert load(cp).generation == 2 * every
    assert main(["--resume", str(cp), "--generations", str(GENERATIONS), "--driver", FAST, "--headless", "--quiet",
                 "--out", str(resumed), "--stats", str(resumed_stats)]) == 0
    assert np.load(whole).shape == (256, 256)
    assert np.array_equal(np.load(resumed), np.load(whole))
    assert resumed_stats.read_text() == whole_stats.read_text()  # the whole population history carried over


def test_checkpoint_round_trip_keeps_grid_rule_topology_generation_history(tmp_path):
    sim = Simulation(Grid.random(9, 7, 0.4, 2, "bounded"), "B36/S23")
    saver = Checkpointer(tmp_path / "c.npz", every=3, title="soup")
    sim.observers.append(saver)
    sim.step(7)
    cp = load(tmp_path / "c.npz")
    assert cp.generation == 6 and cp.rule == "B36/S23" and cp.grid.topology == "bounded" and cp.title == "soup"
    assert cp.history == sim.history[:7] and len(cp.history) == 7
    assert [p.name for p in tmp_path.iterdir()] == ["c.npz"]  # no temp files left behind


def test_resume_refuses_options_that_the_checkpoint_fixes_and_bad_files(tmp_path, capsys):
    cp = tmp_path / "c.npz"
    save(cp, Simulation(Grid.random(8, 8, 0.5, 1)))
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a checkpoint")
    assert main(["--resume", str(cp), "--rule", "B36/S23", "--headless"]) == 2
    assert main(["--resume", str(junk), "--headless"]) == 2
    assert main(["--resume", str(tmp_path / "missing.npz"), "--headless"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "--rule cannot be given when resuming" in err[0] and "not a lifesim checkpoint" in err[1]
    assert "no such checkpoint" in err[2]


def test_ctrl_c_saves_a_checkpoint_to_resume_from(tmp_path):
    cp, whole, resumed = tmp_path / "cp.npz", tmp_path / "whole.npy", tmp_path / "resumed.npy"
    args = ["--seed", "5", "--size", "48x48", "--density", "0.3", "--headless"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, str(ROOT / "run_life.py"), *args, "--generations", "1000000",
                             "--checkpoint-every", "1000000", "--checkpoint", str(cp)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)  # let it start stepping; no timing is asserted
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and f"--resume {cp}" in err
    g = load(cp).generation
    assert main(args + ["--generations", str(g + 3), "--out", str(whole), "--quiet"]) == 0
    assert main(["--resume", str(cp), "--headless", "--generations", str(g + 3), "--out", str(resumed), "--quiet"]) == 0
    assert np.array_equal(np.load(resumed), np.load(whole))


def _with_meta(path, meta, name):
    """A copy ``name`` of the checkpoint at ``path`` whose metadata is ``meta`` (any JSON value)."""
    import json

    with np.load(path) as data:
        arrays = {name: data[name] for name in data.files}
    arrays["meta"] = np.array(json.dumps(meta))
    damaged = path.with_name(name)
    np.savez(damaged, **arrays)
    return damaged


def test_a_damaged_checkpoint_is_one_line_exit_2(tmp_path, capsys):
    import json

    cp = tmp_path / "c.npz"
    save(cp, Simulation(Grid.random(8, 8, 0.5, 1)))
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(cp.read_bytes()[:200])
    with np.load(cp) as data:
        meta = json.loads(str(data["meta"]))
    damaged = [truncated, _with_meta(cp, [1, 2], "list.npz")]
    for key, value in (("generation", None), ("generation", "0"), ("rule", 5), ("topology", "klein")):
        changed = dict(meta)
        if value is None:
            del changed[key]
        else:
            changed[key] = value
        damaged.append(_with_meta(cp, changed, f"{key}-{value}.npz"))
    for path in damaged:
        assert main(["--resume", str(path), "--headless", "--quiet"]) == 2, path
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and ("lifesim checkpoint" in err or "damaged checkpoint" in err), err


def test_a_step_cut_short_by_ctrl_c_still_saves_a_consistent_checkpoint(tmp_path):
    sim = Simulation(Grid.random(8, 8, 0.5, 1))
    sim.step(3)
    sim.history.append(99)  # what Simulation.step has done when Ctrl-C lands after its first line
    save(tmp_path / "c.npz", sim)
    cp = load(tmp_path / "c.npz")
    assert cp.generation == 3 and cp.history == sim.history[:4] and cp.grid == sim.grid
