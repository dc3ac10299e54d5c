"""Real clients open the Word files: LibreOffice converts them, pandoc reads them. Skipped without them."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE, letters_of, norm, pdf_text

from briefgen.pipeline import final

AUDIENCES = ("diplomats", "lawmakers", "press")  # the English briefs; the Uyghur bulletin is converted too


def fontless(folder: Path) -> dict:
    """An environment whose fontconfig knows no font but LibreOffice's own OpenSymbol (LibreOffice will not
    start with none at all): no PT Sans, no IBM Plex Sans Arabic, no Noto Sans SC, no DejaVu to fall back on."""
    symbol = next((Path(p) for p in ("/usr/share/fonts/truetype/libreoffice/opens___.ttf",
                                     "/usr/lib/libreoffice/share/fonts/truetype/opens___.ttf") if Path(p).is_file()),
                  None)
    if symbol is None:
        pytest.skip("LibreOffice's OpenSymbol font was not found")
    fonts = folder / "fonts"
    fonts.mkdir()
    shutil.copy(symbol, fonts / symbol.name)
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><dir>{fonts}</dir>'
                    f"<cachedir>{folder / 'cache'}</cachedir></fontconfig>\n", encoding="utf-8")
    return dict(os.environ, FONTCONFIG_FILE=str(conf))


@pytest.fixture(scope="module")
def converted(sample_build, tmp_path_factory):
    """The sample's Word files as LibreOffice lays them out on a machine without any of their fonts."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    out, _ = sample_build
    conv = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    env = fontless(tmp_path_factory.mktemp("fontless"))
    files = [str(out / f"xinjiang-police-files-{a}.docx") for a in (*AUDIENCES, "community")]
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(conv), *files], capture_output=True, text=True, timeout=300, env=env)
    assert r.returncode == 0, r.stderr
    return conv


def _families(pdf: Path) -> set[str]:
    """The fonts ``pdffonts`` lists, without their subset prefixes (ABCDEF+PTSans-Bold: PTSans-Bold)."""
    r = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    return {line.split()[0].split("+", 1)[-1] for line in r.stdout.splitlines()[2:] if line.strip()}


@pytest.mark.parametrize("audience", (*AUDIENCES, "community"))
def test_libreoffice_sets_the_word_file_in_the_pdf_s_fonts_without_them_installed(sample_build, converted,
                                                                                   audience):
    """On a machine with none of the theme's fonts, LibreOffice lays the .docx out in exactly the fonts of
    the ReportLab PDF (PT Sans, IBM Plex Sans Arabic, Noto Sans SC ...): the ones the Word file embeds."""
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out, _ = sample_build
    ours = _families(out / f"xinjiang-police-files-{audience}.pdf")
    theirs = _families(converted / f"xinjiang-police-files-{audience}.pdf")
    assert {"PTSans-Regular", "PTSans-Bold"} <= ours
    assert theirs == ours, (sorted(theirs - ours), sorted(ours - theirs))


@pytest.mark.parametrize("audience", (*AUDIENCES, "community"))
def test_every_page_libreoffice_lays_out_carries_the_marking(sample_build, converted, sample_evidence, audience):
    """Each page of the Word file, laid out by LibreOffice, carries the TLP marking in its header or footer,
    but the pages LibreOffice 7.4 sets Word's endnotes on: it gives them a page style of its own, without
    header or footer, whatever the file asks (Word prints them at the end of their section, under the
    running header). Those pages must then hold nothing but notes."""
    from pypdf import PdfReader

    doc = final(sample_evidence, audience)[1]
    pages = [p.extract_text() or "" for p in PdfReader(converted / f"xinjiang-police-files-{audience}.pdf").pages]
    marked = [doc.meta.marking in text for text in pages]
    if doc.meta.notes != "endnotes":
        assert all(marked), [i + 1 for i, m in enumerate(marked) if not m]
        return
    first_unmarked = marked.index(False) if False in marked else len(pages)
    assert all(marked[:first_unmarked]) and not any(marked[first_unmarked:])
    notes_text = norm(" ".join(pages[first_unmarked:]))
    assert first_unmarked >= 2 and notes_text
    last_note = norm(pdf_text_of_note(doc, len(doc.notes)))
    assert last_note[:40] in notes_text  # the endnote pages hold the notes, up to the last
    for heading in ("Sources", "Annex"):
        assert heading not in notes_text


def pdf_text_of_note(doc, number: int) -> str:
    from briefgen.tree import plain_text

    return plain_text(doc.notes[number - 1].children)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_converts_docx(converted, sample_evidence, audience):
    pdf = converted / f"xinjiang-police-files-{audience}.pdf"
    assert pdf.exists()
    text = norm(pdf_text(pdf))
    for cut in final(sample_evidence, audience)[0].findings:
        assert norm(cut.finding.title) in text
    assert "Page 1 of " in text  # the PAGE and NUMPAGES fields were computed


def test_word_files_keep_each_genre_s_first_page(converted, sample_evidence):
    """Laid out by LibreOffice, the Word files' first pages hold what each genre puts there: the briefing
    note's purpose, key messages and points to raise; the press release's news up to ENDS, and not its notes
    to editors; the lawmakers' bottom line and asks."""
    from pypdf import PdfReader

    def first(audience):
        return norm(PdfReader(converted / f"xinjiang-police-files-{audience}.pdf").pages[0].extract_text())

    sel = final(sample_evidence, "diplomats")[0]
    page = first("diplomats")
    for part in ("Purpose", "Key messages", "Points to raise", *(norm(a.addressee) for a in sel.asks)):
        assert part in page, part
    page = first("press")
    assert "FOR IMMEDIATE RELEASE" in page and "ENDS" in page and "Notes to editors" not in page
    page = first("lawmakers")
    assert "Bottom line" in page and "What we ask" in page and "Annex" not in page


def _superscript_numbers(pdf, body_size: float):
    """(page, number, is_note_mark) for every run of digits smaller than the body text (superscripts): a
    note's mark stands first on its line, a reference after text. The running footer is larger than that."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as doc:
        for pageno, page in enumerate(doc.pages, 1):
            lines: dict[int, list] = {}
            for c in page.chars:
                lines.setdefault(round(c["top"]), []).append(c)
            for top, chars in lines.items():
                chars.sort(key=lambda c: c["x0"])
                run, first, prev = "", None, None
                for c in chars + [None]:
                    small = c is not None and c["text"].isdigit() and c["size"] < body_size * 0.7
                    if small and run and c["x0"] - prev["x1"] < 1.2:  # the next digit of the same number
                        run, prev = run + c["text"], c
                        continue
                    if run:
                        near = [ch["x0"] for ch in page.chars if abs(ch["bottom"] - first["bottom"]) < 4
                                or abs(ch["top"] - first["top"]) < 4]
                        found.append((pageno, int(run), first["x0"] - min(near) < 1))
                    run, first, prev = (c["text"], c, c) if small else ("", None, None)
    return found


@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_sets_each_footnote_on_the_page_of_its_reference(converted, sample_evidence, audience):

    from briefgen.load.theme import load_theme

    body = load_theme(SAMPLE).sizes.body
    found = _superscript_numbers(converted / f"xinjiang-police-files-{audience}.pdf", body)
    refs = {n: page for page, n, mark in found if not mark}
    marks = {n: page for page, n, mark in found if mark}
    doc = final(sample_evidence, audience)[1]
    assert sorted(refs) == sorted(marks) == list(range(1, len(doc.notes) + 1))
    if doc.meta.notes == "endnotes":  # the lawmakers' brief: notes after the text, at the end
        assert min(marks.values()) >= max(refs.values())
    else:
        assert all(refs[n] == marks[n] for n in refs), {n: (refs[n], marks[n]) for n in refs if refs[n] != marks[n]}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pandoc_reads_footnotes_and_headings(sample_build, sample_evidence, audience):
    """pandoc finds real footnotes ([^n]) naming the right source, and the headings at their levels."""
    import re

    from briefgen.cite.styles import short_title
    from briefgen.tree import Heading, plain_text, walk

    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    out, _ = sample_build
    r = subprocess.run(["pandoc", "-f", "docx", "-t", "markdown", "--wrap=none",
                        str(out / f"xinjiang-police-files-{audience}.docx")], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    md = r.stdout
    doc = final(sample_evidence, audience)[1]
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", md, re.M))
    assert len(notes) == len(doc.notes)
    cites = []
    walk(doc.blocks, inline_fn=lambda n: cites.append(n) if getattr(n, "items", None) and n.note else None)
    def unquote(t):  # pandoc escapes some characters and writes dashes as -- and ---
        return norm(t.replace("\\", "").replace("---", "\u2014").replace("--", "\u2013"))

    for cite in cites:
        source = sample_evidence.sources[cite.items[0].key]
        text = unquote(notes[str(cite.note)])
        assert norm(source.title) in text or norm(short_title(source)) in text, (cite.note, text)
    headings = []
    walk(doc.blocks, block_fn=lambda b: headings.append((min(b.level, 3), plain_text(b.children)))
         if isinstance(b, Heading) else None)
    found = [(len(m.group(1)), unquote(m.group(2))) for m in re.finditer(r"^(#+) (.*?)(?: \{#.*\})?$", md, re.M)]
    expected = [(lvl, norm(t)) for lvl, t in headings if norm(t) != "Notes"]  # Word carries the notes itself
    assert found == expected


@pytest.mark.parametrize("audience,first,last,rule_side", [
    ("press", "Key", "2018.", "left"), ("diplomats", "Key", "conditions", "left"),
    ("community", "ئاساسلىق", "كۆرسەتمەيدۇ.", "right")])
def test_a_callout_is_one_shaded_box_in_libreoffice(converted, audience, first, last, rule_side):
    """Laid out by LibreOffice, a callout (its title, then list items) is one region of the theme's fill: measured
    on the rendered page, down a column just inside the box, from the title's line to the last item's, with the
    rule on the side lines start from (a Uyghur bulletin's on the right)."""
    import pdfplumber
    from PIL import Image

    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        pytest.skip("pdftoppm and pdftotext (poppler-utils) not installed")
    pdf = converted / f"xinjiang-police-files-{audience}.pdf"
    # Words and their boxes as poppler reads them (pdfminer misreads some of LibreOffice's Uyghur glyphs);
    # Uyghur words in visual order, a ligature's letters in LibreOffice's order: compared as letters.
    bbox = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = [{"text": html.unescape(t), "top": float(y0), "bottom": float(y1)} for y0, y1, t in
             re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>', bbox)]
    spell = (lambda t: letters_of([re.sub(r"\W", "", t)])) if audience == "community" else (lambda t: t)
    top = next(w for w in words if spell(w["text"]) == spell(first))["top"]
    bottom = next(w for w in words if spell(w["text"]) == spell(last) and w["top"] > top)["bottom"]
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        rects = [r for r in page.rects if r["top"] <= top and r["bottom"] >= bottom and r["width"] > 200]
        width = page.width
    assert rects, "no filled rectangle spans the callout"
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "-png", str(pdf),
                    str(converted / f"{audience}-p1")], check=True)
    image = Image.open(converted / f"{audience}-p1.png").convert("RGB")
    box = max(rects, key=lambda r: r["width"])
    x = int(box["x0"] + 5 if rule_side == "left" else box["x1"] - 5)  # in the padding: past the rule, before the text
    fill = (0xEE, 0xF2, 0xF7)
    shades = [image.getpixel((x, y)) for y in range(int(top), int(bottom))]
    assert all(max(abs(a - b) for a, b in zip(px, fill)) <= 6 for px in shades), (audience, set(shades))
    assert (box["x0"] < width / 3) if rule_side == "left" else (box["x1"] > 2 * width / 3)


def test_each_numbered_list_counts_from_its_own_start_in_word(make_dossier, tmp_path):
    """Every numbered list of a Word file counts from its own start, as in the PDF: the brief's asks 1., a
    finding's list 1., 2., and a list written from 7 7., 8. (Word numbers every paragraph of a list style in one
    sequence: they came out 1.; 2., 3.; 4., 5.). Read back by LibreOffice, laying the file out."""
    from conftest import build_finding

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and pdftotext (poppler-utils) are needed")
    body = "Two lists [@pub].\\n\\n1. Alpha item\\n2. Bravo item\\n\\nBetween.\\n\\n7. Golf item\\n8. Hotel item\\n"
    out = build_finding(make_dossier, tmp_path, body, "-f", "docx")
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(tmp_path), str(out / "mini-inner.docx")], capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, r.stderr
    text = subprocess.run(["pdftotext", str(tmp_path / "mini-inner.pdf"), "-"], capture_output=True, text=True).stdout
    numbered = [" ".join(line.split()[:2]) for line in text.splitlines() if line.strip().endswith(" item")]
    assert numbered == ["1. Alpha", "2. Bravo", "7. Golf", "8. Hotel"], text
    assert re.search(r"^\s*1\.\s+Try the test", text, re.M), text  # the asks' list, before them, from 1 too


NAMES = {"Deva": ("hi-IN", "डॉ. अनिल वर्मा", "NotoSansDevanagari"), "Thai": ("th-TH", "กาญจนา ศรีสุข", "NotoSansThai"),
         "Ethi": ("am-ET", "ሕይወት አለሙ", "NotoSansEthiopic"), "Geor": ("ka-GE", "ნინო წერეთელი", "NotoSansGeorgian")}


def test_names_in_the_fallbacks_scripts_are_set_in_their_fonts_by_word_clients(make_dossier, tmp_path):
    """Hindi, Thai and Amharic names printed as empty boxes when LibreOffice opened the Word file (the PDF was
    right): their runs named the fallback font in the Latin slots only, and Word and LibreOffice take Thai and
    Devanagari from the complex-script slot. Every slot names it now, and the run carries the language the
    dossier's ``script_languages`` gives its script. (Found by a probe with a dossier written for it.)"""
    import zipfile

    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, run_cli

    names = ". ".join(f"{script}: {name}" for script, (_, name, _) in NAMES.items())
    languages = ", ".join(f"{script}: {lang}" for script, (lang, _, _) in NAMES.items())
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER + f"script_languages: {{{languages}}}\n",
                         "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": f"- {{id: a, title: Names, summary: S, body: '{names} [@pub]', "
                                          "confidence: reported}\n"})
    out = tmp_path / "out"
    result = run_cli("build", root, "-a", "inner", "-o", out)
    assert result.returncode == 0, result.stderr
    docx = out / "mini-inner.docx"
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    for script, (lang, name, font) in NAMES.items():
        family = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", font)  # NotoSansThai: Noto Sans Thai
        for word in name.split():
            run = re.search(rf"<w:r><w:rPr>((?:(?!</w:rPr>).)*)</w:rPr><w:t>{re.escape(word)}", xml)
            assert run, (script, word)
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                assert f'w:{slot}="{family}"' in run[1], (script, slot, run[1])
            assert f'<w:lang w:val="{lang}" w:bidi="{lang}"/>' in run[1], (script, run[1])

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdffonts") or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler-utils is not installed")
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                        "pdf", "--outdir", str(tmp_path / "lo"), str(docx)], capture_output=True, text=True,
                       timeout=300, env=fontless(tmp_path))
    assert r.returncode == 0, r.stderr
    laid = tmp_path / "lo" / "mini-inner.pdf"
    assert {font + "-Regular" for _, _, font in NAMES.values()} <= _families(laid)
    text = subprocess.run(["pdftotext", str(laid), "-"], capture_output=True, text=True, check=True).stdout
    for script in ("Deva", "Ethi", "Geor"):  # (pdftotext gives a Thai vowel below its consonant on its own line)
        assert NAMES[script][1] in text, (script, text)
