"""Text as it is read: one normal form, and nothing a Word or PDF file cannot hold.

Every text value of a dossier passes through ``clean`` when its file is read:

- it is put in Unicode normal form C, so that an accent pasted as a separate combining mark (as macOS
  pastes "é" as "e" + U+0301) is one character that fonts draw in place;
- Word's line break (U+000B, which Word puts in copied text), the form feed, and the Unicode line and
  paragraph separators (U+2028, U+2029, U+0085) become line breaks;
- other control characters (U+0000 to U+001F except tab and line breaks, U+007F to U+009F), byte-order
  marks (U+FEFF) inside the text, unpaired surrogates and the non-characters U+FFFE and U+FFFF are removed:
  XML (so Word) forbids most of them and none of them prints. The caller reports what was removed.

Right-to-left marks, joiners and other format characters that shape or order text are kept.
"""

from __future__ import annotations

import re
import unicodedata

_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_REMOVED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
NAMES = {0xFEFF: "a byte-order mark", 0xFFFE: "a non-character", 0xFFFF: "a non-character"}


def clean(text: str) -> tuple[str, str]:
    """The text in NFC with line breaks unified and unprintable characters removed, and a description of
    what was removed ("" when nothing was)."""
    removed = ""
    if _REMOVED.search(text):
        found = sorted(set(_REMOVED.findall(text)))
        removed = ", ".join(f"U+{ord(c):04X} ({_name(c)})" for c in found)
        text = _REMOVED.sub("", text)
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, removed


def _name(c: str) -> str:
    code = ord(c)
    if code in NAMES:
        return NAMES[code]
    if 0xD800 <= code <= 0xDFFF:
        return "half of a surrogate pair"
    return "a control character"


def not_utf8(exc: UnicodeDecodeError) -> tuple[str, int, int]:
    """What to say about a file that is not UTF-8, and the line and column of its first bad byte (a file
    saved as Windows-1252 or Latin-1, mostly: the byte is shown as that would read it)."""
    data = exc.object
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Notepad's "Unicode"
        return "the file is saved as UTF-16: save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)", 1, 1
    line = data.count(b"\n", 0, exc.start) + 1
    col = len(data[data.rfind(b"\n", 0, exc.start) + 1:exc.start].decode("utf-8", "replace")) + 1
    guess = data[exc.start:exc.start + 1].decode("cp1252", "replace")
    return (f"not UTF-8 text (byte 0x{data[exc.start]:02X}, '{guess}' in Windows-1252): save the file as UTF-8 "
            "(in most editors: Save As, Encoding: UTF-8)", line, col)


def without_bom(data: bytes) -> bytes:
    """A file's bytes without the byte-order mark Windows editors put first, and in UTF-8 where it was saved
    as UTF-16 (Notepad's "Unicode"): for readers that take the mark for text (Babel's PO reader took it for a
    keyword)."""
    import codecs

    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16").encode("utf-8")
    return data
