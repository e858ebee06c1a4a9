"""Rules sent to worker processes, and the work of tiles there (processes and dask drivers).

A rule goes out pickled, checked and pickled once per Rule (``rule_blob``); workers unpickle it
once per process (``load_rule``), so a rule loaded from a file is imported once per worker, not
once per tile or generation.
"""

import pickle
import weakref

from lifesim.drivers._loop import advance_tile
from lifesim.rules import ensure_picklable

_BLOBS = weakref.WeakKeyDictionary()  # Rule -> its pickle, in the process that sends it
_RULES = {}  # pickled rule (bytes) -> Rule, in a worker


def rule_blob(rule):
    """``rule`` pickled for the workers; checked with ``ensure_picklable`` and pickled once.

    Unpickling a rule from a file runs the file, so doing this per generation would run it
    each time (the dask driver did: 23 times in 20 generations).
    """
    blob = _BLOBS.get(rule)
    if blob is None:
        ensure_picklable(rule)
        blob = _BLOBS[rule] = pickle.dumps(rule)
    return blob


def load_rule(blob):
    """The Rule pickled in ``blob``, cached for the life of this process."""
    rule = _RULES.get(blob)
    if rule is None:
        if len(_RULES) > 64:  # a long-lived worker that has seen many rules
            _RULES.clear()
        rule = _RULES[blob] = pickle.loads(blob)
    return rule


def run_tile(blob, tile, origin):
    """In a worker: the next generation of the middle of ``tile`` under the rule in ``blob``."""
    return advance_tile(load_rule(blob), tile, origin)


def run_tiles(blob, halos, origins, runs=None):
    """In a worker: ``run_tile`` for each of a list of halo tiles and their origins, or only the
    cells of ``runs[i]`` in tile i (see ``advance_tile``); a list."""
    rule = load_rule(blob)
    runs = runs or [None] * len(halos)
    return [advance_tile(rule, halo, origin, part) for halo, origin, part in zip(halos, origins, runs)]
