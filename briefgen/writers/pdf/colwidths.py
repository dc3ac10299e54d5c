"""The widths of a table's columns, from what their cells hold, as a browser sets a table given its width.

A column whose cells fit on one line in an equal share of the width (years, numbers, names) is as wide as
they are. The others are each at least as wide as their longest word, where the page allows that, and share
the room left in proportion to how much more each would take with its text on one line. A column of years or
numbers beside a column of sentences then takes the room it needs, where equal columns had left the
sentences a narrow strip. Only where the longest words together are wider than the table are the longest
broken inside their cells."""

from __future__ import annotations

BIG = 1e6  # a width no line reaches
SLACK = 1.0  # points beside a line's measured width, so that rounding does not break it at exactly that width


def natural(flowable) -> tuple[float, float]:
    """The narrowest a cell's paragraph can be set without breaking a word, and how wide it is with no line
    broken but where it breaks itself (an image: its width, both)."""
    least = flowable.minWidth()
    if hasattr(flowable, "natural_width"):  # briefgen's own paragraph (para.TextBlock)
        return least, max(least, flowable.natural_width())
    if not hasattr(flowable, "getActualLineWidths0"):  # an image: as wide as it is drawn
        return least, least
    flowable.wrap(BIG, BIG)  # ReportLab's Paragraph (justified or shaped text)
    style = flowable.style
    return least, max(least, max(flowable.getActualLineWidths0(), default=0.0) + style.leftIndent + style.rightIndent)


def column_widths(rows: list[list], width: float, padding: float) -> list[float]:
    """The widths of the columns of ``rows`` (each cell a list of flowables, or "" for none), together
    ``width``; ``padding``: a cell's left and right padding together."""
    ncols = max(len(row) for row in rows)
    least, most = [padding] * ncols, [padding] * ncols
    for row in rows:
        for col, cell in enumerate(row):
            for flowable in cell or ():
                lo, hi = natural(flowable)
                least[col] = max(least[col], lo + padding)
                most[col] = max(most[col], hi + padding + SLACK)
    if sum(most) <= width:  # every cell on one line: the room left shared as the columns' widths
        return [m * width / sum(most) for m in most]
    # A column whose cells fit on one line in an equal share (a year, a name) keeps them on one line.
    short = [m <= width / ncols for m in most]
    rest = width - sum(m for m, s in zip(most, short) if s)
    wide = [(lo, hi) for lo, hi, s in zip(least, most, short) if not s]
    shared = iter(_shared([lo for lo, _ in wide], [hi for _, hi in wide], rest))
    return [m if s else next(shared) for m, s in zip(most, short)]


def _shared(least: list[float], most: list[float], width: float) -> list[float]:
    """``width`` shared among columns that do not all fit on one line: each gets its longest word, where the
    longest words together fit (else the columns with the longest words share what the others leave, equally:
    only their words break), and the room left as each would use it. An equal share for every column had
    broken a name in its column of ten (a Georgian surname, one point too wide) while others had room."""
    cap = _cap(least, width)
    least = [min(s, cap) for s in least]
    more = [m - s for m, s in zip(most, least)]
    spare = (width - sum(least)) / sum(more) if sum(more) > 0 else 0.0
    return [s + spare * g for s, g in zip(least, more)]


def _cap(words: list[float], width: float) -> float:
    """The widest a column's longest word may take so that all of them take ``width`` at most: no cap when
    they fit; else the one the widest columns share what the narrower leave."""
    if sum(words) <= width:
        return BIG
    left, ordered = width, sorted(words)
    for i, w in enumerate(ordered):
        share = left / (len(ordered) - i)
        if w > share:
            return share
        left -= w
    return BIG
