"""Which way a Word paragraph, section and table run: right to left in a brief in Uyghur or Arabic.

A paragraph's base direction is that of its first strong character (UAX #9, rules P2 and P3); a paragraph
with none (a number, a dash, an empty cell) takes the brief's direction. So an untranslated English
paragraph in a Uyghur brief stays left to right, and a quotation that opens in Uyghur is right to left in an
English brief. A right-to-left paragraph carries ``w:bidi``; Word and LibreOffice then put its start on the
right, indents and tab stops mirrored. A right-to-left brief also has ``w:bidi`` in every section (the page
is mirrored: gutter, columns, the running header's tab stops) and ``w:bidiVisual`` in every table (its
first column on the right).
"""

from __future__ import annotations

from docx.oxml.ns import qn

from ... import tree as T
from ...fonts.scripts import paragraph_rtl

W_P, W_PPR, W_T, W_BIDI = qn("w:p"), qn("w:pPr"), qn("w:t"), qn("w:bidi")

# What follows w:bidi inside w:pPr, in the schema's order (CT_PPrBase, then CT_PPr's own children).
_PPR_AFTER_BIDI = frozenset(qn(t) for t in (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))
# What follows w:bidi and w:rtlGutter inside w:sectPr (CT_SectPr).
_SECT_AFTER_BIDI = frozenset(qn(t) for t in ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange"))
_SECT_AFTER_GUTTER = frozenset(qn(t) for t in ("w:docGrid", "w:printerSettings", "w:sectPrChange"))

def is_rtl(meta: T.Meta) -> bool:
    return meta.direction == "rtl"


def languages(meta: T.Meta) -> dict[str, str]:
    """The language of each script's runs (``w:lang``). In a brief written right to left its own script's
    text is in the brief's language: an Arabic brief's Arabic-script runs are Arabic, whatever language the
    dossier's ``script_languages`` gives quotations in another script (a Uyghur brief keeps ``ug-CN``)."""
    out = dict(meta.script_languages)
    if is_rtl(meta) and _primary(out.get("Arab", "")) != _primary(meta.language):
        out["Arab"] = meta.language
    return out


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def set_bidi(p) -> None:
    """``w:bidi`` in the paragraph ``p``'s properties, where the schema orders it (idempotent)."""
    ppr = p.find(W_PPR)
    if ppr is None:
        ppr = p.makeelement(W_PPR, {})
        p.insert(0, ppr)
    if ppr.find(W_BIDI) is None:
        _insert(ppr, ppr.makeelement(W_BIDI, {}), _PPR_AFTER_BIDI)


def direct(p, text: str, brief_rtl: bool) -> bool:
    """Give the paragraph ``p`` the direction of its ``text``; returns whether it is right to left."""
    rtl = paragraph_rtl(text, brief_rtl)
    if rtl:
        set_bidi(p)
    return rtl


def mirror_textless(root) -> None:
    """``w:bidi`` on every paragraph under ``root`` that holds no text (an image, a page break, a short
    row's empty cell, a note separator): in a right-to-left brief these take its direction."""
    for p in root.iter(W_P):
        if not any(t.text for t in p.iter(W_T)):
            set_bidi(p)


def mirror_sections(body) -> None:
    """``w:bidi`` and ``w:rtlGutter`` in every section of the body (the last one's and those in paragraphs)."""
    for sect in body.iter(qn("w:sectPr")):
        if sect.find(W_BIDI) is None:
            _insert(sect, sect.makeelement(W_BIDI, {}), _SECT_AFTER_BIDI)
        if sect.find(qn("w:rtlGutter")) is None:
            _insert(sect, sect.makeelement(qn("w:rtlGutter"), {}), _SECT_AFTER_GUTTER)


def _insert(parent, el, successors: frozenset) -> None:
    for child in parent:
        if child.tag in successors:
            child.addprevious(el)
            return
    parent.append(el)
