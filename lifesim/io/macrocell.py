"""Golly's macrocell format (``.mc``): a quadtree as text, read into a QuadPlane and written from one.

As Golly's Help/formats.html defines it: a first line starting ``[M2]``; ``#R rule``, ``#G
generation`` and other ``#`` comment lines; then one line per node, children first, numbered
from 1 in file order, 0 standing for an empty node of whatever size is needed:

- two-state files: a leaf is an 8 x 8 block as raster text, ``.`` dead, ``*`` alive, ``$`` ending
  a row (trailing dead cells and rows left out): ``$$..*$...*$.***$``;
- multi-state files: a leaf is ``1 nw ne sw se``, the states of a 2 x 2 block;
- a node is ``k nw ne sw se``: its level (it spans 2^k cells a side) and its quadrants' numbers.

The last node is the root, centred as a QuadPlane is (its south-east quadrant starts at x = 0,
y = 1), so the tree is read and written as it stands, never listed cell by cell: a file of
10^6 lines describing 10^100 cells reads in the time of its lines.
"""

from lifesim.errors import LifesimError
from lifesim.io.pattern import TreePattern
from lifesim.quadplane import MIN_LEVEL, QuadPlane
from lifesim.quadtree import NodeStore
from lifesim.rules import parse_rule, split_grid_suffix

HEADER = "[M2]"
WRITER = "[M2] (lifesim)"
RASTER_LEVEL = 3  # the two-state leaf: 8 x 8 cells
_RASTER = {".": 0, "*": 1}
_NODE_LINE_START = "0123456789"


def is_macrocell_text(line):
    """Whether a file's first non-blank line says macrocell."""
    return line.startswith(HEADER)


def parse_macrocell(text, store=None):
    """A TreePattern of macrocell text (``store``: the NodeStore to build in, default a new one).

    Malformed input raises a one-line LifesimError naming the line.
    """
    store = store if store is not None else NodeStore()
    lines = text.splitlines()
    if not lines or not is_macrocell_text(lines[0].strip()):
        raise LifesimError(f"macrocell line 1: expected '{HEADER}', not {lines[0][:40] if lines else ''!r}")
    rule, generation, name, comments = None, 0, None, []
    nodes = [None]  # node number -> Node (0: empty, resolved by level)
    for number, line in enumerate(lines[1:], start=2):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            tag, rest = s[:2], s[2:].strip()
            if tag == "#R":
                rule = rest
            elif tag == "#G":
                generation = _generation(rest, number)
            elif tag == "#N":
                name = rest
            else:
                comments.append(rest)
            continue
        try:
            nodes.append(_raster_leaf(store, s) if s[0] in "$.*" else _node(store, s, nodes))
        except LifesimError as exc:
            raise LifesimError(f"macrocell line {number}: {exc}") from None
    if len(nodes) == 1:
        raise LifesimError("macrocell: no nodes after the header")
    root = nodes[-1]
    if any(node.level > root.level for node in nodes[1:]):
        raise LifesimError("macrocell: the last node (the root) is not the largest")
    while root.level < MIN_LEVEL:
        root = store.expand(root)
    topology, size = None, None
    if rule is not None:
        rule, topology, size = split_grid_suffix(rule)
    return TreePattern(QuadPlane(store, root), rule, name, comments, topology, size, generation)


def _generation(text, number):
    try:
        generation = int(text.replace(",", ""))
    except ValueError:
        generation = -1
    if generation < 0:
        raise LifesimError(f"macrocell line {number}: '#G {text}' is not a generation count")
    return generation


def _raster_leaf(store, text):
    """The level-3 node of an 8 x 8 raster line."""
    rows = text.split("$")
    if rows and rows[-1] == "":
        rows.pop()  # the last row's terminator
    if len(rows) > 8 or any(len(row) > 8 for row in rows):
        raise LifesimError(f"a leaf is 8 x 8 cells: {text!r}")
    try:
        grid = [[_RASTER[c] for c in row] + [0] * (8 - len(row)) for row in rows] + [[0] * 8] * (8 - len(rows))
    except KeyError as exc:
        raise LifesimError(f"a two-state leaf holds '.', '*' and '$', not {exc.args[0]!r}") from None
    return _block(store, grid, 0, 0, 8)


def _block(store, grid, y, x, size):
    """The node of the ``size`` x ``size`` block of ``grid`` (rows of states) at (y, x)."""
    if size == 2:
        return store.leaf(grid[y][x], grid[y][x + 1], grid[y + 1][x], grid[y + 1][x + 1])
    h = size // 2
    return store.join(_block(store, grid, y, x, h), _block(store, grid, y, x + h, h),
                      _block(store, grid, y + h, x, h), _block(store, grid, y + h, x + h, h))


def _node(store, text, nodes):
    """The node of a ``k a b c d`` line: a multi-state leaf (k = 1) or a node of earlier nodes."""
    try:
        level, *four = (int(v) for v in text.split())
    except ValueError:
        raise LifesimError(f"expected a leaf or 'k nw ne sw se', not {text[:40]!r}") from None
    if len(four) != 4 or level < 1 or min(four) < 0:
        raise LifesimError(f"expected 'k nw ne sw se' with k >= 1, not {text[:40]!r}")
    if level == 1:
        if max(four) > 255:
            raise LifesimError(f"cell states are 0..255, not {max(four)}")
        return store.leaf(*four)
    children = []
    for ref in four:
        if ref >= len(nodes):
            raise LifesimError(f"node {ref} is used before it is defined")
        child = store.empty(level - 1) if ref == 0 else nodes[ref]
        if child.level != level - 1:
            raise LifesimError(f"a node of level {level} needs quadrants of level {level - 1}; node {ref} is of level {child.level}")
        children.append(child)
    return store.join(*children)


def format_macrocell(tree, rule=None, generation=0, name=None, comments=()):
    """Macrocell text of a QuadPlane: two-state (8 x 8 raster leaves) when every cell is 0 or 1 and
    the rule has two states, else multi-state (2 x 2 leaves ``1 nw ne sw se``)."""
    multi = _multi_state(tree, rule)
    root, store = tree.root, tree.store
    while root.level < RASTER_LEVEL + 1:  # a two-state root is a node line (level >= 4), as Golly's
        root = store.expand(root)
    lines = [WRITER]
    if rule:
        lines.append(f"#R {rule}")
    if generation:
        lines.append(f"#G {generation}")
    if name:
        lines.append(f"#N {name}")
    lines += [f"#C {c}" if c else "#C" for c in comments]
    numbers = {}  # id(node) -> its line's number
    leaf_level = 1 if multi else RASTER_LEVEL

    def number(node):
        """The node's number, its line (and its quadrants' first) written if not yet."""
        if not node.population:
            return 0
        known = numbers.get(id(node))
        if known is not None:
            return known
        if node.level == leaf_level:
            lines.append(f"1 {node.nw} {node.ne} {node.sw} {node.se}" if multi else _raster(node))
        else:
            quads = [number(q) for q in node.quadrants]
            lines.append(f"{node.level} {quads[0]} {quads[1]} {quads[2]} {quads[3]}")
        numbers[id(node)] = len(numbers) + 1
        return numbers[id(node)]

    if number(root) == 0:  # nothing alive: one empty root, so that the file says how large
        lines.append(f"{root.level} 0 0 0 0")
    return "\n".join(lines) + "\n"


def _multi_state(tree, rule):
    if tree.max_state > 1:
        return True
    if not rule:
        return False
    try:
        return parse_rule(split_grid_suffix(rule)[0]).states > 2
    except LifesimError:
        return False


def _raster(node):
    """The raster line of a level-3 node: rows of '.' and '*', trailing dead cells and rows left out."""
    rows = [[0] * 8 for _ in range(8)]
    _paint(node, rows, 0, 0)
    text = "".join("".join(".*"[v] for v in row).rstrip(".") + "$" for row in rows)
    return text.rstrip("$") + "$"


def _paint(node, rows, y, x):
    if node.level == 1:
        rows[y][x], rows[y][x + 1], rows[y + 1][x], rows[y + 1][x + 1] = node.nw, node.ne, node.sw, node.se
        return
    h = 1 << (node.level - 1)
    for part, dy, dx in ((node.nw, 0, 0), (node.ne, 0, h), (node.sw, h, 0), (node.se, h, h)):
        if part.population:
            _paint(part, rows, y + dy, x + dx)


def pattern_to_macrocell(pattern):
    """Macrocell text of a Pattern: a TreePattern's tree as it is; any other pattern's points
    (placed as on the plane: at its position, else top-left at (-(h // 2), -(w // 2)))."""
    tree = pattern.tree
    if tree is None:
        ys, xs, states = pattern.absolute_points((-(pattern.height // 2), -(pattern.width // 2)))
        tree = QuadPlane.from_points(ys, xs, states)
    return format_macrocell(tree, pattern.rule, getattr(pattern, "generation", 0), pattern.name, pattern.comments)
