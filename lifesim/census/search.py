"""Soups to objects: the soups of a census run on one plane until each settles, then each is cut
into objects named by apgcode (``settle`` and ``objects``).
"""

from lifesim.census.objects import WATCH, Namer
from lifesim.census.settle import settle
from lifesim.census.soups import soup_cells, soup_seed


def search(root, indices, namer, symmetry="C1"):
    """The objects of soups ``indices`` (ints) of root ``root``: a list of Counters (apgcode ->
    how many), in the order of ``indices``. ``namer``: a Namer (its rule and driver run the soups)."""
    soups = ((i, soup_cells(soup_seed(root, i), symmetry)) for i in indices)
    found = {}
    for settled in settle(soups, namer.rule, namer.driver):
        found[settled.index] = namer.objects(settled.plane, max(settled.period or WATCH, WATCH))
    return [found[i] for i in indices]


__all__ = ["search", "Namer"]
