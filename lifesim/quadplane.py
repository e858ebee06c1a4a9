"""QuadPlane: the unbounded plane held as one hash-consed quadtree (see ``lifesim.quadtree``).

The universe of the hashlife driver and of macrocell files. Where a Plane stores each tile that
holds a live cell, a QuadPlane stores one root node whose shared subtrees may stand for far more
cells than memory could list: a population of 10^30 is an exact int, and the bounding box, a
window of cells, and a macrocell file come straight from the tree. Listing the cells one by one
(``points``, ``to_plane``) is refused above POINTS_LIMIT.

Where the tree sits is fixed, as in Golly: the root, of any level k, is centred on the cell
CENTRE, its top-left cell at (CENTRE[0] - 2^(k-1), CENTRE[1] - 2^(k-1)). So a subtree of level j
always starts at multiples of 2^j from there: equal blocks at aligned places are the same node
whatever the root's level, stepping (which keeps the centre) never realigns, and a macrocell
file, whose root's south-east quadrant starts at x = 0, y = 1 (Golly's Help/formats.html), is
read and written as it is. Coordinates are (y, x) with y growing downward, any Python ints.
"""

import operator

import numpy as np

from lifesim.errors import LifesimError
from lifesim.quadtree import EMPTY, Node, NodeStore, live
from lifesim.universe import LIMIT, PLANE, Plane, checked_points

CENTRE = (1, 0)  # (y, x) of the top-left cell of the root's south-east quadrant (Golly's)
MIN_LEVEL = 3  # the root is at least 8 x 8 cells (the two-state macrocell leaf)
POINTS_LIMIT = 1 << 22  # live cells that may be listed one by one (4,194,304)


class QuadPlane:
    """An immutable plane of cell states: ``root`` (a Node of ``store``) centred on CENTRE.

    A universe with the Plane's views (population, max_state, bounding_box, window, points)
    and topology ``"plane"``. It keeps its root through the store's collections while it lives.
    """

    __slots__ = ("store", "root", "_memo", "__weakref__")
    topology = PLANE

    def __init__(self, store, root):
        """``root``: a Node of ``store`` of level >= MIN_LEVEL (``from_points``, ``from_plane``,
        ``empty`` make one from cells)."""
        if root.level < MIN_LEVEL:
            raise ValueError(f"a QuadPlane's root has level >= {MIN_LEVEL}, not {root.level}")
        self.store, self.root, self._memo = store, root, {}
        store.hold(self)

    # Construction ------------------------------------------------------------------------------

    @classmethod
    def empty(cls, store=None):
        """The plane with no live cell."""
        store = store if store is not None else NodeStore()
        return cls(store, store.empty(MIN_LEVEL))

    @classmethod
    def from_points(cls, ys, xs, states=1, store=None):
        """The plane with cell (ys[i], xs[i]) in state states[i] (0..255; one value for all) and
        every other cell EMPTY; a cell given twice keeps its last state. ys, xs: int64 (or what
        numpy makes int64 of), within +-2^62. ``store``: the NodeStore to build in (default new)."""
        store = store if store is not None else NodeStore()
        ys, xs, states = _unique_points(ys, xs, states)
        level = _reaching(ys, xs) if len(ys) else MIN_LEVEL
        return cls(store, _build(store, level, ys, xs, states))

    @classmethod
    def from_plane(cls, plane, store=None):
        """The QuadPlane of a Plane's cells (``store``: the NodeStore to build in, default new)."""
        return cls.from_points(*plane.points(), store=store)

    def with_root(self, root):
        """A QuadPlane on the same store with another root."""
        return QuadPlane(self.store, root)

    # Views -----------------------------------------------------------------------------------

    @property
    def level(self):
        """The root's level: the tree spans 2^level cells a side."""
        return self.root.level

    @property
    def origin(self):
        """(y, x) of the root's top-left cell."""
        half = 1 << (self.root.level - 1)
        return CENTRE[0] - half, CENTRE[1] - half

    @property
    def population(self):
        """The number of cells in a non-EMPTY state (an exact int)."""
        return self.root.population

    @property
    def max_state(self):
        """The highest state of any cell (0 when the plane is empty)."""
        return self._remember("max_state", self._max_state)

    def _max_state(self):
        if not self.root.population:
            return 0
        if self.store.max_state <= 1:  # no leaf of the store holds more
            return 1
        top, seen, stack = 0, set(), [self.root]
        while stack:
            node = stack.pop()
            if id(node) in seen or not node.population:
                continue
            seen.add(id(node))
            if node.level == 1:
                top = max(top, node.nw, node.ne, node.sw, node.se)
            else:
                stack += node.quadrants
        return top

    def bounding_box(self):
        """(y0, y1, x0, x1), half-open and absolute, of the live cells; None when there are none."""
        return self._remember("box", self._bounding_box)

    def _bounding_box(self):
        if not self.root.population:
            return None
        y, x = self.origin
        top, bottom, left, right = (_edge(self.root, side, {}) for side in _SIDES)
        return y + top, y + bottom, x + left, x + right

    def window(self, y0, y1, x0, x1):
        """The cells of rows y0..y1-1 and columns x0..x1-1: a fresh (y1-y0, x1-x0) ``uint8`` array."""
        if y1 < y0 or x1 < x0:
            raise LifesimError(f"window rows {y0}..{y1}, columns {x0}..{x1} is not a rectangle")
        out = np.zeros((y1 - y0, x1 - x0), np.uint8)
        if out.size and self.root.population:
            nodes, ys, xs = _gather(self.root, *self.origin, (y0, y1, x0, x1))
            # Relative to (y0, x0) before numpy: the blocks met lie within 8 cells of the window,
            # which may itself lie beyond int64 (a glider 2^70 generations out).
            ys, xs, states = _block_points(nodes, [y - y0 for y in ys], [x - x0 for x in xs])
            inside = (ys >= 0) & (ys < y1 - y0) & (xs >= 0) & (xs < x1 - x0)
            out[ys[inside], xs[inside]] = states[inside]
        return out

    def points(self, limit=POINTS_LIMIT, advice="write it as .mc"):
        """(ys, xs, states) of every non-EMPTY cell, sorted row-major: int64, int64, uint8 arrays.

        Refused (a LifesimError ending in ``advice``) when there are more than ``limit``.
        """
        count = self.root.population
        if count > limit:
            raise LifesimError(f"the pattern has {count:,} live cells, more than the {limit:,} that can be "
                               f"listed one by one; {advice}")
        box = self.bounding_box()
        if box is not None and max(-box[0], box[1], -box[2], box[3]) > LIMIT:
            raise LifesimError(f"the pattern reaches beyond +-{LIMIT:,} cells from the origin; {advice}")
        ys, xs, states = _block_points(*_gather(self.root, *self.origin))
        order = np.lexsort((xs, ys))
        return ys[order], xs[order], states[order]

    def node_count(self):
        """The distinct nodes the tree is made of (an int): what keeping it alive costs, at
        ``quadtree.BYTES_PER_NODE`` each (the window's undo history counts this)."""
        return self._remember("nodes", lambda: _count_nodes(self.root))

    # Edits: new trees on the same store, never a listing of the cells ---------------------------

    def with_points(self, ys, xs, states=1):
        """A copy with cell (ys[i], xs[i]) set to states[i] (0..255, EMPTY too: an erase; one
        value for all) and every other cell as here, on the same store; the root grows, keeping
        its centre, as far as the cells reach. ys, xs as in ``from_points``.

        Two trees are built from the points (which cells change; their new states) and laid
        over this one (``_overlay``): the work follows the points and the nodes they fall in,
        never this plane's population.
        """
        ys, xs, states = _unique_points(ys, xs, states, keep_empty=True)
        if not len(ys):
            return self
        store, root = self.store, self.root
        level = max(root.level, _reaching(ys, xs))
        while root.level < level:
            root = store.expand(root)
        changed = _build(store, level, ys, xs, np.ones(len(ys), np.uint8))
        live_ = states != EMPTY
        new = _build(store, level, ys[live_], xs[live_], states[live_])
        return self.with_root(_overlay(store, root, changed, new, {}))

    def cleared(self, y0, y1, x0, x1, inside=True):
        """A copy with every cell of rows y0..y1-1, columns x0..x1-1 EMPTY (inside=False: every
        cell outside them), on the same store. Walks only the live nodes the rectangle's edges
        cut, whatever its size or the population (a copy of a selection, a cut, a clear)."""
        return self.with_root(_cleared(self.store, self.root, *self.origin, (y0, y1, x0, x1), inside))

    def to_plane(self, advice="run it with --driver hashlife"):
        """The Plane of the same cells; refused (naming ``advice``) above POINTS_LIMIT cells."""
        return Plane.from_points(*self.points(advice=advice))

    def picture(self, y0, x0, rows, columns, level):
        """A (rows, columns) ``uint8`` picture of the plane from (y0, x0) (multiples of 2^level),
        each entry a 2^level x 2^level block of cells: its state at level 0, else 1 when it
        holds a live cell. Drawn from the tree, however many cells there are: the live nodes in
        the picture are walked down to RASTER levels above ``level``, each distinct node below
        that drawn once (metapixel-galaxy.mc, 7.4 million cells in 7,071 nodes, a picture of
        1-2 million entries: measured 0.48 s CPU walking every live block, 0.01-0.04 s so)."""
        out = np.zeros((rows, columns), np.uint8)
        if rows and columns and self.root.population:
            _paint(out, self.root, *self.origin, y0, x0, level, {})
        return out

    def same_cells(self, other):
        """Whether ``other`` (a QuadPlane, on any store) holds exactly the same cells."""
        a, b = self.root, other.root
        while a.level < b.level:
            a = self.store.expand(a)
        while b.level < a.level:
            b = other.store.expand(b)
        return _same(a, b, set())

    def __eq__(self, other):
        if isinstance(other, QuadPlane):
            return self.same_cells(other)
        if isinstance(other, Plane):
            return self.population == other.population and self.to_plane() == other
        return NotImplemented

    __hash__ = None

    def digest_normalised(self):
        """A short hash of the live cells relative to their bounding box (see Plane's): listed,
        so refused for a pattern too large to list."""
        return self.to_plane().digest_normalised()

    def digest(self):
        """A short hash of every live cell and where it is (see Plane's)."""
        return self.to_plane().digest()

    def translated(self, dy, dx):
        """The same cells moved by (dy, dx) (listed: refused for a pattern too large to list)."""
        ys, xs, states = self.points()
        return QuadPlane.from_points(ys + int(dy), xs + int(dx), states, self.store)

    def __repr__(self):
        return f"QuadPlane(population={self.population}, box={self.bounding_box()}, level={self.level})"

    def __str__(self):
        box = self.bounding_box()
        return "" if box is None else str(Plane.from_cells(self.window(*box), box[::2]))

    def __reduce__(self):
        # A tree pickles as its cells (a pattern small enough to list); big ones go as .mc files.
        ys, xs, states = self.points()
        return (_from_points, (ys, xs, states))

    def _remember(self, name, compute):
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]


def _from_points(ys, xs, states):
    return QuadPlane.from_points(ys, xs, states)


def _unique_points(ys, xs, states, keep_empty=False):
    """(ys int64, xs int64, states uint8) checked, each cell once (its last state), without
    EMPTY cells unless ``keep_empty`` (an edit that erases)."""
    ys, xs, states = checked_points(ys, xs, states)
    order = np.lexsort((xs, ys))  # stable: the last of a repeated cell comes last
    ys, xs, states = ys[order], xs[order], states[order].astype(np.uint8)
    last = np.ones(len(ys), bool)
    last[:-1] = (ys[1:] != ys[:-1]) | (xs[1:] != xs[:-1])
    keep = last if keep_empty else last & (states != EMPTY)
    return ys[keep], xs[keep], states[keep]


def _reaching(ys, xs):
    """The least root level (>= MIN_LEVEL) that holds the cells ``ys``, ``xs`` (int64, not empty)."""
    reach = max(CENTRE[0] - int(ys.min()), int(ys.max()) + 1 - CENTRE[0],
                CENTRE[1] - int(xs.min()), int(xs.max()) + 1 - CENTRE[1])
    return max(MIN_LEVEL, 1 + (reach - 1).bit_length())


def _build(store, level, ys, xs, states):
    """The root of ``level`` holding the points (int64 ys, xs absolute, uint8 states), built bottom
    up, a level at a time: each level's blocks that hold a point, grouped by parent, as rows of
    four child ids; each distinct row becomes one node (so Python works per distinct node, not
    per block: a two-state pattern has at most 16 distinct leaves however many cells)."""
    if not len(ys):
        return store.empty(level)
    half = 1 << (level - 1)
    by = (ys - (CENTRE[0] - half)).astype(np.uint64)  # 0 <= local < 2^level <= 2^63
    bx = (xs - (CENTRE[1] - half)).astype(np.uint64)
    ids, parts = states.astype(np.int64), list(range(256))  # level 0: a cell's id is its state
    for k in range(1, level + 1):
        order, group, quad, by, bx = _siblings(by, bx)
        four = np.zeros((int(group[-1]) + 1, 4), np.int64)  # id 0: EMPTY, or the empty node
        four[group, quad] = ids[order]
        rows, inverse = _unique_rows(four)
        make = store.leaf if k == 1 else store.join
        parts = [store.empty(k)] + [make(parts[a], parts[b], parts[c], parts[d]) for a, b, c, d in rows.tolist()]
        ids = inverse + 1
    return parts[int(ids[0])]


_ONE = np.uint64(1)


def _unique_rows(four):
    """(distinct rows of a (N, 4) int64 array, each row's index among them): np.unique(axis=0),
    by a lexsort of the columns (np.unique sorts rows as opaque bytes, measured 8x slower)."""
    order = np.lexsort(four.T[::-1])
    ordered = four[order]
    new = np.ones(len(four), bool)
    new[1:] = (ordered[1:] != ordered[:-1]).any(axis=1)
    inverse = np.empty(len(four), np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


def _siblings(by, bx):
    """How blocks at (by, bx) (uint64 arrays) group into their parents at (by >> 1, bx >> 1).

    Returns (order: the blocks sorted by parent, group: each sorted block's parent number,
    quad: its quadrant 0..3 in (nw, ne, sw, se) order, py, px: each parent's position).
    """
    py, px = by >> _ONE, bx >> _ONE
    order = np.lexsort((px, py))
    py, px = py[order], px[order]
    new = np.ones(len(py), bool)
    new[1:] = (py[1:] != py[:-1]) | (px[1:] != px[:-1])
    quad = ((by[order] & _ONE) << _ONE | (bx[order] & _ONE)).astype(np.intp)
    return order, np.cumsum(new) - 1, quad, py[new], px[new]


# (quadrants nearest the side, their offset, the other quadrants, their offset, pick): which
# quadrants hold the side's extreme cell first, and whether it is the least or the greatest.
# Quadrant indices are into (nw, ne, sw, se); offsets are in halves of the node.
_SIDES = (
    ((0, 1), 0, (2, 3), 1, min),  # top: the least row
    ((2, 3), 1, (0, 1), 0, max),  # bottom: one past the greatest row
    ((0, 2), 0, (1, 3), 1, min),  # left: the least column
    ((1, 3), 1, (0, 2), 0, max),  # right: one past the greatest column
)


def _edge(node, side, memo):
    """A live node's extreme row or column on ``side`` (an entry of _SIDES), relative to its own
    top-left cell: the least for top/left, one past the greatest for bottom/right."""
    key = id(node)
    if key in memo:
        return memo[key]
    near, near_offset, far, far_offset, pick = side
    quads = node.quadrants
    half = 1 << (node.level - 1)
    for indices, offset in ((near, near_offset), (far, far_offset)):
        parts = [quads[i] for i in indices if live(quads[i])]
        if parts:
            if node.level == 1:  # the quadrants are cells
                value = offset + (pick is max)
            else:
                value = offset * half + pick(_edge(part, side, memo) for part in parts)
            memo[key] = value
            return value
    raise ValueError("an empty node has no edge")


def _quadrant_corners(node, y, x):
    """((quadrant, y, x), ...) of a node whose top-left cell is (y, x)."""
    half = 1 << (node.level - 1)
    return ((node.nw, y, x), (node.ne, y, x + half), (node.sw, y + half, x), (node.se, y + half, x + half))


BLOCK = 3  # points and windows are read a level-3 node (8 x 8 cells) at a time
# The 16 leaves of a level-3 node in row-major order of their 4 x 4 arrangement.
_LEAVES = operator.attrgetter(*(f"{q[r // 2][c // 2]}.{q[r % 2][c % 2]}"
                                for q in [(("nw", "ne"), ("sw", "se"))] for r in range(4) for c in range(4)))
_STATES = operator.attrgetter("nw", "ne", "sw", "se")


def _gather(root, y, x, box=None):
    """The live level-BLOCK nodes of a tree whose top-left cell is (y, x), as (nodes, ys, xs):
    a list and two lists of their top-left cells; only those meeting ``box`` (y0, y1, x0, x1) if given."""
    nodes, ys, xs = [], [], []
    stack = [(root, y, x)]
    while stack:
        node, y, x = stack.pop()
        if not node.population:
            continue
        if box is not None:
            size = 1 << node.level
            if y >= box[1] or x >= box[3] or y + size <= box[0] or x + size <= box[2]:
                continue
        if node.level == BLOCK:
            nodes.append(node)
            ys.append(y)
            xs.append(x)
        else:
            stack += _quadrant_corners(node, y, x)
    return nodes, ys, xs


def _block_points(nodes, ys, xs):
    """(ys, xs, states) of the live cells of level-BLOCK ``nodes`` at top-left cells ``ys``, ``xs``
    (int64, int64, uint8 arrays, in block order): each distinct block is drawn once."""
    index, distinct = [], {}
    for node in nodes:
        index.append(distinct.setdefault(id(node), (len(distinct), node))[0])
    leaf_ids, leaves = {}, []
    rows = []
    for _, node in distinct.values():
        row = []
        for leaf in _LEAVES(node):
            i = leaf_ids.get(id(leaf))
            if i is None:
                i = leaf_ids[id(leaf)] = len(leaves)
                leaves.append(_STATES(leaf))
            row.append(i)
        rows.append(row)
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.uint8)
    # (D, 4, 4, 2, 2): leaf row, leaf column, row in leaf, column in leaf -> (D, 8, 8)
    cells = np.array(leaves, np.uint8).reshape(-1, 2, 2)[np.array(rows)].reshape(-1, 4, 4, 2, 2)
    cells = cells.transpose(0, 1, 3, 2, 4).reshape(-1, 8, 8)
    d, ly, lx = np.nonzero(cells)
    counts = np.bincount(d, minlength=len(cells))
    first = np.concatenate(([0], np.cumsum(counts)[:-1]))
    index = np.array(index, np.int64)
    per = counts[index]  # live cells of each block
    block = np.repeat(np.arange(len(index)), per)
    source = first[index][block] + np.arange(len(block)) - np.repeat(np.cumsum(per) - per, per)
    ys = np.array(ys, np.int64)[block] + ly[source]
    xs = np.array(xs, np.int64)[block] + lx[source]
    return ys, xs, cells[d[source], ly[source], lx[source]]


RASTER = 6  # picture(): a node at most 2^6 entries a side is drawn whole, once per distinct node


def _paint(out, node, y, x, y0, x0, level, memo):
    """Draw into ``out`` (entry = a 2^level block from (y0, x0)) the part of ``node`` (top-left
    (y, x)) that falls in it: a node at most RASTER levels above ``level`` as its ``_raster``,
    a larger one by its quadrants. ``memo``: the rasters made so far, by node id."""
    size = 1 << node.level
    h, w = out.shape
    if not node.population or y >= y0 + (h << level) or x >= x0 + (w << level) or y + size <= y0 or x + size <= x0:
        return
    if node.level > level + RASTER:
        for part, py, px in _quadrant_corners(node, y, x):
            _paint(out, part, py, px, y0, x0, level, memo)
        return
    block = _raster(node, level, memo)
    i, j, n = (y - y0) >> level, (x - x0) >> level, len(block)
    top, left = max(0, -i), max(0, -j)  # the node may start above or left of the picture
    out[i + top:i + n, j + left:j + n] = block[top:h - i, left:w - j]


def _raster(node, level, memo):
    """The (n, n) uint8 picture of ``node`` at ``level`` (n = 2^(node.level - level), at least
    1): its cells' states at level 0, else 1 for each live 2^level block."""
    found = memo.get(id(node))
    if found is None:
        n = 1 << max(0, node.level - level)
        if not node.population:
            found = np.zeros((n, n), np.uint8)
        elif node.level <= level:
            found = np.ones((1, 1), np.uint8)
        elif node.level == 1:  # level 0: the leaf's four states
            found = np.array([[node.nw, node.ne], [node.sw, node.se]], np.uint8)
        else:
            half = n // 2
            found = np.empty((n, n), np.uint8)  # filled by slices: np.block measured 3x slower here
            found[:half, :half] = _raster(node.nw, level, memo)
            found[:half, half:] = _raster(node.ne, level, memo)
            found[half:, :half] = _raster(node.sw, level, memo)
            found[half:, half:] = _raster(node.se, level, memo)
        memo[id(node)] = found
    return found


def _count_nodes(root):
    """The distinct nodes (levels >= 1) of the tree under ``root``."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            if node.level > 1:
                stack += node.quadrants
    return len(seen)


def _overlay(store, base, changed, new, memo):
    """The node of ``base`` with the cells marked in ``changed`` taken from ``new`` (three nodes
    of one level, aligned): a node with no cell marked is ``base`` itself, one with every cell
    marked is ``new``; only the nodes in between are walked (``memo``: by the three ids)."""
    if not changed.population:
        return base
    if changed.population == 1 << (2 * changed.level):
        return new
    if changed.level == 1:
        return store.leaf(*(n if c else b for b, c, n in zip(base.quadrants, changed.quadrants, new.quadrants)))
    key = (id(base), id(changed), id(new))
    node = memo.get(key)
    if node is None:
        node = memo[key] = store.join(*(_overlay(store, b, c, n, memo) for b, c, n in
                                        zip(base.quadrants, changed.quadrants, new.quadrants)))
    return node


def _cleared(store, node, y, x, box, inside):
    """``node`` (top-left cell (y, x)) with the cells inside ``box`` (y0, y1, x0, x1, half-open)
    EMPTY (inside=False: those outside it)."""
    y0, y1, x0, x1 = box
    size = 1 << node.level
    if not node.population:
        return node
    if y >= y1 or x >= x1 or y + size <= y0 or x + size <= x0:  # wholly outside the box
        return node if inside else store.empty(node.level)
    if y0 <= y and y + size <= y1 and x0 <= x and x + size <= x1:  # wholly inside it
        return store.empty(node.level) if inside else node
    if node.level == 1:
        return store.leaf(*(state if (y0 <= cy < y1 and x0 <= cx < x1) != inside else EMPTY
                            for state, cy, cx in _quadrant_corners(node, y, x)))
    return store.join(*(_cleared(store, part, py, px, box, inside) for part, py, px in _quadrant_corners(node, y, x)))


def _same(a, b, known):
    """Whether nodes ``a`` and ``b`` of one level hold the same cells (``known``: pairs found equal)."""
    if a is b:
        return True
    if a.population != b.population:
        return False
    if (id(a), id(b)) in known:
        return True
    if a.level == 1:
        same = a.quadrants == b.quadrants
    else:
        same = all(_same(p, q, known) for p, q in zip(a.quadrants, b.quadrants))
    if same:
        known.add((id(a), id(b)))
    return same


__all__ = ["CENTRE", "EMPTY", "MIN_LEVEL", "POINTS_LIMIT", "Node", "NodeStore", "QuadPlane"]
