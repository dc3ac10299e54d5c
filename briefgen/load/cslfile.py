"""A dossier's own citation style (a ``.csl`` file), read with citeproc-py when the dossier loads, so that a
missing or broken style is an error with its position before anything is rendered. ``cite/csl.py`` formats
with it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefgenError, Diagnostics, Position
from .paths import inside

if TYPE_CHECKING:
    from .evidence import Evidence


def load_style(path: Path, language: str, pos: Position | None = None):
    """Parse a CSL file in a locale citeproc-py has (the brief's language, else its default, else en-US)."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    try:
        return CitationStylesStyle(str(path), locale=_locale(language), validate=False)
    except (etree.XMLSyntaxError, OSError, KeyError, ValueError, AttributeError, TypeError) as exc:
        raise BriefgenError(f"{path.name} is not a CSL style citeproc-py can read ({exc})", pos) from None


def _locale(language: str) -> str:
    from importlib.resources import files

    have = {p.name[len("locales-"):-len(".xml")] for p in files("citeproc").joinpath("data/locales").iterdir()
            if p.name.startswith("locales-")}
    tag = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}.get(language, language)
    if tag in have:
        return tag
    primary = tag.split("-")[0]
    default = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "zh": "zh-CN"}.get(primary)
    if default in have:
        return default
    return next((h for h in sorted(have) if h.split("-")[0] == primary), "en-US")


def check_csl(ev: Evidence, aud, diags: Diagnostics) -> None:
    """A dossier's own CSL style exists and citeproc-py can read it (a build would fail on it later)."""
    pos = aud.pos("citation_style")
    try:
        file = inside(ev.root, aud.citation_style, "citation style")
    except BriefgenError as exc:
        diags.error(exc.diagnostics[0].message, pos)
        return
    if not file.is_file():
        diags.error(f"citation style not found: {aud.citation_style}", pos)
        return
    try:
        load_style(file, aud.language or ev.dossier.language, pos)
    except BriefgenError as exc:
        diags.items.extend(exc.diagnostics)
