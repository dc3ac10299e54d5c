"""Numbered lists in Word: each list a numbering of its own. Word numbers every paragraph of a list style
(List Number) in one sequence through the document, so a brief's second numbered list went on from its
first, and a list starting at 7 started wherever the last one had ended."""

from __future__ import annotations

from docx.oxml.ns import qn


def own_numbering(docx, style, start: int) -> str | None:
    """The id of a new numbering for one list in the paragraph style ``style`` (python-docx's) of ``docx``,
    counting from ``start`` (the style's own numbering, restarted); None where the style numbers nothing (a
    house template's list style without numbering)."""
    num_id = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    numbering = docx.part.numbering_part.element
    try:
        abstract = numbering.num_having_numId(int(num_id.get(qn("w:val")))).abstractNumId.val
    except (AttributeError, KeyError, TypeError, ValueError):
        return None
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return str(num.numId)
