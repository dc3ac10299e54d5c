"""Load stage: a dossier folder of YAML (or CSL-JSON) files into a typed, cross-checked ``Evidence``.

Layout (each collection may be one file holding a list, a folder of files, or both)::

    dossier.yaml                     id, title, organisation, audiences ...
    findings.yaml | findings/*.yaml  one finding per file, or lists
    sources.yaml | sources.json | sources/*.{yaml,json}   CSL-JSON field names
    asks.yaml | asks/*.yaml

Every problem is collected with file, line and column; nothing stops at the first error.
"""

from __future__ import annotations

import difflib
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .citesyntax import find_citations
from .errors import BriefgenError, Diagnostics, Position
from .model import Ask, Dossier, Finding, Source, Strict
from .tree import Attachment
from .yamlsrc import SourceMap, load_yaml

DOSSIER_FILES = ("dossier.yaml", "dossier.yml")


@dataclass
class Evidence:
    """Everything in one dossier, validated and cross-checked."""

    root: Path
    dossier: Dossier
    findings: list[Finding]
    sources: dict[str, Source]
    asks: list[Ask]
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    attachments: dict[str, Attachment] = field(default_factory=dict)  # by source id

    def sensitivity(self, item) -> "typing.Any":
        """An item's TLP label, the dossier's default marking when it sets none."""
        return item.sensitivity or self.dossier.marking


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
            dossier = _validate(Dossier, data, smap, (), diags)

    partial: list[Partial] = []  # entries that failed validation, still checked for ids and citations
    findings = _load_collection(root, "findings", Finding, diags, partial)
    sources_list = _load_collection(root, "sources", Source, diags, partial)
    asks = _load_collection(root, "asks", Ask, diags, partial)

    sources = _unique(sources_list, "source", diags, partial)
    _unique(findings, "finding", diags, partial)
    _unique(asks, "ask", diags, partial)

    if dossier is None:
        diags.raise_if_errors()
    ev = Evidence(root, dossier, findings, sources, asks, diags)
    cited = _cross_check(ev, diags, partial)
    if lint:
        from .lint import lint as run_lint

        run_lint(ev, diags, cited)
    diags.raise_if_errors()
    return ev


@dataclass
class Partial:
    """An entry that failed validation: kept as raw data so that its id and citations are still checked."""

    model: type
    data: dict
    smap: SourceMap
    path: tuple

    @property
    def id(self):
        value = self.data.get("id")
        return str(value) if isinstance(value, (str, int)) else None

    def pos(self, *sub):
        return self.smap.at(self.path + sub)

    def text_pos(self, field_name: str, line_offset: int, needle: str = ""):
        return self.smap.text_position(self.path + (field_name,), line_offset, needle)


def _load_collection(root: Path, name: str, model: type[Strict], diags: Diagnostics, partial: list) -> list:
    items = []
    for file in collection_files(root, name):
        loaded = load_yaml(file, diags)
        if loaded is None:
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
            obj = _validate(model, entry, smap, path, diags)
            if obj is not None:
                items.append(obj)
            else:
                partial.append(Partial(model, entry, smap, path))
    return items


def _validate(model: type[Strict], data: dict, smap: SourceMap, path: tuple, diags: Diagnostics):
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        hinted = {(tuple(e["loc"][:-1]), h) for e in errors if e["type"] == "extra_forbidden"
                  for h in _hints(model, e["loc"])}
        for err in errors:
            if err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in hinted:
                continue  # reported once, as the misspelt key that was meant to be it
            _report(model, err, smap, path, diags)
        return None
    _locate(obj, smap, path)
    return obj


def _locate(obj, smap: SourceMap, path: tuple) -> None:
    """Attach the source map to a model object and to every nested one."""
    obj.located(smap.file, smap, path)
    for name, finfo in type(obj).model_fields.items():
        key = finfo.alias or name
        value = getattr(obj, name)
        if isinstance(value, Strict):
            _locate(value, smap, path + (key,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, Strict):
                    _locate(v, smap, path + (key, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, Strict):
                    _locate(v, smap, path + (key, k))


def _report(model, err: dict, smap: SourceMap, base: tuple, diags: Diagnostics) -> None:
    loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and ("[" in x or x.startswith("function-"))))
    where = base + loc
    field_path = ".".join(str(x) for x in loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _fields_at(model, loc[:-1])
        hint = _hints(model, loc)
        msg = f"unknown key '{key}'"
        msg += f"; did you mean '{hint[0]}'?" if hint else (f" (expected one of: {', '.join(known)})" if known else "")
        diags.error(msg, smap.at(where))
    elif kind == "missing":
        parent = ".".join(str(x) for x in loc[:-1])
        diags.error(f"missing required key '{loc[-1]}'" + (f" in {parent}" if parent else ""), smap.at(where[:-1]))
    else:
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        diags.error(f"{field_path}: {msg}" if field_path else msg, smap.at(where))


def _hints(model, loc: tuple) -> list[str]:
    """The accepted key closest to a misspelt one, if any is close."""
    return difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6)


def _fields_at(model, loc: tuple) -> list[str]:
    """The keys a model accepts at a location (for 'did you mean')."""
    cls = model
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        finfo = cls.model_fields.get(part) or next(
            (f for f in cls.model_fields.values() if f.alias == part), None
        )
        cls = _model_in(finfo.annotation) if finfo else None
    if cls is None:
        return []
    return [f.alias or n for n, f in cls.model_fields.items() if n != "csl"]


def _model_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _unique(items: list, what: str, diags: Diagnostics, partial: list) -> dict:
    seen: dict = {}
    model = {"source": Source, "finding": Finding, "ask": Ask}[what]
    entries = items + [p for p in partial if p.model is model and p.id]
    entries.sort(key=lambda e: (str(e.pos().file), e.pos().line))
    for item in entries:
        if item.id in seen:
            first = seen[item.id].pos("id")
            diags.error(
                f"duplicate {what} id '{item.id}' (first defined at {first.file.name}:{first.line})", item.pos("id")
            )
        else:
            seen[item.id] = item
    return {k: v for k, v in seen.items() if not isinstance(v, Partial)}


def _cross_check(ev: Evidence, diags: Diagnostics, partial: list) -> set[str]:
    """Citations, audiences and files named; returns the ids of the sources cited anywhere."""
    cited: set[str] = set()
    audiences = ev.dossier.audiences

    def check_key(key: str, pos: Position) -> None:
        cited.add(key)
        if key not in ev.sources:
            hint = difflib.get_close_matches(key, list(ev.sources), n=1)
            diags.error(
                f"citation key '@{key}' matches no source" + (f"; did you mean '@{hint[0]}'?" if hint else ""), pos
            )

    def check_text(obj, field_name: str) -> None:
        text = obj.data.get(field_name) if isinstance(obj, Partial) else getattr(obj, field_name)
        for line, item in find_citations(text if isinstance(text, str) else ""):
            check_key(item.key, obj.text_pos(field_name, line, "@" + item.key))

    for p in partial:
        for field_name in {Finding: ("body",), Ask: ("text",)}.get(p.model, ()):
            check_text(p, field_name)

    for f in ev.findings:
        check_text(f, "body")
        for q in f.quotes:
            if q.source:
                check_key(q.source, q.pos("source"))
        for fig in f.figures:
            if fig.source:
                check_key(fig.source, fig.pos("source"))
            if not (ev.root / fig.image).is_file():
                diags.error(f"figure image not found: {fig.image}", fig.pos("image"))
    for a in ev.asks:
        check_text(a, "text")
        for i, name in enumerate(a.audiences):
            if name not in audiences:
                hint = difflib.get_close_matches(name, list(audiences), n=1)
                diags.error(
                    f"ask for unknown audience '{name}'"
                    + (f"; did you mean '{hint[0]}'?" if hint else f" (audiences: {', '.join(audiences)})"),
                    a.pos("audiences", i),
                )
    for field_name in ("summary", "background"):
        if getattr(ev.dossier, field_name):
            check_text(ev.dossier, field_name)
    for c in ev.dossier.contacts:
        for i, name in enumerate(c.audiences or []):
            if name not in audiences:
                diags.error(f"contact for unknown audience '{name}'", c.pos("audiences", i))
    for name, aud in audiences.items():
        if aud.citation_style.endswith(".csl"):
            _check_csl(ev, aud, diags)
        if aud.reference_docx and not (ev.root / aud.reference_docx).is_file():
            diags.error(f"reference document not found: {aud.reference_docx}", aud.pos("reference_docx"))
    for s in ev.sources.values():
        if s.attachment:
            file = ev.root / s.attachment
            if file.is_file():
                ev.attachments[s.id] = _attachment(s, file)
            else:
                diags.error(f"attachment not found: {s.attachment}", s.pos("attachment"))
    logo = ev.dossier.organisation.logo
    if logo and not (ev.root / logo).is_file():
        diags.error(f"logo not found: {logo}", ev.dossier.organisation.pos("logo"))
    return cited


def _attachment(s: Source, file: Path) -> Attachment:
    """Hash a source's file once, as it is read: the digest printed is the digest of the bytes embedded."""
    import hashlib

    data = file.read_bytes()
    return Attachment(s.id, file.name, str(file.resolve()), hashlib.sha256(data).hexdigest(), len(data), s.title)


def _check_csl(ev: Evidence, aud, diags: Diagnostics) -> None:
    """A dossier's own CSL style exists and citeproc-py can read it (a build would fail on it later)."""
    from .csl import load_style

    file, pos = ev.root / aud.citation_style, aud.pos("citation_style")
    if not file.is_file():
        diags.error(f"citation style not found: {aud.citation_style}", pos)
        return
    try:
        load_style(file, aud.language or ev.dossier.language, pos)
    except BriefgenError as exc:
        diags.items.extend(exc.diagnostics)
