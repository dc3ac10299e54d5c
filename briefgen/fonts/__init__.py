"""Fonts and scripts, shared by the writers and the checks: the families briefgen ships and which one sets
each character (``families.py``), derived instances of variable fonts (``instances.py``), what each glyph
stands for as text (``glyphs.py``), and Unicode scripts and text direction (``scripts.py``)."""

from .cache import cache_dir
from .families import (
    BUILTIN,
    STYLES,
    Family,
    FontChoice,
    choice,
    coverage,
    family,
    file_path,
    segments,
    undrawable,
)
from .glyphs import glyph_texts
from .instances import check_font_file, face_info, font_bytes, static_face, word_name
from .scripts import NEUTRAL, RTL_SCRIPTS, first_strong, has_rtl, is_rtl, needs_shaping, script

__all__ = [
    "BUILTIN", "NEUTRAL", "RTL_SCRIPTS", "STYLES", "Family", "FontChoice", "first_strong", "cache_dir",
    "check_font_file", "choice", "coverage", "face_info", "family", "file_path", "font_bytes", "glyph_texts",
    "has_rtl", "static_face", "word_name",
    "is_rtl", "needs_shaping", "script", "segments", "undrawable",
]
