"""THE interpreter: drives cell coroutines, answers their requests, collects their Transitions.

Every coroutine driver calls ``advance_cells`` on its own piece of the grid; they differ only
in how they cut the grid and schedule the pieces. The loop is written once, here, and kept
tight because it runs once per request of every cell of every generation.
"""

import operator

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from lifesim.errors import CellError, LifesimError, ProtocolError
from lifesim.protocol import (
    STEP_BUDGET, Neighborhood, Query, Transition, bad_radius, bad_state, bad_transition, bad_yield,
    finished_without_transition, no_transition, not_a_generator, too_far,
)


_END = object()  # next(coroutine, _END) returns it when a cell finishes: no StopIteration to catch


def advance_cells(step, tile, origin, region, radius, states, budget=STEP_BUDGET):
    """Run ``step(y, x)`` for every cell of ``region`` and return their next states.

    tile: ``uint8`` array of shape (H', W'): the current generation over the region plus at
        least ``radius`` cells of halo all round (wrapped or EMPTY as the topology says).
    origin: absolute (y, x) of ``tile[0, 0]``.
    region: absolute ``(y0, y1, x0, x1)``, half-open, of the cells to advance.
    Returns a ``bytearray`` of (y1-y0)*(x1-x0) next states in row-major order.
    Raises ProtocolError or CellError naming the cell that misbehaved.
    """
    y0, y1, x0, x1 = region
    return advance_runs(step, tile, origin, [(y, x0, x1) for y in range(y0, y1)], radius, states, budget)


def advance_runs(step, tile, origin, runs, radius, states, budget=STEP_BUDGET):
    """Run ``step(y, x)`` for the cells of ``runs`` and return their next states: ``advance_cells``
    for cells that need not fill a box (a finite grid's cells near last generation's changes).

    runs: (y, x0, x1) absolute triples, each the cells x0..x1-1 of row y, rows ascending (a
        row may hold several runs); ``tile`` holds each with ``radius`` cells around.
    Returns a ``bytearray`` of their next states, run after run.
    """
    oy, ox = origin
    # Lists beat ndarray item access ~10x; indexing them by absolute x saves a subtraction.
    rows = [_by_absolute_x(row, ox) for row in tile.tolist()]
    out = bytearray(sum(x1 - x0 for _, x0, x1 in runs))
    steps = range(budget)
    i = 0
    blocks = None  # (cells, (2r+1)**2) array: the block of each cell of ``runs``, made on the first Neighborhood
    near_y = None
    for j, (y, x0, x1) in enumerate(runs):
        if y != near_y:  # the rows cell row y may read, by absolute y: a missing key is a Query too far away
            near = {qy: rows[qy - oy] for qy in range(y - radius, y + radius + 1)}
            near_y, row_first, row_start = y, j, i
            row_blocks = None  # the Neighborhood blocks of this row's cells, built on the first request
        for x in range(x0, x1):
            left, right = x - radius, x + radius
            done = False
            coroutine, item = _END, None  # _END: step(y, x) itself raised
            try:  # the cell's creation too: a rule may raise, or return something not a generator
                coroutine = step(y, x)
                send = coroutine.send
                item = send(None)
                for _ in steps:
                    # item.__class__ beats type(item); slot attributes beat unpacking.
                    kind = item.__class__
                    if kind is Query:
                        qx = item.x
                        if left <= qx <= right:
                            item = send(near[item.y][qx])  # KeyError: qy is too far (see below)
                            continue
                        raise ProtocolError(y, x, too_far(item, y, x, radius))
                    if kind is Neighborhood:
                        # `is`, not ==: a radius of 1.0 must not pass; a non-identical whole
                        # number (numpy int, bool) is rare and handled by _off_centre_block.
                        if item.y == y and item.x == x and item.radius is radius:
                            if row_blocks is None:
                                if blocks is None:  # one numpy gather per tile, not per row or run
                                    blocks = _blocks(tile, origin, runs, radius)
                                row_blocks = _row_blocks(blocks, runs, row_first, row_start)
                            item = send(row_blocks[i - row_start])
                        else:
                            item = send(_off_centre_block(tile, origin, item, y, x, radius))
                        continue
                    if kind is Transition:
                        state = item.state
                        if done or item.y != y or item.x != x or not 0 <= state < states:
                            raise ProtocolError(y, x, bad_transition(item, y, x, states, done))
                        out[i] = state
                        done = True
                        item = next(coroutine, _END)
                        if item is _END:
                            break
                        continue
                    raise ProtocolError(y, x, bad_yield(item))
                else:
                    raise ProtocolError(y, x, no_transition(budget))
            except StopIteration:
                if not done:
                    raise ProtocolError(y, x, finished_without_transition(y, x)) from None
            except LifesimError:
                raise
            except KeyError as exc:
                # Either near[qy] failed (the Query reaches too far) or the cell raised KeyError.
                if type(item) is Query and item.y not in near:
                    raise ProtocolError(y, x, too_far(item, y, x, radius)) from None
                raise CellError(y, x, exc) from exc
            except Exception as exc:
                if coroutine is not _END and item is None and not_a_generator(coroutine, y, x):
                    raise ProtocolError(y, x, not_a_generator(coroutine, y, x)) from None
                if item.__class__ is Transition and not done and bad_state(item, states):
                    # The range check or the store of a state such as 1.0 or "1" failed above.
                    raise ProtocolError(y, x, bad_state(item, states)) from None
                raise CellError(y, x, exc) from exc
            i += 1
    return out


def _by_absolute_x(row, ox):
    """``row`` (tile columns from absolute ``ox``) as ``lst`` with ``lst[a]`` = column ``a``."""
    return _indexed_from(row, ox, 0)


def _blocks(tile, origin, runs, r):
    """The radius-r blocks of the cells of ``runs`` (see ``advance_runs``), in their order: a
    (cells, (2r+1)**2) ``uint8`` array of row-major blocks, from ``tile`` whose [0, 0] is at
    ``origin``."""
    oy, ox = origin
    k = 2 * r + 1
    windows = sliding_window_view(tile, (k, k))  # windows[i, j]: the block of tile cell (i + r, j + r)
    (y0, x0, x1), y1 = runs[0], runs[-1][0] + 1
    if len(runs) == y1 - y0 and all(run[1] == x0 and run[2] == x1 for run in runs):  # a box: one slice
        return windows[y0 - r - oy:y1 - r - oy, x0 - r - ox:x1 - r - ox].reshape(-1, k * k)
    ys, starts, ends = (np.array(column, np.int64) for column in zip(*runs))
    lengths = ends - starts
    firsts = np.cumsum(lengths) - lengths  # each run's first place in the order
    xs = np.arange(int(lengths.sum())) + np.repeat(starts - firsts, lengths)
    return windows[np.repeat(ys, lengths) - r - oy, xs - r - ox].reshape(-1, k * k)


def _row_blocks(blocks, runs, first, start):
    """The blocks (``_blocks``) of the cells of ``runs[first]`` and the runs after it in its row,
    whose first cell is ``start`` in the order, as lists: one ``tolist`` a row, as lists for a
    whole tile at once would keep tens of thousands alive for the cyclic garbage collector to
    walk (a fresh 256x256 step was 15-20% slower so)."""
    y, end, j = runs[first][0], start, first
    while j < len(runs) and runs[j][0] == y:
        end += runs[j][2] - runs[j][1]
        j += 1
    return blocks[start:end].tolist()


def _indexed_from(values, start, filler):
    """``values`` addressable by absolute position: ``out[start + i] == values[i]``.

    A list when that is cheap: ``start`` non-negative and at most twice the values (``filler``
    in front: a finite grid's band or block), or a little negative (the part left of 0 moved to
    the end, where negative indices find it); otherwise (a plane tile anywhere) a dict, so the
    cost never grows with the distance from column 0.
    """
    if 0 <= start <= 2 * len(values):
        return [filler] * start + values
    if -len(values) <= start < 0:
        return values[-start:] + values[:-start]
    return dict(zip(range(start, start + len(values)), values))


def _off_centre_block(tile, origin, item, y, x, radius):
    """The block of a Neighborhood that is not the cell's own at the rule's radius (rare)."""
    why = bad_radius(item)
    if why:
        raise ProtocolError(y, x, why)
    why = too_far(item, y, x, radius)
    if why:
        raise ProtocolError(y, x, why)
    qy, qx, r = item.y, item.x, operator.index(item.radius)
    oy, ox = origin
    return tile[qy - r - oy:qy + r + 1 - oy, qx - r - ox:qx + r + 1 - ox].ravel().tolist()


def advance_tile(rule, tile, origin, runs=None):
    """The next generation of the cells in the middle of ``tile``: ``advance_cells`` on a tile.

    tile: (h + 2r, w + 2r) ``uint8``, the current generation with a halo r = rule.radius deep;
    origin: absolute (y, x) of ``tile[0, 0]``. Returns the (h, w) ``uint8`` next states of
    the cells (oy + r .. oy + r + h - 1, ox + r .. ox + r + w - 1), over the loop's bytearray.
    With ``runs`` (see ``advance_runs``; cells of that middle), only those cells: a 1-D
    ``uint8`` array of their next states, run after run.
    """
    r = rule.radius
    if runs is not None:
        return np.frombuffer(advance_runs(rule.cell, tile, origin, runs, r, rule.states), np.uint8)
    oy, ox = origin
    h, w = tile.shape[0] - 2 * r, tile.shape[1] - 2 * r
    out = advance_cells(rule.cell, tile, origin, (oy + r, oy + r + h, ox + r, ox + r + w), r, rule.states)
    return np.frombuffer(out, np.uint8).reshape(h, w)
