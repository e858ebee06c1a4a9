"""The driver interface: advance a Grid by generations under a Rule, never mutating it."""

import os

from lifesim.errors import LifesimError, SettingError


class Driver:
    """Advances grids with rules; a context manager owning whatever pools it starts.

    Subclasses implement ``_advance(grid, rule) -> Grid`` for one generation, or override
    ``_run(grid, rule, generations)`` to do several generations per round trip; ``advance``
    checks the arguments for all of them.
    """

    name = "driver"
    parallel = False  # True: with no ``workers`` given, one per CPU; else one

    def __init__(self, workers=None):
        if workers is not None and workers < 1:
            raise SettingError("workers", f"must be at least 1, not {workers}")
        self.workers = workers or ((os.cpu_count() or 2) if self.parallel else 1)

    def advance(self, grid, rule, generations=1):
        """The grid ``generations`` generations on (the given grid is left as it was)."""
        if generations < 0:
            raise LifesimError(f"generations must be >= 0, not {generations}")
        if generations == 0:
            return grid
        return self._run(grid, rule, generations)

    def _run(self, grid, rule, generations):
        """``generations`` >= 1 generations on; by default one ``_advance`` at a time."""
        for _ in range(generations):
            grid = self._advance(grid, rule)
        return grid

    def _advance(self, grid, rule):
        raise NotImplementedError

    def close(self):
        """Release pools and workers; the driver cannot be used afterwards."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"{type(self).__name__}(workers={self.workers})"
