"""Cycles on the plane: when a pattern starts to repeat (up to translation), its phases, and how
it grows when it does not repeat.

A pattern is periodic once its live cells, taken relative to their bounding box, repeat
(``lifesim.outcome.CycleWatch``); the phases are then stepped once more so that every phase is
at hand as a Plane in its own place.
"""

from dataclasses import dataclass

import numpy as np

from lifesim.drivers import get_driver
from lifesim.drivers.compile import compile_rule
from lifesim.errors import LifesimError
from lifesim.outcome import CHANGING, DIED, CycleWatch
from lifesim.simulation import Simulation
from lifesim.universe import Plane

# Growth classes of a pattern that does not repeat (apgsearch's names for the same things).
LINEAR, EXPLOSIVE, PATHOLOGICAL = "zz_LINEAR", "zz_EXPLOSIVE", "PATHOLOGICAL"
LONGEST_GROWTH_PERIOD = 1000  # generations: the longest period of linear growth looked for
EXPLOSIVE_RATIO = 2.5  # final population over the population half-way: faster than linear


@dataclass(frozen=True)
class Cycle:
    """A pattern's cycle: from generation ``at`` it repeats every ``period`` generations, moved
    by ``displacement`` (dy, dx) cells per period (y grows downward). ``phases``: the Planes of
    generations at .. at+period-1, in order, where they are. A pattern that dies has the cycle
    of the empty plane (period 1)."""

    at: int
    period: int
    displacement: tuple
    phases: tuple


@dataclass(frozen=True)
class Growth:
    """How a pattern that does not repeat grows: ``kind`` (LINEAR, EXPLOSIVE or PATHOLOGICAL);
    for LINEAR, ``cells`` more every ``period`` generations; ``repeats``: the period of the
    population when it repeats although the pattern does not (objects moving apart), else None."""

    kind: str
    period: int | None = None
    cells: int | None = None
    repeats: int | None = None


def fastest_driver(rule):
    """The name of the fastest driver that runs ``rule`` on the plane: compiled when the rule can
    be tabulated, else serial (the coroutine path)."""
    try:
        compile_rule(rule)
    except LifesimError:
        return "serial"
    return "compiled"


def find_cycle(plane, rule, limit, driver=None):
    """(Cycle or None, history, last): the cycle of ``plane`` under ``rule`` if it starts
    repeating within ``limit`` generations, the population of every generation stepped (a list
    of ints, generation 0 first) and the last Plane stepped. ``driver``: a Driver (default: a
    new one of ``fastest_driver``)."""
    own = driver is None
    driver = driver or get_driver(fastest_driver(rule))
    try:
        sim = Simulation(plane, rule, driver)
        watch = CycleWatch(sim)
        sim.observers.append(watch)
        while watch.outcome.kind == CHANGING and sim.generation < limit:
            sim.step(1)
        outcome = watch.outcome
        if outcome.kind == CHANGING:
            return None, sim.history, sim.grid
        if outcome.kind == DIED:
            return Cycle(outcome.at, 1, (0, 0), (Plane.empty(),)), sim.history, sim.grid
        # sim.grid is generation at + period: generation ``at`` moved by one displacement
        phases, current = [], sim.grid
        for _ in range(outcome.period):
            phases.append(current)
            current = driver.advance(current, rule, 1)
        return Cycle(outcome.at, outcome.period, outcome.displacement, tuple(phases)), sim.history, sim.grid
    finally:
        if own:
            driver.close()


def phase_cells(phase):
    """A phase's live cells cut to their bounding box: a (H, W) ``uint8`` array ((0, 0) if none)."""
    box = phase.bounding_box()
    return np.zeros((0, 0), np.uint8) if box is None else phase.window(*box)


def common_stack(phases):
    """The phases in one box that holds all of them: a (P, H, W) ``uint8`` array (P, 0, 0 if empty)."""
    boxes = [b for b in (p.bounding_box() for p in phases) if b is not None]
    if not boxes:
        return np.zeros((len(phases), 0, 0), np.uint8)
    y0, y1 = min(b[0] for b in boxes), max(b[1] for b in boxes)
    x0, x1 = min(b[2] for b in boxes), max(b[3] for b in boxes)
    return np.stack([p.window(y0, y1, x0, x1) for p in phases])


def growth(history):
    """The Growth of a pattern that did not repeat, from its population per generation.

    Linear: over the second half of the run the population gains the same number of cells,
    ``cells`` > 0, every ``period`` generations (a gun, a puffer). Explosive: it ends more than
    EXPLOSIVE_RATIO times as large as half-way. Pathological: anything else, still changing.
    """
    pops = np.asarray(history, np.int64)
    tail = pops[len(pops) // 2:]
    for period in range(1, min(LONGEST_GROWTH_PERIOD, len(tail) // 3) + 1):
        gain = tail[period:] - tail[:-period]
        if gain[0] >= 0 and (gain == gain[0]).all():
            if gain[0] == 0:
                return Growth(PATHOLOGICAL, repeats=period)
            return Growth(LINEAR, period, int(gain[0]))
    if len(tail) and pops[-1] > EXPLOSIVE_RATIO * max(1, tail[0]):
        return Growth(EXPLOSIVE)
    return Growth(PATHOLOGICAL)
