"""The dossier file: what the evidence base is, who made it, and each audience's rules for its brief."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, field_validator

from .base import TLP, Confidence, FileId, Strict, Text, Url, known_rules
from .framing import Framing
from .translations import DossierTranslation


class Organisation(Strict):
    """Who made the dossier: the author in the files' metadata, and the footer."""

    name: Text
    """The organisation's name: the author in the files' metadata, and the footer."""
    logo: str | None = None
    """An image file, relative to the dossier folder."""
    url: Url | None = None
    """The organisation's web site."""
    about: str | None = None
    """Markdown: who the organisation is, for "About ..." (a press release's notes to editors), printed in
    every brief whatever its clearance."""


class Contact(Strict):
    """A named person for the press; a desk will do for others."""

    name: Text
    """A named person, or a desk."""
    role: str | None = None
    """Their role: "Press officer, Evidence Desk"."""
    email: str | None = Field(None, examples=["press@example.org"])
    """An e-mail address."""
    phone: str | None = Field(None, examples=["+41 22 000 00 00"])
    """A phone number (quote it: YAML would read some numbers as numbers)."""
    out_of_hours: str | None = None
    """A phone number for evenings and weekends: the number for a journalist on deadline."""
    languages: list[str] = Field([], examples=[["English", "French", "Uyghur"]])
    """The languages the contact takes questions in."""
    audiences: list[str] | None = Field(None, examples=[["press"]])
    """The audiences whose briefs list this contact; default: every audience."""
    sensitivity: TLP | None = None
    """The contact's handling marking; default: the dossier's marking. Left out of briefs for audiences
    cleared below it."""


class Selection(Strict):
    """Which findings an audience's brief keeps (every key optional)."""

    tags: list[str] = Field([], examples=[["security", "un"]])
    """Keep findings with any of these tags (default: all)."""
    exclude_tags: list[str] = Field([], examples=[["labour"]])
    """Leave out findings with any of these tags."""
    min_confidence: Confidence = Field(Confidence.ALLEGED, examples=["reported"])
    """The weakest confidence kept: confirmed > shared-origin > reported > alleged."""
    max_findings: int | None = Field(default=None, ge=1, examples=[14])
    """At most this many findings, the most important first (priority 1 first)."""


CitationStyle = Literal["chicago-notes", "author-date", "press"]
Format = Literal["pdf", "docx"]
# A moment with its time zone, as pydantic reads it: 2026-12-01T09:00Z, 2026-12-01 09:00+01:00.
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt _]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$"


class Audience(Strict):
    """One audience and the rules for its brief: template, clearance, selection, citation style, formats."""

    label: Text = Field(examples=["Briefing note for diplomats"])
    """The brief's name for its readers: "Briefing note for diplomats"."""
    template: str | None = Field(None, examples=["diplomats", "press", "lawmakers"])
    """The template's name without extension (templates/diplomats.md.j2); default: the audience's name."""
    clearance: TLP = Field(examples=["TLP:AMBER"])
    """The highest handling label this audience may receive: content above it is left out of its brief."""
    select: Selection = Selection()
    """Which findings the brief keeps: tags, exclude_tags, min_confidence, max_findings (all optional)."""
    citation_style: str = Field("chicago-notes", examples=["chicago-notes", "author-date", "press",
                                                           "styles/house.csl"])
    """chicago-notes, author-date, press, or a .csl file in the dossier (styles/house.csl)."""
    formats: list[Format] = Field(["pdf", "docx"], min_length=1)
    """The files to write; default both."""
    paper: Literal["A4", "Letter"] = "A4"
    """The paper size: A4 or Letter."""
    language: str | None = Field(None, examples=["fr", "ar", "zh-Hans"])
    """Labels, dates and citations in this language (a BCP 47 tag; default: the dossier's). Right-to-left
    languages (ug, ar ...) mirror the whole brief."""
    notes: Literal["footnotes", "endnotes", "none"] = "footnotes"
    """footnotes (at the foot of the page that cites), endnotes (after the text), or none: no note numbers in
    the text, the sources listed (a press release)."""
    references: Literal["full", "short"] | None = None
    """The list of sources: full (the style's entries, URLs printed), or short (outlet, title linked to the
    source, date). Default: short with notes: none (a press release's notes to editors), else full."""
    reference_docx: str | None = Field(None, examples=["house.docx"])
    """A .docx made in Word whose styles and page set-up this audience's Word file takes (overrides the
    theme's)."""
    page_budget: int | None = Field(default=None, ge=1, examples=[1, 2])
    """At most this many pages (before the first section break, if any); default: the template's own (a press
    release: 2), else none."""
    on_overflow: Literal["error", "trim"] = "error"
    """Over the page budget: error (fail), or trim (drop the lowest-priority findings until it fits)."""
    embargo: Annotated[dt.datetime, WithJsonSchema({"type": "string", "pattern": MOMENT_PATTERN})] | None = \
        Field(None, examples=["2026-12-01T09:00Z", "2026-12-01T09:00+01:00"])
    """The press release is embargoed until then: its release line says "EMBARGOED UNTIL ...". The time zone
    is required (Z for UTC, or +01:00)."""
    allow_empty: bool = False
    """true lets the brief have no finding (asks only, say); else an audience with no finding is an error."""
    framing: Framing | None = None
    """What this audience's brief says, written for its genre: headline, hook, purpose, key messages, quote,
    call to action, legislature."""
    attach_sources: bool = False
    """Embed the files attached to the sources it cites in the PDF (their SHA-256 is always listed)."""
    hyphenate: bool = False
    """Break long words at the end of a line by the hyphenation dictionary of the brief's language (pyphen's:
    French, German, Spanish, Russian ... ), in the PDF and in Word."""
    translations: Literal["warn", "strict"] = "warn"
    """A stale translation (its original changed since it was marked) in this audience's brief: a warning
    (warn), or an error that stops the build (strict)."""

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

    term: Text = Field(examples=["Tekes County"])
    """The name or term as the brief writes it."""
    forms: dict[str, str] = Field({}, examples=[{"zh-CN": "特克斯县", "ug-CN": "تېكەس ناھىيىسى"}])
    """Its forms in other languages and scripts: {BCP 47 tag: form}."""
    sensitivity: TLP | None = None
    """The entry's handling marking; default: the dossier's marking."""
    translations: dict[str, Text] = Field({}, examples=[{"fr": "District de Tekes"}])
    """The term as a brief in another language writes it: {BCP 47 tag: term} (the table's first column in a
    French brief); its forms stay as they are."""


class Dossier(Strict):
    """dossier.yaml: what the evidence base is, who made it, and each audience's rules for its brief."""

    id: FileId = Field(examples=["xinjiang-police-files"])
    """Used in output file names: xinjiang-police-files-press.pdf (letters, digits, '-', '_' and '.')."""
    title: Text
    """The dossier's title, printed whatever a brief's clearance."""
    subtitle: str | None = None
    """Printed under the title."""
    short_title: str | None = None
    """The running header (default: the title)."""
    organisation: Organisation
    """Who made the dossier: name (required), logo, url, about."""
    date: dt.date = Field(examples=["2026-11-24"])
    """The briefs' date, YYYY-MM-DD."""
    language: str = Field("en", examples=["en", "fr", "ug"])
    """A BCP 47 tag, written into the PDF and .docx."""
    place: str | None = Field(None, examples=["Geneva"])
    """The dateline of a press release."""
    marking: TLP = Field(TLP.CLEAR, examples=["TLP:CLEAR", "TLP:AMBER"])
    """The default handling marking, for content that sets none (TLP 2.0)."""
    summary: str | None = None
    """Markdown with citations ([@key]); carries the dossier's marking."""
    background: str | None = None
    """Markdown with citations ([@key, para. 69]); carries the dossier's marking."""
    contacts: list[Contact] = []
    """Who to call: a named person for the press, a desk for others."""
    script_languages: dict[str, str] = Field({}, examples=[{"Arab": "ug-CN", "Hani": "zh-CN"}])
    """The language of text in a script other than the brief's own (written into Word runs): Unicode script
    code -> BCP 47 tag."""
    glossary: list["GlossaryEntry"] = []
    """Names and terms in their own scripts (a table in the diplomats' note)."""
    lint: dict[str, Literal["error", "warning", "off"]] = Field({}, examples=[{"single-sourced": "error"}])
    """Evidence rules set stricter, looser or off: {rule id: error | warning | off}."""
    audiences: dict[str, Audience] = Field(examples=[{"press": {"label": "Press release", "clearance": "TLP:CLEAR"}}])
    """Each audience by name (lowercase letters, digits, - and _), with the rules for its brief."""
    translations: dict[str, DossierTranslation] = {}
    """The dossier's title, subtitle, short title, summary, background and the organisation's about paragraph
    in other languages, by language tag, with the hash of the original they translate."""

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
