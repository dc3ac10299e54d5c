"""What each glyph of a font stands for, as text: a shaped glyph (an Arabic letter's initial form, a ligature)
has no code point of its own, and a PDF's text layer needs one for extraction, search and copy."""

from __future__ import annotations

from functools import lru_cache

from .cache import remembered


@lru_cache(maxsize=16)
def glyph_texts(path: str, stamp: tuple = ()) -> dict[str, str]:
    """For every glyph of a font, by name, the text it stands for: from the cmap, then through the GSUB
    substitutions that shaping applies (an initial form stands for its letter, a ligature for its letters).
    PDF text extraction and copy need this for glyphs that have no code point of their own. ``stamp``: the
    family's (``Family.stamp``)."""
    return remembered(path, "glyph-texts-2", lambda: _trace_glyph_texts(path))


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
