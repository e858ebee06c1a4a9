"""Drivers by name. Each is imported only when asked for, so optional extras stay optional."""

import importlib

from lifesim.errors import LifesimError

# name -> "module:Class"; a driver added here is known to the CLI, the bench and the tests.
DRIVERS = {
    "serial": "lifesim.drivers.serial:SerialDriver",
    "threads": "lifesim.drivers.threads:ThreadsDriver",
    "processes": "lifesim.drivers.processes:ProcessesDriver",
    "dask": "lifesim.drivers.dask_driver:DaskDriver",
    "compiled": "lifesim.drivers.compiled:CompiledDriver",
    "hashlife": "lifesim.drivers.hashlife:HashLifeDriver",
}


def driver_class(name):
    """The Driver class registered under ``name``."""
    if name not in DRIVERS:
        raise LifesimError(f"unknown driver {name!r}: expected one of {', '.join(DRIVERS)}")
    module, cls = DRIVERS[name].split(":")
    try:
        return getattr(importlib.import_module(module), cls)
    except ImportError as exc:
        raise LifesimError(f"driver {name!r} needs a package that is not installed: {exc}") from None


def get_driver(name="serial", workers=None, **options):
    """A new driver instance; use it as a context manager so its pools are shut down.

    ``options`` go to the driver's constructor (e.g. ``scheduler=`` for dask).
    """
    return driver_class(name)(workers=workers, **options)
