"""``lifesim census``: an apgsearch-style soup census, written as Catagolue's census text.

    lifesim census --soups 1000 --root k_test --out census.txt [--symmetry C1] [--rule B3/S23]
                   [--save-soups DIR] [--workers K] [--driver NAME]

Soups are numbered 0..N-1 (soup i is made from ROOT + str(i) in --symmetry, one of Catagolue's:
C1, C2_1 .. D8_4, 8x32 .. 1x256, see lifesim.census.soups); they run in chunks fanned out over
worker processes (lifesim.app.fanout, as batch runs are). Each chunk's objects are appended to
``FILE.partial`` as it finishes, in soup order, so a census stopped by Ctrl-C goes on from there
when the same command is given again; the census text is written (atomically) once every soup is
in, and the partial file removed.
"""

import contextlib
import functools
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lifesim.app import fanout
from lifesim.app.options import EXIT_INTERRUPTED, UsageParser, parse_count, parse_positive
from lifesim.app.progress import bar
from lifesim.census.cycles import fastest_driver
from lifesim.census.report import Census, catagolue_rule
from lifesim.census.search import Namer, search
from lifesim.census.soups import SYMMETRIES, soup_cells, soup_seed
from lifesim.drivers import driver_class, get_driver
from lifesim.drivers.base import plane_rule
from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write, check_output_path, write_points
from lifesim.rules import parse_rule

PARTIAL = ".partial"  # FILE.partial: the soups done so far, one JSON line each
AUTO = "auto"  # --driver auto: the fastest that runs the rule
# Soups per job. Each job ends with a tail of its longest-lived soups stepped nearly alone, a
# few CPU seconds whatever its size (measured: the last 3,500 of 8,000 steps of a 256-soup job
# held under 100 tiles), so a worker gets as few jobs as resuming after Ctrl-C allows.
LARGEST_CHUNK = 500
SMALLEST_CHUNK = 4


@dataclass(frozen=True)
class Settings:
    """What every soup of a census is made and run with (picklable, sent to the workers)."""

    root: str
    rule: str
    symmetry: str
    driver: str


@dataclass(frozen=True)
class Chunk:
    """One job: soups first .. first+count-1."""

    index: int
    first: int
    count: int


# Workers ---------------------------------------------------------------------------------------

_namers = {}  # per worker process: (rule, driver) -> Namer, whose memory of objects outlives jobs


def run_chunk(settings, chunk):
    """The objects of each soup of ``chunk``: a list of {apgcode: count}, in soup order."""
    key = (settings.rule, settings.driver)
    if key not in _namers:
        _namers[key] = Namer(parse_rule(settings.rule), get_driver(settings.driver))
    found = search(settings.root, range(chunk.first, chunk.first + chunk.count), _namers[key], settings.symmetry)
    return [dict(objects) for objects in found]


def _died(chunk, how):
    raise LifesimError(f"soups {chunk.first}..{chunk.first + chunk.count - 1}: {how}")


def chunks(first, total, workers):
    """Jobs for soups first..total-1: one per worker when that is at most LARGEST_CHUNK soups
    (and at least SMALLEST_CHUNK), else jobs of LARGEST_CHUNK."""
    size = max(SMALLEST_CHUNK, min(LARGEST_CHUNK, -(-(total - first) // workers)))
    return [Chunk(k, a, min(size, total - a)) for k, a in enumerate(range(first, total, size))]


# The partial file --------------------------------------------------------------------------------

class Partial:
    """``FILE.partial``: a header line (the census's settings), then one line per soup done, in
    soup order, each written whole and flushed (a killed census leaves at most a partial last
    line, which is dropped on reading)."""

    def __init__(self, out, settings, soups):
        self.path = Path(str(out) + PARTIAL)
        self.header = {"root": settings.root, "rule": settings.rule, "symmetry": settings.symmetry, "soups": soups}
        self.file = None

    def resume(self):
        """Open the file; the objects of the soups it already holds, in order (a list of dicts)."""
        done, lines = [], []
        if self.path.exists():
            text = self.path.read_text(encoding="utf-8")
            lines = text.splitlines(keepends=True)
            if lines and not lines[-1].endswith("\n"):
                lines.pop()
            try:
                rows = [json.loads(line) for line in lines]
            except json.JSONDecodeError:
                raise LifesimError(f"{self.path} is not a lifesim census's partial file") from None
            if not rows or rows[0] != self.header:
                raise LifesimError(f"{self.path} was written by another census (not {self._said()}); "
                                   "remove it or choose another --out")
            done = [row["objects"] for row in rows[1:]]
            lines = lines[:1 + len(done)]
        text = "".join(lines) or json.dumps(self.header) + "\n"
        if not self.path.exists() or self.path.read_text(encoding="utf-8") != text:
            atomic_write(self.path, text.encode())
        self.file = open(self.path, "a", encoding="utf-8")
        return done

    def append(self, index, objects):
        self.file.write(json.dumps({"soup": index, "objects": objects}) + "\n")
        self.file.flush()

    def close(self):
        if self.file is not None:
            self.file.close()
            self.file = None

    def remove(self):
        self.close()
        self.path.unlink(missing_ok=True)

    def _said(self):
        return ", ".join(f"{k} {v}" for k, v in self.header.items())


# Command line --------------------------------------------------------------------------------------

def build_parser():
    p = UsageParser(prog="lifesim census", description="An apgsearch-style soup census, as Catagolue's census text.")
    p.add_argument("--soups", type=parse_positive, required=True, metavar="N", help="soups 0..N-1")
    p.add_argument("--root", required=True, help="the root string: soup i is made from ROOT + str(i)")
    p.add_argument("--symmetry", default="C1", choices=sorted(SYMMETRIES),
                   help="Catagolue's soup symmetry (default C1)")
    p.add_argument("--rule", default="B3/S23", help="rule (default B3/S23)")
    p.add_argument("--out", required=True, metavar="FILE.txt", help="the census text")
    p.add_argument("--save-soups", metavar="DIR", help="write each initial soup as DIR/<i>.rle")
    p.add_argument("--workers", type=parse_count, default=os.cpu_count() or 1, metavar="K",
                   help="processes running soups side by side (default: one per CPU; 1: here)")
    p.add_argument("--driver", default=AUTO, help="driver stepping the soups (default: the fastest for the rule)")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    return p


def main(argv):
    """``lifesim census``: returns the exit code (0, or 130 after Ctrl-C)."""
    args = build_parser().parse_args(argv)
    settings, rule = _settings(args)
    out = check_output_path("out", args.out)
    if args.save_soups and not Path(args.save_soups).is_dir():
        raise LifesimError(f"--save-soups {args.save_soups}: folder does not exist")
    partial = Partial(out, settings, args.soups)
    census = Census(settings.root, catagolue_rule(rule), settings.symmetry)
    for index, objects in enumerate(partial.resume()):
        census.add(index, objects)
    earlier = census.soups
    begun = time.perf_counter()
    try:
        with fanout.sigterm_as_interrupt():
            run_soups(census, settings, args.soups, args.workers, args.quiet,
                      functools.partial(_keep, partial, settings, args.save_soups))
    except KeyboardInterrupt:
        partial.close()
        print(f"lifesim census: interrupted after {census.soups} of {args.soups} soups (kept in {partial.path}). "
              "Run the same command again to go on from there.", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        partial.close()
    atomic_write(out, census.text().encode())
    partial.remove()
    if not args.quiet:
        seconds = time.perf_counter() - begun
        ran = census.soups - earlier
        rate = f", {ran / seconds:.1f} soups/s" if ran and seconds > 0 else ""
        print(f"{ran} soups in {seconds:.1f} s with {args.workers or 1} worker(s), {settings.driver} driver{rate}; "
              f"{sum(census.counts.values())} objects of {len(census.counts)} kinds in {out}")
    return 0


def _settings(args):
    """(Settings, Rule) from the arguments, every one checked before any soup runs."""
    rule = parse_rule(args.rule)
    plane_rule(rule)  # a rule that cannot run on the plane (B0, too far-sighted) says so now
    driver = fastest_driver(rule) if args.driver == AUTO else args.driver
    driver_class(driver)
    return Settings(args.root, args.rule, args.symmetry, driver), rule


def run_soups(census, settings, total, workers, quiet=True, on_soup=None):
    """Run soups census.soups..total-1 on ``workers`` processes (1: here), adding each soup's
    objects to ``census`` in soup order; ``on_soup(index, objects)`` first sees each (a dict)."""
    jobs = chunks(census.soups, total, max(1, workers))
    if not jobs:
        return
    work = functools.partial(run_chunk, settings)
    with bar(total, "soup", "soups", quiet, initial=census.soups) as progress:
        def finished(result):
            progress.update(len(result))

        here = workers <= 1 or len(jobs) == 1
        results = (fanout.results_here(jobs, work) if here
                   else fanout.results_in_pool(jobs, work, min(workers, len(jobs)), _died, finished))
        with contextlib.closing(results):  # an interrupt out here still stops the workers
            for chunk, found in zip(jobs, results):
                for offset, objects in enumerate(found):
                    if on_soup:
                        on_soup(chunk.first + offset, objects)
                    census.add(chunk.first + offset, Counter(objects))
                if here:
                    finished(found)


def _keep(partial, settings, folder, index, objects):
    """A soup done: its objects into the partial file, its initial cells into ``folder`` if given."""
    if folder:
        _save_soup(folder, settings, index)
    partial.append(index, objects)


def _save_soup(folder, settings, index):
    """DIR/<index>.rle: soup ``index``'s initial cells, top-left at (0, 0)."""
    cells = soup_cells(soup_seed(settings.root, index), settings.symmetry)
    ys, xs = cells.nonzero()
    write_points(Path(folder) / f"{index}.rle", ys, xs, cells[ys, xs], rule=settings.rule,
                 name=soup_seed(settings.root, index))
