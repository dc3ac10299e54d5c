"""``briefgen translations export`` and ``import``: the texts to translate as a PO file, and back.

PO (gettext) is the file translation tools read: Poedit, Weblate, Lokalise, Crowdin, OmegaT, and memoQ or Trados
through their filters. It is written and read with Babel (``babel.messages``). One message is one text:
msgctxt names it (``finding:ID:body``, ``finding:ID:quotes.0.text``, ``ask:ID:text``, ``dossier:summary``,
``framing:AUDIENCE:key_messages.2``, ``glossary:TERM``), msgid is the original as it stands (without its last
line break), msgstr the translation there is, flagged fuzzy when its original changed since it was marked (or
it never was); the location is where the original is written, the extracted comments the rules it keeps.

Import takes each message translated and not fuzzy whose msgid is still the original, writes it under the
original (``splice.py``: comments and the rest of each file kept) and marks the translation with the hash of
its original, unless it was stale and some of its texts were not imported. The dossier is then loaded with the
new files (a copy of its YAML files) with briefgen's checks: an error in an imported translation (a citation
the original does not make, or one missing) refuses the whole import, naming the PO file's line; warnings
(other numbers than the original's) are reported. Every file is written at once, or none.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..atomic import write_files
from ..errors import BriefgenError, Diagnostics, Position, display_path
from ..load import Evidence
from ..load.text import clean, without_bom
from ..load.translations import _CITATION, _NUMBER, MARKDOWN_FIELDS, DossierTranslation, translation_for
from . import printed_in
from .splice import Change, compose, end, line_of, node_at, splice
from .texts import Text, apply, get, has, stale, strip, texts

HEADER = """\
{name} translations of the dossier '{id}': {count}.
Made by `briefgen translations export`, brought back by `... import`.
Marking: {marking}, the most restricted of these texts: share this
file as you would share them.
Each message is one text of the dossier: msgctxt says which, the
location where its original is written. Keep the Markdown; copy each
citation such as [@BBC, p. 4] exactly; state the numbers the original
states; say that quoted words are translated ("notre traduction").
A message flagged fuzzy holds a translation whose original changed:
check it against the msgid, correct it, then remove the flag. Only
the messages translated and not fuzzy are imported."""
STALE = "The original changed since this translation was checked (or it never was): check it, then unflag it."
QUOTED = 'Words quoted from a source become your translation: say so ("notre traduction" in French).'
SPEAKER = 'The speaker as your language names them, saying that the words are translated: "Ministère des ' \
          'Affaires étrangères (notre traduction)".'
GLOSSARY = "A name or term as a brief in this language writes it (its forms in other scripts stay as they are)."


# --- what the commands print ---------------------------------------------------------------------------------


def status_lines(ev: Evidence) -> list[str]:
    """``translations status``: per language, its counts, then what is stale and what is missing."""
    from . import status

    out = []
    for st in status(ev):
        out.append(f"{st.language}: {len(st.current)} current, {len(st.stale)} stale, {len(st.missing)} missing")
        out += [f"  {word}: {what}" for word, items in (("stale", st.stale), ("missing", st.missing))
                for what in items]
    return out or ["nothing is translated, and every audience is in the dossier's language"]


def mark_lines(ev: Evidence, language: str, only: set | None, dry_run: bool) -> list[str]:
    """``translations mark``: mark, and say what was marked. An unknown language or ``only`` id is an error (it
    said "every xx translation is marked", having marked nothing)."""
    from . import mark

    _locale(language)
    known = {f.id for f in ev.findings} | {a.id for a in ev.asks}
    unknown = sorted(set(only or ()) - known)
    if unknown:
        raise BriefgenError(f"no finding or ask '{unknown[0]}' (--only names a finding's or an ask's id)")
    marked = mark(ev, language, only, dry_run)
    return [f"{'would mark' if dry_run else 'marked'} the {language} translation of {what}" for what in marked] \
        or [f"every {language} translation is marked as translating its original as it stands"]


# --- export ------------------------------------------------------------------------------------------------


def _locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise BriefgenError(f"unknown language '{language}' (expected a BCP 47 tag such as fr, es, fr-CH)") from None


def _when(ev: Evidence) -> dt.datetime:
    """The file's date: SOURCE_DATE_EPOCH when set, else the dossier's date (the same dossier, the same bytes)."""
    from ..clock import source_date

    return source_date() or dt.datetime.combine(ev.dossier.date, dt.time(), dt.timezone.utc)


def _rules(t: Text) -> list[str]:
    """The extracted comments: what the text is, and what its translation keeps."""
    name = t.path[0] if t.path else "term"
    markdown = t.cls is not None and name in MARKDOWN_FIELDS and (name != "summary" or t.cls is DossierTranslation)
    out = [f"{t.what}: {'.'.join(map(str, t.path)) or 'term'} ({'Markdown' if markdown else 'plain text'})."]
    if markdown:
        out.append("Keep the Markdown as it is: *italics*, **bold**, links, lists, blank lines between paragraphs.")
    cites = list(dict.fromkeys(_CITATION.findall(t.original)))
    if cites:
        out.append("Copy each citation exactly, its keys and locators as they are: " + " ".join(cites))
    nums = list(dict.fromkeys(m.group() for m in _NUMBER.finditer(_CITATION.sub(" ", t.original))))
    if nums:
        out.append("State the same numbers, written as your language writes them: " + "; ".join(nums))
    if t.path[-1:] == ("speaker",):
        out.append(SPEAKER)
    elif name == "quotes" or re.search(r"[\"“”«»„]", t.original):
        out.append(QUOTED)
    if t.cls is None:
        out.append(GLOSSARY)
    return out


def export(ev: Evidence, language: str, include_current: bool = False):
    """A Babel ``Catalog`` of the texts to translate into ``language``: what its audiences print whose
    translation is missing or stale, and every other translation to it that is stale (with
    ``include_current``, the current ones too, for a review)."""
    from babel.messages.catalog import Catalog, Message

    when, marking = _when(ev), ev.dossier.marking
    catalog = Catalog(locale=_locale(language), project=ev.dossier.id, version=ev.dossier.date.isoformat(),
                      copyright_holder=ev.dossier.organisation.name, creation_date=when, revision_date=when,
                      fuzzy=False)
    catalog.last_translator = catalog.language_team = catalog.msgid_bugs_address = ""  # the translator's
    for t in texts(ev, language, printed_in(ev, language)):
        found = translation_for(t.item.translations, language)
        tr = found[1] if found else None
        given = tr if t.cls is None else get(tr, t.path)
        fuzzy = stale(t, tr) and given is not None
        if (given is None and not t.shown) or (given is not None and not fuzzy and not include_current):
            continue
        msg = Message(strip(t.original), strip(given), [(t.location, t.pos.line)], ["fuzzy"] if fuzzy else [],
                      _rules(t), [STALE] if fuzzy else [], context=t.key)
        msg.flags -= {"python-format", "python-brace-format"}  # "50% of" is no format string
        catalog[msg.id] = msg
        label = getattr(t.item, "sensitivity", None) or ev.dossier.marking
        marking = max(marking, label, key=lambda x: x.rank)
    count = f"{len(catalog)} texts, {sum(1 for m in catalog if m.id and m.fuzzy)} of them fuzzy"
    catalog.header_comment = "\n".join("# " + ln for ln in HEADER.format(
        name=catalog.locale.english_name, id=ev.dossier.id, count=count, marking=marking).splitlines())
    return catalog


def export_file(ev: Evidence, language: str, out: Path | None = None, include_current: bool = False) -> str:
    """Write the export to ``out`` (default: ID-LANG.po in this folder); say what it holds."""
    from babel.messages.pofile import write_po

    catalog = export(ev, language, include_current)
    out = Path(out) if out else Path(f"{ev.dossier.id}-{language}.po")
    buf = io.BytesIO()
    write_po(buf, catalog, width=76)
    write_files([(out, buf.getvalue())])
    fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)
    return (f"wrote {out}: {len(catalog)} text{'s' * (len(catalog) != 1)} into {language}, "
            f"{len(catalog) - fuzzy - done} to translate, "
            f"{fuzzy} to review (fuzzy: their original changed){f', {done} current' if done else ''}")


# --- import ------------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    language: str
    dry_run: bool = False
    imported: dict = field(default_factory=dict)  # what -> the fields imported
    files: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    untranslated: int = 0
    fuzzy: int = 0
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def show(self, echo) -> None:
        """Print the report with ``echo`` (``click.echo``): the diagnostics on standard error, then the lines."""
        for d in self.diagnostics.sorted():
            echo(d.format(), err=True)
        for line in self.lines():
            echo(line)

    def lines(self) -> list[str]:
        verb, wrote = ("would import", "would write") if self.dry_run else ("imported", "wrote")
        out = [f"{verb} the {self.language} translation of {what} ({', '.join(fields)})"
               for what, fields in self.imported.items()]
        if self.files:
            out.append(f"{wrote} {', '.join(self.files)}")
        out += self.notes or ([] if self.imported else [f"nothing to import into {self.language}"])
        if self.untranslated or self.fuzzy:
            out.append(f"left as they are: {self.untranslated} messages untranslated, {self.fuzzy} fuzzy (check "
                       "them, remove the flag, import again)")
        return out


def _read(po: Path):
    from babel import UnknownLocaleError
    from babel.messages.pofile import PoFileError, read_po

    try:
        return read_po(io.BytesIO(without_bom(po.read_bytes())), abort_invalid=True)
    except OSError as exc:
        raise BriefgenError(f"cannot read this file: {exc.strerror}", Position(po)) from None
    except (PoFileError, UnicodeDecodeError, UnknownLocaleError, ValueError) as exc:
        line = getattr(exc, "lineno", -1) + 1
        raise BriefgenError(f"not a PO file that can be read: {exc}", Position(po, max(line, 0))) from None


def import_catalog(ev: Evidence, source, language: str | None = None, dry_run: bool = False) -> ImportReport:
    """Bring the translations of a PO file (a path, or a Babel ``Catalog``) into the dossier's YAML files:
    all of them, or none when briefgen's checks find an error in one (``BriefgenError``)."""
    po = Path(source) if isinstance(source, (str, os.PathLike)) else None
    catalog = _read(po) if po is not None else source
    own = str(catalog.locale_identifier or "").replace("_", "-") or None
    if language and own and own.split("-")[0].lower() != language.split("-")[0].lower():
        # a French file imported --to de would have written French as the German translations
        raise BriefgenError(f"the PO file is in {own} (its Language header), not {language}: give --to {own}, or "
                            "leave --to out", Position(po) if po else None)
    language = language or own
    if not language:
        raise BriefgenError("the PO file names no language (its Language header): give it with --to LANG",
                            Position(po) if po else None)
    _locale(language)
    report = ImportReport(language, dry_run)
    known = {t.key: t for t in texts(ev, language, None)}
    wanted: dict[str, dict] = {}  # item -> {path: (text, PO position, msgctxt)}
    items: dict[str, Text] = {}  # item -> one of its texts
    for msg in catalog:
        if not msg.id or not isinstance(msg.id, str):
            continue
        where = Position(po or Path("<catalog>"), msg.lineno or 0)
        string = msg.string.strip() if isinstance(msg.string, str) else ""
        if not string or msg.fuzzy:
            report.untranslated += not string
            report.fuzzy += bool(string)
            continue
        t = known.get(msg.context or "")
        if t is None:
            report.diagnostics.warning(f"{msg.context}: no such text in the dossier; not imported", where)
        elif strip(msg.id) != strip(t.original):
            report.diagnostics.warning(f"{msg.context}: the original changed since the export ({t.location}:"
                                       f"{t.pos.line}); not imported: export again", where)
        else:
            text = clean(string.replace("\r\n", "\n"))[0] + ("\n" if t.original.endswith("\n") else "")
            wanted.setdefault(t.prefix, {})[t.path] = (text, where, msg.context)
            items[t.prefix] = t
    changes: dict[Path, list[Change]] = {}
    sources: dict[Path, tuple] = {}
    spans, expected = [], {}  # what each imported text became: (file, path in it, PO position, msgctxt)
    for prefix, imported in wanted.items():
        t0 = items[prefix]
        file = t0.item._smap.file
        if file not in sources:
            text = file.read_bytes().decode("utf-8")
            sources[file] = (text, yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
        raw = sources[file][1]
        for step in t0.item._path:
            raw = raw[step]
        trs = raw.get("translations") if isinstance(raw.get("translations"), dict) else {}
        tag = (translation_for(trs, language) or (language,))[0]
        old = trs.get(tag)
        value = apply(t0, old, imported, tag, report.diagnostics, report.notes) if t0.cls else imported[()][0]
        if value is None or value == old:
            continue
        changes.setdefault(file, []).append(Change(t0.item._path, tag, value, old,
                                                   {k: v for k, v in trs.items() if k != tag}, t0.what))
        done = [p for p in imported if has(value, p)]
        report.imported[t0.what] = [".".join(map(str, p)) or "term" for p in done]
        expected |= {(prefix, p): imported[p][0] for p in done}
        spans += [(file, t0.item._path + ("translations", tag) + p, *imported[p][1:]) for p in done]
        spans.append((file, t0.item._path + ("translations", tag), None, None))
    written = {}
    for file, chs in changes.items():
        written[file], notes = splice(file, sources[file][0], chs)
        report.notes += notes
    _check(ev, language, written, spans, expected, report)
    report.files = [display_path(f) for f in written]
    if not dry_run and written:
        write_files([(f, text.encode("utf-8")) for f, text in written.items()])
    return report


def _check(ev: Evidence, language: str, written: dict, spans: list, expected: dict, report: ImportReport) -> None:
    """Load the dossier with the new files (a copy of its YAML files) with briefgen's checks: an error in an
    imported text refuses the import (at its PO message), a warning is reported; and when the dossier loads,
    each imported text must read back as it was meant."""
    from ..load import load
    from ..load.paths import collection_files, find_dossier_file

    if not written:
        return
    lines: dict[tuple, list] = {}  # (file, line) -> [(lines spanned, PO position, msgctxt)]
    for file, path, po_pos, context in spans:
        key, node = node_at(compose(written[file]), path)
        first, last = (key or node).start_mark.line + 1, line_of(written[file], end(written[file], node))
        for line in range(first, last + 1):
            lines.setdefault((file, line), []).append((last - first, po_pos, context))
    found = Diagnostics()
    files = [find_dossier_file(ev.root)] + [f for n in ("findings", "sources", "asks")
                                            for f in collection_files(ev.root, n)]
    with tempfile.TemporaryDirectory(prefix="briefgen-import-") as tmp:
        for file in files:
            target = Path(tmp) / file.relative_to(ev.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(written[file].encode("utf-8") if file in written else file.read_bytes())
        try:
            loaded = load(Path(tmp), lint=True)
            diags = loaded.diagnostics.items
        except BriefgenError as exc:  # errors elsewhere too: files the copy lacks (a logo, attachments)
            loaded, diags = None, exc.diagnostics
        for d in diags:
            if d.pos is None or d.rule == "translation-stale" or not str(d.pos.file).startswith(tmp):
                continue  # stale: said by the import's notes
            file = ev.root / Path(d.pos.file).relative_to(tmp)
            spanned = sorted(lines.get((file, d.pos.line), []), key=lambda s: s[0])
            if not spanned:
                continue
            _, po_pos, context = spanned[0]
            if d.severity == "error" and po_pos is not None:
                found.error(f"{context}: {d.message}; nothing was imported", po_pos, d.rule)
            else:
                getattr(found, d.severity)(d.message, Position(file, d.pos.line, d.pos.col), d.rule)
    if loaded is not None:
        now = {(t.prefix, t.path): t for t in texts(loaded, language, None)}
        for (prefix, path), text in expected.items():
            t = now.get((prefix, path))
            tr = translation_for(t.item.translations, language) if t else None
            got = (tr[1] if t.cls is None else get(tr[1], path)) if tr else None
            if got != text:
                found.error(f"{t.key if t else prefix}: the file would not read back as imported (please report "
                            "this); nothing was imported", t.pos if t else None)
    report.diagnostics.items += found.items
    if found.errors:
        raise BriefgenError(report.diagnostics.sorted())
