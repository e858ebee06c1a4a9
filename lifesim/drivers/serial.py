"""The serial driver: every cell's coroutine, one after another, in this thread."""

from lifesim.drivers._loop import advance_tile
from lifesim.drivers.base import Driver


class SerialDriver(Driver):
    """Runs the whole grid, or the plane's tiles (or the grid's cells that may change) one by
    one, through the interpreter loop in the calling thread."""

    name = "serial"

    def _advance(self, grid, rule):
        r = rule.radius
        return grid.with_cells(advance_tile(rule, grid.padded(r), (-r, -r)))

    def _step_tiles(self, rule, halos, origins, runs=None):
        runs = runs or [None] * len(halos)
        return [advance_tile(rule, halo, origin, part) for halo, origin, part in zip(halos, origins, runs)]
