"""The Unicode bidirectional algorithm (UAX #9) for the PDF: embedding levels of a paragraph, resolved once in
logical order, and each line reordered after line breaking (rules L1 and L2).

PDF pages hold glyphs where they are drawn; Word files hold text in logical order and leave the algorithm
to the reader's application, so only the PDF writer uses this module. python-bidi (the Rust crate
unicode-bidi) resolves the levels: with ``debug=True`` its ``get_display`` returns the resolved paragraph,
levels per UTF-8 byte, which is what is read here.
"""

from __future__ import annotations

import re

from ...fonts.scripts import has_rtl, is_rtl

LRI, PDI = "\u2066", "\u2069"  # isolates: a note number is its own left-to-right island
_LEVELS = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str, rtl: bool) -> list[int]:
    """The resolved embedding level of every character of a paragraph whose base direction is right to left
    if ``rtl``: even levels run left to right, odd ones right to left."""
    base = 1 if rtl else 0
    if not rtl and not has_rtl(text):
        return [0] * len(text)
    from bidi import get_display

    info = get_display(text, base_dir="R" if rtl else "L", debug=True)
    start, end = info.find("levels:"), info.find("paragraphs:")
    per_byte = [int(n) for n in _LEVELS.findall(info[start:end])] if start >= 0 else []
    if len(per_byte) != len(text.encode("utf-8")):  # not the output this reads: strong types alone decide
        return [base if not is_rtl(c) else base | 1 for c in text]
    out, at = [], 0
    for c in text:
        out.append(per_byte[at])
        at += len(c.encode("utf-8"))
    return out


def visual_order(item_levels: list[int]) -> list[int]:
    """The indexes of a line's items in visual order, from their levels (rule L2: from the highest level
    down to the lowest odd one, reverse every run of items at that level or higher)."""
    order = list(range(len(item_levels)))
    if not item_levels:
        return order
    high = max(item_levels)
    low = min(lv for lv in item_levels if lv % 2) if any(lv % 2 for lv in item_levels) else high + 1
    for level in range(high, low - 1, -1):
        i, n = 0, len(order)
        while i < n:
            if item_levels[order[i]] >= level:
                j = i
                while j < n and item_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def display(text: str, rtl: bool) -> str:
    """A short label (a note's number, a list's number) in visual order in a paragraph of that direction."""
    if not rtl and not has_rtl(text):
        return text
    lv = levels(text, rtl)
    return "".join(text[i] for i in visual_order(lv))
