"""The clipboard: RLE text in and out, through SDL's clipboard where there is one.

Copy puts the selection as RLE (``lifesim.io.rle.pattern_to_rle``) on the clipboard, so it
pastes into Golly or a text editor; paste reads any pattern text (``parse_pattern_text``: RLE
with or without its header, ``.cells`` plaintext, Life 1.05/1.06) copied from a web page or a
file. ``SystemClipboard`` uses pygame's (SDL's) clipboard and keeps the text itself when SDL has
none (SDL's dummy video driver, a server without X), so copy and paste within the window always
work; ``MemoryClipboard`` is that store alone, the tests' double. pygame is passed in.
"""

from lifesim.io.formats import parse_pattern_text
from lifesim.io.rle import pattern_to_rle
from lifesim.window.selection import Clip


class MemoryClipboard:
    """A clipboard that is one string in this process."""

    system = False

    def __init__(self, text=""):
        self.text = text

    def put(self, text):
        self.text = text

    def get(self):
        return self.text


# The one type pygame 2's scrap hands to SDL_SetClipboardText (SCRAP_TEXT, "text/plain", is
# refused under X11 with SDL 2: measured with pygame 2.6.1 on Xvfb).
SDL_TEXT = "text/plain;charset=utf-8"


class SystemClipboard(MemoryClipboard):
    """SDL's clipboard through ``pygame.scrap`` (``put_text``/``get_text`` where pygame has
    them, else ``put``/``get`` of SDL_TEXT); the text is also kept here, and used when SDL
    refuses (``system`` then turns False)."""

    def __init__(self, pg):
        super().__init__()
        self.pg = pg
        self.system = True
        try:
            if not hasattr(pg.scrap, "put_text"):
                pg.scrap.init()
        except (pg.error, AttributeError, NotImplementedError):
            self.system = False

    def put(self, text):
        super().put(text)
        if self.system:
            try:
                if hasattr(self.pg.scrap, "put_text"):
                    self.pg.scrap.put_text(text)
                else:
                    self.pg.scrap.put(SDL_TEXT, text.encode("utf-8"))
            except (self.pg.error, NotImplementedError):  # e.g. SDL's dummy driver: no clipboard
                self.system = False

    def get(self):
        if self.system:
            try:
                if hasattr(self.pg.scrap, "get_text"):
                    found = self.pg.scrap.get_text()
                else:
                    raw = self.pg.scrap.get(SDL_TEXT)
                    found = raw.decode("utf-8", errors="replace") if raw else ""
                found = found.replace("\x00", "")  # X11 hands C strings back with their NUL
                if found.strip():
                    return found
            except (self.pg.error, NotImplementedError):
                self.system = False
        return super().get()


def clip_text(clip, rule=None):
    """The RLE text of ``clip`` (a selection.Clip), naming ``rule`` (a rule spec) when given."""
    return pattern_to_rle(clip.pattern(rule))


def text_clip(text):
    """(Clip, its rule text or None) of pattern text: RLE, ``.cells``, Life 1.05/1.06; raises
    LifesimError, one line, when the text is not a pattern."""
    pattern = parse_pattern_text(text.strip("\x00").strip() + "\n")
    return Clip.of_pattern(pattern), pattern.rule
