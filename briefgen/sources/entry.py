"""One entry of an export, as briefgen takes it: its key, its fields with CSL-JSON names, where the export
has it; the fields an import keeps, drops or leaves to the team; a key made for an entry that has none; and
the check that it is a valid ``Source``. Shared by the CSL-JSON and BibTeX readers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from pydantic import ValidationError

from ..errors import Diagnostics, Position
from ..load.base import ID_PATTERN
from ..load.sources import CSL_OTHER_VARIABLES, Source
from .yamledit import _canon

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


def name_entries(entries: list[Imported], diags: Diagnostics) -> None:
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
    issued = _canon("issued", fields.get("issued")) or {}
    parts = issued.get("date-parts") or [[""]]
    year = str(parts[0][0]) if parts and parts[0] else ""
    if not year:  # Zotero writes {raw: "2022-05-24"}, and a date known in words has its year in it too
        found = re.search(r"\b(1[5-9]|20)\d\d\b", str(issued.get("raw") or issued.get("literal") or ""))
        year = found.group(0) if found else ""
    words = [w for w in map(_ascii, str(fields.get("title", "")).split()) if w and w.lower() not in _STOP]
    title = words[0].lower() if words else ""
    key = _ascii(who).lower() + year + title if who else title + year
    return key or "source"


_STOP = {"a", "an", "the", "of", "on", "in", "and", "for", "to", "from", "at", "by", "with"}


def _ascii(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def check_entry(entry: Imported, diags: Diagnostics) -> None:
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
