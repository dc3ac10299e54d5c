"""One writer per format, each walking the same document tree. Imported lazily: a PDF-only build never
pays for python-docx, nor a Word-only build for ReportLab."""

from __future__ import annotations

import gc
import importlib
from contextlib import contextmanager
from typing import NamedTuple


class Written(NamedTuple):
    """What a writer returns: the file's bytes, its page count (None where the reader's program counts
    them: Word), and warnings about it for the build to report (a font left out of a Word file)."""

    data: bytes
    pages: int | None
    warnings: tuple[str, ...] = ()

WRITERS = {"pdf": "briefgen.writers.pdf", "docx": "briefgen.writers.docx"}


def get_writer(fmt: str):
    """The ``write(document, theme) -> Written`` function for a format."""
    return importlib.import_module(WRITERS[fmt]).write


def get_preparer(fmt: str):
    """The ``prepare(theme, root)`` function of a format's writer: what it can do before its first document
    (a worker waiting for the plan), or nothing."""
    return getattr(importlib.import_module(WRITERS[fmt]), "prepare", lambda theme, root=None: None)


@contextmanager
def without_cycle_collection():
    """Python's cyclic garbage collector off while a writer writes. A writer makes objects that live until
    the file is written (the PDF's words, lines, flowables and PDF objects; the Word file's XML elements and
    python-docx's proxies of them), and the collector walked them again and again as they piled up: in the
    PDF, about 430 collections, 0.15 s of a 1.5 s layout of 1,000 findings; in the sample's three Word
    files, 3% of their time. What is not in a cycle is freed as usual; the cycles left (ReportLab's document
    objects and the notes, about 110,000 objects at 1,000 findings; python-docx's parts and package) go in a
    later collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
