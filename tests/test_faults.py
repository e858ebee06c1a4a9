"""Faults in the process drivers: rule errors, dead workers, unpicklable rules, Ctrl-C."""

import functools
import os
import signal
import threading
import time

import psutil
import pytest

from lifesim import Grid, Query, Transition
from lifesim.drivers import get_driver
from lifesim.errors import CellError, LifesimError
from lifesim.rules import CONWAY, Rule

def raises_at_3_4(y, x):
    state = yield Query(y, x)
    if (y, x) == (3, 4):
        raise ZeroDivisionError("worker boom")
    yield Transition(y, x, state)


def kills_its_worker(y, x):
    state = yield Query(y, x)
    if (y, x) == (0, 0):
        os.kill(os.getpid(), signal.SIGKILL)
    yield Transition(y, x, state)


def sleeps_after_marking(marker, y, x):
    """Creates the file ``marker`` (so the test knows a worker is busy), then sleeps long."""
    state = yield Query(y, x)
    with open(marker, "w"):
        pass
    time.sleep(60)
    yield Transition(y, x, state)


def _worker_pids(driver):
    return [p.pid for p in driver._procs]


def _all_gone(pids):
    return not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in pids)


@pytest.fixture
def processes():
    with get_driver("processes", workers=2) as driver:
        yield driver


def test_a_rule_error_in_a_worker_names_the_cell(processes):
    with pytest.raises(CellError, match=r"cell \(3, 4\).*ZeroDivisionError: worker boom.*test_faults.py"):
        processes.advance(Grid.empty(8, 8), Rule.from_cell(raises_at_3_4))
    assert processes.advance(Grid.empty(4, 4), CONWAY) == Grid.empty(4, 4)  # a fresh pool


def test_a_killed_worker_is_a_clear_error_and_leaves_no_process(processes):
    processes.advance(Grid.empty(8, 8), CONWAY)
    # the SIGKILL, or, when the fork server's report of it is lost (CPython gives 255), no status
    with pytest.raises(LifesimError, match="worker process died.*(SIGKILL|without an exit status).*shut down"):
        processes.advance(Grid.empty(8, 8), Rule.from_cell(kills_its_worker))
    assert processes._pool is None
    assert _all_gone(_worker_pids(processes)) and processes._procs == []
    grid = Grid.random(9, 9, 0.5, seed=1)
    assert processes.advance(grid, CONWAY, 2) == get_driver("serial").advance(grid, CONWAY, 2)


@pytest.mark.parametrize("name", ["processes", "dask"])
@pytest.mark.parametrize("rule", [Rule.from_logic(lambda s, n: s, "lam"), Rule.from_cell(lambda y, x: iter(()), "gen")])
def test_an_unpicklable_rule_is_refused_before_any_work(name, rule):
    with get_driver(name, workers=2) as driver:
        with pytest.raises(LifesimError, match="cannot be sent to worker processes.*module level"):
            driver.advance(Grid.empty(4, 4), rule)
        assert getattr(driver, "_pool", None) is None and getattr(driver, "_client", None) is None


def test_ctrl_c_stops_the_workers(processes, tmp_path):
    marker = tmp_path / "started"

    def interrupt_when_started():
        while not marker.exists():
            time.sleep(0.01)
        pids.extend(_worker_pids(processes))
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # as Ctrl-C does

    pids = []
    threading.Thread(target=interrupt_when_started, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        processes.advance(Grid.empty(4, 4), Rule.from_cell(functools.partial(sleeps_after_marking, str(marker))))
    assert pids and _all_gone(pids)
    assert processes._pool is None


SPIN = '''
from lifesim import Query, Transition


def spin(y, x):
    """Cell (5, 6) loops forever between two yields: no step budget can see it."""
    state = yield Query(y, x)
    if (y, x) == (5, 6):
        while True:
            pass
    yield Transition(y, x, state)
'''


@pytest.fixture
def spin_file(tmp_path):
    path = tmp_path / "spin.py"
    path.write_text(SPIN)
    return f"{path}:spin"


@pytest.mark.parametrize("transport", ["shm", "pickle"])
def test_a_cell_spinning_forever_runs_into_the_time_limit(spin_file, transport):
    from lifesim.drivers.guard import GenerationTimeout
    from lifesim.rules import parse_rule

    with get_driver("processes", workers=2, transport=transport, time_limit=1) as driver:
        driver.advance(Grid.empty(8, 8), CONWAY)
        pids, shutdown = [], driver._shutdown

        def recording_shutdown():
            pids.extend(_worker_pids(driver))
            return shutdown()

        driver._shutdown = recording_shutdown
        with pytest.raises(GenerationTimeout, match=r"longer than 1 s; still running: tile 1 \(cells y 4..7, x 0..7\) "):
            driver.advance(Grid.empty(8, 8), parse_rule(spin_file))
        assert pids and _all_gone(pids)
        assert driver._pool is None and driver._procs == []
        grid = Grid.random(9, 9, 0.5, seed=2)
        assert driver.advance(grid, CONWAY, 2) == get_driver("serial").advance(grid, CONWAY, 2)  # a fresh pool


def test_the_time_limit_option_is_one_line_exit_2(spin_file, capsys):
    from lifesim.app.cli import main

    argv = ["glider", "--rule", spin_file, "--size", "8x8", "--headless", "--quiet", "--generations", "1",
            "--driver", "processes", "--workers", "2", "--time-limit", "1"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "longer than 1 s; still running: tile 1 (cells y 4..7, x 0..7)" in err
    assert main(["glider", "--headless", "--quiet", "--time-limit", "1"]) == 2
    assert "--time-limit applies to the processes and dask drivers, not 'serial'" in capsys.readouterr().err
