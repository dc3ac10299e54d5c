"""Where a dossier's files are: the dossier file, its collections (one file, a folder of files, or both),
the folder of built-in templates, theme and catalogues that ships with briefgen, and the rule that every
file a dossier names stays inside the dossier.

A dossier may come from a partner: building it must not read the builder's other files. Every path a
dossier, theme or audience names is relative to the dossier folder and, once resolved (symbolic links
included), must lie inside it; so must every file a collection folder holds. Web addresses may use
http, https or mailto (and doi:, written as a link to doi.org) only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from ..errors import BriefgenError

DOSSIER_FILES = ("dossier.yaml", "dossier.yml")


def builtin_dir() -> Path:
    """The built-in templates: inside the installed package, or the repository's top-level folder."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def find_dossier_file(path: Path) -> Path:
    path = Path(path)
    if path.is_file():
        return path
    for name in DOSSIER_FILES:
        if (path / name).is_file():
            return path / name
    if not path.exists():
        raise BriefgenError(f"no such dossier: {path}")
    raise BriefgenError(f"{path}: no dossier.yaml here (a dossier is a folder with a dossier.yaml file)")


def collection_files(root: Path, name: str, exts=(".yaml", ".yml", ".json")) -> list[Path]:
    """The files of one collection, in order; files that resolve outside the dossier are left out
    (``Collection.outside`` lists them)."""
    return collection(root, name, exts).files


class Collection(NamedTuple):
    files: list[Path]  # inside the dossier, in order: the ones read
    outside: list[Path]  # files that resolve outside the dossier (symbolic links), which are not read
    # Links to folders inside the dossier, found in the collection's folder: not followed (a link to a folder
    # above it would never end), so the files in them are not read.
    linked: list[Path]


def collection(root: Path, name: str, exts=(".yaml", ".yml", ".json")) -> Collection:
    """A collection's files, by where they lie (a dossier of 10,000 findings has 10,000 files). The dossier
    folder and the collection's folder are resolved once; a file found below that folder lies where the folder
    does unless it is a link (the folder's walk follows no link to a folder), so only links are resolved."""
    base = _resolved(root)
    top = [root / f"{name}{ext}" for ext in exts if (root / f"{name}{ext}").is_file()]
    folder = root / name
    links: list[Path] = []
    entries: list[Path] = []
    escaped = False  # the collection's folder itself resolves outside the dossier
    if folder.is_dir():
        if _within(base, folder):
            for p in folder.rglob("*"):  # the files, and links (to a folder too), which must not escape silently
                if p.is_symlink():
                    links.append(p)
                elif p.suffix not in exts:
                    continue
                entries.append(p)
        else:
            escaped = True
    within = {f: _within(base, f) for f in [*top, *links]}
    inner = [p for p in entries if within.get(p, True)]
    files = [f for f in top if within[f]] + sorted(p for p in inner if p.is_file())
    outside = [f for f in top if not within[f]] + ([folder] if escaped else sorted(p for p in links if not within[p]))
    linked = sorted(p for p in links if within[p] and p.is_dir())
    return Collection(files, outside, linked)


# What an editor or tool leaves beside the files it edits: backups (name~, #name#), swap and temporary files
# (vim's .swp, JetBrains' ___jb_tmp___, Flycheck's copies) and Python's compiled files. Not the evidence
# base: neither in its SHA-256 nor a reason for the preview to build again.
_LEFTOVER = re.compile(r"(~|\.sw[a-p]|\.py[cod]|___jb_(?:tmp|old)___)$|^#.*#$|^flycheck_")
_LEFTOVER_FOLDERS = {"__pycache__", "node_modules"}


def is_evidence(rel: str) -> bool:
    """Whether the file at ``rel`` (a path relative to the dossier folder, with "/") belongs to the evidence
    base: not in the build folder nor a hidden one, not hidden, not an editor's or tool's leftover."""
    parts = rel.split("/")
    return parts[0] != "build" and not any(part.startswith(".") or part in _LEFTOVER_FOLDERS for part in parts) \
        and not _LEFTOVER.search(parts[-1])


def is_inside(root: Path, path: Path) -> bool:
    return _within(_resolved(root), path)


def _resolved(root: Path) -> Path | None:
    try:
        return Path(root).resolve()
    except (OSError, RuntimeError):
        return None


def _within(base: Path | None, path: Path) -> bool:
    if base is None:
        return False
    try:
        Path(path).resolve().relative_to(base)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def inside(root: Path, name: str, what: str = "file") -> Path:
    """The file ``name`` (relative to the dossier ``root``) resolved, symbolic links included; a
    ``BriefgenError`` when it is absolute, or lies outside the dossier."""
    if not name or Path(name).is_absolute() or Path(name).drive:
        raise BriefgenError(f"{what} '{name}' must be a path relative to the dossier folder")
    path = Path(root) / name
    if not is_inside(root, path):
        raise BriefgenError(f"{what} '{name}' lies outside the dossier folder; a dossier may only use files "
                            "inside its own folder")
    return path.resolve()


URL_SCHEMES = ("http", "https", "mailto", "doi")


def check_url(url: str) -> str:
    """A web address with an allowed scheme, or ValueError saying which are allowed."""
    import re

    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", url.strip())
    if not m or m.group(1).lower() not in URL_SCHEMES:
        hint = "" if m else (f" (write https://{url.strip()})" if url.strip().lower().startswith("www.") else
                             " (a file of the dossier is attached, not linked: give it as a source's attachment, "
                             "and cite the source)")
        raise ValueError(f"'{url}' is not a web address briefgen links to: it must start with http://, "
                         f"https://, mailto: or doi:{hint}")
    if any(c.isspace() for c in url.strip()):
        raise ValueError(f"'{url}' holds spaces: write them as %20")
    return url.strip()


def web_address(url: str) -> str:
    """``check_url``'s address as a link's target: doi:10.x/y as https://doi.org/10.x/y."""
    url = check_url(url)
    return "https://doi.org/" + url[4:].lstrip("/") if url.lower().startswith("doi:") else url
