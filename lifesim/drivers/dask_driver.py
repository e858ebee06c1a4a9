"""The dask driver: the grid as a ``dask.array`` of row bands, one generation per ``map_overlap``;
the plane's tiles as one task per worker's share each generation.

``map_overlap`` gives every band a halo as deep as the rule's radius, periodic on a torus and
0 (EMPTY) on a bounded grid; the band function runs the cells through the one interpreter loop.
All generations of one ``advance`` call are one task graph, computed in one round trip.
By default the driver starts a ``distributed.LocalCluster`` of worker processes (one thread
each) that lives as long as the driver; ``scheduler="tcp://host:8786"`` (``--scheduler``) uses
an existing cluster instead, whose workers must be able to import lifesim and the rule.
With a time limit (``time_limit=``, ``--time-limit`` or ``LIFESIM_GENERATION_TIME_LIMIT``; per
generation, so ``advance`` waits at most generations x limit) the computation is cancelled when
it runs over, and a local cluster is closed (its worker processes stop; the next run starts a
fresh one). Ctrl-C while waiting does the same: cancelling a task does not stop it once a worker
runs it. An external cluster's workers are not ours to restart.
"""

import functools
import threading

import numpy as np

from lifesim.drivers._tilework import rule_blob, run_tile, run_tiles
from lifesim.drivers._tiles import balanced, halo_tile, split, work_sizes
from lifesim.drivers import guard
from lifesim.drivers.dask_cluster import distributed, open_client
from lifesim.drivers.base import Driver
from lifesim.errors import LifesimError


# map_overlap's own halos; Golly's other grids (Klein bottle, sphere, ...) go through halo_tile
_BOUNDARY = {"torus": "periodic", "bounded": 0}


class DaskDriver(Driver):
    """Row bands on a Dask cluster: local worker processes, or ``scheduler`` if given."""

    name = "dask"
    parallel = True

    def __init__(self, workers=None, scheduler=None, time_limit=None):
        super().__init__(workers)
        self.scheduler = scheduler
        self.time_limit = time_limit
        self._client = self._cluster = None

    def _run(self, grid, rule, generations):
        return grid.with_cells(self._run_tail(grid, rule, generations, 1)[0])

    def _run_tail(self, grid, rule, generations, keep):
        """The (H, W) ``uint8`` cells of the last ``keep`` <= ``generations`` generations, oldest
        first: one task graph, computed in one round trip and waited for as one run."""
        blob, r = rule_blob(rule), rule.radius  # first: a rule that cannot be sent is the error to report
        distributed()  # one line, not an ImportError, when the extra is missing
        import dask.array as da

        h, w = grid.shape
        if h < r or w < r:  # one task a generation anyway
            tail = [self._compute_small(grid.cells, grid.topology, blob, r, generations - keep + 1)]
            for _ in range(keep - 1):
                tail.append(self._compute_small(tail[-1], grid.topology, blob, r, 1))
            return tail
        bands = split(h, min(self.workers, h // r) if r else self.workers)  # overlap needs bands >= r deep
        chunks = (tuple(y1 - y0 for y0, y1 in bands), (w,))
        starts = tuple(y0 for y0, _ in bands)
        boundary = _BOUNDARY.get(grid.topology)
        if boundary is None:
            step = functools.partial(_padded_generations, topology=grid.topology, bands=bands, blob=blob, r=r)
        else:
            step = functools.partial(_overlap_generations, boundary=boundary, blob=blob, starts=starts, r=r)
        tail = [step(da.from_array(grid.cells, chunks=chunks), generations=generations - keep + 1)]
        for _ in range(keep - 1):
            tail.append(step(tail[-1], generations=1))
        return list(self._compute(da.stack(tail), generations))

    def _step_tiles(self, rule, halos, origins, runs=None):
        """The plane's tiles (or a grid's runs of cells) in ``workers`` shares of about as many
        cells, one task each, and one task that joins them, waited for as one generation."""
        blob = rule_blob(rule)
        distributed()
        client = self._connect()
        shares = balanced(work_sizes(halos, runs), self.workers)
        parts = [client.submit(run_tiles, blob, halos[a:b], origins[a:b], runs and runs[a:b], pure=False)
                 for a, b in shares]
        return self._wait(client.submit(_joined, *parts, pure=False), 1)

    def _compute_small(self, cells, topology, blob, r, generations):
        """Grids thinner than the radius (dask's overlap needs chunks at least that deep): one
        task a generation of the (H, W) ``cells``."""
        for _ in range(generations):
            future = self._connect().submit(run_tile, blob, halo_tile(cells, topology, 0, cells.shape[0],
                                                                      0, cells.shape[1], r), (-r, -r), pure=False)
            cells = self._wait(future, 1)
        return cells

    def _compute(self, cells, generations):
        return self._wait(self._connect().compute(cells), generations)

    def _wait(self, future, generations):
        from distributed import KilledWorker

        limit = guard.time_limit(self)
        deadline = guard.Deadline(None if limit is None else limit * generations)
        done = threading.Event()
        future.add_done_callback(lambda _: done.set())
        try:
            while not done.wait(deadline.step()):
                if deadline.passed:
                    self._give_up(future)
                    raise guard.timeout_error(limit, generations, f"the dask tiles ({_tile_note(self)})")
            return future.result()
        except guard.GenerationTimeout:
            raise  # already cancelled
        except KilledWorker as exc:
            raise LifesimError(f"a dask worker died while running a tile ({exc}); the cluster gave up on it") from None
        except BaseException:  # Ctrl-C while waiting, or a cell's error coming back
            if not future.done():  # cancelling does not stop a tile a worker runs: close a local cluster
                self._give_up(future)
            raise

    def _give_up(self, future):
        """Cancel ``future``; a local cluster is closed, as its workers may be stuck in a cell."""
        future.cancel()
        if self._cluster is not None:
            self.close()

    def _connect(self):
        if self._client is None:
            self._client, self._cluster = open_client(self.workers, self.scheduler)
        return self._client

    def close(self):
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def _tile_note(driver):
    if driver.scheduler:
        return f"the workers of {driver.scheduler} may still be busy"
    return "the local cluster was shut down, the next run starts a fresh one"


def _overlap_generations(cells, boundary, blob, starts, r, generations):
    """The task graph of ``generations`` of ``cells`` ((H, W) uint8 dask array of row bands
    starting at rows ``starts``), each one ``map_overlap`` with ``boundary``."""
    step = functools.partial(_band_step, blob, starts, r)
    for _ in range(generations):
        cells = cells.map_overlap(step, depth=r, boundary=boundary, dtype=np.uint8, meta=np.empty((0, 0), np.uint8))
    return cells


def _padded_generations(cells, topology, bands, blob, r, generations):
    """The task graph of ``generations`` of ``cells`` ((H, W) uint8 dask array) on a topology
    map_overlap has no boundary for: each generation one task pads the whole grid through
    ``halo_tile``, then each band (y0, y1) is stepped from its rows of that padding."""
    import dask.array as da

    h, w = cells.shape
    empty = np.empty((0, 0), np.uint8)
    for _ in range(generations):
        padded = cells.rechunk((h, w)).map_blocks(halo_tile, topology, 0, h, 0, w, r, dtype=np.uint8, meta=empty,
                                                  chunks=((h + 2 * r,), (w + 2 * r,)))
        cells = da.concatenate([padded[y0:y1 + 2 * r].map_blocks(_tile_step, blob, (y0 - r, -r), dtype=np.uint8,
                                                                 meta=empty, chunks=((y1 - y0,), (w,)))
                                for y0, y1 in bands])
    return cells


def _tile_step(tile, blob, origin):
    """``run_tile`` with the tile first, as map_blocks passes it."""
    return run_tile(blob, tile, origin)


def _joined(*parts):
    """The tiles of every share, in order: one list."""
    return [tile for part in parts for tile in part]


def _band_step(blob, starts, r, block, block_info=None):
    """One generation of a band: ``block`` is the (h+2r, w+2r) ``uint8`` band with its halo;
    returns the same shape with the band's next states in the middle (map_overlap trims)."""
    y0 = starts[block_info[0]["chunk-location"][0]]
    middle = run_tile(blob, block, (y0 - r, -r))
    return np.pad(middle, r)
