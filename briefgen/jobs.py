"""Worker processes for the writers: forked when a build starts, they import ReportLab and python-docx
while the parent process loads, selects and renders."""

from __future__ import annotations

import os

FORMATS = ("pdf", "docx")


def default_jobs() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def write_one(fmt: str, doc, theme) -> tuple[bytes, int | None]:
    from .writers import get_writer

    return get_writer(fmt)(doc, theme)


def _warm(formats) -> None:
    """Worker start-up: import the writers now, while the parent process is still rendering."""
    from .writers import get_writer

    for fmt in formats or FORMATS:
        get_writer(fmt)


def start_pool(jobs: int, formats=None):
    """A pool of ``jobs`` forked workers, all started now; None where fork is not available."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # spawning fresh interpreters would cost more than it saves
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_warm,
                               initargs=(tuple(formats or ()),))
    for _ in range(jobs):
        pool.submit(int)  # start every worker now (the pool forks on demand)
    return pool
