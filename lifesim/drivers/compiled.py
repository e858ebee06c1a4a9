"""The compiled driver: a rule's coroutine traced once into a table, then applied to whole arrays.

``lifesim.drivers.compile`` turns the rule into a lookup table; this module applies it with array
shifts: every neighbour is a shifted slice of a chunk of rows with its halo, so a generation is a
handful of numpy operations and no Python runs per cell. The grid is cut into row chunks small
enough to stay in cache; ``workers`` > 1 gives each thread a band of rows (numpy releases the
GIL inside its loops, so the bands really run side by side).

What lets two bands run faster than one, measured at 4096x4096 on the 2-core VM: no
allocation per chunk or per generation (a thread faulting in fresh pages stalls the other in
the kernel), and no Python per chunk that can be done once per rule (every line of it holds the
GIL the other band is waiting for). Stepping each chunk several generations while in cache
(temporal blocking) was tried and dropped: 10% faster on one thread, slower on two.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from lifesim.drivers import bitrows
from lifesim.drivers._tiles import row_runs
from lifesim.drivers.compile import MAP_ORDER, CompileError, compile_rule
from lifesim.drivers.base import Driver
from lifesim.drivers.quads import apply_quads, quad_table
from lifesim.errors import ProtocolError
from lifesim.grid import halo_tile, reach
from lifesim.universe import TILE

# Cells per chunk: each numpy call (about ten per chunk) must work long enough that taking
# the GIL back between calls is noise (calls over 2**16 cells did not scale to two threads at
# all), yet the chunk's work arrays should mostly stay in cache (2**21 was slower again).
CHUNK_CELLS = 1 << 20
# Box sums wider than this radius by running sums, not 2r additions an axis: measured on a
# 512x512 grid, 3.4 ms each way at r = 12, additions 0.56 ms at r = 5, running sums 3.5 ms at r = 20.
PREFIX_RADIUS = 12
CACHE_RULES = 8
SPARE_SHAPES = 2


class CompiledDriver(Driver):
    """Advances grids by table lookup; refuses, with the reason, rules that cannot be tabulated."""

    name = "compiled"
    whole_tiles = True
    # Rows, not cells (see _active). A step of only some rows pays for looking at every row,
    # copying the grid and a fresh array only when few are stepped on a large grid (measured
    # with a settled 256x256 soup on bigger tori, one worker: 46% of 512 rows 0.30 ms against
    # 0.21 full, 23% of 1024 rows 0.60 against 1.02; 20% of 256 rows 0.35 against 0.10): on a
    # smaller one only a grid with no row to step (still, or blinking) skips. Looking every 32
    # generations costs a 256x256 soup still busy 2% of its steps, every 8 about 8%.
    busy = 0.25
    busy_run = 32
    # On the plane, 6 generations a round (halos 6 radii deep): measured acorn to 5206, best of 3
    # in one run, with rounds of 1 / 2 / 4 / 6 / 8 generations: 1.47 / 1.46 / 1.00 / 0.86 /
    # 1.03 s. Deeper halos make each tile's kernel work grow faster than the rounds save.
    plane_round = 6
    # Two-state Moore rules of radius 1 go through bit-packed rows (``bitrows``), whose cost
    # grows with a tile's height but not its width: deeper rounds pay. Measured acorn to 5206,
    # best of 3 in one run, rounds of 1 / 6 / 8 / 10 / 12 / 16: 1.74 / 0.74 / 0.64 / 0.66 /
    # 0.67 / 0.76 s (uint8 kernel, rounds of 6: 0.86 s in an earlier run).
    bit_round = 8
    min_skip_cells = 1 << 20

    def __init__(self, workers=None):
        super().__init__(workers)
        # workers - 1 threads: the caller's own thread steps a band too (see _step)
        self._pool = ThreadPoolExecutor(self.workers - 1, "lifesim-compiled") if self.workers > 1 else None
        self._scratch = Scratch()  # each thread sees its own work arrays
        self._spares = {}  # grid shape -> work array
        self._kernels = {}  # Rule -> Kernel; Rules hash by identity, so a reloaded rule recompiles

    def compiled(self, rule):
        """The Kernel (with its CompiledRule as ``.table``) for ``rule``, traced on first use."""
        kernel = self._kernels.get(rule)
        if kernel is None:
            try:
                kernel = Kernel(compile_rule(rule))
            except ProtocolError as exc:
                raise CompileError(f"the compiled driver cannot trace rule {rule.name!r}: {exc}") from exc
            except CompileError as exc:
                raise CompileError(f"the compiled driver cannot run this rule: {exc}; "
                                   "use --driver serial (or another coroutine driver)") from exc
            if len(self._kernels) >= CACHE_RULES:
                self._kernels.pop(next(iter(self._kernels)))
            self._kernels[rule] = kernel
        return kernel

    def _run(self, grid, rule, generations):
        return grid.with_cells(self._run_tail(grid, rule, generations, 1)[0])

    def _run_tail(self, grid, rule, generations, keep):
        """The (H, W) ``uint8`` cells of the last ``keep`` <= ``generations`` generations of one
        run, oldest first, each read-only and ours alone (Grid keeps them without a copy): they
        are written to arrays of their own rather than the spare (a run for each would cost as
        many fresh arrays anyway)."""
        kernel = self.compiled(rule)
        if grid.topology not in ("torus", "bounded"):
            tail = [self._run_padded(grid.cells, grid.topology, kernel, generations - keep + 1)]
            for _ in range(keep - 1):
                tail.append(self._run_padded(tail[-1], grid.topology, kernel, 1))
            return tail
        torus = grid.topology == "torus"
        # Fresh memory is slow to touch (measured: 2-5 ms to fault in 16 MB, against 0.2 ms to
        # rewrite warm memory, and worse with two threads faulting at once), so a run takes fresh
        # arrays only for the generations it returns, and steps in between through a spare it keeps.
        last = [np.empty_like(grid.cells) for _ in range(keep)]
        spare = self._spare_like(grid.cells) if generations > keep else None
        cells = grid.cells
        for g in range(generations):
            after = generations - 1 - g  # generations still to come after this one
            # the last ones land in ``last``; counting back from there, the spare and the newest alternate
            target = last[keep - 1 - after] if after < keep else spare if (after - keep) % 2 == 0 else last[-1]
            cells = self._step(cells, target, kernel, torus)
        for array in last:
            array.flags.writeable = False
        return tuple(last)

    def _most_per_round(self, plane, rule):
        """``bit_round`` generations a round for a rule on bit-packed rows, else the kernel's."""
        most = super()._most_per_round(plane, rule)
        return self.bit_round if most > 1 and self._bit_rows(rule, TILE + 2 * self.bit_round) else most

    def _bit_rows(self, rule, side):
        """Whether ``rule`` steps halos ``side`` cells wide on bit-packed rows (``bitrows``)."""
        return rule.radius == 1 and side <= bitrows.WORD and self.compiled(rule).bit_counts is not None

    def _step_round(self, rule, halos, origins, generations):
        """A round on the plane: a two-state Moore rule of radius 1 on bit-packed rows, any
        other through the kernel a generation at a time."""
        if not self._bit_rows(rule, halos.shape[-1]):
            return super()._step_round(rule, halos, origins, generations)
        birth, survival = self.compiled(rule).bit_counts
        rows = bitrows.pack(halos)
        for _ in range(generations):
            last, rows = rows, bitrows.step(rows, birth, survival)
        # the tiles' columns are bits k..k+TILE-1 (k = generations); the last rows are the tiles'
        return bitrows.unpack(last[:, 1:1 + TILE], generations, TILE), bitrows.unpack(rows, generations, TILE)

    def _step_tiles(self, rule, halos, origins):
        """The plane's tiles in one batch: the (M, T+2r, T+2r) halo tiles stacked into one tall
        bounded chunk, so a generation is one ``Kernel.apply`` per CHUNK_CELLS cells whatever
        the number of tiles. Measured against one apply per halo tile (CPU s, best of 3):
        acorn to 5206 in 1.24 s batched against 3.96 s, R-pentomino to 1103 in 0.20 against 0.37.
        The table reads no position, so ``origins`` is not needed."""
        kernel = self.compiled(rule)
        k, trim = kernel.radius, rule.radius - kernel.radius  # the table may read less far than declared
        halos = np.asarray(halos)
        if trim:
            halos = halos[:, trim:halos.shape[1] - trim, trim:halos.shape[2] - trim]
        m, side = halos.shape[0], halos.shape[1]
        tiles = side - 2 * k
        out = np.empty((m, side, side), np.uint8)
        rows_out = out.reshape(m * side, side)  # out row j: the next state of stacked row j + k
        per_chunk = max(1, CHUNK_CELLS // (side * side))
        for a in range(0, m, per_chunk):
            b = min(a + per_chunk, m)
            rows = np.ascontiguousarray(halos[a:b]).reshape((b - a) * side, side)
            kernel.apply(rows, False, rows_out[a * side:b * side - 2 * k], self._scratch)
        # rows straddling two tiles read both and are thrown away; columns beyond the halo read EMPTY
        return out[:, :tiles, k:k + tiles]

    # A finite grid, stepping only what can change: whole rows, as the kernel steps them. Per
    # cell, looking costs more than stepping here (a 256x256 step is about 85 us; finding the
    # cells near a change through the topology, 200 us), so the rows near a changed row are
    # stepped, and a grid where those are most rows is stepped in full.

    def _may_skip(self, rule, cells):
        return True  # the table it runs is deterministic and position-independent

    def _active(self, grid, rule):
        """(rows, known): rows, (H,) ``bool``, the rows to step next generation, and known, a
        fresh (H, W) ``uint8``, the next state of the other rows' cells (``Grid.foreseen`` by
        rows); None: step them all."""
        changes = grid.changes
        if changes is None or changes.rule is not rule:
            return None
        r = self.compiled(rule).radius
        if grid.topology in ("torus", "bounded"):  # a row's neighbours are rows
            near = reach(_changed_rows(grid.cells, changes.before)[:, None], grid.topology, r)[:, 0]
            if changes.before2 is None:
                rows, known = near, grid.cells.copy()
            else:  # a row far from changes since two steps back is what it was one step back
                changed2 = np.zeros_like(near)  # compared only where it can matter: near the near rows
                for a, b in _spans(reach(near[:, None], grid.topology, r)[:, 0]):
                    changed2[a:b] = _changed_rows(grid.cells[a:b], changes.before2[a:b])
                rows = near & reach(changed2[:, None], grid.topology, r)[:, 0]
                known = grid.cells.copy()  # slices, not np.where: 0.1 against 1.5 ms at 1024x1024
                for a, b in _spans(near & ~rows):
                    known[a:b] = changes.before[a:b]
        else:  # a sphere's top row neighbours its left column, ...: find the cells, then their rows
            unknown, known = grid.foreseen(rule, r)
            rows = unknown.any(axis=1)
        stepped = np.count_nonzero(rows)
        if stepped > self.busy * len(rows) or (stepped and grid.cells.size < self.min_skip_cells):
            return None
        return rows, known

    def _step_active(self, grid, rule, rows, known):
        """``known`` ((H, W) uint8, fresh) with ``rows`` ((H,) bool) stepped into it as a full
        step steps them: the next generation's cells."""
        kernel = self.compiled(rule)
        r, (h, w) = kernel.radius, grid.shape
        if grid.topology in ("torus", "bounded"):
            for a, b in _spans(rows):
                _band(grid.cells, known, a, b, kernel, grid.topology == "torus", self._scratch)
            return known
        padded = halo_tile(grid.cells, grid.topology, 0, h, 0, w, r)  # as _run_padded steps it
        out = np.empty_like(padded)
        for a, b in _spans(rows):
            _band(padded, out, a + r, b + r, kernel, False, self._scratch)
            known[a:b] = out[a + r:b + r, r:r + w]
        return known

    def _run_padded(self, cells, topology, kernel, generations):
        """Golly's other grids (Klein bottle, sphere, ...): each generation, the (H, W) ``cells``
        padded with their halo through ``topology`` (``halo_tile``) are stepped as a bounded
        grid, and the middle kept. Their halo rows depend on other rows and columns, which a
        row chunk does not hold."""
        r, (h, w) = kernel.radius, cells.shape
        for _ in range(generations):
            padded = halo_tile(cells, topology, 0, h, 0, w, r)
            cells = self._step(padded, np.empty_like(padded), kernel, False)[r:r + h, r:r + w]
        return cells

    def _spare_like(self, cells):
        """A work array of ``cells``' shape and dtype, kept from run to run (its contents are garbage).

        One per grid shape, for the last few shapes: a caller alternating two sizes (the bench
        does) would otherwise get a fresh array, and its page faults, every run.
        """
        spare = self._spares.pop(cells.shape, None)
        if spare is None:
            spare = np.empty_like(cells)
            if len(self._spares) >= SPARE_SHAPES:
                self._spares.pop(next(iter(self._spares)))
        self._spares[cells.shape] = spare  # most recently used last
        return spare

    def _step(self, cells, out, kernel, torus):
        """Write the next generation of ``cells`` ((H, W) uint8) into ``out`` and return it."""
        h = cells.shape[0]
        if self._pool is None or h < 2 * self.workers:
            _band(cells, out, 0, h, kernel, torus, self._scratch)
            return out
        cuts = [h * k // self.workers for k in range(self.workers + 1)]
        futures = [self._pool.submit(_band, cells, out, a, b, kernel, torus, self._scratch)
                   for a, b in zip(cuts[1:], cuts[2:])]
        # The calling thread takes the first band rather than wait idle: one thread fewer to wake
        # per generation (measured: the median 2-worker run 1.27-1.44x of one worker, against
        # 1.06-1.19x with every band on the pool; the best runs the same).
        _band(cells, out, cuts[0], cuts[1], kernel, torus, self._scratch)
        for future in futures:
            future.result()
        return out

    def close(self):
        self._spares = {}
        self._scratch = Scratch()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _spans(rows):
    """The runs of True in ``rows`` ((H,) bool): a list of half-open (a, b) int pairs."""
    _, starts, ends = row_runs(rows[None, :])
    return list(zip(starts.tolist(), ends.tolist()))


def _changed_rows(cells, before):
    """(H,) ``bool``: the rows where ``cells`` and ``before`` ((H, W) ``uint8``) differ, compared
    eight cells at a time where the rows allow (0.46 against 0.81 ms at 2048x2048)."""
    if cells.shape[1] % 8 == 0 and cells.flags.c_contiguous and before.flags.c_contiguous:
        cells, before = cells.view(np.uint64), before.view(np.uint64)
    return (cells != before).any(axis=1)


def _band(cells, out, y0, y1, kernel, torus, scratch):
    """Write rows y0..y1-1 of the next generation of ``cells`` into ``out``, one chunk at a time."""
    rows = max(1, CHUNK_CELLS // cells.shape[1])
    for a in range(y0, y1, rows):
        b = min(a + rows, y1)
        kernel.apply(row_window(cells, a, b, kernel.radius, torus, scratch), torus, out[a:b], scratch)


class Scratch(threading.local):
    """Work arrays kept per thread and reused chunk after chunk.

    Allocating a fresh megabyte temporary per numpy call costs page faults, and two threads
    faulting at once serialise in the kernel: reuse is what lets the bands scale. A band has
    at most three chunk shapes (full, last, and a whole small grid), so a few arrays per name.
    """

    KEEP = 32  # arrays; past this (a run of differently sized grids) start again

    def __init__(self):
        self.arrays = {}

    def get(self, name, shape, dtype):
        """An uninitialised array of ``shape`` and ``dtype``, the same memory each call with these."""
        key = (name, shape, dtype)
        array = self.arrays.get(key)
        if array is None:
            if len(self.arrays) >= self.KEEP:
                self.arrays.clear()
            array = self.arrays[key] = np.empty(shape, dtype)
        return array


def row_window(cells, y0, y1, r, torus, scratch):
    """Rows y0-r..y1+r-1 of ``cells``: uint8, shape (y1-y0+2r, W); a view unless it crosses an edge.

    Beyond an edge the rows wrap on a torus (even when r exceeds the height) and are EMPTY when
    bounded; such a window is built in ``scratch``, not allocated (see :class:`Scratch`).
    """
    h, w = cells.shape
    if y0 - r >= 0 and y1 + r <= h:
        return cells[y0 - r:y1 + r]
    window = scratch.get("window", (y1 - y0 + 2 * r, w), np.uint8)
    if torus:
        return np.take(cells, np.arange(y0 - r, y1 + r) % h, axis=0, out=window)
    lo, hi = max(y0 - r, 0), min(y1 + r, h)
    window[:lo - (y0 - r)] = 0
    window[lo - (y0 - r):hi - (y0 - r)] = cells[lo:hi]
    window[hi - (y0 - r):] = 0
    return window


def pad_columns(padded, r, torus):
    """Fill the ``r`` columns each side of ``padded``'s middle: wrapped on a torus, EMPTY when bounded."""
    if not r:
        return
    w = padded.shape[1] - 2 * r
    if not torus:
        padded[:, :r] = 0
        padded[:, r + w:] = 0
    elif r <= w:
        padded[:, :r] = padded[:, w:w + r]
        padded[:, r + w:] = padded[:, r:2 * r]
    else:
        inner = padded[:, r:r + w]
        padded[:, :r] = inner[:, np.arange(-r, 0) % w]
        padded[:, r + w:] = inner[:, np.arange(w, w + r) % w]


def _shifted(padded, r, dy, dx, shape):
    """The view of ``padded`` whose [i, j] is the cell at offset (dy, dx) from output cell [i, j]."""
    n, w = shape
    return padded[r + dy:r + dy + n, r + dx:r + dx + w]


class Kernel:
    """How one CompiledRule is applied to whole arrays, decided once per rule, not once per chunk.

    Every chunk of every band goes through :meth:`apply` while the other threads wait on the
    GIL for any Python it runs, so everything that does not depend on the cells is worked out here.
    """

    def __init__(self, table):
        self.table = table
        self.radius = r = table.radius
        counts = table.form == "counts"
        self.box = counts and _is_box(table.offsets, r)
        # totals up to the whole neighbourhood and the cell: wider than uint8 past 255 (r >= 8)
        self.count_dtype = _dtype_for(len(table.offsets) + 1)
        self.quads = None
        self.bit_counts = bitrows.birth_survival(table)  # (birth, survival) for bit-packed rows, or None
        # A shape with one run of columns per row (von Neumann, circular, hexagonal) is summed
        # run by run from prefix sums: 2 operations a row instead of one per neighbour.
        runs = _row_runs(table.offsets) if counts and not self.box else None
        self.intervals = runs if runs is not None and 2 * len(runs) < len(table.offsets) else None
        lut = table.table
        if counts and table.states == 2:
            if self.box:
                # read by the box total t, which counts the cell itself: t - own neighbours
                born = [t < lut.shape[1] and lut[0, t] == 1 for t in range(lut.shape[1] + 1)]
                stays = [t >= 1 and lut[1, t - 1] == 1 for t in range(lut.shape[1] + 1)]
            else:
                born, stays = (lut[0] == 1).tolist(), (lut[1] == 1).tolist()
            self.runs = _runs(born, stays)
        elif counts:
            # index = own << shift | count: one np.take through a table padded to that layout
            self.shift = len(table.offsets).bit_length()
            self.index_dtype = _dtype_for((table.states << self.shift) - 1)
            self.lut = np.zeros((table.states, 1 << self.shift), np.uint8)
            self.lut[:, :lut.shape[1]] = lut
            self.lut = self.lut.ravel()
        elif table.form == "tree":
            # one flat row-major array: entry node * states + value; the last level's entries
            # are states, read through a uint8 copy straight into the output
            self.children = np.ascontiguousarray(lut.ravel(), np.int32)
            self.leaves = self.children.astype(np.uint8)
        elif table.states == 2 and table.offsets == MAP_ORDER:
            self.quads = quad_table(lut)  # MAP and Hensel rules: four cells per lookup
        else:
            self.dtype = np.uint16 if lut.size <= 1 << 16 else np.uint32
            self.weights = [1 << k if table.states == 2 else table.states ** k for k in range(len(table.offsets))]

    def apply(self, rows, torus, out, scratch):
        """Fill ``out`` ((n, W) uint8) with the next generation of the middle n of ``rows`` ((n+2r, W) uint8).

        ``rows`` carries the r rows of halo each side; the columns wrap on a torus and have EMPTY
        beyond them when bounded. ``scratch`` is the calling thread's :class:`Scratch`.
        """
        r = self.radius
        own = rows[r:rows.shape[0] - r]
        if self.box:
            # The whole box, the cell included, is separable: sum k rows, then k columns of that
            # (2k-2 additions instead of k*k-1), and read the table by the box total.
            if self.table.states == 2:
                _two_state(self.runs, own, _box_sum(rows, r, torus, scratch, self.count_dtype), out, scratch)
                return
            alive = scratch.get("alive_rows", rows.shape, np.uint8)
            np.equal(rows, 1, out=alive.view(bool))  # only state 1 is a live neighbour
            count = _box_sum(alive, r, torus, scratch, self.count_dtype)
            count -= alive[r:rows.shape[0] - r]  # the cell's own life is not a neighbour
            self._lookup(own, count, out, scratch)
            return
        if self.quads is not None:
            apply_quads(self.quads, rows, torus, out, scratch)
            return
        w = rows.shape[1]
        padded = scratch.get("padded", (rows.shape[0], w + 2 * r), np.uint8)
        padded[:, r:r + w] = rows
        pad_columns(padded, r, torus)
        if self.table.form == "counts":
            self._apply_counts(padded, own, out, scratch)
        elif self.table.form == "tree":
            self._apply_tree(padded, out, scratch)
        else:
            self._apply_index(padded, out, scratch)

    def _apply_counts(self, padded, own, out, scratch):
        states = self.table.states
        if self.intervals is not None:
            count = _interval_sum(padded, self.radius, self.intervals, states, self.count_dtype, out.shape, scratch)
        else:
            count = scratch.get("count", out.shape, self.count_dtype)
            count[...] = 0
            alive = scratch.get("alive", out.shape, bool) if states > 2 else None
            for dy, dx in self.table.offsets:
                s = _shifted(padded, self.radius, dy, dx, out.shape)
                if alive is not None:  # two-state grids hold only 0 and 1, so there a state is a live count
                    s = np.equal(s, 1, out=alive)
                np.add(count, s, out=count, casting="unsafe")
        if states == 2:
            _two_state(self.runs, own, count, out, scratch)
            return
        self._lookup(own, count, out, scratch)

    def _lookup(self, own, count, out, scratch):
        """out = the counts table at (own state, live count), through the padded ``self.lut``."""
        index = scratch.get("index", out.shape, self.index_dtype)
        np.left_shift(own, self.shift, out=index, dtype=self.index_dtype)
        index |= count
        np.take(self.lut, index, out=out, mode="clip")

    def _apply_index(self, padded, out, scratch):
        index = scratch.get("index", out.shape, self.dtype)
        index[...] = 0
        term = scratch.get("weighted", out.shape, self.dtype)
        for (dy, dx), weight in zip(self.table.offsets, self.weights):
            np.multiply(_shifted(padded, self.radius, dy, dx, out.shape), weight, out=term, dtype=self.dtype)
            index += term
        np.take(self.table.table, index, out=out, mode="clip")


    def _apply_tree(self, padded, out, scratch):
        """Walk every cell down the tree at once: one gather per cell read."""
        states, offsets = self.table.states, self.table.offsets
        node = scratch.get("node", out.shape, np.int32)
        index = scratch.get("tree_index", out.shape, np.int32)
        root = len(self.children) // states - 1
        np.add(_shifted(padded, self.radius, *offsets[0], out.shape), root * states, out=index, dtype=np.int32)
        for dy, dx in offsets[1:]:
            np.take(self.children, index, out=node, mode="clip")
            np.multiply(node, states, out=index)
            np.add(index, _shifted(padded, self.radius, dy, dx, out.shape), out=index, dtype=np.int32)
        np.take(self.leaves, index, out=out, mode="clip")


def _is_box(offsets, r):
    return r > 0 and len(offsets) == (2 * r + 1) ** 2 - 1 and all(max(abs(dy), abs(dx)) <= r for dy, dx in offsets)


def _dtype_for(largest):
    """The narrowest unsigned dtype that holds 0..largest."""
    return next(t for t in (np.uint8, np.uint16, np.uint32) if largest <= np.iinfo(t).max)


def _box_sum(rows, r, torus, scratch, dtype=np.uint8):
    """The (2r+1)-square sums, cell included, of the middle n of ``rows`` ((n+2r, W) uint8).

    Shape (n, W), of ``dtype``, which must hold (2r+1)**2 (uint8 does up to r = 7).
    """
    if r > PREFIX_RADIUS:
        return _box_sum_by_prefix(rows, r, torus, scratch, dtype)
    n, w = rows.shape[0] - 2 * r, rows.shape[1]
    sums = scratch.get("sums", (n, w + 2 * r), dtype)
    columns = sums[:, r:r + w]
    np.add(rows[0:n], rows[1:1 + n], out=columns, dtype=dtype)
    for i in range(2, 2 * r + 1):
        np.add(columns, rows[i:i + n], out=columns, dtype=dtype)
    pad_columns(sums, r, torus)
    total = scratch.get("total", (n, w), dtype)
    np.add(sums[:, 0:w], sums[:, 1:1 + w], out=total)
    for j in range(2, 2 * r + 1):
        np.add(total, sums[:, j:j + w], out=total)
    return total


def _box_sum_by_prefix(rows, r, torus, scratch, dtype):
    """``_box_sum`` for a wide box: running sums down and then across, each box total the
    difference of two of them, so the cost does not grow with r as 2r additions an axis do."""
    n, w = rows.shape[0] - 2 * r, rows.shape[1]
    down = np.cumsum(rows, axis=0, dtype=np.int32)  # down[i]: rows 0..i summed
    sums = scratch.get("sums", (n, w + 2 * r), dtype)
    columns = sums[:, r:r + w]
    columns[0] = down[2 * r]
    np.subtract(down[2 * r + 1:], down[:n - 1], out=columns[1:], casting="unsafe")
    pad_columns(sums, r, torus)
    across = np.cumsum(sums, axis=1, dtype=np.int32)
    total = scratch.get("total", (n, w), dtype)
    total[:, 0] = across[:, 2 * r]
    np.subtract(across[:, 2 * r + 1:], across[:, :w - 1], out=total[:, 1:], casting="unsafe")
    return total


def _row_runs(offsets):
    """``[(dy, low, high)]`` when ``offsets`` and the cell itself cover one run of columns
    low..high in each row dy, else None."""
    rows = {}
    for dy, dx in set(offsets) | {(0, 0)}:
        rows.setdefault(dy, []).append(dx)
    if any(max(dxs) - min(dxs) + 1 != len(dxs) for dxs in rows.values()):
        return None
    return [(dy, min(dxs), max(dxs)) for dy, dxs in sorted(rows.items())]


def _interval_sum(padded, r, intervals, states, dtype, shape, scratch):
    """Live neighbours (state 1) of the middle of ``padded`` ((n+2r, W+2r) uint8) over a shape
    given as runs of columns per row (``_row_runs``), the cell itself not counted: (n, W) ``dtype``.

    ``run[:, c]`` holds the sum of ``length`` cells from column c, and grows by one column at a
    time; a row is added in when its run is that long: 2 operations a row in all, not one per
    neighbour (prefix sums would need ``np.cumsum``, measured 20x slower than an addition).
    """
    n, w = shape
    alive = padded
    if states > 2:
        alive = scratch.get("interval_alive", padded.shape, np.uint8)
        np.equal(padded, 1, out=alive.view(bool))
    width = padded.shape[1]
    run = scratch.get("interval_run", padded.shape, dtype)
    run[...] = alive
    count = scratch.get("interval_count", shape, dtype)
    np.subtract(0, alive[r:r + n, r:r + w], out=count, dtype=dtype)  # minus the cell itself
    by_length = {}
    for dy, low, high in intervals:
        by_length.setdefault(high - low + 1, []).append((dy, low))
    for length in range(1, max(by_length) + 1):
        if length > 1:
            np.add(run[:, :width - length + 1], alive[:, length - 1:], out=run[:, :width - length + 1])
        for dy, low in by_length.get(length, ()):
            count += run[r + dy:r + dy + n, r + low:r + low + w]
    return count


def _runs(born, stays):
    """``[(low, high, born, stays)]``: the maximal runs of values with the same outcome, for the
    values where a cell is born or stays (``born[v]``/``stays[v]``: lists of bools by value)."""
    runs = []
    for v, outcome in enumerate(zip(born, stays)):
        if not any(outcome):
            continue
        if runs and runs[-1][1] == v - 1 and runs[-1][2:] == outcome:
            runs[-1] = (runs[-1][0], v) + outcome
        else:
            runs.append((v, v) + outcome)
    return runs


def _two_state(runs, own, value, out, scratch):
    """out = 1 where (own == 0 and born) or (own == 1 and stays) by ``value``, else 0.

    One comparison per run of values (``_runs``), two for a run longer than one: a lookup
    through ``np.take`` costs as much as the whole neighbour sum, and for Life this is the
    hand-written ``(t == 3) | (t == 4) & alive``. Larger than Life's ranges stay a few runs.
    """
    result = out.view(bool)
    alive = own.view(bool)
    term = scratch.get("term", out.shape, bool)
    first = True
    for low, high, b, st in runs:
        target = result if first else term
        if low == high:
            np.equal(value, low, out=target)
        else:  # low <= value <= high as one unsigned comparison: below low wraps round to large
            diff = scratch.get("diff", value.shape, value.dtype)
            np.subtract(value, low, out=diff)
            np.less_equal(diff, high - low, out=target)
        if b and not st:
            np.greater(target, alive, out=target)  # for booleans, a > b is a and not b
        elif st and not b:
            np.logical_and(target, alive, out=target)
        if not first:
            result |= term
        first = False
    if first:
        result[...] = False
