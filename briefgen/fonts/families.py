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

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import BriefgenError
from .scripts import NEUTRAL, script

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


def check_font_file(path: Path) -> None:
    """A BriefgenError unless ``path`` is a TrueType font ReportLab can embed (not CFF-flavoured OpenType)."""
    from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

    try:
        TTFontFile(str(path))
    except (TTFError, OSError, ValueError, IndexError, KeyError, TypeError, AssertionError) as exc:
        raise BriefgenError(f"{path.name} is not a TrueType font briefgen can embed ({exc})") from None


def family(name: str, root: Path | None = None) -> Family:
    """A built-in family by name, or a TrueType file (.ttf) given by path, relative to the dossier."""
    if name in BUILTIN:
        return BUILTIN[name]
    if name.lower().endswith((".ttf", ".ttc", ".otf")):
        path = Path(name) if root is None else (root / name)
        if not path.is_file():
            raise BriefgenError(f"font file not found: {name}")
        return Family(path.stem, {"regular": ("", str(path.resolve()))}, licence_name="")
    raise BriefgenError(f"unknown font family '{name}' (built in: {', '.join(BUILTIN)}; or give a .ttf file)")


def file_path(fam: Family, style: str) -> Path:
    package, rel = fam.files.get(style) or fam.files["regular"]
    return Path(rel) if not package else fam.path(style)


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
                      coverage(str(file_path(fam, "regular"))))


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
