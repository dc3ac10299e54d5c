"""Findings (claims with their confidence, quotes and figures) and asks (what an audience is asked to do)."""

from __future__ import annotations

from pydantic import Field

from .base import TLP, Confidence, Id, LintIgnore, Strict, Text
from .translations import AskTranslation, FindingTranslation

_BODY_EXAMPLE = ("Protocols order guards to shoot [@BBC; @JEACS], as the UN noted [@OHCHR, para. 69]. "
        "A prefix: [see @SPIEGEL].")


class Quote(Strict):
    """A quote printed with the finding, cited with its source."""

    text: Text
    """The words quoted (plain text)."""
    speaker: Text
    """Who said or wrote them."""
    source: str | None = Field(None, examples=["OHCHR"])
    """A source id: the quote is cited with it."""
    locator: str | None = Field(None, examples=["para. 69", "p. 12"])
    """A pinpoint in the source."""


class Figure(Strict):
    """An image printed with the finding."""

    image: Text = Field(examples=["figures/tekes-drill.png"])
    """A PNG, JPEG or GIF file, relative to the dossier folder."""
    caption: Text
    """The caption printed under the image."""
    credit: str | None = None
    """Whose image it is."""
    source: str | None = Field(None, examples=["XPF"])
    """A source id: the figure is cited with it."""
    locator: str | None = None
    """A pinpoint in the source."""


class Finding(Strict):
    """A finding: a claim, how well it is established, and the sources it rests on (cited in its body)."""

    id: Id = Field(examples=["shoot-to-kill-protocols"])
    """Letters, digits and _ - . : only; unique in the dossier."""
    title: Text
    """Plain text, no citations."""
    summary: Text
    """One sentence that states the finding precisely (plain text, no citations)."""
    body: Text = Field(examples=[_BODY_EXAMPLE])
    """Markdown with citations in pandoc's syntax, right after the claim they support: [@BBC; @JEACS],
    [@OHCHR, para. 69], [see @SPIEGEL]."""
    confidence: Confidence = Field(examples=["reported", "shared-origin"])
    """confirmed (independent sources agree) | shared-origin (several reports resting on one origin) | reported
    (one source) | alleged (claimed, not verified)."""
    tags: list[str] = Field([], examples=[["leak", "camps", "security"]])
    """Free words, used by audiences' selections."""
    priority: int = Field(default=3, ge=1, le=5)
    """1 (most important) to 5; default 3."""
    sensitivity: TLP | None = None
    """The finding's handling marking; default: the dossier's marking."""
    quotes: list[Quote] = []
    """Quotes printed with the finding."""
    figures: list[Figure] = []
    """Images printed with the finding."""
    team_note: str | None = None
    """For the team, never printed: caveats on wording, what to check before quoting."""
    lint_ignore: LintIgnore = Field({}, examples=[{"single-sourced": "Known from one report; the finding says so."}])
    """Evidence rules silenced for this finding: {rule id: why it does not apply here}."""
    translations: dict[str, FindingTranslation] = Field({}, examples=[{"fr": {
        "original": "3f9a1c2b7d", "title": "Ordre de tirer sur les détenus qui tentent de s'évader"}}])
    """The finding in other languages, by language tag (fr, es, zh-CN): its title, summary, body, quotes and
    figure captions, and the hash of the original they translate (`briefgen translations mark`)."""


class Ask(Strict):
    """An ask: what an audience is asked to do, and the findings it rests on."""

    id: Id = Field(examples=["follow-up-ohchr-assessment"])
    """Letters, digits and _ - . : only; unique in the dossier."""
    audiences: list[str] = Field(min_length=1, examples=[["diplomats"]])
    """One or more audience names from dossier.yaml."""
    text: Text = Field(examples=["Ask the Chinese government to respond to the OHCHR assessment [@OHCHR]."])
    """Markdown with citations."""
    addressee: str | None = Field(None, examples=["House Foreign Affairs Committee"])
    """Who is asked."""
    rests_on: list[str] = []
    """Ids of the findings the ask relies on: an audience must get them."""
    priority: int = Field(default=3, ge=1, le=5)
    """1 to 5, default 3: asks are listed in this order."""
    sensitivity: TLP | None = None
    """The ask's handling marking; default: the dossier's marking."""
    team_note: str | None = None
    """For the team, never printed."""
    lint_ignore: LintIgnore = {}
    """Evidence rules silenced for this ask: {rule id: why it does not apply here}."""
    translations: dict[str, AskTranslation] = {}
    """The ask in other languages, by language tag: its text (and addressee), and the hash of the original."""
