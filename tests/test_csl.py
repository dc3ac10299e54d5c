"""A dossier's own CSL style, run by citeproc-py: notes in the style's first and subsequent forms, its
bibliography in its order, clear errors for a missing or broken style, and nothing above clearance."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import NOTE_FRAMING, docx_notes_text, docx_parts, docx_text, norm, pdf_text, run_cli

STYLE = Path(__file__).parent / "fixtures" / "csl" / "house-notes.csl"

DOSSIER = """
id: c
title: House style
organisation: {name: Test Org}
date: 2026-01-15
audiences:
  a: {label: A, template: diplomats, clearance: TLP:CLEAR, citation_style: styles/house-notes.csl,
      NOTE_FRAMING}
  inner: {label: Inner, template: diplomats, clearance: TLP:AMBER, citation_style: styles/house-notes.csl,
      NOTE_FRAMING}
""".replace("NOTE_FRAMING", NOTE_FRAMING)

SOURCES = """
- id: Zenz
  type: article-journal
  title: "The Xinjiang Police Files: Re-Education Camp Security and Political Paranoia"
  title-short: Xinjiang Police Files
  author: [{family: Zenz, given: Adrian}]
  container-title: Journal of the European Association for Chinese Studies
  issued: 2022-05-24
  URL: https://doi.org/10.25365/jeacs.2022.3.zenz
- id: bbc
  type: article-newspaper
  title: The faces from China's Uyghur detention camps
  title-short: Faces from the camps
  author: [{family: Sudworth, given: John}]
  container-title: BBC News
  issued: 2022-05-24
- id: w7
  type: interview
  title: Interview with witness W-7
  author: [{literal: Witness W-7}]
  issued: 2024-04-02
  sensitivity: TLP:AMBER
"""

FINDINGS = """
- id: f
  title: A finding
  summary: One sentence.
  body: "One [@Zenz, p. 12]. Two [@bbc]. Three [@Zenz, para. 4]. Four [@bbc, doc. 3]. A witness saw it [@w7]."
  confidence: reported
"""


def _dossier(make_dossier, style_text: str | None = None, dossier: str = DOSSIER):
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": SOURCES, "findings.yaml": FINDINGS})
    (root / "styles").mkdir()
    if style_text is None:
        shutil.copy(STYLE, root / "styles" / "house-notes.csl")
    else:
        (root / "styles" / "house-notes.csl").write_text(style_text, encoding="utf-8")
    return root


def _flat(text: str) -> str:
    return " ".join(norm(text).split())


def test_notes_and_bibliography_in_the_dossiers_style(make_dossier, tmp_path):
    root = _dossier(make_dossier)
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    first = ("Adrian Zenz, The Xinjiang Police Files: Re-Education Camp Security and Political Paranoia, Journal of "
             "the European Association for Chinese Studies, May 24, 2022, p. 12, "
             "https://doi.org/10.25365/jeacs.2022.3.zenz.")
    expected = [first,
                "John Sudworth, The faces from China's Uyghur detention camps, BBC News, May 24, 2022.",
                "Zenz, Xinjiang Police Files, para. 4.",  # subsequent: the style's short form, pinpoint typed
                "Sudworth, Faces from the camps, doc. 3."]  # a pinpoint CSL has no type for, kept as written
    assert [_flat(n) for n in docx_notes_text(out / "c-a.docx")] == expected
    pdf = _flat(pdf_text(out / "c-a.pdf"))
    for note in expected:
        assert note in pdf
    bibliography = ["Sudworth, John. The faces from China's Uyghur detention camps. May 24, 2022.",
                    "Zenz, Adrian. The Xinjiang Police Files: Re-Education Camp Security and Political Paranoia. "
                    "May 24, 2022. https://doi.org/10.25365/jeacs.2022.3.zenz."]
    for text in (pdf, _flat(docx_text(out / "c-a.docx"))):
        at = text.rindex("Sources")
        assert text.index(bibliography[0], at) < text.index(bibliography[1], at)
    # The style's italics reach Word; its URLs are links in both formats.
    notes_xml = docx_parts(out / "c-a.docx")["word/footnotes.xml"].decode()
    assert re.search(r"<w:i/>.*?Xinjiang Police Files: Re-Education", notes_xml)
    assert b"/URI (https://doi.org/10.25365/jeacs.2022.3.zenz)" in (out / "c-a.pdf").read_bytes()
    # A source above the audience's clearance never reaches the processor, let alone the file.
    assert "Witness W-7" not in pdf and "Witness W-7" in _flat(pdf_text(out / "c-inner.pdf"))


def test_missing_style_names_file_and_line(make_dossier):
    root = _dossier(make_dossier)
    (root / "styles" / "house-notes.csl").unlink()
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "d/dossier.yaml:6:60: error: citation style not found: styles/house-notes.csl" in result.stderr


def test_broken_style_is_a_clear_error(make_dossier):
    root = _dossier(make_dossier, "<style xmlns='http://purl.org/net/xbiblio/csl'><citation>")
    result = run_cli("build", root)
    assert result.returncode == 1
    assert "d/dossier.yaml:6:60: error: house-notes.csl is not a CSL style citeproc-py can read" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_style_name_lists_the_choices(make_dossier):
    root = _dossier(make_dossier, dossier=DOSSIER.replace("styles/house-notes.csl,", "chicago,", 1))
    result = run_cli("check", root)
    assert result.returncode == 1
    assert ("d/dossier.yaml:6:60: error: audiences.a.citation_style: expected chicago-notes, author-date, press, or "
            "a .csl file in the dossier; got 'chicago'") in result.stderr
