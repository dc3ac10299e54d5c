"""Import sources from a Zotero CSL-JSON or BibTeX export into a dossier (``briefgen sources import``).

Reading turns each entry of the export into CSL-JSON fields and validates it as a ``Source``; nothing is
written unless every entry is valid. Sources the dossier already has are updated where they are written:
their bibliographic fields become the imported ones, and what the team added (``BRIEFGEN_FIELDS``) stays.
New sources go to one file. A second import of the same export changes nothing.

This module runs the command, reads CSL-JSON and gives entries their keys; ``bibtex`` reads BibTeX and
biblatex, and ``yamledit`` edits the dossier's sources files in place.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .errors import BriefgenError, Diagnostics, Position, display_path
from .load import collection_files, find_dossier_file
from .model import CSL_OTHER_VARIABLES, ID_PATTERN, Source
from .yamledit import DATE_KEYS, _blank, _canon, _open, _order

# Fields briefgen adds and the team curates: an import never changes them on a source the dossier has.
BRIEFGEN_FIELDS = {"reliability", "sensitivity", "archive-url", "attachment", "lint_ignore"}
KEPT_IF_MISSING = ("note", "accessed")  # kept from the dossier when the import has none
DROPPED = {"abstract", "citation-key"}  # never written: long and never printed; the id already says it
ACCEPTED = {f.alias or n for n, f in Source.model_fields.items() if n != "csl"} | CSL_OTHER_VARIABLES


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
        from .atomic import write_files

        # newline="" as before: the text's own line ends are written as they are
        write_files([(path, text.encode("utf-8")) for path, text in texts.items()])
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
        from .bibtex import _read_bibtex

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
