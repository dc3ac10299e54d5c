"""What a line of a paragraph changes in its text object (font, size, colour, rise: only where they change)
and the link rectangles it collects, shared by ``para.py``'s plain lines and ``mixed.py``'s lines of other
scripts and directions."""

from __future__ import annotations

from .rlinternals import fill_colour


def set_text_state(tx, state: list, font: str, size: float, colour, rise: float) -> None:
    """Font, colour and rise of the text object, changed only where they differ from ``state`` (font, size,
    colour, rise: what the text object is set to, kept up to date)."""
    if state[0] != font or state[1] != size:
        tx.setFont(font, size)
        state[0], state[1] = font, size
    if state[2] != colour:
        fill_colour(tx, colour)
        state[2] = colour
    if state[3] != rise:
        tx.setRise(rise)
        state[3] = rise


class LineLinks:
    """The link rectangles of one line, left to right: one per link, from ReportLab's rule (from 0.2 of the
    size below the raised baseline to the size above it), appended to ``links`` as (link, rect)."""

    __slots__ = ("links", "y", "open")

    def __init__(self, links: list, y: float):
        self.links, self.y, self.open = links, y, None  # open: [link, x1, x2, lo, hi]

    def add(self, link: str | None, x1: float, x2: float, rise: float, size: float, ink: bool = True) -> None:
        """What is set from x1 to x2 links to ``link`` (or none); ``ink=False`` (a space) neither starts nor
        widens a rectangle, nor ends one of the same link."""
        o = self.open
        if o is not None and o[0] != link:
            self.close()
            o = None
        if not link or not ink:
            return
        lo, hi = rise - 0.2 * size, rise + size
        if o is None:
            self.open = [link, x1, x2, lo, hi]
        else:
            o[2], o[3], o[4] = x2, min(lo, o[3]), max(hi, o[4])

    def close(self) -> None:
        o, y = self.open, self.y
        if o is not None:
            self.links.append((o[0], (o[1], y + o[3], o[2], y + o[4])))
            self.open = None
