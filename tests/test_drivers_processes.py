"""The processes driver: tiles, transports, shared memory cleanup."""

import pytest

from lifesim import Grid
from lifesim.drivers import get_driver
from lifesim.drivers._tiles import blocks, halo_tile
from lifesim.drivers.processes import ProcessesDriver
from lifesim.errors import LifesimError
from lifesim.rules import CONWAY, parse_rule


def test_blocks_cover_the_grid_once_even_when_thin():
    for h, w, parts in [(10, 10, 2), (1, 9, 2), (2, 3, 5), (1, 1, 4), (7, 1, 3)]:
        seen = [(y, x) for y0, y1, x0, x1 in blocks(h, w, parts) for y in range(y0, y1) for x in range(x0, x1)]
        assert sorted(seen) == [(y, x) for y in range(h) for x in range(w)]
    assert len(blocks(1, 9, 2)) == 2  # a 1xN grid still uses both workers


def test_halo_tiles_wrap_or_read_empty():
    grid = Grid.from_text("*--\n---\n--*")
    assert halo_tile(grid.cells, "torus", 0, 1, 0, 1, 1).tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 0]]
    assert halo_tile(grid.cells, "bounded", 0, 1, 0, 1, 1).tolist() == [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
    assert halo_tile(Grid.from_text("*").cells, "torus", 0, 1, 0, 1, 2).tolist() == [[1] * 5] * 5


def test_pickle_transport_gives_the_same_grids():
    grid = Grid.random(19, 14, 0.4, seed=4, topology="bounded")
    rule = parse_rule("lifesim.examples.larger:larger_than_life")
    with ProcessesDriver(2, transport="pickle") as driver:
        assert driver.advance(grid, rule, 3) == get_driver("serial").advance(grid, rule, 3)


def test_unknown_transport_is_refused():
    with pytest.raises(LifesimError, match="unknown transport"):
        ProcessesDriver(2, transport="carrier-pigeon")


def test_close_frees_the_shared_memory_and_the_workers():
    driver = ProcessesDriver(2)
    driver.advance(Grid.random(8, 8, 0.5, seed=1), CONWAY)
    shm_name, procs = driver._shm.name, list(driver._procs)
    driver.close()
    assert driver._shm is None and not any(p.is_alive() for p in procs)
    from multiprocessing import shared_memory
    with pytest.raises(FileNotFoundError):
        shared_memory.SharedMemory(shm_name)
