"""Progress bars (tqdm): runs done in a batch, generations done in one long headless run.

tqdm was picked over rich because it is one small pure-Python package with no dependencies of
its own, it computes rate and ETA itself, and it turns itself into a no-op with ``disable=True``,
so callers never branch on quiet/not-a-terminal. Bars go to stderr, leaving stdout for summaries.
"""

import os
import shutil
import sys

from tqdm import tqdm


def wanted(quiet=False):
    """True when a bar should be drawn: not ``--quiet`` and stdout is a terminal."""
    return not quiet and sys.stdout.isatty() and sys.stderr.isatty()


def bar(total, unit, description=None, quiet=False, initial=0):
    """A tqdm bar over ``total`` items (drawn only when ``wanted``); use it as a context manager."""
    size = _fixed_size()
    return tqdm(total=total, initial=initial, unit=unit, desc=description, disable=not wanted(quiet),
                file=sys.stderr, dynamic_ncols=size is None, ncols=size and size[0], nrows=size and size[1],
                leave=False)


def _fixed_size():
    """None when the terminal reports its size (the bar follows resizes), else (COLUMNS, LINES) or 80x24.

    Some terminals (serial consoles, fresh pseudo-terminals) report 0x0, and tqdm then draws
    nothing at all.
    """
    try:
        if os.get_terminal_size(sys.stderr.fileno()).lines > 0:
            return None
    except (OSError, ValueError):
        pass
    return tuple(shutil.get_terminal_size((80, 24)))


class GenerationBar:
    """A Simulation observer that moves a bar to each generation made, up to ``target``.

    A driver that jumps (hashlife) reports inside its one long call through ``driver_progress``:
    the bar moves as each power of two is stepped and shows it, with the nodes in the cache.
    """

    def __init__(self, sim, target, quiet=False):
        self.bar = bar(target, "gen", "generations", quiet, initial=sim.generation)
        self.start = sim.generation

    def __call__(self, sim):
        self.bar.update(sim.generation - self.bar.n)
        self.start = sim.generation  # where the next jump's progress counts from

    def driver_progress(self, done, power, nodes):
        """``HashLifeDriver.progress``: ``done`` generations of this jump made, stepping 2^``power``."""
        self.bar.update(self.start + done - self.bar.n)
        self.bar.set_postfix_str(f"step 2^{power}, {nodes:,} nodes", refresh=True)

    def close(self):
        self.bar.close()
