"""Real clients open the Word files: LibreOffice converts them, pandoc reads them. Skipped without them."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from briefgen.select import select
from conftest import norm, pdf_text

AUDIENCES = ("diplomats", "lawmakers", "press")


@pytest.fixture(scope="module")
def converted(sample_build, tmp_path_factory):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed")
    out, _ = sample_build
    conv = tmp_path_factory.mktemp("lo")
    profile = tmp_path_factory.mktemp("lo-profile")
    files = [str(out / f"xinjiang-police-files-{a}.docx") for a in AUDIENCES]
    r = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(conv), *files], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return conv


@pytest.mark.parametrize("audience", AUDIENCES)
def test_libreoffice_converts_docx(converted, sample_evidence, audience):
    pdf = converted / f"xinjiang-police-files-{audience}.pdf"
    assert pdf.exists()
    text = norm(pdf_text(pdf))
    for cut in select(sample_evidence, audience).findings:
        assert norm(cut.finding.title) in text
    assert "Page 1 of " in text  # the PAGE and NUMPAGES fields were computed


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pandoc_reads_docx(sample_build, audience):
    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    out, _ = sample_build
    r = subprocess.run(["pandoc", "-f", "docx", "-t", "markdown", str(out / f"xinjiang-police-files-{audience}.docx")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "\n## Notes\n" in r.stdout or "\nNotes\n-----" in r.stdout
    assert "(#note-1)" in r.stdout  # citation numbers link to their notes
