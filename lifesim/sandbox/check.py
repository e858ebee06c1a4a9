"""The rule sandbox: what ``lifesim rule check RULE`` and ``lifesim rule trace RULE --cell Y,X`` do.

``check`` drives the rule's coroutine at a few cells with made-up neighbourhoods and says, in
plain words, what it found: the cells it reads, its states, whether it is deterministic and
position-independent, any protocol violation, and whether it compiles (with its shortest exact
rulestring when it is a two-state rule of the 3x3 block: B/S, B/S with V or H, or MAP). ``trace`` prints one cell's conversation yield by yield, as
the textbook does. Both exit 0 when the rule is clean and 2 otherwise.
"""

import linecache
import sys
from dataclasses import dataclass, field

import numpy as np

from lifesim.drivers.compile import ELSEWHERE, PROBE, CompileError, compile_rule
from lifesim.errors import LifesimError, SettingError
from lifesim.grid import char_state, state_char
from lifesim.protocol import Transition
from lifesim.drivers.trace import converse, format_exchange, state_name

EXIT_OK, EXIT_BAD = 0, 2
NEIGHBOURHOODS = 12  # random neighbourhoods per probed cell


# --- rule check --------------------------------------------------------------------------------

@dataclass
class Report:
    """What ``check`` found; ``lines`` are the plain-words report, ``clean`` the verdict."""

    rule: object
    offsets: set = field(default_factory=set)
    yielded: set = field(default_factory=set)
    conversations: int = 0
    violation: str | None = None
    context: list = field(default_factory=list)  # the failing conversation's last exchanges
    nondeterministic: str | None = None
    position_dependent: str | None = None
    lines: list = field(default_factory=list)

    @property
    def clean(self):
        return self.violation is None and self.nondeterministic is None

    def text(self):
        return "\n".join(self.lines)


def check(rule):
    """``probe``, then the plain-words report in ``report.lines`` (which compiles the rule); a Report."""
    report = probe(rule)
    _describe(rule, report)
    return report


def probe(rule):
    """Drive ``rule`` at PROBE and the ELSEWHERE cells over random neighbourhoods; a Report with
    the verdict (``clean``, ``violation``, ``nondeterministic``) and no ``lines``.

    Cheaper than ``check``: it never compiles the rule (seconds for a wide one), so ``--watch``
    can call it on the window's thread.
    """
    report = Report(rule)
    try:
        _probe(rule, report)
    except LifesimError as exc:  # ProtocolError or CellError: both name the cell
        report.violation = str(exc)
    return report


def _probe(rule, report):
    rng = np.random.default_rng(0)
    fills = ["empty", "alive"] + ["random"] * NEIGHBOURHOODS
    for k, fill in enumerate(fills):
        states = {}  # one made-up neighbourhood, shown to every probed cell
        answers = {}
        for where in (PROBE,) + ELSEWHERE:
            tries = [_drive(rule, where, states, fill, rng, report) for _ in range(2)]
            if tries[0] != tries[1] and report.nondeterministic is None:
                report.nondeterministic = (f"cell {where} gave states {tries[0]} and then {tries[1]} "
                                           "for the same neighbourhood")
            answers[where] = tries[0]
        odd = [(w, s) for w, s in answers.items() if s != answers[PROBE]]
        if odd and report.position_dependent is None and report.nondeterministic is None:
            report.position_dependent = (f"the same neighbourhood gives {answers[PROBE]} at cell {PROBE} "
                                         f"but {odd[0][1]} at cell {odd[0][0]}")


def _drive(rule, where, states, fill, rng, report):
    """One conversation at ``where``; neighbours keep their made-up states across calls."""
    def answer(dy, dx):
        report.offsets.add((dy, dx))
        if (dy, dx) not in states:
            states[(dy, dx)] = {"empty": 0, "alive": 1}.get(fill) if fill != "random" else int(rng.integers(rule.states))
        return states[(dy, dx)]

    log = []
    report.conversations += 1
    try:
        nxt = converse(rule.cell, *where, answer, rule.radius, rule.states, log)
    except LifesimError:
        report.context = [format_exchange(*exchange) for exchange in log[-3:]]
        raise
    report.yielded.add(nxt)
    return nxt


def _describe(rule, report):
    say = report.lines.append
    kind = f"from {rule.source}" if rule.source else (f"rulestring {rule.rulestring}" if rule.rulestring else "")
    say(f"rule {rule.name}{' (' + kind + ')' if kind else ''}: {rule.states} states, radius {rule.radius}")
    say(f"neighbourhood: {_neighbourhood_words(report.offsets)}")
    for row in neighbourhood_picture(report.offsets, max(rule.radius, _reach(report.offsets))):
        say("    " + row)
    say(f"states: {rule.states} ({', '.join(_state_words(s) for s in range(min(rule.states, 4)))}"
        f"{', ...' if rule.states > 4 else ''}); its Transitions used {', '.join(map(str, sorted(report.yielded))) or 'none'}")
    if report.violation:
        say(f"protocol: VIOLATION: {report.violation}")
        if report.context:
            say("  after: " + "; ".join(report.context))
        say("deterministic, position-independent, compiles: not known (the check stops at the first violation)")
        say("verdict: NOT clean: fix the problem above")
        return
    say(f"protocol: no violation in {report.conversations} conversations at {1 + len(ELSEWHERE)} cells")
    say("deterministic: " + (f"NO: {report.nondeterministic}" if report.nondeterministic
                             else "yes (the same neighbourhood twice gave the same state)"))
    say("position-independent: " + (f"no: {report.position_dependent}" if report.position_dependent
                                    else f"yes (the same neighbourhood at {1 + len(ELSEWHERE)} cells gave the same state)"))
    say("compiles: " + _compiles(rule, report.offsets))
    say("verdict: " + ("clean" if report.clean else "NOT clean: fix the problems above"))


def _compiles(rule, asked):
    """Whether and how the compiled driver tabulates ``rule``; ``asked``: the (dy, dx) cells its
    coroutine asked for when probed."""
    try:
        compiled = compile_rule(rule)
    except CompileError as exc:
        return f"no: {exc}"
    except LifesimError as exc:
        return f"no: tracing it failed: {exc}"
    if compiled.form == "counts":
        words = f"a table of {compiled.states} x {len(compiled.offsets) + 1} (state, live-neighbour count) entries"
    elif compiled.form == "tree":
        words = f"a rule tree of {len(compiled.table)} nodes reading {len(compiled.offsets)} cells"
    else:
        words = f"a table of {compiled.table.size} entries, one per neighbourhood"
    read = set(compiled.offsets)
    if compiled.form == "counts":  # its own state indexes the table whether or not it asked for it
        read |= asked & {(0, 0)}
    if read != asked:  # it asked for more than its next state depends on (a whole block)
        words += f"; its next state depends on {_neighbourhood_words(read)}"
    words = f"yes, {words} (--driver compiled)"
    name = compiled.title() or (rule.rulestring and rule.rulestring + (f" ({rule.name})" if rule.name != rule.rulestring else ""))
    return f"{words}; your rule is {name}" if name else words


def _state_words(state):
    name = state_name(state)
    return f"{state} {name}" if name != str(state) else name


def _reach(offsets):
    return max((max(abs(dy), abs(dx)) for dy, dx in offsets), default=0)


def _neighbourhood_words(offsets):
    others = offsets - {(0, 0)}
    itself = "itself and " if (0, 0) in offsets else "not itself; "
    moore = {(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)} - {(0, 0)}
    von_neumann = {(-1, 0), (1, 0), (0, -1), (0, 1)}
    if not others:
        return "1 cell: only itself" if offsets else "none: it reads no cell at all"
    if others == moore:
        name = "its 8 Moore neighbours (radius 1)"
    elif others == von_neumann:
        name = "its 4 von Neumann neighbours (north, south, east, west)"
    else:
        r = _reach(others)
        box = {(dy, dx) for dy in range(-r, r + 1) for dx in range(-r, r + 1)} - {(0, 0)}
        name = (f"the {len(box)} cells of its radius-{r} box" if others == box
                else f"{len(others)} other cell{'s' * (len(others) > 1)}: " + ", ".join(f"({dy:+d}, {dx:+d})" for dy, dx in sorted(others)))
    return f"{len(offsets)} cells: {itself}{name}"


def neighbourhood_picture(offsets, radius):
    """Rows of the (2r+1)-square around a cell: '@' the cell (if read), '#' read, '.' not read."""
    rows = []
    for dy in range(-radius, radius + 1):
        row = []
        for dx in range(-radius, radius + 1):
            mark = "#" if (dy, dx) in offsets else "."
            row.append(("@" if mark == "#" else "o") if (dy, dx) == (0, 0) else mark)
        rows.append(" ".join(row))
    return rows


# --- rule trace --------------------------------------------------------------------------------

def trace(rule, cell, neighbours=None, seed=0, out=None):
    """Print the conversation of ``cell`` (y, x) under ``rule``; exit code 0, or 2 on a violation."""
    r = rule.radius
    block = parse_neighbours(neighbours, r, rule.states) if neighbours else \
        np.random.default_rng(seed).integers(0, rule.states, (2 * r + 1, 2 * r + 1))
    result = traced(rule, cell, block)
    print("\n".join(result.lines), file=out or sys.stdout)
    return result.code


@dataclass
class Traced:
    """One cell's conversation, as ``rule trace`` shows it.

    lines: what ``rule trace`` prints, one string a line. code: its exit code (EXIT_OK, or
    EXIT_BAD on a violation). next_state: the state the Transition gave, None on a violation.
    log: the ``(request, reply)`` exchanges. source: ``(file name, line number, the line's
    text)`` of the yield of the Transition, or None where it cannot be found.
    """

    lines: list
    code: int
    next_state: int | None
    log: list
    source: tuple | None


def traced(rule, cell, block):
    """The conversation of ``cell`` (y, x) under ``rule`` with the neighbourhood ``block``, a
    (2r+1, 2r+1) int array centred on the cell (r the rule's radius): a Traced."""
    r = rule.radius
    y, x = cell
    lines = [f"cell ({y}, {x}) under rule {rule.name}; its neighbourhood, rows {y - r}..{y + r}, "
             f"columns {x - r}..{x + r}:"]
    lines += ["    " + " ".join(state_char(s) for s in row) for row in block.tolist()]  # as --neighbours takes them
    log, where = [], []
    try:
        nxt = converse(rule.cell, y, x, lambda dy, dx: int(block[dy + r, dx + r]), r, rule.states, log,
                       where=where)
    except LifesimError as exc:
        lines += [format_exchange(request, reply) for request, reply in log]
        lines.append(f"protocol violation: {exc}")
        return Traced(lines, EXIT_BAD, None, log, None)
    lines += [format_exchange(request, reply) for request, reply in log]
    asked = sum(1 for request, _ in log if type(request) is not Transition)
    lines.append(f"next state: {nxt} ({state_name(nxt)}) after {asked} request{'s' * (asked != 1)}")
    return Traced(lines, EXIT_OK, nxt, log, _transition_source(log, where))


def _transition_source(log, where):
    """(file, line, text) of the yield of the last Transition in ``log``, or None."""
    at = next((w for (request, _), w in zip(reversed(log), reversed(where)) if type(request) is Transition), None)
    if at is None:
        return None
    text = linecache.getline(at[0], at[1]).strip()
    return (at[0], at[1], text) if text else None


def parse_neighbours(text, radius, states):
    """An int array of shape (2r+1, 2r+1) from rows like '-*-/--*/***'; LifesimError if malformed."""
    side = 2 * radius + 1
    rows = [row.strip() for row in text.replace(",", "/").split("/")]
    if len(rows) != side or any(len(row) != side for row in rows):
        raise SettingError("neighbours", f"{text!r}: expected {side} rows of {side} cells joined by '/' "
                           f"(the rule's radius is {radius}), e.g. {'/'.join(['-' * side] * side)!r}")
    block = np.zeros((side, side), int)
    for i, row in enumerate(rows):
        for j, ch in enumerate(row):
            state = char_state(ch)  # the characters of grid text; '²'.isdigit() is no state
            if state is None or state >= states:
                raise SettingError("neighbours", f"{text!r}: {ch!r} is not a state of this {states}-state rule "
                                   "(use * alive, - empty, 2..9 and A..Z for states 2..35)")
            block[i, j] = state
    return block
