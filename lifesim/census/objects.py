"""A settled soup cut into objects, each named by its apgcode, as apgsearch separates them.

1. The settled pattern is watched for some generations (at least its population's period) and
   the cells it occupies meanwhile are cut into *pieces*: clusters at reach 2r (r: the rule's
   radius), which no cell of the rule can see two of at once, so each evolves on its own.
2. Each piece is run alone until it repeats. One that does not within ``limit`` generations gets
   more (``patience``); one whose population then repeats although it does not (objects moving
   apart), or that repeats only after some generations, was not settled yet, and what it
   becomes is cut again; anything else is named by its growth (``zz_LINEAR``, ``zz_EXPLOSIVE``,
   ``PATHOLOGICAL``).
3. A periodic piece may be several objects that merely touch (a pseudo-object such as two
   blocks side by side): the cells it occupies over its period are cut at reach r into *parts*,
   and a part is an object of its own when, run alone for a period, it does exactly what it did
   within the piece. A part that does not is merged with the parts near it (within 2r) and the
   merged part is tested again, until every part passes; each is then named.

Pieces are remembered by their cells (relative to their box), so a common object (blocks,
blinkers, ...) is named once per process and then looked up.
"""

from collections import Counter

import numpy as np

from lifesim.census.apgcodes import OSCILLATOR, SPACESHIP, STILL_LIFE, apgcode
from lifesim.census.clusters import clusters
from lifesim.census.cycles import find_cycle, growth, phase_cells
from lifesim.universe import Plane

WATCH = 12  # generations a settled soup is watched for at least (apgsearch steps by 12)
LIMIT = 2048  # generations a piece is run alone to find its period
PATIENCE = 8192  # more generations for a piece that does not repeat within LIMIT
MAX_DEPTH = 4  # how many times a piece that was not settled may be cut again
PERIODIC_PREFIXES = (STILL_LIFE, OSCILLATOR, SPACESHIP)


class Namer:
    """Cuts settled patterns into objects and names them, remembering every piece it has named.

    rule: the Rule; driver: a Driver for running pieces (its caller closes it).
    """

    def __init__(self, rule, driver, limit=LIMIT, patience=PATIENCE):
        self.rule, self.driver, self.limit, self.patience = rule, driver, limit, patience
        self.known = {}  # piece key -> tuple of apgcodes

    def objects(self, plane, watch=WATCH, depth=0):
        """The apgcodes of the objects of ``plane`` (a settled Plane), a Counter; ``watch``:
        generations to watch it for (at least the period of its population)."""
        found = Counter()
        phases = [plane]
        for _ in range(max(watch, WATCH) - 1):
            phases.append(self.driver.advance(phases[-1], self.rule, 1))
        ys, xs, states = plane.points()
        if not len(ys):
            return found
        seen = np.concatenate([np.stack(p.points()[:2]) for p in phases], axis=1)
        seen = np.unique(seen, axis=1)
        labels = clusters(seen[0], seen[1], 2 * self.rule.radius)
        # each live cell of generation 0 is among the cells seen: its piece is that cell's label
        piece = labels[_index(seen[0], seen[1], ys, xs)]
        order = np.argsort(piece, kind="stable")
        starts = np.flatnonzero(np.r_[True, piece[order][1:] != piece[order][:-1]])
        for part in np.split(order, starts[1:]):
            found.update(self.piece(ys[part], xs[part], states[part], depth))
        return found

    def piece(self, ys, xs, states, depth=0):
        """The apgcodes (a tuple) of one piece: cells (ys[i], xs[i]) in states[i]."""
        y0, x0 = int(ys.min()), int(xs.min())
        key = (int(ys.max()) - y0, int(xs.max()) - x0, (ys - y0).tobytes(), (xs - x0).tobytes(), states.tobytes())
        codes = self.known.get(key)
        if codes is None:
            codes = self.known[key] = self._name(Plane.from_points(ys - y0, xs - x0, states), depth)
        return codes

    def _name(self, plane, depth):
        cycle, _, last = find_cycle(plane, self.rule, self.limit, self.driver)
        if cycle is None:  # more generations before it is called pathological
            cycle, history, last = find_cycle(last, self.rule, self.patience, self.driver)
            if cycle is None:
                kind = growth(history)
                if kind.repeats and depth < MAX_DEPTH:  # settled into objects moving apart
                    return tuple(self.objects(last, kind.repeats, depth + 1).elements())
                return (kind.kind,)
        if cycle.at > 0 and depth < MAX_DEPTH:  # it was still settling: cut what it became
            return tuple(self.objects(cycle.phases[0], cycle.period, depth + 1).elements())
        if cycle.phases[0].population == 0:
            return ()
        return tuple(self._split(cycle))

    def _split(self, cycle):
        """The apgcodes of the objects of one periodic piece (see the module's step 3)."""
        points = [p.points() for p in cycle.phases]
        seen = np.unique(np.concatenate([np.stack(p[:2]) for p in points], axis=1), axis=1)
        labels = clusters(seen[0], seen[1], self.rule.radius)
        if labels.max() == 0:
            return [self._code(cycle)]
        groups = [{k} for k in range(labels.max() + 1)]
        passed = set()
        while len(passed) < len(groups):
            group = next(g for g in groups if frozenset(g) not in passed)
            cells = np.isin(labels, list(group))
            if self._alone(cycle, points, seen[:, cells]):
                passed.add(frozenset(group))
                continue
            near = _near(seen[:, cells], seen, 2 * self.rule.radius)
            merged = group | set(np.unique(labels[near]).tolist())
            groups = [g for g in groups if not g <= merged] + [merged]
            passed = {g for g in passed if not g <= merged}
            if len(groups) == 1:
                return [self._code(cycle)]
        codes = []
        for group in groups:
            cells = np.isin(labels, list(group))
            ys, xs, states = _within(points[0], seen[:, cells])
            part, _, _ = find_cycle(Plane.from_points(ys, xs, states), self.rule, cycle.period + 1, self.driver)
            codes.append(self._code(part))
        return codes

    def _alone(self, cycle, points, cells):
        """Whether the cells of generation 0 within ``cells`` ((2, M) rows and columns), run
        alone for a period, do exactly what they do within the piece."""
        ys, xs, states = _within(points[0], cells)
        if not len(ys):
            return False
        plane = start = Plane.from_points(ys, xs, states)
        for t in range(1, cycle.period + 1):
            plane = self.driver.advance(plane, self.rule, 1)
            if t < cycle.period:
                expected = Plane.from_points(*_within(points[t], cells))
            else:  # one period on: where it started, moved as the piece moves
                expected = start.translated(*cycle.displacement)
            if plane != expected:
                return False
        return True

    def _code(self, cycle):
        return apgcode([phase_cells(p) for p in cycle.phases], cycle.displacement, self.rule.states)


def _index(all_ys, all_xs, ys, xs):
    """Where each (ys[i], xs[i]) is among (all_ys, all_xs), which are sorted row-major
    (``np.unique(..., axis=1)`` order) and hold every one of them."""
    width = int(max(all_xs.max(), xs.max()) - min(all_xs.min(), xs.min())) + 1
    x0 = min(int(all_xs.min()), int(xs.min()))
    return np.searchsorted(all_ys * width + (all_xs - x0), ys * width + (xs - x0))


def _within(points, cells):
    """The (ys, xs, states) of ``points`` that lie on ``cells`` ((2, M) rows and columns)."""
    ys, xs, states = points
    if not len(ys):
        return ys, xs, states
    width = int(max(xs.max(), cells[1].max()) - min(xs.min(), cells[1].min())) + 1
    x0 = min(int(xs.min()), int(cells[1].min()))
    keep = np.isin(ys * width + (xs - x0), cells[0] * width + (cells[1] - x0))
    return ys[keep], xs[keep], states[keep]


def _near(cells, seen, reach):
    """Which of ``seen`` ((2, N)) lie within ``reach`` rows and columns of one of ``cells`` ((2, M))."""
    dy = np.abs(seen[0][:, None] - cells[0][None, :])
    dx = np.abs(seen[1][:, None] - cells[1][None, :])
    return (np.maximum(dy, dx) <= reach).any(axis=1)


def single_object(plane, rule, driver, period=1):
    """The apgcode of ``plane`` (a Plane whose pattern repeats every ``period`` generations) when
    it is one periodic object, else None (several objects, none, or not periodic)."""
    found = Namer(rule, driver).objects(plane, max(period, WATCH))
    if sum(found.values()) != 1:
        return None
    (code,) = found
    return code if code.startswith(PERIODIC_PREFIXES) else None
