"""Writing: a failed build leaves earlier outputs untouched and no temporary file; formats and audiences."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, run_cli

FINDINGS = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"


def test_failed_build_leaves_earlier_outputs(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS})
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert len(before) == 4
    # The inner audience's template now fails at render time: nothing at all may change.
    (root / "templates").mkdir()
    (root / "templates" / "diplomats.md.j2").write_text("# {{ dossier.titel }}\n")
    (root / "findings.yaml").write_text(FINDINGS.replace("title: T", "title: Changed"))
    result = run_cli("build", root, "--out", out)
    assert result.returncode == 1
    assert "diplomats.md.j2:1: error: template:" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_unwritable_output_is_an_error_not_a_traceback(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS})
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("build", root, "--out", blocker / "sub")
    assert result.returncode == 1
    assert "error: cannot create output folder" in result.stderr and "Not a directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_audience_one_format(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS})
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "-a", "inner", "-f", "docx")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["mini-inner.docx"]
    rows = [line.split() for line in result.stdout.splitlines()[2:]]
    # Paths are printed relative to the folder the command runs in (the dossier's parent here).
    assert rows == [["inner", "docx", "-", "1", "1", "TLP:CLEAR", "out/mini-inner.docx"]]


def test_default_output_folder_and_python_m(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS})
    assert run_cli("build", root).returncode == 0
    assert sorted(p.name for p in (root / "build").iterdir()) == [
        "mini-inner.docx", "mini-inner.pdf", "mini-public.docx", "mini-public.pdf"]


def test_logo_in_both_formats(make_dossier, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    from conftest import docx_parts

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER.replace("organisation: {name: Test Org,",
                                                                 "organisation: {name: Test Org, logo: logo.png,"),
                         "sources.yaml": MINIMAL_SOURCES, "findings.yaml": FINDINGS})
    Image.new("RGB", (300, 100), (23, 55, 94)).save(root / "logo.png")
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out).returncode == 0
    for name in ("public", "inner"):
        first = PdfReader(out / f"mini-{name}.pdf").pages[0]
        images = list(first.images)
        assert len(images) == 1 and images[0].image.size == (300, 100)
        assert any(n.startswith("word/media/") for n in docx_parts(out / f"mini-{name}.docx"))


def test_missing_logo_is_reported(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER.replace("organisation: {name: Test Org,",
                                                                 "organisation: {name: Test Org, logo: gone.png,"),
                         "sources.yaml": MINIMAL_SOURCES, "findings.yaml": FINDINGS})
    result = run_cli("check", root)
    assert result.returncode == 1 and "d/dossier.yaml:3:" in result.stderr and "logo not found: gone.png" in \
        result.stderr


def test_theme_with_an_unknown_font_is_reported_by_check(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS,
                         "theme.yaml": "fonts:\n  fallbacks:\n    Hani: Comic Sans CJK\n"})
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "d/theme.yaml:3:5: error: fonts.fallbacks.Hani: unknown font family 'Comic Sans CJK'" in result.stderr
    assert run_cli("build", root).returncode == 1 and not (root / "build").exists()


def test_reference_docx_gives_the_house_style_and_nothing_else(make_dossier, tmp_path):
    import docx
    from docx.shared import Pt

    from briefgen.writers.docx.notes import NotesPart
    from briefgen.writers.docx.styles import StyleIndex
    from conftest import docx_parts, docx_text

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS, "theme.yaml": "reference_docx: house.docx\n"})
    house = docx.Document()
    h1 = house.styles["Heading 1"]
    h1.font.name, h1.font.size = "Georgia", Pt(21)
    para = house.add_paragraph("LEFTOVER REFERENCE TEXT")
    house.add_comment(para.runs, text="Private remark", author="Private Reviewer", initials="PR")
    house.sections[0].header.paragraphs[0].text = "OLD HEADER"
    house.core_properties.author = "Somebody Private"
    notes = NotesPart(house, StyleIndex(house), "footnotes", 8)  # as Word writes every file: a notes part
    notes.reference(para._p, notes.add()[0])
    house.save(root / "house.docx")

    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "-f", "docx")
    assert result.returncode == 0, result.stderr
    for name in ("mini-public.docx", "mini-inner.docx"):
        parts = docx_parts(out / name)
        styles = parts["word/styles.xml"].decode()
        heading1 = styles[styles.index('w:styleId="Heading1"'):]
        heading1 = heading1[:heading1.index("</w:style>")]
        assert 'w:ascii="Georgia"' in heading1 and '<w:sz w:val="42"/>' in heading1
        everything = b"".join(parts.values())
        for leftover in (b"LEFTOVER REFERENCE TEXT", b"Private remark", b"Private Reviewer", b"Somebody Private"):
            assert leftover not in everything, (name, leftover)
        # The house header is the organisation's letterhead: it stays, with the marking below it.
        headers = [v for k, v in parts.items() if k.startswith("word/header")]
        assert headers and all(b"OLD HEADER" in v and b"TLP:CLEAR" in v for v in headers)
        assert "T" in docx_text(out / name)
    d = docx.Document(str(out / "mini-inner.docx"))
    assert [p.style.name for p in d.paragraphs if p.text == "Findings"] == ["Heading 2"]
    # A house template's styles are the organisation's: none is dropped, used or not.
    assert "LightShading-Accent1" in docx_parts(out / "mini-inner.docx")["word/styles.xml"].decode()


def test_word_file_is_current_and_holds_only_the_styles_it_uses_or_themes(sample_build):
    """Compatibility mode 15 (no Compatibility Mode banner), no claim that the spelling was checked, and of
    python-docx's default template only the styles the brief names or the theme sets: every style a part names
    is defined, and the template's leftovers are gone."""
    import re

    from lxml import etree

    from conftest import docx_parts

    out, _ = sample_build
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for docx_file in sorted(out.glob("*.docx")):
        parts = docx_parts(docx_file)
        settings = etree.fromstring(parts["word/settings.xml"])
        modes = [el.get(f"{w}val") for el in settings.iter(f"{w}compatSetting") if el.get(f"{w}name") == "compatibilityMode"]
        assert modes == ["15"] and settings.find(f"{w}proofState") is None, docx_file.name
        styles = etree.fromstring(parts["word/styles.xml"])
        defined = {s.get(f"{w}styleId") for s in styles.iter(f"{w}style")}
        named = {el.get(f"{w}val") for name, blob in parts.items() if re.match(r"word/(document|footnotes|endnotes|"
                 r"header\d*|footer\d*|numbering|styles)\.xml$", name)
                 for tag in ("pStyle", "rStyle", "tblStyle", "basedOn", "link", "next")
                 for el in etree.fromstring(blob).iter(f"{w}{tag}")}
        assert named <= defined, (docx_file.name, named - defined)
        assert {"Heading1", "Caption", "Callout", "Hyperlink"} <= defined  # themed, for staff who edit it
        assert not defined & {"LightShading-Accent1", "ListNumber3", "MacroText", "IntenseQuote"}, docx_file.name
        assert len(defined) < 60, (docx_file.name, len(defined))


def test_missing_reference_docx_is_reported(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDINGS, "theme.yaml": "reference_docx: nowhere.docx\n"})
    result = run_cli("check", root)
    assert result.returncode == 1 and "d/theme.yaml:1:1: error: reference document not found: nowhere.docx" \
        in result.stderr


LONG = "Evidence " + "that takes room on the page, sentence after sentence, " * 14


def _many_findings(n: int) -> str:
    return "".join(f"- {{id: f{i}, title: Finding number {i}, summary: 'Summary {i}. {LONG}', body: 'B [@pub].', "
                   f"confidence: reported, priority: {1 + i % 5}}}\n" for i in range(n))


BUDGETED = MINIMAL_DOSSIER.replace(
    "  inner: {label:",
    "  hill: {label: Hill brief, template: lawmakers, clearance: TLP:CLEAR, page_budget: 1, on_overflow: OVERFLOW,"
    " notes: endnotes, framing: {purpose: Act now., legislature: The Test Parliament}}\n  inner: {label:")


def test_page_budget_trims_the_lowest_priority_findings(make_dossier, tmp_path):
    from pypdf import PdfReader

    from conftest import pdf_text

    root = make_dossier({"dossier.yaml": BUDGETED.replace("OVERFLOW", "trim"), "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": _many_findings(12)})
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "-a", "hill")
    assert result.returncode == 0, result.stderr
    line = next(ln for ln in result.stdout.splitlines() if "over the page budget (1 page)" in ln)
    dropped = line.split(": ")[-1].split(", ")
    kept = int(next(ln for ln in result.stdout.splitlines() if ln.startswith("hill ") and " pdf " in ln).split()[3])
    assert kept + len(dropped) == 12 and kept >= 1
    # Dropped: the lowest priority first (priority 5 before 4 ...), so every kept one outranks every dropped one.
    priority = {f"f{i}": 1 + i % 5 for i in range(12)}
    kept_ids = [f"f{i}" for i in range(12) if f"f{i}" not in dropped]
    assert max(priority[k] for k in kept_ids) <= min(priority[d] for d in dropped)
    pages = [p.extract_text() for p in PdfReader(out / "mini-hill.pdf").pages]
    assert "What the evidence shows" in pages[0] and "Annex: the evidence" in pages[1]  # the summary: one page
    assert all(f"Finding number {d[1:]}." not in pdf_text(out / "mini-hill.pdf") for d in dropped)


def test_page_budget_trimmed_to_no_finding_is_an_error_unless_allowed(make_dossier, tmp_path):
    """Trimmed to fit, a brief whose first finding alone is over the budget printed no finding at all, an empty
    "Findings" section, and the build said nothing wrong: it is an error, unless the audience allows a brief
    without findings (allow_empty)."""
    findings = (f"- {{id: huge, title: The long one, summary: '{LONG * 8}', body: 'B [@pub].', confidence: reported, "
                "priority: 1}\n- {id: small, title: Short, summary: S, body: 'B [@pub].', confidence: reported, "
                "priority: 2}\n")
    root = make_dossier({"dossier.yaml": BUDGETED.replace("OVERFLOW", "trim"), "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": findings})
    result = run_cli("build", root, "--out", tmp_path / "out", "-a", "hill")
    assert result.returncode == 1 and not (tmp_path / "out").exists(), result.stderr
    assert "d/dossier.yaml:9:" in result.stderr and "audience 'hill': its first section (before the section break) " \
        "takes more than 1 page with only its first finding ('huge'); raise the page budget" in result.stderr
    (root / "dossier.yaml").write_text(BUDGETED.replace("OVERFLOW", "trim, allow_empty: true"), encoding="utf-8")
    result = run_cli("build", root, "--out", tmp_path / "out", "-a", "hill")
    assert result.returncode == 0 and "left out 2 findings, over the page budget (1 page)" in result.stdout, \
        result.stderr


def test_page_budget_error_names_what_overflowed(make_dossier):
    root = make_dossier({"dossier.yaml": BUDGETED.replace("OVERFLOW", "error"), "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": _many_findings(12)})
    checked = run_cli("check", root)  # check finds it too, before anyone builds
    assert checked.returncode == 1 and "over its page budget of 1 page" in checked.stderr
    result = run_cli("build", root, "-a", "hill")
    assert result.returncode == 1
    assert "d/dossier.yaml:9:" in result.stderr
    assert "audience 'hill': its first section (before the section break) takes 2 pages, over its page budget " \
           "of 1 page; shorten it, or set on_overflow: trim" in result.stderr.replace("3 pages", "2 pages")
    assert not (root / "build").exists()


def test_sample_lawmakers_summary_is_one_page(sample_build):
    from pypdf import PdfReader

    from conftest import SAMPLE  # noqa: F401

    out, _ = sample_build
    pages = [p.extract_text() for p in PdfReader(out / "xinjiang-police-files-lawmakers.pdf").pages]
    assert "What we ask" in pages[0] and "What the evidence shows" in pages[0]
    assert "Annex: the evidence" in pages[1] and "Annex: the evidence" not in pages[0]



def test_a_heading_split_at_a_page_foot_keeps_its_bookmark_on_the_first_part():
    """A heading taller than the room left must split without error, and only its first part carries the
    bookmark: briefgen's TextBlock, and ReportLab's Paragraph (for right-to-left headings), which makes the
    parts of a split with its own keyword arguments."""
    from reportlab.lib.styles import ParagraphStyle

    from briefgen.writers.pdf.blocks import Para
    from briefgen.writers.pdf.lines import Widths
    from briefgen.writers.pdf.para import TextBlock

    words = " ".join(["Police ordered guards to shoot detainees who tried to escape"] * 6)
    style = ParagraphStyle("h", fontSize=16, leading=20)
    for heading in (Para(words, style, outline=(1, "Police", "h1"), anchors=("h1",)),
                    TextBlock([(words, "Helvetica", 16, None, 0, None)], style, Widths(), outline=(1, "Police", "h1"),
                              anchors=("h1",))):
        heading.wrap(300, 1000)
        first, rest = heading.split(300, 45)
        assert first.outline == (1, "Police", "h1") and rest.outline is None
        assert first.anchors == ("h1",) and rest.anchors == ()
        assert type(first) is type(heading) and type(rest) is type(heading)


def test_a_large_build_forks_its_workers_after_planning_and_writes_the_same_bytes(tmp_path, monkeypatch):
    """Past ``jobs.SHARE_ABOVE`` blocks the workers are forked once the plan is made and inherit the jobs
    (nothing pickled to them): the files are those of a build in one process, and no job is left shared. The
    only jobs pickled are the Word files of briefs fitted to a page budget (made from what fitted)."""
    from conftest import EPOCH, SAMPLE

    from briefgen import jobs
    from briefgen.pipeline import build

    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(jobs, "SHARE_ABOVE", 0)
    submitted = []
    real = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda self, fn, *a, **k: submitted.append((fn, a)) or real(self, fn, *a, **k))
    build(SAMPLE, out=tmp_path / "shared", jobs=2)
    build(SAMPLE, out=tmp_path / "one", jobs=1)
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert names and names == sorted(p.name for p in (tmp_path / "shared").iterdir())
    for name in names:
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    assert jobs._SHARED == []
    work = [(fn, a) for fn, a in submitted if fn is not int]  # int: starting the pool's workers
    inherited = [a for fn, a in work if fn is jobs.run_shared]
    assert inherited and all(len(a) == 1 and isinstance(a[0], int) for a in inherited)
    fitted = [a for fn, a in work if fn is not jobs.run_shared]
    budgets = [n for n, a in build(SAMPLE, out=tmp_path / "again", jobs=1)[0].ev.dossier.audiences.items()
               if a.page_budget and "docx" in a.formats]
    assert budgets and [fn for fn, _ in work if fn is not jobs.run_shared] == [jobs.write_one] * len(budgets)
    assert sorted(a[1].meta.audience for a in fitted) == sorted(budgets) and {a[0] for a in fitted} == {"docx"}


_HELD: dict = {}  # the test below: the evidence (a weak reference), where workers note if it is alive, the writer


def _write_noting(fmt, doc, theme):
    """A worker's job in the test below: note whether the evidence is still alive in this process, then write
    (a module's function: a fitted brief's Word job is pickled to its worker)."""
    (_HELD["dir"] / f"{os.getpid()}-{fmt}.alive").write_text(str(_HELD["evidence"]() is not None))
    return _HELD["write"](fmt, doc, theme)


def test_workers_forked_after_planning_let_go_of_the_evidence_unless_a_budget_needs_it(tmp_path, monkeypatch):
    """A worker forked once the plan is made inherits the whole plan; its jobs need the documents only, unless
    a brief is fitted to a page budget (which selects again). Each drops the evidence and the selections
    before its first job (a third of what it inherits at 10,000 findings), and writes the same bytes; with a
    page budget in the build, nothing is dropped and the fitted briefs build as before."""
    import weakref

    from conftest import EPOCH, SAMPLE

    from briefgen import jobs, pipeline

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from synth import make_dossier

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(jobs, "SHARE_ABOVE", 0)
    real_plan = pipeline.plan

    def plan(*args, **kw):
        p = real_plan(*args, **kw)
        _HELD["evidence"] = weakref.ref(p.ev.dossier)  # the evidence's dossier: nothing else holds it
        return p

    _HELD.update(dir=tmp_path, write=pipeline.write_one)
    monkeypatch.setattr(pipeline, "plan", plan)
    monkeypatch.setattr(pipeline, "write_one", _write_noting)
    root = make_dossier(tmp_path / "synth", 40, n_sources=80)
    p, _ = pipeline.build(root, out=tmp_path / "shared", jobs=2)
    assert p.ev is not None and p.selections  # the parent's plan is whole
    seen = sorted(tmp_path.glob("*.alive"))
    assert {f.name.split("-")[1] for f in seen} == {"pdf.alive", "docx.alive"}
    assert all(f.read_text() == "False" for f in seen) and _HELD["evidence"]() is not None
    monkeypatch.setattr(jobs, "SHARE_ABOVE", 10**9)
    pipeline.build(root, out=tmp_path / "one", jobs=1)
    for name in ("synth-all.pdf", "synth-all.docx"):
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), name
    for f in tmp_path.glob("*.alive"):
        f.unlink()
    monkeypatch.setattr(jobs, "SHARE_ABOVE", 0)
    pipeline.build(SAMPLE, out=tmp_path / "budgets", jobs=2)  # briefs fitted to budgets: the evidence kept
    seen = sorted(tmp_path.glob("*.alive"))
    assert seen and all(f.read_text() == "True" for f in seen)
    assert len(list((tmp_path / "budgets").glob("*.pdf"))) > 1
    _HELD.clear()


def _nap(seconds: float) -> int:
    """A worker's job in the tests below: wait, then say which process ran it."""
    time.sleep(seconds)
    return os.getpid()


def test_workers_keep_to_their_format_unless_idle_with_nothing_to_come():
    """``jobs.Workers``: a PDF worker and a Word worker on two jobs. A Word worker whose format has no job
    takes a PDF job; but not while a running PDF job will make a Word job (a fitted brief's Word file), which
    is then its own. Results come in the order the jobs were given, follow-ups after them."""
    from briefgen.jobs import Job, start_pool

    workers = start_pool(2, None)
    if workers is None:
        pytest.skip("no fork on this system")
    try:
        assert workers.size == {"pdf": 1, "docx": 1}
        done = workers.run([Job(i, "pdf", _nap, (0.3,)) for i in range(4)])
        assert [job.key for job, _, _ in done] == [0, 1, 2, 3] and all(e is None for _, _, e in done)
        assert len({pid for _, pid, _ in done}) == 2  # the idle Word worker helped

        follow = Job("word", "docx", _nap, (0.05,))
        done = workers.run([Job("fit", "pdf", _nap, (0.3,), makes="docx"), Job("next", "pdf", _nap, (0.05,))],
                           then=lambda job, value: [follow] if job.makes else [])
        assert [job.key for job, _, _ in done] == ["fit", "next", "word"]
        pids = {job.key: pid for job, pid, _ in done}
        assert pids["next"] == pids["fit"] != pids["word"]  # the Word worker waited for its own job
    finally:
        workers.shutdown()

    workers = start_pool(2, None, every_writer=True)  # the preview's: both writers imported, any job taken
    try:
        done = workers.run([Job("fit", "pdf", _nap, (0.3,), makes="docx"), Job("next", "pdf", _nap, (0.05,))],
                           then=lambda job, value: [follow] if job.makes else [])
        pids = {job.key: pid for job, pid, _ in done}
        assert pids["next"] != pids["fit"]
    finally:
        workers.shutdown()


def test_a_format_an_audience_does_not_have_is_a_usage_error(make_dossier, tmp_path):
    """"-a public -f pdf" where the press release is a Word file only wrote nothing, printed an empty table and
    exited 0; so did the API. And an audience with no format at all was accepted."""
    import briefgen

    dossier = MINIMAL_DOSSIER.replace("citation_style: press,", "citation_style: press, formats: [docx],")
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "public", "-f", "pdf")
    assert result.returncode == 2 and "audience 'public' has no pdf file (its formats: docx)" in result.stderr, \
        result.stderr
    assert not out.exists()
    with pytest.raises(ValueError, match="audience 'public' has no pdf file"):
        briefgen.build(root, audiences=["public"], formats=["pdf"], out=out)
    assert run_cli("build", root, "-o", out, "-f", "pdf").returncode == 0  # the audiences that have one
    assert sorted(p.name for p in out.iterdir()) == ["mini-inner.pdf"]
    (root / "dossier.yaml").write_text(dossier.replace("formats: [docx]", "formats: []"), encoding="utf-8")
    result = run_cli("check", root)
    assert "d/dossier.yaml:9:" in result.stderr and "audiences.public.formats: an empty list; give at least one " \
        "item" in result.stderr, result.stderr


def test_no_cycle_collection_runs_while_a_writer_writes(monkeypatch):
    """Each writer's objects live until its file is written: the collector walking them again and again as
    they pile up cost 0.15 s of a 1,000-finding PDF and 3% of the sample's Word files. It runs after: not while
    the writer lays out, nor while it checks every word made it into the file."""
    import gc

    from conftest import EPOCH, SAMPLE

    from briefgen.load.theme import check_theme
    from briefgen.pipeline import plan
    from briefgen.writers import docx, get_writer, pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    p = plan(SAMPLE, ["diplomats"])
    theme = check_theme(p.ev.root)
    seen = []
    for module, name in ((pdf, "_layout"), (pdf, "check_words"), (docx, "setup_styles"), (docx, "check_words")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, **k: seen.append((real.__name__, gc.isenabled()))
                            or real(*a, **k))
    for fmt in ("pdf", "docx"):
        seen.clear()
        get_writer(fmt)(p.documents["diplomats"], theme)
        assert gc.isenabled()
        assert len(seen) == 2 and not any(enabled for _, enabled in seen), (fmt, seen)


def test_a_pdf_worker_parses_the_themes_main_fonts_while_the_plan_is_made(make_dossier, monkeypatch):
    """While the parent reads the dossier, a PDF worker parses the faces of the theme's body and heading families
    and makes the archival colour profile (what the first document waited for); a theme with a problem leaves it unprepared, without an error (the
    build reports it)."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, SAMPLE

    from briefgen import fonts, jobs
    from briefgen.load.theme import check_theme
    from briefgen.writers.pdf import fonts as pdf_fonts
    from briefgen.writers.pdf.archival import srgb_base

    monkeypatch.setattr(pdf_fonts, "_PROTOTYPES", {})
    srgb_base.cache_clear()
    jobs._prepare(("pdf",), SAMPLE)
    assert srgb_base.cache_info().currsize == 1  # the archival colour profile, made once per process
    theme = check_theme(SAMPLE)
    wanted = {str(fonts.file_path(fonts.family(name, SAMPLE), style))
              for name in (theme.fonts.body, theme.fonts.heading) for style in fonts.STYLES}
    assert {key[0] for key in pdf_fonts._PROTOTYPES} == wanted
    monkeypatch.setattr(pdf_fonts, "_PROTOTYPES", {})
    broken = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                           "theme.yaml": "fonts: {body: No Such Family}\n"})
    jobs._prepare(("pdf", "docx"), broken)
    jobs._prepare(("pdf",), broken / "nowhere")
    assert pdf_fonts._PROTOTYPES == {}
