"""Sections with nothing in them are left out: a template's heading over a loop that printed nothing (no asks
for this audience, no contacts, no source cited) would print as a bare heading, and a box whose content was
all left out as an empty box."""

from __future__ import annotations

import re

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


MAX_LIST_DEPTH = 12  # lists in lists set as such; deeper ones are set flat in the twelfth


def flatten_deep_lists(blocks: list, depth: int = 0) -> None:
    """Lists nested more than ``MAX_LIST_DEPTH`` deep set flat, in place: their items' blocks in the item of the
    twelfth list. Each level is indented further (in Word too), and a list forty deep ran off the page: the PDF
    layout stopped."""
    for b in blocks:
        if isinstance(b, (T.BulletList, T.OrderedList)):
            for item in b.items:
                item[:] = _flat_item(item, depth + 1)
        elif isinstance(b, (T.BlockQuote, T.Div)):
            flatten_deep_lists(b.children, depth)


def _flat_item(item: list, depth: int) -> list:
    out: list = []
    for c in item:
        if isinstance(c, (T.BulletList, T.OrderedList)) and depth >= MAX_LIST_DEPTH:
            for inner in c.items:
                out.extend(_flat_item(inner, depth))
            continue
        flatten_deep_lists([c], depth)
        out.append(c)
    return out


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


_PAREN = re.compile(r"\s*[(（]([^()（）]{1,200})[)）]")
_LABEL = re.compile(r"^[^:：;]{1,24}[:：]\s*")


def first_mentions(blocks: list, forms: set[str]) -> None:
    """A name's forms in its own scripts ("Tekes County (特克斯县; Uyghur: تېكەس ناھىيىسى)") are kept at its first
    mention in the brief only: later parentheses holding only forms the brief has given are removed, in place.
    ``forms`` are the glossary's."""
    if not forms:
        return
    seen: set[str] = set()

    def visit(node):
        if not isinstance(node, T.Str) or "(" not in node.text and "（" not in node.text:
            return

        def replace(m):
            parts = [_LABEL.sub("", p.strip()) for p in m.group(1).split(";")]
            if not all(p in forms for p in parts):
                return m.group(0)
            if set(parts) <= seen:
                return ""
            seen.update(parts)
            return m.group(0)

        node.text = _PAREN.sub(replace, node.text)

    T.walk(blocks, inline_fn=visit)


def label_continuations(blocks: list, gettext) -> None:
    """A box that opens with a bold title ("**Key facts**") gets the label its continuation carries should it
    split across pages ("Key facts (continued)", in the brief's language), as the Div's ``continued``."""
    def label(b):
        if isinstance(b, T.Div) and "callout" in b.classes and b.children and isinstance(b.children[0], T.Para):
            first = b.children[0].children
            if first and isinstance(first[0], T.Strong) and T.plain_text(first[0].children).strip():
                title = T.plain_text(first[0].children).strip()
                b.attrs.setdefault("continued", gettext("{title} (continued)").format(title=title))

    T.walk(blocks, block_fn=label)
