"""The hashlife driver: Gosper's HashLife on a hash-consed quadtree, stepped by the rule's table.

The rule's coroutine is traced once into a table (``compile.compile_rule``); the table steps the
smallest blocks (a 4 x 4 node to its 2 x 2 middle, one generation on), and Gosper's recursion
does the rest: the middle half of a node of level k, 2^(k-2) generations on, is made from nine
overlapping nodes of level k - 1 stepped 2^(k-3) generations, joined in fours and stepped again.
Each node keeps its result (``Node.result``), and since the store interns nodes, a block seen
again anywhere, at any time, is never stepped twice: a glider gun's stream costs a few nodes per
level, so 2^40 generations take as long as a few thousand.

``advance(universe, rule, N)`` takes N apart into powers of two (N's binary digits, lowest
first, as Golly's step exponent) and steps 2^j at a time; a step shorter than the root's own,
2^j with j < k - 2, is the same recursion with the second half-step replaced by taking middles
(its results are kept per j in ``NodeStore.partial``). Before each step the root is expanded,
keeping its centre, until the pattern sits in its middle quarter and the root is of level j + 3
at least, so nothing the step makes falls outside the result; afterwards it is cropped back.

Rules: any rule the compiler tabulates that reads at most one cell away (two-state and
Generations, outer-totalistic or not); farther ones are refused. A finite grid, tube or strip
(the recursion needs the unbounded plane) is stepped a generation at a time by the compiled
driver, as Golly's HashLife steps its bounded grids. A B0 rule with Smax runs as the rule Golly emulates it
by (AntiLife as Life, ``drivers.b0``); one without Smax, whose emulation alternates two rules,
is refused.
"""

import numpy as np

from lifesim.drivers.base import Driver, b0_emulation, plane_rule
from lifesim.drivers.compiled import CompiledDriver
from lifesim.drivers.compile import CompileError, compile_rule
from lifesim.errors import LifesimError, ProtocolError, SettingError
from lifesim.protocol import ALIVE
from lifesim.quadplane import MIN_LEVEL, QuadPlane
from lifesim.quadtree import DEFAULT_MEMORY_MB, memory_nodes
from lifesim.universe import PLANE

# The 4 x 4 cells of a level-2 node, row-major, and the four middle ones the base step makes.
_MIDDLE = (5, 6, 9, 10)  # (1, 1), (1, 2), (2, 1), (2, 2)


class HashLifeDriver(Driver):
    """Advances the plane by HashLife: any number of generations (a huge int too) in one call.

    memory: MB of nodes the store may hold before it collects unused ones (default
    DEFAULT_MEMORY_MB). progress: None, or a callable ``progress(done, power, nodes)`` told,
    during ``advance``, after each 2^power generations stepped (``done`` of them so far) and
    after each collection, with the nodes in the store.
    """

    name = "hashlife"
    jumps = True
    plane_only = True
    quadtree = True

    def __init__(self, workers=None, memory=None):
        super().__init__(workers)
        if memory is not None and not memory > 0:
            raise SettingError("memory", f"must be a positive number of MB, not {memory}")
        self.memory = DEFAULT_MEMORY_MB if memory is None else memory
        self.progress = None
        self._leaf_steps = {}  # Rule -> LeafStep
        self._tables = None  # the CompiledDriver that steps bounded universes, made when first needed

    def _bounded(self):
        """The compiled driver (one worker), which steps a bounded universe: Gosper's recursion
        needs the unbounded plane, and Golly's HashLife, too, steps a bounded grid generation
        by generation."""
        if self._tables is None:
            self._tables = CompiledDriver(1)
        return self._tables

    def close(self):
        if self._tables is not None:
            self._tables.close()
            self._tables = None

    def advance(self, universe, rule, generations=1):
        """The QuadPlane ``generations`` generations on from ``universe`` (a Plane or a QuadPlane);
        a bounded universe (a finite grid, a tube or strip) goes a generation at a time through
        the same traced table, as Golly's HashLife steps bounded grids (``_bounded``)."""
        if generations < 0:
            raise LifesimError(f"generations must be >= 0, not {generations}")
        if universe.topology != PLANE:
            return self._bounded().advance(universe, rule, generations)
        rule = self._b0_free(rule)
        leaf_step = self.leaf_step(rule)
        quad = universe if isinstance(universe, QuadPlane) else QuadPlane.from_plane(universe)
        store = quad.store
        if store.max_state >= rule.states and quad.max_state >= rule.states:  # the table has no row for it
            raise LifesimError(f"the plane holds state {quad.max_state}, but rule {rule} has only states "
                               f"0..{rule.states - 1}")
        if store.limit != memory_nodes(self.memory):
            store.set_memory(self.memory)
        store.use_rule(leaf_step.key)
        step = _stepper(store, leaf_step)
        root, done, power = quad.root, 0, 0
        report = self.progress
        store.on_collect = None if report is None else (lambda kept, dropped: report(done, power, kept))
        try:
            while generations >> power:
                if generations >> power & 1:
                    with store.pinned(root):
                        root = _advance_power(store, step, root, power)
                    done += 1 << power
                    if report is not None:
                        report(done, power, len(store))
                power += 1
        finally:
            store.on_collect = None
        return quad.with_root(root)

    @staticmethod
    def _b0_free(rule):
        """``rule``, or for a B0 rule with Smax the one rule that emulates it (Golly's, see
        ``drivers.b0``); a B0 rule whose background blinks needs a different rule on odd and even
        generations, which one recursion over 2^j generations cannot take: refused in one line."""
        b0 = b0_emulation(rule)
        if b0 is None:
            return rule
        if b0.blinks:
            raise LifesimError(f"rule {rule.name!r} has B0 but not Smax: emulated, its odd and even generations "
                               "run different rules, which hashlife's jumps cannot; use --driver compiled")
        return b0.even

    def leaf_step(self, rule):
        """The LeafStep of ``rule`` (traced once per Rule); refuses what hashlife cannot step."""
        leaf_step = self._leaf_steps.get(rule)
        if leaf_step is None:
            try:
                compiled = compile_rule(rule)
            except (CompileError, ProtocolError) as exc:
                raise CompileError(f"the hashlife driver cannot run this rule: {exc}") from exc
            if compiled.radius > 1:
                raise LifesimError(f"hashlife steps rules that read at most 1 cell away; rule {rule.name!r} "
                                   f"reads cells {compiled.radius} away (use --driver compiled)")
            plane_rule(rule)  # refuses B0 rules, as every driver on the plane does
            leaf_step = self._leaf_steps[rule] = LeafStep(compiled)
        return leaf_step


class LeafStep:
    """One generation of a 4 x 4 block's middle 2 x 2, from a CompiledRule's table.

    ``cells(block)``: block a sequence of 16 states, row-major; returns the four next states of
    cells (1, 1), (1, 2), (2, 1), (2, 2). For two-state rules also ``packed``: those four states
    (a tuple) of every block at once, indexed by the block's 16 cells as bits, quadrant by
    quadrant (nw, ne, sw, se, each its nw, ne, sw, se cell): 65,536 entries made by numpy in a
    few ms, so a block costs one lookup (measured, CPU seconds, best of 5: acorn to 2^16
    1.68 -> 1.48). key: what
    identifies the table (equal tables, equal keys).
    """

    def __init__(self, compiled):
        data = compiled.table.tobytes()
        self.key = (compiled.form, compiled.offsets, compiled.states, data)
        # An index table (uint8) is read as its bytes, which index to ints as fast as a list does,
        # without a list's 8 bytes an entry (JvN's 32^5 entries: 33.5 MB, not 270 MB).
        table = data if compiled.form == "index" else compiled.table.tolist()
        # For each middle cell, the indices into the 4 x 4 block of its neighbourhood, in table order.
        around = [[i + 4 * dy + dx for dy, dx in compiled.offsets] for i in _MIDDLE]
        if compiled.form == "counts":
            def cell(block, i, near):
                return table[block[i]][sum(block[j] == ALIVE for j in near)]
        else:
            weights = [compiled.states ** k for k in range(len(compiled.offsets))]

            def cell(block, i, near):
                return table[sum(block[j] * w for j, w in zip(near, weights))]
        self.cells = lambda block: [cell(block, i, near) for i, near in zip(_MIDDLE, around)]
        self.packed = _packed(compiled, around) if compiled.states == 2 else None


def _packed(compiled, around):
    """The ``LeafStep.packed`` list of a two-state CompiledRule (see there)."""
    index = np.arange(1 << 16)
    # cell (r, c) of the 4 x 4 block is bit 4 * quadrant + place, quadrant and place each (row, column) in 2 x 2
    bits = [4 * (2 * (r // 2) + c // 2) + 2 * (r % 2) + c % 2 for r in range(4) for c in range(4)]
    blocks = np.stack([(index >> b) & 1 for b in bits], axis=1)  # (65536, 16): row-major cells
    table = compiled.table
    nxt = []
    for i, near in zip(_MIDDLE, around):
        if compiled.form == "counts":
            nxt.append(table[blocks[:, i], (blocks[:, near] == ALIVE).sum(axis=1)])
        else:
            nxt.append(table[(blocks[:, near] << np.arange(len(near))).sum(axis=1)])
    return list(map(tuple, np.stack(nxt, axis=1).tolist()))


def _stepper(store, leaf_step):
    """``step(node, j)``: the middle half (level k - 1) of ``node`` (level k >= 2), 2^j
    generations on (0 <= j <= k - 2), remembered on the node (j = k - 2) or in store.partial.

    The hot loop of the driver: a node's result and the intern table are read inline before any
    call (``x.result or step(x, i)``, ``get(key) or join(*key)``), since most lookups hit and a
    Python call costs more than the lookup (measured, CPU seconds, best of 5: ruler.mc to 2^20
    0.49 -> 0.35, acorn to 2^16 1.95 -> 1.68, the gun to 2^30 0.042 -> 0.031).
    """
    join, leaf, empty, cells, get = store.join, store.leaf, store.empty, leaf_step.cells, store.table.get

    packed = leaf_step.packed

    def base(node):  # level 2 -> level 1, one generation
        a, b, c, d = node.nw, node.ne, node.sw, node.se
        if packed is not None:
            return leaf(*packed[a.nw | a.ne << 1 | a.sw << 2 | a.se << 3 | b.nw << 4 | b.ne << 5 | b.sw << 6
                                | b.se << 7 | c.nw << 8 | c.ne << 9 | c.sw << 10 | c.se << 11 | d.nw << 12
                                | d.ne << 13 | d.sw << 14 | d.se << 15])
        return leaf(*cells((a.nw, a.ne, b.nw, b.ne, a.sw, a.se, b.sw, b.se,
                            c.nw, c.ne, d.nw, d.ne, c.sw, c.se, d.sw, d.se)))

    def step(node, j):
        k = node.level
        full = j == k - 2
        if full:
            result = node.result
            if result is not None:
                return result
        else:
            cache = store.partial.get(j)
            if cache is None:
                cache = store.partial[j] = {}
            result = cache.get(node)
            if result is not None:
                return result
        if not node.population:
            result = empty(k - 1)
        elif k == 2:
            result = base(node)
        else:
            nw, ne, sw, se = node.nw, node.ne, node.sw, node.se
            # the 4 x 4 grandchildren, row by row: a b e f / c d g h / i j m n / k l o p
            a, b, c, d = nw.nw, nw.ne, nw.sw, nw.se
            e, f, g, h = ne.nw, ne.ne, ne.sw, ne.se
            i, j_, k_, l_ = sw.nw, sw.ne, sw.sw, sw.se
            m, n, o, p = se.nw, se.ne, se.sw, se.se
            # the five of the nine overlapping quadrant-sized nodes that are not quadrants
            n01 = get((b, e, d, g)) or join(b, e, d, g)
            n10 = get((c, d, i, j_)) or join(c, d, i, j_)
            n11 = get((d, g, j_, m)) or join(d, g, j_, m)
            n12 = get((g, h, m, n)) or join(g, h, m, n)
            n21 = get((j_, m, l_, o)) or join(j_, m, l_, o)
            if full:  # two half-steps of 2^(k-3): each child's own full step
                s = k - 3
                c00, c01, c02 = nw.result or step(nw, s), n01.result or step(n01, s), ne.result or step(ne, s)
                c10, c11, c12 = n10.result or step(n10, s), n11.result or step(n11, s), n12.result or step(n12, s)
                c20, c21, c22 = sw.result or step(sw, s), n21.result or step(n21, s), se.result or step(se, s)
                q0 = get((c00, c01, c10, c11)) or join(c00, c01, c10, c11)
                q1 = get((c01, c02, c11, c12)) or join(c01, c02, c11, c12)
                q2 = get((c10, c11, c20, c21)) or join(c10, c11, c20, c21)
                q3 = get((c11, c12, c21, c22)) or join(c11, c12, c21, c22)
                r0, r1 = q0.result or step(q0, s), q1.result or step(q1, s)
                r2, r3 = q2.result or step(q2, s), q3.result or step(q3, s)
                result = get((r0, r1, r2, r3)) or join(r0, r1, r2, r3)
            else:  # 2^j generations, then no more: the middles of the four
                c00, c01, c02 = step(nw, j), step(n01, j), step(ne, j)
                c10, c11, c12 = step(n10, j), step(n11, j), step(n12, j)
                c20, c21, c22 = step(sw, j), step(n21, j), step(se, j)
                inner = leaf if k == 3 else join
                result = join(inner(c00.se, c01.sw, c10.ne, c11.nw), inner(c01.se, c02.sw, c11.ne, c12.nw),
                              inner(c10.se, c11.sw, c20.ne, c21.nw), inner(c11.se, c12.sw, c21.ne, c22.nw))
        if full:
            node.result = result
        else:
            cache[node] = result
        return result

    return step


def _advance_power(store, step, root, power):
    """The root 2^power generations on: expanded until its pattern sits in its middle quarter
    with room for the step, stepped (the middle half, same centre), cropped back."""
    while root.level < power + 2 or store.centre(root).population != root.population:
        root = store.expand(root)
    root = step(store.expand(root), power)
    while root.level > MIN_LEVEL and store.centre(root).population == root.population:
        root = store.centre(root)
    return root
