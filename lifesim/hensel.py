"""Isotropic non-totalistic (Hensel) notation: the 51 classes of a cell's 8 Moore neighbours.

Two configurations of live neighbours are in one class when a rotation or reflection of the
3x3 block turns one into the other. Alan Hensel named each class by its live count and a
letter (``2a``: two neighbours, adjacent; ``4z``: the z shape). Golly's Help (QuickLife.html)
and LifeWiki's "Isotropic non-totalistic rule" page define them by pictures; the table below
writes down one representative of each class for 1..4 live neighbours, and the rest follow:

- a class is every image of its representative under the 8 symmetries of the square;
- for 5..7 live neighbours, letter x names the complement of class x at 8 - n (``5c`` is every
  cell except the three of ``3c``), as both references draw it;
- 0 and 8 live neighbours have one class each, written without a letter.

A configuration here is an 8-bit int: bit k is set when neighbour k lives, with the neighbours
in the row-major order of the block without its centre, ``NEIGHBOURS``.
"""

from lifesim.errors import LifesimError

# (dy, dx) of neighbour k, bit k of a configuration: NW, N, NE, W, E, SW, S, SE (y grows down).
NEIGHBOURS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))

# One representative per class, drawn as the block's three rows ('o' live, '.' dead, 'x' the
# cell itself). Letters per count in Golly's order; canonical rulestrings sort them instead.
_PICTURES = {
    1: {"c": "o.. .x. ...", "e": ".o. .x. ..."},
    2: {"c": "o.o .x. ...", "e": ".o. ox. ...", "k": "o.. .xo ...",
        "a": "oo. .x. ...", "i": ".o. .x. .o.", "n": "o.. .x. ..o"},
    3: {"c": "o.o .x. o..", "e": ".o. oxo ...", "k": "o.. .xo .o.",
        "a": "oo. ox. ...", "i": "ooo .x. ...", "n": "o.o .xo ...",
        "y": "o.o .x. .o.", "q": "oo. .x. ..o", "j": "oo. .xo ...",
        "r": "oo. .x. .o."},
    4: {"c": "o.o .x. o.o", "e": ".o. oxo .o.", "k": "o.o ox. .o.",
        "a": "ooo .xo ...", "i": "o.o oxo ...", "n": "ooo .x. o..",
        "y": "o.o .xo o..", "q": "oo. ox. ..o", "j": "oo. .xo .o.",
        "r": "oo. oxo ...", "t": "ooo .x. .o.", "w": "oo. .xo ..o",
        "z": "oo. .x. .oo"},
}


def _mask(picture):
    cells = picture.replace(" ", "")
    live = [k for k, c in enumerate(cells[:4] + cells[5:]) if c == "o"]
    return sum(1 << k for k in live)


def _symmetries():
    """The 8 permutations of neighbour indices that rotate or reflect the block."""
    index = {off: k for k, off in enumerate(NEIGHBOURS)}
    maps = []
    for turns in range(4):
        for mirror in (False, True):
            def move(dy, dx, turns=turns, mirror=mirror):
                if mirror:
                    dx = -dx
                for _ in range(turns):
                    dy, dx = dx, -dy
                return dy, dx
            maps.append(tuple(index[move(*off)] for off in NEIGHBOURS))
    return maps


_SYMMETRIES = _symmetries()


def _orbit(mask):
    return frozenset(sum(1 << perm[k] for k in range(8) if mask >> k & 1) for perm in _SYMMETRIES)


def _classes():
    """{(count, letter): frozenset of configurations}; letter '' for counts 0 and 8."""
    classes = {(0, ""): frozenset({0}), (8, ""): frozenset({255})}
    for n, pictures in _PICTURES.items():
        for letter, picture in pictures.items():
            classes[n, letter] = _orbit(_mask(picture))
            if n < 4:
                classes[8 - n, letter] = frozenset(255 ^ m for m in classes[n, letter])
    return classes


CLASSES = _classes()

# LETTERS[n]: the letters count n takes, alphabetical ('' for 0 and 8, which take none).
LETTERS = {n: "".join(sorted(letter for m, letter in CLASSES if m == n)) for n in range(9)}

# CLASS_OF[configuration] -> (count, letter)
CLASS_OF = [None] * 256
for _key, _members in CLASSES.items():
    for _m in _members:
        CLASS_OF[_m] = _key
CLASS_OF = tuple(CLASS_OF)

# Why check here: a wrong picture would silently merge or split classes.
assert len(CLASSES) == 51 and None not in CLASS_OF and sum(map(len, CLASSES.values())) == 256


def parse_classes(text, what="the rule"):
    """The set of (count, letter) classes that a run of Hensel terms names.

    ``text`` is digits, each followed by letters (those classes only), or ``-`` and letters (all
    but those), or nothing (every class of that count): ``'2-a34q'``, ``'3'``, ``'012'``. A ``-``
    with no letters means every class (Golly reads ``B2-/S`` as ``B2/S``). Case-insensitive.
    """
    chosen = set()
    i, s = 0, text.lower()
    while i < len(s):
        if not s[i].isdigit() or int(s[i]) > 8:
            raise LifesimError(f"{what}: expected a count 0..8 at {text[i:]!r}")
        n, i = int(s[i]), i + 1
        negate = i < len(s) and s[i] == "-"
        i += negate
        start = i
        while i < len(s) and s[i].isalpha():
            i += 1
        letters = set(s[start:i])
        if i < len(s) and s[i] == "-":
            raise LifesimError(f"{what}: '-' must follow a count, at {text[i:]!r} in {text!r}")
        wrong = sorted(letters - set(LETTERS[n]))
        if wrong:
            allowed = f"takes letters {LETTERS[n]}" if LETTERS[n] else "takes no letters"
            raise LifesimError(f"{what}: count {n} {allowed}, not {''.join(wrong)!r} (in {text!r})")
        every = {(n, letter) for letter in LETTERS[n] or [""]}
        if not letters:
            chosen |= every
        elif negate:
            chosen |= every - {(n, letter) for letter in letters}
        else:
            chosen |= {(n, letter) for letter in letters}
    return frozenset(chosen)


def format_classes(chosen):
    """The shortest Hensel text for a set of (count, letter) classes, as Golly writes it.

    Counts ascend; a count with every class is the bare digit; otherwise the shorter of its
    letters and ``-`` its missing letters, the letters when the two are as long.
    """
    out = []
    for n in range(9):
        if not any(m == n for m, _ in chosen):
            continue
        have = "".join(sorted(letter for m, letter in chosen if m == n))
        every = LETTERS[n]
        if have == every:
            out.append(str(n))
        elif have:
            missing = "".join(letter for letter in every if letter not in have)
            out.append(f"{n}{have}" if len(have) <= len(missing) + 1 else f"{n}-{missing}")
    return "".join(out)


def is_totalistic(chosen):
    """True when ``chosen`` takes every class of each count it takes any of."""
    return all({(n, letter) for letter in LETTERS[n] or [""]} <= chosen for n, _ in chosen)


def counts_of(chosen):
    """The live counts of a set of classes (meaningful when ``is_totalistic``)."""
    return frozenset(n for n, _ in chosen)
