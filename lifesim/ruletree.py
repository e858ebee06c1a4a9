"""Golly's rule trees (the ``@TREE`` section of a rule file): a whole transition function as a DAG.

A tree reads a cell's neighbourhood one cell at a time, in a fixed order (``TREE_OFFSETS``):
for 4 neighbours N, W, E, S, then the cell itself; for 8 neighbours NW, NE, SW, SE, N, W, E, S,
then the cell itself. The root (the last node) has one child per state of the first cell read,
each child one per state of the second, and so on; the entries of a depth-1 node are next
states. Identical subtrees are one node, which is what keeps a complete table of, say, 4^9
entries down to a few hundred nodes.

The text format (Golly's Help, formats.html): ``num_states=N``, ``num_neighbors=4|8``,
``num_nodes=K``, then K node lines ``depth v0 v1 .. v(N-1)``, each referring only to nodes
above it, the root last. Lines starting with ``#`` are comments.

``build_tree`` makes a tree from any function that can be read one cell at a time; the rule
table reader, the compiler and ``rule export`` all build theirs with it.
"""

import re
from dataclasses import dataclass

import numpy as np

from lifesim.errors import LifesimError

N, S, W, E = (-1, 0), (1, 0), (0, -1), (0, 1)  # (dy, dx); y grows downward, as in Golly
NW, NE, SW, SE = (-1, -1), (-1, 1), (1, -1), (1, 1)
CENTRE = (0, 0)

# num_neighbors -> the cells a tree reads, in the order it reads them (the cell itself last).
TREE_OFFSETS = {
    4: (N, W, E, S, CENTRE),
    8: (NW, NE, SW, SE, N, W, E, S, CENTRE),
}

MAX_NODES = 1 << 21  # more nodes than any tree Golly ships has by far; beyond, a table is no help

_HEADER = re.compile(r"^\s*(num_states|num_neighbors|num_nodes)\s*=\s*(\d+)\s*$")


@dataclass(frozen=True)
class RuleTree:
    """A rule as a Golly rule tree.

    states: the number of states (2..256).
    neighbors: 4 or 8; ``offsets`` are the (dy, dx) cells read, in order, the cell itself last.
    depths: the depth of each node (1 for nodes whose entries are states).
    nodes: per node, a tuple of ``states`` ints: node numbers (depth >= 2) or states (depth 1).
        The root is the last node, at depth ``neighbors + 1``.
    """

    states: int
    neighbors: int
    depths: tuple
    nodes: tuple

    @property
    def offsets(self):
        return TREE_OFFSETS[self.neighbors]

    @property
    def root(self):
        return len(self.nodes) - 1

    def next_state(self, values):
        """The next state for ``values``, the states of ``offsets`` in order."""
        nodes, node = self.nodes, len(self.nodes) - 1
        for value in values:
            node = nodes[node][value]
        return node

    def tree(self):
        return self

    def text(self):
        """The tree in Golly's text format (the body of an ``@TREE`` section)."""
        lines = [f"num_states={self.states}", f"num_neighbors={self.neighbors}", f"num_nodes={len(self.nodes)}"]
        lines += [" ".join(map(str, (depth, *node))) for depth, node in zip(self.depths, self.nodes)]
        return "\n".join(lines) + "\n"


def build_tree(states, neighbors, start, step, leaf):
    """The RuleTree of a function read one cell at a time, in the order of ``TREE_OFFSETS[neighbors]``.

    start: the key before any cell is read (any hashable value);
    step(key, offset, value) -> the key once cell ``offset`` is read as ``value``;
    leaf(key, value) -> the next state, once the last cell (the cell itself) is read as ``value``.
    Keys stand for what is left of the function: two equal keys at the same depth must give the
    same subtree, for each is built once. Equal subtrees from different keys are merged too.
    Raises LifesimError past MAX_NODES nodes.
    """
    offsets = TREE_OFFSETS[neighbors]
    last = len(offsets) - 1
    depths, nodes = [], []
    number = {}  # (depth, node) -> its node number: equal subtrees are one node
    memo = {}  # (position, key) -> node number

    def node(position, key):
        found = memo.get((position, key))
        if found is not None:
            return found
        off = offsets[position]
        if position == last:
            children = tuple(int(leaf(key, v)) for v in range(states))
        else:
            children = tuple(node(position + 1, step(key, off, v)) for v in range(states))
        depth = len(offsets) - position
        made = number.get((depth, children))
        if made is None:
            if len(nodes) >= MAX_NODES:
                raise LifesimError(f"the rule tree has more than {MAX_NODES:,} nodes")
            made = number[depth, children] = len(nodes)
            depths.append(depth)
            nodes.append(children)
        memo[position, key] = made
        return made

    node(0, start)
    return RuleTree(states, neighbors, tuple(depths), tuple(nodes))


def tree_of_values(states, neighbors, values):
    """The RuleTree of a whole table: ``values`` ((states,) * (neighbors + 1) ints), its axes the
    cells in the order of ``TREE_OFFSETS[neighbors]``, each entry the next state. Built a depth
    at a time, the equal nodes of each found among the rows of children at once (rather than a
    Python call per entry, as ``build_tree``: 0.5 s for JvN29's 20 million entries against 30).
    Raises LifesimError past MAX_NODES nodes."""
    level = np.ascontiguousarray(values).reshape(-1, states)  # rows: the depth-1 nodes' next states
    depths, nodes, below = [], [], 0  # below: the number of the first node one depth down
    for depth in range(1, neighbors + 2):
        unique, inverse = _unique_rows(level)
        if len(nodes) + len(unique) > MAX_NODES:
            raise LifesimError(f"the rule tree has more than {MAX_NODES:,} nodes")
        first = len(nodes)
        children = unique if depth == 1 else unique + below  # one depth down, as numbered there
        nodes += map(tuple, children.tolist())
        depths += [depth] * len(unique)
        if depth <= neighbors:
            below, level = first, inverse.reshape(-1, states)
    return RuleTree(states, neighbors, tuple(depths), tuple(nodes))


def _unique_rows(rows):
    """(unique, inverse) of the rows of a 2-D int array, as ``np.unique(axis=0)`` gives them but
    found by sorting a hash of each row (sorting the rows themselves took 7 s for JvN29's 700,000),
    then checked: rows that share a hash but differ are sorted after all."""
    keys = np.zeros(len(rows), np.uint64)
    for column in rows.T:  # a polynomial hash, wrapping round
        keys = keys * np.uint64(0x9E3779B97F4A7C15) + column.astype(np.uint64)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    unique, inverse = rows[first], inverse.reshape(-1)
    if not np.array_equal(unique[inverse], rows):
        unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    return unique, inverse.reshape(-1)


def parse_tree(lines, where):
    """A RuleTree from the lines of a ``@TREE`` section.

    lines: ``(line number, text)`` pairs; where: the file's name, for errors, which are one-line
    LifesimErrors naming the file, the line and what was expected.
    """
    header = {}
    depths, nodes = [], []
    lineno = None
    for lineno, raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _HEADER.match(line)
        if m:
            header[m[1]] = int(m[2])
            continue
        states, neighbors = _check_header(header, where, lineno)
        parts = line.split()
        if not all(p.isdigit() for p in parts) or len(parts) != states + 1:
            raise LifesimError(f"{where}:{lineno}: expected a node line 'depth' and {states} whole numbers, "
                               f"not {line[:60]!r}")
        depth, *values = map(int, parts)
        if not 1 <= depth <= neighbors + 1:
            raise LifesimError(f"{where}:{lineno}: node depth {depth}, expected 1..{neighbors + 1}")
        for v in values:
            if depth == 1 and v >= states:
                raise LifesimError(f"{where}:{lineno}: state {v} out of range, expected 0..{states - 1}")
            if depth > 1 and (v >= len(nodes) or depths[v] != depth - 1):
                raise LifesimError(f"{where}:{lineno}: node {v} is not an earlier node of depth {depth - 1}")
        depths.append(depth)
        nodes.append(tuple(values))
    if lineno is None or not nodes:
        raise LifesimError(f"{where}:{lineno or 1}: the @TREE section has no nodes; expected num_states=, "
                           "num_neighbors=, num_nodes= and the node lines")
    states, neighbors = _check_header(header, where, lineno)
    if header.get("num_nodes") != len(nodes):
        raise LifesimError(f"{where}:{lineno}: num_nodes={header.get('num_nodes')} but there are {len(nodes)} node lines")
    if depths[-1] != neighbors + 1:
        raise LifesimError(f"{where}:{lineno}: the last node (the root) has depth {depths[-1]}, expected {neighbors + 1}")
    return RuleTree(states, neighbors, tuple(depths), tuple(nodes))


def _check_header(header, where, lineno):
    missing = [k for k in ("num_states", "num_neighbors", "num_nodes") if k not in header]
    if missing:
        raise LifesimError(f"{where}:{lineno}: expected {', '.join(k + '=' for k in missing)} before the first node")
    states, neighbors = header["num_states"], header["num_neighbors"]
    if not 2 <= states <= 256:
        raise LifesimError(f"{where}:{lineno}: num_states={states}, expected 2..256")
    if neighbors not in TREE_OFFSETS:
        raise LifesimError(f"{where}:{lineno}: num_neighbors={neighbors}, expected 4 or 8")
    return states, neighbors
