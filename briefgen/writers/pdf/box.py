"""A shaded box (a callout, a quote): one table cell holding the box's flowables, drawn with a rule on the
side its lines start from. When it must split, it splits between its flowables, or inside the one that
straddles the page, and a continuation that opens a page opens with the box's label ("Key facts
(continued)", which the render stage put in the tree), so a reader who turns the page knows what the list
is. (A part may also continue on the same page, where footnotes made the first part short: then it has no
label; the document template picks the form, ``DocTemplate.handle_flowable``.)"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.platypus import TableStyle
from reportlab.platypus.doctemplate import ActionFlowable

from .rlinternals import MeasuredOnce

PADDING = (10, 10, 7, 3)  # left, right, top, bottom, in points


MAX_DEPTH = 8  # boxes in boxes drawn as such; deeper ones are set flat in the eighth (PDF/A nests q at most 28 deep)


@contextmanager
def inside(blocks, narrower: float = PADDING[0] + PADDING[1], box: bool = True):
    """What ``blocks`` (the writer's ``Blocks``) makes meanwhile goes inside a box (or a list item, ``narrower``
    by its indent): as wide as the inside, so that a box, a table or a figure in it does not run out of it.
    A heading in it nests under the headings open where the box starts and opens no section of the outline:
    ReportLab enters in the outline only what a page holds itself, not what a box holds, and a heading after
    the box nested under one that had no entry (a level skipped, and the layout stopped)."""
    headings, floor = list(blocks.open_headings), blocks.floor
    blocks.width -= narrower
    blocks.boxed += 1
    blocks.boxes += box
    blocks.floor = len(headings)
    try:
        yield
    finally:
        blocks.width += narrower
        blocks.boxed -= 1
        blocks.boxes -= box
        blocks.floor = floor
        blocks.open_headings[:] = headings


class Box(MeasuredOnce):
    """``opens``: the box's top (padding, space before) is this part's; ``closes``: its bottom is. A part that
    continues on the same page joins the part before it without a seam."""

    def __init__(self, flowables: list, width: float, commands: list, label=None, opens=True, closes=True):
        super().__init__([[flowables]], colWidths=[width])
        left, right, top, bottom = PADDING
        self.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), right),
                                  ("TOPPADDING", (0, 0), (-1, -1), top if opens else 0),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), bottom if closes else 0), *commands]))
        self.flowables, self.box_width, self.commands, self.label = list(flowables), width, commands, label
        self.opens, self.closes = opens, closes
        self.spaceBefore, self.spaceAfter = (6 if opens else 0), (8 if closes else 0)
        self.alternate: Box | None = None  # a continuation's other form: with its label, or without
        self.labelled = False

    def part(self, flowables: list, opens: bool, closes: bool) -> Box:
        return Box(flowables, self.box_width, self.commands, self.label, opens, closes)

    def split(self, availWidth, availHeight):
        """The first part, as much of the box as fits ``availHeight``, and the rest (under the label); the box
        itself when it fits whole; [] when not even its first line fits."""
        left, right, top, _ = PADDING
        inner, room = self.box_width - left - right, availHeight - (top if self.opens else 0)
        taken, rest, used, cut = [], list(self.flowables), 0.0, None
        canv = getattr(self, "canv", None)  # (a figure's KeepTogether measures on the canvas: wrapOn, not wrap)
        while rest and used < room:
            f = rest[0]
            gap = f.getSpaceBefore() if taken else 0.0
            h = f.wrapOn(canv, inner, room - used - gap)[1]
            if used + gap + h <= room:
                taken.append(rest.pop(0))
                used += gap + h + f.getSpaceAfter()
                continue
            pieces = f.splitOn(canv, inner, room - used - gap)
            if pieces and isinstance(pieces[0], ActionFlowable):  # "go on to the next frame": a group kept
                pieces = []  # together (a figure and its caption) goes whole into the box's next part
            if len(pieces) > 1:
                taken.append(pieces[0])
                rest[0:1] = pieces[1:]
                cut = (pieces[0], f, len(pieces) - 1)
            break
        if not rest:
            if self.wrap(availWidth, availHeight)[1] <= availHeight + 1e-6:
                return [self]  # it fits whole (as a table that fits splits into itself)
            rest.insert(0, taken.pop())  # its bottom padding did not fit: the last flowable goes on
        while taken and rest and taken[-1].getKeepWithNext():  # a heading goes on with what it heads
            back = taken.pop()
            if cut is not None and back is cut[0]:
                rest[0:cut[2]] = [cut[1]]
                cut = None
            else:
                rest.insert(0, back)
        first = None
        while taken:  # measured as ReportLab measures a cell, the first part must fit
            first = self.part(taken, self.opens, False)
            if first.wrap(availWidth, availHeight)[1] <= availHeight + 1e-6:
                break
            back = taken.pop()
            if cut is not None and back is cut[0]:  # the first piece of a split flowable: the whole goes on
                rest[0:cut[2]] = [cut[1]]
            else:
                rest.insert(0, back)
        if not taken or first is None:
            return []
        rest_box = self.part(rest, False, self.closes)
        if self.label:  # a continuation at the top of a page opens with the label; on the same page, not
            labelled = self.part([self.label(), *rest], True, self.closes)
            rest_box.alternate, labelled.alternate, labelled.labelled = labelled, rest_box, True
        return [first, rest_box]
