"""lifesim: Conway's Game of Life and its cousins, one generator coroutine per cell.

The pure core (protocol, cells, rules, grid, formats) never does I/O; drivers advance the
coroutines; the command line and the window sit at the edges.
"""

from lifesim.errors import CellError, LifesimError, ProtocolError
from lifesim.grid import Grid
from lifesim.notebook import register as _register_notebook
from lifesim.protocol import ALIVE, EMPTY, TICK, Neighborhood, Query, Transition
from lifesim.rules import Rule, parse_rule
from lifesim.simulation import Simulation
from lifesim.topology import Topology

__all__ = [
    "ALIVE", "EMPTY", "TICK", "Query", "Transition", "Neighborhood",
    "Grid", "Topology", "Rule", "parse_rule", "Simulation",
    "LifesimError", "ProtocolError", "CellError",
]
__version__ = "0.1.0"

# Inside Jupyter or IPython: grids, planes and patterns display as pictures (lifesim/notebook.py);
# elsewhere this does nothing and imports nothing.
_register_notebook()
