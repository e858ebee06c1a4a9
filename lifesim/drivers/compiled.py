"""The compiled driver: a rule's coroutine traced once into a table, then applied to whole arrays.

``lifesim.compile`` turns the rule into a lookup table; this module applies it with array
shifts: every neighbour is a shifted slice of a padded copy of the grid, so a generation is a
handful of numpy operations and no Python runs per cell. The grid is cut into row chunks small
enough to stay in cache; ``workers`` > 1 gives each thread a band of rows (numpy releases the
GIL inside its loops, so the bands really run side by side).
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from lifesim.compile import CompileError, compile_rule
from lifesim.drivers.base import Driver
from lifesim.errors import ProtocolError

# Cells per chunk: large enough that numpy's per-call overhead (~30 calls a chunk) is noise,
# small enough that a 4096x4096 grid is cut into cache-friendlier pieces (measured: 2**20
# beat 2**16 by 1.6x at 1024x1024 and 2**24 by 2x at 4096x4096).
CHUNK_CELLS = 1 << 20
CACHE_RULES = 8


class CompiledDriver(Driver):
    """Advances grids by table lookup; refuses, with the reason, rules that cannot be tabulated."""

    name = "compiled"

    def __init__(self, workers=None):
        super().__init__(workers)
        self._pool = ThreadPoolExecutor(self.workers, "lifesim-compiled") if self.workers > 1 else None
        self._tables = {}  # Rule -> CompiledRule; Rules hash by identity, so a reloaded rule recompiles

    def compiled(self, rule):
        """The CompiledRule for ``rule``, traced on first use."""
        table = self._tables.get(rule)
        if table is None:
            try:
                table = compile_rule(rule)
            except ProtocolError as exc:
                raise CompileError(f"the compiled driver cannot trace rule {rule.name!r}: {exc}") from exc
            except CompileError as exc:
                raise CompileError(f"the compiled driver cannot run this rule: {exc}; "
                                   "use --driver serial (or another coroutine driver)") from exc
            if len(self._tables) >= CACHE_RULES:
                self._tables.pop(next(iter(self._tables)))
            self._tables[rule] = table
        return table

    def _run(self, grid, rule, generations):
        table = self.compiled(rule)
        cells = grid.cells
        for _ in range(generations):
            cells = self._step(cells, table, grid.topology == "torus")
        cells.flags.writeable = False  # ours alone: lets Grid keep it without a copy
        return grid.with_cells(cells)

    def _step(self, cells, table, torus):
        """The next generation of ``cells`` ((H, W) uint8) as a new (H, W) uint8 array."""
        out = np.empty_like(cells)
        h = cells.shape[0]
        if self._pool is None or h < 2 * self.workers:
            _band(cells, out, 0, h, table, torus)
            return out
        cuts = [h * k // self.workers for k in range(self.workers + 1)]
        futures = [self._pool.submit(_band, cells, out, a, b, table, torus) for a, b in zip(cuts, cuts[1:])]
        for future in futures:
            future.result()
        return out

    def close(self):
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _band(cells, out, y0, y1, table, torus):
    """Write rows y0..y1-1 of the next generation into ``out``, one cache-sized chunk at a time."""
    rows = max(1, CHUNK_CELLS // cells.shape[1])
    for a in range(y0, y1, rows):
        b = min(a + rows, y1)
        apply_table(table, padded_rows(cells, a, b, table.radius, torus), out[a:b])


def padded_rows(cells, y0, y1, r, torus):
    """Rows y0..y1-1 of ``cells`` with ``r`` cells of halo all round: uint8, shape (y1-y0+2r, W+2r).

    The halo wraps on a torus (even when r exceeds the grid's size) and is EMPTY when bounded.
    """
    h, w = cells.shape
    # a torus overwrites every cell of the pad; a bounded grid needs its EMPTY halo
    padded = (np.empty if torus else np.zeros)((y1 - y0 + 2 * r, w + 2 * r), np.uint8)
    inner = padded[:, r:r + w]
    if torus:
        if y0 - r >= 0 and y1 + r <= h:
            inner[...] = cells[y0 - r:y1 + r]
        else:
            inner[...] = cells[np.arange(y0 - r, y1 + r) % h]
        if r:
            padded[:, :r] = inner[:, np.arange(-r, 0) % w]
            padded[:, r + w:] = inner[:, np.arange(w, w + r) % w]
    else:
        lo, hi = max(y0 - r, 0), min(y1 + r, h)
        inner[lo - (y0 - r):hi - (y0 - r)] = cells[lo:hi]
    return padded


def _shifted(padded, r, dy, dx, shape):
    """The view of ``padded`` whose [i, j] is the cell at offset (dy, dx) from output cell [i, j]."""
    n, w = shape
    return padded[r + dy:r + dy + n, r + dx:r + dx + w]


def apply_table(table, padded, out):
    """Fill ``out`` ((n, W) uint8, C-contiguous) from ``padded`` ((n+2r, W+2r) uint8) through ``table``."""
    r = table.radius
    if table.form == "counts":
        _apply_counts(table, padded, r, out)
    else:
        _apply_index(table, padded, r, out)


def _apply_counts(table, padded, r, out):
    own = _shifted(padded, r, 0, 0, out.shape)
    if table.states == 2 and _is_box(table.offsets, r):
        # The whole box, the cell included, is separable: sum k rows, then k columns of that
        # (2k-2 additions instead of k*k-1), and read the table by the box total.
        total = _box_sum(padded, r, out.shape)
        lut = table.table
        born = [lut[0, t] == 1 if t < lut.shape[1] else False for t in range(lut.shape[1] + 1)]
        stays = [t >= 1 and lut[1, t - 1] == 1 for t in range(lut.shape[1] + 1)]
        _two_state(born, stays, own, total, out)
        return
    count = np.zeros(out.shape, np.uint8)
    for dy, dx in table.offsets:
        s = _shifted(padded, r, dy, dx, out.shape)
        # two-state grids hold only 0 and 1, so a neighbour's state is its live count
        np.add(count, s if table.states == 2 else (s == 1), out=count, casting="unsafe")
    if table.states == 2:
        _two_state((table.table[0] == 1).tolist(), (table.table[1] == 1).tolist(), own, count, out)
        return
    shift = len(table.offsets).bit_length()
    index = count.astype(np.uint16)
    index |= own.astype(np.uint16) << shift
    lut = np.zeros((table.states, 1 << shift), np.uint8)
    lut[:, :table.table.shape[1]] = table.table
    np.take(lut.ravel(), index, out=out, mode="clip")


def _is_box(offsets, r):
    return r > 0 and len(offsets) == (2 * r + 1) ** 2 - 1 and all(max(abs(dy), abs(dx)) <= r for dy, dx in offsets)


def _box_sum(padded, r, shape):
    """The (2r+1)-square sums, cell included: uint8 of ``shape`` (at most 225 for r <= 7)."""
    n, w = shape
    rows = padded[0:n].copy()
    for i in range(1, 2 * r + 1):
        rows += padded[i:i + n]
    total = rows[:, 0:w].copy()
    for j in range(1, 2 * r + 1):
        total += rows[:, j:j + w]
    return total


def _two_state(born, stays, own, value, out):
    """out = 1 where (own == 0 and born[value]) or (own == 1 and stays[value]), else 0.

    One comparison per value that lives: a lookup through ``np.take`` costs as much as the whole
    neighbour sum, and for Life this is the hand-written ``(t == 3) | (t == 4) & alive``.
    """
    result = out.view(bool)
    alive = own.view(bool)
    first = True
    for v, (b, st) in enumerate(zip(born, stays)):
        if not (b or st):
            continue
        term = np.equal(value, v, out=result if first else None)
        if b and not st:
            np.logical_and(term, ~alive, out=term)
        elif st and not b:
            np.logical_and(term, alive, out=term)
        if not first:
            result |= term
        first = False
    if first:
        result[...] = False


def _apply_index(table, padded, r, out):
    index = np.zeros(out.shape, np.uint16 if table.table.size <= 1 << 16 else np.uint32)
    for k, (dy, dx) in enumerate(table.offsets):
        s = _shifted(padded, r, dy, dx, out.shape).astype(index.dtype)
        if table.states == 2:
            s <<= k
        else:
            s *= table.states ** k
        index += s
    np.take(table.table, index, out=out, mode="clip")
