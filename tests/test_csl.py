"""A dossier's own CSL style, run by citeproc-py: notes in the style's first and subsequent forms, its
bibliography in its order, clear errors for a missing or broken style, and nothing above clearance."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import NOTE_FRAMING, docx_notes_text, docx_parts, docx_text, norm, pdf_text, run_cli

from briefgen.tree import CiteItem, plain_text

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


def test_a_style_briefgen_cannot_use_is_a_clear_error_not_an_internal_one(make_dossier):
    """A style without a <citation>, one that calls a macro it does not define, and an HTML page saved as .csl:
    citeproc-py read them and failed at the first citation, an internal error (exit 3)."""
    house = STYLE.read_text(encoding="utf-8")
    cases = {
        "no <citation> with a <layout>": re.sub(r"<citation.*?</citation>", "", house, flags=re.S),
        "calls the macro 'nowhere', which it does not define": house.replace('macro="', 'macro="nowhere" x="', 1),
        "its root element is <html>, not a CSL <style>": "<html><body><p>Not a style</p></body></html>",
    }
    root = _dossier(make_dossier)
    for said, text in cases.items():
        (root / "styles" / "house-notes.csl").write_text(text, encoding="utf-8")
        for command in ("check", "build"):
            result = run_cli(command, root)
            assert result.returncode == 1, result.stderr
            assert "d/dossier.yaml:6:60: error: house-notes.csl is not a CSL style" in result.stderr and said in \
                result.stderr, result.stderr


def test_other_dates_of_a_source_reach_the_style_as_dates(make_dossier, tmp_path):
    """original-date, event-date, submitted and available-date, written as YAML dates, years or raw text,
    crashed citeproc-py (an internal error); a date that is no date is kept as written."""
    root = _dossier(make_dossier)
    sources = (root / "sources.yaml").read_text(encoding="utf-8")
    sources = sources.replace("  issued: 2022-05-24\n  URL:", "  issued: 2022-05-24\n  original-date: 1999-04-01\n"
                              "  event-date: '2021'\n  submitted: {raw: 2022-01-02}\n  available-date: spring\n  URL:")
    (root / "sources.yaml").write_text(sources, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "a")
    assert result.returncode == 0 and "Traceback" not in result.stderr and "Warning" not in result.stderr, \
        result.stderr
    assert "Adrian Zenz" in _flat(pdf_text(out / "c-a.pdf"))


def test_unknown_style_name_lists_the_choices(make_dossier):
    root = _dossier(make_dossier, dossier=DOSSIER.replace("styles/house-notes.csl,", "chicago,", 1))
    result = run_cli("check", root)
    assert result.returncode == 1
    assert ("d/dossier.yaml:6:60: error: audiences.a.citation_style: expected chicago-notes, author-date, press, or "
            "a .csl file in the dossier; got 'chicago'") in result.stderr


# A style that asks citeproc-py most of what a style can (macros, groups without their variables, positions,
# names cut to "et al.", a substitute, terms and labels, a locale's date format with a part of its own).
RICH = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="note" version="1.0">
  <info><title>rich</title><id>rich</id><updated>2026-11-26T00:00:00+00:00</updated></info>
  <macro name="who">
    <names variable="author">
      <name and="text" delimiter=", " et-al-min="2" et-al-use-first="1" initialize-with=". "/>
      <substitute><text variable="container-title"/><text term="anonymous"/></substitute>
    </names>
  </macro>
  <macro name="when">
    <choose>
      <if type="interview"><date variable="issued" form="text"><date-part name="month" form="short"/></date></if>
      <else-if variable="issued"><date variable="issued" form="text"/></else-if>
      <else><text term="no date" form="short"/></else>
    </choose>
  </macro>
  <citation>
    <layout suffix="." delimiter="; ">
      <choose>
        <if position="ibid"><text term="ibid" text-case="capitalize-first"/></if>
        <else-if position="subsequent">
          <group delimiter=", "><text macro="who"/><text variable="title" form="short" quotes="true"/>
            <group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group></group>
        </else-if>
        <else>
          <group delimiter=", "><text macro="who"/><text variable="title" font-style="italic"/>
            <group delimiter=" "><text term="edition" form="short"/><number variable="edition"/></group>
            <text variable="container-title"/><text macro="when"/>
            <group delimiter=" "><label variable="locator" form="short"/><text variable="locator"/></group>
            <text variable="URL"/></group>
        </else>
      </choose>
    </layout>
  </citation>
  <bibliography>
    <sort><key macro="who"/><key variable="issued" sort="descending"/></sort>
    <layout suffix=".">
      <group delimiter=". "><text macro="who"/><text variable="title" quotes="true"/><text macro="when"/></group>
    </layout>
  </bibliography>
</style>
"""

MORE_SOURCES = SOURCES + """
- id: team
  type: report
  title: A report by three
  author: [{family: One, given: Ann}, {family: Two, given: Bo}, {family: Three, given: Cy}]
  issued: 2023-09-03
- id: anon
  type: webpage
  title: A page nobody signed
"""

GROUPS = [[CiteItem("Zenz", "p. 12")], [CiteItem("bbc"), CiteItem("team", "chap. 2")], [CiteItem("w7")],
          [CiteItem("Zenz", "para. 4")], [CiteItem("Zenz", "para. 4")], [CiteItem("anon"), CiteItem("bbc", "doc. 3")],
          [CiteItem("team")], [CiteItem("w7")]]


def _format(root: Path, groups, language: str = "en-US") -> tuple[list[str], list[str]]:
    """The notes and bibliography entries of ``groups`` in the dossier's style, as plain text."""
    from briefgen.cite.csl import CslFormat
    from briefgen.load import load

    ev = load(root)
    fmt = CslFormat(root / "styles" / "house-notes.csl", dict(ev.sources), language)
    fmt.register(groups)
    notes = [plain_text(fmt.note(i)) for i in range(len(groups))]
    return notes, [plain_text(entry) for entry in fmt.bibliography()[1]]


def _rich_dossier(make_dossier, style_text: str = RICH, name: str = "d") -> Path:
    root = make_dossier({"dossier.yaml": DOSSIER, "sources.yaml": MORE_SOURCES, "findings.yaml": FINDINGS}, name)
    (root / "styles").mkdir()
    (root / "styles" / "house-notes.csl").write_text(style_text, encoding="utf-8")
    return root


def test_the_style_is_asked_each_question_once_not_once_per_note(make_dossier, monkeypatch):
    """citeproc-py answers a question about the style's tree (a macro by name, the locale's terms, whether a
    group prints a variable) with an XPath query: briefgen's reading keeps the answers, so that formatting
    ten times the notes asks the tree no more than formatting them once (cite/csl.py, load/cslfile.py)."""
    from lxml import etree

    from briefgen.load import cslfile

    asked = []

    def xpath(self, *args, **kwargs):
        asked.append(args[0])
        return etree._Element.xpath(self, *args, **kwargs)

    monkeypatch.setattr(cslfile._Memo, "xpath", xpath, raising=False)  # every query of the style's elements
    root = _rich_dossier(make_dossier)
    _format(root, GROUPS * 2)  # every source cited first and later
    once = len(asked)
    asked.clear()
    _format(root, GROUPS * 20)
    assert 0 < once == len(asked)


def test_the_kept_answers_format_as_citeproc_py_does(make_dossier, monkeypatch):
    """Notes and bibliography are what citeproc-py's own reading of the style gives, word for word, in two
    languages, with the fixture's style and one that asks more of citeproc-py."""
    from briefgen.load import cslfile

    for i, style in enumerate((STYLE.read_text(encoding="utf-8"), RICH)):
        root = _rich_dossier(make_dossier, style, f"d{i}")
        for language in ("en-US", "fr"):
            fast = _format(root, GROUPS, language)
            with monkeypatch.context() as m:
                m.setattr(cslfile, "_fast", lambda: False)
                plain = _format(root, GROUPS, language)
            assert fast == plain
            assert len(fast[0]) == len(GROUPS) and fast[1]


def test_each_document_reads_its_style_afresh(make_dossier):
    """citeproc-py writes a date's own parts into the locale's date format as it formats it (here: the short
    month of an interview), so a style read once for two documents would format the second's dates as the
    first's asked. The inner brief, which cites the interview, is rendered before the other."""
    from briefgen.pipeline import plan

    first_inner = DOSSIER[:DOSSIER.index("  a: {")] + DOSSIER[DOSSIER.index("  inner: {"):] + \
        DOSSIER[DOSSIER.index("  a: {"):DOSSIER.index("  inner: {")]
    sources = MORE_SOURCES.replace("issued: 2022-05-24", "issued: 2022-09-24")
    root = make_dossier({"dossier.yaml": first_inner, "sources.yaml": sources, "findings.yaml": FINDINGS})
    (root / "styles").mkdir()
    (root / "styles" / "house-notes.csl").write_text(RICH, encoding="utf-8")
    both = plan(root)
    assert list(both.documents) == ["inner", "a"]
    assert "Apr. 2, 2024" in " ".join(plain_text(n.children) for n in both.documents["inner"].notes)
    alone = [plain_text(n.children) for n in plan(root, ["a"]).documents["a"].notes]
    assert "September 24, 2022" in alone[0]
    assert [plain_text(n.children) for n in both.documents["a"].notes] == alone


def test_a_style_changed_between_two_builds_in_one_process_is_read_again(make_dossier):
    """The preview and the Python API build again and again in one process: an edited style is used at
    once, even when its size and modification time are those of the style it replaces."""
    from briefgen.pipeline import plan

    root = _dossier(make_dossier)
    style = root / "styles" / "house-notes.csl"
    url = "https://doi.org/10.25365/jeacs.2022.3.zenz"
    assert url in plain_text(plan(root, ["a"]).documents["a"].notes[0].children)
    before = style.stat()
    text = style.read_text(encoding="utf-8")
    style.write_text(text.replace('<text variable="URL"/>\n          </group>\n        </else>',
                                  '<text variable="DOI"/>\n          </group>\n        </else>'), encoding="utf-8")
    os.utime(style, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert style.stat().st_size == before.st_size and style.read_text(encoding="utf-8") != text
    assert url not in plain_text(plan(root, ["a"]).documents["a"].notes[0].children)


def test_a_name_and_title_in_uyghur_stay_in_the_notes_order_in_a_house_style(make_dossier, tmp_path):
    """The built-in styles set a right-to-left name or title as an isolate in a left-to-right brief; a house
    .csl style did not, and the Uyghur book's note was set as a right-to-left paragraph, its number on the
    right and ".p. 4 ,2021" on the left (Word: a w:bidi note)."""
    root = _dossier(make_dossier)
    sources = (root / "sources.yaml").read_text(encoding="utf-8") + """
- id: tursun
  type: book
  title: ئۇيغۇر تارىخى
  author: [{family: تۇرسۇن, given: ئابدۇللا}]
  publisher: Nashriyat
  issued: 2010
"""
    (root / "sources.yaml").write_text(sources, encoding="utf-8")
    (root / "findings.yaml").write_text(FINDINGS.replace("A witness saw it [@w7].", "A history [@tursun, p. 4]."),
                                        encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "a")
    assert result.returncode == 0, result.stderr
    notes = docx_parts(out / "c-a.docx")["word/footnotes.xml"].decode()
    note = next(p for p in re.findall(r"<w:footnote [^>]*>.*?</w:footnote>", notes) if "ئۇيغۇر" in p)
    assert "<w:bidi/>" not in note and "\u2068" in note, note
    text = _flat(pdf_text(out / "c-a.pdf"))
    assert re.search(r"5\. [\u0600-\u06ff][^.]{0,60}2010, p\. 4\.", text), text  # the number first, the page last
