"""The dask driver on a real LocalCluster of worker processes, reached by scheduler address."""

import pytest

distributed = pytest.importorskip("distributed")

from lifesim import Grid, Query, Transition  # noqa: E402
from lifesim.app.cli import main  # noqa: E402
from lifesim.drivers import get_driver  # noqa: E402
from lifesim.errors import CellError  # noqa: E402
from lifesim.rules import Rule, parse_rule  # noqa: E402


def raises_at_2_1(y, x):
    state = yield Query(y, x)
    if (y, x) == (2, 1):
        raise ValueError("dask boom")
    yield Transition(y, x, state)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def dask_driver(cluster):
    with get_driver("dask", workers=2, scheduler=cluster.scheduler_address) as driver:
        yield driver


@pytest.mark.parametrize("topology", ["torus", "bounded"])
def test_an_existing_scheduler_gives_the_serial_grids(dask_driver, topology):
    rule = parse_rule("lifesim.examples.larger:larger_than_life")
    grid = Grid.random(13, 10, 0.45, seed=6, topology=topology)
    assert dask_driver.advance(grid, rule, 3) == get_driver("serial").advance(grid, rule, 3)


def test_a_rule_error_on_a_worker_names_the_cell(dask_driver):
    with pytest.raises(CellError, match=r"cell \(2, 1\).*ValueError: dask boom"):
        dask_driver.advance(Grid.empty(6, 4), Rule.from_cell(raises_at_2_1))


def test_cli_scheduler_option(cluster, tmp_path, capsys):
    out = tmp_path / "end.npy"
    argv = ["--seed", "1", "--size", "8x8", "--generations", "2", "--headless", "--driver", "dask",
            "--scheduler", cluster.scheduler_address, "--out", str(out)]
    assert main(argv) == 0
    assert "dask driver" in capsys.readouterr().out


def test_scheduler_with_another_driver_is_refused(capsys):
    assert main(["--seed", "1", "--headless", "--driver", "serial", "--scheduler", "tcp://x:1"]) == 2
    assert "--scheduler applies to the dask driver" in capsys.readouterr().err


def test_a_rule_file_runs_once_per_process_not_once_per_generation(dask_driver, tmp_path):
    from lifesim import Simulation

    runs = tmp_path / "runs.txt"
    path = tmp_path / "counted.py"
    path.write_text(f"with open({str(runs)!r}, 'a') as f:\n    f.write('x')\n"
                    "def rule(state, neighbors):\n"
                    "    return 1 if neighbors == 3 or (state and neighbors == 2) else 0\n")
    sim = Simulation(Grid.random(10, 10, 0.4, seed=2), parse_rule(f"{path}:rule"), dask_driver)
    sim.step(12)
    assert len(runs.read_text()) <= 4  # here: parsed, checked once; each of 2 workers: once (was 1 + 12 + ...)
