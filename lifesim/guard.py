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


def gather(futures, limit=None, describe=None):
    """The futures' results in order; the first error is raised, and so is a GenerationTimeout
    when they are not all done within ``limit`` seconds.

    Waits in short steps, so Ctrl-C is seen promptly. describe: ``describe(i) -> str`` names
    piece ``i`` in the timeout message (default 'piece i').
    """
    deadline = None if limit is None else time.monotonic() + limit
    pending = futures
    while pending:
        step = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
        if step <= 0:
            break
        done, pending = wait(pending, timeout=step, return_when=FIRST_EXCEPTION)
        if any(f.exception() is not None for f in done):
            break
    for f in futures:
        if f.done() and f.exception() is not None:
            raise f.exception()
    if pending:
        describe = describe or (lambda i: f"piece {i}")
        names = [describe(i) for i, f in enumerate(futures) if not f.done()]
        raise GenerationTimeout(
            f"a generation took longer than {limit:g} s; still running: {', '.join(names)} "
            f"(a cell stuck between yields, or a rule far too slow; raise the limit with {ENV})")
    return [f.result() for f in futures]
