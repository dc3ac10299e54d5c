"""Cross-checks once every file has loaded: each citation names a source, each ask and contact an
audience, each file named (figure, attachment, logo, style, reference document) exists."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..errors import Diagnostics, Position
from ..tree import Attachment
from .citesyntax import find_citations
from .cslfile import check_csl
from .evidence import Evidence
from .findings import Ask, Finding
from .sources import Source
from .validate import Partial


def cross_check(ev: Evidence, diags: Diagnostics, partial: list) -> set[str]:
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
            check_csl(ev, aud, diags)
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
