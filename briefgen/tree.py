"""The document tree: a small closed set of block and inline nodes, after pandoc's.

Renderers build it; writers only walk it. Anything audience-specific (a callout, a title block, a
contact box) is a ``Div`` with classes, never a new node type. Citations arrive resolved: a ``Cite``
points at numbered ``Note``s whose text is already formatted in the audience's style.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

# --- inlines ---------------------------------------------------------------------------------------


@dataclass
class Str:
    text: str


@dataclass
class Emph:
    children: list["Inline"]


@dataclass
class Strong:
    children: list["Inline"]


@dataclass
class Code:
    text: str


@dataclass
class Link:
    url: str
    children: list["Inline"]


@dataclass
class SoftBreak:
    pass


@dataclass
class LineBreak:
    pass


@dataclass
class CiteItem:
    """One cited source inside a citation group, as written: ``@key, p. 12``."""

    key: str
    locator: str | None = None  # "p. 12", "para. 69"
    prefix: str | None = None
    suffix: str | None = None
    suppress_author: bool = False  # [-@key]: the text names the author already


@dataclass
class Cite:
    """A citation group (``[@a, p. 3; @b]``). ``note`` is set by the citation pass."""

    items: list[CiteItem]
    note: int | None = None


Inline = Union[Str, Emph, Strong, Code, Link, SoftBreak, LineBreak, Cite]

# --- blocks ----------------------------------------------------------------------------------------


@dataclass
class Para:
    children: list[Inline]


@dataclass
class Heading:
    level: int
    children: list[Inline]
    id: str | None = None


@dataclass
class BulletList:
    items: list[list["Block"]]


@dataclass
class OrderedList:
    items: list[list["Block"]]
    start: int = 1
    delimiter: str = "."  # after each number: "1." or, written so, "1)"


@dataclass
class BlockQuote:
    children: list["Block"]


@dataclass
class Div:
    """A generic container; its classes name what it is (``callout``, ``title-block``, ``contacts``)."""

    children: list["Block"]
    classes: list[str] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    id: str | None = None


@dataclass
class Table:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]
    aligns: list[str | None] = field(default_factory=list)  # "left" | "center" | "right" | None
    # A body cell that holds only an image, by (row, column): its figure, printed in the cell; the cell's
    # inlines are the figure's description (its alternative text), which is not printed beside it.
    figures: dict[tuple[int, int], Figure] = field(default_factory=dict)


@dataclass
class Figure:
    src: str  # absolute path, checked by the renderer
    caption: list[Inline]
    credit: list[Inline] = field(default_factory=list)


@dataclass
class HorizontalRule:
    pass


@dataclass
class PageBreak:
    new_section: bool = False  # a section break (Word): the annex after a brief, say


@dataclass
class CodeBlock:
    text: str


@dataclass
class NotesPlaceholder:
    """Where the numbered notes go when a writer lays them out in the text (a list at the end), with what
    the template put above them (a heading). A writer that has real notes (Word footnotes) skips it whole."""

    children: list["Block"] = field(default_factory=list)


Block = Union[
    Para, Heading, BulletList, OrderedList, BlockQuote, Div, Table, Figure, HorizontalRule, PageBreak,
    CodeBlock, NotesPlaceholder,
]

# --- the document ----------------------------------------------------------------------------------


@dataclass
class Note:
    number: int
    children: list[Inline]


@dataclass
class Meta:
    """What the writers need beyond the body: metadata, running header and footer, page set-up."""

    title: str
    subtitle: str | None
    short_title: str
    organisation: str
    audience: str
    audience_label: str
    date: dt.date
    language: str
    marking: str  # "TLP:AMBER": the most sensitive content actually included
    keywords: list[str]
    paper: str = "A4"
    notes: str = "footnotes"  # "footnotes" or "endnotes": where Word puts them (the PDF lists them for now)
    reference_docx: str | None = None  # the audience's house-style .docx (absolute path), if it names one
    created: dt.datetime | None = None  # SOURCE_DATE_EPOCH, else the build time
    script_languages: dict[str, str] = field(default_factory=dict)  # {"Arab": "ug-CN", "Hani": "zh-CN"}
    page_label: str = "Page {page} of {pages}"  # the running footer's page number, in the brief's language
    direction: str = "ltr"  # "rtl": the brief's language is written right to left (Uyghur, Arabic ...)
    zero: str = "0"  # the digit zero of the language's numbers (page numbers): "٠" for Egyptian Arabic
    inputs_sha256: str = ""  # the evidence base's state (load/evidence.py), in the files' metadata
    hyphenate: str | None = None  # the hyphenation dictionary's language (pyphen), when the audience asks for it


@dataclass(frozen=True)
class Attachment:
    """A source's local file: listed with its SHA-256 in the Sources section, embedded where allowed."""

    source: str  # the source's id
    name: str  # the file name, as a reader saves it
    path: str  # absolute path
    sha256: str
    size: int
    description: str  # the source's title


@dataclass
class Document:
    meta: Meta
    blocks: list[Block]
    notes: list[Note] = field(default_factory=list)
    sources_cited: list[str] = field(default_factory=list)  # source ids, in bibliography order
    attachments: list[Attachment] = field(default_factory=list)  # files the PDF embeds
    citations: int = 0  # citation groups resolved: the notes, or (notes: none) the citations the text dropped


def merge_strs(nodes: list) -> list:
    """Join neighbouring ``Str`` nodes and drop empty ones."""
    out: list = []
    for n in nodes:
        if isinstance(n, Str) and out and isinstance(out[-1], Str):
            out[-1] = Str(out[-1].text + n.text)
        elif not (isinstance(n, Str) and not n.text):
            out.append(n)
    return out


def walk_inlines(inlines, fn):
    """Call ``fn`` on every inline node, depth first."""
    for node in inlines:
        fn(node)
        children = getattr(node, "children", None)
        if children is not None:
            walk_inlines(children, fn)


def walk(blocks, block_fn=None, inline_fn=None):
    """Visit every block (and, with ``inline_fn``, every inline) of a block list, in reading order."""
    for b in blocks:
        if block_fn:
            block_fn(b)
        if isinstance(b, (Para, Heading)):
            if inline_fn:
                walk_inlines(b.children, inline_fn)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                walk(item, block_fn, inline_fn)
        elif isinstance(b, (BlockQuote, Div, NotesPlaceholder)):
            walk(b.children, block_fn, inline_fn)
        elif isinstance(b, Table) and inline_fn:
            for cell in b.header:
                walk_inlines(cell, inline_fn)
            for row in b.rows:
                for cell in row:
                    walk_inlines(cell, inline_fn)
        elif isinstance(b, Figure) and inline_fn:
            walk_inlines(b.caption, inline_fn)
            walk_inlines(b.credit, inline_fn)


def plain_text(inlines) -> str:
    """The text of inline nodes, without markup or citations."""
    out: list[str] = []

    def visit(n):
        if isinstance(n, (Str, Code)):
            out.append(n.text)
        elif isinstance(n, (SoftBreak, LineBreak)):
            out.append(" ")

    walk_inlines(inlines, visit)
    return "".join(out)


def document_chars(doc: Document) -> str:
    """Every character the document prints (body, notes, running header and footer), each once, sorted."""
    chars: set[str] = set()

    def take(node):
        if isinstance(node, (Str, Code)):
            chars.update(node.text)

    walk(doc.blocks, block_fn=lambda b: isinstance(b, CodeBlock) and chars.update(b.text), inline_fn=take)
    for note in doc.notes:
        walk_inlines(note.children, take)
    m = doc.meta
    for text in (m.title, m.short_title, m.organisation, m.marking, m.subtitle or "", m.page_label,
                 "0123456789" if m.zero == "0" else "".join(chr(ord(m.zero) + d) for d in range(10))):
        chars.update(text)
    return "".join(sorted(chars))
