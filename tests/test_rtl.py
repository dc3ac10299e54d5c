"""Whole briefs in a right-to-left language (issue 14): Uyghur and Arabic briefs mirrored in Word (sections,
paragraphs, tables, header and footer) and in the PDF (read from glyph positions), their labels from the ug
and ar catalogues, and an English brief that changes only where a paragraph opens in Uyghur. LibreOffice
checks what Word would show."""

from __future__ import annotations

import re
import shutil
import subprocess
import textwrap
import unicodedata
from pathlib import Path

import pytest
from conftest import letters_of, MINIMAL_SOURCES, docx_parts, docx_text, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from briefgen import i18n
from briefgen.load.paths import builtin_dir

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

DOSSIER = """
id: rtl
title: شىنجاڭ ساقچى ھۆججەتلىرى
organisation: {name: Test Org, about: Test Org tests briefgen.}
date: 2026-01-15
marking: TLP:CLEAR
script_languages: {Arab: ug-CN}
contacts: [{name: Press desk, email: press@example.org}]
glossary:
  - term: Konasheher County
    forms: {ug-CN: كونا شەھەر ناھىيىسى}
audiences:
  uyghur:
    label: ئۇيغۇرچە دوكلات
    template: diplomats
    clearance: TLP:AMBER
    language: ug
    framing:
      purpose: بۇ دوكلات سىناق ئۈچۈن يېزىلدى [@ugsrc].
      key_messages:
        - ھۆججەتلەر 2018-يىلى ئاخىرلىشىدۇ [@pub].
  arabic:
    label: موجز باللغة العربية
    template: diplomats
    clearance: TLP:AMBER
    language: ar
    framing:
      purpose: يهدف هذا الموجز إلى الاختبار [@pub].
      key_messages:
        - تنتهي الملفات في عام 2018 [@pub].
  english:
    label: English brief
    template: diplomats
    clearance: TLP:AMBER
    framing: {purpose: To test the English brief., key_messages: [It is a test.]}
"""

FINDINGS = """
- id: leak
  title: ساقچى ھۆججەتلىرى ئاشكارىلاندى
  summary: ھۆججەتلەر 2022-يىلى ئاشكارىلاندى.
  body: |
    ھۆججەتلەر 2022-يىلى ماي ئېيىدا **كونا شەھەر** ۋە *تېكەس* ناھىيىلىرىدىن ئاشكارىلاندى [@pub; @ugsrc].

    | ناھىيە | سان |
    |---|---|
    | كونا شەھەر | 12 |
    | Tekes | 7 |
  confidence: reported
  priority: 1
- id: end
  title: The files end in 2018
  summary: No file is dated after 2018.
  body: No file in the leak is dated after 2018 [@pub].
  confidence: reported
  priority: 2
"""

SOURCES = """
- id: ugsrc
  type: report
  title: ساقچى ھۆججەتلىرى ھەققىدە دوكلات
  author: [{literal: ئۇيغۇر تەتقىقات مەركىزى}]
  issued: 2024-05-01
  URL: https://example.org/ug
""" + MINIMAL_SOURCES  # and the shared ones: a public report (cited), a confidential statement (not)

ASKS = "- {id: try-it, audiences: [uyghur, arabic, english], text: سىناپ بېقىڭ.}\n"

ENGLISH_PARAGRAPH = "No file in the leak is dated after 2018."


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rtl") / "dossier"
    for name, text in (("dossier.yaml", DOSSIER), ("findings.yaml", FINDINGS), ("sources.yaml", SOURCES),
                       ("asks.yaml", ASKS)):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    out = root / "out"
    result = run_cli("build", root, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def brief(out: Path, audience: str) -> Path:
    return out / f"rtl-{audience}.docx"


def xml(path: Path, part: str):
    return etree.fromstring(docx_parts(path)[part])


def text_of(p) -> str:
    """A paragraph's (or run's) text; tabs and line breaks as whitespace."""
    return "".join(el.text or "" if el.tag == f"{W}t" else "\t" for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"))


def first_strong(text: str) -> str | None:
    """UAX #9 P2: the first L, R or AL character, skipping what isolates hold (a source's Uyghur name in a
    note of an English brief is one)."""
    depth = 0
    for c in text:
        kind = unicodedata.bidirectional(c)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth:
            continue
        elif kind == "L":
            return "ltr"
        elif kind in ("R", "AL"):
            return "rtl"
    return None


def has_bidi(p) -> bool:
    ppr = p.find(f"{W}pPr")
    return ppr is not None and ppr.find(f"{W}bidi") is not None


def paragraphs(path: Path, part: str = "word/document.xml") -> list:
    return list(xml(path, part).iter(f"{W}p"))


def find_paragraph(path: Path, text: str, part: str = "word/document.xml"):
    found = [p for p in paragraphs(path, part) if text_of(p) == text]
    assert len(found) == 1, (text, [text_of(p) for p in paragraphs(path, part)])
    return found[0]


# The order of w:pPr's children in the schema (CT_PPrBase, then CT_PPr's own).
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
             "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
             "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange"]
SECT_ORDER = ["headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
              "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
              "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def in_schema_order(el, order: list[str]) -> bool:
    tags = [etree.QName(c).localname for c in el]
    ranks = [next(i for i, names in enumerate(order) if t in names.split("|")) for t in tags]
    return ranks == sorted(ranks)


# --- the right-to-left briefs ----------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["uyghur", "arabic"])
def test_every_paragraph_takes_the_direction_of_its_first_strong_letter_or_the_briefs(built, audience):
    path = brief(built, audience)
    checked = {"rtl": 0, "ltr": 0, "none": 0}
    for part in ("word/document.xml", "word/footnotes.xml"):
        for p in paragraphs(path, part):
            strong = first_strong(text_of(p)) or "none"
            checked[strong] += 1
            assert has_bidi(p) == (strong in ("rtl", "none")), (part, text_of(p))
            ppr = p.find(f"{W}pPr")
            if ppr is not None:
                assert in_schema_order(ppr, PPR_ORDER), etree.tostring(ppr)
    assert checked["rtl"] >= 10 and checked["ltr"] >= 5 and checked["none"] >= 3, checked
    # An untranslated English paragraph stays left to right; a number alone in a cell takes the brief's way.
    assert not has_bidi(find_paragraph(path, ENGLISH_PARAGRAPH))
    assert not has_bidi(find_paragraph(path, "Tekes"))
    assert has_bidi(find_paragraph(path, "12"))
    assert has_bidi(find_paragraph(path, "1. ساقچى ھۆججەتلىرى ئاشكارىلاندى"))


@pytest.mark.parametrize("audience", ["uyghur", "arabic"])
def test_sections_tables_header_and_footer_are_mirrored(built, audience):
    path = brief(built, audience)
    document = xml(path, "word/document.xml")
    sections = list(document.iter(f"{W}sectPr"))
    assert sections
    for sect in sections:
        assert sect.find(f"{W}bidi") is not None and sect.find(f"{W}rtlGutter") is not None
        assert in_schema_order(sect, SECT_ORDER), etree.tostring(sect)
    tables = [t for t in document.iter(f"{W}tbl")  # the callout's box is one cell: nothing to mirror
              if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") != "CalloutBox"]
    assert len(tables) == 2  # the names in their own scripts, and the finding's table
    for tbl in tables:
        tags = [etree.QName(c).localname for c in tbl.find(f"{W}tblPr")]
        assert tags[:2] == ["tblStyle", "bidiVisual"], tags
    parts = docx_parts(path)
    running = [name for name in parts if re.fullmatch(r"word/(header|footer)\d+\.xml", name)]
    assert len(running) == 4
    for name in running:  # the marking and "Test Org" are Latin, the paragraphs run right to left anyway
        for p in paragraphs(path, name):
            assert has_bidi(p), name
    footer = "".join(parts[name].decode() for name in running if "footer" in name)
    page_label = i18n.translations("ug" if audience == "uyghur" else "ar").gettext("Page {page} of {pages}")
    assert page_label != "Page {page} of {pages}"
    for word in re.sub(r"\{\w+\}", " ", page_label).split():
        if word.strip("/"):
            assert word in footer, word
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    separators = [p for p in paragraphs(path, "word/footnotes.xml") if not text_of(p).strip()]
    assert len(separators) == 2 and all(has_bidi(p) for p in separators)


@pytest.mark.parametrize("audience, lang, tag", [("uyghur", "ug", "ug-CN"), ("arabic", "ar", "ar")])
def test_labels_come_from_the_catalogue_and_runs_carry_the_briefs_language(built, audience, lang, tag):
    path = brief(built, audience)
    text = docx_text(path)
    tr = i18n.translations(lang)
    for label in ("Purpose", "Key messages", "Points to raise", "Findings", "Sources", "Contact", "Handling",
                  "Names in their own scripts"):
        translated = tr.gettext(label)
        assert translated != label and translated in text, label
        assert label not in text
    # Every run of right-to-left script: w:rtl and the complex-script language; bold and italic for it too.
    runs = list(xml(path, "word/document.xml").iter(f"{W}r"))
    arabic_script = [r for r in runs if any(unicodedata.bidirectional(c) == "AL" for c in text_of(r))]
    assert len(arabic_script) > 20
    for r in arabic_script:
        rpr = r.find(f"{W}rPr")
        assert rpr is not None and rpr.find(f"{W}rtl") is not None, text_of(r)
        assert rpr.find(f"{W}lang").get(f"{W}bidi") == tag
        if rpr.find(f"{W}b") is not None:
            assert rpr.find(f"{W}bCs") is not None
        if rpr.find(f"{W}i") is not None:
            assert rpr.find(f"{W}iCs") is not None
    bold = [r for r in arabic_script if r.find(f"{W}rPr/{W}b") is not None]
    italic = [r for r in arabic_script if r.find(f"{W}rPr/{W}i") is not None]
    assert any(text_of(r) == "كونا شەھەر" for r in bold) and any(text_of(r) == "تېكەس" for r in italic)
    # The document's default and Normal style: the brief's language for complex scripts; the theme's too.
    styles = xml(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    assert default.get(f"{W}bidi") == tag and normal.find(f"{W}rPr/{W}lang").get(f"{W}bidi") == tag
    assert xml(path, "word/settings.xml").find(f"{W}themeFontLang").get(f"{W}bidi") == tag


def test_styles_give_complex_scripts_their_size_bold_and_italic(built):
    """Word sets Uyghur and Arabic with w:szCs, w:bCs and w:iCs: a heading's Uyghur is as big and bold."""
    styles = {s.get(f"{W}styleId"): s for s in xml(brief(built, "uyghur"), "word/styles.xml").iter(f"{W}style")}
    for sid in ("Normal", "Title", "Heading1", "Heading2", "Heading3", "Kicker", "Meta", "Evidence", "Header",
                "Footer", "FootnoteText"):
        rpr = styles[sid].find(f"{W}rPr")
        assert rpr.find(f"{W}szCs").get(f"{W}val") == rpr.find(f"{W}sz").get(f"{W}val"), sid
        assert in_schema_order(rpr, ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "kern",
                                     "sz", "szCs", "lang"]), sid
    for sid in ("Title", "Heading2", "Kicker"):
        assert styles[sid].find(f"{W}rPr/{W}bCs") is not None, sid
    assert styles["Evidence"].find(f"{W}rPr/{W}iCs") is not None


# --- an English brief ------------------------------------------------------------------------------------


def test_english_brief_mirrors_only_the_paragraphs_that_open_right_to_left(built):
    path = brief(built, "english")
    document = xml(path, "word/document.xml")
    mirrored = []
    for part in ("word/document.xml", "word/footnotes.xml"):
        for p in paragraphs(path, part):
            assert has_bidi(p) == (first_strong(text_of(p)) == "rtl"), text_of(p)
            if has_bidi(p):
                mirrored.append(text_of(p))
    assert "1. ساقچى ھۆججەتلىرى ئاشكارىلاندى" in mirrored and len(mirrored) >= 5
    assert not has_bidi(find_paragraph(path, "12")) and not has_bidi(find_paragraph(path, "To test the English brief."))
    assert all(s.find(f"{W}bidi") is None for s in document.iter(f"{W}sectPr"))
    assert document.find(f".//{W}bidiVisual") is None
    parts = docx_parts(path)
    for name in (n for n in parts if re.fullmatch(r"word/(header|footer)\d+\.xml", n)):
        assert "<w:bidi/>" not in parts[name].decode(), name
    # The running header's Uyghur title is a right-to-left run inside a left-to-right paragraph.
    header = parts["word/header1.xml"].decode()
    assert re.search(r"<w:rtl/><w:lang w:bidi=\"ug-CN\"/></w:rPr><w:t>شىنجاڭ ساقچى ھۆججەتلىرى</w:t>", header)
    styles = xml(path, "word/styles.xml")
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}bidi") == "ar-SA"  # untouched
    assert "Sources" in docx_text(path)


def test_first_strong_character():
    from briefgen.fonts.scripts import first_strong as strong
    from briefgen.fonts.scripts import paragraph_rtl

    assert strong("12, 7 — (3)") is None and strong("") is None
    assert strong("«كونا» Tekes") == "rtl" and strong("15. Tekes كونا") == "ltr"
    assert strong("\u2067Tekes\u2069 كونا") == "rtl"  # text inside an isolate is skipped (UAX #9 P2)
    assert paragraph_rtl("2018", True) and not paragraph_rtl("2018", False)
    assert not paragraph_rtl("Tekes", True) and paragraph_rtl("كونا", False)


# --- the catalogues -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ug", "ar"])
def test_catalogue_translates_every_label_of_the_french_one(lang):
    from babel.messages.pofile import read_po
    from test_languages import _msgids_used

    def read(name):
        with (builtin_dir() / "locale" / name / "LC_MESSAGES" / "briefgen.po").open("rb") as fh:
            return read_po(fh)

    french, catalog = read("fr"), read(lang)
    ids = {m.id for m in french if m.id}
    assert ids == {m.id for m in catalog if m.id} and _msgids_used() <= ids
    for m in catalog:
        if not m.id:
            continue
        assert m.string and not m.fuzzy, m.id
        assert sorted(re.findall(r"\{\w+\}|%\(\w+\)s", m.id)) == sorted(re.findall(r"\{\w+\}|%\(\w+\)s", m.string))
        assert any(unicodedata.bidirectional(c) == "AL" for c in m.string), m.id  # written in Arabic script
    head = (builtin_dir() / "locale" / lang / "LC_MESSAGES" / "briefgen.po").read_text(encoding="utf-8")[:1500]
    assert "NOT REVIEWED" in head and "native speaker" in head and "FIRST" in head
    key_points = next(m.string for m in catalog if m.id == "Key points")
    assert i18n.translations(lang).gettext("Key points") == key_points


# --- LibreOffice ----------------------------------------------------------------------------------------

_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), " ")
_LAM_ALEF = re.compile("\u0644([\u0622\u0623\u0625\u0627])")


def words(text: str) -> set[str]:
    """Words for comparing a PDF's text with the .docx's: NFKC (presentation forms to letters), bidi controls
    as spaces (pdftotext marks each run of one direction with them: they end words), and lam-alef written alef-lam (pdftotext reverses the ligature's two letters in right-to-left
    text; either order gives one key)."""
    text = unicodedata.normalize("NFKC", text).translate(_CONTROLS)
    return {_LAM_ALEF.sub(lambda m: m.group(1) + "\u0644", w).casefold() for w in re.findall(r"[^\W_]+", text)}


@pytest.fixture(scope="module")
def libreoffice_pdf(built, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    conv = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(conv), str(brief(built, "uyghur"))], capture_output=True, text=True,
                       timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    return conv / "rtl-uyghur.pdf"


def test_libreoffice_pdf_holds_the_words_of_the_uyghur_docx(built, libreoffice_pdf):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = words(subprocess.run(["pdftotext", "-enc", "UTF-8", str(libreoffice_pdf), "-"], capture_output=True,
                               text=True, check=True).stdout)
    parts = docx_parts(brief(built, "uyghur"))

    def docx_words(names) -> set[str]:
        return set().union(*(words(text_of(p)) for name in names
                             for p in etree.fromstring(parts[name]).iter(f"{W}p")))

    body = docx_words(["word/document.xml", "word/footnotes.xml"])
    everything = body | docx_words([n for n in parts if re.fullmatch(r"word/(header|footer)\d+\.xml", n)])
    assert len(body) > 60 and "شىنجاڭ" in body and "konasheher" in body
    # The .docx embeds IBM Plex Sans Arabic: words are compared as the letters they hold (letters_of); every
    # word still has to be there, and nothing else.
    letters = letters_of
    assert letters(body) <= letters(pdf), sorted(w for w in body if "".join(sorted(w)) not in letters(pdf))
    extra = letters(pdf) - letters(everything)
    assert all(w.isdigit() for w in extra), sorted(extra)  # page numbers and note numbers only


def test_libreoffice_sets_the_uyghur_title_on_the_right_and_english_on_the_left(built, libreoffice_pdf):
    import pdfplumber

    margins = xml(brief(built, "uyghur"), "word/document.xml").find(f".//{W}sectPr/{W}pgMar")
    left, right = int(margins.get(f"{W}left")) / 20, int(margins.get(f"{W}right")) / 20  # twips to points
    with pdfplumber.open(libreoffice_pdf) as pdf:
        page = pdf.pages[0]
        lines: dict[int, list] = {}
        for c in page.chars:
            if not c["text"].isspace():
                lines.setdefault(round(c["top"]), []).append(c)
        title_size = max(c["size"] for c in page.chars)
        title = [c for c in page.chars if c["size"] == title_size and not c["text"].isspace()]
        english = next(cs for cs in lines.values()
                       if "".join(c["text"] for c in sorted(cs, key=lambda c: c["x0"])).startswith("Nofileinthe"))
        edge = page.width - right
    assert abs(max(c["x1"] for c in title) - edge) < 2.0  # right-aligned at the right margin
    assert min(c["x0"] for c in title) > left + 50  # ragged on the left: not a full or left-aligned line
    assert abs(min(c["x0"] for c in english) - left) < 2.0  # the English paragraph starts on the left
    assert max(c["x1"] for c in english) < edge - 50


# --- the PDF, read from glyph positions ---------------------------------------------------------------

A4_WIDTH, MARGIN = 595.2756, 22 * 72 / 25.4  # the built-in theme's page and side margins


def pdf_lines(path: Path) -> list[list[list[dict]]]:
    """Each page's words (pdfplumber) grouped by line, each line's words left to right."""
    pdfplumber = pytest.importorskip("pdfplumber")
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines: list[list[dict]] = []
            for w in sorted(page.extract_words(), key=lambda w: w["bottom"]):
                # on the line it overlaps (a raised note number, a small bullet, another script's taller font)
                if lines and w["top"] < max(x["bottom"] for x in lines[-1]) - 0.5:
                    lines[-1].append(w)
                else:
                    lines.append([w])
            pages.append([sorted(line, key=lambda w: w["x0"]) for line in lines])
    return pages


def logical(word: dict) -> str:
    """A word as pdfplumber gives it (left to right), in reading order."""
    return word["text"][::-1] if re.search("[\u0600-\u06ff]", word["text"]) else word["text"]


def line_with(pages, text: str) -> list[dict]:
    """The first line that holds the word."""
    found = [line for page in pages for line in page if text in {logical(w).strip(".:(),،;") for w in line}]
    assert found, f"no line holds {text!r}"
    return found[0]


@pytest.mark.parametrize("audience", ["uyghur", "arabic"])
def test_right_to_left_pdf_is_mirrored(built, audience):
    """Headings and paragraphs that run right to left end at the right margin; an English paragraph starts
    at the left one; the marking stands top left and the page number bottom left, the organisation bottom
    right."""
    pages = pdf_lines(built / f"rtl-{audience}.pdf")
    right = A4_WIDTH - MARGIN
    heading = i18n.translations("ug" if audience == "uyghur" else "ar").gettext("Purpose")
    purpose = line_with(pages, heading.split()[0])
    assert abs(purpose[-1]["x1"] - right) < 1
    first_word = "بۇ" if audience == "uyghur" else "يهدف"
    assert abs(line_with(pages, first_word)[-1]["x1"] - right) < 1
    english = line_with(pages, "leak")
    assert abs(english[0]["x0"] - MARGIN) < 1 and english[0]["text"] == "No"
    top, bottom = pages[0][0], pages[0][-1]
    assert top[0]["text"] == "TLP:CLEAR" and top[0]["x0"] < MARGIN + 6  # the marking, top left
    assert bottom[-1]["text"] == "Org" and abs(bottom[-1]["x1"] - right) < 1  # the organisation, bottom right
    assert bottom[0]["x0"] < MARGIN + 1 and bottom[0]["text"][0].isdigit()  # "1 / 1" bottom left


def test_english_pdf_is_not_mirrored(built):
    pages = pdf_lines(built / "rtl-english.pdf")
    top, bottom = pages[0][0], pages[0][-1]
    assert top[-1]["text"] == "TLP:CLEAR" and top[-1]["x1"] > A4_WIDTH - MARGIN - 6
    assert bottom[0]["text"] == "Test" and abs(bottom[0]["x0"] - MARGIN) < 1


def test_right_to_left_list_markers_and_note_numbers_stand_on_the_right(built):
    """The Uyghur key message's bullet is right of its text, the Uyghur table's first column is on the right,
    and a note whose text is Uyghur has its number on the right; the number of a note cited at the end of a
    Uyghur sentence stands left of it (where the sentence ends)."""
    pages = pdf_lines(built / "rtl-uyghur.pdf")
    item = line_with(pages, "ئاخىرلىشىدۇ")  # the key message, its bullet on the right
    assert item[-1]["text"] == "•" and logical(item[-2]) == "ھۆججەتلەر"
    header = line_with(pages, "ناھىيە")
    assert logical(header[-1]) == "ناھىيە"  # the table's first column, on the right
    # Note 1 (the Uyghur source's author first): its number at the right end of its line, at the margin.
    notes = [line for page in pages for line in page if re.fullmatch(r"\.?1\.?", line[-1]["text"])
             and any(logical(w).strip(",") == "مەركىزى" for w in line)]
    assert len(notes) == 1 and abs(notes[0][-1]["x1"] - (A4_WIDTH - MARGIN)) < 1
    purpose = line_with(pages, "بۇ")
    assert purpose[0]["text"] == "1" and logical(purpose[1]).startswith("يېزىلدى")  # after its last word


@pytest.mark.parametrize("dossier,language", [("sample", "ar"), ("sample", "ar-EG"), ("sample", "he"),
                                               ("second", "ug")])
def test_whole_dossiers_build_in_a_right_to_left_language(tmp_path, dossier, language):
    """The sample (which once crashed the PDF writer with ``language: ar``) and the second dossier, every
    audience in a right-to-left language, build in both formats with every word of each brief in its PDF (the
    writers' own check) and a mirrored running header; Egyptian Arabic numbers its pages with its own digits."""
    import shutil

    from conftest import ROOT, SAMPLE

    root = tmp_path / "d"
    shutil.copytree(SAMPLE if dossier == "sample" else ROOT / "tests" / "fixtures" / "second-dossier", root,
                    ignore=shutil.ignore_patterns("build"))
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", text)
    text = re.sub(r"(?m)^    language: .*\n", "", text)  # every audience in the dossier's language
    (root / "dossier.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert pdfs and len(pdfs) == len(list(out.glob("*.docx")))
    for pdf in pdfs:
        first = pdf_lines(pdf)[0]
        top, foot = first[0], " ".join(w["text"] for w in first[-1])
        assert top[0]["text"].startswith("TLP:") and top[0]["x0"] < MARGIN + 6, pdf.name  # marking top left
        assert ("\u0661" in foot and "1" not in foot) if language == "ar-EG" else "1" in foot, (pdf.name, foot)


def test_uyghur_words_the_pdf_writer_drops_fail_the_build(monkeypatch):
    """The PDF writer's own check reads shaped, right-to-left text too: a writer that dropped the Uyghur
    pieces of its lines would make the build fail, not deliver a bulletin without its Uyghur."""
    from conftest import SAMPLE

    from briefgen.pipeline import plan
    from briefgen.errors import BriefgenError
    from briefgen.load.theme import load_theme
    from briefgen.writers import pdf
    from briefgen.writers.pdf import mixed

    doc, theme = plan(SAMPLE).documents["community"], load_theme(SAMPLE)
    assert pdf.write(doc, theme)[1] >= 1  # as it is, it builds
    original = mixed.Mixed._draw

    def dropping(self, block, tx, state, laid, x, y, links, drawn):
        laid = laid._replace(pieces=[p for p in laid.pieces if not p[0].level % 2])
        return original(self, block, tx, state, laid, x, y, links, drawn)

    monkeypatch.setattr(mixed.Mixed, "_draw", dropping)
    with pytest.raises(BriefgenError, match="would lack"):
        pdf.write(doc, theme)


@pytest.mark.parametrize("audience,side", [("uyghur", "right"), ("arabic", "right"), ("english", "left")])
def test_callout_rule_stands_where_lines_start_in_word(built, audience, side):
    """The callout box's rule (its table style, box.py): on the right in a right-to-left brief, as in its PDF
    (a table's w:left and w:right borders are the page's sides); the box is one table holding the callout."""
    styles = xml(brief(built, audience), "word/styles.xml")
    box = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "CalloutBox")
    borders = box.find(f"{W}tblPr/{W}tblBorders")
    assert [el.tag.split("}")[1] for el in borders] == [side]
    body = xml(brief(built, audience), "word/document.xml")
    boxes = [t for t in body.iter(f"{W}tbl") if t.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "CalloutBox"]
    assert len(boxes) == 1 and len(boxes[0].findall(f"{W}tr")) == 1 and len(boxes[0].findall(f"{W}tr/{W}tc")) == 1
    paragraphs = boxes[0].findall(f"{W}tr/{W}tc/{W}p")
    styles_in = [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paragraphs]
    assert styles_in[0] == "Callout" and set(styles_in[1:]) == {"ListBullet"}, styles_in  # the title, the items


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(st.text(st.sampled_from("ab كشەھ疏附县 ,.-()中文«»،0123"), max_size=30))
def test_word_runs_split_where_the_script_class_changes(text):
    """A Word run per script class (Arabic script, Chinese, the rest); a neutral between two letters of one
    class belongs to it. Checked against the rule written out plainly, which the writer used to run as it is
    and which is quadratic (the writer's own pass is linear)."""
    from briefgen.fonts.scripts import NEUTRAL, RTL_SCRIPTS, script
    from briefgen.writers.docx.runs import script_runs

    def kind(c):
        sc = script(c)
        return "Arab" if sc in RTL_SCRIPTS else "Hani" if sc in ("Hani", "Hira", "Kana", "Bopo") else \
            ("?" if sc in NEUTRAL else None)

    kinds = [kind(c) for c in text]
    plain = []
    for i, k in enumerate(kinds):
        if k == "?":
            before = next((x for x in reversed(kinds[:i]) if x != "?"), None)
            after = next((x for x in kinds[i + 1:] if x != "?"), None)
            k = before if before == after else None
        plain.append(k)
    got = script_runs(text)
    assert "".join(t for t, _ in got) == text
    assert [k for t, k in got for _ in t] == (plain if not text.isascii() else [None] * len(text))
    assert all(a[1] != b[1] for a, b in zip(got, got[1:]))  # neighbours differ: one run per class change


def test_an_english_list_in_a_right_to_left_brief_has_its_markers_on_the_right(make_dossier, tmp_path):
    """A list of English items in an Arabic brief has its bullets and numbers on the brief's side, the right,
    as a list with nested items had: a list of single paragraphs put them on the left."""
    import pdfplumber
    from conftest import MINIMAL_DOSSIER, build_finding

    dossier = MINIMAL_DOSSIER.replace("marking: TLP:CLEAR", "marking: TLP:CLEAR\nlanguage: ar")
    out = build_finding(make_dossier, tmp_path, "Counted [@pub].\\n\\n1. upstream\\n2. outfall\\n\\n- river\\n- lake",
                        "-f", "pdf", dossier=dossier)
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    for text, marker in (("upstream", ".1"), ("outfall", ".2"), ("river", "•"), ("lake", "•")):
        item = next(w for w in words if w["text"] == text)
        mark = next(w for w in words if w["text"] == marker and abs(w["top"] - item["top"]) < 4)
        assert mark["x0"] > item["x1"] + 100, (text, mark, item)
