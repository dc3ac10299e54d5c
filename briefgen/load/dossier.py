"""The dossier file: what the evidence base is, who made it, and each audience's rules for its brief."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Literal

from pydantic import Field, field_validator

from .base import TLP, Confidence, Id, Strict, Text, Url, known_rules
from .framing import Framing


class Organisation(Strict):
    name: Text
    logo: str | None = None
    url: Url | None = None
    about: str | None = None  # Markdown: who the organisation is, for "About ..." (printed in every brief)


class Contact(Strict):
    name: Text
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    out_of_hours: str | None = None  # a phone number for evenings and weekends
    languages: list[str] = []  # languages the contact takes questions in: [English, French, Uyghur]
    audiences: list[str] | None = None  # None: every audience
    sensitivity: TLP | None = None  # None: the dossier's marking


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
    # footnotes (at the foot of the page that cites), endnotes (after the text), or none: no note numbers in
    # the text, the sources listed (a press release)
    notes: Literal["footnotes", "endnotes", "none"] = "footnotes"
    # the list of sources: full entries, or short ones whose titles link to the source (outlet, title, date);
    # default short with notes: none (a press release's notes to editors), else full
    references: Literal["full", "short"] | None = None
    reference_docx: str | None = None  # house style for this audience's Word file (overrides the theme's)
    page_budget: int | None = Field(default=None, ge=1)  # pages before the first section break (or in all)
    on_overflow: Literal["error", "trim"] = "error"  # over budget: fail, or drop lowest-priority findings
    embargo: dt.datetime | None = None  # 2026-12-01T09:00Z: the press release is embargoed until then
    allow_empty: bool = False  # a brief may have no finding (asks only, say); else that is an error
    framing: Framing | None = None  # the genre's framing: headline, hook, purpose, key messages, quote ...
    attach_sources: bool = False  # embed cited sources' attachments in the PDF (their SHA-256 is always listed)

    @field_validator("embargo")
    @classmethod
    def _embargo_zone(cls, v):
        if v is not None and v.tzinfo is None:
            raise ValueError(f"give the embargo's time zone, as in {v:%Y-%m-%dT%H:%M}Z (UTC) or "
                             f"{v:%Y-%m-%dT%H:%M}+01:00: without one, the time is ambiguous")
        return v

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
    sensitivity: TLP | None = None  # None: the dossier's marking


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

    @field_validator("date", mode="before")
    @classmethod
    def _real_date(cls, v):
        if isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v.strip()):
            try:
                dt.date.fromisoformat(v.strip())
            except ValueError as exc:
                raise ValueError(f"{v.strip()} is not a date ({exc})") from None
        return v

    @field_validator("lint", mode="before")
    @classmethod
    def _rule_ids(cls, v):
        if isinstance(v, dict):  # YAML reads a bare off as false
            v = {k: "off" if x is False else x for k, x in v.items()}
            known_rules(v)
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
