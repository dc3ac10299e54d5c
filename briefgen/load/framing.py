"""Framing: what one audience's brief says about the evidence, written for that genre and checked like the
evidence itself (citations, clearance, lint). A press release needs its news and a spokesperson, a briefing
note its purpose and key messages, a brief for legislators its bottom line and legislature; which of these a
template needs is declared in the template itself (``templates.md``)."""

from __future__ import annotations

from typing import ClassVar

from .base import TLP, Strict, Text


class Spokesperson(Strict):
    """A named quote: who says it, in what role, and what they say (plain text, no citations)."""

    name: Text
    role: str | None = None
    text: Text


class Framing(Strict):
    """An audience's framing. Markdown fields may cite (``[@key]``) and are marked, like every field here,
    with ``sensitivity`` (default: the dossier's marking), which may not exceed the audience's clearance."""

    headline: str | None = None  # plain text: the news, with a verb
    hook: str | None = None  # Markdown: what is new today (a press release's lede)
    purpose: str | None = None  # Markdown: why this brief, the bottom line
    key_messages: list[Text] = []  # Markdown, each citing findings' sources
    quote: Spokesperson | None = None
    call_to_action: str | None = None  # Markdown: what the reader should do now
    legislature: str | None = None  # the body a legislative brief addresses: "US Congress"
    sensitivity: TLP | None = None

    MARKDOWN: ClassVar[tuple] = ("hook", "purpose", "call_to_action")  # and each of key_messages
