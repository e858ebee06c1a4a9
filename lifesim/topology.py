"""Topology: what lies beyond a grid's edges, for every bounded grid Golly defines.

Golly's Help/bounded.html defines them by rule suffix (width first): a plane ``:P30,20`` reads
EMPTY outside; a torus ``:T30,20`` joins opposite edges, optionally shifted along one pair
(``:T30+5,20``: crossing the top or bottom edge moves x by 5); a Klein bottle ``:K30*,20``
reverses the starred pair (here top/bottom: crossing it maps x to W-1-x), optionally shifted
when that side is even (``:K30*+1,20``: x to W-2-x, mod W, as Golly computes it; see
``_cross``); a cross-surface ``:C30,20`` reverses both pairs; a sphere ``:S30`` joins the top
edge to the left edge and the bottom edge to the right edge; a tube ``:T0,20`` (and a strip
``:P0,20``) is unbounded along its 0 side.

A Topology is a ``str``: its canonical name (``'torus'``, ``'bounded'``, ``'torus x+5'``,
``'torus y-3'``, ``'klein x'``, ``'klein y+1'``, ``'cross'``, ``'sphere'``, ``'tube x'``,
``'strip y'``), with its parts as properties. Being its name, it compares and hashes equal to
the plain strings ``"torus"`` and ``"bounded"`` that grids, drivers, checkpoints (JSON), batch
CSVs and summaries used before, and prints, pickles and serialises as that name, so none of
them changes. The axis is Golly's starred or shifted side: ``x`` for the width (the
horizontal edges, whose crossing changes x), ``y`` for the height; for a tube or strip, the
unbounded direction.
"""

import functools
import re

import numpy as np

from lifesim.errors import LifesimError

# kind: (the letter of its Golly suffix, what bounded.html calls it)
KINDS = {
    "bounded": ("P", "plane"), "torus": ("T", "torus"), "klein": ("K", "Klein bottle"),
    "cross": ("C", "cross-surface"), "sphere": ("S", "sphere"), "tube": ("T", "tube"), "strip": ("P", "strip"),
}
_NEEDS_AXIS = {"klein", "tube", "strip"}  # a bare "klein" says nothing: which pair is twisted?
_TAKES_AXIS = _NEEDS_AXIS | {"torus"}  # a torus's axis is that of its shift
_SHIFTED = {"torus", "klein"}  # the kinds a shift may follow the axis of
_UNBOUNDED = {"tube", "strip"}  # their axis is the unbounded direction (needs the plane universe)
_NAME = re.compile(r"(?P<kind>[a-z]+)(?: (?P<axis>[xy])(?P<shift>[+-]\d+)?)?")
_EXAMPLES = "torus, bounded, 'torus x+5', 'klein x', 'klein y+1', cross or sphere"


class Topology(str):
    """A topology by its canonical name; ``Topology("klein x").kind == "klein"``.

    ``Topology(name)`` checks and canonicalises (``"torus x+0"`` is ``"torus"``, a Klein
    bottle's shift is 0 or 1); ``Topology.of(kind, axis, shift)`` builds one from its parts.
    """

    __slots__ = ()

    def __new__(cls, name):
        return str.__new__(cls, _canonical(str(name)))

    @classmethod
    def of(cls, kind, axis=None, shift=0):
        """The topology of ``kind`` with ``axis`` ('x', 'y' or None) and ``shift`` (an int)."""
        return cls(f"{kind} {axis}{shift:+d}" if shift else f"{kind} {axis}" if axis else kind)

    def __repr__(self):
        return f"Topology({str(self)!r})"

    @property
    def kind(self):
        """'bounded', 'torus', 'klein', 'cross', 'sphere', 'tube' or 'strip'."""
        return _parts(self)[0]

    @property
    def axis(self):
        """'x' (the width's pair of edges), 'y' (the height's), or None."""
        return _parts(self)[1]

    @property
    def shift(self):
        """Cells a crossing of the ``axis`` pair of edges moves along them (an int, 0 for none)."""
        return _parts(self)[2]

    @property
    def twisted(self):
        """The axes whose pair of edges is reversed: () for a torus, ('x',) for 'klein x'."""
        return {"klein": (self.axis,), "cross": ("x", "y")}.get(self.kind, ())

    def check_size(self, height, width):
        """Raise a LifesimError unless a (height, width) grid can have this topology."""
        if self.kind in _UNBOUNDED:  # the plane with a band (lifesim.band), never a finite grid
            if {"x": width, "y": height}[self.axis]:
                raise LifesimError(f"a {KINDS[self.kind][1]} is unbounded along {self.axis} (Golly's "
                                   f":{golly_suffix(self, height, width)}): it runs on the plane, not on a "
                                   f"{height}x{width} grid")
            return
        if self.kind == "sphere" and height != width:
            raise LifesimError(f"a sphere is square: {height}x{width} will not do")
        side = {"x": width, "y": height}.get(self.axis)
        if self.kind == "klein" and self.shift and side % 2:
            raise LifesimError(f"a Klein bottle is shifted only along an even side, not one of {side} cells")

    def fold(self, ys, xs, height, width):
        """Where cells (ys, xs) of the unbounded plane lie on a (height, width) grid.

        ys, xs: integer arrays that broadcast together (e.g. a column of rows and a row of
        columns). Returns (ys, xs, inside): int arrays of their broadcast shape, in range, and
        a bool array (or None: everywhere) of the cells that exist; the others read EMPTY.
        """
        return _FOLDS[self.kind](self, *np.broadcast_arrays(ys, xs), height, width)


def check_topology(topology):
    """``topology`` (a name or a Topology) as a Topology; a LifesimError names an unknown one."""
    return topology if isinstance(topology, Topology) else Topology(topology)


@functools.lru_cache(maxsize=64)
def _parts(name):
    """(kind, axis, shift) of a canonical name."""
    m = _NAME.fullmatch(name)
    return m["kind"], m["axis"], int(m["shift"] or 0)


@functools.lru_cache(maxsize=64)
def _canonical(name):
    """The canonical name of the topology ``name``, or a LifesimError."""
    m = _NAME.fullmatch(name.strip().lower())
    kind, axis, shift = (m["kind"], m["axis"], m["shift"]) if m else (None, None, None)
    if (kind not in KINDS or (axis is not None and kind not in _TAKES_AXIS) or (axis is None and kind in _NEEDS_AXIS)
            or (shift is not None and kind not in _SHIFTED)):
        raise LifesimError(f"unknown topology {name!r}: expected {_EXAMPLES}")
    shift = int(shift or 0)
    if kind == "klein":  # bounded.html: every shift of a Klein bottle is the same as a shift of 1
        shift = 1 if shift else 0
    if not shift and kind == "torus":
        axis = None  # "torus x+0" and "torus x" are "torus"
    return f"{kind} {axis}{shift:+d}" if shift else f"{kind} {axis}" if axis else kind


# Halos ---------------------------------------------------------------------------------------

def _fold_bounded(topology, ys, xs, height, width):
    inside = (ys >= 0) & (ys < height) & (xs >= 0) & (xs < width)
    return np.clip(ys, 0, height - 1), np.clip(xs, 0, width - 1), inside


def _fold_glued(topology, ys, xs, height, width):
    """Torus, Klein bottle, cross-surface: opposite edges joined, maybe reversed, maybe shifted.

    Rows first, then columns: a cell k heights above or below lands in the grid's rows, its x
    carried through k crossings of the horizontal edges (shifted k times, or reversed if k is
    odd); then the same for columns and y. Any depth of halo lands, in one pass each way. At the
    corners this is what bounded.html draws (a cross-surface's corner cell is its own neighbour).
    """
    shifts = {topology.axis: topology.shift}
    ky, ys = np.divmod(ys, height)
    xs = _cross(ky, xs, width, shifts.get("x", 0), "x" in topology.twisted)
    kx, xs = np.divmod(xs, width)
    ys = _cross(kx, ys, height, shifts.get("y", 0), "y" in topology.twisted) % height
    return ys, xs, None


def _cross(k, v, n, shift, twisted):
    """Coordinate v along an edge of n cells after crossing that pair of edges k times (signed).

    A twisted pair reverses v on each crossing, so an even k is no change. Its shift (1) moves
    the reversed v back by one: Golly 3.3 computes v -> n-2-v, as bgolly shows, where the
    :K4*+1,3 drawing in bounded.html has n-v; the same surface one cell along, but other cells.
    """
    if twisted:
        return np.where(k % 2 == 1, n - 1 - v - shift, v)
    return v + k * shift


def _fold_sphere(topology, ys, xs, height, width):
    """Adjacent edges joined: the cell above column x is the cell left of row x, and so on.

    Each of ``_TURNS`` turns the plane a quarter about a pole (the top-left or the bottom-right
    corner); they are applied until every cell lands. A corner cell beyond a pole is the pole
    itself, as bounded.html draws. A halo as deep as the side lands; a deeper one can spiral
    away from both poles, and is refused.
    """
    n = height
    ys, xs = ys.copy(), xs.copy()
    for _ in range(4):
        for beyond, turn in _TURNS:
            mask = beyond(ys, xs, n)
            ny, nx = turn(ys, xs, n)
            ys[mask], xs[mask] = ny[mask], nx[mask]
        if ((ys >= 0) & (ys < n) & (xs >= 0) & (xs < n)).all():
            return ys, xs, None
    raise LifesimError(f"the rule reads too far for a sphere of side {n}")


_TURNS = (  # (the cells beyond one edge of an n-square, where the quarter turn takes them)
    (lambda ys, xs, n: ys < 0, lambda ys, xs, n: (xs, -1 - ys)),  # above: top edge to left edge
    (lambda ys, xs, n: xs < 0, lambda ys, xs, n: (-1 - xs, ys)),  # left: back to the top edge
    (lambda ys, xs, n: ys >= n, lambda ys, xs, n: (xs, 2 * n - 1 - ys)),  # below: to the right edge
    (lambda ys, xs, n: xs >= n, lambda ys, xs, n: (2 * n - 1 - xs, ys)),  # right: to the bottom edge
)


_FOLDS = {"bounded": _fold_bounded, "torus": _fold_glued, "klein": _fold_glued, "cross": _fold_glued,
          "sphere": _fold_sphere}


# Golly's rule suffix -------------------------------------------------------------------------

_SUFFIX = re.compile(r"(?P<w>\d+)(?P<wstar>\*?)(?P<wshift>[+-]\d+)?(?:,(?P<h>\d+)(?P<hstar>\*?)(?P<hshift>[+-]\d+)?)?")
_READ = {"P": "bounded", "T": "torus", "K": "klein", "C": "cross", "S": "sphere"}  # letter -> kind
_WITH_ZERO = {"bounded": "strip", "torus": "tube"}  # kind with a 0 side: unbounded that way
_SIDE = {"x": "w", "y": "h"}  # axis -> its group in _SUFFIX


def from_golly(letter, dims):
    """(Topology, (height, width)) of Golly's grid suffix ``:<letter><dims>``, e.g. ('K', '30*,20').

    As Golly reads it: one number is a square; a torus shift is reduced by its side (C's
    remainder: -25 stays -25 on 30), a Klein bottle's is 1, a Klein bottle without a star is
    twisted on its height. A 0 side (tube, strip) gives 0 in the size: the plane with a band
    (lifesim.band). Anything Golly refuses is a LifesimError saying why.
    """
    kind = _READ.get(letter.upper())
    m = _SUFFIX.fullmatch(dims)
    if kind is None or not m:
        raise LifesimError(f"bad grid suffix :{letter}{dims} (expected e.g. :T30,20, :P30,20, :T30+5,20, "
                           ":K30*,20, :C30,20 or :S30)")
    width = int(m["w"])
    height = int(m["h"]) if m["h"] is not None else width
    stars = [axis for axis in "xy" if m[_SIDE[axis] + "star"]]
    shifts = {axis: int(m[_SIDE[axis] + "shift"]) for axis in "xy" if int(m[_SIDE[axis] + "shift"] or 0)}
    zeros = [axis for axis, side in (("x", width), ("y", height)) if not side]
    name = KINDS[kind][1]
    problem = next((why for bad, why in (
        (kind == "sphere" and m["h"] is not None, "a sphere is square: give one side, as :S30"),
        (stars and kind != "klein", "only a Klein bottle has a twisted (*) side"),
        (len(stars) > 1, "a Klein bottle is twisted on one side only"),
        (shifts and kind in ("bounded", "cross", "sphere"), f"a {name} cannot be shifted"),
        (len(shifts) > 1, "a torus is shifted along one side only"),
        (kind == "klein" and shifts and set(shifts) != set(stars or "y"),
         "a Klein bottle is shifted on its twisted side only"),
        (zeros and kind not in _WITH_ZERO, f"a {name} cannot be unbounded (a 0 side)"),
        (zeros and shifts, "an unbounded side cannot be shifted"),
        (len(zeros) > 1, "both sides 0 is the unbounded plane: drop the grid suffix"),
    ) if bad), None)
    if problem:
        raise LifesimError(f"grid suffix :{letter}{dims}: {problem}")
    if zeros:
        return Topology.of(_WITH_ZERO[kind], zeros[0]), (height, width)
    axis, shift = next(iter(shifts.items()), (None, 0))
    if kind == "klein":
        axis = stars[0] if stars else "y"
    elif shift:  # a torus: Golly reduces the shift by its side as C's % does
        shift = int(np.sign(shift)) * (abs(shift) % {"x": width, "y": height}[axis])
    return Topology.of(kind, axis, shift), (height, width)


def golly_suffix(topology, height, width):
    """Golly's grid suffix, without the colon, for a (height, width) grid: ``'K30*+1,20'``."""
    topology = check_topology(topology)
    if topology.kind == "sphere":
        return f"S{width}"
    sides = {"x": str(width), "y": str(height)}
    if topology.kind == "klein":
        sides[topology.axis] += "*"
    if topology.shift:
        sides[topology.axis] += f"{topology.shift:+d}"
    if topology.kind in _UNBOUNDED:
        sides[topology.axis] = "0"
    return f"{KINDS[topology.kind][0]}{sides['x']},{sides['y']}"
