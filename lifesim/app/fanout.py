"""Fanning independent jobs out over worker processes or a Dask cluster, results in job order.

Shared by ``batch`` (one run per job) and ``census`` (a chunk of soups per job). A job is any
picklable value with an ``index`` (consecutive from the first job's); ``work(job)`` is a
picklable callable run in a worker, returning the job's result. Results come back in job
order whatever order the workers finish in, so a caller can append them to a file as they come
and a killed run leaves a prefix of the whole. Ctrl-C (KeyboardInterrupt) stops the workers at
once, not after their current job; a worker that dies outright (a segfault, the out-of-memory
killer) costs only the job that killed it, which ``died(job, how)`` turns into a result.
"""

import concurrent.futures as cf
import contextlib
import itertools
import signal
from concurrent.futures.process import BrokenProcessPool

from lifesim.drivers.dask_cluster import distributed, open_client
from lifesim.drivers.workers import pool_processes, start_pool, stop_now

IN_FLIGHT = 4  # jobs queued per worker: keeps workers busy without queueing the whole run


def results_here(jobs, work):
    """Yield each job's result in job order, running them one after another in this process."""
    for job in jobs:
        yield work(job)


def results_in_pool(jobs, work, workers, died, on_finish=None):
    """Yield ``work(job)`` for each job, in job order, computed on ``workers`` processes.

    ``on_finish(result)`` is called as each job finishes (for a progress bar); ``died(job, how)``
    makes the result of a job whose worker process died (``how``: 'killed by SIGKILL', ...).
    """
    pool = [start_pool(workers, "spawn")]  # a list: _isolate swaps in a fresh pool for a broken one
    try:
        yield from in_job_order(_finishing(pool, jobs, work, died, workers), jobs, on_finish)
    except BaseException:
        stop_now(pool[0])
        raise
    pool[0].shutdown()


def in_job_order(finishing, jobs, on_finish=None):
    """Yield the results of ``finishing`` ((job index, result) pairs in the order jobs finish)
    in job order: a result is held back until every one before it is out."""
    held, next_index = {}, jobs[0].index if jobs else 0
    for index, result in finishing:
        held[index] = result
        if on_finish:
            on_finish(result)
        while next_index in held:
            yield held.pop(next_index)
            next_index += 1


def _finishing(pool, jobs, work, died, workers):
    """Yield (job index, result) as each job finishes on ``pool`` (a one-item list holding the pool)."""
    todo = iter(jobs)
    running = {}  # future -> its job
    while True:
        for job in itertools.islice(todo, IN_FLIGHT * workers - len(running)):
            running[pool[0].submit(work, job)] = job
        if not running:
            return
        done, _ = cf.wait(running, return_when=cf.FIRST_COMPLETED)
        broken = [future for future in done if isinstance(future.exception(), BrokenProcessPool)]
        yield from ((running[future].index, future.result()) for future in done if future not in broken)
        if broken:  # every job still in flight is lost with the pool
            suspects = [job for future, job in running.items() if future in broken or future not in done]
            yield from _isolate(pool, sorted(suspects, key=lambda job: job.index), work, died, workers)
            running = {}
        else:
            running = {future: job for future, job in running.items() if future not in done}


def _isolate(pool, suspects, work, died, workers):
    """(index, result) for the jobs in flight when a worker died, each job again alone; then a
    fresh pool.

    A broken process pool fails every job in flight and cannot say whose job killed it. Run
    alone, the culprit breaks its own one-worker pool again and ``died`` says how its worker
    died; the others finish as usual. ``pool`` (a one-item list) ends up holding a fresh pool of
    ``workers`` for the rest.
    """
    stop_now(pool[0])
    out = []
    pool[0] = start_pool(1, "spawn")
    for job in suspects:
        future = pool[0].submit(work, job)
        processes = pool_processes(pool[0])
        try:
            out.append((job.index, future.result()))
        except BrokenProcessPool:
            codes = stop_now(pool[0], processes)
            out.append((job.index, died(job, f"its worker process died ({_death(codes)})")))
            pool[0] = start_pool(1, "spawn")
    pool[0].shutdown()
    pool[0] = start_pool(workers, "spawn")
    return out


def _death(exit_codes):
    """'killed by SIGSEGV', 'exit code 3': how a worker process ended, from its exit code."""
    code = next((c for c in exit_codes if c), None)
    if code is None:
        return "no exit code"
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def results_on_dask(jobs, work, workers, died, scheduler=None, on_finish=None):
    """Yield ``work(job)`` for each job, in job order, run as tasks on a Dask cluster.

    ``scheduler``: an address to connect to; by default a local cluster of ``workers``
    single-threaded worker processes, closed (workers and all) when the run ends or stops.
    """
    dist = distributed()
    client, cluster = open_client(workers, scheduler)
    try:
        with client:
            futures = {client.submit(work, job, pure=False): job for job in jobs}

            def finishing():
                suspects = []
                for future in dist.as_completed(futures):
                    job = futures[future]
                    try:
                        yield job.index, future.result()
                    except dist.KilledWorker:
                        # Dask blames every run a dying worker held, queued ones too: one that
                        # shared workers with the culprit each time is as suspect as the culprit
                        suspects.append(job)
                for job in suspects:  # again, one at a time: only the culprit's own workers die now
                    try:
                        yield job.index, client.submit(work, job, pure=False).result()
                    except dist.KilledWorker:  # dask retried it on other workers, and they died too
                        yield job.index, died(job, "its worker process died, on every dask worker that tried it")

            yield from in_job_order(finishing(), jobs, on_finish)
    finally:
        if cluster is not None:
            cluster.close()


class sigterm_as_interrupt:
    """Within the block, SIGTERM stops the run like Ctrl-C does (results kept, workers stopped)."""

    def __enter__(self):
        def handler(signum, frame):
            raise KeyboardInterrupt
        try:
            self.old = signal.signal(signal.SIGTERM, handler)
        except ValueError:  # not the main thread: leave signals alone
            self.old = None
        return self

    def __exit__(self, *exc):
        if self.old is not None:
            signal.signal(signal.SIGTERM, self.old)
