"""Derived font instances: a variable font's Regular instance (Noto Sans SC's default is Thin), subset to
the characters a build uses and instantiated with fontTools, then cached on disk (``~/.cache/briefgen`` or
``$BRIEFGEN_CACHE``) so the next build reads it back."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from .cache import cache_dir, write_cached
from .families import Family, file_path


def font_bytes(fam: Family, style: str, chars: str) -> io.BytesIO | str:
    """What ReportLab should read for a family and style: the file itself, or, for a family that needs a
    derived instance, that instance subset to ``chars`` (from the cache when it was made before)."""
    path = file_path(fam, style)
    if not fam.instance:
        return str(path)
    chars = "".join(sorted(set(chars)))
    stat = path.stat()
    key = hashlib.sha256(f"{path.name}|{stat.st_size}|{fam.instance}|{chars}|3".encode()).hexdigest()[:32]
    cache = cache_dir()
    cached = cache / f"{key}.ttf" if cache else None
    if cached and cached.is_file():
        return io.BytesIO(cached.read_bytes())
    data = _derive(path, chars, dict(fam.instance))
    if cached:
        write_cached(cached, data)
    return io.BytesIO(data)


def _derive(path: Path, chars: str, axes: dict) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(str(path), lazy=True, recalcTimestamp=False)  # keep the file's dates: same input, same bytes
    options = subset.Options()
    options.layout_features = ["*"]  # keep what shaping needs
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars or " ")
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, axes, updateFontNames=True)
    font.recalcTimestamp = False
    if "OS/2" in font:  # fontTools sums it in set order, which varies with each process's hash seed
        font["OS/2"].recalcAvgCharWidth(font)
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()
