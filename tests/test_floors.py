"""``benchmarks/floors.py`` (issue 18): the floors it reports do the work they say they time. Plain ReportLab
sets every heading, paragraph and note of the briefs, one PDF per brief, with the pages it says;
PyYAML's loader reads every file of the dossier."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import floors  # noqa: E402
from stagebench import paragraphs  # noqa: E402


def _letters(text: str) -> str:
    """The ASCII letters and digits of a text: what survives the lines ReportLab breaks (a long address is
    cut anywhere) and the fonts' missing glyphs (PT Sans has no Chinese)."""
    return re.sub(r"[^A-Za-z0-9]", "", text)


def test_plain_reportlab_sets_every_word_of_the_briefs(tmp_path):
    from briefgen.load.theme import check_theme
    from briefgen.pipeline import plan

    p = plan(floors.SAMPLE, list(floors.AUDIENCES))
    docs = [p.documents[a] for a in floors.AUDIENCES]
    inputs = floors.plain_inputs(docs, check_theme(floors.SAMPLE), tmp_path)
    elapsed, cpu, peak, out = floors.run(floors.plain_command(inputs))
    files = [tmp_path / f"plain-{i}.pdf" for i in range(len(docs))]
    readers = [PdfReader(f) for f in files]
    assert int(out) == sum(len(r.pages) for r in readers) >= len(docs)
    for doc, reader in zip(docs, readers):
        texts, notes = paragraphs(doc)
        found = _letters("".join(page.extract_text() for page in reader.pages))
        missing = [t for t in [t for _, t in texts] + notes if _letters(t) not in found]
        assert len(texts) > 5 and not missing, missing[:3]
    assert elapsed > 0 and cpu > 0 and peak > 10


def test_yaml_floor_reads_every_file():
    files = sorted(floors.SAMPLE.rglob("*.yaml"))
    out = floors.run([sys.executable, "-c", floors.YAML, str(floors.SAMPLE)])[3]
    assert int(out) == len(files) > 5
