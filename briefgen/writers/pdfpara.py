"""Paragraphs of styled runs, broken into lines and drawn here instead of by ReportLab's ``Paragraph``.

A cited paragraph is several runs of text (the text, then a superscript note number linking to its note),
and ReportLab's ``Paragraph`` sets such a paragraph by a path about four times slower than one run: it
parses the markup, breaks the lines fragment by fragment, and draws them fragment by fragment. At 1,000
findings that path was most of the PDF stage.

``TextBlock`` takes the runs already styled (text, font, size, colour, rise, link), so nothing is parsed.
It breaks the lines by ReportLab's own rule, so a paragraph breaks where ReportLab would break it: words are
separated by ReportLab's breaking white space (a no-break space joins); lines fill greedily, and a line may
run over its measure by ``spaceShrinkage`` of its spaces' width; a word wider than a whole line is split
between characters, its first part filling what is left of the line. It splits across pages as ReportLab
does (``allowOrphans``, ``allowWidows``), draws each paragraph in one text object, and links its link runs
(``#name`` inside the document, else a URL) with ReportLab's link rectangles. A bullet (the number of a
note) and named anchors are set as ReportLab sets them.

What it does not do (justified lines, hyphenation, shaping, right-to-left text, other scripts' fonts)
stays with ReportLab's ``Paragraph``; ``pdf.py`` chooses.

Two of ReportLab's own inconsistencies are not copied, so a line could break differently in these cases,
neither of which briefgen's paragraphs produce: a word that begins with a superscript and holds its space
is measured by ReportLab with the superscript's size for that space; and two neighbouring fragments set
alike (from two tags) give an empty word whose space counts twice toward the overrun allowed. Here a space
is measured in the font it is set in, and ``pdf.spans`` makes neighbours set alike one run.
"""

from __future__ import annotations

import re

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.flowables import Flowable
from reportlab.rl_config import _FUZZ

ALIGNMENTS = (TA_LEFT, TA_CENTER, TA_RIGHT)
# ReportLab's breaking white space: ASCII and Unicode spaces, but not the no-break space U+00A0, which
# joins the words on either side. ReportLab's own list where it has one, else the same list.
_WHITE = getattr(_rl_paragraph, "_wsc", None) or (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
_SPLIT = re.compile(f"([{re.escape(_WHITE)}]+)").split
BREAK = None  # a forced line break in a paragraph's word list
# ReportLab's own "cheap textOut", which its Paragraph uses: each line's origin is set, so the cursor need
# not be followed (textOut measures every string to follow it).
_text_out = getattr(PDFTextObject, "_textOut", PDFTextObject.textOut)


class Widths:
    """Advance widths of text in one document's fonts, each text measured once per font and size."""

    def __init__(self):
        self._tables: dict[tuple[str, float], dict[str, float]] = {}

    def table(self, font: str, size: float) -> dict[str, float]:
        key = (font, size)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = {}
        return table

    def __call__(self, text: str, font: str, size: float) -> float:
        table = self.table(font, size)
        width = table.get(text)
        if width is None:
            width = table[text] = getFont(font).stringWidth(text, size)
        return width


def words_of(runs, widths: Widths) -> tuple[list, list]:
    """The runs as words, and each run's text with its white space made one space (None for a line break).

    A word is (width, pieces, width of the space after it or 0, may be split, run of that space), a piece
    (run index, text, width, where the text starts in its run's text or None); ``BREAK`` is a line break.
    A word goes on across runs until white space: a note number set right after its word stays with it. A
    space is measured and set in the font of the run it is in, as ReportLab does."""
    words: list = []
    texts: list = []
    pieces: list = []  # of the word being read, which may go on into the next run
    width = 0.0
    for i, run in enumerate(runs):
        text = run[0]
        if text is None:
            texts.append(None)
            if pieces:
                words.append((width, tuple(pieces), 0.0, True, None))
                pieces, width = [], 0.0
            words.append(BREAK)
            continue
        font, size = run[1], run[2]
        table = widths.table(font, size)
        get = table.get
        measure = getFont(font).stringWidth
        parts = _SPLIT(text)  # word, white space, word, ... (the first and last may be empty)
        texts.append(" ".join(parts[::2]))
        first = parts[0]
        if first:
            w = get(first)
            if w is None:
                w = table[first] = measure(first, size)
            pieces.append((i, first, w, 0))
            width += w
        if len(parts) == 1:
            continue
        space = widths(" ", font, size)
        if pieces:
            words.append((width, tuple(pieces), space, True, i))
        at = len(first) + 1
        append = words.append
        for part in parts[2:-1:2]:
            w = get(part)
            if w is None:
                w = table[part] = measure(part, size)
            append((w, ((i, part, w, at),), space, True, i))
            at += len(part) + 1
        last = parts[-1]
        if last:
            w = get(last)
            if w is None:
                w = table[last] = measure(last, size)
            pieces, width = [(i, last, w, at)], w
        else:
            pieces, width = [], 0.0
    if pieces:
        words.append((width, tuple(pieces), 0.0, True, None))
    return words, texts


def _split_word(word, runs, widths: Widths, room: float, next_width: float) -> list:
    """A word too wide for a line, cut between characters: the first part fills ``room``, each later part a
    line of ``next_width`` (ReportLab's ``_splitFragWord``). A part ends the line it is on; the last keeps the
    word's space."""
    parts, pieces, part_width, line_width, limit = [], [], 0.0, 0.0, room
    for i, text, *_ in word[1]:
        _, font, size, *_ = runs[i]
        for c in text:
            cw = widths(c, font, size)
            if line_width + cw > limit and (part_width or cw <= next_width):
                parts.append((part_width, tuple(pieces), 0.0, False, None))
                parts.append(BREAK)
                pieces, part_width, line_width, limit = [], 0.0, 0.0, next_width
            if pieces and pieces[-1][0] == i:
                pieces[-1] = (i, pieces[-1][1] + c, pieces[-1][2] + cw, None)
            else:
                pieces.append((i, c, cw, None))
            part_width += cw
            line_width += cw
    parts.append((part_width, tuple(pieces), word[2], False, word[4]))
    return parts


def break_lines(words: list, runs, widths: Widths, max_widths: tuple[float, float], shrink: float):
    """The words (a new list if a word too long for a line was split) and the lines as (first word, end
    word, width), filled greedily; see the module docstring."""
    lines = []
    copied = False
    start = i = 0
    max_width = max_widths[0]
    current = pending = spaces = 0.0
    count = 0
    while i < len(words):
        word = words[i]
        if word is BREAK:
            lines.append((start, i, current))
            start = i + 1
            max_width = max_widths[1]
            current = pending = spaces = 0.0
            count = 0
            i += 1
            continue
        width, _, space, splittable, _ = word
        new = current + pending + width if width > 0 else current
        limit = max_width + shrink * (spaces + pending)
        if new > limit:
            if splittable and width > max_width:
                if not copied:
                    words, copied = list(words), True
                words[i:i + 1] = _split_word(word, runs, widths, max_width - pending - current, max_widths[1])
                continue
            if count:
                lines.append((start, i, current))
                start = i
                max_width = max_widths[1]
                current, pending, spaces, count = width, space, 0.0, 1
                i += 1
                continue
        current = new
        spaces += pending
        pending = space
        count += 1
        i += 1
    if start < len(words):
        lines.append((start, len(words), current))
    return words, lines


class TextBlock(Flowable):
    """A paragraph of runs ``(text, font, size, colour or None, rise, link or None)`` in a ParagraphStyle
    (its indents, leading, spacing, alignment, widow and orphan control, bullet font). ``anchors`` are names
    that links may point to; ``outline`` is what the document template puts in the PDF outline. ``bullet``
    is set as ReportLab sets a paragraph's bullet (a note's number); ``marker`` (text, x, rise, font, size)
    as its ListFlowable sets a list item's bullet or number: in black, at x from the paragraph's left edge,
    raised from its first line, without moving the text."""

    def __init__(self, runs, style, widths: Widths, bullet: str | None = None, anchors=(), outline=None,
                 parsed=None, first_indent=None, marker=None):
        super().__init__()
        self.runs, self.style, self._widths = runs, style, widths
        self.bullet, self.anchors, self.outline, self.marker = bullet, tuple(anchors), outline, marker
        self._words, self._texts = words_of(runs, widths) if parsed is None else parsed
        self._first_indent = style.firstLineIndent if first_indent is None else first_indent
        self._wrapped = None  # (width, words, lines)
        self.notes = self._notes(parsed is None)

    def _notes(self, whole: bool) -> list[int]:
        """The numbers of the notes this paragraph (or this part of one) links to, in order."""
        runs = self.runs
        if whole:
            links = [r[5] for r in runs if r[5] and r[5].startswith("#note-")]
        else:
            links = [runs[p[0]][5] for w in self._words if w is not BREAK for p in w[1]]
            links = [link for link in links if link and link.startswith("#note-")]
        found: list[int] = []
        for link in links:
            n = int(link[6:])
            if n not in found:
                found.append(n)
        return found

    def getPlainText(self, identify=None) -> str:
        return " ".join("".join(p[1] for p in w[1]) for w in self._words if w is not BREAK)

    def _bullet_width(self) -> float:
        st = self.style
        return self._widths(self.bullet, st.bulletFontName, st.bulletFontSize) if self.bullet else 0.0

    def _max_widths(self, avail: float) -> tuple[float, float]:
        st = self.style
        later = avail - st.leftIndent - st.rightIndent
        first = later - self._first_indent
        if self.bullet:  # a bullet running past the indent takes room from the first line (as ReportLab)
            end = st.bulletIndent + self._bullet_width() + 0.6 * st.bulletFontSize
            indent = st.leftIndent + self._first_indent
            if end > indent:
                first -= end - indent
        return first, later

    def _lines(self, avail: float) -> tuple[list, list]:
        """The words as broken for this width (long words split) and the lines."""
        if self._wrapped is None or self._wrapped[0] != avail:
            self._wrapped = (avail, *break_lines(self._words, self.runs, self._widths, self._max_widths(avail),
                                                 self.style.spaceShrinkage))
        return self._wrapped[1:]

    def wrap(self, availWidth, availHeight):
        if availWidth < _FUZZ:
            return 0, 0x7FFFFFFF
        self.width = availWidth
        self.height = len(self._lines(availWidth)[1]) * self.style.leading
        return self.width, self.height

    def minWidth(self) -> float:
        st = self.style
        return max((w[0] for w in self._words if w is not BREAK), default=0.0) + st.leftIndent + st.rightIndent

    def split(self, availWidth, availHeight):
        if not self._words or availWidth < _FUZZ or availHeight < _FUZZ:
            return []
        st = self.style
        words, lines = self._lines(availWidth)
        fit = int(availHeight / float(st.leading))
        if (not st.allowOrphans and fit <= 1) or fit == 0:
            return []
        n = len(lines)
        if n <= fit:
            return [self]
        if not st.allowWidows and n == fit + 1:  # one line would be left alone on the next page
            if not ((st.allowOrphans and n == 3) or n > 3):
                return []
            fit -= 1
        cut = lines[fit][0]
        head = words[:lines[fit - 1][1]]  # without a line break that ended the last line
        first = TextBlock(self.runs, st, self._widths, self.bullet, self.anchors, self.outline,
                          (head, self._texts), self._first_indent, self.marker)
        first._wrapped = (availWidth, head, lines[:fit])
        rest = TextBlock(self.runs, st, self._widths, parsed=(words[cut:], self._texts), first_indent=0)
        return [first, rest]

    def draw(self):
        words, lines = self._lines(self.width)
        if not lines:
            return
        canv, st, runs = self.canv, self.style, self.runs  # drawOn has saved the canvas state
        leading = st.leading
        sizes = [runs[p[0]][2] for w in words[lines[0][0]:lines[0][1]] if w is not BREAK for p in w[1]]
        y = self.height - max(sizes, default=st.fontSize)
        offset = self._first_indent
        if self.bullet:
            offset = self._draw_bullet(canv, offset, y)
        if self.marker:
            label, x, dy, font, size = self.marker
            canv.setFont(font, size)
            canv.setFillColor(black)
            canv.drawString(x, y + dy, label)
        left = st.leftIndent
        for name in self.anchors:
            canv.bookmarkHorizontal(name, left + offset, y + leading)
        tx = canv.beginText(left, y)
        state = [None, None, st.textColor, 0]  # font, size, colour, rise set in the text object
        tx.setFillColor(st.textColor)
        links = []
        for n, (start, end, width) in enumerate(lines):
            x = left + (offset if n == 0 else 0.0)
            if st.alignment != TA_LEFT:
                extra = self._max_widths(self.width)[min(n, 1)] - width
                x += extra if st.alignment == TA_RIGHT else extra / 2
            tx.setTextOrigin(x, y)
            self._draw_line(tx, state, words[start:end], width, x, y, links)
            y -= leading
        canv.drawText(tx)
        for link, rect in links:
            if link.startswith("#") and _DIRECT_LINKS:
                canv._addAnnotation(_DocumentLink(canv._absRect(rect, 1), canv._bookmarkReference(link[1:])))
            elif link.startswith("#"):
                canv.linkRect("", link[1:], rect, relative=1)
            else:
                canv.linkURL(link, rect, relative=1, kind="URI")

    def _draw_line(self, tx, state, words, width, x, y, links) -> None:
        """One line: runs merged where they touch, set with as few changes of font, colour and rise as it
        takes; the link rectangles of the line collected (one per link, from ReportLab's rule: from 0.2 of
        the size below the raised baseline to the size above it)."""
        runs = self.runs
        words = [w for w in words if w is not BREAK and w[1]]  # a split word's first part may be empty
        if not words:
            return
        head, tail = words[0][1][0], words[-1][1][-1]
        if head[0] == tail[0] and head[3] is not None and tail[3] is not None:
            # All in one run (most lines): the line is a stretch of that run's text.
            segments = [(head[0], self._texts[head[0]][head[3]:tail[3] + len(tail[1])], width, width)]
        else:
            segments = self._segments(words)
        link_open = None  # [link, x1, x2, lo, hi]
        for i, text, w, inked in segments:
            _, font, size, colour, rise, link = runs[i]
            if state[0] != font or state[1] != size:
                tx.setFont(font, size)
                state[0], state[1] = font, size
            colour = colour or self.style.textColor
            if state[2] != colour:
                tx.setFillColor(colour)
                state[2] = colour
            if state[3] != rise:
                tx.setRise(rise)
                state[3] = rise
            _text_out(tx, text)
            if link_open and link_open[0] != link:
                links.append((link_open[0], (link_open[1], y + link_open[3], link_open[2], y + link_open[4])))
                link_open = None
            if link:
                lo, hi = rise - 0.2 * size, rise + size
                if link_open is None:
                    link_open = [link, x, x + inked, lo, hi]
                else:
                    link_open[2] = x + inked
                    link_open[3], link_open[4] = min(lo, link_open[3]), max(hi, link_open[4])
            x += w
        if link_open:
            links.append((link_open[0], (link_open[1], y + link_open[3], link_open[2], y + link_open[4])))

    @staticmethod
    def _segments(words) -> list[list]:
        """A line's text cut where its run changes: [run index, text, width, width without a trailing
        space], a space between words going with the run it is in."""
        segments: list[list] = []
        last = len(words) - 1
        for k, word in enumerate(words):
            for i, text, w, _ in word[1]:
                if segments and segments[-1][0] == i:
                    seg = segments[-1]
                    seg[1] += text
                    seg[2] += w
                    seg[3] = seg[2]
                else:
                    segments.append([i, text, w, w])
            if k != last and word[2]:
                if segments[-1][0] == word[4]:
                    seg = segments[-1]
                    seg[1] += " "
                    seg[2] += word[2]
                else:
                    segments.append([word[4], " ", word[2], 0.0])
        return segments

    def _draw_bullet(self, canv, offset: float, y: float) -> float:
        st = self.style
        y += getattr(st, "bulletOffsetY", 0)
        tx = canv.beginText(st.bulletIndent, y)
        tx.setFont(st.bulletFontName, st.bulletFontSize)
        tx.setFillColor(getattr(st, "bulletColor", None) or st.textColor)
        tx.textOut(self.bullet)
        canv.drawText(tx)
        end = st.bulletIndent + self._bullet_width() + st.bulletFontSize * 0.6
        return max(offset, end - st.leftIndent)


class _DocumentLink(pdfdoc.PDFObject):
    """A link to a named place in the document (a note): the annotation ``canvas.linkRect`` adds, in the
    same bytes, written directly instead of through ReportLab's general dictionary and array objects, whose
    formatting was a third of the cost of saving a brief with two thousand note links."""

    __slots__ = ("rect", "destination")

    def __init__(self, rect, destination):
        self.rect, self.destination = rect, destination

    def format(self, document) -> bytes:
        return b"<<\n/Border [ 0 0 0 ] /Contents () /Dest %s /Rect [ %s ] /Subtype /Link /Type /Annot\n>>" % (
            pdfdoc.format(self.destination, document), fp_str(*self.rect).encode("ascii"))


# What _DocumentLink is added with: the canvas's own steps in linkRect (ReportLab 4 and 5); without them,
# linkRect itself.
_DIRECT_LINKS = all(hasattr(Canvas, name) for name in ("_addAnnotation", "_absRect", "_bookmarkReference"))
