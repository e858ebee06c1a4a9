"""Shared fixtures: a textbook-style coroutine driver with fake data, a fixture over every driver,
and a pygame window under SDL's dummy video driver with helpers that post real events to it."""


from pathlib import Path

import pytest

from lifesim import Grid, Simulation
from lifesim.drivers import DRIVERS, driver_class, get_driver
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
    """The drivers that run every universe and rule; those for the plane only (hashlife: radius-1
    tables on the plane) are cross-checked in their own tests."""
    names = []
    for name in DRIVERS:
        if driver_class(name).plane_only:
            continue
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


# Processes (Linux /proc): workers that must not outlive a stopped batch or census -------------

def child_processes(pid):
    """Pids of live processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid and stat.rsplit(")", 1)[1].split()[0] != "Z":
                found.append(int(entry.name))
    return found


def process_alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# A pygame window (test_window*.py) ------------------------------------------------------------

BLOCK_AND_BLINKER = """
----------
-**-------
-**-------
----------
------***-
----------
"""


@pytest.fixture
def pg(monkeypatch):
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    monkeypatch.setenv("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    pygame = pytest.importorskip("pygame")
    yield pygame
    pygame.quit()


@pytest.fixture
def open_window(pg, tmp_path):
    """``open_window(sim, title="test", size=(400, 300), **options)``: a Window on ``sim``, paused
    and stepped inline unless ``options`` say otherwise, saving into tmp_path; closed after the test."""
    from lifesim.window.window import Window

    windows = []

    def make(sim, title="test", size=(400, 300), **options):
        options.setdefault("running", False)
        options.setdefault("threaded", False)
        window = Window(sim, title, size=size, save_dir=tmp_path, **options)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def make_window(open_window):
    def make(text=BLOCK_AND_BLINKER, rule="B3/S23", **options):
        return open_window(Simulation(Grid.from_text(text), rule), **options)

    return make


def key(pg, k, unicode="", mod=0):
    pg.event.post(pg.event.Event(pg.KEYDOWN, key=k, mod=mod, unicode=unicode, scancode=0))


def click(pg, pos, button=1):
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=pos, button=button))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=pos, button=button))


def frame(window, n=1):
    """n frames of the window's loop: events, update, draw."""
    for _ in range(n):
        assert window.handle_events()
        window.update()
        window.draw()
