"""Text shaped by HarfBuzz for the PDF: glyphs, their places, and what each reads back as.

A run of text in one font and one direction becomes glyphs in visual order (left to right as drawn), each
with its place from the run's origin. Arabic letters take their joining forms, marks sit on their letters,
right-to-left runs come out mirrored and reversed, as HarfBuzz shapes them (``uharfbuzz``).

What a glyph reads back as (text extraction, search, copy) is chosen so that extractors that put visually
ordered right-to-left text back in logical order get it right: pdftotext and pypdf reverse a right-to-left
run character by character, so a glyph that stands for several letters (the ligatures سى، لا) must not
stand for them in one code. Such a glyph reads as its last letter only, and the letters before it are set
invisibly at its right edge, with no width, in visual order (pdftotext starts a new word at a character
that begins inside the one before it). A left-to-right cluster of several letters (an Indic conjunct)
reads as its letters in order.
"""

from __future__ import annotations

from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics

from ...fonts.scripts import needs_shaping
from .rlinternals import char_glyph, char_width, cmap_char, glyph_code, hb_font

FEATURES = {"kern": True, "liga": False, "dlig": False}  # optional ligatures off: "ﬁ" would read as one letter
SILENT = "\u200b"  # what the second glyph of a one-letter cluster reads as (a zero width space)


def _reads(letters: str, j: int, n: int) -> str:
    """What the ``j``th of a left-to-right cluster's ``n`` glyphs reads as, so that the glyphs read, in the
    order they are set, as the cluster's letters in theirs: one letter each, the last glyph the rest; a glyph
    beyond the letters reads as nothing visible (``SILENT``). Text extracted or copied then holds the word
    whole, where each glyph after the first read as a zero width space (दुनि\u200bया for दुनिया)."""
    last = min(n, len(letters)) - 1
    return letters[j] if j < last else letters[last:] if j == last else SILENT


class Glyph(NamedTuple):
    char: str  # the character that sets it in ReportLab's font (a private-use code for a shaped form)
    x: float  # from the run's origin, in points
    dy: float  # raised by, in points
    hidden: bool = False  # set invisibly: a letter of a ligature, for text extraction


class Shaped(NamedTuple):
    glyphs: tuple[Glyph, ...]
    width: float


class Shaper:
    """Shapes runs for one document (ReportLab's private-use codes are per font object, so per document),
    each (font, size, text, direction) once."""

    def __init__(self):
        self._cache: dict[tuple, Shaped] = {}
        self._fonts: dict[str, tuple] = {}
        self.texts: dict[str, dict[int, str]] = {}  # font name -> private-use code -> what it reads as

    def width(self, text: str, font: str, size: float) -> float:
        """Shaped where the text needs it, else by the font's advance widths (as ReportLab measures)."""
        if needs_shaping(text):
            return self.shape(text, font, size, None).width
        return self.plain_width(text, font, size)

    def shapes(self, font: str) -> bool:
        """Whether HarfBuzz can shape text in the font (a TrueType font; not one of the standard fonts)."""
        return self._face(font)[1] is not None

    def plain_width(self, text: str, font: str, size: float) -> float:
        return self._face(font)[0].stringWidth(text, size)

    def shape(self, text: str, font: str, size: float, rtl: bool | None) -> Shaped:
        """``rtl`` None: the direction of the text's first strong character (for measuring)."""
        key = (text, font, size, rtl)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._shape(text, font, size, rtl)
        return found

    def _face(self, name: str):
        face = self._fonts.get(name)
        if face is None:
            font = pdfmetrics.getFont(name)
            face = self._fonts[name] = (font, *hb_font(font)) if hasattr(font, "hbFace") else (font, None, 0)
        return face

    def _shape(self, text: str, name: str, size: float, rtl: bool | None) -> Shaped:
        font, hbf, upem = self._face(name)
        if hbf is None or not text:  # a standard (Type 1) font: ReportLab's widths, no shaping
            glyphs, x = [], 0.0
            for c in (reversed(text) if rtl else text):
                glyphs.append(Glyph(c, x, 0.0))
                x += font.stringWidth(c, size)
            return Shaped(tuple(glyphs), x)
        import uharfbuzz

        buf = uharfbuzz.Buffer()
        buf.add_str(text)
        buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
        if rtl is not None:
            buf.direction = "rtl" if rtl else "ltr"
        buf.guess_segment_properties()
        uharfbuzz.shape(hbf, buf, FEATURES)
        backwards = buf.direction == "rtl"
        infos, positions = buf.glyph_infos, buf.glyph_positions
        starts = sorted({i.cluster for i in infos})
        ends = dict(zip(starts, starts[1:] + [len(text)]))
        members: dict[int, list[int]] = {}
        for k, info in enumerate(infos):
            members.setdefault(info.cluster, []).append(k)
        scale = size / upem
        glyphs, pen = [], 0.0
        for k, (info, pos) in enumerate(zip(infos, positions)):
            cluster = info.cluster
            letters = text[cluster:ends[cluster]]
            group = members[cluster]
            x, dy = pen + pos.x_offset * scale, pos.y_offset * scale
            advance = pos.x_advance * scale
            gid = info.codepoint
            first = k == group[0]
            if len(group) == 1 and len(letters) == 1:
                glyphs.append(Glyph(self._char(font, hbf, gid, letters), x, dy))
            elif not backwards:  # the cluster's letters in the order its glyphs are set: "नि" is set ि, न
                glyphs.append(Glyph(self._char(font, hbf, gid, _reads(letters, group.index(k), len(group))), x, dy))
            elif not first:
                glyphs.append(Glyph(self._char(font, hbf, gid, SILENT), x, dy))
            else:  # the last letter on the glyph, the others invisible after it (see above)
                glyphs.append(Glyph(self._char(font, hbf, gid, letters[-1]), x, dy))
                for letter in letters[:-1][::-1]:  # at the glyph's right edge: inside it, a new word begins
                    glyphs.append(Glyph(self._letter(font, hbf, letter), x + max(advance, 0.0), dy, True))
            pen += advance
        return Shaped(tuple(glyphs), pen)

    def _char(self, font, hbf, gid: int, reads: str) -> str:
        """The character that sets ``gid`` and reads back as ``reads``: the glyph's own code point where
        that is what it reads as, else a private-use code of its own."""
        own = cmap_char(font, gid)
        if own is not None and chr(own) == reads:
            return reads
        name = hbf.glyph_to_string(gid)
        advance = hbf.get_glyph_h_advance(gid) * 1000 / self._fonts[font.fontName][2]
        code = glyph_code(font, gid, f"{name}\x00{reads}", advance)
        self.texts.setdefault(font.fontName, {})[ord(code)] = reads
        return code

    def _letter(self, font, hbf, letter: str) -> str:
        """A character for a letter set invisibly at a ligature's edge: a code of its own with no width,
        so that it neither pushes the glyph after it nor reads as a gap between words."""
        code = glyph_code(font, char_glyph(font, letter) or 0, f"hidden\x00{letter}", 0)
        self.texts.setdefault(font.fontName, {})[ord(code)] = letter
        return code


__all__ = ["Glyph", "Shaped", "Shaper", "char_width"]
