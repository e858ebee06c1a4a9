"""Cutting a grid into pieces for parallel drivers: bands, blocks and their halos.

Pure numpy on ``uint8`` arrays of shape (H, W); the topology ("torus" or "bounded") says what
a halo holds beyond the grid's edge.
"""

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
