"""Footnotes for the PDF: each note at the foot of the page that cites it.

ReportLab has no footnotes. ``NotesFrame`` is a frame that, for every flowable it accepts, reserves room at
its foot for the notes that flowable cites (and that this page does not carry yet). A flowable that does
not fit with its notes is split or moves on, as it would if the page were shorter. When the page ends,
``draw_notes`` sets the page's notes under a short rule in that reserved room. A note number in the text
links to its note (``#note-N``); the notes are found by those links, so split paragraphs credit the part
that holds the number.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Paragraph

from .para import TextBlock
from .rlinternals import FootFrame, MeasuredKeepTogether, children_of, paragraph_links

RULE_GAP = 9  # points between the text and the notes' rule, and between the rule and the first note


def notes_in(flowable) -> list[int]:
    """The note numbers a flowable cites, in order (paragraphs, list items and table cells, recursively).
    (Plain recursive functions, not closures: a closure that calls itself is a reference cycle, left for
    the cycle collector at every call.)"""
    if isinstance(flowable, TextBlock):  # most flowables: a paragraph
        return list(flowable.notes)
    found: list[int] = []
    _visit(flowable, found)
    return found


def _visit(f, found: list[int]) -> None:
    if isinstance(f, TextBlock):
        found.extend(n for n in f.notes if n not in found)
        return
    if isinstance(f, Paragraph):
        for target in paragraph_links(f):
            if target.startswith("#note-"):
                n = int(target[6:])
                if n not in found:
                    found.append(n)
        return
    if isinstance(f, (list, tuple)):
        for x in f:
            _visit(x, found)
        return
    for inner in children_of(f):  # lists, list items, tables
        _visit(inner, found)


class NotesFrame(FootFrame):
    """A frame that keeps room at its foot for the notes of what it holds (see the module docstring)."""

    shared = ("_note", "_heights")  # the notes (and their fonts) are the same for a copy measuring a list
    listed = ("page_notes",)

    def __init__(self, *args, note_flowable, **kw):
        super().__init__(*args, **kw)
        self._note = note_flowable  # number -> the note's paragraph
        self.page_notes: list[int] = []
        self._heights: dict[int, float] = {}

    def new_page(self) -> None:
        self.page_notes = []

    def notes_height(self, numbers) -> float:
        """The room the notes among ``numbers`` that this page does not carry yet would take."""
        new = [n for n in numbers if n not in self.page_notes]
        if not new:
            return 0.0
        total = 0.0 if self.page_notes else 2 * RULE_GAP
        for n in new:
            if n not in self._heights:
                p = self._note(n)
                self._heights[n] = p.wrap(self.text_width, 10_000)[1] + p.getSpaceAfter()
            total += self._heights[n]
        return total

    def add(self, flowable, canv, trySplit=0):
        numbers = notes_in(flowable)
        extra = self.notes_height(numbers)
        if not extra:
            return self.place(flowable, canv, trySplit)
        self.raise_foot(extra)
        if self.foot_reaches_top():  # these notes alone would fill the rest of the page
            self.lower_foot(extra)
            return 0
        if self.place(flowable, canv, trySplit):
            self.page_notes += [n for n in numbers if n not in self.page_notes]
            return 1
        self.lower_foot(extra)
        return 0

    def split(self, flowable, canv):
        # The first part must fit together with the notes it cites. Split, measure those notes, and split
        # again in a page that much shorter, until it does (the part shrinks as the room for notes grows).
        reserve = 0.0
        for _ in range(6):
            self.raise_foot(reserve)
            try:
                parts = super().split(flowable, canv)
            finally:
                self.lower_foot(reserve)
            if not parts:
                return []
            need = self.notes_height(notes_in(parts[0]))
            if need <= reserve:
                return parts
            reserve = need
        return []


class KeepWithNotes(MeasuredKeepTogether):
    """ReportLab's keep-with-next group (a heading, the line under it, the paragraph they introduce),
    measured with the room its footnotes take at the foot of the page. Without them, a group that fits only
    without its notes would be placed, and its paragraph, not fitting with its notes, would go on alone to
    the next page, leaving the heading at the foot of this one."""

    def extra_height(self, flowables, frame) -> float | None:
        return frame.notes_height(notes_in(flowables)) if isinstance(frame, NotesFrame) else None


def draw_notes(frame: NotesFrame, canv, rule_colour) -> None:
    """Set the page's notes at the foot of the frame, under a short rule."""
    if not frame.page_notes:
        return
    paras = [frame._note(n) for n in frame.page_notes]
    heights = [p.wrap(frame.text_width, 10_000)[1] for p in paras]
    spaces = [p.getSpaceAfter() for p in paras]
    x, y = frame.foot_origin()
    y = y + sum(heights) + sum(spaces[:-1])  # summed in this order, as the page has always been set
    canv.saveState()
    canv.setStrokeColor(colors.HexColor(rule_colour))
    canv.setLineWidth(0.5)
    canv.line(x, y + RULE_GAP, x + 50, y + RULE_GAP)
    canv.restoreState()
    for p, h, s in zip(paras, heights, spaces):
        y -= h
        p.drawOn(canv, x, y)
        y -= s
