"""Render stage: one audience's selection → template → Markdown → document tree, citations resolved.

The template's context comes from ``context.py``; ``render_markdown`` exposes the intermediate Markdown
(``briefgen build --dump``).
"""

from __future__ import annotations

import datetime as dt

from .. import i18n
from ..cite import CiteContext, resolve
from ..errors import BriefgenError, Diagnostic
from ..load import Evidence
from ..select import Selection
from ..tree import Document, Meta
from . import genre
from .anchors import link_headings
from .context import context, language_of, unprinted
from .lossless import source_words
from .markup import LostText, MarkupError, to_tree
from .portions import hoist
from .templating import render_template, template_header
from .tidy import drop_empty_sections, first_mentions, label_continuations
from .typography import typeset


def build_time() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now; always UTC (``clock.py``)."""
    from ..clock import now

    return now()


def _at_field(sel: Selection, exc: MarkupError, ev: Evidence) -> BriefgenError:
    """The error for Markdown that cannot be set, at the field that holds it, told as that field alone would
    tell it (the same for every audience) when it does; else as the template's output tells it. Words that
    would be lost are looked for in the fields' text; another error is the field's that raises it alone."""
    fields = [(c.finding, "body") for c in sel.findings] + [(a, "text") for a in sel.asks]
    lost = isinstance(exc, LostText)
    for obj, name in fields:
        text = getattr(obj, name)
        if lost and source_words(text).isdisjoint(exc.words):
            continue  # none of its words lost: another field's (what follows the one that failed is lost too)
        try:
            to_tree(text, ev.root)
        except MarkupError as own:
            return BriefgenError(own.diagnostics[0].message, obj.pos(name))
        except BriefgenError:
            pass
        if lost:
            return BriefgenError(exc.diagnostics[0].message, obj.pos(name))
    return BriefgenError(exc.diagnostics[0].message)


def genre_problems(ev: Evidence, sel: Selection) -> list:
    """What the audience lacks of what its template requires (its ``briefgen:`` header, ``genre.py``); the
    template's page budget applies to an audience that sets none. And a language with no label catalogue:
    its dates would be localised around English headings and labels, without a word."""
    name = sel.audience.template or sel.name
    return genre.problems(ev, sel, _template_budget(ev, sel), name) + _catalogue_problem(ev, sel) + \
        _hyphenation_problem(ev, sel)


def _hyphenation_problem(ev: Evidence, sel: Selection) -> list:
    lang = language_of(ev, sel)
    if not sel.audience.hyphenate or i18n.hyphenation(lang):
        return []
    return [Diagnostic("warning", f"audience '{sel.name}': no hyphenation dictionary for language '{lang}': "
                       "its lines break between words only", sel.audience.pos("hyphenate"), "no-hyphenation")]


def _catalogue_problem(ev: Evidence, sel: Selection) -> list:
    lang = language_of(ev, sel)
    if i18n.has_catalogue(lang, str(ev.root / "templates")):
        return []
    pos = sel.audience.pos("language") if sel.audience.language else ev.dossier.pos("language")
    shipped = ", ".join(["en", *i18n.builtin_catalogues()])
    return [Diagnostic("warning", f"audience '{sel.name}': no label catalogue for language '{lang}': its "
                       "headings and labels print in English, its dates in that language (catalogues: "
                       f"{shipped}); add templates/locale/{lang.replace('-', '_')}/LC_MESSAGES/briefgen.po to the "
                       "dossier, translated from one of briefgen's (docs/templates.md, Languages)", pos,
                       "no-catalogue")]


def _template_budget(ev: Evidence, sel: Selection) -> dict:
    """The template's header, its page budget applied to an audience that sets none."""
    head = template_header(sel.audience.template or sel.name, ev.root, sel.audience.pos("template"))
    if head.get("page_budget") and not sel.audience.page_budget:
        sel.audience.page_budget = head["page_budget"]
    return head


def render_markdown(ev: Evidence, sel: Selection) -> str:
    """The Markdown the audience's template writes. A selected finding or ask the template prints nothing of
    is an error: it would be missing from the brief without a word."""
    name = sel.audience.template or sel.name
    tr = i18n.translations(language_of(ev, sel), str(ev.root / "templates"))
    ctx = context(ev, sel, tr.gettext)
    text = render_template(name, ctx, ev.root, sel.audience.pos("template"), tr)
    if ctx["instruments"]:  # only those the brief cites: the background a template does not print cites none
        from ..load.citesyntax import COMMENT, find_citations

        cited = {item.key for _, item in find_citations(COMMENT.sub("", text))}
        if any(i.id not in cited for i in ctx["instruments"]):
            ctx["instruments"] = [i for i in ctx["instruments"] if i.id in cited]
            text = render_template(name, ctx, ev.root, sel.audience.pos("template"), tr)
    missing = unprinted(ctx)
    asks = {f"ask '{a.id}'": a for a in sel.asks}
    if missing and all(m in asks for m in missing):  # the audience is the ask's to change, not a select rule
        ask = asks[missing[0]]
        raise BriefgenError(f"ask '{ask.id}' is addressed to audience '{sel.name}', whose template '{name}' prints "
                            f"no asks: take '{sel.name}' out of its audiences, or print asks in a template of your "
                            "own", ask.pos("audiences"))
    if missing:
        shown = ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise BriefgenError(f"audience '{sel.name}': the template '{name}' prints nothing of {shown}, which the "
                            "audience selected; print it, or leave it out with the audience's select rules",
                            sel.audience.pos())
    return hoist(text)


def render(ev: Evidence, sel: Selection, created: dt.datetime | None = None) -> Document:
    _template_budget(ev, sel)
    text = render_markdown(ev, sel)
    lang = language_of(ev, sel)
    tr = i18n.translations(lang, str(ev.root / "templates"))
    try:
        blocks = to_tree(text, ev.root, lang)
    except MarkupError as exc:
        raise _at_field(sel, exc, ev) from None
    style = sel.audience.citation_style
    if style.endswith(".csl"):
        from ..cite.csl import CslFormat

        style = CslFormat(ev.root / style, {k: ev.sources[k] for k in sorted(sel.allowed_sources)}, lang)
    blocks, notes, cited, citations = resolve(blocks, ev.sources, sel.allowed_sources, style, CiteContext(lang, tr.gettext),
                                   ev.attachments, notes_in_text=sel.audience.notes != "none",
                                   short_list=(sel.audience.references or ("short" if sel.audience.notes == "none"
                                                                            else "full")) == "short")
    blocks = drop_empty_sections(blocks)
    link_headings(blocks)
    first_mentions(blocks, {form for g in ev.dossier.glossary for form in g.forms.values()})
    label_continuations(blocks, tr.gettext)
    # The language's quotes, spaces and punctuation (typography.py); the sources' own words kept in notes.
    typeset(blocks, lang, notes, [ev.sources[k] for k in sorted(sel.allowed_sources) if k in ev.sources])
    d = ev.dossier
    keywords = sorted({t for cut in sel.findings for t in cut.finding.tags})
    meta = Meta(
        title=sel.title, subtitle=sel.subtitle, short_title=sel.short_title or sel.title,
        organisation=d.organisation.name,
        audience=sel.name, audience_label=sel.audience.label, date=d.date, language=lang,
        marking=str(sel.marking), keywords=keywords, paper=sel.audience.paper, created=created or build_time(),
        script_languages=dict(d.script_languages), page_label=tr.gettext("Page {page} of {pages}"),
        notes=sel.audience.notes, direction=i18n.direction(lang), zero=i18n.zero(lang),
        inputs_sha256=ev.inputs_sha256, hyphenate=i18n.hyphenation(lang) if sel.audience.hyphenate else None,
        reference_docx=str((ev.root / sel.audience.reference_docx).resolve()) if sel.audience.reference_docx else None,
    )
    attached = [ev.attachments[s] for s in cited if s in ev.attachments] if sel.audience.attach_sources else []
    return Document(meta, blocks, notes, cited, attached, citations)
