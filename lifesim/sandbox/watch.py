"""Live rule editing: reload a ``file.py:name`` rule whenever its file is saved, keeping the grid.

A ``RuleWatcher`` polls the rule file's modification time (stdlib only, no threads). A saved
file is re-imported and run through ``rule check``'s probes (``sandbox.probe``: no compiling,
which can take seconds) before it replaces the running rule; a file that fails to load or
breaks the protocol leaves the last good rule running and its error in ``watcher.error``. A rule that passes the probes but breaks on the real grid is
caught by ``RuleWatcher.step``, which both the headless run and the window's stepper use.

Hooks: the headless run calls ``step_watching``; the window calls ``watcher.poll_window(window)``
once per frame (it uses only ``window.replace_rule`` and ``window.show_message``). Both swap rules
with ``watcher.take`` and run generations with ``watcher.step``, so they behave alike.
"""

import importlib.util
import sys
from pathlib import Path

from lifesim.errors import LifesimError, SettingError
from lifesim.rules import file_version, parse_rule, parse_rule_source, reload_rule_module, split_grid_suffix
from lifesim.sandbox.check import probe


class RuleWatcher:
    """Watches the file behind a ``file.py:name`` or ``module:name`` rule spec.

    rule: the rule to run now (a Rule). error: the last load or run error as one line, or None
    once a good rule is running again. reloads: how many saved versions were taken.
    """

    def __init__(self, spec, rule=None):
        self.spec = split_grid_suffix(spec)[0] if isinstance(spec, str) else spec
        self.path, self.module = _source_of(self.spec)
        self.rule = rule if rule is not None else parse_rule(self.spec)
        self.good = self.rule  # the last rule that ran a generation (or the first one loaded)
        self.error = None
        self.reloads = 0
        self._stamp = file_version(self.path)

    def changed(self):
        """True (once) when the file was saved since the last look."""
        stamp = file_version(self.path)
        if stamp == self._stamp or stamp is None:  # a file mid-save may be briefly missing
            return False
        self._stamp = stamp
        return True

    def poll(self):
        """The newly loaded Rule if the file was saved and the new rule is clean, else None.

        A rule that fails to load or to pass ``rule check`` sets ``error`` and is not taken.
        """
        if not self.changed():
            return None
        try:
            rule = self._load()
        except LifesimError as exc:
            self.error = f"{self.path.name} not reloaded, still running {self.rule.name}: {exc}"
            return None
        self.rule, self.error = rule, None
        self.reloads += 1
        return rule

    def _load(self):
        # probe: the verdict only; check() also compiles, too slow here
        if self.module is not None:
            self._reload_module()
        rule = parse_rule(self.spec)
        report = probe(rule)
        if not report.clean:
            raise LifesimError(report.violation or f"not deterministic: {report.nondeterministic}")
        return rule

    def _reload_module(self):
        if self.module in sys.modules:  # recorded, so the rule's pickle names this version
            reload_rule_module(self.module)

    def ran(self, rule=None):
        """``rule`` (default: the running rule) completed a generation: it is the new last good rule.

        The window passes the rule its worker actually ran, since ``poll`` there takes a new rule
        on the window's thread a little before the worker swaps it in.
        """
        self.good = self.rule if rule is None else rule

    def broke(self, exc, rule=None):
        """``rule`` (default: the running rule) failed during a generation; returns the last good
        rule to run instead.

        Returns None when the failing rule is itself the last good one (nothing to fall back to).
        """
        if (self.rule if rule is None else rule) is self.good:
            return None
        self.error = f"rule broke, back to the last good {self.good.name}: {exc}"
        self.rule = self.good
        return self.good

    def refuse(self, exc, running):
        """The newly loaded rule cannot take over (e.g. too few states): keep ``running``."""
        self.error = f"{self.path.name} not taken, still running {running.name}: {exc}"
        self.rule = running

    def take(self, sim, rule, say):
        """Swap the freshly polled ``rule`` into ``sim`` between generations; True if it ran in.

        A rule the grid cannot hold (fewer states than it has) is refused: the running rule stays,
        and ``say(text)`` gets the one-line reason. Saying the success is the caller's, whose
        words differ (the window's own rule changes go through here too).
        """
        try:
            sim.replace_rule(rule)  # refuses a rule with fewer states than the grid holds
        except LifesimError as exc:
            self.refuse(exc, sim.rule)  # so the watcher knows which rule still runs
            say(self.error)
            return False
        return True

    def step(self, sim, say):
        """One generation of ``sim``; a rule that breaks hands it to the last good rule.

        ``say(text)`` gets the one-line note of the fallback. Raises the rule's LifesimError
        when the last good rule broke itself, as there is nothing to fall back to.
        """
        rule = sim.rule  # in the window, self.rule may already be a newer one whose swap is queued
        try:
            sim.step(1)
        except LifesimError as exc:
            fallback = self.broke(exc, rule)
            if fallback is None:
                raise
            say(self.error)
            sim.replace_rule(fallback)
            sim.step(1)  # the failed generation left the grid as it was: run it with the good rule
        self.ran(sim.rule)

    def poll_window(self, window):
        """Once per frame in the window: a saved rule goes to ``window.replace_rule``, errors on screen."""
        before = self.error
        rule = self.poll()
        if rule is not None:  # said once the swap is made: a refused rule shows only why
            window.replace_rule(rule, f"reloaded {self.path.name}: {rule.name}")
        elif self.error and self.error != before:
            window.show_message(self.error)


def _source_of(spec):
    """(Path of the file to watch, module name or None) for a rule spec; LifesimError if none."""
    source = parse_rule_source(spec) if isinstance(spec, str) else None
    if source is not None and source.path is not None:
        return source.resolved_path(), None
    if source is not None:
        try:
            found = importlib.util.find_spec(source.module)
        except (ImportError, ValueError):
            found = None
        if found is not None and found.origin and found.origin.endswith(".py"):
            return Path(found.origin), source.module
    raise SettingError("watch", f"needs a rule given as FILE.py:NAME (or module:name) to watch, not {spec!r}")


def watcher_for(spec, rule):
    """The RuleWatcher a RunSpec with ``watch`` asks for (``rule``: its rule, loaded), or None."""
    if not spec.watch:
        return None
    if not spec.rule:
        raise SettingError("watch", "needs a rule given as FILE.py:NAME, the rule file to watch")
    return RuleWatcher(spec.rule, rule)


def step_watching(sim, generations, watcher, err=None):
    """Advance ``sim`` by ``generations``, taking each saved version of the rule between them.

    Errors (a file that fails to load, a rule that breaks on the grid) are printed to ``err``
    as one line each and the last good rule carries on; the run stops only if the first rule
    itself breaks.
    """
    err = err or sys.stderr

    def say(text):
        print(f"lifesim: generation {sim.generation}: {text}", file=err)

    for _ in range(generations):
        before = watcher.error
        rule = watcher.poll()
        if rule is not None:
            if watcher.take(sim, rule, say):
                say(f"reloaded {watcher.path.name}: {rule.name}")
        elif watcher.error and watcher.error != before:
            say(watcher.error)
        watcher.step(sim, say)
    return sim.grid


def advance(sim, generations, watcher=None, every=True):
    """The headless run's step: ``step_watching`` with a RuleWatcher, else ``sim.advance`` (one
    jump on a driver that prefers it, such as hashlife; with ``every`` False, rounds of several
    generations on a driver that steps the plane so)."""
    if watcher is None:
        return sim.advance(generations, every)
    return step_watching(sim, generations, watcher)
