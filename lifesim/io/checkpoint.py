"""Checkpoints of a long run: grid, rule, generation and population history in one ``.npz`` file.

A run started with ``--checkpoint-every N`` saves one every N generations (atomically: a kill
leaves the previous checkpoint or the new one); ``--resume FILE`` rebuilds the Simulation from it
and goes on to ``--generations``, ending in exactly the grid an uninterrupted run ends in, since
stepping is deterministic and the checkpoint holds the whole state.

File layout (``numpy.savez``, no pickles): ``cells`` (H, W) uint8 (on the plane: ``ys``, ``xs``,
``states`` and ``odd``, the parity of a B0 emulation), ``history`` (G+1,) int64 populations of
generations 0..G, ``meta`` a JSON string: format, version, rule, topology, generation, title.
"""

import io
import json
import zipfile
from dataclasses import dataclass

import numpy as np

from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write
from lifesim.grid import Grid
from lifesim.topology import check_topology
from lifesim.band import Band
from lifesim.universe import PLANE, Plane, is_plane

FORMAT = "lifesim-checkpoint"
VERSION = 1
DEFAULT_PATH = "checkpoint.npz"


@dataclass
class Checkpoint:
    """A saved run: ``grid`` (a Grid or Plane) at ``generation``, ``rule`` as a spec string,
    ``history`` of populations."""

    grid: Grid
    rule: str
    generation: int
    history: list
    title: str | None = None


def rule_spec(rule):
    """The text that ``parse_rule`` turns back into ``rule``: ``Rule.spec``, unless that is only a name."""
    if rule.rulestring is None and rule.source is None:
        raise LifesimError(f"rule {rule} was not given as text, so a checkpoint cannot name it")
    return rule.spec


def save(path, sim, title=None):
    """Write ``sim``'s state to ``path`` atomically."""
    meta = {"format": FORMAT, "version": VERSION, "rule": rule_spec(sim.rule), "topology": sim.grid.topology,
            "generation": sim.generation, "title": title}
    if getattr(sim.grid, "band", None) is not None:  # a tube's or strip's bounded side
        meta["band"] = sim.grid.band.n
    buf = io.BytesIO()
    history = sim.history[:sim.generation + 1]  # one more when Ctrl-C stopped a step half-way (Simulation.step)
    np.savez(buf, **_cells_arrays(sim.grid), history=np.asarray(history, np.int64), meta=np.array(json.dumps(meta)))
    atomic_write(path, buf.getvalue())


def load(path):
    """Read a checkpoint; anything else (or a damaged file) is a one-line LifesimError."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            history = data["history"].tolist()
            universe = _universe(data, meta.get("topology"), meta.get("band"))
    except FileNotFoundError:
        raise LifesimError(f"{path}: no such checkpoint") from None
    except (OSError, ValueError, KeyError, AttributeError, EOFError, LifesimError, zipfile.BadZipFile, json.JSONDecodeError) as exc:
        raise LifesimError(f"{path}: not a lifesim checkpoint ({exc})") from None
    problem = _meta_problem(meta, history)
    if problem:
        raise LifesimError(f"{path}: {problem}")
    return Checkpoint(universe, meta["rule"], meta["generation"], history, meta.get("title"))


def _cells_arrays(universe):
    """The arrays that hold a universe's cells: a Grid's (H, W) uint8 ``cells``; a Plane's live
    cells as ``ys``, ``xs`` (int64, absolute) and ``states`` (uint8), so a sparse pattern stays small."""
    if is_plane(universe):
        # with the parity of a B0 emulation (Plane.odd), without which a resumed run would step wrongly
        return dict(zip(("ys", "xs", "states"), universe.points()), odd=np.array(getattr(universe, "odd", False)))
    return {"cells": universe.cells}


def _universe(data, topology, band=None):
    """The Grid or Plane saved in the arrays of ``data`` (see ``_cells_arrays``); ``band``: a
    tube's or strip's bounded side (cells), None for any other topology."""
    if topology == PLANE or band is not None:
        band = None if band is None else Band.of(topology, band, band)
        plane = Plane.from_points(data["ys"], data["xs"], data["states"], band)
        return plane.with_odd(bool(data["odd"])) if "odd" in data else plane
    return Grid(np.array(data["cells"]), check_topology(topology))


def _meta_problem(meta, history):
    """What is wrong with a checkpoint's metadata and history, or None."""
    if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("version") != VERSION:
        return f"not a version {VERSION} lifesim checkpoint"
    generation = meta.get("generation")
    if type(generation) is not int or generation < 0 or not isinstance(meta.get("rule"), str) \
            or not isinstance(meta.get("topology"), str) or not isinstance(meta.get("title"), (str, type(None))):
        return "damaged checkpoint (its generation, rule, topology or title is missing or malformed)"
    if len(history) != generation + 1:
        return "damaged checkpoint (history does not match generation)"
    return None


class Checkpointer:
    """A Simulation observer saving a checkpoint to ``path`` every ``every`` generations."""

    def __init__(self, path, every, title=None):
        self.path, self.every, self.title = path, every, title

    def __call__(self, sim):
        if sim.generation % self.every == 0:
            self.save(sim)

    def save(self, sim):
        save(self.path, sim, self.title)
