"""Portion marking and the words around the marking: what a brief says about its handling and its evidence.

In a brief marked above TLP:CLEAR, each portion (a paragraph, a bullet, a quote, a table, a title) whose own label is
more restrictive than the dossier's default marking carries that label inline, "(TLP:AMBER) ...", as
classified documents mark portions: a reader who forwards one paragraph knows what it may go to. The
handling line says in plain words what the brief's label means (TLP 2.0's definitions, in the brief's
language), and the confidence key says what each confidence word means, so that "shared origin" is never
read as independent confirmation.
"""

from __future__ import annotations

import re

from ..load.base import TLP
from .fences import in_code

# TLP 2.0 (FIRST): what a recipient may do with information under each label, in our words.
HANDLING = {
    "TLP:CLEAR": "no limit on disclosure",
    "TLP:GREEN": "may be shared within the recipient's community, not published",
    "TLP:AMBER": "may be shared on a need-to-know basis within the recipient's organisation and its clients",
    "TLP:AMBER+STRICT": "may be shared on a need-to-know basis within the recipient's organisation only",
    "TLP:RED": "for the named recipients only, not to be passed on",
}
# What each confidence word means: printed wherever the words are.
CONFIDENCE = {
    "confirmed": "independent sources agree",
    "shared-origin": "several reports, all resting on one origin",
    "reported": "one source",
    "alleged": "claimed, not verified",
}
CONFIDENCE_LABELS = {"confirmed": "Confirmed", "shared-origin": "Shared origin", "reported": "Reported",
                     "alleged": "Alleged"}

_BLOCK_MARK = re.compile(r"^(?P<lead>[ \t]*(?:>[ \t]?)*(?:#{1,6}[ \t]+|(?:[-+*]|\d{1,9}[.)])[ \t]+)?)(?P<rest>.*)$")
_ITEM = re.compile(r"(?:#{1,6}|[-+*]|\d{1,9}[.)])[ \t]+$")
# Lines that are not a portion's text: a table's row, a fence, a comment, a link reference definition (marked, it
# was printed as text and its links with it).
_NOT_TEXT = re.compile(r"^[ \t]*(?:\||```|~~~|:::|<!--|$)|^ {0,3}\[[^\]]+\]:")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~|:::)")


class Portions:
    """The marks of one brief: an item is marked when its label is above the dossier's default marking and
    the brief itself is marked above TLP:CLEAR."""

    def __init__(self, base: TLP, brief: TLP):
        self.base, self.on = base, brief.rank > TLP.CLEAR.rank

    def mark(self, label: TLP) -> str:
        """"(TLP:AMBER) " for a label above the base, else ""."""
        return f"({label}) " if self.on and label.rank > self.base.rank else ""

    def text(self, value: str | None, label: TLP) -> str | None:
        """A plain text with its portion mark in front."""
        return value if not value else self.mark(label) + value

    def markdown(self, value: str | None, label: TLP) -> str | None:
        """Markdown with the mark at the start of each paragraph, list item, quote and heading."""
        mark = self.mark(label)
        if not mark or not value:
            return value
        out, start, depth = [], True, 0
        lines = value.split("\n")
        for line, code in zip(lines, in_code(lines)):
            if code:  # fenced code is printed as written: no mark inside it
                out.append(line)
                start = bool(_FENCE.match(line))
                continue
            m = _BLOCK_MARK.match(line)
            quotes = m.group("lead").count(">") if m else 0
            start = start or quotes > depth  # a quote inside the quote ("> > Quoted in ...") is a portion too
            depth = quotes
            item = bool(m and _ITEM.search(m.group("lead")))  # a list item or a heading starts a portion
            if start and line.lstrip().startswith("|"):  # a table: marked in its first cell
                line = line.replace("|", "| " + mark, 1)
            elif (start or item) and m and not _NOT_TEXT.match(line):
                line = m.group("lead") + mark + m.group("rest")
            out.append(line)
            # after a blank line (">" alone, in a quote) or a box's fence, a paragraph starts
            start = not line.strip(" \t>") or bool(_FENCE.match(line))
        return "\n".join(out)


_QUOTED_MARK = re.compile(r"([\u201c\u2018\u00ab\u201e\u300c\"'])\((TLP:[A-Z+]+)\) ")


def hoist(markdown: str) -> str:
    """A mark a template printed inside quotation marks put before them: "(TLP:AMBER) “words”", as a reader
    expects it, rather than inside the speaker's words."""
    return _QUOTED_MARK.sub(r"(\2) \1", markdown) if "(TLP:" in markdown else markdown
