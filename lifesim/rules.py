"""Rules: a name, a number of states, a neighbourhood radius and the cell coroutine factory.

A Rule is built from a rulestring (``B3/S23``, ``23/3``, ``B2/S/C3``, ``/2/3``, ``B2-a/S12``,
``MAP...``, ``R5,C0,M1,S34..58,B34..45,NM``: every family in ``lifesim.rulestrings``), a name
(``highlife``; Golly's built-in ``JvN29``, ``Nobili32`` and ``Hutton32``: ``lifesim.jvn``), a
logic function ``logic(state, neighbors) -> state``, a cell coroutine factory
``cell(y, x)``, a ``file.py:name`` / ``package.module:name`` spec, or a Golly rule file
(``NAME.rule``, found by ``lifesim.rulefile``). Rules pickle by reference (module-level
functions, or the spec they were loaded from) so process drivers can ship them; a rule file's
rule pickles with its table.
"""

import dataclasses
import functools
import hashlib
import importlib
import importlib.util
import inspect
import pickle
import re
import sys
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lifesim import jvn, rulestrings
from lifesim.cells import game_logic, step_cell
from lifesim.errors import LifesimError
from lifesim.topology import from_golly
from lifesim.rulefile import (
    OLD_SUFFIXES, RULE_SUFFIX, BlockLookup, find_colours, find_rule_file, is_rule_name, parse_rule_file,
    read_rule_file, rule_file_cell, rule_folders,
)

MAX_STATES = 256  # grids are uint8

NAMED_RULES = {
    "life": "B3/S23",
    "conway": "B3/S23",
    "highlife": "B36/S23",
    "seeds": "B2/S",
    "daynight": "B3678/S34678",
    "replicator": "B1357/S1357",
    "brians-brain": "B2/S/C3",
}

# Display names of well-known rulestrings, as LifeWiki spells them.
RULE_TITLES = {
    "B3/S23": "Conway's Life",
    "B36/S23": "HighLife",
    "B2/S": "Seeds",
    "B3678/S34678": "Day & Night",
    "B1357/S1357": "Replicator",
    "B2/S/C3": "Brian's Brain",
}

_GRID_SUFFIX = re.compile(r":([A-Za-z])([\d,+\-*]*)$")
_SPEC = re.compile(r"^(?P<where>.+):(?P<name>[A-Za-z_]\w*)$")
# Dotted only: an undotted ``life:T`` is a rule name with Golly's grid suffix, not a module.
_MODULE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


@dataclass(frozen=True, eq=False)
class Rule:
    """A cellular automaton rule whose cells are generator coroutines.

    ``cell(y, x)`` returns a fresh coroutine for cell (y, x); it may query cells at most
    ``radius`` rows and columns away and must yield one Transition to a state in
    ``0 .. states-1``. ``birth``/``survival`` are set for outer-totalistic rules (B/S,
    Generations, V, H, Larger than Life): the live-neighbour counts, the cell itself not counted,
    over ``neighborhood`` (a ``lifesim.neighborhoods`` kind out to ``radius``; None: undeclared).
    """

    name: str
    cell: Callable
    states: int = 2
    radius: int = 1
    rulestring: str | None = None
    birth: frozenset | None = None
    survival: frozenset | None = None
    source: str | None = None  # the spec it was loaded from; pickling re-loads it
    # (mtime_ns, size) of the source's file when loaded, or None. It goes into the pickle so
    # that a worker's cache of unpickled rules (keyed by the bytes) misses once the file is edited.
    version: tuple | None = None
    # per state (r, g, b) or None, from a rule file's @COLORS; None: the window's own colours
    colours: tuple | None = None
    neighborhood: str | None = None

    def __post_init__(self):
        if not 2 <= self.states <= MAX_STATES:
            raise LifesimError(f"rule {self.name!r}: states must be 2..{MAX_STATES}, not {self.states}")
        if not (isinstance(self.radius, int) and self.radius >= 0):
            raise LifesimError(f"rule {self.name!r}: radius must be a whole number >= 0, not {self.radius!r}")

    def __repr__(self):
        return f"Rule({self.name!r}, states={self.states}, radius={self.radius})"

    def __str__(self):
        return self.rulestring or self.name

    def __reduce__(self):
        if self.source is not None:
            return (_load_version, (self.source, self.version))
        return (Rule, tuple(getattr(self, f.name) for f in dataclasses.fields(self)))

    @property
    def spec(self):
        """The text that names this rule in files: its rulestring, else its ``file.py:name``
        spec, else its name."""
        return self.rulestring or self.source or self.name

    @property
    def is_lifelike(self):
        """True for two-state B/S rules on the Moore neighbourhood."""
        return (self.birth is not None and self.states == 2 and self.radius == 1
                and self.neighborhood in (None, "moore"))

    @classmethod
    def from_logic(cls, logic, name=None, states=2):
        """A Moore-neighbourhood rule from ``logic(state, live_neighbours) -> state``."""
        return cls(name or logic.__name__, functools.partial(step_cell, logic=logic), states, 1)

    @classmethod
    def from_cell(cls, cell, name=None, states=2, radius=1):
        """A rule from a cell coroutine factory ``cell(y, x)``."""
        return cls(name or getattr(cell, "__name__", "cell"), cell, states, radius)


def lifelike(birth, survival):
    """The two-state Moore rule with the given birth and survival neighbour counts."""
    return _from_fields(rulestrings.outer_totalistic(birth, survival))


def generations(birth, survival, states):
    """The Generations rule B../S../C<states> (states 0..states-1; 1 is alive)."""
    return _from_fields(rulestrings.outer_totalistic(birth, survival, states))


def _from_fields(fields):
    """A Rule from ``lifesim.rulestrings`` fields, named by its title where it has one."""
    return Rule(**(fields | {"name": RULE_TITLES.get(fields["rulestring"], fields["name"])}))


CONWAY = lifelike({3}, {2, 3})


def parse_rulestring(text):
    """A Rule from a rulestring of any family in ``lifesim.rulestrings``, a rule name, or the
    name of one of Golly's built-in JvN rules (``lifesim.jvn``)."""
    s = text.strip()
    key = s.lower().replace("_", "-").replace(" ", "-")
    if key in NAMED_RULES:
        return parse_rulestring(NAMED_RULES[key])
    family = jvn.family_of(s)
    if family is not None:
        return jvn_rule(family)
    fields = rulestrings.parse(s)
    if fields is None:
        raise LifesimError(
            f"unknown rule {text!r}: expected a rulestring like {rulestrings.EXAMPLES}, a name "
            f"({', '.join(sorted(NAMED_RULES) + list(jvn.FAMILIES))}), or file.py:name"
        )
    return _from_fields(fields)


_JVN_RULES = {}  # family -> its Rule: one object per family, so drivers remember what they learn of it


def jvn_rule(family):
    """The Rule of one of Golly's JvN rules: ``JvN29``, ``Nobili32`` or ``Hutton32``."""
    if family not in _JVN_RULES:
        _JVN_RULES[family] = Rule(**jvn.rule_fields(family))
    return _JVN_RULES[family]


def split_grid_suffix(text):
    """Split Golly's bounded-grid suffix off a rule: ``'B3/S23:T64,48'`` -> ``('B3/S23', 'torus', (48, 64))``.

    Returns ``(rule_text, Topology or None, (height, width) or None)``. Golly writes width
    first; a single number means a square grid. Every suffix of Golly's Help/bounded.html is
    read (``:P``, ``:T`` with a shift, ``:K``, ``:C``, ``:S``; see ``topology.from_golly``);
    a tube or strip (``:T0,20``, ``:P0,20``) has 0 on its unbounded side; whatever Golly
    refuses is refused.
    """
    s = text.strip()
    m = _GRID_SUFFIX.search(s)
    base = s[: m.start()] if m else s
    if not m or _names_a_source(base):
        return s, None, None
    try:
        topology, (height, width) = from_golly(m[1], m[2])
        topology.check_size(height, width)
    except LifesimError as exc:
        raise LifesimError(f"rule {text!r}: {exc}") from None
    return base, topology, (height, width)


def parse_rule(spec, search=(), bundled=None):
    """A Rule from a Rule, a rulestring or name, a ``file.py:name`` or ``module:name`` spec, a
    Golly rule file's name or path (``WireWorld``, ``rules/WireWorld.rule``), or a function.

    A function of ``(state, neighbors)`` is a logic function; a generator function of
    ``(y, x)`` is a cell factory (``states``/``radius`` attributes on it are honoured). A name
    that is no rulestring is looked up as ``NAME.rule`` in ``search`` (e.g. the folder of the
    pattern file that names it), the current folder, then ``$LIFESIM_RULE_PATH``; before them
    all, in ``bundled`` (``{NAME: text of NAME.rule}``: the rule files a zip archive brought).
    """
    if isinstance(spec, Rule):
        return spec
    if callable(spec):
        return _rule_from_object(spec, getattr(spec, "__name__", "rule"))
    if not isinstance(spec, str) or not spec.strip():
        raise LifesimError(f"unknown rule {spec!r}")
    text = split_grid_suffix(spec)[0]
    source = parse_rule_source(text)
    if source is not None:
        return _load_source(source)
    if text.endswith((RULE_SUFFIX, *OLD_SUFFIXES)):
        return _load_rule_file(Path(text).expanduser())
    if bundled and text in bundled:  # as Golly installs an archive's rules before loading its pattern
        return rule_from_text(bundled[text], text + RULE_SUFFIX)
    try:
        rule = parse_rulestring(text)
    except LifesimError as exc:
        path = find_rule_file(text, search)
        if path is None and not is_rule_name(text):
            raise
        if path is None:
            folders = ", ".join(map(str, rule_folders(search)))
            raise LifesimError(f"{exc}; nor is there a Golly rule file {text}{RULE_SUFFIX} in {folders} "
                               "(more folders go in $LIFESIM_RULE_PATH)") from None
        rule = _load_rule_file(path)
    return _with_found_colours(rule, search)


def _with_found_colours(rule, search):
    """``rule`` with the colours Golly would give it from the rule folders (``find_colours``:
    ``B3_S23.rule`` for B3/S23, an override of a rule file's, ``PREFIX-shared.rule``); the same
    Rule object when they are its own or there are none, and one recoloured object per Rule
    and colours, so that what drivers keep per Rule (a rule file's or JvN's table) is kept."""
    colours = find_colours(rule.rulestring or rule.name, rule.states, search)
    if colours is None or colours == rule.colours:
        return rule
    recoloured = _RECOLOURED.setdefault(rule, {})
    if colours not in recoloured:
        recoloured[colours] = dataclasses.replace(rule, colours=colours)
    return recoloured[colours]


_RECOLOURED = weakref.WeakKeyDictionary()  # Rule -> {colours: that Rule in them}


# (resolved path, file version) -> Rule: a pattern naming its rule file loads it once, and one
# Rule object lets the compiled driver keep its table
_RULE_FILES = {}
RULE_FILES_KEPT = 16


def rule_from_rule_file(rule_file):
    """The Rule of a RuleFile (``lifesim.rulefile``): its cell asks one Neighborhood and answers
    from the table; it pickles with its table."""
    table = rule_file.table
    return Rule(rule_file.name, functools.partial(rule_file_cell, BlockLookup(table)), table.states, 1,
                colours=rule_file.colours)


def rule_from_text(text, where="<text>"):
    """The Rule of a rule file's text (``where`` names it in errors)."""
    return rule_from_rule_file(parse_rule_file(text, where))


def _load_rule_file(path):
    key = (str(path.resolve()), file_version(path))
    rule = _RULE_FILES.get(key)
    if rule is None:
        rule = rule_from_rule_file(read_rule_file(path))
        if len(_RULE_FILES) >= RULE_FILES_KEPT:
            _RULE_FILES.pop(next(iter(_RULE_FILES)))
        _RULE_FILES[key] = rule
    return rule


@dataclass(frozen=True)
class RuleSource:
    """Where a rule is defined: ``path`` (a ``.py`` file, as written) or ``module`` (a dotted
    ``package.module``), the other None, and the ``name`` of the rule in it."""

    path: str | None
    module: str | None
    name: str

    def resolved_path(self):
        """The absolute Path of the rule file (``~`` expanded), or None for a module."""
        return None if self.path is None else Path(self.path).expanduser().resolve()


def parse_rule_source(text):
    """The RuleSource that ``file.py:name`` or ``package.module:name`` names, or None for other text."""
    m = _SPEC.match(text)
    if not m or not _names_a_source(m["where"]):
        return None
    if m["where"].endswith(".py"):
        return RuleSource(m["where"], None, m["name"])
    return RuleSource(None, m["where"], m["name"])


def _names_a_source(where):
    """True if ``where``, the text before a ``:``, is a rule file or module rather than a rulestring."""
    return where.endswith(".py") or _MODULE.match(where) is not None


# module name -> version of its file when this process last imported it (module:name specs)
_MODULE_VERSIONS = {}


def _load_source(rule_source):
    where, name = rule_source.path or rule_source.module, rule_source.name
    if rule_source.path is not None:
        path = rule_source.resolved_path()
        if not path.is_file():
            raise LifesimError(f"rule file not found: {where}")
        module = _import_file(path)  # read afresh every time
        source, version = f"{path}:{name}", file_version(path)
    else:
        first = where not in sys.modules
        try:
            module = importlib.import_module(where)
        except Exception as exc:  # any import failure is the user's input, not our bug
            raise LifesimError(f"cannot import rule module {where}: {type(exc).__name__}: {exc}") from None
        source = f"{where}:{name}"
        if first or where not in _MODULE_VERSIONS:  # later imports return the cached module
            _MODULE_VERSIONS[where] = file_version(getattr(module, "__file__", None))
        version = _MODULE_VERSIONS[where]  # the file as imported, not as it may be now
    if not hasattr(module, name):
        raise LifesimError(f"{where} has no rule named {name!r}")
    rule = _rule_from_object(getattr(module, name), name)
    return dataclasses.replace(rule, source=source, version=version)


def file_version(path):
    """(st_mtime_ns, st_size) of the file at ``path``, or None if there is none (a file mid-save
    may be briefly missing); size too, as two saves may share an mtime tick."""
    try:
        st = Path(path).stat()
    except (OSError, TypeError):
        return None
    return (st.st_mtime_ns, st.st_size)


def _load_version(source, version):
    """Unpickle a rule loaded from ``source`` when its file had ``version``.

    A rule file is re-read by ``parse_rule`` anyway; a module this process imported from an older
    version of its file (a worker, after ``--watch`` reloaded it in the parent) is reloaded first.
    """
    module = parse_rule_source(source).module  # None for a rule file, never in sys.modules
    if module in sys.modules and _MODULE_VERSIONS.get(module) != version:
        reload_rule_module(module)
    return parse_rule(source)


def reload_rule_module(name):
    """Re-import the rule module ``name`` (already imported) from its file as it is now."""
    module = sys.modules[name]
    try:
        importlib.reload(module)
    except Exception as exc:  # the user's half-typed file: a one-line error
        raise LifesimError(f"cannot reload {name}: {type(exc).__name__}: {exc}") from None
    _MODULE_VERSIONS[name] = file_version(getattr(module, "__file__", None))


def _import_file(path):
    """Import a rule file afresh (so an edited file is re-read) under a name unique to its path."""
    digest = hashlib.sha1(str(path).encode()).hexdigest()[:8]
    module_name = f"lifesim_rulefile_{path.stem}_{digest}"
    try:
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        raise LifesimError(f"cannot load rule file {path}: {type(exc).__name__}: {exc}") from None
    return module


def _rule_from_object(obj, name):
    if isinstance(obj, Rule):
        return obj
    if isinstance(obj, str):
        return parse_rule(obj)
    if not callable(obj):
        raise LifesimError(f"{name!r} is not a rule: expected a Rule, a rulestring, a cell coroutine or a logic function")
    states = getattr(obj, "states", 2)
    if inspect.isgeneratorfunction(inspect.unwrap(obj)) or isinstance(obj, functools.partial):
        return Rule.from_cell(obj, name, states, getattr(obj, "radius", 1))
    try:
        params = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        params = {}
    if len(params) != 2:
        raise LifesimError(f"{name!r} is not a rule: a logic function takes (state, neighbors), a cell coroutine (y, x)")
    return Rule.from_logic(obj, name, states)


def ensure_picklable(rule):
    """Raise a LifesimError saying how to fix it unless ``rule`` can be sent to worker processes."""
    try:
        pickle.loads(pickle.dumps(rule))
    except Exception as exc:
        raise LifesimError(
            f"rule {rule.name!r} cannot be sent to worker processes ({type(exc).__name__}: {exc}); "
            "define its cell or logic function at module level in a .py file (no lambda or closure) "
            "and pass --rule file.py:name"
        ) from None


def textbook_rule():
    """Conway's Life through the textbook's unbatched coroutines (9 Queries per cell)."""
    return Rule.from_logic(game_logic, "textbook")
