"""THE interpreter: drives cell coroutines, answers their requests, collects their Transitions.

Every coroutine driver calls ``advance_cells`` on its own piece of the grid; they differ only
in how they cut the grid and schedule the pieces. The loop is written once, here, and kept
tight because it runs once per request of every cell of every generation.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lifesim.errors import CellError, LifesimError, ProtocolError
from lifesim.protocol import TICK, Neighborhood, Query, Transition

# A cell that has not finished after this many requests is taken to loop forever.
STEP_BUDGET = 10_000


def advance_cells(step, tile, origin, region, radius, states, budget=STEP_BUDGET):
    """Run ``step(y, x)`` for every cell of ``region`` and return their next states.

    tile: ``uint8`` array of shape (H', W'): the current generation over the region plus at
        least ``radius`` cells of halo all round (wrapped or EMPTY as the topology says).
    origin: absolute (y, x) of ``tile[0, 0]``.
    region: absolute ``(y0, y1, x0, x1)``, half-open, of the cells to advance.
    Returns a ``bytearray`` of (y1-y0)*(x1-x0) next states in row-major order.
    Raises ProtocolError or CellError naming the cell that misbehaved.
    """
    oy, ox = origin
    y0, y1, x0, x1 = region
    rows = tile.tolist()  # list indexing beats ndarray item access by ~10x
    out = bytearray((y1 - y0) * (x1 - x0))
    blocks = _BlockCache(tile, origin, region)
    steps = range(budget)
    i = 0
    for y in range(y0, y1):
        top, bottom = y - radius, y + radius
        for x in range(x0, x1):
            left, right = x - radius, x + radius
            coroutine = step(y, x)
            send = coroutine.send
            done = False
            try:
                item = send(None)
                for _ in steps:
                    kind = type(item)
                    if kind is Query:
                        qy, qx = item
                        if top <= qy <= bottom and left <= qx <= right:
                            item = send(rows[qy - oy][qx - ox])
                            continue
                        raise _too_far(y, x, item, radius)
                    if kind is Transition:
                        if done or item[0] != y or item[1] != x or not 0 <= item[2] < states:
                            raise _bad_transition(y, x, item, states, done)
                        out[i] = item[2]
                        done = True
                        item = send(None)
                        continue
                    if kind is Neighborhood:
                        qy, qx, r = item
                        if top <= qy - r and qy + r <= bottom and left <= qx - r and qx + r <= right:
                            item = send(blocks.get(i, qy, qx, r, y, x))
                            continue
                        raise _too_far(y, x, item, radius)
                    raise _bad_yield(y, x, item)
                else:
                    raise ProtocolError(y, x, f"no Transition after {budget} requests: does the cell loop forever?")
            except StopIteration:
                if not done:
                    raise ProtocolError(y, x, "the cell coroutine finished without yielding a Transition") from None
            except LifesimError:
                raise
            except Exception as exc:
                raise CellError(y, x, exc) from exc
            i += 1
    return out


class _BlockCache:
    """Neighbourhood blocks for every cell of a region, built once per radius on first request."""

    def __init__(self, tile, origin, region):
        self.tile, self.origin, self.region = tile, origin, region
        self.by_radius = {}

    def get(self, i, qy, qx, r, y, x):
        """The block of radius r around (qy, qx), row-major; ``i`` indexes the current cell (y, x)."""
        if qy != y or qx != x:  # off-centre requests are rare: slice them directly
            oy, ox = self.origin
            return self.tile[qy - r - oy:qy + r + 1 - oy, qx - r - ox:qx + r + 1 - ox].ravel().tolist()
        blocks = self.by_radius.get(r)
        if blocks is None:
            blocks = self.by_radius[r] = self._build(r)
        return blocks[i]

    def _build(self, r):
        (oy, ox), (y0, y1, x0, x1) = self.origin, self.region
        k = 2 * r + 1
        area = self.tile[y0 - r - oy:y1 + r - oy, x0 - r - ox:x1 + r - ox]
        return sliding_window_view(area, (k, k)).reshape(-1, k * k).tolist()


def _too_far(y, x, item, radius):
    return ProtocolError(y, x, f"{item!r} reaches farther than the rule's radius {radius}")


def _bad_transition(y, x, item, states, done):
    if done:
        return ProtocolError(y, x, f"a second Transition {item!r}: a cell transitions once per generation")
    if (item[0], item[1]) != (y, x):
        return ProtocolError(y, x, f"{item!r} is for another cell: a cell may only set its own state")
    return ProtocolError(y, x, f"{item!r}: state {item[2]!r} is outside the rule's states 0..{states - 1}")


def _bad_yield(y, x, item):
    if item is TICK:
        return ProtocolError(y, x, "a cell yielded TICK: only a whole-grid stream such as simulate() may")
    return ProtocolError(
        y, x, f"yielded {item!r}, expected Query(y, x), Neighborhood(y, x, r) or Transition(y, x, state)"
    )


def as_grid_array(out, height, width):
    """The bytearray of ``advance_cells`` as a (height, width) ``uint8`` array (no copy)."""
    return np.frombuffer(out, np.uint8).reshape(height, width)
