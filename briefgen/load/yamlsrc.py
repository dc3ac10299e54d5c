"""Read YAML into plain Python data plus a map of where every value stands.

libyaml's C parser composes the node tree (with marks) when it is present; we construct the values
ourselves so that each mapping key and each value keeps its file, line and column. Duplicate keys,
which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import Diagnostics, Position

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple  # a path into the data: ("quotes", 0, "text")


@dataclass
class SourceMap:
    """Positions of keys and values in one YAML file, addressed by their path in the data."""

    file: Path
    text: str = ""
    keys: dict[PathKey, Position] = field(default_factory=dict)
    values: dict[PathKey, Position] = field(default_factory=dict)
    block: dict[PathKey, bool] = field(default_factory=dict)  # value written as a | or > block scalar
    _lines: list[str] | None = None

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
        start = self.values.get(tuple(path)) or self.at(path)
        first = 1 if self.block.get(tuple(path)) else 0
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


def load_yaml(file: Path, diags: Diagnostics) -> tuple[object, SourceMap] | None:
    """Parse one YAML file. On a syntax error, report it with its position and return None."""
    smap = SourceMap(file)
    try:
        text = smap.text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        diags.error(f"not UTF-8 text ({exc.reason} at byte {exc.start})", Position(file, 1, 1))
        return None
    except OSError as exc:
        diags.error(f"cannot read file: {exc.strerror}", Position(file))
        return None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, smap
        data = _construct(loader, node, (), smap, diags)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        diags.error(f"YAML syntax: {problem}", _pos(file, mark) if mark else Position(file))
        return None
    except yaml.YAMLError as exc:
        diags.error(f"YAML: {exc}", Position(file))
        return None
    finally:
        loader.dispose()
    return data, smap


def _construct(loader, node, path: PathKey, smap: SourceMap, diags: Diagnostics):
    file = smap.file
    smap.values[path] = _pos(file, node.start_mark)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<)
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                diags.error("mapping keys must be plain text", _pos(file, key_node.start_mark))
                continue
            key = str(key) if not isinstance(key, str) else key
            child = path + (key,)
            if key in out:
                first = smap.keys[child]
                diags.error(
                    f"duplicate key '{key}' (first given on line {first.line})", _pos(file, key_node.start_mark)
                )
                continue
            smap.keys[child] = _pos(file, key_node.start_mark)
            out[key] = _construct(loader, value_node, child, smap, diags)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(loader, item, path + (i,), smap, diags) for i, item in enumerate(node.value)]
    if node.style in ("|", ">"):
        smap.block[path] = True
    return loader.construct_object(node, deep=True)
