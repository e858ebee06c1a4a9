"""Hypothesis strategies shared by the tests that cross-check drivers on random grids."""

import numpy as np
from hypothesis import strategies as st

from lifesim import Grid


@st.composite
def soups(draw, rules, max_side):
    """(rule name, Grid): a random soup of the rule's states, 1..``max_side`` cells a side, on a
    torus or a bounded grid. ``rules`` maps names to Rules."""
    name = draw(st.sampled_from(sorted(rules)))
    height, width = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    cells = np.random.default_rng(seed).integers(0, rules[name].states, (height, width), dtype=np.uint8)
    return name, Grid(cells, draw(st.sampled_from(["torus", "bounded"])))
