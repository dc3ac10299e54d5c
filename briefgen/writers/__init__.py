"""One writer per format, each walking the same document tree. Imported lazily: a PDF-only build never
pays for python-docx, nor a Word-only build for ReportLab."""

from __future__ import annotations

import importlib

WRITERS = {"pdf": "briefgen.writers.pdf", "docx": "briefgen.writers.docx"}


def get_writer(fmt: str):
    """The ``write(document, theme) -> (bytes, pages | None)`` function for a format."""
    return importlib.import_module(WRITERS[fmt]).write
