"""Hypothesis strategies shared by the tests that cross-check drivers on random grids."""

import numpy as np
from hypothesis import strategies as st

from lifesim import Grid, LifesimError
from lifesim.topology import Topology


PLAIN = ("torus", "bounded")
# Golly's bounded grids, one of each kind and axis; a sphere and a shifted Klein bottle fit
# only some sizes, so a soup draws among those its size allows.
GOLLY = PLAIN + ("torus x+3", "torus y-2", "klein x", "klein y", "klein x+1", "klein y+1", "cross", "sphere")


@st.composite
def soups(draw, rules, max_side, topologies=PLAIN):
    """(rule name, Grid): a random soup of the rule's states, 1..``max_side`` cells a side, on
    one of ``topologies`` that fits its size. ``rules`` maps names to Rules."""
    name = draw(st.sampled_from(sorted(rules)))
    height, width = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    seed = draw(st.integers(0, 2**32 - 1))
    cells = np.random.default_rng(seed).integers(0, rules[name].states, (height, width), dtype=np.uint8)
    return name, Grid(cells, draw(st.sampled_from([t for t in topologies if _fits(t, height, width)])))


def _fits(topology, height, width):
    try:
        Topology(topology).check_size(height, width)
    except LifesimError:
        return False
    return True


@st.composite
def sparse_soups(draw, rules, min_side, max_side, topologies=PLAIN):
    """(rule name, Grid) as ``soups``, but each cell live (in a random state >= 1) with a drawn
    chance of 5-35%: soups that partly settle within a few generations, so that stepping only
    the cells near a change leaves some out."""
    name = draw(st.sampled_from(sorted(rules)))
    height, width = draw(st.integers(min_side, max_side)), draw(st.integers(min_side, max_side))
    density = draw(st.floats(0.05, 0.35))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    states = rng.integers(1, rules[name].states, (height, width), endpoint=False, dtype=np.uint8)
    cells = np.where(rng.random((height, width)) < density, states, 0).astype(np.uint8)
    return name, Grid(cells, draw(st.sampled_from([t for t in topologies if _fits(t, height, width)])))
