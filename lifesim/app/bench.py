"""``python run_life.py bench``: cell-updates per second of every driver, against the textbook.

Every registered driver is measured, so a new one shows up without touching this file. The
yardstick is ``lifesim.textbook`` (the book's own coroutines and ``live_a_generation``), timed
in the same run; ratios are taken within one run because the machine may be shared and noisy.
The ``compiled`` driver is also measured with one worker at the large sizes (rows with
``"workers": 1`` beside those with ``--workers``), so its threading gain is a ratio within one run.
Repetitions are interleaved (every measurement once, then again) and the best is kept; a fast
case is repeated until it has run a second in all (see ``_measure``).
"""

import json
import time

import numpy as np

from lifesim.cells import step_cell
from lifesim.drivers import DRIVERS, get_driver
from lifesim.app.options import UsageParser, parse_positive
from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write, check_output_path, read_pattern
from lifesim import textbook
from lifesim.grid import Grid
from lifesim.io.patterns import find_pattern, place_pattern
from lifesim.rules import CONWAY, Rule

# A driver faster than this (cell-updates/s) at the small size is an array driver: it is also
# run at the large sizes, where a coroutine driver would take minutes.
ARRAY_SPEED = 2_000_000

# _measure: a fast case is timed again until it has run MIN_SECONDS in all, up to MAX_ROUNDS times.
MIN_SECONDS = 1.0
MAX_ROUNDS = 40

# Drivers that keep threads busy in the measuring process while they exist.
BACKGROUND_THREADS = ("dask",)

# (height, width, generations) per role, full and --quick.
SIZES = {
    "small": ((256, 256, 4), (64, 64, 4)),
    "medium": ((512, 512, 2), (128, 128, 2)),
    "large": ((1024, 1024, 20), (256, 256, 10)),
    "huge": ((4096, 4096, 5), (512, 512, 5)),
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
        plane = _plane_rows(drivers, quick)
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
        cases[name, "small"] = (_row(name, driver.workers, soup, g, "batched"), _driver_run(driver, soup, CONWAY, g))
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
    return cases


# Plane cases: (case, driver, pattern, generations, quick generations). Each is one long run, so
# it is timed once; "seconds" is what the issue compares (with Golly's QuickLife for acorn).
PLANE_CASES = (
    ("acorn", "compiled", "acorn", 5206, 500),
    ("plane-glider", "serial", "glider", 1000, 100),
    ("plane-glider", "serial", "glider", 10000, 400),
)


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
    return rows


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
    lines = [f"{'driver':<10} {'cells':<9} {'workers':>7} {'size':>10} {'gens':>5} {'seconds':>8} "
             f"{'cell-updates/s':>15} {'x textbook':>10}"]
    for r in rows:
        if r.get("cells") == "plane":
            lines.append(f"{r['driver']:<10} {r['case']:<9} {r['workers']:>7} {'plane':>10} {r['generations']:>5} "
                         f"{r['seconds']:>8.3f} {'population ' + str(r['population']):>15} {'-':>10}")
            continue
        ratio = f"{r['cell_updates_per_s'] / base:.2f}x" if base and r["cell_updates_per_s"] else "-"
        lines.append(f"{r['driver']:<10} {r.get('case', r['cells']):<9} {r['workers']:>7} {str(r['height']) + 'x' + str(r['width']):>10} "
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
    for name, target in (("serial", 10), ("compiled", 3)):  # the same driver on the fresh soup of that size
        settled = next((r for r in rows if r.get("case") == "settled" and r["driver"] == name), None)
        if settled:
            checks.append((f"{name} settled / {name} fresh", settled["cell_updates_per_s"],
                           rate(name, "batched", settled["height"], settled["workers"]), target))
    out = ["", "targets (ratios within this run):"]
    for label, a, b, target in checks:
        if a and b:
            out.append(f"  {label:<34} {a / b:5.2f}x  (target >= {target}x: {'met' if a / b >= target else 'NOT met'})")
    return out
