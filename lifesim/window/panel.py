"""Panels of text over the grid (why, info, the pattern browser), drawn once and kept.

A panel is a list of lines and, beside them, an optional picture (the why-panel's neighbourhood
drawn small). ``Panel.surface`` renders it to one translucent surface and keeps it until its
lines or picture change, so an open panel costs one blit a frame, not a font render per line.
Long lines wrap to the width given, long lists keep their head and tail. pygame is passed
in (``pg``), never imported here.
"""

import numpy as np

BACKDROP = (0, 0, 0, 205)
TEXT = (220, 224, 234)
TITLE = (255, 230, 150)
CHOSEN = (255, 240, 200)  # a highlighted line (the browser's choice)
PAD = 10  # pixels round the text
GAP = 12  # between the picture and the text
TAIL = 3  # lines kept at the end of a list too long to show whole


class Panel:
    """One panel; ``surface(lines, ...)`` gives its picture, cached by its inputs."""

    def __init__(self, pg, font):
        self.pg, self.font = pg, font
        self._key = None
        self._surface = None

    def surface(self, lines, max_size, picture=None, chosen=None):
        """A translucent surface of ``lines`` (strings; the first a title) fitting ``max_size``
        (width, height) pixels, ``picture`` (a surface, or None) to the right of the title;
        line number ``chosen`` highlighted. Rebuilt only when an input changed."""
        key = (tuple(lines), tuple(max_size), id(picture), chosen)
        if key != self._key:
            self._surface = self._render(list(lines), max_size, picture, chosen)
            self._key = key
        return self._surface

    def _render(self, lines, max_size, picture, chosen):
        pg, font = self.pg, self.font
        max_w, max_h = max_size
        row_h = font.get_linesize() + 2
        pic_w, pic_h = picture.get_size() if picture is not None else (0, 0)
        text_w = max(40, max_w - 2 * PAD - (pic_w + GAP if picture is not None else 0))
        fits = max(2, (max_h - 2 * PAD) // row_h)
        rows = [(i, piece) for i, line in enumerate(lines) for piece in _wrapped(font, line, text_w)]
        shown = _shortened(rows, fits)
        renders = []
        for i, line in shown:
            colour = TITLE if i == 0 else CHOSEN if i == chosen else TEXT
            renders.append(font.render(line, True, colour))
        width = min(max_w, 2 * PAD + max((r.get_width() for r in renders), default=0)
                    + (pic_w + GAP if picture is not None else 0))
        height = min(max_h, 2 * PAD + max(row_h * len(renders), pic_h))
        surface = pg.Surface((max(1, width), max(1, height)), pg.SRCALPHA)
        surface.fill(BACKDROP)
        for k, render in enumerate(renders):
            if chosen is not None and shown[k][0] == chosen:
                surface.fill((60, 64, 90, 230), (PAD // 2, PAD + k * row_h - 1, width - PAD, row_h))
            surface.blit(render, (PAD, PAD + k * row_h))
        if picture is not None:
            surface.blit(picture, (width - PAD - pic_w, PAD))
        return surface


def _shortened(numbered, fits):
    """At most ``fits`` of the (line number, text) rows: the head, a count of those left out, the tail."""
    if len(numbered) <= fits:
        return numbered
    head = max(1, fits - TAIL - 1)
    tail = max(0, fits - head - 1)
    left_out = len(numbered) - head - tail
    return numbered[:head] + [(-1, f"... {left_out} more lines ...")] + (numbered[-tail:] if tail else [])


def _wrapped(font, line, width):
    """``line`` as pieces of at most ``width`` pixels in ``font``: broken after spaces where it
    can be, the pieces after the first indented."""
    pieces, indent = [], ""
    while font.size(indent + line)[0] > width and len(line) > 1:
        fit = max(1, _longest_fit(font, indent + line, width) - len(indent))  # always one character on
        space = line.rfind(" ", 0, fit + 1)
        cut = space + 1 if space > fit // 2 else fit
        pieces.append(indent + line[:cut].rstrip())
        line, indent = line[cut:].lstrip(), "    "
    return pieces + [indent + line]


def _longest_fit(font, line, width):
    lo, hi = 1, len(line)
    while lo < hi:  # the longest prefix that fits
        mid = (lo + hi + 1) // 2
        if font.size(line[:mid])[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def block_picture(pg, block, colours, cell_px):
    """A surface of ``block`` ((n, n) states) drawn ``cell_px`` pixels a cell in ``colours`` (the
    window's palette, (N, 4) uint8), the centre cell outlined: a neighbourhood drawn small."""
    n_rows, n_cols = block.shape
    rgb = colours[np.asarray(block, np.intp)][:, :, :3]
    big = np.repeat(np.repeat(rgb, cell_px, axis=0), cell_px, axis=1)
    big[::cell_px, :] = (60, 64, 78)  # a line between cells, so equal neighbours stay countable
    big[:, ::cell_px] = (60, 64, 78)
    surface = pg.surfarray.make_surface(np.ascontiguousarray(big.transpose(1, 0, 2)))
    cy, cx = n_rows // 2, n_cols // 2
    pg.draw.rect(surface, (255, 90, 90), (cx * cell_px, cy * cell_px, cell_px + 1, cell_px + 1), 2)
    return surface
