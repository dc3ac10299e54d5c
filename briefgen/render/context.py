"""What a template sees: one audience's selection as plain values (``SimpleNamespace``s, strings, lists).

The context holds only what the selection let through. Plain strings are escaped for Markdown when a
template prints them; Markdown fields (bodies, asks, summaries) are marked ``Markdown`` and printed as they are.
"""

from __future__ import annotations

from types import SimpleNamespace

from .. import i18n
from ..load import Evidence
from ..select import Selection
from .templating import Markdown, md_escape


class Item(SimpleNamespace):
    """A finding or an ask as a template sees it, which notes when the template reads its content (``CONTENT``):
    a selected item whose content no template read would be missing from the brief without a word."""

    CONTENT: frozenset = frozenset()

    def __getattribute__(self, name):
        if name in type(self).CONTENT:
            self.__dict__["_printed"] = True
        return super().__getattribute__(name)

    @property
    def printed(self) -> bool:
        return self.__dict__.get("_printed", False)


class FindingItem(Item):
    CONTENT = frozenset({"title", "summary", "body", "quotes", "figures"})


class AskItem(Item):
    CONTENT = frozenset({"text"})


def unprinted(ctx: dict) -> list[str]:
    """What the template received and printed nothing of: "finding 'x'", "ask 'y'"."""
    return [f"{kind} '{item.id}'" for kind, items in (("finding", ctx["findings"]), ("ask", ctx["asks"]))
            for item in items if not item.printed]


def _cite(source: str | None, locator: str | None) -> Markdown:
    if not source:
        return Markdown("")
    return Markdown(f"[@{{{source}}}, {locator}]" if locator else f"[@{{{source}}}]")


def language_of(ev: Evidence, sel: Selection) -> str:
    return sel.audience.language or ev.dossier.language


def context(ev: Evidence, sel: Selection) -> dict:
    d = ev.dossier
    lang = language_of(ev, sel)
    md = lambda text: Markdown(text) if text else None  # noqa: E731
    findings = []
    for cut in sel.findings:
        f = cut.finding
        quotes = [SimpleNamespace(text=q.text, speaker=q.speaker, cite=_cite(q.source, q.locator)) for q in cut.quotes]
        figures = []
        for g in cut.figures:
            path = g.image.replace("\\", "/")  # relative to the dossier; markup resolves and confines it
            credit = (g.credit or "").replace("\\", "\\\\").replace('"', '\\"')
            caption = md_escape(g.caption) + (" " + _cite(g.source, g.locator) if g.source else "")
            figures.append(SimpleNamespace(
                caption=g.caption, credit=g.credit, cite=_cite(g.source, g.locator),
                markdown=Markdown(f'![{caption}](<{path}> "{credit}")'),
            ))
        findings.append(FindingItem(
            id=f.id, title=f.title, summary=f.summary, body=Markdown(f.body.strip()), confidence=str(f.confidence),
            tags=list(f.tags), priority=f.priority, sensitivity=str(ev.sensitivity(f)), quotes=quotes,
            figures=figures, sources=list(cut.sources),
            cite=Markdown("[" + "; ".join(f"@{{{k}}}" for k in cut.sources) + "]") if cut.sources else Markdown(""),
        ))
    asks = [AskItem(id=a.id, text=Markdown(a.text.strip()), addressee=a.addressee, priority=a.priority)
            for a in sel.asks]
    contacts = [SimpleNamespace(name=c.name, role=c.role, email=c.email, phone=c.phone) for c in sel.contacts]
    return {
        "dossier": SimpleNamespace(
            id=d.id, title=d.title, subtitle=d.subtitle, short_title=d.short_title or d.title,
            organisation=SimpleNamespace(
                name=d.organisation.name, url=d.organisation.url,
                logo=Markdown(f"![{md_escape(d.organisation.name)}](<{d.organisation.logo}>)")
                if d.organisation.logo else None,
            ),
            date=i18n.format_date(d.date, lang), iso_date=d.date.isoformat(), place=d.place, language=lang,
            summary=md(sel.summary), background=md(sel.background),
        ),
        "audience": SimpleNamespace(name=sel.name, label=sel.audience.label, clearance=str(sel.audience.clearance)),
        "marking": str(sel.marking),
        "embargo": i18n.format_embargo(sel.audience.embargo, lang) if sel.audience.embargo else None,
        "findings": findings,
        "asks": asks,
        "contacts": contacts,
        "glossary": [SimpleNamespace(term=g.term, forms=dict(g.forms)) for g in sel.glossary],
        "glossary_languages": list(dict.fromkeys(lang for g in sel.glossary for lang in g.forms)),
    }
