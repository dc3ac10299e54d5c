"""Lists as flowables: a list whose items are single paragraphs briefgen sets itself, each with its marker
(``_marked_items``), else ReportLab's ListFlowable; tagged L / LI / Lbl (the marker) / LBody (``tags.py``).
A mixin of ``blocks.Blocks``, which has the paragraphs, styles and the structure tree."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, ListItem, Spacer

from ... import tree as T
from .box import inside
from .rlinternals import ListFlowable, contents
from .spans import spans

LONG_LIST_ITEMS = 30  # a longer list goes item by item (see _list_block)


class Lists:
    def _list_block(self, b, para_style: str) -> list:
        marked = self._marked_items(b, para_style)
        if marked is not None:
            return marked
        items, labels = [], []
        indent, font, size, dy = self._list(isinstance(b, T.BulletList), _last_number(b))
        for item in b.items:
            with self.within("LI"):
                labels.append(self.tags.add("Lbl") if self.tags is not None else None)  # the bullet ReportLab draws
                with self.within("LBody"), inside(self, indent, box=False):  # a table in an item ran past it
                    items.append(ListItem(_opened(self.blocks(item, para_style)) or [Spacer(0, 0)]))
        # a right-to-left brief's markers stand on the right, its items indented from the right
        side = {"leftIndent": 0, "rightIndent": indent, "bulletDir": "rtl", "bulletAlign": "right"} if self.rtl \
            else {"leftIndent": indent}
        if isinstance(b, T.BulletList):
            make = lambda its, start, lbls: ListFlowable(  # noqa: E731
                its, lbls, bulletType="bullet", start="\u2022", bulletFontSize=size, bulletOffsetY=dy,
                bulletFontName=font, **side)
        else:
            make = lambda its, start, lbls: ListFlowable(  # noqa: E731
                its, lbls, bulletType="1", start=start,
                bulletFormat=f"%s{b.delimiter}" if not self.rtl else f"{b.delimiter}%s",
                bulletFontName=font, bulletFontSize=size, **side)
        first = getattr(b, "start", 1)
        if len(items) <= LONG_LIST_ITEMS:
            return [make(items, first, labels)]
        # A long list goes item by item: ReportLab re-wraps a list's remaining items at every page it is
        # split across, which grows with the square of its length.
        return [make([it], first + i, [labels[i]]) for i, it in enumerate(items)]

    def _marked_items(self, b, para_style: str) -> list | None:
        """A list whose every item is one paragraph briefgen sets itself, as those paragraphs, indented, each
        with its bullet or number where ReportLab's ListFlowable sets it (see ``_list``): the same page, at a
        fraction of the cost of ReportLab's list machinery. None for any other list."""
        if not b.items or any(len(item) != 1 or not isinstance(item[0], T.Para) for item in b.items):
            return None
        bullets = isinstance(b, T.BulletList)
        indent, font, size, dy = self._list(bullets, _last_number(b))
        base = self.st[para_style]
        key = f"{base.name}-list-{int(bullets)}-{indent}"
        style = self.st.by_name.get(key)
        if style is None:
            style = self.st.by_name[key] = ParagraphStyle(key, parent=base, leftIndent=base.leftIndent + indent)
        first = getattr(b, "start", 1)
        out = []
        for i, item in enumerate(b.items):
            label = "\u2022" if bullets else f"{first + i}{b.delimiter}"
            block = self._text_block(spans(item[0].children, self.st.note_links), style,
                                     marker=(label, base.leftIndent, style.fontSize - size + dy, font, size))
            if block is None or (self.rtl and not block.rtl):  # a left-to-right item in a right-to-left brief:
                return None  # its marker on the brief's side, as ReportLab's list sets it
            with self.within("LI"):
                if self.tags is not None:
                    block.label_tag = self.tags.add("Lbl")
                out.append(self.leaf(block, "LBody", item[0].children))
        return out

    def _list(self, bullets: bool, last: int = 1) -> tuple[float, str, float, float]:
        """A list's indent, and its bullet's or number's font, size and rise (ReportLab's ListFlowable sets
        a list marker that much above the item's first line, less the difference in size). A number of two
        digits or more ("10.", "999999.") widens the indent to leave a gap after it: it ran into its item's
        text."""
        if bullets:
            return 14, self.st.fonts[0], 8, -1
        font, size = self.st.fonts[1], self.st["body"].fontSize - 1
        return max(16.0, stringWidth(f"{last}.", font, size) + 4) if last > 9 else 16, font, size, 0


def _last_number(b) -> int:
    """The widest number an ordered list prints: its last item's (Markdown's list numbers are not negative)."""
    return 1 if isinstance(b, T.BulletList) else getattr(b, "start", 1) + len(b.items) - 1


def _opened(flowables: list) -> list:
    """An item's flowables, each keep-together group (a figure and its caption) opened into its parts.
    ReportLab's list wraps each flowable of an item in an indenter; the indenter of a group that had to move to
    the next page wrapped the group's frame break too, which cannot be laid out (the build stopped: "_FrameBreak.wrap
    should never be called"). The parts still follow each other; an image moves whole, its caption may not."""
    out = []
    for f in flowables:
        out.extend(contents(f) if type(f) is KeepTogether else [f])
    return out
