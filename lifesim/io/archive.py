"""Golly's zip archives: a pattern bundled with the rule files it needs (Golly's Help, formats.html#zip).

Golly installs an archive's ``.rule`` files into its rules folder and loads its one pattern (or,
for an archive of several, shows a page of links to them). Here nothing is installed: the rule
files travel with the pattern (``Pattern.rules``) and are looked up before any folder. An
archive of one pattern opens as it is; one of several opens a pattern named after it,
``ARCHIVE.zip/MEMBER`` (``Flow6.zip/Flow6/Demo/Features.mc``), and refuses, listing them,
without. Scripts inside (Lua, Python, Perl) are not run, as lifesim runs no Golly scripts.
"""

import contextlib
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
    with _opened(archive, archive) as zf:
        return [name for name in _files(zf) if readable(name)]


def open_member(archive, data, member, readable):
    """``(name, bytes, rules)`` of the pattern in zip ``data`` (the bytes of file ``archive``):
    ``member`` (a path inside, or None for the archive's only pattern), its bytes, and the
    archive's rule files, ``{NAME: text}`` from each ``NAME.rule`` (and ``NAME.table`` or
    ``NAME.tree`` where there is no ``NAME.rule``). ``readable(name)`` says whether a member
    name is a pattern file lifesim reads. Refused in one line: a broken archive, a missing
    member, none or several patterns where none was named."""
    with _opened(io.BytesIO(data), archive) as zf:
        names = _files(zf)
        rules = {}
        for suffix, section in ((RULE_SUFFIX, None), *OLD_SUFFIXES.items()):  # .rule first: Golly
            for name in names:  # converts the older files only where there is none
                stem = PurePosixPath(name).stem
                if name.lower().endswith(suffix) and stem not in rules:
                    text = _text(zf.read(name))
                    rules[stem] = text if section is None else f"@RULE {stem}\n{section}\n{text}"
        name = member if member is not None else _only_pattern(archive, names, readable)
        if name not in names:
            raise LifesimError(f"{archive} holds no file {name!r} (it holds {_listing(names)})")
        return name, zf.read(name), rules


@contextlib.contextmanager
def _opened(source, archive):
    """The ZipFile of ``source`` (a path or a file object), its failures one line naming ``archive``."""
    try:
        with zipfile.ZipFile(source) as zf:
            yield zf
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise LifesimError(f"cannot read {archive}: broken zip archive ({exc})") from None


def _files(zf):
    """The names of the files in ``zf`` that are not folders, resource forks or hidden."""
    return [info.filename for info in zf.infolist() if not info.is_dir() and _wanted(info.filename)]


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
