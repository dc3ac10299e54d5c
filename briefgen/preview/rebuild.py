"""Build the dossier again and again in one process, and keep what the page shows.

Each rebuild is a whole ``briefgen build`` (load, select, render: cheap) whose writers run only for the
briefs whose document changed (``build.WriteCache``), and which writes only the files whose bytes changed.
A rebuild that fails keeps the briefs of the last good one and shows its errors instead of its warnings.
The diagnostics are those ``check`` gives but for its writers' dry run, which the build itself is: the
build's own warnings, and the evidence lint.

The briefs a page is showing (``watching``: the brief pages with an open event stream) are built first, on
their own, into a folder of their own, and published before the others: the reader sees the edit in the time
of one brief, not of all. The build of every brief follows, taking theirs from the write cache; only it
writes to the output folder, and if it fails the page shows the briefs of the last build that did not, as
the output folder holds them.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..errors import BriefgenError, Diagnostic, Diagnostics
from ..load import load
from ..pipeline import UsageError, WriteCache, build


@dataclass(frozen=True)
class File:
    """One built file, as the page serves it."""

    name: str  # ID-AUDIENCE.pdf
    format: str
    data: bytes
    digest: str  # of the bytes: what a page image's address carries
    pages: int | None


@dataclass(frozen=True)
class Brief:
    audience: str
    label: str
    marking: str
    findings: int
    language: str
    direction: str  # "rtl" for a brief in Uyghur, Arabic ...
    files: tuple[File, ...]

    def file(self, fmt: str) -> File | None:
        return next((f for f in self.files if f.format == fmt), None)


@dataclass(frozen=True)
class State:
    """What the page shows: the last good build's briefs, and the diagnostics of the last rebuild."""

    generation: int = 0  # 0: no build has finished yet
    title: str = ""
    briefs: tuple[Brief, ...] = ()
    diagnostics: tuple[tuple[str, str], ...] = ()  # (severity, "FILE:LINE:COL: severity: message")
    failed: bool = False  # the last rebuild failed: ``briefs`` are the last good build's
    seconds: float = 0.0
    written: int = 0  # files the last rebuild wrote (the others held their bytes already)
    reused: int = 0  # writer jobs the last rebuild took from earlier builds (their documents had not changed)
    built: str = ""  # when the briefs shown were built (local time)
    pending: tuple[str, ...] = ()  # audiences whose briefs are the last build's, being built again now

    @property
    def errors(self) -> int:
        return sum(1 for severity, _ in self.diagnostics if severity == "error")


class Rebuilder:
    """Builds the dossier on request (one build at a time) and publishes the state the page shows."""

    def __init__(self, dossier: Path, out: Path | None = None, audiences: list[str] | None = None,
                 pool=None, jobs: int | None = None, lint: bool = True):
        self.dossier = Path(dossier)
        self.root = self.dossier if self.dossier.is_dir() else self.dossier.parent
        self.out, self.audiences, self.pool, self.jobs, self.lint = out, audiences, pool, jobs, lint
        self.cache = WriteCache()
        self.state = State()
        self.changed = threading.Condition()  # notified with each new state, and on close
        self.watching: Counter[str] = Counter()  # audience -> the pages showing its brief
        self.prepare = None  # called with each new state and the audiences pages show, before building on
        self.closed = False
        self._lock = threading.Lock()

    def rebuild(self) -> State:
        """Build now (after any build under way) and publish the result: first, when a page shows some of the
        briefs, those alone (published once they are new), then every brief."""
        with self._lock:
            start = time.perf_counter()
            old = self.state
            first = self._first(old)
            if first:  # built into a folder of its own: the output folder gets only what a whole build makes
                with self.cache.part(), tempfile.TemporaryDirectory(prefix="briefgen-preview-") as scratch:
                    title, briefs, diags, failed = self._attempt(first, old, Path(scratch))
                if not failed:  # (else the build of every brief says why, with the others' problems too)
                    ran = self.cache.ran
                    shown = {b.audience: b for b in briefs}
                    merged = tuple(shown.get(b.audience, b) for b in old.briefs)
                    if old.failed or merged != old.briefs:  # else the page has nothing new to show yet
                        rest = tuple(b.audience for b in old.briefs if b.audience not in shown)
                        self.publish(self._state(old, title, merged, diags, False, start, 0, 0, rest))
                    title, briefs, diags, failed = self._attempt(self.audiences, old)
                    return self.publish(self._state(old, title, briefs, diags, failed, start,
                                                    len(self.cache.written), self.cache.hits - ran))
            title, briefs, diags, failed = self._attempt(self.audiences, old)
            return self.publish(self._state(old, title, briefs, diags, failed, start, len(self.cache.written),
                                            self.cache.hits))

    def _first(self, old: State) -> list[str]:
        """The audiences to build before the others: those a page shows, when there are others."""
        with self.changed:
            shown = {name for name, pages in self.watching.items() if pages > 0}
        names = [b.audience for b in old.briefs]
        first = [n for n in names if n in shown]
        return first if 0 < len(first) < len(names) else []

    def _attempt(self, audiences: list[str] | None, kept: State, out: Path | None = None):
        """(title, briefs, diagnostics, failed): a failed build keeps ``kept``'s title and briefs."""
        try:
            title, briefs, diags = self._build(audiences, out or self.out)
            return title, briefs, diags, False
        except BriefgenError as exc:
            diags = list(exc.diagnostics)
        except UsageError as exc:
            diags = [Diagnostic("error", str(exc))]
        except Exception as exc:  # noqa: BLE001 -- a bug: shown, and the preview goes on
            traceback.print_exc(file=sys.stderr)
            message = f"internal error ({type(exc).__name__}: {exc}): this is a bug in briefgen, not in " \
                      "your dossier; the traceback is in the terminal"
            diags = [Diagnostic("error", message)]
        return kept.title, kept.briefs, diags, True

    def _state(self, old: State, title, briefs, diags, failed: bool, start: float, written: int, reused: int,
               pending: tuple[str, ...] = ()) -> State:
        """A new state after ``old``, the last whole build's (a failed build shows its briefs, and when they
        were built)."""
        if self.lint:
            diags = diags + self._lint()
        lines = tuple((d.severity, describe(d, self.root)) for d in Diagnostics(diags).sorted())
        generation = self.state.generation + 1
        if failed:
            return State(generation, title, briefs, lines, True, time.perf_counter() - start, 0, 0, old.built)
        return State(generation, title, briefs, lines, False, time.perf_counter() - start, written, reused,
                     time.strftime("%H:%M:%S"), pending)

    def _build(self, audiences: list[str] | None, out: Path | None):
        try:
            p, outputs = build(self.dossier, audiences, None, out, self.jobs, self.pool, self.cache)
        except BrokenProcessPool:  # a worker was killed (out of memory ...): no new fork from a threaded process
            print("briefgen: a worker process ended; building in this process from now on", file=sys.stderr)
            self.pool, self.jobs = None, 1
            p, outputs = build(self.dossier, audiences, None, out, self.jobs, None, self.cache)
        files: dict[str, list[File]] = {}
        for o in outputs:
            try:
                data = o.path.read_bytes()
            except OSError as exc:  # removed meanwhile ...
                raise BriefgenError(f"cannot read {o.path}: {exc.strerror}") from None
            files.setdefault(o.audience, []).append(
                File(o.path.name, o.format, data, hashlib.sha256(data).hexdigest()[:16], o.pages))
        briefs = []
        for name, doc in p.documents.items():
            briefs.append(Brief(name, doc.meta.audience_label or name, doc.meta.marking,
                                len(p.selections[name].findings), doc.meta.language, doc.meta.direction,
                                tuple(files.get(name, ()))))
        return p.ev.dossier.title, tuple(briefs), list(p.ev.diagnostics.items)

    def _lint(self) -> list[Diagnostic]:
        """The evidence lint (a second load: a few milliseconds), which ``build`` does not run."""
        try:
            return list(load(self.dossier, lint=True).diagnostics.items)
        except BriefgenError as exc:
            return list(exc.diagnostics)

    def publish(self, state: State) -> State:
        with self.changed:
            self.state = state
            self.changed.notify_all()
            shown = [name for name, pages in self.watching.items() if pages > 0]
        if self.prepare is not None and shown:  # what those pages ask for first (their images ...), made now
            try:
                self.prepare(state, shown)
            except Exception:  # noqa: BLE001 -- a bug: the pages make it again, and say why
                traceback.print_exc(file=sys.stderr)
        return state

    def watch(self, audience: str, pages: int) -> None:
        """A page showing ``audience``'s brief opened (``pages`` 1) or closed (-1)."""
        with self.changed:
            self.watching[audience] += pages

    def wait(self, generation: int | None, timeout: float) -> State:
        """The state once its generation is not ``generation`` (at once if it is not), or after ``timeout``."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.state.generation != generation, timeout)
            return self.state

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def describe(d: Diagnostic, root: Path) -> str:
    """``FILE:LINE:COL: severity: message [rule]``, FILE relative to the dossier's folder."""
    where = ""
    if d.pos is not None:
        path = Path(d.pos.file)
        try:
            where = path.resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            where = str(path)
        if d.pos.line:
            where += f":{d.pos.line}" + (f":{d.pos.col}" if d.pos.col else "")
        where += ": "
    rule = f" [{d.rule}]" if d.rule else ""
    return f"{where}{d.severity}: {d.message}{rule}"

