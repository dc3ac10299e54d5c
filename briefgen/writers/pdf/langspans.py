"""Text of another language in a paragraph ReportLab's Paragraph sets (``blocks.Para``: soft hyphens, code
blocks), tagged as briefgen's own paragraphs tag theirs (``mixed.py``): a Span element of the paragraph's,
with its /Lang, and a right-to-left one with its text in logical order as its /ActualText.

ReportLab sets such a paragraph line by line, a string per fragment (a run in one font and style), in one
text object (``rlinternals.fragment_lines``, ``rlinternals.through``). Before it draws, each string is cut
into words and the spaces between them. A word is in the language of its script (``script_languages``, the
first of its letters that has one); a word ReportLab shaped, whose characters are glyphs, in that of the
text it was shaped from (the fragment's text as parsed, when the string holds all of its words); a space
between two words of one language is in theirs. Each string is then set as ReportLab sets it, cut where the
language changes (the same glyphs in the same places), each run of another language a Span on its line.

The markup puts a right-to-left run's words in visual order, each in logical order with the punctuation
at its edges turned for shaping (``fonts.markup``): a Span's logical text is its words in reverse order,
with the punctuation at its outer edges, which belongs to the left-to-right text around it, before and
after them as it stands. A right-to-left Span with a word not known as parsed (a word with a soft hyphen,
which may be broken across lines; a fragment whose words are shared between lines) has no /ActualText:
its glyphs read as they stand.
"""

from __future__ import annotations

import re
from collections import deque

from ...fonts.scripts import NEUTRAL, has_rtl, is_rtl, language_of, script
from .fonts import MIRROR
from .rlinternals import through

SOURCE = "briefgen_source"  # a parsed fragment's text, kept on it (and on the fragments ReportLab clones from it)
_TOKEN = re.compile(r"\s+|\S+")


def keep_sources(frags) -> None:
    """Keep each fragment's text as parsed from the markup (before ReportLab breaks and shapes it)."""
    for f in frags:
        text = getattr(f, "text", None)
        if text:
            setattr(f, SOURCE, str(text))


class _Token:
    """A word or the space between two words, of string ``string`` of a line, ``start`` to ``end``: its
    language, its text as shaped (None where not known), whether it runs right to left."""

    __slots__ = ("string", "start", "end", "lang", "text", "rtl", "space")

    def __init__(self, string, start, end, lang, text, rtl, space):
        self.string, self.start, self.end, self.lang = string, start, end, lang
        self.text, self.rtl, self.space = text, rtl, space


class LanguageSpans:
    """One drawing of a paragraph: for each string ReportLab is to set, in order, its pieces (text, language
    or None, and its words and spaces as (text as shaped or None, right to left)) and whether it ends a line;
    and the Span being drawn."""

    def __init__(self, tags, languages: dict[str, str], lines):
        self.tags, self.languages = tags, languages
        self.plan: deque = deque()
        for line in lines:
            self._plan_line(line)
        self.tx = self.span = self.lang = None
        self.words: list = []  # the open Span's words and spaces, in visual order
        self.line_ended = False

    def _language(self, text: str) -> str | None:
        return language_of(text, self.languages)

    def _tokens(self, n: int, text: str, frag) -> list[_Token]:
        """The words and spaces of the ``n``-th string of a line, set in fragment ``frag``."""
        source = getattr(frag, SOURCE, None)
        found = list(_TOKEN.finditer(text))
        parsed = source.split() if source and "\xad" not in source else None
        if parsed is not None and len(parsed) != sum(not m.group().isspace() for m in found):
            parsed = None  # a line's share of the fragment's words: not known word by word
        out, k = [], 0
        for m in found:
            t = m.group()
            if t.isspace():
                out.append(_Token(n, m.start(), m.end(), None, t, False, True))
                continue
            origin = parsed[k] if parsed is not None else None
            k += 1
            strong = any(script(c) not in NEUTRAL for c in t)  # a glyph of its own (private use) is not
            lang = self._language(t) if strong else (self._language(origin) if origin else None)
            rtl = has_rtl(origin or t)
            out.append(_Token(n, m.start(), m.end(), lang, origin if origin is not None or rtl else str(t), rtl,
                              False))
        return out

    def _plan_line(self, line) -> None:
        tokens = [t for n, (text, frag) in enumerate(line) for t in self._tokens(n, text, frag)]
        before: list = []  # the language of the word before each token, and after it
        last = None
        for t in tokens:
            before.append(last)
            last = last if t.space else t.lang
        last = None
        for i in reversed(range(len(tokens))):
            t = tokens[i]
            if t.space:  # a space between two words of one language is in theirs
                t.lang = last if before[i] == last else None
            else:
                last = t.lang
        for n, (text, _) in enumerate(line):
            pieces: list = []  # [[start, end], language, words]
            for t in tokens:
                if t.string != n:
                    continue
                if pieces and pieces[-1][1] == t.lang:
                    pieces[-1][0][1] = t.end
                    pieces[-1][2].append((t.text, t.rtl))
                else:
                    pieces.append(([t.start, t.end], t.lang, [(t.text, t.rtl)]))
            if len(pieces) == 1:  # the whole string in one language (or none): set as it is
                pieces = [(text, pieces[0][1], pieces[0][2])]
            else:
                pieces = [(text[a:b], lang, words) for (a, b), lang, words in pieces]
            self.plan.append((text, pieces, n == len(line) - 1))

    def start(self, tx) -> None:
        """Tag what ReportLab sets in text object ``tx``."""
        self.tx = tx
        through(tx, self.set_text)

    def set_text(self, text, end_line, out) -> None:
        planned = self.plan[0] if self.plan else None
        if planned is None or planned[0] != text:  # not a string the plan expected (none is): as it stands
            self._switch(None)
            out(text, end_line)
            return
        self.plan.popleft()
        pieces = planned[1]
        if not pieces:  # an empty string (at a line's end: its move to the next)
            out(text, end_line)
        for i, (piece, lang, words) in enumerate(pieces):
            self._switch(lang, self.line_ended)
            self.line_ended = False
            if lang:
                self.words.extend(words)
            out(piece, end_line if i == len(pieces) - 1 else 0)
        if planned[2]:  # a Span ends with its line: where the next line starts, or now, at the last
            self.line_ended = True
            if not self.plan:
                self._switch(None)

    def _switch(self, lang: str | None, new_line: bool = False) -> None:
        if lang == self.lang and not new_line:
            return
        if self.span is not None:
            self.tags.close_span(self.tx, self.span, logical(self.words), resume=not lang)  # or into the next
            self.span = None
        self.lang, self.words = lang, []
        if lang:
            self.span = self.tags.open_span(self.tx, lang)


def logical(words: list) -> str | None:
    """A right-to-left Span's text in logical order, from its words (as shaped: in logical order, edge
    punctuation turned) and spaces in visual order; None for a left-to-right one, or a word not known."""
    if not any(rtl for _, rtl in words) or any(text is None for text, _ in words):
        return None
    texts = [text for text, _ in words]
    first = next(i for i, t in enumerate(texts) if not t.isspace())
    last = max(i for i, t in enumerate(texts) if not t.isspace())
    core = [i for i, c in enumerate(texts[first]) if is_rtl(c)]
    before = ""
    if core:  # punctuation left of the leftmost word (turned, at its end): before the Span's text
        before, texts[first] = _turn(texts[first][core[-1] + 1:]), texts[first][:core[-1] + 1]
    core = [i for i, c in enumerate(texts[last]) if is_rtl(c)]
    after = ""
    if core:  # punctuation right of the rightmost word (turned, at its start): after it
        after, texts[last] = _turn(texts[last][:core[0]]), texts[last][core[0]:]
    return before + "".join(reversed(texts)) + after


def _turn(text: str) -> str:
    return "".join(MIRROR.get(c, c) for c in reversed(text))
