"""Golly rule files: @TABLE (neighbourhoods, symmetries, variables, first match), @TREE, @COLORS,
finding NAME.rule, the coroutine every driver runs, and Golly's own Rules folder where installed."""

import pickle

import numpy as np
import pytest

from lifesim import Grid, LifesimError, parse_rule
from lifesim.drivers import get_driver
from lifesim.drivers.compile import compile_rule
from lifesim import rulefile
from lifesim.rulefile import RULE_PATH, find_rule_file, parse_rule_file, read_rule_file, table_of
from lifesim.rules import Rule
from lifesim.ruletable import NEIGHBOURHOODS, SYMMETRIES, parse_table, symmetry_group
from lifesim.ruletree import build_tree, parse_tree
from tests.golly import BGOLLY, RULES, bgolly_run
from tests.rule_files import WIREWORLD, WIREWORLD_ROTATE8, WIREWORLD_WIDE, wireworld

SERIAL = get_driver("serial")


def table(text):
    """A RuleTable from the body of an @TABLE section."""
    return parse_table(list(enumerate(text.splitlines(), 1)), "test.rule")


def rule_from(tmp_path, text):
    """The Rule of a rule file's text, written as NAME.rule and loaded by path."""
    name = text.split()[1]
    path = tmp_path / f"{name}.rule"
    path.write_text(text)
    return parse_rule(str(path))


def soup(states, shape, seed, topology="torus"):
    rng = np.random.default_rng(seed)
    cells = rng.integers(0, states, shape).astype(np.uint8)
    cells[rng.random(shape) < 0.4] = 0
    return Grid(cells, topology=topology)


# --- tables against hand-written coroutines ----------------------------------------------------

@pytest.mark.parametrize("text", [WIREWORLD, WIREWORLD_ROTATE8, WIREWORLD_WIDE],
                         ids=["permute", "rotate8reflect", "eight-states"])
def test_a_wireworld_table_runs_as_the_wireworld_coroutine(tmp_path, text):
    rule, reference = rule_from(tmp_path, text), Rule.from_cell(wireworld, "wireworld", 4)
    assert rule.radius == 1
    for seed, topology in ((1, "torus"), (2, "bounded"), (3, "torus")):
        grid = soup(4, (17, 23), seed, topology)
        assert SERIAL.advance(grid, rule, 6) == SERIAL.advance(grid, reference, 6)


def test_the_two_wireworld_tables_agree_on_every_neighbourhood_with_a_conductor():
    permute, rotate = (parse_rule_file(text, "w.rule").table for text in (WIREWORLD, WIREWORLD_ROTATE8))
    rng = np.random.default_rng(0)
    for values in rng.integers(0, 4, (3000, 9)).tolist():
        values[0] = 3
        assert permute.next_state(values) == rotate.next_state(values)


# --- symmetries ---------------------------------------------------------------------------------

GROUP_SIZES = {("vonNeumann", "rotate4"): 4, ("vonNeumann", "rotate4reflect"): 8, ("vonNeumann", "reflect_horizontal"): 2,
               ("Moore", "rotate4"): 4, ("Moore", "rotate8"): 8, ("Moore", "rotate4reflect"): 8,
               ("Moore", "rotate8reflect"): 16, ("Moore", "reflect_horizontal"): 2, ("hexagonal", "rotate2"): 2,
               ("hexagonal", "rotate3"): 3, ("hexagonal", "rotate6"): 6, ("hexagonal", "rotate6reflect"): 12,
               ("oneDimensional", "reflect"): 2}


@pytest.mark.parametrize("neighbourhood, symmetry", list(GROUP_SIZES))
def test_each_symmetry_is_a_group_of_the_expected_size_that_keeps_the_cell_itself(neighbourhood, symmetry):
    group = symmetry_group(neighbourhood, symmetry)
    assert len(group) == len(set(group)) == GROUP_SIZES[neighbourhood, symmetry]
    assert group[0] == tuple(range(len(NEIGHBOURHOODS[neighbourhood])))
    assert all(p[0] == 0 for p in group)
    assert all(tuple(p[i] for i in q) in group for p in group for q in group)  # closed


def test_every_symmetry_golly_names_is_known():
    assert {s for names in SYMMETRIES.values() for s in names} >= {
        "none", "rotate4", "rotate8", "rotate4reflect", "rotate8reflect", "reflect_horizontal",
        "rotate2", "rotate3", "rotate6", "rotate6reflect", "reflect"}


def test_a_reflection_mirrors_left_and_right_keeping_north():
    # Moore entries: C, N, NE, E, SE, S, SW, W, NW
    (_, mirror) = symmetry_group("Moore", "reflect_horizontal")
    assert mirror == (0, 1, 8, 7, 6, 5, 4, 3, 2)


VN_CHIRAL = """\
n_states:4
neighborhood:vonNeumann
symmetries:{}
0,1,2,0,0,3
"""


def test_rotate4_matches_each_rotation_and_rotate4reflect_the_mirror_images_too():
    # entries C, N, E, S, W: the transition is "N is 1 and E is 2"
    rotations = [(0, 1, 2, 0, 0), (0, 0, 1, 2, 0), (0, 0, 0, 1, 2), (0, 2, 0, 0, 1)]
    mirrors = [(0, 1, 0, 0, 2), (0, 2, 1, 0, 0), (0, 0, 2, 1, 0), (0, 0, 0, 2, 1)]
    rotate4, both, none = (table(VN_CHIRAL.format(s)) for s in ("rotate4", "rotate4reflect", "none"))
    assert [rotate4.next_state(v) for v in rotations] == [3] * 4
    assert [rotate4.next_state(v) for v in mirrors] == [0] * 4
    assert [both.next_state(v) for v in rotations + mirrors] == [3] * 8
    assert [none.next_state(v) for v in rotations] == [3, 0, 0, 0]


def test_permute_matches_the_neighbours_in_any_order():
    t = table("n_states:3\nneighborhood:Moore\nsymmetries:permute\n0,1,1,2,0,0,0,0,0,2\n")
    rng = np.random.default_rng(3)
    for _ in range(50):
        neighbours = rng.permutation([1, 1, 2, 0, 0, 0, 0, 0]).tolist()
        assert t.next_state([0] + neighbours) == 2
    assert t.next_state([0, 1, 2, 2, 0, 0, 0, 0, 0]) == 0  # another multiset


def test_hexagonal_and_one_dimensional_neighbourhoods_read_their_own_cells():
    hexagonal = table("n_states:2\nneighborhood:hexagonal\nsymmetries:rotate6\n0,1,0,0,0,0,0,1\n")
    assert NEIGHBOURHOODS["hexagonal"][1:] == ((-1, 0), (0, 1), (1, 1), (1, 0), (0, -1), (-1, -1))
    for k in range(6):
        values = [0] * 7
        values[1 + k] = 1
        assert hexagonal.next_state(values) == 1
    line = table("n_states:3\nneighborhood:oneDimensional\nsymmetries:reflect\n0,1,2,1\n")
    assert (line.next_state([0, 1, 2]), line.next_state([0, 2, 1]), line.next_state([0, 1, 1])) == (1, 1, 0)


# --- variables, order, forms -------------------------------------------------------------------

def test_a_variable_named_twice_in_a_transition_is_one_state_and_named_once_any():
    t = table("n_states:3\nneighborhood:vonNeumann\nsymmetries:none\nvar a={1,2}\nvar b={1,2}\n"
              "0,a,a,0,0,1\n0,a,b,1,0,2\n")
    assert (t.next_state([0, 1, 1, 0, 0]), t.next_state([0, 2, 2, 0, 0])) == (1, 1)
    assert t.next_state([0, 1, 2, 0, 0]) == 0  # a bound: N and E differ
    assert (t.next_state([0, 1, 2, 1, 0]), t.next_state([0, 2, 1, 1, 0])) == (2, 2)  # a, b free


def test_a_bound_variable_can_be_the_next_state():
    t = table("n_states:4\nneighborhood:vonNeumann\nsymmetries:rotate4\nvar a={1,2,3}\n0,a,0,0,a,a\n")
    assert [t.next_state([0, s, 0, 0, s]) for s in (1, 2, 3)] == [1, 2, 3]
    assert t.next_state([0, 0, 3, 3, 0]) == 3  # a rotation


def test_later_variables_may_list_earlier_ones():
    t = table("n_states:5\nneighborhood:oneDimensional\nsymmetries:none\nvar a={1,2}\nvar b={a,3}\n0,b,b,4\n")
    assert [t.next_state([0, s, s]) for s in range(5)] == [0, 4, 4, 4, 0]


def test_the_first_matching_transition_wins_and_an_unmatched_cell_keeps_its_state():
    t = table("n_states:3\nneighborhood:vonNeumann\nsymmetries:none\nvar a={0,1,2}\n"
              "1,2,a,a,a,1\n1,a,a,a,a,0\n")
    assert t.next_state([1, 2, 0, 1, 2]) == 1  # both match: the first wins
    assert t.next_state([1, 0, 0, 0, 0]) == 0
    assert t.next_state([2, 1, 1, 1, 1]) == 2  # none match: unchanged


def test_the_comma_free_form_and_spaces_and_comments():
    t = table("# a comment\nn_states:3\nneighborhood:vonNeumann\nsymmetries:none\n"
              "012001   # -> 1\n  1, 1, 1, 1, 1, 2\n")
    assert (t.next_state([0, 1, 2, 0, 0]), t.next_state([1, 1, 1, 1, 1])) == (1, 2)


# --- trees ---------------------------------------------------------------------------------------

def test_a_tables_tree_agrees_with_the_table_and_round_trips_as_text():
    wire = parse_rule_file(WIREWORLD, "w.rule").table
    tree = wire.tree()
    assert (tree.states, tree.neighbors) == (4, 8)
    again = parse_tree(list(enumerate(tree.text().splitlines(), 1)), "t.rule")
    assert again == tree
    rng = np.random.default_rng(1)
    for values in rng.integers(0, 4, (3000, 9)).tolist():
        by_table = dict(zip(wire.offsets, values))
        assert tree.next_state([by_table[off] for off in tree.offsets]) == wire.next_state(values)


def test_build_tree_merges_equal_subtrees():
    # parity of the 4 von Neumann neighbours and the cell: one node per (depth, parity)
    tree = build_tree(2, 4, 0, lambda key, off, v: key ^ v, lambda key, v: key ^ v)
    assert len(tree.nodes) == 1 + 2 + 2 + 2 + 2
    assert tree.next_state([1, 0, 1, 1, 0]) == 1


# --- the rule file, @COLORS ------------------------------------------------------------------

def test_colours_are_kept_on_the_rule(tmp_path):
    rule = rule_from(tmp_path, WIREWORLD)
    assert rule.colours == ((48, 48, 48), (0, 128, 255), (255, 255, 255), (255, 128, 0))
    assert rule.name == "WireWorld" and rule.spec == "WireWorld"


def test_a_colour_gradient_spreads_over_the_live_states():
    text = "@RULE G\n@TREE\nnum_states=3\nnum_neighbors=4\nnum_nodes=5\n" \
           "1 0 1 2\n2 0 0 0\n3 1 1 1\n4 2 2 2\n5 3 3 3\n@COLORS\n0 0 255  255 0 0  blue to red\n"
    assert parse_rule_file(text, "G.rule").colours == (None, (0, 0, 255), (255, 0, 0))


def test_the_first_of_table_and_tree_is_the_rule_and_other_sections_are_ignored():
    text = "@RULE Two\nsome words\n@ICONS\nXPM junk\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=5\n" \
           "1 1 0\n2 0 0\n3 1 1\n4 2 2\n5 3 3\n@TABLE\nnot a table\n"
    rule_file = parse_rule_file(text, "Two.rule")
    assert rule_file.table.next_state([0, 0, 0, 0, 0]) == 1


BAD = [
    ("WireWorld\n@TABLE\n", 1, "@RULE"),
    ("@RULE X\nno sections\n", None, "no @TABLE or @TREE"),
    ("@RULE X\n@TABLE\nn_states:4\nneighborhood:Moore\nsymmetries:rotate8\n1,0,0,0,0,0,0,0,0\n", 6, "10 entries"),
    ("@RULE X\n@TABLE\nn_states:4\nneighborhood:Moore\nsymmetries:rotate8\n1,0,0,0,0,0,0,0,0,4\n", 6, "0..3"),
    ("@RULE X\n@TABLE\nn_states:4\nneighborhood:Square\n", 4, "neighborhood"),
    ("@RULE X\n@TABLE\nn_states:4\nneighborhood:vonNeumann\nsymmetries:rotate8\n", 5, "rotate4"),
    ("@RULE X\n@TABLE\nn_states:4\nneighborhood:Moore\n1,0,0,0,0,0,0,0,0,2\n", 5, "symmetries:"),
    ("@RULE X\n@TABLE\nn_states:2\nneighborhood:vonNeumann\nsymmetries:none\nvar a={0,1}\nvar b=a\n0,a,0,0,0,b\n",
     8, "next state"),
    ("@RULE X\n@TABLE\nn_states:2\nneighborhood:vonNeumann\nsymmetries:none\n0,b,0,0,0,1\n", 6, "'b'"),
    ("@RULE X\n@TABLE\nn_states:300\n", 3, "2..256"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\n1 0 1\n", 5, "num_nodes"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=2\n1 0 1\n3 0 0\n", 7, "depth 2"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=1\n1 0 1 1\n", 6, "2 whole numbers"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=3\n1 0 1\n2 0 0\n", 7, "num_nodes=3"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=2\n1 0 1\n2 0 0\n", 7, "root"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=6\nnum_nodes=1\n1 0 1\n", 6, "4 or 8"),
    ("@RULE X\n@TREE\nnum_states=2\nnum_neighbors=4\nnum_nodes=5\n1 0 1\n2 0 0\n3 1 1\n4 2 2\n5 3 3\n"
     "@COLORS\n1 255 0\n", 12, "state r g b"),
]


@pytest.mark.parametrize("text, line, words", BAD)
def test_a_malformed_rule_file_is_refused_naming_the_file_line_and_what_was_expected(tmp_path, text, line, words):
    path = tmp_path / "X.rule"
    path.write_text(text)
    with pytest.raises(LifesimError) as info:
        parse_rule(str(path))
    message = str(info.value)
    assert "\n" not in message and str(path) in message and words in message
    if line is not None:
        assert f"X.rule:{line}:" in message


def test_the_rule_name_must_match_the_file_name(tmp_path):
    path = tmp_path / "Other.rule"
    path.write_text(WIREWORLD)
    with pytest.raises(LifesimError, match="Other.rule:1: @RULE WireWorld, expected @RULE Other"):
        read_rule_file(path)


# --- finding NAME.rule -------------------------------------------------------------------------

def test_a_rule_name_is_looked_up_in_the_given_folder_the_current_folder_then_the_rule_path(tmp_path, monkeypatch):
    given, here, path_a, path_b = (tmp_path / n for n in ("given", "here", "a", "b"))
    for folder in (given, here, path_a, path_b):
        folder.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv(RULE_PATH, f"{path_a}:{path_b}")
    (path_b / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld").resolve() == (path_b / "WireWorld.rule").resolve()
    (path_a / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld").resolve() == (path_a / "WireWorld.rule").resolve()
    (here / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld").resolve() == (here / "WireWorld.rule").resolve()
    (given / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld", (given,)).resolve() == (given / "WireWorld.rule").resolve()
    assert parse_rule("WireWorld:T20,10", search=(given,)).name == "WireWorld"
    assert find_rule_file("wireworld") is None  # names are case-sensitive, as in Golly
    assert find_rule_file("a/b") is None


def test_golly_s_rule_folders_are_searched_last_where_they_exist(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    golly, path = tmp_path / "golly" / "Rules", tmp_path / "path"
    golly.mkdir(parents=True)
    path.mkdir()
    monkeypatch.setattr(rulefile, "GOLLY_RULE_FOLDERS", (str(tmp_path / "absent"), str(golly)))
    monkeypatch.setenv(RULE_PATH, str(path))
    (golly / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld").resolve() == (golly / "WireWorld.rule").resolve()
    (path / "WireWorld.rule").write_text(WIREWORLD)
    assert find_rule_file("WireWorld").resolve() == (path / "WireWorld.rule").resolve()
    assert rulefile.rule_folders()[-1] == golly  # a Golly folder that is not there is not listed


COLOURS_ONLY = "@RULE {name}\nOnly colours, as Golly's Help shows.\n@COLORS\n0 255 255 255\n1 54 54 194 dark blue\n"
OVERRIDDEN = ((255, 255, 255), (54, 54, 194))


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """(first, second): the current folder, then the one folder of $LIFESIM_RULE_PATH."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    monkeypatch.chdir(first)
    monkeypatch.setenv(RULE_PATH, str(second))
    monkeypatch.setattr(rulefile, "GOLLY_RULE_FOLDERS", ())
    return first, second


def test_a_built_in_rules_colours_come_from_its_name_with_underscores(folders):
    assert parse_rule("B3/S23").colours is None
    (folders[1] / "B3_S23.rule").write_text(COLOURS_ONLY.format(name="B3_S23"))
    assert parse_rule("b3/s23:T20,10").colours == OVERRIDDEN and parse_rule("B36/S23").colours is None
    assert parse_rule("life").rulestring == "B3/S23"


def test_a_rule_file_of_colours_only_overrides_those_of_the_rule_found_after_it(folders):
    first, second = folders
    (second / "WireWorld.rule").write_text(WIREWORLD)
    own = parse_rule("WireWorld")
    assert own.colours[1] == (0, 128, 255) and find_rule_file("WireWorld") == second / "WireWorld.rule"
    (first / "WireWorld.rule").write_text(COLOURS_ONLY.format(name="WireWorld"))
    assert find_rule_file("WireWorld") == second / "WireWorld.rule"  # passed over: it has no table
    overridden = parse_rule("WireWorld")
    assert overridden.colours == OVERRIDDEN + (None, None) and overridden.states == 4
    assert parse_rule("WireWorld") is overridden  # one Rule, as the file's own is one: drivers keep its table
    grid = Grid(np.array([[0, 3, 3, 3], [0, 2, 1, 3]], np.uint8))
    assert get_driver("serial").advance(grid, overridden, 3) == get_driver("serial").advance(grid, own, 3)


def test_rules_named_prefix_dash_share_the_colours_of_prefix_shared(folders):
    text = WIREWORLD.split("@COLORS")[0]
    (folders[0] / "Wire-a.rule").write_text(text.replace("@RULE WireWorld", "@RULE Wire-a"))
    (folders[1] / "Wire-b.rule").write_text(WIREWORLD.replace("@RULE WireWorld", "@RULE Wire-b"))
    assert parse_rule("Wire-a").colours is None
    (folders[1] / "Wire-shared.rule").write_text(COLOURS_ONLY.format(name="Wire-shared"))
    assert parse_rule("Wire-a").colours == OVERRIDDEN + (None, None)
    assert parse_rule("Wire-b").colours[1] == (0, 128, 255)  # its own come first


def test_gollys_older_table_and_tree_files_are_rules_too(folders):
    table = WIREWORLD.split("@TABLE")[1].split("@COLORS")[0]
    (folders[1] / "OldWire.table").write_text(table)
    rule = parse_rule("OldWire")
    assert rule.name == "OldWire" and rule.states == 4
    grid = Grid(np.array([[0, 3, 3, 3], [0, 2, 1, 3]], np.uint8))
    assert get_driver("compiled").advance(grid, rule, 3) == SERIAL.advance(grid, Rule.from_cell(wireworld, "wireworld", 4), 3)
    tree = "num_states=2\nnum_neighbors=4\nnum_nodes=5\n1 1 0\n2 0 0\n3 1 1\n4 2 2\n5 3 3\n"
    (folders[0] / "Blink.tree").write_text(tree)
    assert parse_rule("Blink").cell is not None and parse_rule(str(folders[0] / "Blink.tree")).name == "Blink"
    (folders[0] / "OldWire.rule").write_text(COLOURS_ONLY.format(name="OldWire"))  # a .rule of colours
    assert parse_rule("OldWire").states == 4 and parse_rule("OldWire").colours[1] == OVERRIDDEN[1]


def test_an_unknown_name_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(RULE_PATH, "")
    with pytest.raises(LifesimError, match=r"unknown rule 'NoSuchRule'.*NoSuchRule\.rule in .*LIFESIM_RULE_PATH"):
        parse_rule("NoSuchRule")


def test_a_rulestring_is_not_looked_up_as_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Life.rule").write_text("@RULE Life\n@TREE\nbroken\n")
    assert parse_rule("life").rulestring == "B3/S23"


# --- drivers, compiler, pickling -------------------------------------------------------------------

SMALL = """\
@RULE Small
A von Neumann rule with three states, rotate4 symmetry, variables and a bound next state.
@TABLE
n_states:3
neighborhood:vonNeumann
symmetries:rotate4
var a={0,1,2}
var b={0,1,2}
var c={0,1,2}
var l={1,2}
0,l,l,0,0,l
0,1,a,b,c,2
1,a,b,c,2,0
2,a,a,b,c,1
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return rule_from(tmp_path_factory.mktemp("small"), SMALL)


def test_every_driver_runs_a_rule_file_as_serial_does(driver, small, tmp_path):
    wire = rule_from(tmp_path, WIREWORLD)
    wide = rule_from(tmp_path, WIREWORLD_WIDE)
    for rule, seed in ((small, 1), (wire, 2), (wide, 3)):
        for topology in ("torus", "bounded"):
            grid = soup(rule.states, (13, 18), seed, topology)
            assert driver.advance(grid, rule, 3) == SERIAL.advance(grid, rule, 3), (rule.name, topology)


def test_the_compiler_reads_the_table_not_the_coroutine(small, tmp_path):
    wire = compile_rule(rule_from(tmp_path, WIREWORLD))  # 4^9 conversations: more than it traces
    assert wire.form == "index" and wire.table.size == 4 ** 9
    wide = compile_rule(rule_from(tmp_path, WIREWORLD_WIDE))  # 8^9 entries: the tree it is
    assert wide.form == "tree" and len(wide.offsets) == 9 and wide.table.shape[1] == 8
    assert compile_rule(small).form == "index" and len(compile_rule(small).offsets) == 5
    life = "@RULE LifeTable\n@TABLE\nn_states:2\nneighborhood:Moore\nsymmetries:permute\n" \
           "0,1,1,1,0,0,0,0,0,1\n1,1,1,0,0,0,0,0,0,1\n1,1,1,1,0,0,0,0,0,1\nvar a={0,1}\n" \
           "var b=a\nvar c=a\nvar d=a\nvar e=a\nvar f=a\nvar g=a\nvar h=a\n1,a,b,c,d,e,f,g,h,0\n"
    assert compile_rule(rule_from(tmp_path, life)).title() == "B3/S23 (Conway's Life)"


def test_a_rule_file_rule_pickles_with_its_table(small):
    again = pickle.loads(pickle.dumps(small))
    assert table_of(again.cell) is not None and again.name == "Small"
    grid = soup(3, (9, 9), 4)
    assert SERIAL.advance(grid, again, 2) == SERIAL.advance(grid, small, 2)


# --- Golly's own Rules folder and bgolly ------------------------------------------------------

needs_rules = pytest.mark.skipif(RULES is None, reason="Golly's Rules folder is not installed")
needs_bgolly = pytest.mark.skipif(RULES is None or BGOLLY is None, reason="Golly (bgolly and its Rules) is not installed")


@needs_rules
def test_every_rule_file_golly_ships_loads(record_property):
    files = sorted(RULES.glob("*.rule"))
    failed = {}
    for path in files:
        try:
            read_rule_file(path)
        except LifesimError as exc:
            failed[path.name] = str(exc)
    record_property("golly_rule_files_loaded", f"{len(files) - len(failed)} of {len(files)}")
    print(f"\n{len(files) - len(failed)} of {len(files)} of Golly's .rule files load")
    assert not failed, failed


# Tables and trees, each neighbourhood and symmetry Golly's files use, many states and few.
GOLLY_RULES = ["WireWorld", "Langtons-Loops", "Codd", "LifeHistory", "Worm-1040512", "Tempesti", "Perrier",
               "Banks-III", "BriansBrain", "TriTurmite_120010", "Sand-square4cyclic_emulated", "LifeOnTheEdge"]


@needs_bgolly
@pytest.mark.parametrize("name", GOLLY_RULES)
def test_lifesim_runs_golly_rule_files_as_bgolly_does(name, tmp_path):
    rule = parse_rule(name, search=(RULES,))
    grid = soup(rule.states, (24, 20), 5)
    expected = bgolly_run(grid.cells, name, 8, tmp_path)
    assert np.array_equal(SERIAL.advance(grid, rule, 8).cells, expected)
    with get_driver("compiled") as compiled:
        assert np.array_equal(compiled.advance(grid, rule, 8).cells, expected)
