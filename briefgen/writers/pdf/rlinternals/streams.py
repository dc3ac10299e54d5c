"""How ReportLab writes the file's objects, patched once, on import (``rlinternals/__init__.py``).

Streams as PDF/A requires them: ReportLab writes ``endstream`` right after a stream's data (which
``/Length`` counts exactly); PDF 32000-1, 7.3.8.1 wants an end of line before it, and PDF/A requires one.
Patched once, on import (``rlinternals/__init__.py``): the data and its ``/Length`` are unchanged.

The end of line is CR LF: compressed data may end with a CR byte, and a CR then an LF would read as one end
of line, taking the data's last byte with it (a validator then finds ``/Length`` one too long; the
property-based tests found a font that did it)."""

from __future__ import annotations

import re

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc

_rl_stream_format = pdfdoc.PDFStream.format


def _stream_format(self, document) -> bytes:
    out = _rl_stream_format(self, document)
    return out[:-len(b"endstream\n")] + b"\r\nendstream\n" if out.endswith(b"endstream\n") else out


pdfdoc.PDFStream.format = _stream_format


# ReportLab turns every string it writes into bytes with its PDFDocEncoding codec (``pdfdocEnc``), a
# Python-level codec, for each object's header, each reference, each content stream: about 5% of the PDF
# stage. ASCII text encodes to the same bytes in ASCII, but for the eight controls PDFDocEncoding leaves
# undefined (U+0018 to U+001F, an error there too: they go to the codec).
_PDFDOC_UNDEFINED = re.compile("[\x18-\x1f]")
_rl_pdfdoc_enc = pdfdoc.pdfdocEnc


def _pdfdoc_enc(x):
    if isinstance(x, str):
        if x.isascii() and not _PDFDOC_UNDEFINED.search(x):
            return x.encode("ascii")
        return x.encode("extpdfdoc")
    return x


if "extpdfdoc" in getattr(getattr(_rl_pdfdoc_enc, "__code__", None), "co_consts", ()):
    pdfdoc.pdfdocEnc = _pdfdoc_enc  # ReportLab's functions look it up in their module when they run

# ReportLab writes each key of each dictionary through PDFName, a loop over its characters, then its codec:
# a few dozen names, written tens of thousands of times (pages, annotations, outline entries). Written
# once per name here; the dictionary otherwise as ReportLab writes it.
_rl_dictionary_format = pdfdoc.PDFDictionary.format
_NAME_BYTES: dict = {}


def _dictionary_format(self, document, IND=b"\n "):
    d = self.dict
    keys = list(d.keys())
    if not isinstance(d, pdfdoc.OrderedDict):
        keys.sort()
    names, fmt = _NAME_BYTES, pdfdoc.format
    parts = []
    for k in keys:
        name = names.get(k)
        if name is None:
            name = names[k] = fmt(pdfdoc.PDFName(k), document)
        parts.append(name + b" " + fmt(d[k], document))
    if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
        joined = IND.join(parts)
    else:  # ReportLab breaks the line every six entries anyway
        for i in reversed(range(6, len(parts), 6)):
            parts.insert(i, b"\n ")
        joined = b" ".join(parts)
    return b"<<\n" + joined + b"\n>>"


if {"OrderedDict", "pdfMultiLine", "multiline"} <= set(_rl_dictionary_format.__code__.co_names):
    pdfdoc.PDFDictionary.format = _dictionary_format  # the ReportLab this was written against (a test compares)


# A text string of printable ASCII without parentheses or backslashes (a note's ID, a language tag, "Note 12")
# is written by ReportLab's PDFString as itself in parentheses; anything else goes through PDFString.
_PLAIN_TEXT = re.compile(r"[\x20-\x27\x2a-\x5b\x5d-\x7e]*")


def pdf_text(value: str, document) -> bytes:
    """A text string's bytes in the file, as ReportLab's ``PDFString`` writes them."""
    if _PLAIN_TEXT.fullmatch(value) and isinstance(document.encrypt, pdfdoc.NoEncryption):
        return b"(" + value.encode("ascii") + b")"
    return pdfdoc.format(pdfdoc.PDFString(value), document)
