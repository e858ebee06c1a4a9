"""Band: the one bounded axis of a tube or a strip, Golly's ``:T0,20`` and ``:P0,20``.

A tube is the unbounded plane with a period on one axis; a strip is the plane with every cell
beyond a band EMPTY. Both are stored as a Plane (lifesim.universe) whose cells on that axis lie
in the band ``lo .. lo+n-1``; Golly puts a grid's top-left cell at ``-(n // 2)``, so ``lo`` is
that and a file's ``#CXRLE Pos`` means what it means in Golly. This module says, in numpy on
the plane's arrays, what the band changes: where points fold to, which cells a step must visit
beyond the plane's own 3x3 tiles, and what a halo reads past the band's edges.

``axis`` is the array axis that is bounded: 0 (rows) for Topology ``'tube x'`` (unbounded
along x, Golly's ``:T0,20``), 1 (columns) for ``'tube y'`` (``:T30,0``).
"""

from dataclasses import dataclass

import numpy as np

from lifesim.errors import LifesimError
from lifesim.topology import Topology, check_topology, golly_suffix

BANDED = ("tube", "strip")  # the Topology kinds a Band stands for


@dataclass(frozen=True)
class Band:
    """The bounded axis of a tube (``wraps``) or strip: ``n`` cells from ``lo`` along ``axis``."""

    axis: int
    lo: int
    n: int
    wraps: bool

    @classmethod
    def of(cls, topology, height, width):
        """The Band of a tube or strip Topology on a grid of (height, width), its unbounded side 0."""
        topology = check_topology(topology)
        if topology.kind not in BANDED:
            raise LifesimError(f"{topology} is not a tube or a strip")
        axis = 0 if topology.axis == "x" else 1
        n = (height, width)[axis]
        if n < 1:
            raise LifesimError(f"a {topology.kind} needs a bounded side of at least one cell, not {n}")
        return cls(axis, -(n // 2), n, topology.kind == "tube")

    @property
    def topology(self):
        """The Topology: ``'tube x'`` for a tube bounded in rows, and so on."""
        return Topology.of("tube" if self.wraps else "strip", "x" if self.axis == 0 else "y")

    @property
    def suffix(self):
        """Golly's grid suffix without the colon: ``'T0,20'``."""
        return golly_suffix(self.topology, *((self.n, 0) if self.axis == 0 else (0, self.n)))

    def fold(self, ys, xs):
        """Points (ys, xs) (int64 arrays) on the band: a tube takes each coordinate modulo its
        period; a strip refuses one beyond the band."""
        ys, xs = ys.copy(), xs.copy()
        along = (ys, xs)[self.axis]
        if self.wraps:
            along[:] = self.lo + (along - self.lo) % self.n
        elif along.size and (along.min() < self.lo or along.max() >= self.lo + self.n):
            raise LifesimError(f"a cell lies beyond the strip {self.suffix} (it holds "
                               f"{'rows' if self.axis == 0 else 'columns'} {self.lo}..{self.lo + self.n - 1})")
        return ys, xs

    def inside(self, starts, length):
        """(M, length) bool: which of the ``length`` lines from each of ``starts`` ((M,) int64
        absolute coordinates along the axis) lie in the band."""
        at = starts[:, None] + np.arange(length)
        return (at >= self.lo) & (at < self.lo + self.n)

    def clip(self, tiles, corners):
        """``tiles`` ((M, T, T) uint8, a writable copy is made) with every cell beyond the band
        EMPTY; ``corners`` (M, 2) int64, the absolute (y, x) of each tile's [0, 0]."""
        keep = self.inside(corners[:, self.axis], tiles.shape[1 + self.axis])
        return tiles * (keep[:, :, None] if self.axis == 0 else keep[:, None, :])

    def reached(self, corners, boxes, r):
        """Boxes a step must also visit: on a tube, a box within ``r`` of one edge reaches the
        cells by the other edge.

        corners: (K, 2) int64 absolute tile corners; boxes: (K, 4) int64 tile-local half-open
        (y0, y1, x0, x1), already grown by r. Returns (K', 4) int64 absolute boxes (none on a
        strip, whose edges read EMPTY).
        """
        if not self.wraps or not len(boxes):
            return np.zeros((0, 4), np.int64)
        a = self.axis
        absolute = boxes + np.repeat(corners, 2, axis=1)
        lo, hi = self.lo, self.lo + self.n
        below, above = absolute.copy(), absolute.copy()
        # the part before lo lands n further on, the part after hi n back; clipped to the band
        below[:, 2 * a], below[:, 2 * a + 1] = np.maximum(lo, absolute[:, 2 * a] + self.n), hi
        above[:, 2 * a], above[:, 2 * a + 1] = lo, np.minimum(hi, absolute[:, 2 * a + 1] - self.n)
        out = np.concatenate([below, above])
        return out[out[:, 2 * a] < out[:, 2 * a + 1]]

    def clip_boxes(self, corners, boxes):
        """Tile-local ``boxes`` ((K, 4) int64) cut to the band, and which of them are not empty."""
        a = self.axis
        boxes = boxes.copy()
        start = corners[:, a]
        boxes[:, 2 * a] = np.maximum(boxes[:, 2 * a], self.lo - start)
        boxes[:, 2 * a + 1] = np.minimum(boxes[:, 2 * a + 1], self.lo + self.n - start)
        return boxes, boxes[:, 2 * a] < boxes[:, 2 * a + 1]

    def wrapped_lines(self, origins, length):
        """The lines of halos that lie beyond a tube's band, and where they come from.

        origins: (M, 2) int64 absolute (y, x) of each halo's [0, 0]; length: a halo's side.
        Returns (which halos (K,), which lines of them (K,), the coordinate each reads along the
        axis (K,)), int64; nothing for a strip (its halos read EMPTY there already).
        """
        if not self.wraps:
            empty = np.zeros(0, np.int64)
            return empty, empty, empty
        outside = ~self.inside(origins[:, self.axis], length)
        ms, lines = np.nonzero(outside)
        at = origins[ms, self.axis] + lines
        return ms, lines, self.lo + (at - self.lo) % self.n
