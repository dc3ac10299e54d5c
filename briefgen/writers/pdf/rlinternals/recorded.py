"""What the PDF writer set on its pages, as text, for ``writers/verify.py``. Every string set goes through
ReportLab's ``PDFTextObject._formatText`` (patched here) or ``text_out``; while ``recording``, each is kept in
the order set. A paragraph marks where its strings begin and end (``paragraph``), so that ``in_paragraphs``
can put the parts of a paragraph split across pages back together: a word broken over the last line of a
page and the first of the next was otherwise cut by the notes, the running heads or a table's other cells
set between them, and was taken for a lost word."""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfgen.textobject import PDFTextObject

recorded: list | None = None  # the strings set, and paragraph marks, while ``recording``
_rl_format_text = PDFTextObject._formatText


def _format_text(self, text):
    recorded is None or recorded.append(text)
    return _rl_format_text(self, text)


PDFTextObject._formatText = _format_text


class _Mark:
    """The strings after it, up to the next mark, were set by the paragraph ``key`` (None: by none)."""

    __slots__ = ("key",)

    def __init__(self, key):
        self.key = key


def paragraph(key) -> None:
    """What is set from now on belongs to the paragraph ``key`` (an object its parts on every page share, and
    hold while recording), until ``paragraph(None)``."""
    recorded is None or recorded.append(_Mark(key))


def record(text: str) -> None:
    recorded is None or recorded.append(text)


@contextmanager
def unrecorded():  # what the block sets is not recorded: its caller records it (a line, in logical order)
    global recorded
    outer, recorded = recorded, None
    try:
        yield
    finally:
        recorded = outer


@contextmanager
def recording():  # the strings set while the block runs, in order, with paragraph marks
    global recorded
    recorded = out = []
    try:
        yield out
    finally:
        recorded = None


def in_paragraphs(out: list) -> list[str]:
    """The strings of ``out`` (``recording``'s) in the order set, except that each paragraph's come together,
    where its first part was set."""
    groups: dict[int, list[str]] = {}
    order: list[list[str]] = []
    current: list[str] | None = None
    for item in out:
        if type(item) is _Mark:
            if item.key is None:
                current = None
            else:
                current = groups.get(id(item.key))
                if current is None:
                    current = groups[id(item.key)] = []
                    order.append(current)
        elif current is None:
            order.append([item])
        else:
            current.append(item)
    return [text for group in order for text in group]
