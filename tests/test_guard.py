"""Guard rails: the per-cell step budget, and the wall-clock limit for drivers with worker processes."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from lifesim import Grid, LifesimError, ProtocolError, Query, Simulation
from lifesim.drivers.guard import ENV, GenerationTimeout, gather, time_limit
from lifesim.rules import Rule


def forever(y, x):
    while True:
        yield Query(y, x)


def test_the_step_budget_stops_a_cell_that_never_transitions():
    with pytest.raises(ProtocolError, match=r"cell \(0, 0\): no Transition after 10000 requests"):
        Simulation(Grid.empty(2, 2), Rule.from_cell(forever)).step()


def test_the_step_budget_is_a_parameter_of_the_interpreter():
    from lifesim.drivers._loop import advance_cells

    grid = Grid.empty(2, 2)
    with pytest.raises(ProtocolError, match="after 5 requests"):
        advance_cells(forever, grid.padded(1), (-1, -1), (0, 2, 0, 2), 1, 2, budget=5)


def test_gather_gives_up_after_the_limit_and_names_what_is_still_running():
    release = threading.Event()
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(lambda: 1), pool.submit(release.wait)]
        try:
            with pytest.raises(GenerationTimeout, match=r"longer than 0.05 s; still running: tile 1 \(rows 8..16\)"):
                gather(futures, 0.05, lambda i: f"tile {i} (rows {8 * i}..{8 * i + 8})")
        finally:
            release.set()


def test_gather_returns_results_in_order_and_raises_the_first_error():
    with ThreadPoolExecutor(2) as pool:
        assert gather([pool.submit(lambda: 1), pool.submit(lambda: 2)], 10) == [1, 2]
        with pytest.raises(ZeroDivisionError):
            gather([pool.submit(lambda: 1 // 0)])


def test_the_limit_comes_from_the_driver_then_the_environment(monkeypatch):
    class Driver:
        time_limit = 3

    monkeypatch.delenv(ENV, raising=False)
    assert time_limit() is None and time_limit(Driver()) == 3
    monkeypatch.setenv(ENV, "2.5")
    assert time_limit() == 2.5 and time_limit(Driver()) == 3
    for bad in ("soon", "-1"):
        monkeypatch.setenv(ENV, bad)
        with pytest.raises(LifesimError):
            time_limit()
