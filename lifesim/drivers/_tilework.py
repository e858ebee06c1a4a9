"""The work of one tile, shared by the process and dask drivers: one generation of a tile+halo.

Workers receive rules pickled once per run (``load_rule`` caches them, so a rule loaded from a
file is imported once per worker, not once per tile) and run every cell through the one
interpreter loop.
"""

import pickle

import numpy as np

from lifesim.drivers._loop import advance_cells

_RULES = {}  # pickled rule (bytes) -> Rule


def load_rule(blob):
    """The Rule pickled in ``blob``, cached for the life of this process."""
    rule = _RULES.get(blob)
    if rule is None:
        if len(_RULES) > 64:  # a long-lived worker that has seen many rules
            _RULES.clear()
        rule = _RULES[blob] = pickle.loads(blob)
    return rule


def advance_tile(rule, tile, origin):
    """The next generation of the cells in the middle of ``tile``.

    tile: (h + 2r, w + 2r) ``uint8``, the current generation with a halo r = rule.radius deep;
    origin: absolute (y, x) of ``tile[0, 0]``. Returns the (h, w) ``uint8`` next states of
    the cells (oy + r .. oy + r + h - 1, ox + r .. ox + r + w - 1).
    """
    r = rule.radius
    oy, ox = origin
    h, w = tile.shape[0] - 2 * r, tile.shape[1] - 2 * r
    out = advance_cells(rule.cell, tile, origin, (oy + r, oy + r + h, ox + r, ox + r + w), r, rule.states)
    return np.frombuffer(out, np.uint8).reshape(h, w)
