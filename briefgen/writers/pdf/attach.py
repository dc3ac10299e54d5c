"""Files embedded in the PDF: a source's attachment, which a reader can save from the attachments panel.

ReportLab has no API for embedded files, so this builds the objects of PDF 32000-1, 7.11.4 itself with
ReportLab's own object classes: an embedded file stream per file, a file specification naming it, and the
catalog's ``/Names /EmbeddedFiles`` name tree listing them in name order.
"""

from __future__ import annotations

import hashlib

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFStream,
    PDFString,
)

from ...errors import BriefgenError
from ...tree import Attachment
from .rlinternals import pdf_document


def embed(canvas, files: list[Attachment]) -> None:
    """Add ``files`` to the document ``canvas`` is writing; call before the canvas is saved."""
    if not files:
        return
    doc = pdf_document(canvas)
    names: list = []
    taken: set[str] = set()
    for file in sorted(files, key=lambda f: (f.name.encode("utf-16-be"), f.source)):
        with open(file.path, "rb") as fh:
            data = fh.read()
        if hashlib.sha256(data).hexdigest() != file.sha256:  # the brief prints the digest it was built with
            raise BriefgenError(f"attachment {file.path} changed while the brief was being built; build again")
        name = _unique(file.name, taken)
        taken.add(name)
        stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"),
                                          "Params": PDFDictionary({"Size": len(data)})}), data)
        spec = PDFDictionary({
            "Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
            "EF": PDFDictionary({"F": doc.Reference(stream)}), "Desc": PDFString(file.description),
            "AFRelationship": PDFName("Source"),
        })
        names.append((name, doc.Reference(spec)))
    names.sort(key=lambda n: n[0].encode("utf-16-be"))  # a name tree lists its keys in order
    flat = [x for name, ref in names for x in (PDFString(name), ref)]
    doc.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray(flat)})})


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
