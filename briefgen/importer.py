"""Import sources from a Zotero CSL-JSON or BibTeX export into a dossier (``briefgen sources import``).

Reading turns each entry of the export into CSL-JSON fields and validates it as a ``Source``; nothing is
written unless every entry is valid. Sources the dossier already has are updated where they are written:
their bibliographic fields become the imported ones, and what the team added (``BRIEFGEN_FIELDS``) stays.
New sources go to one file.

YAML files are edited as text: only the keys that change are rewritten, so comments, key order and the
layout of everything else stay as they were. (A round-trip YAML library re-indents a whole file written in
the usual hand style, ``- id:`` at the margin with nested lists indented under their key.) The result is
read back and compared with what was meant before it replaces the old file, through a temporary file and a
rename. A second import of the same export changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import re
import shutil
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from .errors import BriefgenError, Diagnostics, Position, display_path
from .load import collection_files, find_dossier_file
from .model import CSL_OTHER_VARIABLES, ID_PATTERN, Source, _coerce_date, _coerce_names

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Fields briefgen adds and the team curates: an import never changes them on a source the dossier has.
BRIEFGEN_FIELDS = {"reliability", "sensitivity", "archive-url", "attachment", "lint_ignore"}
KEPT_IF_MISSING = ("note", "accessed")  # kept from the dossier when the import has none
DROPPED = {"abstract", "citation-key"}  # never written: long and never printed; the id already says it
DATE_KEYS = {"issued", "accessed", "original-date", "event-date", "submitted", "available-date"}
NAME_KEYS = {
    "author", "editor", "translator", "container-author", "collection-editor", "composer", "director",
    "editorial-director", "illustrator", "interviewer", "original-author", "recipient", "reviewed-author",
    "contributor", "chair", "compiler", "curator", "executive-producer", "guest", "host", "narrator",
    "organizer", "performer", "producer", "script-writer", "series-creator",
}
ACCEPTED = {f.alias or n for n, f in Source.model_fields.items() if n != "csl"} | CSL_OTHER_VARIABLES
# The order new keys take in an entry ("*": any other CSL variable).
ORDER = ["id", "type", "genre", "title", "title-short", "author", "editor", "translator", "container-title",
         "collection-title", "volume", "issue", "number", "page", "edition", "publisher", "publisher-place",
         "issued", "accessed", "URL", "DOI", "*", "archive-url", "attachment", "reliability", "sensitivity",
         "lint_ignore", "note"]


@dataclass
class Imported:
    """One entry of an export: its key, its fields with CSL-JSON names, and where the export has it."""

    key: str
    fields: dict
    pos: Position


@dataclass
class ImportReport:
    """What an import did, or with ``dry_run`` would do."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    dry_run: bool = False
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    def lines(self, root: Path | None = None) -> list[str]:
        out = [f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged"]
        out += [f"  {label}: {', '.join(keys)}" for label, keys in (("added", self.added),
                                                                   ("updated", self.updated)) if keys]
        verb = "would write" if self.dry_run else "wrote"
        out += [f"{verb} {display_path(p, root)}" for p in self.written] or ["no file changed"]
        return out


def import_sources(export: Path, dossier: Path = Path("."), to: Path | None = None,
                   dry_run: bool = False) -> ImportReport:
    """Import ``export`` into the dossier's sources. Raises ``BriefgenError``, having written nothing."""
    report = ImportReport(dry_run=dry_run)
    diags = report.diagnostics
    root = find_dossier_file(Path(dossier)).parent
    entries = read_export(Path(export), diags)
    diags.raise_if_errors()

    files = [_open(p) for p in collection_files(root, "sources")]
    target = Path(to) if to else _default_target(root, files)
    if target.suffix not in (".yaml", ".yml", ".json"):
        raise BriefgenError(f"{target}: new sources go to a .yaml or .json file")
    if not _read_by_loader(root, target):
        diags.warning(f"briefgen reads sources from sources.yaml, sources.json or sources/ only: the dossier "
                      f"will not see what is added to {target}", Position(target))
    new_file = next((f for f in files if f.path.resolve() == target.resolve()), None)
    new_file = new_file or (_open(target) if target.exists() else _blank(target))
    owner = {}
    for f in files:
        for key in f.items:
            owner.setdefault(key, f)

    for entry in entries:
        f = owner.get(entry.key)
        if f is None:
            new_file.add(entry.key, entry.fields)
            report.added.append(entry.key)
            continue
        old = f.items[entry.key][0]
        new = merge(old, entry.fields)
        if new == old and list(new) == list(old):
            report.unchanged.append(entry.key)
        else:
            f.update(entry.key, new)
            report.updated.append(entry.key)

    texts = {f.path: f.render() for f in {id(f): f for f in files + [new_file]}.values() if f.changed}
    report.written = list(texts)
    if not dry_run:
        _write_all(texts)
    return report


def merge(old: dict, imported: dict) -> dict:
    """A source after an import: the imported CSL fields, with the curated ones of ``old`` kept."""
    new = {"id": old["id"], **imported}
    for key in BRIEFGEN_FIELDS:
        if key in old:
            new[key] = old[key]
    for key in KEPT_IF_MISSING:
        if key not in imported and key in old:
            new[key] = old[key]
    for key, value in new.items():
        if key in old and _canon(key, old[key]) == _canon(key, value):
            new[key] = old[key]  # unchanged: keep it as written
    order = _order([k for k in old if k in new], [k for k in new if k not in old])
    return {k: new[k] for k in order}


def _default_target(root: Path, files: list) -> Path:
    top = [f.path for f in files if f.path.parent == root]
    if top:
        return top[0]
    if (root / "sources").is_dir():
        return root / "sources" / "imported.yaml"
    return root / "sources.yaml"


def _read_by_loader(root: Path, path: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    if path.parent == root:
        return path.stem == "sources"
    return (root / "sources") in path.parents


# --- reading an export -----------------------------------------------------------------------------


def read_export(file: Path, diags: Diagnostics) -> list[Imported]:
    """Read a CSL-JSON or BibTeX export: its entries, each checked as a ``Source``. Problems go to ``diags``."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BriefgenError(f"no such file: {file}")
    except UnicodeDecodeError as exc:
        raise BriefgenError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", Position(file, 1, 1))
    except OSError as exc:
        raise BriefgenError(f"cannot read file: {exc.strerror}", Position(file))
    suffix, head = file.suffix.lower(), text.lstrip()[:1]
    if suffix == ".json" or (suffix not in (".bib", ".bibtex") and head in ("[", "{")):
        entries = _read_csl_json(file, text, diags)
    elif suffix in (".bib", ".bibtex") or head in ("@", "%"):
        entries = _read_bibtex(file, text, diags)
    else:
        raise BriefgenError("cannot tell what this file holds: expected CSL-JSON (.json) or BibTeX (.bib)",
                            Position(file))
    first: dict[str, Imported] = {}
    for entry in entries:
        if entry.key in first:
            diags.error(f"duplicate key '{entry.key}' (first at line {first[entry.key].pos.line})", entry.pos)
            continue
        first[entry.key] = entry
        _check(entry, diags)
    if not entries and not diags.errors:
        diags.warning("no entries found", Position(file))
    return entries


def _read_csl_json(file: Path, text: str, diags: Diagnostics) -> list[Imported]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefgenError(f"invalid JSON: {exc.msg}", Position(file, exc.lineno, exc.colno))
    if isinstance(data, dict):
        data, lines = [data], [text[: len(text) - len(text.lstrip())].count("\n") + 1]
    elif isinstance(data, list):
        lines = _item_lines(text)
    else:
        raise BriefgenError("expected a CSL-JSON list of items", Position(file, 1, 1))
    out = []
    for item, line in zip(data, lines):
        pos = Position(file, line)
        if not isinstance(item, dict):
            diags.error("expected a CSL-JSON item (an object)", pos)
            continue
        raw = item.get("citation-key") or item.get("id")
        fields = {}
        for key, value in item.items():
            if key == "id" or key in DROPPED or value in (None, "", [], {}):
                continue
            if key not in ACCEPTED and key not in BRIEFGEN_FIELDS:
                diags.warning(f"item '{raw}': left out '{key}', which is no CSL variable briefgen reads", pos)
                continue
            fields[key] = _canon(key, value) if key in DATE_KEYS else value
        out.append(Imported("" if raw is None else str(raw), fields, pos))
    _name_entries(out, diags)
    return out


def _item_lines(text: str) -> list[int]:
    """The line on which each item of a JSON list starts (the text is known to be valid JSON)."""
    decoder, gap, i, lines = json.JSONDecoder(), re.compile(r"[\s,]*"), text.index("[") + 1, []
    while True:
        i = gap.match(text, i).end()
        if i >= len(text) or text[i] == "]":
            return lines
        lines.append(text.count("\n", 0, i) + 1)
        i = decoder.raw_decode(text, i)[1]


def _name_entries(entries: list[Imported], diags: Diagnostics) -> None:
    """Give a readable key to items whose id is no citation key (Zotero's item URIs, or none at all)."""
    taken = {e.key for e in entries if _usable_key(e.key)}
    for e in entries:
        if _usable_key(e.key):
            continue
        base = _derived_key(e.fields)
        key = next(base + s for s in [""] + [chr(c) for c in range(ord("a"), ord("z") + 1)] + ["_"]
                   if base + s not in taken)
        taken.add(key)
        why = f"its id '{e.key}' is not a citation key" if e.key else "it has no id"
        diags.warning(f"key '{key}' made from author, year and title: {why}", e.pos)
        e.key = key


def _usable_key(key: str) -> bool:
    return bool(key) and "://" not in key and re.match(ID_PATTERN, key) is not None


def _derived_key(fields: dict) -> str:
    """author + year + first word of the title, as Better BibTeX does: zenz2022xinjiang."""
    names = fields.get("author") or fields.get("editor") or []
    first = names[0] if isinstance(names, list) and names and isinstance(names[0], dict) else {}
    who = first.get("family") or (str(first.get("literal") or "").split() or [""])[0]
    who = who or _ascii(str(fields.get("container-title") or fields.get("publisher") or ""))[:20]
    parts = (_canon("issued", fields.get("issued")) or {}).get("date-parts") or [[""]]
    year = str(parts[0][0]) if parts and parts[0] else ""
    words = [w for w in map(_ascii, str(fields.get("title", "")).split()) if w and w.lower() not in _STOP]
    title = words[0].lower() if words else ""
    key = _ascii(who).lower() + year + title if who else title + year
    return key or "source"


_STOP = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "from", "at", "by", "with"}


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def _check(entry: Imported, diags: Diagnostics) -> None:
    try:
        Source.model_validate({"id": entry.key, **entry.fields})
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            where = ".".join(str(x) for x in err["loc"] if "[" not in str(x) and not str(x).startswith("function-"))
            if err["type"] == "missing":
                msg = f"missing required key '{where}'"
            else:
                msg = err["msg"].removeprefix("Value error, ")
                msg = f"{where}: {msg}" if where else msg
            diags.error(f"source '{entry.key}': {msg}", entry.pos)


@contextmanager
def _quiet(*loggers: str):
    """Silence libraries that log what we report ourselves, with positions."""
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in loggers]
    for logger, _ in saved:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)


# --- BibTeX and biblatex ---------------------------------------------------------------------------

BIB_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "collection": "book", "proceedings": "book",
    "reference": "book", "booklet": "pamphlet", "inbook": "chapter", "incollection": "chapter",
    "bookinbook": "chapter", "inreference": "entry-encyclopedia", "inproceedings": "paper-conference",
    "conference": "paper-conference", "techreport": "report", "report": "report", "manual": "report",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "unpublished": "manuscript", "dataset": "dataset",
    "software": "software", "patent": "patent", "standard": "standard", "legislation": "legislation",
    "jurisdiction": "legal_case", "letter": "personal_communication", "periodical": "periodical",
    "misc": "document",
}
# BibTeX field -> CSL variable; where several give one variable, the first present wins.
BIB_FIELDS = {
    "title": "title", "shorttitle": "title-short", "journaltitle": "container-title", "journal": "container-title",
    "booktitle": "container-title", "series": "collection-title", "volume": "volume", "pages": "page",
    "edition": "edition", "chapter": "chapter-number", "publisher": "publisher", "institution": "publisher",
    "organization": "publisher", "school": "publisher", "howpublished": "publisher", "location": "publisher-place",
    "address": "publisher-place", "type": "genre", "eventtitle": "event-title", "venue": "event-place",
    "pagetotal": "number-of-pages", "langid": "language", "language": "language", "note": "note",
}
BIB_NAMES = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
BIB_DATES = {"urldate": "accessed", "eventdate": "event-date", "origdate": "original-date"}
BIB_VERBATIM = {"url": "URL", "doi": "DOI"}  # no LaTeX in them: '%' and '~' are themselves
BIB_SPECIAL = {"year", "month", "day", "date", "number", "subtitle", "entrysubtype", "abstract"}
_CSL_BY_LOWER = {v.lower(): v for v in CSL_OTHER_VARIABLES if v not in DROPPED}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def _read_bibtex(file: Path, text: str, diags: Diagnostics) -> list[Imported]:
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import DuplicateBlockKeyBlock

    with _quiet("bibtexparser", "pylatexenc"):
        try:
            library = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors(),
                                                                         mw.SplitNameParts()])
        except Exception as exc:  # noqa: BLE001 -- the parser failing on odd input is still the input's fault
            raise BriefgenError(f"BibTeX: cannot read this file ({exc})", Position(file))
        for block in library.failed_blocks:
            pos = Position(file, (block.start_line or 0) + 1)
            if isinstance(block, DuplicateBlockKeyBlock):
                diags.error(f"duplicate key '{block.key}'", pos)
            else:
                reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
                diags.error(f"BibTeX: cannot read this entry: {' '.join(reason.split())}", pos)
        dropped: set[str] = set()
        out = [_bib_entry(e, Position(file, (e.start_line or 0) + 1), diags, dropped) for e in library.entries]
    if dropped:
        diags.warning(f"left out BibTeX fields that have no CSL variable: {', '.join(sorted(dropped))}",
                      Position(file))
    return [e for e in out if e is not None]


def _bib_entry(entry, pos: Position, diags: Diagnostics, dropped: set) -> Imported | None:
    f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    kind = entry.entry_type.lower()
    csl_type = BIB_TYPES.get(kind)
    if csl_type is None:
        diags.error(f"entry '{entry.key}': unknown BibTeX entry type '@{kind}'", pos)
        return None
    subtype = _latex(f.get("entrysubtype", "")).lower()
    if kind == "article" and subtype in ("newspaper", "magazine"):
        csl_type = f"article-{subtype}"
    elif kind == "misc" and "url" in f:
        csl_type = "webpage"
    out: dict = {"type": csl_type}
    if kind in ("phdthesis", "mastersthesis") and "type" not in f:
        out["genre"] = "PhD thesis" if kind == "phdthesis" else "Master's thesis"
    for bib, csl in BIB_FIELDS.items():
        if bib in f and csl not in out and isinstance(f[bib], str):
            value = f[bib].replace("--", "-") if bib == "pages" else _latex(f[bib])
            url = re.fullmatch(r"\\url\{(.*)\}", f[bib].strip()) if bib == "howpublished" else None
            if url:
                out.setdefault("URL", _verbatim(url.group(1)))
            elif value:
                out[csl] = value
    if f.get("subtitle") and out.get("title"):
        out["title"] = f"{out['title']}: {_latex(f['subtitle'])}"
    if f.get("number"):
        out["issue" if csl_type.startswith("article") else "number"] = _latex(f["number"])
    for bib, csl in BIB_VERBATIM.items():
        if f.get(bib):
            out[csl] = _verbatim(f[bib])
    if out.get("DOI"):
        out["DOI"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", out["DOI"], flags=re.IGNORECASE)
    for bib, csl in BIB_NAMES.items():
        if isinstance(f.get(bib), list):
            names = [_bib_name(n) for n in f[bib]]
            out[csl] = [n for n in names if n != {"family": "others"}]
    issued = _bib_date(f.get("date")) if f.get("date") else _bib_year(f)
    if issued:
        out["issued"] = issued
    for bib, csl in BIB_DATES.items():
        if f.get(bib):
            out[csl] = _bib_date(f[bib])
    for bib, value in f.items():
        known = bib in BIB_FIELDS or bib in BIB_NAMES or bib in BIB_DATES or bib in BIB_VERBATIM
        if known or bib in BIB_SPECIAL:
            continue
        if bib in _CSL_BY_LOWER and isinstance(value, str):
            out.setdefault(_CSL_BY_LOWER[bib], _latex(value))
        else:
            dropped.add(bib)
    return Imported(entry.key, out, pos)


def _bib_name(parts) -> dict:
    """A name split by bibtexparser into CSL; a wholly braced name ({Human Rights Watch}) is a literal."""
    if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1 and _braced(parts.last[0]):
        return {"literal": _latex(parts.last[0])}
    name = {"family": _latex(" ".join(parts.last))}
    for key, words in (("given", parts.first), ("non-dropping-particle", parts.von), ("suffix", parts.jr)):
        if words:
            name[key] = _latex(" ".join(words))
    return {k: v for k, v in name.items() if v}


def _braced(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and i < len(text) - 1:
            return False  # the first brace closes before the end: {\"O}zt{\"u}rk
    return True


def _bib_year(f: dict) -> dict | None:
    year = _latex(str(f.get("year", "")))
    if not year:
        return None
    if not re.fullmatch(r"\d{1,4}", year):
        return {"literal": year}
    parts = [int(year)]
    month = _month(f.get("month"))
    if month:
        parts.append(month)
        day = str(f.get("day", "")).strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def _month(value) -> int | None:
    text = _latex(str(value or "")).strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.index(text[:3]) + 1 if text[:3] in _MONTHS else None


def _bib_date(value: str) -> dict:
    """A biblatex date (2022-05-24, 2022-05, 2022, a range 2022-05-24/2022-05-26) as a CSL date."""
    text = _latex(value)
    sides = [re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.+Z-]*)?", s.strip()) for s in text.split("/")]
    if len(sides) > 2 or not all(sides):
        return {"literal": text}
    return {"date-parts": [[int(g) for g in m.groups() if g] for m in sides]}


def _latex(text: str) -> str:
    """LaTeX to plain text, braces that protect case dropped, whitespace collapsed."""
    if not text:
        return ""
    from pylatexenc.latex2text import LatexNodes2Text

    decoded = _decoder(LatexNodes2Text).latex_to_text(text).replace("`", "'")
    return " ".join(decoded.split())


@functools.lru_cache(maxsize=1)
def _decoder(cls):
    return cls(math_mode="verbatim")


def _verbatim(text: str) -> str:
    """A URL or DOI as written, with the escapes BibTeX files often add (\\_ \\% \\&) undone."""
    return re.sub(r"\\([_%&#~$])", r"\1", text.strip().removeprefix("\\url{").removesuffix("}")
                  if text.strip().startswith("\\url{") else text.strip())


# --- comparing and ordering fields -----------------------------------------------------------------


def _canon(key: str, value):
    """A value in one form for comparison: 2022-05-24, "2022-05-24" and {date-parts: [["2022", 5, 24]]}
    are the same date; "Zenz, Adrian" and {family: Zenz, given: Adrian} the same name; 3 and "3" alike."""
    if key in DATE_KEYS:
        try:
            value = _coerce_date(value)
        except ValueError:
            return value
        if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
            value = {**value, "date-parts": [[int(p) if isinstance(p, str) and p.isdigit() else p for p in dp]
                                             for dp in value["date-parts"] if isinstance(dp, list)]}
        return value
    if key in NAME_KEYS:
        value = _coerce_names(value)
        if isinstance(value, list):
            return [{k: v for k, v in n.items() if v not in (None, "")} if isinstance(n, dict) else n
                    for n in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _rank(key: str) -> int:
    return ORDER.index(key if key in ORDER else "*")


def _order(old: list[str], new: list[str]) -> list[str]:
    """Keys in the order they stand in the file, each new one after the last key that goes before it."""
    out = list(old)
    for key in sorted(new, key=_rank):
        before = [i for i, k in enumerate(out) if _rank(k) <= _rank(key)]
        out.insert(before[-1] + 1 if before else 0, key)
    return out


# --- the dossier's sources files -------------------------------------------------------------------


def _open(path: Path):
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefgenError(f"cannot read this sources file: {exc}", Position(path))
    return (JsonSources if path.suffix == ".json" else YamlSources)(path, text)


def _blank(path: Path):
    return JsonSources(path, "[]\n") if path.suffix == ".json" else YamlSources(path, "")


def _write_all(texts: dict[Path, str]) -> None:
    """Write each file to a temporary file beside it, then rename them all: a failure changes nothing."""
    import tempfile

    umask = os.umask(0)
    os.umask(umask)
    temps: list[tuple[str, Path]] = []
    path = None
    try:
        for path, text in texts.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with open(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o666 & ~umask)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise BriefgenError(f"cannot write this file: {exc.strerror}", Position(path) if path else None)


@functools.lru_cache(maxsize=4096)
def _plain_ok(text: str, flow: bool = False) -> bool:
    """Whether a string can be written unquoted in YAML and read back as the same string."""
    if not text or text != text.strip() or any(c in text for c in "\n\r\t\x85\u2028\u2029"):
        return False
    probe = f"{{k: {text}}}" if flow else f"k: {text}"
    try:
        return yaml.load(probe, Loader=Loader) == {"k": text}
    except yaml.YAMLError:
        return False


class JsonSources:
    """A CSL-JSON sources file (``sources.json``): rewritten whole, in its own indentation."""

    def __init__(self, path: Path, text: str):
        self.path, self.changed = path, False
        try:
            self.data = json.loads(text or "[]")
        except json.JSONDecodeError as exc:
            raise BriefgenError(f"invalid JSON: {exc.msg}", Position(path, exc.lineno, exc.colno))
        if not isinstance(self.data, list):
            raise BriefgenError("expected a list of sources", Position(path, 1, 1))
        indent = re.search(r"\n([ \t]+)\S", text)
        self.indent = indent.group(1) if indent else 2
        self.items = {str(d["id"]): (d, i) for i, d in enumerate(self.data) if isinstance(d, dict) and "id" in d}

    def add(self, key: str, fields: dict) -> None:
        self.data.append({"id": key, **fields})
        self.changed = True

    def update(self, key: str, new: dict) -> None:
        self.data[self.items[key][1]] = new
        self.changed = True

    def render(self) -> str:
        return json.dumps(self.data, indent=self.indent, ensure_ascii=False) + "\n"


class YamlSources:
    """A YAML sources file, edited as text: each change replaces, removes or inserts the lines of one key,
    and new sources are appended in the layout the file already uses."""

    def __init__(self, path: Path, text: str):
        self.path, self.text, self.changed = path, text, False
        self.nl = "\r\n" if "\r\n" in text else "\n"
        self.items: dict[str, tuple[dict, yaml.Node]] = {}
        self.edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in the original text
        self.expected: dict[str, dict] = {}  # what each changed or added source must read back as
        self.new: list[tuple[str, dict]] = []
        self.seq, self.single = None, False
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
            raise BriefgenError(f"YAML syntax: {getattr(exc, 'problem', None) or exc}; fix it before importing",
                                where)
        finally:
            loader.dispose()
        if isinstance(data, dict) and list(data) == ["sources"]:
            data, node = data["sources"], node.value[0][1]
        if isinstance(data, list) and isinstance(node, yaml.SequenceNode):
            self.seq, pairs = node, list(zip(data, node.value))
        else:
            self.single, pairs = isinstance(data, dict), [(data, node)] if isinstance(data, dict) else []
        for d, n in pairs:
            if isinstance(d, dict) and isinstance(n, yaml.MappingNode) and d.get("id") is not None:
                self.items.setdefault(str(d["id"]), (d, n))
        self.offset = next((v.start_mark.column - k.start_mark.column for _, n in pairs
                            if isinstance(n, yaml.MappingNode) for k, v in n.value
                            if isinstance(v, yaml.SequenceNode) and not v.flow_style), 2)

    def add(self, key: str, fields: dict) -> None:
        if self.single or (self.seq is not None and self.seq.flow_style):
            raise BriefgenError("new sources go to a file holding a block list of sources (see --to)",
                                Position(self.path))
        fields = {k: fields[k] for k in _order([], list(fields))}
        self.new.append((key, fields))
        self.expected[key] = {"id": key, **fields}
        self.changed = True

    def update(self, key: str, new: dict) -> None:
        old, node = self.items[key]
        self.expected[key] = new
        self.changed = True
        edits = None if node.flow_style else self._key_edits(old, node, new)
        if edits is None:  # an entry written in flow style, or a removal on its first line: rewrite it whole
            col = node.start_mark.column
            edits = [(node.start_mark.index, self._end(node), self._mapping(new, col)[col:].rstrip("\r\n"))]
        self.edits += edits

    def _key_edits(self, old: dict, node, new: dict) -> list | None:
        text, col = self.text, node.value[0][0].start_mark.column
        where = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        edits, after = [], {}
        for key, value in old.items():
            if key not in where:
                return None
            k, v = where[key]
            if key not in new:
                start = text.rfind("\n", 0, k.start_mark.index) + 1
                if text[start:k.start_mark.index].strip():
                    return None
                edits.append((start, self._line_end(self._end(v)), ""))
            elif new[key] is not value:
                edits.append((k.start_mark.index, self._end(v), self._kv(key, new[key], col)))
        order = list(new)
        for i, key in enumerate(order):
            if key in old:
                after[key] = self._line_end(self._end(where[key][1]))
            elif i == 0:
                return None
            else:
                at = after[key] = after[order[i - 1]]
                lead = "" if at == 0 or text[at - 1] == "\n" else self.nl
                edits.append((at, at, lead + " " * col + self._kv(key, new[key], col) + self.nl))
        return edits

    def render(self) -> str:
        text = self.text
        # Last first, so earlier offsets hold; at one offset, a removal or replacement before insertions,
        # and insertions in the order they were made.
        order = sorted(range(len(self.edits)), reverse=True,
                       key=lambda i: (self.edits[i][0], self.edits[i][1] > self.edits[i][0], i))
        for start, end, repl in (self.edits[i] for i in order):
            text = text[:start] + repl + text[end:]
        if self.new:
            text = self._append(text)
        self._verify(text)
        return text

    def _append(self, text: str) -> str:
        dash = self.seq.start_mark.column if self.seq is not None else 0
        col = self.seq.value[0].start_mark.column if self.seq is not None and self.seq.value else dash + 2
        spaced = True
        if self.seq is not None and len(self.seq.value) > 1:
            second = self.text.rfind("\n", 0, self.seq.value[1].start_mark.index)
            spaced = self.text[self.text.rfind("\n", 0, second) + 1:second].strip() == ""
        blocks = [" " * dash + "-" + " " * (col - dash - 1) + self._mapping({"id": k, **f}, col)[col:]
                  for k, f in self.new]
        if text and not text.endswith("\n"):
            text += self.nl
        gap = self.nl if spaced else ""
        if text.strip() and spaced and not text.endswith(self.nl * 2):
            text += gap
        return text + gap.join(blocks)

    def _mapping(self, data: dict, col: int) -> str:
        return "".join(" " * col + self._kv(k, v, col) + self.nl for k, v in data.items())

    def _kv(self, key: str, value, col: int) -> str:
        """``key: value`` at column ``col``: names as a list of flow mappings, dates as 2022-05-24."""
        if key in DATE_KEYS:
            value = _simple_date(value)
        if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
            pad = self.nl + " " * (col + self.offset) + "- "
            return f"{key}:" + "".join(pad + _flow(x) for x in value)
        return f"{key}: {_flow(value) if isinstance(value, (dict, list)) else _scalar(value)}"

    def _end(self, node) -> int:
        """Where a value ends: block collections end with their last item, not at the next key."""
        if isinstance(node, yaml.ScalarNode):
            end = node.end_mark.index
            while node.style in ("|", ">") and end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                end -= 1
            return end
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return self._end(last[1] if isinstance(node, yaml.MappingNode) else last)

    def _line_end(self, index: int) -> int:
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def _verify(self, text: str) -> None:
        """Read the new text back: changed sources must read as meant, and nothing else may differ."""
        try:
            check = YamlSources(self.path, text)
        except BriefgenError:
            check = None
        ok = check is not None and set(check.items) == set(self.items) | set(self.expected)
        for key, (data, _) in (check.items.items() if ok else ()):
            want = self.expected.get(key, self.items.get(key, (None,))[0])
            ok = ok and {k: _canon(k, v) for k, v in data.items()} == {k: _canon(k, v) for k, v in want.items()}
        if not ok:
            raise BriefgenError("could not update this file without disturbing its layout (please report "
                                "this); nothing was written", Position(self.path))


def _simple_date(value):
    """A CSL date of one day, month or year as YAML writes it plainly: 2022-05-24, 2022-05, 2022."""
    value = _canon("issued", value)
    parts = value.get("date-parts") if isinstance(value, dict) and len(value) == 1 else None
    if not parts or len(parts) != 1 or not 1 <= len(parts[0]) <= 3 or not all(isinstance(p, int) for p in parts[0]):
        return value
    y, *md = parts[0]
    try:
        day = dt.date(y, *(md + [1] * (2 - len(md))))
    except ValueError:
        return value
    return day if len(md) == 2 else f"{y:04d}-{md[0]:02d}" if md else y


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(k), True)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value, True)


def _scalar(value, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _plain_ok(text, flow):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")
