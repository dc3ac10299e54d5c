"""Read YAML into plain Python data plus a map of where every value stands.

libyaml's C parser composes the node tree (with marks) when it is present; we construct the values
ourselves so that each mapping key and each value keeps its file, line and column. Duplicate keys,
which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import Diagnostics, Position
from .text import clean, not_utf8

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple  # a path into the data: ("quotes", 0, "text")


class SourceMap:
    """Positions of keys and values in one YAML file, addressed by their path in the data.

    Made when first asked for, from the file's text read again: a build that reports nothing about a file
    never needs them (at 10,000 findings they held a third of the plan's memory)."""

    __slots__ = ("file", "text", "_maps", "_lines")

    def __init__(self, file: Path, text: str = ""):
        self.file, self.text = file, text
        self._maps: tuple[dict, dict, dict, dict] | None = None
        self._lines: list[str] | None = None

    def _made(self) -> tuple[dict, dict, dict, dict]:
        if self._maps is None:
            self._maps = ({}, {}, {}, {})
            loader = Loader(self.text)
            try:
                node = loader.get_single_node()
                if node is not None:
                    _Builder(loader, self, Diagnostics(), positions=True).build(node, ())
            except (yaml.YAMLError, _TooBig):  # the first reading reported it
                pass
            finally:
                loader.dispose()
        return self._maps

    @property
    def keys(self) -> dict[PathKey, Position]:
        return self._made()[0]

    @property
    def values(self) -> dict[PathKey, Position]:
        return self._made()[1]

    @property
    def block(self) -> dict[PathKey, bool]:
        """Values written as a | or > block scalar."""
        return self._made()[2]

    @property
    def ends(self) -> dict[PathKey, int]:
        """The last line of a quoted or plain scalar written over several lines: its lines of text are not
        the file's (an escaped \\n is no line of the file, a single line break is a space)."""
        return self._made()[3]

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def at(self, path: PathKey) -> Position:
        """The best position for a path: its key, else its value, else the nearest parent's."""
        path = tuple(path)
        while True:
            if path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return Position(self.file, 1, 1)
            path = path[:-1]

    def text_position(self, path: PathKey, offset_lines: int, needle: str = "") -> Position:
        """Position of something inside a text value (a citation inside a finding's body): its line, and
        its column when ``needle`` can be found on that line of the file."""
        path = tuple(path)
        start = self.values.get(path) or self.at(path)
        if path in self.values and not self.block.get(path):  # a quoted or plain scalar: find the needle
            last = self.ends.get(path, start.line)
            for line in range(start.line, min(last, len(self.lines)) + 1) if needle else ():
                col = self.lines[line - 1].find(needle, start.col - 1 if line == start.line else 0)
                if col >= 0:
                    return Position(start.file, line, col + 1)
            return start
        first = 1 if self.block.get(path) else 0
        pos = start.shifted(first + offset_lines) if (first + offset_lines) else start
        if needle and self.text:
            lines = self.lines
            if 0 < pos.line <= len(lines):
                col = lines[pos.line - 1].find(needle)
                if col >= 0:
                    return Position(pos.file, pos.line, col + 1)
        return pos


def _pos(file: Path, mark) -> Position:
    return Position(file, mark.line + 1, mark.column + 1)


MAX_FILE_BYTES = 50_000_000  # one YAML file; a 10 MB finding body loads in about a second
MAX_ALIAS_USES = 1_000  # aliases (*name) in one file: a dossier needs a few, a "billion laughs" needs many
MAX_NODES = 2_000_000  # values built from one file, aliases expanded


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
# What YAML 1.1 reads as a number and nobody writing a dossier means as one: 001122 (octal: 594), 0x1F, 0b101,
# 10:30 (sexagesimal: 630), 1_000. Kept as the digits written; a field that takes a number still reads them.
_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")


def _empty(node) -> bool:
    """A value not written at all (``{a: 1, b}``: b's)."""
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and node.value == ""


class _TooBig(Exception):
    """A file that would take too much to build (an alias bomb, a cycle of aliases): its message says why."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.mark = mark


_UNICODE_BREAKS = re.compile("[\u2028\u2029\x85]")  # line and paragraph separators, next line (NEL)


def _without_unicode_breaks(text: str, file: Path, diags: Diagnostics) -> str:
    """``text`` with Unicode's own line breaks (pasted from Word or a web page) as spaces: YAML reads them as
    line breaks, so a line of a block of text lost its indentation and the file failed as "could not find
    expected ':'" lines below. Said once, where the first stands."""
    first = _UNICODE_BREAKS.search(text)
    if first is None:
        return text
    line = text.count("\n", 0, first.start())
    col = first.start() - (text.rfind("\n", 0, first.start()) + 1)
    count = len(_UNICODE_BREAKS.findall(text))
    diags.warning(f"replaced {count} Unicode line or paragraph separator{'s' * (count != 1)} (U+2028, U+2029, "
                  "U+0085: text pasted from a word processor or a web page) with spaces: YAML would read them as "
                  "line breaks, and a block of text would lose its indentation", Position(file, line + 1, col + 1))
    return _UNICODE_BREAKS.sub(" ", text)


def load_yaml(file: Path, diags: Diagnostics) -> tuple[object, SourceMap] | None:
    """Parse one YAML file. On a syntax error, report it with its position and return None. Text values are
    cleaned as they are read (``text.clean``): what is removed is reported as a warning at its value."""
    smap = SourceMap(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.error(f"file too large ({size:,} bytes; a dossier file may hold at most {MAX_FILE_BYTES:,})",
                        Position(file))
            return None
        text = smap.text = _without_unicode_breaks(file.read_text(encoding="utf-8-sig"), file, diags)
    except UnicodeDecodeError as exc:
        message, line, col = not_utf8(exc)
        diags.error(message, Position(file, line, col))
        return None
    except OSError as exc:
        diags.error(f"cannot read file: {exc.strerror}", Position(file))
        return None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, smap
        data = _Builder(loader, smap, diags).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        if "tab character" in problem:
            problem += "; indent with spaces, as YAML does not allow tabs there"
        if "end of stream" in problem and exc.context_mark is not None and exc.context:
            # The file ended inside something: where that starts is what to fix, not the file's last line.
            mark = exc.context_mark
            what = exc.context.removeprefix("while scanning ").removeprefix("a ").replace("scalar", "text")
            hint = " (a closing quotation mark is missing)" if what == "quoted text" else ""
            problem = f"the file ends inside the {what} that starts here{hint}"
        diags.error(f"YAML syntax: {problem}", _pos(file, mark) if mark else Position(file))
        return None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        diags.error(f"YAML text may not hold the control character {what}: delete it (it is invisible in most "
                    "editors)", Position(file, line, col))
        return None
    except yaml.YAMLError as exc:
        diags.error(f"YAML: {exc}", Position(file))
        return None
    except _TooBig as exc:
        diags.error(str(exc), _pos(file, exc.mark))
        return None
    finally:
        loader.dispose()
    return data, smap


class _Builder:
    """Plain Python values from the node tree, each value's position recorded, with limits on aliases."""

    def __init__(self, loader, smap: SourceMap, diags: Diagnostics, positions: bool = False):
        self.loader, self.diags = loader, diags
        self.file = smap.file
        # Reading for the positions only (``SourceMap``): they are recorded, and values are not made.
        self.positions = positions
        self.keys, self.values, self.block, self.ends = smap._maps if positions else (None, None, None, None)
        self.seen: set[int] = set()  # nodes built once: meeting one again is an alias
        self.open: set[int] = set()  # collections being built: meeting one of them is an alias cycle
        self.aliases = self.nodes = 0

    def build(self, node, path: PathKey):
        key = id(node)
        self.nodes += 1
        if key in self.open:
            raise _TooBig("an alias refers to the collection that holds it (a cycle): a value cannot contain "
                          "itself", node.start_mark)
        if key in self.seen and not isinstance(node, yaml.ScalarNode):
            self.aliases += 1
            if self.aliases > MAX_ALIAS_USES:
                raise _TooBig(f"more than {MAX_ALIAS_USES} uses of aliases (*name) in one file", node.start_mark)
        if self.nodes > MAX_NODES:
            raise _TooBig(f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
                          node.start_mark)
        self.seen.add(key)
        if self.positions:
            self.values[path] = _pos(self.file, node.start_mark)
        if isinstance(node, yaml.MappingNode):
            self.open.add(key)
            try:
                return self._mapping(node, path)
            finally:
                self.open.discard(key)
        if isinstance(node, yaml.SequenceNode):
            self.open.add(key)
            try:
                return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(key)
        if not self.positions:
            return self._scalar(node, path)
        if node.style in ("|", ">"):
            self.block[path] = True
        elif node.end_mark.line > node.start_mark.line:
            self.ends[path] = node.end_mark.line + 1
        return None

    def _mapping(self, node, path: PathKey) -> dict:
        file, diags = self.file, self.diags
        self.loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        out: dict = {}
        first: dict = {}  # where each key was given
        split = False  # a value cut by a comma was reported (once for the mapping)
        for key_node, value_node in node.value:
            key = self._scalar(key_node, None) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                diags.error("mapping keys must be plain text", _pos(file, key_node.start_mark))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = path + (key,)
            if node.flow_style and " " in key.strip() and _empty(value_node) and node.value[0][0] is not key_node:
                # {text: The river, before the summer}: the comma ended the value, and the rest became a key
                if not split:
                    diags.error(f"a comma inside {{ }} ends a value: '{key}' was read as a key of its own; put the "
                                "value before it in quotes, with its comma (text: \"The river, before the summer\")",
                                _pos(file, key_node.start_mark))
                split = True
                continue
            if key in out:
                diags.error(f"duplicate key '{key}' (first given on line {first[key].line + 1})",
                            _pos(file, key_node.start_mark))
                continue
            first[key] = key_node.start_mark
            if self.positions:
                self.keys[child] = _pos(file, key_node.start_mark)
            out[key] = self.build(value_node, child)
        return out

    def _scalar(self, node, path: PathKey | None):
        try:
            # most values are text: made as the constructor would make them, without its bookkeeping
            value = node.value if node.tag == _STR or node.tag == _INT and not node.style and not \
                _PLAIN_INT.fullmatch(node.value) else self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # a date that does not exist (2026-11-31): the model says what is wrong
            self.loader.constructed_objects.pop(node, None)
            self.loader.recursive_objects.pop(node, None)
            value = node.value
            if path is None:
                self.diags.error(f"not a valid value: {exc}", _pos(self.file, node.start_mark))
        if isinstance(value, str):
            value, removed = clean(value)
            if removed and path is not None:
                self.diags.warning(f"removed {removed} from this text (invisible characters that Word and PDF "
                                   "files cannot hold)", _pos(self.file, node.start_mark))
        return value
