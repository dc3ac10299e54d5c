"""Hyphenation per language (an audience's ``hyphenate: true``): the PDF breaks long words at the end of a
line where the language's dictionary (pyphen) allows, with a soft hyphen that text extraction joins back;
Word is asked to hyphenate (``w:autoHyphenation``); a language without a dictionary is a warning."""

from __future__ import annotations

import re
import zipfile

import pyphen
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, pdf_text, run_cli

SHY = "\u00ad"
LONG = ("Les autorités administratives départementales ont systématiquement documenté les interrogatoires "
        "préliminaires, conformément aux instructions gouvernementales extraordinairement contraignantes. ") * 6


def _build(make_dossier, tmp_path, hyphenate: bool, language: str = "fr", name: str = "d"):
    setting = f"language: {language}, hyphenate: {'true' if hyphenate else 'false'},"
    dossier = MINIMAL_DOSSIER.replace("clearance: TLP:CLEAR,", f"clearance: TLP:CLEAR, {setting}")
    findings = ("- id: f\n  title: Un constat\n  summary: Un résumé.\n  confidence: reported\n"
                f"  body: |\n    {LONG.strip()} [@pub]\n")
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings},
                        name=name)
    out = tmp_path / f"out-{name}"
    result = run_cli("build", root, "--out", out, "-a", "public")
    assert result.returncode == 0, result.stderr
    return result, out / "mini-public.pdf", out / "mini-public.docx"


def _settings(docx) -> str:
    with zipfile.ZipFile(docx) as z:
        return z.read("word/settings.xml").decode()


def test_french_lines_break_inside_words_where_the_dictionary_allows(make_dossier, tmp_path):
    _, pdf, docx = _build(make_dossier, tmp_path, True)
    text = pdf_text(pdf)
    broken = re.findall(rf"(\w+){SHY}\s*\n\s*(\w+)", text)
    assert len(broken) >= 3, text[:400]
    dic = pyphen.Pyphen(lang="fr")
    words = set(re.findall(r"\w+", LONG))
    for head, tail in broken:
        assert head + tail in words, (head, tail)  # the word, joined again
        assert len(head) in dic.positions(head + tail)  # at a point the dictionary gives
    assert SHY not in re.sub(rf"{SHY}\s*\n", "", text)  # a soft hyphen only ever ends a line
    joined = " ".join(re.sub(rf"{SHY}\s*\n\s*", "", text).split())
    assert " ".join(LONG.split()[:20]) in joined
    settings = _settings(docx)
    assert "<w:autoHyphenation/>" in settings
    assert settings.index("<w:autoHyphenation/>") < settings.index("<w:compat>")  # in the schema's order


def test_without_hyphenate_no_word_is_broken(make_dossier, tmp_path):
    _, pdf, docx = _build(make_dossier, tmp_path, False)
    assert SHY not in pdf_text(pdf)
    assert "autoHyphenation" not in _settings(docx)


def test_a_language_without_a_dictionary_is_a_warning(make_dossier, tmp_path):
    result, pdf, _ = _build(make_dossier, tmp_path, True, language="ug", name="ug")
    [line] = [ln for ln in result.stderr.splitlines() if "no-hyphenation" in ln]
    assert "warning: audience 'public': no hyphenation dictionary for language 'ug'" in line
    assert line.startswith("ug/dossier.yaml:")  # at the audience that asks for it
    assert SHY not in pdf_text(pdf)
