"""Markdown (as a template emits it) into the document tree, through markdown-it-py.

Supported beyond CommonMark: GFM tables, pandoc fenced divs (``::: {.callout}`` ... ``:::``, nested as
pandoc nests them: ``fences.py``), pandoc
citations (``[@key, p. 12]``), a paragraph holding only an image as a figure
(``![Caption](path "Credit")``), and the special divs ``::: page-break`` and ``::: notes``.
Raw HTML is off: ``<font>`` in a finding is text. An HTML comment (``<!-- ... -->``) is never printed: teams
hide notes in them, as Markdown lets them do everywhere else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from ..errors import BriefgenError
from ..load.citesyntax import COMMENT, UNCLOSED_COMMENT, cite_plugin, unclosed_comment
from ..load.images import image_problem
from ..load.paths import inside, web_address
from ..tree import (
    BlockQuote,
    BulletList,
    Cite,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    HorizontalRule,
    LineBreak,
    Link,
    NotesPlaceholder,
    OrderedList,
    PageBreak,
    Para,
    SoftBreak,
    Str,
    Strong,
    Table,
    plain_text,
)
from .fences import nest_fences
from .lossless import lost_words, ragged_row
from .tidy import flatten_deep_lists
from .typography import quotes


@lru_cache(maxsize=8)
def _parser(marks: str = "\u201c\u201d\u2018\u2019", html: bool = True):
    """The parser; ``marks`` are what straight quotes become (``typography.quotes``: « » in French). HTML is
    recognised only to find comments: other HTML is text (``_html_block``, ``_inline_run``)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark", {"html": html, "typographer": True, "maxNesting": MAX_NESTING, "quotes": marks})
    md.enable(["table", "smartquotes", "strikethrough"])
    container_plugin(md, "div", validate=lambda params, *a: bool(params.strip()))
    cite_plugin(md)
    return md


def opens_with_paragraph(markdown: str) -> bool:
    """Whether ``markdown``'s first block is a paragraph of text (not a heading, list, table, quote, box, code
    or figure): one that a lead-in may run into (``run_in``)."""
    tokens = _parser().parse(nest_fences(markdown))
    return len(tokens) > 1 and tokens[0].type == "paragraph_open" and _only_image(tokens[1]) is None


def parse_div_info(info: str) -> tuple[str | None, list[str], dict[str, str]]:
    """``{#id .a .b key="v"}`` or a bare ``name`` into (id, classes, attrs)."""
    info = info.strip()
    if not info.startswith("{"):
        return None, info.split(), {}
    from mdit_py_plugins.attrs.parse import ParseError, parse

    try:
        _, attrs = parse(info)
    except ParseError as exc:
        raise BriefgenError(f"bad div attributes '{info}': {exc}")
    attrs = dict(attrs)
    ident = attrs.pop("id", None)
    classes = attrs.pop("class", "").split()
    return ident, classes, attrs


class MarkupError(BriefgenError):
    """Markdown that cannot be set as written: reported at the field that holds it (``render/document.py``)."""


class LostText(MarkupError):
    """Markdown the parser could not place: ``words`` are what the tree would lack."""

    def __init__(self, words: list[str], why: str | None = None):
        self.words = words
        shown = ", ".join(f"'{w}'" for w in words[:6]) + (" ..." if len(words) > 6 else "")
        super().__init__(f"Markdown: {len(words)} word{'s' * (len(words) != 1)} would be lost ({shown}); "
                         + (why or "lists or quotes nested more than 40 deep?"))


# Lists and quotes inside each other, as markdown-it counts them (it stops, and drops the rest, past it): a list
# takes two (the list and its item), so lists 40 deep and a template's divs around them fit.
MAX_NESTING = 90
MAX_COLUMNS = 63  # Word's limit for a table (extra cells in a row are dropped by the Markdown table rule)


def to_tree(markdown: str, base: Path, language: str | None = None) -> list:
    """Parse Markdown into blocks; image paths are resolved against ``base``; straight quotes become the
    ``language``'s (``typography.py``; the rest of its typography is a pass over the tree, after this).
    Raises ``LostText`` when the tree would lack words the Markdown holds."""
    if unclosed_comment(markdown) is not None:
        raise BriefgenError(UNCLOSED_COMMENT)
    marks = quotes(language)
    tokens = _parser(marks).parse(nest_fences(markdown))
    blocks, _ = _blocks(tokens, 0, None, base, marks)
    flatten_deep_lists(blocks)
    lost = lost_words(markdown, blocks)
    if lost:
        raise LostText(lost, ragged_row(tokens, markdown.split("\n")))
    return blocks


def _blocks(tokens, i: int, close: str | None, base: Path, marks: str):
    out = []
    while i < len(tokens):
        t = tokens[i]
        ty = t.type
        if close is not None and ty == close:
            return out, i + 1
        if ty == "paragraph_open":
            inline = tokens[i + 1]
            out.append(_paragraph(inline, base))
            i += 3
        elif ty == "heading_open":
            out.append(Heading(int(t.tag[1]), _inlines(tokens[i + 1].children or [])))
            i += 3
        elif ty in ("bullet_list_open", "ordered_list_open"):
            items, i = _list_items(tokens, i + 1, ty.replace("_open", "_close"), base, marks)
            if ty == "bullet_list_open":
                out.append(BulletList(items))
            else:
                out.append(OrderedList(items, _start(t.attrGet("start")), ")" if t.markup == ")" else "."))
        elif ty == "blockquote_open":
            children, i = _blocks(tokens, i + 1, "blockquote_close", base, marks)
            out.append(BlockQuote(_unbroken(children)))
        elif ty == "container_div_open":
            ident, classes, attrs = parse_div_info(t.info)
            children, i = _blocks(tokens, i + 1, "container_div_close", base, marks)
            if "page-break" in classes or "section-break" in classes:
                out.append(PageBreak(new_section="section-break" in classes))
            elif "notes" in classes:
                out.append(NotesPlaceholder(children))
            else:
                out.append(Div(_unbroken(children) if "callout" in classes else children, classes, attrs, ident))
        elif ty == "table_open":
            table, i = _table(tokens, i + 1, base)
            out.append(table)
        elif ty == "hr":
            out.append(HorizontalRule())
            i += 1
        elif ty in ("fence", "code_block"):
            out.append(CodeBlock(t.content.rstrip("\n")))
            i += 1
        elif ty == "html_block":
            out.extend(_html_block(t.content, base, marks))
            i += 1
        else:
            i += 1  # anything else carries no content
    return out, i


def _html_block(text: str, base: Path, marks: str) -> list:
    """Lines CommonMark reads as HTML: their comments left out, the rest read as Markdown, HTML as text."""
    if text.lstrip().startswith("<!--") and "-->" not in text:
        raise BriefgenError(UNCLOSED_COMMENT)
    rest = COMMENT.sub("", text)
    if not rest.strip():
        return []
    blocks, _ = _blocks(_parser(marks, html=False).parse(rest), 0, None, base, marks)
    return blocks




def _unbroken(blocks: list) -> list:
    """What a box (a callout, a quote) or a list item holds, without page breaks at any depth: a page cannot
    break inside a box's cell (the PDF's layout stopped on one), nor Word's."""
    out = []
    for b in blocks:
        if isinstance(b, PageBreak):
            continue
        if isinstance(b, (Div, BlockQuote)):
            b.children = _unbroken(b.children)
        out.append(b)
    return out


def _list_items(tokens, i: int, close: str, base: Path, marks: str):
    items = []
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            blocks, i = _blocks(tokens, i + 1, "list_item_close", base, marks)
            items.append(_unbroken(blocks))
        else:
            i += 1
    return items, i + 1


def _table(tokens, i: int, base: Path):
    header, rows, aligns, row, in_head, figures = [], [], [], [], False, {}
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
        elif t.type == "tr_close":
            (header.extend(row) if in_head else rows.append(row))
        elif t.type in ("th_open", "td_open"):
            if in_head:
                style = t.attrGet("style") or ""
                aligns.append(style.split(":")[-1] if "text-align" in style else None)
            img = None if in_head else _only_image(tokens[i + 1])
            if img is not None:  # a photograph in a cell: printed there, its description its alternative text
                figures[(len(rows), len(row))] = _figure(img, base)
            row.append(_inlines(tokens[i + 1].children or []))
            i += 2
        i += 1
    if len(header) > MAX_COLUMNS:
        raise MarkupError(f"Markdown: a table of {len(header)} columns, where a Word table holds at most "
                            f"{MAX_COLUMNS}: split it into tables of fewer columns, or attach it as a file")
    return Table(header, rows, aligns, figures), i + 1


def _start(start) -> int:
    """An ordered list's first number: 1 when it is written 1 or not at all, 0 when written 0."""
    return 1 if start is None else int(start)


def _only_image(inline):
    """The image token an inline token holds alone (white space aside), or None."""
    children = [c for c in (inline.children or []) if not (c.type == "text" and not c.content.strip())]
    return children[0] if len(children) == 1 and children[0].type == "image" else None


def _paragraph(inline, base: Path):
    img = _only_image(inline)
    return _figure(img, base) if img is not None else Para(_inlines(inline.children or []))


def _figure(img, base: Path) -> Figure:
    """A figure from an image token: its file checked, its description required."""
    src = img.attrGet("src") or ""
    credit = img.attrGet("title") or ""
    path = inside(base, unquote(src), "image")  # a template's images too stay inside the dossier
    if not path.is_file():
        raise BriefgenError(f"figure image not found: {src}")
    problem = image_problem(path)
    if problem:
        raise BriefgenError(f"image {src}: {problem}")
    caption = _inlines(img.children or [])
    if not plain_text(caption).strip():  # a screen reader would say "figure", and nothing of what it shows
        raise BriefgenError(f"figure {src} has no description: write what it shows between the brackets, "
                            f"![Satellite image of the Tekes County facility, 2019]({src}); it is the "
                            "figure's caption and its alternative text")
    return Figure(str(path), caption, [Str(credit)] if credit else [])


_CONTAINERS = {"em_open": ("em_close", Emph), "strong_open": ("strong_close", Strong), "s_open": ("s_close", None)}


def _inlines(tokens) -> list:
    out, _ = _inline_run(tokens, 0, None)
    return _merge_text(out)


def _inline_run(tokens, i: int, close: str | None):
    out = []
    while i < len(tokens):
        t = tokens[i]
        ty = t.type
        if close is not None and ty == close:
            return out, i + 1
        if ty == "text":
            out.append(Str(t.content))
        elif ty == "html_inline":  # a comment is left out; a tag is text, as written
            if not t.content.startswith("<!--"):
                out.append(Str(t.content))
        elif ty == "softbreak":
            out.append(SoftBreak())
        elif ty == "hardbreak":
            out.append(LineBreak())
        elif ty == "code_inline":
            out.append(Code(t.content))
        elif ty == "cite":
            out.append(t.meta["cite"])
        elif ty in _CONTAINERS:
            end, node = _CONTAINERS[ty]
            children, i = _inline_run(tokens, i + 1, end)
            out.extend([node(children)] if node else children)
            continue
        elif ty == "link_open":
            children, i = _inline_run(tokens, i + 1, "link_close")
            href = t.attrGet("href") or ""
            if not href.startswith("#"):
                try:
                    href = web_address(href)
                except ValueError as exc:
                    raise BriefgenError(f"link: {exc}") from None
            out.append(Link(href, children))
            continue
        elif ty == "image":  # an image inside running text: keep its description
            out.extend(_inline_run(t.children or [], 0, None)[0])
        i += 1
    return out, i


def _merge_text(nodes):
    """Join adjacent ``Str`` nodes (markdown-it splits text at every special character)."""
    out = []
    for n in nodes:
        if isinstance(n, Str) and out and isinstance(out[-1], Str):
            out[-1] = Str(out[-1].text + n.text)
        else:
            if hasattr(n, "children") and not isinstance(n, Cite):
                n.children = _merge_text(n.children)
            out.append(n)
    return out
