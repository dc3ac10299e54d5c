"""Import sources from a Zotero CSL-JSON or BibTeX export into a dossier (``briefgen sources import``).

Reading turns each entry of the export into CSL-JSON fields and validates it as a ``Source``; nothing is
written unless every entry is valid. Sources the dossier already has are updated where they are written:
their bibliographic fields become the imported ones, and what the team added (``BRIEFGEN_FIELDS``) stays.
New sources go to one file. A second import of the same export changes nothing.

This module runs the command; ``csljson`` and ``bibtex`` read the two kinds of export into entries
(``entry``), and ``yamledit`` edits the dossier's sources files in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BriefgenError, Diagnostics, Position, display_path
from ..load.paths import collection_files, find_dossier_file
from ..load.text import not_utf8
from .entry import BRIEFGEN_FIELDS, KEPT_IF_MISSING, Imported, check_entry
from .yamledit import _blank, _canon, _open, _order


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
    holds = _other_collection(root, target)
    if holds:  # asks.yaml took the sources and the dossier failed its check ("unknown key 'accessed'")
        raise BriefgenError(f"{target} holds the dossier's {holds}, not its sources: give --to sources.yaml, or a "
                            "file in a sources/ folder", Position(target))
    if not _read_by_loader(root, target):
        diags.warning(f"briefgen reads sources from sources.yaml, sources.json or sources/ only: the dossier "
                      f"will not see what is added to {target}", Position(target))
    new_file = next((f for f in files if f.path.resolve() == target.resolve()), None)
    new_file = new_file or (_open(target) if target.exists() else _blank(target))
    owner, same = {}, {}
    for f in files:
        for key in f.items:
            owner.setdefault(key, f)
            for ident in identities(f.items[key][0]):
                same.setdefault(ident, key)

    for entry in entries:
        f = owner.get(entry.key)
        if f is None:  # the same work under another key (its DOI or address): update it, keep the dossier's key
            known = next((same[i] for i in identities(entry.fields) if i in same), None)
            if known is not None:
                diags.warning(f"'{entry.key}' is the dossier's source '{known}' (same DOI or URL): updated it, "
                              f"and kept the key '{known}'", entry.pos)
                entry.key, f = known, owner[known]
        if f is None:
            new_file.add(entry.key, entry.fields)
            report.added.append(entry.key)
            for ident in identities(entry.fields):
                same.setdefault(ident, entry.key)
            owner[entry.key] = new_file
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
        from ..atomic import write_files

        # newline="" as before: the text's own line ends are written as they are
        write_files([(path, text.encode("utf-8")) for path, text in texts.items()])
    return report


def identities(fields: dict) -> list[str]:
    """What makes two entries the same work whatever their keys: the DOI, else the URL, written one way."""
    out = []
    doi = str(fields.get("DOI") or "").strip().lower()
    doi = doi.removeprefix("https://doi.org/").removeprefix("http://dx.doi.org/").removeprefix("doi:")
    if doi:
        out.append("doi:" + doi)
    url = str(fields.get("URL") or "").strip()
    if url:
        url = url.split("#", 1)[0].rstrip("/").lower().removeprefix("https://").removeprefix("http://")
        out.append("url:" + url.removeprefix("www."))
    return out


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


def _other_collection(root: Path, path: Path) -> str | None:
    """What else the dossier reads from ``path`` ("asks", "findings", ...), if anything."""
    path, root = path.resolve(), root.resolve()
    for kind in ("asks", "findings", "dossier", "theme", "templates"):
        if (path.parent == root and path.stem == kind) or (root / kind) in path.parents:
            return {"dossier": "description", "theme": "theme"}.get(kind, kind)
    return None


def _read_by_loader(root: Path, path: Path) -> bool:
    path, root = path.resolve(), root.resolve()
    if path.parent == root:
        return path.stem == "sources"
    return (root / "sources") in path.parents


def read_export(file: Path, diags: Diagnostics) -> list[Imported]:
    """Read a CSL-JSON or BibTeX export: its entries, each checked as a ``Source``. Problems go to ``diags``."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BriefgenError(f"no such file: {file}")
    except UnicodeDecodeError as exc:
        message, line, col = not_utf8(exc)
        raise BriefgenError(message, Position(file, line, col))
    except OSError as exc:
        raise BriefgenError(f"cannot read file: {exc.strerror}", Position(file))
    suffix, head = file.suffix.lower(), text.lstrip()[:1]
    # What the file holds decides, its name only where that says nothing: a Zotero export saved as .bib read
    # as BibTeX with no entry ("0 added"), a BibTeX file saved as .json as broken JSON.
    if head in ("[", "{") or (suffix == ".json" and head not in ("@", "%")):
        from .csljson import read_csl_json

        entries = read_csl_json(file, text, diags)
    elif suffix in (".bib", ".bibtex") or head in ("@", "%"):
        from .bibtex import read_bibtex

        entries = read_bibtex(file, text, diags)
    else:
        raise BriefgenError("cannot tell what this file holds: expected CSL-JSON (.json) or BibTeX (.bib)",
                            Position(file))
    first: dict[str, Imported] = {}
    for entry in entries:
        if entry.key in first:
            diags.error(f"duplicate key '{entry.key}' (first at line {first[entry.key].pos.line})", entry.pos)
            continue
        first[entry.key] = entry
        check_entry(entry, diags)
    if not entries and not diags.errors:
        diags.warning("no entries found", Position(file))
    return entries
