"""Grid: the states of every cell, a ``numpy.uint8`` array of shape (H, W), plus its topology.

A Grid never changes: drivers and editors build new ones. The topology (a
:class:`lifesim.topology.Topology`, which is its name) says what lies beyond the edge: ``torus``
wraps around, ``bounded`` reads EMPTY outside, and Golly's other bounded grids join the edges
as bounded.html says (Klein bottle, cross-surface, sphere, shifted torus).

A grid made by a driver also records the grids it was made from and the rule that made it
(``changes``): a driver stepping the next generation with the same rule, when that rule is
deterministic and position-independent, steps only the cells whose next state that record
does not tell (see ``Grid.foreseen``). A grid built or edited records nothing.
"""

import hashlib
from dataclasses import dataclass

import numpy as np

from lifesim.errors import LifesimError
from lifesim.topology import check_topology

TOPOLOGIES = ("torus", "bounded")  # the plain ones; lifesim.topology names the others
MAX_SIDE = 1 << 16
MAX_CELLS = 1 << 28  # 256 MiB of uint8: far past what a coroutine driver can step

# str(grid) writes state 0 as '-', 1 as '*', and higher states of multi-state rules as these.
# No 'O' among the letters: in grid text (as in .cells) 'O' is ALIVE, so state 24 is 'P'.
_STATE_CHARS = "-*" + "23456789" + "ABCDEFGHIJKLMNPQRSTUVWXYZ"
# States 35..255 (a grid holds up to 256) have no character of their own: one cell is one
# character, and the other letters are taken ('o' is ALIVE). Text cannot be read back then.
_FALLBACK_CHAR = "#"
_CHAR_STATES = {c: i for i, c in enumerate(_STATE_CHARS)} | {".": 0, "O": 1, "o": 1, "0": 0, "1": 1}


def state_char(state):
    """The character ``str(grid)`` writes for ``state`` (an int 0..255)."""
    return _STATE_CHARS[state] if 0 <= state < len(_STATE_CHARS) else _FALLBACK_CHAR


def char_state(ch):
    """The state the grid-text character ``ch`` stands for, or None: '-'/'.'/'0' EMPTY,
    '*'/'O'/'o'/'1' ALIVE, '2'..'9' and 'A'..'Z' without 'O' the states 2..34."""
    return _CHAR_STATES.get(ch)


def check_size(height, width):
    """Raise a LifesimError unless (height, width) is a grid size lifesim can hold."""
    if not (isinstance(height, (int, np.integer)) and isinstance(width, (int, np.integer))):
        raise LifesimError(f"grid size must be whole numbers, not {height!r}x{width!r}")
    if height < 1 or width < 1:
        raise LifesimError(f"grid size {height}x{width} is empty: both sides must be at least 1")
    if height > MAX_SIDE or width > MAX_SIDE or height * width > MAX_CELLS:
        raise LifesimError(
            f"grid size {height}x{width} is too large (at most {MAX_SIDE} a side and {MAX_CELLS} cells)"
        )


def halo_tile(cells, topology, y0, y1, x0, x1, halo):
    """Rows y0..y1-1, columns x0..x1-1 of ``cells`` plus ``halo`` cells all round.

    cells: (H, W) ``uint8``; topology: a Topology or its name. Returns a fresh writable
    (y1-y0+2*halo, x1-x0+2*halo) ``uint8`` array whose halo holds what the topology puts beyond
    the edge, so a coroutine for a cell of the tile can be answered from the tile alone; a
    halo deeper than the grid wraps again (see ``Topology.fold``).
    """
    h, w = cells.shape
    rows = np.arange(y0 - halo, y1 + halo)
    cols = np.arange(x0 - halo, x1 + halo)
    # torus and bounded: rows and columns map separately, the fast path every driver takes
    # (two takes, or one slice, cost a fifth of one np.ix_ gather: 126 against 580 us at 256x256)
    if topology == "torus":
        return np.take(np.take(cells, rows % h, axis=0), cols % w, axis=1)
    if topology == "bounded":
        out = np.zeros((rows.size, cols.size), cells.dtype)
        a, b, c, d = max(y0 - halo, 0), min(y1 + halo, h), max(x0 - halo, 0), min(x1 + halo, w)
        if a < b and c < d:
            out[a - (y0 - halo):b - (y0 - halo), c - (x0 - halo):d - (x0 - halo)] = cells[a:b, c:d]
        return out
    ys, xs, inside = check_topology(topology).fold(rows[:, None], cols[None, :], h, w)
    out = cells[ys, xs]
    if inside is not None:
        out[~inside] = 0
    return out


def reach(mask, topology, radius):
    """The cells within ``radius`` of a True cell of ``mask``, through ``topology``'s edges.

    mask: (H, W) ``bool``. Returns a fresh (H, W) ``bool``: cell (y, x) is True when a cell
    of its (2r+1)-square neighbourhood, as ``halo_tile`` folds it onto the grid, is.
    """
    h, w = mask.shape
    r = radius
    padded = halo_tile(mask.view(np.uint8), topology, 0, h, 0, w, r)
    rows = padded[0:h].copy()  # the OR of 2r+1 rows, then of 2r+1 columns of that
    for i in range(1, 2 * r + 1):
        rows |= padded[i:i + h]
    out = rows[:, 0:w].copy()
    for j in range(1, 2 * r + 1):
        out |= rows[:, j:j + w]
    return out.view(bool)


@dataclass(frozen=True, eq=False)
class GridChanges:
    """How a driver made a grid: ``rule``, the Rule of the step; ``before``, the (H, W)
    ``uint8`` cells it stepped; ``before2``, the cells ``before`` was stepped from by the same
    rule, or None (read-only arrays shared with those grids: nothing is copied, and what changed
    is worked out only when the next step asks)."""

    rule: object
    before: np.ndarray
    before2: np.ndarray | None = None


class Grid:
    """An immutable (H, W) ``uint8`` array of cell states plus its topology."""

    __slots__ = ("cells", "topology", "changes")

    def __init__(self, cells, topology="torus"):
        arr = np.asarray(cells)
        if arr.ndim != 2:
            raise LifesimError(f"a grid is 2-D, not of shape {arr.shape}")
        check_size(*arr.shape)
        if arr.dtype != np.uint8:
            if arr.size and (arr.min() < 0 or arr.max() > 255):
                raise LifesimError("cell states must be 0..255")
            arr = arr.astype(np.uint8)
        elif arr.flags.writeable:
            arr = arr.copy()
        arr.flags.writeable = False
        self.topology = check_topology(topology)
        self.topology.check_size(*arr.shape)
        self.cells = arr
        self.changes = None  # a GridChanges when a driver made it (see ``advanced``)

    # Construction ----------------------------------------------------------------------------

    @classmethod
    def empty(cls, height, width, topology="torus"):
        """An all-EMPTY grid of the given size."""
        check_size(height, width)
        return cls(np.zeros((height, width), np.uint8), topology)

    @classmethod
    def random(cls, height, width, density=0.5, seed=None, topology="torus"):
        """A soup: each cell ALIVE with probability ``density``, from ``numpy.random.default_rng(seed)``."""
        check_size(height, width)
        if not 0.0 <= density <= 1.0:
            raise LifesimError(f"density must be between 0 and 1, not {density}")
        rng = np.random.default_rng(seed)
        return cls((rng.random((height, width)) < density).astype(np.uint8), topology)

    @classmethod
    def from_text(cls, text, topology="torus"):
        """A grid from rows of ``*`` (alive) and ``-`` (empty), as ``str(grid)`` writes them.

        ``O``/``.`` (and ``1``/``0``) are accepted too, ``2``..``9``, ``A``..``Z`` for higher
        states; short rows are padded with EMPTY.
        """
        rows = [line.strip() for line in text.strip("\n").splitlines()]
        rows = [r for r in rows if r]
        if not rows:
            raise LifesimError("no rows in grid text")
        width = max(len(r) for r in rows)
        arr = np.zeros((len(rows), width), np.uint8)
        for y, row in enumerate(rows):
            for x, ch in enumerate(row):
                if ch not in _CHAR_STATES:
                    raise LifesimError(f"row {y + 1}, column {x + 1}: unknown cell character {ch!r}")
                arr[y, x] = _CHAR_STATES[ch]
        return cls(arr, topology)

    # Views -----------------------------------------------------------------------------------

    @property
    def shape(self):
        return self.cells.shape

    @property
    def height(self):
        return self.cells.shape[0]

    @property
    def width(self):
        return self.cells.shape[1]

    @property
    def population(self):
        """The number of cells in a non-EMPTY state (Golly's count)."""
        return int(np.count_nonzero(self.cells))

    @property
    def max_state(self):
        """The highest state of any cell (0 for an all-EMPTY grid)."""
        return int(self.cells.max()) if self.cells.size else 0

    def __str__(self):
        """Rows of characters, one per cell (see ``state_char``); states 35 and up print as '#'."""
        chars = list(_STATE_CHARS) + [_FALLBACK_CHAR] * (256 - len(_STATE_CHARS))  # uint8: 0..255
        return "\n".join("".join(chars[v] for v in row) for row in self.cells.tolist())

    def __repr__(self):
        return f"Grid({self.height}x{self.width}, {self.topology}, population={self.population})"

    def __eq__(self, other):
        if not isinstance(other, Grid):
            return NotImplemented
        return self.topology == other.topology and np.array_equal(self.cells, other.cells)

    __hash__ = None

    def digest(self):
        """A short hash of shape and states, for spotting repeated generations."""
        h = hashlib.blake2b(digest_size=16)
        h.update(np.asarray(self.shape, np.int64).tobytes())
        h.update(self.cells.tobytes())
        return h.hexdigest()

    def __reduce__(self):
        # The change record names a rule and serves only the next step: it is not kept.
        return (Grid, (self.cells, self.topology))

    def tile(self, y0, y1, x0, x1, halo=0):
        """Rows y0..y1-1 and columns x0..x1-1 plus ``halo`` cells all round (see ``halo_tile``)."""
        return halo_tile(self.cells, self.topology, y0, y1, x0, x1, halo)

    def padded(self, halo):
        """The whole grid with a halo, shape (H+2*halo, W+2*halo)."""
        return self.tile(0, self.height, 0, self.width, halo)

    # New grids from this one -----------------------------------------------------------------

    def advanced(self, cells, rule):
        """The grid a driver made from this one by one generation of ``rule``: ``cells`` ((H, W)
        uint8) with the record of that step and, if ``rule`` made this one too, of the one before."""
        grid = Grid(cells, self.topology)
        earlier = self.changes
        grid.changes = GridChanges(rule, self.cells, earlier.before if earlier and earlier.rule is rule else None)
        return grid

    def foreseen(self, rule, radius):
        """What the record of the steps that made this grid tells of its next generation under
        ``rule``, a deterministic, position-independent rule reading at most ``radius`` away.

        Returns None when nothing (built, edited, or made by another rule); else (unknown,
        known): unknown, (H, W) ``bool``, the cells to step; known, a fresh (H, W) ``uint8``
        array, the next state of every other cell. A cell whose neighbourhood (through the
        topology) is what it was one step back gets the state it has now, as that step gave
        it; one whose neighbourhood is what it was two steps back, the state it had one step
        back (a blinker's cells, once two steps are recorded, are never stepped again).
        """
        changes = self.changes
        if changes is None or changes.rule is not rule:
            return None
        near = reach(self.cells != changes.before, self.topology, radius)
        if changes.before2 is None:
            return near, self.cells.copy()
        unknown = near & reach(self.cells != changes.before2, self.topology, radius)
        return unknown, np.where(near, changes.before, self.cells)

    def with_cells(self, cells):
        """A grid of the same topology holding ``cells``."""
        return Grid(cells, self.topology)

    def with_topology(self, topology):
        return Grid(self.cells, topology)

    def set(self, y, x, state):
        """A copy with cell (y, x) set to ``state`` (coordinates wrap on a torus)."""
        cells = self.cells.copy()
        cells[y % self.height, x % self.width] = state
        return Grid(cells, self.topology)

    def place(self, pattern, at=None):
        """A copy with ``pattern`` (a 2-D state array) written over it.

        ``at=(y, x)`` is the pattern's top-left cell; by default the pattern is centred. A pattern
        exactly the grid's size lands cell for cell; one that does not fit is an error.
        """
        pattern = np.asarray(pattern, np.uint8)
        ph, pw = pattern.shape
        if ph > self.height or pw > self.width:
            raise LifesimError(
                f"pattern of {ph}x{pw} cells is larger than the {self.height}x{self.width} grid"
            )
        if at is None:
            at = ((self.height - ph) // 2, (self.width - pw) // 2)
        y, x = at
        if y < 0 or x < 0 or y + ph > self.height or x + pw > self.width:
            raise LifesimError(f"pattern of {ph}x{pw} cells at ({y}, {x}) does not fit the grid")
        cells = self.cells.copy()
        cells[y:y + ph, x:x + pw] = pattern
        return Grid(cells, self.topology)
