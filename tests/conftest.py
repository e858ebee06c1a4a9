"""Shared fixtures: a textbook-style coroutine driver with fake data, and a fixture over every driver."""


import pytest

from lifesim.drivers import DRIVERS, get_driver
from lifesim.errors import LifesimError


def drive(coroutine, answers):
    """Drive ``coroutine`` as the textbook does: send each answer in turn after each yield.

    Returns (list of yielded items, the coroutine's return value or None).
    """
    items = []
    try:
        item = next(coroutine)
        items.append(item)
        for answer in answers:
            item = coroutine.send(answer)
            items.append(item)
    except StopIteration as stop:
        return items, stop.value
    return items, None


def _available_drivers():
    names = []
    for name in DRIVERS:
        try:
            get_driver(name).close()
        except (LifesimError, ImportError):
            continue
        names.append(name)
    return names


AVAILABLE_DRIVERS = _available_drivers()


@pytest.fixture(params=AVAILABLE_DRIVERS, scope="module")
def driver(request):
    """Every registered driver that can start here; like a real one it outlives many generations."""
    with get_driver(request.param, workers=2 if request.param != "serial" else None) as d:
        yield d
