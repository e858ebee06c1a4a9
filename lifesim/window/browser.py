"""The pattern browser (``p``, or a folder typed at ``o``): a list to choose a pattern from.

``Browser`` holds the entries (the bundled patterns by name and Golly's Patterns folder, a
folder's parent, folders and pattern files, or a zip archive's patterns), what has been typed
to filter them, and which one is chosen; the window draws ``lines()`` and loads
``chosen()`` on Enter. No pygame here: keys arrive as the names of the moves (``"down"``).
"""

from pathlib import Path

from lifesim.io.formats import SUFFIXES, is_archive, pattern_suffix
from lifesim.io.patterns import golly_patterns, pattern_names

PAGE = 10  # rows Page Up / Page Down move
GOLLY_ENTRY = "Golly's Patterns/"  # the bundled list's way into Golly's own collection


class Browser:
    """entries: (label, target) pairs, target what ``Window.load`` takes (a bundled name or a
    path); title: the list's heading."""

    def __init__(self, entries, title):
        self.entries = list(entries)
        self.title = title
        self.typed = ""
        self.index = 0  # into ``shown()``

    @classmethod
    def bundled(cls):
        """The bundled patterns by name, then Golly's Patterns folder where Golly is installed."""
        golly = golly_patterns()
        return cls([(name, name) for name in pattern_names()] + ([(GOLLY_ENTRY, str(golly))] if golly else []),
                   "bundled patterns")

    @classmethod
    def folder(cls, path):
        """Folder ``path``: ``../`` (its parent), its folders (``name/``), then its pattern files
        (by suffix: RLE, .cells, Life, .npy, gzipped, and Golly's zip archives)."""
        path = Path(path).expanduser().absolute()
        children = sorted(path.iterdir())
        folders = [d for d in children if d.is_dir() and not d.name.startswith(".")]
        files = [f for f in children if f.is_file() and (pattern_suffix(f) in SUFFIXES or is_archive(f))]
        up = [("../", str(path.parent))] if path.parent != path else []
        return cls(up + [(d.name + "/", str(d)) for d in folders] + [(f.name, str(f)) for f in files],
                   f"patterns in {path}")

    @classmethod
    def archive(cls, path, names):
        """The pattern files ``names`` inside zip archive ``path`` (``several_patterns``), each
        opened as ``path/name``."""
        return cls([(name, f"{path}/{name}") for name in names], f"patterns in {Path(path).name}")

    def shown(self):
        """The entries whose label holds what was typed (any case)."""
        typed = self.typed.lower()
        return [e for e in self.entries if typed in e[0].lower()]

    def chosen(self):
        """The chosen entry's target, or None when nothing is shown."""
        shown = self.shown()
        return shown[min(self.index, len(shown) - 1)][1] if shown else None

    def move(self, how):
        """Move the choice: ``up``, ``down``, ``page_up``, ``page_down``, ``home``, ``end``."""
        n = len(self.shown())
        step = {"up": -1, "down": 1, "page_up": -PAGE, "page_down": PAGE, "home": -n, "end": n}[how]
        self.index = max(0, min(n - 1, self.index + step))

    def type(self, text):
        """Typed characters filter the list (``"\\b"`` deletes the last one); the choice goes to the top."""
        self.typed = self.typed[:-1] if text == "\b" else self.typed + text
        self.index = 0

    def lines(self, about=None, fits=None):
        """(lines, chosen line number): the heading, the filter, at most ``fits`` of the entries
        shown (a page that holds the chosen one), and ``about`` (a line on it) at the end."""
        shown = self.shown()
        head = [f"{self.title}: {len(shown)} of {len(self.entries)}   (type to filter, Up/Down, Enter loads, Esc closes)",
                f"filter: {self.typed}_"]
        rows = [label for label, _ in shown] or ["(nothing matches)"]
        first = 0
        if fits is not None and len(rows) > fits:
            first = min(max(0, self.index - fits // 2), len(rows) - fits)
            rows = rows[first:first + fits]
        tail = [about] if about else []
        return head + rows + tail, (len(head) + self.index - first if shown else None)
