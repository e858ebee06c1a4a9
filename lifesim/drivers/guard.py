"""Guard rails for driver pieces that run elsewhere: a wall-clock limit on one generation.

The per-cell step budget (``drivers/_loop.py``) stops a coroutine that keeps yielding; it cannot
stop one stuck *between* yields (``while True: pass``) or one that is just far too slow. A
driver whose pieces run in worker processes waits for them through ``gather``, which gives up
after ``limit`` seconds and names the pieces still running; the driver then terminates its
workers (a process, unlike a thread, can be stopped).

The limit comes from ``driver.time_limit`` when set, else the ``LIFESIM_GENERATION_TIME_LIMIT``
environment variable (seconds), else none.
"""

import os
import time
from concurrent.futures import FIRST_EXCEPTION, wait

from lifesim.errors import LifesimError

ENV = "LIFESIM_GENERATION_TIME_LIMIT"


class GenerationTimeout(LifesimError):
    """A generation ran past its wall-clock limit; the message names the unfinished pieces."""


def time_limit(driver=None):
    """Seconds one generation may take under ``driver`` (a float), or None for no limit."""
    limit = getattr(driver, "time_limit", None)
    if limit is None:
        text = os.environ.get(ENV, "").strip()
        if not text:
            return None
        try:
            limit = float(text)
        except ValueError:
            raise LifesimError(f"{ENV}={text!r}: expected a number of seconds") from None
    if limit <= 0:
        raise LifesimError(f"the generation time limit must be a positive number of seconds, not {limit}")
    return limit


STEP = 0.1  # seconds: long waits are cut into steps this short, so Ctrl-C is seen promptly


class Deadline:
    """``limit`` seconds from now (None: never), to be waited on in steps of at most STEP."""

    def __init__(self, limit):
        self.at = None if limit is None else time.monotonic() + limit

    def step(self):
        """How long the next wait may be: STEP, less near the deadline, 0 once it has passed."""
        if self.at is None:
            return STEP
        return max(0.0, min(STEP, self.at - time.monotonic()))

    @property
    def passed(self):
        return self.at is not None and time.monotonic() >= self.at


def timeout_error(limit, generations, still_running):
    """The GenerationTimeout of ``generations`` generations that ran past ``limit`` s each."""
    took = (f"a generation took longer than {limit:g} s" if generations == 1 else
            f"{generations} generations took longer than {limit * generations:g} s ({limit:g} s a generation)")
    return GenerationTimeout(f"{took}; still running: {still_running} (a cell stuck between yields, "
                             f"or a rule far too slow; raise the limit with {ENV})")


def gather(futures, limit=None, describe=None):
    """The futures' results in order; the first error is raised, and so is a GenerationTimeout
    when they are not all done within ``limit`` seconds.

    describe: ``describe(i) -> str`` names piece ``i`` in the timeout message (default 'piece i').
    """
    deadline = Deadline(limit)
    pending = futures
    while pending and not deadline.passed:
        done, pending = wait(pending, timeout=deadline.step(), return_when=FIRST_EXCEPTION)
        if any(f.exception() is not None for f in done):
            break
    for f in futures:
        if f.done() and f.exception() is not None:
            raise f.exception()
    if pending:
        describe = describe or (lambda i: f"piece {i}")
        raise timeout_error(limit, 1, ", ".join(describe(i) for i, f in enumerate(futures) if not f.done()))
    return [f.result() for f in futures]
