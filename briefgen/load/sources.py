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
    """A CSL name: family (with given), or literal for an organisation ("Associated Press")."""

    family: str | None = Field(None, examples=["Zenz"])
    """The family name."""
    given: str | None = Field(None, examples=["Adrian"])
    """The given names."""
    literal: str | None = Field(None, examples=["Human Rights Watch"])
    """A name printed as written: an organisation, or a name with no family/given order."""
    suffix: str | None = None
    """Jr., III ..."""
    non_dropping_particle: str | None = Field(default=None, alias="non-dropping-particle", examples=["van"])
    """A particle kept with the family name when sorting ("van" in "van Gogh")."""
    dropping_particle: str | None = Field(default=None, alias="dropping-particle")
    """A particle dropped when sorting by family name ("de" in "de la Fontaine")."""
    parse_names: bool | str | None = Field(default=None, alias="parse-names")
    """CSL-JSON's parse-names flag, as Zotero exports it."""

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
        if self.in_cjk:
            return self.family_full + (self.given or "")
        return " ".join(p for p in (self.given, self.dropping_particle, self.family_full, self.suffix) if p)

    def inverted(self) -> str:
        if self.literal:
            return self.literal
        if self.in_cjk:
            return self.display()
        rest = " ".join(p for p in (self.given, self.dropping_particle) if p)
        return f"{self.family_full}, {rest}" if rest else self.family_full

    def short(self) -> str:
        """The name a later citation gives: the family name, the whole of a name written in Chinese,
        Japanese or Korean."""
        return self.display() if self.in_cjk else self.family_full or self.literal or ""

    @property
    def in_cjk(self) -> bool:
        """A name in Chinese, Japanese or Korean script: family name first, with no space or comma (郑国恩),
        in a note and a bibliography alike, as CSL processors write it."""
        return any(_CJK.search(p) for p in (self.family, self.given) if p)


_CJK = re.compile("[\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3130-\u318f\u31a0-\u31ff"
                  "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")


class CslDate(Strict):
    """A CSL date: {date-parts: [[2022, 5, 24]]}, or raw or literal text."""

    date_parts: list[list[int | str]] | None = Field(default=None, alias="date-parts",
                                                     examples=[[[2022, 5, 24]], [[2022, 5]]])
    """Year, month and day (or year and month, or year); a second list gives the end of a range."""
    raw: str | None = Field(None, examples=["2022-05-24"])
    """A date as text, YYYY, YYYY-MM or YYYY-MM-DD."""
    literal: str | None = Field(None, examples=["Spring 2018"])
    """A date printed as written."""
    season: int | str | None = None
    """1 to 4 (spring, summer, autumn, winter), or a season's name."""
    circa: bool | int | str | None = None
    """true: the date is approximate."""

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
    def end(self) -> tuple[int, ...]:
        """The end of a range ({date-parts: [[2017], [2019]]}); () for a single date."""
        if self.date_parts and len(self.date_parts) > 1 and self.date_parts[1]:
            try:
                return tuple(int(p) for p in self.date_parts[1][:3])
            except (TypeError, ValueError):
                return ()
        return ()

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
    # A time after a full date (an export's timestamp, "2022-05-24T10:00:00Z") is left out: a source is dated.
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?\s*", text)
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g)


def coerce_date(v):
    """Accept CSL date objects, YAML dates, 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' strings (a timestamp's time left
    out) and bare date-parts ([2022, 5], or [[2017], [2019]] for a range)."""
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return {"date-parts": [[v.year, v.month, v.day]]}
    if isinstance(v, int):
        return {"date-parts": [[v]]}
    if isinstance(v, list) and v and all(_number(p) for p in v):  # [2022, 5], [2020, 09]: its date-parts
        return {"date-parts": [[int(p) for p in v]]}
    if isinstance(v, list) and v and all(isinstance(p, list) for p in v):  # [[2017], [2019]]: a range
        return {"date-parts": v}
    if isinstance(v, str):
        parts = _parse_date_text(v)
        if parts is None:
            raise ValueError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, got '{v}' (a date known only "
                             f"as written: {{literal: \"{v}\"}})")
        return {"date-parts": [list(parts)]}
    return v


_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)
_DOI = re.compile(r"10\.\d+(?:\.\d+)*/\S+")


def bare_doi(value) -> str:
    """A DOI as 10.NNNN/suffix however it was written (doi:10..., https://doi.org/10..., as Zotero and
    publishers write it): the styles print it as https://doi.org/DOI, which doubled the prefix."""
    doi = _DOI_PREFIX.sub("", str(value).strip())
    if not _DOI.fullmatch(doi):
        raise ValueError(f"DOI: '{value}' is not a DOI, such as 10.25365/jeacs.2022.3.zenz (or "
                         "https://doi.org/10.25365/jeacs.2022.3.zenz)")
    return doi


# CSL's date variables that briefgen keeps for a dossier's .csl style (``cite/csl.py``) without printing them.
CSL_OTHER_DATES = {"original-date", "event-date", "submitted", "available-date"}


def _other_date(v):
    """One of those dates as CSL-JSON writes it; one that is not a date as its text, printed as written."""
    if isinstance(v, dict):
        if "date-parts" in v or "literal" in v or not isinstance(v.get("raw"), str):
            return v
        v = v["raw"]
    try:
        return coerce_date(v)
    except ValueError:
        return {"literal": str(v)}


def _number(p) -> bool:
    """A part of a date: a number, or digits YAML kept as text ("09", which is no octal number)."""
    return (isinstance(p, int) and not isinstance(p, bool)) or (isinstance(p, str) and p.isdigit())


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

    id: Id = Field(examples=["BBC", "OHCHR"])
    """The citation key, unique in the dossier: [@BBC]."""
    type: str = Field("document", examples=["article-newspaper", "report", "webpage"])
    """A CSL type: article-newspaper, article-journal, report, webpage, legislation ... (default document)."""
    title: Text
    """The source's title."""
    author: list[Name] = Field([], examples=[[{"family": "Sudworth", "given": "John"}], ["Sudworth, John"]])
    """CSL names, or plain strings: "Sudworth, John", "Associated Press"."""
    issued: CslDate | None = Field(None, examples=["2022-05-24", "2022-05", 2022])
    """When it was published: YYYY-MM-DD, YYYY-MM, YYYY, or CSL's {date-parts: [[2022, 5, 24]]}."""
    accessed: CslDate | None = Field(None, examples=["2026-11-20"])
    """When the URL was read (printed as the style expects), as issued."""
    container_title: str | None = Field(default=None, alias="container-title", examples=["BBC News"])
    """The newspaper, journal or site."""
    publisher: str | None = None
    """Who published it."""
    URL: Url | None = Field(None, examples=["https://www.xinjiangpolicefiles.org/", "doi:10.25365/jeacs.2022.3.zenz"])
    """Where it is: http, https or mailto; doi:10.x/y becomes https://doi.org/10.x/y."""
    archive_url: Url | None = Field(default=None, alias="archive-url",
                                     examples=["https://web.archive.org/web/2022/https://www.xinjiangpolicefiles.org/"])
    """An archived copy, printed after the link ("archived at ...")."""
    reliability: Reliability = "unknown"
    """high | medium | low | unknown (default unknown)."""
    sensitivity: TLP | None = None
    """The source's handling marking; default: the dossier's marking. A brief cleared below it never cites
    it."""
    attachment: str | None = Field(None, examples=["files/bbc-story.pdf"])
    """A local file (a leaked document, a report), relative to the dossier folder: hashed, its SHA-256
    listed, and embedded in the PDF for audiences with attach_sources."""
    lint_ignore: LintIgnore = {}
    """Evidence rules silenced for this source: {rule id: why it does not apply here}."""
    csl: dict[str, Any] = {}
    """Other CSL variables, kept as given; they may as well be written at the top level (DOI, volume, note
    ...)."""

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
        if "DOI" in data.get("csl", ()):  # printed as https://doi.org/DOI: written one way
            data["csl"] = {**data["csl"], "DOI": bare_doi(data["csl"]["DOI"])}
        for key in CSL_OTHER_DATES.intersection(data.get("csl", ())):  # as CSL-JSON writes dates, for a .csl style
            data["csl"] = {**data["csl"], key: _other_date(data["csl"][key])}
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
