"""Files embedded in the PDF: a source's attachment, which a reader can save from the attachments panel.

ReportLab has no API for embedded files, so this builds the objects of PDF 32000-1, 7.11.4 itself with
ReportLab's own object classes: an embedded file stream per file (with its MIME type, size and date), a file
specification naming it, with its SHA-256 in its description, and the catalog's ``/Names /EmbeddedFiles``
name tree listing them in name order. For PDF/A-3 each is also an associated file of the document
(``/AF``, ``/AFRelationship /Source``): the evidence the brief was made from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)

from ...errors import BriefgenError
from ...tree import Attachment
from .rlinternals import pdf_document, set_catalogue


def embed(canvas, files: list[Attachment], created: dt.datetime | None = None) -> None:
    """Add ``files`` to the document ``canvas`` is writing; call before the canvas is saved. ``created`` (the
    build time) is each file's date in the PDF, so that builds stay byte-identical."""
    if not files:
        return
    doc = pdf_document(canvas)
    when = (created or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    names: list = []
    taken: set[str] = set()
    for file in sorted(files, key=lambda f: (f.name.encode("utf-16-be"), f.source)):
        with open(file.path, "rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != file.sha256:  # the brief prints the digest it was built with
            raise BriefgenError(f"attachment {file.path} changed while the brief was being built; build again")
        name = _unique(file.name, taken)
        taken.add(name)
        stream = PDFStream(PDFDictionary({
            "Type": PDFName("EmbeddedFile"), "Subtype": _Name(_mime_name(file.name)),
            "Params": PDFDictionary({"Size": len(data), "ModDate": PDFString(when)}),
        }), data)
        spec = PDFDictionary({
            "Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
            "EF": PDFDictionary({"F": doc.Reference(stream)}),
            "Desc": PDFString(f"{file.description} (SHA-256 {file.sha256})"),
            "AFRelationship": PDFName("Source"),
        })
        names.append((name, doc.Reference(spec)))
    names.sort(key=lambda n: n[0].encode("utf-16-be"))  # a name tree lists its keys in order
    flat = [x for name, ref in names for x in (PDFString(name), ref)]
    set_catalogue(canvas, Names=PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(flat)})}),
                  AF=PDFArray([ref for _, ref in names]))


def _unique(name: str, taken: set[str]) -> str:
    """Two sources may attach files of one name; a reader saves each under its own ("protocol (2).pdf")."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    key, n = name, 1
    while key in taken:
        n += 1
        key = f"{stem} ({n}).{ext}" if ext else f"{stem} ({n})"
    return key


class _Name(PDFObject):
    """A name written as given, already escaped (ReportLab's ``PDFName`` escapes the ``#`` of an escape)."""

    def __init__(self, escaped: str):
        self.escaped = escaped

    def format(self, document) -> bytes:
        return b"/" + self.escaped.encode("ascii")


def _mime_name(name: str) -> str:
    """A file's MIME type as the name PDF writes (``application#2Fpdf``: a ``/`` inside a name is escaped)."""
    kind = mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"
    return re.sub(r"[^!-~]|[#/()<>\[\]{}%]", lambda m: "".join(f"#{b:02X}" for b in m.group().encode()), kind)
