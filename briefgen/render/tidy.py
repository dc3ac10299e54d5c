"""Sections with nothing in them are left out: a template's heading over a loop that printed nothing (no asks
for this audience, no contacts, no source cited) would print as a bare heading, and a box whose content was
all left out as an empty box."""

from __future__ import annotations

from .. import tree as T

_LEVELS = range(1, 7)


def drop_empty_sections(blocks: list) -> list:
    """``blocks`` without headings whose section holds no content and without empty boxes (divs, quotes)."""
    inner = [_pruned(b) for b in blocks]
    kept: list = []
    content_below = {level: False for level in _LEVELS}  # content between here and the next heading at level
    for b in reversed(inner):
        if b is None:
            continue
        if isinstance(b, T.Heading):
            level = min(max(b.level, 1), 6)
            if not content_below[level]:
                continue  # nothing in its section
            kept.append(b)
            for lv in _LEVELS:
                content_below[lv] = lv < level
            continue
        kept.append(b)
        if _is_content(b):
            for lv in _LEVELS:
                content_below[lv] = True
    kept.reverse()
    return kept


def _pruned(b):
    """A box with its own empty sections dropped; None when nothing is left in it."""
    if isinstance(b, (T.Div, T.BlockQuote)):
        b.children = drop_empty_sections(b.children)
        if not any(_is_content(c) for c in b.children):
            return None
    return b


def _is_content(b) -> bool:
    if isinstance(b, (T.Heading, T.PageBreak, T.HorizontalRule)):
        return False
    if isinstance(b, (T.BulletList, T.OrderedList)):
        return bool(b.items)
    if isinstance(b, (T.Div, T.BlockQuote)):
        return any(_is_content(c) for c in b.children)
    return True  # paragraphs, tables, figures, code, the notes
