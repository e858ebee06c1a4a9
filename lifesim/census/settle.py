"""Many soups at once on one plane, each run until it settles.

Stepping a plane costs a few dozen numpy calls per generation however few cells it holds, so
the soups of a census share one plane: soup k of a batch lies in its own *lane*, the columns
within LANE / 2 of k * LANE, far enough apart that nothing one soup sends out (a glider, a
spaceship, at most c) can reach another lane within MAX_GENERATIONS. One driver step then
advances every soup, and the tile populations, summed per lane, give each soup's population.

The populations are sampled every SAMPLE generations: the plane is advanced SAMPLE generations
a call, which the compiled driver does in one round (finding tiles and assembling the plane once
for all of them). A soup has *settled* once its sampled population has repeated with some period
of at most LONGEST_PERIOD samples for SECURITY generations on end (apgsearch waits for the same,
sampling every 12 generations), or it died, or it ran MAX_GENERATIONS. A population of period p
gives samples of period p / gcd(p, SAMPLE), so every p <= LONGEST_PERIOD is seen, and SAMPLE
times the samples' period is a multiple of p. The soup then leaves the plane (gliders and all)
with its cells, and the next soup takes its lane. Settling is checked every CHECK generations.
"""

from dataclasses import dataclass

import numpy as np

from lifesim.universe import SHIFT, Plane

LANE = 1 << 20  # columns between soups: c for 2**19 generations does not reach the next lane
MAX_GENERATIONS = 1 << 15
SECURITY = 180  # generations the population must repeat for (apgsearch: 15 samples 12 apart)
LONGEST_PERIOD = 30  # the longest period of the sampled populations looked for, in samples
CHECK = 12  # generations between looks for settled soups (a multiple of SAMPLE)
# Generations between population samples, stepped in one round on the compiled driver. Measured
# (200 soups of k_test, one worker, one run, Life's rounds on bit-packed rows): 3 / 4 / 6 / 12
# generations a sample took 8.0 / 7.4 / 7.5 / 7.8 s (1 a sample, through the uint8 kernel:
# 11.8 s), each finding the same 4,078 objects.
SAMPLE = 6
BATCH = 128  # soups on the plane at once
# A soup starts INSET cells in from the corner of a tile, so that it grows within one tile for a
# while instead of reaching into three more at once.
INSET = 8
_SECURITY = SECURITY // SAMPLE  # in samples
_RING = _SECURITY + LONGEST_PERIOD + CHECK // SAMPLE  # samples kept per lane


@dataclass(frozen=True)
class Settled:
    """One settled soup: ``index`` (its number), ``plane`` (its cells, the soup's top-left cell
    at (0, 0)), ``generation`` (when it was seen to settle), ``period`` (a multiple of its
    population's period, SAMPLE times that of the samples; None when it ran out of generations)."""

    index: int
    plane: Plane
    generation: int
    period: int | None


def settle(soups, rule, driver, batch=BATCH, max_generations=MAX_GENERATIONS):
    """Yield a Settled for each soup as it settles (not in order).

    soups: an iterable of (index, cells), cells a 2-D ``uint8`` state array with the soup's
    top-left cell first; rule: the Rule; driver: the Driver that steps the shared plane.
    """
    todo = iter(soups)
    lanes = [None] * batch  # lane -> (index, generation it entered) or None
    ring = np.zeros((batch, _RING), np.int64)  # sampled population of each lane, by sample % _RING
    plane, generation = _enter(Plane.empty(), lanes, todo, 0), 0
    back = np.arange(_RING)  # k samples ago
    while any(lanes):
        plane = driver.advance(plane, rule, SAMPLE)
        generation += SAMPLE
        sample = generation // SAMPLE
        ring[:, sample % _RING] = _lane_populations(plane, batch)
        if generation % CHECK:
            continue
        last = ring[:, (sample - back) % _RING]  # (batch, _RING): column k = k samples ago
        age = np.array([generation - lane[1] if lane else -1 for lane in lanes])
        periods = _periods(last, age)
        done = [k for k, lane in enumerate(lanes)
                if lane and (periods[k] or last[k, 0] == 0 or age[k] >= max_generations)]
        if not done:
            continue
        ys, xs, states = plane.points()
        lane_of = _lane(xs)
        for k in done:
            here = lane_of == k
            index, _ = lanes[k]
            cells = Plane.from_points(ys[here] - INSET, xs[here] - k * LANE - INSET, states[here])
            yield Settled(index, cells, age[k], SAMPLE * int(periods[k]) or (1 if last[k, 0] == 0 else None))
            lanes[k] = None
        keep = ~np.isin(lane_of, done)
        plane = _enter(Plane.from_points(ys[keep], xs[keep], states[keep]), lanes, todo, generation)


def _enter(plane, lanes, todo, generation):
    """``plane`` with the next soups of ``todo`` in the empty lanes (``lanes`` updated)."""
    ys, xs, states = [], [], []
    for k, lane in enumerate(lanes):
        if lane is not None:
            continue
        nxt = next(todo, None)
        if nxt is None:
            break
        index, cells = nxt
        y, x = np.nonzero(cells)
        ys.append(y.astype(np.int64) + INSET)
        xs.append(x.astype(np.int64) + k * LANE + INSET)
        states.append(cells[y, x])
        lanes[k] = (index, generation)
    if not ys:
        return plane
    return plane.with_points(np.concatenate(ys), np.concatenate(xs), np.concatenate(states))


def _lane(xs):
    """The lane of each column (int64 array)."""
    return (xs + LANE // 2) // LANE


def _lane_populations(plane, batch):
    """The population of each of ``batch`` lanes: (batch,) ``int64``."""
    if not plane.tile_count:
        return np.zeros(batch, np.int64)
    lane = _lane(plane.keys[:, 1] << SHIFT)
    return np.bincount(lane, weights=plane.tile_populations(), minlength=batch)[:batch].astype(np.int64)


def _periods(last, age):
    """The least period q <= LONGEST_PERIOD (in samples) of each lane's sampled populations that
    has repeated for SECURITY generations on end, else 0: (batch,) ``int64``. last: (batch,
    _RING) samples, column k k samples ago; age: generations each lane's soup has run (-1 for an
    empty lane)."""
    found = np.zeros(len(last), np.int64)
    now = last[:, :_SECURITY]
    for p in range(1, LONGEST_PERIOD + 1):
        repeats = (now == last[:, p:p + _SECURITY]).all(axis=1) & (age >= SECURITY + SAMPLE * p) & (found == 0)
        found[repeats] = p
    return found
