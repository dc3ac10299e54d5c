"""Inline nodes as the PDF sets them: spans of text, each with its emphasis and link, and the same spans as
ReportLab paragraph markup (text escaped, in visual order, in its script's font) where ReportLab sets them."""

from __future__ import annotations

from html import escape  # (xml.sax.saxutils' imports urllib, http and ssl: 9 ms)
from typing import NamedTuple

from ... import tree as T


class Span(NamedTuple):
    """A run of inline text as the PDF sets it: what the tree's inline nodes come to."""

    text: str | None  # None: a line break
    bold: bool = False
    italic: bool = False
    code: bool = False
    link: str | None = None  # a URL, or #note-N
    note: bool = False  # a note number: superscript, in the link colour


def spans(nodes, note_links: bool) -> list[Span]:
    """Inline nodes as spans of text, each with its emphasis and link; neighbours set alike are one span."""
    out: list[Span] = []
    _spans(nodes, note_links, False, False, None, out)
    return out


def _add_span(out: list[Span], span: Span) -> None:
    last = out[-1] if out else None
    if last is not None and last.text is not None and span.text is not None and not span.note \
            and last[1:] == span[1:]:
        out[-1] = last._replace(text=last.text + span.text)
    else:
        out.append(span)


def _spans(nodes, note_links: bool, bold: bool, italic: bool, link: str | None, out: list[Span]) -> None:
    for n in nodes:
        if isinstance(n, T.Str):
            _add_span(out, Span(n.text, bold, italic, link=link))
        elif isinstance(n, T.Emph):
            _spans(n.children, note_links, bold, True, link, out)
        elif isinstance(n, T.Strong):
            _spans(n.children, note_links, True, italic, link, out)
        elif isinstance(n, T.Code):
            _add_span(out, Span(n.text, bold, italic, code=True, link=link))
        elif isinstance(n, T.Link):
            _spans(n.children, note_links, bold, italic, n.url, out)
        elif isinstance(n, T.SoftBreak):
            _add_span(out, Span(" ", bold, italic, link=link))
        elif isinstance(n, T.LineBreak):
            _add_span(out, Span(None))
        elif isinstance(n, T.Cite) and n.note is not None:
            _add_span(out, Span(str(n.note), bold, italic, link=f"#note-{n.note}" if note_links else None, note=True))


def span_markup(items: list[Span], styles) -> str:
    """Spans as ReportLab paragraph markup (``styles`` a ``styles.Styles``): text escaped, in visual order, in
    its script's font."""
    out: list[str] = []
    for s in items:
        if s.text is None:
            out.append("<br/>")
            continue
        text = styles.text.code_markup(s.text) if s.code else styles.text.markup(s.text)
        if s.note:
            text = f"<super>{text}</super>"
        if s.italic:
            text = f"<i>{text}</i>"
        if s.bold:
            text = f"<b>{text}</b>"
        if s.link:
            href = escape(s.link, quote=False).replace('"', "&quot;")
            text = f'<a href="{href}" color="{styles.link}">{text}</a>'
        elif s.note:
            text = f'<font color="{styles.link}">{text}</font>'
        out.append(text)
    return "".join(out)


def inline_markup(nodes, styles) -> str:
    """Inline nodes as ReportLab paragraph markup."""
    return span_markup(spans(nodes, styles.note_links), styles)
