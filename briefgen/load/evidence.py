"""What the load stage hands on: every item of one dossier, validated and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def sensitivity(self, item) -> TLP:
        """An item's TLP label, the dossier's default marking when it sets none."""
        return item.sensitivity or self.dossier.marking
