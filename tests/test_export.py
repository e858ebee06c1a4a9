"""lifesim rule export: any rule the compiler can tabulate, as a Golly rule file that our reader,
and Golly where it is installed, run as lifesim runs the rule."""

import subprocess

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifesim import Grid, Neighborhood, Transition, parse_rule
from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.drivers.compile import compile_rule
from lifesim.rulefile import parse_rule_file
from lifesim.rules import rule_from_text
from lifesim.ruletree import build_tree, tree_of_values
from lifesim.sandbox.export import EXPORTS, export_rule, export_text, table_section
from tests.golly import BGOLLY, PATTERNS, bgolly_run
from tests.rule_files import WIREWORLD, WIREWORLD_WIDE

SERIAL = get_driver("serial")


def chiral(y, x):
    """Three states on the von Neumann ring: born as 1 when, going clockwise, a 1 is followed by
    a 2. The same under rotations, not under reflections."""
    block = yield Neighborhood(y, x, 1)
    ring = [block[1], block[5], block[7], block[3]]  # N, E, S, W: clockwise
    hit = any(ring[i] == 1 and ring[(i + 1) % 4] == 2 for i in range(4))
    yield Transition(y, x, 1 if hit else (0 if block[4] == 1 else block[4]))


chiral.states = 3

RULES = {
    "life": lambda: parse_rule("B3/S23"),
    "weighted": lambda: parse_rule("lifesim.examples.weighted:weighted"),
    "fredkin": lambda: parse_rule("lifesim.examples.von_neumann:fredkin"),
    "brians-brain": lambda: parse_rule("brians-brain"),
    "chiral": lambda: parse_rule(chiral),
    "wireworld": lambda: rule_from_text(WIREWORLD),
    "wireworld-8": lambda: rule_from_text(WIREWORLD_WIDE),
    "jvn29": lambda: parse_rule("JvN29"),  # 29^5 entries: its tree built from the whole table
}


def every_neighbourhood(table, most=1 << 18):
    """{offset: array} of every neighbourhood of ``table``'s offsets (states ** cells of them), or
    of ``most`` random ones when there are more."""
    cells = len(table.offsets)
    if table.states ** cells <= most:
        digits = np.indices((table.states,) * cells).reshape(cells, -1)
    else:
        digits = np.random.default_rng(0).integers(0, table.states, (cells, 20000))
    return dict(zip(table.offsets, digits))


def next_states(table, values):
    """The read-back table's next state for each neighbourhood, through its own next_state."""
    rows = np.stack([values[off] for off in table.offsets], axis=1)
    return np.array([table.next_state(row) for row in rows.tolist()])


@pytest.mark.parametrize("name", list(RULES))
def test_an_exported_rule_reads_back_as_the_same_table_on_every_neighbourhood(name):
    rule = RULES[name]()
    compiled = compile_rule(rule)
    back = parse_rule_file(export_text(rule, "Exported"), "Exported.rule")
    assert back.name == "Exported" and back.table.states == rule.states
    values = every_neighbourhood(back.table)  # wireworld-8 (8^9 of them): 20000
    asked = dict.fromkeys(compiled.offsets, np.zeros_like(values[(0, 0)]))  # read, not depended on
    assert np.array_equal(next_states(back.table, values), compiled.lookup(asked | values))


@pytest.mark.parametrize("name, neighbourhood, symmetry", [
    ("life", "Moore", "permute"), ("weighted", "Moore", "rotate4reflect"), ("fredkin", "vonNeumann", "permute"),
    ("chiral", "vonNeumann", "rotate4"), ("chiral", "Moore", "rotate4"),
])
def test_a_table_says_the_largest_symmetry_the_rule_has(name, neighbourhood, symmetry):
    text = table_section(compile_rule(RULES[name]()), neighbourhood, EXPORTS[neighbourhood][1])
    assert f"symmetries:{symmetry}\n" in text


def test_the_shorter_of_table_and_tree_is_written_on_the_neighbourhood_the_rule_depends_on():
    assert "@TABLE\nn_states:2\nneighborhood:Moore\nsymmetries:permute\n" in export_text(RULES["life"](), "L")
    chiral_text = export_text(RULES["chiral"](), "C")  # asks for 9 cells, depends on 5
    assert "num_neighbors=4" in chiral_text or "neighborhood:vonNeumann" in chiral_text
    assert "@TREE\nnum_states=4\nnum_neighbors=8\n" in export_text(RULES["wireworld"](), "W")


def test_colours_go_with_the_rule():
    text = export_text(rule_from_text(WIREWORLD), "WireWorld")
    assert "@COLORS\n0 48 48 48\n1 0 128 255\n2 255 255 255\n3 255 128 0\n" in text
    assert "@COLORS\n0 48 48 48\n1 236 226 150\n" in export_text(RULES["life"](), "L")


def test_rule_export_writes_the_file_and_lifesim_runs_it_by_name(tmp_path, capsys):
    out = tmp_path / "Weighted.rule"
    assert main(["rule", "export", "lifesim.examples.weighted:weighted", "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    exported, original = parse_rule("Weighted", search=(tmp_path,)), RULES["weighted"]()
    grid = Grid.random(20, 24, 0.4, seed=3)
    assert SERIAL.advance(grid, exported, 5) == SERIAL.advance(grid, original, 5)
    assert [p.name for p in tmp_path.iterdir()] == ["Weighted.rule"]  # no temp file left


@pytest.mark.parametrize("argv, words", [
    (["lifesim.examples.weighted:weighted", "--out", "{tmp}/no.such/X.rule"], "does not exist"),
    (["lifesim.examples.weighted:weighted", "--out", "{tmp}/X.table"], "NAME.rule"),
    (["lifesim.examples.larger:larger_than_life", "--out", "{tmp}/L.rule"], "outside the 3x3 block"),
    (["tests/rule_fixtures.py:coin", "--out", "{tmp}/C.rule"], "not deterministic"),
])
def test_what_cannot_be_exported_is_refused_in_one_line(argv, words, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(["rule", "export", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(BGOLLY is None, reason="bgolly (Golly's command line) is not installed")
@pytest.mark.parametrize("name", ["weighted", "chiral", "brians-brain"])
def test_golly_runs_an_exported_coroutine_rule_as_lifesim_does(name, tmp_path):
    rule = RULES[name]()
    export_rule(rule, tmp_path / "Exported.rule")
    cells = np.random.default_rng(7).integers(0, rule.states, (30, 26)).astype(np.uint8)
    ours = SERIAL.advance(Grid(cells), rule, 16).cells
    assert np.array_equal(bgolly_run(cells, "Exported", 16, tmp_path, rules=tmp_path), ours)


@settings(max_examples=30, deadline=None)
@given(states=st.integers(2, 4), neighbors=st.sampled_from([4, 8]), seed=st.integers(0, 2 ** 32 - 1),
       spread=st.integers(1, 4))
def test_a_tree_from_the_whole_table_is_the_tree_read_a_cell_at_a_time(states, neighbors, seed, spread):
    # A random table over few values (so that subtrees repeat), small enough to walk
    if states ** (neighbors + 1) > 1 << 16:
        states = 2
    values = np.random.default_rng(seed).integers(0, min(spread, states), (states,) * (neighbors + 1))
    walked = build_tree(states, neighbors, 0, lambda i, off, v: i * states + v,
                        lambda i, v: values.ravel()[i * states + v])
    whole = tree_of_values(states, neighbors, values)
    assert len(whole.nodes) == len(walked.nodes) and whole.depths[-1] == neighbors + 1
    every = np.indices(values.shape).reshape(neighbors + 1, -1).T
    assert [whole.next_state(row) for row in every.tolist()] == values.ravel().tolist()


@pytest.mark.skipif(BGOLLY is None or PATTERNS is None, reason="Golly (bgolly and its Patterns) is not installed")
def test_golly_runs_jvn29_exported_as_its_own_jvn_algorithm_does(tmp_path):
    export_rule(parse_rule("JvN29"), tmp_path / "Exported.rule")
    demo = (PATTERNS / "Self-Rep" / "JvN" / "counter-demo.rle").read_text()
    (tmp_path / "demo.rle").write_text(demo.replace("rule = JvN29", "rule = Exported"))
    outputs = []
    for algorithm, path, rules in (("RuleLoader", tmp_path / "demo.rle", ["-s", f"{tmp_path}/"]),
                                   ("JvN", PATTERNS / "Self-Rep" / "JvN" / "counter-demo.rle", [])):
        out = tmp_path / f"{algorithm}.mc"
        subprocess.run([BGOLLY, "-q", "-q", "-a", algorithm, *rules, "-m", "100", "-o", str(out), str(path)],
                       check=True, capture_output=True, timeout=120)
        outputs.append([line for line in out.read_text().splitlines() if not line.startswith("#")])
    assert outputs[0] == outputs[1] and len(outputs[0]) > 10
