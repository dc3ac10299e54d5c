"""What makes the PDF a PDF/A-3 file besides its tags and XMP: an output intent, so that its colours
(DeviceRGB) have a defined meaning for the archive, and its embedded source files declared as associated
files of the document (``/AF``, each with its MIME type and date), so that an archived brief carries its
evidence.

The output intent's ICC profile is sRGB as LittleCMS (through Pillow, already a dependency) builds it: no
file shipped, no licence to carry ("No copyright, use freely", says the profile itself). Its creation date
is the build's, so that builds stay byte-identical with ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime as dt
import struct
from functools import lru_cache

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

from .rlinternals import pdf_document, set_catalogue

SRGB = "sRGB IEC61966-2.1"


@lru_cache(maxsize=1)
def srgb_base() -> bytes:
    """The sRGB ICC profile LittleCMS builds (through Pillow), as it dates it."""
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@lru_cache(maxsize=8)
def srgb_profile(created: dt.datetime) -> bytes:
    """An sRGB ICC profile whose header carries ``created`` (ICC.1, 7.2.8: six big-endian numbers)."""
    data = bytearray(srgb_base())
    when = created.astimezone(dt.timezone.utc)
    data[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
    data[84:100] = bytes(16)  # no profile id: it would be an MD5 over the header as it was
    return bytes(data)


def output_intent(canv, created: dt.datetime | None) -> None:
    """The catalogue's ``/OutputIntents``: sRGB, for PDF/A (``GTS_PDFA1``)."""
    doc = pdf_document(canv)
    created = created or dt.datetime.now(dt.timezone.utc)
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(created.replace(microsecond=0)))
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(SRGB), "Info": PDFString(SRGB),
        "DestOutputProfile": doc.Reference(profile),
    })
    set_catalogue(canv, OutputIntents=PDFArray([intent]))
