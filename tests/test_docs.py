"""The documentation runs: every ```python block of docs/protocol.md, each on its own, as a user
would paste it; and docs/ stands on its own in a clone."""

import re
import runpy
import tempfile
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PROTOCOL = DOCS / "protocol.md"
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def python_blocks(path):
    """(first line number, source) of every ```python block in the Markdown file at ``path``."""
    text = path.read_text()
    return [(text.count("\n", 0, m.start(1)) + 1, m[1]) for m in BLOCK.finditer(text)]


BLOCKS = python_blocks(PROTOCOL)


def test_the_protocol_page_has_samples():
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("line, source", BLOCKS, ids=[f"line{line}" for line, _ in BLOCKS])
def test_every_python_sample_runs(line, source, tmp_path, monkeypatch):
    # A file of its own (so a rule's error can quote its line), run in a fresh namespace in an
    # empty folder: a block that needed another block's names or files would fail here.
    path = tmp_path / f"protocol_md_line{line}.py"
    path.write_text(source)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its tempfile.mkdtemp() folders too
    runpy.run_path(str(path))


def test_the_docs_name_no_file_outside_the_repository():
    for page in DOCS.glob("*.md"):
        assert "shared/" not in page.read_text(), page
