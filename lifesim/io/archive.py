"""Golly's zip archives: a pattern bundled with the rule files it needs (Golly's Help, formats.html#zip).

Golly installs an archive's ``.rule`` files into its rules folder and loads its one pattern (or,
for an archive of several, shows a page of links to them). Here nothing is installed: the rule
files travel with the pattern (``Pattern.rules``) and are looked up before any folder. An
archive of one pattern opens as it is; one of several opens a pattern named after it,
``ARCHIVE.zip/MEMBER`` (``Flow6.zip/Flow6/Demo/Features.mc``), and refuses, listing them,
without. Scripts inside (Lua, Python, Perl) are not run, as lifesim runs no Golly scripts.
"""

import io
import zipfile
from pathlib import Path, PurePosixPath

from lifesim.errors import LifesimError
from lifesim.rulefile import OLD_SUFFIXES, RULE_SUFFIX

ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIX = ".zip"
SCRIPT_SUFFIXES = (".lua", ".py", ".pl")
LISTED = 5  # patterns named in a refusal


def split_member(path):
    """``(archive, member)`` for a path that goes into a zip file (``a/x.zip/in/y.mc`` ->
    ``(Path('a/x.zip'), 'in/y.mc')``), else None: a path that names an existing file, or none
    of whose folders is a zip file."""
    path = Path(path)
    if path.exists():
        return None
    for archive in path.parents:
        if archive.suffix.lower() == ZIP_SUFFIX and archive.is_file():
            return archive, path.relative_to(archive).as_posix()
    return None


def pattern_members(archive, readable):
    """The names of the pattern files in zip file ``archive`` (see ``open_member``), in order."""
    try:
        with zipfile.ZipFile(archive) as zf:
            return [i.filename for i in zf.infolist() if not i.is_dir() and _wanted(i.filename) and readable(i.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as exc:
        raise LifesimError(f"cannot read {archive}: broken zip archive ({exc})") from None


def open_member(archive, data, member, readable):
    """``(name, bytes, rules)`` of the pattern in zip ``data`` (the bytes of file ``archive``):
    ``member`` (a path inside, or None for the archive's only pattern), its bytes, and the
    archive's rule files, ``{NAME: text}`` from each ``NAME.rule`` (and ``NAME.table`` or
    ``NAME.tree`` without one). ``readable(name)`` says
    whether a member name is a pattern file lifesim reads. Refused in one line: a broken
    archive, a missing member, none or several patterns where none was named."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = [info.filename for info in zf.infolist() if not info.is_dir() and _wanted(info.filename)]
            rules = {PurePosixPath(n).stem: _text(zf.read(n)) for n in names if n.lower().endswith(RULE_SUFFIX)}
            for n in names:  # Golly's older files, made rule files as Golly converts them, when none is there
                section = OLD_SUFFIXES.get(PurePosixPath(n).suffix.lower())
                if section and PurePosixPath(n).stem not in rules:
                    rules[PurePosixPath(n).stem] = f"@RULE {PurePosixPath(n).stem}\n{section}\n{_text(zf.read(n))}"
            name = member if member is not None else _only_pattern(archive, names, readable)
            if name not in names:
                raise LifesimError(f"{archive} holds no file {name!r} (it holds {_listing(names)})")
            return name, zf.read(name), rules
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise LifesimError(f"cannot read pattern {archive}: broken zip archive ({exc})") from None


def _wanted(name):
    """Not the resource forks macOS leaves in archives (``__MACOSX/``, ``._x``) nor hidden files."""
    parts = PurePosixPath(name).parts
    return bool(parts) and parts[0] != "__MACOSX" and not parts[-1].startswith(".")


def _only_pattern(archive, names, readable):
    patterns = [n for n in names if readable(n)]
    if len(patterns) == 1:
        return patterns[0]
    if not patterns:
        scripts = [n for n in names if n.lower().endswith(SCRIPT_SUFFIXES)]
        why = f": only Golly's script {_listing(scripts)}, and lifesim runs no scripts" if scripts else ""
        raise LifesimError(f"{archive} holds no pattern{why}")
    raise LifesimError(f"{archive} holds {len(patterns)} patterns: open one as {archive}/MEMBER, "
                       f"MEMBER one of {_listing(patterns)}")


def _listing(names):
    shown = ", ".join(names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "") if names else "nothing"


def _text(data):
    return data.decode("utf-8", errors="replace")
