"""Characters the theme's fonts cannot draw, found where the dossier writes them.

A character no font of the theme has (Tibetan with the built-in theme, a rare symbol) prints in the PDF as
an empty box. ``check`` and ``build`` warn about each, at the file and line that first holds it, naming the
character, so that a team can add a font (``fonts.fallbacks`` or ``fonts.last_resort`` in theme.yaml) or
change the text before the brief goes out.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from . import fonts
from . import tree as T
from .errors import Diagnostics, Position
from .load.paths import DOSSIER_FILES, collection_files


def undrawable_warnings(root: Path, documents: dict, theme, diags: Diagnostics) -> None:
    """A warning for each character of the briefs that no font of ``theme`` has, where it is written."""
    f = theme.fonts
    choice = fonts.choice(f.body, dict(f.fallbacks), root, f.last_resort)
    missing: dict[str, list[str]] = {}
    for name, doc in documents.items():
        for c in fonts.undrawable(T.document_chars(doc), choice):
            missing.setdefault(c, []).append(name)
    if not missing:
        return
    found: dict[tuple, list[str]] = {}  # (file, line) -> characters; reported at the first of them
    files = [root / n for n in DOSSIER_FILES if (root / n).is_file()]
    files += [p for kind in ("findings", "sources", "asks") for p in collection_files(root, kind)]
    texts = {p: p.read_text(encoding="utf-8-sig", errors="replace") for p in files}
    first: dict[tuple, Position] = {}
    for c in sorted(missing):
        pos = next((_position(p, t, c) for p, t in texts.items() if c in t), None) or Position(root / DOSSIER_FILES[0])
        key = (pos.file, pos.line)
        found.setdefault(key, []).append(c)
        first[key] = min(first.get(key, pos), pos, key=lambda x: x.col)
    for key, chars in found.items():
        pos = first[key]
        named = ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
        audiences = sorted({a for c in chars for a in missing[c]})
        diags.warning(f"no font of the theme has {named}: the PDF for {', '.join(audiences)} prints "
                      f"{'it as an empty box' if len(chars) == 1 else 'them as empty boxes'}; add a font that has "
                      f"{'it' if len(chars) == 1 else 'them'} (fonts.fallbacks or fonts.last_resort in theme.yaml) "
                      "or change the text", pos, "undrawable")


def _position(path: Path, text: str, char: str) -> Position:
    at = text.index(char)
    line = text.count("\n", 0, at) + 1
    return Position(path, line, at - (text.rfind("\n", 0, at) + 1) + 1)
