"""Cutting a grid into pieces for parallel drivers: bands, blocks and their halos.

Pure numpy on ``uint8`` arrays of shape (H, W); the topology ("torus" or "bounded") says what
a halo holds beyond the grid's edge.
"""

import numpy as np

from lifesim.grid import halo_tile  # noqa: F401  (the drivers' tile cutter lives with Grid)


def split(length, parts):
    """``parts`` contiguous half-open ranges covering 0..length, sizes differing by at most one.

    Fewer ranges come back when ``length < parts``: no piece is ever empty.
    """
    parts = max(1, min(parts, length))
    edges = [length * k // parts for k in range(parts + 1)]
    return list(zip(edges[:-1], edges[1:]))


def blocks(height, width, parts):
    """At most ``parts`` non-empty tiles ``(y0, y1, x0, x1)`` covering (height, width), row-major.

    Row bands while there are enough rows (each band's halo then comes from two neighbours);
    a grid with fewer rows than parts is also cut across, so a 1xN grid still spreads out.
    """
    ny = max(1, min(parts, height))
    nx = max(1, min(parts // ny, width))
    return [(y0, y1, x0, x1) for y0, y1 in split(height, ny) for x0, x1 in split(width, nx)]


def balanced(weights, parts):
    """At most ``parts`` contiguous half-open ranges over ``weights`` (a sequence of numbers, e.g.
    the cells of each plane tile to step) whose sums differ as little as cutting in order allows.

    Fewer ranges come back when there are fewer weights than parts; none is ever empty.
    """
    total = sum(weights)
    parts = max(1, min(parts, len(weights)))
    cuts, run, k = [0], 0, 1
    for i, w in enumerate(weights):
        run += w
        if k < parts and run * parts >= total * k and i + 1 < len(weights):
            cuts.append(i + 1)
            k += 1
    cuts.append(len(weights))
    return [(a, b) for a, b in zip(cuts[:-1], cuts[1:]) if b > a]


def row_runs(mask):
    """The runs of True cells along each row of ``mask`` ((H, W) bool), row-major.

    Returns (ys, x0s, x1s), (K,) ``int64`` arrays: run k is cells x0s[k]..x1s[k]-1 of row ys[k].
    """
    h, w = mask.shape
    framed = np.zeros((h, w + 2), bool)  # an EMPTY column each side: every run starts and ends
    framed[:, 1:w + 1] = mask
    # True at column x where cell x-1 differs from cell x: row-major, a start, its end, the next start...
    ys, xs = np.divmod(np.flatnonzero(framed[:, 1:] != framed[:, :-1]), w + 1)
    return ys[0::2], xs[0::2], xs[1::2]


def work_sizes(halos, runs=None):
    """The cells ``_step_tiles`` steps in each halo tile: its area, or the length of its ``runs``
    ((y, x0, x1) triples) when given; a list of ints, the weights to ``balanced``."""
    if runs is None:
        return [halo.size for halo in halos]
    return [sum(x1 - x0 for _, x0, x1 in part) for part in runs]
