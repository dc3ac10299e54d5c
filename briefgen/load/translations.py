"""Translations written beside their originals, and the checks that keep them honest.

A finding, an ask, an audience's framing and the dossier itself may carry ``translations``: per language, the
printed fields in that language, and ``original``, a short hash of the original texts the translation was
made from (``briefgen translations mark`` writes it). One claim stays reviewable in one place, its
translations under it::

    title: Guards ordered to shoot detainees who try to escape
    body: The protocols order guards to shoot [@BBC].
    translations:
      fr:
        original: 3f9a1c2b7d
        title: Ordre de tirer sur les détenus qui tentent de s'évader
        body: Les protocoles ordonnent aux gardes de tirer [@BBC].

``check`` reports a translation whose original changed since it was marked as stale (a warning; an error for
an audience with ``translations: strict``), a translation that cites other sources than its original (an
error), and one whose numbers differ from its original's (the lint rule ``translation-numbers``).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import ClassVar

from pydantic import Field

from .base import Strict, Text

HASH_LENGTH = 10


class Translation(Strict):
    """The base of every translation: the hash of the original it translates."""

    original: str | None = Field(None, pattern=r"^[0-9a-f]{6,64}$", examples=["3f9a1c2b7d"])
    """The hash of the original texts this translation was made from, written by `briefgen translations
    mark`: when the original changes, `check` reports the translation as stale."""

    FIELDS: ClassVar[tuple[str, ...]] = ()  # the translatable fields, in the order they are printed
    LISTS: ClassVar[tuple[str, ...]] = ()  # those that hold a list of texts (key messages)

    def texts(self) -> dict:
        """The fields this translation gives: {field: text} ({field: [texts]} for a list)."""
        return {f: getattr(self, f) for f in self.FIELDS if getattr(self, f) not in (None, [])}


class QuoteTranslation(Strict):
    """A quote in the translation's language."""

    text: Text
    """The quote's words in the translation's language."""
    speaker: str | None = None
    """Who said them, as the translation's language names them; say there that the words are translated:
    "Haut-Commissariat aux droits de l'homme (notre traduction)"."""


class FigureTranslation(Strict):
    """A figure's caption in the translation's language."""

    caption: Text
    """The figure's caption in the translation's language."""


class FindingTranslation(Translation):
    """A finding in another language: any of its printed fields; those left out print in the original."""

    title: Text | None = None
    """The title (plain text)."""
    summary: Text | None = None
    """The one-sentence summary (plain text)."""
    body: Text | None = None
    """Markdown citing exactly the sources the original's body cites."""
    quotes: list[QuoteTranslation | None] = []
    """The quotes' texts, in the original's order (null for one left untranslated)."""
    figures: list[FigureTranslation | None] = []
    """The figures' captions, in the original's order (null for one left untranslated)."""

    FIELDS: ClassVar = ("title", "summary", "body", "quotes", "figures")


class AskTranslation(Translation):
    """An ask in another language."""

    text: Text | None = None
    """Markdown citing exactly the sources the original cites."""
    addressee: str | None = None
    """Who is asked."""

    FIELDS: ClassVar = ("text", "addressee")


class FramingTranslation(Translation):
    """An audience's framing in another language (for an audience whose language differs from the one its
    framing was written in)."""

    headline: str | None = None
    """The headline (plain text)."""
    hook: str | None = None
    """The hook (Markdown, citing as the original does)."""
    purpose: str | None = None
    """The purpose (Markdown, citing as the original does)."""
    key_messages: list[Text] = []
    """The key messages, in the original's order (Markdown, each citing as its original does)."""
    call_to_action: str | None = None
    """The call to action (Markdown, citing as the original does)."""

    FIELDS: ClassVar = ("headline", "hook", "purpose", "key_messages", "call_to_action")
    LISTS: ClassVar = ("key_messages",)


class DossierTranslation(Translation):
    """The dossier's own texts in another language: title, subtitle, running title, summary, background, and
    the organisation's about paragraph."""

    title: Text | None = None
    """The dossier's title."""
    subtitle: str | None = None
    """The subtitle."""
    short_title: str | None = None
    """The running header."""
    summary: str | None = None
    """The summary (Markdown, citing as the original does)."""
    background: str | None = None
    """The background (Markdown, citing as the original does)."""
    about: str | None = None
    """The organisation's about paragraph (Markdown)."""

    FIELDS: ClassVar = ("title", "subtitle", "short_title", "summary", "background", "about")


# --- what a translation translates ----------------------------------------------------------------------


def original_texts(item, tr: Translation) -> dict:
    """The original of each field ``tr`` translates, as it stands now: {field: text or [texts]}."""
    out = {}
    for name, value in tr.texts().items():
        if name == "quotes":
            out[name] = [q.text if t is not None else None for q, t in zip(item.quotes, value)]
        elif name == "figures":
            out[name] = [g.caption if t is not None else None for g, t in zip(item.figures, value)]
        elif name == "about":
            out[name] = item.organisation.about
        else:
            out[name] = getattr(item, name)
    return out


def translated_texts(tr: Translation) -> dict:
    """The translation's own texts, shaped as ``original_texts``."""
    out = {}
    for name, value in tr.texts().items():
        if name == "quotes":
            out[name] = [t.text if t is not None else None for t in value]
        elif name == "figures":
            out[name] = [t.caption if t is not None else None for t in value]
        else:
            out[name] = value
    return out


def original_hash(item, tr: Translation) -> str:
    """The hash ``translations mark`` writes: over the original texts of the fields the translation gives
    (a field added to the translation later makes it stale too: it was not marked with it)."""
    texts = original_texts(item, tr)
    speakers = [q.speaker for q, t in zip(getattr(item, "quotes", []), getattr(tr, "quotes", [])) if t and t.speaker]
    if speakers:
        texts["speakers"] = speakers
    payload = json.dumps(texts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def same_language(a: str, b: str) -> bool:
    """Whether two language tags name one language (``fr``, ``fr-CH`` and ``fr_FR`` do)."""
    return a.replace("_", "-").split("-")[0].lower() == b.replace("_", "-").split("-")[0].lower()


def translation_for(translations: dict, language: str) -> tuple[str, Translation] | None:
    """The translation an audience in ``language`` prints: the same tag, else the same language
    (``fr-CH`` takes ``fr``, ``fr`` takes ``fr-FR``); None when there is none."""
    if not translations:
        return None
    if language in translations:
        return language, translations[language]
    return next(((tag, tr) for tag, tr in translations.items() if same_language(tag, language)), None)


def is_stale(item, tr: Translation) -> bool:
    return tr.original != original_hash(item, tr)


# --- numbers ----------------------------------------------------------------------------------------------

# A number, its thousands grouped by a comma, point or space (2,800; 2.800; 2 800), its decimals after a point
# or comma (1.5; 1,5): "24 2022" stays two numbers.
_NUMBER = re.compile(r"\d+(?:[,.\u00a0\u202f\u2009 ]\d{3}(?!\d))*(?:[.,]\d+)?")
_CITATION = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")


def numbers(text: str) -> list[str]:
    """The numbers a text states, separators left out ("2,800", "2 800" and "2800" are one number; "1.5" and
    "1,5" too), outside its citations; sorted, with repeats."""
    prose = _CITATION.sub(" ", text or "")
    return sorted(re.sub(r"\D", "", m.group()) for m in _NUMBER.finditer(prose))


# --- what carries translations, and where --------------------------------------------------------------------

# The fields of each translation that hold Markdown with citations (the others are plain text).
MARKDOWN_FIELDS = {"body", "text", "hook", "purpose", "call_to_action", "key_messages", "summary", "background",
                   "about"}


def translated_items(ev):
    """``(item, what, translations)`` for everything that may carry translations."""
    for f in ev.findings:
        yield f, f"finding '{f.id}'", f.translations
    for a in ev.asks:
        yield a, f"ask '{a.id}'", a.translations
    for name, aud in ev.dossier.audiences.items():
        if aud.framing is not None:
            yield aud.framing, f"the framing of audience '{name}'", aud.framing.translations
    yield ev.dossier, "the dossier", ev.dossier.translations


def field_pairs(item, tr: Translation):
    """``(field path below the translation, original text, translated text)`` of each text ``tr`` gives,
    list fields item by item (``("key_messages", 2)``, ``("quotes", 0, "text")``)."""
    originals, translated = original_texts(item, tr), translated_texts(tr)
    for name, value in translated.items():
        if isinstance(value, list):
            sub = {"quotes": ("text",), "figures": ("caption",)}.get(name, ())
            for i, text in enumerate(value):
                if text is not None:
                    source = originals[name][i] if i < len(originals[name]) else None
                    yield (name, i, *sub), source, text
        else:
            yield (name,), originals.get(name), value
