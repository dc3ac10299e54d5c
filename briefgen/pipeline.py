"""Run the pipeline: load → select → render → write, for each audience and format.

Everything is loaded, selected, rendered and written in memory first; only when every output is ready are
the files written, each to a temporary file in the output folder and then renamed over the old one. A
failed build leaves earlier outputs as they were and no half-written file.
"""

from __future__ import annotations

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from .atomic import write_files
from .budget import fit_budget
from .drawable import undrawable_warnings
from .errors import BriefgenError, Diagnostic, Diagnostics
from .jobs import Job, default_jobs, run_jobs, share, start_pool, worth_sharing, write_one
from .load import Evidence, load
from .load.theme import check_theme
from .render import build_time, genre_problems, render
from .select import Selection, rests_on_dropped, select, stale_translations
from .tree import Document


class UsageError(Exception):
    """A command-line mistake (an audience or format the dossier does not have): exit status 2."""


@dataclass
class Output:
    audience: str
    format: str
    path: Path
    pages: int | None
    findings: int
    citations: int
    sources: int
    marking: str


@dataclass
class Plan:
    ev: Evidence
    selections: dict[str, Selection]
    documents: dict[str, Document]
    formats: dict[str, list[str]] = field(default_factory=dict)
    created: object = None  # the build time every document carries


class WriteCache:
    """What the writers made in the builds of one long-lived process (``briefgen preview``), by a digest of
    what each was given: a build given the same again reuses the bytes, and rewrites no file that already
    holds its bytes. The digest covers the document (which carries the SHA-256 of every file of the dossier,
    so its images, attachments, house-style .docx and fonts too), the theme and the formats; it leaves out
    the build time (without SOURCE_DATE_EPOCH every build has its own): a brief whose content has not changed
    keeps the file, and the time, of the build that made it. Entries live for two builds (an edit undone
    finds its brief again)."""

    def __init__(self):
        self.entries: dict[str, object] = {}
        self.recent: list[set[str]] = []  # the digests the last two builds used
        self.hits = 0  # writer jobs the last build took from here
        self.ran = 0  # writer jobs the last build ran
        self._part: set[str] | None = None  # the digests of a build that is part of the next (``part``)
        self._early: set[str] = set()  # ... once it is done
        self.written: list[Path] = []  # the files the last build wrote (the others held their bytes already)

    @staticmethod
    def digest(doc: Document, theme, *given) -> str:
        """By value: the tree's dataclasses print every field (a pickle would differ with which objects are
        shared, from one build to the next)."""
        text = repr((given, replace(doc, meta=replace(doc.meta, created=None)))) + theme.model_dump_json()
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def keep(self, digests) -> None:
        if self._part is not None:  # a part of the next build: nothing dropped before that build
            self._part |= set(digests)
            return
        self.recent = [*self.recent, set(digests) | self._early][-2:]
        self._early = set()
        live = set().union(*self.recent)
        self.entries = {k: v for k, v in self.entries.items() if k in live}

    @contextmanager
    def part(self):
        """The builds inside are a part of the next one (the briefs a page shows, built before the others):
        their entries live as long as that build's."""
        self._part = set()
        try:
            yield
        finally:
            self._early |= self._part
            self._part = None


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


@contextmanager
def settled():
    """Load, select and render make objects that live as long as the build (the evidence, the document
    trees), and few cycles: no cycle collection while they are made (at 10,000 findings every full
    collection during the plan freed nothing); then all of it is frozen (``gc.freeze``), so that the
    writers' collections do not walk it again. Not collected first: that collection walked everything to
    free a few dozen objects (0.38 s at 3,000 findings, 17 ms for the sample); what the plan left in cycles
    is collected after ``gc.unfreeze``, when the build is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def plan(path: Path, audiences: list[str] | None = None, formats: list[str] | None = None,
         lint: bool = False) -> Plan:
    """Load, select and render every requested audience (no files written); ``lint`` runs the evidence rules."""
    ev = load(path, lint)
    known = ev.dossier.audiences
    names = list(dict.fromkeys(audiences)) if audiences else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UsageError(f"unknown audience '{unknown[0]}' (this dossier has: {', '.join(known)})")
    for name in names if formats else ():  # "-a press -f pdf" where the press release is a Word file only
        if audiences and not set(known[name].formats) & set(formats):
            raise UsageError(f"audience '{name}' has no {' or '.join(formats)} file (its formats: "
                             f"{', '.join(known[name].formats)})")
    if formats and not any(set(known[n].formats) & set(formats) for n in names):
        raise UsageError(f"no audience of this dossier has a {' or '.join(formats)} file")
    created = build_time()
    selections, documents, fmts = {}, {}, {}
    diags = Diagnostics(list(ev.diagnostics.items))
    for name in names:
        try:
            sel = select(ev, name)
            diags.items += rests_on_dropped(ev, sel) + genre_problems(ev, sel)
            for d in stale_translations(sel):  # the lint's warning at the same place becomes this error
                diags.items = [x for x in diags.items if not (x.severity == "warning" and x.rule == d.rule
                                                              and x.pos == d.pos)] + [d]
            documents[name] = render(ev, sel, created)
            selections[name] = sel
        except BriefgenError as exc:
            for d in exc.diagnostics:  # a problem with no place of its own is the audience's
                diags.items.append(d if d.pos else Diagnostic(d.severity, f"audience '{name}': {d.message}",
                                                              known[name].pos(), d.rule))
            continue
        wanted = [f for f in known[name].formats if not formats or f in formats]
        fmts[name] = wanted
    diags.raise_if_errors()
    ev.diagnostics.items = diags.items  # the warnings found here too (a language without a catalogue ...)
    return Plan(ev, selections, documents, fmts, created)


def build(path: Path, audiences=None, formats=None, out: Path | None = None,
          jobs: int | None = None, pool=None, cache: WriteCache | None = None) -> tuple[Plan, list[Output]]:
    """Build every requested brief. With ``jobs`` > 1 the writers run in forked worker processes (see
    ``jobs.py``); a caller may start that pool itself, earlier, and pass it in (it then shuts it down
    itself). A process that builds again and again passes a ``WriteCache``."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    own_pool = pool is None and jobs > 1
    if own_pool:
        pool = start_pool(jobs, formats, dossier=path)
    try:
        with settled():
            p = plan(path, audiences, formats)
        theme = check_theme(p.ev.root)
        undrawable_warnings(p.ev.root, p.documents, theme, p.ev.diagnostics)
        # A large plan: fork the workers again, now, so that they inherit the documents.
        if own_pool and pool is not None and worth_sharing(p.documents.values()):
            pool.shutdown(cancel_futures=True)
            pool = None
            results = produce(p, theme, None, cache, fork=jobs)
        else:
            results = produce(p, theme, pool, cache)
    finally:
        gc.unfreeze()  # what the plan made may be collected again (a caller that builds many times)
        if own_pool and pool is not None:
            pool.shutdown(cancel_futures=True)
    out_dir = Path(out) if out else p.ev.root / "build"
    rendered: list[tuple[Output, bytes]] = []
    for name, doc in p.documents.items():
        sel = p.selections[name]
        for fmt in p.formats[name]:
            data, pages, warnings = results[(name, fmt)]
            target = out_dir / f"{p.ev.dossier.id}-{name}.{fmt}"
            for message in warnings:  # about the file itself (a font left out of it): the theme's to change
                p.ev.diagnostics.warning(f"{target.name}: {message}", theme.fonts.pos(), "docx-fonts")
            rendered.append((Output(name, fmt, target, pages, len(sel.findings), doc.citations,
                                    len(doc.sources_cited), doc.meta.marking), data))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefgenError(f"cannot create output folder {out_dir}: {exc.strerror}")
    files = [(o.path, data) for o, data in rendered]
    if cache is not None:  # a file that holds these bytes already is left alone
        files = [(target, data) for target, data in files if not _holds(target, data)]
        cache.written = [target for target, _ in files]
    write_files(files)
    return p, [o for o, _ in rendered]


def produce(p: Plan, theme, pool=None, cache: WriteCache | None = None, fork: int = 0) -> dict:
    """Write every brief of a plan in memory: ``{(audience, format): (bytes, pages)}``. A brief with a page
    budget is fitted first, in a PDF job (``p`` then holds its fitted selection and document), and its Word
    file written from what fitted. Raises ``BriefgenError`` with every writer's error once all have run. With
    a ``cache``, a job given what an earlier build's was is not run again. With ``fork`` (a number of
    workers) and no ``pool``, workers are forked now and inherit the jobs (``jobs.share``)."""
    budgeted = [n for n in p.documents if p.ev.dossier.audiences[n].page_budget]
    tasks = [(name, fmt) for name in p.documents if name not in budgeted for fmt in p.formats[name]]
    # Largest first, so that workers finish together; a brief with a page budget (fitted, then written:
    # the longest) before them.
    tasks.sort(key=lambda t: (t[1] != "pdf", -len(p.documents[t[0]].blocks)))
    digest = (lambda doc, *given: cache.digest(doc, theme, *given)) if cache is not None else (lambda *_: None)
    jobs = [Job(n, "pdf", fit_budget, (p.ev, n, p.selections[n], p.documents[n], theme, p.created),
                makes="docx" if "docx" in p.formats[n] else None, digest=digest(p.documents[n], "fit"))
            for n in budgeted]
    jobs += [Job(t, t[1], write_one, (t[1], p.documents[t[0]], theme), digest=digest(p.documents[t[0]], t[1]))
             for t in tasks]
    done: list = []

    def then(job: Job, value) -> list[Job]:  # a fitted brief's Word file, from the document that fitted
        if not job.makes:
            return []
        return _uncached([Job((job.key, "docx"), "docx", write_one, ("docx", value[1], theme),
                              digest=digest(value[1], "docx"))], cache, done)

    if cache is not None:
        cache.hits = 0
    jobs = _uncached(jobs, cache, done, then)
    shared = fork > 1 and len(jobs) > 1
    if shared:  # workers forked now inherit the jobs: nothing is pickled to them, only the files back
        share(jobs, release=None if budgeted else partial(_let_go, p))
        pool = start_pool(min(fork, len(jobs)), sorted({f for fs in p.formats.values() for f in fs}))
    try:
        done += run_jobs(jobs, pool, then)
    finally:
        if shared:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
            share([])
    if cache is not None:
        cache.ran = len(done) - cache.hits
        cache.entries.update((job.digest, value) for job, value, error in done if error is None and job.digest)
        cache.keep([job.digest for job, _, _ in done if job.digest])
    results, diags = {}, Diagnostics()
    for job, value, error in done:
        name = job.key if isinstance(job.key, str) else job.key[0]
        if error is not None:
            aud = p.ev.dossier.audiences[name]
            for d in error.diagnostics:
                diags.items.append(d if d.pos else Diagnostic(d.severity, f"audience '{name}': {d.message}",
                                                              aud.pos(), d.rule))
        elif isinstance(job.key, str):  # fitted to its budget: the selection and document that fit
            p.selections[name], p.documents[name], pdf = value
            if "pdf" in p.formats[name]:
                results[(name, "pdf")] = pdf
        else:
            results[job.key] = value
    diags.raise_if_errors()
    return results


def _let_go(p: Plan) -> None:
    """In a worker forked to write a plan's documents (none fitted to a budget: those jobs need the
    evidence): drop the evidence and the selections, which only the parent uses after. At 10,000 findings
    that is about a third of what the worker inherits, and its peak of memory is that much lower."""
    p.ev, p.selections = None, {}


def _uncached(jobs: list[Job], cache: WriteCache | None, done: list, then=None) -> list[Job]:
    """The jobs ``cache`` has no result for (by their digests); the results it has go to ``done``, with those
    of the jobs they make possible (``then``)."""
    if cache is None:
        return jobs
    todo = []
    for job in jobs:
        if job.digest not in cache.entries:
            todo.append(job)
            continue
        cache.hits += 1
        done.append((job, cache.entries[job.digest], None))
        if then is not None:
            todo += then(job, cache.entries[job.digest])
    return todo


def final(ev: Evidence, name: str) -> tuple[Selection, Document]:
    """What one audience's brief holds once built: selected, rendered, and fitted to its page budget."""
    sel = select(ev, name)
    doc = render(ev, sel)
    if ev.dossier.audiences[name].page_budget:
        sel, doc, _ = fit_budget(ev, name, sel, doc, check_theme(ev.root), doc.meta.created)
    return sel, doc


def check(path: Path, jobs: int | None = None) -> Diagnostics:
    """A complete dry run: validate and lint the dossier, render every audience, and write every brief in
    memory (fonts, images, layout, page budgets, the writers' own checks), writing no file; return every
    diagnostic."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    pool = start_pool(jobs) if jobs > 1 else None
    diags = Diagnostics()
    try:
        with settled():  # as in build: no collections while the plan is made, then what it made frozen
            p = plan(path, lint=True)
        diags.items += p.ev.diagnostics.items
        theme = check_theme(p.ev.root)
        undrawable_warnings(p.ev.root, p.documents, theme, diags)
        if pool is not None and worth_sharing(p.documents.values()):  # as in build: forked now, they inherit
            pool.shutdown(cancel_futures=True)
            pool = None
            produce(p, theme, None, fork=jobs)
        else:
            produce(p, theme, pool)
    except BriefgenError as exc:
        diags.items += [d for d in exc.diagnostics if d not in diags.items]
    finally:
        gc.unfreeze()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return diags
