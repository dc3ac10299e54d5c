"""Select stage: what one audience may and should see.

Clearance comes first and is absolute: a finding, ask, contact, glossary entry or dossier text (summary,
background) above the audience's clearance is dropped whole; a source above it is never cited in that brief
(its citations are removed, quotes and figures resting on it are dropped), and a finding left with no
citable source is dropped too. Then tags, confidence, priority and count. Every finding left out is listed
with its reason for the build summary.

The brief's marking is the most restrictive label of everything the selection lets through: the renderer
prints nothing else (the title block, which every brief carries, is written for every audience).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import BriefgenError, Diagnostic
from .load import Evidence
from .load.base import TLP, most_restrictive
from .load.citesyntax import find_citations
from .load.dossier import Audience, Contact, GlossaryEntry
from .load.findings import Ask, Figure, Finding, Quote
from .load.framing import Framing
from .load.lint import finding_sources, level
from .load.translations import is_stale, same_language, translated_texts, translation_for


@dataclass
class FindingCut:
    """A finding as one audience sees it: quotes and figures whose source it may not see are gone."""

    finding: Finding
    quotes: list[Quote]
    figures: list[Figure]
    sources: list[str]  # ids of the sources it cites that the audience may see, in order of first use


@dataclass
class Selection:
    name: str
    audience: Audience
    findings: list[FindingCut]
    asks: list[Ask]
    contacts: list[Contact]
    allowed_sources: set[str]
    include_dossier_text: bool  # summary and background, which carry the dossier's marking
    marking: TLP  # the most sensitive content included
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (finding id, reason)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    summary: str | None = None  # Markdown, when the audience may see it
    background: str | None = None
    framing: Framing | None = None  # the audience's own framing (its clearance is checked at load)
    left_out_for: dict[str, str] = field(default_factory=dict)  # finding id -> clearance, confidence or tags
    # In the audience's language (translations.py): the dossier's own texts, and what printed in the original
    language: str = "en"
    title: str = ""
    subtitle: str | None = None
    short_title: str | None = None
    about: str | None = None
    fallbacks: list[str] = field(default_factory=list)  # "finding 'x' (title, body)": no translation, original
    stale: list[tuple] = field(default_factory=list)  # (translation, what): printed, its original changed since


def _cited_keys(text: str | None) -> list[str]:
    return [item.key for _, item in find_citations(text or "")]


def select(ev: Evidence, name: str, limit: tuple[int, str] | None = None) -> Selection:
    """What audience ``name`` gets. ``limit`` (count, reason) keeps fewer findings than the audience's own
    rules would, for a reason decided later (the page budget): the lowest-priority ones go."""
    try:
        aud = ev.dossier.audiences[name]
    except KeyError:
        raise BriefgenError(f"unknown audience '{name}' (this dossier has: {', '.join(ev.dossier.audiences)})")
    clearance = aud.clearance
    rank = clearance.rank

    def visible(item) -> bool:
        return ev.sensitivity(item).rank <= rank

    allowed = {sid for sid, s in ev.sources.items() if visible(s)}
    dropped: list[tuple[str, str]] = []
    kinds: dict[str, str] = {}  # finding id -> why it was left out: clearance, confidence, tags (else: room)
    kept: list[FindingCut] = []
    rules = aud.select
    want_tags = set(rules.tags)
    skip_tags = set(rules.exclude_tags)

    for f in ev.findings:
        if not visible(f):
            dropped.append((f.id, f"above clearance ({ev.sensitivity(f)} > {clearance})"))
            kinds[f.id] = "clearance"
            continue
        cited = finding_sources(f)
        usable = [k for k in cited if k in allowed]
        if cited and not usable:
            dropped.append((f.id, f"no source citable at {clearance}"))
            kinds[f.id] = "clearance"
            continue
        if f.confidence.strength < rules.min_confidence.strength:
            dropped.append((f.id, f"confidence {f.confidence} below {rules.min_confidence}"))
            kinds[f.id] = "confidence"
            continue
        if want_tags and not want_tags & set(f.tags):
            dropped.append((f.id, f"none of its tags among {', '.join(sorted(want_tags))}"))
            kinds[f.id] = "tags"
            continue
        if skip_tags & set(f.tags):
            dropped.append((f.id, f"tagged {', '.join(sorted(skip_tags & set(f.tags)))}, which the audience excludes"))
            kinds[f.id] = "tags"
            continue
        quotes = [q for q in f.quotes if not q.source or q.source in allowed]
        figures = [g for g in f.figures if not g.source or g.source in allowed]
        kept.append(FindingCut(f, quotes, figures, usable))

    if not kept and not aud.allow_empty:
        why = "; ".join(sorted({reason for _, reason in dropped})) or "the dossier has no findings"
        raise BriefgenError(f"audience '{name}' would get no finding ({why}); check its select rules and the "
                            "findings folder, or set allow_empty: true for a brief without findings", aud.pos())
    kept.sort(key=lambda c: c.finding.priority)  # stable: equal priorities keep the dossier's order
    if rules.max_findings is not None and len(kept) > rules.max_findings:
        for c in kept[rules.max_findings:]:
            dropped.append((c.finding.id, f"beyond max_findings ({rules.max_findings})"))
        kept = kept[: rules.max_findings]
    if limit is not None and len(kept) > limit[0]:
        dropped += [(c.finding.id, limit[1]) for c in kept[limit[0]:]]
        kept = kept[: limit[0]]

    asks = sorted((a for a in ev.asks if name in a.audiences and visible(a)), key=lambda a: a.priority)
    d = ev.dossier
    contacts = [c for c in d.contacts if (c.audiences is None or name in c.audiences) and visible(c)]
    glossary = [g for g in d.glossary if visible(g)]
    dossier_text = d.marking.rank <= rank
    summary, background = (d.summary, d.background) if dossier_text else (None, None)

    framing = aud.framing
    cited_sources = {k for c in kept for k in c.sources}
    for text in [a.text for a in asks] + [summary, background] + framing_texts(framing):
        cited_sources.update(k for k in _cited_keys(text) if k in allowed)

    # Everything printed, with its label: what the template receives is exactly this.
    labels = [ev.sensitivity(x) for x in [c.finding for c in kept] + asks + contacts + glossary]
    labels += [ev.sensitivity(ev.sources[k]) for k in cited_sources]
    if summary or background:
        labels.append(d.marking)
    if framing is not None:
        labels.append(ev.sensitivity(framing))
    marking = most_restrictive(labels)
    if marking.rank > rank:
        raise AssertionError("selection let content above clearance through")

    sel = Selection(name, aud, kept, asks, contacts, allowed, dossier_text, marking, dropped, glossary,
                    summary, background, framing, kinds)
    _localize(ev, sel)
    return sel


def _localize(ev: Evidence, sel: Selection) -> None:
    """Put each printed text in the audience's language where a translation gives it (``translations.py``),
    noting what prints in the original and which translations printed are stale."""
    d = ev.dossier
    sel.language = language = sel.audience.language or d.language
    sel.title, sel.subtitle, sel.short_title, sel.about = d.title, d.subtitle, d.short_title, d.organisation.about
    if same_language(language, d.language):
        return

    def use(item, what: str, wanted: dict) -> tuple[dict, object]:
        """{field: translated text} for ``item`` and its translation (or None), noting the fields in ``wanted``
        left in the original."""
        found = translation_for(item.translations, language)
        tr = found[1] if found else None
        given = translated_texts(tr) if tr else {}
        missing = [f for f, present in wanted.items() if present and f not in given]
        if missing:
            sel.fallbacks.append(f"{what} ({', '.join(missing)})")
        if tr and is_stale(item, tr):
            sel.stale.append((tr, what))
        return given, tr

    for cut in sel.findings:
        f = cut.finding
        given, tr = use(f, f"finding '{f.id}'", {"title": True, "summary": True, "body": True,
                                                 "quotes": bool(cut.quotes), "figures": bool(cut.figures)})
        quotes = {id(q): {k: v for k, v in t.model_dump(include={"text", "speaker"}).items() if v}
                  for q, t in zip(f.quotes, tr.quotes if tr else []) if t}
        figures = {id(g): t for g, t in zip(f.figures, given.get("figures", [])) if t}
        cut.quotes = [q.model_copy(update=quotes[id(q)]) if id(q) in quotes else q for q in cut.quotes]
        cut.figures = [g.model_copy(update={"caption": figures[id(g)]}) if id(g) in figures else g
                       for g in cut.figures]
        plain = {k: v for k, v in given.items() if k in ("title", "summary", "body")}
        if plain:
            cut.finding = f.model_copy(update=plain)
    asks = []
    for a in sel.asks:
        given, _ = use(a, f"ask '{a.id}'", {"text": True})
        asks.append(a.model_copy(update=given) if given else a)
    sel.asks = asks
    if sel.framing is not None and sel.framing.translations:  # else written in the audience's language
        given, _ = use(sel.framing, "the framing", {})
        sel.framing = sel.framing.model_copy(update=given) if given else sel.framing
    wanted = {"title": True, "subtitle": bool(d.subtitle), "short_title": bool(d.short_title),
              "summary": bool(sel.summary), "background": bool(sel.background), "about": bool(sel.about)}
    given, _ = use(d, "the dossier", wanted)
    for key, value in given.items():
        if key in ("summary", "background") and getattr(sel, key) is None:
            continue  # above the audience's clearance: not printed in any language
        setattr(sel, key, value)


def language_name(tag: str) -> str:
    """ "French" for fr: how the build summary names a language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name("en") or tag
    except (UnknownLocaleError, ValueError, TypeError):
        return tag


def framing_texts(fr: Framing | None) -> list[str]:
    """The Markdown of a framing that may cite: hook, purpose, call to action, key messages."""
    if fr is None:
        return []
    return [t for t in [getattr(fr, name) for name in fr.MARKDOWN] + list(fr.key_messages) if t]


def rests_on_dropped(ev: Evidence, sel: Selection) -> list[Diagnostic]:
    """An ask or the framing of this audience that cites a source the audience may not see, cites a source whose
    every finding the audience was denied for its clearance or its confidence rule, or rests on a finding left out
    for its clearance, confidence or tags: the claim would come back without the evidence the selection refused.
    (Findings left out for room, by count or page budget, are not refused.) Rule ``rests-on-dropped``."""
    why = dict(sel.dropped)
    refused = sel.left_out_for
    supports: dict[str, list[str]] = {}
    for f in ev.findings:
        for key in finding_sources(f):
            supports.setdefault(key, []).append(f.id)
    fr = sel.framing
    items = [(a, "text", a.text, a.rests_on, f"ask '{a.id}'") for a in sel.asks]
    if fr is not None:
        items += [(fr, name, getattr(fr, name), [], f"the framing's {name}") for name in fr.MARKDOWN]
        items += [(fr, ("key_messages", i), m, [], f"key message {i + 1}") for i, m in enumerate(fr.key_messages)]
    out: list[Diagnostic] = []
    for item, field_name, text, rests_on, what in items:
        severity = level(ev, "rests-on-dropped", item)
        if severity == "off" or not text and not rests_on:
            continue
        for line, cite in find_citations(text or ""):
            key, pos = cite.key, item.text_pos(field_name, line, "@" + cite.key)
            if key in ev.sources and key not in sel.allowed_sources:
                problem = f"cites '{key}' ({ev.sensitivity(ev.sources[key])}), which audience '{sel.name}' may not " \
                          f"see: the citation would be removed and the claim printed without it"
            elif supports.get(key) and all(refused.get(f) in ("clearance", "confidence") for f in supports[key]):
                gone = ", ".join(f"'{f}' ({why.get(f, 'not selected')})" for f in supports[key][:3])
                problem = f"cites '{key}', the source of findings audience '{sel.name}' does not get: {gone}"
            else:
                continue
            out.append(Diagnostic(severity, f"{what} {problem}", pos, "rests-on-dropped"))
        for i, fid in enumerate(rests_on):
            if fid in refused:
                out.append(Diagnostic(severity, f"{what} rests on finding '{fid}', which audience '{sel.name}' does "
                                      f"not get ({why.get(fid, 'not selected')})", item.pos("rests_on", i),
                                      "rests-on-dropped"))
    return out



def stale_translations(sel: Selection) -> list[Diagnostic]:
    """For an audience with ``translations: strict``: each stale translation its brief would print, an error
    (rule ``translation-stale``; the lint reports it as a warning for other audiences)."""
    if sel.audience.translations != "strict":
        return []
    return [Diagnostic("error", f"audience '{sel.name}' (translations: strict) would print the {sel.language} "
                       f"translation of {what}, " + ("stale: what it translates changed since it was marked; update it"
                                                     if tr.original else "never marked as reviewed; review it")
                       + f", then run `briefgen translations mark --to {sel.language}`",
                       tr.pos("original") if tr.original else tr.pos(), "translation-stale")
            for tr, what in sel.stale]
