"""The driver interface: advance a Grid or a Plane by generations under a Rule, never mutating it.

On a finite Grid each driver advances the whole array its own way (``_advance`` or ``_run``).
On the infinite Plane the work is the same for every driver and lives here: each generation,
find the tiles where a cell may change and, in each, the box of such cells (``Plane.activity``),
cut them with a halo as deep as the rule's radius, and hand them to the one method a driver
overrides, ``_step_tiles``; then assemble the next Plane from what comes back. A driver that
steps whole tiles may do several generations a round (``plane_round``): halos that many radii
deep, stepped that many times, so the finding and assembling is paid once a round.

A finite grid a driver made remembers the steps that made it (``Grid.changes``). Under a
deterministic, position-independent rule (``steady_rule``) the next generation steps only the
cells whose next state that record does not tell (``Grid.foreseen``: those near a change since
one step back and since two): their runs along each row, in bands of rows with their halos,
through the same ``_step_tiles``. Once none is left the grid is still or blinks with period 2,
and any number of generations costs two.
"""

import os
import weakref

import numpy as np

from lifesim.drivers._tiles import row_runs
from lifesim.drivers.b0 import emulation
from lifesim.drivers.trace import UNSTEADINESS_CONVERSATIONS, birth_from_nothing, unsteadiness
from lifesim.errors import LifesimError, SettingError
from lifesim.quadplane import QuadPlane
from lifesim.grid import Grid
from lifesim.universe import TILE, Plane, is_plane

# A grid's cells go to _step_tiles in bands of rows, about PIECES per worker (enough to share
# out evenly) and at least BAND rows each (each band costs a few numpy calls and its rows as lists).
PIECES = 4
BAND = 16
# The most cells a far-sighted rule's window on the plane may hold (Golly's Larger than Life
# allows 100 million); each generation steps them all.
FAR_SIGHTED_CELLS = 100_000_000


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
    # True: its own way of stepping is for the unbounded plane only; a finite grid it hands to
    # another driver (hashlife: the compiled driver), so benchmarks and cross-checks of drivers
    # on grids leave it out.
    plane_only = False
    # True: steps a QuadPlane (a macrocell file's tree) as it is (hashlife); the others list its
    # cells into a Plane first, which a tree too large to list refuses.
    quadtree = False
    # A grid with more than ``busy`` of its cells near a change is stepped in full by the
    # driver's own run (its fastest, several generations a call), ``busy_run`` generations at
    # a time before looking again: skipping would leave little out, and cutting runs costs.
    busy = 0.5
    busy_run = 8
    # Generations a ``whole_tiles`` driver steps the plane's tiles per round: the halos are that
    # many radii deep and ``_step_tiles`` runs on them that many times, each time on what the last
    # returned, so finding the tiles, cutting halos and assembling the plane is paid once a round.
    plane_round = 1

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
            b0 = b0_emulation(rule)
            if b0 is not None:
                return self._emulate_b0(universe, b0, generations)
            if rule.radius > TILE and universe.band is None:
                return self._advance_far_sighted(universe, rule, generations)
            skip = plane_rule(rule)
            most = self._most_per_round(universe, rule)
            while generations:
                n = min(generations, most)
                universe = self._step_plane(universe, rule, skip, n)
                generations -= n
            return universe
        if generations == 0:
            return universe
        if not self._may_skip(rule, universe.cells.size):  # the driver's own run, as it always was
            return self._run(universe, rule, generations)
        return self._run_grid(universe, rule, generations)

    def _run(self, grid, rule, generations):
        """``generations`` >= 1 generations on; by default one ``_advance`` at a time."""
        for _ in range(generations):
            grid = self._advance(grid, rule)
        return grid

    def _advance(self, grid, rule):
        raise NotImplementedError

    # A finite grid, stepping only what can change ---------------------------------------------

    def _run_grid(self, grid, rule, generations):
        """``generations`` >= 1 generations of a finite grid, each grid made with its record:
        one generation at a time where few cells must be stepped, else the driver's own run."""
        while generations:
            active = self._active(grid, rule)
            if active is None:
                n = min(generations, self.busy_run)
                tail = self._run_tail(grid, rule, n, min(n, 3))  # the record of the last needs two before it
                if n > 3:
                    grid, tail = grid.with_cells(tail[0]), tail[1:]
                for cells in tail:
                    grid = grid.advanced(cells, rule)
                generations -= n
                continue
            step, known = active
            if not step.any():
                # Every cell's next state is known: the next grid is the one before this (or this
                # one), so from here the generations alternate between the two, whatever their number.
                known.flags.writeable = False
                after = grid.advanced(known, rule)
                return after if generations % 2 else after.advanced(grid.cells, rule)
            cells = self._step_active(grid, rule, step, known)
            cells.flags.writeable = False  # ours alone: lets Grid keep it without a copy
            grid = grid.advanced(cells, rule)
            generations -= 1
        return grid

    def _run_tail(self, grid, rule, generations, keep):
        """The (H, W) ``uint8`` cells of the last ``keep`` <= ``generations`` generations on, oldest
        first (the grids' records need them): by default the last ``keep`` generations are each
        ``_run`` alone; a driver whose run is one round trip with one time limit overrides."""
        if generations > keep:
            grid = self._run(grid, rule, generations - keep)
        tail = []
        for _ in range(keep):
            grid = self._run(grid, rule, 1)
            tail.append(grid.cells)
        return tail

    def _active(self, grid, rule):
        """What to step next generation: (step, known), ``Grid.foreseen``'s (unknown, known); or
        None: every cell (no record of this rule, a busy grid, or a rule that may not skip).
        A driver that steps whole rows returns its own ``step`` (see ``_step_active``)."""
        foreseen = grid.foreseen(rule, rule.radius)
        if foreseen is None:
            return None
        left_out = foreseen[0].size - int(np.count_nonzero(foreseen[0]))
        if left_out < (1 - self.busy) * foreseen[0].size or not self._steady(rule, left_out):
            return None
        return foreseen

    def _may_skip(self, rule, cells):
        """Whether a step of ``rule`` on a grid of ``cells`` cells might skip some: not when the
        rule is known not to be steady, nor when it is unknown and skipping on such a grid
        could never leave out more cells than tracing it runs (see ``_steady``)."""
        steady = _STEADY.get(rule)
        if steady is None and _bs_family(rule):
            steady = steady_rule(rule)  # known without tracing
        return steady if steady is not None else cells > UNSTEADINESS_CONVERSATIONS

    def _steady(self, rule, left_out):
        """Whether ``rule`` may skip cells (``steady_rule``); traced only once skipping would
        leave out more cells (``left_out``, an int) than tracing runs: a rule on a small grid
        is not traced (a slow or side-effecting cell would be run far more often than stepped)."""
        steady = _STEADY.get(rule)
        if steady is None and left_out > UNSTEADINESS_CONVERSATIONS:
            steady = steady_rule(rule)
        return bool(steady)

    def _step_active(self, grid, rule, step, known):
        """The next generation's (H, W) ``uint8`` cells: ``known`` (fresh, (H, W) uint8, each
        cell's next state outside ``step``) with the ``step`` ((H, W) bool, not all False) cells
        stepped into it. Their runs along each row go to ``_step_tiles`` in bands of rows (see
        PIECES), each band the rows of the padded grid its runs read."""
        r = rule.radius
        ys, x0s, x1s = row_runs(step)
        padded = grid.padded(r)
        runs = np.stack([ys, x0s, x1s], axis=1).tolist()
        band = max(BAND, -(-grid.height // (PIECES * self.workers)))
        cuts = np.flatnonzero(np.diff(ys // band)) + 1
        bands = list(zip([0, *cuts.tolist()], [*cuts.tolist(), len(ys)]))
        halos = [padded[runs[a][0]:runs[b - 1][0] + 1 + 2 * r] for a, b in bands]
        origins = [(runs[a][0] - r, -r) for a, _ in bands]
        parts = self._step_tiles(rule, halos, origins, [runs[a:b] for a, b in bands])
        known.ravel()[np.flatnonzero(step)] = np.concatenate(parts)  # runs are row-major, as flatnonzero
        return known

    # The plane --------------------------------------------------------------------------------

    def _advance_far_sighted(self, plane, rule, generations):
        """``generations`` of a rule that looks farther than a tile (Larger than Life out to
        range 500), as Golly's Larger than Life runs the unbounded plane: each generation the
        live cells' box with ``radius`` cells of margin all round is stepped as a bounded grid
        (nothing farther can be born, and beyond the grid's edge lie only EMPTY cells, as on the
        plane), then listed back into the plane. At most FAR_SIGHTED_CELLS cells, as Golly's
        100 million."""
        r = rule.radius
        if generations and not steady_rule(rule):  # the grid's cells have other coordinates than the plane's
            raise LifesimError(f"rule {rule.name!r} looks {r} cells away, farther than a tile, and is not shown "
                               "deterministic and position-independent, so the plane cannot step it as a grid "
                               "round its cells; run it on a torus or bounded grid")
        for _ in range(generations):
            box = plane.bounding_box()
            if box is None:
                return plane
            y0, y1, x0, x1 = box[0] - r, box[1] + r, box[2] - r, box[3] + r
            if (y1 - y0) * (x1 - x0) > FAR_SIGHTED_CELLS:
                raise LifesimError(f"rule {rule.name!r} looks {r} cells away: the plane steps it as the live cells' box "
                                   f"with {r} cells all round, here {y1 - y0}x{x1 - x0}, more than "
                                   f"{FAR_SIGHTED_CELLS:,} cells")
            grid = self.advance(Grid(plane.window(y0, y1, x0, x1), "bounded"), rule, 1)
            plane = Plane.from_cells(grid.cells, (y0, x0))
        return plane

    def _emulate_b0(self, plane, b0, generations):
        """``generations`` generations of a B0 rule on the plane through its Emulation: the
        rule of each generation's parity, the parity flipped each step when the background blinks.
        Not on a strip: the emulation stores the cells inverted while the background is alive,
        and the EMPTY cells beyond a strip's edge, which never come alive, would read as alive."""
        band = plane.band
        if band is not None and not band.wraps:
            raise LifesimError(f"a rule that gives birth in an empty neighbourhood (B0) cannot be emulated on the "
                               f"{band.topology} :{band.suffix}, whose edge stays empty; run it on a tube, a torus "
                               "or a bounded grid")
        if not b0.blinks:
            return self.advance(plane, b0.even, generations)
        for _ in range(generations):
            plane = self.advance(plane, b0.odd if plane.odd else b0.even, 1).with_odd(not plane.odd)
        return plane

    def _most_per_round(self, plane, rule):
        """How many generations one round of ``_step_plane`` may do: ``plane_round`` for a
        ``whole_tiles`` driver, as long as the halo stays within a tile; one on a tube or strip
        (a strip's cells beyond its band must be cleared every generation)."""
        if not self.whole_tiles or plane.band is not None:
            return 1
        return max(1, min(self.plane_round, TILE // max(rule.radius, 1)))

    def _step_plane(self, plane, rule, skip, generations=1):
        """``generations`` generations of ``plane`` (more than one only for ``whole_tiles``);
        with ``skip``, only tiles near last step's changes.

        A cell farther than ``generations`` radii from every change of the last step (or, without
        a record, from every live cell) cannot change within the round: under a deterministic,
        position-independent rule its neighbourhood is what it was when it last stayed the same.
        """
        r = rule.radius
        changes = plane.changes
        if not skip or changes is None or changes.rule is not rule:
            changes = None
        work = plane.work(r * generations, changes)
        if not len(work.codes):  # nothing can change: a still life, or an empty plane
            return plane.advanced(work, work.current, rule)
        if self.whole_tiles:
            last, tiles = self._step_round(rule, work.halos, work.corners - r * generations, generations)
            # the record is of the round's last generation: what the next round starts from
            return plane.advanced(work, tiles, rule, previous=last)
        corners = work.corners.tolist()
        nxt = work.current.copy()  # cells outside the boxes stay as they are
        boxes = work.boxes.tolist()
        crops = [halo[y0:y1 + 2 * r, x0:x1 + 2 * r] for halo, (y0, y1, x0, x1) in zip(work.halos, boxes)]
        origins = [(cy + y0 - r, cx + x0 - r) for (cy, cx), (y0, _, x0, _) in zip(corners, boxes)]
        for tile, (y0, y1, x0, x1), part in zip(nxt, boxes, self._step_tiles(rule, crops, origins)):
            tile[y0:y1, x0:x1] = part
        return plane.advanced(work, nxt, rule)

    def _step_round(self, rule, halos, origins, generations):
        """A round of ``generations`` on whole tiles: (the generation before the last, the last),
        each (M, TILE, TILE) ``uint8``, from (M, TILE+2kr, TILE+2kr) ``halos`` (k = generations)
        whose [0, 0] cells are at ``origins`` ((M, 2) ``int64``). By default ``_step_tiles``
        once a generation, each pass returning its halos r cells shallower; a driver with a
        faster way to do several generations overrides."""
        r, tiles = rule.radius, halos
        for done in range(generations):
            last = tiles
            tiles = self._step_tiles(rule, tiles, origins + r * done)
        return last[:, r:r + TILE, r:r + TILE], tiles

    def _step_tiles(self, rule, halos, origins, runs=None):
        """The next generation of the middle of each halo tile: what a driver overrides for the
        plane, and for the cells of a finite grid that may change.

        halos: a sequence of (h + 2r, w + 2r) ``uint8`` arrays, r = rule.radius, each the current
            generation of an h x w piece of the plane with r cells of halo all round (a
            (M, TILE+2r, TILE+2r) array when ``whole_tiles``); origins: absolute (y, x) of each
            halo's [0, 0], a list of int pairs (an (M, 2) ``int64`` array when ``whole_tiles``).
            Returns a sequence of the (h, w) ``uint8`` next states, in order
            (``_loop.advance_tile`` does one).
        runs: None, or per halo a list of [y, x0, x1] runs of cells in its middle (a finite
            grid's rows, ``_step_active``): then only those are stepped, and each result is the
            1-D ``uint8`` next states of its runs, run after run (``advance_tile`` with runs).
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


_STEADY = weakref.WeakKeyDictionary()  # Rule -> may a step skip cells far from last step's changes
_PLANE = weakref.WeakKeyDictionary()  # Rule -> plane_rule's answer
_B0 = weakref.WeakKeyDictionary()  # Rule -> its b0_emulation: an Emulation, or None for a rule without B0


def steady_rule(rule):
    """Whether a step of ``rule`` may skip the cells whose neighbourhood did not change in the
    last step: it is deterministic and position-independent (the B/S families are; any other
    rule is traced, once per Rule, by ``unsteadiness``). A rule that fails at a probed cell
    is not: stepped in full, the driver names the cell where it fails."""
    steady = _STEADY.get(rule)
    if steady is None:
        try:
            steady = _bs_family(rule) or unsteadiness(rule) is None
        except LifesimError:
            steady = False
        _STEADY[rule] = steady
    return steady


def b0_emulation(rule):
    """The Emulation (``drivers.b0``) that runs ``rule`` on the plane when it gives birth in an
    empty neighbourhood (B0), as Golly does; None for any other rule. A B0 rule that cannot be
    emulated (more than two states, a radius above 1, not deterministic and position-independent)
    raises a LifesimError saying so, in one line."""
    if rule in _B0:  # traced once per Rule: every advance on the plane asks
        return _B0[rule]
    born = _born_from_nothing(rule)
    if born is not None and not steady_rule(rule):
        raise LifesimError(f"rule {rule.name!r} turns an empty cell with no live neighbour into state "
                           f"{born[1]} (at cell {born[0]}) and is not deterministic and position-independent, "
                           "so it cannot be emulated on the infinite plane; run it on a torus or bounded grid")
    found = _B0[rule] = None if born is None else emulation(rule, born)
    return found


def plane_rule(rule):
    """Whether ``rule`` may skip, on the plane, cells whose neighbourhood did not change last
    generation (``steady_rule``); checked once per Rule.

    Raises a LifesimError when the rule cannot run on the plane: it looks farther than a tile,
    or it gives birth in an empty neighbourhood (B0), which would fill the whole plane at once.
    """
    steady = _PLANE.get(rule)
    if steady is not None:
        return steady
    if rule.radius > TILE:  # stepped as a bounded grid round the live cells (Driver._advance_far_sighted)
        raise LifesimError(f"rule {rule.name!r} looks {rule.radius} cells away, farther than the "
                           f"plane's tiles of {TILE} cells allow on a tube or strip; run it on the plane, "
                           "a torus or a bounded grid")
    b0 = _born_from_nothing(rule)
    if b0 is not None:  # Driver.advance emulates it (b0_emulation); whoever asks here cannot
        raise LifesimError(f"rule {rule.name!r} turns an empty cell with no live neighbour into state "
                           f"{b0[1]} (at cell {b0[0]}): on the infinite plane such a B0 rule runs only "
                           "emulated, a generation at a time, not here; run it on a torus or bounded grid")
    steady = _PLANE[rule] = steady_rule(rule)
    return steady


def _born_from_nothing(rule):
    """(cell, state) where ``rule`` gives birth in an empty neighbourhood (B0), else None: from
    its birth counts for the B/S families, else traced (``birth_from_nothing``)."""
    if _bs_family(rule):
        return ((0, 0), 1) if 0 in rule.birth else None
    return birth_from_nothing(rule)


def _bs_family(rule):
    """Whether ``rule`` is a life-like or Generations rule (its cells are the built-in ones)."""
    return rule.birth is not None and rule.survival is not None
