"""Progress bars (tqdm): runs done in a batch, generations done in one long headless run.

tqdm was picked over rich because it is one small pure-Python package with no dependencies of
its own, it computes rate and ETA itself, and it turns itself into a no-op with ``disable=True``,
so callers never branch on quiet/not-a-terminal. Bars go to stderr, leaving stdout for summaries.
"""

import sys

from tqdm import tqdm


def wanted(quiet=False):
    """True when a bar should be drawn: not ``--quiet`` and stdout is a terminal."""
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


def bar(total, unit, description=None, quiet=False, initial=0):
    """A tqdm bar over ``total`` items (drawn only when ``wanted``); use it as a context manager."""
    return tqdm(total=total, initial=initial, unit=unit, desc=description, disable=not wanted(quiet),
                file=sys.stderr, dynamic_ncols=True, leave=False)


class GenerationBar:
    """A Simulation observer that moves a bar one step per generation, up to ``target``."""

    def __init__(self, sim, target, quiet=False):
        self.bar = bar(target, "gen", "generations", quiet, initial=sim.generation)

    def __call__(self, sim):
        self.bar.update(1)

    def close(self):
        self.bar.close()
