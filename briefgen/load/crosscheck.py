"""Cross-checks once every file has loaded: each citation names a source, each ask and contact an
audience, each file named (figure, attachment, logo, style, reference document) exists."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from ..errors import BriefgenError, Diagnostics
from ..tree import Attachment
from .base import Strict
from .citesyntax import (
    UNCLOSED_COMMENT,
    LineCounter,
    bare_keys,
    find_citations,
    keys_named,
    locator_problem,
    mask_code,
    unclosed_comment,
    unread_groups,
)
from .cslfile import check_csl
from .evidence import Evidence
from .findings import Ask, Finding
from .framing import Framing
from .images import image_problem
from .paths import check_url, inside
from .sources import Source
from .translations import MARKDOWN_FIELDS, field_pairs, translated_items
from .validate import Partial


def cross_check(ev: Evidence, diags: Diagnostics, partial: list, unread: dict | None = None) -> set[str]:
    """Citations, audiences and files named; returns the ids of the sources cited anywhere. ``unread``: the ids
    written in collection files that could not be read, by collection (``loader.ids_written``)."""
    cited: set[str] = set()
    audiences = ev.dossier.audiences
    unread = unread or {}
    # A source that failed validation, or stands in a file that could not be read, is reported once, where it
    # is written; its citations are not errors too (a tab in sources.yaml made every citation one).
    invalid = ev.invalid_sources = {p.id for p in partial if p.model is Source and p.id} | unread.get("sources", set())
    known = ev.sources.keys() | invalid  # made once: made for each text, it cost findings x sources

    def check_key(key: str, where) -> None:
        """``where`` gives the citation's position: found only for a report (finding it reads the file's
        positions, ``yamlsrc.SourceMap``)."""
        cited.add(key)
        if key not in ev.sources and key not in invalid:
            hint = difflib.get_close_matches(key, list(ev.sources), n=1)
            diags.error(
                f"citation key '@{key}' matches no source" + (f"; did you mean '@{hint[0]}'?" if hint else ""),
                where()
            )

    def check_text(obj, field_name) -> None:
        """A Markdown field of ``obj``, named or given as a path below it (``("key_messages", 0)``)."""
        if isinstance(field_name, tuple):
            text = getattr(obj, field_name[0])[field_name[1]]
        else:
            text = obj.data.get(field_name) if isinstance(obj, Partial) else getattr(obj, field_name)
        text = text if isinstance(text, str) else ""
        unclosed = unclosed_comment(text)
        if unclosed is not None:
            diags.error(UNCLOSED_COMMENT, obj.text_pos(field_name, unclosed, "<!--"))
        for line, item in find_citations(text):
            check_key(item.key, lambda: obj.text_pos(field_name, line, "@" + item.key))
            problem = locator_problem(item.locator)
            if problem:
                diags.error(f"citation of '@{item.key}': {problem}", obj.text_pos(field_name, line, "@" + item.key))
        for line, key, bracketed in bare_keys(text, known):
            unclosed = (f"'[@{key}' does not close as a citation (a citation holds no brackets and no link: put the "
                        "link outside it), so the brief would print the source's key as written; cite it as "
                        f"[@{key}] or [@{key}, p. 4]")
            diags.error(unclosed if bracketed else f"'@{key}' without brackets would print the source's key; cite it "
                        f"as [@{key}]", obj.text_pos(field_name, line, "@" + key))
        for line, group, why in unread_groups(text):  # quoted on one line, as a diagnostic is
            shown = " ".join(group.split())
            shown = shown if len(shown) <= 60 else shown[:59] + "…]"
            diags.error(f"{shown} is printed as written, keys and all: {why}", obj.text_pos(field_name, line, group))
        for line, image, target, label, title in markdown_targets(text):
            def where(line=line, target=target):
                return obj.text_pos(field_name, line, target)

            if image:
                local_file(ev.root, file_name(target), "image", where, diags, image=True)
                if not re.sub(r"[\\*_`~\s]", "", label):  # a screen reader would say "figure", and no more
                    diags.error(f"image {target} has no description: write what it shows between the brackets, "
                                f"![Satellite image of the facility, 2019]({target}); it is the figure's caption "
                                "and its alternative text", where())
                if any(item.key in known for _, item in find_citations(title)):  # "[@handle]" is none
                    diags.error(CITED_CREDIT.format(credit=" ".join(title.split()), src=target), where())
            elif not target.startswith("#"):
                try:
                    check_url(target.replace(" ", "%20"))  # <a b>: the parser writes the space so
                except ValueError as exc:
                    diags.error(f"link: {exc}", where())

    for p in partial:
        for field_name in {Finding: ("body",), Ask: ("text",)}.get(p.model, ()):
            check_text(p, field_name)

    plain_done: set = set()

    def check_plain(obj, field_name: str, hint: str) -> None:
        """A plain-text field: a citation of a source in it would be printed as written, brackets and key."""
        if (id(obj), field_name) in plain_done:
            return
        plain_done.add((id(obj), field_name))
        text = getattr(obj, field_name, None)
        if not isinstance(text, str) or "@" not in text:
            return
        for line, key in keys_named(text, ev.sources.keys() | invalid):  # "[@handle]" is none
            diags.error(f"{field_name} is plain text: the citation of '@{key}' would be printed as written, "
                        f"brackets and key; {hint}", obj.text_pos(field_name, line, "@" + key))
            return

    in_body = "cite in the body (a template prints the summary with the body's sources)"
    for f in ev.findings:
        check_text(f, "body")
        check_plain(f, "title", in_body)
        check_plain(f, "summary", in_body)
        for q in f.quotes:
            check_plain(q, "text", "a quote names its source in source: (and locator:)")
            check_plain(q, "speaker", "a quote names its source in source: (and locator:)")
        for fig in f.figures:
            check_plain(fig, "caption", "a figure names its source in source: (and locator:)")
            check_plain(fig, "credit", "a figure names its source in source: (and locator:)")
        for q in f.quotes:
            if q.source:
                check_key(q.source, lambda q=q: q.pos("source"))
        for fig in f.figures:
            if fig.source:
                check_key(fig.source, lambda fig=fig: fig.pos("source"))
            local_file(ev.root, fig.image, "figure image", lambda fig=fig: fig.pos("image"), diags, image=True)
    for a in ev.asks:
        check_text(a, "text")
        check_plain(a, "addressee", "cite in the ask's text")
        for i, name in enumerate(a.audiences):
            if name not in audiences:
                hint = difflib.get_close_matches(name, list(audiences), n=1)
                diags.error(
                    f"ask for unknown audience '{name}'"
                    + (f"; did you mean '{hint[0]}'?" if hint else f" (audiences: {', '.join(audiences)})"),
                    a.pos("audiences", i),
                )
    for field_name in ("summary", "background"):
        if getattr(ev.dossier, field_name):
            check_text(ev.dossier, field_name)
    if ev.dossier.organisation.about:
        check_text(ev.dossier.organisation, "about")
    finding_ids = {f.id for f in ev.findings} | {p.id for p in partial if p.model is Finding and p.id} \
        | unread.get("findings", set())
    for a in ev.asks:
        for i, fid in enumerate(a.rests_on):
            if fid not in finding_ids:
                hint = difflib.get_close_matches(fid, sorted(finding_ids), n=1)
                diags.error(f"ask '{a.id}' rests on '{fid}', which is no finding"
                            + (f"; did you mean '{hint[0]}'?" if hint else ""), a.pos("rests_on", i))
    for field_name in ("title", "subtitle", "short_title"):
        check_plain(ev.dossier, field_name, "cite in the summary or background")
    for name, aud in audiences.items():
        fr = aud.framing
        if fr is None:
            continue
        check_plain(fr, "headline", "cite in the hook, which the headline announces")
        if fr.quote is not None:
            for field_name in ("text", "name", "role"):
                check_plain(fr.quote, field_name, "a spokesperson's words carry no citation; cite in the hook")
        for field_name in fr.MARKDOWN:
            if getattr(fr, field_name):
                check_text(fr, field_name)
        for i in range(len(fr.key_messages)):
            check_text(fr, ("key_messages", i))
        label = fr.sensitivity or ev.dossier.marking
        if label.rank > aud.clearance.rank:
            diags.error(f"audience '{name}': its framing is marked {label}, above the audience's clearance "
                        f"({aud.clearance}); framing is written for this audience alone",
                        fr.pos("sensitivity") if fr.sensitivity else fr.pos())
    _check_translations(ev, diags, check_text, check_plain)
    for obj, field_name in plain_texts(ev.dossier):  # the rest of dossier.yaml: labels, contacts, names ...
        check_plain(obj, field_name, "cite in a text that takes citations (the summary or background, a finding's "
                                     "body, an ask's text)")
    for c in ev.dossier.contacts:
        for i, name in enumerate(c.audiences or []):
            if name not in audiences:
                diags.error(f"contact for unknown audience '{name}'", c.pos("audiences", i))
    _check_language(ev.dossier.language, lambda: ev.dossier.pos("language"), diags)
    for name, aud in audiences.items():
        if aud.language:
            _check_language(aud.language, lambda aud=aud: aud.pos("language"), diags)
        if aud.citation_style.endswith(".csl"):
            check_csl(ev, aud, diags)
        if aud.reference_docx:
            local_file(ev.root, aud.reference_docx, "reference document", lambda aud=aud: aud.pos("reference_docx"),
                       diags)
    for s in ev.sources.values():
        if s.attachment:
            file = local_file(ev.root, s.attachment, "attachment", lambda s=s: s.pos("attachment"), diags)
            if file is not None:
                ev.attachments[s.id] = _attachment(s, file)
    logo = ev.dossier.organisation.logo
    if logo:
        local_file(ev.root, logo, "logo", lambda: ev.dossier.organisation.pos("logo"), diags, image=True)
    return cited


# The Markdown texts of dossier.yaml (checked as such): every other text of it is printed as written.
DOSSIER_MARKDOWN = {"summary", "background", "about", "key_messages", *Framing.MARKDOWN}


def plain_texts(model):
    """(model, field name) of each plain text of ``model`` and of the models it holds (translations aside:
    they have their own checks)."""
    for name in type(model).model_fields:
        if name in DOSSIER_MARKDOWN or name == "translations":
            continue
        value = getattr(model, name, None)
        if isinstance(value, str):
            yield model, name
        for item in (value.values() if isinstance(value, dict) else value if isinstance(value, list) else (value,)):
            if isinstance(item, Strict):
                yield from plain_texts(item)


def _check_translations(ev: Evidence, diags: Diagnostics, check_text, check_plain) -> None:
    """Each translation: its language a language, its citations as checked as the original's and citing
    exactly the sources the original cites, no more quotes or figures than the original has."""
    for item, what, translations in translated_items(ev):
        for tag, tr in translations.items():
            _check_language(tag, lambda item=item, tag=tag: item.pos("translations", tag), diags)
            for name, count in (("quotes", len(getattr(item, "quotes", []))),
                                ("figures", len(getattr(item, "figures", [])))):
                given = getattr(tr, name, [])
                if len(given) > count:
                    diags.error(f"the {tag} translation of {what} has {len(given)} {name}; the original has "
                                f"{count}", tr.pos(name))
            for path, original, text in field_pairs(item, tr):
                if original is None:
                    diags.error(f"the {tag} translation of {what} translates {path[0]}, which the original does "
                                "not have", tr.pos(*path))
                    continue
                if path[0] not in MARKDOWN_FIELDS:
                    if len(path) == 1:
                        check_plain(tr, path[0], "as in the original")
                    continue
                check_text(tr, path if len(path) > 1 else path[0])
                own, theirs = _keys(original), _keys(text)
                if own != theirs:
                    extra, missing = sorted(theirs - own), sorted(own - theirs)
                    says = "; ".join(p for p in (
                        f"cites {', '.join('@' + k for k in extra)}, which the original does not" if extra else "",
                        f"does not cite {', '.join('@' + k for k in missing)}, which the original does"
                        if missing else "") if p)
                    line = next((n for n, c in find_citations(text) if extra and c.key == extra[0]), 0)
                    diags.error(f"the {tag} translation of {what} ({'.'.join(map(str, path))}) {says}: a "
                                "translation cites exactly the sources of its original",
                                tr.text_pos(path if len(path) > 1 else path[0], line,
                                            "@" + extra[0] if extra else ""))


def _keys(text: str) -> set[str]:
    return {item.key for _, item in find_citations(text or "")}


def _check_language(tag: str, where, diags: Diagnostics) -> None:
    """``where()`` gives the position of the tag (asked for only to report it)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        diags.error(f"unknown language '{tag}' (expected a BCP 47 tag such as en, fr, de, zh-CN)", where())


# A figure's credit (an image's title) is printed as written: a citation there would print its key in every
# brief, whatever the source's clearance.
CITED_CREDIT = ("figure {src}: its credit (\"{credit}\") holds a citation, which a credit prints as written, key and "
                "all, in every brief: cite the source in the description, ![... [@key]]({src}), or as the figure's "
                "source:")

# An inline link or image: [label](target "title"), the target in <angle brackets> (spaces allowed), or bare
# with balanced parentheses (photo(1).png) and backslash escapes, as CommonMark reads it ("](my photo.png)" is
# no link, but text).
_MD_TARGET = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(\s*"  # a label may hold [@key]
                        r"(?:<([^<>\n]*)>|((?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))+))"
                        # then an optional title (groups 5 to 7), and the closing parenthesis
                        r"(?=\s*(?:\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'|\(((?:[^()\\]|\\.)*)\))?\s*\))")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def markdown_targets(text: str):
    """``(line offset, is an image, target, label, title)`` of every inline link and image in a Markdown text."""
    if "](" not in text:
        return
    lines = LineCounter(text)
    for m in _MD_TARGET.finditer(mask_code(text)):  # a target in code is text
        target = m.group(3) if m.group(3) is not None else m.group(4)
        if target:
            title = next((t for t in m.group(5, 6, 7) if t is not None), "")
            yield lines.at(m.start()), bool(m.group(1)), target, m.group(2), title


def file_name(target: str) -> str:
    """The file a Markdown image's target names, as the renderer reads it: escapes undone, percent-encoding
    (my%20photo.png) decoded."""
    from urllib.parse import unquote

    return unquote(_ESCAPED.sub(r"\1", target))


def local_file(root: Path, name: str, what: str, where, diags: Diagnostics, image: bool = False):
    """The dossier's file ``name``, resolved; None, with an error at ``where()`` (asked for only then), when
    it lies outside the dossier, does not exist, or (``image``) is not an image briefgen can set."""
    try:
        path = inside(root, name, what)
    except BriefgenError as exc:
        diags.error(exc.diagnostics[0].message, where())
        return None
    if not path.is_file():
        web = name.lower().startswith(("http://", "https://", "www."))
        diags.error(f"{what} not found: {name}" + ("; a file of the dossier is meant, not a web address: save it "
                                                   "in the dossier folder and give its path" if web else ""), where())
        return None
    if image:
        problem = image_problem(path)
        if problem:
            diags.error(f"{what} {name}: {problem}", where())
            return None
    return path


def _attachment(s: Source, file: Path) -> Attachment:
    """Hash a source's file once, as it is read: the digest printed is the digest of the bytes embedded."""
    import hashlib

    data = file.read_bytes()
    return Attachment(s.id, file.name, str(file.resolve()), hashlib.sha256(data).hexdigest(), len(data), s.title)
