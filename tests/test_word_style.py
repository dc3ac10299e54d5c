"""The Word file in the house style of the PDF: embedded fonts (subset, obfuscated, per audience, under a size
guard), the theme's table, quote, subtitle and bullet styles, notes before sources, and a house template's
header and footer kept with the marking added. LibreOffice's view of it is in test_clients.py."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pytest

from conftest import ROOT, docx_parts, run_cli
from fontTools.ttLib import TTFont
from lxml import etree

from briefgen.pipeline import final
from briefgen.tree import document_chars
from briefgen.writers.docx.embed import obfuscate

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
SECOND = ROOT / "tests" / "fixtures" / "second-dossier"


def docx(out, audience: str, dossier: str = "xinjiang-police-files"):
    return out / f"{dossier}-{audience}.docx"


def embedded(path) -> dict[tuple[str, str], TTFont]:
    """The fonts a .docx embeds, de-obfuscated: {(family name in the font table, style): font}."""
    parts = docx_parts(path)
    table = etree.fromstring(parts["word/fontTable.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(parts["word/_rels/fontTable.xml.rels"])}
    out = {}
    for entry in table.iter(f"{W}font"):
        for el in entry:
            tag = etree.QName(el).localname
            if tag.startswith("embed"):
                data = obfuscate(parts["word/" + rels[el.get(f"{R}id")]], el.get(f"{W}fontKey"))
                out[(entry.get(f"{W}name"), tag.removeprefix("embed"))] = TTFont(io.BytesIO(data))
    return out


def cmap(font: TTFont) -> set[str]:
    return {chr(c) for c in font.getBestCmap()}


def test_the_theme_s_fonts_travel_with_the_word_file(sample_build, sample_evidence):
    """Each face is a TrueType font whose own family name is the name the document uses, holding every
    character of the brief its family sets (the PDF's choice), obfuscated with its key; the package says so."""
    out, _ = sample_build
    path = docx(out, "diplomats")
    fonts = embedded(path)
    assert {("PT Sans", "Regular"), ("PT Sans", "Bold"), ("PT Sans", "Italic"), ("IBM Plex Sans Arabic", "Regular"),
            ("Noto Sans SC", "Regular")} <= set(fonts)
    for (name, _), font in fonts.items():
        assert font["name"].getName(1, 3, 1, 0x409).toUnicode() == name
        assert font["OS/2"].fsType & 0x0002 == 0  # licensed for embedding
        assert "fvar" not in font  # static faces: Word does not read variable fonts
    chars = set(document_chars(final(sample_evidence, "diplomats")[1]))
    han = {c for c in chars if "\u4e00" <= c <= "\u9fff"}
    arabic = {c for c in chars if "\u0600" <= c <= "\u06ff"}
    latin = {c for c in chars if c.isascii() and c.isalnum()}
    assert han and arabic and latin
    assert han <= cmap(fonts[("Noto Sans SC", "Regular")])
    assert arabic <= cmap(fonts[("IBM Plex Sans Arabic", "Regular")])
    assert latin <= cmap(fonts[("PT Sans", "Regular")]) and latin <= cmap(fonts[("PT Sans", "Bold")])
    assert len(cmap(fonts[("Noto Sans SC", "Regular")])) < 300  # a subset, not 30,000 characters
    parts = docx_parts(path)
    settings = parts["word/settings.xml"].decode()
    assert "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>" in settings
    assert 'Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"' in \
        parts["[Content_Types].xml"].decode()
    # LibreOffice reads the font relationships only without a namespace prefix on them.
    assert parts["word/_rels/fontTable.xml.rels"].decode().count("<Relationship ") == sum(
        1 for _ in fonts)
    raw = next(v for k, v in parts.items() if k.endswith(".odttf"))
    assert raw[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO")  # obfuscated as stored


def test_a_font_subset_tells_nothing_of_another_audience_s_brief(tmp_path, sample_evidence):
    """Subsets are made per audience: a character only the TLP:AMBER briefing note prints (a confidential
    name's) is in none of the public brief's fonts."""
    out = tmp_path / "out"
    r = run_cli("build", SECOND, "-f", "docx", "--out", out)
    assert r.returncode == 0, r.stderr
    from briefgen.load import load

    ev = load(SECOND)
    inner = set(document_chars(final(ev, "diplomats")[1]))
    public = set(document_chars(final(ev, "press")[1]))
    from briefgen.writers.docx.embed import EDITING, SHARED

    only_inner = {c for c in inner - public - set(EDITING) - set(SHARED) if not c.isspace()}
    assert only_inner, "the fixture should give the inner brief characters of its own"
    for (name, style), font in embedded(docx(out, "press", "exile-press")).items():
        assert not (only_inner & cmap(font)), (name, style, sorted(only_inner & cmap(font)))
    inner_fonts = embedded(docx(out, "diplomats", "exile-press"))
    assert only_inner <= set().union(*(cmap(f) for f in inner_fonts.values()))


def _with_theme(tmp_path, theme: str):
    root = tmp_path / "dossier"
    shutil.copytree(SECOND, root)
    (root / "theme.yaml").write_text(theme, encoding="utf-8")
    return root


def test_the_size_guard_leaves_faces_out_and_says_which(tmp_path):
    root = _with_theme(tmp_path, "fonts:\n  docx_embed_max_kb: 60\n")
    r = run_cli("build", root, "-a", "diplomats", "-f", "docx")
    assert r.returncode == 0, r.stderr
    warned = re.findall(r"not embedding (.+?) in the Word file: \d+ KB more would pass "
                        r"fonts.docx_embed_max_kb \(60 KB\)", r.stderr)
    assert warned and "theme.yaml" in r.stderr
    path = root / "build" / "exile-press-diplomats.docx"
    fonts = embedded(path)
    assert ("PT Sans", "Regular") in fonts  # the body's regular face comes first
    stored = sum(len(v) for k, v in docx_parts(path).items() if k.endswith(".odttf"))
    assert stored <= 60 * 1024
    assert len(fonts) + len(warned) >= 6


def test_no_embedding_and_a_font_of_the_reader_s_own(tmp_path):
    root = _with_theme(tmp_path, "fonts:\n  docx_embed: none\n  docx_body: Arial\n")
    r = run_cli("build", root, "-a", "press", "-f", "docx")
    assert r.returncode == 0, r.stderr
    parts = docx_parts(root / "build" / "exile-press-press.docx")
    assert not any(k.endswith(".odttf") for k in parts)
    assert b"embedTrueTypeFonts" not in parts["word/settings.xml"]
    styles = parts["word/styles.xml"].decode()
    assert re.search(r'w:styleId="Normal".*?w:ascii="Arial"', styles, re.S)
    assert re.search(r'w:styleId="Heading1".*?w:ascii="PT Sans"', styles, re.S)  # headings keep the theme's


def test_whole_fonts_are_embedded_when_the_theme_asks(tmp_path):
    root = _with_theme(tmp_path, "fonts:\n  docx_embed: full\n  docx_embed_max_kb: 1000\n")
    r = run_cli("build", root, "-a", "press", "-f", "docx")
    assert r.returncode == 0, r.stderr
    fonts = embedded(root / "build" / "exile-press-press.docx")
    assert len(cmap(fonts[("PT Sans", "Regular")])) > 700  # the whole of PT Sans, hinting and all
    assert ("PT Sans", "Bold") in fonts  # 432 + 459 KB fit in 1,000; the italic does not
    assert "not embedding PT Sans italic in the Word file" in r.stderr


def test_word_styles_follow_the_theme(sample_build):
    out, _ = sample_build
    parts = docx_parts(docx(out, "diplomats"))
    styles = etree.fromstring(parts["word/styles.xml"])
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    for sid in ("Title", "Subtitle"):  # no letter-spacing or numbering left from python-docx's template
        assert by_id[sid].find(f"{W}rPr/{W}spacing") is None and by_id[sid].find(f"{W}pPr/{W}numPr") is None
    quote = by_id["Quote"].find(f"{W}pPr/{W}pBdr/{W}left")
    assert quote is not None and quote.get(f"{W}color") == "B5472B"  # the accent rule, as the PDF's quote
    table = by_id["BriefTable"]
    assert table.find(f"{W}tblPr/{W}tblBorders/{W}insideV") is None  # no vertical lines
    head = table.find(f"{W}tblStylePr[@{W}type='firstRow']")
    assert head.find(f"{W}tcPr/{W}shd").get(f"{W}fill") == "EEF2F7" and head.find(f"{W}rPr/{W}b") is not None
    document = parts["word/document.xml"].decode()
    assert '<w:tblStyle w:val="BriefTable"/>' in document and "TableGrid" not in parts["word/styles.xml"].decode()
    assert re.search(r'w:color="B5472B"', document)  # the title block's rule
    numbering = etree.fromstring(parts["word/numbering.xml"])
    bullets = [lvl for lvl in numbering.iter(f"{W}lvl") if lvl.find(f"{W}numFmt").get(f"{W}val") == "bullet"]
    assert bullets and all(lvl.find(f"{W}lvlText").get(f"{W}val") == "\u2022" for lvl in bullets)
    assert all(f.get(f"{W}ascii") == "PT Sans" for lvl in bullets for f in lvl.iter(f"{W}rFonts"))
    theme = next(v for k, v in parts.items() if k.startswith("word/theme/")).decode()
    assert '<a:latin typeface="PT Sans"/>' in theme and "Cambria" not in theme
    names = {f.get(f"{W}name") for f in etree.fromstring(parts["word/fontTable.xml"]).iter(f"{W}font")}
    assert {"PT Sans", "IBM Plex Sans Arabic", "Noto Sans SC"} <= names and not names & {"Calibri", "Cambria"}


def test_word_prints_the_notes_before_the_sources(sample_build):
    """The lawmakers' endnotes come, as in the PDF, after the annex and before the sources: that section ends
    there, Word prints endnotes at the end of a section, the sections before defer theirs to it, and the
    notes' heading opens them (the endnote separator)."""
    out, _ = sample_build
    parts = docx_parts(docx(out, "lawmakers"))
    settings = etree.fromstring(parts["word/settings.xml"])
    assert settings.find(f"{W}endnotePr/{W}pos").get(f"{W}val") == "sectEnd"
    body = etree.fromstring(parts["word/document.xml"]).find(f"{W}body")
    paragraphs = list(body)
    texts = ["".join(p.itertext()) for p in paragraphs]
    sources = texts.index("Sources")
    ends = [i for i, p in enumerate(paragraphs) if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(ends) == 2 and ends[-1] == sources - 1  # the notes' section ends just before "Sources"
    first, notes_end = (paragraphs[i].find(f"{W}pPr/{W}sectPr") for i in ends)
    assert first.find(f"{W}noEndnote") is not None and notes_end.find(f"{W}noEndnote") is None
    last = body.find(f"{W}sectPr")
    assert last.find(f"{W}type").get(f"{W}val") == "continuous"  # the sources follow on the same page
    assert not any(p.find(f"{W}r/{W}endnoteReference") is not None for p in paragraphs[sources:])
    endnotes = etree.fromstring(parts["word/endnotes.xml"])
    separator = endnotes.find(f"{W}endnote[@{W}type='separator']")
    assert "".join(separator.itertext()) == "Notes"
    assert separator.find(f"{W}p/{W}pPr/{W}pStyle").get(f"{W}val") == "Heading2"


def _house(path, header: str, footer: str) -> None:
    from docx import Document

    d = Document()
    d.sections[0].header.paragraphs[0].text = header
    d.sections[0].footer.paragraphs[0].text = footer
    d.styles["Normal"].font.name = "Georgia"
    d.save(path)


def _part_texts(parts, kind: str) -> list[str]:
    return ["".join(etree.fromstring(v).itertext()) for k, v in sorted(parts.items())
            if re.fullmatch(rf"word/{kind}\d+\.xml", k)]


def test_a_house_header_keeps_its_letterhead_with_the_marking_in_its_place(tmp_path):
    root = _with_theme(tmp_path, "reference_docx: house.docx\n")
    _house(root / "house.docx", "Open Line Watch · {marking}", "Geneva office · {page}/{pages}")
    r = run_cli("build", root, "-a", "diplomats", "-f", "docx")
    assert r.returncode == 0, r.stderr
    parts = docx_parts(root / "build" / "exile-press-diplomats.docx")
    headers = _part_texts(parts, "header")
    assert headers == ["Open Line Watch · TLP:AMBER"]  # one header, page 1 too: the house has no first page
    marking = re.search(r"<w:r><w:rPr>(.*?)</w:rPr><w:t[^>]*>TLP:AMBER</w:t></w:r>", parts["word/header1.xml"].decode())
    assert marking and "<w:b/>" in marking.group(1) and 'w:fill="000000"' in marking.group(1)  # TLP's colours
    footer = [v.decode() for k, v in parts.items() if re.fullmatch(r"word/footer\d+\.xml", k)]
    assert len(footer) == 1 and "Geneva office · " in footer[0]
    # Without the marking, briefgen's footer line (organisation, marking, page x of y) goes below it.
    assert 'w:instr="PAGE"' in footer[0] and "TLP:AMBER" in footer[0]
    styles = parts["word/styles.xml"].decode()
    assert re.search(r'w:styleId="Normal".*?Georgia', styles, re.S)  # the house's styles stay


def test_a_house_header_without_placeholders_gets_briefgen_s_line_below(tmp_path):
    root = _with_theme(tmp_path, "reference_docx: house.docx\n")
    _house(root / "house.docx", "OPEN LINE WATCH — letterhead", "")
    r = run_cli("build", root, "-a", "press", "-f", "docx")
    assert r.returncode == 0, r.stderr
    parts = docx_parts(root / "build" / "exile-press-press.docx")
    (header,) = _part_texts(parts, "header")
    assert header.startswith("OPEN LINE WATCH — letterhead") and header.rstrip().endswith("TLP:CLEAR")
    assert all("TLP:CLEAR" in f for f in _part_texts(parts, "footer"))


def test_the_word_file_is_the_same_bytes_each_build(tmp_path):
    outs = []
    for n in range(2):
        out = tmp_path / f"o{n}"
        r = run_cli("build", SECOND, "-f", "docx", "-a", "diplomats", "--out", out)
        assert r.returncode == 0, r.stderr
        outs.append((out / "exile-press-diplomats.docx").read_bytes())
    assert outs[0] == outs[1]
    with zipfile.ZipFile(io.BytesIO(outs[0])) as z:
        assert any(n.endswith(".odttf") for n in z.namelist())


def test_the_package_is_zipped_once_with_the_parts_python_docx_would_zip():
    """The writer takes the parts from python-docx unzipped (it used to let python-docx zip them, then unzip
    and zip them again): the same members, in the same order, with the same bytes as python-docx's own save."""
    import io
    import zipfile

    import docx

    from briefgen.writers.docx.zipped import package_parts

    d = docx.Document()
    d.add_heading("Title", 1)
    d.add_paragraph("Text with a link target.")
    d.part.relate_to("https://example.org/", docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    buf = io.BytesIO()
    d.save(buf)
    with zipfile.ZipFile(buf) as z:
        saved = {info.filename: z.read(info.filename) for info in z.infolist()}
    parts = package_parts(d)
    assert list(parts) == list(saved)
    assert parts == saved


# The order of w:pPr's children in the schema (those briefgen writes).
SCHEMA_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd",
                "tabs", "bidi", "spacing", "ind", "contextualSpacing", "jc", "rPr"]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_list_nested_deeper_than_word_s_styles_is_indented_further(make_dossier, tmp_path, language):
    """Word's list styles go three deep: the fourth and fifth levels of a nested list were set at the third's
    indent, as if they were its items. They are indented a level further each (w:ind after w:numPr and
    w:bidi, in the schema's order)."""
    import zipfile

    from conftest import MINIMAL_DOSSIER, build_finding
    from lxml import etree

    body = "Levels [@pub].\\n\\n" + "\\n".join("   " * i + f"1. level{i}" for i in range(5))
    dossier = MINIMAL_DOSSIER.replace("marking: TLP:CLEAR", f"marking: TLP:CLEAR\nlanguage: {language}")
    out = build_finding(make_dossier, tmp_path, body, "-f", "docx", dossier=dossier)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        doc = etree.fromstring(z.read("word/document.xml"))
    indents = {}
    for p in doc.iter(f"{w}p"):
        text = "".join(p.itertext())
        if text.startswith("level"):
            ppr = p.find(f"{w}pPr")
            ind = ppr.find(f"{w}ind")
            indents[text] = int(ind.get(f"{w}left")) if ind is not None else None
            names = [etree.QName(c).localname for c in ppr if etree.QName(c).localname in SCHEMA_ORDER]
            assert names == sorted(names, key=SCHEMA_ORDER.index), names
    assert indents["level3"] and indents["level4"] > indents["level3"] > 1080, indents
    assert indents["level0"] is None and indents["level2"] is None


def test_styles_are_given_as_python_docx_gives_them():
    """``StyleIndex.give`` sets a paragraph's or table's style as python-docx's ``item.style = ...`` does (the
    default style by no name at all), without python-docx's read of every style; a style of the wrong type is
    python-docx's error, as before."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    from briefgen.writers.docx.styles import StyleIndex

    for name in ("Header", "Footer", "Normal", "Heading 2", "Table Grid", "Default Paragraph Font"):
        theirs, ours = Document(), Document()
        styles = StyleIndex(ours)
        items = []
        for d in (theirs, ours):
            table = name == "Table Grid"
            items.append(d.add_table(rows=1, cols=1) if table else d.add_paragraph("x"))
        if theirs.styles[name].type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
            with pytest.raises(ValueError):
                styles.give(items[1], name)
            continue
        items[0].style = theirs.styles[name]
        styles.give(items[1], name)
        xml = [etree.tostring(d.element.body) for d in (theirs, ours)]
        assert xml[0] == xml[1], name
