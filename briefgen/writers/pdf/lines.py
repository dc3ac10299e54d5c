"""Line breaking for briefgen's own paragraphs (``para.py``), by ReportLab's own rule, so that a paragraph
breaks where ReportLab's ``Paragraph`` would break it.

Words are separated by ReportLab's breaking white space (a no-break space joins); lines fill greedily, and
a line may run over its measure by ``spaceShrinkage`` of its spaces' width; a word wider than a whole line is
cut (``wordcuts.py``), its first part filling what is left of the line.

Two of ReportLab's own inconsistencies are not copied, so a line could break differently in these cases,
neither of which briefgen's paragraphs produce: a word that begins with a superscript and holds its space
is measured by ReportLab with the superscript's size for that space; and two neighbouring fragments set
alike (from two tags) give an empty word whose space counts twice toward the overrun allowed. Here a space
is measured in the font it is set in, and ``spans.spans`` makes neighbours set alike one run.
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import getFont

from ...fonts.scripts import BIDI_CONTROLS, needs_shaping
from .rlinternals import WHITE
from .wordcuts import split_word

# Where a line may break: ReportLab's white space, but for U+202F NARROW NO-BREAK SPACE, which Unicode makes
# non-breaking (line break class GL) and French sets inside « » and before ; ! ? (ReportLab breaks there, so a
# line could start with "»" or "?"). It stays in its word, as U+00A0 does, and is drawn by a font that has it.
BREAKING = WHITE.replace("\u202f", "")
_SPLIT = re.compile(f"([{re.escape(BREAKING)}]+)").split
BREAK = None  # a forced line break in a paragraph's word list


class Widths:
    """Advance widths of text in one document's fonts, each text measured once per font and size; text that
    must be shaped (Arabic script, marks, Indic scripts) is measured shaped, by ``shaper``."""

    def __init__(self, shaper=None):
        self._tables: dict[tuple[str, float], dict[str, float]] = {}
        self._measures: dict = {}  # font name -> its measuring function
        self.shaper = shaper
        self.hyphens = None  # a Hyphens when the brief hyphenates (the audience's ``hyphenate``)

    def measure(self, font: str):
        """The function that measures text in ``font``: (text, size) -> width (made once per font)."""
        made = self._measures.get(font)
        if made is None:
            made = self._measures[font] = self._measure(font)
        return made

    def _measure(self, font: str):
        plain = getFont(font).stringWidth
        shaper = self.shaper
        if shaper is None:
            return plain

        def measure(text: str, size: float) -> float:
            text = text.translate(BIDI_CONTROLS)  # steer the order, print nothing
            return shaper.width(text, font, size) if needs_shaping(text) else plain(text, size)

        return measure

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
            width = table[text] = self.measure(font)(text, size)
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
        measure = widths.measure(font)
        if text.isascii() and text.isprintable() and "  " not in text:
            split = text.split(" ")  # most runs: their words between single spaces, the only white space
            texts.append(text)
        else:
            split = _SPLIT(text)[::2]  # the words between runs of white space (the first and last may be empty)
            texts.append(" ".join(split))
        first = split[0]
        if first:
            w = get(first)
            if w is None:
                w = table[first] = measure(first, size)
            pieces.append((i, first, w, 0))
            width += w
        if len(split) == 1:
            continue
        space = widths(" ", font, size)
        if pieces:
            words.append((width, tuple(pieces), space, True, i))
        at = len(first) + 1
        append = words.append
        for part in split[1:-1]:
            w = get(part)
            if w is None:
                w = table[part] = measure(part, size)
            append((w, ((i, part, w, at),), space, True, i))
            at += len(part) + 1
        last = split[-1]
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


class Hyphens:
    """Where a word may break at the end of a line, by the language's pyphen dictionary; each word asked once."""

    def __init__(self, language: str):
        import pyphen

        self._dic = pyphen.Pyphen(lang=language)
        self._cache: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._dic.positions(word)
        return found


_CORE = re.compile(r"^([^\W\d_]{5,})(\W*)$")  # a word of letters (five or more), then its punctuation


def _hyphenate(word, runs, widths: Widths, room: float):
    """A word that does not fit what is left of the line (``room``) as two, broken at the last hyphenation
    point whose first part fits with its hyphen: [first part, BREAK, rest]; None where there is none (a word
    of several runs, of digits, or of a script that is shaped). The hyphen is a soft hyphen (U+00AD), which
    text extraction joins back: the word stays one word for a reader, a search and a screen reader."""
    if len(word[1]) != 1:
        return None
    i, text, _, start = word[1][0]
    m = _CORE.match(text)
    if m is None or needs_shaping(text):
        return None
    _, font, size, *_ = runs[i]
    for at in reversed(widths.hyphens.positions(m.group(1))):
        first = text[:at] + "\u00ad"
        w = widths(first, font, size)
        if w <= room:
            rest = text[at:]
            rw = widths(rest, font, size)
            # The first part's text is not a stretch of its run's (it ends with the hyphen): no start, so that
            # it is drawn as it is (para.py sets a line that is a stretch of one run from the run's text).
            return [(w, ((i, first, w, None),), 0.0, False, None), BREAK,
                    (rw, ((i, rest, rw, None if start is None else start + at),), word[2], word[3], word[4])]
    return None


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
                cut = split_word(word, runs, widths, max_width - pending - current, max_widths[1])
                words[i:i + 1] = [w for part in cut[:-1] for w in (part, BREAK)] + cut[-1:]  # each ends its line
                continue
            parts = _hyphenate(word, runs, widths, limit - current - pending) \
                if count and widths.hyphens is not None and splittable else None
            if parts:
                if not copied:
                    words, copied = list(words), True
                words[i:i + 1] = parts
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
