"""The typed model of an evidence base: dossier, findings, sources (CSL-JSON), asks and audiences.

Validation is pydantic's; positions come from the loader (``load.py``), which attaches each object's
``SourceMap`` so that later stages can still say where a thing was written.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*$"


class TLP(str, Enum):
    """Traffic Light Protocol 2.0 labels, ordered from most open to most restricted."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def rank(self) -> int:
        return _TLP_ORDER.index(self)

    def __str__(self) -> str:
        return self.value


_TLP_ORDER = list(TLP)


def most_restrictive(labels) -> TLP:
    return max(labels, key=lambda t: t.rank, default=TLP.CLEAR)


class Confidence(str, Enum):
    """How well a finding is established, strongest first."""

    CONFIRMED = "confirmed"
    CORROBORATED = "corroborated"
    REPORTED = "reported"
    ALLEGED = "alleged"

    @property
    def strength(self) -> int:  # higher is stronger
        return len(_CONF_ORDER) - _CONF_ORDER.index(self)

    def __str__(self) -> str:
        return self.value


_CONF_ORDER = list(Confidence)


class Strict(BaseModel):
    """Base for every model: unknown keys are errors; objects remember where they were written."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=False)
    _file: Path | None = PrivateAttr(default=None)
    _smap: Any = PrivateAttr(default=None)  # yamlsrc.SourceMap of the file
    _path: tuple = PrivateAttr(default=())  # this object's path inside that file

    def located(self, file: Path, smap, path: tuple) -> "Strict":
        self._file, self._smap, self._path = file, smap, tuple(path)
        return self

    def pos(self, *sub):
        """The position of this object, or of one of its fields (``finding.pos("body")``)."""
        from .errors import Position

        if self._smap is None:
            return Position(self._file or Path("?"))
        return self._smap.at(self._path + sub)

    def text_pos(self, field_name: str, line_offset: int, needle: str = ""):
        return self._smap.text_position(self._path + (field_name,), line_offset, needle)


Text = Annotated[str, Field(min_length=1)]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=200)]


# --- dossier ---------------------------------------------------------------------------------------


class Organisation(Strict):
    name: Text
    logo: str | None = None
    url: str | None = None


class Contact(Strict):
    name: Text
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    audiences: list[str] | None = None  # None: every audience


class Selection(Strict):
    tags: list[str] = []  # keep findings with any of these tags (empty: all)
    exclude_tags: list[str] = []
    min_confidence: Confidence = Confidence.ALLEGED
    max_findings: int | None = Field(default=None, ge=1)


CitationStyle = Literal["chicago-notes", "author-date", "press"]
Format = Literal["pdf", "docx"]


class Audience(Strict):
    label: Text
    template: str | None = None  # template name without extension; default: the audience's name
    clearance: TLP
    select: Selection = Selection()
    citation_style: str = "chicago-notes"  # a built-in style, or a .csl file in the dossier
    formats: list[Format] = ["pdf", "docx"]
    paper: Literal["A4", "Letter"] = "A4"
    language: str | None = None  # labels, dates and citations in this language (default: the dossier's)
    notes: Literal["footnotes", "endnotes"] = "footnotes"  # how Word files carry the citations
    reference_docx: str | None = None  # house style for this audience's Word file (overrides the theme's)
    page_budget: int | None = Field(default=None, ge=1)  # pages before the first section break (or in all)
    on_overflow: Literal["error", "trim"] = "error"  # over budget: fail, or drop lowest-priority findings
    embargo: dt.datetime | None = None  # 2026-12-01T09:00Z: the press release is embargoed until then
    attach_sources: bool = False  # embed cited sources' attachments in the PDF (their SHA-256 is always listed)

    @field_validator("citation_style")
    @classmethod
    def _style(cls, v):
        builtin = typing.get_args(CitationStyle)
        if v not in builtin and not v.endswith(".csl"):
            raise ValueError(f"expected {', '.join(builtin)}, or a .csl file in the dossier; got '{v}'")
        return v


class GlossaryEntry(Strict):
    """A name or term, and how it is written in other languages: {zh-CN: 陈全国}."""

    term: Text
    forms: dict[str, str] = {}


class Dossier(Strict):
    id: Id
    title: Text
    subtitle: str | None = None
    short_title: str | None = None
    organisation: Organisation
    date: dt.date
    language: str = "en"
    place: str | None = None
    marking: TLP = TLP.CLEAR  # default handling marking for content that sets none
    summary: str | None = None  # Markdown
    background: str | None = None  # Markdown
    contacts: list[Contact] = []
    # The language of text in a script other than the brief's own (written into Word runs): {Arab: ug-CN}
    script_languages: dict[str, str] = {}
    glossary: list["GlossaryEntry"] = []  # names and terms in their own scripts
    lint: dict[str, Literal["error", "warning", "off"]] = {}  # evidence rules set stricter, looser or off
    audiences: dict[str, Audience]

    @field_validator("lint", mode="before")
    @classmethod
    def _rule_ids(cls, v):
        if isinstance(v, dict):  # YAML reads a bare off as false
            v = {k: "off" if x is False else x for k, x in v.items()}
            _known_rules(v)
        return v

    @field_validator("audiences")
    @classmethod
    def _audience_names(cls, v):
        bad = [k for k in v if not re.match(r"^[a-z0-9][a-z0-9_-]*$", k)]
        if bad:
            raise ValueError(f"audience names must be lowercase letters, digits, '-' or '_': {', '.join(bad)}")
        if not v:
            raise ValueError("at least one audience is needed")
        return v


def _known_rules(v: dict) -> dict:
    """Lint settings must name rules that exist: a misspelt rule id would silence nothing."""
    import difflib

    from .lint import RULES

    for key in v:
        if key not in RULES:
            hint = difflib.get_close_matches(key, list(RULES), n=1)
            raise ValueError(f"no lint rule '{key}'" + (f"; did you mean '{hint[0]}'?" if hint
                                                         else f" (rules: {', '.join(RULES)})"))
    return v


# --- findings --------------------------------------------------------------------------------------


class Quote(Strict):
    text: Text
    speaker: Text
    source: str | None = None
    locator: str | None = None


class Figure(Strict):
    image: Text
    caption: Text
    credit: str | None = None
    source: str | None = None
    locator: str | None = None


class Finding(Strict):
    id: Id
    title: Text
    summary: Text
    body: Text  # Markdown with pandoc citations
    confidence: Confidence
    tags: list[str] = []
    priority: int = Field(default=3, ge=1, le=5)  # 1 is the most important
    sensitivity: TLP | None = None  # None: the dossier's marking
    quotes: list[Quote] = []
    figures: list[Figure] = []
    lint_ignore: dict[str, Text] = {}  # {rule id: why it does not apply here}

    @field_validator("lint_ignore")
    @classmethod
    def _ignored_rule_ids(cls, v):
        return _known_rules(v)


class Ask(Strict):
    id: Id
    audiences: list[str] = Field(min_length=1)
    text: Text  # Markdown
    addressee: str | None = None
    priority: int = Field(default=3, ge=1, le=5)
    sensitivity: TLP | None = None


# --- sources (CSL-JSON) ----------------------------------------------------------------------------

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


def _parse_date_text(text: str) -> tuple[int, ...] | None:
    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text)
    if not m:
        return None
    return tuple(int(g) for g in m.groups() if g)


def _coerce_date(v):
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


def _coerce_names(v):
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
    URL: str | None = None
    archive_url: str | None = Field(default=None, alias="archive-url")
    reliability: Reliability = "unknown"
    sensitivity: TLP | None = None
    attachment: str | None = None  # a local file (a leaked document, a report), relative to the dossier
    lint_ignore: dict[str, Text] = {}  # {rule id: why it does not apply here}
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
                data[key] = _coerce_date(data[key])
        if "author" in data:
            data["author"] = _coerce_names(data["author"])
        return data

    @field_validator("lint_ignore")
    @classmethod
    def _ignored_rule_ids(cls, v):
        return _known_rules(v)

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
