"""Edit a dossier's sources files in place, and write them all or none.

YAML files are edited as text: only the keys that change are rewritten, so comments, key order and the
layout of everything else stay as they were. (A round-trip YAML library re-indents a whole file written in
the usual hand style, ``- id:`` at the margin with nested lists indented under their key.) The result is
read back and compared with what was meant before it replaces the old file, through a temporary file and a
rename. CSL-JSON files are rewritten whole, in their own indentation.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

import yaml

from ..errors import BriefgenError, Position
from ..load.sources import coerce_date, coerce_names

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATE_KEYS = {"issued", "accessed", "original-date", "event-date", "submitted", "available-date"}
NAME_KEYS = {
    "author", "editor", "translator", "container-author", "collection-editor", "composer", "director",
    "editorial-director", "illustrator", "interviewer", "original-author", "recipient", "reviewed-author",
    "contributor", "chair", "compiler", "curator", "executive-producer", "guest", "host", "narrator",
    "organizer", "performer", "producer", "script-writer", "series-creator",
}
# The order new keys take in an entry ("*": any other CSL variable).
ORDER = ["id", "type", "genre", "title", "title-short", "author", "editor", "translator", "container-title",
         "collection-title", "volume", "issue", "number", "page", "edition", "publisher", "publisher-place",
         "issued", "accessed", "URL", "DOI", "*", "archive-url", "attachment", "reliability", "sensitivity",
         "lint_ignore", "note"]


# --- comparing and ordering fields -----------------------------------------------------------------


def _canon(key: str, value):
    """A value in one form for comparison: 2022-05-24, "2022-05-24" and {date-parts: [["2022", 5, 24]]}
    are the same date; "Zenz, Adrian" and {family: Zenz, given: Adrian} the same name; 3 and "3" alike."""
    if key in DATE_KEYS:
        try:
            value = coerce_date(value)
        except ValueError:
            return value
        if isinstance(value, dict) and isinstance(value.get("date-parts"), list):
            value = {**value, "date-parts": [[int(p) if isinstance(p, str) and p.isdigit() else p for p in dp]
                                             for dp in value["date-parts"] if isinstance(dp, list)]}
        return value
    if key in NAME_KEYS:
        value = coerce_names(value)
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
