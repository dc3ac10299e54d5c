"""Streams as PDF/A requires them: ReportLab writes ``endstream`` right after a stream's data (which
``/Length`` counts exactly); PDF 32000-1, 7.3.8.1 wants an end of line before it, and PDF/A requires one.
Patched once, on import (``rlinternals/__init__.py``): the data and its ``/Length`` are unchanged.

The end of line is CR LF: compressed data may end with a CR byte, and a CR then an LF would read as one end
of line, taking the data's last byte with it (a validator then finds ``/Length`` one too long; the
property-based tests found a font that did it)."""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc

_rl_stream_format = pdfdoc.PDFStream.format


def _stream_format(self, document) -> bytes:
    out = _rl_stream_format(self, document)
    return out[:-len(b"endstream\n")] + b"\r\nendstream\n" if out.endswith(b"endstream\n") else out


pdfdoc.PDFStream.format = _stream_format
