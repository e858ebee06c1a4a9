"""Undo, redo and reset in the window (lifesim.window.history): the History on its own, then real
key presses (Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y, Ctrl+R) posted into the pygame queue."""

import math

import numpy as np

from lifesim import Grid, Simulation
from lifesim.window.history import History, Snapshot
from lifesim.window.universes import nbytes
from conftest import click, frame, key


def ctrl(pg, k, shift=False):
    key(pg, k, mod=pg.KMOD_CTRL | (pg.KMOD_SHIFT if shift else 0))


def cells(window):
    return window.stepper.sim.grid.cells.copy()


# The History alone ---------------------------------------------------------------------------------

def test_undo_then_redo_walk_the_snapshots_and_a_new_step_drops_the_redo_stack():
    sim = Simulation(Grid.random(16, 16, 0.4, seed=1))
    history = History(nbytes)
    start = Snapshot.of(sim, action="run")
    history.record(start)
    sim.step(5)
    back = history.undo(Snapshot.of(sim))
    assert back is start and history.can_redo and not history.can_undo
    forward = history.redo(Snapshot.of(sim))
    assert forward.generation == 5 and forward.action == "run" and history.can_undo
    history.undo(Snapshot.of(sim))
    history.record(Snapshot.of(sim, action="draw"))
    assert not history.can_redo


def test_restore_puts_back_cells_generation_rule_and_population_history():
    sim = Simulation(Grid.random(16, 16, 0.4, seed=2))
    snapshot = Snapshot.of(sim)
    populations = list(sim.history)
    sim.step(7)
    sim.replace_rule("B36/S23")
    sim.replace_grid(sim.grid.set(0, 0, 1))
    snapshot.restore(sim)
    assert sim.generation == 0 and str(sim.rule) == "B3/S23" and sim.history == populations
    assert sim.grid is snapshot.universe


def test_memory_is_bounded_by_steps_and_by_the_bytes_of_distinct_universes():
    grid = Grid.empty(64, 64)  # 4096 bytes
    history = History(nbytes, max_steps=5)
    sim = Simulation(grid)
    for _ in range(8):
        history.record(Snapshot.of(sim))  # the same universe 8 times: a reference each
    assert len(history) == 5 and history.memory() == 4096
    history = History(nbytes, max_bytes=3 * 4096)
    for seed in range(8):
        sim.replace_grid(Grid.random(64, 64, 0.5, seed=seed))
        history.record(Snapshot.of(sim))
    assert len(history) == 3 and history.memory() <= 3 * 4096
    huge = History(nbytes, max_bytes=10)
    huge.record(Snapshot.of(sim))
    assert len(huge) == 1  # the last step is kept however big


# Keys in the window -----------------------------------------------------------------------------------

def test_ctrl_z_undoes_a_click_and_ctrl_y_and_ctrl_shift_z_redo_it(make_window, pg):
    window = make_window()
    before = cells(window)
    click(pg, window.view.centre_of(0, 0))
    frame(window, 2)
    drawn = cells(window)
    assert drawn[0, 0] == 1
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert np.array_equal(cells(window), before)
    ctrl(pg, pg.K_y)
    frame(window, 2)
    assert np.array_equal(cells(window), drawn)
    ctrl(pg, pg.K_z)
    ctrl(pg, pg.K_z, shift=True)
    frame(window, 2)
    assert np.array_equal(cells(window), drawn)


def test_a_plain_c_clears_but_ctrl_c_does_not(make_window, pg):
    window = make_window()
    ctrl(pg, pg.K_c)
    frame(window, 2)
    assert window.stepper.sim.population == 7


def test_a_drag_is_one_undo_step(make_window, pg):
    window = make_window(text=("-" * 20 + "\n") * 10)
    start, end = window.view.centre_of(4, 2), window.view.centre_of(4, 15)
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONDOWN, pos=start, button=1))
    pg.event.post(pg.event.Event(pg.MOUSEMOTION, pos=end, rel=(1, 0), buttons=(1, 0, 0)))
    pg.event.post(pg.event.Event(pg.MOUSEBUTTONUP, pos=end, button=1))
    frame(window, 2)
    assert window.stepper.sim.population == 14
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert window.stepper.sim.population == 0 and not window.history.can_undo


def test_undo_after_a_run_restores_the_exact_cells_and_generation(make_window, pg):
    window = make_window(text=("-" * 16 + "\n") * 16, rate=math.inf)
    window.stepper.sim.replace_grid(Grid.random(16, 16, 0.4, seed=3))
    start = cells(window)
    key(pg, pg.K_SPACE, " ")
    frame(window, 6)
    key(pg, pg.K_SPACE, " ")
    frame(window)
    end, generation = cells(window), window.stepper.frame.generation
    assert generation >= 5
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert window.stepper.frame.generation == 0 and np.array_equal(cells(window), start)
    assert window.stepper.frame.previous is None and window.stepper.sim.history == [int(start.sum())]
    ctrl(pg, pg.K_y)
    frame(window, 2)
    assert window.stepper.frame.generation == generation and np.array_equal(cells(window), end)


def test_each_single_step_is_an_undo_step(make_window, pg):
    window = make_window()
    for _ in range(3):
        key(pg, pg.K_n, "n")
    frame(window, 4)
    assert window.stepper.frame.generation == 3
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert window.stepper.frame.generation == 2


def test_undo_while_running_on_the_worker_thread_pauses_first(make_window, pg):
    window = make_window(text=("-" * 16 + "\n") * 16, threaded=True, rate=math.inf)
    window.stepper.submit(lambda sim: sim.replace_grid(Grid.random(16, 16, 0.4, seed=4)))
    assert window.stepper.wait_idle()
    start = cells(window)
    window.stepper.set_running(True)
    while window.stepper.frame.generation < 20:
        window.update()
    ctrl(pg, pg.K_z)
    frame(window)
    assert window.stepper.wait_idle()
    assert not window.stepper.running
    assert window.stepper.sim.generation == 0 and np.array_equal(cells(window), start)


def test_clear_soup_load_and_rule_change_are_undone(make_window, pg):
    window = make_window(seed=1)
    original = cells(window)
    key(pg, pg.K_c, "c")
    frame(window, 2)
    key(pg, pg.K_r, "r")
    frame(window, 2)
    soup = cells(window)
    window.replace_rule("B36/S23", undoable=True)
    frame(window, 2)
    window.load("glider")
    frame(window, 2)
    assert window.title == "Glider" and window.stepper.sim.population == 5
    ctrl(pg, pg.K_z)  # the load
    frame(window, 2)
    assert window.title == "test" and np.array_equal(cells(window), soup)
    ctrl(pg, pg.K_z)  # the rule change
    frame(window, 2)
    assert str(window.stepper.sim.rule) == "B3/S23"
    ctrl(pg, pg.K_z)  # the soup
    frame(window, 2)
    assert window.stepper.sim.population == 0
    ctrl(pg, pg.K_z)  # the clear
    frame(window, 2)
    assert np.array_equal(cells(window), original)
    ctrl(pg, pg.K_z)
    frame(window, 2)
    assert window.messages[-1][0] == "nothing to undo"


def test_ctrl_r_resets_to_where_running_started_from_a_changed_pattern(make_window, pg):
    window = make_window(rate=math.inf)
    start = cells(window)
    for _ in range(2):  # run, pause, run again: reset still goes back to the first start (as Golly)
        key(pg, pg.K_SPACE, " ")
        frame(window, 4)
        key(pg, pg.K_SPACE, " ")
        frame(window)
    assert window.stepper.frame.generation >= 6
    ctrl(pg, pg.K_r)
    frame(window, 2)
    assert window.stepper.frame.generation == 0 and np.array_equal(cells(window), start)
    click(pg, window.view.centre_of(0, 0))  # a changed pattern: the next run starts a new reset point
    frame(window)
    edited = cells(window)
    key(pg, pg.K_SPACE, " ")
    frame(window, 3)
    key(pg, pg.K_SPACE, " ")
    frame(window)
    ctrl(pg, pg.K_r)
    frame(window, 2)
    assert window.stepper.frame.generation == 0 and np.array_equal(cells(window), edited)
    ctrl(pg, pg.K_z)  # a reset is undone too
    frame(window, 2)
    assert window.stepper.frame.generation == 3
