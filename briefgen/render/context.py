"""What a template sees: one audience's selection as plain values (``SimpleNamespace``s, strings, lists).

The context holds only what the selection let through. Plain strings are escaped for Markdown when a
template prints them; Markdown fields (bodies, asks, summaries) are marked ``Markdown`` and printed as they are.
"""

from __future__ import annotations

from types import SimpleNamespace

from .. import i18n
from ..load import Evidence
from ..load.translations import translation_for
from ..select import Selection
from .portions import CONFIDENCE, CONFIDENCE_LABELS, HANDLING, Portions
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


def context(ev: Evidence, sel: Selection, _=lambda s: s) -> dict:
    """The template's context; ``_`` translates the words briefgen supplies (confidence, handling)."""
    d = ev.dossier
    lang = language_of(ev, sel)
    md = lambda text: Markdown(text) if text else None  # noqa: E731
    portions = Portions(d.marking, sel.marking)
    label = ev.sensitivity
    findings = []
    for cut in sel.findings:
        f = cut.finding
        own = label(f)
        quotes = [SimpleNamespace(text=portions.text(q.text, own), speaker=q.speaker, cite=_cite(q.source, q.locator))
                  for q in cut.quotes]
        figures = []
        for g in cut.figures:
            path = g.image.replace("\\", "/")  # relative to the dossier; markup resolves and confines it
            credit = (g.credit or "").replace("\\", "\\\\").replace('"', '\\"')
            caption = md_escape(portions.text(g.caption, own)) + (" " + _cite(g.source, g.locator) if g.source else "")
            figures.append(SimpleNamespace(
                caption=portions.text(g.caption, own), credit=g.credit, cite=_cite(g.source, g.locator),
                markdown=Markdown(f'![{caption}](<{path}> "{credit}")'),
            ))
        findings.append(FindingItem(
            id=f.id, title=portions.text(f.title, own), summary=portions.text(f.summary, own),
            body=Markdown(portions.markdown(f.body.strip(), own)), confidence=str(f.confidence),
            confidence_label=_(CONFIDENCE_LABELS[str(f.confidence)]), confidence_means=_(CONFIDENCE[str(f.confidence)]),
            tags=list(f.tags), priority=f.priority, sensitivity=str(own), quotes=quotes,
            figures=figures, sources=list(cut.sources), mark=portions.mark(own).strip(),
            cite=Markdown("[" + "; ".join(f"@{{{k}}}" for k in cut.sources) + "]") if cut.sources else Markdown(""),
        ))
    asks = [AskItem(id=a.id, text=Markdown(portions.markdown(a.text.strip(), label(a))), addressee=a.addressee,
                    priority=a.priority) for a in sel.asks]
    contacts = [SimpleNamespace(name=portions.text(c.name, label(c)), role=c.role, email=c.email, phone=c.phone,
                                out_of_hours=c.out_of_hours, languages=list(c.languages)) for c in sel.contacts]
    used = list(dict.fromkeys(str(c.finding.confidence) for c in sel.findings))
    # A term as the brief's language writes it, where the entry has it (translations: {fr: Région autonome ...}).
    glossary = []
    for g in sel.glossary:
        found = translation_for(g.translations, lang)
        glossary.append(SimpleNamespace(term=portions.text(found[1] if found else g.term, label(g)),
                                        forms=dict(g.forms)))
    languages = list(dict.fromkeys(tag for g in glossary for tag in g.forms))
    return {
        "dossier": SimpleNamespace(
            id=d.id, title=sel.title, subtitle=sel.subtitle, short_title=sel.short_title or sel.title,
            organisation=SimpleNamespace(  # the texts in the audience's language where translated (select)
                name=d.organisation.name, url=d.organisation.url, about=md(sel.about),
                logo=Markdown(f"![{md_escape(d.organisation.name)}](<{d.organisation.logo}>)")
                if d.organisation.logo else None,
            ),
            date=i18n.format_date(d.date, lang), iso_date=d.date.isoformat(), place=d.place, language=lang,
            summary=md(sel.summary), background=md(sel.background),  # at the base marking: unmarked
        ),
        "audience": SimpleNamespace(name=sel.name, label=sel.audience.label, clearance=str(sel.audience.clearance)),
        "marking": str(sel.marking),
        "handling": _(HANDLING[str(sel.marking)]),
        "confidence_key": [SimpleNamespace(word=c, label=_(CONFIDENCE_LABELS[c]), means=_(CONFIDENCE[c]))
                           for c in CONFIDENCE if c in used],
        "embargo": i18n.format_embargo(sel.audience.embargo, lang) if sel.audience.embargo else None,
        "framing": _framing(sel, portions, label),
        "instruments": instruments(ev, sel),
        "findings": findings,
        "asks": asks,
        "contacts": contacts,
        "glossary": glossary,
        "glossary_languages": languages,
        "language_names": {tag: i18n.language_name(tag, lang) for tag in languages},
    }


def _framing(sel: Selection, portions: Portions, label) -> SimpleNamespace:
    """The audience's framing as a template sees it (every field present, None or empty when not given)."""
    fr = sel.framing
    if fr is None:
        return SimpleNamespace(headline=None, hook=None, purpose=None, key_messages=[], quote=None,
                               call_to_action=None, legislature=None)
    own = label(fr)
    md = lambda text: Markdown(portions.markdown(text, own)) if text else None  # noqa: E731
    quote = SimpleNamespace(name=fr.quote.name, role=fr.quote.role, text=portions.text(fr.quote.text, own)) \
        if fr.quote else None
    return SimpleNamespace(headline=portions.text(fr.headline, own), hook=md(fr.hook), purpose=md(fr.purpose),
                           key_messages=[md(m) for m in fr.key_messages], quote=quote,
                           call_to_action=md(fr.call_to_action), legislature=fr.legislature)


LEGAL_TYPES = ("legislation", "bill", "regulation", "treaty", "legal_case")


def instruments(ev: Evidence, sel: Selection) -> list[SimpleNamespace]:
    """The legal instruments among the sources this brief cites, each with its full citation: "Uyghur Forced
    Labor Prevention Act, Public Law 117-78, 135 Stat. 1525 (2021)" (title, number, volume and page of the
    collection it is in, by its short title where the source gives one, year)."""
    from ..load.citesyntax import find_citations
    from ..select import framing_texts

    texts = [a.text for a in sel.asks] + framing_texts(sel.framing) + [sel.summary or "", sel.background or ""]
    keys = [k for c in sel.findings for k in c.sources]
    keys += [it.key for t in texts for _, it in find_citations(t)]
    out = []
    for key in dict.fromkeys(keys):
        s = ev.sources.get(key)
        if s is None or s.type not in LEGAL_TYPES or key not in sel.allowed_sources:
            continue
        series = s.get("container-title-short") or s.container_title  # "Stat." where the source gives it
        where = " ".join(str(x) for x in (s.get("volume"), series, s.get("page")) if x)
        year = s.issued.parts[0] if s.issued and s.issued.parts else None
        parts = [s.title, s.get("number"), where]
        full = ", ".join(str(p) for p in parts if p) + (f" ({year})" if year else "")
        out.append(SimpleNamespace(id=key, title=s.title, number=s.get("number"), citation=full, url=s.URL))
    return out
