"""Footnotes for the PDF: each note at the foot of the page that cites it.

ReportLab has no footnotes. ``NotesFrame`` is a frame that, for every flowable it accepts, reserves room at
its foot for the notes that flowable cites (and that this page does not carry yet). A flowable that does
not fit with its notes is split or moves on, as it would if the page were shorter. When the page ends,
``draw_notes`` sets the page's notes under a short rule in that reserved room. A note number in the text
links to its note (``#note-N``); the notes are found by those links, so split paragraphs credit the part
that holds the number.
"""

from __future__ import annotations

import copy

from reportlab.lib import colors
from reportlab.platypus import Frame, KeepTogether, Paragraph

from .pdfpara import TextBlock

RULE_GAP = 9  # points between the text and the notes' rule, and between the rule and the first note
_ATOMIC = frozenset({int, float, str, bool, type(None)})  # what copy.deepcopy returns as it is


def notes_in(flowable) -> list[int]:
    """The note numbers a flowable cites, in order (paragraphs, list items and table cells, recursively).
    (Plain recursive functions, not closures: a closure that calls itself is a reference cycle, left for
    the cycle collector at every call.)"""
    if isinstance(flowable, TextBlock):  # most flowables: a paragraph
        return list(flowable.notes)
    found: list[int] = []
    _visit(flowable, found)
    return found


def _links(item):
    """Link targets of a fragment, or of a word that is a list of (fragment, text) pairs (shaped)."""
    if isinstance(item, (list, tuple)):
        for x in item:
            yield from _links(x)
        return
    for link in getattr(item, "link", None) or []:
        target = link[1] if isinstance(link, tuple) else getattr(link, "link", "")
        if isinstance(target, str):
            yield target


def _visit(f, found: list[int]) -> None:
    if isinstance(f, TextBlock):
        found.extend(n for n in f.notes if n not in found)
        return
    if isinstance(f, Paragraph):
        bl = getattr(f, "blPara", None)
        items = f.frags
        if bl is not None and getattr(bl, "kind", 0) == 1:
            items = [getattr(line, "words", None) or [] for line in bl.lines]
        for target in _links(items):
            if target.startswith("#note-"):
                n = int(target[6:])
                if n not in found:
                    found.append(n)
        return
    if isinstance(f, (list, tuple)):
        for x in f:
            _visit(x, found)
        return
    for attr in ("_content", "_flowables", "_flowable", "_cellvalues"):  # lists, list items, tables
        inner = getattr(f, attr, None)
        if inner:
            _visit(inner, found)


class NotesFrame(Frame):
    """A frame that keeps room at its foot for the notes of what it holds (see the module docstring)."""

    def __init__(self, *args, note_flowable, **kw):
        super().__init__(*args, **kw)
        self._note = note_flowable  # number -> the note's Paragraph
        self.page_notes: list[int] = []
        self._heights: dict[int, float] = {}

    def __deepcopy__(self, memo):
        # ReportLab deep-copies the frame to measure lists (every keep-with-next group), so that what it
        # measures cannot change the real frame. The notes (and their fonts) are shared; numbers and strings,
        # which a deep copy would return as they are, are taken without asking it; the list of this page's
        # note numbers is copied, and so is each background (ReportLab sets attributes on them).
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for k, v in self.__dict__.items():
            if k in ("_note", "_heights") or type(v) in _ATOMIC:
                clone.__dict__[k] = v
            elif k == "page_notes":
                clone.__dict__[k] = list(v)
            elif k == "_frameBGs":
                clone.__dict__[k] = [copy.copy(bg) for bg in v]
            else:
                clone.__dict__[k] = copy.deepcopy(v, memo)
        return clone

    def _reset(self):
        super()._reset()
        self._geom()  # the foot is back where it was
        self.page_notes = []

    def _notes_height(self, numbers) -> float:
        new = [n for n in numbers if n not in self.page_notes]
        if not new:
            return 0.0
        total = 0.0 if self.page_notes else 2 * RULE_GAP
        for n in new:
            if n not in self._heights:
                p = self._note(n)
                self._heights[n] = p.wrap(self._aW, 10_000)[1] + p.getSpaceAfter()
            total += self._heights[n]
        return total

    def add(self, flowable, canv, trySplit=0):
        numbers = notes_in(flowable)
        extra = self._notes_height(numbers)
        if not extra:
            return super().add(flowable, canv, trySplit)
        self._y1p += extra
        if self._y1p >= self._y - 1:  # these notes alone would fill the rest of the page
            self._y1p -= extra
            return 0
        if super().add(flowable, canv, trySplit):
            self.page_notes += [n for n in numbers if n not in self.page_notes]
            return 1
        self._y1p -= extra
        return 0

    _add = add

    def split(self, flowable, canv):
        # The first part must fit together with the notes it cites. Split, measure those notes, and split
        # again in a page that much shorter, until it does (the part shrinks as the room for notes grows).
        reserve = 0.0
        for _ in range(6):
            self._y1p += reserve
            try:
                parts = super().split(flowable, canv)
            finally:
                self._y1p -= reserve
            if not parts:
                return []
            need = self._notes_height(notes_in(parts[0]))
            if need <= reserve:
                return parts
            reserve = need
        return []


class KeepWithNotes(KeepTogether):
    """ReportLab's keep-with-next group (a heading, the line under it, the paragraph they introduce),
    measured with the room its footnotes take at the foot of the page. Without them, a group that fits only
    without its notes would be placed, and its paragraph, not fitting with its notes, would go on alone to
    the next page, leaving the heading at the foot of this one."""

    def wrap(self, aW, aH):
        result = super().wrap(aW, aH)
        frame = getattr(getattr(self.canv, "_doctemplate", None), "frame", None)
        if isinstance(frame, NotesFrame):
            self._H += frame._notes_height(notes_in(self._content))
        return result


def draw_notes(frame: NotesFrame, canv, rule_colour) -> None:
    """Set the page's notes at the foot of the frame, under a short rule."""
    if not frame.page_notes:
        return
    paras = [frame._note(n) for n in frame.page_notes]
    heights = [p.wrap(frame._aW, 10_000)[1] for p in paras]
    spaces = [p.getSpaceAfter() for p in paras]
    y = frame._y1 + frame._bottomPadding + sum(heights) + sum(spaces[:-1])
    x = frame._x1 + frame._leftPadding
    canv.saveState()
    canv.setStrokeColor(colors.HexColor(rule_colour))
    canv.setLineWidth(0.5)
    canv.line(x, y + RULE_GAP, x + 50, y + RULE_GAP)
    canv.restoreState()
    for p, h, s in zip(paras, heights, spaces):
        y -= h
        p.drawOn(canv, x, y)
        y -= s
