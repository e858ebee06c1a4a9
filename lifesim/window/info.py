"""The info panel (``i``): what the pattern on screen is, from its file and, where the census
is there, from running it.

``PatternInfo`` keeps what a pattern file said: its name (``#N``, ``!Name:``), comments (RLE's
``#C``/``#O``, Golly's ``#D``, ``.cells``' ``!`` lines) and rule. The window holds one for the
pattern on screen (an undo brings back the one of its moment). ``Identifying`` runs the census's
``identify`` (apgcode, period, speed) of the selection or the whole pattern on a thread of its
own, as it may take thousands of generations. No pygame here.
"""

import threading
from dataclasses import dataclass

from lifesim.census.identify import identify
from lifesim.errors import LifesimError
from lifesim.universe import Plane, describe
from lifesim.window import universes as _universes


@dataclass(frozen=True)
class PatternInfo:
    """title: the name shown (the file's name, else the one asked for); comments: the file's
    comment lines (a tuple of str); rule: the file's rule text, or None."""

    title: str
    comments: tuple = ()
    rule: str | None = None

    @classmethod
    def of_pattern(cls, pattern, title):
        return cls(pattern.name or title, tuple(pattern.comments), pattern.rule)


def info_lines(info, frame, selection=None, identity=None):
    """The info panel's lines: the pattern's title, comments and rule, where it is, and what the
    census found (``identity``: lines, or None)."""
    lines = [info.title, *(info.comments or ["(the file has no comments)"])]
    if info.rule and info.rule != frame.rule.spec:
        lines.append(f"its file's rule: {info.rule}; running {frame.rule.spec}")
    else:
        lines.append(f"rule: {frame.rule.spec}")
    lines.append(f"generation {frame.generation}, population {frame.population}, {describe(frame.grid)}")
    what = f"the selection ({selection.describe()})" if selection is not None else "the whole pattern"
    if identity is None:
        lines.append(f"identifying {what} ...")
    else:
        lines += [f"{what}: " + identity[0], *identity[1:]]
    return lines


class Identifying:
    """One identification at a time, on a daemon thread: ``start(universe, rule, box)`` begins
    one (dropping the result of any earlier one); ``lines`` is None until it is done, then the
    Identity's lines (or one line saying why it could not)."""

    def __init__(self, driver=None):
        self.driver = driver
        self.lines = None
        self._ticket = 0

    def start(self, universe, rule, box=None):
        self._ticket += 1
        ticket, self.lines = self._ticket, None
        try:
            ys, xs, states = _universes.points_in(universe, box) if box is not None else _live(universe)
        except LifesimError as exc:  # a tree too large to list: the census needs the cells
            self.lines = [f"cannot identify: {exc}"]
            return
        plane = Plane.from_points(ys, xs, states)

        def work():
            try:
                found = identify(plane, rule).lines()
            except Exception as exc:  # a rule the census cannot run: say so in the panel
                found = [f"cannot identify: {exc}"]
            if ticket == self._ticket:
                self.lines = found

        threading.Thread(target=work, name="lifesim-identify", daemon=True).start()


def _live(universe):
    """(ys, xs, states) of every live cell (a grid as a pattern on the plane)."""
    if _universes.is_plane(universe):
        return universe.points()
    ys, xs = universe.cells.nonzero()
    return ys.astype("int64"), xs.astype("int64"), universe.cells[ys, xs]
