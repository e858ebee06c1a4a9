"""The pygame window: draws a Simulation, on a finite grid or the unbounded plane, and lets a person steer it.

The only module that imports pygame, and only when a window is asked for. The arithmetic
(view transform, colours, pixels) lives in ``lifesim.window.view``, the clock in ``lifesim.window.stepper``;
what differs between a grid and the plane in ``lifesim.window.universes``; this module turns
events into calls on those and pixels into a surface. No rule logic here.

Tests drive it frame by frame: ``handle_events()``, ``update()``, ``draw()``; ``run()`` loops them.
"""

import dataclasses
import io
import os
import re
import sys
import threading
import time
from collections import deque
from operator import attrgetter
from pathlib import Path

import numpy as np

from lifesim.errors import LifesimError
from lifesim.io.formats import atomic_write, check_output_path, read_pattern, several_patterns
from lifesim.io.patterns import find_pattern, pattern_rule
from lifesim.sandbox.watch import watcher_for
from lifesim.simulation import Simulation
from lifesim.universe import describe
from lifesim.window import keys as _keys
from lifesim.window import universes as _universes
from lifesim.window import view as _view
from lifesim.window import why as _why
from lifesim.window.history import History, Snapshot
from lifesim.window.info import Identifying, PatternInfo, info_lines
from lifesim.window.browser import Browser
from lifesim.window.clipboard import SystemClipboard
from lifesim.window.panel import Panel, block_picture
from lifesim.window.prompt import PROMPTS, complete
from lifesim.window.selecting import Selecting
from lifesim.window.stepper import Stepper

STATUS_HEIGHT = 24  # pixels under the grid for the status line
MAX_SIZE = (1200, 800)  # the largest default window, pixels
MIN_SIZE = (640, 360)
FPS = 60
ZOOM_STEP = 1.25  # per wheel notch
MESSAGE_SECONDS = 6.0
PANEL_FRACTION = 0.5  # of the window's width, at most, for a side panel
WHY_PICTURE = 120  # pixels: the why-panel's neighbourhood drawn at most this wide (cells 4..16 px)
SOUP_DENSITY = 0.3
SWITCH_INTERVAL = 0.0001  # seconds (Python default 0.005): see run()
TOO_FAR = "cells past 2^62 from the origin cannot be drawn (the plane keeps its cells within that)"
WATCH_SECONDS = 0.25  # --watch: how often to stat the rule file (a frame is too often to need it)


class WindowUnavailable(LifesimError):
    """No window can open here (no display, or no pygame); the message says why in one line."""


def _pygame():
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError:
        raise WindowUnavailable("pygame is not installed (pip install 'lifesim[gui]')") from None
    return pygame


def unavailable_reason():
    """None if a window may open here, else one line saying why not (checked before pygame tries)."""
    try:
        _pygame()
    except WindowUnavailable as exc:
        return str(exc)
    explicit = os.environ.get("SDL_VIDEODRIVER")  # e.g. dummy or offscreen: the user chose
    unix = sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
    if unix and not explicit and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (DISPLAY and WAYLAND_DISPLAY are not set)"
    return None


def default_size(grid_shape):
    """The window size (width, height) in pixels that shows (H, W) cells at a whole zoom."""
    h, w = grid_shape
    area_w, area_h = MAX_SIZE[0], MAX_SIZE[1] - STATUS_HEIGHT
    zoom = min(area_w / w, area_h / h)
    zoom = int(zoom) if zoom >= 1 else zoom
    width = int(min(MAX_SIZE[0], max(MIN_SIZE[0], w * zoom)))
    height = int(min(MAX_SIZE[1], max(MIN_SIZE[1], h * zoom + STATUS_HEIGHT)))
    return width, height


class Window:
    """A pygame window on ``sim``; the simulation steps in a worker thread unless threaded=False.

    rate: target generations per second; running: start running; stop_at: pause at this
    generation; save_dir: where ``s`` writes; seed: for ``r`` soups (None: fresh each time).
    watcher: a ``lifesim.watch.RuleWatcher`` (``--watch``): polled every ``watch_seconds`` from
    the frame loop; a rule that breaks mid-run falls back to the last good one, on screen.
    clipboard: where copy and paste go (``clipboard.SystemClipboard`` by default: SDL's).
    info: the ``info.PatternInfo`` of the pattern (its file's comments), else just ``title``.
    scheme: the colour scheme, a ``view.SCHEMES`` name (``k`` cycles them).
    """

    def __init__(self, sim, title="lifesim", driver_name=None, size=None, rate=10, running=True,
                 threaded=True, stop_at=None, save_dir=".", seed=None, watcher=None, clipboard=None,
                 info=None, scheme="lifesim"):
        pygame = self.pg = _pygame()
        try:
            pygame.display.init()
            y0, y1, x0, x1 = _universes.fit_box(sim.grid)
            self.screen = pygame.display.set_mode(size or default_size((y1 - y0, x1 - x0)), pygame.RESIZABLE)
        except pygame.error as exc:
            pygame.display.quit()
            raise WindowUnavailable(f"pygame cannot open a window ({exc})") from None
        pygame.font.init()
        pygame.key.set_repeat(300, 40)
        self.font = pygame.font.Font(None, 20)
        self.keymap = _keys.Keymap(pygame)
        self.driver_name = driver_name or getattr(sim.driver, "name", "?")
        self.save_dir = Path(save_dir)
        self.rng = np.random.default_rng(seed)
        self.messages = deque(maxlen=4)  # (text, until): show_message may be called from any thread
        self._messages_lock = threading.Lock()  # so this thread never iterates it mid-append
        self.watcher = watcher
        self.watch_seconds = WATCH_SECONDS
        self._next_watch = 0.0  # time.monotonic() of the next look at the rule file
        self.info = info or PatternInfo(title)  # replaced whole (loads, undo): read from any thread
        # Undo: touched only on the worker thread, by commands and the stepper's on_start.
        self.history = History(_universes.nbytes)
        self._changed = True  # something other than running changed the pattern: a run start is a new reset point
        self.stepper = Stepper(sim, rate, running, threaded, self.show_message, stop_at, watcher,
                               on_start=self._started)
        width, height = self.screen.get_size()
        self.view = _fitted(sim.grid, (width, max(1, height - STATUS_HEIGHT)))
        self.scheme = scheme
        self._colour_key = None  # (states, the rule's own colours, scheme) the palette is of
        self._recolour(sim.rule)
        self.highlight = True  # born/died colours, two-state rules only
        self.grid_lines = False
        self.show_help = False
        self.prompt = None  # the text typed at a prompt (`o`, `R`), or None when none is open
        self.prompt_kind = PROMPTS["load"]  # what the open prompt asks for (lifesim.window.prompt)
        self.browser = None  # the pattern browser (`p`), a lifesim.window.browser.Browser, or None
        self._browser_panel = Panel(pygame, self.font)
        self._about = {}  # pattern target -> one line about it, for the browser
        self.why_cell = None  # (y, x) the why-panel explains, or None when it is closed
        self.why = None  # its lifesim.window.why.Explanation, kept while the frame is the same
        self._why_of = None  # (frame, cell) the explanation was made for
        self._why_panel = Panel(pygame, self.font)
        self._why_picture = (None, None)  # (block bytes and palette id, surface)
        self.clipboard = clipboard if clipboard is not None else SystemClipboard(pygame)
        self.select = Selecting(self)
        self.show_info = False
        self.identifying = Identifying()
        self._info_panel = Panel(pygame, self.font)
        self.pending = []  # edits sent to the worker, drawn until it has applied them: (ticket, ys, xs, state)
        self.mouse = (0, 0)
        self.painting = None  # (state, last cell) during a left drag
        self._draw_state = 1  # the state a left drag draws (multi-state rules: [ and ] choose it)
        self.panning = False
        self.quit = False
        self.frames = 0
        self.last_saved = None
        self._fit_at = None  # the stepper ticket of a pattern loaded on the plane, fitted once shown
        self._cache_key = None
        self._cache_frame = None  # the Frame the cached surface shows
        self._surface = None
        self._caption = None  # the title the caption shows (undo may bring back another)

    @property
    def title(self):
        """The pattern's name, as the caption and saved files show it."""
        return self.info.title

    @title.setter
    def title(self, title):
        self.info = dataclasses.replace(self.info, title=title)

    # Hooks for other parts of lifesim (e.g. --watch) ------------------------------------------

    def show_message(self, text, seconds=MESSAGE_SECONDS):
        """Show one line of text over the grid for ``seconds``; safe to call from any thread."""
        with self._messages_lock:
            self.messages.append((str(text), time.monotonic() + seconds))

    def replace_rule(self, rule, note=None, undoable=False):
        """Swap the rule (a Rule or any spec parse_rule takes) between generations; errors go on screen.

        Once the swap is made, ``note`` (default ``"rule: ..."``) goes on screen: one line either way.
        undoable: the person changed it (a ``--watch`` reload is the file's, and is not undone).
        """

        def swap(sim):
            if self.watcher is None:
                sim.replace_rule(rule)  # a refusal goes on screen through the stepper
            elif not self.watcher.take(sim, rule, self.show_message):
                return False
            self.show_message(note or f"rule: {sim.rule}")
            return True

        return self.stepper.submit(self._undoable("rule change", swap) if undoable else swap)

    # The frame loop ---------------------------------------------------------------------------

    def run(self, max_frames=None, fps=FPS):
        """Handle events, update and draw until quit (or ``max_frames`` frames); returns the frame count."""
        clock = self.pg.time.Clock()
        start = self.frames
        # A pure-Python driver in the worker holds the GIL; a shorter switch interval hands it
        # back to this thread sooner after each pygame call that released it (flip, blit).
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
        try:
            while self.handle_events():
                self.update()
                self.draw()
                if max_frames is not None and self.frames - start >= max_frames:
                    break
                clock.tick(fps)
        finally:
            sys.setswitchinterval(interval)
        return self.frames - start

    def handle_events(self):
        """Handle every queued pygame event; False once the window should close."""
        for event in self.pg.event.get():
            self.handle(event)
        return not self.quit

    def update(self):
        """Catch up with the stepper: drop applied edits, expire messages, follow a new grid or rule."""
        now = time.monotonic()
        self._watch(now)
        if self.stepper._thread is None:
            self.stepper.pump()
        frame = self.stepper.frame
        self.pending = [p for p in self.pending if p[0] > frame.done]
        with self._messages_lock:
            while self.messages and self.messages[0][1] < now:
                self.messages.popleft()
        if self.title != self._caption:
            self._caption = self.title
            self.pg.display.set_caption(f"lifesim: {self.title}")
        self._recolour(frame.rule)
        if self.why_cell is not None and self._why_of != (frame, self.why_cell):
            self.why, self._why_of = _why.explain(frame, *self.why_cell), (frame, self.why_cell)
        loaded = self._fit_at is not None and frame.done >= self._fit_at
        if loaded or _universes.bounds(frame.grid) != self.view.grid_shape:
            self.view, self._fit_at = _fitted(frame.grid, self.view.size), None
        # A Plane becomes a tree at hashlife's first step (and back, on a load): the same view,
        # the tree's own zoom floor.
        self.view.set_least_zoom(_universes.least_zoom(frame.grid))

    def _watch(self, now):
        """--watch: look at the rule file, at most every ``watch_seconds`` (a stat, unless it was saved)."""
        if self.watcher is None or now < self._next_watch:
            return
        self._next_watch = now + self.watch_seconds
        self.watcher.poll_window(self)  # a saved rule goes to replace_rule, its errors on screen

    def draw(self):
        """Draw the grid, the status line and any overlays, then flip."""
        screen = self.pg.display.get_surface()
        width, height = screen.get_size()
        area = (width, max(1, height - STATUS_HEIGHT))
        if area != self.view.size:
            self.view.resize(area)
        screen.blit(self._grid_surface(), (0, 0))
        self._draw_status(screen, height)
        self.select.draw(screen, self.font)
        if self.why is not None and self.why_cell is not None:
            self._draw_why(screen, area)
        if self.show_info:
            self._draw_info(screen, area)
        if self.browser is not None:
            self._draw_browser(screen, area)
        self._draw_messages(screen, area[1])
        if self.show_help:
            self._draw_help(screen)
        self.pg.display.flip()
        self.frames += 1

    def screenshot(self, path):
        """Draw a frame and save the window's pixels to ``path`` (.png), atomically."""
        self.draw()
        buf = io.BytesIO()
        self.pg.image.save(self.pg.display.get_surface(), buf, Path(path).name)  # name: the format
        atomic_write(path, buf.getvalue())

    def close(self, wait=False):
        """Close the display, then stop the clock; wait=True waits for a generation in flight
        (see ``Stepper.close``) with the window already gone."""
        self.pg.display.quit()  # the worker never touches pygame
        self.stepper.close(wait)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Events -----------------------------------------------------------------------------------

    def handle(self, event):
        pg = self.pg
        if event.type == pg.QUIT:
            self.quit = True
        elif event.type == pg.KEYDOWN:
            if self.prompt is not None:
                self._prompt_key(event)
            elif self.browser is not None:
                self._browser_key(event)
            else:
                self._key(event)
        elif event.type == pg.MOUSEBUTTONDOWN:
            self.mouse = event.pos
            if event.button == 1:
                cell = self.view.cell_at(*event.pos)
                shift = bool(pg.key.get_mods() & pg.KMOD_SHIFT)
                if cell is not None and not self.select.press(cell, shift):
                    self._paint_start(event.pos)
            elif event.button == 2:
                self._why_here(event.pos)
            elif event.button == 3:
                self.panning = True
        elif event.type == pg.MOUSEBUTTONUP:
            self.mouse = event.pos
            if event.button == 1:
                self.painting = None
                self.select.release()
            elif event.button == 3:
                self.panning = False
        elif event.type == pg.MOUSEMOTION:
            self.mouse = event.pos
            if self.painting:
                self._paint_to(event.pos)
            if self.select.dragging:
                self.select.drag(self.view.cell_at(*event.pos))
            if self.panning:
                self.view.pan(*event.rel)
        elif event.type == pg.MOUSEWHEEL:
            # pygame also sends buttons 4/5 for the wheel; only this event zooms, so no notch counts twice.
            self.view.zoom_at(*self.mouse, ZOOM_STEP ** event.y)

    def _key(self, event):
        mod, pg = getattr(event, "mod", 0), self.pg
        shift, ctrl = bool(mod & pg.KMOD_SHIFT), bool(mod & (pg.KMOD_CTRL | pg.KMOD_META))  # Cmd on a Mac
        binding = self.keymap.find(event.key, shift, getattr(event, "unicode", ""), ctrl)
        if binding is not None:
            attrgetter(binding.action)(self)(*binding.args)

    # The keys' actions (lifesim.window.keys names them) -----------------------------------------

    def _run_pause(self):
        self.stepper.set_running(not self.stepper.running)  # a run's start is recorded by _started

    # Undo, redo, reset (lifesim.window.history) -------------------------------------------------

    def undo(self):
        """Pause, then go back one step (an edit, load, clear, soup, rule change, run or step)."""
        self._travel(self.history.undo, "undid", "nothing to undo")

    def redo(self):
        """Pause, then go forward again over the last step undone."""
        self._travel(self.history.redo, "redid", "nothing to redo")

    def reset(self):
        """Golly's reset: pause and go back to where running last started from a changed pattern
        (undoable itself)."""
        self.stepper.set_running(False)

        def back(sim):
            point = self.history.reset_point
            if point is None:
                self.show_message("nothing to reset to: nothing has run yet")
                return
            self.history.record(self._snapshot(sim, "reset"))
            self._restore(sim, point)
            self.show_message(f"reset to generation {point.generation}")

        self.pending.clear()
        return self.stepper.submit(back)

    def _travel(self, move, verb, nothing):
        self.stepper.set_running(False)

        def go(sim):
            to = move(self._snapshot(sim))
            if to is None:
                self.show_message(nothing)
                return
            self._restore(sim, to)
            self.show_message(f"{verb} {to.action or 'a step'}: generation {to.generation}")

        self.pending.clear()  # the edits were submitted before this: they are undone with the rest
        return self.stepper.submit(go)

    def _snapshot(self, sim, action=""):
        return Snapshot.of(sim, self.info, action)

    def _restore(self, sim, snapshot):
        """Worker thread: put ``sim`` back to ``snapshot`` (the rule stays under ``--watch``)."""
        snapshot.restore(sim, keep_rule=self.watcher is not None)
        self.info = snapshot.note or self.info
        self._changed = True

    def _undoable(self, action, change):
        """A stepper command that runs ``change(sim)`` and makes it one undo step named ``action``
        (recorded only when it does not raise or return False)."""

        def command(sim):
            before = self._snapshot(sim, action)
            if change(sim) is not False:
                self.history.record(before)
                self._changed = True

        return command

    def _started(self, sim, kind):
        """Worker thread, just before a run's first generation or a single step: one undo step,
        and the reset point when the pattern changed since the last one."""
        snapshot = self._snapshot(sim, kind)
        self.history.record(snapshot)
        if self._changed or self.history.reset_point is None:
            self.history.mark_reset(snapshot)
            self._changed = False

    def _pan_eighth(self, dx, dy):
        width, height = self.view.size
        self.view.pan(dx * width / 8, dy * height / 8)

    def _recolour(self, rule):
        """Rebuild the palette when the rule's states or own colours (a rule file's @COLORS,
        ``rule.colours`` where rules have them) or the scheme changed."""
        key = (rule.states, getattr(rule, "colours", None), self.scheme)
        if key != self._colour_key:
            self.colours, self._colour_key = _view.palette(*key), key

    def _next_scheme(self):
        names = list(_view.SCHEMES)
        self.scheme = names[(names.index(self.scheme) + 1) % len(names)]
        self.show_message(f"colours: {self.scheme}")

    def _fit(self):
        """Fit the grid (on the plane: its live cells, with a margin) into the window."""
        self.view.fit(_universes.fit_box(self.visible_grid()))

    def _clear(self):
        self._replace_cells(_universes.cleared, "clear")

    def _soup(self):
        """A random soup; with a selection, random cells inside it (Golly's random fill)."""
        seed, box = int(self.rng.integers(1 << 32)), self.view.cells_shown()  # box: on the plane
        if self.select.box is not None:
            self.select.fill(SOUP_DENSITY, seed)
            return
        self._replace_cells(lambda grid: _universes.soup(grid, box, SOUP_DENSITY, seed), "soup")

    def _open_prompt(self, kind="load"):
        self.prompt, self.prompt_kind = "", PROMPTS[kind]

    def open_named(self, name):
        """The load prompt's Enter and the browser's: a folder, or a zip archive of several
        patterns, opens the browser on it (as Golly lists such an archive); anything else loads."""
        path = Path(name).expanduser()
        if path.is_dir():
            self._browse(name)
            return
        try:
            several = several_patterns(path)
        except LifesimError as exc:
            self.show_message(f"cannot load {name}: {exc}")
            return
        if several:
            self.browser = Browser.archive(path, several)
            return
        self.load(name)

    def set_rule(self, text):
        """The rule prompt's Enter: switch to the rule ``text`` names (an undo step); a
        ``--watch`` rule stays the file's."""
        if self.watcher is not None:
            self.show_message(f"the rule comes from {self.watcher.path.name} (--watch): edit the file to change it")
            return
        self.replace_rule(text, undoable=True)

    def _browse(self, folder=None):
        """The pattern browser on the bundled patterns, or on ``folder``'s pattern files."""
        try:
            self.browser = Browser.folder(folder) if folder else Browser.bundled()
        except OSError as exc:
            self.show_message(f"cannot browse {folder}: {exc.strerror or exc}")

    def _browser_key(self, event):
        pg, browser = self.pg, self.browser
        moves = {pg.K_UP: "up", pg.K_DOWN: "down", pg.K_PAGEUP: "page_up", pg.K_PAGEDOWN: "page_down",
                 pg.K_HOME: "home", pg.K_END: "end"}
        if event.key in moves:
            browser.move(moves[event.key])
        elif event.key in (pg.K_RETURN, pg.K_KP_ENTER):
            chosen, self.browser = browser.chosen(), None
            if chosen is not None:
                self.open_named(chosen)
        elif event.key == pg.K_ESCAPE:
            self.browser = None
        elif event.key == pg.K_BACKSPACE:
            browser.type("\b")
        elif getattr(event, "unicode", "") and event.unicode.isprintable():
            browser.type(event.unicode)

    def _toggle(self, flag):
        setattr(self, flag, not getattr(self, flag))

    def _quit(self):
        self.quit = True

    def _escape(self):
        """Close the help, a paste preview, the info or why-panel or the selection, in that order; else quit."""
        if self.show_help:
            self.show_help = False
        elif self.show_info:
            self.show_info = False
        elif self.select.floating is not None:
            self.select.cancel()
        elif self.why_cell is not None:
            self.why_cell = None
        elif not self.select.cancel():
            self.quit = True

    def _why_here(self, pos=None):
        """Explain the cell under the mouse (or pixel ``pos``) in the why-panel; the same cell
        again closes it."""
        cell = self.view.cell_at(*(pos or self.mouse))
        if cell is None or cell == self.why_cell:
            self.why_cell = None
        else:
            self.why_cell, self._why_of = cell, None

    def _prompt_key(self, event):
        pg = self.pg
        if event.key in (pg.K_RETURN, pg.K_KP_ENTER):
            text, self.prompt = self.prompt.strip(), None
            if text:
                getattr(self, self.prompt_kind.enter)(text)
        elif event.key == pg.K_ESCAPE:
            self.prompt = None
        elif event.key == pg.K_BACKSPACE:
            self.prompt = self.prompt[:-1]
        elif event.key == pg.K_TAB:
            self.prompt = complete(self.prompt, self.prompt_kind.names())
        elif getattr(event, "unicode", "") and event.unicode.isprintable():
            self.prompt += event.unicode

    # Editing ----------------------------------------------------------------------------------

    def cell_state(self, y, x):
        """The state drawn at cell (y, x): the stepper's universe with edits not yet applied on top."""
        for _, ys, xs, state in reversed(self.pending):
            if np.any((ys == y) & (xs == x)):
                return state
        return _universes.state_at(self.stepper.frame.grid, y, x)

    def _paint_start(self, pos):
        cell = self.view.cell_at(*pos)
        if cell is None:
            return
        if not _universes.contains(self.stepper.frame.grid, *cell):
            self.show_message(TOO_FAR)
            return
        state = self.draw_state
        if self.cell_state(*cell) == state:  # a drag that starts on a cell of that state erases
            state = 0
        self.painting = (state, cell)
        self.edit([cell], state, "draw")  # the whole stroke is one undo step

    @property
    def draw_state(self):
        """The state a left drag draws: 1..states-1 of the running rule (1 for two states)."""
        return min(self._draw_state, self.stepper.frame.rule.states - 1)

    def choose_draw_state(self, step):
        """The next (``step`` +1) or previous (-1) drawing state, round from the last to 1."""
        live = self.stepper.frame.rule.states - 1
        self._draw_state = (self.draw_state - 1 + step) % live + 1
        self.show_message(f"drawing state {self._draw_state}" + ("" if live > 1 else " (the rule has no other)"))

    def _paint_to(self, pos):
        state, last = self.painting
        cell = self.view.cell_at(*pos)
        if cell is None or cell == last:
            return
        self.edit(_line(last, cell), state)
        self.painting = (state, cell)

    def edit(self, cells, state, action=None):
        """Set ``cells`` (a list of (y, x), absolute on the plane) to ``state``, at once on
        screen, in the simulation before its next generation. action: names a new undo step
        (a stroke's first cells); None joins the step before (the rest of the stroke)."""
        grid = self.stepper.frame.grid
        kept = [c for c in cells if _universes.contains(grid, *c)]
        if len(kept) < len(cells):  # zoomed far out on a tree, the view reaches past them
            self.show_message(TOO_FAR)
            if not kept:
                return
        cells = kept
        ys = np.array([c[0] for c in cells], np.int64)
        xs = np.array([c[1] for c in cells], np.int64)

        def apply(sim):
            sim.replace_grid(_universes.with_cells(sim.grid, ys, xs, state))

        command = apply if action is None else self._undoable(action, apply)
        self.pending.append((self.stepper.submit(command), ys, xs, state))

    def _replace_cells(self, make, action):
        """Replace the whole universe with ``make(universe)`` (clear, soup) before the next
        generation, as one undo step named ``action``."""
        self.pending.clear()  # superseded: the new universe replaces them all
        self.stepper.submit(self._undoable(action, lambda sim: sim.replace_grid(make(sim.grid))))

    def visible_grid(self):
        """The universe (Grid or Plane) as drawn: the stepper's latest, with edits not yet applied on top."""
        grid = self.stepper.frame.grid
        for _, ys, xs, state in self.pending:
            grid = _universes.with_cells(grid, ys, xs, state)
        return grid

    def save(self):
        """Write the universe as drawn to a new file in save_dir: RLE (the plane's live cells at
        their positions, ``#CXRLE Pos``), or a macrocell ``.mc`` for a tree too large to list
        (see ``universes.save_suffix``); its name goes on screen."""
        frame = self.stepper.frame
        rule, universe = frame.rule, self.visible_grid()
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", self.title).strip("_") or "lifesim"
        suffix = _universes.save_suffix(universe)
        path = self.save_dir / f"{stem}-gen{frame.generation}{suffix}"
        n = 1
        while path.exists():
            path = self.save_dir / f"{stem}-gen{frame.generation}-{n}{suffix}"
            n += 1
        try:
            _universes.write(path, universe, rule.spec, f"{self.title}, generation {frame.generation}",
                             frame.generation)
        except LifesimError as exc:
            self.show_message(f"not saved: {exc}")
            return None
        self.last_saved = path
        self.show_message(f"saved {path}")
        return path

    def load(self, name):
        """Load a pattern (a file or a bundled name) into a new simulation on the same driver:
        on a grid as a grid (see ``universes.placed``), on the plane at its file's position."""
        frame, old = self.stepper.frame, self.stepper.sim
        try:
            path = find_pattern(name)
            pattern = read_pattern(path)
            rule = pattern_rule(pattern, path, default=frame.rule)  # as a run from the command line finds it
            universe = _universes.placed(pattern, frame.grid, getattr(old.driver, "quadtree", False))
            sim = Simulation(universe, rule, old.driver, pattern.generation)  # the file's own, as in Golly
        except LifesimError as exc:
            self.show_message(f"cannot load {name}: {exc}")
            return False
        sim.observers = list(old.observers)
        self.pending.clear()
        info = PatternInfo.of_pattern(pattern, name)
        title = info.title

        def before(old_sim):  # worker thread: the undo step, then the new notes with the new pattern
            self.history.record(self._snapshot(old_sim, "load"))
            self.info, self._changed = info, True

        ticket = self.stepper.replace_simulation(sim, before)
        if _universes.is_plane(sim.grid):  # a grid refits when its shape changes; the plane has none
            self._fit_at = ticket
        self.show_message(f"loaded {title} ({rule})")
        return True

    # Drawing ----------------------------------------------------------------------------------

    def _grid_surface(self):
        """The drawing area as a surface, rebuilt only when the frame, edits or view changed."""
        frame, view = self.stepper.frame, self.view
        key = (tuple(p[0] for p in self.pending), view.size, view.zoom, view.offset,
               self.highlight, self.grid_lines, self._colour_key)
        # The frame is compared by identity and kept alive here: an id() alone could be reused
        # by a later frame once this one is freed, and leave the old picture on screen.
        if frame is not self._cache_frame or key != self._cache_key:
            self._pixels = self._frame_pixels(frame, view)  # the surface borrows it
            surface = self.pg.image.frombuffer(self._pixels, view.size, "RGBX")
            # In the display's own pixel format every later blit of it is a plain copy.
            self._surface = surface.convert() if self.pg.display.get_surface() else surface
            self._cache_key, self._cache_frame = key, frame
        return self._surface

    def _frame_pixels(self, frame, view):
        """The drawing area's (height, width, 4) uint8 pixels for ``frame``. Only the cells the
        view shows are gathered and coloured (at most one per pixel), so a frame costs the same
        on a 64x64 grid as on a 2048x32768 one; on the plane zoomed out, each pixel is the
        highest state under it (see ``universes.cells_seen`` for what that costs)."""
        seen = _view.sight(view)
        previous = None
        if (self.highlight and frame.rule.states == 2 and frame.previous is not None
                and _universes.bounds(frame.previous) == _universes.bounds(frame.grid)):
            # Zoomed out on the plane this compares pixels: one that just lit up is "born".
            previous = _universes.cells_seen(frame.previous, seen)
        codes = _view.display_codes(_universes.cells_seen(frame.grid, seen), previous)
        for _, ys, xs, state in self.pending:  # edits drawn over born/died, as the grid will hold them
            i, j, on_screen = seen.locate(ys, xs)
            codes[i[on_screen], j[on_screen]] = state
        return seen.render(codes, self.colours, self.grid_lines)

    def status_text(self):
        """The status line: generation and population (exact ints, in full however large),
        generations per second (where the driver jumps: the step, 2^k generations a tick, and
        ticks per second), rule (and, for more than two states, the drawing state), driver, and
        the topology and size (on the plane: the live cells' box)."""
        frame, stepper = self.stepper.frame, self.stepper
        target = "max" if stepper.rate == float("inf") else f"{stepper.rate:g}"
        state = "running" if stepper.running else "paused"
        selected = self.select.status()
        pace = "steps/s" if stepper.jumps else "gen/s"
        step = f"step 2^{stepper.exponent}   " if stepper.jumps else ""
        pen = f"draw {self.draw_state}   " if frame.rule.states > 2 else ""
        return (f"gen {frame.generation}   pop {frame.population}   {step}"
                f"{stepper.measured_rate() if stepper.running else 0:.1f} {pace} (target {target})   {frame.rule}   {pen}"
                f"{self.driver_name}   {describe(frame.grid)}   {state}   "
                f"{selected + '   ' if selected else ''}h: help")

    def _draw_status(self, screen, height):
        width = screen.get_width()
        screen.fill((24, 26, 34), (0, height - STATUS_HEIGHT, width, STATUS_HEIGHT))
        text = self.font.render(self.status_text(), True, (210, 214, 224))
        screen.blit(text, (8, height - STATUS_HEIGHT + (STATUS_HEIGHT - text.get_height()) // 2))

    def _draw_why(self, screen, area):
        """The why-panel at the right of the drawing area, and the cell it explains outlined."""
        why = self.why
        picture = self._neighbourhood_picture(why.block)
        panel = self._why_panel.surface(why.lines(), (int(area[0] * PANEL_FRACTION), area[1] - 8), picture)
        y, x = why.cell
        box = self.view.pixel_box(y, y + 1, x, x + 1)
        # In the corner across from the cell, so the panel never hides the cell it explains.
        right, below = box[0] < area[0] / 2, box[1] < area[1] / 2
        screen.blit(panel, (area[0] - panel.get_width() - 4 if right else 4,
                            area[1] - panel.get_height() - 4 if below else 4))
        grow = 2 if box[2] < 6 else 0  # a cell of a few pixels gets a ring round it, not over it
        self.pg.draw.rect(screen, (255, 90, 90), (box[0] - grow, box[1] - grow, box[2] + 2 * grow, box[3] + 2 * grow), 2)

    def _toggle_info(self):
        """The info panel: the pattern's name, comments and rule, and (with the census) what the
        selection, else the whole pattern, is."""
        self.show_info = not self.show_info
        if self.show_info:
            self.identifying.start(self.visible_grid(), self.stepper.frame.rule, self.select.box)

    def _draw_info(self, screen, area):
        lines = info_lines(self.info, self.stepper.frame, self.select.box, self.identifying.lines)
        panel = self._info_panel.surface(lines, (int(area[0] * PANEL_FRACTION), area[1] - 8))
        screen.blit(panel, (4, 4))

    def _draw_browser(self, screen, area):
        chosen = self.browser.chosen()
        fits = max(1, (area[1] - 8 - 20) // (self.font.get_linesize() + 2) - 4)  # rows of names the panel holds
        lines, at = self.browser.lines(self._about_pattern(chosen) if chosen else None, fits)
        panel = self._browser_panel.surface(lines, (int(area[0] * 0.7), area[1] - 8), chosen=at)
        screen.blit(panel, ((area[0] - panel.get_width()) // 2, 4))

    def _about_pattern(self, target):
        """One line on a pattern (or folder) the browser offers: its name, size and first comment
        (read once)."""
        if target not in self._about and Path(target).expanduser().is_dir():
            self._about[target] = f"the folder {target}: Enter opens it"
        if target not in self._about:
            try:
                pattern = read_pattern(find_pattern(target))
                words = (f"{pattern.name or target}: {pattern.width} x {pattern.height}"
                         f"{', rule ' + pattern.rule if pattern.rule else ''}"
                         f"{'; ' + pattern.comments[0] if pattern.comments else ''}")
            except LifesimError as exc:
                words = f"cannot read it: {exc}"
            self._about[target] = words
        return self._about[target]

    def _neighbourhood_picture(self, block):
        key = (block.tobytes(), block.shape, id(self.colours))
        if self._why_picture[0] != key:
            cell_px = max(4, min(16, WHY_PICTURE // block.shape[0]))
            self._why_picture = (key, block_picture(self.pg, block, self.colours, cell_px))
        return self._why_picture[1]

    def _draw_messages(self, screen, bottom):
        with self._messages_lock:
            shown = tuple(self.messages)  # the worker may append while we draw
        lines = [text for text, _ in shown]
        if self.prompt is not None:
            lines.append(f"{self.prompt_kind.label}: {self.prompt}_    {self.prompt_kind.hint}")
        y = bottom - 6
        for text in reversed(lines):
            surface = self.font.render(text, True, (255, 240, 200))
            y -= surface.get_height() + 4
            self._backdrop(screen, (6, y - 2, surface.get_width() + 8, surface.get_height() + 4))
            screen.blit(surface, (10, y))

    def _draw_help(self, screen):
        """Every row of the keys table, in as many columns as the window's height needs, in a
        smaller font when those columns would not fit its width."""
        for font in self._help_fonts():
            rows = [(font.render(k, True, (255, 230, 150)), font.render(v, True, (220, 224, 234)))
                    for k, v in _keys.help_lines()]
            key_w = max(k.get_width() for k, _ in rows) + 18
            row_h = max(k.get_height() for k, _ in rows) + 4
            per_column = max(1, (screen.get_height() - 48) // row_h)
            columns = [rows[i:i + per_column] for i in range(0, len(rows), per_column)]
            widths = [key_w + max(v.get_width() for _, v in column) + 24 for column in columns]
            if sum(widths) + 40 <= screen.get_width():
                break
        box = (12, 12, sum(widths) + 16, row_h * len(columns[0]) + 24)
        self._backdrop(screen, box, 215)
        left = box[0] + 16
        for column, width in zip(columns, widths):
            for i, (k, v) in enumerate(column):
                screen.blit(k, (left, box[1] + 12 + i * row_h))
                screen.blit(v, (left + key_w, box[1] + 12 + i * row_h))
            left += width

    def _help_fonts(self):
        """The window's font, then smaller ones (made once) for a small window's help."""
        if not hasattr(self, "_smaller_fonts"):
            self._smaller_fonts = [self.pg.font.Font(None, size) for size in (16, 13)]
        return [self.font, *self._smaller_fonts]

    def _backdrop(self, screen, rect, alpha=170):
        shade = self.pg.Surface(rect[2:], self.pg.SRCALPHA)
        shade.fill((0, 0, 0, alpha))
        screen.blit(shade, rect[:2])


def _fitted(universe, size):
    """A View of ``universe`` in ``size`` (width, height) pixels, fitted to its ``fit_box``."""
    return _view.View.fitted(_universes.bounds(universe), size, _universes.fit_box(universe),
                             _universes.least_zoom(universe))


def _line(a, b):
    """The cells on the straight line from cell a to cell b, both included (Bresenham), so a fast
    drag leaves no gaps."""
    (y0, x0), (y1, x1) = a, b
    dy, dx = abs(y1 - y0), abs(x1 - x0)
    sy, sx = (1 if y1 > y0 else -1), (1 if x1 > x0 else -1)
    err, cells = dx - dy, []
    while True:
        cells.append((y0, x0))
        if (y0, x0) == (y1, x1):
            return cells
        e2 = 2 * err
        if e2 > -dy:
            err -= dy
            x0 += sx
        if e2 < dx:
            err += dx
            y0 += sy


# The command line's entry points --------------------------------------------------------------

def run_window(spec, grid, rule, title, pattern=None, browse=None):
    """The window for a RunSpec (``pattern``: the Pattern it starts from, for the info panel;
    ``browse``: a folder or zip archive to show in the browser at once); raises
    WindowUnavailable when none can open here."""
    reason = unavailable_reason()
    if reason:
        raise WindowUnavailable(reason)
    watcher = watcher_for(spec, rule)  # a watch without a rule file fails here, before a window opens
    spec.check_outputs(rule)  # and so does a bad output name: not after the person's session
    start = pattern.generation if pattern is not None else 0  # the file's own generation, as in Golly
    with spec.open_driver() as driver:
        sim = Simulation(grid, rule, driver, start)
        recorder = spec.outputs.recorder(sim)
        if recorder:
            sim.observers.append(recorder)  # a loaded pattern's simulation inherits it
        stop_at = None if spec.generations is None else start + spec.generations
        window = Window(sim, title, driver.name, stop_at=stop_at, watcher=watcher,
                        info=PatternInfo.of_pattern(pattern, title) if pattern is not None else None)
        if browse is not None:
            window.open_named(str(browse))
        try:
            window.run()
        finally:  # outputs and the driver's close must not race a generation still running
            window.close(wait=True)
        sim, title = window.stepper.sim, window.title  # the pattern on screen when it closed
        written = spec.outputs.write(sim, title, recorder)
    if written:
        print(f"{title}: generation {sim.generation}, population {sim.population}; "
              f"wrote {', '.join(written)}")
    return 0


def take_screenshot(spec, grid, rule, title, pattern=None):
    """Draw the window's view after ``spec.generations`` (default 0), fitted (``f``) to the pattern
    then, to ``spec.screenshot``, and return."""
    path = check_output_path("screenshot", spec.screenshot, (".png",))
    _pygame()  # no pygame: WindowUnavailable, a one-line error
    # No real window is needed to draw one: SDL's dummy driver renders the same pixels off screen.
    old = os.environ.get("SDL_VIDEODRIVER")
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    try:
        with spec.open_driver() as driver:
            sim = Simulation(grid, rule, driver, pattern.generation if pattern is not None else 0)
            info = PatternInfo.of_pattern(pattern, title) if pattern is not None else None
            with Window(sim, title, driver.name, running=False, threaded=False, info=info) as window:
                window.stepper.step(spec.generations or 0)
                window.stepper.wait_idle()
                if window.stepper.failure is not None:  # as headless: one line, exit 2, no picture
                    raise window.stepper.failure
                window.update()
                window._fit()  # the pattern as it is now: after 2^40 generations it is far past the start's box
                window.screenshot(path)
    finally:
        if old is None:
            os.environ.pop("SDL_VIDEODRIVER", None)
        else:
            os.environ["SDL_VIDEODRIVER"] = old
    print(f"{title}: generation {sim.generation}, population {sim.population}; screenshot {path}")
    return 0
