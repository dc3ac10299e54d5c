"""A source's date as a citation writes it, in the brief's language: "May 24, 2022" (Chicago), "24 May 2022"
(press), the year an author-date note gives, a range ("2017–2019") and an approximate date ("ca. 1998")."""

from __future__ import annotations

from functools import lru_cache

from ..load.sources import CslDate, Source


def cited_date(d: CslDate | None, day_first: bool, ctx) -> str:
    """A source's date in the brief's language. English notes follow the style: "May 24, 2022" (Chicago)
    or "24 May 2022" (press); other languages write dates as their locale does. A range: "2017–2019".
    ``ctx``: the notes' ``styles.CiteContext`` (their language, and "ca." in it)."""
    if d is None:
        return ""
    if d.literal:
        return d.literal
    if not d.parts:
        return d.raw or ""
    written = "\u2013".join(_one_date(p, day_first, ctx.language) for p in (d.parts, d.end) if p)  # a range
    return f"{ctx._('ca.')} {written}" if d.circa else written


def _one_date(parts: tuple, day_first: bool, language: str) -> str:
    from .. import i18n

    if len(parts) == 1 or not 1 <= parts[1] <= 12:
        return str(parts[0])
    if len(parts) == 2:
        return i18n.format_month(parts[0], parts[1], language)
    return _day(tuple(parts), day_first, language)


@lru_cache(maxsize=4096)
def _day(parts: tuple, day_first: bool, language: str) -> str:
    """A full date, written once for all the notes that give it (Babel takes some 20 µs a date)."""
    import datetime as dt

    from .. import i18n

    try:
        day = dt.date(*parts[:3])
    except ValueError:
        return "-".join(str(p) for p in parts)
    if language.split("-")[0] == "en":
        from babel.dates import format_date

        return format_date(day, "d MMMM y" if day_first else "MMMM d, y", locale="en")
    return i18n.format_date(day, language)


def cited_year(s: Source) -> str:
    """The year an author-date citation gives: a date written as words (``literal: Spring 2019``) as written."""
    parts = s.issued.parts if s.issued else ()
    if not parts:
        return s.issued.literal if s.issued and s.issued.literal else "n.d."
    end = s.issued.end
    return f"{parts[0]}\u2013{end[0]}" if end and end[0] != parts[0] else str(parts[0])
