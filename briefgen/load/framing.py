"""Framing: what one audience's brief says about the evidence, written for that genre and checked like the
evidence itself (citations, clearance, lint). A press release needs its news and a spokesperson, a briefing
note its purpose and key messages, a brief for legislators its bottom line and legislature; which of these a
template needs is declared in the template itself (``templates.md``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .base import TLP, Strict, Text
from .translations import FramingTranslation


class Spokesperson(Strict):
    """A named quote: who says it, in what role, and what they say (plain text, no citations)."""

    name: Text = Field(examples=["Amal Haddad"])
    """Who says it."""
    role: str | None = Field(None, examples=["Director of research, Evidence Desk"])
    """Their role."""
    text: Text
    """What they say (plain text, no citations)."""


class Framing(Strict):
    """An audience's framing: what its brief says, written for its genre. Markdown fields may cite ([@key]);
    every field here carries the framing's sensitivity (default: the dossier's marking), which may not exceed
    the audience's clearance."""

    headline: str | None = None
    """Plain text: the news, as a sentence with a verb."""
    hook: str | None = None
    """Markdown with citations: what is new today (a press release's lede, after the dateline)."""
    purpose: str | None = None
    """Markdown with citations: why this brief, its bottom line."""
    key_messages: list[Text] = Field([], examples=[["Camp protocols order guards to shoot detainees who try to "
                                                     "escape [@BBC; @ELPAIS]."]])
    """Markdown with citations, a short list (a briefing note takes at most 5), each citing findings' sources."""
    quote: Spokesperson | None = None
    """A named spokesperson's quote: name, role, text (plain text, no citations)."""
    call_to_action: str | None = None
    """Markdown with citations: what readers and decision-makers should do now."""
    legislature: str | None = Field(None, examples=["United States Congress"])
    """Plain text: the body a brief for legislators addresses."""
    sensitivity: TLP | None = None
    """The framing's handling marking; default: the dossier's marking; at most the audience's clearance."""
    translations: dict[str, FramingTranslation] = {}
    """The framing in the audience's language when it was written in another (a French brief framed in English
    first), with the hash of the original it translates."""

    MARKDOWN: ClassVar[tuple] = ("hook", "purpose", "call_to_action")  # and each of key_messages
