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
from .sources import Source


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
        theme, images and source files), by relative path and content; not the build folder, hidden files, nor
        briefs built into the folder elsewhere (``ID-AUDIENCE.pdf`` / ``.docx``). A brief carries it, so that
        anyone can tell which state of the dossier it was built from."""
        total = hashlib.sha256()
        root = self.root
        briefs = {f"{self.dossier.id}-{name}.{fmt}" for name in self.dossier.audiences for fmt in ("pdf", "docx")}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if rel.split("/", 1)[0] == "build" or path.name in briefs or \
                    any(part.startswith(".") for part in rel.split("/")):
                continue
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
            total.update(f"{rel}\0{digest}\n".encode())
        return total.hexdigest()

    def sensitivity(self, item) -> TLP:
        """An item's TLP label, the dossier's default marking when it sets none."""
        return item.sensitivity or self.dossier.marking
