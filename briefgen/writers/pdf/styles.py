"""Paragraph styles for the PDF, derived from the theme, and what a run of spans looks like in one of them."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle

from ...fonts.scripts import needs_shaping
from ...load.theme import Theme
from .fonts import PdfFonts
from .lines import Widths
from .para import ALIGNMENTS
from .rlinternals import SUPERSCRIPT
from .shaping import Shaper
from .spans import Span

sizeDelta, supFraction = SUPERSCRIPT


class Styles:
    """Paragraph styles derived from the theme."""

    def __init__(self, theme: Theme, fonts: PdfFonts):
        s, c = theme.sizes, theme.colours
        reg, bold, ital, _ = fonts.body
        hbold = fonts.heading[1]
        text, primary, muted = colors.HexColor(c.text), colors.HexColor(c.primary), colors.HexColor(c.muted)
        self.link = c.link
        self.link_colour = colors.HexColor(c.link)
        self.shaper = Shaper()
        self.widths = Widths(self.shaper)
        self.note_links = True  # off only to measure a part whose endnotes are not laid out
        self.text = fonts
        self.fonts = (reg, bold, ital)
        self._shaped: dict[str, ParagraphStyle] = {}
        base = ParagraphStyle("body", fontName=reg, fontSize=s.body, leading=s.body * 1.42, textColor=text,
                              spaceAfter=s.body * 0.6, allowWidows=0, allowOrphans=0, bulletFontName=reg)
        mk = lambda name, **kw: ParagraphStyle(name, parent=base, **kw)  # noqa: E731
        self.by_name = {
            "body": base,
            "title": mk("title", fontName=hbold, fontSize=s.title, leading=s.title * 1.15, textColor=primary,
                        spaceAfter=s.title * 0.35),
            "subtitle": mk("subtitle", fontSize=s.subtitle, leading=s.subtitle * 1.3, textColor=muted,
                           spaceAfter=s.subtitle * 0.5),
            "kicker": mk("kicker", fontName=hbold, fontSize=s.small, textColor=colors.HexColor(c.accent),
                         spaceAfter=4),
            "meta": mk("meta", fontSize=s.small + 0.5, textColor=muted, spaceAfter=2),
            "h1": mk("h1", fontName=hbold, fontSize=s.h1, leading=s.h1 * 1.25, textColor=primary,
                     spaceBefore=s.h1 * 0.9, spaceAfter=s.h1 * 0.45, keepWithNext=1),
            "h2": mk("h2", fontName=hbold, fontSize=s.h2, leading=s.h2 * 1.25, textColor=primary,
                     spaceBefore=s.h2 * 1.0, spaceAfter=s.h2 * 0.4, keepWithNext=1),
            "h3": mk("h3", fontName=hbold, fontSize=s.h3, leading=s.h3 * 1.3, textColor=text,
                     spaceBefore=s.h3 * 0.9, spaceAfter=s.h3 * 0.3, keepWithNext=1),
            # levels 4 to 6 (a finding's own subheadings, under its title): bold text of the body's size
            "h4": mk("h4", fontName=hbold, leading=s.body * 1.35, textColor=text, spaceBefore=s.body * 0.7,
                     spaceAfter=s.body * 0.2, keepWithNext=1),
            "evidence": mk("evidence", fontName=ital, fontSize=s.small + 0.5, textColor=muted, spaceAfter=4,
                           keepWithNext=1),
            "quote": mk("quote", fontName=ital, leftIndent=0, textColor=text, spaceAfter=3),
            "caption": mk("caption", fontSize=s.small, leading=s.small * 1.35, textColor=muted),
            "code": mk("code", fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.4, textColor=text, spaceAfter=6),
            "note": mk("note", fontSize=s.small, leading=s.small * 1.35, leftIndent=14, bulletIndent=0,
                       bulletFontSize=s.small, spaceAfter=2),
            "bib": mk("bib", fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.35, leftIndent=14,
                      firstLineIndent=-14, spaceAfter=3),
            "contact": mk("contact", fontSize=s.body - 0.5, spaceAfter=2),
            "release": mk("release", fontName=hbold, fontSize=s.small, textColor=colors.HexColor(c.accent),
                          spaceAfter=8),
            "endmark": mk("endmark", alignment=TA_CENTER, textColor=muted),
            "cell": mk("cell", fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.3, spaceAfter=0),
            "cellhead": mk("cellhead", fontName=hbold, fontSize=s.small + 0.5, leading=(s.small + 0.5) * 1.3,
                           spaceAfter=0),
        }
        for name in ("title", "subtitle", "kicker", "meta"):
            self.by_name[name].alignment = TA_LEFT

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_name[name]

    def runs(self, items: list[Span], style: ParagraphStyle) -> list | None:
        """Spans as the runs of a TextBlock in ``style``: None when ReportLab's Paragraph must set them (text
        another font or shaping must set, code, soft hyphens, justified lines). Fonts are chosen as ReportLab's parser
        chooses them (the style's family, made bold or italic); a note number is set as its <super>."""
        if style.alignment not in ALIGNMENTS:
            return None
        family, bold, italic = ps2tt(style.fontName)
        size = style.fontSize
        out = []
        for s in items:
            if s.text is None:
                out.append((None, style.fontName, size, None, 0, None))
                continue
            if s.code or "\xad" in s.text or not self.text.main_only(s.text):  # a soft hyphen: ReportLab hyphenates
                return None
            font = tt2ps(family, bold or s.bold, italic or s.italic)
            colour = self.link_colour if s.link or s.note else None
            if s.note:
                out.append((s.text, font, size - min(sizeDelta, 0.2 * size), colour, size * supFraction, s.link))
            else:
                out.append((s.text, font, size, colour, 0, s.link))
        return out

    def mixed_runs(self, items: list[Span], style: ParagraphStyle) -> list | None:
        """Spans of any script as the runs of a TextBlock set with shaping and the bidirectional algorithm
        (``mixed.py``): each run in the font of its script, made bold or italic as the span is, code in the
        theme's code family. None where ReportLab's Paragraph must set them (soft hyphens, justified lines).
        In a paragraph that must be shaped, soft hyphens are left out instead: ReportLab's Paragraph cut its
        words between any two characters, a Hindi conjunct into a dotted circle and an empty glyph."""
        if style.alignment not in ALIGNMENTS:
            return None
        size = style.fontSize
        bold0, italic0 = ps2tt(style.fontName)[1:]
        shaped = any(s.text and needs_shaping(s.text) for s in items)
        out = []
        for s in items:
            if s.text is None:
                out.append((None, style.fontName, size, None, 0, None))
                continue
            if "\xad" in s.text and not shaped:
                return None
            written = s.text.replace("\xad", "")
            colour = self.link_colour if s.link or s.note else None
            bold, italic = bold0 or s.bold, italic0 or s.italic
            if s.code:
                for text, family in self.text.code_runs(written):
                    out.append((text, tt2ps(family, bold, italic), size, colour, 0, s.link))
                continue
            for text, family in self.text.runs(written):
                font = tt2ps(family or ps2tt(style.fontName)[0], bold, italic)
                if s.note:
                    out.append((text, font, size - min(sizeDelta, 0.2 * size), colour, size * supFraction, s.link))
                else:
                    out.append((text, font, size, colour, 0, s.link))
        return out

    def aligned(self, style: ParagraphStyle, alignment: int) -> ParagraphStyle:
        """The style with ``alignment`` (made once per style and alignment)."""
        if style.alignment == alignment:
            return style
        key = f"{style.name}-aligned-{alignment}"
        if key not in self._shaped:
            self._shaped[key] = ParagraphStyle(key, parent=style, alignment=alignment)
        return self._shaped[key]

    def variant(self, style: ParagraphStyle, rtl: bool) -> ParagraphStyle:
        """The style shaped by HarfBuzz (for Arabic script), right-aligned for a right-to-left paragraph."""
        key = f"{style.name}-{'rtl' if rtl else 'shaped'}"
        if key not in self._shaped:
            extra = {"alignment": TA_RIGHT} if rtl else {}
            self._shaped[key] = ParagraphStyle(key, parent=style, shaping=1, **extra)
        return self._shaped[key]
