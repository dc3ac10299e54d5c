"""The theme: fonts, sizes, colours and margins, shared by every writer.

The built-in ``theme.yaml`` sits among the templates; a dossier's ``theme.yaml`` (in the dossier folder
or its ``templates/``) overrides it key by key.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from ..errors import BriefgenError, Diagnostics
from .base import Strict
from .paths import builtin_dir
from .validate import validate
from .yamlsrc import load_yaml


class Margins(Strict):
    top: float = Field(gt=0)
    bottom: float = Field(gt=0)
    left: float = Field(gt=0)
    right: float = Field(gt=0)


class Page(Strict):
    margins_mm: Margins


class Fonts(Strict):
    body: str  # a built-in family (PT Sans, IBM Plex Sans Arabic, Noto Sans SC) or a .ttf file
    heading: str
    fallbacks: dict[str, str] = {}  # Unicode script code (Arab, Hani ...) -> family, for what body lacks
    docx_body: str
    docx_heading: str


class Sizes(Strict):
    body: float = Field(gt=4, lt=40)
    small: float = Field(gt=4, lt=40)
    title: float = Field(gt=4, lt=80)
    subtitle: float = Field(gt=4, lt=60)
    h1: float = Field(gt=4, lt=60)
    h2: float = Field(gt=4, lt=60)
    h3: float = Field(gt=4, lt=60)


Colour = str


class Colours(Strict):
    text: Colour
    primary: Colour
    accent: Colour
    muted: Colour
    link: Colour
    callout_fill: Colour
    callout_rule: Colour


class Theme(Strict):
    page: Page
    fonts: Fonts
    sizes: Sizes
    colours: Colours
    # A .docx made in Word whose styles, page set-up and fonts the Word brief takes (as pandoc's
    # --reference-doc), relative to the dossier; resolved to an absolute path when the theme is checked.
    reference_docx: str | None = None


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load_theme(dossier_root: Path) -> Theme:
    """The built-in theme with the dossier's overrides applied; errors name file and line."""
    diags = Diagnostics()
    builtin = load_yaml(builtin_dir() / "theme.yaml", diags)
    data, smap = builtin if builtin else ({}, None)
    for candidate in (dossier_root / "theme.yaml", dossier_root / "templates" / "theme.yaml"):
        if candidate.is_file():
            loaded = load_yaml(candidate, diags)
            if loaded and isinstance(loaded[0], dict):
                data, smap = _merge(data, loaded[0]), loaded[1]
            break
    diags.raise_if_errors()
    theme = validate(Theme, data, smap, (), diags)
    diags.raise_if_errors()
    return theme


def check_theme(root: Path):
    """The theme validates and names fonts that exist (a build would fail on them only when writing)."""
    from .. import fonts

    theme = load_theme(root)
    diags = Diagnostics()
    f = theme.fonts
    for where, name in [("body", f.body), ("heading", f.heading)] + [(f"fallbacks.{k}", v) for k, v in
                                                                      f.fallbacks.items()]:
        try:
            fonts.family(name, root)
        except BriefgenError as exc:
            diags.error(f"fonts.{where}: {exc.diagnostics[0].message}", theme.fonts.pos(*where.split(".")))
    if theme.reference_docx:
        ref = (root / theme.reference_docx).resolve()
        if not ref.is_file():
            diags.error(f"reference document not found: {theme.reference_docx}", theme.pos("reference_docx"))
        theme.reference_docx = str(ref)
    diags.raise_if_errors()
    return theme
