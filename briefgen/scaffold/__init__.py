"""``briefgen new``: a new dossier folder, from the worked example in this folder or from the sample.

Every YAML file written starts with a ``yaml-language-server`` line naming its JSON Schema, copied into the
new dossier's ``.schemas/`` folder, so that an editor completes keys and explains them offline. The folder is
made beside the target under a temporary name and renamed into place: a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

from ..errors import BriefgenError

SCHEMA_FOLDER = ".schemas"
# The schema of each file a dossier holds, by its first path part (the collections may be folders).
KIND_OF = {"dossier.yaml": "dossier", "findings": "findings", "findings.yaml": "findings",
           "sources": "sources", "sources.yaml": "sources", "asks": "asks", "asks.yaml": "asks",
           "theme.yaml": "theme", "templates": None}


def scaffold_dir() -> Path:
    return Path(__file__).resolve().parent


def sample_dir() -> Path:
    """The sample dossier: inside the installed package, or the repository's ``briefs/`` folder."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "sample"
    return installed if installed.is_dir() else package.parent / "briefs" / "xinjiang-police-files"


def schemas_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "load" / "schemas"


def dossier_id(folder: Path) -> str:
    """An id for the dossier from its folder's name ("My Brief" -> "my-brief", "Ünïon Report" -> "union-report":
    accents folded, as "ünï" became "n"); "my-dossier" where no Latin letter or digit is left ("Досье")."""
    import unicodedata

    name = "".join(c for c in unicodedata.normalize("NFKD", folder.resolve().name) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-")
    return slug or "my-dossier"


def today() -> dt.date:
    from ..clock import source_date

    when = source_date()
    return when.date() if when else dt.date.today()


def schema_line(relative: Path) -> str | None:
    """The first line of a dossier's YAML file at ``relative``: its schema, named relative to the file."""
    kind = KIND_OF.get(relative.parts[0]) if relative.suffix in (".yaml", ".yml") else None
    if kind is None:
        return None
    up = "../" * (len(relative.parts) - 1)
    return f"# yaml-language-server: $schema={up}{SCHEMA_FOLDER}/{kind}.json\n"


def create(target: Path, from_sample: bool = False) -> list[Path]:
    """Write a new dossier into ``target`` (a new or empty folder); return the files written, relative."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "a file" if not target.is_dir() else "a folder that is not empty"
        raise BriefgenError(f"{target} is {what}: briefgen new writes a new dossier into a new or empty folder")
    source = sample_dir() if from_sample else scaffold_dir()
    if not (source / "dossier.yaml").is_file():
        raise BriefgenError(f"the {'sample' if from_sample else 'example'} dossier is missing from this "
                            f"installation ({source}); reinstall briefgen")
    dest = target.resolve()
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    except OSError as exc:
        raise BriefgenError(f"cannot create {target}: {exc.strerror}")
    try:
        written = _fill(staging, source, from_sample, dossier_id(dest))
        if dest.exists():  # an empty folder (perhaps the one the user stands in): keep it, move the files in
            for entry in staging.iterdir():
                entry.rename(dest / entry.name)
            staging.rmdir()
        else:
            staging.rename(dest)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BriefgenError(f"cannot create {target}: {exc.strerror}")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _fill(folder: Path, source: Path, from_sample: bool, ident: str) -> list[Path]:
    written = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if not path.is_file() or rel.parts[0] in ("build", "__pycache__") or path.suffix in (".py", ".pyc"):
            continue
        dest = folder / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".yaml", ".yml"):
            text = path.read_text(encoding="utf-8")
            if not from_sample:
                text = text.replace("@ID@", ident).replace("@DATE@", today().isoformat())
            line = schema_line(rel)
            dest.write_text((line or "") + text, encoding="utf-8")
        else:
            shutil.copyfile(path, dest)
        written.append(rel)
    (folder / SCHEMA_FOLDER).mkdir()
    for schema in sorted(schemas_dir().glob("*.json")):
        shutil.copyfile(schema, folder / SCHEMA_FOLDER / schema.name)
        written.append(Path(SCHEMA_FOLDER) / schema.name)
    (folder / ".gitignore").write_text("build/\n", encoding="utf-8")
    written.append(Path(".gitignore"))
    return written


def export_template(name: str, target: Path, force: bool = False) -> list[str]:
    """Copy the built-in template ``name`` and the theme into ``target``/templates/: what was written or kept.
    ``LookupError`` for an unknown template or a folder that holds no dossier, ``BriefgenError`` where the copy
    cannot be written (a read-only dossier)."""
    import shutil

    from ..errors import BriefgenError
    from ..load.paths import builtin_dir
    from ..render.templating import TEMPLATE_SUFFIX

    name = name.removesuffix(TEMPLATE_SUFFIX)
    source = builtin_dir() / f"{name}{TEMPLATE_SUFFIX}"
    if not source.is_file():
        known = ", ".join(p.name.removesuffix(TEMPLATE_SUFFIX) for p in sorted(builtin_dir().glob("*.md.j2")))
        raise LookupError(f"no built-in template '{name}' (built in: {known})")
    if not (target / "dossier.yaml").is_file():
        raise LookupError(f"no dossier.yaml in {target}: give the dossier's folder")
    folder, lines = target / "templates", []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for src in (source, builtin_dir() / "theme.yaml"):
            dest = folder / src.name
            if dest.exists() and not force:
                lines.append(f"kept {dest} (already there; --force overwrites)")
                continue
            shutil.copyfile(src, dest)
            lines.append(f"wrote {dest}")
    except OSError as exc:
        raise BriefgenError(f"cannot write {exc.filename or folder}: {exc.strerror}") from None
    return lines
