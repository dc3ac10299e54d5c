"""Runs of text in WordprocessingML, built directly with lxml: one run per script class, so that Word chooses
the font slot, direction and language (Uyghur: ``w:rtl`` and the complex-script font; Chinese: the East Asian
font and language)."""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from ...fonts.scripts import NEUTRAL, RTL_SCRIPTS, script

W_P = qn("w:p")

# What follows w:pBdr in a paragraph's properties (CT_PPrBase, then CT_PPr's own).
AFTER_PBDR = {"shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
              "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
              "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"}


def sub(parent, tag: str, attrs: dict | None = None):
    el = etree.SubElement(parent, qn(tag))
    for k, v in (attrs or {}).items():
        el.set(qn(k), v)
    return el


_recorded: list | None = None  # the text of every run written, while a document is written (verify.py)


def text_el(r, text: str) -> None:
    t = sub(r, "w:t")
    t.text = text
    if _recorded is not None:
        _recorded.append(text)
    if text[:1].isspace() or text[-1:].isspace() or "  " in text:  # else readers may fold white space
        t.set(XML_SPACE, "preserve")


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def run(p, text: str, bold=False, italic=False, code=False, languages: dict | None = None,
        fonts=None, style: str | None = None) -> None:
    """Runs for a text: one per script class, so that Word chooses font slot, direction and language
    (Uyghur: ``w:rtl`` and the complex-script font; Chinese: the East Asian font and language), and within
    it one per font where the PDF sets some of it in another family (``fonts``: an ``embed.WordFonts``).
    Bold and italic are set for complex scripts too (``w:bCs``, ``w:iCs``: Word's bold for Uyghur and
    Arabic). ``p`` is a paragraph or a hyperlink; ``style`` a character style's id (Hyperlink)."""
    for chunk, kind in script_runs(text):
        for piece, font in fonts.pieces(chunk, kind) if fonts is not None and not code else [(chunk, None)]:
            r = sub(p, "w:r")
            if bold or italic or code or kind or style or font:
                rpr = sub(r, "w:rPr")  # children in schema order: rStyle, rFonts, b, bCs, i, iCs, rtl, lang
                if style:
                    sub(rpr, "w:rStyle", {"w:val": style})
                if code:
                    mono = fonts.code_name if fonts is not None else "Courier New"
                    sub(rpr, "w:rFonts", {"w:ascii": mono, "w:hAnsi": mono})
                elif kind == "Hani":
                    sub(rpr, "w:rFonts", {"w:hint": "eastAsia", **({"w:eastAsia": font} if font else {})})
                elif kind == "Arab" and font:
                    sub(rpr, "w:rFonts", {"w:cs": font})
                elif font:  # a fallback's text (Devanagari, Thai, Ethiopic, Greek ...): every slot, as Word and
                    # LibreOffice each choose one by the script (Thai and Devanagari take the complex-script one)
                    sub(rpr, "w:rFonts", {"w:ascii": font, "w:hAnsi": font, "w:eastAsia": font, "w:cs": font})
                if bold:
                    sub(rpr, "w:b")
                    sub(rpr, "w:bCs")
                if italic:
                    sub(rpr, "w:i")
                    sub(rpr, "w:iCs")
                if kind == "Arab":
                    sub(rpr, "w:rtl")
                if kind:
                    lang = (languages or {}).get(kind)
                    if lang:
                        sub(rpr, "w:lang", {"w:bidi" if kind == "Arab" else "w:eastAsia": lang})
                elif font and languages and (lang := languages.get(_letters_script(piece))):
                    sub(rpr, "w:lang", {"w:val": lang, "w:bidi": lang})  # the script's, as its slot takes it
            text_el(r, piece)


def _letters_script(text: str) -> str | None:
    """The script of a text's first letter (``script_languages``' key: "Deva", "Thai", "Ethi" ...)."""
    return next((sc for sc in map(script, text) if sc not in NEUTRAL), None)


# Latin, its accents and modifier letters, and general punctuation (curly quotes, dashes): characters of neither
# class, which most text of most briefs is made of (U+02EA and U+02EB are Bopomofo).
_NEITHER = re.compile("[\u0000-\u02e9\u02ec-\u02ff\u2000-\u206f]*")


def script_runs(text: str) -> list[tuple[str, str | None]]:
    """Split text where its script class changes: "Arab" (right to left), "Hani", or None (the rest).
    Spaces and punctuation between two characters of one class belong to it."""
    if text.isascii() or _NEITHER.fullmatch(text):
        return [(text, None)]
    kinds = []
    for c in text:
        sc = script(c)
        kinds.append("Arab" if sc in RTL_SCRIPTS else "Hani" if sc in ("Hani", "Hira", "Kana", "Bopo") else
                     (None if sc not in NEUTRAL else "?"))
    # A neutral takes the class of the letters on both sides when they agree: the class before and after
    # each position, found in one pass each way (linear in the text's length, however long).
    after: list = [None] * len(kinds)
    following = None
    for i in range(len(kinds) - 1, -1, -1):
        after[i] = following
        if kinds[i] != "?":
            following = kinds[i]
    out: list[tuple[str, str | None]] = []
    before, start, current = None, 0, None
    for i, k in enumerate(kinds):
        if k == "?":
            k = before if before == after[i] else None
        else:
            before = k
        if i and k != current:
            out.append((text[start:i], current))
            start = i
        current = k
    out.append((text[start:], current))
    return out


def field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)
