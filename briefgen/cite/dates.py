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
    season = _season(d)
    if season and not d.end:  # "Summer 2019": the season was left out, the year printed alone
        written = f"{ctx._(season)} {d.parts[0]}"
    return f"{ctx._('ca.')} {written}" if d.circa else written


SEASONS = ("Spring", "Summer", "Autumn", "Winter")


def _season(d: CslDate) -> str | None:
    """The season of a date known by its year and season: CSL's season: 1 to 4 (or its name), or a month of 21
    to 24 in its date-parts."""
    if len(d.parts) >= 2 and 21 <= d.parts[1] <= 24:
        return SEASONS[d.parts[1] - 21]
    if len(d.parts) != 1 or d.season is None:
        return None
    if isinstance(d.season, int) or str(d.season).isdigit():
        n = int(d.season)
        return SEASONS[n - 1] if 1 <= n <= 4 else None
    name = str(d.season).strip().capitalize()
    return {"Fall": "Autumn"}.get(name, name) if name in (*SEASONS, "Fall") else None


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
