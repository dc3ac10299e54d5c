"""How ReportLab writes the file's objects, patched once, on import (``rlinternals/__init__.py``).

Streams as PDF/A requires them: ReportLab writes ``endstream`` right after a stream's data (which
``/Length`` counts exactly); PDF 32000-1, 7.3.8.1 wants an end of line before it, and PDF/A requires one.
Patched once, on import (``rlinternals/__init__.py``): the data and its ``/Length`` are unchanged.

The end of line is CR LF: compressed data may end with a CR byte, and a CR then an LF would read as one end
of line, taking the data's last byte with it (a validator then finds ``/Length`` one too long; the
property-based tests found a font that did it)."""

from __future__ import annotations

import io
import re

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
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


# ReportLab writes the file object by object through general machinery: an indirect-object wrapper made for
# each, its header through the codec, the file's ``add``, and a cross-reference table built line by line with
# checks. A tagged brief has three times the objects of an untagged one (a structure element per paragraph,
# note and link), and that machinery was about 4% of the PDF stage. Written here in one loop, to the same
# bytes (a test compares whole files with ReportLab's own way); with PDF comments asked for (not invariant),
# or objects whose numbers are not 1, 2, 3 ... in order, ReportLab's own way is taken.
_rl_document_format = pdfdoc.PDFDocument.format


def _document_format(self) -> bytes:
    if not rl_config.invariant and rl_config.pdfComments:
        return _rl_document_format(self)
    self.encrypt.prepare(self)
    cat, info = self.Catalog, self.info
    self.Reference(cat)
    self.Reference(info)
    encryptinfo = self.encrypt.info()
    encryptref = self.Reference(encryptinfo) if encryptinfo else None
    number_to_id, numbers, objects, offsets = (self.numberToId, self.idToObjectNumberAndVersion, self.idToObject,
                                               self.idToOffset)
    register, PDFObject, fmt = self.encrypt.register, pdfdoc.PDFObject, pdfdoc.format
    self.__accum__ = file = pdfdoc.PDFFile(self._pdfVersion)  # objects may look at where they are in the file
    signed = bool(getattr(self, "_digiSigs", None))  # a signature reads the parts: they are kept, then joined
    out = None if signed else io.BytesIO(b"".join(file.strings))
    if out is not None:  # each part written as it is made, not kept for a join: the file is in memory once
        out.seek(0, io.SEEK_END)
        file.strings, file.write = [], out.write
    write = file.write
    ids, xref = [], [b"0000000000 65535 f "]
    counter = 0
    while True:  # objects may register more objects as they are written
        counter += 1
        oid = number_to_id.get(counter)
        if oid is None:
            break
        n, v = numbers[oid]
        register(n, v)
        obj = objects[oid]
        body = obj.format(self) if isinstance(obj, PDFObject) else fmt(obj, self, toplevel=1)
        head, tail = b"%d %d obj\n" % (n, v), b"endobj\n" if body.endswith(b"\n") else b"\nendobj\n"
        offset = file.offset
        offsets[oid] = offset
        file.offset = offset + len(head) + len(body) + len(tail)
        write(head)  # written as made: a stream's data is copied once, into the file
        write(body)
        write(tail)
        ids.append(oid)
        xref.append(b"%010d %05d n " % (offset, v) if n == counter else None)
    del self.__accum__
    count = len(number_to_id)
    if counter - 1 != count:
        raise ValueError(f"counter {counter} doesn't match number to id dictionary {count}")
    if None in xref:  # numbers out of order: ReportLab's table, with its checks
        table = pdfdoc.PDFCrossReferenceTable()
        table.addsection(0, ids)
        start = file.add(table.format(self))
    else:
        start = file.add(b"xref\n0 %d\n" % (count + 1) + b"\n".join(xref) + b"\n")
    trailer = pdfdoc.PDFTrailer(startxref=start, Size=count + 1, Root=self.Reference(cat), Info=self.Reference(info),
                                Encrypt=encryptref, ID=self.ID())
    file.add(trailer.format(self))
    for signature in getattr(self, "_digiSigs", []):
        signature.sign(file)
    return file.format(self) if out is None else out.getvalue()  # the buffer itself, not a copy


if ({"numberToId", "idToOffset", "PDFIndirectObject", "PDFCrossReferenceTable", "PDFTrailer", "sign"}
        <= set(_rl_document_format.__code__.co_names)
        and {"register", "endswith"} <= set(pdfdoc.PDFIndirectObject.format.__code__.co_names)):
    pdfdoc.PDFDocument.format = _document_format  # the ReportLab this was written against (a test compares)


# An outline entry (one per heading) and a place links and entries lead to (one per heading and note): ReportLab
# makes a dictionary or an array of objects for each, to format it at once. Written here to the same bytes
# (a test compares whole files); with multi-line formatting asked for (``rl_config.pdfMultiLine``), or other
# values than numbers where numbers stand, ReportLab's own way is taken.
_rl_outline_format = pdfdoc.OutlineEntryObject.format
_rl_xyz_format = pdfdoc.PDFDestinationXYZ.format
_NUMBERS = (int, float)


def _outline_format(self, document) -> bytes:
    if rl_config.pdfMultiLine:
        return _rl_outline_format(self, document)
    fmt = pdfdoc.format
    entries = [(b"/Count", self.Count), (b"/Dest", self.Dest), (b"/First", self.First), (b"/Last", self.Last),
               (b"/Next", self.Next), (b"/Parent", self.Parent), (b"/Prev", self.Prev)]  # sorted, as ReportLab sorts
    parts = [key + b" " + fmt(value, document) for key, value in entries
             if value is not None or key in (b"/Dest", b"/Parent")]
    parts.append(b"/Title " + fmt(pdfdoc.PDFString(self.Title), document))
    for i in reversed(range(6, len(parts), 6)):  # ReportLab breaks the line every six entries
        parts.insert(i, b"\n ")
    return b"<<\n" + b" ".join(parts) + b"\n>>"


def _xyz_format(self, document) -> bytes:
    numbers = (self.left, self.top, self.zoom)
    if rl_config.pdfMultiLine or not all(type(v) in _NUMBERS for v in numbers):
        return _rl_xyz_format(self, document)
    return b"[ " + document.Reference(self.page).format(document) + b" /XYZ " + fp_str(*numbers).encode() + b" ]"


if ({"PDFString", "Parent", "Dest", "PDFDictionary"} <= set(_rl_outline_format.__code__.co_names)
        and {"Reference", "PDFArray", "PDFName", "typename"} <= set(_rl_xyz_format.__code__.co_names)):
    pdfdoc.OutlineEntryObject.format = _outline_format  # the ReportLab this was written against (a test compares)
    pdfdoc.PDFDestinationXYZ.format = _xyz_format
