"""The theme: fonts, sizes, colours and margins, shared by every writer.

The built-in ``theme.yaml`` sits among the templates; a dossier's ``theme.yaml`` (in the dossier folder
or its ``templates/``) overrides it key by key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from ..errors import BriefgenError, Diagnostics, Position
from .base import Strict
from .paths import builtin_dir, inside
from .validate import validate
from .yamlsrc import load_yaml


class Margins(Strict):
    """Page margins in millimetres."""

    top: float = Field(gt=0, le=80)
    """Top margin, mm (at most 80)."""
    bottom: float = Field(gt=0, le=80)
    """Bottom margin, mm (at most 80)."""
    left: float = Field(gt=0, le=70)
    """Left margin, mm (at most 70)."""
    right: float = Field(gt=0, le=70)
    """Right margin, mm (at most 70)."""


class Page(Strict):
    """The page set-up (the paper size is each audience's paper)."""

    margins_mm: Margins
    """Margins in millimetres: {top: 24, bottom: 22, left: 22, right: 22}."""


class Fonts(Strict):
    """The fonts of both formats: built-in families (fonts that come with briefgen) or .ttf files in the
    dossier."""

    body: str = Field(examples=["PT Sans", "IBM Plex Sans Arabic", "Noto Sans SC", "fonts/house.ttf"])
    """A built-in family (PT Sans, IBM Plex Sans Arabic, Noto Sans SC, the Noto families) or a .ttf file,
    relative to the dossier."""
    heading: str = Field(examples=["PT Sans"])
    """The headings' family: a built-in family or a .ttf file."""
    code: str = "IBM Plex Mono"
    """Code spans and blocks: a built-in family or a .ttf file (embedded: a tagged PDF has no standard
    Courier)."""
    fallbacks: dict[str, str] = Field({}, examples=[{"Arab": "IBM Plex Sans Arabic", "Hani": "Noto Sans SC"}])
    """What the body font lacks, by Unicode script code (Arab, Hani, Hebr ...) -> family."""
    last_resort: list[str] = Field([], examples=[["Noto Sans", "Noto Sans Symbols", "Noto Emoji"]])
    """Families tried, in order, for a character the body font and its script's fallback lack."""
    # Word: the names the styles give (default: body's and heading's own family names, embedded with the
    # fonts of other scripts as docx_embed says); a name such as Arial is the reader's machine's to supply.
    docx_body: str | None = Field(None, examples=["Arial"])
    """Word only: the body font's name in the styles, the reader's own (not embedded); default: body's."""
    docx_heading: str | None = None
    """Word only: the headings' font name, the reader's own (not embedded); default: heading's."""
    docx_embed: Literal["subset", "full", "none"] = "subset"
    """Word: embed the fonts subset to the brief (subset), whole (full) or not (none)."""
    docx_embed_max_kb: float = Field(default=4096, ge=0)
    """Word: the embedded fonts' total size in KB; faces beyond it are left out, with a warning."""


class Sizes(Strict):
    """Type sizes in points."""

    body: float = Field(gt=4, lt=40)
    """Body text, pt."""
    small: float = Field(gt=4, lt=40)
    """Notes, captions, running header and footer, pt."""
    title: float = Field(gt=4, lt=80)
    """The title, pt."""
    subtitle: float = Field(gt=4, lt=60)
    """The subtitle, pt."""
    h1: float = Field(gt=4, lt=60)
    """First-level headings, pt."""
    h2: float = Field(gt=4, lt=60)
    """Second-level headings, pt."""
    h3: float = Field(gt=4, lt=60)
    """Third-level headings, pt."""


def _colour(v):
    """#RRGGBB; "#abc" and "1f3a5f" are read as #AABBCC and #1F3A5F."""
    text = str(v).strip() if isinstance(v, (str, int)) else ""
    digits = text.removeprefix("#")
    if re.fullmatch(r"[0-9A-Fa-f]{3}", digits):
        digits = "".join(c * 2 for c in digits)
    if not re.fullmatch(r"[0-9A-Fa-f]{6}", digits):
        raise ValueError(f"expected a colour as #RRGGBB (such as #17375E), got '{v}'")
    return "#" + digits.upper()


# What _colour reads: "#RRGGBB", "#RGB", without "#" too, or a number YAML read from 3 or 6 digits.
COLOUR_SCHEMA = {"anyOf": [
    {"type": "string", "pattern": r"^\s*#?(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})\s*$"},
    {"type": "integer", "minimum": 100, "maximum": 999}, {"type": "integer", "minimum": 100000, "maximum": 999999},
], "examples": ["#17375E"]}
Colour = Annotated[str, BeforeValidator(_colour), WithJsonSchema(COLOUR_SCHEMA)]


class Colours(Strict):
    """Colours as "#RRGGBB" (quote them: YAML reads # as the start of a comment)."""

    text: Colour
    """Body text."""
    primary: Colour
    """The title and headings."""
    accent: Colour
    """Rules, and the kicker above the title."""
    muted: Colour
    """Dates, captions, the running header and footer."""
    link: Colour
    """Links."""
    callout_fill: Colour
    """The background of callouts."""
    callout_rule: Colour
    """The rule beside callouts."""


class Theme(Strict):
    """theme.yaml: page margins, fonts, sizes and colours of both formats. A dossier's theme.yaml (in the
    dossier folder or its templates/) overrides the built-in theme key by key: every key is optional there."""

    page: Page
    """The page set-up: margins_mm."""
    fonts: Fonts
    """The fonts: body, heading, code, fallbacks by script, last_resort, and Word's docx_* settings."""
    sizes: Sizes
    """Type sizes in points."""
    colours: Colours
    """Colours as "#RRGGBB"."""
    # Resolved to an absolute path when the theme is checked (check_theme).
    reference_docx: str | None = Field(None, examples=["house.docx"])
    """A .docx made in Word whose styles, page set-up and fonts the Word brief takes (as pandoc's
    --reference-doc), relative to the dossier."""


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
            elif loaded and loaded[0] is not None:  # a list, or one value: read as nothing, it changed nothing
                diags.error(f"{candidate.name} holds {'a list' if isinstance(loaded[0], list) else 'one value'}, "
                            "where keys are expected (fonts:, colours:, sizes:, page:)", Position(candidate, 1, 1))
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
