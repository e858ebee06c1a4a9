"""Golly rule files (``NAME.rule``): reading one, finding one by name, and its cell coroutine.

A rule file (Golly's Help, formats.html) starts with ``@RULE NAME``; then come sections, each
opened by a line starting with ``@``:

- ``@TABLE``: a rule table (``lifesim.ruletable``) or ``@TREE``: a rule tree
  (``lifesim.ruletree``); the first of the two in the file is the rule, as in Golly;
- ``@COLORS``: ``state r g b`` lines, or one ``r1 g1 b1 r2 g2 b2`` line for a gradient over the
  live states, kept for the window;
- ``@ICONS`` and any other section: ignored.

A rule named ``NAME`` is found as ``NAME.rule`` in the folders ``rule_folders`` lists: the
caller's (a pattern file's folder), the current folder, each folder of the
``LIFESIM_RULE_PATH`` environment variable (separated by ``os.pathsep``, ':' on POSIX), then
Golly's own rule folders where Golly is installed (``GOLLY_RULE_FOLDERS``: its user folder, then
the Rules it ships), so that Golly's patterns open with the rules Golly gives them. Names are
case-sensitive, as in Golly. The search is Golly's (Help, formats.html#find): a ``NAME.rule``
without a table or tree is passed over for the rule (it may hold only colours), then come
Golly's older ``NAME.table`` and ``NAME.tree`` files; any rule's colours, a built-in one's too
(``B3_S23.rule`` for B3/S23), are the ``@COLORS`` of the first ``NAME.rule`` found, else of
``PREFIX-shared.rule`` for a name ``PREFIX-...`` (``find_colours``).

The cell coroutine asks for its 3x3 block in one ``Neighborhood`` and answers from the table:
that conversation is the rule's meaning, which every driver (the compiled one too) reproduces.
"""

import operator
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lifesim.errors import LifesimError
from lifesim.protocol import Neighborhood, Transition
from lifesim.ruletable import parse_table
from lifesim.ruletree import parse_tree

RULE_SUFFIX = ".rule"
OLD_SUFFIXES = {".table": "@TABLE", ".tree": "@TREE"}  # Golly's older files: one section each
SHARED = "-shared"  # PREFIX-shared.rule: colours for the rules named PREFIX-...
RULE_PATH = "LIFESIM_RULE_PATH"

# Where Golly keeps rule files, searched last and only where they exist: its user rules folder
# (Preferences > Control on Linux), then the Rules it installs.
GOLLY_RULE_FOLDERS = ("~/.golly/Rules", "/usr/local/share/golly/Rules", "/usr/share/golly/Rules")

# A name Golly could look up as a file: no separators, colons or spaces (formats.html asks for
# letters, digits, '-' and '_'; others exist in the wild, so only what cannot be a name is refused).
_NAME = re.compile(r"^[^/\\:\s]+$")

# section -> its reader, lines -> the rule; the first of these in a file is the rule
_RULE_SECTIONS = {"@TABLE": parse_table, "@TREE": parse_tree}


@dataclass(frozen=True, eq=False)
class RuleFile:
    """A rule file's contents.

    name: the ``@RULE`` name. table: a RuleTable or RuleTree (both have ``states``, ``offsets``,
    ``next_state(values)`` and ``tree()``). colours: per state, ``(r, g, b)`` or None where the
    file gives no colour; None when it has no ``@COLORS`` section.
    """

    name: str
    table: object
    colours: tuple | None = None


def parse_rule_file(text, where):
    """A RuleFile from a rule file's text; ``where`` names it in errors (one line, with the line number)."""
    name, sections = _sections(text.splitlines(), where)
    first = next((s for s in sections if s in _RULE_SECTIONS), None)
    if first is None:
        raise LifesimError(f"{where}: no @TABLE or @TREE section; expected one after @RULE {name}")
    table = _RULE_SECTIONS[first](sections[first], where)
    colours = parse_colours(sections["@COLORS"], table.states, where) if "@COLORS" in sections else None
    return RuleFile(name, table, colours)


def read_rule_file(path):
    """Read and parse the rule file at ``path``; its ``@RULE`` name must be the file's name. A
    ``.table`` or ``.tree`` file (Golly's older forms) is one section's body, named by the file."""
    path = Path(path)
    text = _read(path)
    section = OLD_SUFFIXES.get(path.suffix)
    if section is not None:
        return RuleFile(path.stem, _RULE_SECTIONS[section](list(enumerate(text.splitlines(), 1)), str(path)))
    rule_file = parse_rule_file(text, str(path))
    if path.suffix == RULE_SUFFIX and rule_file.name != path.stem:
        raise LifesimError(f"{path}:1: @RULE {rule_file.name}, expected @RULE {path.stem} "
                           "(Golly finds a rule by its file's name, so the two must match)")
    return rule_file


def _read(path):
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise LifesimError(f"cannot read rule file {path}: {exc.strerror or exc}") from None


def _sections(lines, where):
    """(the @RULE name, {section: [(line number, text)]}) in the file's order; the first of a
    repeated section counts."""
    numbered = [(n, line.rstrip()) for n, line in enumerate(lines, 1)]
    first = next(((n, line) for n, line in numbered if line.strip()), None)
    if first is None or not first[1].startswith("@RULE"):
        raise LifesimError(f"{where}:{first[0] if first else 1}: expected '@RULE NAME' as the first line")
    name = first[1][len("@RULE"):].strip()
    if not name or not _NAME.match(name):
        raise LifesimError(f"{where}:{first[0]}: expected '@RULE NAME' with a name (no spaces, '/' or ':'), "
                           f"not {first[1]!r}")
    sections, current = {}, None
    for n, line in numbered[first[0]:]:
        if line.startswith("@"):
            key = line.split()[0]
            current = sections.setdefault(key, []) if key not in sections else None
            continue
        if current is not None:
            current.append((n, line))
    return name, sections


def parse_colours(lines, states, where):
    """Per-state colours from ``@COLORS`` lines: a tuple of ``states`` entries, ``(r, g, b)`` or None.

    ``state r g b`` sets one state; ``r1 g1 b1 r2 g2 b2`` a gradient over states 1..states-1.
    Text after the numbers is a comment; states the rule does not have are ignored, as Golly does.
    """
    colours = [None] * states
    for lineno, raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        numbers = []
        for token in line.split():
            if not token.isdigit():
                break
            numbers.append(int(token))
        if len(numbers) < 4 or any(v > 255 for v in numbers[1:6]):
            raise LifesimError(f"{where}:{lineno}: expected 'state r g b' or 'r1 g1 b1 r2 g2 b2' "
                               f"with colour values 0..255, not {line!r}")
        if len(numbers) >= 6:
            low, high = numbers[0:3], numbers[3:6]
            live = states - 1
            for state in range(1, states):
                t = (state - 1) / (live - 1) if live > 1 else 0.0
                colours[state] = tuple(int(a + (b - a) * t) for a, b in zip(low, high))
        elif numbers[0] < states:
            colours[numbers[0]] = tuple(numbers[1:4])
    return tuple(colours)


def rule_folders(search=()):
    """The folders searched for ``NAME.rule``, in order: ``search`` (e.g. the pattern file's
    folder), the current folder, those of ``$LIFESIM_RULE_PATH``, then Golly's that exist."""
    extra = [p for p in os.environ.get(RULE_PATH, "").split(os.pathsep) if p]
    golly = [p for p in map(Path, GOLLY_RULE_FOLDERS) if p.expanduser().is_dir()]
    return [Path(folder).expanduser() for folder in (*search, ".", *extra, *golly)]


def is_rule_name(text):
    """True if ``text`` could name a rule file: no '/', '\\', ':' or white space."""
    return _NAME.match(text) is not None


def find_rule_file(name, search=()):
    """The Path of the file rule ``name`` is read from, as Golly searches: the first
    ``NAME.rule`` in ``rule_folders(search)`` with a ``@TABLE`` or ``@TREE``, else the first
    ``NAME.table``, else the first ``NAME.tree``; None when there is none."""
    if not is_rule_name(name):
        return None
    folders = rule_folders(search)
    for suffix in (RULE_SUFFIX, *OLD_SUFFIXES):
        for folder in folders:
            path = folder / (name + suffix)
            if path.is_file() and (suffix != RULE_SUFFIX or _has_rule(path)):
                return path
    return None


def _has_rule(path):
    return any(line.startswith(tuple(_RULE_SECTIONS)) for line in _read(path).splitlines())


def find_colours(name, states, search=()):
    """Per-state colours for rule ``name`` of ``states`` states (``parse_colours``), as Golly
    finds them: the ``@COLORS`` of the first ``NAME.rule`` in ``rule_folders(search)``, a
    built-in rule's name with '/' and '\\' as '_' (``B3_S23.rule``); else, when that file has
    none (or there is none) and the name has a hyphen, those of ``PREFIX-shared.rule`` (PREFIX:
    the name up to its last hyphen). None when neither gives any."""
    stem = name.replace("/", "_").replace("\\", "_")
    candidates = [stem] + ([stem.rsplit("-", 1)[0] + SHARED] if "-" in stem else [])
    folders = rule_folders(search)
    for candidate in filter(is_rule_name, candidates):
        # the first file decides: one without colours is not passed over for a later one's
        path = next((p for p in (f / (candidate + RULE_SUFFIX) for f in folders) if p.is_file()), None)
        if path is not None:
            _, sections = _sections(_read(path).splitlines(), str(path))
            if "@COLORS" in sections:
                return parse_colours(sections["@COLORS"], states, str(path))
    return None


class BlockLookup:
    """A table's next state from a cell's 3x3 block (9 states, row-major), remembered per block.

    The table may be a RuleTable, whose first-match search is the slow part, or a RuleTree.
    """

    MEMO = 1 << 16  # neighbourhoods remembered; past this the memory starts again

    def __init__(self, table):
        self.table = table
        picks = [(dy + 1) * 3 + (dx + 1) for dy, dx in table.offsets]
        self._pick = operator.itemgetter(*picks)
        self._memo = {}

    def __call__(self, block):
        values = self._pick(block)
        state = self._memo.get(values)
        if state is None:
            if len(self._memo) >= self.MEMO:
                self._memo.clear()
            state = self._memo[values] = self.table.next_state(values)
        return state

    def __reduce__(self):  # the memory stays behind: a worker builds its own
        return (BlockLookup, (self.table,))


def rule_file_cell(lookup, y, x):
    """A rule file's cell: one Neighborhood request, then the table's answer (``lookup``: BlockLookup)."""
    block = yield Neighborhood(y, x, 1)
    yield Transition(y, x, lookup(block))


def table_of(cell):
    """The RuleTable or RuleTree behind a rule file's cell factory, or None for any other cell."""
    func = getattr(cell, "func", None)
    if func is rule_file_cell and isinstance(cell.args[0], BlockLookup):
        return cell.args[0].table
    return None
