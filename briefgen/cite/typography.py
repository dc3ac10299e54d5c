"""Typographic quotes in the text of notes and lists of sources, as in the body of a brief: a source's title
written with straight quotes ("'Absolutely No Mercy'") is printed with curly ones, and an apostrophe is ’.
The conversion is markdown-it's own (its smartquotes rule), so notes and bodies follow one rule."""

from __future__ import annotations

from functools import lru_cache

from ..tree import Str, walk_inlines


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("zero", {"typographer": True}).enable(["smartquotes", "escape"])


@lru_cache(maxsize=4096)
def smart(text: str) -> str:
    """``text`` with straight quotes and apostrophes made typographic."""
    if '"' not in text and "'" not in text:
        return text
    escaped = "".join("\\" + c if c in "\\`*_[]<>&!" else c for c in text)
    tokens = _parser().parseInline(escaped)
    return "".join(t.content for t in tokens[0].children or [] if t.type == "text") if tokens else text


def smarten(inlines: list) -> None:
    """Make the quotes of every text node in ``inlines`` typographic, in place."""
    def visit(node):
        if isinstance(node, Str):
            node.text = smart(node.text)

    walk_inlines(inlines, visit)


@lru_cache(maxsize=1)
def _affix_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["emphasis", "escape", "backticks"])


def affix(text: str) -> list:
    """A citation's prefix or suffix ("*see* also", "emphasis *added*") as inlines: its emphasis printed as
    emphasis, as pandoc prints it, not as asterisks."""
    from ..tree import Code, Emph, Strong, merge_strs

    if not any(c in text for c in "*_`\\"):
        return [Str(text)]
    stack: list[list] = [[]]
    for t in _affix_parser().parseInline(text)[0].children or []:
        if t.type in ("em_open", "strong_open"):
            stack.append([])
        elif t.type in ("em_close", "strong_close") and len(stack) > 1:
            children = merge_strs(stack.pop())
            stack[-1].append(Emph(children) if t.type == "em_close" else Strong(children))
        elif t.type == "code_inline":
            stack[-1].append(Code(t.content))
        else:
            stack[-1].append(Str(t.content))
    while len(stack) > 1:  # not closed: as written
        top = stack.pop()
        stack[-1].extend(top)
    return merge_strs(stack[0])
