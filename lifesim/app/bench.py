"""``python run_life.py bench``: cell-updates per second of every driver, against the textbook.

Every registered driver is measured, so a new one shows up without touching this file. The
yardstick is ``lifesim.textbook`` (the book's own coroutines and ``live_a_generation``), timed
in the same run; ratios are taken within one run because the machine may be shared and noisy.
The ``compiled`` driver is also measured with one worker at the large sizes (rows with
``"workers": 1`` beside those with ``--workers``), so its threading gain is a ratio within one run,
and, with one worker at the large size, on a Hensel rule and a radius-5 Larger than Life rule
(``"cells"`` names the rule family: ``"hensel"``, ``"ltl-r5"``; B3/S23 rows say ``"batched"``).
Repetitions are interleaved (every measurement once, then again) and the best is kept; a fast
case is repeated until it has run a second in all (see ``_measure``). Beyond cell-updates, rows with
a ``"case"`` key: patterns on the plane (``PLANE_CASES``), HashLife (``HASHLIFE_CASES``) and the
soups per second of a census.

Rows with cells ``wireworld`` run a rule from a Golly rule file (``lifesim.examples.wireworld``'s
table) on a WireWorld soup: on serial, and on compiled as its full 4^9-entry table; rows with
``wireworld-8`` run the same rule declared with 8 states, whose 8^9-entry table is too large, so
compiled runs it from its rule tree.
"""

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from lifesim.cells import step_cell
from lifesim.drivers import DRIVERS, get_driver
from lifesim.app import census_command
from lifesim.app.options import UsageParser, parse_positive
from lifesim.census.report import Census
from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write, check_output_path, read_pattern, write_plane
from lifesim import textbook
from lifesim.grid import Grid
from lifesim.examples.wireworld import WIREWORLD_RULE
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.rules import CONWAY, Rule, parse_rule, rule_from_text
from lifesim.universe import Plane

# A driver faster than this (cell-updates/s) at the small size is an array driver: it is also
# run at the large sizes, where a coroutine driver would take minutes.
ARRAY_SPEED = 2_000_000

# _measure: a fast case is timed again until it has run MIN_SECONDS in all, up to MAX_ROUNDS times.
MIN_SECONDS = 1.0
MAX_ROUNDS = 40

# The other rule families' rows (compiled, one worker, large size): "cells" value -> rule.
FAMILY_RULES = {"hensel": "B37/S2-i34q", "ltl-r5": "R5,C0,M1,S34..58,B34..45,NM"}
LTL_R5_TARGET = 1e8  # cell-updates/s on one worker

# Drivers that keep threads busy in the measuring process while they exist.
BACKGROUND_THREADS = ("dask",)

# (height, width, generations) per role, full and --quick.
SIZES = {
    "small": ((256, 256, 4), (64, 64, 4)),
    "medium": ((512, 512, 2), (128, 128, 2)),
    "large": ((1024, 1024, 20), (256, 256, 10)),
    "huge": ((4096, 4096, 5), (512, 512, 5)),
}


# A rule-file rule (cells label -> Rule), WireWorld's table as is and with 4 states more (see above).
RULE_FILE_RULES = {
    "wireworld": rule_from_text(WIREWORLD_RULE, "WireWorld.rule"),
    "wireworld-8": rule_from_text(WIREWORLD_RULE.replace("n_states:4", "n_states:8"), "WireWorld.rule"),
}


def build_parser():
    parser = UsageParser(prog="lifesim bench", description="cell-updates per second of every driver")
    parser.add_argument("--quick", action="store_true", help="small grids, one repetition: a smoke run")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as a JSON list")
    parser.add_argument("--repeat", type=parse_positive, default=5, metavar="N", help="at least N repetitions, best kept (default 5; fast cases run more)")
    parser.add_argument("--workers", type=parse_positive, default=2, metavar="K", help="workers of parallel drivers (default 2)")
    parser.add_argument("--drivers", metavar="A,B", help="only these registered drivers (default: all)")
    return parser


def main(argv=None):
    """Run the bench from command-line arguments; returns the exit code."""
    args = build_parser().parse_args(argv)
    names = list(DRIVERS) if args.drivers is None else [n.strip() for n in args.drivers.split(",")]
    for name in names:
        if name not in DRIVERS:
            raise LifesimError(f"unknown driver {name!r}: expected some of {', '.join(DRIVERS)}")
    if args.json:
        check_output_path("json", args.json)  # refuse a bad path before a long run
    rows = run_bench(names, args.workers, 1 if args.quick else args.repeat, quick=args.quick)
    print(format_table(rows))
    if args.json:
        atomic_write(args.json, (json.dumps(rows, indent=1) + "\n").encode())
    return 0


def size(role, quick):
    return SIZES[role][1 if quick else 0]


def run_bench(names, workers, repeat, quick=False):
    """Measure everything; returns the rows (dicts with the JSON keys), best of ``repeat`` each."""
    drivers = {}
    try:
        for name in names:
            try:
                drivers[name] = get_driver(name, None if name == "serial" else workers)
            except (LifesimError, ImportError) as exc:
                print(f"lifesim bench: skipping driver {name!r}: {exc}")
        cases = _coroutine_cases(drivers, quick)
        # Drivers that run threads in this process (dask's scheduler and client) are measured
        # last and closed at once: their background threads take the GIL from the others.
        noisy = {key: case for key, case in cases.items() if key[0] in BACKGROUND_THREADS}
        floor = 0.0 if quick else MIN_SECONDS
        best = _measure({key: case for key, case in cases.items() if key not in noisy}, repeat, floor)
        best.update(_measure(noisy, repeat, floor))
        for name in BACKGROUND_THREADS:
            if name in drivers:
                drivers.pop(name).close()
        array_drivers = [n for n in drivers if n != "serial" and _rate(best, n, "small", quick) > ARRAY_SPEED]
        if "compiled" in array_drivers and drivers["compiled"].workers != 1:
            drivers["compiled", 1] = get_driver("compiled", 1)  # the one-worker baseline of its threads
            array_drivers.append(("compiled", 1))
        more = _array_cases(drivers, array_drivers, quick)
        # The numpy step at the huge size frees a dozen 16 MB temporaries a generation, and glibc
        # hands that memory back to the kernel: interleaved with it, every driver's fresh arrays
        # must be faulted in again (compiled w2/w1 measured 1.1x interleaved, 1.5x apart). Nothing
        # is compared with that row, so it is timed on its own, first.
        alone = {key: case for key, case in more.items() if key == ("numpy", "huge")}
        best.update(_measure(alone, repeat, floor))
        best.update(_measure({key: case for key, case in more.items() if key not in alone}, repeat, floor))
        plane = _plane_rows(drivers, quick) + _hashlife_rows(drivers, quick)
        if "compiled" in drivers:
            plane.append(_census_row(workers, quick))
        settled = _settled_rows(drivers, repeat, floor, quick)
    finally:
        for driver in drivers.values():
            driver.close()
    return [best[key] for key in list(cases) + list(more) if key in best] + plane + settled


def _coroutine_cases(drivers, quick):
    """case key -> (row template, timed function); the textbook first, as the yardstick."""
    cases = {}
    h, w, g = size("small", quick)
    soup = Grid.random(h, w, 0.3, seed=1)
    cases["textbook", "small"] = (_row("textbook", 1, soup, g, "textbook"), _textbook_run(soup, g))
    if "serial" in drivers:
        cases["serial", "small", "textbook"] = (_row("serial", 1, soup, g, "textbook"),
                                                _driver_run(drivers["serial"], soup, Rule.from_cell(step_cell), g))
    for name, driver in drivers.items():
        if driver.plane_only:  # no grid to measure it on: its rows are plane cases
            continue
        cases[name, "small"] = (_row(name, driver.workers, soup, g, "batched"), _driver_run(driver, soup, CONWAY, g))
    if "serial" in drivers:
        wires = wireworld_soup(h, w, seed=4)
        for label in RULE_FILE_RULES:
            cases["serial", "small", label] = (_row("serial", 1, wires, g, label),
                                               _driver_run(drivers["serial"], wires, RULE_FILE_RULES[label], g))
    h, w, g = size("medium", quick)
    soup = Grid.random(h, w, 0.3, seed=2)
    for name in ("serial", "processes"):
        if name in drivers:
            cases[name, "medium"] = (_row(name, drivers[name].workers, soup, g, "batched"),
                                     _driver_run(drivers[name], soup, CONWAY, g))
    return cases


def _array_cases(drivers, array_drivers, quick):
    cases = {}
    for role in ("large", "huge"):
        h, w, g = size(role, quick)
        soup = Grid.random(h, w, 0.3, seed=3)
        cases["numpy", role] = (_row("numpy", 1, soup, g, "numpy"), _numpy_run(soup, g))
        for key in array_drivers:
            name = key[0] if isinstance(key, tuple) else key
            cases[key, role] = (_row(name, drivers[key].workers, soup, g, "batched"),
                                _driver_run(drivers[key], soup, CONWAY, g))
        one = next((key for key in array_drivers if key in ("compiled", ("compiled", 1))
                    and drivers[key].workers == 1), None)
        if role == "large" and one is not None:
            for family, text in FAMILY_RULES.items():
                cases[one, role, family] = (_row("compiled", 1, soup, g, family),
                                            _driver_run(drivers[one], soup, parse_rule(text), g))
    if "compiled" in array_drivers:
        h, w, g = size("large", quick)
        wires = wireworld_soup(h, w, seed=5)
        for label, rule in RULE_FILE_RULES.items():
            cases["compiled", "large", label] = (_row("compiled", drivers["compiled"].workers, wires, g, label),
                                                 _driver_run(drivers["compiled"], wires, rule, g))
    return cases


# Plane cases: (case, driver, pattern, generations, quick generations). Each is one long run, so
# it is timed once; "seconds" is what the issue compares (with Golly's QuickLife for acorn).
PLANE_CASES = (
    ("acorn", "compiled", "acorn", 5206, 500),
    ("plane-glider", "serial", "glider", 1000, 100),
    ("plane-glider", "serial", "glider", 10000, 400),
)
BGOLLY_PLANE_CASES = {"acorn"}  # each followed by a row of bgolly's QuickLife where it is installed
ACORN_TARGET = 100  # compiled within 100x of bgolly's QuickLife (issue 11)


def _plane_rows(drivers, quick):
    """One row per PLANE_CASES entry whose driver is measured: a pattern on the unbounded plane."""
    rows = []
    for case, name, pattern, generations, quick_generations in PLANE_CASES:
        if name not in drivers:
            continue
        g = quick_generations if quick else generations
        plane = place_pattern(read_pattern(find_pattern(pattern)))
        drivers[name].advance(plane, CONWAY, 1)  # the rule's table and checks are made once: not timed
        begun = time.perf_counter()
        end = drivers[name].advance(plane, CONWAY, g)
        seconds = time.perf_counter() - begun
        rows.append({"driver": name, "workers": drivers[name].workers, "height": None, "width": None,
                     "generations": g, "seconds": seconds, "cell_updates_per_s": None, "cells": "plane",
                     "case": case, "population": end.population})
        golly = _bgolly(find_pattern(pattern), g, "QuickLife") if case in BGOLLY_PLANE_CASES else None
        if golly is not None:
            rows.append(dict(rows[-1], driver="bgolly", workers=1, seconds=golly[0], population=golly[1]))
    return rows


def wireworld_soup(height, width, seed):
    """A WireWorld soup: half the cells empty, the rest conductor, electron heads and tails
    (3:1:1), so that electrons run and die out as on a board of wires."""
    rng = np.random.default_rng(seed)
    cells = rng.choice(np.array([0, 3, 1, 2], np.uint8), (height, width), p=[0.5, 0.3, 0.1, 0.1])
    return Grid(cells)


# HashLife cases: (case, pattern, generations, quick generations). The pattern: a bundled name,
# or a Golly .mc file (the first of GOLLY_MC found), else one built here (see _built_macrocell).
# Each is read afresh and timed once from a tree with no results yet (as bgolly starts), the
# rule's table traced first; where bgolly is on PATH it runs the same file beside it.
GOLLY_MC = ("/usr/share/golly/Patterns/HashLife/ruler.mc", "/usr/local/share/golly/Patterns/HashLife/ruler.mc")
HASHLIFE_CASES = (
    ("hashlife-gun", "gosper_glider_gun", 2 ** 30, 2 ** 20),
    ("hashlife-mc", GOLLY_MC, 2 ** 20, 2 ** 10),
)
HASHLIFE_TARGET = 50  # hashlife's seconds at most this many times bgolly's on the gun


def _hashlife_rows(drivers, quick):
    """Rows of HASHLIFE_CASES on the hashlife driver, each followed by bgolly's where installed."""
    if "hashlife" not in drivers:
        return []
    rows = []
    with tempfile.TemporaryDirectory(prefix="lifesim-bench-") as folder:
        for case, pattern, generations, quick_generations in HASHLIFE_CASES:
            g = quick_generations if quick else generations
            path = _case_file(pattern, folder)
            start = read_pattern(path)
            universe = place_pattern(start)
            rule = parse_rule(start.rule or "B3/S23")
            driver = drivers["hashlife"]
            driver.leaf_step(rule)  # the rule's table is traced once: not timed
            begun = time.perf_counter()
            end = driver.advance(universe, rule, g)
            seconds = time.perf_counter() - begun
            row = {"driver": "hashlife", "workers": 1, "height": None, "width": None, "generations": g,
                   "seconds": seconds, "cell_updates_per_s": None, "cells": "plane", "case": case,
                   "population": end.population, "pattern": Path(path).name}
            rows.append(row)
            golly = _bgolly(path, g)
            if golly is not None:
                rows.append(dict(row, driver="bgolly", seconds=golly[0], population=golly[1]))
    return rows


def _case_file(pattern, folder):
    """The file of a HASHLIFE_CASES pattern: a bundled one, a Golly file found, else one built in ``folder``."""
    if isinstance(pattern, str):
        return find_pattern(pattern)
    found = next((p for p in pattern if Path(p).is_file()), None)
    return found if found is not None else _built_macrocell(Path(folder) / "guns-and-r-pentomino.mc")


def _built_macrocell(path):
    """A .mc file for when Golly's are not installed: two Gosper guns firing apart and an
    R-pentomino between them, written by lifesim's own macrocell writer."""
    gun = read_pattern(find_pattern("gosper_glider_gun"))
    r = read_pattern(find_pattern("r_pentomino"))
    ys, xs, states = gun.points
    parts = [(ys, xs, states), (-ys + 400, -xs + 400, states), (r.points[0] + 180, r.points[1] + 260, r.points[2])]
    write_plane(path, Plane.from_points(*(np.concatenate(a) for a in zip(*parts))), "B3/S23", "two guns and an R-pentomino")
    return path


def _bgolly(path, generations, algorithm="HashLife"):
    """(seconds bgolly's ``algorithm`` took to step ``generations`` from ``path`` (from its own -b
    timestamps: loading and counting excluded), its population), or None without bgolly."""
    if shutil.which("bgolly") is None:
        return None
    try:
        run = subprocess.run(["bgolly", "-a", algorithm, "-m", str(generations), "-i", str(generations), "-b",
                              str(path)], capture_output=True, text=True, timeout=600, check=True)
        # "-b" lines: "<t> 0", "<t> pop <P0>", "<t> <generation>", "<t> pop <P>"
        stamps = [line.split() for line in run.stdout.splitlines() if line[:1].isdigit()]
        return float(stamps[-2][0]) - float(stamps[-3][0]), int(stamps[-1][-1].replace(",", ""))
    except (OSError, subprocess.SubprocessError, IndexError, ValueError):
        print(f"lifesim bench: bgolly did not run {path}")
        return None


# The census case: soups per second of a C1 census (lifesim census) on the bench's workers.
CENSUS_SOUPS = (200, 20)  # full, --quick
CENSUS_ROOT = "k_test"
CENSUS_TARGET = 20  # soups/s on the 2-core machine (issue 14); apgsearch does about 1,000 per core


def _census_row(workers, quick):
    """soups/s of a census of CENSUS_SOUPS soups on ``workers`` processes, timed once, worker
    start-up included (a census pays it too)."""
    soups = CENSUS_SOUPS[1 if quick else 0]
    settings = census_command.Settings(CENSUS_ROOT, "B3/S23", "C1", "compiled")
    census = Census(CENSUS_ROOT, "b3s23")
    begun = time.perf_counter()
    census_command.run_soups(census, settings, soups, workers)
    seconds = time.perf_counter() - begun
    return {"driver": "compiled", "workers": workers, "height": None, "width": None, "generations": None,
            "seconds": round(seconds, 4), "cell_updates_per_s": None, "cells": "census", "case": "census",
            "soups": soups, "soups_per_s": round(soups / seconds, 2), "objects": sum(census.counts.values())}


# The settled soup: (height, width, density, seed, generations run untimed first, generations
# timed per driver), full and --quick. A soup on a torus goes on changing in places for ever
# (blinkers, gliders); by then only the cells near those are stepped (Grid.foreseen).
SETTLED = ((256, 256, 0.35, 0, 1000, {"serial": 20, "compiled": 200}),
           (64, 64, 0.35, 0, 100, {"serial": 4, "compiled": 20}))


def _settled_rows(drivers, repeat, min_seconds, quick):
    """Rows ``"case": "settled"`` for serial and compiled: the soup run untimed (by the compiled
    driver where there is one), then timed from there; ``cell_updates_per_s`` counts every cell
    of the grid, and ``changed`` is the mean number of cells changed per timed generation."""
    h, w, density, seed, untimed, timed = SETTLED[1 if quick else 0]
    names = [name for name in timed if name in drivers]
    if not names:
        return []
    soup = Grid.random(h, w, density, seed=seed)
    settled = drivers.get("compiled", drivers[names[0]]).advance(soup, CONWAY, untimed)
    cases = {}
    for name in names:
        row = dict(_row(name, drivers[name].workers, settled, timed[name], "batched"), case="settled")
        cases[name] = (row, _driver_run(drivers[name], settled, CONWAY, timed[name]))
    best = _measure(cases, repeat, min_seconds)
    changed, grid = [], settled
    for _ in range(max(timed[name] for name in names)):  # the timed generations again, counted untimed
        nxt = drivers[names[-1]].advance(grid, CONWAY, 1)
        changed.append(int(np.count_nonzero(nxt.cells != grid.cells)))
        grid = nxt
    return [dict(best[name], changed=round(sum(changed[:timed[name]]) / timed[name])) for name in names]


def _row(driver, workers, grid, generations, cells):
    return {"driver": driver, "workers": workers, "height": grid.height, "width": grid.width,
            "generations": generations, "seconds": None, "cell_updates_per_s": None, "cells": cells}


def _measure(cases, repeat, min_seconds=0.0):
    """Best time of each case over interleaved rounds (each case warmed up first).

    Every case runs at least ``repeat`` times, and a fast one goes on (at most MAX_ROUNDS) until
    it has run ``min_seconds`` in all, as timeit's autorange does: on a noisy machine the best of
    thirty 25 ms runs is steadier than the best of five, and costs the same second as a slow case.
    """
    for _, run in cases.values():
        run(warmup=True)  # pools start, workers import, shared memory is made: not timed
    best, runs, spent = {}, dict.fromkeys(cases, 0), dict.fromkeys(cases, 0.0)
    for _ in range(max(repeat, MAX_ROUNDS)):
        todo = [key for key in cases if runs[key] < repeat or spent[key] < min_seconds]
        if not todo:
            break
        for key in todo:
            template, run = cases[key]
            seconds = run()
            runs[key] += 1
            spent[key] += seconds
            if key not in best or seconds < best[key]["seconds"]:
                cells = template["height"] * template["width"] * template["generations"]
                best[key] = dict(template, seconds=round(seconds, 4),
                                 cell_updates_per_s=round(cells / seconds) if seconds > 0 else None)
    return best


def _rate(best, name, role, quick):
    row = best.get((name, role))
    return row["cell_updates_per_s"] or 0 if row else 0


def _timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _driver_run(driver, grid, rule, generations):
    def run(warmup=False):
        return _timed(lambda: driver.advance(grid, rule, 1 if warmup else generations))
    return run


def _textbook_run(grid, generations):
    """The book's loop on its own list-of-lists grid; building the grid is not timed."""
    def run(warmup=False):
        if warmup:
            return 0.0
        tb_grid = textbook.grid_from_array(grid.cells.tolist())
        sim = textbook.simulate(grid.height, grid.width)

        def go():
            g = tb_grid
            for _ in range(generations):
                g = textbook.live_a_generation(g, sim)
        return _timed(go)
    return run


def numpy_life_step(cells):
    """One generation of Conway's Life on a torus by whole-array shifts.

    cells: (H, W) ``uint8`` of 0/1. Returns a new (H, W) ``uint8`` array.
    """
    up, down = np.roll(cells, 1, 0), np.roll(cells, -1, 0)
    rows = cells + up + down  # column sums of the 3x3 block, fits uint8 (at most 3)
    total = rows + np.roll(rows, 1, 1) + np.roll(rows, -1, 1)  # the whole block, cell included
    return ((total == 3) | ((total == 4) & (cells == 1))).astype(np.uint8)


def _numpy_run(grid, generations):
    def run(warmup=False):
        def go():
            cells = grid.cells
            for _ in range(1 if warmup else generations):
                cells = numpy_life_step(cells)
        return _timed(go)
    return run


def format_table(rows):
    """The rows as an aligned text table with each rate's ratio to the textbook's."""
    base = next((r["cell_updates_per_s"] for r in rows if r["driver"] == "textbook"), None)
    lines = [f"{'driver':<10} {'cells':<12} {'workers':>7} {'size':>10} {'gens':>5} {'seconds':>8} "
             f"{'cell-updates/s':>15} {'x textbook':>10}"]
    for r in rows:
        if r.get("cells") == "census":
            lines.append(f"{r['driver']:<10} {'census':<9} {r['workers']:>7} {str(r['soups']) + ' soups':>10} "
                         f"{'-':>5} {r['seconds']:>8.3f} {str(r['soups_per_s']) + ' soups/s':>15} {'-':>10}")
            continue
        if r.get("cells") == "plane":
            gens = r["generations"]
            gens = f"2^{gens.bit_length() - 1}" if gens > 99999 and gens & (gens - 1) == 0 else str(gens)
            lines.append(f"{r['driver']:<10} {r['case']:<12} {r['workers']:>7} {'plane':>10} {gens:>5} "
                         f"{r['seconds']:>8.3f} {'population ' + str(r['population']):>15} {'-':>10}")
            continue
        ratio = f"{r['cell_updates_per_s'] / base:.2f}x" if base and r["cell_updates_per_s"] else "-"
        lines.append(f"{r['driver']:<10} {r.get('case', r['cells']):<12} {r['workers']:>7} {str(r['height']) + 'x' + str(r['width']):>10} "
                     f"{r['generations']:>5} {r['seconds']:>8.3f} {r['cell_updates_per_s']:>15,} {ratio:>10}")
    lines += _target_lines(rows)
    return "\n".join(lines)


def _target_lines(rows):
    """The issue's targets as ratios within this run (those whose rows were measured)."""
    def rate(driver, cells, h, workers=None, case=None):
        return next((r["cell_updates_per_s"] for r in rows if r["driver"] == driver and r["cells"] == cells
                     and r["height"] == h and workers in (None, r["workers"]) and r.get("case") == case), None)

    small, medium = rows[0]["height"], next((r["height"] for r in rows if r["driver"] == "serial"
                                             and r["height"] != rows[0]["height"]), None)
    checks = [
        ("serial textbook cells / textbook", rate("serial", "textbook", small), rate("textbook", "textbook", small), 1.25),
        ("serial built-in / textbook", rate("serial", "batched", small), rate("textbook", "textbook", small), 4.0),
        ("processes / serial (medium)", rate("processes", "batched", medium), rate("serial", "batched", medium), 1.7),
        ("threads / serial", rate("threads", "batched", small), rate("serial", "batched", small), 0.9),
    ]
    numpy = [r["height"] for r in rows if r["driver"] == "numpy"]
    if numpy:  # the array sizes: large, then huge
        large, huge = numpy[0], numpy[-1]
        compiled = next((r["workers"] for r in rows if r["driver"] == "compiled" and r["height"] == large), None)
        checks += [
            # per cell-update, against serial's built-in cells on the small grid (at 1024x1024 it would take minutes)
            ("compiled / serial", rate("compiled", "batched", large, compiled), rate("serial", "batched", small), 500),
            ("compiled / numpy (large)", rate("compiled", "batched", large, compiled), rate("numpy", "numpy", large), 0.5),
        ]
        if compiled and compiled != 1:
            checks.append((f"compiled w{compiled} / compiled w1 (huge)", rate("compiled", "batched", huge, compiled),
                           rate("compiled", "batched", huge, 1), 1.5))
        checks.append(("compiled hensel / life (large, w1)", rate("compiled", "hensel", large, 1),
                       rate("compiled", "batched", large, 1), round(1 / 1.5, 2)))
    for label in RULE_FILE_RULES:  # ours, not the issue's: a rule file compiled beats its coroutine 100x
        checks.append((f"compiled / serial ({label})", rate("compiled", label, next(
            (r["height"] for r in rows if r["cells"] == label and r["driver"] == "compiled"), None)),
            rate("serial", label, small), 100))
    for name, target in (("serial", 10), ("compiled", 3)):  # the same driver on the fresh soup of that size
        settled = next((r for r in rows if r.get("case") == "settled" and r["driver"] == name), None)
        if settled:
            checks.append((f"{name} settled / {name} fresh", settled["cell_updates_per_s"],
                           rate(name, "batched", settled["height"], settled["workers"]), target))
    out = ["", "targets (ratios within this run):"]
    for label, a, b, target in checks:
        if a and b:
            out.append(f"  {label:<34} {a / b:5.2f}x  (target >= {target}x: {'met' if a / b >= target else 'NOT met'})")
    ltl = rate("compiled", "ltl-r5", numpy[0], 1) if numpy else None
    if ltl:
        label = "compiled ltl-r5 (large, w1)"
        out.append(f"  {label:<34} {ltl / 1e6:5.0f}M cell-updates/s  "
                   f"(target >= {LTL_R5_TARGET / 1e6:.0f}M: {'met' if ltl >= LTL_R5_TARGET else 'NOT met'})")
    ours, golly = (next((r["seconds"] for r in rows if r.get("case") == "acorn" and r["driver"] == d), None)
                   for d in ("compiled", "bgolly"))
    if ours and golly:
        met = "met" if ours / golly <= ACORN_TARGET else "NOT met"
        out.append(f"  {'acorn compiled / bgolly QuickLife':<34} {ours / golly:5.1f}x  (target <= {ACORN_TARGET}x: {met})")
    for case in ("hashlife-gun", "hashlife-mc"):  # seconds, so lower is better
        ours, golly = (next((r["seconds"] for r in rows if r.get("case") == case and r["driver"] == d), None)
                       for d in ("hashlife", "bgolly"))
        if ours and golly:
            verdict = f"target <= {HASHLIFE_TARGET}x: {'met' if ours / golly <= HASHLIFE_TARGET else 'NOT met'}" \
                if case == "hashlife-gun" else "no target"
            out.append(f"  {'hashlife / bgolly seconds (' + case + ')':<34} {ours / golly:5.1f}x  ({verdict})")
    for r in rows:
        if r.get("case") == "census":
            met = "met" if r["soups_per_s"] >= CENSUS_TARGET else "NOT met"
            out.append(f"  {'census soups/s, ' + str(r['workers']) + ' workers':<34} {r['soups_per_s']:5.1f}   "
                       f"(target >= {CENSUS_TARGET}: {met})")
    return out
