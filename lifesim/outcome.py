"""Outcomes: has a run died out, become periodic, or is it still changing?

A run is periodic once a grid repeats one seen before (found by hashing every generation's grid
with ``Grid.digest``); a still life is period 1. From then on every generation is known without
stepping it, which is what lets a batch stop a settled run early and still report exactly what
the full run would have.
"""

from dataclasses import dataclass

DIED, PERIODIC, CHANGING = "died", "periodic", "changing"


@dataclass(frozen=True)
class Outcome:
    """``kind`` is died / periodic / changing.

    at: for died, the first generation with no live cell; for periodic, the first generation of
    the cycle; None while changing. period: the cycle's length in generations (periodic only).
    """

    kind: str = CHANGING
    at: int | None = None
    period: int | None = None

    def __str__(self):
        if self.kind == DIED:
            return f"died out at generation {self.at}"
        if self.kind == PERIODIC:
            what = "still life" if self.period == 1 else f"period {self.period}"
            return f"periodic from generation {self.at} ({what})"
        return "still changing"


class CycleWatch:
    """A Simulation observer that settles the outcome as soon as it is known.

    Keeps one 16-byte digest per generation seen (so memory grows with generations, not cells).
    """

    def __init__(self, sim):
        self.seen = {}  # grid digest -> first generation it appeared
        self.outcome = Outcome()
        self._look(sim)

    def __call__(self, sim):
        if self.outcome.kind == CHANGING:
            self._look(sim)

    def _look(self, sim):
        first = self.seen.setdefault(sim.grid.digest(), sim.generation)
        if first == sim.generation:
            return
        period = sim.generation - first
        # An empty grid counts as dead only once it is seen to stay empty: under a B0 rule
        # (birth with no live neighbour) it fills again, and that is a cycle, not a death.
        dead = period == 1 and sim.population == 0
        self.outcome = Outcome(DIED, first) if dead else Outcome(PERIODIC, first, period)


def run_to_outcome(sim, generations):
    """Advance ``sim`` as if to generation ``generations``, stopping once the outcome fixes the rest.

    On return ``sim.grid`` is exactly the grid of generation ``generations`` and ``sim.history``
    holds every population the full run would show (a cycle repeats, an empty grid stays empty),
    so min/max/final populations are those of the full run. ``sim.generation`` may be smaller.
    Returns the Outcome.
    """
    watch = CycleWatch(sim)
    sim.observers.append(watch)
    try:
        while sim.generation < generations and watch.outcome.kind == CHANGING:
            sim.step(1)
    finally:
        sim.observers.remove(watch)
    outcome = watch.outcome
    if outcome.kind != CHANGING and sim.generation < generations:
        # The grid now equals generation `at`'s, so generation N's grid lies (N - now) % period on.
        sim.step((generations - sim.generation) % (outcome.period or 1))
    return outcome
