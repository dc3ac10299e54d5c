"""Worker processes for the writers, and the jobs they run.

Each format has workers of its own (``Workers``), forked when a build starts: the PDF's import ReportLab,
the Word file's python-docx, while the parent process loads, selects and renders. When every worker imported
both writers, on two cores, those imports beside the parent's plan were what the first file waited for. A
job goes to a worker of its format; a worker whose format has no job left, and none to come, takes the other
format's (and imports that writer then). Each job's arguments are pickled to its worker.

A large build is handed over another way: its workers are forked once the plan is made, so they inherit the
jobs in memory (``share``), and a worker is told a job's number only (``run_shared``). At 10,000 findings a
document took 0.5 s to pickle and 1.6 s to read in each worker; forking costs a few milliseconds."""

from __future__ import annotations

import os
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable

FORMATS = ("pdf", "docx")


@dataclass(eq=False)
class Job:
    """One job of a build: ``fn(*args)`` in a worker that has the writer of ``fmt``. ``makes``: the format
    of the job its result makes possible (the Word file of a brief fitted to its page budget), if any."""

    key: Any
    fmt: str
    fn: Callable
    args: tuple
    makes: str | None = None
    digest: str | None = None  # what it is given, for a cache of results (``pipeline.WriteCache``)
    shared: int | None = None  # its number among the jobs workers inherit (``share``)


# The jobs of the build being written, for workers forked after the plan (``share``): they inherit it, and
# what else they may let go of once forked.
_SHARED: list[Job] = []
_RELEASE: list[Callable] = []
SHARE_ABOVE = 4_000  # blocks and notes in the plan's documents: above this, fork after planning


def share(jobs: list[Job], release: Callable | None = None) -> None:
    """Make ``jobs`` the ones workers forked from now on inherit; ``release``, if given, is called in each
    worker before its first job, to drop what the parent holds and the jobs do not need (the evidence)."""
    for i, job in enumerate(jobs):
        job.shared = i
    _SHARED[:] = jobs
    _RELEASE[:] = [release] if release is not None else []


def run_shared(index: int):
    """In a worker forked after ``share``: run the ``index``-th job it inherited (first letting go of what the
    jobs do not need: its memory is then the writer's to reuse, and what was wholly freed goes back)."""
    if _RELEASE:
        release = _RELEASE.pop()
        release()
        _give_back()
    job = _SHARED[index]
    return job.fn(*job.args)


def _libc_call(name: str, *args) -> bool:
    """Call the C library's function ``name`` (Linux's ``prctl``, glibc's ``malloc_trim``); False where the
    process has no such function (another system)."""
    import ctypes

    try:
        getattr(ctypes.CDLL(None, use_errno=True), name)(*args)
    except (OSError, AttributeError):
        return False
    return True


def _give_back() -> None:
    """Return the C heap's free memory to the system (glibc's ``malloc_trim``), where there is one."""
    _libc_call("malloc_trim", 0)


def outcome(call) -> tuple[Any, Exception | None]:
    """(``call()``, None), or (None, the ``BriefgenError`` it raised)."""
    from .errors import BriefgenError

    try:
        return call(), None
    except BriefgenError as exc:
        return None, exc


def run_jobs(jobs: list[Job], workers: Workers | None = None, then=None) -> list[tuple[Job, Any, Exception | None]]:
    """Run ``jobs`` on ``workers``, or here, one after the other, without: (job, value, ``BriefgenError`` or
    None) for each, in the order the jobs were given. ``then(job, value)`` returns the jobs a finished one makes
    possible (run after those given)."""
    if workers is not None:
        return workers.run(jobs, then)
    todo, done = deque(jobs), []
    while todo:
        job = todo.popleft()
        value, error = outcome(lambda: job.fn(*job.args))
        done.append((job, value, error))
        if error is None and then is not None:
            todo.extend(then(job, value))
    return done


class Workers:
    """Forked worker processes, a pool for each format (see the module). With ``every_writer`` (a process that
    builds again and again: the preview) each worker imports both writers, its own first, and an idle one
    takes the other format's jobs whenever there are some."""

    def __init__(self, jobs: int, formats=None, every_writer: bool = False, dossier=None):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        wanted = [f for f in FORMATS if not formats or f in formats] or list(FORMATS)
        if len(wanted) == 1 or jobs < 2:
            self.size = {wanted[0]: jobs} if len(wanted) == 1 else {"pdf": jobs}
        else:  # the PDF, which takes longer to write, gets the odd worker
            self.size = {"pdf": (jobs + 1) // 2, "docx": jobs // 2}
        self.every_writer = every_writer
        context = multiprocessing.get_context("fork")
        self.pools = {}
        with _interrupts_held():
            for fmt, n in self.size.items():
                warm = (fmt, *(f for f in wanted if f != fmt)) if every_writer else (fmt,)
                pool = ProcessPoolExecutor(n, mp_context=context, initializer=_warm,
                                           initargs=(warm, os.getpid(), dossier))
                for _ in range(n):
                    pool.submit(int)  # start every worker now (the pool forks on demand)
                self.pools[fmt] = pool

    def shutdown(self, cancel_futures: bool = True) -> None:
        for pool in self.pools.values():
            pool.shutdown(cancel_futures=cancel_futures)

    def _home(self, fmt: str) -> str:
        return fmt if fmt in self.pools else next(iter(self.pools))

    def run(self, jobs: list[Job], then=None) -> list[tuple[Job, Any, Exception | None]]:
        from concurrent.futures import FIRST_COMPLETED, wait

        queues: dict[str, deque] = {fmt: deque() for fmt in self.pools}
        order: dict[Job, int] = {}

        def queue(new) -> None:
            for job in new:
                order[job] = len(order)
                queues[self._home(job.fmt)].append(job)

        queue(jobs)
        busy = dict.fromkeys(self.pools, 0)
        running: dict = {}  # future -> (job, the pool it runs in)
        done = []
        while True:
            for steal in (False, True):  # each pool its own format's jobs first; then an idle one helps
                for fmt, pool in self.pools.items():
                    while busy[fmt] < self.size[fmt]:
                        job = self._next(fmt, queues, running.values()) if steal else \
                            (queues[fmt].popleft() if queues[fmt] else None)
                        if job is None:
                            break
                        call = (run_shared, job.shared) if job.shared is not None else (job.fn, *job.args)
                        running[pool.submit(*call)] = (job, fmt)
                        busy[fmt] += 1
            if not running:
                return sorted(done, key=lambda d: order[d[0]])
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: order[running[f][0]]):
                job, fmt = running.pop(future)
                busy[fmt] -= 1
                value, error = outcome(future.result)
                done.append((job, value, error))
                if error is None and then is not None:
                    queue(then(job, value))

    def _next(self, fmt: str, queues, running) -> Job | None:
        """A job of another format for an idle worker of ``fmt``: the last queued (the smallest); unless the
        worker would have to import that writer first while a job of its own format is still to come (a job
        queued or running makes one)."""
        homes = [self._home(job.makes) for q in queues.values() for job in q if job.makes] + \
                [self._home(job.makes) for job, _ in running if job.makes]
        if fmt in homes and not self.every_writer:
            return None
        other = next((q for f, q in queues.items() if f != fmt and q), None)
        return other.pop() if other else None


def worth_sharing(documents) -> bool:
    """Whether pickling ``documents`` to each worker would cost more than forking workers anew."""
    return sum(len(d.blocks) + len(d.notes) for d in documents) > SHARE_ABOVE


def default_jobs() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def write_one(fmt: str, doc, theme):
    """One brief in one format: a ``writers.Written``."""
    from .writers import get_writer

    return get_writer(fmt)(doc, theme)


@contextmanager
def _interrupts_held():
    """Ctrl+C held back while workers are forked: a worker forked as it came got it before it could ignore it,
    and printed a traceback. Each worker is born with it held, and lets it go once it ignores it
    (``_die_with``); here it is let go after the forks, and comes then, as Ctrl+C."""
    import signal

    held = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT}) if held else None
    try:
        yield
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with(parent: int) -> None:
    """Ask Linux to end this worker when its parent ends, however it ends (killed included)."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a task would catch its SystemExit
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle (each worker printed a traceback)
    if hasattr(signal, "pthread_sigmask"):  # held back since the fork (``_interrupts_held``): now ignored
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # PR_SET_PDEATHSIG: a worker has nothing to clean up (the parent writes)
    if not _libc_call("prctl", 1, signal.SIGKILL):
        return  # not Linux: the pool's own shutdown is all there is
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _warm(formats, parent: int, dossier=None) -> None:
    """Worker start-up: die with the parent; import the writers now, while the parent is still rendering,
    and with the ``dossier``'s path let them prepare what its theme alone decides (``_prepare``)."""
    from .writers import get_writer

    _die_with(parent)
    for fmt in formats or FORMATS:
        get_writer(fmt)
    if dossier is not None:
        _prepare(formats or FORMATS, dossier)


def _prepare(formats, dossier) -> None:
    """Each writer's work that depends on the theme alone (the PDF's main fonts parsed), done while the parent
    reads the dossier. A theme with a problem is the parent's to report: here it is only left unprepared."""
    from pathlib import Path

    from .load.paths import find_dossier_file
    from .load.theme import check_theme
    from .writers import get_preparer

    try:
        root = find_dossier_file(Path(dossier)).parent
        theme = check_theme(root)
        for fmt in formats:
            get_preparer(fmt)(theme, root)
    except Exception:  # noqa: BLE001 -- a head start only: the build does it all again, and reports
        return


def start_pool(jobs: int, formats=None, every_writer: bool = False, dossier=None) -> Workers | None:
    """``Workers``: ``jobs`` forked workers, all started now, shared among ``formats`` (both when None), each
    importing every writer with ``every_writer`` and preparing for the theme of ``dossier`` (a path) if given;
    None where fork is not available (spawning fresh interpreters would cost more than it saves)."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return Workers(jobs, formats, every_writer, dossier)
