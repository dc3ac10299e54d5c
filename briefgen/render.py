"""Render stage: one audience's selection → template → Markdown → document tree, citations resolved.

The template context holds only what the selection let through; plain strings are escaped for Markdown
when printed, Markdown fields (bodies, asks, summaries) are passed as Markdown. ``render_markdown``
exposes the intermediate Markdown (``briefgen build --dump``).
"""

from __future__ import annotations

import datetime as dt
import os
from types import SimpleNamespace

from . import i18n
from .cite import resolve
from .citestyle import CiteContext
from .load import Evidence
from .markup import to_tree
from .select import Selection
from .templating import Markdown, md_escape, render_template
from .tree import Document, Meta


def build_time() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; always UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


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
            path = (ev.root / g.image).resolve()
            credit = (g.credit or "").replace("\\", "\\\\").replace('"', '\\"')
            caption = md_escape(g.caption) + (" " + _cite(g.source, g.locator) if g.source else "")
            figures.append(SimpleNamespace(
                caption=g.caption, credit=g.credit, cite=_cite(g.source, g.locator),
                markdown=Markdown(f'![{caption}](<{path}> "{credit}")'),
            ))
        findings.append(SimpleNamespace(
            id=f.id, title=f.title, summary=f.summary, body=Markdown(f.body.strip()), confidence=str(f.confidence),
            tags=list(f.tags), priority=f.priority, sensitivity=str(ev.sensitivity(f)), quotes=quotes,
            figures=figures, sources=list(cut.sources),
            cite=Markdown("[" + "; ".join(f"@{{{k}}}" for k in cut.sources) + "]") if cut.sources else Markdown(""),
        ))
    asks = [SimpleNamespace(id=a.id, text=Markdown(a.text.strip()), addressee=a.addressee, priority=a.priority)
            for a in sel.asks]
    contacts = [SimpleNamespace(name=c.name, role=c.role, email=c.email, phone=c.phone) for c in sel.contacts]
    show = sel.include_dossier_text
    return {
        "dossier": SimpleNamespace(
            id=d.id, title=d.title, subtitle=d.subtitle, short_title=d.short_title or d.title,
            organisation=SimpleNamespace(
                name=d.organisation.name, url=d.organisation.url,
                logo=Markdown(f"![{md_escape(d.organisation.name)}](<{(ev.root / d.organisation.logo).resolve()}>)")
                if d.organisation.logo else None,
            ),
            date=i18n.format_date(d.date, lang), iso_date=d.date.isoformat(), place=d.place, language=lang,
            summary=md(d.summary) if show else None, background=md(d.background) if show else None,
        ),
        "audience": SimpleNamespace(name=sel.name, label=sel.audience.label, clearance=str(sel.audience.clearance)),
        "marking": str(sel.marking),
        "embargo": i18n.format_embargo(sel.audience.embargo, lang) if sel.audience.embargo else None,
        "findings": findings,
        "asks": asks,
        "contacts": contacts,
        "glossary": [SimpleNamespace(term=g.term, forms=dict(g.forms)) for g in d.glossary] if show else [],
        "glossary_languages": list(dict.fromkeys(lang for g in d.glossary for lang in g.forms)) if show else [],
    }


def render_markdown(ev: Evidence, sel: Selection) -> str:
    name = sel.audience.template or sel.name
    tr = i18n.translations(language_of(ev, sel), str(ev.root / "templates"))
    return render_template(name, context(ev, sel), ev.root, sel.audience.pos("template"), tr)


def render(ev: Evidence, sel: Selection, created: dt.datetime | None = None) -> Document:
    text = render_markdown(ev, sel)
    lang = language_of(ev, sel)
    tr = i18n.translations(lang, str(ev.root / "templates"))
    blocks = to_tree(text, ev.root)
    style = sel.audience.citation_style
    if style.endswith(".csl"):
        from .csl import CslFormat

        style = CslFormat(ev.root / style, {k: ev.sources[k] for k in sorted(sel.allowed_sources)}, lang)
    blocks, notes, cited = resolve(blocks, ev.sources, sel.allowed_sources, style, CiteContext(lang, tr.gettext),
                                   ev.attachments)
    d = ev.dossier
    keywords = sorted({t for cut in sel.findings for t in cut.finding.tags})
    meta = Meta(
        title=d.title, subtitle=d.subtitle, short_title=d.short_title or d.title, organisation=d.organisation.name,
        audience=sel.name, audience_label=sel.audience.label, date=d.date, language=lang,
        marking=str(sel.marking), keywords=keywords, paper=sel.audience.paper, created=created or build_time(),
        script_languages=dict(d.script_languages), page_label=tr.gettext("Page {page} of {pages}"),
        notes=sel.audience.notes,
        reference_docx=str((ev.root / sel.audience.reference_docx).resolve()) if sel.audience.reference_docx else None,
    )
    attached = [ev.attachments[s] for s in cited if s in ev.attachments] if sel.audience.attach_sources else []
    return Document(meta, blocks, notes, cited, attached)
