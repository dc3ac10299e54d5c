"""Links in the Word file: a web address as one relationship of the part per address (``LinkIds``), a link
to a heading of the brief as a bookmark name (``bookmark``)."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT


def bookmark(identifier: str) -> str:
    """A heading's identifier as a Word bookmark name (a letter first, letters, digits and "_" only)."""
    return "h_" + identifier.replace("-", "_")


class LinkIds:
    """The relationship ids of a part's hyperlinks, one per address. python-docx's ``relate_to`` scans every
    relationship of the part for a match and again for a free id, on every link: with a few thousand sources
    the Word file took the square of their number (38.7 s for 4,000 findings with 8,000 sources)."""

    def __init__(self, part):
        self.rels = part.rels
        self.by_target = {rel.target_ref: rid for rid, rel in self.rels.items()
                          if rel.is_external and rel.reltype == RT.HYPERLINK}
        self.next = len(self.rels) + 1

    def get(self, target: str) -> str:
        rid = self.by_target.get(target)
        if rid is None:
            while f"rId{self.next}" in self.rels:
                self.next += 1
            rid = f"rId{self.next}"
            self.rels.add_relationship(RT.HYPERLINK, target, rid, is_external=True)
            self.by_target[target] = rid
        return rid

