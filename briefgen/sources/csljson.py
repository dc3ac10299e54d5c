"""Read a CSL-JSON export (Zotero, Better BibTeX) into ``Imported`` entries, each with the line it starts on."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import BriefgenError, Diagnostics, Position
from ..load.citesyntax import LineCounter
from .entry import ACCEPTED, BRIEFGEN_FIELDS, DROPPED, Imported, name_entries
from .yamledit import DATE_KEYS, _canon


def read_csl_json(file: Path, text: str, diags: Diagnostics) -> list[Imported]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BriefgenError(f"invalid JSON: {exc.msg}", Position(file, exc.lineno, exc.colno))
    if isinstance(data, dict) and isinstance(data.get("items"), list) and "type" not in data:
        start = re.search(r'"items"\s*:\s*\[', text)  # a list wrapped in an object (Zotero's web API)
        data, lines = data["items"], _item_lines(text, start.end() if start else None)
    elif isinstance(data, dict) and ("type" in data or "title" in data):  # one item, not in a list
        data, lines = [data], [text[: len(text) - len(text.lstrip())].count("\n") + 1]
    elif isinstance(data, list):
        lines = _item_lines(text)
    else:
        raise BriefgenError("expected a CSL-JSON list of items (each with its type and title), as Zotero and Better "
                            "BibTeX export them", Position(file, 1, 1))
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
                who = f"item '{raw}'" if raw is not None else "this item"
                diags.warning(f"{who}: left out '{key}', which is no CSL variable briefgen reads", pos)
                continue
            fields[key] = _canon(key, value) if key in DATE_KEYS else value
        out.append(Imported("" if raw is None else str(raw), fields, pos))
    name_entries(out, diags)
    return out


def _item_lines(text: str, start: int | None = None) -> list[int]:
    """The line on which each item of a JSON list starts (the text is known to be valid JSON); ``start``: just
    after the list's "[", where it is not the text's first."""
    decoder, gap, lines = json.JSONDecoder(), re.compile(r"[\s,]*"), []
    i = text.index("[") + 1 if start is None else start
    counter = LineCounter(text)
    while True:
        i = gap.match(text, i).end()
        if i >= len(text) or text[i] == "]":
            return lines
        lines.append(counter.at(i) + 1)
        i = decoder.raw_decode(text, i)[1]
