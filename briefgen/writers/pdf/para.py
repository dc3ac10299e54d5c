"""Paragraphs of styled runs, broken into lines and drawn here instead of by ReportLab's ``Paragraph``.

A cited paragraph is several runs of text (the text, then a superscript note number linking to its note),
and ReportLab's ``Paragraph`` sets such a paragraph by a path about four times slower than one run: it
parses the markup, breaks the lines fragment by fragment, and draws them fragment by fragment. At 1,000
findings that path was most of the PDF stage.

``TextBlock`` takes the runs already styled (text, font, size, colour, rise, link), so nothing is parsed. It
breaks the lines by ReportLab's own rule (``lines.py``), splits across pages as ReportLab does (orphans,
widows), draws each paragraph in one text object, and links its link runs (``#name`` inside the document,
else a URL) with ReportLab's link rectangles. A note's number and named anchors are set as ReportLab does.

Text of other scripts and directions (fonts per script, HarfBuzz shaping, the bidirectional algorithm
applied line by line) is laid out by ``mixed.py`` for the same TextBlock. What it does not do (justified
lines, hyphenation at soft hyphens) stays with ReportLab's ``Paragraph``; ``blocks.py`` chooses.
"""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.platypus.flowables import Flowable

from .bidi import display
from .lines import BREAK, Widths, break_lines, words_of
from .rlinternals import FUZZ, fill_colour, link_to_anchor, paragraph, text_out
from .tags import Tagged
from .textstate import LineLinks, set_text_state

ALIGNMENTS = (TA_LEFT, TA_CENTER, TA_RIGHT)


class _InPlace(Flowable):
    """A flowable drawn where it stands without moving the origin: ``draw`` adds ``_at`` to every position it
    sets. ReportLab's ``drawOn`` translates the canvas for each flowable, which cost about 2% of a layout
    (a matrix product and a formatted ``cm`` operator per paragraph). The graphics state is still saved and
    restored around it (``q``, ``Q``): a text object's colour, font and rise outlive its ``ET``. The canvas's
    own record of its state is saved too only where ``draw`` changes it (``changes_canvas``: a list item's
    marker is drawn with the canvas's font and colour); copying it for every paragraph was 1.6% of a layout."""

    _at = (0.0, 0.0)  # where the flowable's lower left corner is, in the canvas's current coordinates
    changes_canvas = True

    def drawOn(self, canvas, x, y, _sW=0):
        self._at = (self._hAlignAdjust(x, _sW), y)
        whole = self.changes_canvas
        if whole:
            canvas.saveState()
        else:
            canvas._code.append("q")
        paragraph(self.runs)  # its parts on other pages are read with it (writers/verify.py)
        try:
            self._drawOn(canvas)
        finally:
            paragraph(None)
            if whole:
                canvas.restoreState()
            else:
                canvas._code.append("Q")
            del self._at


class TextBlock(Tagged, _InPlace):
    """A paragraph of runs ``(text, font, size, colour or None, rise, link or None)`` in a ParagraphStyle
    (its indents, leading, spacing, alignment, widow and orphan control, bullet font). ``anchors`` are names
    that links may point to; ``outline`` is what the document template puts in the PDF outline. ``bullet``
    is set as ReportLab sets a paragraph's bullet (a note's number); ``marker`` (text, x, rise, font, size)
    as its ListFlowable sets a list item's bullet or number: in black, at x from the paragraph's left edge,
    raised from its first line, without moving the text."""

    def __init__(self, runs, style, widths: Widths, bullet: str | None = None, anchors=(), outline=None,
                 parsed=None, first_indent=None, marker=None, mixed=None):
        super().__init__()
        self.runs, self.style, self._widths = runs, style, widths
        self.bullet, self.anchors, self.outline, self.marker = bullet, tuple(anchors), outline, marker
        self._parsed = parsed  # (words, texts): made when first needed, by words_of
        self.mixed = mixed  # a Mixed (mixed.py) for text of other scripts or directions, else None
        if mixed is not None and parsed is None:
            mixed.start(runs, self._texts)
        self._first_indent = style.firstLineIndent if first_indent is None else first_indent
        self._wrapped = None  # (width, words, lines)
        self._whole = parsed is None  # not a part of a split paragraph: its words can be made again
        self.notes = self._notes(parsed is None)

    _words = property(lambda self: self._parse()[0])  # the words (``lines.words_of``)
    _texts = property(lambda self: self._parse()[1])  # each run's text, its white space made one space

    def _parse(self) -> tuple:
        """Words made when the paragraph is first measured: a story's paragraphs are all made before the first
        page is set, and their words held from then on were most of the PDF writer's memory (about 60 MB at
        1,000 findings); made as the pages need them, a drawn paragraph's words go with it."""
        if self._parsed is None:
            self._parsed = words_of(self.runs, self._widths)
        return self._parsed

    def release(self) -> None:
        """Forget the words and lines of a drawn paragraph something still holds (a note, kept by number):
        made again if measured again. They were a quarter of the PDF writer's memory when its pages were set."""
        if self._whole:
            self._parsed = self._wrapped = None

    def _notes(self, whole: bool) -> list[int]:
        """The numbers of the notes this paragraph (or this part of one) links to, in order."""
        runs = self.runs
        if whole:
            links = [r[5] for r in runs if r[5] and r[5].startswith("#note-")]
        else:
            links = [runs[p[0]][5] for w in self._words if w is not BREAK for p in w[1]]
            links = [link for link in links if link and link.startswith("#note-")]
        return list(dict.fromkeys(int(link[6:]) for link in links))  # each once, in order (a list searched for
        # each number was quadratic: a paragraph citing 8,000 sources took minutes)

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
        if availWidth < FUZZ:
            return 0, 0x7FFFFFFF
        self.width = availWidth
        self.height = len(self._lines(availWidth)[1]) * self.style.leading
        return self.width, self.height

    def minWidth(self) -> float:
        st = self.style
        return max((w[0] for w in self._words if w is not BREAK), default=0.0) + st.leftIndent + st.rightIndent

    def natural_width(self) -> float:
        """How wide the paragraph is set with no line broken but where it breaks itself (a line break)."""
        st = self.style
        lines = self._lines(1e6)[1]
        return max((line[2] for line in lines), default=0.0) + st.leftIndent + st.rightIndent + self._first_indent

    def split(self, availWidth, availHeight):
        if not self._words or availWidth < FUZZ or availHeight < FUZZ:
            return []
        st = self.style
        words, lines = self._lines(availWidth)
        fit = int(availHeight / float(st.leading))
        if (not st.allowOrphans and fit <= 1) or fit == 0:
            return []
        n = len(lines)
        if n <= fit:  # it fits whole: asked to split only because its space after did not (ReportLab's table
            return []  # cells take a one-part split for two parts, so whole means "not here")
        if not st.allowWidows and n == fit + 1:  # one line would be left alone on the next page
            if not ((st.allowOrphans and n == 3) or n > 3):
                return []
            fit -= 1
        cut = lines[fit][0]
        head = words[:lines[fit - 1][1]]  # without a line break that ended the last line
        first = TextBlock(self.runs, st, self._widths, self.bullet, self.anchors, self.outline,
                          (head, self._texts), self._first_indent, self.marker, self.mixed)
        first._wrapped = (availWidth, head, lines[:fit])
        rest = TextBlock(self.runs, st, self._widths, parsed=(words[cut:], self._texts), first_indent=0,
                         mixed=self.mixed)
        first.tag = rest.tag = self.tag  # one element, however many pages it is drawn on
        first.label_tag = self.label_tag  # the marker is drawn with the first part
        return [first, rest]

    @property
    def changes_canvas(self) -> bool:  # only its marker is drawn by the canvas, with the canvas's own state
        return self.marker is not None

    def draws_label_first(self) -> bool:
        return self.marker is not None and self.label_tag is not None and not self.bullet

    @property
    def rtl(self) -> bool:
        return self.mixed is not None and self.mixed.rtl

    def _mirror(self, x: float, width: float) -> float:
        """Where something ``width`` wide that starts ``x`` from the start side stands from the left."""
        return self.width - x - width if self.rtl else x

    def draw(self):
        words, lines = self._lines(self.width)
        if not lines:
            return
        canv, st, runs, mixed = self.canv, self.style, self.runs, self.mixed  # drawOn saved the canvas state
        ox, oy = self._at
        leading = st.leading
        sizes = [runs[p[0]][2] for w in words[lines[0][0]:lines[0][1]] if w is not BREAK for p in w[1]]
        y = oy + self.height - max(sizes, default=st.fontSize)
        offset = self._first_indent
        if self.bullet:
            offset = self._draw_bullet(canv, offset, ox, y)
        if self.marker:
            label, x, dy, font, size = self.marker
            if self.rtl:
                label = display(label, True)
            tags = getattr(canv, "tags", None)
            tagged = tags is not None and self.label_tag is not None and self.tag is not None
            if tagged and tags.current is not self.label_tag:  # the marker is the item's label (Lbl), the text its body
                tags.switch(canv, self.label_tag)
            canv.setFont(font, size)
            canv.setFillColor(black)
            canv.drawString(ox + self._mirror(x, canv.stringWidth(label, font, size)), y + dy, label)
            if tagged:
                tags.switch(canv, self.tag)
        left = st.leftIndent
        for name in self.anchors:
            canv.bookmarkHorizontal(name, ox + self._mirror(left + offset, 0), y + leading)
        tx = canv.beginText(ox + left, y)
        state = [None, None, st.textColor, 0]  # font, size, colour, rise set in the text object
        fill_colour(tx, st.textColor)
        links = []
        for n, (start, end, width) in enumerate(lines):
            laid = mixed.layout(runs, words[start:end]) if mixed is not None else None
            if laid is not None:
                width = laid.width
            x = left + (offset if n == 0 else 0.0)
            if st.alignment != TA_LEFT:
                extra = self._max_widths(self.width)[min(n, 1)] - width
                x += extra if st.alignment == TA_RIGHT else extra / 2
            x = ox + self._mirror(x, width)
            tx.setTextOrigin(x, y)
            if laid is not None:
                mixed.draw(self, tx, state, laid, x, y, links)
            else:
                self._draw_line(tx, state, words[start:end], width, x, y, links)
            y -= leading
        canv.drawText(tx)
        for link, rect in links:
            if link.startswith("#"):
                link_to_anchor(canv, rect, link[1:])
            else:
                canv.linkURL(link if link.isascii() else ascii_uri(link), rect, relative=1, kind="URI")

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
        line = LineLinks(links, y)
        for i, text, w, inked in segments:
            _, font, size, colour, rise, link = runs[i]
            set_text_state(tx, state, font, size, colour or self.style.textColor, rise)
            text_out(tx, text)
            line.add(link, x, x + inked, rise, size)
            x += w
        line.close()

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

    def _draw_bullet(self, canv, offset: float, ox: float, y: float) -> float:
        st = self.style
        y += getattr(st, "bulletOffsetY", 0)
        bullet = display(self.bullet, True) if self.rtl else self.bullet
        width = self._bullet_width()
        tx = canv.beginText(ox + self._mirror(st.bulletIndent, width), y)
        tx.setFont(st.bulletFontName, st.bulletFontSize)
        fill_colour(tx, getattr(st, "bulletColor", None) or st.textColor)
        text_out(tx, bullet)  # what textOut writes (it also moves the text object's x, not used after)
        canv.drawText(tx)
        end = st.bulletIndent + width + st.bulletFontSize * 0.6
        return max(offset, end - st.leftIndent)


def ascii_uri(url: str) -> str:
    """A web address as a PDF link holds it (PDF 32000-1, 12.6.4.7: 7-bit ASCII): a host in other letters as
    punycode, other characters of the rest percent-encoded as UTF-8 ("https://例え.jp/パス" ->
    "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"). The brief prints the address as written."""
    from urllib.parse import quote, urlsplit, urlunsplit

    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        user, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":") if hostport.count(":") == 1 else (hostport, "", "")
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:  # a label IDNA refuses: percent-encoded, as the rest
            host = quote(host, safe="")
        netloc = quote(user, safe="%:") + at + host + colon + port
    keep = "/%:@!$&'()*+,;=?~-._"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=keep), quote(parts.query, safe=keep),
                       quote(parts.fragment, safe=keep + "#")))
