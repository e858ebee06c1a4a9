"""The request types behave like the textbook's namedtuples, and TICK survives pickling."""

import pickle

import pytest

from lifesim import TICK, Neighborhood, Query, Transition


def test_requests_read_like_namedtuples():
    q = Query(11, 5)
    assert (q.y, q.x) == (11, 5) and tuple(q) == (11, 5) and q[1] == 5 and len(q) == 2
    y, x = q
    assert (y, x) == (11, 5)
    assert repr(q) == "Query(y=11, x=5)"
    assert repr(Transition(10, 5, 0)) == "Transition(y=10, x=5, state=0)"
    assert Neighborhood(3, 4).radius == 1 and Neighborhood(3, 4, radius=2).radius == 2


def test_requests_compare_and_hash_by_value():
    assert Query(1, 2) == Query(1, 2) and Query(1, 2) != Query(2, 1)
    assert Query(1, 2) == (1, 2)  # as a namedtuple would
    assert Query(1, 2) != Neighborhood(1, 2, 0) and Transition(1, 2, 0) != Query(1, 2)
    assert len({Query(1, 2), Query(1, 2), Query(0, 0)}) == 2


@pytest.mark.parametrize("request_", [Query(1, 2), Transition(3, 4, 1), Neighborhood(5, 6, 2)])
def test_requests_pickle(request_):
    clone = pickle.loads(pickle.dumps(request_))
    assert clone == request_ and type(clone) is type(request_)


def test_tick_stays_itself_after_pickling():
    assert pickle.loads(pickle.dumps(TICK)) is TICK and repr(TICK) == "TICK"
