"""QuadPlane's edits for the window (set cells, clear a rectangle, its cost in nodes) and its
window far beyond int64: each checked against the Plane, which lists its cells."""

import numpy as np
import pytest

from lifesim.quadplane import CENTRE, QuadPlane
from lifesim.universe import Plane


def random_points(seed, n=400, spread=300):
    rng = np.random.default_rng(seed)
    ys, xs = rng.integers(-spread, spread, n), rng.integers(-spread, spread, n)
    return ys, xs, rng.integers(1, 4, n).astype(np.uint8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_with_points_sets_and_erases_cells_as_the_plane_does(seed):
    ys, xs, states = random_points(seed)
    plane, tree = Plane.from_points(ys, xs, states), QuadPlane.from_points(ys, xs, states)
    rng = np.random.default_rng(seed + 10)
    # erase some live cells, set others (some far past the root, which must grow), repeat a cell
    ey, ex = ys[:50], xs[:50]
    ny, nx = rng.integers(-5000, 5000, 60), rng.integers(-90, 70_000, 60)
    ny[1], nx[1] = ny[0], nx[0]
    new = rng.integers(1, 4, 60).astype(np.uint8)
    plane, tree2 = plane.with_points(ey, ex, 0).with_points(ny, nx, new), tree.with_points(ey, ex, 0).with_points(ny, nx, new)
    assert tree2 == plane and tree2.store is tree.store
    assert tree == QuadPlane.from_points(ys, xs, states)  # the original is untouched
    assert tree.with_points([], [], 1) is tree


def test_one_click_on_a_far_cell_sets_only_that_cell():
    tree = QuadPlane.from_points([0, 1, 2], [1, 2, 0])
    far = tree.with_points([10 ** 15], [-(10 ** 15)], 1)
    assert far.population == 4 and far.window(10 ** 15, 10 ** 15 + 1, -(10 ** 15), -(10 ** 15) + 1)[0, 0] == 1
    assert far.with_points([10 ** 15], [-(10 ** 15)], 0).same_cells(tree)


@pytest.mark.parametrize("inside", [True, False])
def test_cleared_empties_a_rectangle_or_all_but_it(inside):
    ys, xs, states = random_points(4)
    plane, tree = Plane.from_points(ys, xs, states), QuadPlane.from_points(ys, xs, states)
    box = (-37, 121, -300, 5)
    py, px, ps = plane.points()
    keep = ((py >= box[0]) & (py < box[1]) & (px >= box[2]) & (px < box[3])) != inside
    assert tree.cleared(*box, inside=inside) == Plane.from_points(py[keep], px[keep], ps[keep])
    assert tree.cleared(-10 ** 12, 10 ** 12, -10 ** 12, 10 ** 12).population == 0


def test_node_count_counts_shared_nodes_once():
    ys, xs = np.meshgrid(np.arange(0, 1024, 8), np.arange(0, 1024, 8), indexing="ij")
    tree = QuadPlane.from_points(ys.ravel(), xs.ravel())  # one block repeated 16,384 times
    assert tree.population == 16384 and tree.node_count() < 4 * tree.level


def test_window_far_beyond_int64():
    tree = QuadPlane.from_points([0, 0, 1], [0, 1, 0])  # the root: level 3, cells (-3..4, -4..3)
    store, node = tree.store, tree.root
    while node.level < 70:  # the small tree in the south-east corner of ever larger ones
        e = store.empty(node.level)
        node = store.join(e, e, e, node)
    far = tree.with_root(node)
    # the level-3 block sits 2^69 - 8 cells south-east of the big root's centre cell (1, 0)
    y, x = (1 << 69) - 8 + 1 + 3, (1 << 69) - 8 + 4
    assert far.population == 3 and far.window(y, y + 2, x, x + 2).tolist() == [[1, 1], [1, 0]]
    assert far.window(y + 2, y + 9, x, x + 9).sum() == 0 and far.window(-4, 4, -4, 4).sum() == 0


@pytest.mark.parametrize("level, shift", [(0, (0, 0)), (1, (3, -5)), (3, (-40, 17)), (5, (64, -64))])
def test_picture_marks_each_block_that_holds_a_live_cell(level, shift):
    ys, xs, states = random_points(7, n=3000, spread=700)
    tree = QuadPlane.from_points(ys, xs, states)
    side = 1 << level
    # a picture that starts inside the pattern (nodes cut by its edges), blocks aligned to the tree
    y0, x0 = -300 + shift[0], -250 + shift[1]
    y0 -= (y0 - CENTRE[0]) % side
    x0 -= (x0 - CENTRE[1]) % side
    rows, columns = 600 // side + 1, 500 // side + 1
    py, px, ps = tree.points()
    inside = (py >= y0) & (py < y0 + rows * side) & (px >= x0) & (px < x0 + columns * side)
    expected = np.zeros((rows, columns), np.uint8)
    np.maximum.at(expected, ((py[inside] - y0) >> level, (px[inside] - x0) >> level),
                  ps[inside] if level == 0 else 1)
    assert np.array_equal(tree.picture(y0, x0, rows, columns, level), expected)
