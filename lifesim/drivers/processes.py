"""The processes driver: tiles of the grid on a ProcessPoolExecutor, one generation per round trip.

The grid lives in shared memory (``multiprocessing.shared_memory``) as two (H, W) ``uint8``
generations; each task reads its tile plus a halo as deep as the rule's radius from one and
writes its cells into the other, so a task carries only names and numbers. The ``pickle``
transport (tiles with halos in the task, next states in the reply) is kept for comparison:
see ``python run_life.py bench`` and README's "Which driver?".

Faults: a rule error in a worker comes back as the same ProtocolError/CellError naming the
cell; a worker that dies, or Ctrl-C, shuts the whole pool down (no orphans) and the next
``advance`` starts a fresh one; an unpicklable rule is refused before any work starts. A
generation that runs past ``guard.time_limit(driver)`` seconds (``time_limit=``, ``--time-limit``
or ``LIFESIM_GENERATION_TIME_LIMIT``) is a GenerationTimeout naming the tiles still running,
and the pool is shut down the same way: this catches a cell stuck between yields.
"""

import contextlib
import signal
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import shared_memory

import numpy as np

from lifesim.drivers._loop import advance_tile
from lifesim.drivers._tilework import load_rule, rule_blob, run_tile, run_tiles
from lifesim.drivers._tiles import balanced, blocks, halo_tile, work_sizes
from lifesim.drivers import guard
from lifesim.drivers.base import Driver
from lifesim.drivers.workers import pool_processes, start_pool, stop_now
from lifesim.errors import LifesimError

TRANSPORTS = ("shm", "pickle")


class ProcessesDriver(Driver):
    """Tiles on ``workers`` processes (default: one per CPU); ``transport`` is "shm" or "pickle";
    ``time_limit``: seconds one generation may take (default: ``LIFESIM_GENERATION_TIME_LIMIT``)."""

    name = "processes"
    parallel = True

    def __init__(self, workers=None, transport="shm", time_limit=None):
        super().__init__(workers)
        if transport not in TRANSPORTS:
            raise LifesimError(f"unknown transport {transport!r}: expected one of {', '.join(TRANSPORTS)}")
        self.transport = transport
        self.time_limit = time_limit
        self._pool = None
        self._procs = []  # the pool's worker processes, kept to make sure none outlives a fault
        self._shm = None  # SharedMemory holding two (H, W) generations

    # The run ----------------------------------------------------------------------------------

    def _run(self, grid, rule, generations):
        blob = rule_blob(rule)
        tiles = blocks(grid.height, grid.width, self.workers)
        limit = guard.time_limit(self)
        with self._faults():
            if self.transport == "shm":
                cells = self._run_shm(grid, blob, tiles, generations, limit)
            else:
                cells = self._run_pickle(grid, blob, tiles, generations, rule.radius, limit)
        return grid.with_cells(cells)

    def _step_tiles(self, rule, halos, origins, runs=None):
        """The plane's tiles (or a grid's runs of cells) in ``workers`` shares of about as many
        cells, pickled to the pool (a tile lives only in this generation's halos: there is no
        shared grid to map)."""
        blob = rule_blob(rule)
        shares = balanced(work_sizes(halos, runs), self.workers)
        with self._faults():
            futures = [self._submit(run_tiles, blob, halos[a:b], origins[a:b], runs and runs[a:b])
                       for a, b in shares]
            parts = guard.gather(futures, guard.time_limit(self), lambda i: _share_name(shares[i], origins))
        return [tile for part in parts for tile in part]

    @contextlib.contextmanager
    def _faults(self):
        """A worker that died becomes a one-line LifesimError; Ctrl-C or a cell's error stops
        every worker now. Either way the next run starts a fresh pool."""
        try:
            yield
        except BrokenProcessPool:
            codes = self._shutdown()
            raise LifesimError(
                f"a worker process died ({_describe(codes)}); the pool was shut down, "
                "the next run starts a fresh one"
            ) from None
        except BaseException:
            self._shutdown()
            raise

    def _run_shm(self, grid, blob, tiles, generations, limit):
        h, w = grid.shape
        arrays = self._shared(h, w)
        arrays[0] = grid.cells
        name = self._shm.name
        for g in range(generations):
            self._gather([self._submit(_shm_step, name, h, w, grid.topology, blob, g % 2, t) for t in tiles],
                         tiles, limit)
        return arrays[generations % 2].copy()

    def _run_pickle(self, grid, blob, tiles, generations, r, limit):
        cells = grid.cells
        for _ in range(generations):
            futures = [self._submit(run_tile, blob, halo_tile(cells, grid.topology, *t, r), (t[0] - r, t[2] - r))
                       for t in tiles]
            nxt = np.empty_like(cells)
            for (y0, y1, x0, x1), part in zip(tiles, self._gather(futures, tiles, limit)):
                nxt[y0:y1, x0:x1] = part
            cells = nxt
        return cells

    @staticmethod
    def _gather(futures, tiles, limit):
        """The tiles' results in order (guard.gather: the first error, or the time limit, stops it)."""
        return guard.gather(futures, limit, lambda i: _tile_name(i, tiles[i]))

    # Resources --------------------------------------------------------------------------------

    def _submit(self, fn, *args):
        if self._pool is None:
            self._pool = start_pool(self.workers)
        future = self._pool.submit(fn, *args)
        if len(self._procs) < self.workers:  # kept, once all started: a broken pool forgets them
            self._procs = pool_processes(self._pool) or self._procs
        return future

    def _shared(self, h, w):
        """Two (H, W) ``uint8`` generations in shared memory, reused while the size stays."""
        if self._shm is None or self._shm.size < 2 * h * w:
            self._free_shm()
            self._shm = shared_memory.SharedMemory(create=True, size=2 * h * w)
        return np.ndarray((2, h, w), np.uint8, self._shm.buf)

    def _shutdown(self):
        """Stop the pool and every worker now; returns the workers' exit codes."""
        pool, procs = self._pool, self._procs
        self._pool, self._procs = None, []
        return stop_now(pool, procs) if pool is not None else []

    def _free_shm(self):
        if self._shm is not None:
            self._shm.close()
            self._shm.unlink()
            self._shm = None

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool, self._procs = None, []
        self._free_shm()


LOST_STATUS = 255  # multiprocessing's exit code for a fork-server child whose status was lost


def _tile_name(i, tile):
    y0, y1, x0, x1 = tile
    return f"tile {i} (cells y {y0}..{y1 - 1}, x {x0}..{x1 - 1})"


def _share_name(share, origins):
    a, b = share
    return f"plane tiles {a}..{b - 1} (the first at cell {tuple(origins[a])})"


def _describe(codes):
    """The workers' ends in words, e.g. ``killed by signal SIGKILL, SIGTERM``. multiprocessing
    reports 255 for a fork-server child whose status never came back (seen for a worker killed
    by SIGKILL): "ended without an exit status"."""
    killed = [-c for c in codes if c is not None and c < 0]
    parts = ["killed by signal " + ", ".join(signal.Signals(s).name for s in killed)] if killed else []
    if LOST_STATUS in codes:
        parts.append("ended without an exit status")
    others = [c for c in codes if c is not None and c > 0 and c != LOST_STATUS]
    if others:
        parts.append("exit codes " + ", ".join(map(str, others)))
    return "; ".join(parts) or "no exit code"


# In the workers ---------------------------------------------------------------------------------

_ATTACHED = {}  # shared memory name -> SharedMemory, attached once per worker


def _shm_step(name, h, w, topology, blob, parity, tile):
    """One generation of ``tile`` (y0, y1, x0, x1): read generation ``parity``, write the other."""
    rule = load_rule(blob)
    shm = _ATTACHED.get(name)
    if shm is None:
        for old in _ATTACHED.values():
            old.close()
        _ATTACHED.clear()
        shm = _ATTACHED[name] = shared_memory.SharedMemory(name)
    arrays = np.ndarray((2, h, w), np.uint8, shm.buf)
    y0, y1, x0, x1 = tile
    r = rule.radius
    part = advance_tile(rule, halo_tile(arrays[parity], topology, y0, y1, x0, x1, r), (y0 - r, x0 - r))
    arrays[1 - parity, y0:y1, x0:x1] = part


