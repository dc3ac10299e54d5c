"""Nothing lost between the Markdown a template wrote and the document tree: every word of the one is in
the other.

A Markdown parser drops what it cannot place (markdown-it stops at lists or quotes nested past its limit,
and everything after them vanishes). A brief that silently lacks half a finding is worse than no brief, so
the words of the source (letters and digits; syntax, list numbers, div markers and image addresses aside)
are compared with the words of the tree, and any missing is an error that quotes them.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from .. import tree as T
from ..load.citesyntax import COMMENT

_WORD = re.compile(r"[^\W_]+")
_FENCE_INFO = re.compile(r"^([ \t>]*)(`{3,}|~{3,}).*$", re.M)
_DIV_LINE = re.compile(r"^[ \t>]*:::.*$", re.M)
_REF_DEF = re.compile(r"^[ \t>]{0,3}\[([^\]\n]+)\]:[ \t]*\S.*$", re.M)
_FULL_REF = re.compile(r"(?<=\])\[((?:[^\[\]\\]|\\.)+)\]")  # the label of [text][label]: not printed
_LIST_MARK = re.compile(r"^([ \t>]*)(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)", re.M)
_IMAGE = re.compile(r"!\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\\]|\\.)*\)")


def source_words(markdown: str) -> set[str]:
    """The words a reader should find in the brief: Markdown's syntax, list markers, div and fence lines and
    image addresses left out."""
    text = COMMENT.sub("", markdown)  # never printed (``markup.py``)
    text = _DIV_LINE.sub("", text)
    text = _FENCE_INFO.sub(lambda m: m.group(1) + m.group(2), text)
    defined = {_label(m.group(1)) for m in _REF_DEF.finditer(text)}
    text = _REF_DEF.sub("", text)
    text = _FULL_REF.sub(lambda m: "" if _label(m.group(1)) in defined else m.group(0), text)
    text = _LIST_MARK.sub(lambda m: m.group(1), text)
    text = _IMAGE.sub(lambda m: m.group(1), text)
    return set(_WORD.findall(html.unescape(text)))


def _label(label: str) -> str:
    """A link label as CommonMark matches it: case-folded, its runs of white space one space."""
    return " ".join(label.split()).casefold()


def tree_words(blocks: list) -> set[str]:
    """The words the tree holds: its text, link addresses, citations as written, div names."""
    parts: list[str] = []

    def inline(n):
        if isinstance(n, (T.Str, T.Code)):
            parts.append(n.text)
        elif isinstance(n, T.Link):  # as written, and as the parser encoded it ("2" is %222%22, bücher xn--bcher-kva)
            parts.extend((n.url, unquote(n.url), _PUNYCODE.sub(_unpunycode, unquote(n.url))))
        elif isinstance(n, T.Cite):
            parts.extend(x for it in n.items for x in (it.key, it.locator, it.prefix, it.suffix) if x)

    def block(b):
        if isinstance(b, T.CodeBlock):
            parts.append(b.text)
        elif isinstance(b, T.Div):
            parts.extend([*b.classes, b.id or "", *b.attrs.keys(), *b.attrs.values()])
        elif isinstance(b, T.Figure):
            parts.append(b.src)

    T.walk(blocks, block_fn=block, inline_fn=inline)
    return set(_WORD.findall(html.unescape(" ".join(parts))))


_PUNYCODE = re.compile(r"(?<![\w-])xn--([a-z0-9-]+)", re.I)


def _unpunycode(m: re.Match) -> str:
    try:
        return m.group(1).encode("ascii").decode("punycode")
    except UnicodeError:
        return m.group(0)


def lost_words(markdown: str, blocks: list) -> list[str]:
    """Words of ``markdown`` that the tree parsed from it does not hold, in the order they are written."""
    missing = source_words(markdown) - tree_words(blocks)
    if not missing:
        return []
    order = {w: i for i, w in reversed(list(enumerate(_WORD.findall(markdown))))}
    return sorted(missing, key=lambda w: order.get(w, len(order)))


def ragged_row(tokens, lines: list[str]) -> str | None:
    """What a table row with more cells than its header loses (the table rule drops them), said of its first
    such row; None when no row has more."""
    header = 0
    for t in tokens:
        if t.type == "thead_open":
            header = -1
        elif t.type == "th_open" and header < 0:
            header -= 1
        elif t.type == "tbody_open":
            header = -header - 1
        elif t.type == "tr_open" and header > 0 and t.map and t.map[0] < len(lines):
            written = _cells(lines[t.map[0]])
            if written > header:
                row = lines[t.map[0]].strip()[:60]
                return (f"a table row has {written} cells where its header has {header}, and the cells past the "
                        f"header's are dropped: give the header more cells, or join cells ('{row}')")
    return None


def _cells(row: str) -> int:
    """How many cells a table row is written with: its | outside code spans and escapes, less an outer pair."""
    row, bars, code, i = row.strip(), 0, 0, 0
    while i < len(row):
        c = row[i]
        if c == "\\":
            i += 2
            continue
        if c == "`":
            run = len(row[i:]) - len(row[i:].lstrip("`"))
            code = 0 if code == run else code or run
            i += run
            continue
        bars += c == "|" and not code
        i += 1
    return bars + 1 - row.startswith("|") - (row.endswith("|") and len(row) > 1)
