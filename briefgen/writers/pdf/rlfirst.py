"""Imported before anything of ReportLab's (``writers/pdf/__init__.py``). ReportLab's Paragraph module
compiles, as it is imported, a pattern for web addresses whose character classes span most of Unicode
(``uri_pat``): about 20 ms of every process that writes a PDF, for a pattern ReportLab's Paragraph uses only
to check an address it is given to link, which briefgen's paragraphs seldom are. The pattern is compiled when
first used instead: ``re.compile`` is wrapped while that module is imported, for that one pattern, recognised
by how it starts (a ReportLab that changes it simply compiles it as before; ``tests/test_layout.py`` notices)."""

from __future__ import annotations

import re
import sys

URI_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how ReportLab's ``uri_pat`` starts


class OnFirstUse:
    """A compiled pattern, made when first used: any attribute (``match``, ``pattern`` ...) compiles it."""

    def __init__(self, compile_, pattern: str, flags):
        self._make = lambda: compile_(pattern, flags)
        self._compiled = None

    def __getattr__(self, name: str):
        if self._compiled is None:
            self._compiled = self._make()
        return getattr(self._compiled, name)


def import_paragraph() -> None:
    """Import ReportLab's Paragraph module (once), its address pattern left to be compiled when first used."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_ = re.compile

    def deferring(pattern, flags=0):
        if isinstance(pattern, str) and pattern.startswith(URI_START):
            return OnFirstUse(compile_, pattern, flags)
        return compile_(pattern, flags)

    re.compile = deferring
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = compile_


import_paragraph()
