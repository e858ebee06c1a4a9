"""The window's simulation clock: steps a Simulation in a worker thread, apart from drawing.

The worker thread owns the Simulation: it alone steps it and applies edits (sent as commands),
so a slow driver delays generations but never the window's frames. The window reads
``stepper.frame``, an immutable snapshot replaced whole after every change. No pygame here.

A driver that jumps (hashlife: ``Driver.jumps``) advances 2^exponent generations a tick in one
``Simulation.jump``, as Golly's step exponent does; ``+``/``-`` (``faster``) move the exponent
there, and a request for N generations (``step``) is one jump of N, however large.
"""

import math
import threading
import time
from collections import deque
from dataclasses import dataclass

from lifesim.errors import LifesimError
from lifesim.window.universes import bounds

# The generations-per-second ladder that + and - climb; inf means as fast as the driver goes.
RATES = (1, 2, 5, 10, 20, 30, 60, 120, 250, math.inf)
MAX_EXPONENT = 1000  # a tick of 2^1000 generations: far past anything a person waits for


@dataclass(frozen=True)
class Frame:
    """What the window draws: a consistent snapshot of the simulation.

    grid: the current universe, a Grid, a Plane or a QuadPlane (immutable all). previous: the
    universe one generation earlier, or None (a new simulation, one of another kind or size, or
    a jump over more than one generation). rule: the Rule. done: the number of commands applied
    so far. leap: the generations the last advance made (0 when none since a change): above 1,
    the generation before this one was never made.
    """

    grid: object
    previous: object | None
    generation: int
    population: int
    rule: object
    done: int
    leap: int = 0


class Stepper:
    """Runs ``sim`` at ``rate`` generations per second while ``running``.

    threaded=False does the same work inline in ``pump()`` (one generation at most per call):
    for tests that want to go frame by frame, and for ``--screenshot``.
    on_message(text) is called (from the worker thread) with errors and notes for the screen.
    watcher: a ``lifesim.watch.RuleWatcher`` under ``--watch``, or None. It is told which rule
    completed each generation, and a rule that breaks is replaced by its last good one.
    on_start: ``on_start(sim, kind)``, called on the worker just before the first generation of
    a run (kind ``"run"``: running was switched on) and before each single step (``"step"``):
    the window's undo history records the moment there, never a run that made no generation.
    exponent: with a driver that jumps, each tick advances 2^exponent generations (``rate``
    ticks a second); other drivers ignore it and make one generation a tick.
    """

    def __init__(self, sim, rate=10, running=True, threaded=True, on_message=None, stop_at=None,
                 watcher=None, on_start=None):
        self.sim = sim
        self.watcher = watcher
        self.rate = rate
        self.base_rate = rate  # with jumps, + raises the rate back to here before the exponent
        self.exponent = 0
        self.running = running
        self.stop_at = stop_at  # pause on reaching this generation (--generations N)
        self.on_message = on_message or (lambda text: None)
        self.on_start = on_start
        self._starting = running  # the next due generation starts a run
        self.failure = None  # the exception that stopped the last generation, for --screenshot
        self._cond = threading.Condition()
        self._commands = deque()
        self._submitted = 0
        self._done = 0
        self._steps = 0  # generations asked for (step) and not yet started
        self._steps_asked = 0  # generations asked for, and made or dropped, in all
        self._steps_done = 0
        self._busy = False
        self._closed = False
        self._next_due = 0.0
        self._times = deque(maxlen=64)  # perf_counter() of recent generations, for the measured rate
        self.frame = self._snapshot(None)
        self._thread = None
        if threaded:
            self._thread = threading.Thread(target=self._loop, name="lifesim-stepper", daemon=True)
            self._thread.start()

    # Called from the window's thread --------------------------------------------------------

    def submit(self, command):
        """Queue ``command(sim)`` to run between generations; returns its ticket (compare with frame.done)."""
        with self._cond:
            self._commands.append(command)
            self._submitted += 1
            self._cond.notify_all()
            return self._submitted

    def set_running(self, running):
        with self._cond:
            self._starting = self._starting or (running and not self.running)
            self.running = running
            self._next_due = 0.0
            self._cond.notify_all()

    @property
    def jumps(self):
        """Whether the simulation's driver jumps (hashlife): a tick is then 2^exponent generations."""
        return getattr(self.sim.driver, "jumps", False)

    @property
    def step_size(self):
        """Generations a tick (and ``n``) advances: 2^exponent where the driver jumps, else 1."""
        return 1 << self.exponent if self.jumps else 1

    def step_once(self):
        """Pause, then advance one tick's worth (``step_size`` generations)."""
        self.step(self.step_size)

    def step(self, generations=1):
        """Pause, then advance by exactly ``generations``: one at a time, or in one jump where
        the driver jumps (``--screenshot --generations 2^40``)."""
        with self._cond:
            self.running = False
            self._steps += generations
            self._steps_asked += generations
            self._cond.notify_all()

    def set_rate(self, rate):
        with self._cond:
            self.rate = rate
            self._next_due = 0.0
            self._cond.notify_all()

    def faster(self, direction):
        """Move ``direction`` (+1 faster, -1 slower) rungs along RATES; where the driver jumps,
        Golly's way: + raises the step exponent (once the rate is back at ``base_rate``) and -
        lowers it, then the rate once the step is a single generation."""
        if self.jumps:
            up, down = direction > 0 and self.rate >= self.base_rate, direction < 0 and self.exponent > 0
            if up or down:
                self.exponent = max(0, min(MAX_EXPONENT, self.exponent + direction))
                self.on_message(f"step 2^{self.exponent} generations")
                return
        i = _nearest_rung(self.rate)
        self.set_rate(RATES[max(0, min(len(RATES) - 1, i + direction))])

    def replace_simulation(self, sim, before=None):
        """Queue a switch to another Simulation (a newly loaded pattern); the old driver stays open.

        before: ``before(old_sim)``, run on the worker just before the switch (undo records there).
        """

        def swap(old):
            if before is not None:
                before(old)
            self.sim = sim

        return self.submit(swap)

    def measured_rate(self, now=None):
        """Generations per second over the last two seconds (0 when nothing ran)."""
        now = time.perf_counter() if now is None else now
        # The worker appends from its own thread: iterate a copy (tuple() copies in C, holding
        # the GIL), never the live deque, or an append mid-loop raises "deque mutated".
        recent = [t for t in tuple(self._times) if now - t < 2.0]
        if len(recent) < 2:
            return 0.0
        span = max(now, recent[-1]) - recent[0]
        return (len(recent) - 1) / span if span > 0 else 0.0

    def wait_idle(self, timeout=30.0):
        """Block until every command and single step asked for so far is done, and, when paused,
        no generation is in flight; True unless timed out."""
        if self._thread is None:
            while self._pending_work():
                self.pump()
            return True
        with self._cond:
            commands, steps = self._submitted, self._steps_asked
            return self._cond.wait_for(
                lambda: self._done >= commands and self._steps_done >= steps
                and (self.running or not self._busy), timeout)

    def pump(self):
        """Inline mode: run queued commands and at most one due generation."""
        self._work(time.perf_counter())

    def close(self, wait=False):
        """Stop the clock. wait=True waits for a generation in flight to finish, however long it
        takes, so that ``sim`` is whole and its driver idle afterwards; wait=False gives it a
        second and leaves it to the daemon thread."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=None if wait else 1.0)

    # The worker -------------------------------------------------------------------------------

    def _pending_work(self):
        return bool(self._commands) or self._steps > 0

    def _due(self, now):
        return self.running and now >= self._next_due

    def _loop(self):
        with self._cond:
            while not self._closed:
                now = time.perf_counter()
                if not (self._pending_work() or self._due(now)):
                    wait = self._next_due - now if self.running else None
                    self._cond.wait(wait)
                    continue
                self._busy = True
                self._cond.release()
                try:
                    self._work(now)
                finally:
                    self._cond.acquire()
                    self._busy = False
                    self._cond.notify_all()

    def _work(self, now):
        with self._cond:
            commands = list(self._commands)
            self._commands.clear()
            single = self._steps > 0
            if single:
                many = self._steps if self.jumps else 1  # a jumping driver: the whole request at once
                self._steps -= many
            due = self._due(now)
        sim = self.sim
        generation = sim.generation
        for command in commands:
            self._run_command(command)
        if commands:
            # A new simulation (a loaded pattern), or one sent to another generation (undo),
            # has no generation before this one: the old previous grid, even of the same shape,
            # would draw bogus births and deaths (and explain cells wrongly).
            same = self.sim is sim and sim.generation == generation
            previous = self.frame.previous if same else None
            if previous is not None and bounds(previous) != bounds(self.sim.grid):
                previous = None
            self.frame = self._snapshot(previous, self.frame.leap if same else 0)
        if single or due:
            if self.on_start is not None and (single or self._starting):
                self._run_command(lambda sim: self.on_start(sim, "step" if single else "run"), count=False)
            self._starting = False
            if due:
                self._next_due = max(self._next_due + 1 / self.rate, now) if math.isfinite(self.rate) else 0.0
            self._advance(many if single else self._tick())
        if single:
            self._steps_done += many

    def _run_command(self, command, count=True):
        try:
            command(self.sim)
        except Exception as exc:  # one bad edit or rule swap must not kill the clock
            self.on_message(_describe(exc))
        finally:
            self._done += count

    def _tick(self):
        """The generations a running tick makes: ``step_size``, cut short so that a stop at
        ``stop_at`` lands on it exactly."""
        n = self.step_size
        if self.stop_at is not None and self.stop_at > self.sim.generation:
            n = min(n, self.stop_at - self.sim.generation)
        return n

    def _advance(self, generations):
        before = self.sim.grid
        try:
            self._generation(generations)
        except Exception as exc:  # e.g. a rule that breaks the protocol: stop, and say so on screen
            self.failure = exc
            self.running = False
            with self._cond:
                self._steps_done += self._steps  # the rest of a multi-step request is dropped
                self._steps = 0
            self.on_message(f"stopped at generation {self.sim.generation}: {_describe(exc)}")
            return
        self.failure = None
        self._times.append(time.perf_counter())
        if self.stop_at is not None and self.sim.generation >= self.stop_at:
            self.running = False
            self.stop_at = None  # once: running on afterwards (space) must not pause every generation
        self.frame = self._snapshot(before if generations == 1 else None, generations)

    def _generation(self, generations):
        """``generations`` (one, or more in one jump); under --watch a rule that breaks hands a
        single generation to the last good rule (a jump just stops, on screen)."""
        if self.watcher is None or generations != 1:
            self.sim.advance(generations)  # a failure stops the clock (caller)
        else:
            self.watcher.step(self.sim, self.on_message)

    def _snapshot(self, previous, leap=0):
        sim = self.sim
        return Frame(sim.grid, previous, sim.generation, sim.population, sim.rule, self._done, leap)


def _nearest_rung(rate):
    if not math.isfinite(rate):
        return len(RATES) - 1
    finite = [r for r in RATES if math.isfinite(r)]
    return min(range(len(finite)), key=lambda k: abs(math.log(finite[k] / max(rate, 1e-9))))


def _describe(exc):
    text = str(exc).splitlines()[0] if str(exc) else ""
    return text if isinstance(exc, LifesimError) else f"{type(exc).__name__}: {text}"
