"""Load stage: a dossier folder of YAML (or CSL-JSON) files into a typed, cross-checked ``Evidence``.

Layout (each collection may be one file holding a list, a folder of files, or both)::

    dossier.yaml                     id, title, organisation, audiences ...
    findings.yaml | findings/*.yaml  one finding per file, or lists
    sources.yaml | sources.json | sources/*.{yaml,json}   CSL-JSON field names
    asks.yaml | asks/*.yaml

Every problem is collected with file, line and column; nothing stops at the first error.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, Position
from .base import Strict
from .crosscheck import cross_check
from .dossier import Dossier
from .evidence import Evidence
from .findings import Ask, Finding
from .paths import collection, find_dossier_file
from .sources import Source
from .validate import Partial, validate
from .yamlsrc import load_yaml


def load(path: Path, lint: bool = False) -> Evidence:
    """Load and check a dossier; with ``lint``, also run the evidence rules (``lint.py``) on what loaded.
    Raises ``BriefgenError`` with every error found; warnings are kept."""
    diags = Diagnostics()
    dossier_file = find_dossier_file(Path(path))
    root = dossier_file.parent

    dossier = None
    loaded = load_yaml(dossier_file, diags)
    if loaded is not None:
        data, smap = loaded
        if not isinstance(data, dict):
            diags.error("expected a mapping (id:, title:, audiences: ...)", smap.at(()))
        else:
            dossier = validate(Dossier, data, smap, (), diags)

    found = {name: collection(root, name) for name in COLLECTIONS}
    _unread(root, found, diags)
    unread: list[Path] = []  # collection files that could not be read: what rests on them is unknown
    partial: list[Partial] = []  # entries that failed validation, still checked for ids and citations
    findings = _load_collection(found["findings"].files, "findings", Finding, diags, partial, unread)
    sources_list = _load_collection(found["sources"].files, "sources", Source, diags, partial, unread)
    asks = _load_collection(found["asks"].files, "asks", Ask, diags, partial, unread)

    sources = _unique(sources_list, "source", diags, partial)
    _unique(findings, "finding", diags, partial)
    _unique(asks, "ask", diags, partial)

    if dossier is None:
        diags.raise_if_errors()
    ev = Evidence(root, dossier, findings, sources, asks, diags)
    ev.incomplete = bool(unread) or any(p.model is not Source for p in partial)
    cited = cross_check(ev, diags, partial, {name: {i for f in unread if f in found[name].files for i in ids_written(f)}
                                             for name in COLLECTIONS})
    if lint:
        from .lint import lint as run_lint

        run_lint(ev, diags, cited)
    diags.raise_if_errors()
    return ev


def _load_collection(files: list[Path], name: str, model: type[Strict], diags: Diagnostics, partial: list,
                     unread: list) -> list:
    items = []
    for file in files:
        loaded = load_yaml(file, diags)
        if loaded is None:
            unread.append(file)
            continue
        data, smap = loaded
        if data is None:
            continue
        if isinstance(data, dict) and name in data and len(data) == 1:
            data = data[name]  # {"findings": [...]} is also accepted
            base = (name,)
        else:
            base = ()
        if isinstance(data, dict):
            entries = [(base, data)]
        elif isinstance(data, list):
            entries = [(base + (i,), d) for i, d in enumerate(data)]
        else:
            diags.error(f"expected a {name[:-1]} (a mapping) or a list of them", smap.at(base))
            continue
        for path, entry in entries:
            if not isinstance(entry, dict):
                diags.error(f"expected a {name[:-1]} as a mapping of keys", smap.at(path))
                continue
            obj = validate(model, entry, smap, path, diags)
            if obj is not None:
                items.append(obj)
            else:
                partial.append(Partial(model, entry, smap, path))
    return items


_ID = re.compile(r"""(?:^|[{,\s-])id:[ \t]*["']?([^\s"',}\]#]+)""", re.M)


def ids_written(file: Path) -> set[str]:
    """The ids a collection file that could not be read seems to give (``id: x`` as written): what cites them
    is not reported as citing nothing, beside the file's own error."""
    try:
        return set(_ID.findall(file.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return set()


def _unique(items: list, what: str, diags: Diagnostics, partial: list) -> dict:
    seen: dict = {}
    model = {"source": Source, "finding": Finding, "ask": Ask}[what]
    entries = items + [p for p in partial if p.model is model and p.id]
    entries.sort(key=lambda e: e.order())  # as written: the second of two is the duplicate
    for item in entries:
        if item.id in seen:
            first = seen[item.id].pos("id")
            diags.error(
                f"duplicate {what} id '{item.id}' (first defined at {first.file.name}:{first.line})", item.pos("id")
            )
        else:
            seen[item.id] = item
    return {k: v for k, v in seen.items() if not isinstance(v, Partial)}


COLLECTIONS = ("findings", "sources", "asks")
KNOWN = {*COLLECTIONS, "templates", "theme", "dossier", "build"}


def _unread(root: Path, found: dict, diags: Diagnostics) -> None:
    """Warn about YAML that briefgen does not read where a collection was probably meant (``finding/``), and
    about collection files that lie outside the dossier (symbolic links), which are not read."""
    import difflib

    for entry in sorted(root.iterdir()):
        stem = entry.name if entry.is_dir() else entry.stem
        holds_yaml = entry.suffix in (".yaml", ".yml", ".json") if entry.is_file() else \
            entry.is_dir() and any(p.suffix in (".yaml", ".yml") for p in entry.iterdir() if p.is_file())
        if stem in KNOWN or stem.startswith(".") or not holds_yaml:
            continue
        hint = difflib.get_close_matches(stem.lower(), COLLECTIONS, n=1, cutoff=0.7)
        if hint:
            kind = "folder" if entry.is_dir() else "file"
            diags.warning(f"the {kind} '{entry.name}' is not read; did you mean '{hint[0]}'?", Position(entry))
    for name in COLLECTIONS:
        for file in found[name].outside:
            diags.warning(f"'{file.relative_to(root)}' lies outside the dossier folder (a symbolic link?) and "
                          "is not read", Position(file))
        for folder in found[name].linked:
            diags.warning(f"'{folder.relative_to(root)}' is a link to a folder, which briefgen does not follow: "
                          f"the files in it are not read (move them into '{name}/', or link each file)",
                          Position(folder))
