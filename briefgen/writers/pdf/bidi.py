"""Right-to-left text in visual order, for the PDF (Uyghur in Arabic script).

PDF pages hold glyphs in visual order; Word files hold text in logical order and let the reader's
application run the Unicode bidirectional algorithm, so only the PDF writer uses this module.
python-bidi resolves the algorithm (levels, reordering, mirrored brackets). HarfBuzz then shapes each
Arabic-script word and puts its glyphs in visual order itself, so the characters inside such words are
handed back to it in logical order.
"""

from __future__ import annotations

import unicodedata

from ...fonts.scripts import has_rtl, is_rtl, script


def _word_char(c: str) -> bool:
    return (is_rtl(c) or script(c) == "Zinh") and unicodedata.category(c) != "Nd"


def _relogical_words(visual: str) -> str:
    """Put the characters of each right-to-left word back in logical order (HarfBuzz reverses them)."""
    out, run = [], []
    for c in visual:
        if _word_char(c):
            run.append(c)
            continue
        if run:
            out.append("".join(reversed(run)))
            run = []
        out.append(c)
    if run:
        out.append("".join(reversed(run)))
    return "".join(out)


def visual(text: str, rtl_base: bool = False) -> str:
    """One line of text in visual order, right-to-left words still in logical order for shaping."""
    if not has_rtl(text):
        return text
    from bidi import get_display

    return _relogical_words(get_display(text, base_dir="R" if rtl_base else "L"))


def break_lines(words: list[str], widths: list[float], space: float, max_width: float) -> list[list[int]]:
    """Greedy line breaking in logical order: lists of word indexes, each line within ``max_width``."""
    lines: list[list[int]] = [[]]
    used = 0.0
    for i, w in enumerate(widths):
        extra = w if not lines[-1] else space + w
        if lines[-1] and used + extra > max_width:
            lines.append([i])
            used = w
        else:
            lines[-1].append(i)
            used += extra
    return [ln for ln in lines if ln]
