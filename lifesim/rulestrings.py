"""Rulestrings: the text of every rule family Golly 3.3 reads, turned into the fields of a Rule.

Families and the cells that run them (``lifesim.cells``):

| family | examples | cell |
| --- | --- | --- |
| outer-totalistic, Moore | ``B3/S23``, ``S23/B3``, ``23/3``, ``B3S23``, ``B3_S23`` | ``lifelike_cell`` |
| Generations | ``B2/S/C3`` (LifeWiki), ``/2/3``, ``B2/S/3`` (Golly) | ``generations_cell`` |
| isotropic non-totalistic (Hensel) | ``B2-a/S12``, ``B37/S2-i34q``, ``12/2-a/3`` | ``map_cell`` |
| von Neumann, hexagonal | ``B13/S012V``, ``B245/S3H``, ``12/2/3V`` | ``count_cell`` |
| MAP | ``MAP`` + 86, 22 or 6 base64 characters, ``MAP.../3`` | ``map_cell`` |
| Larger than Life | ``R5,C0,M1,S34..58,B34..45,NM``, ``5,34,45,34,58`` | ``count_cell`` |
| Wolfram's elementary 1-D rules, as Golly runs them | ``W30``, ``W110`` | ``map_cell`` |

Letters and ``B``/``S``/``C``/``MAP`` are read in any case (the base64 after ``MAP`` is case
sensitive); ``_`` may stand for ``/``. A B/S pair may come in either order; without ``B`` and
``S`` it is Golly's S/B order, and one unlabelled part takes the label the other lacks.
Hensel letters need the Moore neighbourhood, as in Golly 3.3. Each rule gets one canonical
rulestring (``Rule.rulestring``) that reads back to the same rule: Golly's spelling, except
that Generations rules keep LifeWiki's ``B/S/C`` order.
"""

import functools
import re

from lifesim import hensel, ltl, maprules, neighborhoods
from lifesim.cells import count_cell, generations_cell, lifelike_cell, map_cell
from lifesim.errors import LifesimError

MAX_STATES = 256
_WOLFRAM = re.compile(r"[Ww]\d+")

# Neighbourhood suffix -> (kind, highest count); Hensel letters only without a suffix.
_SUFFIXES = {"": ("moore", 8), "V": ("vonneumann", 4), "H": ("hexagonal", 6)}
_SUFFIX_OF = {kind: suffix for suffix, (kind, _) in _SUFFIXES.items()}
_STATES = re.compile(r"[CG]?(\d+)", re.IGNORECASE)
_MAP_STATES = re.compile(r"(?:==)?(?:[/_][CG]?(\d+))?", re.IGNORECASE)
# What may follow MAP: base64 (at least the 6 characters of the shortest form), "==", "/N".
_MAP_TEXT = re.compile(r"[A-Za-z0-9+/]{6,}(?:==)?(?:[/_][CG]?\d+)?", re.IGNORECASE)
# What a B/S rulestring may hold: a rule name such as Banks-IV or Byl-Loop is none.
_BS_TEXT = re.compile(r"(?=.*[0-9/_])[0-9bscgvh/_\-" + "".join(sorted(set("".join(hensel.LETTERS.values())))) + "]*",
                      re.IGNORECASE)
EXAMPLES = "B3/S23, S23/B3, 23/3, B2-a/S12, B2/S/C3, B3/S23V, MAP..., R5,C0,M1,S34..58,B34..45,NM or W110"


def parse(text):
    """The fields of a Rule (a dict: name, cell, states, radius, rulestring, birth, survival,
    neighborhood) for rulestring ``text``; None when ``text`` is no rulestring at all.

    A rulestring of a known family that is malformed raises a LifesimError saying what was
    expected, in one line.
    """
    s = text.strip()
    if s[:3].lower() == "map" and _MAP_TEXT.fullmatch(s[3:]):
        return _map(s[3:], text)
    if _WOLFRAM.fullmatch(s):
        return wolfram(int(s[1:]), text)
    if ltl.looks_like(s):
        return larger_than_life(ltl.parse(s))
    if s and s[0].lower() in "bs0123456789/_" and _BS_TEXT.fullmatch(s):
        return _birth_survival(s, text)
    return None


# --- B/S, S/B, Generations, Hensel, V and H --------------------------------------------------

def _birth_survival(s, text):
    suffix = s[-1].upper() if s[-1].upper() in "VH" else ""
    kind, top = _SUFFIXES[suffix]
    parts = re.split(r"[/_]", s[:len(s) - len(suffix)])
    states = 2
    if len(parts) == 3:
        m = _STATES.fullmatch(parts.pop())
        if not m:
            raise LifesimError(f"rule {text!r}: expected a number of states after the second '/', like B2/S/C3 or /2/3")
        states = int(m[1])
        if not 2 <= states <= MAX_STATES:
            raise LifesimError(f"rule {text!r}: the number of states must be 2..{MAX_STATES}, not {states}")
    elif len(parts) == 1:
        parts = _split_letters(parts[0], text)
    elif len(parts) != 2:
        raise LifesimError(f"rule {text!r}: too many '/': expected a rulestring like {EXAMPLES}")
    birth_text, survival_text = _labelled(parts, text)
    birth, survival = (_terms(t, kind, top, text) for t in (birth_text, survival_text))
    if kind != "moore":
        return outer_totalistic(hensel.counts_of(birth), hensel.counts_of(survival), states, kind)
    if hensel.is_totalistic(birth) and hensel.is_totalistic(survival):
        return outer_totalistic(hensel.counts_of(birth), hensel.counts_of(survival), states)
    return hensel_rule(birth, survival, states)


def _split_letters(part, text):
    """``'B3S23'`` or ``'S23B3'`` -> its two labelled parts."""
    low = part.lower()
    cuts = sorted(i for i in (low.find("b"), low.find("s")) if i >= 0)
    if not cuts or cuts[0] != 0:
        raise LifesimError(f"rule {text!r}: expected a rulestring like {EXAMPLES}")
    return [part[:cuts[1]], part[cuts[1]:]] if len(cuts) == 2 else [part, ""]


def _labelled(parts, text):
    """``(birth text, survival text)`` from two parts, labelled B/S or bare (S/B order)."""
    labels = [p[:1].upper() if p[:1].upper() in "BS" else "" for p in parts]
    if labels == ["", ""]:
        labels = ["S", "B"]
    elif "" in labels:  # Golly: 3/S23 is B3/S23
        labels[labels.index("")] = "B" if "S" in labels else "S"
    if sorted(labels) != ["B", "S"]:
        raise LifesimError(f"rule {text!r}: expected one B part and one S part, like B3/S23")
    found = {label: part[1:] if part[:1].upper() == label else part for label, part in zip(labels, parts)}
    return found["B"], found["S"]


def _terms(terms, kind, top, text):
    """The (count, letter) classes of one part; letters only for the Moore neighbourhood."""
    if kind != "moore":
        if not terms.isdigit() and terms:
            raise LifesimError(f"rule {text!r}: Hensel letters need the Moore neighbourhood; "
                               f"a {kind} rule takes counts 0..{top} only")
        if terms and max(map(int, terms)) > top:
            raise LifesimError(f"rule {text!r}: a {kind} neighbourhood has {top} cells, so counts are 0..{top}")
        return frozenset((int(c), "") for c in terms)
    return hensel.parse_classes(terms, f"rule {text!r}")


def outer_totalistic(birth, survival, states=2, kind="moore", radius=1):
    """Fields of the rule B<birth>/S<survival> (live-neighbour counts), Generations when ``states`` > 2."""
    birth, survival = frozenset(birth), frozenset(survival)
    text = "B" + "".join(map(str, sorted(birth))) + "/S" + "".join(map(str, sorted(survival)))
    text += (f"/C{states}" if states > 2 else "") + _SUFFIX_OF[kind]
    if kind == "moore" and states == 2:
        # table[state][total]: total counts the whole 3x3 block, the cell included.
        table = (tuple(1 if total in birth else 0 for total in range(10)),
                 tuple(1 if total - 1 in survival else 0 for total in range(10)))
        cell = functools.partial(lifelike_cell, table)
    elif kind == "moore":
        cell = functools.partial(generations_cell, birth, survival, states)
    else:
        cell = _count_cell(kind, radius, birth, survival, states)
    return _fields(text, cell, states, radius, birth, survival, kind)


def hensel_rule(birth, survival, states=2):
    """Fields of the Moore rule whose birth and survival are sets of Hensel (count, letter) classes."""
    text = f"B{hensel.format_classes(birth)}/S{hensel.format_classes(survival)}"
    text += f"/C{states}" if states > 2 else ""
    return _fields(text, functools.partial(map_cell, maprules.from_hensel(birth, survival), states), states, 1)


# --- MAP ----------------------------------------------------------------------------------------

def _map(rest, text):
    for length in (86, 22, 6):
        m = _MAP_STATES.fullmatch(rest[length:]) if len(rest) >= length else None
        if m:
            table, kind = maprules.decode(rest[:length], text)
            states = int(m[1]) if m[1] else 2
            if not 2 <= states <= MAX_STATES:
                raise LifesimError(f"rule {text!r}: the number of states must be 2..{MAX_STATES}, not {states}")
            return map_rule(table, kind, states)
    raise LifesimError(f"rule {text!r}: a MAP rule needs 86, 22 or 6 base64 characters (Moore, hexagonal, "
                       f"von Neumann), then /N for N states if more than 2")


def map_rule(table, kind="moore", states=2):
    """Fields of the MAP rule of ``table`` (512 bytes), spelled in ``kind``'s form."""
    text = "MAP" + maprules.encode(table, kind) + (f"/{states}" if states > 2 else "")
    return _fields(text, functools.partial(map_cell, bytes(table), states), states, 1, neighborhood=kind)


# --- Wolfram's elementary rules -----------------------------------------------------------------

def wolfram(number, text):
    """Fields of Golly's ``W<number>``: Wolfram's 1-D rule ``number`` (even, 0..254) drawn down
    the plane, one row a generation, as Golly's QuickLife runs it: a live cell stays alive, and
    an empty one is born when bit ``4*NW + 2*N + NE`` of ``number`` is set (the three cells above
    it: its left neighbour, itself and its right neighbour one generation back). Measured with
    bgolly: W22 from one cell draws Sierpinski's triangle a row a generation."""
    if number > 254 or number % 2:
        raise LifesimError(f"rule {text!r}: Wolfram rules are W0..W254 with an even number, as in Golly "
                           "(an odd one gives birth with no live cell above)")
    table = bytearray(maprules.SIZE)
    for i in range(maprules.SIZE):
        block = maprules.block_of(i)
        table[i] = block[4] | (number >> (4 * block[0] + 2 * block[1] + block[2])) & 1
    return map_rule(table) | {"name": f"W{number}", "rulestring": f"W{number}"}


# --- Larger than Life ---------------------------------------------------------------------------

def larger_than_life(rule):
    """Fields of a ``ltl.LargerThanLife`` rule."""
    birth, survival = rule.counts()
    cell = _count_cell(rule.kind, rule.radius, birth, survival, rule.states)
    return _fields(rule.text, cell, rule.states, rule.radius, birth, survival, rule.kind)


def _count_cell(kind, radius, birth, survival, states):
    size = neighborhoods.size(kind, radius)
    born = bytes(1 if n in birth else 0 for n in range(size + 1))
    stays = bytes(1 if n in survival else 2 % states for n in range(size + 1))
    mask = None if kind == "moore" else neighborhoods.block_mask(kind, radius)
    return functools.partial(count_cell, radius, mask, born, stays, states)


def _fields(text, cell, states, radius, birth=None, survival=None, neighborhood="moore"):
    return {"name": text, "cell": cell, "states": states, "radius": radius, "rulestring": text,
            "birth": birth, "survival": survival, "neighborhood": neighborhood}
