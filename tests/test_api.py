"""The Python API: ``briefgen.build`` and ``briefgen.check`` return typed results and never print."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLE, pdf_text

import briefgen


@pytest.fixture()
def dossier(tmp_path, monkeypatch) -> Path:
    from briefgen.scaffold import create

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    create(tmp_path / "mine")
    return tmp_path / "mine"


def test_check_returns_typed_problems(dossier, capsys):
    report = briefgen.check(dossier, jobs=1)
    assert isinstance(report, briefgen.CheckResult)
    assert report.ok and report.problems == ()
    finding = dossier / "findings" / "notice-period.yaml"
    finding.write_text(finding.read_text().replace("confidence: reported", "confidence: rumour"))
    report = briefgen.check(dossier, jobs=1)
    assert not report.ok
    [problem] = report.errors
    assert isinstance(problem, briefgen.Problem)
    assert problem.file == finding.resolve() and problem.line and problem.severity == "error"
    assert "confidence" in problem.message
    assert capsys.readouterr() == ("", "")  # nothing printed


def test_check_strict_fails_on_warnings():
    report = briefgen.check(SAMPLE, strict=True, jobs=1)
    assert report.warnings and not report.errors  # the sample keeps one warning on purpose (SEED)
    assert not report.ok
    assert briefgen.check(SAMPLE, jobs=1).ok


def test_build_returns_the_files_it_wrote(dossier, tmp_path, capsys):
    out = tmp_path / "out"
    result = briefgen.build(dossier, audiences=["press", "diplomats"], formats=["pdf"], out=out, jobs=1)
    assert isinstance(result, briefgen.BuildResult)
    assert [(f.audience, f.format) for f in result.files] == [("press", "pdf"), ("diplomats", "pdf")]
    for f in result.files:
        assert isinstance(f, briefgen.BuiltFile)
        assert f.path == out / f"mine-{f.audience}.pdf" and f.path.is_file() and f.pages >= 1
    press = result.files[0]
    assert press.marking == "TLP:CLEAR" and press.findings == 1
    assert "Eastbank" in pdf_text(press.path)
    assert result.left_out["press"] == (("notice-period", "above clearance (TLP:AMBER > TLP:CLEAR)"),)
    assert result.left_out["diplomats"] == ()
    assert capsys.readouterr() == ("", "")


def test_a_failed_build_raises_with_every_problem_and_writes_nothing(dossier, tmp_path):
    (dossier / "asks.yaml").write_text("- id: x\n  audiences: [press]\n  text: [not, text]\n")
    (dossier / "sources.yaml").write_text((dossier / "sources.yaml").read_text() + "- id: gazette\n  title: t\n")
    with pytest.raises(briefgen.BuildFailed) as caught:
        briefgen.build(dossier, out=tmp_path / "out", jobs=1)
    problems = caught.value.problems
    assert {p.file.name for p in problems if p.severity == "error"} == {"asks.yaml", "sources.yaml"}
    assert all(p.line for p in problems if p.severity == "error")
    assert "asks.yaml" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_unknown_audience_or_format_is_a_value_error(dossier):
    with pytest.raises(ValueError, match="unknown audience 'nobody'"):
        briefgen.build(dossier, audiences=["nobody"])
    with pytest.raises(ValueError, match="unknown format 'html'"):
        briefgen.build(dossier, formats=["html"])


def test_import_briefgen_stays_light():
    code = ("import sys, briefgen; heavy = [m for m in ('briefgen.pipeline', 'reportlab', 'docx', 'pydantic') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    with pytest.raises(AttributeError):
        briefgen.no_such_thing  # noqa: B018


def test_a_build_loads_no_network_modules(tmp_path):
    """A build needs no network, and does not pay for loading it: ``xml.sax.saxutils`` (for one escape)
    brought in urllib, http and ssl, some 9 ms of every Word file's first write."""
    from conftest import SAMPLE

    code = ("import sys, briefgen; briefgen.build(sys.argv[1], audiences=['press'], out=sys.argv[2], jobs=1); "
            "print([m for m in ('ssl', 'http.client', 'urllib.request') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLE), str(tmp_path)], capture_output=True, text=True,
                         check=True, env=dict(os.environ, SOURCE_DATE_EPOCH="1764000000")).stdout
    assert out.strip() == "[]" and len(list(tmp_path.iterdir())) == 2


def test_one_audience_or_format_may_be_given_as_a_string_and_jobs_are_checked(tmp_path):
    """build(audiences="press") read the string as five audiences ("unknown audience 'p'"); jobs=0 and -1 were
    taken, and jobs=300 forked hundreds of processes for two files (the CLI takes 1 to 64)."""
    import briefgen
    from conftest import SAMPLE

    result = briefgen.build(SAMPLE, audiences="press", formats="pdf", out=tmp_path)
    assert [f.path.name for f in result.files] == ["xinjiang-police-files-press.pdf"]
    for jobs in (0, -1, 300, 1.5):
        with pytest.raises(ValueError, match="jobs must be a whole number from 1 to 64"):
            briefgen.build(SAMPLE, audiences="press", out=tmp_path, jobs=jobs)
