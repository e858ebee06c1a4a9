"""A hash-consed quadtree: square blocks of cells as shared, immutable nodes (HashLife's data).

A node of level k is a 2^k x 2^k block of cells cut into four quadrants ``nw``, ``ne``, ``sw``,
``se`` of level k - 1; a level-1 node (2 x 2 cells, the leaf) holds four cell states, ints
0..255. A ``NodeStore`` *interns* nodes: it makes at most one node per (nw, ne, sw, se), so
equal blocks are the same object, a block repeated a billion times costs one node, and what is
learnt about a block (its population here; its future, ``Node.result``, in the hashlife driver)
is learnt once. Population is an exact int however large.

Memory: the store counts its nodes and, past a limit, *collects*: it keeps the nodes that the
roots of live universes on it (and the roots pinned by a step in progress) are made of, drops
the rest from its table, and forgets the results that pointed at dropped nodes. A chaotic
pattern then recomputes what it forgot (slower) instead of exhausting memory. A node dropped
while a step still holds it stays a correct block of cells, just no longer shared: nothing
depends on interning but speed, and comparisons of trees fall back to comparing structure.

Leaves are 2 x 2 cells: the multi-state macrocell format's own leaf, any number of states
without packing, and the smallest block a radius-1 rule can step (4 x 4 -> its 2 x 2 middle).
"""

import contextlib
import weakref

EMPTY = 0  # the state of an empty cell, and the "node" of level 0 that holds it

# What a node costs: measured 218 bytes (tracemalloc, a million level-3 nodes: the object, its
# key tuple, its share of the table); rounded up for populations past the small ints and the
# partial-step results (NodeStore.partial) that come with nodes.
BYTES_PER_NODE = 320
DEFAULT_MEMORY_MB = 1024  # Golly's default for its hashing algorithms is 500 MB; Python nodes are fatter
MIN_NODES = 1 << 12  # a store never collects below this many nodes


class Node:
    """A 2^level x 2^level block of cells: four quadrants (nodes of level - 1, or states at level 1).

    population: the number of non-EMPTY cells (int). result: what the hashlife driver learnt
    about the block (its middle 2^(level-2) generations on), or None. mark: the store's
    collection count when a collection last found the node in use.
    """

    __slots__ = ("level", "nw", "ne", "sw", "se", "population", "result", "mark")

    def __init__(self, level, nw, ne, sw, se, population):
        self.level, self.nw, self.ne, self.sw, self.se = level, nw, ne, sw, se
        self.population, self.result, self.mark = population, None, 0

    @property
    def quadrants(self):
        """(nw, ne, sw, se)."""
        return self.nw, self.ne, self.sw, self.se

    def __repr__(self):
        return f"Node(level={self.level}, population={self.population})"


def live(part):
    """Whether a quadrant (a Node, or a state at level 0) holds a non-EMPTY cell."""
    return bool(part.population) if isinstance(part, Node) else part != EMPTY


def memory_nodes(megabytes):
    """How many nodes ``megabytes`` MB of memory hold (at least MIN_NODES)."""
    return max(MIN_NODES, int(megabytes * (1 << 20) // BYTES_PER_NODE))


class NodeStore:
    """Makes and interns nodes; collects unused ones past a limit of ``memory`` MB.

    max_state: the highest state of any leaf made here (an upper bound for any tree on it).
    partial: results of steps shorter than a node's own (the hashlife driver's), by step.
    rule: the key of the rule whose results the nodes carry (see ``use_rule``).
    collections: how many times the store collected; on_collect: None, or a callable
    ``on_collect(kept, dropped)`` told after each collection.
    """

    def __init__(self, memory=DEFAULT_MEMORY_MB):
        self._table = {}  # (nw, ne, sw, se) -> Node
        self._empty = [EMPTY]  # level -> the empty node of that level
        self._holders = weakref.WeakValueDictionary()  # id -> a universe whose root survives collections
        self._pinned = []  # roots a step in progress needs
        self.max_state = 0
        self.partial = {}
        self.rule = None
        self.collections = 0
        self.on_collect = None
        self.set_memory(memory)

    def __len__(self):
        """Nodes in the table."""
        return len(self._table)

    @property
    def table(self):
        """The intern table, (nw, ne, sw, se) -> Node, for a hot loop's lookups before it calls
        ``join`` (read only; the store keeps this one dict for its life)."""
        return self._table

    def set_memory(self, megabytes):
        """Collect once the table holds what ``megabytes`` MB hold (see BYTES_PER_NODE)."""
        self.limit = memory_nodes(megabytes)
        self._collect_at = max(self.limit, len(self._table) + self.limit // 4)

    # Making nodes ------------------------------------------------------------------------------

    def leaf(self, nw, ne, sw, se):
        """The level-1 node of four states (ints 0..255)."""
        key = (nw, ne, sw, se)
        node = self._table.get(key)
        if node is None:
            node = self._table[key] = Node(1, nw, ne, sw, se, (nw != 0) + (ne != 0) + (sw != 0) + (se != 0))
            self.max_state = max(self.max_state, nw, ne, sw, se)
            self._made(node)
        return node

    def join(self, nw, ne, sw, se):
        """The node of level k + 1 whose quadrants are four nodes of level k >= 1."""
        key = (nw, ne, sw, se)
        node = self._table.get(key)
        if node is None:
            node = self._table[key] = Node(nw.level + 1, nw, ne, sw, se,
                                           nw.population + ne.population + sw.population + se.population)
            self._made(node)
        return node

    def _made(self, node):
        if len(self._table) >= self._collect_at:
            self.collect(node)

    def empty(self, level):
        """The node of ``level`` with no live cell (level 0: the EMPTY state)."""
        empties = self._empty
        while len(empties) <= level:
            below = empties[-1]
            empties.append(self.leaf(0, 0, 0, 0) if len(empties) == 1 else self.join(below, below, below, below))
        return empties[level]

    def centre(self, node):
        """The middle half of a node of level >= 2: the node of level - 1 around its centre."""
        return self.join(node.nw.se, node.ne.sw, node.sw.ne, node.se.nw)

    def expand(self, node):
        """A node of level + 1 with ``node`` in its middle and EMPTY around: the same centre."""
        e = self.empty(node.level - 1)
        return self.join(self.join(e, e, e, node.nw), self.join(e, e, node.ne, e),
                         self.join(e, node.sw, e, e), self.join(node.se, e, e, e))

    # What the nodes are worth keeping for --------------------------------------------------------

    def hold(self, holder):
        """Keep ``holder.root`` (and what it is made of) through collections while ``holder`` lives."""
        self._holders[id(holder)] = holder

    @contextlib.contextmanager
    def pinned(self, *roots):
        """Keep ``roots`` through collections for the duration of a ``with`` block."""
        self._pinned.extend(roots)
        try:
            yield
        finally:
            del self._pinned[len(self._pinned) - len(roots):]

    def use_rule(self, key):
        """Results are about to be read or written for the rule ``key``: forget those of another."""
        if key == self.rule:
            return
        for node in self._table.values():
            node.result = None
        self.partial = {}
        self.rule = key

    def collect(self, *extra):
        """Drop from the table every node that no held or pinned root (nor ``extra``) is made
        of, and every result that points at one; returns how many nodes were dropped."""
        self.collections += 1
        epoch = self.collections
        stack = [holder.root for holder in list(self._holders.values())] + self._pinned + list(extra) + self._empty[1:]
        while stack:
            node = stack.pop()
            if node.mark == epoch:
                continue
            node.mark = epoch
            if node.level > 1:
                stack += (node.nw, node.ne, node.sw, node.se)
        before = len(self._table)
        kept = {key: node for key, node in self._table.items() if node.mark == epoch}
        self._table.clear()  # the same dict, emptied and refilled: a stepper may hold it (see ``table``)
        self._table.update(kept)
        for node in self._table.values():
            if node.result is not None and node.result.mark != epoch:
                node.result = None
        self.partial = {j: {node: result for node, result in cache.items() if node.mark == epoch == result.mark}
                        for j, cache in self.partial.items()}
        kept = len(self._table)
        # Room for a quarter of the limit before the next collection, however much had to be
        # kept: when the pattern itself needs nearly all of it, collections come often (slow) but
        # never back to back.
        self._collect_at = max(self.limit, kept + self.limit // 4)
        if self.on_collect is not None:
            self.on_collect(kept, before - kept)
        return before - kept
