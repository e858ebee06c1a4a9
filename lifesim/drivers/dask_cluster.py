"""Dask clusters: a local one of single-threaded worker processes, or an existing one by address.

Shared by the dask driver (row bands of one grid) and ``batch --driver dask`` (whole runs), so
both start, reach and report clusters the same way. Dask is an extra: without it, each entry
point says how to install it in one line instead of raising ImportError.
"""

import logging

from lifesim.errors import LifesimError

INSTALL = "pip install 'lifesim[dask]'"
CONNECT_TIMEOUT = "10s"  # to reach a --scheduler address


def distributed():
    """The ``distributed`` module, or a one-line LifesimError saying how to install it."""
    try:
        import dask.array  # noqa: F401  (the driver's graphs; installed together with distributed)
        import distributed
    except ImportError as exc:
        raise LifesimError(f"the dask driver needs dask[distributed] ({exc}): {INSTALL}") from None
    return distributed


def open_client(workers, scheduler=None):
    """``(client, cluster)``: a Client on ``scheduler`` (cluster None: not ours to close), or on a
    new LocalCluster of ``workers`` single-threaded worker processes. Close the client, then the
    cluster.
    """
    dist = distributed()
    if scheduler:
        try:
            return dist.Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError, ValueError) as exc:  # ValueError: not an address ('foo', 'bogus://x')
            raise LifesimError(f"cannot reach dask scheduler {scheduler}: {exc}") from None
    # silence_logs: a run stopped on purpose (Ctrl-C, a time limit) should say one line, not every
    # worker's view of the shutdown; the errors that matter come back through the futures.
    # The scheduler serves HTTP (health checks) even without a dashboard, by default on port 8787
    # of every interface: on loopback and any free port, two clusters neither clash nor show.
    cluster = dist.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                silence_logs=logging.CRITICAL)
    try:
        return dist.Client(cluster), cluster
    except BaseException:
        cluster.close()
        raise
