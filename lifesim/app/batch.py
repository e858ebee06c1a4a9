"""``lifesim batch``: many independent runs, fanned out over processes, one result row each.

    lifesim batch --soups 200 --size 32x32 --density 0.3 --seed 0 --generations 500 --workers 2
    lifesim batch patterns/ more.rle --generations 1000 --results out.jsonl
    lifesim batch jobs.csv --results out.csv          # columns: pattern, rule, size, generations, ...

Each run is an ordinary Simulation (serial or another registered driver per run), stopped as soon
as its outcome is settled (see lifesim.outcome), which still gives exactly the full run's figures.
With ``--driver hashlife`` each run jumps to its generation count instead and looks for no cycle:
its row says died (with no ``at``) or changing, and its min/max populations are over the first
and last generations only.
Rows are appended to the results file(s) in job order as runs finish, so a killed batch keeps every
row it wrote and the same command skips them when started again. Rows hold no timings: the same
arguments give the same bytes whatever the number of workers or the driver. On the plane, a run
whose final pattern is one periodic object gets that object's apgcode (``xq4_153``: see
lifesim.census); other rows leave it empty.
"""

import argparse
import contextlib
import csv
import functools
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from lifesim.app import fanout
from lifesim.app.options import EXIT_INTERRUPTED, UsageParser, parse_count, parse_positive, parse_size
from lifesim.app.progress import bar
from lifesim.census.cycles import fastest_driver
from lifesim.census.objects import single_object
from lifesim.drivers import driver_class, get_driver
from lifesim.errors import LifesimError
from lifesim.io.formats import SUFFIXES, atomic_write, check_output_path
from lifesim.io.pictures import GifRecorder, write_png
from lifesim.outcome import CHANGING, DIED, PERIODIC, run_to_outcome
from lifesim.rules import parse_rule, split_grid_suffix
from lifesim.runspec import RunSpec, started
from lifesim.simulation import Simulation
from lifesim.universe import PLANE

FAILED = "failed"
ROW_FIELDS = ("job", "pattern", "seed", "density", "rule", "size", "topology", "generations",
              "outcome", "at", "period", "displacement", "final_population", "min_population", "max_population",
              "apgcode", "error")
JOB_COLUMNS = ("pattern", "seed", "density", "rule", "size", "topology", "generations")
JOB_FILE_SUFFIXES = (".csv", ".json", ".jsonl")
RESULT_SUFFIXES = (".csv", ".jsonl")  # appended a row at a time: JSON lines, not one .json list
DEFAULT_GENERATIONS = 100
DEFAULT_DENSITY = 0.5
DASK = "dask"  # --driver dask: the batch's runs go to a Dask cluster instead of a process pool


@dataclass(frozen=True)
class Job:
    """One run's inputs: a pattern (file path or bundled name) or a soup seed; None = the default."""

    index: int
    generations: int
    pattern: str | None = None
    seed: int | None = None
    density: float | None = None
    rule: str | None = None
    size: tuple | None = None  # (height, width)
    topology: str | None = None

    def spec(self):
        """The RunSpec of this run (its start: pattern or soup, rule, size, topology)."""
        return RunSpec(pattern=self.pattern, seed=self.seed, density=self.density, rule=self.rule,
                       size=self.size, topology=self.topology, generations=self.generations)


@dataclass(frozen=True)
class RunOptions:
    """How every run of a batch is made and what it leaves besides its row (picklable)."""

    driver: str = "serial"
    pictures: str | None = None  # folder for a PNG of each final grid
    gifs: bool = False           # also a GIF of each run there
    gif_every: int = 1


# Jobs ------------------------------------------------------------------------------------

def soup_jobs(count, seed, density, generations, rule=None, size=None, topology=None, start=0):
    """``count`` soup jobs from seeds seed, seed+1, ..., numbered from ``start``."""
    return [Job(start + i, generations, None, seed + i, density, rule, size, topology)
            for i in range(count)]


def jobs_from_inputs(inputs, defaults):
    """Jobs for the positional inputs, in order: pattern files or names, folders, job files.

    ``defaults`` maps rule/size/topology/generations to the command line's values.
    """

    specs = []
    for text in inputs:
        path = Path(text)
        if path.is_dir():
            specs += [{"pattern": str(p)} for p in sorted(path.iterdir()) if p.suffix.lower() in SUFFIXES]
        elif path.suffix.lower() in JOB_FILE_SUFFIXES:
            specs += read_job_file(path)
        else:
            specs.append({"pattern": text})
    return [_job(i, spec, defaults) for i, spec in enumerate(specs)]


def read_job_file(path):
    """The rows of a CSV or JSON (a list, or one object a line) job file as dicts.

    A relative pattern path is taken from the job file's folder when a file is there.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # -sig: spreadsheets start CSVs with a BOM
    except OSError as exc:
        raise LifesimError(f"cannot read job file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise LifesimError(f"cannot read job file {path}: not UTF-8 text") from None
    if Path(path).suffix.lower() == ".csv":
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = _json_rows(path, text)
    for n, row in enumerate(rows, 1):
        unknown = set(row) - set(JOB_COLUMNS)
        if unknown or not isinstance(row, dict):
            raise LifesimError(f"job file {path} row {n}: unknown column {sorted(map(str, unknown))[0]!r} "
                               f"(expected {', '.join(JOB_COLUMNS)})")
        pattern = row.get("pattern")
        if pattern and not Path(pattern).is_absolute() and (Path(path).parent / pattern).exists():
            row["pattern"] = str(Path(path).parent / pattern)
        row["_where"] = f"job file {path} row {n}"
    return rows


def _json_rows(path, text):
    try:
        if text.lstrip().startswith("["):
            rows = json.loads(text)
        else:
            rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise LifesimError(f"job file {path}: not valid JSON ({exc})") from None
    if not all(isinstance(r, dict) for r in rows):
        raise LifesimError(f"job file {path}: expected JSON objects with {', '.join(JOB_COLUMNS)}")
    return rows


def _job(index, spec, defaults):
    """A Job from one spec dict (strings or JSON values; empty means the command line's default)."""

    where = spec.get("_where", "input")

    def value(key, convert):
        raw = spec.get(key)
        if raw is None or raw == "":
            return defaults.get(key)
        try:
            return convert(raw if not isinstance(raw, str) else raw.strip())
        except (argparse.ArgumentTypeError, ValueError, TypeError) as exc:
            raise LifesimError(f"{where}: bad {key} {raw!r}: {exc}") from None

    topology = value("topology", str)
    if topology not in (None, "torus", "bounded", PLANE):
        raise LifesimError(f"{where}: topology must be torus, bounded or plane, not {topology!r}")
    seed = value("seed", lambda v: parse_count(str(v)))
    pattern = value("pattern", str)
    if pattern is None and seed is None:
        raise LifesimError(f"{where}: give a pattern or a seed")
    density = value("density", float) if pattern is None else None
    return Job(index, value("generations", lambda v: parse_count(str(v))), pattern, seed,
               DEFAULT_DENSITY if pattern is None and density is None else density,
               value("rule", str), value("size", lambda v: parse_size(str(v))), topology)


# One run ---------------------------------------------------------------------------------

def run_job(job, options, driver):
    """Run one job with ``driver`` and return its result row (a dict keyed by ROW_FIELDS).

    Any error becomes a failed row carrying its message; the batch goes on.
    """
    try:
        return _run(job, options, driver)
    except Exception as exc:  # noqa: BLE001 - a failing run must not stop the batch
        message = str(exc) if isinstance(exc, LifesimError) else f"{type(exc).__name__}: {exc}"
        return _row(job, outcome=FAILED, error=message.splitlines()[0] if message else type(exc).__name__)


def _run(job, options, driver):
    grid, rule, _, pattern = started(job.spec())
    # a file's own generation (#CXRLE Gen, #G) starts the count, as in a headless run and Golly
    first = pattern.generation if pattern is not None else 0
    sim = Simulation(grid, rule, driver, first)
    recorder = None
    if options.pictures and options.gifs:
        recorder = GifRecorder(sim, options.gif_every)
        sim.observers.append(recorder)
    outcome = run_to_outcome(sim, first + job.generations)
    if options.pictures:
        _write_pictures(job, sim, recorder, options.pictures)
    moving = outcome.kind == PERIODIC and outcome.displacement != (0, 0)
    return _row(job, rule=rule.spec, size=None if grid.topology == PLANE else f"{grid.height}x{grid.width}",
                topology=grid.topology, outcome=outcome.kind, at=outcome.at, period=outcome.period,
                displacement="{},{}".format(*outcome.displacement) if moving else None,
                final_population=sim.population, min_population=min(sim.history),
                max_population=max(sim.history), apgcode=_apgcode(sim, outcome))


_naming_drivers = {}  # per process: driver name -> the driver that names final patterns


def _apgcode(sim, outcome):
    """The apgcode of a run's final pattern when it is one periodic object on the plane, else None
    (named with the fastest driver for the rule, whatever driver ran it)."""
    if outcome.kind != PERIODIC or sim.grid.topology != PLANE:
        return None
    name = fastest_driver(sim.rule)
    if name not in _naming_drivers:
        _naming_drivers[name] = get_driver(name)
    return single_object(sim.grid, sim.rule, _naming_drivers[name], outcome.period)


def _write_pictures(job, sim, recorder, folder):

    stem = Path(folder) / picture_name(job)
    write_png(stem.with_suffix(".png"), sim.grid, colours=sim.rule.colours)
    if recorder is not None:
        recorder.write(stem.with_suffix(".gif"))


def picture_name(job):
    """``0007-glider`` or ``0007-seed42``: the job number keeps names unique and in job order."""
    label = Path(job.pattern).stem if job.pattern else f"seed{job.seed}"
    return f"{job.index:04d}-{label}"


def _row(job, **found):
    row = dict.fromkeys(ROW_FIELDS)
    row.update(job=job.index, pattern=job.pattern, seed=job.seed, density=job.density, rule=job.rule,
               size=f"{job.size[0]}x{job.size[1]}" if job.size else None, topology=job.topology,
               generations=job.generations)
    row.update(found)
    return row


# Results files ---------------------------------------------------------------------------

def _cell(value):
    """A row value as CSV text (None is empty); also the common form for comparing rows."""
    return "" if value is None else str(value)


class ResultsLog:
    """The results files (``.csv`` and/or ``.jsonl``), one row per job, always in job order.

    Rows are appended one whole line per write and flushed, so a killed batch leaves complete rows
    plus at most one partial line, which ``resume`` drops.
    """

    def __init__(self, paths):

        self.paths = [check_output_path("results", p, RESULT_SUFFIXES) for p in paths]
        self.files = []

    def resume(self, jobs):
        """Open the files; return the rows already there (as CSV-text dicts) for the first jobs.

        Rows must belong to these jobs (same number, pattern, seed, density, generations, and the
        size and topology a job asks for), or the files were written by another batch and that is
        an error rather than a silent mix. Every file is checked before any is touched; then files
        that hold more rows than another are cut back to the common prefix.
        """
        kept = [self._read(path) for path in self.paths]  # per file: (rows, their lines)
        done = min(len(rows) for rows, _ in kept)
        for path, (rows, _) in zip(self.paths, kept):
            if len(rows) > len(jobs):
                raise LifesimError(f"{path} holds {len(rows)} rows but this batch has {len(jobs)} runs: "
                                   "it was written by another batch; remove it or choose another --results")
            for row, job in zip(rows[:done], jobs):
                _check_same_job(path, row, job)
        for path, (_, lines) in zip(self.paths, kept):
            self._rewrite(path, lines[:done])
            self.files.append(open(path, "a", encoding="utf-8", newline=""))
        return kept[0][0][:done]

    def append(self, row):
        for path, f in zip(self.paths, self.files):
            f.write(_format_row(path, row))
            f.flush()

    def close(self):
        for f in self.files:
            f.close()
        self.files = []

    @staticmethod
    def _read(path):
        """(rows, lines): the complete rows of an existing results file as dicts of CSV text, and
        the text lines they came from (no header). A partial last line is dropped."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], []
        except (OSError, UnicodeDecodeError) as exc:
            raise LifesimError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines.pop()  # the batch was killed while writing this row
        if path.suffix.lower() == ".csv":
            if lines and lines[0].rstrip("\n") != ",".join(ROW_FIELDS):
                raise LifesimError(f"{path} is not a lifesim results file (its header differs)")
            lines = lines[1:]
            rows = list(csv.DictReader(io.StringIO("".join(lines)), fieldnames=ROW_FIELDS))
        else:
            try:
                rows = [{k: _cell(v) for k, v in json.loads(line).items()} for line in lines]
            except (json.JSONDecodeError, AttributeError):
                raise LifesimError(f"{path} is not a lifesim results file (not JSON lines)") from None
        if len(rows) != len(lines):  # a row over several lines: not one that lifesim wrote
            raise LifesimError(f"{path} is not a lifesim results file (a row spans lines)")
        return rows, lines

    @staticmethod
    def _rewrite(path, lines):
        """Rewrite ``path`` atomically to hold ``lines`` (after the CSV header) and nothing after."""

        header = ",".join(ROW_FIELDS) + "\n" if path.suffix.lower() == ".csv" else ""
        text = header + "".join(lines)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            atomic_write(path, text.encode())


def _format_row(path, row):
    if path.suffix.lower() == ".csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([_cell(row[k]) for k in ROW_FIELDS])
        return buf.getvalue()
    return json.dumps({k: row[k] for k in ROW_FIELDS}) + "\n"


def _check_same_job(path, row, job):
    expected = _row(job)
    asked = [key for key in ("size", "topology") if expected[key] is not None]  # else the run decides
    for key in ["job", "pattern", "seed", "density", "generations"] + asked:
        if row.get(key, "") != _cell(expected[key]):
            _another_batch(path, job, key, row.get(key), _cell(expected[key]))
    if _rule_differs(row.get("rule", ""), job.rule):
        _another_batch(path, job, "rule", row.get("rule"), job.rule)


def _another_batch(path, job, key, found, wanted):
    raise LifesimError(f"{path} row {job.index + 1} is for another run ({key} {found!r}, this batch has "
                       f"{wanted!r}): it was written by another batch; remove it or choose another --results")


def _rule_differs(row_rule, asked):
    """True when a results row's rule cannot be the rule a job asks for (its text, or None)."""

    if asked is None or row_rule == asked:  # None: the pattern's own; a failed row keeps the text
        return False
    text = split_grid_suffix(asked)[0]
    if ":" in text:  # file.py:name or module:name: checking it would run the user's code here
        return False
    try:
        return parse_rule(text).spec != row_rule  # a run's row holds the rule's spec ('highlife': B36/S23)
    except LifesimError:
        return False  # a bad rule is the run's own failed row


# Fan-out (lifesim.app.fanout) --------------------------------------------------------------

_worker_driver = {}  # per worker process: driver name -> driver, kept for the process's life


def _worker_run(options, job):

    if options.driver not in _worker_driver:
        _worker_driver[options.driver] = get_driver(options.driver)
    return run_job(job, options, _worker_driver[options.driver])


def _died(job, how):
    """The row of a run whose worker process died."""
    return _row(job, outcome=FAILED, error=how)


def rows_in_process(jobs, options):
    """Yield each job's row in job order, running them one after another here."""

    with get_driver(options.driver) as driver:
        yield from fanout.results_here(jobs, functools.partial(run_job, options=options, driver=driver))


def rows_in_pool(jobs, options, workers, on_finish=None):
    """Yield each job's row in job order, running them on ``workers`` processes (see fanout)."""
    return fanout.results_in_pool(jobs, functools.partial(_worker_run, options), workers, _died, on_finish)


def rows_on_dask(jobs, options, workers, scheduler=None, on_finish=None):
    """Yield each job's row in job order, running them as tasks on a Dask cluster (see fanout)."""
    return fanout.results_on_dask(jobs, functools.partial(_worker_run, options), workers, _died, scheduler,
                                  on_finish)


# Command line ----------------------------------------------------------------------------

def build_parser():

    p = UsageParser(prog="lifesim batch", description="Many headless runs, one result row each.")
    p.add_argument("inputs", nargs="*", help="pattern files or names, folders of patterns, job files (.csv/.json/.jsonl)")
    p.add_argument("--soups", type=parse_count, metavar="N", help="N random soups from seeds S..S+N-1")
    p.add_argument("--seed", type=parse_count, default=0, metavar="S", help="first soup seed (default 0)")
    p.add_argument("--density", type=float, default=DEFAULT_DENSITY, metavar="D", help="soup live fraction (default 0.5)")
    p.add_argument("--size", type=parse_size, metavar="HxW", help="grid size (soups: default 64x64)")
    p.add_argument("--rule", help="rule for every run without its own (default: the pattern's, else B3/S23)")
    p.add_argument("--topology", choices=("plane", "torus", "bounded"),
                   help="plane (default for a pattern; soups too with it, as hashlife needs), torus (default "
                        "with --size and for soups) or bounded")
    p.add_argument("--generations", type=parse_count, default=DEFAULT_GENERATIONS, metavar="N",
                   help=f"generations per run without its own (default {DEFAULT_GENERATIONS})")
    p.add_argument("--workers", type=parse_positive, default=os.cpu_count() or 1, metavar="K",
                   help="processes running runs side by side (default: one per CPU)")
    p.add_argument("--driver", default="serial",
                   help="driver of each run (serial, compiled, ...); dask: runs as tasks on a Dask cluster, each serial")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --driver dask: the cluster's scheduler (default: a local one)")
    p.add_argument("--results", action="append", metavar="FILE",
                   help=".csv or .jsonl results file; repeat for both (default results.csv)")
    p.add_argument("--pictures", metavar="DIR", help="write a PNG of each run's final grid into DIR")
    p.add_argument("--gifs", action="store_true", help="with --pictures: a GIF of each run too")
    p.add_argument("--gif-every", type=parse_positive, default=1, metavar="K", help="GIF frame every K generations")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    return p


def main(argv):
    """``lifesim batch``: returns the exit code (0, or 130 after Ctrl-C)."""
    args = build_parser().parse_args(argv)
    jobs = make_jobs(args)
    on_dask = args.driver == DASK
    if not on_dask:
        driver = driver_class(args.driver)  # an unknown driver is bad input, not 200 failed rows
        if args.gifs and driver.jumps:
            raise LifesimError(f"--gifs needs every generation, and the {args.driver} driver jumps over them")
    if args.pictures and not Path(args.pictures).is_dir():
        raise LifesimError(f"--pictures {args.pictures}: folder does not exist")
    # On Dask the cluster is the parallelism; each run there steps serially.
    options = RunOptions("serial" if on_dask else args.driver, args.pictures, args.gifs, args.gif_every)
    log = ResultsLog(args.results or ["results.csv"])
    previous = log.resume(jobs)
    try:
        with fanout.sigterm_as_interrupt():
            outcomes, seconds = _run_all(jobs[len(previous):], options, args, log)
    except KeyboardInterrupt:
        log.close()
        print(f"lifesim batch: interrupted; finished rows are in {', '.join(map(str, log.paths))}. "
              "Run the same command again to go on from there.", file=sys.stderr)
        return EXIT_INTERRUPTED
    log.close()
    if not args.quiet:
        _summary(args, log, [r["outcome"] for r in previous], outcomes, seconds)
    return 0


def make_jobs(args):
    """The batch's jobs: positional inputs first, then ``--soups``."""
    defaults = {"rule": args.rule, "size": args.size, "topology": args.topology, "generations": args.generations}
    jobs = jobs_from_inputs(args.inputs, defaults)
    if args.soups:
        jobs += soup_jobs(args.soups, args.seed, args.density, args.generations, args.rule, args.size,
                          args.topology, start=len(jobs))
    if not jobs:
        raise LifesimError("nothing to run: give --soups N, pattern files or folders, or a job file")
    return jobs


def _run_all(jobs, options, args, log):
    """Run the jobs, appending rows in order; returns (outcomes of these runs, seconds)."""

    start = time.perf_counter()
    outcomes = []
    total = len(jobs)
    with bar(total, "run", "runs", args.quiet) as progress:
        def finished(row):
            progress.update(1)

        here = args.driver != DASK and (args.workers == 1 or total <= 1)
        if here:
            rows = rows_in_process(jobs, options)
        elif args.driver == DASK:
            rows = rows_on_dask(jobs, options, args.workers, args.scheduler, finished)
        else:
            rows = rows_in_pool(jobs, options, min(args.workers, total), finished)
        # closing(): an interrupt out here still reaches the generator, which then stops its workers.
        with contextlib.closing(rows):
            for row in rows:
                log.append(row)
                outcomes.append(row["outcome"])
                if here:
                    finished(row)
    return outcomes, time.perf_counter() - start


def _summary(args, log, earlier, outcomes, seconds):
    counts = {kind: (earlier + outcomes).count(kind) for kind in (PERIODIC, DIED, CHANGING, FAILED)}
    rate = f", {len(outcomes) / seconds:.1f} runs/s" if seconds > 0 and outcomes else ""
    skipped = f" ({len(earlier)} already in the results, skipped)" if earlier else ""
    print(f"{len(outcomes)} runs in {seconds:.2f} s with {args.workers} worker(s), {args.driver} driver"
          f"{rate}{skipped}")
    print(f"outcomes: {counts[PERIODIC]} periodic, {counts[DIED]} died out, {counts[CHANGING]} still changing, "
          f"{counts[FAILED]} failed; results in {', '.join(map(str, log.paths))}")
