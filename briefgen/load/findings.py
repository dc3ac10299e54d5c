"""Findings (claims with their confidence, quotes and figures) and asks (what an audience is asked to do)."""

from __future__ import annotations

from pydantic import Field

from .base import TLP, Confidence, Id, LintIgnore, Strict, Text


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
    team_note: str | None = None  # for the team, never printed: caveats on wording, what to check
    lint_ignore: LintIgnore = {}  # {rule id: why it does not apply here}


class Ask(Strict):
    id: Id
    audiences: list[str] = Field(min_length=1)
    text: Text  # Markdown
    addressee: str | None = None  # who is asked: "House Foreign Affairs Committee"
    rests_on: list[str] = []  # ids of the findings the ask relies on: an audience must get them
    priority: int = Field(default=3, ge=1, le=5)
    sensitivity: TLP | None = None
    team_note: str | None = None  # never printed
    lint_ignore: LintIgnore = {}
