"""A wheel built from the checkout carries everything a run needs, the bundled patterns too.

The wheel is installed (without dependencies, which this environment has) into a folder of its
own, and lifesim is run from an empty folder with only that folder on the path: a module or a
data file that the wheel lacks fails here, as it would for a user's ``pip install .``.
"""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(site folder holding the installed wheel, the wheel's path)."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(ROOT)],
        capture_output=True, text=True, timeout=240)
    if built.returncode != 0 and "No module named" in built.stderr and "wheel" in built.stderr:
        pytest.skip(f"cannot build wheels here: {built.stderr.strip().splitlines()[-1]}")
    assert built.returncode == 0, built.stderr
    wheel = next(work.glob("lifesim-*.whl"))
    site = work / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True, timeout=240)
    return site, wheel


def test_the_wheel_holds_every_subpackage_and_the_patterns(installed):
    _, wheel = installed
    names = zipfile.ZipFile(wheel).namelist()
    packages = {str(p.parent.relative_to(ROOT)).replace(os.sep, "/") for p in (ROOT / "lifesim").rglob("__init__.py")}
    for package in packages:
        assert f"{package}/__init__.py" in names
    assert {f"lifesim/patterns/{p.name}" for p in (ROOT / "patterns").glob("*.rle")} <= set(names)


def test_an_installed_wheel_runs_a_bundled_pattern_from_an_empty_folder(installed, tmp_path):
    site, _ = installed
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(site)}
    code = ("import lifesim, sys; from lifesim.app.cli import main; "
            "print(lifesim.__file__); sys.exit(main(['glider', '--headless', '--generations', '4']))")
    run = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    first, *rest = run.stdout.splitlines()
    assert first.startswith(str(site))  # the wheel's copy, not the checkout's
    assert any("population 5 -> 5" in line for line in rest)
