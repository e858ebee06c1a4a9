"""The threads driver: persistent band threads, a barrier per generation, errors from bands."""

import pytest

from lifesim import Grid, Query, Transition
from lifesim.drivers import get_driver
from lifesim.drivers._tiles import split
from lifesim.errors import CellError, LifesimError
from lifesim.rules import CONWAY, Rule


def fails_low(y, x):
    """Raises for one cell in the last row, so only the last band fails."""
    state = yield Query(y, x)
    if y == 9 and x == 3:
        raise ValueError("bottom band")
    yield Transition(y, x, state)


def test_split_covers_without_empty_pieces():
    assert split(10, 3) == [(0, 3), (3, 6), (6, 10)]
    assert split(2, 5) == [(0, 1), (1, 2)]
    assert split(1, 1) == [(0, 1)]


def test_threads_outlive_generations_and_stop_on_close():
    grid = Grid.random(12, 9, 0.4, seed=2)
    with get_driver("threads", workers=3) as driver:
        driver.advance(grid, CONWAY, 2)
        first = list(driver._threads)
        driver.advance(grid, CONWAY, 2)
        assert driver._threads == first and len(first) == 3
        assert all(t.is_alive() for t in first)
    assert not any(t.is_alive() for t in first)


def test_more_threads_than_rows():
    grid = Grid.random(2, 7, 0.5, seed=1)
    with get_driver("threads", workers=4) as driver, get_driver("serial") as serial:
        assert driver.advance(grid, CONWAY, 3) == serial.advance(grid, CONWAY, 3)


def test_an_error_in_one_band_names_the_cell_and_the_driver_goes_on():
    grid = Grid.empty(10, 5)
    with get_driver("threads", workers=2) as driver:
        with pytest.raises(CellError, match=r"cell \(9, 3\).*bottom band"):
            driver.advance(grid, Rule.from_cell(fails_low), 3)
        assert driver.advance(grid, CONWAY, 1) == grid  # no stuck barrier or stale result


def test_a_closed_driver_refuses_work():
    driver = get_driver("threads", workers=2)
    driver.close()
    with pytest.raises(LifesimError, match="closed"):
        driver.advance(Grid.empty(3, 3), CONWAY)


def test_closing_waits_for_stuck_bands_once_in_all_not_once_per_thread():
    import threading
    import time

    from lifesim.drivers.threads import CLOSE_SECONDS

    release, entered = threading.Event(), threading.Semaphore(0)

    def stuck(y, x):  # every band's first cell waits until the test lets it go
        state = yield Query(y, x)
        entered.release()
        release.wait(60)
        yield Transition(y, x, state)

    driver = get_driver("threads", 3)
    runner = threading.Thread(target=driver.advance, args=(Grid.empty(6, 4), Rule.from_cell(stuck)))
    runner.start()
    try:
        for _ in range(3):
            assert entered.acquire(timeout=10)
        start = time.monotonic()
        driver.close()
        assert time.monotonic() - start < CLOSE_SECONDS + 1  # was 10 s a thread
    finally:
        release.set()
        runner.join(30)
