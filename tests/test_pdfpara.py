"""briefgen's own paragraphs in the PDF (briefgen/writers/pdf/para.py): lines broken where ReportLab breaks
them, split across pages by ReportLab's widow and orphan rules, list markers where ReportLab's lists put
them, links where their text is, headings kept with what follows them, and the shortcuts taken in writing
the file (note links, text encoding) giving the bytes ReportLab's own way gives."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import assert_same_pixels

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "briefs" / "xinjiang-police-files"
WORDS = ("the police files detention Xinjiang county records shot escape guards a of to in 2022\u00a0May "
         "https://www.example.org/a/very/long/path/that/goes/on/and/on/forever/index.html Qaraqash (Moyu)").split(" ")


@pytest.fixture(scope="module")
def fonts_registered():
    """PT Sans registered with ReportLab under names of this test's own, with its bold and italic."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from briefgen import fonts

    family = fonts.family("PT Sans")
    names = {style: f"ParaTest-{style}" for style in fonts.STYLES}
    for style, name in names.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(family.path(style))))
    for bold, italic, style in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bolditalic")):
        addMapping(names["regular"], bold, italic, names[style])
    return names


def reportlab_lines(paragraph) -> list[str]:
    bl = paragraph.blPara
    texts = [" ".join(line[1]) if bl.kind == 0 else "".join(getattr(w, "text", "") for w in line.words)
             for line in bl.lines]
    return [" ".join(t.split()) for t in texts]


def our_lines(block, width) -> list[str]:
    from briefgen.writers.pdf.lines import BREAK

    words, lines = block._lines(width)
    return [" ".join(" ".join("".join(p[1] for p in w[1]) for w in words[a:b] if w is not BREAK).split())
            for a, b, _ in lines]


def random_paragraph(rng: random.Random, names: dict, size: float):
    """Runs and the same text as ReportLab markup: words in roman, bold, italic or linked; note numbers set
    after a word, as briefgen sets them; neighbours set alike in one run, as ``spans.spans`` makes them."""
    from xml.sax.saxutils import escape

    runs: list[list] = []  # [text, font, size, colour, rise, link]
    for _ in range(rng.randint(1, 45)):
        word, kind = rng.choice(WORDS), rng.random()
        if kind < 0.12 and runs and not runs[-1][0].endswith(" "):
            n = str(rng.randint(1, 300))
            runs.append([n, names["regular"], size - min(2, 0.2 * size), "blue", size * 0.5, f"#note-{n}"])
            continue
        style = (names["bold"], None) if kind < 0.22 else (names["italic"], "https://example.org") if kind < 0.28 \
            else (names["regular"], None)
        text = word + (" " if rng.random() < 0.92 else "")
        if runs and runs[-1][1] == style[0] and runs[-1][5] == style[1] and runs[-1][4] == 0:
            runs[-1][0] += text
        else:
            runs.append([text, style[0], size, None, 0, style[1]])
    markup = []
    for text, font, _, _, rise, link in runs:
        t = escape(text)
        t = f"<super>{t}</super>" if rise else f"<b>{t}</b>" if font == names["bold"] else \
            f"<i>{t}</i>" if font == names["italic"] else t
        markup.append(f'<a href="{link}">{t}</a>' if link else t)
    return [tuple(r) for r in runs], "".join(markup)


@pytest.fixture
def cut_anywhere(monkeypatch):
    """Words too long for a line cut between any two characters, as ReportLab cuts them: without the places
    briefgen prefers in a web address (``wordcuts.CUT_BEFORE``, ``CUT_AFTER``; test_addresses_are_cut_...)."""
    from briefgen.writers.pdf import wordcuts

    monkeypatch.setattr(wordcuts, "CUT_BEFORE", frozenset())
    monkeypatch.setattr(wordcuts, "CUT_AFTER", frozenset())


def test_lines_break_where_reportlab_breaks_them(fonts_registered, cut_anywhere):
    """Hundreds of paragraphs of every kind briefgen sets (notes after words, bold, linked italics,
    no-break spaces, URLs longer than a line, bullets, first-line and hanging indents, narrow to wide):
    each breaks into the same lines as ReportLab's own Paragraph."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefgen.writers.pdf.lines import Widths
    from briefgen.writers.pdf.para import TextBlock

    names = fonts_registered
    widths = Widths()
    differ = []
    for seed in range(400):
        rng = random.Random(seed)
        size = rng.choice([7.5, 9, 10.5, 16])
        style = ParagraphStyle("p", fontName=names["regular"], fontSize=size, leading=size * 1.4,
                               leftIndent=rng.choice([0, 14]), firstLineIndent=rng.choice([0, -14, 12]),
                               bulletFontName=names["regular"], bulletFontSize=size)
        runs, markup = random_paragraph(rng, names, size)
        bullet = rng.choice([None, "7.", "312."])
        width = rng.choice([90, 160, 300, 453])
        theirs = Paragraph(markup, style, bulletText=bullet)
        theirs.wrap(width, 10_000)
        ours = TextBlock(runs, style, widths, bullet)
        ours.wrap(width, 10_000)
        if reportlab_lines(theirs) != our_lines(ours, width):
            differ.append(seed)
    assert not differ


def test_the_sample_and_a_synthetic_brief_break_as_reportlab_would(monkeypatch, tmp_path, cut_anywhere):
    """Every paragraph of Latin text briefgen sets in the three sample briefs and a synthetic one, at its
    width (paragraphs with other scripts break on shaped widths and reorder by line: test_bidi.py)."""
    from reportlab.platypus import Paragraph

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers import pdf
    from briefgen.writers.pdf import blocks, spans
    from briefgen.writers.pdf.para import TextBlock

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_dossier

    made = []
    para = blocks.Blocks.para

    def recording(self, inlines, style, anchor=None, bullet=None, outline=None):
        block = para(self, inlines, style, anchor, bullet, outline)
        if isinstance(block, TextBlock) and block.mixed is None:  # other scripts: test_bidi.py
            made.append((block, spans.span_markup(spans.spans(inlines, self.st.note_links), self.st), style, bullet,
                         self.width))
        return block

    monkeypatch.setattr(blocks.Blocks, "para", recording)
    synthetic = make_dossier(tmp_path / "synth", 60)
    for root in (SAMPLE, synthetic):
        for doc in plan(root).documents.values():
            if not doc.meta.hyphenate:  # hyphenated (the French note): breaks ReportLab's Paragraph does not make
                pdf.write(doc, load_theme(root))
    assert len(made) > 600
    for block, markup, style, bullet, width in made:
        theirs = Paragraph(markup, style, bulletText=bullet)
        theirs.wrap(width, 10_000)
        assert reportlab_lines(theirs) == our_lines(block, width)


def test_addresses_are_cut_where_a_reader_sees_them_continue(fonts_registered):
    """A web address longer than a line is cut before a slash, a full stop or a hyphen, or after "//", "=" or
    "&" (CMOS 14.18), where ReportLab cuts it between any two characters ("https://www.ohchr.org/en/docu" |
    "ments/..."); a line is not left less than 30% full for it, and text with none of those marks (Base64) is
    still cut between characters."""
    from reportlab.lib.styles import ParagraphStyle

    from briefgen.writers.pdf.lines import Widths
    from briefgen.writers.pdf.para import TextBlock
    from briefgen.writers.pdf.wordcuts import CUT_AFTER, CUT_BEFORE

    style = ParagraphStyle("p", fontName=fonts_registered["regular"], fontSize=9, leading=12)
    url = ("https://www.ohchr.org/en/documents/country-reports/ohchr-assessment-human-rights-concerns-xinjiang-"
           "uyghur-autonomous-region?lang=en&page=2&format=pdf")
    for width in (90, 140, 200, 260):
        for text in (url, "Source: " + url):
            block = TextBlock([(text, style.fontName, 9, None, 0, None)], style, Widths())
            block.wrap(width, 10_000)
            lines = our_lines(block, width)
            assert "".join(lines).replace(" ", "") == text.replace(" ", ""), lines
            for before, after in zip(lines, lines[1:]):
                if before == "Source:":  # the address starts the next line
                    continue
                after_mark = before[-1] in CUT_AFTER and (before[-1] != "/" or before.endswith("//"))
                assert after[0] in CUT_BEFORE or after_mark, (width, lines)
    blob = "QmFzZTY0IGlzIGN1dCBiZXR3ZWVuIGFueSB0d28gY2hhcmFjdGVycw" * 4
    block = TextBlock([(blob, style.fontName, 9, None, 0, None)], style, Widths())
    block.wrap(120, 10_000)
    assert len(our_lines(block, 120)) > 3 and "".join(our_lines(block, 120)) == blob


def test_split_follows_reportlab_widow_and_orphan_rules(fonts_registered):
    """A paragraph of one to seven lines split in every height: the same parts as ReportLab's (none when it
    must move on whole), with the bullet, list marker, anchor and bookmark on the first part only. Where it
    fits whole, ReportLab returns the paragraph itself and briefgen none: ReportLab's table cells take a
    one-part split for two parts and fail (``TextBlock.split``)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from briefgen.writers.pdf.lines import Widths
    from briefgen.writers.pdf.para import TextBlock

    names = fonts_registered
    for allow in (0, 1):
        style = ParagraphStyle("p", fontName=names["regular"], fontSize=10, leading=14, allowWidows=allow,
                               allowOrphans=allow, bulletFontName=names["regular"])
        for n_words in (3, 12, 25, 40, 55, 70, 85):
            text = " ".join(["detention"] * n_words)
            theirs = Paragraph(text, style, bulletText="1.")
            ours = TextBlock([(text, names["regular"], 10, None, 0, None)], style, Widths(), "1.",
                             anchors=("note-1",), outline=(0, "x", "h1"), marker=("2.", 0, 0, names["bold"], 9))
            theirs.wrap(200, 10_000)
            ours.wrap(200, 10_000)
            for height in range(0, 14 * 8, 7):
                a, b = theirs.split(200, height), ours.split(200, height)
                a = [] if a == [theirs] else a
                for part in a[1:]:
                    part.wrap(200, 10_000)
                assert [len(p.blPara.lines) if p is not theirs else "whole" for p in a] == \
                       [len(p._lines(200)[1]) if p is not ours else "whole" for p in b], (allow, n_words, height)
                if len(b) == 2:
                    assert (b[0].bullet, b[0].anchors, b[0].outline, b[0].marker[0]) == \
                        ("1.", ("note-1",), (0, "x", "h1"), "2.")
                    assert (b[1].bullet, b[1].anchors, b[1].outline, b[1].marker) == (None, (), None, None)
                    assert our_lines(b[0], 200) + our_lines(b[1], 200) == our_lines(ours, 200)
                theirs.wrap(200, 10_000)  # ReportLab forgets its lines when it refuses a split


def test_list_items_are_set_as_reportlab_lists_set_them(monkeypatch, tmp_path):
    """Lists of one-paragraph items are paragraphs with a marker, not ReportLab's ListFlowable: the
    lawmakers' first page (numbered asks, bulleted findings) has every character where, in the size, font
    and colour, ReportLab's lists put it."""
    import dataclasses

    import pdfplumber

    from briefgen import tree as T
    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers import pdf
    from briefgen.writers.pdf import blocks

    doc, theme = plan(SAMPLE).documents["lawmakers"], load_theme(SAMPLE)
    # Up to the heading after the findings' list: what follows may break differently (a heading ReportLab's
    # lists would leave at the foot of the page goes on with its list here).
    first_list = next(i for i, b in enumerate(doc.blocks) if isinstance(b, T.BulletList))
    end = next(i for i, b in enumerate(doc.blocks) if i > first_list and isinstance(b, T.Heading))
    assert any(isinstance(b, T.OrderedList) for b in doc.blocks[:end])
    doc = dataclasses.replace(doc, blocks=doc.blocks[:end])
    ours = tmp_path / "ours.pdf"
    ours.write_bytes(pdf.layout(doc, theme, note_links=False)[0])  # the notes they would link to are cut
    monkeypatch.setattr(blocks.Blocks, "_marked_items", lambda self, b, style: None)
    theirs = tmp_path / "theirs.pdf"
    theirs.write_bytes(pdf.layout(doc, theme, note_links=False)[0])
    keys = ("text", "x0", "top", "size", "fontname", "non_stroking_color")
    with pdfplumber.open(ours) as a, pdfplumber.open(theirs) as b:
        chars = [[tuple(round(c[k], 2) if isinstance(c[k], float) else c[k] for k in keys) for c in p.pages[0].chars]
                 for p in (a, b)]
    assert "".join(c[0] for c in chars[0]).count("\u2022") >= 2  # the page has a bulleted list, and a numbered
    assert chars[0] == chars[1]


def test_url_links_cover_their_text(sample_build, sample_evidence):
    """Each web link's rectangle covers the text of its link in the tree (or its part on that line), and
    nothing else: a URL printed as itself, or the title a press release's list of sources links."""
    import pdfplumber
    from pypdf import PdfReader

    from briefgen.pipeline import final
    from briefgen.tree import Link, plain_text, walk

    out, _ = sample_build
    for audience in ("diplomats", "lawmakers", "press"):
        links: dict[str, list[str]] = {}  # url -> the texts that link to it
        walk(final(sample_evidence, audience)[1].blocks, inline_fn=lambda n: links.setdefault(n.url, []).append(
            " ".join(plain_text(n.children).split())) if isinstance(n, Link) else None)
        pdf_path = out / f"xinjiang-police-files-{audience}.pdf"
        checked = 0
        with pdfplumber.open(pdf_path) as pdf:
            for i, page in enumerate(PdfReader(pdf_path).pages):
                for annot in page.get("/Annots") or []:
                    annot = annot.get_object()
                    action = annot.get("/A")
                    if not action or action.get("/S") != "/URI":
                        continue
                    x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                    plumb = pdf.pages[i]
                    inside = [c for c in plumb.chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
                              and y0 <= plumb.height - (c["top"] + c["bottom"]) / 2 <= y1]
                    text = "".join(c["text"] for c in inside).strip()
                    texts = [t.replace(" ", "") for t in links.get(str(action["/URI"]), [])]
                    assert text and any(text.replace(" ", "") in t for t in texts), (audience, text, action["/URI"])
                    checked += 1
        assert checked > 5, audience


def test_no_heading_ends_a_page(tmp_path):
    """A heading is kept with the text it introduces, notes included: the last line of each page's text
    (above its footnotes) is neither a heading nor the evidence line under a finding's heading. The
    synthetic brief's first finding fits at the foot of page one only without its footnotes; the sample
    briefs are checked too."""
    import pdfplumber

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers import pdf

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_dossier

    synthetic = make_dossier(tmp_path / "synth", 20)
    for root in (synthetic, SAMPLE):
        sizes = load_theme(root).sizes
        for name, doc in plan(root).documents.items():
            target = tmp_path / f"{root.name}-{name}.pdf"
            target.write_bytes(pdf.write(doc, load_theme(root))[0])
            with pdfplumber.open(target) as opened:
                for number, page in enumerate(opened.pages, 1):
                    rules = [line for line in page.lines if abs(line["top"] - line["bottom"]) < 1]
                    footer = max(line["top"] for line in rules)
                    notes = [line["top"] for line in rules if abs(line["x1"] - line["x0"] - 50) < 1]
                    limit = min(notes, default=footer)
                    lines = [line for line in page.extract_text_lines() if 60 < line["top"] and line["bottom"] < limit]
                    if not lines:
                        continue
                    chars = lines[-1]["chars"]
                    heading = chars[0]["size"] >= sizes.h3 - 0.25
                    evidence = all("Italic" in c["fontname"] and abs(c["size"] - sizes.small - 0.5) < 0.1
                                   for c in chars if c["text"].strip())
                    assert not heading and not evidence, (root.name, name, number, lines[-1]["text"])


def test_note_links_are_the_bytes_reportlab_writes(monkeypatch):
    """Note links are written as one object each, not through canvas.linkRect; the file is byte for byte
    the one linkRect gives."""
    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers import pdf
    from briefgen.writers.pdf import rlinternals

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    doc, theme = plan(SAMPLE).documents["diplomats"], load_theme(SAMPLE)
    direct = pdf.write(doc, theme)[0]
    monkeypatch.setattr(rlinternals, "DIRECT_LINKS", False)
    assert pdf.write(doc, theme)[0] == direct
    assert direct.count(b"/Subtype /Link") > 40


def test_text_encoding_is_the_bytes_reportlab_writes(monkeypatch):
    """The fast path for encoding text in TrueType fonts (rlinternals/text.py) gives the file ReportLab's own
    ``splitString`` gives, Uyghur and Chinese names included."""
    from reportlab.pdfbase import ttfonts

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers import pdf
    from briefgen.writers.pdf import rlinternals

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    doc, theme = plan(SAMPLE).documents["diplomats"], load_theme(SAMPLE)
    assert ttfonts.TTFont.splitString is rlinternals._split_string
    fast = pdf.write(doc, theme)[0]
    monkeypatch.setattr(ttfonts.TTFont, "splitString", rlinternals._rl_split_string)
    assert pdf.write(doc, theme)[0] == fast


def test_a_finished_layout_is_freed_without_the_cycle_collector():
    """What a layout made is freed as soon as its bytes are taken (rlinternals.marks.release, one canvas class
    for every brief): none of it is left in reference cycles for the collector, which walked hundreds of
    thousands of objects after each layout (the structure tree's elements let go of their parents once
    written, Tags.release)."""
    import gc

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers.pdf import layout

    doc, theme = plan(SAMPLE).documents["diplomats"], load_theme(SAMPLE)
    layout(doc, theme)  # fonts and caches made once per process are not what this is about
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        layout(doc, theme, verify=True)
        gc.collect()
        left = {type(o).__module__ + "." + type(o).__qualname__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
    kept = {name for name in left if name.startswith(("reportlab.", "briefgen."))}
    assert not kept, f"left for the cycle collector: {sorted(kept)}"


def test_text_out_writes_what_reportlab_writes(fonts_registered):
    """briefgen's direct path for strings (rlinternals.text_out, its codes from one translation table) writes
    the bytes ReportLab's own _textOut writes: for characters new to the subset, again once they have codes,
    after a change of font (its Tf operator first), with a no-break space, and an empty string."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from briefgen.writers.pdf.rlinternals import _rl_text_out, text_out

    regular, bold = fonts_registered["regular"], fonts_registered["bold"]
    strings = [(regular, "Police files"), (regular, "Police files"), (bold, "files 2022"), (regular, "files"),
               (regular, "24\u00a0May"), (regular, ""), (bold, "Qaraqash (Moyu) \u2013 caf\u00e9"), (bold, "caf\u00e9")]

    def written(set_text) -> bytes:
        canv = Canvas(io.BytesIO(), invariant=1)
        tx = canv.beginText(10, 10)
        for font, text in strings:
            tx.setFont(font, 9)
            set_text(tx, text)
            set_text(tx, text)  # the same string again, its characters now with codes
        canv.drawText(tx)
        canv.showPage()
        return canv.getpdfdata()

    assert written(text_out) == written(_rl_text_out)


def test_paragraphs_drawn_in_place_land_where_reportlab_would_put_them(monkeypatch, tmp_path):
    """briefgen's paragraphs are drawn without moving the canvas's origin (para._InPlace adds the position to
    what they set). Drawn ReportLab's way instead (a translation per paragraph), the sample's diplomats' and
    right-to-left community briefs and the second dossier's committee brief give the same pixels on every
    page (bullets, note numbers, list markers, shaped Uyghur), the same link rectangles and the same
    destinations of their bookmarks and note links."""
    import re
    import shutil

    import pypdf
    from reportlab.platypus.flowables import Flowable

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers.pdf import layout
    from briefgen.writers.pdf.para import _InPlace

    def seen(pdf: Path) -> tuple:
        reader = pypdf.PdfReader(pdf)
        links = [(n, [round(float(v), 2) for v in a["/Rect"]], re.sub(r"IndirectObject\((\d+), 0, \d+\)", r"\1",
                                                                      str(a.get("/Dest") or a["/A"].get("/URI"))))
                 for n, page in enumerate(reader.pages) for a in (x.get_object() for x in page.get("/Annots", []))]
        marks = [(o.title, reader.get_destination_page_number(o), round(float(o.top or 0), 2))
                 for o in reader.outline if not isinstance(o, list)]
        return links, marks

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    second = ROOT / "tests" / "fixtures" / "second-dossier"
    for root, audience in ((SAMPLE, "diplomats"), (SAMPLE, "community"), (second, "committee")):
        doc, theme = plan(root).documents[audience], load_theme(root)
        for way in ("in-place", "translated"):
            with monkeypatch.context() as m:
                if way == "translated":
                    m.setattr(_InPlace, "drawOn", Flowable.drawOn)
                (tmp_path / f"{audience}-{way}.pdf").write_bytes(layout(doc, theme)[0])
        a, b = tmp_path / f"{audience}-in-place.pdf", tmp_path / f"{audience}-translated.pdf"
        assert a.read_bytes() != b.read_bytes()  # the two ways were both taken
        links, marks = seen(a)
        assert links and marks and (links, marks) == seen(b), audience
        if shutil.which("pdftoppm"):  # (links and destinations are compared without it too)
            assert_same_pixels(a, b, dpi=50)


def test_running_header_and_footer_lines_drawn_directly_look_as_their_paragraphs(monkeypatch, tmp_path):
    """The running header's and footer's words the main font sets, left to right (the title, the organisation,
    the marking, "Page 3 of 7"), are drawn as one string (``page.Furniture._line``) instead of a paragraph
    made, measured and drawn for each: every page of the lawmakers' brief has the same pixels either way,
    and the same text."""
    from pypdf import PdfReader

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers.pdf import layout
    from briefgen.writers.pdf.page import Furniture

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    doc, theme = plan(SAMPLE).documents["lawmakers"], load_theme(SAMPLE)
    for way in ("direct", "paragraphs"):
        with monkeypatch.context() as m:
            if way == "paragraphs":
                m.setattr(Furniture, "_line", lambda *a: False)
            (tmp_path / f"{way}.pdf").write_bytes(layout(doc, theme)[0])
    assert (tmp_path / "direct.pdf").read_bytes() != (tmp_path / "paragraphs.pdf").read_bytes()
    pages = assert_same_pixels(tmp_path / "direct.pdf", tmp_path / "paragraphs.pdf", min_pages=3)
    texts = [[p.extract_text().replace("\u00a0", " ") for p in PdfReader(tmp_path / f"{way}.pdf").pages]
             for way in ("direct", "paragraphs")]
    assert [sorted(t.split()) for t in texts[0]] == [sorted(t.split()) for t in texts[1]]  # the same words
    assert f"Page 1 of {pages}" in texts[0][0]


def test_fill_colour_writes_what_reportlab_writes():
    """briefgen's direct path for a text object's fill colour (rlinternals.fill_colour) writes the bytes
    ReportLab's setFillColor writes: opaque RGB colours (formatted once each), a colour set again, and where
    it must take ReportLab's way: a translucent colour, a CMYK one, and after an opacity was set."""
    import io

    from reportlab.lib.colors import CMYKColor, Color, HexColor, black
    from reportlab.pdfgen.canvas import Canvas

    from briefgen.writers.pdf.rlinternals import fill_colour

    colours = [HexColor("#1F5C99"), black, HexColor("#1F5C99"), Color(0.2, 0.4, 0.6, alpha=0.5),
               CMYKColor(0.1, 0.2, 0.3, 0.4), HexColor("#8A94A3"), black]

    def written(set_colour) -> bytes:
        canv = Canvas(io.BytesIO(), invariant=1)
        tx = canv.beginText(10, 10)
        for i, colour in enumerate(colours):
            set_colour(tx, colour)
            tx.textOut(f"x{i}")
        canv.drawText(tx)
        canv.showPage()
        return canv.getpdfdata()

    assert written(fill_colour) == written(lambda tx, c: tx.setFillColor(c))


def test_a_long_word_is_never_cut_inside_a_character_cluster():
    """A line of Thai (written without spaces), a Hindi conjunct or an emoji family longer than a line is cut
    between clusters: a vowel sign, a virama's conjunct or a joined emoji never starts a line away from its
    letter (Thai read "ไม่มช" | "ี..." where "มี" was cut)."""
    import regex

    from briefgen.writers.pdf.wordcuts import split_word

    runs = [("", "F", 10.0, None, 0, None)]
    for text in ("ภาษาไทยไม่มีช่องว่างระหว่างคำเลยแม้แต่น้อย" * 3, "क्षत्रियक्षत्रियक्षत्रिय" * 4,
                 "👨\u200d👩\u200d👧🇨🇳👍🏽" * 12):
        word = (len(text) * 5.0, ((0, text, len(text) * 5.0, 0),), 0.0, True, None)
        clusters = {m.start() for m in regex.finditer(r"\X", text)}
        for room, width in ((12.0, 31.0), (40.0, 55.0), (3.0, 23.0)):
            parts = split_word(word, runs, lambda c, font, size: 5.0, room, width)
            texts = ["".join(p[1] for p in part[1]) for part in parts]
            assert "".join(texts) == text and len(texts) > 3
            offsets = [sum(map(len, texts[:k])) for k in range(1, len(texts))]
            assert all(o in clusters for o in offsets), [t for t in texts]
