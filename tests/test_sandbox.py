"""``lifesim rule check`` and ``lifesim rule trace``: plain-words reports, exact violations, exit codes."""

import pytest

from lifesim.app.cli import main
from tests import rule_fixtures


@pytest.fixture
def rules():
    """name -> the ``FILE.py:NAME`` spec of a rule in tests/rule_fixtures.py, as a user names one."""
    return lambda name: f"{rule_fixtures.__file__}:{name}"


def run(capsys, *argv):
    code = main(["rule", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_a_clean_coroutine_says_what_it_is(rules, capsys):
    code, out, _ = run(capsys, "check", rules("highlife"))
    assert code == 0
    assert "neighbourhood: 9 cells: itself and its 8 Moore neighbours" in out
    assert "states: 2 (0 EMPTY, 1 ALIVE)" in out
    assert "deterministic: yes" in out and "position-independent: yes" in out
    assert "protocol: no violation" in out
    assert "compiles: yes" in out and "your rule is B36/S23 (HighLife)" in out
    assert "verdict: clean" in out


@pytest.mark.parametrize("spec, title", [
    ("B3/S23", "your rule is B3/S23 (Conway's Life)"),
    ("brians-brain", "your rule is B2/S/C3 (Brian's Brain)"),
    ("lifesim.cells:step_cell", "your rule is B3/S23 (Conway's Life)"),
])
def test_check_rulestrings_and_modules(spec, title, capsys):
    code, out, _ = run(capsys, "check", spec)
    assert code == 0 and title in out


def test_check_a_logic_function(rules, capsys):
    code, out, _ = run(capsys, "check", rules("logic"))
    assert code == 0 and "your rule is B3/S23 (Conway's Life)" in out


def test_check_names_a_von_neumann_neighbourhood_and_draws_it(rules, capsys):
    code, out, _ = run(capsys, "check", rules("born_of_one_von_neumann"))
    assert code == 0
    assert "4 cells: not itself; its 4 von Neumann neighbours" in out
    assert ". # .\n    # o #\n    . # ." in out


@pytest.mark.parametrize("spec, depends", [
    ("B3/S23V", "its next state depends on 5 cells: itself and its 4 von Neumann neighbours"),
    ("B2/S34H", "its next state depends on 7 cells: itself and 6 other cells: (-1, -1), (-1, +0), (+0, -1)"),
])
def test_check_says_which_of_the_cells_asked_for_the_next_state_depends_on(spec, depends, capsys):
    # These cells ask for their whole 3x3 block in one Neighborhood but read fewer of its cells
    code, out, _ = run(capsys, "check", spec)
    assert code == 0 and "neighbourhood: 9 cells: itself and its 8 Moore neighbours" in out
    assert depends in out


def test_check_of_a_rule_reading_its_whole_block_names_no_other_cells(rules, capsys):
    code, out, _ = run(capsys, "check", "B3/S23")
    assert code == 0 and "depends on" not in out
    code, out, _ = run(capsys, "check", rules("born_of_one_von_neumann"))
    assert code == 0 and "depends on" not in out


@pytest.mark.parametrize("name, words", [
    ("garbage", ["cell (37, 23): yielded 'hello'; expected Query(y, x)", "after: Query(y=37, x=23) -> EMPTY"]),
    ("bad_state", ["Transition(y=37, x=23, state=5): state 5 is not one of the rule's states; expected a whole number 0..1"]),
    ("other_cell", ["Transition(y=38, x=23, state=0) is for another cell; expected Transition(y=37, x=23, state=...)"]),
    ("twice", ["a second Transition Transition(y=37, x=23, state=0)"]),
    ("never", ["finished without yielding a Transition; expected exactly one Transition(y=37, x=23"]),
    ("forever", ["no Transition after 10000 requests", "loop forever"]),
    ("too_far", ["Query(y=35, x=23) reaches 2 cells from (37, 23), farther than the rule's radius 1",
                 "set cell.radius = 2"]),
    ("ticks", ["yielded TICK; expected"]),
    ("float_radius", ["cell (37, 23): Neighborhood(y=37, x=23, radius=1.0): radius 1.0 is not a whole number"]),
    ("float_state", ["Transition(y=37, x=23, state=1.0): state 1.0 is not a whole number; expected one of the "
                     "rule's states 0..1"]),
])
def test_check_reports_the_exact_violation_and_exits_2(rules, capsys, name, words):
    code, out, _ = run(capsys, "check", rules(name))
    assert code == 2
    assert "protocol: VIOLATION" in out and "verdict: NOT clean" in out
    for w in words:
        assert w in out


def test_a_rule_that_raises_shows_its_own_line_not_the_engines(rules, capsys):
    code, out, _ = run(capsys, "check", rules("crash"))
    assert code == 2
    assert "the rule raised ZeroDivisionError" in out
    assert "rule_fixtures.py:" in out and "(yield Transition(y, x, 1 // (n - n))  # the rule's own line)" in out
    assert "lifesim/trace.py" not in out and "lifesim/drivers" not in out


def test_a_non_deterministic_rule_is_not_clean(rules, capsys):
    code, out, _ = run(capsys, "check", rules("coin"))
    assert code == 2 and "deterministic: NO" in out and "compiles: no" in out


def test_a_position_dependent_rule_is_reported_but_allowed(rules, capsys):
    code, out, _ = run(capsys, "check", rules("stripes"))
    assert code == 0
    assert "position-independent: no: the same neighbourhood gives 1 at cell (37, 23) but 0 at cell (0, 0)" in out
    assert "compiles: no: rule 'stripes' is position-dependent" in out


def test_check_says_why_a_rule_does_not_compile(rules, capsys):
    code, out, _ = run(capsys, "check", rules("wide"))
    assert code == 0
    assert "itself and the 24 cells of its radius-2 box" in out
    assert "compiles: no: " in out and "33,554,432 combinations" in out


def test_a_totalistic_radius_2_rule_compiles_by_counts(capsys):
    code, out, _ = run(capsys, "check", "lifesim.examples.larger:larger_than_life")
    assert code == 0 and "compiles: yes, a table of 2 x 25 (state, live-neighbour count) entries" in out


def test_check_of_an_unknown_rule_is_one_line_exit_2(capsys):
    code, out, err = run(capsys, "check", "nonsense")
    assert code == 2 and out == "" and err.count("\n") == 1 and "unknown rule" in err


def test_trace_prints_the_conversation_as_the_textbook_does(rules, capsys):
    code, out, _ = run(capsys, "trace", rules("highlife"), "--cell", "10,5", "--neighbours", "-*-/--*/***")
    assert code == 0
    lines = out.splitlines()
    assert lines[1:4] == ["    - * -", "    - - *", "    * * *"]
    assert lines[4:] == [
        "Query(y=10, x=5) -> EMPTY",
        "Query(y=9, x=4) -> EMPTY", "Query(y=9, x=5) -> ALIVE", "Query(y=9, x=6) -> EMPTY",
        "Query(y=10, x=4) -> EMPTY", "Query(y=10, x=6) -> ALIVE",
        "Query(y=11, x=4) -> ALIVE", "Query(y=11, x=5) -> ALIVE", "Query(y=11, x=6) -> ALIVE",
        "Transition(y=10, x=5, state=0)",
        "next state: 0 (EMPTY) after 9 requests",
    ]


def test_trace_of_a_batched_multi_state_rule(capsys):
    code, out, _ = run(capsys, "trace", "brians-brain", "--cell", "3,4", "--neighbours=-2-/--*/***")
    assert code == 0
    assert "Neighborhood(y=3, x=4, radius=1) -> [0, 2, 0, 0, 0, 1, 1, 1, 1]\nTransition(y=3, x=4, state=0)" in out


def test_trace_stops_at_a_violation_with_exit_2(rules, capsys):
    code, out, _ = run(capsys, "trace", rules("garbage"), "--neighbours", "---/-*-/---")
    assert code == 2
    assert out.splitlines()[-2:] == [
        "Query(y=10, x=5) -> ALIVE",
        "protocol violation: cell (10, 5): yielded 'hello'; expected Query(y, x), Neighborhood(y, x, r) "
        "or Transition(y, x, state)",
    ]


@pytest.mark.parametrize("argv, words", [
    (["--neighbours", "--/--"], "expected 3 rows of 3 cells"),
    (["--neighbours", "-x-/---/---"], "'x' is not a state"),
    (["--neighbours", "-*-/--\u00b2/***"], "'\u00b2' is not a state"),  # '²'.isdigit(), yet no state
    (["--neighbours", "-*-/--2/***"], "'2' is not a state of this 2-state rule"),
    (["--cell", "3"], "expected Y,X"),
])
def test_trace_bad_options_are_one_line_exit_2(capsys, argv, words):
    code, _, err = run(capsys, "trace", "life", *argv)
    assert code == 2 and words in err and err.count("\n") == 1


def test_trace_takes_and_shows_the_grids_characters_for_higher_states(capsys):
    """State 10 is 'A' as in grid text, both in --neighbours and in the neighbourhood shown."""
    code, out, _ = run(capsys, "trace", "B2/S/C12", "--cell", "3,4", "--neighbours=-A-/-1-/0*B")
    assert code == 0 and "    - A -\n    - * -\n    - * B\n" in out


def test_trace_defaults_to_a_seeded_random_neighbourhood(capsys):
    assert run(capsys, "trace", "life", "--seed", "3") == run(capsys, "trace", "life", "--seed", "3")
