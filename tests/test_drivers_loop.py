"""The interpreter loop on its own: the paths its speed-ups added, checked against plain slicing."""

import numpy as np
import pytest

from lifesim import Grid, Neighborhood, ProtocolError, Query, Transition
from lifesim.drivers._loop import advance_cells
from lifesim.errors import CellError


def copy_cell(y, x):
    """Next state = the state of the cell one up and one left (tests absolute indexing)."""
    state = yield Query(y - 1, x - 1)
    yield Transition(y, x, state)


def copy_block_cell(y, x):
    """Next state = the top-left corner of its own radius-1 block."""
    block = yield Neighborhood(y, x, 1)
    yield Transition(y, x, block[0])


def off_centre_cell(y, x):
    """Next state = the centre of the radius-1 block one to the right, within radius 2."""
    block = yield Neighborhood(y, x + 1, 1)
    yield Transition(y, x, block[4])


def numpy_radius_cell(y, x):
    """copy_block_cell with a numpy integer radius: a whole number, though not the int 1 itself."""
    block = yield Neighborhood(y, x, np.int64(1))
    yield Transition(y, x, block[0])


def raises_key_error(y, x):
    yield Query(y, x)
    raise KeyError("mine")


def query_after_transition(y, x):
    yield Transition(y, x, 1)
    yield Query(y, x)


@pytest.mark.parametrize("cell, radius", [(copy_cell, 1), (copy_block_cell, 1), (off_centre_cell, 2),
                                          (numpy_radius_cell, 1)])
@pytest.mark.parametrize("origin", [(-2, -2), (3, 5)])
def test_tiles_anywhere_are_read_by_absolute_coordinates(cell, radius, origin):
    """A tile at any origin (negative as on the serial driver's halo, positive as in a worker)."""
    rng = np.random.default_rng(1)
    tile = rng.integers(0, 2, (9, 11), dtype=np.uint8)
    oy, ox = origin
    region = (oy + 2, oy + 7, ox + 2, ox + 9)
    out = np.frombuffer(advance_cells(cell, tile, origin, region, radius, 2), np.uint8).reshape(5, 7)
    dy, dx = {copy_cell: (-1, -1), copy_block_cell: (-1, -1), off_centre_cell: (0, 1), numpy_radius_cell: (-1, -1)}[cell]
    assert np.array_equal(out, tile[2 + dy:7 + dy, 2 + dx:9 + dx])


def test_a_key_error_inside_the_cell_is_a_cell_error_not_a_far_query():
    with pytest.raises(CellError, match="KeyError"):
        advance_cells(raises_key_error, Grid.empty(3, 3).padded(1), (-1, -1), (0, 3, 0, 3), 1, 2)


def test_a_query_too_far_up_or_down_names_the_cell():
    def far(y, x):
        yield Query(y - 2, x)

    with pytest.raises(ProtocolError, match=r"cell \(0, 0\).*farther"):
        advance_cells(far, Grid.empty(3, 3).padded(2), (-2, -2), (0, 3, 0, 3), 1, 2)


def test_a_query_after_the_transition_is_answered():
    out = advance_cells(query_after_transition, Grid.empty(2, 2).padded(1), (-1, -1), (0, 2, 0, 2), 1, 2)
    assert list(out) == [1, 1, 1, 1]
