"""Derived fonts, made with fontTools and cached on disk (``~/.cache/briefgen`` or ``$BRIEFGEN_CACHE``) so the
next build reads them back:

- for the PDF, a variable font's Regular instance (Noto Sans SC's default is Thin), subset to the characters
  a build uses (``font_bytes``);
- for the Word file, any face as one static TrueType font, whole or subset, to embed (``static_face``);
- what a font file is: its name and embedding permissions (``face_info``), and whether briefgen can embed it
  (``check_font_file``).
"""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from pathlib import Path

from ..errors import BriefgenError
from .cache import cache_dir, remembered, write_cached
from .families import Family, file_path


def font_bytes(fam: Family, style: str, chars: str) -> io.BytesIO | str:
    """What ReportLab should read for a family and style: the file itself, or, for a family that needs a
    derived instance, that instance subset to ``chars`` (from the cache when it was made before)."""
    path = file_path(fam, style)
    if not fam.instance:
        return str(path)
    chars = "".join(sorted(set(chars)))
    stat = path.stat()
    key = hashlib.sha256(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{fam.instance}|{chars}|3".encode()
                         ).hexdigest()[:32]
    cache = cache_dir()
    cached = cache / f"{key}.ttf" if cache else None
    if cached and cached.is_file():
        return io.BytesIO(cached.read_bytes())
    data = _derive(path, chars, dict(fam.instance))
    if cached:
        write_cached(cached, data)
    return io.BytesIO(data)


def static_face(fam: Family, style: str, chars: str | None) -> bytes:
    """One face of a family as a static TrueType font that Word and LibreOffice can embed: subset to ``chars``
    (without hinting: a subset is for showing the brief, not for setting type at 6 pt on old screens), or
    whole (``chars`` None, hinting kept). A variable font is pinned to the family's instance (Noto Sans SC:
    Regular) or its default one. Cached on disk like ``font_bytes``."""
    path = file_path(fam, style)
    text = None if chars is None else "".join(sorted(set(chars)))
    stat = path.stat()
    key = hashlib.sha256(f"{path.name}|{stat.st_size}|{stat.st_mtime_ns}|{fam.instance}|{text}|static-1".encode()
                         ).hexdigest()[:32]  # as ``remembered``: a font changed in place is another
    cache = cache_dir()
    cached = cache / f"{key}.static.ttf" if cache else None
    if cached and cached.is_file():
        return cached.read_bytes()
    data = _derive(path, text, dict(fam.instance), static=True)
    if cached:
        write_cached(cached, data)
    return data


def _derive(path: Path, chars: str | None, axes: dict, static: bool = False) -> bytes:
    """The font at ``path`` subset to ``chars`` (None: whole) and instantiated at ``axes``; ``static``: every
    axis pinned (the others at their defaults), so the result is no longer a variable font."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # fontTools says what it drops on the terminal ("FFTM NOT subset; don't know how to subset; dropped"):
    # tables a brief does not need, noise in the middle of a build's report
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    font = TTFont(str(path), lazy=chars is not None, recalcTimestamp=False)  # the file's dates: same bytes
    if chars is not None:
        options = subset.Options()
        options.layout_features = ["*"]  # keep what shaping needs
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = not static
        options.drop_tables += ["meta"]  # fontTools cannot subset it (language tags only)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=chars or " ")
        subsetter.subset(font)
    if static and "fvar" in font:  # Regular where the weight axis has it (Noto Sans Hebrew's default is Light)
        axes = {a.axisTag: axes.get(a.axisTag, 400 if a.axisTag == "wght" and a.minValue <= 400 <= a.maxValue
                                    else a.defaultValue) for a in font["fvar"].axes}
    if "fvar" in font and axes:
        font = instancer.instantiateVariableFont(font, axes, updateFontNames="STAT" in font and any(
            a.axisTag in axes and axes[a.axisTag] != a.defaultValue for a in font["fvar"].axes))
    font.recalcTimestamp = False
    if "OS/2" in font:  # fontTools sums it in set order, which varies with each process's hash seed
        font["OS/2"].recalcAvgCharWidth(font)
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def check_font_file(path: Path) -> None:
    """A BriefgenError unless ``path`` is one TrueType font (not CFF-flavoured OpenType, not a collection) that
    ReportLab can read and whose licence lets a PDF embed it."""
    import struct

    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile


    try:
        with open(path, "rb") as f:
            if f.read(4) == b"ttcf":
                raise BriefgenError(f"{path.name} is a font collection, several fonts in one file: give one of them "
                                    "as a .ttf file of its own")
        TTFontFile(str(path))
    except (TTFError, OSError, ValueError, IndexError, KeyError, TypeError, AssertionError, struct.error) as exc:
        raise BriefgenError(f"{path.name} is not a TrueType font briefgen can embed ({exc or type(exc).__name__})") \
            from None
    try:
        stat = path.stat()
        fs_type = face_info(str(path), (stat.st_size, stat.st_mtime_ns))[1]
    except Exception as exc:  # fontTools' errors on a file ReportLab read: its tables are damaged
        raise BriefgenError(f"{path.name} is not a TrueType font briefgen can embed ({exc or type(exc).__name__})") \
            from None
    if fs_type & 0x0002:  # OS/2 fsType: restricted licence embedding
        raise BriefgenError(f"{path.name}: its licence does not allow embedding it in a file (OS/2 fsType "
                            f"{fs_type:#06x}), and a PDF carries its fonts: choose another font")


@lru_cache(maxsize=64)
def face_info(path: str, stamp: tuple = ()) -> tuple[str, int]:
    """A font file's family name as Word and LibreOffice look it up (name ID 1, Windows platform first) and
    its embedding permissions (OS/2 ``fsType``: 2 forbids embedding, 0x100 subsetting, 0x200 outlines).
    Kept in the cache folder: reading them imports and runs fontTools' table parsers (about 40 ms). ``stamp``:
    the family's (``Family.stamp``)."""
    def read() -> list:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True, fontNumber=0)
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
        return [_family_name(font) or Path(path).stem, fs_type]

    name, fs_type = remembered(path, "face-info-1", read)
    return name, fs_type


@lru_cache(maxsize=64)
def word_name(fam: Family) -> str:
    """The name a Word file gives a family: the family name inside the static face it embeds (``static_face``;
    a variable font's default instance may be named "Light"), which is what the reader's Word or LibreOffice
    matches the document's font names against. Kept in the cache folder, as ``face_info``."""
    def read() -> str:
        from fontTools.ttLib import TTFont

        return _family_name(TTFont(io.BytesIO(static_face(fam, "regular", "")), lazy=True)) or fam.name

    return remembered(file_path(fam, "regular"), f"word-name-1|{sorted(dict(fam.instance).items())}", read)


def _family_name(font) -> str | None:
    names = font["name"]
    name = names.getName(1, 3, 1, 0x409) or names.getName(1, 3, 1) or names.getName(1, 1, 0, 0)
    return name.toUnicode() if name else None
