"""Text for ReportLab: fonts registered for one document, and runs of text marked up with them.

Each run of text goes to the font of its script (see ``briefgen/fonts``). Briefgen's own paragraphs shape
it themselves (``shaping.py``); for ReportLab's Paragraph (code blocks, soft hyphens, justified lines) it
is put in visual order and escaped for ReportLab's paragraph parser, and ReportLab's ``shaping`` style flag
shapes it with uharfbuzz.
"""

from __future__ import annotations

import hashlib
import re
from html import escape  # (xml.sax.saxutils' imports urllib, http and ssl: 9 ms)

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ... import fonts
from ...fonts.scripts import BIDI_CONTROLS, NEUTRAL, has_rtl, needs_shaping, script
from ...load.theme import Theme
from .bidi import display
from .rlinternals import copy_font, record_shaped_texts, shaped_codes
from .rlinternals.text import forget_font

_ACTIVE: list = []  # the fonts registered for the document being written in this process


class PdfFonts:
    """The theme's families registered with ReportLab for one document."""

    def __init__(self, theme: Theme, chars: str, root=None):
        f = theme.fonts
        # ReportLab keeps the first font registered under a name, and reuses it for any later font with the
        # same internal face name: a document would be set with the previous document's fonts (and their
        # subsets). Every document therefore starts from none of ours.
        for font in _ACTIVE:
            forget_font(font)
        _ACTIVE.clear()
        self._registered = _ACTIVE
        self._families: dict[str, tuple[str, str, str, str]] = {}
        self.choice = fonts.choice(f.body, dict(f.fallbacks), root, f.last_resort)
        self.theme_fonts, self.root, self._chars, self._code = f, root, chars, None  # code: set on first use
        self._main_chars = self.choice.main_chars  # what the main font sets, as text
        self._printable_ascii = self._main_chars.issuperset(map(chr, range(0x20, 0x7F)))  # (most fonts)
        self.heading = self._register_family(fonts.family(f.heading, root), chars)
        self.body = self._register_family(self.choice.main, chars)
        self.fallback_names: dict[str, str] = {}
        needed = {}
        for c in chars:
            fam = self.choice.fallback_for(c)
            if fam is not None:
                needed.setdefault(fam.name, [fam, []])[1].append(c)
        self.missing = fonts.undrawable(chars, self.choice)
        # A fallback also sets the neutral characters of the words it takes (punctuation, digits, combining
        # marks: a grave accent before a Chinese character goes in the Chinese font): its subset holds those the
        # document has, or the mark would print as the font's empty box.
        neutral = "".join(c for c in chars if script(c) in NEUTRAL)
        for name, (fam, cs) in sorted(needed.items()):
            self.fallback_names[name] = self._register_family(fam, "".join(cs) + _NEUTRALS + neutral)[0]

    def private_texts(self, shaped: dict[str, dict[int, str]]) -> None:
        """Record, for the ToUnicode maps, what each private-use code of a shaped glyph means: those
        briefgen's shaper gave (``shaped``: font name -> code -> text), and those ReportLab's Paragraph gave."""
        for font in self._registered:
            assigned = shaped_codes(font)
            texts = fonts.glyph_texts(*font.briefgen_source) if assigned else {}
            mapped = {code: texts[name] for name, code in assigned.items() if name in texts}
            mapped.update(shaped.get(font.fontName, {}))
            if mapped:
                record_shaped_texts(font.face.name.decode() if isinstance(font.face.name, bytes) else font.face.name,
                                    mapped)

    def _register_family(self, fam: fonts.Family, chars: str) -> tuple[str, str, str, str]:
        if fam.name in self._families:  # heading and body may share a family
            return self._families[fam.name]
        base = "".join(fam.name.split())
        if fam.instance:  # a derived subset: its name says which characters it holds
            base += "-" + hashlib.sha256(chars.encode()).hexdigest()[:8]
        names = []
        seen: dict = {}
        for style in fonts.STYLES:
            source = fonts.file_path(fam, style)
            key = str(source)
            if key in seen:
                names.append(seen[key])
                continue
            name = base if style == "regular" else f"{base}-{style}"
            # A fresh font object for each document: ReportLab numbers the private-use codes of shaped glyphs
            # per font object, so a font reused across documents would make output depend on their order.
            font = _fresh_font(name, fam, style, chars)
            assert name not in pdfmetrics.getRegisteredFontNames(), name
            font.briefgen_source = (str(source), fam.stamp)
            pdfmetrics.registerFont(font)
            self._registered.append(font)
            seen[key] = name
            names.append(name)
        regular, bold, italic, bolditalic = names
        for b, i, name in ((0, 0, regular), (1, 0, bold), (0, 1, italic), (1, 1, bolditalic)):
            addMapping(regular, b, i, name)
        self._families[fam.name] = (regular, bold, italic, bolditalic)
        return self._families[fam.name]

    def code_runs(self, text: str) -> list[tuple[str, str]]:
        """Code cut into runs, each with its font family's regular font name: the theme's code family (IBM
        Plex Mono) where it has the character, else the family the text would be set in (Chinese in a code
        span: Noto Sans SC). Every font is embedded: no standard Courier."""
        if self._code is None:
            self._code_family = fonts.family(self.theme_fonts.code, self.root)
            self._code_cover = fonts.families.family_coverage(self._code_family)
            self._code = self._register_family(self._code_family, self._chars + _NEUTRALS)[0]
        out: list[tuple[str, str]] = []
        for run, fam in self.runs(text):
            for c in run:
                name = self._code if ord(c) in self._code_cover or c.isspace() else (fam or self.body[0])
                if out and out[-1][1] == name:
                    out[-1] = (out[-1][0] + c, name)
                else:
                    out.append((c, name))
        return out

    def code_markup(self, text: str) -> str:
        """Code as escaped ReportLab markup, each run in its font (``code_runs``)."""
        return "".join(f'<font face="{name}">{escape(run, quote=False)}</font>' for run, name in self.code_runs(text))

    def code_block_markup(self, text: str) -> str:
        """A code block as ReportLab markup in the code family (``code_markup``), line by line (a tab as four
        spaces; ``_code_line``)."""
        return "<br/>".join(self.code_markup(_code_line(line)) for line in text.expandtabs(4).split("\n"))

    def runs(self, text: str) -> list[tuple[str, str | None]]:
        """Text cut into runs, each with the font family (its regular font's name) of its script, None for
        the main family."""
        if self.main_only(text):
            return [(text, None)]
        return [(run, None if fam is None else self.fallback_name(fam, run))
                for run, fam in fonts.segments(text, self.choice)]

    def markup(self, text: str, rtl_base: bool = False) -> str:
        """Text as escaped ReportLab markup for ReportLab's Paragraph (code blocks, and paragraphs with soft
        hyphens or justified): in visual order, each run in the font of its script."""
        if not rtl_base and self.main_only(text):
            return escape(text, quote=False)  # the common case: nothing to reorder, nothing another font must set
        out = []
        visual = display(text, rtl_base).translate(BIDI_CONTROLS)  # in visual order, the controls print nothing
        for run, fam in fonts.segments(_relogical_words(visual), self.choice):
            if fam is None:
                out.append(escape(run, quote=False))
            else:
                shaped = escape(_for_rtl_shaping(run), quote=False)
                out.append(f'<font face="{self.fallback_name(fam, run)}">{shaped}</font>')
        return "".join(out)

    def fallback_name(self, fam: fonts.Family, text: str) -> str:
        """The regular font name of a fallback family, registered now if the document's characters did not
        call for it (a word kept whole in one family, text the tree does not list): never a missing font."""
        name = self.fallback_names.get(fam.name)
        if name is None:
            name = self.fallback_names[fam.name] = self._register_family(fam, text + _NEUTRALS)[0]
        return name

    def main_only(self, text: str) -> bool:
        """Whether the main font sets all of ``text`` and none of it is right-to-left."""
        if text.isascii():  # most text: never right to left, never shaped; and the main font has all it prints
            return (self._printable_ascii and text.isprintable()) or self._main_chars.issuperset(text)
        return self._main_chars.issuperset(text) and not has_rtl(text) and not needs_shaping(text)

    def width(self, word: str, size: float) -> float:
        """The width of a word set as ``markup`` would set it (unshaped advance widths)."""
        total = 0.0
        for run, fam in fonts.segments(word, self.choice):
            name = self.body[0] if fam is None else self.fallback_name(fam, run)
            total += pdfmetrics.stringWidth(run, name, size)
        return total


_PROTOTYPES: dict[tuple, TTFont] = {}  # parsed once per process, copied for each document


def _fresh_font(name: str, fam: fonts.Family, style: str, chars: str) -> TTFont:
    """A new ReportLab font for one document, copied from a parsed prototype: the parse is what costs, the
    per-document state (subsets, shaping's private codes) is what must be new."""
    return copy_font(_prototype(fam, style, chars), name)


def _prototype(fam: fonts.Family, style: str, chars: str) -> TTFont:
    key = (str(fonts.file_path(fam, style)), fam.stamp, fam.instance and "".join(sorted(set(chars))))
    proto = _PROTOTYPES.get(key)
    if proto is None:
        proto = _PROTOTYPES[key] = TTFont(f"prototype-{len(_PROTOTYPES)}", fonts.font_bytes(fam, style, chars))
    return proto


def preload(theme: Theme, root=None) -> None:
    """Parse the faces of the theme's body and heading families, and find what the body family sets, before
    the first document needs them (a worker waiting for the plan). A family derived for the characters of
    each document (a variable font's instance) waits for them."""
    f = theme.fonts
    fonts.choice(f.body, dict(f.fallbacks), root, f.last_resort)
    for name in dict.fromkeys((f.body, f.heading)):
        fam = fonts.family(name, root)
        for style in () if fam.instance else fonts.STYLES:
            _prototype(fam, style, "")


def _relogical_words(visual: str) -> str:
    """The characters of each right-to-left word of a visual line back in logical order: ReportLab's
    Paragraph shapes each word with HarfBuzz, which reverses it again."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0)[::-1] if fonts.is_rtl(m.group(0)[0]) else m.group(0), visual)


MIRROR = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))


def _for_rtl_shaping(run: str) -> str:
    """ReportLab shapes a word in one HarfBuzz buffer; a right-to-left one comes out reversed and mirrored.
    Punctuation at the edges of a right-to-left word (already where the bidi algorithm put it, in visual
    order) is therefore handed over reversed and mirrored, so that it comes out where it belongs."""
    words = run.split(" ")
    for i, word in enumerate(words):
        core = [j for j, c in enumerate(word) if fonts.is_rtl(c)]
        if not core or (core[0] == 0 and core[-1] == len(word) - 1):
            continue
        left, middle, right = word[: core[0]], word[core[0]: core[-1] + 1], word[core[-1] + 1:]
        flip = lambda t: "".join(MIRROR.get(c, c) for c in reversed(t))  # noqa: E731
        words[i] = flip(right) + middle + flip(left)
    return " ".join(words)


def _code_line(line: str) -> str:
    """A line of a code block as its paragraph sets it: in visual order where it holds right-to-left text (as
    ``markup`` sets other text; each right-to-left word handed over whole for shaping), and its indentation
    and runs of spaces as no-break spaces, which ReportLab's paragraph would fold into one (single spaces
    still break a line too long for the page)."""
    if has_rtl(line):
        line = _for_rtl_shaping(_relogical_words(display(line, False).translate(BIDI_CONTROLS)))
    return _SPACES.sub(lambda m: "\u00a0" * len(m.group()), line)


_SPACES = re.compile(r"^ +| {2,}")  # a line's indentation, and spaces that align


# What a fallback family also sets, in the words it takes: ASCII punctuation and digits, and typographic
# quotes, dashes and the like (a Chinese title in curly quotes is set, quotes and all, in Noto Sans SC).
_NEUTRALS = "".join(chr(c) for c in range(0x20, 0x7F) if not chr(c).isalpha()) + "\u00a0\u00ab\u00bb" + \
    "".join(chr(c) for c in range(0x2010, 0x2028)) + "".join(chr(c) for c in range(0x2030, 0x205F))
