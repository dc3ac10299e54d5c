"""Evidence lint: weak sourcing found before an opponent finds it.

Each rule has an id and a default severity. A dossier sets a rule to ``error``, ``warning`` or ``off`` in
``lint:`` (dossier.yaml); a finding or source silences a rule for itself with ``lint_ignore: {rule: why}``,
the reason being required, so that every silenced rule is a decision someone wrote down.
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Diagnostics
from .citesyntax import find_citations
from .rules import RULES
from .translations import field_pairs, is_stale, numbers, translated_items

# Phrases that speak to the team, not to the reader: an editorial hedge printed in a brief. re tries a pattern
# at every character of the text; the look-ahead (the first letters of the phrases) and the one \b for all
# the phrases that start a word turn most characters away after one test instead of seven (a 10 MB finding:
# 0.3 s against 0.8 s). No two of the phrases can match at one place: putting "citation needed" first
# changes no match.
AUTHOR_FACING = re.compile(
    r"(?=[bcdfnstvx\[])(?:\[?citation needed\]?|\b(?:(?:TODO|FIXME|TBC|TBD|XXX)\b"
    r"|note to (?:self|editors? only|the team)\b"
    r"|(?:check|verify|confirm|double-check)\s+(?:the|this|that|these|whether|against|before|with)\b"
    r"|should(?:\s+not|n't)\s+be\s+(?:stated|quoted|said|claimed|printed|published)\b"
    r"|before\s+(?:quoting|publishing|citing|sending|printing)\b|do not (?:quote|publish|cite)\b))",
    re.IGNORECASE)


# A Markdown footnote mark or definition (pandoc's, GitHub's): ``[^1]``, ``[^note]:``.
FOOTNOTE = re.compile(r"(?<!\\)\[\^[^\]\s]+\]")


def inline_images(text: str) -> list[tuple[int, str]]:
    """The images of a Markdown text that the brief prints as their descriptions: (line,
    ``![description](file)``) of each image inside running text, a heading or a table's header row. An image alone in
    a paragraph, a list item's paragraph or a table's cell is a figure (``render.markup``)."""
    if "![" not in text:  # most texts: not parsed again
        return []
    from markdown_it import MarkdownIt

    found, printed_as_text = [], 0  # inside a heading or a table's header row: every image is text
    lines = text.splitlines()
    for t in MarkdownIt("commonmark", {"html": True, "maxNesting": 64}).enable(["table"]).parse(text):
        if t.type in ("heading_open", "thead_open"):
            printed_as_text += 1
        elif t.type in ("heading_close", "thead_close"):
            printed_as_text -= 1
        elif t.type == "inline" and t.children:
            shown = [c for c in t.children if not (c.type == "text" and not c.content.strip())]
            if not (printed_as_text or len(shown) > 1):
                continue
            first, end = t.map or (0, len(lines))  # a table's cell has no lines of its own
            for c in t.children:
                if c.type == "image":
                    src = c.attrGet("src") or ""
                    near = [n for n in range(first, min(end, len(lines))) if "![" in lines[n]]
                    line = next((n for n in near if src in lines[n]), near[0] if near else first)
                    alt = c.content if len(c.content) <= 40 else c.content[:39] + "…"
                    found.append((line, f"![{alt}]({src})"))
    return found


_HEADING_LINE = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.M)  # "# Title", or an underline
_CONTENT = {"paragraph_open", "fence", "code_block", "table_open", "list_item_open", "html_block"}


def empty_headings(text: str) -> list[tuple[int, str]]:
    """(line, heading) of each heading of a Markdown text with nothing under it before the next heading of
    its level or above, or the text's end: the brief leaves such a heading out (``render/tidy.py``)."""
    if not _HEADING_LINE.search(text):
        return []
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True, "maxNesting": 64}).enable(["table"]).parse(text)
    found, open_ = [], []  # open_: [level, line, heading, has content] of the headings whose section runs
    for i, t in enumerate(tokens):
        if t.type == "heading_open":
            level = int(t.tag[1])
            found += [(line, name) for lv, line, name, full in open_ if lv >= level and not full]
            open_ = [h for h in open_ if h[0] < level]
            open_.append([level, (t.map or (0,))[0], tokens[i + 1].content.strip(), False])
        elif t.type in _CONTENT and not (t.type == "html_block" and t.content.lstrip().startswith("<!--")):
            for h in open_:
                h[3] = True
    found += [(line, name) for _, line, name, full in open_ if not full]
    return sorted(found)


def level(ev, rule_id: str, item=None) -> str:
    """A rule's severity in this dossier ("error", "warning" or "off"), "off" where ``item`` silences it."""
    if rule_id in (getattr(item, "lint_ignore", None) or {}):
        return "off"
    return dict(ev.dossier.lint).get(rule_id, RULES[rule_id].severity)


def printed_texts(ev):
    """``(item, field path, text)`` of every text the templates print from findings, asks and the dossier."""
    d = ev.dossier
    for f in ev.findings:
        yield from ((f, name, getattr(f, name)) for name in ("title", "summary", "body"))
        yield from ((f, ("quotes", i, "text"), q.text) for i, q in enumerate(f.quotes))
        yield from ((f, ("figures", i, "caption"), g.caption) for i, g in enumerate(f.figures))
    for a in ev.asks:
        yield a, "text", a.text
    yield from ((d, name, getattr(d, name)) for name in ("title", "subtitle", "summary", "background"))
    for aud in d.audiences.values():
        fr = aud.framing
        if fr is not None:
            yield from ((fr, name, getattr(fr, name)) for name in ("headline", *fr.MARKDOWN))
            yield from ((fr, ("key_messages", i), m) for i, m in enumerate(fr.key_messages))
            if fr.quote:
                yield fr, ("quote", "text"), fr.quote.text


def finding_sources(finding) -> list[str]:
    """Ids of the sources a finding rests on (body citations, quotes, figures), in order of first use."""
    keys = [item.key for _, item in find_citations(finding.body)]
    keys += [x.source for x in (*finding.quotes, *finding.figures) if x.source]
    return list(dict.fromkeys(keys))


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[\W_]+", " ", text).strip()


def parties(source) -> set[str]:
    """Who stands behind a source: its authors, its publisher (or, failing that, the outlet) and the authority
    that issued it (a court's judgment, a legislature's bill)."""
    out = {_norm(n.display()) for n in source.author}
    outlet = source.publisher or source.container_title
    if outlet:
        out.add(_norm(outlet))
    if source.get("authority"):
        out.add(_norm(str(source.get("authority"))))
    return out - {""}


def _listed(keys: list[str]) -> str:
    quoted = [f"'{k}'" for k in keys]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def independent(a, b) -> bool:
    """Two sources are independent when they share no author and no publisher."""
    pa, pb = parties(a), parties(b)
    return bool(pa) and bool(pb) and not (pa & pb)


def lint(ev, diags: Diagnostics, cited: set[str]) -> None:
    """Run every rule on a loaded dossier, adding its findings to ``diags`` at the dossier's severities."""
    def report(rule_id: str, item, message: str, pos) -> None:
        severity = level(ev, rule_id, item)
        if severity != "off":
            getattr(diags, severity)(message, pos, rule_id)

    for f in ev.findings:
        used = finding_sources(f)  # read once: a finding's body may be megabytes long
        if ev.invalid_sources.intersection(used):
            continue  # it cites a source reported as invalid: what the rules would say follows from that
        keys = [k for k in used if k in ev.sources]
        mine = ev.sensitivity(f)
        for key in keys:
            theirs = ev.sensitivity(ev.sources[key])
            if theirs.rank > mine.rank:
                report("source-above-finding", f,
                       f"finding '{f.id}' ({mine}) cites '{key}' ({theirs}): an audience cleared for the finding "
                       "would get the claim without its source; mark the finding "
                       f"{theirs} or cite a source at {mine}", f.pos("sensitivity") if f.sensitivity else f.pos("id"))
        if not keys:
            report("unsourced", f, f"finding '{f.id}' cites no source", f.pos("body"))
            continue
        srcs = [ev.sources[k] for k in keys]
        if str(f.confidence) == "confirmed":
            if not any(independent(a, b) for i, a in enumerate(srcs) for b in srcs[i + 1:]):
                unnamed = [k for k, src in zip(keys, srcs) if not parties(src)]
                why = ("it cites one source" if len(srcs) == 1 else
                       f"{_listed(unnamed)} name{'s' * (len(unnamed) == 1)} no author, publisher or authority, so "
                       "nothing shows who stands behind " + ("it" if len(unnamed) == 1 else "them") if unnamed else
                       f"its {len(srcs)} sources share an author or publisher")
                report("confirmed-not-independent", f,
                       f"finding '{f.id}' is marked confirmed but {why}; confirmed needs two independent sources "
                       "(different authors and publishers), or mark it shared-origin or reported",
                       f.pos("confidence"))
            continue  # the stronger rule speaks for a confirmed finding
        if len(srcs) == 1:
            report("single-sourced", f, f"finding '{f.id}' rests on one source ('{keys[0]}')", f.pos("body"))

    for item, field, text in printed_texts(ev):
        where = field if isinstance(field, str) else ".".join(map(str, field))
        owner = repr(getattr(item, "id", None)) if getattr(item, "id", None) else "the dossier"
        m = AUTHOR_FACING.search(text or "")
        if m:
            said = " ".join(text[m.start():m.start() + 60].split()[:6])
            report("author-facing-text", item,
                   f"{where} of {owner} says '{said} ...': a note to the team "
                   "would be printed for the reader; move it to team_note, or word it for the reader",
                   item.text_pos(field, text.count("\n", 0, m.start()), m.group(0)))
        for line, source in inline_images(text or ""):
            report("inline-image", item,
                   f"{where} of {owner} has an image inside running text ({source}), which the brief would print "
                   "as its description, not the picture: give the image a paragraph of its own (a blank line "
                   "before and after) to make it a figure", item.text_pos(field, line, "!["))
        for line, heading in empty_headings(text or ""):
            report("empty-heading", item,
                   f"{where} of {owner} has the heading '{heading}' with nothing under it: a brief leaves out a "
                   "heading whose section is empty (at the end of a body, what the template prints next falls "
                   "under it); write its section, or remove it", item.text_pos(field, line, heading[:20]))
        m = FOOTNOTE.search(text or "")
        if m:
            report("markdown-footnote", item,
                   f"{where} of {owner} has a Markdown footnote ({m.group(0)}), which the brief would print as "
                   "written: briefgen's notes are its citations; cite the source it rests on ([@key]), or say it "
                   "in the text", item.text_pos(field, text.count("\n", 0, m.start()), m.group(0)))

    used = {t for f in ev.findings for t in f.tags}
    for name, aud in ev.dossier.audiences.items():
        for key in ("tags", "exclude_tags"):
            for i, tag in enumerate(getattr(aud.select, key) if not ev.incomplete else ()):
                if tag not in used:
                    near = next((t for t in sorted(used) if "".join(t.split()).casefold().replace("_", "-") ==
                                 "".join(tag.split()).casefold().replace("_", "-")), None)
                    report("unknown-tag", aud.select,
                           f"audience '{name}' {'keeps' if key == 'tags' else 'leaves out'} findings tagged '{tag}', "
                           "and no finding has that tag (tags are matched as written)"
                           + (f"; did you mean '{near}'?" if near else ""), aud.select.pos(key, i))
        fr = aud.framing
        for i, message in enumerate(fr.key_messages if fr is not None else []):
            if not any(True for _ in find_citations(message)):
                report("uncited-key-message", fr,
                       f"key message {i + 1} of audience '{name}' cites nothing: a key message is a claim, and the "
                       "reader should see what it rests on; cite its sources ([@key])",
                       fr.text_pos(("key_messages", i), 0))

    for item, what, translations in translated_items(ev):
        for tag, tr in translations.items():
            if tr.original is None:
                report("translation-stale", item, f"the {tag} translation of {what} was never marked: nothing says "
                       "which version of the original it translates; review it, then run `briefgen translations "
                       f"mark --to {tag}`", tr.pos())
            elif is_stale(item, tr):
                report("translation-stale", item, f"the {tag} translation of {what} is stale: the original changed "
                       "since it was marked; update the translation, then run `briefgen translations mark --to "
                       f"{tag}`", tr.pos("original"))
            for path, original, text in field_pairs(item, tr):
                ours, theirs = numbers(original or ""), numbers(text)
                if original is not None and ours != theirs:
                    report("translation-numbers", item, f"the {tag} translation of {what} "
                           f"({'.'.join(map(str, path))}) states {', '.join(theirs) or 'no number'} where the "
                           f"original states {', '.join(ours) or 'none'}", tr.pos(*path))

    for s in ev.sources.values():
        if s.URL and not (s.archive_url or s.accessed):
            report("url-not-archived", s,
                   f"source '{s.id}' has a URL but neither an archived copy (archive-url) nor an access date "
                   "(accessed); links die", s.pos("URL"))
        if s.id not in cited and not ev.incomplete:  # else the citations of what failed to load are unknown
            report("uncited-source", s, f"source '{s.id}' is never cited", s.pos("id"))
