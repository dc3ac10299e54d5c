"""Briefs that do their genre's job (issue 13), read from the produced PDF and .docx: the press release, the
briefing note and the brief for legislators of the sample; each genre's requirements checked; asks that
would bring back a refused claim; notes to the team printed for the reader; portion marks; typography."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from briefgen.pipeline import final
from briefgen.tree import Div, Para, plain_text, walk
from conftest import (MINIMAL_DOSSIER, MINIMAL_SOURCES, NOTE_FRAMING, SAMPLE, docx_parts, docx_text, norm, pdf_text,
                      run_cli)


ONE_FINDING = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"

def path(out, audience, fmt):
    return out / f"xinjiang-police-files-{audience}.{fmt}"


def pages(pdf) -> list[str]:
    return [norm(p.extract_text()) for p in PdfReader(pdf).pages]


def words(markdown: str, n: int = 6) -> str:
    """The first words of a Markdown text as printed: no citations, emphasis or line breaks."""
    text = re.sub(r"\s*\[[^\]]*@[^\]]*\]", "", markdown).replace("*", "")
    return norm(" ".join(text.split()[:n]))


# --- the sample, as its readers get it --------------------------------------------------------------------


def test_press_release_is_one_page_of_news_then_notes_to_editors(sample_build, sample_evidence):
    out, _ = sample_build
    fr = sample_evidence.dossier.audiences["press"].framing
    first, *rest = pages(path(out, "press", "pdf"))
    for part in ("FOR IMMEDIATE RELEASE", norm(fr.headline), "Geneva, 24 November 2026 —", words(fr.hook),
                 words(fr.quote.text), f"— {fr.quote.name}, {fr.quote.role}", "What we call for:",
                 words(fr.call_to_action), "Key facts", "ENDS"):
        assert part in first, part
    assert "Notes to editors" not in first and rest[0].startswith("Notes to editors")  # they open page 2
    notes = " ".join(rest)
    for part in ("About Evidence Desk", "Media contacts", "Lena Brandt, Press officer", "out of hours: +41 79",
                 "Sources"):
        assert part in notes, part
    assert not re.search(r"[a-z.,;]\d{1,2} ", first)  # no note numbers in the body
    word = norm(docx_text(path(out, "press", "docx")))
    order = [word.index(p) for p in (norm(fr.headline), words(fr.quote.text), "What we call for:", "ENDS",
                                     "Notes to editors", "About Evidence Desk")]
    assert order == sorted(order)
    parts = docx_parts(path(out, "press", "docx"))
    xml = parts["word/document.xml"].decode()
    assert "<w:footnoteReference" not in xml and "<w:endnoteReference" not in xml
    assert xml.index("ENDS") < xml.index("<w:sectPr") < xml.index("Notes to editors")  # a new section
    # The sources as short references, each title a link to its source, no URL printed.
    ohchr = "https://www.ohchr.org/en/documents/country-reports/ohchr-assessment-human-rights-concerns-xinjiang-" \
            "uyghur-autonomous-region"
    rid = re.search(r'Id="(rId\d+)"[^>]*Target="' + re.escape(ohchr), parts["word/_rels/document.xml.rels"].decode())
    assert rid and re.search(rf'<w:hyperlink r:id="{rid.group(1)}"[^>]*>.*?OHCHR Assessment of human rights', xml)
    for text in (notes, word):
        assert 'Office of the UN High Commissioner for Human Rights, "OHCHR Assessment' in text
        assert "ohchr.org" not in text


def test_a_press_release_may_ask_for_the_full_list_of_sources(make_dossier, tmp_path):
    dossier = MINIMAL_DOSSIER.replace("citation_style: press,", "citation_style: press, notes: none, references: full,")
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": ONE_FINDING})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "public").returncode == 0
    for text in (norm(pdf_text(out / "mini-public.pdf")), norm(docx_text(out / "mini-public.docx"))):
        assert 'Public Body, "A public report", 1 March 2024, https://example.org/report' in text


@pytest.mark.parametrize("opening, printed", [
    ("| Count | Place |\n|---|---|\n| 312 | Eastbank |", ["Count", "Place", "312", "Eastbank"]),
    ("## What the files show\n\nThe list was verified.", ["What the files show", "The list was verified."]),
    ("0. the first\n1. the second", ["the first", "the second"]),
    ("> The order was read aloud.", ["The order was read aloud."]),
])
def test_a_press_release_sets_a_body_that_opens_with_a_block_under_its_lead_in(make_dossier, tmp_path, opening,
                                                                               printed):
    """The press release runs a finding's bold title into its body's first paragraph; a body that opens with a
    table, a heading, a list or a quote was glued to that line and printed as Markdown source ("agree). | Count
    | Place |", "agree). ####"). The lead-in is a paragraph of its own then, and the block is set."""
    body = opening.replace("\n", "\n    ") + " [@pub]"
    findings = f"""
- id: f
  title: Homes were demolished
  summary: S.
  body: |
    {body}
  confidence: reported
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "public")
    assert result.returncode == 0, result.stderr
    for text in (norm(pdf_text(out / "mini-public.pdf")), norm(docx_text(out / "mini-public.docx"))):
        lead = text.index("Homes were demolished (")
        assert all(p in text[lead:] for p in printed), text[lead:]
        assert not any(mark in text for mark in ("|---", "| Count", "##", "> The order")), text
    paragraphs = docx_text(out / "mini-public.docx").split("\n")  # the lead-in a paragraph of its own
    assert "Homes were demolished (Reported: one source)." in paragraphs, paragraphs


def test_a_press_releases_ask_to_someone_else_says_to_whom(make_dossier, tmp_path):
    """A press release prints its asks as notes to editors: one addressed to a bank printed its text alone, so
    the reader could not tell whom it called on."""
    asks = ("- {id: bank, audiences: [public, inner], addressee: The Silk Road Development Bank, "
            "text: 'Publish the audit [@pub].'}\n")
    findings = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings,
                         "asks.yaml": asks})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "public").returncode == 0
    for text in (norm(pdf_text(out / "mini-public.pdf")), norm(docx_text(out / "mini-public.docx"))):
        assert "The Silk Road Development Bank: Publish the audit." in text, text


def test_briefing_note_page_one_has_purpose_key_messages_and_asks(sample_build, sample_evidence):
    out, _ = sample_build
    sel, doc = final(sample_evidence, "diplomats")
    fr = sel.framing
    assert 0 < len(fr.key_messages) <= 5
    first = pages(path(out, "diplomats", "pdf"))[0]
    for part in ["Purpose", words(fr.purpose), "Key messages", *(words(m) for m in fr.key_messages),
                 "Points to raise", *(words(a.text) for a in sel.asks),
                 "Confidence: Confirmed, independent sources agree; Shared origin, several reports, all resting "
                 "on one origin"]:
        assert part in first, part
    assert "Findings" not in first and "Names in their own scripts" not in first
    assert "TLP:AMBER, may be shared on a need-to-know basis within the recipient's organisation" in first
    word = norm(docx_text(path(out, "diplomats", "docx")))
    order = [word.index(p) for p in ("Purpose", "Key messages", "Points to raise", "The situation", "Findings")]
    assert order == sorted(order)


def test_lawmakers_brief_names_its_legislature_and_cites_the_law_in_full(sample_build, sample_evidence):
    out, _ = sample_build
    sel, _ = final(sample_evidence, "lawmakers")
    first = pages(path(out, "lawmakers", "pdf"))[0]
    word = norm(docx_text(path(out, "lawmakers", "docx")))
    law = "Uyghur Forced Labor Prevention Act, Public Law 117-78 (H.R. 6256), 135 Stat. 1525 (2021)"
    for text in (first, word):
        assert "United States Congress" in text and "Bottom line" in text and law in text
        for a in sel.asks:  # every ask with the committee it is for
            assert f"{norm(a.addressee)}: {words(a.text, 4)}" in text, a.id
    assert word.index("Bottom line") < word.index("What we ask") < word.index("Annex: the evidence")


def test_confidence_words_are_explained_where_they_are_printed(sample_build):
    out, _ = sample_build
    for audience in ("diplomats", "lawmakers", "press"):
        for text in (norm(pdf_text(path(out, audience, "pdf"))), norm(docx_text(path(out, audience, "docx")))):
            assert "orroborated" not in text, audience  # the old word, which readers took for confirmation
            if "Shared origin" in text:
                assert "several reports, all resting on one origin" in text, audience


def test_no_instruction_to_the_author_is_printed(sample_build, sample_evidence):
    out, _ = sample_build
    notes = [f.team_note for f in sample_evidence.findings if f.team_note]
    assert notes  # the sample keeps its caveats for the team
    for audience in ("diplomats", "lawmakers", "press"):
        text = norm(pdf_text(path(out, audience, "pdf")))
        for note in notes:
            assert words(note, 8) not in text
        assert not re.search(r"\b(check the wording|before quoting|should not be stated|TODO)\b", text, re.I)


# --- each genre checks what it needs ----------------------------------------------------------------------


def test_missing_framing_is_reported_at_the_audience(make_dossier):
    ok = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                       "findings.yaml": ONE_FINDING})
    assert run_cli("check", ok).returncode == 0
    bare = MINIMAL_DOSSIER.replace(" framing: {headline: Test Org publishes a test,", " framing: {")
    bare = bare.replace(" quote: {name: Ann Tester, role: Tester, text: It works.},", "")
    root = make_dossier({"dossier.yaml": bare, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": ONE_FINDING},
                        "bare")
    result = run_cli("check", root)
    assert result.returncode == 1
    line = next(i for i, text in enumerate(bare.lstrip("\n").splitlines(), 1) if text.startswith("  public:"))
    for need in ("framing.headline: a headline that carries the news", "framing.quote: a named spokesperson quote"):
        assert re.search(rf"^bare/dossier.yaml:{line}:\d+: error: audience 'public' uses the template 'press', "
                         rf"which needs {re.escape(need)}.*; add audiences\.public\.framing\.", result.stderr, re.M), \
            result.stderr
    assert "framing.hook" not in result.stderr and "audience 'inner' uses" not in result.stderr
    assert run_cli("build", root).returncode == 1 and not (root / "build").exists()


def _with_framing(make_dossier, framing: str):
    """The minimal dossier, its briefing note's framing replaced, with one finding."""
    return make_dossier({"dossier.yaml": MINIMAL_DOSSIER.replace(NOTE_FRAMING, framing),
                         "sources.yaml": MINIMAL_SOURCES, "findings.yaml": ONE_FINDING})


def test_too_many_key_messages(make_dossier):
    six = "framing: {purpose: To test., key_messages: [One., Two., Three., Four., Five., Six.]}"
    root = _with_framing(make_dossier, six)
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "audience 'inner': the template 'diplomats' takes at most 5 key messages" in result.stderr
    assert "there are 6" in result.stderr


def test_a_press_release_cannot_be_marked_above_clear(make_dossier):
    """"FOR IMMEDIATE RELEASE" on a brief marked TLP:AMBER would contradict its marking: the press genre
    declares TLP:CLEAR at most."""
    dossier = MINIMAL_DOSSIER.replace("template: press, clearance: TLP:CLEAR", "template: press, clearance: TLP:AMBER")
    findings = (ONE_FINDING +
                "- {id: g, title: G, summary: S, body: 'Inside [@pub].', confidence: reported, sensitivity: TLP:AMBER}\n")
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    result = run_cli("check", root)
    assert result.returncode == 1
    assert re.search(r"^d/dossier.yaml:8:\d+: error: audience 'public': its brief would be marked TLP:AMBER, by what "
                     r"it prints, but the template 'press' is for TLP:CLEAR at most", result.stderr, re.M), result.stderr
    cleared = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings.split(
        "\n")[0] + "\n"}, "cleared")  # cleared for AMBER, but nothing above CLEAR to print: a release
    assert "is for TLP:CLEAR at most" not in run_cli("check", cleared).stderr


MEMO = """{#- briefgen:
requires:
  framing.purpose: why the memo is written
  asks: what we recommend
page_budget: 3
-#}
# {{ dossier.title }}

{{ framing.purpose }}

{% for f in findings %}
{{ f.title }}: {{ f.body }}
{% endfor %}
{% for a in asks %}
- {{ a.text }}
{% endfor %}
"""


def test_a_users_template_declares_its_own_needs(make_dossier, tmp_path):
    dossier = MINIMAL_DOSSIER + "  memo: {label: Memo, template: memo, clearance: TLP:CLEAR}\n"
    files = {"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "templates/memo.md.j2": MEMO,
             "findings.yaml": ONE_FINDING,
             "asks.yaml": "- {id: a, audiences: [public, inner], text: Try.}\n"}
    root = make_dossier(files)
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "audience 'memo' uses the template 'memo', which needs framing.purpose: why the memo is written" \
        in result.stderr
    assert "which needs asks: what we recommend; add an ask addressed to memo (asks.yaml)" in result.stderr
    fixed = dossier.replace("template: memo, clearance: TLP:CLEAR}",
                            "template: memo, clearance: TLP:CLEAR, framing: {purpose: Decide.}}")
    root = make_dossier({**files, "dossier.yaml": fixed,
                         "asks.yaml": "- {id: a, audiences: [public, inner, memo], text: Try.}\n"}, "fixed")
    assert run_cli("check", root).returncode == 0
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "memo").returncode == 0
    assert "Decide." in pdf_text(out / "mini-memo.pdf")
    broken = make_dossier({**files, "templates/memo.md.j2": MEMO.replace("asks: what", "askz: what")}, "broken")
    result = run_cli("check", broken)
    assert result.returncode == 1
    assert "broken/templates/memo.md.j2:1: error: the template's briefgen: header requires 'askz', which is none " \
           "of:" in result.stderr


# --- asks rest on what the audience may see ---------------------------------------------------------------

REFUSED_SOURCES = MINIMAL_SOURCES + """
- id: rumour
  type: post
  title: A rumour
  author: [{literal: Someone}]
  issued: 2024-05-01
"""
REFUSED_FINDINGS = """
- {id: solid, title: Solid, summary: S, body: 'Solid [@pub].', confidence: confirmed,
   lint_ignore: {confirmed-not-independent: 'one report, for the test'}}
- {id: shaky, title: Shaky, summary: S, body: 'Shaky [@rumour].', confidence: alleged}
- {id: extra, title: Extra, summary: S, body: 'Extra [@pub, p. 2].', confidence: reported}
"""


def _refused(make_dossier, asks: str, name: str):
    dossier = MINIMAL_DOSSIER.replace("citation_style: press,",
                                      "citation_style: press, select: {min_confidence: reported, max_findings: 1},")
    return make_dossier({"dossier.yaml": dossier, "sources.yaml": REFUSED_SOURCES, "findings.yaml": REFUSED_FINDINGS,
                         "asks.yaml": asks}, name)


def test_an_ask_resting_on_a_refused_claim_is_an_error(make_dossier):
    root = _refused(make_dossier, """
- id: by-citation
  audiences: [public, inner]
  text: Act on the rumour [@rumour].
- id: by-name
  audiences: [public, inner]
  rests_on: [shaky]
  text: Act now.
- id: secret
  audiences: [public, inner]
  text: Act on the statement [@secret].
""", "refused")
    result = run_cli("check", root)
    assert result.returncode == 1
    err = result.stderr
    assert re.search(r"^refused/asks.yaml:3:28: error: ask 'by-citation' cites 'rumour', the source of findings "
                     r"audience 'public' does not get: 'shaky' \(confidence alleged below reported\) "
                     r"\[rests-on-dropped\]$", err, re.M), err
    assert re.search(r"^refused/asks.yaml:6:14: error: ask 'by-name' rests on finding 'shaky', which audience "
                     r"'public' does not get \(confidence alleged below reported\)", err, re.M), err
    assert re.search(r"^refused/asks.yaml:10:31: error: ask 'secret' cites 'secret' \(TLP:AMBER\), which audience "
                     r"'public' may not see", err, re.M), err
    assert "audience 'inner' does not" not in err and "audience 'inner' may not" not in err  # it gets all three
    assert run_cli("build", root, "-a", "public").returncode == 1  # build refuses it too


def test_an_ask_resting_on_what_was_only_left_out_for_room_is_fine(make_dossier):
    root = _refused(make_dossier, """
- id: on-solid
  audiences: [public, inner]
  rests_on: [solid, extra]
  text: Act on the report [@pub, p. 2].
""", "room")
    result = run_cli("check", root)
    assert "rests-on-dropped" not in result.stderr, result.stderr  # 'extra' went for max_findings, not doubt


# --- notes to the team ------------------------------------------------------------------------------------


def test_author_facing_phrases_are_flagged_where_printed_only(make_dossier):
    findings = """
- id: f
  title: T
  summary: S
  body: |
    The protocols order guards to shoot [@pub].
    Check the wording against the official transcript before quoting it.
  confidence: reported
- id: g
  title: G
  summary: The checks were carried out in 2019.
  body: Inspectors verified the list in 2019 [@pub].
  confidence: reported
  team_note: Check the wording against the transcript before quoting; TODO ask the researcher.
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    found = _reported(root, "author-facing-text")
    assert [(d["severity"], d["file"], d["line"]) for d in found] == [("warning", "d/findings.yaml", 6)], found
    assert "move it to team_note" in found[0]["message"]


def test_a_markdown_footnote_is_flagged_where_it_stands(make_dossier):
    """A pandoc or GitHub footnote (``[^1]``) would be printed as written: check says so at its line, and not
    for an escaped one (``\\[^1]``, printed on purpose) or where the dossier turns the rule off."""
    findings = """
- id: f
  title: T
  summary: S
  body: |
    The protocols order guards to shoot [@pub].
    The order was read aloud[^1] at the camp.

    [^1]: By the commander, witnesses say.
  confidence: reported
- id: g
  title: G
  summary: A mark written \\[^2] on purpose.
  body: Inspectors verified the list in 2019 [@pub].
  confidence: reported
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    found = _reported(root, "markdown-footnote")
    assert [(d["severity"], d["file"], d["line"]) for d in found] == [("warning", "d/findings.yaml", 6)], found
    assert "Markdown footnote ([^1])" in found[0]["message"] and "[@key]" in found[0]["message"]
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text() + "lint: {markdown-footnote: off}\n")
    assert _reported(root, "markdown-footnote") == []


def test_an_image_inside_running_text_is_flagged_where_it_stands(make_dossier):
    """An image inside a sentence, a heading or a table's header row prints its description: check says so at
    its line. An image in a paragraph of its own, a list item's or a table's cell is a figure, and one in code
    or an HTML comment is no image: none of those is flagged."""
    from PIL import Image

    findings = """
- id: f
  title: T
  summary: S
  body: |
    The gate was photographed in 2019 [@pub].

    ![The gate](gate.png)

    - ![The gate again](gate.png)

    | Name | Photo |
    |---|---|
    | Guard | ![A guard](gate.png) |

    `![not an image](gate.png)` <!-- ![nor this](gate.png) -->

    The wall, ![The wall](gate.png "AP"), stood there.
  confidence: reported
- id: g
  title: G
  summary: S
  body: |
    ## The camp ![Camp](gate.png)

    Inspectors verified the list in 2019 [@pub].
  confidence: reported
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    Image.new("RGB", (40, 30), "gray").save(root / "gate.png")
    found = _reported(root, "inline-image")
    assert [(d["severity"], d["file"], d["line"]) for d in found] == \
        [("warning", "d/findings.yaml", 17), ("warning", "d/findings.yaml", 23)], found
    assert "(![The wall](gate.png))" in found[0]["message"] and "paragraph of its own" in found[0]["message"]
    assert "(![Camp](gate.png))" in found[1]["message"]
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text() + "lint: {inline-image: off}\n")
    assert _reported(root, "inline-image") == []


def test_a_heading_with_nothing_under_it_is_flagged_and_setext_headings_move_under_the_title(make_dossier, tmp_path):
    """A body's heading with nothing under it is left out of the brief (a section without content): check says
    so, where it was silent. A heading written underlined (=== or ---) stayed at level 1 or 2, as large as the
    brief's own sections, where one written with hashes moves under the finding's title."""
    findings = """
- id: f
  title: T
  summary: S
  body: |
    Para one [@pub].

    ## Section A

    Section B
    ---------

    Para under B.

    ### Trailing C
  confidence: reported
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    found = _reported(root, "empty-heading")
    assert [(d["file"], d["line"], d["column"]) for d in found] == [("d/findings.yaml", 7, 8),
                                                                   ("d/findings.yaml", 14, 9)], found
    assert "the heading 'Section A' with nothing under it" in found[0]["message"]
    from briefgen.load import load
    from briefgen.tree import Heading

    _, doc = final(load(root), "inner")
    levels = {}
    walk(doc.blocks, block_fn=lambda b: levels.update({plain_text(b.children): b.level})
         if isinstance(b, Heading) else None)
    assert levels["Section B"] == 4 == levels["1. T"] + 1, levels


def test_a_tag_no_finding_has_is_flagged_with_the_one_it_resembles(make_dossier):
    """Tags are matched as written: an audience that leaves out 'Internal-Only' kept the findings tagged
    'internal-only', and check said nothing."""
    dossier = MINIMAL_DOSSIER.replace("citation_style: press,",
                                      "citation_style: press, select: {exclude_tags: [Internal-Only, river]},")
    findings = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported, tags: [internal-only]}\n"
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    found = _reported(root, "unknown-tag")
    assert [(d["line"], d["severity"]) for d in found] == [(8, "warning"), (8, "warning")], found
    assert found[0]["message"] == ("audience 'public' leaves out findings tagged 'Internal-Only', and no finding has "
                                   "that tag (tags are matched as written); did you mean 'internal-only'?")
    assert found[1]["message"].endswith("tagged 'river', and no finding has that tag (tags are matched as written)")


def _reported(root, rule: str) -> list[dict]:
    """What ``check --format json`` reports under ``rule``."""
    import json

    return [d for d in json.loads(run_cli("check", root, "--format", "json").stdout)["diagnostics"]
            if d["rule"] == rule]


def test_a_key_message_that_cites_nothing_is_flagged(make_dossier):
    framing = "framing: {purpose: To test., key_messages: ['Cited [@pub].', Uncited.]}"
    root = _with_framing(make_dossier, framing)
    result = run_cli("check", root)
    flagged = [line for line in result.stderr.splitlines() if "[uncited-key-message]" in line]
    assert len(flagged) == 1 and flagged[0].startswith("d/dossier.yaml:9:") and "key message 2 of audience " \
        "'inner' cites nothing" in flagged[0], result.stderr


# --- portion marks ----------------------------------------------------------------------------------------

MIXED = """
id: mixed
title: Mixed
organisation: {name: Test Org, about: Test Org tests marks.}
date: 2026-01-15
marking: TLP:CLEAR
contacts: [{name: Desk, email: desk@example.org}]
audiences:
  inner: {label: Inner, template: diplomats, clearance: TLP:AMBER, NOTE_FRAMING}
  mid: {label: Mid, template: diplomats, clearance: TLP:GREEN, NOTE_FRAMING}
  public: {label: Public, template: diplomats, clearance: TLP:CLEAR, NOTE_FRAMING}
""".replace("NOTE_FRAMING", NOTE_FRAMING)
MIXED_SOURCES = """
- {id: open, type: report, title: Open report, author: [{literal: Body}], issued: 2024}
- {id: shared, type: report, title: Shared report, author: [{literal: Body}], issued: 2024, sensitivity: TLP:GREEN}
- {id: closed, type: report, title: Closed report, author: [{literal: Body}], issued: 2024, sensitivity: TLP:AMBER}
"""
MIXED_FINDINGS = """
- {id: a-clear, title: Clearwater finding, summary: S, body: 'Clearwater body [@open].', confidence: reported,
   priority: 1}
- id: b-green
  title: Greenfield finding
  summary: S
  body: |
    Greenfield body [@shared].

    - Greenfield bullet one
    - Greenfield bullet two

    | Greenfield table | Count |
    |---|---|
    | Camps | 3 |

    See [the Greenfield register][reg].

    [reg]: https://example.org/greenfield

    ```
    Greenfield code

    Greenfield code after a blank line
    ```
  confidence: reported
  sensitivity: TLP:GREEN
  priority: 2
  quotes: [{text: Greenfield words, speaker: A guard, source: shared}]
- {id: c-amber, title: Amberley finding, summary: S, body: 'Amberley body [@closed].', confidence: reported,
   sensitivity: TLP:AMBER, priority: 3}
"""
MIXED_ASKS = """
- {id: ask-open, audiences: [inner, mid, public], text: Openly ask.}
- {id: ask-green, audiences: [inner, mid], text: Quietly ask., sensitivity: TLP:GREEN}
"""


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    import textwrap

    root = tmp_path_factory.mktemp("mixed") / "d"
    root.mkdir()
    for name, text in (("dossier.yaml", MIXED), ("sources.yaml", MIXED_SOURCES), ("findings.yaml", MIXED_FINDINGS),
                       ("asks.yaml", MIXED_ASKS)):
        (root / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    out = root / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def _marks(text: str) -> dict[str, str]:
    """Each test word ("Clearwater body", "Greenfield bullet one" ...) with the mark printed before it, or ""."""
    found = {}
    for m in re.finditer(r"(?:\d+\. )?(\(TLP:[A-Z]+\) )?\W?((?:Clearwater|Greenfield|Amberley) (?:finding|body|"
                         r"bullet one|bullet two|words|table)|Openly ask|Quietly ask)", text):
        found.setdefault(m.group(2), (m.group(1) or "").strip())
    return found


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_portions_above_the_base_marking_are_marked(mixed, fmt):
    read = pdf_text if fmt == "pdf" else docx_text
    inner, mid, public = (_marks(norm(read(mixed / f"mixed-{a}.{fmt}"))) for a in ("inner", "mid", "public"))
    assert inner["Clearwater finding"] == inner["Clearwater body"] == inner["Openly ask"] == ""
    for part in ("Greenfield finding", "Greenfield body", "Greenfield bullet one", "Greenfield bullet two",
                 "Greenfield words", "Greenfield table", "Quietly ask"):
        assert inner[part] == "(TLP:GREEN)" == mid[part], part
    assert '(TLP:GREEN) "Greenfield words"' in norm((pdf_text if fmt == "pdf" else docx_text)(mixed / f"mixed-inner.{fmt}"))
    assert inner["Amberley finding"] == inner["Amberley body"] == "(TLP:AMBER)"
    assert not any(k.startswith("Amberley") for k in mid)
    assert public and set(public.values()) == {""} and not any(k.startswith(("Amberley", "Greenfield")) for k in public)
    assert "Quietly ask" not in public


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_marked_finding_keeps_its_reference_links_and_its_code_as_written(mixed, fmt):
    """A portion mark put before a link reference definition ("(TLP:GREEN) [reg]: https://...") printed it as
    text, and the link that used it as Markdown source; one put before a paragraph of fenced code changed the
    code. Neither is a portion: the link links, the code is as written."""
    text = norm((pdf_text if fmt == "pdf" else docx_text)(mixed / f"mixed-inner.{fmt}"))
    assert "(TLP:GREEN) See the Greenfield register." in text and "[reg]" not in text, text
    assert "Greenfield code Greenfield code after a blank line" in text and "(TLP:GREEN) Greenfield code" not in text
    if fmt == "pdf":
        links = [a.get_object().get("/A", {}).get("/URI") for page in PdfReader(mixed / "mixed-inner.pdf").pages
                 for a in page.get("/Annots", [])]
        assert "https://example.org/greenfield" in links
    else:
        assert 'Target="https://example.org/greenfield"' in docx_parts(mixed / "mixed-inner.docx")[
            "word/_rels/document.xml.rels"].decode()


def test_the_handling_line_says_what_the_label_allows(mixed):
    for audience, line in (("inner", "TLP:AMBER, may be shared on a need-to-know basis within the recipient's "
                                     "organisation and its clients"),
                           ("mid", "TLP:GREEN, may be shared within the recipient's community, not published"),
                           ("public", "TLP:CLEAR, no limit on disclosure")):
        for text in (norm(pdf_text(mixed / f"mixed-{audience}.pdf")), norm(docx_text(mixed / f"mixed-{audience}.docx"))):
            assert line in text, (audience, line)
            others = {"TLP:AMBER", "TLP:GREEN", "TLP:CLEAR"} - {line.split(",")[0]}
            unmarked = re.sub(r"\(TLP:[A-Z]+\)", "", text)  # portion marks name lower labels, by design
            assert not any(o in unmarked for o in others), audience  # no other label for the brief


# --- the old confidence word ------------------------------------------------------------------------------


def test_corroborated_still_reads_with_a_warning(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- id: f\n  title: T\n  summary: S\n  body: 'B [@pub].'\n"
                                          "  confidence: corroborated\n"})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "inner")
    assert result.returncode == 0, result.stderr
    assert "d/findings.yaml:5:3: warning: confidence: 'corroborated' is now 'shared-origin'" in result.stderr
    assert "write confidence: shared-origin" in result.stderr
    assert "Evidence: Shared origin, several reports, all resting on one origin" in norm(pdf_text(out / "mini-inner.pdf"))


# --- typography -------------------------------------------------------------------------------------------


def test_quotes_are_curly_in_titles_headings_and_tables(make_dossier, tmp_path):
    findings = """
- id: f
  title: The "model" camp's rules
  summary: S
  body: |
    Body [@pub].

    | Name | Said |
    |---|---|
    | A guard | "Shoot" |
  confidence: reported
"""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "inner").returncode == 0
    for text in (pdf_text(out / "mini-inner.pdf"), docx_text(out / "mini-inner.docx")):
        assert "The \u201cmodel\u201d camp\u2019s rules" in text and "\u201cShoot\u201d" in text
        assert '"' not in text


def test_a_names_own_script_form_at_its_first_mention_only(make_dossier, tmp_path):
    dossier = MINIMAL_DOSSIER + "glossary:\n  - {term: Tekes County, forms: {zh-CN: 特克斯县}}\n"
    findings = """
- {id: f, title: First, summary: S, body: 'Police in Tekes County (特克斯县) kept lists [@pub].', confidence: reported,
   priority: 1}
- {id: g, title: Second, summary: S, body: 'Tekes County (特克斯县) again [@pub, p. 2].', confidence: reported,
   priority: 2}
"""
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "inner").returncode == 0
    for text in (norm(pdf_text(out / "mini-inner.pdf")), norm(docx_text(out / "mini-inner.docx"))):
        assert "Police in Tekes County (特克斯县) kept lists" in text
        assert "Tekes County again" in text and "Tekes County (特克斯县) again" not in text


def test_outline_nests_by_heading_level(sample_build):
    out, _ = sample_build
    outline = PdfReader(path(out, "diplomats", "pdf")).outline
    top = [o.title for o in outline if not isinstance(o, list)]
    assert top[:2] == ["Purpose", "Points to raise"] and "Findings" in top
    after = outline[[o.title if not isinstance(o, list) else None for o in outline].index("Findings") + 1]
    assert isinstance(after, list) and all(re.match(r"\d+\. ", o.title) for o in after)  # the findings, nested


def test_page_one_has_no_running_header(sample_build):
    import pdfplumber

    out, _ = sample_build
    with pdfplumber.open(path(out, "diplomats", "pdf")) as pdf:
        for number, page in enumerate(pdf.pages[:2]):
            head = "".join(c["text"] for c in page.chars if c["top"] < 45)
            assert ("Xinjiang Police Files" in head) == (number > 0), head
            assert "TLP:AMBER" in head
    parts = docx_parts(path(out, "diplomats", "docx"))
    assert b"<w:titlePg/>" in parts["word/document.xml"]
    first = [v.decode() for k, v in parts.items() if k.startswith("word/header")]
    assert any("TLP:AMBER" in h and "Xinjiang Police Files" not in h for h in first)


def test_no_page_holds_a_single_entry_of_the_list_of_sources(sample_build, sample_evidence):
    out, _ = sample_build
    for audience in ("diplomats", "lawmakers", "press"):
        doc = final(sample_evidence, audience)[1]
        entries = []
        walk(doc.blocks, block_fn=lambda b: entries.extend(
            norm(plain_text(p.children))[:50] for p in b.children if isinstance(p, Para))
            if isinstance(b, Div) and "references" in b.classes else None)
        assert len(entries) >= 2, audience
        texts = pages(path(out, audience, "pdf"))
        starts = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
        whole = " ".join(texts)
        at = whole.rfind("Sources", 0, whole.rfind(entries[0]))  # the heading of the list, not the notes
        where = []
        for e in entries:  # each entry after the one before, and the page it starts on
            at = whole.index(e, at)
            where.append(max(i for i, s in enumerate(starts) if s <= at))
        counts = {p: where.count(p) for p in set(where)}
        assert min(counts.values()) >= 2, (audience, counts)


def test_the_sample_checks_clean_of_genre_errors():
    result = run_cli("check", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "needs framing" not in result.stderr and "rests-on-dropped" not in result.stderr
    assert "author-facing-text" not in result.stderr


def test_legislation_cited_lists_only_what_the_brief_cites(make_dossier, tmp_path):
    """The lawmakers' "Legislation cited" listed an instrument cited only in the dossier's background, which
    their brief does not print: it was in no note and not among its sources."""
    dossier = MINIMAL_DOSSIER.replace("  inner: {label:", "  hill: {label: Hill brief, template: lawmakers, "
                                      "clearance: TLP:CLEAR, framing: {purpose: Act now., legislature: The Test "
                                      "Parliament}}\n  inner: {label:") + "background: The decree [@decree] came first.\n"
    sources = MINIMAL_SOURCES + """
- {id: act, type: legislation, title: Forced Labour Act, number: Public Law 1-2, issued: 2021}
- {id: decree, type: legislation, title: Resolution No. 117 on Land, issued: 2024}
"""
    findings = "- {id: f, title: T, summary: S, body: 'Banned [@act].', confidence: reported}\n"
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": sources, "findings.yaml": findings})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "hill")
    assert result.returncode == 0, result.stderr
    for text in (norm(pdf_text(out / "mini-hill.pdf")), norm(docx_text(out / "mini-hill.docx"))):
        assert "Legislation cited" in text and "Forced Labour Act, Public Law 1-2 (2021)" in text
        assert "Resolution No. 117" not in text, text


def test_each_paragraph_of_a_marked_quote_is_marked():
    """A paragraph of a quote after a line holding only ">", and a quote inside the quote ("> > Quoted in"),
    carried no portion mark: they read as unmarked."""
    from briefgen.load.base import TLP
    from briefgen.render.portions import Portions

    marked = Portions(TLP.CLEAR, TLP.AMBER).markdown("> One.\n>\n> Two.\n> > Quoted in a report.\n", TLP.AMBER)
    assert marked == "> (TLP:AMBER) One.\n>\n> (TLP:AMBER) Two.\n> > (TLP:AMBER) Quoted in a report.\n"
