"""Evidence lint: each rule fires where it should and stays quiet where it should not; rules can be set
stricter, looser or off for a dossier, or silenced for one finding or source with a written reason."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from briefgen.errors import BriefgenError
from briefgen.load.lint import RULES
from briefgen.load import load

DOSSIER = """
id: lint
title: Lint
organisation: {name: Test Org, about: Test Org tests lint.}
date: 2026-01-15
marking: TLP:CLEAR
contacts: [{name: Press desk, email: press@example.org}]
audiences:
  public:
    label: Public
    template: press
    clearance: TLP:CLEAR
    framing:
      headline: Test Org finds a test
      hook: Test Org today published a test.
      quote: {name: Ann Tester, role: Tester, text: It is a test.}
      call_to_action: Read the test.
"""

# Two outlets with nothing in common, a wire story republished by one of them, and an archived link.
SOURCES = """
- id: bbc
  type: article-newspaper
  title: Faces from the camps
  author: [{family: Sudworth, given: John}]
  container-title: BBC News
  issued: 2022-05-24
  URL: https://www.bbc.co.uk/news/a
  accessed: 2026-11-20
- id: spiegel
  type: article-magazine
  title: Exposing the Chinese Camps
  author: [{literal: DER SPIEGEL Staff}]
  container-title: DER SPIEGEL International
  issued: 2022-05-24
  URL: https://www.spiegel.de/a
  archive-url: https://web.archive.org/web/2022/https://www.spiegel.de/a
- id: bbc-2
  type: article-newspaper
  title: Another BBC piece
  author: [{family: Other, given: Reporter}]
  container-title: The BBC News
  issued: 2022-06-01
- id: amber
  type: document
  title: Interview notes
  author: [{literal: Witness W-7}]
  sensitivity: TLP:AMBER
"""


def finding(fid: str, body: str, confidence: str = "reported", extra: str = "") -> str:
    return f"""
- id: {fid}
  title: Finding {fid}
  summary: One sentence.
  body: "{body}"
  confidence: {confidence}
{extra}"""


def lint_of(make_dossier, findings: str, dossier_extra: str = "", sources: str = SOURCES):
    """(rule, severity, message, line) of every lint diagnostic."""
    root = make_dossier({"dossier.yaml": DOSSIER + dossier_extra, "sources.yaml": sources,
                         "findings.yaml": findings})
    try:
        items = load(root, lint=True).diagnostics.items
    except BriefgenError as exc:
        items = exc.diagnostics
    return [(d.rule, d.severity, d.message, d.pos.line if d.pos else 0) for d in items if d.rule]


def fired(diags, rule):
    return [d for d in diags if d[0] == rule]


ALL_CITED = finding("all", "[@bbc; @spiegel; @bbc-2]")


def test_every_rule_is_documented():
    from pathlib import Path

    doc = (Path(__file__).parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in doc, rule


def test_confirmed_needs_two_independent_sources(make_dossier):
    one = finding("one", "Claim [@bbc].", "confirmed")
    same_outlet = finding("same", "Claim [@bbc; @bbc-2].", "confirmed")  # "The BBC News" is BBC News
    two = finding("two", "Claim [@bbc; @spiegel].", "confirmed")
    diags = lint_of(make_dossier, one + same_outlet + two + ALL_CITED)
    hits = fired(diags, "confirmed-not-independent")
    assert [(h[1], h[2].split("'")[1]) for h in hits] == [("error", "one"), ("error", "same")]
    assert "cites one source" in hits[0][2] and "share an author or publisher" in hits[1][2]
    assert hits[0][3] == 5  # the confidence: line of the first finding
    # The stronger rule speaks for a confirmed finding: no single-sourced warning beside it.
    assert not fired(diags, "single-sourced")


def test_single_sourced(make_dossier):
    diags = lint_of(make_dossier, finding("one", "Claim [@bbc].") + finding("two", "Claim [@bbc; @spiegel].")
                    + ALL_CITED)
    assert [(h[1], h[2]) for h in fired(diags, "single-sourced")] == [
        ("warning", "finding 'one' rests on one source ('bbc')")]


def test_quotes_and_figures_count_as_sources(make_dossier):
    quoted = finding("q", "Claim [@bbc].", extra="  quotes: [{text: Said, speaker: W, source: spiegel}]")
    diags = lint_of(make_dossier, quoted + ALL_CITED)
    assert not fired(diags, "single-sourced")


def test_source_above_finding(make_dossier):
    diags = lint_of(make_dossier, finding("leaky", "Claim [@bbc; @amber].")
                    + finding("ok", "Claim [@bbc; @amber].", extra="  sensitivity: TLP:AMBER") + ALL_CITED)
    hits = fired(diags, "source-above-finding")
    assert len(hits) == 1 and hits[0][1] == "error"
    assert hits[0][2].startswith("finding 'leaky' (TLP:CLEAR) cites 'amber' (TLP:AMBER)")


def test_unsourced(make_dossier):
    diags = lint_of(make_dossier, finding("bare", "A claim with no citation.") + ALL_CITED
                    + finding("amber-cited", "Claim [@amber; @bbc].", extra="  sensitivity: TLP:AMBER"))
    assert [(h[1], h[2]) for h in fired(diags, "unsourced")] == [("error", "finding 'bare' cites no source")]


def test_url_without_archive_or_access_date(make_dossier):
    diags = lint_of(make_dossier, ALL_CITED + finding("amber-cited", "Claim [@amber; @bbc].",
                                                        extra="  sensitivity: TLP:AMBER"),
                    sources=SOURCES + "  URL: https://example.org/notes\n")
    # bbc has an access date, spiegel an archived copy, bbc-2 no URL: only the notes' bare link is flagged.
    assert [(h[1], h[2].split("'")[1]) for h in fired(diags, "url-not-archived")] == [("warning", "amber")]


def test_uncited_source(make_dossier):
    diags = lint_of(make_dossier, ALL_CITED)
    assert [h[2] for h in fired(diags, "uncited-source")] == ["source 'amber' is never cited"]


def test_a_dossier_sets_rules_stricter_looser_or_off(make_dossier):
    findings = finding("one", "Claim [@bbc].") + ALL_CITED
    settings = "lint:\n  single-sourced: error\n  uncited-source: off\n"
    diags = lint_of(make_dossier, findings, settings)
    assert [h[1] for h in fired(diags, "single-sourced")] == ["error"]
    assert not fired(diags, "uncited-source")


def test_a_finding_silences_a_rule_with_a_reason(make_dossier):
    why = "  lint_ignore: {single-sourced: Only the BBC saw the photographs; the finding says so.}"
    diags = lint_of(make_dossier, finding("one", "Claim [@bbc].", extra=why) + finding("two", "Claim [@spiegel].")
                    + ALL_CITED)
    assert [h[2].split("'")[1] for h in fired(diags, "single-sourced")] == ["two"]


def test_misspelt_or_unexplained_silencing_is_an_error(make_dossier):
    findings = finding("one", "Claim [@bbc].", extra="  lint_ignore: {single-source: because}") + ALL_CITED
    root = make_dossier({"dossier.yaml": DOSSIER + "lint: {uncited-sources: off}\n", "sources.yaml": SOURCES,
                         "findings.yaml": findings})
    with pytest.raises(BriefgenError) as exc:
        load(root, lint=True)
    messages = [d.format() for d in exc.value.diagnostics]
    assert any("dossier.yaml:17:" in m and "no lint rule 'uncited-sources'; did you mean 'uncited-source'?" in m
               for m in messages), messages
    assert any("findings.yaml:" in m and "did you mean 'single-sourced'?" in m for m in messages), messages
    findings = finding("one", "Claim [@bbc].", extra="  lint_ignore: {single-sourced: ''}") + ALL_CITED
    root = make_dossier({"dossier.yaml": DOSSIER, "sources.yaml": SOURCES, "findings.yaml": findings}, "d2")
    with pytest.raises(BriefgenError):
        load(root, lint=True)  # a silenced rule needs its reason


def test_build_does_not_lint_but_check_does(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": DOSSIER, "sources.yaml": SOURCES,
                         "findings.yaml": finding("one", "Claim [@bbc].", "confirmed")})
    built = run_cli("build", root, "-f", "pdf", "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    assert "confirmed-not-independent" not in built.stderr
    checked = run_cli("check", root)
    assert checked.returncode == 1
    assert "[confirmed-not-independent]" in checked.stderr


def test_check_json(make_dossier):
    root = make_dossier({"dossier.yaml": DOSSIER, "sources.yaml": SOURCES,
                         "findings.yaml": finding("one", "Claim [@bbc].", "confirmed") + ALL_CITED})
    result = run_cli("check", root, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["ok"], report["errors"]) == (False, 1)
    first = next(d for d in report["diagnostics"] if d["rule"] == "confirmed-not-independent")
    assert (first["severity"], first["file"], first["line"], first["column"]) == ("error", "d/findings.yaml", 5, 3)
    assert first["path"].endswith("findings.yaml") and first["message"].startswith("finding 'one' is marked")
    assert {d["rule"] for d in report["diagnostics"]} == {"confirmed-not-independent", "uncited-source"}


def test_sample_passes_check_with_only_its_deliberate_warning():
    result = run_cli("check", "../briefs/xinjiang-police-files", "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert [(d["rule"], d["message"]) for d in report["diagnostics"]] == [
        ("uncited-source", "source 'SEED' is never cited")]


def test_confirmed_says_which_sources_name_no_one_and_counts_a_court(make_dossier):
    """A judgment (a court: its ``authority``) and a treaty (no author, publisher or authority) were "2 sources
    that share an author or publisher": a wrong reason, which could make a team doubt the judgment. A court
    stands behind its judgment; the treaty is named as what shows no one. (Found by a probe.)"""
    court = ("- {id: case, type: legal_case, title: R v Secretary of State, authority: High Court, "
             "number: '[2025] EWHC 2231 (Admin)', issued: 2025-08-29}\n")
    cases = court + "- {id: case-2, type: legal_case, title: Appeal, authority: Court of Appeal, issued: 2026}\n"
    treaty = "- {id: att, type: treaty, title: Arms Trade Treaty, number: 3013 UNTS 269, issued: 2013-04-02}\n"
    findings = (finding("held", "Held [@case; @att].", "confirmed") + finding("both", "Held [@case; @case-2].",
                                                                            "confirmed") + ALL_CITED)
    hits = fired(lint_of(make_dossier, findings, sources=SOURCES + cases + treaty), "confirmed-not-independent")
    assert [h[2].split("'")[1] for h in hits] == ["held"], hits  # two courts: independent
    assert "but 'att' names no author, publisher or authority, so nothing shows who stands behind it;" in hits[0][2]
