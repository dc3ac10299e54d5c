"""Clearance first: findings, sources, quotes and asks above an audience's clearance never reach it."""

from __future__ import annotations

import pytest

from briefgen.load import load
from briefgen.render import render
from briefgen.select import select
from briefgen.tree import Cite, plain_text, walk
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

FINDINGS = """
- id: open
  title: Open finding
  summary: Public.
  body: Both sources say so [@pub; @secret, p. 2].
  confidence: confirmed
  priority: 2
  quotes:
    - {text: Said in confidence, speaker: Witness W-7, source: secret}
    - {text: Said in public, speaker: Public Body, source: pub}
- id: only-secret
  title: Finding resting on the witness
  summary: Only the witness says so.
  body: The witness says so [@secret].
  confidence: reported
  priority: 1
- id: amber
  title: Amber finding
  summary: Internal.
  body: Internal view [@pub].
  confidence: alleged
  sensitivity: TLP:AMBER
  priority: 1
"""


@pytest.fixture
def ev(make_dossier):
    return load(make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                              "findings.yaml": FINDINGS}))


def cited_keys(doc):
    keys = []
    walk(doc.blocks, inline_fn=lambda n: keys.extend(i.key for i in n.items) if isinstance(n, Cite) else None)
    return keys


def test_public_audience(ev):
    sel = select(ev, "public")
    assert [c.finding.id for c in sel.findings] == ["open"]
    assert ("only-secret", "no source citable at TLP:CLEAR") in sel.dropped
    assert ("amber", "above clearance (TLP:AMBER > TLP:CLEAR)") in sel.dropped
    assert [q.text for q in sel.findings[0].quotes] == ["Said in public"]
    assert sel.marking.value == "TLP:CLEAR"
    doc = render(ev, sel)
    assert set(cited_keys(doc)) == {"pub"} and doc.sources_cited == ["pub"]
    text = " ".join(plain_text(n.children) for n in doc.notes)
    assert "Witness" not in text and "Confidential" not in text


def test_inner_audience_sees_everything_and_is_marked_amber(ev):
    sel = select(ev, "inner")
    assert [c.finding.id for c in sel.findings] == ["only-secret", "amber", "open"]  # by priority
    assert sel.marking.value == "TLP:AMBER"
    doc = render(ev, sel)
    assert set(cited_keys(doc)) == {"pub", "secret"}
    assert doc.meta.marking == "TLP:AMBER"


def test_marking_follows_content_not_clearance(ev, make_dossier):
    # An AMBER-cleared audience that receives only public content is marked TLP:CLEAR.
    sel = select(ev, "inner")
    sel2 = select(load(make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                                     "findings.yaml": FINDINGS.split("- id: only-secret")[0]
                                     .replace("; @secret, p. 2", "").replace(
                                         "    - {text: Said in confidence, speaker: Witness W-7, source: secret}\n",
                                         "")}, name="e")), "inner")
    assert sel.marking.value == "TLP:AMBER" and sel2.marking.value == "TLP:CLEAR"


def test_tags_confidence_and_count(ev):
    ev.dossier.audiences["inner"].select.min_confidence = type(ev.findings[0].confidence)("reported")
    ev.dossier.audiences["inner"].select.max_findings = 1
    sel = select(ev, "inner")
    assert [c.finding.id for c in sel.findings] == ["only-secret"]
    assert ("amber", "confidence alleged below reported") in sel.dropped
    assert ("open", "beyond max_findings (1)") in sel.dropped
