"""The hash-consed quadtree (lifesim.quadtree) and the QuadPlane universe on it (lifesim.quadplane)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim.errors import LifesimError
from lifesim.quadplane import CENTRE, MIN_LEVEL, QuadPlane
from lifesim.quadtree import MIN_NODES, NodeStore
from lifesim.universe import Plane

GLIDER = ([0, 1, 2, 2, 2], [1, 2, 0, 1, 2])


def test_equal_blocks_are_one_node_and_populations_add_up():
    store = NodeStore()
    a = store.join(store.leaf(1, 0, 0, 1), store.leaf(0, 0, 0, 0), store.leaf(0, 0, 0, 0), store.leaf(2, 0, 0, 0))
    b = store.join(store.leaf(1, 0, 0, 1), store.leaf(0, 0, 0, 0), store.leaf(0, 0, 0, 0), store.leaf(2, 0, 0, 0))
    assert a is b and a.level == 2 and a.population == 3
    assert store.empty(2) is store.join(*[store.leaf(0, 0, 0, 0)] * 4)
    assert store.max_state == 2


def test_expanding_and_taking_the_middle_keep_the_centre():
    store = NodeStore()
    q = QuadPlane.from_points(*GLIDER, store=store)
    wider = q.with_root(store.expand(q.root))
    assert wider.level == q.level + 1 and wider == q and wider.bounding_box() == q.bounding_box()
    assert q.with_root(store.centre(wider.root)) == q


def test_a_huge_population_is_an_exact_int():
    store = NodeStore()
    node = store.leaf(1, 1, 1, 1)
    for _ in range(200):
        node = store.join(node, node, node, node)
    q = QuadPlane(store, node)
    assert q.population == 4 ** 201 and len(store) == 201
    side = 2 ** 201
    assert q.bounding_box() == (CENTRE[0] - side // 2, CENTRE[0] + side // 2, -side // 2, side // 2)
    assert q.window(0, 2, 5, 8).tolist() == [[1, 1, 1], [1, 1, 1]]
    with pytest.raises(LifesimError, match="more than the 4,194,304 that can be listed"):
        q.points()
    with pytest.raises(LifesimError, match="--driver hashlife"):
        q.to_plane()


@st.composite
def scattered(draw):
    """(ys, xs, states): up to 60 points of states 1..3, near the origin or astronomically far."""
    n = draw(st.integers(0, 60))
    spread = draw(st.sampled_from([4, 40, 2 ** 20, 2 ** 61]))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    return (rng.integers(-spread, spread, n), rng.integers(-spread, spread, n), rng.integers(1, 4, n).astype(np.uint8))


@settings(max_examples=40, deadline=None)
@given(points=scattered())
def test_a_plane_goes_into_the_tree_and_comes_back(points):
    plane = Plane.from_points(*points) if max(map(abs, points[0].tolist() + points[1].tolist() + [0])) < 2 ** 35 else None
    q = QuadPlane.from_points(*points)
    ys, xs, states = q.points()
    expected = sorted(dict(zip(zip(points[0].tolist(), points[1].tolist()), points[2].tolist())).items())
    assert list(zip(zip(ys.tolist(), xs.tolist()), states.tolist())) == expected
    assert q.population == len(expected)
    assert q.max_state == max((s for _, s in expected), default=0)
    if expected:
        assert q.bounding_box() == (min(y for (y, _), _ in expected), max(y for (y, _), _ in expected) + 1,
                                    min(x for (_, x), _ in expected), max(x for (_, x), _ in expected) + 1)
    else:
        assert q.bounding_box() is None and q.level == MIN_LEVEL
    if plane is not None:
        assert q.to_plane() == plane and q == plane
        box = plane.bounding_box() or (0, 1, 0, 1)
        y0, y1, x0, x1 = box[0] - 3, min(box[1], box[0] + 50) + 2, box[2] - 1, min(box[3], box[2] + 50) + 4
        assert np.array_equal(q.window(y0, y1, x0, x1), plane.window(y0, y1, x0, x1))


def test_trees_on_two_stores_compare_by_their_cells():
    a = QuadPlane.from_points(*GLIDER)
    b = QuadPlane.from_points(*GLIDER)
    assert a.store is not b.store and a == b
    assert a != QuadPlane.from_points([0, 1, 2, 2, 2], [1, 2, 0, 1, 3])
    assert a != QuadPlane.from_points(*GLIDER, states=2)


def test_a_collection_keeps_live_roots_and_drops_the_rest():
    store = NodeStore()
    kept = QuadPlane.from_points(*GLIDER, store=store)
    dropped = QuadPlane.from_points([5, 9, 40], [7, -3, 12], store=store)
    before = len(store)
    del dropped
    assert store.collect() > 0
    assert len(store) < before
    assert kept.points()[0].tolist() == GLIDER[0]
    # what is left is still interned: rebuilding the kept pattern makes no node
    size = len(store)
    assert QuadPlane.from_points(*GLIDER, store=store).root is kept.root and len(store) == size


def test_a_store_collects_by_itself_past_its_memory():
    store = NodeStore(memory=0.001)  # below MIN_NODES: the floor applies
    assert store.limit == MIN_NODES
    told = []
    store.on_collect = lambda kept, dropped: told.append((kept, dropped))
    rng = np.random.default_rng(1)
    for _ in range(10):  # soups made and forgotten: garbage
        QuadPlane.from_points(rng.integers(0, 128, 3000), rng.integers(0, 128, 3000), store=store)
    assert store.collections >= 1 and told and len(store) <= store.limit + store.limit // 4
