"""Process pools whose workers never outlive their parent and stop the moment they are told.

Used by the processes driver (tiles) and by batch runs (whole simulations): both need Ctrl-C
to reach only the parent, a killed parent to leave no workers behind, and a way to stop
workers that are in the middle of a task.
"""

import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context


def start_pool(workers, method="forkserver"):
    """A ProcessPoolExecutor of ``workers`` processes started by ``method`` ("forkserver", "spawn").

    Never "fork": the parent may run threads (progress bars, watchers, band threads).
    """
    return ProcessPoolExecutor(workers, mp_context=get_context(method),
                               initializer=_worker_init, initargs=(os.getpid(),))


def pool_processes(pool):
    """The pool's live worker processes (private to concurrent.futures, but the only way to
    reach workers that are mid-task when they must be stopped)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def stop_now(pool, processes=None):
    """Cancel queued tasks, terminate every worker (then kill the stubborn); return exit codes.

    ``processes``: the workers to stop, if the caller kept them (a broken pool forgets its own).
    """
    processes = processes if processes is not None else pool_processes(pool)
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        if p.is_alive():
            p.terminate()
    for p in processes:
        p.join(timeout=5)
        if p.is_alive():
            p.kill()
            p.join(timeout=5)
    return [_exit_code(p) for p in processes]


def _exit_code(process, wait=1.0):
    """``process.exitcode``, waiting up to ``wait`` s for it: when the pool's own thread reaps a
    dead worker first, our waitpid fails and the code reads None until that thread records it."""
    deadline = time.monotonic() + wait
    while process.exitcode is None and time.monotonic() < deadline:
        time.sleep(0.01)
    return process.exitcode


def _worker_init(parent):
    # Ctrl-C goes to the whole process group; the parent alone decides to stop the workers, so
    # a worker never dies half-way through a task on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright cannot shut the pool down, and an idle worker would wait for
    # work forever: each worker leaves by itself once the parent is gone.
    threading.Thread(target=_exit_without, args=(parent,), daemon=True).start()


def _exit_without(parent):
    # Two signs that the parent is gone: this worker was re-parented (its direct parent, the
    # pool's process or the fork server, has exited: at once, even while it is an unreaped
    # zombie), or the parent pid no longer exists (the fork server may outlive it a moment).
    own_parent = os.getppid()
    while True:
        time.sleep(0.2)
        if os.getppid() != own_parent:
            os._exit(1)
        try:
            os.kill(parent, 0)
        except (ProcessLookupError, PermissionError):  # PermissionError: the pid was reused
            os._exit(1)
