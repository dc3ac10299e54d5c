"""The PDF is tagged (PDF/UA-1) and archival (PDF/A-3a): checked by a validator (page-validation, both
profiles) on the sample (its Uyghur bulletin right to left), the second dossier and 1,000 synthetic findings,
and by our own reading of the structure tree, output intent and associated files with pikepdf; the pages are
the pixels of the untagged layout."""

from __future__ import annotations

import collections
import shutil
import sys

import pytest
from conftest import ROOT, SAMPLE, assert_same_pixels, run_cli

from briefgen.pipeline import final

page = pytest.importorskip("page", reason="page-validation is not installed")
pikepdf = pytest.importorskip("pikepdf")

AUDIENCES = ("diplomats", "lawmakers", "press", "community", "rapporteur-fr")
SECOND = ROOT / "tests" / "fixtures" / "second-dossier"


def ua1(path, profile: str = "ua1") -> list[str]:
    """The PDF/UA-1 rules (or another profile's) a file fails, with the validator's messages."""
    limits = page.SafetyLimits(max_reference_depth=100_000)
    report = page.validate_pdf(str(path), profile=profile, limits=limits)
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def a3a(path) -> list[str]:
    """The PDF/A-3a rules a file fails."""
    return ua1(path, "3a")


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_sample_brief_passes_pdf_ua_1_and_pdf_a_3a(sample_build, audience):
    out, _ = sample_build
    assert ua1(out / f"xinjiang-police-files-{audience}.pdf") == []
    assert a3a(out / f"xinjiang-police-files-{audience}.pdf") == []


def test_the_second_dossier_passes_pdf_ua_1(tmp_path):
    """Briefs nobody here wrote the sample for: Chinese, Uyghur and Kazakh titles, footnotes repeated on the
    pages that cite them again, endnotes, a table."""
    out = tmp_path / "out"
    r = run_cli("build", SECOND, "-f", "pdf", "--out", out)
    assert r.returncode == 0, r.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert ua1(pdf) == [], pdf.name
        assert a3a(pdf) == [], pdf.name


def test_a_thousand_findings_pass_pdf_ua_1(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_dossier

    root = make_dossier(tmp_path / "synth", 1000)
    r = run_cli("build", root, "-f", "pdf")
    assert r.returncode == 0, r.stderr
    assert ua1(root / "build" / "synth-all.pdf") == []
    assert a3a(root / "build" / "synth-all.pdf") == []


def _elements(pdf):
    """Every structure element, depth first, as (depth, element)."""
    out = []

    def walk(e, depth):
        out.append((depth, e))
        k = e.get("/K")
        for kid in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot.K, 0)
    return out


@pytest.mark.parametrize("audience", ("diplomats", "lawmakers"))
def test_the_structure_tree_is_the_brief_s(sample_build, sample_evidence, audience):
    """Headings nest as the outline does, with no level skipped; every note is a Note with its own ID, as many
    as the brief has notes; every link annotation sits in a Link element through an OBJR and says where it
    leads; the catalogue and pages carry what PDF/UA asks."""
    out, _ = sample_build
    pdf = pikepdf.open(out / f"xinjiang-police-files-{audience}.pdf")
    elements = _elements(pdf)
    kinds = collections.Counter(str(e.S) for _, e in elements)
    doc = final(sample_evidence, audience)[1]
    assert str(elements[0][1].S) == "/Document"
    assert kinds["/Note"] == len(doc.notes) and kinds["/P"] > 20 and kinds["/H1"] >= 3
    assert kinds["/LI"] and kinds["/Lbl"] == kinds["/LBody"] == kinds["/LI"]  # each item: its marker, its text
    # Text in another language is a Span with its /Lang; Uyghur's also its logical text as /ActualText.
    spans = {(str(e.Lang), str(e.get("/ActualText", ""))) for _, e in elements if str(e.S) == "/Span"}
    assert ("zh-CN", "") in spans
    assert ("ug-CN", "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى") in spans
    ids = [str(e.ID) for _, e in elements if "/ID" in e]
    assert len(ids) == len(set(ids)) == len(doc.notes)
    level = 0
    for _, e in elements:  # a heading is at most one level below the one before it
        s = str(e.S)
        if s.startswith("/H") and s[2:].isdigit():
            assert int(s[2:]) <= level + 1, s
            level = int(s[2:])
    links = [e for _, e in elements if str(e.S) == "/Link"]
    objrs = {kid.Obj.objgen for e in links for kid in ([e.K] if isinstance(e.K, pikepdf.Dictionary) else e.K)
             if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR"}
    annots = [a for p in pdf.pages for a in p.get("/Annots", [])]
    assert annots and {a.objgen for a in annots} == objrs
    assert all("/StructParent" in a and str(a.Contents) for a in annots)
    assert any(str(a.Contents).startswith("Note ") for a in annots)
    assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == doc.meta.language
    assert all(str(p.Tabs) == "/S" for p in pdf.pages)
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and doc.meta.title in xmp
    assert f"<briefgen:audience>{audience}</briefgen:audience>" in xmp and doc.meta.marking in xmp


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_text_is_drawn_outside_marked_content(sample_build, audience):
    """Every text-showing operator of every page stands inside a marked-content sequence: a tagged element's
    or an artifact's."""
    out, _ = sample_build
    with pikepdf.open(out / f"xinjiang-police-files-{audience}.pdf") as pdf:
        _assert_text_in_marked_content(pdf, audience)


@pytest.mark.parametrize("audience", ("lawmakers", "press"))
def test_no_marked_content_is_empty(sample_build, audience):
    """Every element's marked-content sequence draws something: a list item's marker opens with its Lbl, not
    with an empty stretch of its LBody before it. (Not yet so where a line starts or ends with a Span: its
    paragraph's or cell's stretch before or after it is empty; see the README.)"""
    out, _ = sample_build
    paint = {"Tj", "TJ", "'", '"', "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}
    empty = []
    with pikepdf.open(out / f"xinjiang-police-files-{audience}.pdf") as pdf:
        assert any(str(e.S) == "/LBody" for _, e in _elements(pdf))
        for number, page in enumerate(pdf.pages, 1):
            open_ = []  # [MCID or None, painted]
            for operands, op in pikepdf.parse_content_stream(page):
                op = str(op)
                if op in ("BDC", "BMC"):
                    props = operands[1] if op == "BDC" else None
                    open_.append([int(props.MCID) if isinstance(props, pikepdf.Dictionary) else None, False])
                elif op == "EMC":
                    mcid, painted = open_.pop()
                    if mcid is not None and not painted:
                        empty.append((number, mcid))
                    if open_ and painted:
                        open_[-1][1] = True
                elif op in paint and open_:
                    open_[-1][1] = True
    assert not empty, empty


def _assert_text_in_marked_content(pdf, label) -> None:
    """Every text-showing operator of every page stands inside a marked-content sequence, and every sequence
    that opens closes on its page."""
    shows = {"Tj", "TJ", "'", '"'}
    for number, p in enumerate(pdf.pages, 1):
        depth = 0
        for _, op in pikepdf.parse_content_stream(p):
            op = str(op)
            if op in ("BDC", "BMC"):
                depth += 1
            elif op == "EMC":
                depth -= 1
                assert depth >= 0, (label, number)
            elif op in shows:
                assert depth > 0, (label, number)
        assert depth == 0, (label, number)


def _assert_tagging_changes_no_pixel(doc, theme, tmp_path, min_pages: int) -> None:
    """``doc`` laid out tagged and untagged renders to the same pixels on every page (``assert_same_pixels``)."""
    from briefgen.writers.pdf import layout

    for tagged in (True, False):
        (tmp_path / f"{tagged}.pdf").write_bytes(layout(doc, theme, tagged=tagged)[0])
    assert_same_pixels(tmp_path / "True.pdf", tmp_path / "False.pdf", min_pages=min_pages)


def test_tagging_changes_no_pixel(tmp_path, monkeypatch):
    """The tagged pages render exactly as the untagged layout's (the lawmakers' brief, every page)."""
    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    doc, theme = plan(SAMPLE).documents["lawmakers"], load_theme(SAMPLE)
    _assert_tagging_changes_no_pixel(doc, theme, tmp_path, min_pages=3)
    assert b"/StructTreeRoot" not in (tmp_path / "False.pdf").read_bytes()


def test_a_figure_says_what_it_shows_or_the_brief_is_not_built(make_dossier, tmp_path):
    """A figure's description (the Markdown's ``![what it shows](image)``) is its caption and its alternative
    text; a figure without one is an error `check` reports, naming the image."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES
    from PIL import Image

    def dossier(alt: str):
        root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                             "findings.yaml": "- {id: f, title: T, summary: S, confidence: reported, body: "
                                              f'"Seen from above [@pub].\\n\\n![{alt}](tower.png)"}}\n'},
                            name=f"d{len(alt)}")
        Image.new("RGB", (300, 200), (90, 90, 90)).save(root / "tower.png")
        return root

    bare = dossier("")
    r = run_cli("check", bare)
    # At the finding's own file and line (the body's second paragraph is line 1 of findings.yaml here), once.
    lines = [ln for ln in r.stderr.splitlines() if "has no description" in ln]
    assert r.returncode == 1 and len(lines) == 1, r.stderr
    assert lines[0].startswith(f"{bare.name}/findings.yaml:1:") and "image tower.png" in lines[0], r.stderr
    described = dossier("A watchtower over the outer wall")
    out = tmp_path / "out"
    r = run_cli("build", described, "-f", "pdf", "--out", out)
    assert r.returncode == 0, r.stderr
    pdf = pikepdf.open(out / "mini-public.pdf")
    figures = [e for _, e in _elements(pdf) if str(e.S) == "/Figure"]
    assert [str(f.Alt) for f in figures] == ["A watchtower over the outer wall"]
    assert ua1(out / "mini-public.pdf") == []


def test_a_brief_says_which_state_of_the_dossier_it_was_built_from(tmp_path):
    """The PDF's XMP and the Word file's custom properties carry the briefgen version, the audience, the
    marking and a SHA-256 over the dossier's files: the same for the same files, another once one changes,
    and not changed by briefs built into the dossier folder."""
    import zipfile

    root = tmp_path / "d"
    shutil.copytree(SECOND, root)

    def built(out_name: str) -> tuple[str, str]:
        out = root / out_name
        r = run_cli("build", root, "-a", "press", "--out", out)
        assert r.returncode == 0, r.stderr
        with pikepdf.open(out / "exile-press-press.pdf") as pdf:
            xmp = pdf.Root.Metadata.read_bytes().decode()
        custom = zipfile.ZipFile(out / "exile-press-press.docx").read("docProps/custom.xml").decode()
        digest = xmp.split("<briefgen:inputs-sha256>")[1].split("<")[0]
        assert len(digest) == 64 and digest in custom and "TLP:CLEAR" in custom and ">press<" in custom
        return digest, xmp

    first, xmp = built("out1")
    assert "<briefgen:audience>press</briefgen:audience>" in xmp
    assert built("out2")[0] == first  # the briefs of the first build, inside the folder, do not count
    finding = sorted((root / "findings").iterdir())[0]
    finding.write_text(finding.read_text(encoding="utf-8") + "\n# corrected\n", encoding="utf-8")
    assert built("out3")[0] != first


def test_an_archived_brief_carries_its_evidence_and_its_colour_space(make_dossier, tmp_path):
    """PDF/A-3: the sources' files are associated files of the document (catalogue /AF, /AFRelationship
    /Source, MIME type, date from SOURCE_DATE_EPOCH, SHA-256 in the description), the output intent is sRGB
    with its ICC profile dated like the build, and the same inputs give the same bytes."""
    import datetime as dt
    import hashlib
    import struct

    from conftest import EPOCH
    from test_citations import _attachment_dossier

    root = _attachment_dossier(make_dossier, attach=True)
    (root / "files" / "protocol.txt").rename(root / "files" / "protocol.pdf")
    (root / "files" / "protocol.pdf").write_bytes(SAMPLE.joinpath("..", "..", "docs").resolve().joinpath(
        "sample-press.png").read_bytes())  # any bytes: the name gives the MIME type
    sources = (root / "sources.yaml").read_text().replace("files/protocol.txt", "files/protocol.pdf")
    (root / "sources.yaml").write_text(sources)
    outs = []
    # Under two hash seeds: nothing in the file may depend on it (see test_a_leaf_is_drawn_again_only_when ...).
    for n in (0, 40):
        out = tmp_path / f"out{n}"
        r = run_cli("build", root, "-f", "pdf", "-a", "inner", "--out", out, env_extra={"PYTHONHASHSEED": str(n)})
        assert r.returncode == 0, r.stderr
        outs.append(out / "cites-inner.pdf")
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert a3a(outs[0]) == [] and ua1(outs[0]) == []
    when = dt.datetime.fromtimestamp(int(EPOCH), dt.timezone.utc)
    with pikepdf.open(outs[0]) as pdf:
        specs = list(pdf.Root.AF)
        assert [str(s.UF) for s in specs] == ["protocol.pdf", "w7.txt"]
        for spec in specs:
            data = (root / "files" / str(spec.UF)).read_bytes()
            stream = spec.EF.F
            assert stream.read_bytes() == data
            assert spec.AFRelationship == pikepdf.Name.Source
            assert hashlib.sha256(data).hexdigest() in str(spec.Desc)
            assert stream.Params.Size == len(data)
            assert str(stream.Params.ModDate) == when.strftime("D:%Y%m%d%H%M%SZ")
        assert [str(s.EF.F.Subtype) for s in specs] == ["/application/pdf", "/text/plain"]
        [intent] = list(pdf.Root.OutputIntents)
        assert intent.S == pikepdf.Name.GTS_PDFA1 and str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        icc = intent.DestOutputProfile
        assert icc.N == 3
        header = icc.read_bytes()
        assert header[36:40] == b"acsp" and header[16:20] == b"RGB "
        assert struct.unpack(">6H", header[24:36]) == (when.year, when.month, when.day, when.hour, when.minute,
                                                      when.second)
        xmp = pdf.open_metadata()
        assert xmp["pdfaid:part"] == "3" and xmp["pdfaid:conformance"] == "A" and xmp["pdfuaid:part"] == "1"


def test_a_leaf_is_drawn_again_only_when_it_is_the_same_leaf():
    """Tags tells a leaf drawn again (a repeated header row, a footnote cited again) by a mark on the leaf
    itself: a leaf freed after drawing (a split paragraph's part) must not hand its id to a new one, which
    would be left out of the structure tree (this made the tree depend on the hash seed); and a drawn leaf is
    not kept alive to the end of the layout (every line of every page was, with its words)."""
    import io
    import weakref

    from reportlab.pdfgen.canvas import Canvas

    from briefgen.writers.pdf.tags import Elem, Tags

    class Leaf:
        def __init__(self, tag):
            self.tag = tag

    tags, canv = Tags(), Canvas(io.BytesIO())

    def nothing():
        return None

    first = Leaf(Elem("P", tags.root, {}))
    tags.draw(first, canv, nothing)
    gone = weakref.ref(first)
    del first
    assert gone() is None
    later = [Leaf(Elem("P", tags.root, {})) for _ in range(50)]
    for leaf in later:
        tags.draw(leaf, canv, nothing)
    assert all(len(leaf.tag.kids) == 1 for leaf in later)
    tags.draw(later[0], canv, nothing)  # drawn again (a repeated header row): no second marked content
    assert len(later[0].tag.kids) == 1


def test_an_arabic_brief_maps_every_glyph_to_its_text(tmp_path):
    """An Arabic brief's "Page 1 of 2" is shaped when the total is known, at save: its glyphs were once left
    mapped to private-use code points in the font's ToUnicode map (PDF/A-3a fails that; a reader copies
    nothing). Every ToUnicode entry of every font names real text."""
    import re

    root = tmp_path / "d"
    shutil.copytree(ROOT / "tests" / "fixtures" / "malformed" / "_base", root)
    dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
    (root / "dossier.yaml").write_text(dossier.replace("title: A small dossier", "title: A small dossier\n"
                                                       "language: ar", 1), encoding="utf-8")
    r = run_cli("build", root, "-f", "pdf", "-a", "diplomats", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    pdf_path = tmp_path / "out" / "base-diplomats.pdf"
    assert ua1(pdf_path) == [] and a3a(pdf_path) == []
    with pikepdf.open(pdf_path) as pdf:
        for font in (o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/ToUnicode" in o):
            cmap = font.ToUnicode.read_bytes().decode("latin-1")
            targets = [int(v[i:i + 4], 16) for v in re.findall(r"<[0-9A-F]+> <([0-9A-F]+)>", cmap)
                       for i in range(0, len(v), 4)]
            assert targets and not [t for t in targets if 0xE000 <= t <= 0xF8FF], font.BaseFont


SHY = "\u00ad"
UYGHUR = "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى"


@pytest.fixture(scope="module")
def reportlab_set(tmp_path_factory):
    """A brief whose lists and paragraphs ReportLab sets: list items of two paragraphs (ReportLab's
    ListFlowable, enough of them to run onto a second page), a paragraph with a soft hyphen and a code block
    (ReportLab's Paragraph) holding Chinese and Uyghur words; built through the CLI, tagged."""
    import textwrap

    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    root = tmp_path_factory.mktemp("rl") / "d"
    words = "The county police bureau kept a register of every detainee moved between the camps, " * 3
    items = "".join(f"- Item {i}: {words}[@pub].\n\n  Its second paragraph, {words.lower()}\n" for i in range(1, 13))
    body = (f"Down{SHY}stream of the plant, {UYGHUR} and 新疆 meet [@pub].\n\n{items}\n"
            "1. The first step.\n\n   Its second paragraph.\n2. The second step.\n\n```\ncode 新疆 block\n```\n")
    files = {"dossier.yaml": MINIMAL_DOSSIER + "script_languages: {Arab: ug-CN, Hani: zh-CN}\n",
             "sources.yaml": MINIMAL_SOURCES,
             "findings.yaml": "- id: f\n  title: T\n  summary: S\n  confidence: reported\n  body: |\n"
                              + textwrap.indent(body, "    "),
             "asks.yaml": "- {id: try-it, audiences: [public, inner], text: Try the test.}\n"}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    out = root.parent / "out"
    r = run_cli("build", root, "-f", "pdf", "-a", "inner", "--out", out)
    assert r.returncode == 0, r.stderr
    return root, out / "mini-inner.pdf"


def _marked_content(pdf) -> dict:
    """The operators drawn in each marked-content sequence with an MCID: (page index, MCID) -> [(operands,
    operator)], nested sequences' operators with their own only."""
    out: dict = {}
    for n, p in enumerate(pdf.pages):
        stack = []
        for operands, op in pikepdf.parse_content_stream(p):
            op = str(op)
            if op in ("BDC", "BMC"):
                props = operands[1] if op == "BDC" else None
                mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                stack.append(mcid)
            elif op == "EMC":
                stack.pop()
            elif stack and stack[-1] is not None:
                out.setdefault((n, stack[-1]), []).append((operands, op))
    return out


def _contents(pdf, e) -> list[tuple[int, int]]:
    """An element's own marked content: (page index, MCID)."""
    pages = {p.objgen: n for n, p in enumerate(pdf.pages)}
    k = e.get("/K")
    out = []
    for kid in (k if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
        if isinstance(kid, int):
            out.append((pages[e.Pg.objgen], int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out.append((pages[kid.Pg.objgen], int(kid.MCID)))
    return out


def _kids(e) -> list:
    k = e.get("/K")
    return [kid for kid in (k if isinstance(k, pikepdf.Array) else [k])
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _shown(ops) -> list[bytes]:
    """The strings the text-showing operators of ``ops`` show."""
    out = []
    for operands, op in ops:
        if op == "Tj":
            out.append(bytes(operands[0]))
        elif op == "TJ":
            out.append(b"".join(bytes(x) for x in operands[0] if isinstance(x, pikepdf.String)))
    return out


def test_a_list_reportlab_sets_has_its_bullets_and_numbers_as_labels(reportlab_set):
    """The bullets and numbers ReportLab's lists draw are each item's Lbl, before its LBody (which holds the
    item's paragraphs), drawn once, on the page its first paragraph starts, also where the list runs onto
    the next page: once artifacts, they were not in the structure tree."""
    _, path = reportlab_set
    assert ua1(path) == [] and a3a(path) == []
    with pikepdf.open(path) as pdf:
        marked = _marked_content(pdf)
        lists = [e for _, e in _elements(pdf) if str(e.S) == "/L"]  # ReportLab's: LBody holds paragraphs
        lists = [e for e in lists if all(_kids(_kids(item)[-1]) for item in _kids(e))]
        assert len(lists) == 2
        pages = set()
        for number, lst in enumerate(lists):
            items = _kids(lst)
            assert len(items) == (12 if number == 0 else 2)
            for i, item in enumerate(items, 1):
                assert [str(k.S) for k in _kids(item)] == ["/Lbl", "/LBody"]
                label, body = _kids(item)
                [where] = _contents(pdf, label)  # drawn once, as its own marked content
                paragraphs = _kids(body)
                assert len(paragraphs) == (1 if (number, i) == (1, 2) else 2)
                assert all(str(p.S) == "/P" for p in paragraphs)
                first = min(_contents(pdf, paragraphs[0]))
                assert where[0] == first[0] and where[1] < first[1]  # with the item's first paragraph, before it
                pages |= {page for p in paragraphs for page, _ in _contents(pdf, p)}
                ops = marked[where]
                assert len(_shown(ops)) == 1
                if number == 0:  # a bullet: one glyph, in the bullet's size
                    assert len(_shown(ops)[0]) == 1 and any(op == "Tf" and float(o[1]) == 8 for o, op in ops)
                else:
                    assert _shown(ops) == [f"{i}.".encode()]
        assert len(pages) >= 2  # the first list runs onto the next page


def test_a_paragraph_reportlab_sets_has_its_other_languages_in_spans(reportlab_set):
    """A paragraph ReportLab's Paragraph sets (a soft hyphen in it; a code block) has its words in the
    dossier's script_languages in Spans of its P, as briefgen's own paragraphs do: /Lang, and the Uyghur
    words' logical text as /ActualText; each Span's marked content draws words of the paragraph."""
    _, path = reportlab_set
    with pikepdf.open(path) as pdf:
        marked = _marked_content(pdf)
        paragraphs = [e for _, e in _elements(pdf) if str(e.S) == "/P" and any(
            str(k.S) == "/Span" for k in _kids(e))]
        assert len(paragraphs) == 2  # the paragraph with the soft hyphen (briefgen's: it is shaped), the code block
        spans = [[(str(s.Lang), str(s.get("/ActualText", ""))) for s in _kids(p) if str(s.S) == "/Span"]
                 for p in paragraphs]
        assert spans == [[("ug-CN", UYGHUR), ("zh-CN", "")], [("zh-CN", "")]]
        for p in paragraphs:
            for span in (s for s in _kids(p) if str(s.S) == "/Span"):
                [where] = _contents(pdf, span)
                assert _shown(marked[where])  # the Span draws its words
            assert len(_contents(pdf, p)) >= 2  # the paragraph's own text around its Spans


def test_tagging_what_reportlab_sets_changes_no_pixel(reportlab_set, tmp_path, monkeypatch):
    """The Lbl of a ReportLab list and the Spans cut into a ReportLab paragraph's strings draw the same
    pixels as the untagged layout; every string drawn is in marked content."""
    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan

    root, path = reportlab_set
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    doc, theme = plan(root).documents["inner"], load_theme(root)
    _assert_tagging_changes_no_pixel(doc, theme, tmp_path, min_pages=2)
    with pikepdf.open(path) as pdf:
        _assert_text_in_marked_content(pdf, "inner")


def test_headings_in_boxes_and_list_items_nest_without_skips(make_dossier, tmp_path):
    """A heading in a callout or a list item nests under the headings open where the box starts, closes none
    of them and has no outline entry (ReportLab enters none for a box's content): a heading after the box once
    skipped a level of the outline (the layout stopped), then of the structure (PDF/UA-1 failed)."""
    from conftest import build_finding
    from pypdf import PdfReader

    body = ("The plant [@pub].\\n\\n::: callout\\n# Boxed heading\\n\\nriver\\n:::\\n\\n## After the box\\n\\n"
            "river\\n\\n- # A heading in an item\\n\\n  text\\n\\n### Third\\n\\nriver\\n")
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    assert ua1(out / "mini-inner.pdf") == []

    def titles(items, depth=0):
        for item in items:
            yield from titles(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]

    outline = list(titles(PdfReader(out / "mini-inner.pdf").outline))
    assert not any("Boxed" in t or "in an item" in t for _, t in outline), outline
    assert all(b[0] <= a[0] + 1 for a, b in zip(outline, outline[1:])), outline
    assert [t for _, t in outline if t in ("After the box", "Third")] == ["After the box", "Third"]


def test_boxes_nested_past_what_pdf_a_allows_are_set_flat(make_dossier, tmp_path):
    """Quotes in quotes, fourteen deep, and callouts in callouts: each box nests the graphics state, and from
    the fourteenth the file broke PDF/A's limit of 28 nested states. From the eighth box on, a quote or a
    callout is set flat in the one that holds it (tagged as what it is), every word still printed."""
    from conftest import build_finding, pdf_text

    quotes = "\\n".join("> " * i + f"level{i} [@pub]" for i in range(1, 15))
    callouts = "".join(f"::: callout\\nbox{i}\\n\\n" for i in range(12)) + ":::\\n" * 12
    out = build_finding(make_dossier, tmp_path, f"{quotes}\\n\\n{callouts}", "-f", "pdf")
    assert a3a(out / "mini-inner.pdf") == [] and ua1(out / "mini-inner.pdf") == []
    text = pdf_text(out / "mini-inner.pdf")
    assert all(f"level{i}" in text for i in range(1, 15)) and all(f"box{i}" in text for i in range(12))
