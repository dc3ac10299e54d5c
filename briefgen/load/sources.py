"""Sources, with CSL-JSON field names (so a Zotero export reads as is), plus what briefgen adds: an archived
copy, a reliability, a handling marking and an attached file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .base import TLP, Id, LintIgnore, Strict, Text, Url

CSL_TYPES = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
}

# CSL 1.0.2 variables that briefgen does not model itself but accepts, so a Zotero export reads as is.
CSL_OTHER_VARIABLES = {
    "abstract", "annote", "archive", "archive_collection", "archive_location", "archive-place", "authority",
    "call-number", "chapter-number", "citation-key", "citation-label", "citation-number", "collection-editor",
    "collection-number", "collection-title", "composer", "container-author", "container-title-short",
    "dimensions", "director", "division", "DOI", "edition", "editor", "editorial-director", "event",
    "event-date", "event-place", "event-title", "first-reference-note-number", "genre", "illustrator",
    "interviewer", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "language", "license", "locator",
    "medium", "number", "number-of-pages", "number-of-volumes", "original-author", "original-date",
    "original-publisher", "original-publisher-place", "original-title", "page", "page-first", "part",
    "PMCID", "PMID", "printing", "publisher-place", "recipient", "references", "reviewed-author",
    "reviewed-genre", "reviewed-title", "scale", "section", "source", "status", "submitted", "supplement",
    "title-short", "translator", "version", "volume", "year-suffix", "note", "categories", "shortTitle",
    "journalAbbreviation", "container-title-short", "dimensions", "call_number", "contributor",
    # CSL 1.0.2 names, dates and titles that Zotero exports (podcasts, films, hearings, multi-part works)
    "chair", "compiler", "curator", "executive-producer", "guest", "host", "narrator", "organizer", "performer",
    "producer", "script-writer", "series-creator", "available-date", "part-number", "part-title",
    "volume-title", "volume-title-short",
}


class Name(Strict):
    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    non_dropping_particle: str | None = Field(default=None, alias="non-dropping-particle")
    dropping_particle: str | None = Field(default=None, alias="dropping-particle")
    parse_names: bool | str | None = Field(default=None, alias="parse-names")

    @model_validator(mode="after")
    def _some_name(self):
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (with 'given') or 'literal'")
        return self

    @property
    def family_full(self) -> str:
        return " ".join(p for p in (self.non_dropping_particle, self.family) if p) or (self.literal or "")

    def display(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.dropping_particle, self.family_full, self.suffix) if p)

    def inverted(self) -> str:
        if self.literal:
            return self.literal
        rest = " ".join(p for p in (self.given, self.dropping_particle) if p)
        return f"{self.family_full}, {rest}" if rest else self.family_full


class CslDate(Strict):
    date_parts: list[list[int | str]] | None = Field(default=None, alias="date-parts")
    raw: str | None = None
    literal: str | None = None
    season: int | str | None = None
    circa: bool | int | str | None = None

    @model_validator(mode="after")
    def _real_dates(self):
        for parts in self.date_parts or []:
            try:
                numbers = [int(p) for p in parts[:3]]
            except (TypeError, ValueError):
                continue  # not numbers: printed as written
            check_date_parts(numbers)
        if self.raw and _parse_date_text(self.raw):
            check_date_parts(list(_parse_date_text(self.raw)))
        return self

    @property
    def parts(self) -> tuple[int, ...]:
        if self.date_parts and self.date_parts[0]:
            try:
                return tuple(int(p) for p in self.date_parts[0][:3])
            except (TypeError, ValueError):
                return ()
        if self.raw:
            return _parse_date_text(self.raw) or ()
        return ()


def check_date_parts(parts: list[int]) -> None:
    """A year, year and month (1 to 12, or a season 21 to 24, as CSL has them), or a day that exists."""
    if len(parts) >= 2 and not (1 <= parts[1] <= 12 or 21 <= parts[1] <= 24):
        raise ValueError(f"month {parts[1]} does not exist")
    if len(parts) >= 3:
        try:
            dt.date(*parts[:3])
        except ValueError as exc:
            raise ValueError(f"{'-'.join(f'{p:02d}' for p in parts[:3])} is not a date ({exc})") from None


def _parse_date_text(text: str) -> tuple[int, ...] | None:
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g)


def coerce_date(v):
    """Accept CSL date objects, YAML dates and 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' strings."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return {"date-parts": [[v.year, v.month, v.day]]}
    if isinstance(v, int):
        return {"date-parts": [[v]]}
    if isinstance(v, str):
        parts = _parse_date_text(v)
        if parts is None:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{v}'")
        return {"date-parts": [list(parts)]}
    return v


def coerce_names(v):
    """Accept CSL name lists, a single name object, or plain strings ('Zenz, Adrian', 'Associated Press')."""
    if isinstance(v, (str, dict)):
        v = [v]
    if isinstance(v, list):
        out = []
        for item in v:
            if isinstance(item, str):
                if item.count(",") == 1:
                    family, given = (s.strip() for s in item.split(","))
                    out.append({"family": family, "given": given})
                else:
                    out.append({"literal": item.strip()})
            else:
                out.append(item)
        return out
    return v


Reliability = Literal["high", "medium", "low", "unknown"]


class Source(Strict):
    """A source, with CSL-JSON field names plus what briefgen adds (archive URL, reliability, sensitivity)."""

    id: Id
    type: str = "document"
    title: Text
    author: list[Name] = []
    issued: CslDate | None = None
    accessed: CslDate | None = None
    container_title: str | None = Field(default=None, alias="container-title")
    publisher: str | None = None
    URL: Url | None = None
    archive_url: Url | None = Field(default=None, alias="archive-url")
    reliability: Reliability = "unknown"
    sensitivity: TLP | None = None
    attachment: str | None = None  # a local file (a leaked document, a report), relative to the dossier
    lint_ignore: LintIgnore = {}  # {rule id: why it does not apply here}
    csl: dict[str, Any] = {}  # other CSL variables, kept as given

    @model_validator(mode="before")
    @classmethod
    def _split_csl(cls, data):
        if not isinstance(data, dict):
            return data
        data = dict(data)
        extra = {k: data.pop(k) for k in list(data) if k in CSL_OTHER_VARIABLES}
        if extra:
            data["csl"] = {**data.get("csl", {}), **extra}
        if "id" in data and isinstance(data["id"], (int, float)):
            data["id"] = str(data["id"])
        for key in ("issued", "accessed"):
            if key in data:
                data[key] = coerce_date(data[key])
        if "author" in data:
            data["author"] = coerce_names(data["author"])
        return data

    @field_validator("type")
    @classmethod
    def _csl_type(cls, v):
        if v not in CSL_TYPES:
            import difflib

            hint = difflib.get_close_matches(v, sorted(CSL_TYPES), n=1)
            raise ValueError(f"'{v}' is not a CSL type" + (f"; did you mean '{hint[0]}'?" if hint else ""))
        return v

    def get(self, variable: str):
        """A CSL variable that briefgen does not model (volume, DOI, page, note ...)."""
        return self.csl.get(variable)
