"""Rules from rulestrings, names, logic functions, cell coroutines and files; pickling."""

import os
import pickle
import textwrap

import pytest

from lifesim import Grid, LifesimError, Simulation
from lifesim.rules import Rule, RuleSource, ensure_picklable, file_version, parse_rule, parse_rule_source, split_grid_suffix


@pytest.mark.parametrize("text, canonical", [
    ("B3/S23", "B3/S23"), ("b3/s23", "B3/S23"), ("23/3", "B3/S23"), ("B3S23", "B3/S23"),
    ("B36/S23", "B36/S23"), ("life", "B3/S23"), ("Conway", "B3/S23"), ("highlife", "B36/S23"),
    ("seeds", "B2/S"), ("daynight", "B3678/S34678"), ("replicator", "B1357/S1357"),
    ("B2/S/C3", "B2/S/C3"), ("brians-brain", "B2/S/C3"), ("/2/3", "B2/S/C3"),
    ("345/2/4", "B2/S345/C4"), ("B2/S/3", "B2/S/C3"), ("12/34/2", "B34/S12"),
])
def test_rulestring_forms(text, canonical):
    assert parse_rule(text).rulestring == canonical


def test_rule_metadata():
    bb = parse_rule("brians-brain")
    assert (bb.states, bb.radius, bb.name) == (3, 1, "Brian's Brain")
    life = parse_rule("B3/S23")
    assert life.is_lifelike and life.birth == {3} and life.survival == {2, 3}


@pytest.mark.parametrize("bad", ["B9/S23", "B3/S23/C1", "B3/S23/C300", "nonsense", "", "B3/X23", "3/3/3/3"])
def test_unknown_rules_are_clear_errors(bad):
    with pytest.raises(LifesimError):
        parse_rule(bad)


def test_grid_suffix():
    assert split_grid_suffix("B3/S23:T64,48") == ("B3/S23", "torus", (48, 64))
    assert split_grid_suffix("B3/S23:P10,20") == ("B3/S23", "bounded", (20, 10))
    assert split_grid_suffix("B3/S23:T30") == ("B3/S23", "torus", (30, 30))
    assert split_grid_suffix("B3/S23") == ("B3/S23", None, None)
    assert split_grid_suffix("rules.py:my_rule") == ("rules.py:my_rule", None, None)
    for bad in ("B3/S23:X10,10", "B3/S23:T0,0"):
        with pytest.raises(LifesimError):
            split_grid_suffix(bad)
    with pytest.raises(LifesimError):
        parse_rule("B3/S23:T10,x")


def my_logic(state, neighbors):
    """Life without survival: B3/S."""
    return 1 if neighbors == 3 else 0


def test_rule_from_logic_function():
    rule = parse_rule(my_logic)
    grid = Grid.from_text("***")
    assert Simulation(Grid.from_text("-----\n-***-\n-----"), rule).step().population == 2
    assert rule.name == "my_logic" and grid.population == 3


def test_rule_from_file_and_pickles_by_spec(tmp_path):
    path = tmp_path / "myrules.py"
    path.write_text(textwrap.dedent("""
        from lifesim import Query, Transition

        def copy_left(y, x):
            left = yield Query(y, x - 1)
            yield Transition(y, x, left)

        def logic(state, neighbors):
            return 1 if neighbors in (2, 3) else 0
    """))
    rule = parse_rule(f"{path}:copy_left")
    grid = Simulation(Grid.from_text("*---"), rule).step()
    assert str(grid) == "-*--"
    clone = pickle.loads(pickle.dumps(rule))
    assert clone.source == rule.source and clone.radius == 1
    assert parse_rule(f"{path}:logic").states == 2
    with pytest.raises(LifesimError, match="no rule named"):
        parse_rule(f"{path}:missing")
    with pytest.raises(LifesimError, match="not found"):
        parse_rule(f"{tmp_path}/nope.py:x")
    (tmp_path / "broken.py").write_text("def oops(:\n")
    with pytest.raises(LifesimError, match="SyntaxError"):
        parse_rule(f"{tmp_path}/broken.py:oops")


def test_rule_from_module_spec():
    rule = parse_rule("lifesim.examples.larger:larger_than_life")
    assert rule.radius == 2


@pytest.mark.parametrize("text, source", [
    ("rules.py:cell", RuleSource("rules.py", None, "cell")),
    ("~/my rules/a:b.py:_cell2", RuleSource("~/my rules/a:b.py", None, "_cell2")),
    ("lifesim.examples.larger:larger_than_life", RuleSource(None, "lifesim.examples.larger", "larger_than_life")),
    ("life:T", None),  # a rule name with Golly's grid suffix, not a module
    ("B3/S23:T64", None),
    ("rules.py:2cell", None),
    ("rules.py", None),
    ("pkg.mod:", None),
])
def test_one_parser_reads_file_and_module_rule_sources(text, source):
    assert parse_rule_source(text) == source


def test_a_rule_file_version_changes_with_its_size_within_one_mtime(tmp_path):
    path = tmp_path / "r.py"
    assert file_version(path) is None and file_version(None) is None
    path.write_text("a = 1\n")
    before = file_version(path)
    path.write_text("a = 10\n")
    os.utime(path, ns=(before[0], before[0]))
    assert file_version(path) != before and file_version(path)[0] == before[0]


def test_rulestring_rules_pickle():
    for text in ("B36/S23", "B2/S/C3"):
        rule = parse_rule(text)
        assert pickle.loads(pickle.dumps(rule)).rulestring == rule.rulestring
        ensure_picklable(rule)


def test_unpicklable_rule_is_refused_with_a_fix():
    def closure_cell(y, x):
        yield None

    for rule in (Rule.from_logic(lambda s, n: s, "lam"), Rule.from_cell(closure_cell)):
        with pytest.raises(LifesimError, match="module level"):
            ensure_picklable(rule)
