"""Fonts: the families briefgen ships (through PyPI packages), and which font sets which character.

A theme names a main family and, per Unicode script, a fallback family. A character the main font has is
set in it; any other goes to the fallback of its script (``Arab`` for Uyghur, ``Hani`` for Chinese).
The built-in families are OFL-licensed and come with ``pip install``: PT Sans (static Regular, Bold,
Italic, Bold Italic), IBM Plex Sans Arabic (Regular, Bold; it covers Uyghur, and its shaped forms are whole
letters, which PDF text extraction can map back to characters) and Noto Sans SC. ReportLab reads TrueType outlines only and sees a
variable font at its default instance; Noto Sans SC's default is Thin, so its Regular instance is derived
(subset to the characters a build uses, then instantiated with fontTools) and cached on disk.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import BriefgenError

STYLES = ("regular", "bold", "italic", "bolditalic")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per family
class Family:
    name: str
    files: dict  # style -> (package, relative path); missing styles fall back to regular
    licence: tuple[str, str] | None = None  # (package, path): the licence ships with the font's package
    instance: tuple = ()  # axis values for the derived instance, e.g. (("wght", 400),)
    licence_name: str = "SIL Open Font License 1.1"

    def path(self, style: str = "regular") -> Path:
        package, rel = self.files.get(style) or self.files["regular"]
        try:
            return Path(str(resources.files(package).joinpath(rel)))
        except ModuleNotFoundError:
            raise BriefgenError(f"font family '{self.name}' needs the Python package '{package}' (pip install it)")


BUILTIN = {
    f.name: f
    for f in (
        Family("PT Sans", {
            "regular": ("fontpkg_pt_sans", "files/PT_Sans-Web-Regular.ttf"),
            "bold": ("fontpkg_pt_sans", "files/PT_Sans-Web-Bold.ttf"),
            "italic": ("fontpkg_pt_sans", "files/PT_Sans-Web-Italic.ttf"),
            "bolditalic": ("fontpkg_pt_sans", "files/PT_Sans-Web-BoldItalic.ttf"),
        }, licence=("fontpkg_pt_sans", "LICENSE")),
        Family("IBM Plex Sans Arabic", {
            "regular": ("fontpkg_ibm_plex_sans_arabic", "files/IBMPlexSansArabic-Regular.ttf"),
            "bold": ("fontpkg_ibm_plex_sans_arabic", "files/IBMPlexSansArabic-Bold.ttf"),
        }, licence=("fontpkg_ibm_plex_sans_arabic", "LICENSE")),
        Family("Noto Sans SC", {"regular": ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf")},
               licence=("justmytype_intl_cjk", "fonts/ofl/notosanssc/OFL.txt"), instance=(("wght", 400),)),
    )
}


def family(name: str, root: Path | None = None) -> Family:
    """A built-in family by name, or a TrueType file (.ttf) given by path, relative to the dossier."""
    if name in BUILTIN:
        return BUILTIN[name]
    if name.lower().endswith((".ttf", ".ttc")):
        path = Path(name) if root is None else (root / name)
        if not path.is_file():
            raise BriefgenError(f"font file not found: {name}")
        return Family(path.stem, {"regular": ("", str(path.resolve()))}, licence_name="")
    raise BriefgenError(f"unknown font family '{name}' (built in: {', '.join(BUILTIN)}; or give a .ttf file)")


def _file_path(fam: Family, style: str) -> Path:
    package, rel = fam.files.get(style) or fam.files["regular"]
    return Path(rel) if not package else fam.path(style)


@lru_cache(maxsize=4096)
def script(char: str) -> str:
    """The Unicode script code of a character (``Latn``, ``Arab``, ``Hani``, ``Zyyy`` for common ...)."""
    from fontTools import unicodedata

    return unicodedata.script(char)


RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Samr", "Mand", "Adlm", "Rohg"}
NEUTRAL = {"Zyyy", "Zinh", "Zzzz"}


def is_rtl(char: str) -> bool:
    return script(char) in RTL_SCRIPTS


@dataclass
class FontChoice:
    """Which family sets what: the main family and the fallbacks by script."""

    main: Family
    fallbacks: dict[str, Family] = field(default_factory=dict)  # script code -> family
    coverage: frozenset = frozenset()  # code points the main family has

    def fallback_for(self, char: str) -> Family | None:
        """None when the main family has the character; else the fallback of its script (if any)."""
        if ord(char) in self.coverage:
            return None
        return self.fallbacks.get(script(char))


@lru_cache(maxsize=16)
def coverage(path: str) -> frozenset:
    """The code points a font file maps (its cmap), read with ReportLab's own parser."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    return frozenset(TTFontFile(path).charToGlyph)


def choice(main: str, fallbacks: dict[str, str], root: Path | None = None) -> FontChoice:
    fam = family(main, root)
    return FontChoice(fam, {s: family(n, root) for s, n in fallbacks.items()},
                      coverage(str(_file_path(fam, "regular"))))


def cache_dir() -> Path | None:
    base = os.environ.get("BRIEFGEN_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "briefgen" / "fonts"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def font_bytes(fam: Family, style: str, chars: str) -> io.BytesIO | str:
    """What ReportLab should read for a family and style: the file itself, or, for a family that needs a
    derived instance, that instance subset to ``chars`` (from the cache when it was made before)."""
    path = _file_path(fam, style)
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
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, cached)
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


def segments(text: str, fonts: FontChoice) -> list[tuple[str, Family | None]]:
    """Split text into runs, each set in one family (None: the main one). A word that needs a fallback is
    kept whole in it, punctuation included, because shaping works word by word in one font."""
    import re

    out: list[tuple[str, Family | None]] = []
    for token in re.split(r"(\s+)", text):
        if not token:
            continue
        fams = [fonts.fallback_for(c) for c in token]
        needed = {f for f in fams if f is not None}
        if not needed:
            parts = [(token, None)]
        elif len(needed) == 1 and all(f is not None or script(c) in NEUTRAL for c, f in zip(token, fams)):
            parts = [(token, needed.pop())]
        else:
            parts = []
            for c, f in zip(token, fams):
                if parts and parts[-1][1] is f:
                    parts[-1] = (parts[-1][0] + c, f)
                else:
                    parts.append((c, f))
        for part in parts:
            if out and out[-1][1] is part[1]:
                out[-1] = (out[-1][0] + part[0], part[1])
            else:
                out.append(part)
    return out


@lru_cache(maxsize=16)
def glyph_texts(path: str) -> dict[str, str]:
    """For every glyph of a font, by name, the text it stands for: from the cmap, then through the GSUB
    substitutions that shaping applies (an initial form stands for its letter, a ligature for its letters).
    PDF text extraction and copy need this for glyphs that have no code point of their own."""
    import json

    cache = cache_dir()
    stat = Path(path).stat()
    key = hashlib.sha256(f"{Path(path).name}|{stat.st_size}|glyph-texts-1".encode()).hexdigest()[:32]
    cached = cache / f"{key}.json" if cache else None
    if cached and cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    texts = _trace_glyph_texts(path)
    if cached:
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(texts, fh, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, cached)
    return texts


def _trace_glyph_texts(path: str) -> dict[str, str]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    texts: dict[str, str] = {}
    for code, name in sorted(font.getBestCmap().items()):
        texts.setdefault(name, chr(code))
    if "GSUB" not in font:
        return texts
    lookups = font["GSUB"].table.LookupList.Lookup
    for _ in range(4):  # substitutions chain (a form of a form): a few passes reach a fixed point
        before = len(texts)
        for lookup in lookups:
            for sub in lookup.SubTable:
                sub = getattr(sub, "ExtSubTable", sub)
                kind = type(sub).__name__
                if kind == "SingleSubst":
                    for src, dst in sub.mapping.items():
                        if src in texts:
                            texts.setdefault(dst, texts[src])
                elif kind == "AlternateSubst":
                    for src, alts in sub.alternates.items():
                        for dst in alts:
                            if src in texts:
                                texts.setdefault(dst, texts[src])
                elif kind == "MultipleSubst":
                    for src, seq in sub.mapping.items():
                        if src in texts and seq:
                            texts.setdefault(seq[0], texts[src])
                elif kind == "LigatureSubst":
                    for first, ligs in sub.ligatures.items():
                        for lig in ligs:
                            parts = [first, *lig.Component]
                            if all(p in texts for p in parts):
                                texts.setdefault(lig.LigGlyph, "".join(texts[p] for p in parts))
        if len(texts) == before:
            break
    return texts
