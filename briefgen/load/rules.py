"""The evidence lint's rules: their ids, default severities and what each checks (``lint.py`` runs them; a
dossier's ``lint:`` and an item's ``lint_ignore`` name them, checked by ``base.known_rules``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # the default: "error" or "warning"
    summary: str


RULES = {r.id: r for r in [
    Rule("confirmed-not-independent", "error",
         "a finding marked confirmed rests on at least two independent sources (no author or publisher shared)"),
    Rule("single-sourced", "warning", "a finding rests on one source only"),
    Rule("source-above-finding", "error", "a finding cites a source more sensitive than the finding itself"),
    Rule("unsourced", "error", "a finding cites no source at all"),
    Rule("url-not-archived", "warning", "a source with a URL has an archived copy (archive-url) or an access date"),
    Rule("uncited-source", "warning", "every source is cited somewhere"),
    Rule("author-facing-text", "warning",
         "printed text holds no note to the team (\"check the wording\", \"should not be stated\", TODO)"),
    Rule("markdown-footnote", "warning",
         "printed text holds no Markdown footnote ([^1]), which briefgen prints as written"),
    Rule("unknown-tag", "warning", "an audience selects or leaves out findings by tags some finding has"),
    Rule("empty-heading", "warning", "a heading in a printed field has something under it (the brief leaves an "
         "empty section's heading out)"),
    Rule("inline-image", "warning",
         "an image stands in a paragraph of its own (a figure): inside running text it prints its description"),
    Rule("uncited-key-message", "warning", "each key message of an audience's framing cites its evidence"),
    Rule("rests-on-dropped", "error",
         "an ask or an audience's framing rests only on what that audience gets (sources, findings)"),
    Rule("translation-stale", "warning",
         "a translation translates its original as it stands (marked with `briefgen translations mark`)"),
    Rule("translation-numbers", "warning", "a translation states the numbers its original states"),
]}
