"""What a pattern is: its apgcode, period, displacement, speed, population, heat and volatility.

For a pattern that becomes periodic (up to translation) within a limit, the facts of its cycle,
named as LifeWiki names them; for one that does not, its growth class (see ``cycles.growth``).

    heat: the mean, over one period, of the number of cells that change state per generation
    volatility: rotor / (rotor + stator); rotor: cells that change during the period; stator:
        cells that stay in one live state throughout. Both for oscillators only (period > 1, no
        displacement): None for still lifes and spaceships.
    speed: ``c/4`` (orthogonal or diagonal, as the fraction of c per axis), ``(2,1)c/6`` oblique.
"""

import math
from dataclasses import dataclass

import numpy as np

from lifesim.census.apgcodes import apgcode
from lifesim.census.cycles import common_stack, find_cycle, growth, phase_cells

DEFAULT_LIMIT = 4096  # generations to wait for a pattern to repeat
JSON_KEYS = ("apgcode", "period", "displacement", "population", "heat", "volatility")


@dataclass(frozen=True)
class Identity:
    """The facts about one pattern.

    apgcode: the canonical name (a growth class such as ``zz_LINEAR`` when not periodic);
    period, displacement ((dy, dx) per period), heat, volatility: None when they do not apply;
    population: (min, max) over one period (over the whole run when not periodic); at: the first
    generation of the cycle; growth: a cycles.Growth when not periodic; limit: generations waited.
    """

    apgcode: str
    period: int | None
    displacement: tuple | None
    population: tuple
    heat: float | None = None
    volatility: float | None = None
    at: int | None = None
    growth: object = None
    limit: int | None = None

    @property
    def speed(self):
        """LifeWiki's speed of a spaceship (``c/4``, ``c/2``, ``(2,1)c/6``); None otherwise."""
        if self.displacement is None or tuple(self.displacement) == (0, 0):
            return None
        return speed(self.displacement, self.period)

    @property
    def direction(self):
        """orthogonal, diagonal or oblique for a spaceship; None otherwise."""
        if self.speed is None:
            return None
        dy, dx = (abs(v) for v in self.displacement)
        return "orthogonal" if 0 in (dy, dx) else "diagonal" if dy == dx else "oblique"

    def as_json(self):
        """The object of ``identify --json`` (keys: JSON_KEYS)."""
        return {"apgcode": self.apgcode, "period": self.period,
                "displacement": list(self.displacement) if self.displacement is not None else None,
                "population": list(self.population), "heat": self.heat, "volatility": self.volatility}

    def lines(self):
        """One fact a line: ``apgcode xq4_153``, ``period 4``, ``displacement 1,1``, ..."""
        low, high = self.population
        out = [f"apgcode {self.apgcode}"]
        if self.period is None:
            out.append(f"not periodic within {self.limit} generations")
            out.append(f"growth {_growth_text(self.growth)}")
        else:
            out += [f"period {self.period}", "displacement {},{}".format(*self.displacement)]
            if self.at:
                out.append(f"periodic from generation {self.at}")
        out.append(f"population {low}..{high}")
        facts = (("speed", self.speed), ("direction", self.direction), ("heat", self.heat),
                 ("volatility", self.volatility))
        out += [f"{name} {_number(value)}" for name, value in facts if value is not None]
        return out


def identify(plane, rule, limit=DEFAULT_LIMIT, driver=None):
    """The Identity of ``plane`` (a Plane) under ``rule``, waiting at most ``limit`` generations."""
    cycle, history, _ = find_cycle(plane, rule, limit, driver)
    if cycle is None:
        kind = growth(history)
        return Identity(kind.kind, None, None, (min(history), max(history)), growth=kind, limit=limit)
    return of_cycle(cycle, rule.states)


def of_cycle(cycle, states=2):
    """The Identity of a Cycle, in a rule of ``states`` states."""
    populations = [p.population for p in cycle.phases]
    if max(populations) == 0:  # died out: the empty still life
        return Identity("xs0_0", 1, (0, 0), (0, 0), 0.0, None, cycle.at)
    code = apgcode([phase_cells(p) for p in cycle.phases], cycle.displacement, states)
    heat = volatility = None
    if tuple(cycle.displacement) == (0, 0) and cycle.period > 1:  # an oscillator
        heat, volatility = heat_and_volatility(common_stack(cycle.phases))
    return Identity(code, cycle.period, tuple(cycle.displacement), (min(populations), max(populations)),
                    heat, volatility, cycle.at)


def heat_and_volatility(stack):
    """(heat, volatility) of an oscillator's phases ``stack`` ((P, H, W) states, one box).

    Heat counts the cells that differ between each phase and the next (the last against the
    first, one period on); volatility is rotor / (rotor + stator), None with neither.
    """
    changed = stack != np.roll(stack, -1, axis=0)
    heat = float(changed.sum()) / len(stack)
    rotor = int(changed.any(axis=0).sum())
    stator = int(((stack[0] != 0) & ~changed.any(axis=0)).sum())
    return heat, (rotor / (rotor + stator) if rotor + stator else None)


def speed(displacement, period):
    """LifeWiki's speed of something moving ``displacement`` (dy, dx) cells per ``period``.

    Orthogonal and diagonal: the cells per generation along one axis as a fraction of c
    (``c/4``, ``2c/5``, ``c``); oblique: ``(a,b)c/p`` with a >= b, reduced.
    """
    a, b = sorted((abs(int(v)) for v in displacement), reverse=True)
    if b == 0 or a == b:
        k = math.gcd(a, period)
        cells, per = a // k, period // k
        return ("c" if cells == 1 else f"{cells}c") + (f"/{per}" if per != 1 else "")
    k = math.gcd(math.gcd(a, b), period)
    return f"({a // k},{b // k})c/{period // k}"


def _number(value):
    """A fact's value as text: floats without a needless ``.0`` tail beyond 4 places."""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def _growth_text(kind):
    if kind.period is not None:
        return f"linear, {kind.cells} more cells every {kind.period} generations"
    if kind.repeats is not None:
        return f"none: the population repeats every {kind.repeats} generations but the pattern does not (objects moving apart)"
    return "faster than linear" if kind.kind == "zz_EXPLOSIVE" else "none found, still changing"
