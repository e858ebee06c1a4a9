"""Cutting a grid into pieces for parallel drivers: bands, blocks and their halos.

Pure numpy on ``uint8`` arrays of shape (H, W); the topology ("torus" or "bounded") says what
a halo holds beyond the grid's edge.
"""

import numpy as np


def split(length, parts):
    """``parts`` contiguous half-open ranges covering 0..length, sizes differing by at most one.

    Fewer ranges come back when ``length < parts``: no piece is ever empty.
    """
    parts = max(1, min(parts, length))
    edges = [length * k // parts for k in range(parts + 1)]
    return list(zip(edges[:-1], edges[1:]))


def halo_tile(cells, topology, y0, y1, x0, x1, halo):
    """Rows y0..y1-1, columns x0..x1-1 of ``cells`` plus ``halo`` cells all round.

    cells: (H, W) ``uint8``. Returns a fresh (y1-y0+2*halo, x1-x0+2*halo) ``uint8`` array whose
    halo wraps (torus) or reads 0 (bounded); a halo deeper than the grid wraps again.
    """
    h, w = cells.shape
    rows = np.arange(y0 - halo, y1 + halo)
    cols = np.arange(x0 - halo, x1 + halo)
    if topology == "torus":
        return cells[np.ix_(rows % h, cols % w)]
    out = np.zeros((rows.size, cols.size), np.uint8)
    ry = (rows >= 0) & (rows < h)
    cx = (cols >= 0) & (cols < w)
    out[np.ix_(ry, cx)] = cells[np.ix_(rows[ry], cols[cx])]
    return out


def blocks(height, width, parts):
    """At most ``parts`` non-empty tiles ``(y0, y1, x0, x1)`` covering (height, width), row-major.

    Row bands while there are enough rows (each band's halo then comes from two neighbours);
    a grid with fewer rows than parts is also cut across, so a 1xN grid still spreads out.
    """
    ny = max(1, min(parts, height))
    nx = max(1, min(parts // ny, width))
    return [(y0, y1, x0, x1) for y0, y1 in split(height, ny) for x0, x1 in split(width, nx)]
