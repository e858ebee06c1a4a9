"""Larger than Life rulestrings, as Golly 3.3 reads them (Help: Algorithms/Larger_than_Life.html).

MCell's notation ``Rr,Cc,Mm,Smin..max,Bmin..max,Nn``: range r (1..500), c states (0, 1 and 2
all mean two), m = 1 when the cell counts itself, survival and birth count ranges (inclusive),
and the neighbourhood: NM Moore, NN von Neumann, NC circular. Kellie Evans's ``r,bmin,bmax,
smin,smax`` is the same with C0, M1 and NM. Only state 1 is counted; with c > 2 a live cell
that does not survive decays through states 2..c-1 back to 0, as in Generations.
"""

import re
from dataclasses import dataclass

from lifesim import neighborhoods
from lifesim.errors import LifesimError

MAX_RADIUS = 500
MAX_STATES = 256

_CODES = {"M": "moore", "N": "vonneumann", "C": "circular"}
_LETTER = {kind: code for code, kind in _CODES.items()}

_MCELL = re.compile(r"R(\d+),C(\d+),M(\d+),S(\d+)\.\.(\d+),B(\d+)\.\.(\d+),N(.*)", re.IGNORECASE)
_EVANS = re.compile(r"(\d+),(\d+),(\d+),(\d+),(\d+)")
_LOOKS_LIKE = re.compile(r"(R\d|\d+,)", re.IGNORECASE)
EXAMPLE = "Rr,Cc,Mm,Smin..max,Bmin..max,Nn like R5,C0,M1,S34..58,B34..45,NM"


@dataclass(frozen=True)
class LargerThanLife:
    """One Larger than Life rule; ``survive`` and ``birth`` are inclusive (low, high) counts
    that include the cell itself when ``middle`` is 1."""

    radius: int
    states: int
    middle: int
    survive: tuple
    birth: tuple
    kind: str  # a lifesim.neighborhoods kind

    @property
    def text(self):
        """Golly's canonical rulestring: MCell's notation, C0 for two states."""
        return (f"R{self.radius},C{0 if self.states == 2 else self.states},M{self.middle},"
                f"S{self.survive[0]}..{self.survive[1]},B{self.birth[0]}..{self.birth[1]},N{_LETTER[self.kind]}")

    def counts(self):
        """``(birth, survival)``: frozensets of live-neighbour counts, the cell itself not counted."""
        size = neighborhoods.size(self.kind, self.radius)
        birth = frozenset(n for n in range(size + 1) if self.birth[0] <= n <= self.birth[1])
        survival = frozenset(n for n in range(size + 1) if self.survive[0] <= n + self.middle <= self.survive[1])
        return birth, survival


def looks_like(text):
    """True for text meant as a Larger than Life rule (it starts ``R<digit>`` or ``<digits>,``)."""
    return _LOOKS_LIKE.match(text) is not None


def parse(text):
    """The LargerThanLife that ``text`` spells, or a LifesimError saying what was expected."""
    s = text.strip()
    if m := _EVANS.fullmatch(s):
        r, bmin, bmax, smin, smax = map(int, m.groups())
        return _checked(text, r, 0, 1, (smin, smax), (bmin, bmax), "M")
    m = _MCELL.fullmatch(s)
    if not m:
        raise LifesimError(f"rule {text!r}: expected a Larger than Life rule {EXAMPLE}, or r,bmin,bmax,smin,smax")
    r, c, middle, smin, smax, bmin, bmax = map(int, m.groups()[:7])
    return _checked(text, r, c, middle, (smin, smax), (bmin, bmax), m[8].upper())


def _checked(text, r, c, middle, survive, birth, code):
    def bad(why):
        return LifesimError(f"rule {text!r}: {why}")

    if code not in _CODES:
        raise bad(f"the neighbourhood must be NM, NN or NC, not N{code}")
    if not 1 <= r <= MAX_RADIUS:
        raise bad(f"the range R must be 1..{MAX_RADIUS}, not {r}")
    if c > MAX_STATES:
        raise bad(f"the number of states C must be 0..{MAX_STATES}, not {c}")
    if middle not in (0, 1):
        raise bad(f"M must be 0 or 1, not {middle}")
    kind = _CODES[code]
    top = neighborhoods.size(kind, r) + 1  # Golly's limit counts the cell itself
    for name, (low, high) in (("S", survive), ("B", birth)):
        if low > high:
            raise bad(f"{name} must be min..max with min <= max, not {low}..{high}")
        if high > top:
            raise bad(f"{name} counts must be 0..{top} for N{code} at range {r}, not {high}")
    return LargerThanLife(r, max(c, 2), middle, survive, birth, kind)
