"""The window's clock (lifesim.window.stepper): generations in a worker thread or inline; no pygame."""

import math

import pytest

from lifesim import Grid, Simulation
from lifesim.window.stepper import RATES, Stepper


def glider_sim():
    return Simulation(Grid.from_text("-*---\n--*--\n***--\n-----\n-----"), "B3/S23")


def test_inline_stepper_runs_one_generation_per_pump_and_pauses():
    stepper = Stepper(glider_sim(), rate=math.inf, running=True, threaded=False)
    stepper.pump()
    stepper.pump()
    assert stepper.frame.generation == 2 and stepper.frame.previous is not None
    stepper.set_running(False)
    stepper.pump()
    assert stepper.frame.generation == 2
    stepper.step(3)
    stepper.wait_idle()
    assert stepper.frame.generation == 5 and not stepper.running


def test_threaded_stepper_applies_commands_between_generations():
    stepper = Stepper(glider_sim(), running=False)
    try:
        ticket = stepper.submit(lambda sim: sim.replace_grid(sim.grid.set(4, 4, 1)))
        stepper.step(2)
        assert stepper.wait_idle()
        frame = stepper.frame
        assert frame.generation == 2 and frame.done >= ticket
    finally:
        stepper.close()


def test_stepper_stops_on_a_broken_rule_and_says_why():
    def bad(state, neighbors):
        raise ValueError("boom")

    messages = []
    sim = glider_sim()
    sim.replace_rule(bad)
    stepper = Stepper(sim, rate=math.inf, threaded=False, on_message=messages.append)
    stepper.pump()
    assert not stepper.running and stepper.frame.generation == 0
    assert len(messages) == 1 and "boom" in messages[0]


def test_stepper_pauses_at_stop_at_and_climbs_the_rate_ladder():
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False, stop_at=3)
    for _ in range(6):
        stepper.pump()
    assert stepper.frame.generation == 3 and not stepper.running
    stepper.set_rate(10)
    stepper.faster(+1)
    assert stepper.rate == 20
    stepper.faster(-1)
    stepper.faster(-1)
    assert stepper.rate == 5
    stepper.set_rate(RATES[-1])
    stepper.faster(+1)
    assert stepper.rate == math.inf


def test_stop_at_pauses_once_and_running_on_is_not_paused_again():
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False, stop_at=2)
    for _ in range(4):
        stepper.pump()
    assert stepper.frame.generation == 2 and not stepper.running
    stepper.set_running(True)  # space, after --generations 2
    for _ in range(3):
        stepper.pump()
    assert stepper.frame.generation == 5 and stepper.running


def test_a_replaced_simulation_starts_without_a_previous_grid():
    """A newly loaded pattern of the same size must not be drawn against the old one's last grid."""
    stepper = Stepper(glider_sim(), rate=math.inf, threaded=False)
    stepper.pump()
    assert stepper.frame.previous is not None
    stepper.set_running(False)
    stepper.replace_simulation(glider_sim())
    stepper.pump()
    assert stepper.frame.generation == 0 and stepper.frame.previous is None


def test_measured_rate_survives_the_worker_appending_while_it_counts():
    """The worker thread appends a time per generation; measuring must not iterate the live deque."""
    stepper = Stepper(glider_sim(), threaded=False)

    class Appending(float):  # subtracting it appends, as the worker may do mid-iteration
        def __rsub__(self, other):
            stepper._times.append(float(self))
            return other - float(self)

    stepper._times.extend(Appending(1.0 + i / 10) for i in range(3))
    assert stepper.measured_rate(now=1.5) == pytest.approx(2 / 0.5)
