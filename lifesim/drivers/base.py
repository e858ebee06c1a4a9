"""The driver interface: advance a Grid or a Plane by generations under a Rule, never mutating it.

On a finite Grid each driver advances the whole array its own way (``_advance`` or ``_run``).
On the infinite Plane the work is the same for every driver and lives here: each generation,
find the tiles where a cell may change and, in each, the box of such cells (``Plane.activity``),
cut them with a halo as deep as the rule's radius, and hand them to the one method a driver
overrides, ``_step_tiles``; then assemble the next Plane from what comes back.
"""

import os
import weakref

from lifesim.drivers.trace import birth_from_nothing, unsteadiness
from lifesim.errors import LifesimError, SettingError
from lifesim.quadplane import QuadPlane
from lifesim.universe import TILE, is_plane


class Driver:
    """Advances grids and planes with rules; a context manager owning whatever pools it starts.

    Subclasses implement ``_advance(grid, rule) -> Grid`` for one generation of a finite grid, or
    override ``_run(grid, rule, generations)`` to do several generations per round trip, and
    ``_step_tiles`` for the plane; ``advance`` checks the arguments for all of them.
    """

    name = "driver"
    parallel = False  # True: with no ``workers`` given, one per CPU; else one
    # True: ``_step_tiles`` gets whole tiles as one array (a driver whose cost is per array
    # call, not per cell); False: only the box of each tile where a cell may change.
    whole_tiles = False
    # True: advancing many generations in one call costs far less than one at a time, so a run
    # should jump (``Simulation.advance``) rather than step each generation (hashlife).
    jumps = False
    # True: runs on the unbounded plane only, and refuses a finite grid (hashlife).
    plane_only = False
    # True: steps a QuadPlane (a macrocell file's tree) as it is (hashlife); the others list its
    # cells into a Plane first, which a tree too large to list refuses.
    quadtree = False

    def __init__(self, workers=None):
        if workers is not None and workers < 1:
            raise SettingError("workers", f"must be at least 1, not {workers}")
        self.workers = workers or ((os.cpu_count() or 2) if self.parallel else 1)

    def advance(self, universe, rule, generations=1):
        """The Grid or Plane ``generations`` generations on (the given one is left as it was)."""
        if generations < 0:
            raise LifesimError(f"generations must be >= 0, not {generations}")
        if is_plane(universe):  # the plane, or a tube or strip on it
            if isinstance(universe, QuadPlane):
                universe = universe.to_plane()
            skip = plane_rule(rule)
            for _ in range(generations):
                universe = self._step_plane(universe, rule, skip)
            return universe
        if generations == 0:
            return universe
        return self._run(universe, rule, generations)

    def _run(self, grid, rule, generations):
        """``generations`` >= 1 generations on; by default one ``_advance`` at a time."""
        for _ in range(generations):
            grid = self._advance(grid, rule)
        return grid

    def _advance(self, grid, rule):
        raise NotImplementedError

    # The plane --------------------------------------------------------------------------------

    def _step_plane(self, plane, rule, skip):
        """One generation of ``plane``; with ``skip``, only cells near last step's changes."""
        r = rule.radius
        changes = plane.changes
        if not skip or changes is None or changes.rule is not rule:
            changes = None
        work = plane.work(r, changes)
        if not len(work.codes):  # nothing can change: a still life, or an empty plane
            return plane.advanced(work, work.current, rule)
        if self.whole_tiles:
            return plane.advanced(work, self._step_tiles(rule, work.halos, work.corners - r), rule)
        corners = work.corners.tolist()
        nxt = work.current.copy()  # cells outside the boxes stay as they are
        boxes = work.boxes.tolist()
        crops = [halo[y0:y1 + 2 * r, x0:x1 + 2 * r] for halo, (y0, y1, x0, x1) in zip(work.halos, boxes)]
        origins = [(cy + y0 - r, cx + x0 - r) for (cy, cx), (y0, _, x0, _) in zip(corners, boxes)]
        for tile, (y0, y1, x0, x1), part in zip(nxt, boxes, self._step_tiles(rule, crops, origins)):
            tile[y0:y1, x0:x1] = part
        return plane.advanced(work, nxt, rule)

    def _step_tiles(self, rule, halos, origins):
        """The next generation of the middle of each halo tile: what a driver overrides for the plane.

        halos: a sequence of (h + 2r, w + 2r) ``uint8`` arrays, r = rule.radius, each the current
            generation of an h x w piece of the plane with r cells of halo all round (a
            (M, TILE+2r, TILE+2r) array when ``whole_tiles``); origins: absolute (y, x) of each
            halo's [0, 0], a list of int pairs (an (M, 2) ``int64`` array when ``whole_tiles``).
            Returns a sequence of the (h, w) ``uint8`` next states, in order
            (``_loop.advance_tile`` does one).
        """
        raise NotImplementedError

    def close(self):
        """Release pools and workers; the driver cannot be used afterwards."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"{type(self).__name__}(workers={self.workers})"


_STEADY = weakref.WeakKeyDictionary()  # Rule -> may a plane step skip cells far from changes


def plane_rule(rule):
    """Whether ``rule`` may skip, on the plane, cells whose neighbourhood did not change last
    generation (it is deterministic and position-independent); traced once per Rule.

    Raises a LifesimError when the rule cannot run on the plane: it looks farther than a tile,
    or it gives birth in an empty neighbourhood (B0), which would fill the whole plane at once.
    """
    steady = _STEADY.get(rule)
    if steady is not None:
        return steady
    if rule.radius > TILE:
        raise LifesimError(f"rule {rule.name!r} looks {rule.radius} cells away, farther than the "
                           f"plane's tiles of {TILE} cells allow; run it on a torus or bounded grid")
    known = rule.birth is not None and rule.survival is not None  # the B/S families are steady
    b0 = ((0, 0), 1) if known and 0 in rule.birth else None if known else birth_from_nothing(rule)
    if b0 is not None:
        raise LifesimError(f"rule {rule.name!r} turns an empty cell with no live neighbour into state "
                           f"{b0[1]} (at cell {b0[0]}): B0 rules would fill the infinite plane at once; "
                           "run it on a torus or bounded grid")
    steady = _STEADY[rule] = known or unsteadiness(rule) is None
    return steady
