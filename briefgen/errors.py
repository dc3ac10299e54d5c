"""One error family for briefgen, and one place that formats diagnostics.

Expected problems (bad input, a template that does not render, an output that cannot be written) are
``BriefgenError``s carrying one or more ``Diagnostic``s; the CLI prints them compiler-style and exits 1.
Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """Where something stands in an input file (1-based line and column; 0 when unknown)."""

    file: Path
    line: int = 0
    col: int = 0

    def shifted(self, lines: int) -> "Position":
        return Position(self.file, self.line + lines, 1 if lines else self.col)


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "error" or "warning"
    message: str
    pos: Position | None = None
    rule: str | None = None

    def format(self, root: Path | None = None) -> str:
        where = ""
        if self.pos is not None:
            where = display_path(self.pos.file, root)
            if self.pos.line:
                where += f":{self.pos.line}"
                if self.pos.col:
                    where += f":{self.pos.col}"
            where += ": "
        rule = f" [{self.rule}]" if self.rule else ""
        # one line, as editors and CI read diagnostics: a message quoting a text across a line break (a key a
        # comma cut from its value, a citation group) broke in two, its second line no diagnostic
        message = _BREAKS.sub(" ", self.message) if _BREAKS.search(self.message) else self.message
        return f"{where}{self.severity}: {message}{rule}"


_BREAKS = re.compile("[ \t]*[\r\n\u2028\u2029\x85\x0b\x0c]+[ \t]*")  # what ends a line of a terminal


def display_path(path: Path, root: Path | None = None) -> str:
    """How a message names a file: relative to the current folder when the file lies inside it (so that an
    editor or a terminal opens it as printed), else its absolute path. ``root`` (the dossier) is not needed
    for that; it is kept so that callers stay as they are."""
    return _display(str(path), os.getcwd(), root is not None)


@functools.lru_cache(maxsize=4096)
def _display(path: str, cwd: str, absolute: bool) -> str:
    # kept per file and folder: a check of 10,000 findings names their files in some 24,000 warnings, and
    # resolving each path again (a system call per part) took a fifth of its time
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path(cwd).resolve()))
    except (ValueError, OSError):
        return str(resolved) if absolute else path


@dataclass
class Diagnostics:
    """Collects every problem so that one run reports all of them at once."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, pos: Position | None = None, rule: str | None = None) -> None:
        self.items.append(Diagnostic("error", message, pos, rule))

    def warning(self, message: str, pos: Position | None = None, rule: str | None = None) -> None:
        self.items.append(Diagnostic("warning", message, pos, rule))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Every diagnostic once (one problem met by several audiences is one problem), by file and line."""
        def key(d: Diagnostic):
            return (str(d.pos.file) if d.pos else "", d.pos.line if d.pos else 0, d.pos.col if d.pos else 0)

        return sorted(dict.fromkeys(self.items), key=key)

    def raise_if_errors(self) -> None:
        if self.errors:
            raise BriefgenError(self.sorted())


class BriefgenError(Exception):
    """An expected failure, reported to the user as diagnostics (exit status 1)."""

    def __init__(self, diagnostics: list[Diagnostic] | str, pos: Position | None = None):
        if isinstance(diagnostics, str):
            diagnostics = [Diagnostic("error", diagnostics, pos)]
        self.diagnostics = diagnostics
        super().__init__()

    def __str__(self) -> str:  # made when asked for: the CLI prints the diagnostics itself, one by one
        return "\n".join(d.format() for d in self.diagnostics)

    def __reduce__(self):  # keep the diagnostics when raised in a worker process
        return (BriefgenError, (self.diagnostics,))
