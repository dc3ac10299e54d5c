"""Time the PDF stage on synthetic dossiers of 10, 100 and 1,000 findings, beside plain ReportLab laying out
the same paragraphs in the same run: the headings and paragraphs of the same text, in ReportLab's sample
styles, on the same page size, with the notes as plain paragraphs at the end.

There are two baselines. The first sets that text in the same embedded TrueType fonts as briefgen (the same
PT Sans files, which ReportLab embeds subset, as it does briefgen's); the second in ReportLab's built-in
Type 1 Helvetica, which is not embedded. The target applies to the first, because it does the same kind of
work with its fonts as briefgen does, so the ratio measures what briefgen adds and not a choice of font. (On
the 2-core development machine the two cost about the same, 1.3 s for 1,000 findings; neither comes near the
5.6 s the issue quotes for plain ReportLab there, so the fonts do not explain that figure.) Both are plain
ReportLab doing the natural thing with its fonts, and nothing else.

A third baseline, for comparison only, is the TrueType one with the paragraphs as they really are: their
note numbers as superscript links to the notes. Those links make every cited paragraph several fragments,
and ReportLab's Paragraph takes its slower path for them (about 3.0 s for 1,000 findings here). briefgen sets
such paragraphs itself (briefgen/writers/pdf/para.py), which is why it can be faster than that baseline while
doing more (footnotes at the foot of each page, an outline, running headers).

Targets (issue 3): the PDF stage for 1,000 findings within 1.3x of that baseline; 1,000 findings costing no
more than 11x 100 findings; peak memory under 200 MB.

    python benchmarks/pdf_stage.py [SIZES ...] [--rounds R]     (3 rounds unless told)
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))

import plainrl  # noqa: E402
from stagebench import child_or_main, paragraphs  # noqa: E402


def ours(doc, theme):
    from briefgen.writers.pdf import write

    return write(doc, theme)


def _marked(nodes) -> str:
    """A paragraph's text with its note numbers as superscript links to the notes, as ReportLab markup."""
    from briefgen.tree import Cite, plain_text

    return "".join(f'<a href="#note-{n.note}" color="#1F5C99"><super>{n.note}</super></a>'
                   if isinstance(n, Cite) and n.note is not None else escape(plain_text([n])) for n in nodes)


def _plain(doc, sheet, note_links: bool = False):
    from reportlab.platypus import Paragraph

    from briefgen.tree import Heading, Para, walk

    texts, notes = paragraphs(doc)
    if note_links:
        blocks = []
        walk(doc.blocks, block_fn=lambda b: blocks.append(b) if isinstance(b, (Heading, Para)) else None)
        marked = [_marked(b.children) for b in blocks]
        story = [Paragraph(m, sheet[f"Heading{min(lvl, 3)}"] if lvl else sheet["BodyText"])
                 for (lvl, _), m in zip(texts, marked)]
        story += [Paragraph(f'<a name="note-{i}"/>{i}. {escape(t)}', sheet["BodyText"])
                  for i, t in enumerate(notes, 1)]
    else:
        story = plainrl.story(texts, notes, sheet)
    buf = io.BytesIO()
    pages = plainrl.build(story, buf)
    return buf.getvalue(), pages


def _register(family_name: str) -> dict:
    """The theme's family registered with ReportLab from the same TrueType files briefgen sets it in."""
    from briefgen import fonts

    family = fonts.family(family_name)
    return plainrl.register("Plain" + "".join(family.name.split()),
                            {style: family.path(style) for style in fonts.STYLES})


def plain(doc, theme, note_links: bool = False):
    """Plain ReportLab in the theme's TrueType fonts: body text in the body family, headings in the heading one."""
    body = _register(theme.fonts.body)
    heading = body if theme.fonts.heading == theme.fonts.body else _register(theme.fonts.heading)
    return _plain(doc, plainrl.styles(body, heading), note_links)


def plain_linked(doc, theme):
    """The TrueType baseline with the paragraphs as they are: their note numbers as superscript links."""
    return plain(doc, theme, note_links=True)


def plain_type1(doc, theme):
    """Plain ReportLab in its sample styles' built-in Type 1 fonts (Helvetica), not embedded."""
    return _plain(doc, plainrl.styles())


if __name__ == "__main__":
    child_or_main(__file__, {"briefgen": ours, "plain": plain, "linked": plain_linked, "type1": plain_type1},
                  {"plain": "ReportLab TrueType", "linked": "ReportLab TrueType, note links",
                   "type1": "ReportLab Type 1"}, 1.3)
