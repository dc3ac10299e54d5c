"""Every writer's output is checked against the tree it was given: each word the brief holds (its text and its
notes) must be among the words the writer set. A writer that drops a paragraph, a list item or a note makes
the build fail instead of delivering a brief that silently lacks it.

The PDF writer records the text it hands to ReportLab's text objects, and each line of text in other scripts
and directions as the text it sets there, in logical order (glyphs are drawn where they stand, shaped); the
Word writer records the text of the runs it writes. Only the words ReportLab's own paragraph shapes (Arabic
script or an Indic script in a code block or a justified paragraph), which come out as glyphs, are left out
of the PDF's comparison; a word split across lines (hyphenated, or too long for a line) is found in the
text set with the breaks removed.
"""

from __future__ import annotations

import re

from .. import tree as T
from ..errors import BriefgenError
from ..fonts.scripts import BIDI_CONTROLS, needs_shaping

_WORD = re.compile(r"[^\W_]+")
_BREAKS = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def expected_words(doc: T.Document) -> set[str]:
    """The words a reader must find in any format of the brief: the text of its blocks and of its notes."""
    parts: list[str] = []
    _text(doc.blocks, parts)
    for note in doc.notes:
        _inlines(note.children, parts)
    return _words(parts)


def _words(texts) -> set[str]:
    """The words of the strings ``texts`` (as if joined with spaces): their tokens' runs of letters and
    digits, bidi controls taken out. A token of letters and digits only (most) is its own word. (Splitting
    string by string is about twice as fast as splitting them joined: most are ASCII and short.)"""
    tokens: set[str] = set()
    update = tokens.update
    for text in texts:
        update(text.split())
    found: set[str] = set()
    for token in tokens:
        if token.isalnum():
            found.add(token)
        else:
            found.update(_WORD.findall(token.translate(BIDI_CONTROLS)))
    return found


def shaped_words(text: str) -> set[str]:
    """The words of the tokens of ``text`` that need shaping (a writer that sets them as glyphs cannot show
    them as text)."""
    return {w for token in text.split() if not token.isascii() and needs_shaping(token) for w in _WORD.findall(token)}


def _text(blocks, parts: list[str], logo: bool = False) -> None:
    for b in blocks:
        if isinstance(b, (T.Para, T.Heading)):
            _inlines(b.children, parts)
        elif isinstance(b, (T.BulletList, T.OrderedList)):
            for item in b.items:
                _text(item, parts)
        elif isinstance(b, T.BlockQuote):
            _text(b.children, parts)
        elif isinstance(b, T.Div):
            _text(b.children, parts, logo or "logo" in b.classes)
        elif isinstance(b, T.Table):  # a cell holding an image: its description is its alternative text
            body = (c for r, row in enumerate(b.rows) for k, c in enumerate(row) if (r, k) not in b.figures)
            for cell in [*b.header, *body]:
                _inlines(cell, parts)
        elif isinstance(b, T.Figure) and not logo:  # a logo prints its image only
            _inlines(b.caption, parts)
            _inlines(b.credit, parts)
        elif isinstance(b, T.CodeBlock):
            parts.append(b.text)


def _inlines(nodes, parts: list[str]) -> None:
    for n in nodes:
        if isinstance(n, (T.Str, T.Code)):
            parts.append(n.text)
        elif isinstance(n, (T.SoftBreak, T.LineBreak)):
            parts.append(" ")
        children = getattr(n, "children", None)
        if children is not None and not isinstance(n, T.Cite):
            _inlines(children, parts)


def check_words(doc: T.Document, written: list, fmt: str, exempt: frozenset | set = frozenset(),
                in_order=None) -> None:
    """A BriefgenError naming what the ``fmt`` output lacks, if it lacks any word of the brief (``exempt``: the
    words it set as glyphs only). ``written``: the strings set, and whatever else the writer records between
    them; ``in_order`` makes them the strings in reading order, where a word split over lines is looked for
    (the PDF's paragraphs split across pages: ``rlinternals.in_paragraphs``), only when a word is missing."""
    have = _words(t for t in written if type(t) is str)
    missing = expected_words(doc) - have - exempt
    if missing:
        strings = in_order(written) if in_order else written
        joined = _BREAKS.sub("", "".join(strings).translate(BIDI_CONTROLS))  # runs cut at a bidi control too
        missing = {w for w in missing if w not in joined}
    if missing:
        shown = ", ".join(f"'{w}'" for w in sorted(missing)[:8]) + (" ..." if len(missing) > 8 else "")
        raise BriefgenError(f"the {fmt.upper()} of audience '{doc.meta.audience}' would lack {len(missing)} "
                            f"word{'s' * (len(missing) != 1)} of the brief ({shown}): this is a bug in "
                            "briefgen, and no file was written; please report it with the dossier")
