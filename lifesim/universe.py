"""Plane: the unbounded plane, stored sparsely as square tiles that hold a live cell.

Tile (ty, tx) holds rows ty*TILE .. ty*TILE+TILE-1 and columns tx*TILE .. tx*TILE+TILE-1 as a
read-only (TILE, TILE) ``uint8`` array; a tile that holds only EMPTY cells is not stored, so
memory and time follow the live cells, however far apart they are. Coordinates are absolute
(y grows downward), negative too, within int64 (|y|, |x| < 2**62).

Internally the tiles are one (N + 1, TILE, TILE) stack (the last an EMPTY tile, what looking up
a tile not stored finds), named by *codes*: a key (ty, tx) packed into one int64 relative to
the plane's *frame* (a key near the middle of the pattern), ``(ty - fy) << 32 | (tx - fx +
2**31)``. Codes sort row-major, and the tile (dy, dx) away is the code plus ``dy << 32 | dx``,
so every question about many tiles (where are these, which tiles border them) is a handful of
numpy calls however many tiles there are. A plane a driver makes keeps its parent's frame
(moving it only when the pattern outgrows it), so the codes of one step serve the next. The
tiles may lie at most REACH tiles from the frame, so a pattern spans at most about 6.9e10 cells.

Tiles are 32 cells a side, measured (2 cores, Life): acorn to 5206 on the compiled driver in
4.4 / 2.6 / 1.9 s with 16 / 32 / 64-cell tiles (fewer, larger tiles: fewer numpy calls), the
R-pentomino to 1103 on the serial driver in 3.9 / 5.1 / 11.3 s (smaller tiles: tighter boxes of
cells to step); 32 is the compromise.

A plane made by a driver also records which tiles changed when it was made, and where in them
(``changes``): a driver stepping the next generation with the same rule, when that rule is
deterministic and position-independent, steps only the cells near a change (see
``Plane.work``).
"""

import hashlib
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from lifesim.errors import LifesimError
from lifesim.grid import state_char

SHIFT = 5  # 32-cell tiles: see above
PLANE = "plane"  # the topology name of the unbounded plane
TILE = 1 << SHIFT
MASK = TILE - 1
LIMIT = 1 << 62  # |coordinate|: room for tile arithmetic in int64
REACH = 1 << 30  # tiles from the frame, along either axis, that codes can name
_HALF = 1 << 31  # added to tx - fx so that the low 32 bits of a code never go negative
_LOW = (1 << 32) - 1

# (dy, dx) of a tile's 3x3 block of tiles, row-major (index 4 is the tile itself), and as codes.
AROUND = np.array([(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)], np.int64)
_AROUND_CODES = (AROUND[:, 0] << 32) + AROUND[:, 1]


@dataclass(frozen=True, eq=False)
class Changes:
    """Where a driver's step changed cells: one box per changed tile.

    rule: the Rule whose step made the plane (the record says nothing about another rule).
    codes: (C,) ``int64`` codes of the changed tiles in the plane's frame, sorted; boxes:
    (C, 4) ``int64``, each the tile-local half-open (y0, y1, x0, x1) bounding box of the cells
    that changed in that tile.
    """

    rule: object
    codes: np.ndarray
    boxes: np.ndarray


@dataclass(frozen=True, eq=False)
class Work:
    """One generation's work on a plane: the tiles to step, each with its halo (``Plane.work``).

    codes: (M,) ``int64`` sorted codes of the tiles (in ``frame``); boxes: (M, 4) ``int64``
    tile-local half-open (y0, y1, x0, x1) boxes of the cells that may change, none empty (None
    for an edit); where: (M,) ``int64``, each tile's place in the plane's stack (its EMPTY tile
    when not stored); halos: (M, TILE+2r, TILE+2r) ``uint8``, each tile's cells with ``radius``
    cells of its neighbours all round.
    """

    radius: int
    frame: tuple
    codes: np.ndarray
    boxes: np.ndarray
    where: np.ndarray
    halos: np.ndarray

    @property
    def current(self):
        """(M, TILE, TILE) ``uint8``: the tiles as they are (a view of the halos)."""
        r = self.radius
        return self.halos[:, r:r + TILE, r:r + TILE]

    @property
    def corners(self):
        """(M, 2) ``int64``: the absolute (y, x) of each tile's cell [0, 0]."""
        return _decode(self.codes, self.frame) << SHIFT


class Plane:
    """An immutable, unbounded plane of cell states; only tiles holding a live cell are stored."""

    __slots__ = ("_codes", "_stack", "_frame", "changes", "band", "odd", "_memo")

    def __init__(self, codes, stack, frame, changes=None, band=None, odd=False):
        """Internal (use ``from_points``, ``from_cells`` or ``empty``): ``codes`` (N,) int64
        sorted, in ``frame`` ((fy, fx) ints); ``stack`` (N+1, TILE, TILE) uint8 read-only, tile
        k of ``codes[k]`` non-empty, the last an EMPTY tile; ``changes`` a Changes or None;
        ``band`` a Band (a tube or strip: every cell lies in it) or None (the whole plane);
        ``odd``: an odd generation of a B0 rule emulated as Golly does (``drivers.b0``), whose
        next step runs the odd generations' rule; False for every other plane."""
        self._codes, self._stack, self._frame, self.changes, self.band = codes, stack, frame, changes, band
        self.odd = odd
        self._memo = {}

    @property
    def topology(self):
        """``'plane'``, or a tube's or strip's Topology (``'tube x'``, Golly's ``:T0,20``)."""
        return PLANE if self.band is None else self.band.topology

    def _like(self, codes, stack, frame, changes=None):
        """A plane of these tiles on the same band as this one, of the same parity."""
        return Plane(codes, stack, frame, changes, self.band, self.odd)

    def with_odd(self, odd):
        """The same cells (and change record) as an odd (True) or even generation of a B0 emulation."""
        return Plane(self._codes, self._stack, self._frame, self.changes, self.band, bool(odd))

    @property
    def _tiles(self):
        return self._stack[:-1]

    # Construction ----------------------------------------------------------------------------

    @classmethod
    def empty(cls, band=None):
        """The plane (or the tube or strip of ``band``, a Band) with no live cell."""
        return cls(_EMPTY_CODES, _EMPTY_STACK, (0, 0), None, band)

    @classmethod
    def from_points(cls, ys, xs, states=1, band=None):
        """A plane with cell (ys[i], xs[i]) in state states[i] and every other cell EMPTY.

        ys, xs: absolute rows and columns (int64, or anything numpy makes int64 of); states:
        ``uint8`` values 0..255 (or one value for every point); state 0 is ignored. A cell given
        twice gets one of its states. band: a Band for a tube or strip (see ``with_points``).
        """
        return cls.empty(band).with_points(ys, xs, states)

    @classmethod
    def from_cells(cls, cells, origin=(0, 0), band=None):
        """A plane holding the 2-D state array ``cells`` with cells[0, 0] at absolute ``origin`` (y, x)."""
        cells = np.asarray(cells)
        if cells.ndim != 2:
            raise LifesimError(f"a pattern is 2-D, not of shape {cells.shape}")
        ys, xs = np.nonzero(cells)
        return cls.from_points(ys.astype(np.int64) + int(origin[0]), xs.astype(np.int64) + int(origin[1]),
                               cells[ys, xs], band)

    # Views -----------------------------------------------------------------------------------

    @property
    def population(self):
        """The number of cells in a non-EMPTY state (an int)."""
        return self._remember("population", lambda: int(np.count_nonzero(self._tiles)))

    @property
    def max_state(self):
        """The highest state of any cell (0 when the plane is empty)."""
        return self._remember("max_state", lambda: int(self._stack.max()))

    @property
    def tile_count(self):
        """How many tiles are stored (each TILE x TILE cells): what the plane costs."""
        return len(self._codes)

    def tile_populations(self):
        """The number of non-EMPTY cells in each stored tile: (N,) ``int64``, in ``keys`` order."""
        return self._remember("tile_populations", self._tile_populations)

    def _tile_populations(self):
        # 8 cells at a time: each tile's 0/1 "live" bytes summed as 128 uint64 words, so that byte
        # k of the sum counts the live cells at k of 8 (at most 128 of them: no carry into the
        # next byte), then those 8 bytes added. Measured 5x faster than count_nonzero along an axis.
        n = len(self._codes)
        words = (self._tiles != 0).view(np.uint64).reshape(n, TILE * TILE // 8).sum(axis=1, dtype=np.uint64)
        return words.view(np.uint8).reshape(n, 8).sum(axis=1, dtype=np.int64)

    @property
    def keys(self):
        """The stored tiles' (ty, tx) keys: a read-only (N, 2) ``int64`` array, sorted row-major."""
        return self._remember("keys", lambda: _frozen(_decode(self._codes, self._frame)))

    @property
    def tiles(self):
        """A read-only mapping (ty, tx) -> (TILE, TILE) ``uint8`` array of every stored tile."""
        return self._remember("tiles", lambda: MappingProxyType(
            {(ty, tx): tile for (ty, tx), tile in zip(self.keys.tolist(), self._tiles)}))

    @property
    def changed(self):
        """The keys of the tiles that changed when a driver made this plane (a frozenset), or
        None when unknown (a plane that was built or edited)."""
        if self.changes is None:
            return None
        return frozenset(map(tuple, _decode(self.changes.codes, self._frame).tolist()))

    def points(self):
        """(ys, xs, states) of every non-EMPTY cell, sorted row-major: int64, int64, uint8 arrays."""
        n, ly, lx = np.nonzero(self._tiles)
        corners = self.keys[n] << SHIFT
        ys, xs = corners[:, 0] + ly, corners[:, 1] + lx
        order = np.lexsort((xs, ys))
        return ys[order], xs[order], self._tiles[n, ly, lx][order]

    def bounding_box(self):
        """(y0, y1, x0, x1), half-open and absolute, of the live cells; None when there are none."""
        return self._remember("box", self._bounding_box)

    def _bounding_box(self):
        if not len(self._codes):
            return None
        _, boxes = cell_boxes(self._tiles)
        corner = self.keys << SHIFT
        return (int((corner[:, 0] + boxes[:, 0]).min()), int((corner[:, 0] + boxes[:, 1]).max()),
                int((corner[:, 1] + boxes[:, 2]).min()), int((corner[:, 1] + boxes[:, 3]).max()))

    def window(self, y0, y1, x0, x1):
        """The cells of rows y0..y1-1 and columns x0..x1-1: a fresh (y1-y0, x1-x0) ``uint8`` array."""
        if y1 < y0 or x1 < x0:
            raise LifesimError(f"window rows {y0}..{y1}, columns {x0}..{x1} is not a rectangle")
        out = np.zeros((y1 - y0, x1 - x0), np.uint8)
        if not len(self._codes) or not out.size:
            return out
        corner = self.keys << SHIFT
        hit = ((corner[:, 0] < y1) & (corner[:, 0] + TILE > y0) & (corner[:, 1] < x1) & (corner[:, 1] + TILE > x0))
        for (cy, cx), tile in zip(corner[hit].tolist(), self._tiles[hit]):
            a, b, c, d = max(y0, cy), min(y1, cy + TILE), max(x0, cx), min(x1, cx + TILE)
            out[a - y0:b - y0, c - x0:d - x0] = tile[a - cy:b - cy, c - cx:d - cx]
        return out

    def __eq__(self, other):
        if not isinstance(other, Plane):
            return NotImplemented
        return (self.band == other.band and self.odd == other.odd and np.array_equal(self.keys, other.keys)
                and np.array_equal(self._tiles, other._tiles))

    __hash__ = None

    def digest(self):
        """A short hash of every live cell and where it is, for spotting repeated generations
        (and of the parity of a B0 emulation: the same cells at an odd and an even generation
        step differently)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(b"odd" if self.odd else b"")
        h.update(self.keys.tobytes())
        h.update(self._tiles.tobytes())
        return h.hexdigest()

    def digest_normalised(self):
        """A short hash of the live cells relative to their bounding box: equal for a pattern and
        any translation of it (a spaceship one period on)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(b"odd" if self.odd else b"")
        box = self.bounding_box()
        if box is not None:
            ys, xs, states = self.points()
            h.update(np.asarray([box[1] - box[0], box[3] - box[2]], np.int64).tobytes())
            h.update((ys - box[0]).tobytes())
            h.update((xs - box[2]).tobytes())
            h.update(states.tobytes())
        return h.hexdigest()

    def __repr__(self):
        band = "" if self.band is None else f", {self.topology} :{self.band.suffix}"
        odd = ", odd" if self.odd else ""
        return f"Plane(population={self.population}, box={self.bounding_box()}, tiles={self.tile_count}{band}{odd})"

    def __str__(self):
        """The bounding box of the live cells as grid text ('*' alive, '-' empty; see Grid)."""
        box = self.bounding_box()
        if box is None:
            return ""
        return "\n".join("".join(state_char(v) for v in row) for row in self.window(*box).tolist())

    def __reduce__(self):
        # The change record names a rule and serves only the next step: it is not kept.
        return (Plane, (self._codes, self._stack, self._frame, None, self.band, self.odd))

    # New planes from this one ----------------------------------------------------------------

    def with_points(self, ys, xs, states=1):
        """A copy with cell (ys[i], xs[i]) set to states[i] (0 clears it): editing. On a tube a
        point lands modulo its period; a strip refuses one beyond its band."""
        ys, xs, states = checked_points(ys, xs, states)
        if self.band is not None:
            ys, xs = self.band.fold(ys, xs)
        plane = self._framing(ys >> SHIFT, xs >> SHIFT)
        if not ys.size:
            return self._like(plane._codes, plane._stack, plane._frame)
        codes = _encode(ys >> SHIFT, xs >> SHIFT, plane._frame)
        codes, which = np.unique(codes, return_inverse=True)
        where = plane._find(codes)
        work = Work(0, plane._frame, codes, None, where, plane._stack[where])
        tiles = work.halos.copy()
        tiles[which.ravel(), ys & MASK, xs & MASK] = states
        edited = plane.advanced(work, tiles, None)
        return self._like(edited._codes, edited._stack, edited._frame)  # no record: the next step visits all

    def translated(self, dy, dx):
        """The same cells moved by (dy, dx)."""
        ys, xs, states = self.points()
        return Plane.from_points(ys + int(dy), xs + int(dx), states, self.band).with_odd(self.odd)

    def _framing(self, tys, txs):
        """This plane in a frame that also names tiles (tys, txs) (int64 arrays) with a margin:
        itself when its frame does, else re-encoded around the middle of all of them (its change
        record kept)."""
        if not tys.size:
            return self
        lo_y, hi_y = int(tys.min()), int(tys.max())
        lo_x, hi_x = int(txs.min()), int(txs.max())
        fy, fx = self._frame
        keys = self.keys if len(self._codes) else None
        if keys is not None:
            if max(abs(lo_y - fy), abs(hi_y - fy), abs(lo_x - fx), abs(hi_x - fx)) < REACH - 2:
                return self
            lo_y, hi_y = min(lo_y, int(keys[:, 0].min())), max(hi_y, int(keys[:, 0].max()))
            lo_x, hi_x = min(lo_x, int(keys[:, 1].min())), max(hi_x, int(keys[:, 1].max()))
        if hi_y - lo_y >= 2 * REACH - 8 or hi_x - lo_x >= 2 * REACH - 8:
            raise LifesimError(f"the pattern spans more than {2 * REACH * TILE:,} cells along one axis, "
                               "more than the plane can hold")
        frame = ((lo_y + hi_y) // 2, (lo_x + hi_x) // 2)
        changes = self.changes
        if changes is not None:
            old = _decode(changes.codes, self._frame)
            changes = Changes(changes.rule, _encode(old[:, 0], old[:, 1], frame), changes.boxes)
        codes = _encode(keys[:, 0], keys[:, 1], frame) if keys is not None else _EMPTY_CODES
        return self._like(codes, self._stack, frame, changes)

    # For drivers: what to step, the cells around it, and the plane that results -------------

    def _find(self, codes):
        """Where the tiles of ``codes`` ((K,) int64, this frame) are in the stack: (K,) int64,
        N (the stack's EMPTY tile) for a tile not stored."""
        n = len(self._codes)
        if not n:
            return np.zeros(codes.shape, np.int64)
        at = np.searchsorted(self._codes, codes)
        np.minimum(at, n - 1, out=at)
        return np.where(self._codes[at] == codes, at, n)

    def work(self, radius, changes=None):
        """The Work of one generation: the tiles where a cell may change, and their halos.

        With ``changes`` (the record of the step that made this plane, for a deterministic,
        position-independent rule) a cell may change only if a cell within ``radius`` of it
        changed last step; without, only if a cell within ``radius`` of it is live (no rule on
        the plane gives birth in an empty neighbourhood). ``radius`` is at most TILE, so both
        reach only the 3x3 tiles around a tile.
        """
        codes, boxes = self._activity(radius, changes)
        where = self._find((codes[:, None] + _AROUND_CODES).ravel()).reshape(-1, 9)
        work = Work(radius, self._frame, codes, boxes, where[:, 4], self._halos(where, radius))
        if self.band is not None:
            self._wrap_halos(work)
        return work

    def _activity(self, r, changes):
        """(codes, boxes) of Work: each source box (a changed or a live one), seen from each of
        the 3x3 tiles around its own and grown by ``r``; the union of those in each tile."""
        if changes is None:
            which, boxes = cell_boxes(self._tiles)
            codes = self._codes[which]
        else:
            codes, boxes = changes.codes, changes.boxes
        if not len(codes):
            return _EMPTY_CODES, np.zeros((0, 4), np.int64)
        near = (codes[:, None] + _AROUND_CODES).ravel()
        seen = (boxes[:, None, :] + _SEEN_FROM[r]).reshape(-1, 4)
        np.minimum(np.maximum(seen, 0, out=seen), TILE, out=seen)
        reach = (seen[:, 0] < seen[:, 1]) & (seen[:, 2] < seen[:, 3])
        near, seen = near[reach], seen[reach]
        if self.band is not None:
            near, seen = self._banded(near, seen, r)
        order = np.argsort(near, kind="stable")
        near = near[order]
        starts = _run_starts(near)
        seen = seen[order]
        seen *= _LOW_HIGH  # highs negated: one minimum.reduceat for all four
        boxes = np.minimum.reduceat(seen, starts, axis=0)
        boxes *= _LOW_HIGH
        return near[starts], boxes

    def _banded(self, codes, boxes, r):
        """Tile-local ``boxes`` ((K, 4) int64) of ``codes`` where a cell may change, on a tube or
        strip: with the cells by one edge of a tube that a box by the other reaches, and cut to
        the band (a cell beyond it is always EMPTY). Not yet one box per tile."""
        band = self.band
        reached = band.reached(_decode(codes, self._frame) << SHIFT, boxes, r)
        if len(reached):
            # a reached box spans at most r <= TILE cells each way: at most 2 x 2 tiles
            parts = []
            for ty in (reached[:, 0] >> SHIFT, (reached[:, 1] - 1) >> SHIFT):
                for tx in (reached[:, 2] >> SHIFT, (reached[:, 3] - 1) >> SHIFT):
                    corner = np.stack([ty, tx], axis=1) << SHIFT
                    local = np.clip(reached - np.repeat(corner, 2, axis=1), 0, TILE)
                    parts.append((_encode(ty, tx, self._frame), local))
            codes = np.concatenate([codes] + [c for c, _ in parts])
            boxes = np.concatenate([boxes] + [b for _, b in parts])
        boxes, keep = band.clip_boxes(_decode(codes, self._frame) << SHIFT, boxes)
        keep &= boxes[:, 2 * (1 - band.axis)] < boxes[:, 2 * (1 - band.axis) + 1]
        return codes[keep], boxes[keep]

    def _wrap_halos(self, work):
        """On a tube, fill the lines of ``work``'s halos beyond the band (in place) with the
        cells they are across the tube's seam (a strip's read EMPTY there already)."""
        band, r = self.band, work.radius
        origins = work.corners - r
        length = TILE + 2 * r
        ms, lines, at = band.wrapped_lines(origins, length)
        if not len(ms):
            return
        across = origins[ms, 1 - band.axis][:, None] + np.arange(length)
        if band.axis == 0:
            work.halos[ms, lines, :] = self.cells_at(at[:, None], across)
        else:
            work.halos[ms, :, lines] = self.cells_at(across, at[:, None])

    def cells_at(self, ys, xs):
        """The states of cells (ys, xs): int64 arrays that broadcast together, each cell within
        the plane's frame; a ``uint8`` array of their shape."""
        ys, xs = np.broadcast_arrays(ys, xs)
        where = self._find(_encode(ys >> SHIFT, xs >> SHIFT, self._frame).ravel()).reshape(ys.shape)
        return self._stack[where, ys & MASK, xs & MASK]

    def _halos(self, where, r):
        """(M, TILE+2r, TILE+2r) ``uint8``: the tiles at ``where[:, 4]`` with ``r`` cells of the
        tiles at ``where[:, k]`` (the 3x3 around, row-major) all round."""
        out = np.empty((len(where), TILE + 2 * r, TILE + 2 * r), np.uint8)
        # Each neighbour gathers only the rows and columns it lends (a gather of whole 3x3 blocks
        # copied 9 tiles per tile: measured 2.1x slower at 600 tiles, r = 1).
        for k, ((src_y, dst_y), (src_x, dst_x)) in _HALO_PARTS[r]:
            out[:, dst_y, dst_x] = self._stack[where[:, k], src_y, src_x]
        return out

    def advanced(self, work, tiles, rule, previous=None):
        """The plane one step on: the tiles of ``work`` (made by this plane's ``work``) replaced
        by ``tiles`` ((M, TILE, TILE) uint8), every other tile as it is; records what changed,
        made by ``rule``: since ``previous`` ((M, TILE, TILE) uint8, the generation before
        ``tiles`` when a driver stepped several at once), else since this plane."""
        tiles = np.asarray(tiles, np.uint8).reshape(-1, TILE, TILE)
        if self.band is not None:  # a whole tile was stepped: what lies beyond the band stays EMPTY
            tiles = self.band.clip(tiles, work.corners)
        which, boxes = cell_boxes(tiles != work.current)
        if previous is not None and previous is not work.current:
            stepped, stepped_boxes = cell_boxes(tiles != previous)
            changes = Changes(rule, work.codes[stepped], stepped_boxes)
        else:
            changes = Changes(rule, work.codes[which], boxes)
        if not len(which):
            return self._like(self._codes, self._stack, self._frame, changes)
        codes, where, tiles = work.codes[which], work.where[which], tiles[which]
        n = len(self._codes)
        live = tiles.reshape(len(tiles), -1).any(axis=1)
        known = where < n
        if known.all() and live.all():  # the same tiles stored: overwrite a copy
            stack = self._stack.copy()
            stack[where] = tiles
            return self._like(self._codes, _frozen(stack), self._frame, changes)
        keep = np.ones(n, bool)
        keep[where[known]] = False
        merged = np.concatenate([self._codes[keep], codes[live]])
        order = np.argsort(merged, kind="stable")
        slot = np.empty_like(order)
        slot[order] = np.arange(len(order))
        stack = np.empty((len(merged) + 1, TILE, TILE), np.uint8)
        kept = n - int(known.sum())
        stack[slot[:kept]] = self._tiles[keep]
        stack[slot[kept:]] = tiles[live]
        stack[-1] = 0
        plane = self._like(merged[order], _frozen(stack), self._frame, changes)
        # A tile one step beyond those stored still has a code (REACH keeps a margin), but the
        # next step's neighbours might not: move the frame while the pattern is still in it.
        return plane._framing(*plane.keys.T) if plane._outgrown() else plane

    def _outgrown(self):
        """Whether a stored tile lies near the edge of what the frame can name."""
        if not len(self._codes):
            return False
        cols = (self._codes & _LOW) - _HALF
        # the codes sort row-major: the first and the last have the extreme rows
        return max(-int(self._codes[0] >> 32), int(self._codes[-1] >> 32), -int(cols.min()), int(cols.max())) >= REACH - 2

    def _remember(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


def cell_boxes(tiles):
    """Which tiles hold a non-zero cell, and the box of those cells in each.

    tiles: (N, TILE, TILE), any dtype (bool for a difference). Returns (which, boxes): (K,)
    ``int64`` indices of the tiles with a non-zero cell, ascending, and (K, 4) ``int64``
    tile-local half-open (y0, y1, x0, x1) boxes of their non-zero cells.
    """
    # One pass over the cells and then work per non-zero cell: numpy's reductions along a
    # 32-long axis cost more than this for the few cells a step changes.
    flat = tiles.ravel().nonzero()[0]
    tile = flat >> (2 * SHIFT)
    starts = _run_starts(tile)
    ys, xs = (flat >> SHIFT) & MASK, flat & MASK
    boxes = np.empty((len(starts), 4), np.int64)
    if len(starts):
        np.minimum.reduceat(ys, starts, out=boxes[:, 0])
        np.maximum.reduceat(ys, starts, out=boxes[:, 1])
        np.minimum.reduceat(xs, starts, out=boxes[:, 2])
        np.maximum.reduceat(xs, starts, out=boxes[:, 3])
        boxes[:, 1::2] += 1
    return tile[starts], boxes


def _run_starts(values):
    """Where each run of equal neighbours in ``values`` (a 1-D array) starts: (K,) int64."""
    if not len(values):
        return np.zeros(0, np.int64)
    new = np.empty(len(values), bool)
    new[0] = True
    np.not_equal(values[1:], values[:-1], out=new[1:])
    return new.nonzero()[0]


def checked_points(ys, xs, states):
    """ys, xs as int64 and states as uint8 arrays of one length, checked."""
    try:
        ys = np.asarray(ys, np.int64).ravel()
        xs = np.asarray(xs, np.int64).ravel()
    except (OverflowError, TypeError, ValueError):
        raise LifesimError("cell coordinates must be whole numbers within int64") from None
    raw = np.asarray(states)
    if raw.size and raw.dtype != np.uint8 and (raw.min() < 0 or raw.max() > 255):
        raise LifesimError("cell states must be 0..255")
    states = np.broadcast_to(raw.astype(np.uint8), ys.shape) if raw.ndim == 0 else raw.astype(np.uint8).ravel()
    if not (ys.shape == xs.shape == states.shape):
        raise LifesimError(f"{ys.size} rows, {xs.size} columns and {states.size} states: one of each per cell")
    if ys.size and max(abs(int(ys.min())), abs(int(ys.max())), abs(int(xs.min())), abs(int(xs.max()))) >= LIMIT:
        raise LifesimError(f"cell coordinates must be within +-{LIMIT:,}")
    return ys, xs, states


def _encode(tys, txs, frame):
    """Codes of keys (tys[i], txs[i]) (int64 arrays, each within REACH of ``frame``)."""
    return ((tys - frame[0]) << 32) + (txs - frame[1] + _HALF)


def _decode(codes, frame):
    """(K, 2) ``int64`` keys of ``codes`` in ``frame``."""
    return np.stack([(codes >> 32) + frame[0], (codes & _LOW) - _HALF + frame[1]], axis=1)


def _frozen(array):
    array.flags.writeable = False
    return array


class _PerRadius(dict):
    """A dict that makes its value for a radius on first use: ``_PerRadius(make)[r]``."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, r):
        value = self[r] = self.make(r)
        return value


# (9, 4): added to a tile-local box (y0, y1, x0, x1), that box as seen from each of the 3x3
# tiles around (local coordinates move by -TILE per tile of offset) and grown by r.
_SEEN_FROM = _PerRadius(lambda r: np.repeat(-AROUND * TILE, 2, axis=1) + np.array([-r, r, -r, r]))
_LOW_HIGH = np.array([1, -1, 1, -1])


def _parts(r):
    """(k, ((rows taken, rows written), (columns taken, columns written))) for each of the 3x3
    tiles around (row-major k) that a halo r deep takes cells from (r = 0: the tile alone)."""
    span = {-1: (slice(TILE - r, TILE), slice(0, r)), 0: (slice(0, TILE), slice(r, r + TILE)),
            1: (slice(0, r), slice(r + TILE, TILE + 2 * r))}
    return [(k, (span[dy], span[dx])) for k, (dy, dx) in enumerate(AROUND.tolist()) if r or not (dy or dx)]


_HALO_PARTS = _PerRadius(_parts)
_EMPTY_CODES = _frozen(np.zeros(0, np.int64))
_EMPTY_STACK = _frozen(np.zeros((1, TILE, TILE), np.uint8))


def is_plane(universe):
    """Whether ``universe`` is stored as the plane is (a Plane, its tube or strip, or a
    QuadPlane), not as a finite Grid: what decides how drivers, files and the window treat it."""
    return universe.topology == PLANE or isinstance(universe, Plane)


def describe(universe):
    """Where a universe's cells are, in a few words: ``torus 64x48`` (H x W) for a finite grid;
    on the plane its live cells' bounding box, ``plane box 95x120 at y=-47 x=-60`` (H x W and
    its top-left cell), or ``plane (empty)``; on a tube or strip the same after its name and
    Golly's suffix, ``tube x :T0,20 box 5x3 at y=-2 x=7``."""
    if not is_plane(universe):
        h, w = universe.shape
        return f"{universe.topology} {h}x{w}"
    band = getattr(universe, "band", None)
    name = PLANE if band is None else f"{universe.topology} :{band.suffix}"
    box = universe.bounding_box()
    if box is None:
        return f"{name} (empty)"
    y0, y1, x0, x1 = box
    return f"{name} box {y1 - y0}x{x1 - x0} at y={y0} x={x0}"
