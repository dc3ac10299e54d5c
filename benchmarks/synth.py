"""Synthetic dossiers of N findings for the benchmarks (deterministic: same N, same files)."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = ("detention facility police county records protocol guard transfer speech secretary leak files "
         "photograph spreadsheet analysis report assessment source evidence document official order").split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def make_dossier(root: Path, n: int, layout: str = "folder", n_sources: int = 60, publishers: int = 7) -> Path:
    """Write a dossier of ``n`` findings: one file per finding (``folder``) or a single ``findings.yaml``. The
    sources come from ``publishers`` newspapers: with few, two sources of a confirmed finding may share one,
    an error ``check`` reports (it then stops before writing); with one per source, the dossier checks clean
    of errors and ``check`` does all it does."""
    rng = random.Random(n)
    root.mkdir(parents=True, exist_ok=True)
    (root / "dossier.yaml").write_text(
        "id: synth\ntitle: Synthetic dossier\n"
        "organisation: {name: Bench Org}\ndate: 2026-01-01\naudiences:\n  all:\n    label: Everything\n"
        "    template: diplomats\n    clearance: TLP:AMBER\n    framing:\n"
        "      purpose: What the synthetic findings show [@S0].\n"
        "      key_messages: ['The first synthetic key message [@S1].', 'The second one [@S2].']\n",
        encoding="utf-8")
    (root / "asks.yaml").write_text("- {id: ask, audiences: [all], text: 'Read the findings [@S3].'}\n",
                                    encoding="utf-8")
    sources = []
    for i in range(n_sources):
        sources.append(
            f"- id: S{i}\n  type: article-newspaper\n  title: {sentence(rng, 7)}\n"
            f"  author: [{{family: Author{i}, given: Ann}}]\n  container-title: Paper {i % publishers}\n"
            f"  issued: 2022-05-{1 + i % 28:02d}\n  URL: https://example.org/{i}\n")
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    findings = []
    for i in range(n):
        cites = "; ".join(f"@S{rng.randrange(n_sources)}" for _ in range(rng.randint(1, 3)))
        body = "\n  ".join([sentence(rng, 25) + f" [{cites}]", "", sentence(rng, 30) + f" [@S{i % n_sources}, p. {i}]"])
        findings.append(
            f"id: f{i:05d}\ntitle: {sentence(rng, 8)[:-1]}\nsummary: {sentence(rng, 16)}\nbody: |\n  {body}\n"
            f"confidence: {rng.choice(['confirmed', 'shared-origin', 'reported'])}\ntags: [t{i % 5}, t{i % 3}]\n"
            f"priority: {1 + i % 5}\n")
    if layout == "folder":
        (root / "findings").mkdir(exist_ok=True)
        for i, text in enumerate(findings):
            (root / "findings" / f"f{i:05d}.yaml").write_text(text, encoding="utf-8")
    else:
        items = ["- " + t.replace("\n", "\n  ").rstrip() + "\n" for t in findings]
        (root / "findings.yaml").write_text("".join(items), encoding="utf-8")
    return root
