"""The bench: its table, its JSON keys, and the registered drivers it walks."""

import json
import shutil

import numpy as np
import pytest

from lifesim import Grid
from lifesim.app.bench import numpy_life_step
from lifesim.app.cli import main
from lifesim.drivers import DRIVERS, get_driver
from lifesim.io.formats import read_pattern
from lifesim.io.patterns import place_pattern
from lifesim.rules import CONWAY

KEYS = {"driver", "workers", "height", "width", "generations", "seconds", "cell_updates_per_s", "cells"}


def test_numpy_step_is_life_on_a_torus():
    grid = Grid.random(17, 23, 0.4, seed=3)
    assert np.array_equal(numpy_life_step(grid.cells), get_driver("serial").advance(grid, CONWAY).cells)


def test_quick_bench_writes_every_driver_with_the_agreed_keys(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--drivers", "serial,threads", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    plane = [r for r in rows if r.get("cells") == "plane"]  # cases on the plane add "case" and "population"
    assert plane and all(set(r) == KEYS | {"case", "population"} for r in plane)
    settled = [r for r in rows if r.get("case") == "settled"]  # the settled soup adds "case" and "changed"
    assert [r["driver"] for r in settled] == ["serial"] and set(settled[0]) == KEYS | {"case", "changed"}
    assert settled[0]["cell_updates_per_s"] > 0 and settled[0]["changed"] > 0
    rows = [r for r in rows if r not in plane and r not in settled]
    assert all(set(r) == KEYS for r in rows)
    kinds = {(r["driver"], r["cells"]) for r in rows}
    assert {("textbook", "textbook"), ("serial", "textbook"), ("serial", "batched"),
            ("threads", "batched"), ("numpy", "numpy")} <= kinds
    assert all(r["seconds"] > 0 and r["cell_updates_per_s"] > 0 for r in rows)
    table = capsys.readouterr().out
    assert "x textbook" in table and "threads" in table


def test_bench_walks_the_registry(monkeypatch, capsys):
    monkeypatch.setitem(DRIVERS, "serial-again", DRIVERS["serial"])
    assert main(["bench", "--quick", "--drivers", "serial-again"]) == 0
    assert "serial-again" in capsys.readouterr().out


@pytest.mark.parametrize("argv, message", [
    (["bench", "--drivers", "warp"], "unknown driver 'warp'"),
    (["bench", "--json", "/no/such/dir/b.json"], "does not exist"),
    (["bench", "--repeat", "0"], "expected a number >= 1, not 0"),
    (["bench", "--workers", "two"], "expected a whole number or 2^K, not 'two'"),
])
def test_bad_options_are_one_line_exit_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_compiled_is_measured_with_one_and_with_k_workers_at_the_array_sizes(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["bench", "--quick", "--drivers", "serial,compiled", "--json", str(out)]) == 0
    rows = json.loads(out.read_text())
    census = [r for r in rows if r.get("cells") == "census"]
    assert [(r["case"], r["soups"], r["workers"]) for r in census] == [("census", 20, 2)]
    assert set(census[0]) == KEYS | {"case", "soups", "soups_per_s", "objects"} and census[0]["soups_per_s"] > 0
    assert census[0]["objects"] > 20  # the first 20 soups of k_test leave hundreds of objects
    plane = [r for r in rows if r.get("cells") == "plane"]
    settled = [r for r in rows if r.get("case") == "settled"]
    assert [(r["driver"], r["height"]) for r in settled] == [("serial", 64), ("compiled", 64)]
    rows = [r for r in rows if r not in plane + census and r not in settled]
    assert all(set(r) == KEYS for r in rows)
    # the plane's cases: acorn on compiled (500 generations when quick: 276 cells), a glider on serial
    golly = [r for r in plane if r["driver"] == "bgolly"]  # bgolly's QuickLife, where installed
    assert [(r["case"], r["population"]) for r in golly] == ([("acorn", 276)] if shutil.which("bgolly") else [])
    plane = [r for r in plane if r not in golly]
    assert [(r["case"], r["driver"], r["population"]) for r in plane] == [
        ("acorn", "compiled", 276), ("plane-glider", "serial", 5), ("plane-glider", "serial", 5)]
    assert all(r["seconds"] > 0 for r in plane)
    sizes = sorted({r["height"] for r in rows if r["driver"] == "numpy"})
    for h in sizes:
        assert {r["workers"] for r in rows if r["driver"] == "compiled" and r["height"] == h} == {1, 2}
    large = sizes[0]
    families = {r["cells"] for r in rows if r["driver"] == "compiled" and r["height"] == large and r["workers"] == 1}
    assert families == {"batched", "hensel", "ltl-r5"}
    table = capsys.readouterr().out
    for label in ("compiled / serial", "compiled / numpy (large)", "compiled w2 / compiled w1 (huge)",
                  "compiled hensel / life (large, w1)", "compiled ltl-r5 (large, w1)",
                  "census soups/s, 2 workers", "serial settled / serial fresh", "compiled settled / compiled fresh"):
        assert label in table


def test_the_huge_numpy_step_is_timed_apart_from_the_drivers(monkeypatch):
    """Its freed temporaries would make the drivers beside it fault fresh memory in every round."""
    import lifesim.app.bench as bench

    groups = []
    measure = bench._measure
    monkeypatch.setattr(bench, "_measure", lambda cases, *args: groups.append(set(cases)) or measure(cases, *args))
    bench.run_bench(["serial", "compiled"], 2, 1, quick=True)
    alone = next(group for group in groups if ("numpy", "huge") in group)
    assert alone == {("numpy", "huge")}
    assert any({("compiled", "huge"), (("compiled", 1), "huge")} <= group for group in groups)


def test_fast_cases_are_timed_until_they_have_run_a_second_slow_ones_repeat_times():
    import lifesim.app.bench as bench

    calls = {"fast": 0, "slow": 0, "tiny": 0}

    def case(name, seconds):
        def run(warmup=False):
            if not warmup:
                calls[name] += 1
            return seconds
        template = {"driver": name, "height": 10, "width": 10, "generations": 1}
        return template, run

    cases = {"fast": case("fast", 0.05), "slow": case("slow", 0.6), "tiny": case("tiny", 0.0001)}
    best = bench._measure(cases, 2, min_seconds=1.0)
    assert calls == {"fast": 20, "slow": 2, "tiny": bench.MAX_ROUNDS}
    assert best["fast"]["seconds"] == 0.05 and best["fast"]["cell_updates_per_s"] == 2000
    calls.update(dict.fromkeys(calls, 0))
    bench._measure(cases, 3)  # no floor: --quick, or a caller that wants exactly `repeat`
    assert calls == {"fast": 3, "slow": 3, "tiny": 3}


def test_hashlife_cases_are_rows_on_the_plane_with_bgolly_beside_them_where_installed(monkeypatch, tmp_path):
    import lifesim.app.bench as bench

    with get_driver("hashlife") as hashlife:
        rows = bench._hashlife_rows({"hashlife": hashlife}, quick=True)
        ours = [r for r in rows if r["driver"] == "hashlife"]
        assert [(r["case"], r["generations"]) for r in ours] == [("hashlife-gun", 2 ** 20), ("hashlife-mc", 2 ** 10)]
        assert all(set(r) == KEYS | {"case", "population", "pattern"} and r["seconds"] > 0 for r in ours)
        assert ours[0]["population"] == 174_804  # the gun's period-30 growth at 2^20
        golly = [r for r in rows if r["driver"] == "bgolly"]
        if shutil.which("bgolly"):
            assert [(r["case"], r["population"]) for r in golly] == [(r["case"], r["population"]) for r in ours]
            assert "hashlife / bgolly seconds (hashlife-gun)" in bench.format_table(rows)
        else:
            assert golly == []
        # without Golly's files the .mc case runs one built here, and without bgolly nothing beside it
        monkeypatch.setattr(bench, "HASHLIFE_CASES", (("hashlife-mc", ("/no/such/golly.mc",), 2 ** 11, 2 ** 9),))
        monkeypatch.setattr(bench.shutil, "which", lambda name: None)
        (built,) = bench._hashlife_rows({"hashlife": hashlife}, quick=True)
        assert built["pattern"] == "guns-and-r-pentomino.mc"
        start = place_pattern(read_pattern(bench._built_macrocell(tmp_path / "built.mc")))
        assert built["population"] == get_driver("compiled").advance(start, CONWAY, 2 ** 9).population
