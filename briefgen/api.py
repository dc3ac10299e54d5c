"""The Python API, for teams that script their builds: ``briefgen.build`` and ``briefgen.check``.

Both take what the command line takes and return typed, immutable results; neither prints anything. ::

    import briefgen

    report = briefgen.check("briefs/my-dossier")
    if report.ok:
        result = briefgen.build("briefs/my-dossier", audiences=["press"], formats=["pdf"])
        for f in result.files:
            print(f.path, f.pages, f.marking)

A dossier that does not build raises ``BuildFailed``, whose ``problems`` hold every error (file, line,
column, message), and no file is written. An audience or format the dossier does not have raises
``ValueError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One diagnostic, as ``check`` prints it: where (the file's absolute path, line and column, when known),
    how bad, what, and the lint rule that found it (if any)."""

    severity: Severity
    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file) + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column
                                                                              else "") + ": "
        return f"{where}{self.severity}: {self.message}" + (f" [{self.rule}]" if self.rule else "")

    @classmethod
    def of(cls, d) -> "Problem":
        pos = d.pos
        return cls(d.severity, d.message, Path(pos.file).resolve() if pos else None,
                   (pos.line or None) if pos else None, (pos.col or None) if pos else None, d.rule)


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found. ``ok`` is false when there is an error (or, with ``strict``, a warning)."""

    ok: bool
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True)
class BuiltFile:
    """One file written: its audience and format, where it is, and what it holds."""

    audience: str
    format: Literal["pdf", "docx"]
    path: Path
    pages: int | None  # a PDF's pages; None for Word (its reader lays it out)
    findings: int
    citations: int
    sources: int
    marking: str  # the TLP marking the file carries


@dataclass(frozen=True)
class BuildResult:
    """The files written, the warnings, and each audience's findings left out, with why."""

    files: tuple[BuiltFile, ...]
    warnings: tuple[Problem, ...]
    left_out: dict[str, tuple[tuple[str, str], ...]]  # audience -> ((finding id, reason), ...)


class BuildFailed(Exception):
    """The dossier did not build; ``problems`` holds every error and warning found. No file was written."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} error{'s' * (len(errors) != 1)}:\n" + "\n".join(map(str, errors)))


def check(dossier: str | Path = ".", *, strict: bool = False, jobs: int | None = None) -> CheckResult:
    """Validate and lint the dossier and write every brief in memory, as ``briefgen check`` does."""
    from .pipeline import check as run_check

    diags = run_check(Path(dossier), jobs)
    problems = tuple(Problem.of(d) for d in diags.sorted())
    failed = bool(diags.errors or (strict and diags.warnings))
    return CheckResult(not failed, problems)


def build(dossier: str | Path = ".", *, audiences: list[str] | None = None, formats: list[str] | None = None,
          out: str | Path | None = None, jobs: int | None = None) -> BuildResult:
    """Build the dossier's briefs, as ``briefgen build`` does (into ``out``, default ``DOSSIER/build``)."""
    from .errors import BriefgenError
    from .pipeline import UsageError
    from .pipeline import build as run_build

    audiences = [audiences] if isinstance(audiences, str) else audiences  # "press" is one audience, not five
    formats = [formats] if isinstance(formats, str) else formats
    unknown = [f for f in formats or () if f not in ("pdf", "docx")]
    if unknown:
        raise ValueError(f"unknown format '{unknown[0]}' (formats: pdf, docx)")
    if jobs is not None and not (isinstance(jobs, int) and 1 <= jobs <= 64):
        raise ValueError(f"jobs must be a whole number from 1 to 64, as --jobs takes (it is {jobs!r})")
    try:
        p, outputs = run_build(Path(dossier), list(audiences) if audiences else None,
                               list(formats) if formats else None, Path(out) if out else None, jobs)
    except UsageError as exc:
        raise ValueError(str(exc)) from None
    except BriefgenError as exc:
        raise BuildFailed(tuple(Problem.of(d) for d in exc.diagnostics)) from None
    files = tuple(BuiltFile(o.audience, o.format, o.path.resolve(), o.pages, o.findings, o.citations, o.sources,
                            o.marking) for o in outputs)
    warnings = tuple(Problem.of(d) for d in p.ev.diagnostics.sorted() if d.severity == "warning")
    left_out = {name: tuple(sel.dropped) for name, sel in p.selections.items()}
    return BuildResult(files, warnings, left_out)
