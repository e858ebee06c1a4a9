"""Simulation: a universe (a finite Grid or the infinite Plane), a rule, a driver, the generation
count and the population history.

The command line, the window and batch runs all advance a Simulation; observers see each
generation as it is made (statistics files, progress bars, the window's redraw). In a notebook
a Simulation shows its universe as a picture, ``animate`` returns a run as an inline animation
and ``plot`` the population plot (lifesim/notebook.py).
"""

from lifesim import notebook
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.io.plots import population_figure
from lifesim.rules import parse_rule
from lifesim.universe import is_plane

# Rounds of a driver's plane_round generations per jump when no generation need be seen
# (``Simulation.advance(every=False)``): few enough calls to cost nothing, often enough for a
# progress bar and Ctrl-C.
ROUNDS_PER_JUMP = 16


class Simulation:
    """``grid`` (a Grid or a Plane: the universe) advanced under ``rule`` by ``driver``.

    history: the population of generation 0, 1, ..., ``generation`` (a list of ints); after a
    ``jump``, of the generations in ``recorded`` only. recorded: None while history holds every
    generation, else the generation of each history entry (a list of ints, as long as history).
    observers: callables ``observer(simulation)`` called after every generation (after a jump:
    once, at its end).
    """

    def __init__(self, grid, rule="B3/S23", driver=None, generation=0, history=None):
        self.rule = parse_rule(rule)
        check_states(grid, self.rule)
        self.grid = grid
        self.driver = driver if driver is not None else get_driver("serial")
        self.generation = generation
        self.history = list(history) if history is not None else [grid.population]
        # a fresh history from a later generation (a file's own) records which one it starts at
        self.recorded = [generation] if history is None and generation else None
        self.observers = []

    def step(self, generations=1):
        """Advance by ``generations``, one at a time so that history and observers see each."""
        for _ in range(generations):
            grid = self.driver.advance(self.grid, self.rule, 1)
            self._record(grid, 1)
        return self.grid

    run = step

    def jump(self, generations):
        """Advance by ``generations`` in one call of the driver, recording only the end (a driver
        such as hashlife does 2^40 generations in one call faster than 2^20 one at a time)."""
        if generations > 0:
            if self.recorded is None:
                self.recorded = list(range(len(self.history)))
            self._record(self.driver.advance(self.grid, self.rule, generations), generations)
        return self.grid

    def advance(self, generations, every=True):
        """Advance by ``generations``: in one jump when the driver prefers it (``Driver.jumps``),
        else one at a time (``step``). ``every=False``: nothing needs each generation's
        population, so a driver that steps the plane several generations a round
        (``Driver.plane_round``) jumps ROUNDS_PER_JUMP rounds at a time, history keeping the ends."""
        if getattr(self.driver, "jumps", False):
            return self.jump(generations)
        rounds = getattr(self.driver, "plane_round", 1)
        if every or rounds == 1 or not is_plane(self.grid):
            return self.step(generations)
        stride = rounds * ROUNDS_PER_JUMP
        while generations > 0:
            self.jump(min(stride, generations))
            generations -= stride
        return self.grid

    def _record(self, grid, generations):
        # Ctrl-C can land between any two statements: the history goes first (a checkpoint
        # saved then keeps only history[:generation + 1]), then grid and generation in one
        # assignment, so the grid never disagrees with its generation number.
        if self.recorded is not None:
            self.recorded.append(self.generation + generations)
        self.history.append(grid.population)
        self.grid, self.generation = grid, self.generation + generations
        for observer in self.observers:
            observer(self)

    @property
    def generations_recorded(self):
        """The generation of each ``history`` entry: 0, 1, ..., unless a jump skipped some."""
        return self.recorded if self.recorded is not None else range(len(self.history))

    def replace_grid(self, grid):
        """Swap in an edited grid (same generation count); the history records its population."""
        check_states(grid, self.rule)
        self.grid = grid
        self.history[-1] = grid.population

    def replace_rule(self, rule):
        """Swap the rule, keeping the grid (live editing)."""
        rule = parse_rule(rule)
        check_states(self.grid, rule)
        self.rule = rule

    @property
    def population(self):
        return self.history[-1]

    def animate(self, generations, every=1):
        """Advance by ``generations`` as ``advance`` does, keeping a frame every ``every``; returns
        a lifesim.notebook.Animation (an animated GIF, shown inline in a notebook; ``.save(path)``)."""
        return notebook.animate(self, generations, every)

    def plot(self, title=None):
        """The population over generations as a matplotlib Figure, the picture ``--plot`` writes:
        titled "``title``, rule" (just the rule without one). Needs matplotlib (the plot extra)."""
        return population_figure(self.history, self.generations_recorded,
                                 f"{title}, {self.rule}" if title else str(self.rule))

    def _repr_png_(self):
        # Jupyter shows a Simulation as its universe now (IPython calls this by name).
        return notebook.universe_png(self.grid, self.rule.colours)

    def close(self):
        self.driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def check_states(grid, rule):
    """Raise a LifesimError if the grid (or plane) holds a state the rule does not have."""
    top = grid.max_state
    if top >= rule.states:
        what = "plane" if is_plane(grid) else "grid"
        raise LifesimError(f"the {what} holds state {top}, but rule {rule} has only states 0..{rule.states - 1}")
