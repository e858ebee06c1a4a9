"""Worked example rules, each a cell coroutine written by hand. Load one with
``--rule lifesim.examples.MODULE:NAME`` or copy the file and edit it.

- ``conway:step_cell``          Conway's Life exactly as the textbook writes it (B3/S23)
- ``generations:brians_brain``  Brian's Brain, a three-state Generations rule (B2/S/C3)
- ``larger:larger_than_life``   Larger than Life: radius 2, 24 neighbours
- ``von_neumann:fredkin``       Fredkin's replicator on the 4-cell von Neumann neighbourhood
- ``weighted:weighted``         orthogonal neighbours weigh 2, diagonal ones 1
- ``wireworld:wireworld``       WireWorld's electrons in wires (also as a Golly rule table)
"""
