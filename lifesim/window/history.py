"""Undo, redo and Golly's reset for the window: snapshots of the simulation, bounded in memory.

A ``Snapshot`` is what one moment of the window holds: the universe (a Grid or a Plane), its
generation, the rule, the population history and the window's notes on the pattern (its name
and comments). Universes are immutable, so a snapshot is a handful of references, never a copy:
an undo step costs the memory of the universe it keeps alive, and nothing more while that
universe is still the current one or held by another step (an edit's snapshot shares the
universe of the step before it when nothing ran in between). ``History`` keeps at most
``max_steps`` snapshots, and drops the oldest once the distinct universes it keeps alive pass
``max_bytes`` (``size(universe)`` says what one costs: see ``universes.nbytes``).

Only the window's worker thread calls ``record``, ``undo``, ``redo`` and ``reset``, between
generations (they run as stepper commands), so a snapshot is always of a whole generation and
no lock is needed. No pygame here.
"""

from collections import deque
from dataclasses import dataclass

MAX_STEPS = 1000  # undo steps kept at most
MAX_BYTES = 256 << 20  # and the distinct universes they keep alive, at most this many bytes


@dataclass(frozen=True)
class Snapshot:
    """One moment to go back to.

    universe: a Grid or a Plane. generation: its number. rule: the Rule then. populations: the
    population history list then, shared and only read: ``populations[:length]`` is its part
    (the list may grow afterwards; a restore copies that part). note: the window's pattern
    notes then (a ``window.info.PatternInfo``, or anything the window keeps). action: what was
    done after this moment ("draw", "run", "load", ...), for the message an undo shows.
    """

    universe: object
    generation: int
    rule: object
    populations: list
    length: int
    note: object = None
    action: str = ""

    @classmethod
    def of(cls, sim, note=None, action=""):
        """The snapshot of a Simulation now."""
        return cls(sim.grid, sim.generation, sim.rule, sim.history, len(sim.history), note, action)

    def restore(self, sim, keep_rule=False):
        """Put ``sim`` back to this moment (its rule too unless ``keep_rule``: a ``--watch``
        rule stays the one in the file). The population history is copied, so the list shared
        with other snapshots is never changed."""
        if not keep_rule:
            sim.rule = self.rule  # before the grid, whose states this rule holds
        sim.replace_grid(self.universe)
        sim.history = list(self.populations[:self.length])
        sim.history[-1] = self.universe.population  # an edit after this moment changed the last entry
        sim.generation = self.generation


class History:
    """The undo and redo stacks, and the reset point (where running last started).

    size: ``size(universe) -> bytes`` for the memory bound; max_steps, max_bytes: the bounds.
    """

    def __init__(self, size, max_steps=MAX_STEPS, max_bytes=MAX_BYTES):
        self.size = size
        self.max_steps = max_steps
        self.max_bytes = max_bytes
        self._undo = deque()
        self._redo = []
        self.reset_point = None  # a Snapshot, or None before anything ran

    @property
    def can_undo(self):
        return bool(self._undo)

    @property
    def can_redo(self):
        return bool(self._redo)

    def __len__(self):
        return len(self._undo)

    def record(self, snapshot):
        """Remember ``snapshot``, the moment before a new action; the redo stack is dropped."""
        self._undo.append(snapshot)
        self._redo.clear()
        self._trim()

    def undo(self, now):
        """The snapshot to go back to, or None; ``now`` (the present moment) goes on the redo
        stack, labelled with the action it undoes."""
        if not self._undo:
            return None
        back = self._undo.pop()
        self._redo.append(_labelled(now, back.action))
        return back

    def redo(self, now):
        """The snapshot to go forward to, or None; ``now`` goes back on the undo stack."""
        if not self._redo:
            return None
        forward = self._redo.pop()
        self._undo.append(_labelled(now, forward.action))
        self._trim()
        return forward

    def mark_reset(self, snapshot):
        """Running starts here: Golly's reset comes back to ``snapshot``."""
        self.reset_point = snapshot

    def memory(self):
        """Bytes of the distinct universes every kept snapshot holds (undo, redo and reset)."""
        return _distinct_bytes(self._all(), self.size)

    def _all(self):
        return [*self._undo, *self._redo, *([self.reset_point] if self.reset_point else [])]

    def _trim(self):
        while len(self._undo) > self.max_steps:
            self._undo.popleft()
        # The newest step is always kept, however big: an undo of the last action must work.
        while len(self._undo) > 1 and self.memory() > self.max_bytes:
            self._undo.popleft()


def _labelled(snapshot, action):
    return Snapshot(snapshot.universe, snapshot.generation, snapshot.rule, snapshot.populations,
                    snapshot.length, snapshot.note, action)


def _distinct_bytes(snapshots, size):
    seen = {id(s.universe): s.universe for s in snapshots}  # a shared universe counts once
    return sum(size(u) for u in seen.values())
