"""The sample evidence base, built through the CLI: eight files, their text, structure, markings, metadata."""

from __future__ import annotations

import re

import docx
import pytest

from briefgen import i18n

from briefgen.pipeline import final
from pypdf import PdfReader

from conftest import SAMPLE, docx_notes_text, docx_parts, docx_text, norm, pdf_raw_streams, pdf_text, run_cli

AUDIENCES = ("diplomats", "lawmakers", "press", "community", "rapporteur-fr")


def path(out, audience, fmt):
    return out / f"xinjiang-police-files-{audience}.{fmt}"


def test_every_file_and_the_summary(sample_build):
    out, result = sample_build
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"xinjiang-police-files-{a}.{f}" for a in AUDIENCES for f in ("pdf", "docx"))
    header = result.stdout.splitlines()[0].split()
    assert header == ["audience", "format", "pages", "findings", "citations", "marking", "path"]
    rows = {(line.split()[0], line.split()[1]): line.split() for line in result.stdout.splitlines()[2:2 + 2 * len(AUDIENCES)]}
    for a in AUDIENCES:
        pages = len(PdfReader(path(out, a, "pdf")).pages)
        assert rows[(a, "pdf")][2] == str(pages)
    assert rows[("press", "pdf")][5] == "TLP:CLEAR"
    assert rows[("diplomats", "pdf")][5] == "TLP:AMBER"
    # What clearance cost each brief is said, not hidden.
    assert "lawmakers: left out 1 finding, above clearance (TLP:AMBER > TLP:GREEN): authentication-vulnerability" \
        in result.stdout


@pytest.mark.parametrize("audience", AUDIENCES)
def test_selected_findings_and_cited_sources_are_in_both_formats(sample_build, sample_evidence, audience):
    out, _ = sample_build
    sel, doc = final(sample_evidence, audience)
    assert sel.findings and doc.sources_cited
    texts = {"pdf": norm(pdf_text(path(out, audience, "pdf"))), "docx": norm(docx_text(path(out, audience, "docx")))}
    for fmt, text in texts.items():
        for cut in sel.findings:
            assert norm(cut.finding.title) in text, (fmt, cut.finding.id)
        for sid in doc.sources_cited:
            assert norm(sample_evidence.sources[sid].title) in text, (fmt, sid)


def _docx_headings(p):
    d = docx.Document(str(p))
    return [par.text for par in d.paragraphs if par.style.name.startswith("Heading")]


def test_briefs_differ_in_structure(sample_build):
    out, _ = sample_build
    heads = {a: _docx_headings(path(out, a, "docx")) for a in AUDIENCES}
    top = {a: [h for h in heads[a] if not re.match(r"\d+\. ", h)] for a in AUDIENCES}
    assert top["diplomats"][:5] == ["Purpose", "Points to raise", "The situation", "Names in their own scripts",
                                    "Findings"]
    assert top["lawmakers"][:4] == ["Bottom line", "What we ask", "What the evidence shows", "Legislation cited"]
    assert "Annex: the evidence" in top["lawmakers"]
    assert top["press"][:2] == ["Notes to editors", "About Evidence Desk"] and "Media contacts" in top["press"]
    ug = i18n.translations("ug").gettext  # the Uyghur bulletin's own headings are in Uyghur
    assert [h for h in top["community"] if not h.isascii()] == [
        ug(h) for h in ("What the evidence shows", "What we call for", "Contact", "Sources")]
    assert all(ug(h) != h for h in ("What the evidence shows", "Sources"))
    assert len({tuple(top[a]) for a in ("diplomats", "lawmakers", "press", "community")}) == 4
    fr = i18n.translations("fr").gettext  # the French note: the diplomats' structure, its headings in French
    assert top["rapporteur-fr"][:5] == [fr(h) for h in top["diplomats"][:5]]
    assert all(fr(h) != h for h in ("Purpose", "Points to raise", "The situation", "Findings"))
    assert "FOR IMMEDIATE RELEASE" in pdf_text(path(out, "press", "pdf"))


AMBER_WORDS = [b"authentication", b"vulnerability", b"authentication-vulnerability"]


def test_amber_finding_reaches_diplomats_only(sample_build):
    out, _ = sample_build
    # Positive control: the words are findable this way in the brief that may carry them.
    dip_pdf = pdf_raw_streams(path(out, "diplomats", "pdf")).lower()
    assert b"authentication" in pdf_text(path(out, "diplomats", "pdf")).lower().encode()
    assert b"authentication" in dip_pdf
    assert any(b"authentication" in v.lower() for v in docx_parts(path(out, "diplomats", "docx")).values())
    for audience in ("lawmakers", "press", "community"):
        pdf = path(out, audience, "pdf")
        blobs = [pdf_text(pdf).lower().encode(), pdf_raw_streams(pdf).lower(), pdf.read_bytes().lower()]
        blobs += [v.lower() for v in docx_parts(path(out, audience, "docx")).values()]
        for blob in blobs:
            for word in AMBER_WORDS:
                assert word not in blob, (audience, word)
            assert b"tlp:amber" not in blob, audience


def test_markings(sample_build):
    out, _ = sample_build
    press_pdf = pdf_text(path(out, "press", "pdf"))
    assert press_pdf.count("TLP:CLEAR") >= 2 * len(PdfReader(path(out, "press", "pdf")).pages)  # header + footer
    parts = docx_parts(path(out, "press", "docx"))
    assert b"TLP:CLEAR" in parts["word/header1.xml"] and b"TLP:CLEAR" in parts["word/footer1.xml"]
    dip = docx_parts(path(out, "diplomats", "docx"))
    assert b"TLP:AMBER" in dip["word/header1.xml"]
    # TLP 2.0 colours: amber text on black.
    assert b'w:fill="000000"' in dip["word/header1.xml"] and b"FFC000" in dip["word/header1.xml"]


def test_metadata_and_nothing_of_the_building_machine(sample_build, sample_evidence):
    import os

    out, _ = sample_build
    for a in AUDIENCES:
        meta = PdfReader(path(out, a, "pdf")).metadata
        title = "Les Xinjiang Police Files" if a == "rapporteur-fr" else "The Xinjiang Police Files"  # translated
        assert meta.title == title
        assert meta.author == "Evidence Desk"
        assert sample_evidence.dossier.audiences[a].label in meta.subject
        tags = {t for cut in final(sample_evidence, a)[0].findings for t in cut.finding.tags}
        assert meta["/Keywords"] and set(meta["/Keywords"].split(", ")) <= tags  # what this brief is about
        d = docx.Document(str(path(out, a, "docx")))
        cp = d.core_properties
        assert (cp.title, cp.author, cp.last_modified_by) == (title, "Evidence Desk", "Evidence Desk")
        assert cp.keywords == meta["/Keywords"] and cp.subject.startswith(sample_evidence.dossier.audiences[a].label)
        assert cp.created.year == 2025  # SOURCE_DATE_EPOCH
        machine = [str(out).encode(), str(SAMPLE).encode(), os.path.expanduser("~").encode() + b"/",
                   b"python-docx", b"Macintosh"]
        blobs = [path(out, a, "pdf").read_bytes(), pdf_raw_streams(path(out, a, "pdf"))]
        blobs += list(docx_parts(path(out, a, "docx")).values())
        for blob in blobs:
            for s in machine:
                assert s not in blob, (a, s)


def test_docx_package_is_clean(sample_build):
    out, _ = sample_build
    names = set(docx_parts(path(out, "press", "docx")))
    assert not any("thumbnail" in n or "customXml" in n or "stylesWithEffects" in n for n in names)
    app = docx_parts(path(out, "press", "docx"))["docProps/app.xml"]
    assert b"<Application>briefgen</Application>" in app


def test_reproducible(sample_build, tmp_path):
    out, _ = sample_build
    again = tmp_path / "again"
    # One process for all eight (fonts registered per document), another hash seed, an empty font cache.
    result = run_cli("build", SAMPLE, "--out", again, "--jobs", "1",
                     env_extra={"PYTHONHASHSEED": "7", "BRIEFGEN_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    for f in out.iterdir():
        assert (again / f.name).read_bytes() == f.read_bytes(), f.name


@pytest.mark.parametrize("epoch", ["abc", "1764000000.5", "99999999999999"])
def test_a_malformed_source_date_epoch_is_an_error(tmp_path, epoch):
    """The reproducible-builds convention: a malformed value stops the build with a message (it was an internal
    error), and no file is written; ``new`` says the same."""
    result = run_cli("build", SAMPLE, "--out", tmp_path / "out", "-a", "press", env_extra={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 1 and "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, such as 1764000000 (it is " \
           f"'{epoch}')" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()
    started = run_cli("new", tmp_path / "new", env_extra={"SOURCE_DATE_EPOCH": epoch})
    assert started.returncode == 1 and "SOURCE_DATE_EPOCH must be" in started.stderr


@pytest.mark.parametrize("epoch, year", [("0", "1970"), ("4354819200", "2108"), ("99999999999", "5138")])
def test_a_build_time_a_zip_cannot_date_still_builds(tmp_path, epoch, year):
    """A zip's entries date from 1980 to 2107: a build time after 2107 was an internal error in the Word file.
    Its entries take the nearest date they can hold; the file's properties and the PDF keep the build time."""
    import zipfile

    out = tmp_path / "out"
    result = run_cli("build", SAMPLE, "--out", out, "-a", "press", env_extra={"SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr
    docx = path(out, "press", "docx")
    with zipfile.ZipFile(docx) as z:
        assert {i.date_time[0] for i in z.infolist()} == {min(max(int(year), 1980), 2107)}
    assert f"<dcterms:created xsi:type=\"dcterms:W3CDTF\">{year}-" in docx_parts(docx)["docProps/core.xml"].decode()
    assert f"/CreationDate (D:{year}" in path(out, "press", "pdf").read_bytes().decode("latin-1")


@pytest.fixture(scope="module")
def footnoted(tmp_path_factory):
    """The sample's briefing note with footnotes instead of its endnotes."""
    import shutil

    root = tmp_path_factory.mktemp("footnoted") / "dossier"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    text = (root / "dossier.yaml").read_text(encoding="utf-8")
    assert "    notes: endnotes        # page 1" in text
    (root / "dossier.yaml").write_text(text.replace("    notes: endnotes        # page 1", "    notes: footnotes  # "),
                                       encoding="utf-8")
    out = root / "out"
    result = run_cli("build", root, "--out", out, "-a", "diplomats")
    assert result.returncode == 0, result.stderr
    return out


def test_citations_are_real_word_footnotes(footnoted):
    out = footnoted
    parts = docx_parts(path(out, "diplomats", "docx"))
    xml = parts["word/document.xml"].decode()
    refs = [int(i) for i in re.findall(r'<w:footnoteReference w:id="(\d+)"/>', xml)]
    notes = docx_notes_text(path(out, "diplomats", "docx"))
    assert refs == list(range(1, len(notes) + 1)) and len(notes) > 30
    assert 'w:anchor="note-' not in xml  # no fake notes
    assert "FootnoteReference" in parts["word/styles.xml"].decode()
    assert '<w:footnotePr><w:numFmt w:val="decimal"/><w:footnote w:id="-1"/><w:footnote w:id="0"/>' \
           '</w:footnotePr>' in parts["word/settings.xml"].decode()
    # Chicago: the first note of a source in full, a later one short, pinpoints kept; in both formats.
    full = ("John Sudworth, \u201cThe faces from China\u2019s Uyghur detention camps,\u201d BBC News, May 24, 2022")
    short = "Sudworth, \u201cFaces from China\u2019s Uyghur detention camps.\u201d"
    pinpoint = "Office of the UN High Commissioner for Human Rights, OHCHR Assessment, para. 69."
    for text in (" ".join(pdf_text(path(out, "diplomats", "pdf")).split()), " ".join(" ".join(notes).split())):
        assert text.count(full) == 1
        assert text.index(full) < text.index(short)
        assert pinpoint in text


def test_endnotes_when_the_audience_asks(make_dossier, tmp_path):
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER.replace("clearance: TLP:AMBER,", "clearance: TLP:AMBER, notes: endnotes,"),
        "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub, p. 4].', confidence: reported}\n"})
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out).returncode == 0
    inner = docx_parts(out / "mini-inner.docx")
    assert b"<w:endnoteReference" in inner["word/document.xml"] and "word/footnotes.xml" not in inner
    assert docx_notes_text(out / "mini-inner.docx", "word/endnotes.xml") == [
        "Public Body, A public report, March 1, 2024, p. 4, https://example.org/report."]
    assert b"<w:footnoteReference" in docx_parts(out / "mini-public.docx")["word/document.xml"]
    # The PDF lists endnotes under the template's Notes heading, after the text.
    text = pdf_text(out / "mini-inner.pdf")
    assert text.index("Notes\n1. Public Body, A public report") > text.index("Findings")


def test_press_style_sources(sample_build):
    """A press release lists its sources for editors in the press style, with no note numbers anywhere."""
    out, _ = sample_build
    text = " ".join(pdf_text(path(out, "press", "pdf")).split())
    assert "BBC News, \u201cThe faces from China\u2019s Uyghur detention camps\u201d, 24 May 2022." in text
    xml = docx_parts(path(out, "press", "docx"))["word/document.xml"]
    assert b"<w:footnoteReference" not in xml and b"<w:endnoteReference" not in xml


def test_qpdf_check(sample_build):
    import shutil
    import subprocess

    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed")
    out, _ = sample_build
    for a in AUDIENCES:
        r = subprocess.run(["qpdf", "--check", str(path(out, a, "pdf"))], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr


@pytest.mark.parametrize("audience", AUDIENCES + ("diplomats-footnoted",))
def test_pdf_footnotes_stand_on_the_page_of_their_reference(request, sample_build, sample_evidence, audience):
    """Each note number in the text links to its note: a footnote stands lower on the same page, an endnote
    after its number; a press release has no numbers."""
    import pdfplumber
    from pypdf import PdfReader

    from briefgen.load.theme import load_theme

    out, _ = sample_build
    as_footnotes = audience.endswith("-footnoted")
    if as_footnotes:
        out, audience = request.getfixturevalue("footnoted"), audience.removesuffix("-footnoted")
    body = load_theme(SAMPLE).sizes.body  # note numbers are superscripts: smaller than the text
    reader = PdfReader(path(out, audience, "pdf"))
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found = {}  # note number -> (page of the number, page of the note, note below the number)
    with pdfplumber.open(path(out, audience, "pdf")) as pdf:
        for i, page in enumerate(reader.pages):
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                dest = annot.get("/Dest")
                if annot.get("/Subtype") != "/Link" or not isinstance(dest, list):
                    continue  # URLs are /URI actions; only internal links have a /Dest
                x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
                plumb = pdf.pages[i]
                label = plumb.crop((x0, plumb.height - y1, x1, plumb.height - y0))  # chars overlapping the link
                digits = "".join(c["text"] for c in label.chars if c["text"].isdigit() and c["size"] < body * 0.9)
                if digits:
                    found[int(digits)] = (i, index[dest[0].idnum], float(dest[3]) < y0)
    doc = final(sample_evidence, audience)[1]
    assert sorted(found) == list(range(1, len(doc.notes) + 1))
    assert bool(found) == (doc.meta.notes != "none")
    if doc.meta.notes == "endnotes" and not as_footnotes:  # listed after the text (the lawmakers' annex): later pages, or lower
        wrong = {n: v for n, v in found.items() if v[1] < v[0] or (v[1] == v[0] and not v[2])}
    else:
        wrong = {n: v for n, v in found.items() if v[0] != v[1] or not v[2]}
    assert not wrong  # note number -> (page of the number, page of its note, note below it)


def test_lawmakers_annex_is_a_new_section(sample_build):
    import docx as python_docx
    from docx.enum.section import WD_SECTION

    out, _ = sample_build
    d = python_docx.Document(str(path(out, "lawmakers", "docx")))
    # The summary, the annex (a new page), and the sources after the notes (continuous: test_word_style.py).
    assert [s.start_type for s in d.sections][1:] == [WD_SECTION.NEW_PAGE, WD_SECTION.CONTINUOUS]
    xml = docx_parts(path(out, "lawmakers", "docx"))["word/document.xml"].decode()
    first_section_end = xml.index("<w:sectPr")
    assert xml.index("Annex: the evidence") > first_section_end  # the annex opens the second section
    assert "What we ask" in xml[:first_section_end]
    pages = [p.extract_text() for p in __import__("pypdf").PdfReader(path(out, "lawmakers", "pdf")).pages]
    annex = next(i for i, t in enumerate(pages) if "Annex: the evidence" in t)
    assert "Annex: the evidence" in pages[annex][:80]  # in the PDF, the annex starts a page (after the header)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_pdf_outline_is_the_headings_and_leads_to_them(sample_build, sample_evidence, audience):
    from pypdf import PdfReader

    from briefgen.tree import Heading, NotesPlaceholder, plain_text

    out, _ = sample_build
    doc = final(sample_evidence, audience)[1]
    expected = []
    for b in doc.blocks:  # the headings in the text; a listed notes section's own heading ("Notes") too
        if isinstance(b, Heading):
            expected.append(plain_text(b.children))
        elif isinstance(b, NotesPlaceholder) and doc.meta.notes == "endnotes":
            expected += [plain_text(h.children) for h in b.children if isinstance(h, Heading)]
    reader = PdfReader(path(out, audience, "pdf"))

    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item

    entries = list(flatten(reader.outline))
    assert [e.title for e in entries] == expected
    for e in entries:  # each bookmark opens the page where its heading stands
        page = reader.get_destination_page_number(e)
        assert " ".join(e.title.split()) in " ".join(reader.pages[page].extract_text().split())
    assert reader.trailer["/Root"].get("/PageMode") == "/UseOutlines"  # shown when the file opens
    assert reader.trailer["/Root"].get("/Lang") == {"community": "ug", "rapporteur-fr": "fr"}.get(audience, "en-GB")
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a pypdf BooleanObject)
