"""Where a dossier's files are: the dossier file, its collections (one file, a folder of files, or both),
and the folder of built-in templates, theme and catalogues that ships with briefgen."""

from __future__ import annotations

from pathlib import Path

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
    files = [root / f"{name}{ext}" for ext in exts if (root / f"{name}{ext}").is_file()]
    folder = root / name
    if folder.is_dir():
        files += sorted(p for p in folder.rglob("*") if p.suffix in exts and p.is_file())
    return files
