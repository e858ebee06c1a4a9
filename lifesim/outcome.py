"""Outcomes: has a run died out, become periodic, or is it still changing?

A run is periodic once a grid repeats one seen before (found by hashing every generation's grid
with ``Grid.digest``); a still life is period 1. On the infinite plane the whole pattern may
repeat somewhere else (a spaceship): there the cells are hashed relative to their bounding box
(``Plane.digest_normalised``) and the outcome says how far the pattern moves per period. From
then on every generation is known without stepping it, which is what lets a batch stop a
settled run early and still report exactly what the full run would have.
"""

from dataclasses import dataclass

from lifesim.universe import is_plane

DIED, PERIODIC, CHANGING = "died", "periodic", "changing"


@dataclass(frozen=True)
class Outcome:
    """``kind`` is died / periodic / changing.

    at: for died, the first generation with no live cell (None when a jump skipped it); for
    periodic, the first generation of the cycle; None while changing. period: the cycle's length in generations (periodic only).
    displacement: (dy, dx) cells the pattern moves per period (y grows downward); (0, 0) but on
    the plane, where a spaceship moves.
    """

    kind: str = CHANGING
    at: int | None = None
    period: int | None = None
    displacement: tuple = (0, 0)

    def __str__(self):
        if self.kind == DIED:
            return "died out" if self.at is None else f"died out at generation {self.at}"
        if self.kind == PERIODIC:
            what = "still life" if self.period == 1 else f"period {self.period}"
            if self.displacement != (0, 0):
                what = f"period {self.period}, displacement {self.displacement[0]},{self.displacement[1]}"
            return f"periodic from generation {self.at} ({what})"
        return "still changing"


class CycleWatch:
    """A Simulation observer that settles the outcome as soon as it is known.

    Keeps one 16-byte digest per generation seen (so memory grows with generations, not cells).
    """

    def __init__(self, sim):
        self.seen = {}  # digest -> (first generation it appeared, where: see _fingerprint)
        self.outcome = Outcome()
        self._look(sim)

    def __call__(self, sim):
        if self.outcome.kind == CHANGING:
            self._look(sim)

    def _look(self, sim):
        digest, where = _fingerprint(sim.grid)
        first, then = self.seen.setdefault(digest, (sim.generation, where))
        if first == sim.generation:
            return
        period = sim.generation - first
        # An empty grid counts as dead only once it is seen to stay empty: under a B0 rule
        # (birth with no live neighbour) it fills again, and that is a cycle, not a death.
        dead = period == 1 and sim.population == 0
        moved = (where[0] - then[0], where[1] - then[1])
        self.outcome = Outcome(DIED, first) if dead else Outcome(PERIODIC, first, period, moved)


def _fingerprint(universe):
    """(digest, (y, x)): a grid's digest and (0, 0); a plane's translation-invariant digest and
    the top-left corner of its live cells' bounding box, so a repeat tells how far it moved."""
    if not is_plane(universe):
        return universe.digest(), (0, 0)
    box = universe.bounding_box()
    return universe.digest_normalised(), (box[0], box[2]) if box is not None else (0, 0)


def run_to_outcome(sim, generations):
    """Advance ``sim`` as if to generation ``generations``, stopping once the outcome fixes the rest.

    On return ``sim.grid`` is exactly the grid of generation ``generations`` and ``sim.history``
    holds every population the full run would show (a cycle repeats, an empty grid stays empty),
    so min/max/final populations are those of the full run. ``sim.generation`` may be smaller.
    Returns the Outcome.

    A driver that jumps (hashlife) goes to generation ``generations`` in one jump and looks for
    no cycle (that would take a step per generation, which is what it exists to avoid): the
    outcome is died when nothing is left (``at`` None: when it died is not known), else
    changing, and ``sim.history`` holds the first and the last populations only.
    """
    if getattr(sim.driver, "jumps", False):
        sim.jump(generations - sim.generation)
        return Outcome(DIED) if sim.population == 0 else Outcome()
    watch = CycleWatch(sim)
    sim.observers.append(watch)
    try:
        while sim.generation < generations and watch.outcome.kind == CHANGING:
            sim.step(1)
    finally:
        sim.observers.remove(watch)
    outcome = watch.outcome
    if outcome.kind != CHANGING and sim.generation < generations:
        # The grid now equals generation `at`'s (moved by one displacement), so generation N's
        # grid lies (N - now) % period on, moved by one displacement per whole period skipped.
        periods, rest = divmod(generations - sim.generation, outcome.period or 1)
        sim.step(rest)
        dy, dx = outcome.displacement
        if periods and (dy or dx):
            sim.replace_grid(sim.grid.translated(dy * periods, dx * periods))
    return outcome
