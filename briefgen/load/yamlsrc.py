"""Read YAML into plain Python data plus a map of where every value stands.

libyaml's C parser reads the file when it is present; the values are made from its events (``yamlbuild``),
and where each key and value stands (file, line and column) is found only when something is reported.
Duplicate keys, which PyYAML silently overwrites, are reported.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import ComposerError

from ..errors import Diagnostics, Position
from .text import not_utf8
from .yamlbuild import SYNTAX as _SYNTAX
from .yamlbuild import Builder, TooBig, pos

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
                Builder(loader, self.file, Diagnostics(), self._maps).document()
            except (yaml.YAMLError, TooBig):  # the first reading reported it
                pass
            finally:
                loader.dispose()
        return self._maps

    @property
    def keys(self) -> dict[PathKey, tuple[int, int]]:
        """Where each key stands: its line and column (from 1). Kept as two numbers, made a ``Position`` when
        asked for (``at``): a 4.6 MB sources file has 400,000 keys and values, and making a ``Position`` for each
        was a fifth of the time to map it."""
        return self._made()[0]

    @property
    def values(self) -> dict[PathKey, tuple[int, int]]:
        """Where each value starts, as ``keys``."""
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
        keys, values = self.keys, self.values
        while True:
            found = keys.get(path) or values.get(path)
            if found is not None:
                return Position(self.file, *found)
            if not path:
                return Position(self.file, 1, 1)
            path = path[:-1]

    def value_at(self, path: PathKey) -> Position | None:
        """Where the value at ``path`` starts, if the file has it."""
        found = self.values.get(tuple(path))
        return None if found is None else Position(self.file, *found)

    def text_position(self, path: PathKey, offset_lines: int, needle: str = "") -> Position:
        """Position of something inside a text value (a citation inside a finding's body): its line, and
        its column when ``needle`` can be found on that line of the file."""
        path = tuple(path)
        start = self.value_at(path) or self.at(path)
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


MAX_FILE_BYTES = 50_000_000  # one YAML file; a 10 MB finding body loads in about a second


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
    found = Diagnostics()  # what the values say, reported unless the file turns out not to be YAML
    builder = Builder(loader, file, found)
    try:
        data = builder.document()
    except (yaml.YAMLError, TooBig) as exc:
        # PyYAML composed the whole file before making values, so a syntax or composing error anywhere came
        # before any error in a value. Values are now made as the file is read: look for one further on.
        composing = isinstance(exc, (*_SYNTAX, ComposerError))
        if not composing:
            exc = builder.reading_error_after() or exc
            composing = isinstance(exc, (*_SYNTAX, ComposerError))
        if not composing:  # the file is YAML: what its values said is reported too
            diags.items += found.items
        _report(exc, file, text, diags)
        return None
    finally:
        loader.dispose()
    diags.items += found.items
    return data, smap


def _report(exc: Exception, file: Path, text: str, diags: Diagnostics) -> None:
    """Why a file could not be read as YAML, at its line."""
    if isinstance(exc, TooBig):
        diags.error(str(exc), pos(file, exc.mark))
    elif isinstance(exc, yaml.MarkedYAMLError):
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
        diags.error(f"YAML syntax: {problem}", pos(file, mark) if mark else Position(file))
    elif isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        diags.error(f"YAML text may not hold the control character {what}: delete it (it is invisible in most "
                    "editors)", Position(file, line, col))
    else:
        diags.error(f"YAML: {exc}", Position(file))
