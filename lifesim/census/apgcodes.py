"""Apgcodes: the Life community's names for periodic objects (LifeWiki, "Apgcode").

    xs4_33      the block: a still life (xs) of population 4
    xp2_7       the blinker: an oscillator (xp) of period 2
    xq4_153     the glider: a spaceship (xq) of period 4

After the prefix comes the object in *extended Wechsler format*: the rows are cut into strips of
5, and each strip is written column by column, a column being the digit 0-9a-v of its 5 cells as
bits (the strip's top row is bit 0). Runs of empty columns are shortened (``w`` = 2, ``x`` = 3,
``y`` + digit = 4..39), empty columns at a strip's end are left out, and ``z`` separates strips.
Of the 8 orientations of the object, and for an oscillator or a spaceship of every phase, the
code is the shortest text, and of equally short texts the first in ASCII order: that is what
makes the name canonical, so that every soup names a block ``xs4_33`` however it lies.

A rule with more than two states writes one layer per bit of the state (bit 0 first), all in
the same orientation and bounding box, joined by ``_``: lifelib reads an RLE's states into bit
layers this way.
"""

import numpy as np

from lifesim.errors import LifesimError

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
STRIP = 5  # rows per strip
_BITS = (1 << np.arange(STRIP)).reshape(1, STRIP, 1)  # row k of a strip is bit k of its column
# Runs of empty columns, by length, within a strip: 1 -> "0", 2 -> "w", 3 -> "x", 4..39 -> "y?".
_SHORT_RUNS = {1: "0", 2: "w", 3: "x"}
LONGEST_RUN = 4 + len(DIGITS) - 1  # "yz": 39 empty columns; longer runs repeat it

# The 8 symmetries of the square, as array views: the identity, the mirror images and rotations.
ORIENTATIONS = (
    lambda a: a,
    lambda a: a[:, ::-1],
    lambda a: a[::-1, :],
    lambda a: a[::-1, ::-1],
    lambda a: a.T,
    lambda a: a.T[:, ::-1],
    lambda a: a.T[::-1, :],
    lambda a: a.T[::-1, ::-1],
)

# Prefixes by kind of periodic object.
STILL_LIFE, OSCILLATOR, SPACESHIP = "xs", "xp", "xq"


def empty_run(n):
    """The symbols for ``n`` >= 1 empty columns followed by a non-empty one."""
    text = "yz" * ((n - 1) // LONGEST_RUN) if n > LONGEST_RUN else ""
    n -= len(text) // 2 * LONGEST_RUN
    return text + (_SHORT_RUNS.get(n) or "y" + DIGITS[n - 4])


def wechsler(cells):
    """The extended Wechsler text of one bit layer as it lies.

    cells: a (H, W) array, non-zero = set; its first row and column are the strips' and the
    columns' start (so give the bounding box), empty rows or columns after the last set cell
    change nothing. An empty layer is ``"0"``.
    """
    cells = np.asarray(cells) != 0
    h, w = cells.shape
    padded = np.zeros((-(-h // STRIP) * STRIP, w), np.uint8)
    padded[:h] = cells
    columns = (padded.reshape(-1, STRIP, w) * _BITS).sum(axis=1).tolist()  # (strips, W)
    strips = []
    for strip in columns:
        text, empty = [], 0
        for value in strip:
            if value == 0:
                empty += 1
                continue
            if empty:
                text.append(empty_run(empty))
                empty = 0
            text.append(DIGITS[value])
        strips.append("".join(text))
    return "z".join(strips).rstrip("z") or "0"


def layers(cells, planes):
    """``planes`` bit layers of a state array: a (planes, H, W) ``bool`` array, layer k = bit k."""
    cells = np.asarray(cells).astype(np.int64)
    return np.stack([(cells >> k) & 1 != 0 for k in range(planes)])


def planes_of(states):
    """How many bit layers a rule of ``states`` states is written in (one for two states)."""
    return max(1, (states - 1).bit_length())


def cropped(cells):
    """The bounding box of the non-zero cells of a 2-D array (an empty array stays as it is)."""
    cells = np.asarray(cells)
    rows, cols = np.flatnonzero(cells.any(axis=1)), np.flatnonzero(cells.any(axis=0))
    if not len(rows):
        return cells[:0, :0]
    return cells[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def better(a, b):
    """The preferred of two representations: the shorter, then the first in ASCII order."""
    return a if (len(a), a) <= (len(b), b) else b


def canonical(phases, states=2):
    """The canonical extended Wechsler text of an object seen in ``phases``.

    phases: 2-D state arrays (any position and margin: each is cut to its bounding box), one per
    phase for an oscillator or a spaceship, one for a still life. Of every phase in every
    orientation, the preferred text (see ``better``).
    """
    planes = planes_of(states)
    best = None
    for phase in phases:
        stack = layers(cropped(phase), planes)
        for orient in ORIENTATIONS:
            text = "_".join(wechsler(orient(layer)) for layer in stack)
            best = text if best is None else better(best, text)
    if best is None:
        raise LifesimError("an apgcode needs at least one phase of the object")
    return best


def prefix(period, displacement, population):
    """``xs<population>`` (still life), ``xp<period>`` (oscillator) or ``xq<period>`` (spaceship)."""
    if tuple(displacement) != (0, 0):
        return f"{SPACESHIP}{period}"
    if period == 1:
        return f"{STILL_LIFE}{population}"
    return f"{OSCILLATOR}{period}"


def apgcode(phases, displacement=(0, 0), states=2):
    """The apgcode of a periodic object: ``phases`` (one 2-D state array per generation of one
    period, in order), moving ``displacement`` (dy, dx) cells per period, in a rule of
    ``states`` states. A still life's population counts its non-EMPTY cells."""
    phases = [np.asarray(p) for p in phases]
    if not phases:
        raise LifesimError("an apgcode needs at least one phase of the object")
    population = int(np.count_nonzero(phases[0]))
    if population == 0:
        raise LifesimError("an empty pattern has no apgcode")
    return f"{prefix(len(phases), displacement, population)}_{canonical(phases, states)}"
