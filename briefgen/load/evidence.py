"""What the load stage hands on: every item of one dossier, validated and cross-checked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Diagnostics
from ..tree import Attachment
from .base import TLP
from .dossier import Dossier
from .findings import Ask, Finding
from .paths import is_evidence
from .sources import Source

_DIGESTS: dict[tuple, str] = {}  # a file's SHA-256 by its path, size, time and inode, while the process runs


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read again only when its size, time or inode changed: a process that builds again
    and again (``briefgen preview``) read every file of the dossier, a video beside the findings included,
    at each save."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
    digest = _DIGESTS.get(key)
    if digest is None:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
        digest = h.hexdigest()
        if len(_DIGESTS) > 100_000:
            _DIGESTS.clear()
        _DIGESTS[key] = digest
    return digest


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
    invalid_sources: set[str] = field(default_factory=set)  # ids of sources that failed validation
    incomplete: bool = False  # a finding or ask file could not be read or an entry failed validation

    @cached_property
    def inputs_sha256(self) -> str:
        """A SHA-256 over the evidence base as it stands: every file of the dossier folder (its YAML, templates,
        theme, images and source files), by relative path and content; not the build folder, hidden files,
        editors' leftovers (``paths.is_evidence``), briefs built into the folder elsewhere (``ID-AUDIENCE.pdf``
        / ``.docx``), nor files a link leads to outside the folder (the build does not read them). A brief
        carries it, so that anyone can tell which state of the dossier it was built from."""
        total = hashlib.sha256()
        root = self.root
        base = root.resolve()
        briefs = {f"{self.dossier.id}-{name}.{fmt}" for name in self.dossier.audiences for fmt in ("pdf", "docx")}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if not is_evidence(rel) or path.name in briefs:
                continue
            try:
                if path.is_symlink() and not path.resolve().is_relative_to(base):
                    continue
                digest = file_sha256(path)
            except (OSError, RuntimeError):
                continue
            total.update(f"{rel}\0{digest}\n".encode())
        return total.hexdigest()

    def sensitivity(self, item) -> TLP:
        """An item's TLP label, the dossier's default marking when it sets none."""
        return item.sensitivity or self.dossier.marking
