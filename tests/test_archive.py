"""Golly's zip archives: a pattern opened with the rule files that came with it (lifesim.io.archive)."""

import zipfile

import pytest

from lifesim.app.cli import main
from lifesim.drivers import get_driver
from lifesim.errors import LifesimError
from lifesim.runspec import RunSpec, started
from tests.golly import BGOLLY, PATTERNS, bgolly_points
from tests.rule_files import WIREWORLD

ZIPPED_RULE = WIREWORLD.replace("@RULE WireWorld", "@RULE Zipped")
# A WireWorld wire with an electron (tail B, head A) going east a cell a generation
WIRE = "x = 5, y = 1, rule = Zipped\nBA3C!\n"


def make_zip(path, members):
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


def row_after(path, generations):
    universe, rule, _, _ = started(RunSpec(pattern=str(path)))
    after = get_driver("compiled").advance(universe, rule, generations)
    ys, xs, states = after.points()
    return rule.name, [int(s) for _, s in sorted(zip(xs.tolist(), states.tolist()))]


def test_an_archive_opens_its_pattern_with_the_rule_it_brought(tmp_path):
    archive = make_zip(tmp_path / "wire.zip", {
        "wire.rle": WIRE, "Zipped.rule": ZIPPED_RULE, "notes.txt": "a wire",
        "__MACOSX/._Zipped.rule": "junk", "run.lua": "-- a script lifesim does not run"})
    assert row_after(archive, 0) == ("Zipped", [2, 1, 3, 3, 3])
    assert row_after(archive, 2) == ("Zipped", [3, 3, 2, 1, 3])


def test_an_archives_older_table_file_is_its_rule_as_golly_converts_it(tmp_path):
    table = ZIPPED_RULE.split("@TABLE")[1].split("@COLORS")[0]
    archive = make_zip(tmp_path / "old.zip", {"wire.rle": WIRE, "Zipped.table": table})
    assert row_after(archive, 2) == ("Zipped", [3, 3, 2, 1, 3])


def test_the_rule_is_not_found_without_its_archive(tmp_path):
    (tmp_path / "wire.rle").write_text(WIRE)
    with pytest.raises(LifesimError, match="nor is there a Golly rule file Zipped.rule"):
        started(RunSpec(pattern=str(tmp_path / "wire.rle")))


def test_an_archive_of_several_patterns_names_them_and_opens_one_by_its_path(tmp_path):
    archive = make_zip(tmp_path / "two.zip", {"Zipped.rule": ZIPPED_RULE, "a/one.rle": WIRE,
                                              "a/two.rle": WIRE.replace("BA3C", "3CAB")})
    with pytest.raises(LifesimError, match=r"holds 2 patterns: open one as .*two.zip/MEMBER, MEMBER one of a/one.rle, a/two.rle"):
        started(RunSpec(pattern=str(archive)))
    assert row_after(archive / "a" / "two.rle", 1) == ("Zipped", [3, 3, 1, 2, 3])  # this electron goes west
    _, _, title, pattern = started(RunSpec(pattern=str(archive / "a" / "one.rle")))
    assert title == pattern.name == "one"


@pytest.mark.parametrize("members, words", [
    ({"show.lua": "-- draws something"}, "holds no pattern: only Golly's script show.lua, and lifesim runs no scripts"),
    ({"readme.txt": "hello"}, "holds no pattern$"),
])
def test_an_archive_without_a_pattern_says_so(tmp_path, members, words):
    archive = make_zip(tmp_path / "none.zip", members)
    with pytest.raises(LifesimError, match=words):
        started(RunSpec(pattern=str(archive)))


def test_bad_archives_and_members_are_one_line_exit_2(tmp_path, capsys):
    archive = make_zip(tmp_path / "wire.zip", {"wire.rle": WIRE, "Zipped.rule": ZIPPED_RULE})
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (tmp_path / "plain.rle").write_text("bo$2bo$3o!\n")
    (tmp_path / "script.lua").write_text("local g = golly()\n")
    cases = {
        str(archive / "missing.rle"): "holds no file 'missing.rle' (it holds wire.rle, Zipped.rule)",
        str(broken): "broken zip archive",
        str(tmp_path / "plain.rle" / "inner.rle"): None,  # a file is no folder: no such pattern
        str(tmp_path / "script.lua"): "is a Golly script, not a pattern: lifesim runs no scripts",
    }
    for pattern, words in cases.items():
        assert main([pattern, "--headless", "--generations", "1"]) == 2
        err = capsys.readouterr().err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert words is None or words in err


def test_a_headless_run_of_an_archive(tmp_path, capsys):
    archive = make_zip(tmp_path / "wire.zip", {"wire.rle": WIRE, "Zipped.rule": ZIPPED_RULE})
    assert main([str(archive), "--headless", "--generations", "3", "--quiet", "--out", str(tmp_path / "out.rle")]) == 0
    assert "rule = Zipped" in (tmp_path / "out.rle").read_text()


@pytest.mark.skipif(PATTERNS is None, reason="Golly's Patterns folder is not installed")
def test_gollys_archives_open_with_their_rules():
    # Every archive Golly ships opens but the one that holds only a Lua script
    opened = {}
    for archive in sorted(PATTERNS.rglob("*.zip")):
        try:
            _, rule, _, pattern = started(RunSpec(pattern=str(archive)))
        except LifesimError as exc:
            opened[archive.name] = str(exc)
        else:
            opened[archive.name] = (rule.name, sorted(pattern.rules))
    assert opened.get("Calcyman-primer.zip") == ("Primer", ["Primer"])
    assert opened.get("dragon-curve-generator.zip") == ("DragonCurve", ["DragonCurve"])
    assert "only Golly's script" in opened.get("unit-fraction-orthogonal-spaceships.zip", "only Golly's script")
    refused = [name for name, got in opened.items() if isinstance(got, str)]
    assert set(refused) <= {"unit-fraction-orthogonal-spaceships.zip", "Flow6.zip"}


def normalised(cells):
    """``{(y, x): state}`` moved so that its top row and left column are 0 (bgolly's RLE
    forgets where a pattern is, so positions are compared relative to the live cells' box)."""
    top, left = min(y for y, _ in cells), min(x for _, x in cells)
    return {(y - top, x - left): state for (y, x), state in cells.items()}


@pytest.mark.skipif(BGOLLY is None or PATTERNS is None, reason="Golly (bgolly and its Patterns) is not installed")
@pytest.mark.parametrize("archive", ["Life/Miscellaneous/Calcyman-primer.zip",
                                     "Other-Rules/dragon-curve-generator.zip", "Other-Rules/factorize-84.zip"])
def test_gollys_archives_run_as_bgolly_runs_them_unpacked(archive, tmp_path):
    path = PATTERNS / archive
    universe, rule, _, pattern = started(RunSpec(pattern=str(path)))
    ys, xs, states = get_driver("serial").advance(universe, rule, 20).points()  # compiling DragonCurve takes 8 s
    ours = {(int(y), int(x)): int(s) for y, x, s in zip(ys, xs, states)}
    with zipfile.ZipFile(path) as zf:  # bgolly cannot open an archive: its files, as Golly installs them
        zf.extractall(tmp_path)
    member = next(p for p in tmp_path.rglob("*.rle") if "__MACOSX" not in p.parts)
    theirs = bgolly_points(member, 20, tmp_path, "RuleLoader", rules=tmp_path)
    assert ours and normalised(ours) == normalised(theirs)
