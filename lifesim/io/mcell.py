"""MCell pattern files (``.mcl``, from Mirek Wojtowicz's MCell), read as Golly reads them.

A file starts with ``#MCell <version>``; then lines of ``#TAG value``:

- ``#GAME``: the rule family (Life, Generations, Larger than Life, Rules table, ...);
- ``#RULE`` and ``#GOLLY``: the rule; the first of them counts, and only its first word. For
  the families lifesim reads the text is a rulestring Golly reads too (``23/3``, ``/2/3``,
  ``R5,C0,M1,S34..58,B34..45,NM``); a "Rules table" needs ``#GOLLY NAME``, a Golly rule file;
- ``#BOARD WxH`` and ``#WRAP 0|1``: a bounded grid of that size (a torus with ``#WRAP 1``), with
  the pattern's live cells centred on it as MCell centres them; no ``#BOARD``: the plane;
- ``#D``: description lines; ``#L``: the cells, continued from one ``#L`` line to the next:
  a run count, then ``.`` (empty), ``A``..``X`` (states 1..24, ``a``..``j`` before one adding
  24 each), or ``$`` (next row);
- anything else (``#SPEED``, ``#CCOLORS``, ``#PALETTE``, ...) is display settings, ignored.
"""

import re

import numpy as np

from lifesim.errors import LifesimError

MAGIC = "#MCell"

# #GAME -> what lifesim reads of it; families not listed are refused by name
GAMES = {
    "Life": "a B/S rulestring (MCell writes S/B: 23/3)",
    "Generations": "a Generations rulestring (S/B/C: 345/2/4)",
    "Larger than Life": "a Larger than Life rulestring (R5,C0,M1,S34..58,B34..45,NM)",
    "Rules table": "a Golly rule file named by #GOLLY",
}

_TOKEN = re.compile(r"(\d*)([a-j]?[A-X]|[.$])")
_BOARD = re.compile(r"^(\d+)x(\d+)")


def parse_mcell(text):
    """The fields of a Pattern from MCell text: ``cells`` (uint8 (h, w)), ``rule`` (text or None),
    ``comments``, ``topology`` and ``size`` ((h, w) of the #BOARD, or None).

    With a #BOARD, ``cells`` is the whole board. Bad input raises a one-line LifesimError naming
    the line.
    """
    lines = text.splitlines()
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith(MAGIC):
        raise LifesimError(f"MCell line {1 if first is None else first + 1}: expected '{MAGIC} <version>' first")
    tags = {}  # tag -> (line number, value) of its first line
    comments, body = [], []
    for lineno, line in enumerate(lines[first + 1:], first + 2):
        tag, _, value = line.rstrip().partition(" ")
        if tag == "#L":
            body.append((lineno, value))
        elif tag == "#D":
            comments.append(value)
        elif tag.startswith("#"):
            tags.setdefault(tag, (lineno, value.strip()))
    rule = _rule(tags)
    cells = _cells(body)
    if "#BOARD" not in tags:
        return dict(cells=cells, rule=rule, comments=comments, topology=None, size=None)
    lineno, board = tags["#BOARD"]
    m = _BOARD.match(board)
    if not m or not int(m[1]) or not int(m[2]):
        raise LifesimError(f"MCell line {lineno}: expected '#BOARD WIDTHxHEIGHT', not {board!r}")
    width, height = int(m[1]), int(m[2])
    wrap = tags.get("#WRAP", (None, "0"))[1]
    return dict(cells=_on_board(cells, height, width, lineno), rule=rule, comments=comments,
                topology="torus" if wrap.startswith("1") else "bounded", size=(height, width))


def _rule(tags):
    """The rule text: the first word of the first #RULE or #GOLLY line, or None (Conway's Life)."""
    game_line, game = tags.get("#GAME", (None, None))
    if game is not None and game not in GAMES:
        raise LifesimError(f"MCell line {game_line}: #GAME {game} is not supported; lifesim reads "
                           f"{', '.join(GAMES)}")
    named = [tags[t] for t in ("#RULE", "#GOLLY") if t in tags]
    if game == "Rules table" and "#GOLLY" not in tags:
        raise LifesimError(f"MCell line {game_line}: a rules table is read only with a '#GOLLY NAME' line naming "
                           "a Golly rule file (NAME.rule) that says the same rule")
    if not named:
        return None
    lineno, value = min(named)
    words = value.split()
    if not words:
        raise LifesimError(f"MCell line {lineno}: expected a rule after the tag")
    return words[0]


def _cells(body):
    """The #L lines' cells as a (rows, columns) uint8 array from the first row and column."""
    points, y, x = {}, 0, 0
    for lineno, data in body:
        s = "".join(data.split())
        pos = 0
        while pos < len(s):
            m = _TOKEN.match(s, pos)
            if not m:
                raise LifesimError(f"MCell line {lineno}: unexpected {s[pos:pos + 10]!r}; expected a run count "
                                   "then '.', '$', or a state A..X (a..j before it for states above 24)")
            pos = m.end()
            count = int(m[1]) if m[1] else 1
            token = m[2]
            if token == "$":
                y, x = y + count, 0
            elif token == ".":
                x += count
            else:
                state = 24 * (ord(token[0]) - ord("a") + 1) * (len(token) == 2) + ord(token[-1]) - ord("A") + 1
                if state > 255:
                    raise LifesimError(f"MCell line {lineno}: state {state} above 255")
                for _ in range(count):
                    points[y, x] = state
                    x += 1
    if not points:
        return np.zeros((0, 0), np.uint8)
    ys, xs = (np.array(a, np.int64) for a in zip(*points))
    cells = np.zeros((ys.max() + 1, xs.max() + 1), np.uint8)
    cells[ys, xs] = list(points.values())
    return cells


def _on_board(cells, height, width, lineno):
    """``cells`` on a (height, width) board where MCell (and Golly) put them: the live cells' box
    moved right and down by half of what the board has to spare, plus one."""
    board = np.zeros((height, width), np.uint8)
    ys, xs = np.nonzero(cells)
    if not len(ys):
        return board
    top, left = ys.min(), xs.min()
    box_h, box_w = ys.max() - top + 1, xs.max() - left + 1
    # C's division, towards zero: the shift is the file's offset of the box plus half the spare
    dy, dx = int((height + 1 - box_h) / 2), int((width + 1 - box_w) / 2)
    ys, xs = ys + dy, xs + dx
    if ys.min() < 0 or xs.min() < 0 or ys.max() >= height or xs.max() >= width:
        raise LifesimError(f"MCell line {lineno}: the pattern does not fit its {width}x{height} board")
    board[ys, xs] = cells[np.nonzero(cells)]
    return board
