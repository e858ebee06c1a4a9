"""Clusters of points: which live cells belong together, at a given reach.

Two points are in one cluster when a chain of points joins them, each within ``reach`` rows
and ``reach`` columns of the next (Chebyshev distance). A rule of radius r cannot make two
clusters at reach 2r interact (no cell sees both), which is how a settled soup is cut into
pieces that evolve on their own.
"""

import numpy as np


def clusters(ys, xs, reach):
    """Cluster labels of points (ys[i], xs[i]) (int64 arrays of one length, no point twice):
    an (N,) ``int64`` array of 0..K-1, numbered in the order of each cluster's first point."""
    ys, xs = np.asarray(ys, np.int64), np.asarray(xs, np.int64)
    n = len(ys)
    if n == 0:
        return np.zeros(0, np.int64)
    # One int64 key per point, columns offset by ``reach`` so that a neighbour's key never
    # wraps into another row: key = y * width + x.
    width = int(xs.max() - xs.min()) + 2 * reach + 1
    keys = (ys - ys.min()) * width + (xs - xs.min() + reach)
    order = np.argsort(keys, kind="stable")
    keys = keys[order]
    src, dst = [], []
    for dy in range(reach + 1):
        for dx in range(-reach, reach + 1):
            if dy == 0 and dx <= 0:  # each pair once: the neighbours after a point in key order
                continue
            target = keys + (dy * width + dx)
            at = np.minimum(np.searchsorted(keys, target), n - 1)
            hit = np.flatnonzero(keys[at] == target)
            src.append(hit)
            dst.append(at[hit])
    src, dst = np.concatenate(src), np.concatenate(dst)
    labels = np.arange(n)
    while True:  # least label along every edge, with pointer jumping: converges in a few rounds
        low = np.minimum(labels[src], labels[dst])
        new = labels.copy()
        np.minimum.at(new, src, low)
        np.minimum.at(new, dst, low)
        new = new[new]
        if np.array_equal(new, labels):
            break
        labels = new
    out = np.empty(n, np.int64)
    out[order] = labels
    _, first, inverse = np.unique(out, return_index=True, return_inverse=True)
    rank = np.empty(len(first), np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    return rank[inverse.ravel()]
