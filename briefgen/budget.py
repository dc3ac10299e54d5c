"""A page budget: fit a brief to its pages (``page_budget``), failing or dropping its lowest-priority
findings (``on_overflow``). Laying out is the PDF writer's; choosing what to drop is selection's."""

from __future__ import annotations

from .errors import BriefgenError
from .load import Evidence
from .render import render
from .select import Selection, select
from .tree import Document
from .writers import Written


def fit_budget(ev: Evidence, name: str, sel: Selection, doc: Document, theme, created):
    """Fit a brief to its page budget: fail, or keep the most findings (by priority) that fit
    (``on_overflow``). Only the part the budget counts is laid out while searching (the pages before the
    first section break); the search halves the range each time, since fewer findings never take more
    room. Returns the selection, the document and its final PDF (a ``Written``)."""
    from dataclasses import replace

    from .tree import PageBreak
    from .writers.pdf import layout

    aud = ev.dossier.audiences[name]
    budget = aud.page_budget
    pages_word = f"{budget} page{'s' * (budget != 1)}"
    reason = f"over the page budget ({pages_word})"

    def counted_pages(d: Document) -> int:
        cut = next((i for i, b in enumerate(d.blocks) if isinstance(b, PageBreak) and b.new_section), None)
        endnotes = d.meta.notes == "endnotes"
        if cut is not None:  # up to the section break; endnotes (listed later) are not laid out
            d = replace(d, blocks=d.blocks[:cut + 1])
        return layout(d, theme, note_links=not endnotes, tagged=False)[2]  # measured only: no structure tree

    def trimmed(n: int):
        s = select(ev, name, limit=(n, reason))
        return s, render(ev, s, created)

    data, pages, first = layout(doc, theme, verify=True)  # the whole brief: when it fits, this is its PDF
    if first > budget:
        part = "its first section (before the section break)" if any(
            isinstance(b, PageBreak) and b.new_section for b in doc.blocks) else "it"
        if aud.on_overflow == "error":
            lowest = ", ".join(c.finding.id for c in reversed(sel.findings[-3:]))
            raise BriefgenError(f"audience '{name}': {part} takes {first} pages, over its page budget of "
                                f"{pages_word}; shorten it, or set on_overflow: trim to drop the "
                                f"lowest-priority findings ({lowest} ...)", aud.pos("page_budget"))
        # The most findings that fit lies in lo..hi: at least one, unless the audience allows a brief without.
        fits, lo, hi = None, 0 if aud.allow_empty else 1, len(sel.findings) - 1
        while lo <= hi:
            mid = (lo + hi + 1) // 2
            candidate = trimmed(mid)
            if counted_pages(candidate[1]) <= budget:
                fits, lo = candidate, mid + 1
            else:
                hi = mid - 1
        if fits is None and (aud.allow_empty or not sel.findings):
            raise BriefgenError(f"audience '{name}': {part} takes more than {pages_word} without any finding",
                                aud.pos("page_budget"))
        if fits is None:  # trimmed to nothing, it would say nothing: the budget is the problem
            raise BriefgenError(f"audience '{name}': {part} takes more than {pages_word} with only its first finding "
                                f"('{sel.findings[0].finding.id}'); raise the page budget, or shorten what comes "
                                "before the findings (or set allow_empty: true for a brief without findings)",
                                aud.pos("page_budget"))
        sel, doc = fits
        data, pages, _ = layout(doc, theme, verify=True)
    return sel, doc, Written(data, pages)
