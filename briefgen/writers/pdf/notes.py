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
from reportlab.platypus import FrameBreak, KeepTogether, PageBreak, Paragraph
from reportlab.platypus.flowables import Flowable

from .para import TextBlock
from .rlinternals import FootFrame, MeasuredKeepTogether, Table, children_of, paragraph_links, table_rows

RULE_GAP = 9  # points between the text and the notes' rule, and between the rule and the first note


def notes_in(flowable) -> list[int]:
    """The note numbers a flowable cites, in order (paragraphs, list items and table cells, recursively).
    (Plain recursive functions, not closures: a closure that calls itself is a reference cycle, left for
    the cycle collector at every call.)"""
    if isinstance(flowable, TextBlock):  # most flowables: a paragraph
        return list(flowable.notes)
    if isinstance(flowable, Table):
        return _table_notes(flowable)
    return _notes_of(flowable)


def _table_notes(table: Table) -> list[int]:
    """A table's notes, each row's read once and kept for the parts the table splits into: the rest of a long
    table is offered again on every page, and reading all its cells each time was quadratic in its rows. (A
    row is known by identity, itself kept with its notes; a row split across pages is two new rows.)"""
    rows = table.shared.setdefault("notes", {})
    found: dict[int, None] = {}
    for row in table_rows(table):
        kept = rows.get(id(row))
        if kept is None or kept[0] is not row:
            kept = rows[id(row)] = (row, _notes_of(row))
        found.update(dict.fromkeys(kept[1]))
    return list(found)


def _notes_of(flowable) -> list[int]:
    found: dict[int, None] = {}  # in order, each once (a list looked through for each was quadratic in a table)
    _visit(flowable, found)
    return list(found)


def _visit(f, found: dict[int, None]) -> None:
    if isinstance(f, TextBlock):
        for n in f.notes:
            found[n] = None
        return
    if isinstance(f, Paragraph):
        for target in paragraph_links(f):
            if target.startswith("#note-"):
                found[int(target[6:])] = None
        return
    if isinstance(f, (list, tuple)):
        for x in f:
            _visit(x, found)
        return
    for inner in children_of(f):  # lists, list items, tables
        _visit(inner, found)


class NotesFrame(FootFrame):
    """A frame that keeps room at its foot for the notes of what it holds (see the module docstring).

    Notes too long for the page they start on continue at the foot of the next page, under a full-width
    rule, before that page's own notes (``carry``); a page whose notes have not all been set takes no new
    ones, so notes stay in order. A flowable that cannot fit with all its notes even on a page of its own is
    placed with as many of them as fit, the rest continuing overleaf."""

    shared = ("_note", "_heights")  # the notes (and their fonts) are the same for a copy measuring a list
    listed = ("page_notes", "foot", "carry")
    CARRY_SHARE = 0.7  # at most this share of a page goes to notes continued from the page before
    SPARE = 24.0  # points a split part may leave unused at the foot (about two lines of notes) before a longer one

    def __init__(self, *args, note_flowable, **kw):
        self.carry: list = []  # parts of notes waiting for the next page, in order
        super().__init__(*args, **kw)
        self._note = note_flowable  # number -> the note's paragraph
        self.page_notes: list[int] = []
        self.foot: list = []  # what the page's foot holds, in order: continued parts, then this page's notes
        self.continued = False  # the foot starts with a note continued from the page before
        self.page_empty = True
        self._heights: dict[int, float] = {}

    def new_page(self) -> None:
        self.page_notes, self.foot, self.continued, self.page_empty = [], [], False, True
        if not getattr(self, "carry", None):
            return
        room = self.CARRY_SHARE * self.full_height - 2 * RULE_GAP
        used = 0.0
        while self.carry and room - used > 0:
            part = self.carry[0]
            h = part.wrap(self.text_width, 10_000)[1] + part.getSpaceAfter()
            if used + h <= room:
                self.foot.append(self.carry.pop(0))
                used += h
                continue
            pieces = part.split(self.text_width, room - used)
            if len(pieces) == 2:
                h = pieces[0].wrap(self.text_width, 10_000)[1] + pieces[0].getSpaceAfter()
                self.foot.append(pieces[0])
                self.carry[0] = pieces[1]
                used += h
            break
        if self.foot:
            self.continued = True
            self.raise_foot(used + 2 * RULE_GAP)

    def notes_height(self, numbers) -> float:
        """The room the notes among ``numbers`` that this page does not carry yet would take."""
        new = [n for n in numbers if n not in self.page_notes]
        if not new:
            return 0.0
        total = 0.0 if self.foot else 2 * RULE_GAP
        for n in new:
            total += self._height_of(n)
        return total

    def _height_of(self, n: int) -> float:
        if n not in self._heights:
            p = self._note(n)
            self._heights[n] = p.wrap(self.text_width, 10_000)[1] + p.getSpaceAfter()
        return self._heights[n]

    def _start(self, numbers) -> None:
        for n in numbers:
            if n not in self.page_notes:
                self.page_notes.append(n)
                self.foot.append(self._note(n))

    def add(self, flowable, canv, trySplit=0):
        if isinstance(flowable, NotesFlush):
            return 1 if not self.carry else 0
        numbers = notes_in(flowable)
        extra = self.notes_height(numbers)
        if not extra:
            return self._placed(flowable, self.place(flowable, canv, trySplit))
        if not self.carry:
            self.raise_foot(extra)
            if not self.foot_reaches_top():  # else these notes alone would fill the rest of the page
                if self.place(flowable, canv, trySplit):
                    self._start(numbers)
                    self.page_empty = False
                    return 1
            self.lower_foot(extra)
        if self.page_empty or self.hopeless(extra):
            # The best page it will get: its notes go where they fit, the rest overleaf.
            return self._add_overflowing(flowable, canv, [n for n in numbers if n not in self.page_notes])
        return 0

    def hopeless(self, notes_height: float) -> bool:
        """Whether notes this tall could not fit under even a few lines of text on a page of their own."""
        return notes_height > self.full_height - 4 * RULE_GAP - 36

    def _placed(self, flowable, ok):
        if ok and not getattr(flowable, "frameAction", None):
            self.page_empty = False
        return ok

    def _add_overflowing(self, flowable, canv, new: list[int]) -> int:
        """Place a flowable with the first ``k`` of its new notes, the most that fit; the others (and any part
        of the next that does not fit) wait for the next page. The more notes, the less room: the numbers that
        fit run from none up to the most, found by halving, measured without placing (tried one by one, a table
        with a note in each of its 1,600 rows was laid out up to 1,600 times on each page)."""
        gap = 0.0 if self.foot else 2 * RULE_GAP
        reserves, notes = [0.0], 0.0  # the room kept for the first k notes (none: no rule either)
        for n in new[:0 if self.carry else len(new)]:
            notes += self._height_of(n)
            reserves.append(gap + notes)
        low, high = 0, len(reserves) - 1
        if not self._fits_above(flowable, canv, reserves[0]):
            return 0
        while low < high:
            mid = (low + high + 1) // 2
            if self._fits_above(flowable, canv, reserves[mid]):
                low = mid
            else:
                high = mid - 1
        for k in range(low, -1, -1):  # placed as measured (or with fewer notes, should placing differ)
            self.raise_foot(reserves[k])
            if not self.foot_reaches_top() and self.place(flowable, canv, 0):
                self._start(new[:k])
                self.carry += [self._note(n) for n in new[k:]]
                self.page_empty = False
                return 1
            self.lower_foot(reserves[k])
        return 0

    def _fits_above(self, flowable, canv, reserve: float) -> bool:
        self.raise_foot(reserve)
        try:
            return not self.foot_reaches_top() and self.fits(flowable, canv)
        finally:
            self.lower_foot(reserve)

    def split(self, flowable, canv):
        if isinstance(flowable, NotesFlush):
            return [PageBreak(), flowable]  # notes still to set: another page
        if self.carry and not self.page_empty and self.notes_height(notes_in(flowable)):
            return []  # notes from before wait for the next page: new ones cannot come first
        if isinstance(flowable, KeepTogether):  # a group opens into its flowables (or moves on, if it fits a
            return super().split(flowable, canv)  # page), and each is then placed with its own notes
        # The first part must fit together with the notes it cites. Split, measure those notes, and split
        # again in a page that much shorter, until it does (the part shrinks as the room for notes grows).
        reserve = short = 0.0  # short: a reserve too small for the notes of the part it left
        for _ in range(6):
            parts = self._split_above(flowable, canv, reserve)
            if not parts:  # the room the longer part's notes need leaves none: look for a shorter part
                parts = self._longest_part(flowable, canv, short, reserve)
                if parts:
                    return parts
                break
            need = self.notes_height(notes_in(parts[0]))
            if need <= reserve:  # it fits, but may leave room its notes do not take: look for a longer part
                if reserve - need > self.SPARE:
                    return self._longest_part(flowable, canv, short, reserve) or parts
                return parts
            short, reserve = reserve, need
        if self.page_empty or self.hopeless(self.notes_height(notes_in(flowable))):
            # It will not fit with its notes anywhere: split it to leave a line of notes, provided add()
            # will then take the first part with as many of its notes as fit.
            for reserve in (2 * RULE_GAP + 12, 0.0):
                parts = self._split_above(flowable, canv, reserve)
                if len(parts) > 1 and (self.page_empty or self.hopeless(self.notes_height(notes_in(parts[0])))):
                    return parts
        return []

    def _split_above(self, flowable, canv, reserve: float) -> list:
        """The flowable split as it would be on this page with ``reserve`` points kept at its foot."""
        self.raise_foot(reserve)
        try:
            return super().split(flowable, canv)
        finally:
            self.lower_foot(reserve)

    def _longest_part(self, flowable, canv, low: float, high: float) -> list:
        """The split whose first part is the longest that fits with its own notes, searched between a reserve
        too small for the notes of the part it leaves (``low``) and one that leaves no part (``high``). The
        larger the reserve, the shorter the part and the fewer its notes, so the reserves that work form one
        range, and halving finds its smallest."""
        best: list = []
        for _ in range(8):
            mid = (low + high) / 2
            parts = self._split_above(flowable, canv, mid)
            if parts and self.notes_height(notes_in(parts[0])) <= mid:
                best, high = parts, mid  # it fits: a smaller reserve may leave a longer part
            elif parts:
                low = mid  # the part's notes need more room
            else:
                high = mid  # no part fits a page this short
        return best


class NotesFlush(Flowable):
    """Ends the story: while notes wait to be set, the document goes on to another page."""

    def wrap(self, availWidth, availHeight):
        return 0, 0

    def draw(self):
        pass


class KeepWithNotes(MeasuredKeepTogether):
    """ReportLab's keep-with-next group (a heading, the line under it, the paragraph they introduce),
    measured with the room its footnotes take at the foot of the page. Without them, a group that fits only
    without its notes would be placed, and its paragraph, not fitting with its notes, would go on alone to
    the next page, leaving the heading at the foot of this one."""

    def extra_height(self, flowables, frame) -> float | None:
        self.page_height = getattr(frame, "full_height", None)
        if not isinstance(frame, NotesFrame):
            return None
        height = frame.notes_height(notes_in(flowables))
        return 2 * RULE_GAP + 12 if frame.hopeless(height) else height  # such notes go on overleaf anyway

    def split(self, aW, aH):
        """As ReportLab splits a group, except that a group taller than any page starts where it is, as
        Word starts it, rather than on a new page that it would not fit either, leaving this one blank."""
        parts = super().split(aW, aH)
        height = getattr(self, "page_height", None)
        if parts and isinstance(parts[0], type(FrameBreak)) and height is not None and self._H > height:
            return [self.NullActionFlowable(), *parts[1:]]  # its flowables, to be placed one by one
        return parts


def draw_notes(frame: NotesFrame, canv, rule_colour, rtl: bool = False) -> None:
    """Set the page's notes at the foot of the frame, under a short rule (across the text, when they start
    with a note continued from the page before), on the right in a right-to-left brief."""
    if not frame.foot:
        return
    paras = frame.foot
    heights = [p.wrap(frame.text_width, 10_000)[1] for p in paras]
    spaces = [p.getSpaceAfter() for p in paras]
    x, y = frame.foot_origin()
    y = y + sum(heights) + sum(spaces[:-1])  # summed in this order, as the page has always been set
    canv.saveState()
    canv.setStrokeColor(colors.HexColor(rule_colour))
    canv.setLineWidth(0.5)
    length = frame.text_width if frame.continued else 50
    start = x + frame.text_width - length if rtl else x
    canv.line(start, y + RULE_GAP, start + length, y + RULE_GAP)
    canv.restoreState()
    for p, h, s in zip(paras, heights, spaces):
        y -= h
        p.drawOn(canv, x, y)
        y -= s
        p.release()
