"""The threads driver: one thread per row band, all meeting at a barrier once per generation.

The threads live as long as the driver. For each run of a whole grid (``_run``) every thread
runs the coroutines of its band for all the generations asked for, reading the current
generation from one shared array and writing its own rows of the next into the other; the
arrays swap roles at the barrier. Nothing else is shared, so there is no lock per cell. On the
plane, and for the cells of a grid near last generation's changes, each generation is one job:
every thread steps a share of the tiles or runs of cells (about as many cells each).

On a GIL build of CPython pure-Python cells cannot run in parallel: this driver then costs
about what ``serial`` does. It pays on free-threaded builds (3.13t and later) and for rules whose
work releases the GIL.
"""

import queue
import threading
import time

import numpy as np

from lifesim.drivers._loop import advance_tile
from lifesim.drivers._tiles import balanced, halo_tile, split, work_sizes
from lifesim.drivers.base import Driver
from lifesim.errors import LifesimError

CLOSE_SECONDS = 2.0  # close() waits this long in all for the band threads to finish


class ThreadsDriver(Driver):
    """Row bands on ``workers`` persistent threads (default: one per CPU)."""

    name = "threads"
    parallel = True

    def __init__(self, workers=None):
        super().__init__(workers)
        self._inboxes = []  # one job queue per thread, started on first use
        self._threads = []
        self._results = queue.Queue()
        self._job_id = 0
        self._closed = False

    def _run(self, grid, rule, generations):
        bands = split(grid.height, self.workers)
        job = self._do(lambda job_id: _Job(job_id, grid, rule, generations, bands), len(bands))
        return grid.with_cells(job.arrays[generations % 2])

    def _step_tiles(self, rule, halos, origins, runs=None):
        shares = balanced(work_sizes(halos, runs), self.workers)
        runs = runs or [None] * len(halos)
        return self._do(lambda job_id: _TileJob(job_id, rule, halos, origins, runs, shares), len(shares)).results

    def _do(self, make_job, count):
        """Run ``make_job(job_id)`` on ``count`` threads, part k on thread k; returns the job once
        every part is done, or raises the first part's error."""
        if self._closed:
            raise LifesimError("the threads driver is closed")
        self._start(count)
        self._job_id += 1  # now, not after collecting: an interrupted job's late reports must not count
        job = make_job(self._job_id)
        for part, inbox in enumerate(self._inboxes[:count]):
            inbox.put((job, part))
        try:
            self._collect(job, count)
        except BaseException:
            job.cancel()  # Ctrl-C or an error: the others stop at their next generation or tile
            raise
        return job

    def _start(self, count):
        while len(self._threads) < count:
            inbox = queue.Queue()
            thread = threading.Thread(target=_serve, args=(inbox, self._results),
                                      name=f"lifesim-band-{len(self._threads)}", daemon=True)
            thread.start()
            self._inboxes.append(inbox)
            self._threads.append(thread)

    def _collect(self, job, count):
        """Wait for every band of ``job``; raise the error of the first failing band, if any."""
        errors = {}
        pending = count
        while pending:
            try:  # short waits: Ctrl-C is only seen between them
                job_id, band, error = self._results.get(timeout=0.1)
            except queue.Empty:
                continue
            if job_id != job.id:
                continue  # a band of an interrupted earlier job finishing late
            pending -= 1
            if error is not None:
                errors[band] = error
        real = [errors[b] for b in sorted(errors) if not isinstance(errors[b], threading.BrokenBarrierError)]
        if real:
            raise real[0]

    def close(self):
        self._closed = True
        for inbox in self._inboxes:
            inbox.put(None)
        # One deadline for them all: a thread stuck in a cell would otherwise cost its own 10 s
        # each (minutes on a many-core machine after Ctrl-C); the threads are daemons, so one
        # still stuck when it passes cannot keep the process alive.
        deadline = time.monotonic() + CLOSE_SECONDS
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self._inboxes, self._threads = [], []


class _Job:
    """One ``advance`` call: the two generation arrays (H, W) ``uint8``, the bands, the barrier."""

    def __init__(self, job_id, grid, rule, generations, bands):
        self.id, self.rule, self.generations, self.bands = job_id, rule, generations, bands
        self.topology = grid.topology
        self.arrays = (grid.cells.copy(), np.empty_like(grid.cells))
        self.barrier = threading.Barrier(len(bands))
        self.cancelled = False

    def cancel(self):
        self.cancelled = True
        self.barrier.abort()

    def run_band(self, band):
        """Every generation of one band, meeting the other bands at the barrier after each."""
        y0, y1 = self.bands[band]
        rule, r = self.rule, self.rule.radius
        width = self.arrays[0].shape[1]
        for g in range(self.generations):
            if self.cancelled:
                return
            cur, nxt = self.arrays[g % 2], self.arrays[1 - g % 2]
            nxt[y0:y1] = advance_tile(rule, halo_tile(cur, self.topology, y0, y1, 0, width, r), (y0 - r, -r))
            self.barrier.wait()


class _TileJob:
    """One generation of plane tiles, or of a grid's runs of cells: thread k steps tiles
    ``shares[k]`` (a half-open range), each whole or only its ``runs`` (see ``advance_tile``)."""

    def __init__(self, job_id, rule, halos, origins, runs, shares):
        self.id, self.rule, self.halos, self.origins, self.shares = job_id, rule, halos, origins, shares
        self.runs = runs
        self.results = [None] * len(halos)
        self.cancelled = False

    def cancel(self):
        self.cancelled = True

    def run_band(self, part):
        a, b = self.shares[part]
        for i in range(a, b):
            if self.cancelled:
                return
            self.results[i] = advance_tile(self.rule, self.halos[i], self.origins[i], self.runs[i])


def _serve(inbox, results):
    """A band thread: run jobs from ``inbox`` until it yields None; report each to ``results``."""
    while (task := inbox.get()) is not None:
        job, band = task
        try:
            job.run_band(band)
        except BaseException as exc:  # reported to the caller, who re-raises it
            job.cancel()  # the other parts stop early (and bands leave the barrier)
            results.put((job.id, band, exc))
        else:
            results.put((job.id, band, None))
