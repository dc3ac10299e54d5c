"""Unicode scripts and text direction: which script a character is in, and which way a text runs.

Shared by the writers: fonts are chosen by script (``families.py``), a Word run carries its script's font
slot and direction, and a PDF sets right-to-left text in visual order (``writers/pdf/bidi.py``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def script(char: str) -> str:
    """The Unicode script code of a character (``Latn``, ``Arab``, ``Hani``, ``Zyyy`` for common ...)."""
    from fontTools import unicodedata

    return unicodedata.script(char)


RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Samr", "Mand", "Adlm", "Rohg"}
NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}


# The characters that only steer the bidirectional algorithm (marks, embeddings, overrides, isolates): they
# print nothing, and a PDF page, which holds glyphs where they stand, has no use for them once it is laid out.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def language_of(text: str, languages: dict[str, str]) -> str | None:
    """The language ``languages`` (script code -> language tag, a dossier's ``script_languages``) gives the
    first character of ``text`` whose script has one; None when none has."""
    for c in text:
        lang = languages.get(script(c))
        if lang:
            return lang
    return None


def is_rtl(char: str) -> bool:
    return script(char) in RTL_SCRIPTS


# The Unicode blocks of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic,
# Arabic supplements and presentation forms, and their supplementary-plane blocks): one C-speed search.
_RTL_BLOCKS = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\U00010800-\U00010FFF\U0001E800-\U0001EFFF]")


def has_rtl(text: str) -> bool:
    return _RTL_BLOCKS.search(text) is not None


_ASCII_LETTER = re.compile(r"[A-Za-z]")
_ISOLATE_OPEN, _ISOLATE_CLOSE = "\u2066\u2067\u2068", "\u2069"  # LRI, RLI, FSI; PDI


def first_strong(text: str) -> str | None:
    """"rtl" or "ltr": the direction of the first strong character (bidi class L, R or AL) outside isolates
    (UAX #9 P2); None when the text has none."""
    if text.isascii():
        return "ltr" if _ASCII_LETTER.search(text) else None
    depth = 0
    for c in text:
        if c in _ISOLATE_OPEN:
            depth += 1
        elif c == _ISOLATE_CLOSE:
            depth = max(0, depth - 1)
        elif not depth:
            kind = unicodedata.bidirectional(c)
            if kind == "L":
                return "ltr"
            if kind in ("R", "AL"):
                return "rtl"
    return None


def paragraph_rtl(text: str, brief_rtl: bool) -> bool:
    """Whether a paragraph of this text runs right to left (P2/P3; the brief's direction when no character
    is strong): the rule both writers follow."""
    found = first_strong(text)
    return brief_rtl if found is None else found == "rtl"


# Scripts whose letters change shape or order with their neighbours: set only after HarfBuzz has shaped them.
SHAPED_SCRIPTS = RTL_SCRIPTS | {
    "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt",
    "Mymr", "Khmr", "Mong",
}
_SIMPLE = re.compile(r"[\u0000-\u02ff\u2000-\u206f\u20a0-\u20cf\u2100-\u2bff\u3000-\u9fff\uac00-\ud7af]*")


def needs_shaping(text: str) -> bool:
    """Whether text must be shaped to print right: right-to-left or Indic and Southeast Asian scripts, or
    combining marks (which a plain layout sets beside, not over, their letter)."""
    if _SIMPLE.fullmatch(text):
        return False
    import unicodedata

    return any(script(c) in SHAPED_SCRIPTS or unicodedata.category(c) in ("Mn", "Mc") for c in text)
