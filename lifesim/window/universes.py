"""What the window does to a universe, a finite Grid or the unbounded plane, in one place.

Every other part of the window goes through these helpers and never asks which kind it holds:
the cells a view shows, one cell's state, edits, clearing, soups, the box to fit, the status
line's words and saving. No pygame here.

The plane comes in two kinds: a ``Plane`` (tiles; the serial, compiled, ... drivers) and a
``QuadPlane`` (one hash-consed quadtree; the hashlife driver), which may hold more cells than
could ever be listed. Both answer the plane's questions (bounding_box, window, with_points,
population), so most helpers treat them alike; the tree is drawn zoomed out from its nodes
(``pictured``), and cleared, copied, filled, costed and saved through its own methods, so
nothing here lists the cells of a tree (a pattern may have 10^11 of them).
"""

import numpy as np

from lifesim.grid import Grid
from lifesim.io.formats import write_pattern, write_plane
from lifesim.io.patterns import grid_for_pattern, place_pattern
from lifesim.quadplane import CENTRE, POINTS_LIMIT, QuadPlane
from lifesim.quadtree import BYTES_PER_NODE
from lifesim.universe import LIMIT, MASK, SHIFT, TILE, Plane
from lifesim.universe import is_plane as universe_is_plane
from lifesim.window.view import DEEP_MIN_ZOOM, Binned

FIT_MARGIN = 8  # cells at least round the live cells when fitting the plane (a fraction below)
FIT_FRACTION = 0.1  # and a tenth of the box's size, so a big pattern does not touch the edges
SOUP_SIDE = 1024  # r on the plane: at most this many cells a side, round the view's centre


def is_plane(universe):
    """Whether ``universe`` is the unbounded plane (a Plane or a QuadPlane, or a tube or strip on
    it), not a finite grid."""
    return universe_is_plane(universe)


def is_tree(universe):
    """Whether ``universe`` is held as one quadtree (a QuadPlane): drawn and edited by its nodes."""
    return isinstance(universe, QuadPlane)


def least_zoom(universe):
    """The least zoom the view allows on ``universe`` (None: the view's default): a tree is
    drawn by its nodes at a cost that does not grow with its span, so it zooms out further."""
    return DEEP_MIN_ZOOM if is_tree(universe) else None


def bounds(universe):
    """(H, W) of a grid; None for the plane, which has no edge."""
    return None if is_plane(universe) else universe.shape


def fit_box(universe):
    """(y0, y1, x0, x1) half-open: what ``f`` fits into the window. A grid: all of it. The
    plane: its live cells' bounding box with a margin (an empty plane: the cells round the
    origin)."""
    if not is_plane(universe):
        h, w = universe.shape
        return 0, h, 0, w
    y0, y1, x0, x1 = universe.bounding_box() or (0, 1, 0, 1)
    my = max(FIT_MARGIN, int((y1 - y0) * FIT_FRACTION))
    mx = max(FIT_MARGIN, int((x1 - x0) * FIT_FRACTION))
    return y0 - my, y1 + my, x0 - mx, x1 + mx


def cells_seen(universe, seen):
    """The block of cells ``seen`` (a ``view.Visible`` or ``view.Binned``) colours, uint8.

    A grid: the sampled rows and columns of its cells. The plane zoomed in (``Visible``):
    ``plane.window`` of the seen rectangle, at most one cell a pixel. The plane zoomed out
    (``Binned``): see ``binned``, and for a tree ``pictured``. Never a dense array of the
    pattern's bounding box.
    """
    if isinstance(seen, Binned):
        return pictured(universe, seen) if is_tree(universe) else binned(universe, seen)
    if not is_plane(universe):
        return seen.take(universe.cells)
    y0, y1, x0, x1 = seen.box()
    return seen.take(universe.window(y0, y1, x0, x1), (y0, x0))


def binned(plane, seen):
    """The (height, width) uint8 pixels of ``seen`` (a ``view.Binned``): each the highest state
    of the plane's cells whose centres lie in it.

    Costs one numpy pass over the plane's tile keys to find the tiles in view, then per tile in
    view: a tile whose cells all fall in one pixel (most of them once a tile is under a pixel
    wide) gives its maximum, TILE * TILE bytes read; any other gives its live cells, one
    ``np.maximum.at`` entry each. It follows the tiles in view, not the rectangle's area nor
    the pattern's box.
    """
    corners, block = _tiles_in(plane, *seen.box())
    whole = seen.one_pixel(corners[:, 0], corners[:, 1], TILE)
    out = seen.scatter(corners[whole, 0], corners[whole, 1], block[whole].max(axis=(1, 2)))
    corners, block = corners[~whole], block[~whole]
    at = np.flatnonzero(block)  # flat indices into (m, TILE, TILE): faster than a 3-D nonzero
    n = at >> (2 * SHIFT)
    ys, xs = corners[n, 0] + ((at >> SHIFT) & MASK), corners[n, 1] + (at & MASK)
    return seen.scatter(ys, xs, block.reshape(-1)[at], into=out)


def pictured(tree, seen):
    """The (height, width) uint8 pixels of ``seen`` (a ``view.Binned``) for a QuadPlane, drawn
    from the tree at the level L where a node is no wider than a pixel (``Binned.block_level``):
    ``tree.picture`` gives each aligned 2^L block in view (its state at L = 0, else 1 when it
    holds a live cell), and each block lands in the pixel of its centre. The work follows the
    live nodes in view, at most a few per pixel, never the cells (see ``QuadPlane.picture``).
    """
    level = seen.block_level(most=tree.level)
    y, x = tree.origin
    side = 1 << tree.level
    y0, x0, rows, columns = seen.blocks(level, CENTRE, within=(y, y + side, x, x + side))
    return seen.scatter_blocks(y0, x0, level, tree.picture(y0, x0, rows, columns, level))


def _tiles_in(plane, y0, y1, x0, x1):
    """(corners (m, 2) int64, tiles (m, TILE, TILE) uint8): the plane's stored tiles that meet
    rows y0..y1-1 and columns x0..x1-1, each with the absolute (y, x) of its cell [0, 0]."""
    corners = plane.keys * TILE
    hit = ((corners[:, 0] < y1) & (corners[:, 0] + TILE > y0)
           & (corners[:, 1] < x1) & (corners[:, 1] + TILE > x0))
    if not hit.any():
        return np.zeros((0, 2), np.int64), np.zeros((0, TILE, TILE), np.uint8)
    tiles = plane.tiles
    return corners[hit], np.stack([tiles[key] for key in map(tuple, plane.keys[hit].tolist())])


def nbytes(universe):
    """What keeping ``universe`` alive costs, in bytes: a grid's cells (H * W), the plane's
    stored tiles (TILE * TILE each; its index is a few bytes a tile more), or a tree's nodes
    (BYTES_PER_NODE each; counted per tree, though trees on one store share most of them, so an
    over-estimate). The undo history's memory bound counts this."""
    if is_tree(universe):
        return universe.node_count() * BYTES_PER_NODE
    if is_plane(universe):
        return (universe.tile_count + 1) * TILE * TILE
    return universe.cells.nbytes


def state_at(universe, y, x):
    """The state (an int) of cell (y, x)."""
    if is_plane(universe):
        return int(universe.window(y, y + 1, x, x + 1)[0, 0])
    return int(universe.cells[y, x])


def contains(universe, y, x):
    """Whether cell (y, x) is in the universe: inside a grid's edge; on the plane within the
    +-LIMIT its cells are kept to (a tree zoomed out to 2^-240 shows cells far beyond)."""
    if is_plane(universe):
        return -LIMIT < y < LIMIT and -LIMIT < x < LIMIT
    h, w = universe.shape
    return 0 <= y < h and 0 <= x < w


def neighbourhood(universe, y, x, radius):
    """The (2r+1, 2r+1) uint8 states round cell (y, x), r = ``radius``, as a driver answers the
    cell's queries: a grid's topology decides what lies past its edge (a torus wraps, a bounded
    grid is EMPTY there); the plane has no edge."""
    if is_plane(universe):
        return universe.window(y - radius, y + radius + 1, x - radius, x + radius + 1)
    return universe.tile(y, y + 1, x, x + 1, radius)


def with_cells(universe, ys, xs, state):
    """A copy of ``universe`` with cells ``ys``, ``xs`` ((n,) int64, absolute) set to ``state``."""
    if is_plane(universe):
        return universe.with_points(ys, xs, state)
    cells = universe.cells.copy()
    cells[ys, xs] = state
    return universe.with_cells(cells)


def points_in(universe, box):
    """(ys, xs, states): the live cells of ``box`` (a ``selection.Box``), absolute; int64, int64,
    uint8. On the plane from its live cells (``plane.points``), never a dense box; a tree's are
    those of the tree cut to the box (refused, in one line, when too many to list)."""
    if is_tree(universe):
        return universe.cleared(box.y0, box.y1, box.x0, box.x1, inside=False).points(advice="select less")
    if is_plane(universe):
        ys, xs, states = universe.points()
        inside = box.contains(ys, xs)
        return ys[inside], xs[inside], states[inside]
    inside = box.clipped(universe.shape)
    if inside is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8)
    block = universe.cells[inside.y0:inside.y1, inside.x0:inside.x1]
    ys, xs = np.nonzero(block)
    return ys.astype(np.int64) + inside.y0, xs.astype(np.int64) + inside.x0, block[ys, xs]


def with_points(universe, ys, xs, states):
    """A copy with cells (ys[i], xs[i]) set to states[i] (a paste: the clip's live cells over
    what is there). On a grid the points past its edge are left out."""
    if is_plane(universe):
        return universe.with_points(ys, xs, states)
    h, w = universe.shape
    on = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    cells = universe.cells.copy()
    cells[ys[on], xs[on]] = np.broadcast_to(states, ys.shape)[on]
    return universe.with_cells(cells)


def cleared_box(universe, box, inside=True):
    """A copy with every cell inside ``box`` EMPTY (inside=False: every cell outside it)."""
    if is_tree(universe):
        return universe.cleared(box.y0, box.y1, box.x0, box.x1, inside)
    if is_plane(universe):
        ys, xs, states = points_in(universe, box)
        if inside:
            return universe.with_points(ys, xs, 0)
        return Plane.from_points(ys, xs, states)
    kept = box.clipped(universe.shape)
    cells = universe.cells.copy() if inside else np.zeros_like(universe.cells)
    if kept is not None:
        part = (slice(kept.y0, kept.y1), slice(kept.x0, kept.x1))
        cells[part] = 0 if inside else universe.cells[part]
    return universe.with_cells(cells)


def filled(universe, box, density, seed):
    """A copy with the cells of ``box`` random (alive with probability ``density``, from
    ``seed``); on the plane cut round the box's centre to at most SOUP_SIDE cells a side."""
    if not is_plane(universe):
        box = box.clipped(universe.shape)
        if box is None:
            return universe
    else:
        (y0, y1), (x0, x1) = _cut(box.y0, box.y1), _cut(box.x0, box.x1)
        box = type(box)(y0, y1, x0, x1)
    soup = Grid.random(box.height, box.width, density, seed).cells
    ys, xs = np.nonzero(soup)  # over the box cleared: its live cells are all there is to set
    return with_points(cleared_box(universe, box), ys + box.y0, xs + box.x0, soup[ys, xs])


def cleared(universe):
    """The same kind of universe with no live cell (a tree: on its store, which keeps what
    hashlife learnt)."""
    if is_tree(universe):
        return QuadPlane.empty(universe.store)
    return Plane.empty() if is_plane(universe) else Grid.empty(*universe.shape, universe.topology)


def soup(universe, box, density, seed):
    """A random soup (each cell alive with probability ``density``, from ``seed``): a whole
    grid; on the plane a new Plane holding it over ``box`` (y0, y1, x0, x1), cut round the box's
    centre to at most SOUP_SIDE cells a side (zoomed far out the box could be 10**10 cells)."""
    if not is_plane(universe):
        return Grid.random(*universe.shape, density, seed, universe.topology)
    y0, y1, x0, x1 = box
    (y0, y1), (x0, x1) = _cut(y0, y1), _cut(x0, x1)
    cells = Grid.random(y1 - y0, x1 - x0, density, seed).cells
    if is_tree(universe):
        ys, xs = np.nonzero(cells)
        return QuadPlane.from_points(ys + y0, xs + x0, cells[ys, xs], universe.store)
    return Plane.from_cells(cells, origin=(y0, x0))


def _cut(lo, hi):
    if hi - lo <= SOUP_SIDE:
        return lo, hi
    mid = (lo + hi) // 2
    return mid - SOUP_SIDE // 2, mid + SOUP_SIDE // 2


def save_suffix(universe):
    """The suffix ``s`` saves ``universe`` with: ``.mc`` for a tree too large to list (more than
    POINTS_LIMIT live cells, or beyond the +-LIMIT that listed cells keep to), else ``.rle``."""
    if is_tree(universe) and universe.population:
        y0, y1, x0, x1 = universe.bounding_box()
        if universe.population > POINTS_LIMIT or max(-y0, y1, -x0, x1) > LIMIT:
            return ".mc"
    return ".rle"


def write(path, universe, rule, name, generation=0):
    """Write ``universe`` to ``path`` atomically (format by suffix), ``rule`` a rule spec.

    A grid: the whole grid, its rule with the grid suffix (see ``write_pattern``). The plane:
    its live cells at their absolute positions (RLE with ``#CXRLE Pos``), or a tree as written
    by ``write_plane`` (``.mc`` straight from its nodes, with ``#G generation``). RLE notes a
    generation after 0 as Golly does (``#CXRLE Gen=N``).
    """
    if is_plane(universe):
        write_plane(path, universe, rule, name, generation)
    else:
        write_pattern(path, universe, rule, name, generation)


def placed(pattern, current, trees=False):
    """The universe a pattern loaded in the window (``o``) starts in, given the ``current`` one.

    On a grid, as before: the grid the pattern's grid suffix asks for, else the current grid's
    size when the pattern fits it, and the current topology. On the plane: a grid when the file
    names one (a grid suffix), else the plane (``place_pattern``); a macrocell file's tree is
    listed into a Plane unless the driver steps trees (``trees``), refused when too large.
    """
    if is_plane(current):
        universe = place_pattern(pattern)
        if is_tree(universe) and not trees:
            return universe.to_plane()
        return universe
    ph, pw = pattern.height, pattern.width
    here = current.shape if ph <= current.height and pw <= current.width else None
    return grid_for_pattern(pattern, pattern.size or here, pattern.topology or current.topology)


