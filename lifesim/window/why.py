"""Why did this cell change? The window's answer: the cell's last conversation with the rule.

``explain`` runs the sandbox's trace (``lifesim.sandbox.check.traced``, what ``rule trace``
prints) on the cell's neighbourhood in the previous generation, under the current rule: each
request the coroutine yielded and the answer it got, its Transition, and the source line that
yielded it. It drives the rule's coroutine whatever driver runs the grid (the compiled driver's
table is built from this coroutine; the coroutine is the reference). Under ``--watch`` the
current rule is the last one the file gave. With no previous generation kept (generation 0, a
load, an undo) it says what the rule will do next from the cells now; after a jump over many
generations at once (hashlife's 2^k steps) the generation before this one was never made, and
the panel says so before what the rule does next. No pygame here.
"""

import os
from dataclasses import dataclass

import numpy as np

from lifesim.drivers.trace import state_name
from lifesim.sandbox.check import Traced, traced
from lifesim.window import universes as _universes


@dataclass(frozen=True)
class Explanation:
    """Why cell ``cell`` (y, x) holds ``state`` at ``generation``.

    block: the (2r+1, 2r+1) uint8 neighbourhood the rule was shown, centred on the cell.
    before: True when ``block`` is of the previous generation (the trace explains ``state``),
    False when it is of this one (the trace says what comes next). traced: the sandbox's
    Traced: ``traced.lines`` is exactly what ``rule trace`` prints for this neighbourhood.
    leap: the generations the last step made at once (above 1: no previous generation exists).
    """

    cell: tuple
    generation: int
    state: int
    block: np.ndarray
    before: bool
    traced: Traced
    leap: int = 0

    def heading(self):
        """The panel's first line."""
        y, x = self.cell
        now = f"why is cell ({y}, {x}) {state_name(self.state)} at generation {self.generation}?"
        if self.before:
            return f"{now} Its conversation in generation {self.generation - 1}:"
        if self.leap > 1:
            return (f"{now} The last step jumped {self.leap} generations at once: generation "
                    f"{self.generation - 1} was never made, so there is no conversation to show; "
                    f"what the rule does next:")
        return f"{now} No earlier generation is kept; what the rule does next:"

    def notes(self):
        """The lines after the trace: the source line, and an edit since, if any."""
        out = []
        if self.traced.source is not None:
            path, line, text = self.traced.source
            out.append(f"from {os.path.basename(path)}:{line}:  {text}")
        given = self.traced.next_state
        if self.before and given is not None and given != self.state:
            out.append(f"(edited since: the rule gave {given}, the cell now holds {self.state})")
        return out

    def lines(self):
        """Every line of the panel: heading, ``rule trace``'s lines, notes."""
        return [self.heading(), *self.traced.lines, *self.notes()]


def explain(frame, y, x):
    """The Explanation of cell (y, x) in ``frame`` (a stepper Frame: grid, previous, rule)."""
    rule = frame.rule
    before = frame.previous is not None
    universe = frame.previous if before else frame.grid
    if not _universes.contains(universe, y, x):
        return None
    block = _universes.neighbourhood(universe, y, x, rule.radius)
    return Explanation((y, x), frame.generation, _universes.state_at(frame.grid, y, x), block, before,
                       traced(rule, (y, x), block), frame.leap)
