"""The shape of the code: stages import downwards only (import-linter, configured in pyproject.toml), no
module past 350 lines, and every ReportLab internal in ``writers/pdf/rlinternals/``."""

from __future__ import annotations

import ast
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "briefgen"
MAX_LINES = 350


def _lint_imports(package_parent: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the project's contracts on the package found in ``package_parent``."""
    exe = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(package_parent))
    return subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml"), "--no-cache"], capture_output=True,
                          text=True, cwd=package_parent, env=env)


def test_imports_point_down_the_pipeline():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line", [
    ("writers/pdf/blocks.py", "from ...select import select"),  # a writer reaching back into selection
    ("writers/docx/runs.py", "from ..pdf.bidi import visual"),  # the Word writer importing the PDF writer
    ("load/base.py", "from ..render import render"),  # a lower stage importing a higher one
    ("load/paths.py", "from .loader import load"),  # a cycle inside a package
])
def test_the_contracts_catch_a_wrong_import(tmp_path, module, line):
    shutil.copytree(PACKAGE, tmp_path / "briefgen", ignore=shutil.ignore_patterns("__pycache__", "templates"))
    target = tmp_path / "briefgen" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n\ndef _wrong():\n    {line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout


def test_no_module_is_longer_than_one_idea():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_reportlab_internals_are_there():
    """Every private ReportLab name rlinternals reads exists in the installed ReportLab, and its patches are
    in place (a ReportLab upgrade that renames one fails here, not in a brief)."""
    from reportlab import rl_config
    from reportlab.pdfbase import ttfonts
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.pdfgen.textobject import PDFTextObject
    from reportlab.platypus import Frame, KeepTogether
    from reportlab.platypus import paragraph as rl_paragraph

    from briefgen.writers.pdf import rlinternals as rl

    def names(cls) -> set[str]:
        return {n for v in vars(cls).values() if hasattr(v, "__code__") for n in v.__code__.co_names}

    assert hasattr(rl_config, "_FUZZ") and hasattr(rl_paragraph, "_wsc") and hasattr(PDFTextObject, "_textOut")
    assert rl.DIRECT_LINKS, "canvas._addAnnotation, _absRect or _bookmarkReference is gone"
    assert rl._rl_shape.__defaults__[0] == {"kern": True, "liga": False, "dlig": False}
    assert ttfonts.shapeFragWord is rl._shape_by_font
    assert ttfonts.makeToUnicodeCMap is rl._to_unicode_cmap
    assert ttfonts.TTFont.splitString is rl._split_string, "TTFont.State.assignments is gone"
    assert rl_paragraph.shapeFragWord is rl._shape_by_font
    assert "_TTFont__hbUnis" in names(ttfonts.TTFont)
    assert "_doc" in Canvas.__init__.__code__.co_names
    assert {"_y1p", "_aW", "_x1", "_y1"} <= {*Frame._geom.__code__.co_names, *Frame.__init__.__code__.co_names}
    assert all(hasattr(Frame, n) for n in ("_add", "_reset", "_geom"))
    assert {"_content", "_H"} <= set(KeepTogether.wrap.__code__.co_names)
    # A list's bullets as their items' Lbl (flowables.ListFlowable), the Spans of ReportLab's paragraphs
    # (flowables.through): ReportLab makes a bullet per item, an item's indenter draws it, and a paragraph
    # sets each string of a line by _textOut in the text object drawPara begins.
    from reportlab.platypus import ListFlowable
    from reportlab.platypus import flowables as rl_flowables

    assert "_makeBullet" in ListFlowable._getContent.__code__.co_names
    assert "_bullet" in rl_flowables.LIIndenter.drawOn.__code__.co_names
    assert all("_textOut" in f.__code__.co_names for f in (rl_paragraph._putFragLine, rl_paragraph._leftDrawParaLine))
    assert "beginText" in rl_paragraph.Paragraph.drawPara.__code__.co_names
    # A row taller than a page splits in its cells (rlinternals.Table): ReportLab splits each cell's content there.
    from reportlab.platypus import Table

    assert "_splitCell" in Table._splitRows.__code__.co_names and "split" in Table._splitCell.__code__.co_names
    assert rl.CHECKED_WITH.split(".")[0] in {"4", "5"}
    from reportlab.pdfbase import pdfdoc

    assert pdfdoc.PDFStream.format is rl.streams._stream_format
    assert pdfdoc.PDFDocument.format is rl.streams._document_format  # the same bytes: see the test after this
    assert pdfdoc.OutlineEntryObject.format is rl.streams._outline_format
    assert pdfdoc.PDFDestinationXYZ.format is rl.streams._xyz_format
    assert pdfdoc.pdfdocEnc is rl.streams._pdfdoc_enc  # the same bytes as ReportLab's codec, faster:
    for text in ("12 0 obj\n", "<< /Rect [ 1 2 3 4 ] >>", "".join(map(chr, range(32, 128))), "caf\u00e9 \u2013",
                 "\t\n\r\x00"):
        assert rl.streams._pdfdoc_enc(text) == rl.streams._rl_pdfdoc_enc(text), text
    assert pdfdoc.PDFDictionary.format is rl.streams._dictionary_format  # the same bytes as ReportLab's:
    doc = pdfdoc.PDFDocument()
    for entries, multiline in (({"Type": pdfdoc.PDFName("Page"), "Rotate": 0, "A b#": "x", "Z": [1, 2.5]}, True),
                               ({f"K{i}": i for i in range(14)}, False), ({"Kids": pdfdoc.PDFArray([1, 2])}, "forced")):
        d = pdfdoc.PDFDictionary(entries)
        d.multiline = multiline
        assert rl.streams._dictionary_format(d, doc) == rl.streams._rl_dictionary_format(d, doc)
    for value in ("note-12", "Note 12", "Link to https://example.org/a?b=c&d", "", "(x)", "a\\b", "caf\u00e9",
                  "\u65b0\u7586", "tab\there"):  # text strings: the fast path, or ReportLab's own
        assert rl.streams.pdf_text(value, doc) == pdfdoc.format(pdfdoc.PDFString(value), doc), value
    for undefined in ("\x18", "a\x1fb"):  # undefined in PDFDocEncoding: an error either way
        with pytest.raises(UnicodeEncodeError):
            rl.streams._pdfdoc_enc(undefined)
        with pytest.raises(UnicodeEncodeError):
            rl.streams._rl_pdfdoc_enc(undefined)
    stream = pdfdoc.PDFStream(content=b"q Q", filters=[])
    assert stream.format(pdfdoc.PDFDocument()).endswith(b"\nstream\nq Q\r\nendstream\n")  # /Length 3, then EOL
    ends_in_cr = pdfdoc.PDFStream(content=b"q Q\r", filters=[]).format(pdfdoc.PDFDocument())
    assert ends_in_cr.endswith(b"/Length 4\n>>\nstream\nq Q\r\r\nendstream\n")  # the data's CR is its own
    # What show_glyphs and the shaper read: a text object's state, a TrueType face's tables, private codes.
    tx = Canvas(io.BytesIO()).beginText()
    assert all(hasattr(tx, n) for n in ("_code", "_curSubset", "_rise", "_leading", "_fontname", "_canvas"))
    assert "_TTFont__addPrivate" in names(ttfonts.TTFont) and "hbAddPrivate" in ttfonts.TTFont.hbFont.__code__.co_names
    assert {"glyphToChar", "charToGlyph", "charWidths"} <= set(ttfonts.TTFontFace.__init__.__code__.co_names) | {
        n for c in ttfonts.TTFontFile.__mro__ for v in vars(c).values() if hasattr(v, "__code__")
        for n in v.__code__.co_names}


def _own_attributes() -> set[str]:
    """The private attributes briefgen's own classes set on themselves (``self._x = ...``), outside the
    module whose classes extend ReportLab's."""
    own = {"_replace", "_"}  # NamedTuple's; gettext's _ (CiteContext._)
    for p in PACKAGE.rglob("*.py"):
        if "rlinternals" in p.parts:
            continue
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and node.attr.startswith("_") \
                    and isinstance(node.value, ast.Name) and node.value.id == "self":
                own.add(node.attr)
    return own


def _private_reportlab_uses(path: Path, own: set[str]) -> list[str]:
    """``x._name`` where ``x`` is not ``self`` or ``cls`` and ``_name`` not one of briefgen's own attributes,
    ``getattr(x, "_name")``, and ``from reportlab... import _name``, in one module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"}) and node.attr not in own:
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"getattr", "hasattr", "setattr"}:
            name = node.args[1].value if len(node.args) > 1 and isinstance(node.args[1], ast.Constant) else ""
            if str(name)[:1] == "_" and name not in own:
                found.append(f"{path.name}:{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            found += [f"{path.name}:{node.lineno}: import {a.name}" for a in node.names if a.name.startswith("_")]
    return found


def test_the_file_is_written_as_reportlab_writes_it(monkeypatch):
    """briefgen writes a PDF's objects, cross-reference table and trailer in one loop of its own
    (``rlinternals.streams._document_format``), and outline entries and destinations directly: the whole file
    is the bytes ReportLab's own way gives, for a tagged brief with notes, links, an outline and an
    attachment, and for a right-to-left one."""
    from reportlab.pdfbase import pdfdoc

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers.pdf import layout
    from briefgen.writers.pdf import rlinternals as rl

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    sample = ROOT / "briefs" / "xinjiang-police-files"
    p, theme = plan(sample), load_theme(sample)
    for audience in ("diplomats", "community"):
        ours = layout(p.documents[audience], theme)[0]
        with monkeypatch.context() as m:
            m.setattr(pdfdoc.PDFDocument, "format", rl.streams._rl_document_format)
            m.setattr(pdfdoc.OutlineEntryObject, "format", rl.streams._rl_outline_format)
            m.setattr(pdfdoc.PDFDestinationXYZ, "format", rl.streams._rl_xyz_format)
            theirs = layout(p.documents[audience], theme)[0]
        assert b"/StructTreeRoot" in ours and ours == theirs, audience
        assert audience != "diplomats" or (b"/Outlines" in ours and b"/XYZ" in ours)


def test_the_pdf_file_is_in_memory_once_when_it_is_written(monkeypatch, tmp_path):
    """At the PDF writer's peak of memory, its save, every object of the file is formatted. The parts were
    kept for one join, and a ``BytesIO`` copied the joined bytes again: about 4.2 times the file's size at
    once (tracemalloc, which counts allocations, not time), some 90 MB more for 10,000 findings. Now each part
    goes into the file as it is made, and the writer returns the bytes ReportLab made, not a copy."""
    import tracemalloc

    from reportlab.pdfbase import pdfdoc

    from briefgen.load.theme import load_theme
    from briefgen.pipeline import plan
    from briefgen.writers.pdf import layout

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import make_dossier

    root = make_dossier(tmp_path / "d", 300, n_sources=600)
    p, theme = plan(root), load_theme(root)
    made, formatted = [], pdfdoc.PDFDocument.format

    def measured(self):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            data = formatted(self)
            made.append((data, tracemalloc.get_traced_memory()[1] - before))
        finally:
            tracemalloc.stop()
        return data

    monkeypatch.setattr(pdfdoc.PDFDocument, "format", measured)
    data = layout(p.documents["all"], theme)[0]
    assert len(made) == 1 and data is made[0][0] and data.startswith(b"%PDF-")
    assert made[0][1] < 3 * len(data), (made[0][1], len(data))  # 2.2 times: the file and the fonts' subsets


def test_reportlab_internals_live_in_one_module():
    own = _own_attributes()
    modules = [p for p in PACKAGE.rglob("*.py") if "rlinternals" not in p.parts and "docx" not in p.parts
               and "reportlab" in p.read_text(encoding="utf-8")]  # the modules that use ReportLab at all
    uses = [u for p in modules for u in _private_reportlab_uses(p, own)]
    assert not uses, "private names outside writers/pdf/rlinternals/:\n" + "\n".join(uses)


def test_reportlabs_address_pattern_is_compiled_when_first_used():
    """``writers/pdf/rlfirst.py``: ReportLab's ``uri_pat`` (about 20 ms to compile, in every process that writes
    a PDF) is compiled when first used, and then matches as ReportLab's own. A ReportLab that changes the
    pattern fails this: see whether deferring it is still worth it."""
    code = """if True:
        import re
        import briefgen.writers.pdf
        from reportlab.platypus import paragraph
        from briefgen.writers.pdf.rlfirst import OnFirstUse
        pat = paragraph.uri_pat
        assert isinstance(pat, OnFirstUse) and pat._compiled is None, type(pat)
        real = re.compile(pat.pattern, pat.flags)
        assert pat._compiled is not None and pat._compiled.pattern == real.pattern
        for uri in ("https://example.org/a?b=c#d", "http://127.0.0.1:8080/x", "mailto:x@y.org", "ftp://[::1]/",
                    "https://例え.jp/パス", "http://-bad-.org", "not a uri", "https://a.b.c.d.e/f g"):
            assert bool(pat.match(uri)) == bool(real.match(uri)), uri
        print("ok")
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr

_COLUMNS = st.lists(st.tuples(st.floats(1, 300), st.floats(0, 600)), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(_COLUMNS, st.floats(0.1, 3))
def test_columns_get_their_longest_word_whenever_the_words_fit(columns, room):
    """Ten columns of names, one a Georgian surname a point wider than a tenth of the table: it broke inside the
    word, while the other columns had room (each column was held to an equal share). Now every column gets its
    longest word when the longest words fit together; else only the columns with the longest words share what
    the others leave, equally. The columns fill the width."""
    from briefgen.writers.pdf.colwidths import _shared

    least = [w for w, _ in columns]
    most = [w + more for w, more in columns]
    width = sum(least) * room
    widths = _shared(least, most, width)
    assert abs(sum(widths) - width) < 1e-6 * max(1.0, width) or sum(m - w for w, m in zip(least, most)) == 0
    if sum(least) <= width:
        assert all(w >= lo - 1e-9 for w, lo in zip(widths, least))
    else:
        broken = [lo for w, lo in zip(widths, least) if w < lo - 1e-9]
        kept = [lo for w, lo in zip(widths, least) if w >= lo - 1e-9]
        assert broken and (not kept or max(kept) <= min(broken) + 1e-9)  # only the longest words break
        assert max(widths) - min(w for w, lo in zip(widths, least) if w < lo - 1e-9) < 1e-6 * width + 1e-9


def test_a_name_in_a_column_of_ten_is_not_broken():
    from briefgen.writers.pdf.colwidths import _shared

    least = [51.0] + [30.0] * 9  # the surname one point wider than a tenth of 500 points
    assert _shared(least, [60.0] * 10, 500.0)[0] >= 51.0
