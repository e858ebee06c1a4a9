"""RLE, the format of Golly and LifeWiki: text <-> Pattern, both ways built from points.

``#N`` name, ``#C``/``#c``/``#O``/``#D`` comments, ``#CXRLE Pos=X,Y`` position (X the column, Y the row of
the box's top-left cell), header ``x = W, y = H, rule = R``, then runs: ``b``/``o`` (two states) or
``.``/``A``..``X``/``pA``..``yO`` (multi-state), ``$`` ends a row, ``!`` ends the pattern. Reading
collects runs and never builds the (H, W) array; writing goes from points, run by run.
"""

import re

import numpy as np

from lifesim.errors import LifesimError
from lifesim.io.pattern import Pattern, empty_points
from lifesim.rules import split_grid_suffix

RLE_LINE = 70  # Golly and LifeWiki wrap RLE bodies at 70 characters

# The rule runs to the end of the line: a rule file's path may hold spaces.
_HEADER = re.compile(r"^\s*x\s*=\s*(?P<x>\d+)\s*,\s*y\s*=\s*(?P<y>\d+)\s*(?:,\s*rule\s*=\s*(?P<rule>.*?))?\s*$", re.I)
_POSITION = re.compile(r"\bPos\s*=\s*(-?\d+)\s*,\s*(-?\d+)")
_GENERATION = re.compile(r"\bGen\s*=\s*(\d+)")
# Golly's headerless RLE ("bo$2bo$3o!"): only b, o, $, counts and spaces, with a count or a final '!'.
_HEADERLESS = re.compile(r"[\dbo$\s]*!?\s*")


def _state_letters():
    # Golly's multi-state letters: '.'=0, 'A'..'X'=1..24, 'pA'..'pX'=25..48, ..., 'yA'..'yO'=241..255.
    letters = {".": 0}
    for state in range(1, 256):
        prefix = "" if state <= 24 else chr(ord("p") + (state - 25) // 24)
        letters[prefix + chr(ord("A") + (state - 1) % 24)] = state
    return letters


_STATE_TEXT = _state_letters()  # letter -> state
_LETTERS = {state: text for text, state in _STATE_TEXT.items()}  # state -> letter
# Two-state letters: b is dead; o is alive, and so are x and y, which some collections (Mark
# Niemiec's) use to colour parts of a pattern.
_READ_STATE = {**_STATE_TEXT, "b": 0, "o": 1, "x": 1, "y": 1}


def is_headerless_rle(line):
    """Whether a first line is Golly's headerless RLE rather than plaintext (as Golly guesses it)."""
    s = line.strip()
    return bool(s) and bool(_HEADERLESS.fullmatch(s)) and (any(c.isdigit() for c in s) or s.endswith("!"))


def parse_rle(text):
    """Parse RLE text into a Pattern; malformed input raises LifesimError saying which line."""
    name, comments, origin, header, body_start, generation = None, [], None, None, None, 0
    lines = text.splitlines()
    for index, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        if s.startswith("#"):
            tag, rest = s[:2], s[2:].strip()
            if s.startswith("#CXRLE"):
                m = _POSITION.search(s)
                if m:
                    origin = (int(m[2]), int(m[1]))  # Pos=X,Y: X is the column
                m = _GENERATION.search(s)
                if m:
                    generation = int(m[1])
            elif tag == "#N":
                name = rest
            elif tag in ("#C", "#c", "#O", "#D"):  # #D: Golly reads it as a comment too
                comments.append(rest)
            continue
        header = _HEADER.match(s)
        if not header:
            raise LifesimError(f"RLE line {index + 1}: bad header {s!r} (expected 'x = W, y = H, rule = R')")
        body_start = index + 1
        break
    if header is None:
        raise LifesimError("RLE: no header line 'x = W, y = H' found")
    rule_text, topology, size = None, None, None
    if header["rule"]:
        rule_text, topology, size = split_grid_suffix(header["rule"])
    height, width = int(header["y"]), int(header["x"])
    points = parse_rle_body(lines, body_start, height, width)
    return Pattern(points, height, width, origin, rule_text, name, comments, topology, size, generation)


def parse_headerless_rle(text):
    """Parse RLE without a header (``bo$2bo$3o!``, as typed): the box is the cells' extent."""
    lines = text.splitlines()
    points = parse_rle_body(lines, 0, None, None)
    ys, xs, states = points
    height = int(ys[-1]) + 1 if len(ys) else 0
    width = int(xs.max()) + 1 if len(xs) else 0
    return Pattern(points, height, width)


def parse_rle_body(lines, start, height, width):
    """Points of the runs in ``lines[start:]`` up to '!' inside a height x width box (None: unbounded).

    The body is decoded by numpy a byte at a time (a large file has millions of runs); only live
    runs are expanded into cells, so memory follows the file and the live cells, never the box.
    An error names the line of the first bad token.
    """
    body = _Body(lines, start)
    tokens = _tokens(body.bytes, body.line_starts)
    problems = body.open_counts()  # (where, message) of each kind of error; the first one is reported
    runs = [np.zeros(0, np.int64)] * 4
    if tokens is not None:
        starts, ends, counts, codes = tokens
        count_starts = np.append(0, ends[:-1])
        moves = (codes != _NEW_ROW) & (codes != _END)  # a token that moves along its row
        lengths = np.where(moves, counts, 0)
        row_steps = np.where(codes == _NEW_ROW, counts, 0)
        rows = np.cumsum(row_steps) - row_steps  # rows moved down before each token
        cells_before = np.cumsum(lengths) - lengths
        # A row's columns count from its '$': the cells before the token less those before that '$'.
        last_new_row = np.maximum.accumulate(np.where(codes == _NEW_ROW, np.arange(len(codes)), -1))
        columns = cells_before - np.where(last_new_row >= 0, cells_before[np.maximum(last_new_row, 0)], 0)

        def tag(i):
            return body.text(starts[i], ends[i] - starts[i])

        checks = [
            (codes == _UNEXPECTED, lambda i: f"unexpected {body.text(count_starts[i], 10)!r}"),
            ((count_starts < starts) & (counts == 0), lambda i: f"run count 0 before {tag(i)!r}"),
            (codes == _UNKNOWN, lambda i: f"unknown state letter {tag(i)!r}"
                + (" (a multi-state letter is p..y then A..X)" if "p" <= tag(i) <= "y" else "")),
        ]
        if width is not None:
            checks.append((moves & ((columns + counts > width) | (rows >= height)),
                           lambda i: f"cells reach row {rows[i] + 1}, column {columns[i] + counts[i]}, "
                                     f"outside the header's {width}x{height}"))
        for bad, message in checks:
            if bad.any():
                i = int(np.argmax(bad))
                problems.append((int(starts[i]), lambda i=i, message=message: message(i)))
        live = codes > 0
        runs = rows[live], columns[live], counts[live], codes[live]
    if problems:
        position, message = min(problems, key=lambda problem: problem[0])
        raise LifesimError(f"RLE line {body.line_number(position)}: {message()}")
    if not body.ended and width is not None:  # headerless RLE may leave out the '!'
        raise LifesimError("RLE: the pattern does not end with '!'")
    return _expand_runs(*runs)


class _Body:
    """An RLE body as one byte array: its lines from ``start`` to the one with '!', stripped of
    spaces, comment lines and whatever follows the '!'; where each line starts in it, and its number."""

    def __init__(self, lines, start):
        self.lines, starts, self.numbers, self.ended = [], [], [], False
        size = 0
        for index in range(start, len(lines)):
            s = lines[index].strip()
            if not s or s.startswith("#"):
                continue
            s = s.replace(" ", "").replace("\t", "")
            end = s.find("!")
            if end >= 0:
                s, self.ended = s[:end + 1], True  # whatever follows the end is not the pattern's
            data = s.encode()
            self.lines.append(data)
            starts.append(size)
            self.numbers.append(index + 1)
            size += len(data)
            if self.ended:
                break
        self.bytes = np.frombuffer(b"".join(self.lines), np.uint8)
        self.line_starts = np.array(starts, np.int64)

    def _line(self, position):
        return int(np.searchsorted(self.line_starts, position, side="right")) - 1

    def line_number(self, position):
        """The file's line number of the byte at ``position``."""
        return self.numbers[self._line(position)]

    def text(self, position, length):
        """Up to ``length`` characters from ``position``, not beyond its line."""
        line = self._line(position)
        local = position - int(self.line_starts[line])
        return self.lines[line][local:local + length].decode(errors="replace")

    def open_counts(self):
        """[(position, message)] of the first line that ends in a count with no state after it
        (an error in Golly too), or []."""
        for line, (data, start) in enumerate(zip(self.lines, self.line_starts.tolist())):
            if data[-1:].isdigit():
                return [(start + len(data) - 1, lambda: "a run count at the end of the line has no state after it")]
        return []


_NEW_ROW, _END, _UNKNOWN, _UNEXPECTED = -1, -2, -3, -4  # token codes besides the states 0..255
_MAX_COUNT_DIGITS = 15  # exact in float64, and more than any grid


def _byte_codes():
    # One-byte tokens by byte: two-state and one-letter multi-state letters, '$'; other letters are
    # unknown states, anything else is unexpected.
    codes = np.full(256, _UNEXPECTED, np.int64)
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        codes[ord(letter)] = _UNKNOWN
    for text, state in _READ_STATE.items():
        if len(text) == 1:
            codes[ord(text)] = state
    codes[ord("$")] = _NEW_ROW
    codes[ord("!")] = _END
    return codes


_BYTE_CODES = _byte_codes()


def _tokens(body, line_starts):
    """Tokens of an RLE body (bytes as uint8, no spaces, nothing after its '!'), or None when it has none.

    Returns int64 arrays, one entry a token: where its state (or '$' or '!') starts and ends
    (the count before it), its count (1 when none), and its code: a state,
    _NEW_ROW, _END, _UNKNOWN (a letter that is no state) or _UNEXPECTED. A two-letter state is one of
    'p'..'y' then 'A'..'X', read as one token wherever such a pair stands on a line, as Golly
    reads it. ``line_starts``: where each line of the body starts (int64).
    """
    digit = (body >= 48) & (body <= 57)
    second = np.zeros(len(body), bool)  # the 'A'..'X' of a two-letter state
    second[1:] = (body[:-1] >= 0x70) & (body[:-1] <= 0x79) & (body[1:] >= 0x41) & (body[1:] <= 0x58)
    second[line_starts[line_starts < len(body)]] = False  # a state's two letters are on one line
    starts = np.flatnonzero(~digit & ~second)
    if not len(starts):
        return None
    codes = _BYTE_CODES[body[starts]]
    two = np.zeros(len(starts), bool)
    inside = starts + 1 < len(body)
    two[inside] = second[starts[inside] + 1]
    pair = 24 * (body[starts[two]].astype(np.int64) - 0x70 + 1) + body[starts[two] + 1].astype(np.int64) - 0x40
    codes[two] = np.where(pair <= 255, pair, _UNKNOWN)
    token_ends = starts + 1 + two
    count_starts = np.append(0, token_ends[:-1])
    digits = starts - count_starts
    if digits.max() > _MAX_COUNT_DIGITS:
        codes[digits > _MAX_COUNT_DIGITS] = _UNEXPECTED  # a count too long to be one
    positions = np.flatnonzero(digit[:starts[-1]])
    owner = np.searchsorted(starts, positions)  # the token each digit is the count of
    values = (body[positions] - 48) * 10.0 ** (starts[owner] - 1 - positions)
    counts = np.bincount(owner, weights=values, minlength=len(starts)).astype(np.int64)
    counts[digits == 0] = 1
    return starts, token_ends, counts, codes


def _expand_runs(run_ys, run_xs, lengths, run_states):
    """Points of runs given as arrays of (row, first column, length, state): row-major already."""
    if not len(run_ys):
        return empty_points()
    firsts = np.cumsum(lengths) - lengths  # index of each run's first cell among all cells
    steps = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(firsts, lengths)
    return (np.repeat(run_ys, lengths).astype(np.int64),
            np.repeat(run_xs, lengths).astype(np.int64) + steps,
            np.repeat(run_states, lengths).astype(np.uint8))


def pattern_to_rle(pattern):
    """RLE text of a Pattern: ``#CXRLE Pos=X,Y`` when it has an origin, then ``#N``/``#C``, the header
    of its box and rule, and lines of at most 70 characters.

    Multi-state letters when a state is above 1 or the rule is a Generations one (``/C``).
    """
    ys, xs, states = pattern.points
    multi = bool(len(states)) and int(states.max()) > 1 or "/C" in str(pattern.rule or "").upper()
    lines = []
    xrle = []  # Golly reads #CXRLE only as the file's first lines
    if pattern.origin is not None:
        top, left = pattern.origin
        xrle.append(f"Pos={left},{top}")
    if pattern.generation:
        xrle.append(f"Gen={pattern.generation}")
    if xrle:
        lines.append("#CXRLE " + " ".join(xrle))
    if pattern.name:
        lines.append(f"#N {pattern.name}")
    lines += [f"#C {c}" for c in pattern.comments]
    header = f"x = {pattern.width}, y = {pattern.height}"
    if pattern.rule is not None:
        header += f", rule = {pattern.rule}"
    lines.append(header)
    lines += _wrap(_run_tokens(ys, xs, states, multi), RLE_LINE)
    return "\n".join(lines) + "\n"


def _run_tokens(ys, xs, states, multi):
    """RLE tokens (``3o``, ``2$``, ``b``, ``!``) of row-major points, one run at a time."""
    dead = "." if multi else "b"
    letter = _LETTERS.__getitem__ if multi else (lambda state: "o")
    tokens = []
    if len(ys):
        # A run ends where the row changes, a cell is skipped or the state changes.
        starts = np.ones(len(ys), bool)
        starts[1:] = (ys[1:] != ys[:-1]) | (xs[1:] != xs[:-1] + 1) | (states[1:] != states[:-1])
        firsts = np.flatnonzero(starts)
        lengths = np.diff(np.append(firsts, len(ys)))
        row = column = 0  # where the writer is: after the last cell written
        for y, x, state, length in zip(ys[firsts].tolist(), xs[firsts].tolist(),
                                       states[firsts].tolist(), lengths.tolist()):
            if y != row:
                tokens.append(_count(y - row) + "$")  # trailing empty cells are implied by '$'
                row, column = y, 0
            if x != column:
                tokens.append(_count(x - column) + dead)
            tokens.append(_count(length) + letter(state))
            column = x + length
    tokens.append("!")
    return tokens


def _count(n):
    return str(n) if n > 1 else ""


def _wrap(tokens, limit):
    lines, line = [], ""
    for t in tokens:
        if len(line) + len(t) > limit:
            lines.append(line)
            line = ""
        line += t
    lines.append(line)
    return lines


def format_rle(cells, rule=None, name=None, comments=()):
    """RLE text for a dense state array, lines of <= 70 characters.

    ``x``/``y`` are the array's own width and height, so the whole array round-trips.
    """
    return pattern_to_rle(Pattern.from_cells(cells, rule=rule, name=name, comments=list(comments)))
