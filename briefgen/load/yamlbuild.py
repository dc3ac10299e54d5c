"""Plain Python values from the YAML parser's events, each value's position recorded on request, with limits
on aliases.

Built from events, not from PyYAML's node tree: the tree (a node and two marks per value, all alive until the
last value is made) took about five times the memory of the values kept, and left them scattered through
memory the process could not give back (a 4.6 MB sources file of 20,000 sources: 216 MB after reading it,
70 MB from events). What PyYAML's composer checks is checked here, with its messages: one document per file,
no alias before its anchor, no anchor given twice.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from ..errors import Diagnostics, Position
from .text import clean

MAX_ALIAS_USES = 1_000  # aliases (*name) in one file: a dossier needs a few, a "billion laughs" needs many
MAX_NODES = 2_000_000  # values built from one file, aliases expanded

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"  # the key << (a mapping's defaults from other mappings)
_VALUE = "tag:yaml.org,2002:value"  # the key = (read as text, as PyYAML does)
# What YAML 1.1 reads as a number and nobody writing a dossier means as one: 001122 (octal: 594), 0x1F, 0b101,
# 10:30 (sexagesimal: 630), 1_000. Kept as the digits written; a field that takes a number still reads them.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_KEY_TYPES = (str, int, float, bool)


def pos(file: Path, mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


class TooBig(Exception):
    """A file that would take too much to build (an alias bomb, a cycle of aliases): its message says why."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.mark = mark


class _Anchored:
    """A value given an anchor (``&name``): what an alias (``*name``) to it stands for."""

    __slots__ = ("value", "count", "aliases", "mark", "collection")

    def __init__(self, value, count: int, aliases: int, mark, collection: bool):
        self.value, self.count, self.aliases, self.mark, self.collection = value, count, aliases, mark, collection


SYNTAX = (yaml.scanner.ScannerError, yaml.parser.ParserError, yaml.reader.ReaderError)  # the parser's errors


class Builder:
    """The values of one document. Given ``maps`` (keys, values, block scalars, last lines), it records where
    each key and value stands in them (line and column, from 1), addressed by path, and makes no values but
    the keys."""

    def __init__(self, loader, file: Path, diags: Diagnostics, maps: tuple[dict, dict, dict, dict] | None = None):
        self.loader, self.file, self.diags = loader, file, diags
        self.positions = maps is not None
        self.keys, self.values, self.block, self.ends = maps if maps is not None else (None, None, None, None)
        self.anchors: dict[str, _Anchored] = {}
        self.open: dict[str, object] = {}  # anchors of the collections being built: an alias to one is a cycle
        self.aliases = self.nodes = 0

    def document(self):
        """The file's one document; None for a file without any (only comments, or nothing)."""
        get, check = self.loader.get_event, self.loader.check_event
        get()  # the stream's start
        if check(yaml.StreamEndEvent):
            return None
        start = get().start_mark
        value = self.build(())
        get()  # the document's end
        if not check(yaml.StreamEndEvent):
            raise ComposerError("expected a single document in the stream", start, "but found another document",
                                get().start_mark)
        return value

    def reading_error_after(self) -> Exception | None:
        """The first error in reading the rest of the file (its syntax, an alias without its anchor, an anchor
        given twice, a second document), if any: read without making values."""
        get, anchors = self.loader.get_event, {**self.open, **{k: a.mark for k, a in self.anchors.items()}}
        try:
            while not self.loader.check_event(yaml.StreamEndEvent):
                event = get()
                if isinstance(event, yaml.DocumentStartEvent):
                    return ComposerError("expected a single document in the stream", None,
                                         "but found another document", event.start_mark)
                anchor = getattr(event, "anchor", None)
                if isinstance(event, yaml.AliasEvent) and anchor not in anchors:
                    return ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
                if anchor is not None and not isinstance(event, yaml.AliasEvent):
                    if anchor in anchors:
                        return ComposerError("found duplicate anchor; first occurrence", anchors[anchor],
                                             "second occurrence", event.start_mark)
                    anchors[anchor] = event.start_mark
        except SYNTAX as exc:
            return exc
        return None

    def _count(self, n: int, mark) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise TooBig(f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)", mark)

    def _tag(self, event) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return tag

    def build(self, path: tuple):
        event = self.loader.get_event()
        self._count(1, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event, path)
        anchor, start, aliases = event.anchor, self.nodes, self.aliases
        if anchor is not None and (anchor in self.anchors or anchor in self.open):
            first = self.anchors[anchor].mark if anchor in self.anchors else self.open[anchor]
            raise ComposerError("found duplicate anchor; first occurrence", first, "second occurrence",
                                event.start_mark)
        if self.positions:
            self.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):  # with positions no value is made: its type is not needed
            value = self._scalar(event, _STR if self.positions else self._tag(event), path)
        else:
            if anchor is not None:
                self.open[anchor] = event.start_mark
            value = self._mapping(event, path) if isinstance(event, yaml.MappingStartEvent) else self._sequence(path)
            self.open.pop(anchor, None)
        if anchor is not None:
            self.anchors[anchor] = _Anchored(value, self.nodes - start + 1, self.aliases - aliases, event.start_mark,
                                             not isinstance(event, yaml.ScalarEvent))
        return value

    def _alias(self, event, path: tuple):
        anchor = event.anchor
        if anchor in self.open:
            raise TooBig("an alias refers to the collection that holds it (a cycle): a value cannot contain "
                         "itself", event.start_mark)
        target = self.anchors.get(anchor)
        if target is None:
            raise ComposerError(None, None, f"found undefined alias {anchor!r}", event.start_mark)
        if self.positions:
            self.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not target.collection:
            return target.value
        self.aliases += 1 + target.aliases  # the aliases inside count at each use, as if written out
        if self.aliases > MAX_ALIAS_USES:
            raise TooBig(f"more than {MAX_ALIAS_USES} uses of aliases (*name) in one file", event.start_mark)
        self._count(target.count - 1, event.start_mark)  # checked before the copy is made
        return copy.deepcopy(target.value)  # each use its own value, as building the node again made it

    def _sequence(self, path: tuple) -> list:
        check, out = self.loader.check_event, []
        while not check(yaml.SequenceEndEvent):
            out.append(self.build(path + (len(out),)))
        self.loader.get_event()
        return out

    def _mapping(self, start_event, path: tuple) -> dict:
        file, diags, loader = self.file, self.diags, self.loader
        out: dict = {}
        merged: list[dict] = []  # mappings given by <<, the first one's keys before the next's
        first: dict = {}  # where each key was given
        split = False  # a value cut by a comma was reported (once for the mapping)
        index = -1
        while not loader.check_event(yaml.MappingEndEvent):
            index += 1
            key_event = loader.peek_event()
            key = self._key()
            if key is _MERGE:
                merged.extend(self._merged(start_event, path))
                continue
            if not isinstance(key, _KEY_TYPES) or key is None:
                diags.error("mapping keys must be plain text", pos(file, key_event.start_mark))
                self._skip()
                continue
            key = str(key) if not isinstance(key, str) else key
            child = path + (key,)
            if start_event.flow_style and index and " " in key.strip() and self._empty_next():
                # {text: The river, before the summer}: the comma ended the value, and the rest became a key
                if not split:
                    diags.error(f"a comma inside {{ }} ends a value: '{key}' was read as a key of its own; put the "
                                "value before it in quotes, with its comma (text: \"The river, before the summer\")",
                                pos(file, key_event.start_mark))
                split = True
                self._skip()
                continue
            if key in out:
                diags.error(f"duplicate key '{key}' (first given on line {first[key].line + 1})",
                            pos(file, key_event.start_mark))
                self._skip()
                continue
            first[key] = key_event.start_mark
            if self.positions:
                self.keys[child] = (key_event.start_mark.line + 1, key_event.start_mark.column + 1)
            out[key] = self.build(child)
        loader.get_event()
        if not merged:
            return out
        defaults: dict = {}
        for mapping in merged:  # YAML's merge: keys written in the mapping win, then the first mapping's
            for key, value in mapping.items():
                defaults.setdefault(key, value)
        return {**{k: v for k, v in defaults.items() if k not in out}, **out}

    def _key(self):
        """A mapping key's value read (``_MERGE`` for ``<<``); None for a collection, which is no key."""
        event = self.loader.peek_event()
        if isinstance(event, yaml.ScalarEvent):
            tag = self._tag(event)
            if tag == _MERGE:
                self.loader.get_event()
                self._count(1, event.start_mark)
                return _MERGE
            if event.anchor is None:
                self.loader.get_event()
                self._count(1, event.start_mark)
                return self._scalar(event, _STR if tag == _VALUE else tag, None)
        elif not isinstance(event, yaml.AliasEvent) or self.anchors.get(event.anchor, None) is None \
                or self.anchors[event.anchor].collection:
            self._skip()  # a collection (or an alias of one) as a key: not a key
            return None
        positions, self.positions = self.positions, False
        try:
            return self.build(())  # an anchored key, or an alias of a value
        finally:
            self.positions = positions

    def _merged(self, start_event, path: tuple) -> list[dict]:
        value_event = self.loader.peek_event()
        value = self.build(path + ("<<",))
        mappings = value if isinstance(value, list) else [value]
        if self.positions or all(isinstance(m, dict) for m in mappings):
            return [m for m in mappings if isinstance(m, dict)]
        found = next(m for m in mappings if not isinstance(m, dict))
        kind = "a list" if isinstance(found, list) else "nothing" if found is None else "text"
        kind = f"a list holding {kind}" if isinstance(value, list) else kind
        raise ConstructorError("while constructing a mapping", start_event.start_mark,
                               f"expected a mapping or list of mappings for merging (<<), but found {kind}",
                               value_event.start_mark)

    def _empty_next(self) -> bool:
        """The next value is not written at all (``{a: 1, b}``: b's)."""
        event = self.loader.peek_event()
        return isinstance(event, yaml.ScalarEvent) and event.value == "" and self._tag(event) == _NULL

    def _skip(self) -> None:
        """Read past one value without making it (its anchors are still known to later aliases)."""
        positions, diags = self.positions, self.diags
        self.positions, self.diags = False, Diagnostics()
        try:
            self.build(("<skipped>",))
        finally:
            self.positions, self.diags = positions, diags

    def _scalar(self, event, tag: str, path: tuple | None):
        """A scalar's value (path None: a mapping key's, made even when only positions are recorded)."""
        if self.positions and path is not None:
            if event.style in ("|", ">"):
                self.block[path] = True
            elif event.end_mark.line > event.start_mark.line:
                self.ends[path] = event.end_mark.line + 1
            return None
        value = event.value
        if not (tag == _STR or tag == _INT and not event.style and not _PLAIN_INT.fullmatch(value)):
            # most values are text, kept as written; others made as PyYAML's constructor makes them
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            loader = self.loader
            try:
                value = loader.construct_object(node, deep=True)
            except ValueError as exc:  # a date that does not exist (2026-11-31): the model says what is wrong
                if path is None:
                    self.diags.error(f"not a valid value: {exc}", pos(self.file, event.start_mark))
            finally:
                loader.constructed_objects.pop(node, None)
                loader.recursive_objects.pop(node, None)
        if isinstance(value, str):
            value, removed = clean(value)
            if removed and path is not None:
                self.diags.warning(f"removed {removed} from this text (invisible characters that Word and PDF "
                                   "files cannot hold)", pos(self.file, event.start_mark))
        return value
