"""The theme: fonts, sizes, colours and margins, shared by every writer.

The built-in ``theme.yaml`` sits among the templates; a dossier's ``theme.yaml`` (in the dossier folder
or its ``templates/``) overrides it key by key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from ..errors import BriefgenError, Diagnostics
from .base import Strict
from .paths import builtin_dir, inside
from .validate import validate
from .yamlsrc import load_yaml


class Margins(Strict):
    top: float = Field(gt=0, le=80)
    bottom: float = Field(gt=0, le=80)
    left: float = Field(gt=0, le=70)
    right: float = Field(gt=0, le=70)


class Page(Strict):
    margins_mm: Margins


class Fonts(Strict):
    body: str  # a built-in family (PT Sans, IBM Plex Sans Arabic, Noto Sans SC) or a .ttf file
    heading: str
    code: str = "IBM Plex Mono"  # code and code blocks (a built-in family or a .ttf file)
    fallbacks: dict[str, str] = {}  # Unicode script code (Arab, Hani ...) -> family, for what body lacks
    last_resort: list[str] = []  # families tried, in order, for a character body and its script's fallback lack
    # Word: the names the styles give (default: body's and heading's own family names, embedded with the
    # fonts of other scripts as docx_embed says); a name such as Arial is the reader's machine's to supply.
    docx_body: str | None = None
    docx_heading: str | None = None
    docx_embed: Literal["subset", "full", "none"] = "subset"
    docx_embed_max_kb: float = Field(default=4096, ge=0)


class Sizes(Strict):
    body: float = Field(gt=4, lt=40)
    small: float = Field(gt=4, lt=40)
    title: float = Field(gt=4, lt=80)
    subtitle: float = Field(gt=4, lt=60)
    h1: float = Field(gt=4, lt=60)
    h2: float = Field(gt=4, lt=60)
    h3: float = Field(gt=4, lt=60)


def _colour(v):
    """#RRGGBB; "#abc" and "1f3a5f" are read as #AABBCC and #1F3A5F."""
    text = str(v).strip() if isinstance(v, (str, int)) else ""
    digits = text.removeprefix("#")
    if re.fullmatch(r"[0-9A-Fa-f]{3}", digits):
        digits = "".join(c * 2 for c in digits)
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", digits):
        raise ValueError(f"expected a colour as #RRGGBB (such as #17375E), got '{v}'")
    return "#" + digits.upper()


Colour = Annotated[str, BeforeValidator(_colour)]


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


FONT_FILES = (".ttf", ".ttc", ".otf")


def check_theme(root: Path):
    """The theme, validated, with every file it names checked: fonts that exist and are TrueType fonts
    (a build would fail on them only when writing), files inside the dossier. Font files and the reference
    document are made absolute paths, so the writers find them wherever they run."""
    from .. import fonts

    theme = load_theme(root)
    diags = Diagnostics()
    f = theme.fonts
    entries = [("body", f.body), ("heading", f.heading), ("code", f.code)]
    entries += [(f"fallbacks.{k}", v) for k, v in f.fallbacks.items()]
    entries += [(f"last_resort.{i}", v) for i, v in enumerate(f.last_resort)]
    for where, name in entries:
        pos = theme.fonts.pos(*(int(x) if x.isdigit() else x for x in where.split(".")))
        try:
            if name.lower().endswith(FONT_FILES):
                path = inside(root, name, "font file")
                if not path.is_file():
                    raise BriefgenError(f"font file not found: {name}")
                fonts.check_font_file(path)
                name = str(path)
                if where.startswith("fallbacks."):
                    f.fallbacks[where.split(".", 1)[1]] = name
                elif where.startswith("last_resort."):
                    f.last_resort[int(where.split(".", 1)[1])] = name
                else:
                    setattr(f, where, name)
            fonts.family(name, root)
        except BriefgenError as exc:
            diags.error(f"fonts.{where}: {exc.diagnostics[0].message}", pos)
    if theme.reference_docx:
        try:
            ref = inside(root, theme.reference_docx, "reference document")
            if not ref.is_file():
                raise BriefgenError(f"reference document not found: {theme.reference_docx}")
            theme.reference_docx = str(ref)
        except BriefgenError as exc:
            diags.error(exc.diagnostics[0].message, theme.pos("reference_docx"))
    diags.raise_if_errors()
    return theme
