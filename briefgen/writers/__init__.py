"""One writer per format, each walking the same document tree. Imported lazily: a PDF-only build never
pays for python-docx, nor a Word-only build for ReportLab."""

from __future__ import annotations

import importlib
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
