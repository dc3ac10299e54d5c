"""ReportLab's TrueType text internals: shaping patches, ToUnicode maps for shaped glyphs, string encoding,
fonts copied per document, and glyphs set one by one at their own positions (``show_glyphs``)."""

from __future__ import annotations

import copy
import unicodedata
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph as _rl_paragraph

# ReportLab shapes with HarfBuzz's optional ligatures on. A ligature glyph reads back as one character ("ﬁ"
# for "fi"), so a searched or copied word breaks; Arabic joining rests on required features, which stay on.
if ttfonts.uharfbuzz is not None and ttfonts.shapeFragWord.__defaults__:
    ttfonts.shapeFragWord.__defaults__ = (dict(kern=True, liga=False, dlig=False),) + \
        ttfonts.shapeFragWord.__defaults__[1:]

# ReportLab shapes a word with its first fragment's font and gives each glyph to the fragment it came from:
# a word of two fonts ("ऀ," with the comma in the body font, or bold inside a word) got another font's glyph
# numbers, wrong glyphs or a crash when the subset was written. Such a word is shaped one font at a time.
_rl_shape = ttfonts.shapeFragWord


def _shape_by_font(w, *args, **kw):
    runs: list = []
    for f, s in w[1:]:
        name = getattr(f, "fontName", None)
        if runs and runs[-1][0] == name:
            runs[-1][1].append((f, s))
        else:
            runs.append((name, [(f, s)]))
    if len(runs) < 2 or any(hasattr(f, "cbDefn") for f, _ in w[1:]):
        return _rl_shape(w, *args, **kw)
    shaped = [_rl_shape(w.__class__([sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in part)]
                                    + part), *args, **kw) for _, part in runs]
    if not any(isinstance(x, ttfonts.ShapedFragWord) for x in shaped):
        return w
    out = ttfonts.makeShapedFragWord(w)([sum(x[0] for x in shaped)])
    for x in shaped:
        out.extend(x[1:])
    return out


if ttfonts.uharfbuzz is not None:
    ttfonts.shapeFragWord = _shape_by_font
    _rl_paragraph.shapeFragWord = _shape_by_font

# Glyphs that shaping substitutes have no code point; ReportLab gives them private-use ones. What each stands
# for is recorded per font (``record_shaped_texts``) and written into the font's ToUnicode map.
_SHAPED_TEXT: dict[str, dict[int, str]] = {}  # PDF base font name -> private-use code -> text
_make_to_unicode = ttfonts.makeToUnicodeCMap


record_shaped_texts = _SHAPED_TEXT.__setitem__  # (PDF base font name, {private-use code: text})


def _text_of(code: int, texts: dict[int, str]) -> str | None:
    """What a glyph's code stands for, when not itself: a shaped glyph's letters, an Arabic presentation
    form's letter (text read back is plain Uyghur), an emoji (ReportLab writes five hex digits)."""
    if code in texts:
        return texts[code]
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", chr(code))
    if code > 0xFFFF:
        return chr(code)
    return None


def _to_unicode_cmap(fontname, subset):
    """ReportLab's map, with shaped glyphs mapped to their text and without the entry of code 0 (the glyph
    no text is set in, which ReportLab maps to U+0000: PDF/UA forbids that value)."""
    texts = _SHAPED_TEXT.get(fontname.split("+", 1)[-1], {})
    mapped = {i: t for i, v in enumerate(subset) if (t := _text_of(v, texts)) is not None}
    cmap = _make_to_unicode(fontname, subset)
    lines = cmap.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, text in mapped.items():
        lines[start + i] = f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>"
    kept = [line for line in lines[start:start + len(subset)] if not line.endswith("> <0000>")]
    if len(kept) == len(subset):
        return "\n".join(lines)
    return "\n".join(lines[:start - 1] + [f"{len(kept)} beginbfchar"] + kept + lines[start + len(subset):])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# ReportLab encodes every string set in a TrueType font character by character (``TTFont.splitString``).
# Once a string's characters all have codes in the first subset (from the first page on, nearly always), its
# encoding is those codes as bytes. Anything else goes to ReportLab's own function.
_rl_split_string = ttfonts.TTFont.splitString


_UNSET = "\uffff"  # a character with no code in the first subset (yet): not Latin-1, so encoding it fails


def _first_subset(state) -> dict:
    """A translation table of text to the codes of the font's first subset, for ``str.translate``: each
    character with such a code to the character of that code, every other character below 256 to ``_UNSET``
    (characters above it and without a code stay as they are, and so fail to encode as Latin-1 too). Made
    again when ReportLab has given more characters their codes (codes once given do not change)."""
    assigned = state.assignments
    made = state.__dict__.get("briefgen_first_subset")
    if made is not None and made[0] == len(assigned):
        return made[1]
    table = dict.fromkeys(range(256), _UNSET)
    table.update({c: chr(code) for c, code in assigned.items() if code < 256})
    table[0xA0] = table[0x20]  # ReportLab sets a no-break space as a space
    state.briefgen_first_subset = (len(assigned), table)
    return table


def _split_string(self, text, doc, encoding="utf-8"):
    state = self.state.get(doc) if isinstance(text, str) else None
    if state is not None:
        try:
            data = text.translate(_first_subset(state)).encode("latin-1")
        except UnicodeEncodeError:  # a character without a code in the first subset
            data = None
        if data is not None:
            return [(0, data)] if data else []
    return _rl_split_string(self, text, doc, encoding)


_state = getattr(ttfonts.TTFont, "State", None)
if _state is not None and "assignments" in _state.__init__.__code__.co_names:  # the state this reads is there
    ttfonts.TTFont.splitString = _split_string


def copy_font(proto: ttfonts.TTFont, name: str) -> ttfonts.TTFont:
    """A new font object sharing ``proto``'s parsed tables, with its own per-document state (subsets, the
    private codes of shaped glyphs): parsing is what costs, the state is what must be new."""
    font = object.__new__(ttfonts.TTFont)  # shaping state (HarfBuzz face, private codes) is the prototype's own
    font.__dict__.update({k: v for k, v in proto.__dict__.items()
                          if not k.startswith("_TTFont__") and k not in ("__hbFace__", "hbAddPrivate")})

    def add_private(name, gid, advance):  # ReportLab asks a font it never shaped with, in a word of two fonts
        font.hbFace  # makes the HarfBuzz face and the table of private codes
        return font._TTFont__addPrivate(name, gid, advance)

    font.hbAddPrivate = add_private
    font.fontName = name
    font.state = WeakKeyDictionary()
    face = copy.copy(proto.face)
    face.charToGlyph = dict(proto.face.charToGlyph)
    face.glyphToChar = {g: list(cs) for g, cs in proto.face.glyphToChar.items()}
    face.charWidths = dict(proto.face.charWidths)
    font.face = face
    return font


def forget_font(font: ttfonts.TTFont) -> None:
    """Unregister a document's font, and drop its ``hbAddPrivate`` (ReportLab's bound method, or the
    function ``copy_font`` gave it): the font holds a function that holds the font, a reference cycle that
    kept the font, its tables and its subsets for the cycle collector."""
    font.unregister()
    font.__dict__.pop("hbAddPrivate", None)


def shaped_codes(font) -> dict:  # glyph name -> the private-use code ReportLab gave a shaped glyph
    return getattr(font, "_TTFont__hbUnis", None) or {}




def hb_font(font: ttfonts.TTFont):
    """The HarfBuzz font of a ReportLab TrueType font (made once per font object), at its units per em."""
    hbf = font.hbFont(1000)  # also makes the font's table of private-use codes for shaped glyphs
    return hbf, font.hbFace.upem


def glyph_code(font: ttfonts.TTFont, gid: int, key: str, advance: float) -> str:
    """A character that sets glyph ``gid`` in ``font``: a private-use code of its own per ``key`` (what the
    glyph is to read back as), with ``advance`` (thousandths of the size) as its PDF width."""
    return chr(font.hbAddPrivate(key, gid, advance))


def cmap_char(font: ttfonts.TTFont, gid: int) -> int | None:
    """The code point the font's cmap gives glyph ``gid``, if any."""
    chars = font.face.glyphToChar.get(gid)
    return chars[0] if chars else None


def char_glyph(font: ttfonts.TTFont, char: str) -> int | None:
    return font.face.charToGlyph.get(ord(char))


def char_width(font, char: str) -> float:
    """A character's PDF width in thousandths of the size (what the font's /W array says)."""
    widths = getattr(getattr(font, "face", None), "charWidths", None)
    if widths is not None:
        return widths.get(ord(char), 0)
    return font.stringWidth(char, 1000)


# A text object's fill colour, set for every paragraph and every link in it: ReportLab's setFillColor checks
# the colour's kind, formats its three numbers, then sets its opacity (1) through the graphics-state machinery,
# which writes nothing while the opacity stays 1. For an opaque RGB colour, where nothing set another opacity,
# the operator is written here, formatted once per colour (a test compares the bytes with ReportLab's way).
_RG: dict = {}


def fill_colour(tx, colour) -> None:
    """What ``tx.setFillColor(colour)`` does, directly where it can be."""
    if (type(colour) is Color and colour.alpha == 1 and tx._enforceColorSpace is None
            and tx._canvas._extgstate.getValue("ca") == 1 and tx._canvas._doc._pdfVersion >= (1, 4)):
        op = _RG.get(colour)
        if op is None:
            op = _RG[colour] = f"{fp_str(colour.red, colour.green, colour.blue)} rg"
        tx._fillColorObj = colour
        tx._code.append(op)
        return
    tx.setFillColor(colour)
