"""Plane: the unbounded plane, stored sparsely as square tiles that hold a live cell.

Tile (ty, tx) holds rows ty*TILE .. ty*TILE+TILE-1 and columns tx*TILE .. tx*TILE+TILE-1 as a
read-only (TILE, TILE) ``uint8`` array; a tile that holds only EMPTY cells is not stored, so
memory and time follow the live cells, however far apart they are. Coordinates are absolute
(y grows downward), negative too, within int64 (|y|, |x| < 2**62).

Internally the tiles are one (N + 1, TILE, TILE) stack (the last an EMPTY tile, what looking up
a tile not stored finds) with their keys, an (N, 2) ``int64`` array sorted row-major: every question about many tiles (where is tile k, which tiles border these)
is then a handful of numpy calls however many tiles there are. To find a key, a pair (ty, tx)
is packed into one int64 *code* relative to a base key; a plane's tiles may therefore span at
most SPAN tiles along each axis (SPAN * TILE, about 6.9e10 cells).

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
SPAN = 1 << 31  # tiles along one axis: the y part of a code must stay below 2**31
LIMIT = 1 << 62  # |coordinate|: room for tile arithmetic in int64

# (dy, dx) of a tile's 3x3 block of tiles, row-major: index 4 is the tile itself.
AROUND = np.array([(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)], np.int64)


@dataclass(frozen=True, eq=False)
class Changes:
    """Where a driver's step changed cells: one box per changed tile.

    rule: the Rule whose step made the plane (the record says nothing about another rule).
    keys: (C, 2) ``int64`` tile keys; boxes: (C, 4) ``int64``, each the tile-local half-open
    (y0, y1, x0, x1) bounding box of the cells that changed in that tile.
    """

    rule: object
    keys: np.ndarray
    boxes: np.ndarray


@dataclass(frozen=True, eq=False)
class Work:
    """One generation's work on a plane: the tiles to step, each with its halo (``Plane.work``).

    keys: (M, 2) ``int64`` tile keys, sorted row-major; boxes: (M, 4) ``int64`` tile-local
    half-open (y0, y1, x0, x1) boxes of the cells that may change, none empty; where: (M,)
    ``int64`` each tile's place in the plane's stack (its EMPTY tile when not stored); halos:
    (M, TILE+2r, TILE+2r) ``uint8``, each tile's cells with ``radius`` cells of its neighbours.
    """

    radius: int
    keys: np.ndarray
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
        return self.keys << SHIFT


class Plane:
    """An immutable, unbounded plane of cell states; only tiles holding a live cell are stored."""

    __slots__ = ("_keys", "_stack", "_base", "_codes", "changes", "_memo")
    topology = PLANE

    def __init__(self, keys, stack, changes=None, _codes=None):
        """Internal (use ``from_points``, ``from_cells`` or ``empty``): ``keys`` (N, 2) int64
        sorted row-major; ``stack`` (N+1, TILE, TILE) uint8 read-only, tile k of ``keys[k]``
        non-empty, and last an EMPTY tile, what a lookup of a tile not stored finds."""
        self._keys, self._stack, self.changes = keys, stack, changes
        if _codes is not None:
            self._base, self._codes = _codes
        else:
            self._base = keys.min(axis=0) - 1 if len(keys) else np.zeros(2, np.int64)
            if len(keys) and (keys.max(axis=0) - self._base >= SPAN - 2).any():
                raise _too_wide()
            self._codes = _pack(keys, self._base)
        self._memo = {}

    @property
    def _tiles(self):
        return self._stack[:-1]

    # Construction ----------------------------------------------------------------------------

    @classmethod
    def empty(cls):
        """The plane with no live cell."""
        return cls(_frozen(np.zeros((0, 2), np.int64)), _frozen(np.zeros((1, TILE, TILE), np.uint8)))

    @classmethod
    def from_points(cls, ys, xs, states=1):
        """A plane with cell (ys[i], xs[i]) in state states[i] and every other cell EMPTY.

        ys, xs: absolute rows and columns (int64, or anything numpy makes int64 of); states:
        ``uint8`` values 0..255 (or one value for every point); state 0 is ignored. A cell given
        twice gets one of its states.
        """
        return cls.empty().with_points(ys, xs, states)

    @classmethod
    def from_cells(cls, cells, origin=(0, 0)):
        """A plane holding the 2-D state array ``cells`` with cells[0, 0] at absolute ``origin`` (y, x)."""
        cells = np.asarray(cells)
        if cells.ndim != 2:
            raise LifesimError(f"a pattern is 2-D, not of shape {cells.shape}")
        ys, xs = np.nonzero(cells)
        return cls.from_points(ys.astype(np.int64) + int(origin[0]), xs.astype(np.int64) + int(origin[1]),
                               cells[ys, xs])

    # Views -----------------------------------------------------------------------------------

    @property
    def population(self):
        """The number of cells in a non-EMPTY state (an int)."""
        return self._remember("population", lambda: int(np.count_nonzero(self._tiles)))

    @property
    def max_state(self):
        """The highest state of any cell (0 when the plane is empty)."""
        return self._remember("max_state", lambda: int(self._tiles.max()) if len(self._tiles) else 0)

    @property
    def tile_count(self):
        """How many tiles are stored (each TILE x TILE cells): what the plane costs."""
        return len(self._keys)

    @property
    def keys(self):
        """The stored tiles' (ty, tx) keys: a read-only (N, 2) ``int64`` array, sorted row-major."""
        return self._keys

    @property
    def tiles(self):
        """A read-only mapping (ty, tx) -> (TILE, TILE) ``uint8`` array of every stored tile."""
        return self._remember("tiles", lambda: MappingProxyType(
            {(int(ty), int(tx)): tile for (ty, tx), tile in zip(self._keys.tolist(), self._tiles)}))

    @property
    def changed(self):
        """The keys of the tiles that changed when a driver made this plane (a frozenset), or
        None when unknown (a plane that was built or edited)."""
        if self.changes is None:
            return None
        return frozenset(map(tuple, self.changes.keys.tolist()))

    def points(self):
        """(ys, xs, states) of every non-EMPTY cell, sorted row-major: int64, int64, uint8 arrays."""
        n, ly, lx = np.nonzero(self._tiles)
        ys = (self._keys[n, 0] << SHIFT) + ly
        xs = (self._keys[n, 1] << SHIFT) + lx
        states = self._tiles[n, ly, lx]
        order = np.lexsort((xs, ys))
        return ys[order], xs[order], states[order]

    def bounding_box(self):
        """(y0, y1, x0, x1), half-open and absolute, of the live cells; None when there are none."""
        return self._remember("box", self._bounding_box)

    def _bounding_box(self):
        if not len(self._keys):
            return None
        boxes = occupied_boxes(self._tiles)
        corner = self._keys << SHIFT
        return (int((corner[:, 0] + boxes[:, 0]).min()), int((corner[:, 0] + boxes[:, 1]).max()),
                int((corner[:, 1] + boxes[:, 2]).min()), int((corner[:, 1] + boxes[:, 3]).max()))

    def window(self, y0, y1, x0, x1):
        """The cells of rows y0..y1-1 and columns x0..x1-1: a fresh (y1-y0, x1-x0) ``uint8`` array."""
        if y1 < y0 or x1 < x0:
            raise LifesimError(f"window rows {y0}..{y1}, columns {x0}..{x1} is not a rectangle")
        out = np.zeros((y1 - y0, x1 - x0), np.uint8)
        if not len(self._keys) or not out.size:
            return out
        corner = self._keys << SHIFT
        hit = ((corner[:, 0] < y1) & (corner[:, 0] + TILE > y0) & (corner[:, 1] < x1) & (corner[:, 1] + TILE > x0))
        for (cy, cx), tile in zip(corner[hit].tolist(), self._tiles[hit]):
            a, b, c, d = max(y0, cy), min(y1, cy + TILE), max(x0, cx), min(x1, cx + TILE)
            out[a - y0:b - y0, c - x0:d - x0] = tile[a - cy:b - cy, c - cx:d - cx]
        return out

    def __eq__(self, other):
        if not isinstance(other, Plane):
            return NotImplemented
        return np.array_equal(self._keys, other._keys) and np.array_equal(self._tiles, other._tiles)

    __hash__ = None

    def digest(self):
        """A short hash of every live cell and where it is, for spotting repeated generations."""
        h = hashlib.blake2b(digest_size=16)
        h.update(self._keys.tobytes())
        h.update(self._tiles.tobytes())
        return h.hexdigest()

    def digest_normalised(self):
        """A short hash of the live cells relative to their bounding box: equal for a pattern and
        any translation of it (a spaceship one period on)."""
        h = hashlib.blake2b(digest_size=16)
        box = self.bounding_box()
        if box is not None:
            ys, xs, states = self.points()
            h.update(np.asarray([box[1] - box[0], box[3] - box[2]], np.int64).tobytes())
            h.update((ys - box[0]).tobytes())
            h.update((xs - box[2]).tobytes())
            h.update(states.tobytes())
        return h.hexdigest()

    def __repr__(self):
        return f"Plane(population={self.population}, box={self.bounding_box()}, tiles={self.tile_count})"

    def __str__(self):
        """The bounding box of the live cells as grid text ('*' alive, '-' empty; see Grid)."""
        box = self.bounding_box()
        if box is None:
            return ""
        return "\n".join("".join(state_char(v) for v in row) for row in self.window(*box).tolist())

    def __reduce__(self):
        # The change record names a rule and serves only the next step: it is not kept.
        return (Plane, (self._keys, self._stack))

    # New planes from this one ----------------------------------------------------------------

    def with_points(self, ys, xs, states=1):
        """A copy with cell (ys[i], xs[i]) set to states[i] (0 clears it): editing."""
        ys, xs, states = _points(ys, xs, states)
        if not ys.size:
            return Plane(self._keys, self._stack, None, (self._base, self._codes))
        keys = np.stack([ys >> SHIFT, xs >> SHIFT], axis=1)
        base = keys.min(axis=0) - 1
        if (keys.max(axis=0) - base >= SPAN - 2).any():
            raise _too_wide()
        codes, where = np.unique(_pack(keys, base), return_inverse=True)
        keys = _unpack(codes, base)
        at = self.find(keys)
        work = Work(0, keys, None, at, self._stack[at])
        tiles = work.halos.copy()
        tiles[where.ravel(), ys & MASK, xs & MASK] = states
        edited = self.advanced(work, tiles, None)
        return Plane(edited._keys, edited._stack)  # no change record: the next step visits every tile

    def translated(self, dy, dx):
        """The same cells moved by (dy, dx)."""
        ys, xs, states = self.points()
        return Plane.from_points(ys + int(dy), xs + int(dx), states)

    # For drivers: what to step, the cells around it, and the plane that results -------------

    def find(self, keys):
        """Where tiles ``keys`` ((K, 2) int64) are in the stack: (K,) int64; N (the index of the
        stack's EMPTY tile) for a tile not stored."""
        n = len(self._keys)
        if not n:
            return np.zeros(len(keys), np.int64)
        rel = keys - self._base
        inside = (rel >= 0).all(axis=1) & (rel < SPAN).all(axis=1)
        codes = np.where(inside, (rel[:, 0] << 32) | rel[:, 1], -1)
        at = np.minimum(np.searchsorted(self._codes, codes), n - 1)
        return np.where(inside & (self._codes[at] == codes), at, n)

    def work(self, radius, changes=None):
        """The Work of one generation: the tiles where a cell may change, and their halos.

        With ``changes`` (the record of the step that made this plane, for a deterministic,
        position-independent rule) a cell may change only if a cell within ``radius`` of it
        changed last step; without, only if a cell within ``radius`` of it is live (no rule on
        the plane gives birth in an empty neighbourhood). ``radius`` is at most TILE, so both
        reach only the 3x3 tiles around a tile.
        """
        keys, boxes = self._activity(radius, changes)
        where = self.find((keys[:, None, :] + AROUND).reshape(-1, 2)).reshape(-1, 9)
        return Work(radius, keys, boxes, where[:, 4], self._halos(where, radius))

    def _activity(self, r, changes):
        """(keys, boxes) of Work: each source box (a changed or a live one), seen from each of
        the 3x3 tiles around its own and grown by ``r``; the union of those in each tile."""
        if changes is None:
            keys, boxes = self._keys, occupied_boxes(self._tiles)
        else:
            keys, boxes = changes.keys, changes.boxes
        if not len(keys):
            return np.zeros((0, 2), np.int64), np.zeros((0, 4), np.int64)
        near = (keys[:, None, :] + AROUND).reshape(-1, 2)
        seen = (boxes[:, None, :] + _SEEN_FROM[r]).reshape(-1, 4)
        np.minimum(np.maximum(seen, 0, out=seen), TILE, out=seen)
        reach = (seen[:, 0] < seen[:, 1]) & (seen[:, 2] < seen[:, 3])
        near, seen = near[reach], seen[reach]
        base = near.min(axis=0)
        codes = _pack(near, base)
        order = np.argsort(codes, kind="stable")
        codes = codes[order]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        seen = seen[order] * _LOW_HIGH  # highs negated: one minimum.reduceat for all four
        return _unpack(codes[starts], base), np.minimum.reduceat(seen, starts, axis=0) * _LOW_HIGH

    def _halos(self, where, r):
        """(M, TILE+2r, TILE+2r) ``uint8``: the tiles at ``where[:, 4]`` with ``r`` cells of the
        tiles at ``where[:, k]`` (the 3x3 around, row-major) all round."""
        out = np.empty((len(where), TILE + 2 * r, TILE + 2 * r), np.uint8)
        for k, ((src_y, dst_y), (src_x, dst_x)) in enumerate(_HALO_PARTS[r]):
            out[:, dst_y, dst_x] = self._stack[where[:, k], src_y, src_x]
        return out

    def advanced(self, work, tiles, rule):
        """The plane one step on: the tiles of ``work`` replaced by ``tiles`` ((M, TILE, TILE)
        uint8), every other tile as it is; records what changed, made by ``rule``."""
        tiles = np.asarray(tiles, np.uint8).reshape(-1, TILE, TILE)
        diff = tiles != work.current
        rows, cols = diff.any(axis=2), diff.any(axis=1)
        changed = rows.any(axis=1)
        keys, where, tiles, rows, cols = work.keys[changed], work.where[changed], tiles[changed], rows[changed], cols[changed]
        changes = Changes(rule, _frozen(keys), _frozen(_first_last(rows, cols)))
        codes = (self._base, self._codes)
        if not len(keys):
            return Plane(self._keys, self._stack, changes, codes)
        n = len(self._keys)
        live = tiles.reshape(len(tiles), -1).any(axis=1)
        if (where < n).all() and live.all():  # the same tiles stored: overwrite a copy
            stack = self._stack.copy()
            stack[where] = tiles
            return Plane(self._keys, _frozen(stack), changes, codes)
        keep = np.ones(n, bool)
        keep[where[where < n]] = False
        merged = np.concatenate([self._keys[keep], keys[live]])
        if not len(merged):
            return Plane(_frozen(merged), Plane.empty()._stack, changes)
        order = np.argsort(_pack(merged, merged.min(axis=0) - 1), kind="stable")
        slot = np.empty_like(order)
        slot[order] = np.arange(len(order))
        stack = np.empty((len(merged) + 1, TILE, TILE), np.uint8)
        kept = int(keep.sum())
        stack[slot[:kept]] = self._tiles[keep]
        stack[slot[kept:]] = tiles[live]
        stack[-1] = 0
        return Plane(_frozen(merged[order]), _frozen(stack), changes)

    def _remember(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


def occupied_boxes(tiles):
    """The tile-local half-open (y0, y1, x0, x1) box of the non-EMPTY cells of each tile.

    tiles: (N, TILE, TILE) ``uint8``, each with a non-EMPTY cell. Returns (N, 4) ``int64``.
    """
    return _first_last(tiles.any(axis=2), tiles.any(axis=1))


def _first_last(rows, cols):
    """(N, 4) ``int64`` half-open (y0, y1, x0, x1) spans of the True entries of ``rows`` and
    ``cols`` ((N, TILE) bool, each row with a True)."""
    return np.stack([rows.argmax(axis=1), TILE - rows[:, ::-1].argmax(axis=1),
                     cols.argmax(axis=1), TILE - cols[:, ::-1].argmax(axis=1)], axis=1).astype(np.int64)


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
    """For each of the 3x3 tiles around (row-major), ((rows taken, rows written), (columns
    taken, columns written)) when building a halo r deep; r = 0 takes only the tile itself."""
    span = {-1: (slice(TILE - r, TILE), slice(0, r)), 0: (slice(0, TILE), slice(r, r + TILE)),
            1: (slice(0, r), slice(r + TILE, TILE + 2 * r))}
    return [(span[dy], span[dx]) if r or not (dy or dx) else ((slice(0, 0),) * 2, (slice(0, 0),) * 2)
            for dy, dx in AROUND.tolist()]


_HALO_PARTS = _PerRadius(_parts)


def _points(ys, xs, states):
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


def _pack(keys, base):
    """One sortable int64 per (ty, tx) key: row-major order, relative to ``base`` (below every key)."""
    rel = keys - base
    return (rel[:, 0] << 32) | rel[:, 1]


def _unpack(codes, base):
    return np.stack([(codes >> 32) + base[0], (codes & 0xFFFFFFFF) + base[1]], axis=1)


def _too_wide():
    return LifesimError(f"the pattern spans more than {(SPAN - 4) * TILE:,} cells along one axis, "
                        "more than the plane can hold")


def _frozen(array):
    array.flags.writeable = False
    return array
