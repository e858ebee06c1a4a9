"""Live rule editing: a saved rule file is taken between generations; a broken one never stops the run."""

import io
import os

import numpy as np
import pytest

from lifesim import Grid, LifesimError, Simulation
from lifesim.sandbox.watch import RuleWatcher, step_watching

LIFE = "def rule(state, neighbors):\n    return 1 if neighbors == 3 or (state and neighbors == 2) else 0\n"
DIE = "def rule(state, neighbors):\n    return 0\n"
SYNTAX = "def rule(state, neighbors)\n    return 0\n"
GARBAGE = "def rule(y, x):\n    yield 'hello'\n"
BREAKS_ON_ROW_3 = (
    "from lifesim import Query, Transition\n"
    "def rule(y, x):\n"
    "    state = yield Query(y, x)\n"
    "    if y == 3:\n"
    "        raise RuntimeError('row 3')\n"
    "    yield Transition(y, x, state)\n"
)
GLIDER = "-*---\n--*--\n***--\n-----\n-----"


def save(path, text):
    """Write ``text`` and move the mtime on, as an editor's save does (no sleeping for the clock)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    os.utime(path, ns=(before + 10**9, before + 10**9))


@pytest.fixture
def rule_file(tmp_path):
    path = tmp_path / "my_rules.py"
    save(path, LIFE)
    return path


def start(rule_file, grid_text=GLIDER):
    watcher = RuleWatcher(f"{rule_file}:rule")
    return watcher, Simulation(Grid.from_text(grid_text), watcher.rule)


def test_nothing_happens_until_the_file_is_saved(rule_file):
    watcher, _ = start(rule_file)
    assert watcher.poll() is None and watcher.poll() is None and watcher.reloads == 0


def test_a_saved_rule_is_taken_and_the_grid_is_kept(rule_file):
    watcher, sim = start(rule_file)
    err = io.StringIO()
    step_watching(sim, 2, watcher, err)
    assert sim.population == 5
    save(rule_file, DIE)
    step_watching(sim, 1, watcher, err)
    assert (sim.generation, sim.population, watcher.reloads) == (3, 0, 1)
    assert "generation 2: reloaded my_rules.py: rule" in err.getvalue()


def test_a_save_is_probed_but_never_compiled(rule_file, monkeypatch):
    """Compiling a rule can take seconds; the watcher runs on the window's drawing thread."""
    from lifesim.sandbox import check as sandbox

    monkeypatch.setattr(sandbox, "compile_rule", lambda rule: pytest.fail("the watcher compiled the rule"))
    watcher, _ = start(rule_file)
    save(rule_file, DIE)
    assert watcher.poll() is not None and watcher.reloads == 1
    save(rule_file, GARBAGE)
    assert watcher.poll() is None and "yielded 'hello'" in watcher.error


@pytest.mark.parametrize("text, words", [
    (SYNTAX, "SyntaxError"),
    (GARBAGE, "cell (37, 23): yielded 'hello'"),
])
def test_a_broken_save_shows_the_error_and_keeps_the_last_good_rule(rule_file, text, words):
    watcher, sim = start(rule_file)
    good = watcher.rule
    save(rule_file, text)
    err = io.StringIO()
    step_watching(sim, 4, watcher, err)
    assert watcher.rule is good and sim.rule is good
    assert sim.generation == 4 and sim.population == 5  # the glider flies on under Life
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and words in lines[0] and "still running rule" in lines[0]
    save(rule_file, DIE)  # fixing the file clears the error
    step_watching(sim, 1, watcher, err)
    assert watcher.error is None and sim.population == 0


def test_a_rule_that_breaks_on_the_grid_falls_back_for_that_generation(rule_file):
    watcher, sim = start(rule_file, "\n".join(["-----"] * 2 + ["-***-"] + ["-----"] * 3))
    expected = Simulation(sim.grid, watcher.rule)
    expected.step(3)
    save(rule_file, BREAKS_ON_ROW_3)  # passes the probes (no probe cell is on row 3)
    err = io.StringIO()
    step_watching(sim, 3, watcher, err)
    assert sim.generation == 3 and sim.grid == expected.grid
    assert "rule broke, back to the last good rule" in err.getvalue() and "RuntimeError: row 3" in err.getvalue()
    assert "my_rules.py:5" in err.getvalue()  # the rule's own line


def test_a_first_rule_that_breaks_stops_the_run(tmp_path):
    path = tmp_path / "bad.py"
    save(path, BREAKS_ON_ROW_3)
    watcher = RuleWatcher(f"{path}:rule")
    sim = Simulation(Grid.empty(6, 6), watcher.rule)
    with pytest.raises(LifesimError, match="row 3"):
        step_watching(sim, 1, watcher, io.StringIO())


def test_a_rule_with_fewer_states_than_the_grid_is_refused(rule_file):
    watcher = RuleWatcher(f"{rule_file}:rule")
    save(rule_file, LIFE + "rule.states = 3\n")
    watcher.poll()
    sim = Simulation(Grid(np.array([[2, 0], [0, 1]], np.uint8)), watcher.rule)
    save(rule_file, LIFE)
    err = io.StringIO()
    step_watching(sim, 1, watcher, err)
    assert sim.rule.states == 3 and "has only states 0..1" in err.getvalue()


def test_the_window_hook_sends_rules_and_errors_to_the_window(rule_file):
    class FakeWindow:
        def __init__(self):
            self.rules, self.messages = [], []

        def replace_rule(self, rule, note=None):
            self.rules.append(rule)
            self.messages.append(note)

        def show_message(self, text):
            self.messages.append(text)

    watcher, window = RuleWatcher(f"{rule_file}:rule"), FakeWindow()
    save(rule_file, SYNTAX)
    watcher.poll_window(window)
    watcher.poll_window(window)  # the same error is shown once
    assert window.rules == [] and len(window.messages) == 1 and "SyntaxError" in window.messages[0]
    save(rule_file, DIE)
    watcher.poll_window(window)
    assert window.rules == [watcher.rule] and window.messages[-1] == "reloaded my_rules.py: rule"


def test_module_rules_are_watched_through_their_file():
    watcher = RuleWatcher("lifesim.examples.weighted:weighted")
    assert watcher.path.name == "weighted.py" and watcher.module == "lifesim.examples.weighted"


def test_an_edited_rule_file_pickles_differently_so_workers_reload_it(rule_file):
    """Workers cache unpickled rules by their bytes: an edit must change the bytes."""
    import pickle

    from lifesim.drivers._tilework import load_rule
    from lifesim.rules import parse_rule

    before = load_rule(pickle.dumps(parse_rule(f"{rule_file}:rule")))
    save(rule_file, DIE)
    after = load_rule(pickle.dumps(parse_rule(f"{rule_file}:rule")))
    assert before.cell is not after.cell
    sim = Simulation(Grid.from_text(GLIDER), after)
    assert sim.step(1).population == 0


def test_watch_with_worker_processes_takes_the_saved_rule(rule_file):
    from lifesim.drivers import get_driver

    watcher = RuleWatcher(f"{rule_file}:rule")
    with get_driver("processes", 2) as driver:
        sim = Simulation(Grid.from_text(GLIDER), watcher.rule, driver)
        step_watching(sim, 2, watcher, io.StringIO())
        assert sim.population == 5
        save(rule_file, DIE)
        step_watching(sim, 1, watcher, io.StringIO())
        assert (watcher.reloads, sim.population) == (1, 0)


def test_a_reloaded_rule_module_pickles_its_new_version(tmp_path, monkeypatch):
    """A package.module:name rule: the parent reloads it; a worker holding the old module must too."""
    import pickle
    import sys

    from lifesim.rules import _MODULE_VERSIONS

    (tmp_path / "watchedpkg").mkdir()
    (tmp_path / "watchedpkg" / "__init__.py").write_text("")
    path = tmp_path / "watchedpkg" / "rules.py"
    save(path, LIFE)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("watchedpkg", "watchedpkg.rules"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    watcher = RuleWatcher("watchedpkg.rules:rule")
    blob = pickle.dumps(watcher.rule)
    save(path, DIE)
    new = watcher.poll()
    assert new is not None and pickle.dumps(new) != blob
    # As in a worker that imported the old file: its module's code is stale until reloaded.
    monkeypatch.setitem(_MODULE_VERSIONS, "watchedpkg.rules", None)
    monkeypatch.setattr(sys.modules["watchedpkg.rules"], "rule", lambda state, neighbors: state)
    assert Simulation(Grid.from_text(GLIDER), pickle.loads(pickle.dumps(new))).step(1).population == 0


@pytest.mark.parametrize("spec", ["B3/S23", "life", "no.such.module:rule", "json:loads"])
def test_watch_needs_a_rule_file(spec):
    with pytest.raises(LifesimError, match="watch: needs a rule given as FILE.py:NAME"):
        RuleWatcher(spec)


def test_headless_watch_runs_and_a_rulestring_is_refused(rule_file, capsys):
    from lifesim.app.cli import main

    assert main(["glider", "--rule", f"{rule_file}:rule", "--watch", "--headless", "--generations", "4"]) == 0
    assert "population 5 -> 5" in capsys.readouterr().out
    assert main(["glider", "--rule", "B3/S23", "--watch", "--headless", "--generations", "4"]) == 2
    assert "--watch needs a rule given as FILE.py:NAME" in capsys.readouterr().err


# The window (SDL's dummy video driver): the same reloading, shown on screen ---------------------

KEEP = "def rule(state, neighbors):\n    return state\n"  # every cell stays as it is
BLINKER = "\n".join(["-----"] * 2 + ["-***-"] + ["-----"] * 3)


@pytest.fixture
def watched_window(monkeypatch, rule_file):
    """make(grid_text) -> a running inline Window on ``rule_file`` under a RuleWatcher (SDL dummy)."""
    monkeypatch.setenv("SDL_VIDEODRIVER", "dummy")
    pygame = pytest.importorskip("pygame")
    from lifesim.window.window import Window

    windows = []

    def make(grid_text=GLIDER):
        watcher = RuleWatcher(f"{rule_file}:rule")
        window = Window(Simulation(Grid.from_text(grid_text), watcher.rule), "test", size=(320, 240),
                        rate=float("inf"), threaded=False, watcher=watcher)
        window.watch_seconds = 0  # look at the file every frame: the test moves the mtime itself
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
    pygame.quit()


def frames(window, n=1):
    for _ in range(n):
        window.update()
        window.draw()


def shown(window):
    return [text for text, _ in window.messages]


def test_the_window_takes_a_saved_rule_and_keeps_the_grid(watched_window, rule_file):
    window = watched_window()
    frames(window, 2)
    before = window.stepper.sim.grid
    assert window.stepper.frame.generation == 2
    save(rule_file, KEEP)
    frames(window)
    sim, watcher = window.stepper.sim, window.watcher
    assert sim.rule is watcher.rule and watcher.reloads == 1
    assert sim.generation == 3 and sim.grid == before  # the glider, frozen where it was
    assert "reloaded my_rules.py: rule" in shown(window)
    assert not any(text.startswith("rule: ") for text in shown(window))  # one line for one reload


def test_a_refused_rule_in_the_window_says_only_why(watched_window, rule_file):
    save(rule_file, LIFE + "rule.states = 3\n")
    window = watched_window()
    window.stepper.set_running(False)  # paused: the grid keeps its 2s
    window.stepper.submit(lambda sim: sim.replace_grid(Grid(np.full(sim.grid.shape, 2, np.uint8))))
    frames(window)
    three_states = window.stepper.sim.rule
    save(rule_file, LIFE)  # two states cannot run a grid holding 2s
    frames(window, 2)
    assert window.stepper.sim.rule is three_states
    about_the_file = [text for text in shown(window) if "my_rules.py" in text]
    assert len(about_the_file) == 1 and "not taken, still running rule" in about_the_file[0]


def test_the_window_shows_a_broken_save_and_runs_on(watched_window, rule_file):
    window = watched_window()
    good = window.watcher.rule
    save(rule_file, SYNTAX)
    frames(window, 4)
    assert window.stepper.sim.rule is good and window.stepper.running
    assert window.stepper.sim.generation == 4 and window.stepper.sim.population == 5
    errors = [text for text in shown(window) if "SyntaxError" in text]
    assert len(errors) == 1 and "still running rule" in errors[0]


def test_a_rule_that_breaks_in_the_window_falls_back_and_says_so(watched_window, rule_file):
    window = watched_window(BLINKER)
    good = window.watcher.rule
    expected = Simulation(Grid.from_text(BLINKER), good)
    expected.step(3)
    save(rule_file, BREAKS_ON_ROW_3)  # passes the probes, breaks on the blinker's grid
    frames(window, 3)
    sim = window.stepper.sim
    assert sim.rule is good and window.stepper.running
    assert sim.generation == 3 and sim.grid == expected.grid
    broke = [text for text in shown(window) if "rule broke, back to the last good rule" in text]
    assert len(broke) == 1 and "RuntimeError: row 3" in broke[0]


def test_the_window_looks_at_the_file_a_few_times_a_second(watched_window, rule_file, monkeypatch):
    window = watched_window()
    window.watch_seconds = 60  # the first frame looks; none again within a minute
    looks = []
    monkeypatch.setattr(window.watcher, "changed", lambda: looks.append(1) or False)
    frames(window, 5)
    assert looks == [1]


def test_run_life_watch_opens_a_watching_window(watched_window, rule_file, monkeypatch):
    from lifesim.window import window as window_module
    from lifesim.app.cli import main

    seen = []

    def run(window, max_frames=None, fps=None):  # instead of a loop that waits for a person
        window.watch_seconds = 0
        save(rule_file, KEEP)
        window.update()
        assert window.stepper.wait_idle()
        seen.append((window.watcher.reloads, window.stepper.sim.rule is window.watcher.rule))
        return 1

    monkeypatch.setattr(window_module.Window, "run", run)
    assert main(["glider", "--rule", f"{rule_file}:rule", "--watch"]) == 0
    assert seen == [(1, True)]
