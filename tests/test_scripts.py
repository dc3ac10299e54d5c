"""Uyghur, Chinese and Latin text in both formats (issue 7): fonts, shaping, direction, languages."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata

import pytest
from conftest import docx_parts, letters_of, pdf_text

UYGHUR_PHRASE = ["كونا", "شەھەر", "ناھىيىسى"]  # Konasheher County, in logical order
CHINESE = ["陈全国", "新疆公安文件", "疏附县", "5月28日陈全国书记在自治区维稳指挥部视频调度会上的讲话"]


def path(out, audience, fmt):
    return out / f"xinjiang-police-files-{audience}.{fmt}"


def test_fonts_embedded_and_subset(sample_build):
    if not shutil.which("pdffonts"):
        pytest.skip("pdffonts (poppler-utils) is not installed")
    out, _ = sample_build
    listing = subprocess.run(["pdffonts", str(path(out, "diplomats", "pdf"))], capture_output=True, text=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    names = {r[0].split("+", 1)[-1]: r for r in rows}
    for family in ("PTSans-Regular", "PTSans-Bold", "IBMPlexSansArabic-Regular", "NotoSansSC-Regular"):
        assert family in names, listing
    for r in rows:
        assert r[-5:-3] == ["yes", "yes"], f"not embedded and subset: {r}"  # emb, sub
        assert re.match(r"[A-Z]{6}\+", r[0])


def test_chinese_names_extract_as_written(sample_build):
    out, _ = sample_build
    text = pdf_text(path(out, "diplomats", "pdf"))
    for name in CHINESE:
        assert name in text


def _line_chars(pdf, *needles: str):
    """The characters of the first line of the PDF holding every needle (its chars grouped by baseline)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            lines: dict[int, list] = {}
            for c in page.chars:  # by baseline: fonts of one line differ in ascent
                lines.setdefault(round(c["matrix"][5]), []).append(c)
            for top in sorted(lines, reverse=True):
                chars = sorted(lines[top], key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars)
                if all(n in text for n in needles):
                    return chars
    raise AssertionError(f"no line holds {needles!r}")


def test_uyghur_words_run_right_to_left_inside_an_english_sentence(sample_build):
    out, _ = sample_build
    line = _line_chars(path(out, "diplomats", "pdf"), "files of Konasheher")
    arabic = sorted((c for c in line if unicodedata.category(c["text"][:1]) in ("Lo", "Mn")
                     and "Arabic" in c["fontname"]), key=lambda c: c["x0"])
    # Words are the runs of glyphs with a gap between them; read each right to left.
    words, current = [], [arabic[0]]
    for prev, c in zip(arabic, arabic[1:]):
        if c["x0"] - prev["x1"] > 1.0:
            words.append(current)
            current = []
        current.append(c)
    words.append(current)
    logical = ["".join(unicodedata.normalize("NFKC", c["text"]) for c in reversed(w)) for w in words]
    # Right to left: the first word of the phrase stands furthest right.
    assert logical[::-1] == UYGHUR_PHRASE
    latin_end = max(c["x1"] for c in line if "PTSans" in c["fontname"] and c["text"] == ":")
    assert min(c["x0"] for c in arabic) > latin_end  # after "Uyghur:", inside the English sentence


def test_no_character_falls_back_to_notdef(sample_build):
    """Every character drawn in the three briefs has a real glyph in the font that draws it."""
    import pdfplumber
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    out, _ = sample_build
    for audience in ("diplomats", "lawmakers", "press"):
        pdf = path(out, audience, "pdf")
        fonts = {}  # base font name -> (text -> code, code -> glyph name)
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                name = str(font["/BaseFont"])[1:] if str(font["/BaseFont"]).startswith("/") else str(font["/BaseFont"])
                if name in fonts or "/FontDescriptor" not in font:
                    continue
                program = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
                cmap = TTFont(io.BytesIO(program))["cmap"].tables[0].cmap
                tounicode = font["/ToUnicode"].get_object().get_data().decode()
                codes = {bytes.fromhex(u).decode("utf-16-be"): int(c, 16)
                         for c, u in re.findall(r"<([0-9A-F]{2})> <((?:[0-9A-F]{4})+)>", tounicode)}
                fonts[name] = (codes, cmap)
        drawn = 0
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                for c in page.chars:
                    if c["text"].isspace():
                        continue
                    codes, cmap = fonts[c["fontname"]]
                    assert c["text"] in codes, (audience, c["fontname"], c["text"])
                    assert cmap.get(codes[c["text"]], ".notdef") != ".notdef", (audience, c["fontname"], c["text"])
                    drawn += 1
        assert drawn > 1000


def test_uyghur_paragraph_is_right_to_left(sample_build):
    """The names table's Uyghur cells are whole right-to-left paragraphs: right-aligned in the PDF."""
    out, _ = sample_build
    edges = []
    for english, chinese in (("Tekes County", "特克斯县"), ("Karakax (Moyu) County", "墨玉县"),
                             ("Konasheher (Shufu) County", "疏附县")):
        line = _line_chars(path(out, "diplomats", "pdf"), english, chinese)
        arabic = [c for c in line if "Arabic" in c["fontname"] and not c["text"].isspace()]
        assert arabic
        edges.append((min(c["x0"] for c in arabic), max(c["x1"] for c in arabic)))
    lefts, rights = zip(*edges)
    assert max(rights) - min(rights) < 1.0  # one right edge
    assert max(lefts) - min(lefts) > 10  # ragged on the left: the cells differ in length


def test_docx_runs_carry_direction_fonts_and_languages(sample_build):
    out, _ = sample_build
    parts = docx_parts(path(out, "diplomats", "docx"))
    xml = parts["word/document.xml"].decode()
    runs = re.findall(r"<w:r>(.*?)</w:r>", xml)
    uyghur = [r for r in runs if "كونا" in r]
    assert uyghur and all("<w:rtl/>" in r and 'w:bidi="ug-CN"' in r and 'w:cs="IBM Plex Sans Arabic"' in r
                          for r in uyghur)
    chinese = [r for r in runs if "陈全国" in r]
    assert chinese and all('w:eastAsia="zh-CN"' in r and 'w:eastAsia="Noto Sans SC"' in r for r in chinese)
    assert "<w:bidi/>" in xml  # the names table's Uyghur cells are right-to-left paragraphs
    assert '<w:tblHeader w:val="true"/>' in xml  # its header row repeats on every page it spans
    styles = parts["word/styles.xml"].decode()
    assert 'w:cs="IBM Plex Sans Arabic"' in styles and 'w:eastAsia="Noto Sans SC"' in styles


def test_libreoffice_keeps_the_uyghur_text(sample_build, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    out, _ = sample_build
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(path(out, "diplomats", "docx"))],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "xinjiang-police-files-diplomats.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    text = unicodedata.normalize("NFKC", text)
    # LibreOffice sets the Uyghur runs in the embedded IBM Plex Sans Arabic; the words must survive as Uyghur
    # letters (a ligature's letters may read in another order: letters_of).
    found = letters_of(re.findall(r"[^\W_]+", text))
    for word in UYGHUR_PHRASE:
        assert letters_of([word]) <= found, word


def test_chinese_and_japanese_lines_keep_their_punctuation(make_dossier, tmp_path):
    """Text without spaces is cut between characters; a line never starts with closing punctuation (，。」)
    nor ends with opening punctuation (「（), as Chinese and Japanese set them (one started with '，')."""
    import pdfplumber
    from conftest import build_finding

    from briefgen.writers.pdf.wordcuts import NO_END, NO_START

    zh = "新疆警察文件显示了拘留设施的内部运作情况，包括对试图逃跑的被拘留者开枪的命令。" * 12
    ja = "新疆の警察ファイルは「収容施設」の内部の運営を示している。" * 12
    out = build_finding(make_dossier, tmp_path, f"{zh} [@pub]\\n\\n{ja}\\n\\n{zh[3:]}\\n\\n{ja[5:]}", "-f", "pdf")
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        lines = [line for page in pdf.pages for line in page.extract_text().splitlines()]
    cjk = [line for line in lines if re.search("[\u3040-\u30ff\u4e00-\u9fff]", line)]
    assert len(cjk) >= 20
    assert not [line for line in cjk if line[0] in NO_START], [line for line in cjk if line[0] in NO_START]
    assert not [line for line in cjk if line[-1] in NO_END]


def test_korean_is_set_in_a_font_that_has_it(make_dossier, tmp_path):
    """A Korean name (a North Korean witness, a Seoul ministry) is set in Noto Sans KR, embedded, in the PDF,
    and reads back as written; it printed as empty boxes, with a warning."""
    from conftest import build_finding

    out = build_finding(make_dossier, tmp_path, "통일부 (Ministry of Unification) 북한인권 [@pub]", "-f", "pdf")
    assert "통일부" in pdf_text(out / "mini-inner.pdf") and "북한인권" in pdf_text(out / "mini-inner.pdf")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(out / "mini-inner.pdf")], capture_output=True, text=True).stdout
        assert "NotoSansKR" in fonts.replace(" ", ""), fonts


def test_names_whose_letters_are_reordered_copy_whole(make_dossier, tmp_path):
    """A Hindi, Khmer or Burmese name, whose vowel sign is set before its consonant, reads back from the PDF
    as written: each glyph after a cluster's first read as a zero width space (दुनि\u200bया), so a search for
    the name in the PDF found nothing."""
    from conftest import build_finding
    from pypdf import PdfReader

    names = ["दुनिया", "क्षत्रिय", "ភាសាខ្មែរ", "မြန်မာ"]
    out = build_finding(make_dossier, tmp_path, " ".join(names) + " [@pub]", "-f", "pdf")
    text = "".join(page.extract_text() for page in PdfReader(out / "mini-inner.pdf").pages)
    assert all(name in text for name in names), [n for n in names if n not in text]
    assert "\u200b" not in text



def test_word_runs_take_the_short_way_only_for_text_it_gives_the_same():
    """Most text of a brief is Latin with curly quotes and dashes: the Word writer's runs take it whole, without
    looking at each character's script and font, only where that look would give the same runs."""
    from briefgen.fonts.scripts import NEUTRAL, RTL_SCRIPTS, script
    from briefgen.load.theme import check_theme
    from briefgen.writers.docx import runs
    from briefgen.writers.docx.embed import WordFonts
    from conftest import SAMPLE

    classed = RTL_SCRIPTS | {"Hani", "Hira", "Kana", "Bopo"}
    plain = [chr(c) for c in range(0x10000) if runs._NEITHER.fullmatch(chr(c))]
    assert len(plain) > 800 and not [c for c in plain if script(c) in classed]  # neither class, every one
    assert {script(c) for c in plain} - NEUTRAL == {"Latn"}
    fonts = WordFonts(check_theme(SAMPLE), SAMPLE)
    slow = WordFonts(check_theme(SAMPLE), SAMPLE)
    assert slow.choice is not fonts.choice
    slow.choice.__dict__['main_chars'] = frozenset()  # every text the long way
    texts = ["“Shoot to kill” – the 2018 speech’s order", "Ürümqi café — naïve", "ئۇيغۇر “Uyghur”",
             "新疆 “Xinjiang” 公安", "Tekes ☎ → ✓ 😀", "Ħ ŋ ʃ ˪ ˫ ɐ", "‘quoted’ … dash – and — more \u2066x\u2069"]
    for text in texts:
        assert runs.script_runs(text) == _script_runs_the_long_way(text, script, classed)
        for chunk, kind in runs.script_runs(text):
            assert fonts.pieces(chunk, kind) == slow.pieces(chunk, kind), chunk


def _script_runs_the_long_way(text, script, classed):
    from briefgen.writers.docx import runs

    pattern = runs._NEITHER
    runs._NEITHER = re.compile("(?!)")  # matches nothing
    try:
        return runs.script_runs(text)
    finally:
        runs._NEITHER = pattern
