"""Writing one language's translation of an item into a YAML file, as text (``translations import``).

Only the translation changes: each of its keys that changes is rewritten where it stands, new keys go after
the one before them, a ``translations:`` or language mapping that is missing is added after the item's last
key, in the file's own indentation. Comments and every other byte of the file stay as they were. Texts of
several lines are written as ``|`` block scalars, one-line texts plain or double-quoted as YAML needs. A
translation written as a flow mapping (``fr: {title: ...}``) under a block mapping is rewritten as a block
mapping (the import says so); a glossary entry's ``translations: {fr: ...}``, and an item written as a flow
mapping (``- {id: x, text: ...}``), keep their translations in flow style. The result is read back: the file
must hold what it held, with only the translations meant changed, or nothing is written.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import BriefgenError, Position

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Change:
    """The translation of one item into one language, as it should read after the import."""

    item_path: tuple  # the item's path in the file: (), (3,), ("findings", 2), ("glossary", 5)
    tag: str  # the language key under translations:
    value: dict | str  # the whole translation (a glossary entry's: its term)
    old: dict | str | None  # as it reads now (None: there is none)
    others: dict = field(default_factory=dict)  # the item's other translations, as they read now
    what: str = ""


def compose(text: str):
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def node_at(root, path: tuple):
    """``(key node or None, value node)`` at a path of the data."""
    key, node = None, root
    for step in path:
        if isinstance(step, int):
            key, node = None, node.value[step]
        else:
            key, node = next((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step)
    return key, node


def end(text: str, node) -> int:
    """Where a value ends: a block scalar before its trailing line breaks, a block collection with its last
    item (not at the next key)."""
    if isinstance(node, yaml.ScalarNode):
        at = node.end_mark.index
        while node.style in ("|", ">") and at > node.start_mark.index and text[at - 1] in " \t\r\n":
            at -= 1
        return at
    if node.flow_style or not node.value:
        return node.end_mark.index
    last = node.value[-1]
    return end(text, last[1] if isinstance(node, yaml.MappingNode) else last)


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _plain_ok(text: str, probe: str) -> bool:
    if not text or text != text.strip() or any(c in text for c in "\n\r\t\x85\u2028\u2029"):
        return False
    try:
        return yaml.load(probe.replace("@", text, 1), Loader=Loader) in ({"k": text}, [text])
    except yaml.YAMLError:
        return False


def scalar(text: str, probe: str = "k: @") -> str:
    """A one-line YAML scalar reading back as ``text``: plain where YAML allows it, else double-quoted."""
    if _plain_ok(text, probe):
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return quoted.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\x85", "\\x85")


def flow(value) -> str:
    """A value as a one-line flow collection or scalar."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(str(k), '{k: @}')}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return "null" if value is None else scalar(value, "{k: @}")


_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _literal(text: str) -> str | None:
    """The ``|`` header for a text of several lines that a literal block keeps as it is, else None."""
    body = text.rstrip("\n")
    if "\n" not in text or not body or body[0] in " \t" or _UNPRINTABLE.search(text):
        return None
    if any(ln != ln.lstrip(" ") and not ln.strip() for ln in body.split("\n")):
        return None  # a line of spaces only would read back empty
    trailing = len(text) - len(body)
    return "|" + ("" if trailing == 1 else "-" if trailing == 0 else "+")


class Emitter:
    """Block YAML in a file's indentation: ``step`` per level, sequences ``offset`` from their key."""

    def __init__(self, step: int, offset: int):
        self.step, self.offset = step, offset

    def pair(self, key: str, value, col: int) -> list[str]:
        """The lines of ``key: value`` starting at column ``col``."""
        pad = " " * col
        if isinstance(value, dict):
            return [f"{pad}{key}:"] + [ln for k, v in value.items() for ln in self.pair(k, v, col + self.step)]
        if isinstance(value, list):
            return [f"{pad}{key}:"] + [ln for v in value for ln in self.element(v, col + self.offset)]
        return self._text(f"{pad}{key}: ", value, col + self.step, "k: @")

    def element(self, value, col: int) -> list[str]:
        pad = " " * col
        if isinstance(value, dict):
            lines = [ln for k, v in value.items() for ln in self.pair(k, v, col + 2)]
            return [pad + "- " + lines[0][col + 2:]] + lines[1:]
        return self._text(pad + "- ", value, col + max(self.step, 2), "- @")

    def _text(self, head: str, value, indent: int, probe: str) -> list[str]:
        if value is None:
            return [head + "null"]
        style = _literal(value)
        if style is None:
            return [head + scalar(value, probe)]
        return [head + style] + [" " * indent + ln if ln else "" for ln in value.rstrip("\n").split("\n")]


def _indents(root) -> tuple[int, int]:
    """The file's indentation: of a block mapping under its key, and of a block list under its key."""
    step = offset = None
    stack = [root]
    while stack and (step is None or offset is None):
        node = stack.pop(0)
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            for k, v in node.value:
                if isinstance(v, yaml.MappingNode) and not v.flow_style and v.value and step is None \
                        and v.start_mark.line > k.start_mark.line:
                    step = v.value[0][0].start_mark.column - k.start_mark.column
                if isinstance(v, yaml.SequenceNode) and not v.flow_style and v.value and offset is None \
                        and v.start_mark.line > k.start_mark.line:
                    offset = v.start_mark.column - k.start_mark.column
                stack.append(v)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    step = step if step and step > 0 else 2
    return step, step if offset is None else offset


def splice(file: Path, text: str, changes: list[Change]) -> tuple[str, list[str]]:
    """``text`` with each change written in; and notes on what was rewritten (a flow mapping made block)."""
    root = compose(text)
    emit = Emitter(*_indents(root))
    nl = "\r\n" if "\r\n" in text else "\n"
    edits: list[tuple[int, int, str]] = []
    notes: list[str] = []

    def lines(key, value, col) -> str:
        return nl.join(emit.pair(key, value, col))

    def insert_after(node, block: str) -> None:
        at = _line_end(text, end(text, node))
        lead = nl if at == len(text) and not text.endswith("\n") else ""
        edits.append((at, at, lead + block + nl))

    for ch in changes:
        _, item = node_at(root, ch.item_path)
        if not isinstance(item, yaml.MappingNode) or not item.value:
            raise BriefgenError(f"{ch.what} is not a mapping of keys", _pos(file, item))
        col = item.value[0][0].start_mark.column
        keys = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        if item.flow_style:  # - {id: x, text: ...}: its translations in flow style too, last
            if "translations" in keys:
                tv = keys["translations"][1]
                edits.append((tv.start_mark.index, tv.end_mark.index, flow({**ch.others, ch.tag: ch.value})))
            else:
                at = item.value[-1][1].end_mark.index
                edits.append((at, at, f", translations: {flow({ch.tag: ch.value})}"))
            continue
        if "translations" not in keys:
            short = f"{' ' * col}translations: {flow({ch.tag: ch.value})}" if isinstance(ch.value, str) else None
            insert_after(item.value[-1][1], short or lines("translations", {ch.tag: ch.value}, col))  # {fr: term}
            continue
        tk, tv = keys["translations"]
        every = {**ch.others, ch.tag: ch.value}
        if isinstance(tv, yaml.MappingNode) and tv.flow_style and all(isinstance(v, str) for v in every.values()):
            edits += _flow_scalar(text, tv, ch)  # a glossary entry's {fr: term}: stays a flow mapping
            continue
        if not isinstance(tv, yaml.MappingNode) or tv.flow_style or not tv.value:
            edits.append((tk.start_mark.index, end(text, tv), lines("translations", every, col)[col:]))
            if isinstance(tv, yaml.MappingNode) and tv.flow_style:
                notes.append(f"the translations of {ch.what} were a flow mapping: rewritten as a block mapping")
            continue
        tcol = tv.value[0][0].start_mark.column
        langs = {k.value: (k, v) for k, v in tv.value if isinstance(k, yaml.ScalarNode)}
        if ch.tag not in langs:
            insert_after(tv.value[-1][1], lines(ch.tag, ch.value, tcol))
            continue
        lk, lv = langs[ch.tag]
        if isinstance(ch.value, str) or not isinstance(lv, yaml.MappingNode) or lv.flow_style or not lv.value:
            if isinstance(lv, yaml.MappingNode) and lv.flow_style:
                notes.append(f"the {ch.tag} translation of {ch.what} was a flow mapping: rewritten as a block "
                             "mapping")
            edits.append((lk.start_mark.index, end(text, lv), lines(ch.tag, ch.value, tcol)[tcol:]))
            continue
        edits += _keys(text, lv, ch, lines, nl)
    edits = [_keep_comment(text, *e, nl) for e in edits]
    new = text
    # Last first, so that earlier offsets hold; at one offset, the last made first, so that they read in order.
    for _, _, (start, stop, repl) in sorted(((e[0], i, e) for i, e in enumerate(edits)), reverse=True):
        new = new[:start] + repl + new[stop:]
    _verify(file, text, new, changes)
    return new, notes


def _keys(text: str, node, ch: Change, lines, nl: str) -> list:
    """Edits inside a block mapping: changed values rewritten in place, new keys after the one before."""
    old = ch.old if isinstance(ch.old, dict) else {}
    fields = {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    col = node.value[0][0].start_mark.column
    first = node.value[0][0].start_mark.index
    edits, after = [], text.rfind("\n", 0, first) + 1  # a new first key: on the line before the first one
    for key, value in ch.value.items():
        if key in fields:
            k, v = fields[key]
            if old.get(key) != value:
                edits.append((k.start_mark.index, end(text, v), lines(key, value, col)[col:]))
            after = _line_end(text, end(text, v))
        else:
            edits.append((after, after, lines(key, value, col) + nl))
    return edits


def _keep_comment(text: str, start: int, stop: int, repl: str, nl: str) -> tuple[int, int, str]:
    """A value replaced by lines of block YAML: a comment after the old value moves to the end of the first
    line (``translations:  # reviewed``), where it cannot become part of a text."""
    eol = text.find("\n", stop)
    rest = text[stop:len(text) if eol < 0 else eol].rstrip("\r")
    if stop == start or nl not in repl or not rest.strip().startswith("#"):
        return start, stop, repl
    first, _, others = repl.partition(nl)
    return start, stop + len(rest), first + rest + nl + others


def _flow_scalar(text: str, node, ch: Change) -> list:
    """``{fr: term}``: the language's term replaced, or added last."""
    for k, v in node.value:
        if k.value == ch.tag:
            return [(v.start_mark.index, v.end_mark.index, scalar(ch.value, "{k: @}"))]
    item = f"{scalar(ch.tag, '{k: @}')}: {scalar(ch.value, '{k: @}')}"
    if node.value:
        at = node.value[-1][1].end_mark.index
        return [(at, at, ", " + item)]
    at = text.index("{", node.start_mark.index) + 1
    return [(at, at, item)]


def _pos(file: Path, node) -> Position:
    return Position(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _verify(file: Path, old: str, new: str, changes: list[Change]) -> None:
    """The new text reads as the old one with each change's translation as meant, and nothing else changed."""
    try:
        want = yaml.load(old, Loader=Loader)
        for ch in changes:
            node = want
            for step in ch.item_path:
                node = node[step]
            if not isinstance(node.get("translations"), dict):
                node["translations"] = {}
            node["translations"][ch.tag] = copy.deepcopy(ch.value)
        ok = yaml.load(new, Loader=Loader) == want
    except (yaml.YAMLError, KeyError, IndexError, TypeError, AttributeError):
        ok = False
    if not ok:
        raise BriefgenError("could not write the translations into this file without disturbing the rest of it "
                            "(please report this); nothing was written", Position(file))
