"""Worker processes for the writers: forked when a build starts, they import ReportLab and python-docx
while the parent process loads, selects and renders; each task's document is pickled to its worker.

A large build is handed over another way: its workers are forked once the plan is made, so they inherit the
documents in memory (``share``), and a task names its job by number (``run_shared``). At 10,000 findings a
document took 0.5 s to pickle and 1.6 s to read in each worker; forking costs a few milliseconds."""

from __future__ import annotations

import os

FORMATS = ("pdf", "docx")


# The jobs of the build being written, for workers forked after the plan (``share``): they inherit it.
_SHARED: list = []
SHARE_ABOVE = 4_000  # blocks and notes in the plan's documents: above this, fork after planning


def share(jobs: list) -> None:
    """Make ``jobs`` ((key, function, arguments) ...) the ones workers forked from now on inherit."""
    _SHARED[:] = jobs


def run_shared(index: int):
    """In a worker forked after ``share``: run the ``index``-th job it inherited."""
    _, fn, args = _SHARED[index]
    return fn(*args)


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


def _die_with(parent: int) -> None:
    """Ask Linux to end this worker when its parent ends, however it ends (killed included)."""
    import ctypes
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: a task would catch its SystemExit
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: a worker has nothing to clean up (the parent writes)
    except (OSError, AttributeError):
        return  # not Linux: the pool's own shutdown is all there is
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def _warm(formats, parent: int) -> None:
    """Worker start-up: die with the parent; import the writers now, while the parent is still rendering."""
    from .writers import get_writer

    _die_with(parent)
    for fmt in formats or FORMATS:
        get_writer(fmt)


def start_pool(jobs: int, formats=None):
    """A pool of ``jobs`` forked workers, all started now; None where fork is not available."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # spawning fresh interpreters would cost more than it saves
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_warm,
                               initargs=(tuple(formats or ()), os.getpid()))
    for _ in range(jobs):
        pool.submit(int)  # start every worker now (the pool forks on demand)
    return pool
