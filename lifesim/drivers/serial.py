"""The serial driver: every cell's coroutine, one after another, in this thread."""

from lifesim.drivers._loop import advance_cells, as_grid_array
from lifesim.drivers.base import Driver


class SerialDriver(Driver):
    """Runs the whole grid through the interpreter loop in the calling thread."""

    name = "serial"

    def _advance(self, grid, rule):
        r = rule.radius
        h, w = grid.shape
        out = advance_cells(rule.cell, grid.padded(r), (-r, -r), (0, h, 0, w), r, rule.states)
        return grid.with_cells(as_grid_array(out, h, w))
