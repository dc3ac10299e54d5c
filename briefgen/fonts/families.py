"""Fonts: the families briefgen ships (through PyPI packages), and which font sets which character.

A theme names a main family and, per Unicode script, a fallback family. A character the main font has is
set in it; any other goes to the fallback of its script (``Arab`` for Uyghur, ``Hani`` for Chinese).
The built-in families are OFL-licensed and come with ``pip install``: PT Sans (static Regular, Bold,
Italic, Bold Italic), IBM Plex Sans Arabic (Regular, Bold; it covers Uyghur, and its shaped forms are whole
letters, which PDF text extraction can map back to characters) and Noto Sans SC. ReportLab reads TrueType
outlines only and sees a variable font at its default instance; Noto Sans SC's default is Thin, so its Regular
instance is derived (subset to the characters a build uses, then instantiated with fontTools) and cached on
disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
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
    stamp: tuple = ()  # a dossier's font file: its size and time, when read (``family``); what is kept about it
    # in this process (its coverage, glyphs, parsed faces) is kept under them, and read again when they change

    def path(self, style: str = "regular") -> Path:
        package, rel = self.files.get(style) or self.files["regular"]
        try:
            return _resource(package, rel)
        except ModuleNotFoundError:
            raise BriefgenError(f"font family '{self.name}' needs the Python package '{package}' (pip install it)")


@lru_cache(maxsize=None)
def _resource(package: str, rel: str) -> Path:
    """A file of an installed package, found once (importlib.resources takes 40 µs a call, and a build of the
    sample asked about 3,000 times; a package missing raises, and is asked again)."""
    return Path(str(resources.files(package).joinpath(rel)))


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
        Family("IBM Plex Mono", {
            "regular": ("fontpkg_ibm_plex_mono", "files/IBMPlexMono-Regular.ttf"),
            "bold": ("fontpkg_ibm_plex_mono", "files/IBMPlexMono-Bold.ttf"),
            "italic": ("fontpkg_ibm_plex_mono", "files/IBMPlexMono-Italic.ttf"),
            "bolditalic": ("fontpkg_ibm_plex_mono", "files/IBMPlexMono-BoldItalic.ttf"),
        }, licence=("fontpkg_ibm_plex_mono", "LICENSE")),
        Family("Noto Sans SC", {"regular": ("justmytype_intl_cjk", "fonts/ofl/notosanssc/NotoSansSC[wght].ttf")},
               licence=("justmytype_intl_cjk", "fonts/ofl/notosanssc/OFL.txt"), instance=(("wght", 400),)),
        Family("Noto Sans KR", {"regular": ("justmytype_intl_cjk", "fonts/ofl/notosanskr/NotoSansKR[wght].ttf")},
               licence=("justmytype_intl_cjk", "fonts/ofl/notosanskr/OFL.txt"), instance=(("wght", 400),)),
        # Noto, as the manimgx-fonts package ships it (OFL; variable fonts whose default instance is Regular):
        # Latin, Greek and Cyrillic beyond PT Sans, symbols and arrows, monochrome emoji, and other scripts.
        Family("Noto Sans", {"regular": ("manimgx_fonts", "NotoSans[wght].ttf"),
                             "italic": ("manimgx_fonts", "NotoSans-Italic[wght].ttf")}),
        *(Family(f"Noto {name}", {"regular": ("manimgx_fonts", f"Noto{name.replace(' ', '')}[wght].ttf")})
          for name in ("Sans Symbols", "Emoji", "Sans Hebrew", "Sans Armenian", "Sans Georgian", "Sans Ethiopic",
                       "Sans Devanagari", "Sans Bengali", "Sans Gurmukhi", "Sans Gujarati", "Sans Oriya", "Sans Tamil",
                       "Sans Telugu", "Sans Kannada", "Sans Malayalam", "Sans Sinhala", "Sans Thai", "Sans Lao",
                       "Sans Myanmar", "Sans Khmer", "Sans Arabic")),
    )
}


def family(name: str, root: Path | None = None) -> Family:
    """A built-in family by name, or a TrueType file (.ttf) given by path, relative to the dossier."""
    if name in BUILTIN:
        return BUILTIN[name]
    if name.lower().endswith((".ttf", ".ttc", ".otf")):
        path = Path(name) if root is None else (root / name)
        if not path.is_file():
            raise BriefgenError(f"font file not found: {name}")
        stat = path.stat()
        return Family(path.stem, {"regular": ("", str(path.resolve()))}, licence_name="",
                      stamp=(stat.st_size, stat.st_mtime_ns))
    same = next((b for b in BUILTIN if "".join(b.split()).casefold() == "".join(name.split()).casefold()), None)
    if same:
        raise BriefgenError(f"unknown font family '{name}'; write '{same}', as the family is named")
    raise BriefgenError(f"unknown font family '{name}' (built in: {', '.join(BUILTIN)}; or give a .ttf file, "
                        "copied into the dossier folder: a font installed on this computer is not read)")


def file_path(fam: Family, style: str) -> Path:
    package, rel = fam.files.get(style) or fam.files["regular"]
    return Path(rel) if not package else fam.path(style)


@dataclass
class FontChoice:
    """Which family sets what: the main family, the fallbacks by script, and the families tried for any
    character those lack (``last``: symbols, arrows, emoji, Greek ...)."""

    main: Family
    fallbacks: dict[str, Family] = field(default_factory=dict)  # script code -> family
    coverage: frozenset = frozenset()  # code points the main family has
    last: tuple = ()  # families tried in order for a character neither the main nor its script's has
    _chosen: dict = field(default_factory=dict, repr=False)

    @cached_property
    def main_chars(self) -> frozenset:
        """What the main family sets, as characters (``coverage`` holds code points)."""
        return frozenset(map(chr, self.coverage))

    def fallback_for(self, char: str) -> Family | None:
        """None when the main family has the character; else the fallback of its script when that has it
        (for a character several scripts share, such as the Arabic comma, the first of their fallbacks
        that has it), else the first of the last-resort families that has it, else the first fallback of any
        script that has it, else the script's fallback."""
        if ord(char) in self.coverage:
            return None
        if char in self._chosen:
            return self._chosen[char]
        own = self.fallbacks.get(script(char))
        if own is None and script(char) == "Zyyy":  # punctuation some scripts share (the Arabic comma)
            own = next((self.fallbacks[s] for s in _shared_by(char) if s in self.fallbacks
                        and ord(char) in family_coverage(self.fallbacks[s])), None)
        found = own
        if (own is None or ord(char) not in family_coverage(own)) and self.last:
            found = next((f for f in self.last if ord(char) in family_coverage(f)), own)
        if found is None or ord(char) not in family_coverage(found):  # a common character no script claims
            # (the full-width comma, U+FF0C: Common, with no script extensions): any fallback that has it
            found = next((f for f in self.fallbacks.values() if ord(char) in family_coverage(f)), found)
        self._chosen[char] = found
        return found

    def can_draw(self, char: str) -> bool:
        """Whether some family of the choice has a glyph for the character."""
        fam = self.fallback_for(char)
        return ord(char) in (self.coverage if fam is None else family_coverage(fam))


def _shared_by(char: str) -> tuple[str, ...]:
    """The scripts a common character is used with (Unicode's Script_Extensions), sorted."""
    from fontTools import unicodedata

    return tuple(sorted(unicodedata.script_extension(char) - {"Zyyy", "Zinh"}))


@lru_cache(maxsize=32)
def coverage(path: str, stamp: tuple = ()) -> frozenset:
    """The code points a font file maps (its cmap), read with ReportLab's own parser, and kept in the cache
    folder as ranges (a large font's cmap takes longer to parse than to read back). ``stamp``: the family's."""
    from .cache import remembered

    def ranges() -> list[list[int]]:
        from reportlab.pdfbase.ttfonts import TTFontFile

        out: list[list[int]] = []
        for c in sorted(TTFontFile(path).charToGlyph):
            if out and out[-1][1] == c - 1:
                out[-1][1] = c
            else:
                out.append([c, c])
        return out

    return frozenset(c for lo, hi in remembered(path, "coverage-2", ranges) for c in range(lo, hi + 1))


def family_coverage(fam: Family) -> frozenset:
    return coverage(str(file_path(fam, "regular")), fam.stamp)


def choice(main: str, fallbacks: dict[str, str], root: Path | None = None, last=()) -> FontChoice:
    fam = family(main, root)
    return FontChoice(fam, {s: family(n, root) for s, n in fallbacks.items()}, family_coverage(fam),
                      tuple(family(n, root) for n in last))


def _one_family(token: str, fonts: FontChoice, needed: set) -> Family | None:
    """A fallback family that has every character of a word holding combining marks, if there is one."""
    import unicodedata

    if not any(unicodedata.category(c) in ("Mn", "Mc", "Me") for c in token):
        return None
    codes = {ord(c) for c in token}
    for fam in [*sorted(needed, key=lambda f: f.name), *fonts.last]:
        if codes <= family_coverage(fam):
            return fam
    return None


def undrawable(text: str, fonts: FontChoice) -> list[str]:
    """The characters of ``text`` that no family of ``fonts`` has (spaces, controls and format characters,
    which draw nothing, aside): they would print as empty boxes."""
    import unicodedata

    out = []
    for c in sorted(set(text)):
        if c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"):
            continue
        if not fonts.can_draw(c):
            out.append(c)
    return out


def segments(text: str, fonts: FontChoice) -> list[tuple[str, Family | None]]:
    """Split text into runs, each set in one family (None: the main one). A word that needs a fallback is
    kept whole in it, punctuation included, because shaping works word by word in one font; but a character
    the fallback lacks (a colon before an emoji in Noto Emoji) stays in the main font, or it would print as
    the fallback's empty box."""
    import re

    out: list[tuple[str, Family | None]] = []
    for token in re.split(r"(\s+)", text):
        if not token:
            continue
        fams = [fonts.fallback_for(c) for c in token]
        needed = {f for f in fams if f is not None}
        whole = _one_family(token, fonts, needed) if len(needed) > 1 or (needed and None in fams) else None
        if not needed:
            parts = [(token, None)]
        elif len(needed) == 1 and all(f is not None or (script(c) in NEUTRAL and ord(c) in family_coverage(fam))
                                      for fam in needed for c, f in zip(token, fams)):
            parts = [(token, needed.pop())]  # its punctuation and digits too, where the fallback has them
        elif whole is not None:  # a letter and its combining mark (q̃), set in one family that has both
            parts = [(token, whole)]
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
