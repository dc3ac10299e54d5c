"""Lines of mixed scripts and directions: what a TextBlock (``para.py``) needs beyond Latin text.

A paragraph's embedding levels are resolved once, on its logical text (``bidi.py``); a note number is an
isolate, so that it follows the word it is set after, whichever way that word runs. The lines are broken
on the logical text, with shaped widths (``lines.py``, ``shaping.py``). Then each line is cut where its
level changes, and the pieces are put in visual order by rule L2: a right-to-left name that wraps reads
right to left on each line, its first words on the first line.

Pieces that need it (right-to-left, Arabic script, marks, Indic scripts) are shaped by HarfBuzz and set
glyph by glyph; others are set as text. Pieces in a script the dossier names a language for
(``script_languages``) are marked content with that ``/Lang``.
"""

from __future__ import annotations

from typing import NamedTuple

from ...fonts.scripts import BIDI_CONTROLS, language_of, needs_shaping, paragraph_rtl
from .bidi import LRI, PDI, levels, visual_order
from .lines import BREAK
from .rlinternals import begin_span, end_span, record, show_glyphs, text_out, unrecorded
from .shaping import Shaper
from .textstate import LineLinks, set_text_state


class Piece(NamedTuple):
    run: int
    text: str
    level: int  # its own: odd runs right to left
    place: int  # the level it is ordered at: a note number's is its isolate's, so it stays by its word


class Laid(NamedTuple):
    pieces: list  # (Piece, width, glyphs or None, its place in logical order), in visual order
    width: float


class Mixed:
    """How one paragraph's lines are ordered and shaped: its base direction and its levels."""

    def __init__(self, shaper: Shaper, document_rtl: bool, languages: dict[str, str]):
        self.shaper, self.document_rtl, self.languages = shaper, document_rtl, languages
        self.rtl = document_rtl
        self._levels: list[int] | None = None
        self._offsets: list[int] = []
        self._isolated: dict[int, int] = {}  # run -> the level of the isolate around it (note numbers)

    def start(self, runs, texts) -> None:
        """Resolve the paragraph's direction and levels from its runs' texts (as ``lines.words_of`` keeps them)."""
        parts, offsets, at = [], [], 0
        for run, text in zip(runs, texts):
            if text is None:
                text = " "
            note = run[4] != 0  # a raised run: a note number
            if note:
                parts.append(LRI)
                at += 1
            offsets.append(at)
            parts.append(text)
            at += len(text)
            if note:
                parts.append(PDI)
                at += 1
        joined = "".join(parts)
        self.rtl = paragraph_rtl(joined, self.document_rtl)
        self._levels, self._offsets = levels(joined, self.rtl), offsets
        self._isolated = {i: self._levels[offsets[i] - 1] for i, run in enumerate(runs)
                          if run[4] != 0 and run[0] is not None}

    def _levels_of(self, run: int, start: int | None, text: str) -> list[int]:
        if start is None or self._levels is None:
            return levels(text, self.rtl)
        at = self._offsets[run] + start
        return self._levels[at:at + len(text)]

    def layout(self, runs, words) -> Laid:
        """A line's words as pieces in visual order, each measured (and shaped where it must be)."""
        pieces: list[Piece] = []
        words = [w for w in words if w is not BREAK and w[1]]
        last = len(words) - 1
        for k, word in enumerate(words):
            for run, text, _, start in word[1]:
                lv = self._levels_of(run, start, text)
                j = 0
                while j < len(text):
                    m = j + 1
                    while m < len(text) and lv[m] == lv[j]:
                        m += 1
                    pieces.append(Piece(run, text[j:m], lv[j], self._isolated.get(run, lv[j])))
                    j = m
            if k != last and word[2]:
                run, text, _, start = word[1][-1]
                if run == word[4] and start is not None:
                    lv = self._levels_of(run, start + len(text), " ")
                else:
                    lv = self._levels_of(word[4], 0, " ")
                level = lv[0] if lv else int(self.rtl)
                pieces.append(Piece(word[4], " ", level, level))
        pieces = [p._replace(text=p.text.translate(BIDI_CONTROLS)) for p in pieces]  # they print nothing
        order = [i for i in visual_order([p.place for p in pieces]) if pieces[i].text]
        out, width = [], 0.0
        for i in order:
            p = pieces[i]
            _, font, size, *_ = runs[p.run]
            rtl = p.level % 2 == 1
            if not self.shaper.shapes(font):  # a standard font (code in Courier): its letters, reversed if need be
                w = self.shaper.plain_width(p.text, font, size)
                out.append((p, w, None, i))
                width += w
            elif rtl or needs_shaping(p.text):
                shaped = self.shaper.shape(p.text, font, size, rtl)
                out.append((p, shaped.width, shaped.glyphs, i))
                width += shaped.width
            else:
                w = self.shaper.plain_width(p.text, font, size)
                out.append((p, w, None, i))
                width += w
        return Laid(out, width)

    def draw(self, block, tx, state, laid: Laid, x: float, y: float, links: list) -> None:
        """Set a laid-out line from ``x``: fonts, colours and rises changed as the pieces need, links
        collected as in ``TextBlock._draw_line``. Neighbouring shaped pieces set alike go out as one string
        of glyphs: extractors that reverse right-to-left text do it string by string (pypdf)."""
        drawn: dict[int, str] = {}  # what was set, by place in logical order
        with unrecorded():
            self._draw(block, tx, state, laid, x, y, links, drawn)
        record("".join(drawn[i] for i in sorted(drawn)))  # for writers/verify.py, in logical order

    def _draw(self, block, tx, state, laid: Laid, x: float, y: float, links: list, drawn: dict) -> None:
        runs = block.runs
        line = LineLinks(links, y)
        lang_open = None
        # In a tagged PDF, a run of another language is a Span element of the paragraph's (its /Lang; a
        # right-to-left one also its text in logical order, /ActualText); else marked content with its /Lang.
        tags = getattr(block.canv, "tags", None)
        span: list = [None, [], False]  # the open Span element, its pieces (place, text), whether right to left

        def open_span(lang: str) -> None:
            span[0] = tags.open_span(tx, lang) if tags is not None else None
            span[1], span[2] = [], False
            if span[0] is None:
                begin_span(tx, lang)

        def close_span() -> None:
            if span[0] is None:
                end_span(tx)
                return
            text = "".join(t for _, t in sorted(span[1]))
            tags.close_span(tx, span[0], text if span[2] else None)
            span[0] = None

        def in_span(index: int, piece) -> None:
            if lang_open:
                span[1].append((index, piece.text))
                span[2] = span[2] or piece.level % 2 == 1
        batch: list = []  # glyphs of neighbouring shaped pieces set alike: (char, x, rise, hidden)
        batch_pieces: list[tuple[int, str]] = []
        origin = x

        def flush():
            if batch:
                show_glyphs(tx, state[1], batch)
                drawn.update(batch_pieces)
                batch.clear()
                batch_pieces.clear()

        for piece, w, glyphs, index in laid.pieces:
            _, font, size, colour, rise, link = runs[piece.run]
            colour = colour or block.style.textColor
            if batch and glyphs is not None and not piece.text.strip() and (rise, colour) == tuple(state[2:][::-1]):
                # a space between two right-to-left words, in the main font: set in theirs, in one string
                batch.append((" ", x - origin, 0.0, False))
                batch_pieces.append((index, piece.text))
                in_span(index, piece)
                x += w
                continue
            lang = self._language(piece.text)
            same = state[0] == font and state[1] == size and state[2] == colour and state[3] == rise
            if not same or lang != lang_open or glyphs is None:
                flush()
            if lang != lang_open:
                if lang_open:
                    close_span()
                if lang:
                    open_span(lang)
                lang_open = lang
            in_span(index, piece)
            set_text_state(tx, state, font, size, colour, rise)
            if glyphs is None:
                tx.setTextOrigin(x, y)
                text_out(tx, piece.text[::-1] if piece.level % 2 else piece.text)  # a standard font's, reversed
                drawn[index] = piece.text
            else:
                if not batch:
                    origin = x
                    tx.setTextOrigin(x, y)
                batch.extend((g.char, x - origin + g.x, g.dy, g.hidden) for g in glyphs)
                batch_pieces.append((index, piece.text))
            line.add(link, x, x + w, rise, size, ink=piece.text != " ")
            x += w
        flush()
        if lang_open:
            close_span()
        line.close()

    def _language(self, text: str) -> str | None:
        return language_of(text, self.languages) if self.languages else None
