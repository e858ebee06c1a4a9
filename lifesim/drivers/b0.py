"""B0 rules on the plane, emulated as Golly emulates them.

Under a rule with B0 an EMPTY cell with no live neighbour is born, so the whole unbounded plane
would come alive at once. Golly (Help, QuickLife: "Emulating B0 rules") runs such a two-state
rule as rules without B0 that give the same patterns, the plane stored inverted while its
background is alive. With ``table`` the rule's next state for each of the 512 3x3 blocks (MAP
order), NOT flipping each entry and REVERSE reading each entry from the complemented block:

- with Smax (a live cell whose neighbours are all alive survives) the background, once alive,
  stays so: every generation runs NOT(REVERSE(table)); AntiLife B0123478/S01234678 runs as Life;
- without Smax the background blinks: even generations run NOT(table), odd ones
  REVERSE(table); B03/S23 runs as B1245678/S0145678, then B56/S58.

Golly takes the parity from its generation count; here a plane carries it (``Plane.odd``), so
a plane read from a file starts even, and a plane edited mid-run keeps its parity. What is
stored (and shown, written, counted) is what Golly stores: on the odd generations of a blinking
background, the complement of the cells.
"""

from dataclasses import dataclass

import numpy as np

from lifesim.drivers.trace import PROBE, converse
from lifesim.errors import LifesimError
from lifesim.protocol import ALIVE, EMPTY
from lifesim.rulename import BLOCK, rulestring_of
from lifesim.rules import parse_rule

_BLOCKS = np.arange(512)


@dataclass(frozen=True)
class Emulation:
    """The B0-free rules that run a B0 rule: ``even`` steps an even generation (``Plane.odd``
    False), ``odd`` an odd one; the same Rule when the rule has Smax (``blinks`` False)."""

    even: object
    odd: object

    @property
    def blinks(self):
        """Whether the emulated background alternates (B0 without Smax): the parity flips each step."""
        return self.even is not self.odd


def emulation(rule, born):
    """The Emulation of ``rule``, which gives birth in an empty neighbourhood (``born``: the
    (cell, state) where it was seen to, for the message); a LifesimError, in one line, when
    Golly's emulation does not apply: more than two states, or a radius above 1. Traced each
    call: ``drivers.base.b0_emulation`` keeps the answer per Rule."""
    if rule.states != 2 or rule.radius > 1:
        raise LifesimError(
            f"rule {rule.name!r} turns an empty cell with no live neighbour into state {born[1]} "
            f"(at cell {born[0]}): on the infinite plane lifesim emulates such B0 rules as Golly does, "
            "for two-state rules of radius 1 only; run it on a torus or bounded grid")
    table = next_states(rule)
    if table[511]:  # Smax: a live cell among live neighbours survives
        return Emulation(*[_rule(1 - table[::-1])] * 2)
    return Emulation(_rule(1 - table), _rule(table[::-1]))


def next_states(rule):
    """The next state of a two-state, radius-1 rule's cell for each 3x3 block: (512,) ``uint8``
    in MAP order (entry i: block cell k is bit 8 - k of i, row-major), from its own coroutine."""
    out = np.empty(512, np.uint8)
    for i in _BLOCKS.tolist():
        def answer(dy, dx, i=i):
            return ALIVE if i >> (8 - BLOCK.index((dy, dx))) & 1 else EMPTY
        out[i] = converse(rule.cell, *PROBE, answer, 1, 2)
    return out


def _rule(table):
    """The Rule of the 512 next states ``table``, under its shortest rulestring."""
    return parse_rule(rulestring_of(table))
