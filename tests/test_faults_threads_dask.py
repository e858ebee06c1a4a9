"""Faults in the threads and dask drivers: Ctrl-C during a run, a worker process killed mid-run.

A rule raising in a band or a dask worker is covered in test_drivers_threads.py and
test_drivers_dask.py. The dask tests share one driver and the LocalCluster it starts (2 worker
processes); a test that makes the driver close its cluster leaves the next run a fresh one.
"""

import functools
import os
import signal
import threading
import time

import psutil
import pytest

from lifesim import Grid, Query, Transition
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.rules import CONWAY, Rule
from tests.test_faults import kills_its_worker, sleeps_after_marking

PROMPTLY = 10  # seconds: only guards against a hang


def marks_and_naps(marker, calls, y, x):
    """Creates ``marker``, counts the call in ``calls`` and naps briefly: a slow but finite cell."""
    state = yield Query(y, x)
    if not calls:
        with open(marker, "w"):
            pass
    calls.append((y, x))
    time.sleep(0.002)
    yield Transition(y, x, state)


def _interrupt_when(marker):
    """Sends SIGINT to the main thread, as Ctrl-C does, once ``marker`` exists."""
    def interrupt():
        while not os.path.exists(marker):
            time.sleep(0.01)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)

    threading.Thread(target=interrupt, daemon=True).start()


def _descendants():
    """Child processes, less multiprocessing's own helpers (they live as long as this process)."""
    return {p.pid for p in psutil.Process().children(recursive=True)
            if not any(helper in " ".join(_cmdline(p)) for helper in ("resource_tracker", "forkserver"))}


def _cmdline(process):
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _alive(pids):
    return [pid for pid in pids
            if psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE]


def _wait_until(predicate, seconds=PROMPTLY):
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


# threads


def test_threads_ctrl_c_cancels_the_job_and_the_driver_goes_on(tmp_path):
    marker, calls = str(tmp_path / "started"), []
    grid = Grid.empty(8, 8)  # 64 cells
    generations = 10_000  # minutes of naps: only a cancelled job ends in time
    with get_driver("threads", workers=2) as driver:
        _interrupt_when(marker)
        start = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            driver.advance(grid, Rule.from_cell(functools.partial(marks_and_naps, marker, calls)), generations)
        assert time.monotonic() - start < PROMPTLY
        # both bands report the cancelled job once they stop, at the end of the generation they were in
        assert _wait_until(lambda: driver._results.qsize() == 2)
        stopped_at = len(calls)
        assert stopped_at % 64 == 0 and 0 < stopped_at < generations * 64
        time.sleep(0.1)
        assert len(calls) == stopped_at  # nothing runs on
        assert all(t.is_alive() for t in driver._threads)
        soup = Grid.random(11, 9, 0.45, seed=3)
        assert driver.advance(soup, CONWAY, 3) == get_driver("serial").advance(soup, CONWAY, 3)
        assert driver.advance(soup, CONWAY, 1) == get_driver("serial").advance(soup, CONWAY, 1)


# dask: one driver and its LocalCluster for the module


@pytest.fixture(scope="module")
def dask_driver():
    pytest.importorskip("distributed")
    before = _descendants()
    with get_driver("dask", workers=2) as driver:
        yield driver
    assert _wait_until(lambda: not _alive(_descendants() - before)), "dask processes left behind"


def _worker_pids(driver):
    return set(driver._connect().run(os.getpid).values())


def test_dask_killed_worker_is_a_clear_error_not_a_hang(dask_driver):
    dask_driver.advance(Grid.empty(8, 8), CONWAY)
    workers = _worker_pids(dask_driver)
    start = time.monotonic()
    with pytest.raises(LifesimError, match="dask worker died while running a tile"):
        dask_driver.advance(Grid.empty(8, 8), Rule.from_cell(kills_its_worker), 2)
    assert time.monotonic() - start < PROMPTLY
    assert _wait_until(lambda: len(_alive(workers)) < len(workers))  # the killed ones are gone, not zombies
    soup = Grid.random(9, 9, 0.5, seed=1)
    assert dask_driver.advance(soup, CONWAY, 2) == get_driver("serial").advance(soup, CONWAY, 2)


def test_dask_ctrl_c_cancels_and_stops_the_workers(dask_driver, tmp_path):
    marker = str(tmp_path / "started")
    dask_driver.advance(Grid.empty(8, 8), CONWAY)
    processes = _descendants()  # the local cluster's nannies and workers
    assert processes
    _interrupt_when(marker)
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        dask_driver.advance(Grid.empty(8, 8), Rule.from_cell(functools.partial(sleeps_after_marking, marker)), 2)
    assert time.monotonic() - start < PROMPTLY
    assert dask_driver._client is None  # a cell sleeping in a worker: the local cluster was closed
    assert _wait_until(lambda: not _alive(processes))
    soup = Grid.random(9, 9, 0.5, seed=4)
    assert dask_driver.advance(soup, CONWAY, 2) == get_driver("serial").advance(soup, CONWAY, 2)  # a fresh cluster


def test_dask_time_limit_cancels_closes_the_local_cluster_and_names_the_tiles(dask_driver, tmp_path, monkeypatch):
    from lifesim.drivers.guard import GenerationTimeout

    marker = str(tmp_path / "started")
    dask_driver.advance(Grid.empty(8, 8), CONWAY)
    processes = _descendants()
    monkeypatch.setattr(dask_driver, "time_limit", 1)
    start = time.monotonic()
    with pytest.raises(GenerationTimeout, match=r"2 generations took longer than 2 s \(1 s a generation\); "
                                                r"still running: the dask tiles \(the local cluster was shut down"):
        dask_driver.advance(Grid.empty(8, 8), Rule.from_cell(functools.partial(sleeps_after_marking, marker)), 2)
    assert 2 <= time.monotonic() - start < PROMPTLY
    assert dask_driver._client is None and _wait_until(lambda: not _alive(processes))
    soup = Grid.random(9, 9, 0.5, seed=5)
    assert dask_driver.advance(soup, CONWAY, 2) == get_driver("serial").advance(soup, CONWAY, 2)  # a fresh cluster


def test_dask_time_limit_option_is_one_line_exit_2(tmp_path, capsys):
    pytest.importorskip("distributed")
    from lifesim.app.cli import main

    rule = tmp_path / "sleepy.py"
    rule.write_text("import time\n"
                    "def sleepy(state, neighbors):\n"
                    "    time.sleep(60)\n"
                    "    return state\n")
    before = _descendants()
    argv = ["glider", "--headless", "--quiet", "--size", "6x6", "--rule", f"{rule}:sleepy",
            "--driver", "dask", "--workers", "1", "--time-limit", "1"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "took longer than 1 s" in err and "the dask tiles" in err
    assert _wait_until(lambda: not _alive(_descendants() - before)), "dask processes left behind"
