"""Links inside the brief: each heading gets an identifier as pandoc makes it ("## The files' end" is
``#the-files-end``), so that ``[the evidence](#findings)`` leads to the heading "Findings" in the PDF and in
Word. A link to an identifier the brief has no heading for (a section this audience's template does not
print, a typing error) is printed as its text alone: a link that leads nowhere would be a broken promise in
the PDF (ReportLab refused to write such a file) and in Word."""

from __future__ import annotations

import re
import unicodedata

from .. import tree as T

MAX_ID = 38  # Word's bookmark names hold at most 40 characters: "h_" and the identifier


def link_headings(blocks: list) -> None:
    """Give every heading its identifier (unique in the brief; "section" where its text has no Latin
    letter or digit) and unlink the internal links to none, in place."""
    ids: set[str] = set()

    def name(b) -> None:
        if isinstance(b, T.Heading):
            base = b.id or _slug(T.plain_text(b.children)) or "section"
            if re.fullmatch(r"note-\d+", base):  # the notes' own anchors (a heading "Note 3")
                base = f"section-{base}"
            b.id, n = base, 0
            while b.id in ids:
                n += 1
                b.id = f"{base[:MAX_ID - 4]}-{n}"
            ids.add(b.id)

    T.walk(blocks, block_fn=name)
    _unlink_blocks(blocks, ids)


def _slug(text: str) -> str:
    """pandoc's identifier, in ASCII: letters (accents dropped) and digits, lower case, words joined by "-"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9\s-]", "", ascii_text.lower()).split()
    slug = "-".join(words).strip("-")
    slug = re.sub(r"^[^a-z]+", "", slug)  # an identifier begins with a letter
    return slug[:MAX_ID].rstrip("-")


def _unlink_blocks(blocks: list, ids: set[str]) -> None:
    for b in blocks:
        if isinstance(b, (T.Para, T.Heading)):
            b.children = _unlinked(b.children, ids)
        elif isinstance(b, (T.BulletList, T.OrderedList)):
            for item in b.items:
                _unlink_blocks(item, ids)
        elif isinstance(b, (T.BlockQuote, T.Div, T.NotesPlaceholder)):
            _unlink_blocks(b.children, ids)
        elif isinstance(b, T.Table):
            b.header = [_unlinked(cell, ids) for cell in b.header]
            b.rows = [[_unlinked(cell, ids) for cell in row] for row in b.rows]
        elif isinstance(b, T.Figure):
            b.caption, b.credit = _unlinked(b.caption, ids), _unlinked(b.credit, ids)


def _unlinked(inlines: list, ids: set[str]) -> list:
    out: list = []
    for n in inlines:
        if isinstance(n, T.Link) and n.url.startswith("#") and n.url[1:] not in ids:
            out.extend(_unlinked(n.children, ids))
            continue
        children = getattr(n, "children", None)
        if children is not None and not isinstance(n, T.Cite):
            n.children = _unlinked(children, ids)
        out.append(n)
    return out
