"""Conway's Game of Life exactly as the textbook writes it: nine Queries, a logic function, a Transition.

This is the shape every other example grows from. ``step_cell`` asks for its own state, lets
``count_neighbors`` ask for the eight around it, and yields its next state. The code itself is
lifesim's reference coroutines in ``lifesim/cells.py`` (read it there: it is the textbook's,
line for line); this module names them as an example. Run it with
``--rule lifesim.examples.conway:step_cell``; ``python run_life.py rule check`` recognises it
as B3/S23 and the compiled driver runs it as fast as a numpy rule.
"""

from lifesim.cells import count_neighbors, game_logic, step_cell

__all__ = ["count_neighbors", "game_logic", "step_cell"]
