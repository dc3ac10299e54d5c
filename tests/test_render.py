"""Render: templates (overrides, strict variables, errors), escaping of data, Markdown into the tree."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefgen.load.citesyntax import find_citations, parse_group
from briefgen.render.markup import to_tree
from briefgen.render.templating import md_escape
from briefgen.tree import BulletList, Cite, Div, Para, Str, Table, plain_text
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, build_finding, docx_parts, docx_text, pdf_text, run_cli

NASTY = 'Tags <font color="red">&amp; *stars* [@handle] _under_ # 1. `tick` \\back & <b>bold</b>'
CURLY = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})


def straight(text: str) -> str:
    """Typographic quotes made straight again: printed text gets curly quotes, markup characters stay."""
    return text.translate(CURLY)


@pytest.mark.parametrize("text", [NASTY, "- starts like a list", "1. starts numbered", "::: fence", "> quote",
                                  "# heading", "plain (c) -- text", "+ plus", "==="])
def test_escaped_data_prints_as_written(text):
    blocks = to_tree(md_escape(text), None)
    assert len(blocks) == 1 and isinstance(blocks[0], Para)
    assert not [n for n in blocks[0].children if not isinstance(n, Str)]
    assert straight(plain_text(blocks[0].children)) == text


def test_citation_syntax():
    assert parse_group("@a") [0].key == "a"
    items = parse_group("see @OHCHR, para. 69; @MFA-0524")
    assert [(i.key, i.locator, i.prefix) for i in items] == [("OHCHR", "para. 69", "see"), ("MFA-0524", None, None)]
    assert parse_group("mail me at x@y.org") is None
    found = [(line, c.key) for line, c in find_citations("One [@a].\nTwo [@b; @c] and [link](http://x) [x@y.z]")]
    assert found == [(0, "a"), (1, "b"), (1, "c")]


def test_markdown_to_tree():
    md = "::: {.callout title=\"Key\"}\n**Bold** and [@a, p. 3].\n:::\n\n- one\n- two\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n"
    blocks = to_tree(md, None)
    assert isinstance(blocks[0], Div) and blocks[0].classes == ["callout"] and blocks[0].attrs == {"title": "Key"}
    cite = blocks[0].children[0].children[-2]
    assert isinstance(cite, Cite) and cite.items[0].locator == "p. 3"
    assert isinstance(blocks[1], BulletList) and len(blocks[1].items) == 2
    assert isinstance(blocks[2], Table) and blocks[2].aligns == [None, "right"]


def test_data_with_markup_prints_literally_in_both_formats(make_dossier, tmp_path):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER,
        "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": f"""
            - id: nasty
              title: '{NASTY.replace("'", "''")}'
              summary: 'A <font> & co.'
              body: Body text [@pub].
              confidence: confirmed
            """,
    })
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "--audience", "public")
    assert result.returncode == 0, result.stderr
    pdf = " ".join(pdf_text(out / "mini-public.pdf").split())
    word = " ".join(docx_text(out / "mini-public.docx").split())
    for text in (pdf, word):
        assert "A <font> & co." in text
        assert NASTY in straight(text) and '<font color=\u201cred\u201d>' in text  # quotes made typographic


TEMPLATE = """\
# {{ dossier.title }} for {{ audience.label }}

{% for f in findings %}
## {{ f.title }}

{{ f.body }}
{% endfor %}
{% for a in asks %}
- {{ a.text }}
{% endfor %}
"""


def test_dossier_template_overrides_builtin(make_dossier, tmp_path):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: Found it, summary: S, body: 'B [@pub].', confidence: reported}\n",
        "templates/press.md.j2": TEMPLATE.replace("## {{ f.title }}", "## Custom: {{ f.title }}"),
    })
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "-a", "public").returncode == 0
    text = pdf_text(out / "mini-public.pdf")
    assert "Custom: Found it" in text and "FOR IMMEDIATE RELEASE" not in text
    assert "Custom: Found it" in docx_text(out / "mini-public.docx")


def test_misspelt_template_variable_names_file_and_line(make_dossier):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "templates/press.md.j2": TEMPLATE.replace("{{ f.body }}", "{{ f.bodyy }}"),
    })
    (root / "findings.yaml").write_text("- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n")
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "d/templates/press.md.j2:6: error: template: a finding has no attribute 'bodyy'" in result.stderr


def test_a_template_not_in_utf8_or_including_a_file_outside_its_folder_is_a_clear_error(make_dossier):
    """A template saved in Latin-1 was an internal error (UnicodeDecodeError); one that includes
    "../dossier.yaml" said only "template: ../dossier.yaml"."""
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n",
    })
    template = root / "templates" / "press.md.j2"
    template.parent.mkdir()
    template.write_bytes(TEMPLATE.replace("## {{ f.title }}", "## Résumé: {{ f.title }}").encode("latin-1"))
    line = TEMPLATE[:TEMPLATE.index("## {{ f.title }}")].count("\n") + 1
    result = run_cli("build", root, "-a", "public")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"d/templates/press.md.j2:{line}: error: template 'press.md.j2' is not UTF-8 text (byte 0xe9): save it " \
        "as UTF-8" in result.stderr, result.stderr
    template.write_text(TEMPLATE + '{% include "../dossier.yaml" %}\n', encoding="utf-8")
    result = run_cli("check", root)
    assert "error: template: '../dossier.yaml' not found: a template includes the templates of its own folder" \
        in result.stderr, result.stderr


def test_templates_are_compiled_once_and_their_errors_keep_their_lines(make_dossier, monkeypatch, tmp_path):
    """Compiled templates are kept (Jinja's bytecode cache): a second build compiles none, and a rendering
    error names the same template line either way; a damaged cache file is compiled again and rewritten."""
    import jinja2

    from briefgen.errors import BriefgenError
    from briefgen.pipeline import plan
    from briefgen.render import templating

    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n",
        "templates/press.md.j2": TEMPLATE.replace("{{ f.body }}", "{{ f.bodyy }}"),
    })
    cache = tmp_path / "cache"
    cache.mkdir()
    real = templating._bytecode_cache
    monkeypatch.setattr(templating, "_bytecode_cache", lambda: real(cache))
    compiled = []
    compile_ = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, source, name=None, *a, **k: compiled.append(name) or compile_(self, source, name,
                                                                                                     *a, **k))

    def error(audiences):
        templating._environment.cache_clear()  # as a new process: a new environment
        with pytest.raises(BriefgenError) as exc:
            plan(root, audiences)
        (d,) = [d for d in exc.value.diagnostics if "bodyy" in d.message]
        return d.pos.file.name, d.pos.line

    try:
        first = error(["public"])
        assert first == ("press.md.j2", 6) and compiled == ["press.md.j2"]
        files = sorted(cache.iterdir())
        assert len(files) == 1 and files[0].stat().st_size > 0
        assert error(["public"]) == first and compiled == ["press.md.j2"]  # read back, not compiled
        files[0].write_bytes(b"not bytecode")
        assert error(["public"]) == first and compiled == ["press.md.j2"] * 2
        assert files[0].read_bytes() != b"not bytecode"
        files[0].unlink()
        with monkeypatch.context() as m:  # a file that cannot be written: compiled, nothing kept, no error
            m.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
            assert error(["public"]) == first and compiled == ["press.md.j2"] * 3
        assert list(cache.iterdir()) == []
        cache.chmod(0o777)  # others may write there: not used
        assert error(["public"]) == first and compiled == ["press.md.j2"] * 4 and list(cache.iterdir()) == []
    finally:
        templating._environment.cache_clear()


def test_template_cannot_execute_data(make_dossier, tmp_path):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: '{{ 7*7 }} {% if 1 %}x{% endif %}', summary: S, body: 'B {{ 6*6 }} [@pub].',"
                         " confidence: reported}\n",
    })
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "-a", "inner").returncode == 0
    text = pdf_text(out / "mini-inner.pdf")
    assert "{{ 7*7 }} {% if 1 %}x{% endif %}" in text and "{{ 6*6 }}" in text and "49" not in text


def test_note_numbers_follow_punctuation_without_space():
    from briefgen.cite import resolve
    from briefgen.load.sources import Source

    blocks = to_tree("Claim [@a]. Next,\n[@a, p. 2] and end\n[@a].", None)
    sources = {"a": Source(id="a", title="T", author=["Doe, Jane"])}
    blocks, notes, _, _ = resolve(blocks, sources, {"a"}, "chicago-notes")
    texts = [n.text for n in blocks[0].children if isinstance(n, Str)]
    assert texts == ["Claim.", " Next,", " and end."]
    assert [n.number for n in notes] == [1, 2, 3]


def test_a_locator_without_its_comma_is_a_locator():
    """pandoc reads [@key p. 4] as a pinpoint; a suffix that is no locator stays a suffix."""
    item = parse_group("@OHCHR p. 4")[0]
    assert (item.key, item.locator, item.suffix) == ("OHCHR", "p. 4", None)
    item = parse_group("@OHCHR and the press")[0]
    assert (item.locator, item.suffix) == (None, "and the press")


def test_a_pinpoint_ends_where_a_suffix_begins():
    """As pandoc reads "[@key, p. 7, emphasis added]": the pinpoint is "p. 7", the rest its suffix (the whole was
    taken for the pinpoint); pages listed after a comma are one pinpoint."""
    for group, locator, suffix in [("@k, p. 7, emphasis added", "p. 7", ", emphasis added"),
                                   ("@k, pp. 33, 35-37", "pp. 33, 35-37", None),
                                   ("@k, ch. iv, sec. 2", "ch. iv", ", sec. 2"),
                                   ("@k, para. 12", "para. 12", None), ("@k, 33, note", "33, note", None)]:
        item = parse_group(group)[0]
        assert (item.locator, item.suffix) == (locator, suffix), group


def test_colours_are_read_in_the_forms_people_write():
    from briefgen.load.theme import _colour

    assert _colour("b5472b") == "#B5472B" and _colour("#abc") == "#AABBCC"
    with pytest.raises(ValueError, match="expected a colour as #RRGGBB"):
        _colour("navy")


def test_digits_yaml_1_1_would_read_as_another_number_are_read_as_written(make_dossier, tmp_path):
    """YAML 1.1 reads 001122 as the octal number 594, 10:30 as 630 (base 60) and 0x1F as 31: a colour written
    001122 printed #559944 (green), and a time in a text field became a number. They are kept as written."""
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: 10:30, summary: S, body: 'B [@pub].', confidence: reported, priority: 02}\n",
        "theme.yaml": "colours: {primary: 001122, accent: 0777}\n",
    })
    result = run_cli("check", root)
    assert "d/theme.yaml:1:28: error: colours.accent: expected a colour as #RRGGBB (such as #17375E), got '0777'" \
        in result.stderr and result.stderr.count("error:") == 1, result.stderr
    (root / "theme.yaml").write_text("colours: {primary: 001122}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "inner")
    assert result.returncode == 0, result.stderr
    assert "10:30" in pdf_text(out / "mini-inner.pdf") and "10:30" in docx_text(out / "mini-inner.docx")
    styles = docx_parts(out / "mini-inner.docx")["word/styles.xml"].decode()
    assert 'w:color w:val="001122"' in styles and "559944" not in styles


def test_a_code_block_keeps_its_lines_and_indentation_in_the_code_font(make_dossier, tmp_path):
    """A fenced code block (a log excerpt, a message as it was sent) is set in the theme's code family, line by
    line, with its indentation and aligned spaces kept (ReportLab's paragraph would fold them into one), and a
    line too long for the page wraps instead of running off it; in Word too, where its lines ran together."""
    import zipfile

    import pdfplumber
    from lxml import etree

    body = ("Logged at the gate [@pub].\\n\\n```\\nGATE 3  entry\\n    guard: W-7\\n\\tshift: night\\n"
            + "long " * 40 + "end\\n```\\n")
    out = build_finding(make_dossier, tmp_path, body)
    # Word: one paragraph in the code font, its lines joined by line breaks, its spaces kept (xml:space).
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = etree.fromstring(z.read("word/document.xml"))
    [para] = [p for p in xml.iter(f"{w}p") if "GATE" in "".join(p.itertext())]
    got = "".join("\n" if el.tag == f"{w}br" else el.text for el in para.iter(f"{w}t", f"{w}br"))
    assert got == "GATE 3  entry\n    guard: W-7\n    shift: night\n" + "long " * 40 + "end"
    assert all(t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
               for t in para.iter(f"{w}t") if t.text.startswith(" ") or "  " in t.text)
    assert {f.get(f"{w}ascii") for f in para.iter(f"{w}rFonts")} == {"IBM Plex Mono"}
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    lines: dict[float, list] = {}
    for c in chars:
        if "Mono" in c["fontname"]:
            lines.setdefault(round(c["top"]), []).append(c)
    rows = [sorted(cs, key=lambda c: c["x0"]) for _, cs in sorted(lines.items())]
    texts = ["".join(c["text"] for c in row) for row in rows]
    assert [t.lstrip()[:5] for t in texts[:3]] == ["GATE ", "guard", "shift"]
    start = [next(c["x0"] for c in row if not c["text"].isspace()) for row in rows]  # each line's first ink
    em = rows[0][1]["x0"] - rows[0][0]["x0"]  # one character's advance (monospaced)
    assert abs(start[1] - start[0] - 4 * em) < 1 and abs(start[2] - start[1]) < 1  # indented by four, the tab too
    gate = texts[0].replace("\u00a0", " ")
    assert gate.startswith("GATE 3  entry")  # the two spaces that align stay two
    assert len(rows) >= 5 and texts[-1].rstrip().endswith("end")  # the long line wrapped, nothing lost
    assert max(c["x1"] for row in rows for c in row) <= pdf.pages[0].width - 40


def test_right_to_left_text_in_a_code_block_reads_right_to_left(make_dossier, tmp_path):
    """A line of a code block holding Uyghur (a message as it was sent) is set in visual order, its first word
    on the right, as the rest of the brief sets it (the code-block change first set its words left to
    right): the first word's م stands right of the last word's ئ."""
    import pdfplumber

    body = "As sent [@pub].\\n\\n```\\nfrom: W-7\\ntext: مىڭلىغان بېلىق ئۆلدى\\n```\\n"
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        x = {c["text"]: c["x0"] for page in pdf.pages for c in page.chars if c["text"] in ("م", "ئ")}
    assert x["م"] > x["ئ"], x

def test_a_page_break_in_a_finding_builds_in_both_formats(make_dossier, tmp_path):
    """``::: page-break`` (docs/templates.md) starts a new page in the PDF and puts a page break in the Word
    file (the Word writer crashed on it: a loop variable hid the function that adds an element)."""
    import zipfile

    from pypdf import PdfReader

    body = "Before the break [@pub].\\n\\n::: page-break\\n:::\\n\\nAfter the break."
    out = build_finding(make_dossier, tmp_path, body)
    pages = [p.extract_text() for p in PdfReader(out / "mini-inner.pdf").pages]
    before = next(i for i, t in enumerate(pages) if "Before the break" in t)
    assert "After the break" not in pages[before] and "After the break" in pages[before + 1]
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert xml.index("Before the break") < xml.index('<w:br w:type="page"/>') < xml.index("After the break")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_table_columns_are_aligned_as_the_markdown_says(make_dossier, tmp_path, language):
    """A column the Markdown aligns (``|--:|`` right, ``|:-:|`` centred) is aligned so in both formats: in the
    PDF a right-aligned column's cells end at the same place, flush with its right side; in Word its
    paragraphs carry ``w:jc``, which Word reads as start and end in a right-to-left paragraph (so a number in
    an Arabic brief, a right-to-left paragraph, is right-aligned by "left")."""
    import zipfile

    import pdfplumber

    body = ("Counted at the river [@pub].\\n\\n| Site | Dead fish | Seen |\\n|---|--:|:-:|\\n"
            "| Upstream | 7 | no |\\n| Outfall | 3,400 | yes |\\n| Downstream | 1,200 | yes |\\n")
    dossier = MINIMAL_DOSSIER.replace("marking: TLP:CLEAR", f"marking: TLP:CLEAR\nlanguage: {language}")
    out = build_finding(make_dossier, tmp_path, body, dossier=dossier)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    from lxml import etree

    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = etree.fromstring(z.read("word/document.xml"))
    cells = {"".join(p.itertext()): p for p in xml.iter(f"{w}p")}
    jc = {text: (p.find(f"{w}pPr/{w}jc").get(f"{w}val") if p.find(f"{w}pPr/{w}jc") is not None else None,
                 p.find(f"{w}pPr/{w}bidi") is not None) for text, p in cells.items()
          if text in ("3,400", "7", "yes", "Upstream")}
    right = {True: "left", False: "right"}  # by whether the paragraph is right to left
    assert jc["3,400"][0] == right[jc["3,400"][1]] and jc["7"][0] == right[jc["7"][1]]
    assert jc["yes"][0] == "center" and jc["Upstream"][0] is None
    if language == "en":
        with pdfplumber.open(out / "mini-inner.pdf") as pdf:
            words = [wd for page in pdf.pages for wd in page.extract_words()]
        ends = [wd["x1"] for wd in words if wd["text"] in ("7", "3,400", "1,200")]
        starts = [wd["x0"] for wd in words if wd["text"] in ("Upstream", "Outfall", "Downstream")]
        assert len(ends) == 3 and max(ends) - min(ends) < 0.5  # flush right, together
        assert len(starts) == 3 and max(starts) - min(starts) < 0.5 and min(ends) > min(starts) + 100


def test_fenced_divs_nest_as_in_pandoc():
    """A div inside a div with fences of the same length (pandoc's rule: a fence with attributes opens, a bare
    one closes the innermost open div) nests, where markdown-it closed the outer one early and printed the
    last fence as text; a fence inside fenced code stays code."""
    from pathlib import Path

    from briefgen.render.fences import nest_fences
    from briefgen.tree import CodeBlock

    blocks = to_tree("::: callout\nOuter.\n\n::: callout\nInner.\n:::\n:::\n\nAfter.\n", Path("."))
    assert len(blocks) == 2 and isinstance(blocks[0], Div) and plain_text(blocks[1].children) == "After."
    outer = blocks[0].children
    assert plain_text(outer[0].children) == "Outer." and isinstance(outer[1], Div)
    assert plain_text(outer[1].children[0].children) == "Inner."
    code = to_tree("::: callout\n```\n:::\n```\n:::\n", Path("."))
    assert isinstance(code[0], Div) and isinstance(code[0].children[0], CodeBlock) and code[0].children[0].text == ":::"
    assert nest_fences("::: a\nx\n:::\n") == "::: a\nx\n:::\n"  # nothing nested: as written
    assert nest_fences("::: a\n::: b\n:::\n:::") == ":::: a\n::: b\n:::\n::::"


def _page_holding(out: Path, text: str):
    """The first page of the built PDF whose text holds ``text``: its words by their text, its rectangles and
    lines, and its width."""
    import pdfplumber

    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        page = next(p for p in pdf.pages if text in p.extract_text())
        return {w["text"]: w for w in page.extract_words()}, page.rects + page.lines, page.width


def test_what_a_box_holds_stays_inside_it(make_dossier, tmp_path):
    """A table and a callout inside a callout are as wide as the box's inside, not the page's (they ran out
    of its right side)."""
    body = ("In the callout [@pub].\\n\\n::: callout\\nCounted:\\n\\n| Site | Dead fish |\\n|---|--:|\\n| Outfall | 3,400 |"
            "\\n\\n::: callout\\nInner box.\\n:::\\n:::\\n")
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    words, shapes, _ = _page_holding(out, "Inner box.")
    fills = [r for r in shapes if r["object_type"] == "rect" and r.get("fill")]
    box = max((r for r in fills if r["top"] <= words["Counted:"]["top"] <= r["bottom"]), key=lambda r: r["width"])
    inner = [r for r in fills if r is not box and box["top"] <= r["top"] and r["bottom"] <= box["bottom"] + 1]
    assert inner, fills  # the table's header row and the inner box, drawn inside the outer box
    assert all(r["x1"] <= box["x1"] - 5 for r in inner), (box, inner)
    assert words["3,400"]["x1"] <= box["x1"] - 5


def test_a_table_in_a_list_item_stays_inside_the_margins(make_dossier, tmp_path):
    """A table in a list item is as wide as the item, not the page: it ran past the right margin by the list's
    indent."""
    body = ("A list [@pub].\\n\\n- An item holding a table:\\n\\n  | Site | Dead fish |\\n  |---|--:|\\n"
            "  | Outfall | 3,400 |\\n\\n- A second item.\\n\\nAfter the list.")
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    words, shapes, width = _page_holding(out, "3,400")
    top, bottom = words["Site"]["top"] - 5, words["3,400"]["bottom"] + 5
    edges = [r["x1"] for r in shapes if top <= r["top"] <= bottom]
    right = width - 22 * 72 / 25.4  # the built-in theme's right margin
    assert edges and max(edges) <= right + 0.5, (max(edges), right)
    assert words["3,400"]["x1"] <= right + 0.5
    assert min(edges) > words["After"]["x0"] + 10  # and it is indented with its item


@pytest.mark.parametrize("length", [2400, 3100])
def test_a_table_cell_longer_than_a_page_splits_across_pages(make_dossier, tmp_path, length):
    """A testimony in a table cell, longer than a page: the row splits, its header repeated on each page (the
    layout stopped with ReportLab's LayoutError: an internal error, and no brief)."""
    import pdfplumber

    # At these lengths a page's part fits the column's width but not the cell's, padding aside: it would not split.
    words = "word0 " + "river " * length + "word2499"
    body = f"A long cell [@pub].\\n\\n| Testimony | Date |\\n|---|---|\\n| {words} | 2019 |\\n\\nAfter the table."
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    holding = [i for i, text in enumerate(pages) if "river" in text]
    assert len(holding) >= 3, len(holding)
    assert all("Testimony" in pages[i] for i in holding)  # the header on every page the row runs over
    text = " ".join(pages)
    assert "word0 " in text and "word2499" in text and "After the table." in text


def test_a_figure_is_the_same_size_in_both_formats(make_dossier, tmp_path):
    """A tall image is printed at most half the text area high, its proportions kept, in the PDF and in Word
    alike (Word set every figure 14 cm wide, so a tall photograph filled the page and more)."""
    import re
    import zipfile

    import pdfplumber

    body = "The outfall [@pub].\\n\\n![The outfall from the bank](tall.png)"
    out = build_finding(make_dossier, tmp_path, body, images={"tall.png": (200, 900)})
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        [img] = [i for p in pdf.pages for i in p.images]
        text_height = pdf.pages[0].height - 2 * 60  # the text area, margins aside (at least 60 pt each)
    assert abs(img["width"] / img["height"] - 200 / 900) < 0.01 and img["height"] <= 0.5 * text_height
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    [(cx, cy)] = [(int(a), int(b)) for a, b in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"/>', xml)]
    assert abs(cx / 12700 - img["width"]) < 1 and abs(cy / 12700 - img["height"]) < 1  # EMU: 12,700 a point


def test_a_finding_s_headings_go_under_its_title(make_dossier, tmp_path):
    """Headings in a finding's body (``{{ f.body | under(3) }}`` in the built-in templates) nest under the
    finding's title: the shallowest one level below it, the others keeping their distance, at most 6, code
    left alone. Written ``## Background``, a body's heading was a section of the brief's own, as large as
    "Findings", in the page, the PDF's outline and tags, and Word's navigation."""
    import zipfile

    import pikepdf

    from briefgen.render.fences import headings_under

    assert headings_under("## A\n\ntext\n\n### B\n\n```\n## code\n```\n##### C", 3) == \
        "#### A\n\ntext\n\n##### B\n\n```\n## code\n```\n###### C"
    assert headings_under("No heading at all.", 2) == "No heading at all."
    body = "Before [@pub].\\n\\n## Background\\n\\nWhat came first.\\n\\n### Detail\\n\\nA detail."
    out = build_finding(make_dossier, tmp_path, body, title="The river")
    with pikepdf.open(out / "mini-inner.pdf") as pdf:
        with pdf.open_outline() as outline:
            def find(items, title):
                for item in items:
                    if title in str(item.title):
                        return item
                    hit = find(item.children, title)
                    if hit is not None:
                        return hit
            finding = find(outline.root, "The river")
            assert [str(c.title) for c in finding.children] == ["Background"]
            assert [str(c.title) for c in finding.children[0].children] == ["Detail"]
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    styles = {text: style for style, text in re.findall(r'<w:pStyle w:val="(Heading\d)"/>.*?<w:t[^>]*>([^<]*)</w:t>', xml)}
    assert styles["Background"] == styles["Detail"] == "Heading4" and styles["1. The river"] == "Heading3"


def test_a_box_split_at_a_figure_builds(make_dossier, tmp_path):
    """A callout whose page ends at its figure (an image kept together with its caption) goes on on the next
    page, the figure whole there. The box measured the figure without the canvas and then took ReportLab's
    "go to the next frame" for a part of itself: an internal error, no brief."""
    filler = "The river carried the discharge past the village, and the fishers counted what they found. "
    parts = []
    for k in range(2, 26, 3):  # boxes of different lengths: some page ends at a figure
        parts.append("::: callout\\n" + "".join(f"{filler * 2}\\n\\n" for _ in range(k))
                     + "![The outfall, seen from the bank](tall.png)\\n\\nAfter the figure.\\n:::\\n\\n")
    body = "Seen from the bank [@pub].\\n\\n" + "".join(parts)
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf", images={"tall.png": (300, 500)})
    assert pdf_text(out / "mini-inner.pdf").count("After the figure.") == 8


def test_a_heading_in_a_box_stays_with_what_it_heads(make_dossier, tmp_path):
    """A box split across pages does not leave a heading at the foot of a page: it goes on with the figure it
    heads (it stood alone above the page's notes, its figure on the next page)."""
    from pypdf import PdfReader

    filler = "The river carried the discharge past the village, and the fishers counted what they found. "
    parts = []
    for k in range(1, 25, 2):  # boxes of different lengths: some page ends at a heading
        parts.append("::: callout\\n" + "".join(f"{filler}\\n\\n" for _ in range(k))
                     + f"### Box heading {k}\\n\\n![Caption {k} of the outfall](tall.png)\\n:::\\n\\n")
    body = "Seen from the bank [@pub].\\n\\n" + "".join(parts)
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf", images={"tall.png": (300, 400)})
    pages = [p.extract_text() for p in PdfReader(out / "mini-inner.pdf").pages]
    for k in range(1, 25, 2):
        [page] = [i for i, t in enumerate(pages) if f"Box heading {k}\n" in t + "\n"]
        assert f"Caption {k} of" in pages[page], (k, page)


def test_table_columns_take_the_room_their_text_needs(make_dossier, tmp_path):
    """A timeline's years and sources keep to one line and its events take the rest of the width: every column
    was as wide as every other, which left the sentences a third of the page."""
    event = "Mass detentions begin in facilities described as vocational education and training centres " * 3
    body = (f"A timeline [@pub].\\n\\n| Year | Event | Source |\\n|---|---|---|\\n| 2017 | {event} | China Cables |\\n"
            f"| 2022 | The Xinjiang Police Files are published. | BBC |\\n")
    out = build_finding(make_dossier, tmp_path, body, "-f", "pdf")
    words, _, width = _page_holding(out, "Cables")
    year, event_head, source = words["Year"], words["Event"], words["Source"]
    assert event_head["x0"] - year["x0"] < 0.12 * width  # the years' column: as wide as a year and its padding
    assert words["China"]["top"] == words["Cables"]["top"]  # a short cell on one line
    assert source["x0"] - event_head["x0"] > 0.6 * width  # the events' column: most of the width


def test_a_table_row_of_a_few_lines_is_not_cut_by_the_page_end(make_dossier, tmp_path):
    """A row shorter than half a page that does not fit at the foot of a page goes to the next one whole (it
    was cut after its first lines, its cells continued on the next page); a row taller than that still
    splits (test_a_table_cell_longer_than_a_page_splits_across_pages)."""
    import pdfplumber

    parts = []
    for k in range(14):  # tables starting at many heights on the pages: some of them at a page's foot
        filler = " ".join(f"filler{k}" for _ in range(12 * (k + 1)))
        cell = " ".join(f"row{k}x{i}" for i in range(40))
        parts.append(f"{filler}\\n\\n| Witness | Account |\\n|---|---|\\n| W{k} | {cell} |\\n")
    out = build_finding(make_dossier, tmp_path, "Tables [@pub].\\n\\n" + "\\n".join(parts), "-f", "pdf")
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        pages = [p.extract_text() for p in pdf.pages]
    assert len(pages) >= 4
    for k in range(14):
        holding = {i for i, text in enumerate(pages) if f"row{k}x" in text}
        assert len(holding) == 1, (k, holding)


def test_a_table_of_many_columns_builds_and_one_word_cannot_hold_is_an_error(make_dossier, tmp_path):
    """Sixty columns (a count per month, pasted from a spreadsheet): the cells' padding left no room and the
    PDF layout stopped (an internal error); they are set with less padding, every value printed. Sixty-four
    is more than a Word table holds: an error at the finding's body, which says what to do."""

    def table(n: int) -> str:
        return (f"Counts [@pub].\\n\\n| {' | '.join(f'm{i}' for i in range(n))} |\\n|{'---|' * n}\\n"
                f"| {' | '.join(str(100 + i) for i in range(n))} |\\n")

    out = build_finding(make_dossier, tmp_path, table(60))
    text = pdf_text(out / "mini-inner.pdf")
    assert all(str(100 + i) in "".join(text.split()) for i in range(60))
    assert all(f"m{i}" in docx_text(out / "mini-inner.docx") for i in range(60))
    # In Word its cells keep room for text: the style's margins (80 twips a side) were wider than a column of
    # 60 (156 twips), and LibreOffice drew every cell empty.
    xml = docx_parts(out / "mini-inner.docx")["word/document.xml"].decode()
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml.split('w:val="BriefTable"')[1])[:60]]
    margins = re.search(r'<w:tblCellMar><w:left w:w="(\d+)" w:type="dxa"/><w:right w:w="(\d+)"', xml)
    assert margins and min(grid) - int(margins[1]) - int(margins[2]) >= 0.75 * min(grid), (grid[:3], margins)
    findings = f'- {{id: f, title: T, summary: S, confidence: reported, body: "{table(64)}"}}\n'
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": findings}, name="wide")
    r = run_cli("check", root)
    assert r.returncode == 1 and "findings.yaml:1:" in r.stderr and "a table of 64 columns" in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_a_link_whose_address_holds_quotation_marks_loses_nothing():
    """The parser writes a link's address percent-encoded ("2" becomes %222%22): the check that no word is
    lost took the 2 of ``?z="2"`` for a lost word, and the build failed."""
    blocks = to_tree('See [the register](https://example.org/x?y=1&z="2").', Path("."))
    assert plain_text(blocks[0].children) == "See the register."


def test_a_photograph_in_a_table_cell_is_printed_and_described(make_dossier, tmp_path):
    """A table of people with their photographs (as the police files show detainees): the image a cell holds
    alone is printed in the cell in both formats, at most 35 by 45 mm, with its description as alternative
    text (the PDF's Figure, Word's descr), not as text beside it. Both printed the description instead, and
    a Word figure had no alternative text at all."""
    import zipfile

    import pikepdf
    from test_tagged import _elements

    body = ("Detainees [@pub].\\n\\n| Photograph | Name |\\n|---|---|\\n"
            "| ![A man in a blue shirt against a wall](face.png) | Ahmat |\\n\\n![The camp gate](gate.png)")
    out = build_finding(make_dossier, tmp_path, body, images={"face.png": (400, 500), "gate.png": (600, 300)})
    with pikepdf.open(out / "mini-inner.pdf") as pdf:
        sizes = [(img.Width, img.Height) for page in pdf.pages for img in page.resources.XObject.values()
                 if img.get("/Subtype") == "/Image"]
        alts = [str(e.get("/Alt")) for _, e in _elements(pdf) if e.get("/S") == "/Figure"]
    assert (400, 500) in sizes and (600, 300) in sizes
    assert "A man in a blue shirt against a wall" in alts and "The camp gate" in alts
    assert "A man in a blue shirt" not in pdf_text(out / "mini-inner.pdf")
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    at = xml.index("Ahmat")
    table = xml[xml.rindex("<w:tbl>", 0, at):xml.index("</w:tbl>", at)]
    assert 'descr="A man in a blue shirt against a wall"' in table and "<w:t>A man in a blue" not in table
    assert 'descr="The camp gate"' in xml



def test_a_link_to_a_heading_leads_there_and_one_to_nowhere_is_text(make_dossier, tmp_path):
    """``[the findings](#findings)`` leads to the heading "Findings" in both formats (pandoc's identifiers);
    a link to a heading the brief lacks is printed as its text: the PDF writer stopped (ReportLab's
    "undefined destination target", an internal error), and Word linked outside the file."""
    import zipfile

    import pikepdf

    out = build_finding(make_dossier, tmp_path, "See [the findings](#findings) and [nowhere](#no-such-part) [@pub].")
    with pikepdf.open(out / "mini-inner.pdf") as pdf:
        inside = [a.Dest for page in pdf.pages for a in page.get("/Annots", [])
                  if a.get("/Subtype") == "/Link" and "/Dest" in a]
        heading = next(i for i, text in enumerate(_page_texts(out)) if "Findings" in text)
        assert len(inside) == 2  # the note's number, and the link to the heading, on the heading's page
        assert any(d[0].objgen == pdf.pages[heading].objgen for d in inside)
    assert "See the findings and nowhere" in pdf_text(out / "mini-inner.pdf")
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert 'w:anchor="h_findings"' in xml and 'w:name="h_findings"' in xml
    assert "no-such-part" not in xml and "#findings" not in rels and "nowhere" in docx_text(out / "mini-inner.docx")


def test_reference_style_links_build_and_link(make_dossier, tmp_path):
    """Markdown's reference links (``[the register][reg]`` with ``[reg]: https://...`` below, as journalists
    write them): the label is no word of the brief, and the build failed as "1 word would be lost ('reg')".
    Collapsed and shortcut forms and labels in another case link too; an undefined label stays text."""
    import zipfile

    import pikepdf

    body = ("The [city register][Reg] lists demolitions, as does [the gazette][] and [notices]. "
            "A [ghost][nowhere] stays text [@pub].\\n\\n"
            "[reg]: https://example.org/register 'The register'\\n"
            "[the gazette]: https://example.org/gazette\\n"
            "[NOTICES]: <https://example.org/notices>\\n")
    out = build_finding(make_dossier, tmp_path, body)
    text = pdf_text(out / "mini-inner.pdf")
    assert "The city register lists demolitions, as does the gazette and notices." in text
    assert "A [ghost][nowhere] stays text" in text and "example.org/register" not in text
    with pikepdf.open(out / "mini-inner.pdf") as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A}
    assert {"https://example.org/register", "https://example.org/gazette", "https://example.org/notices"} <= uris
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    assert all(f'Target="https://example.org/{page}"' in rels for page in ("register", "gazette", "notices"))


def _page_texts(out: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(out / "mini-inner.pdf").pages]


def test_what_is_written_in_code_is_printed_not_checked(make_dossier, tmp_path):
    """A log excerpt or a message as it was sent, in code: its "[@user]", "![x](file)", "[a](javascript:...)"
    and "<!--" are printed as written, so check does not read them as citations, images, links or comments
    (it refused the build: "citation key '@user' matches no source", "image not found"). Outside code the
    same text is still checked."""
    body = ("It was posted [@pub].\\n\\nIn code, `[@nosuchkey]` and `![x](missing.png)` are text.\\n\\n"
            "```\\nA log: [@nosuchkey] ![x](missing.png) [bad](javascript:alert(1)) <!-- open\\n```\\n\\n"
            "- an item:\\n\\n  ~~~\\n  [@listnokey]\\n  ~~~\\n\\n> ```\\n> [@quotenokey]\\n> ```")
    out = build_finding(make_dossier, tmp_path, body)
    text = pdf_text(out / "mini-inner.pdf")
    for written in ("[@nosuchkey]", "![x](missing.png)", "[bad](javascript:alert(1))", "<!-- open", "[@listnokey]",
                    "[@quotenokey]"):
        assert written in text, written
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- {id: f, title: T, summary: S, confidence: reported, "
                                          "body: 'Outside code [@nosuchkey] is checked [@pub].'}\n"}, name="e")
    result = run_cli("check", root)
    assert result.returncode == 1 and "citation key '@nosuchkey' matches no source" in result.stderr


@pytest.mark.parametrize("items", [["0. zero", "1. one"], ["999999. big", "1000000. bigger"],
                                   [f"{n}. item{n}" for n in range(98, 140)]])
def test_a_list_keeps_its_numbers_and_they_stay_clear_of_its_text(make_dossier, tmp_path, items):
    """A list numbered from 0 was numbered from 1; a number of three digits or more ran into its item's text in
    the PDF (ReportLab's list and briefgen's own set the text where a two-digit number ends). The numbers
    print as written, and each item's text starts after its number, in a list of single paragraphs and one of
    more (more than 30 items go item by item)."""
    import pdfplumber

    body = "Listed [@pub].\\n\\n" + "\\n".join(items)
    out = build_finding(make_dossier, tmp_path, body)
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
    for item in items:
        number, text = item.split(" ", 1)
        at = next((i for i, w in enumerate(words) if w["text"] == number and words[i + 1]["text"] == text), None)
        assert at is not None, [w["text"] for w in words]
        assert words[at]["x1"] + 2 < words[at + 1]["x0"], (item, words[at], words[at + 1])
    word = docx_text(out / "mini-inner.docx")
    assert all(item.split(" ", 1)[1] in word for item in items)
    first = int(items[0].split(".")[0])
    if first < 32767:  # Word's numbering, from the list's start
        numbering = docx_parts(out / "mini-inner.docx")["word/numbering.xml"].decode()
        assert f'<w:startOverride w:val="{first}"/>' in numbering
    else:  # past what Word's numbering holds (LibreOffice showed 999999 as 16959): the numbers as written
        assert all(item.replace(" ", "\u00a0", 1) in word for item in items), word


def test_a_short_quote_stays_on_one_page_with_its_attribution(make_dossier, tmp_path):
    """The briefing note sets a finding's quote as the words, then "— speaker" below: the words at the foot of
    a page and "— A guard" alone overleaf read as no one's. A short quote is held on one page; with findings of
    every length, some quotes once straddled a page break."""
    findings = "".join(
        f"- id: f{i}\n  title: Finding {i}\n  summary: S.\n  confidence: reported\n"
        f"  body: '{SENTENCE * (3 + (i * 7) % 13)}[@pub]'\n"
        f"  quotes: [{{text: Quote number {i} was said at the gate, speaker: Speaker {chr(65 + i) * 2} Jr, "
        f"source: pub}}]\n"
        for i in range(24))
    page = _pages_of(make_dossier, tmp_path, findings)
    for i in range(24):
        words, speaker = page(f"Quote number {i} was said"), page(f"Speaker {chr(65 + i) * 2} Jr")
        assert words == speaker, (i, words, speaker)


SENTENCE = "The register lists the homes demolished in the district that spring. "


def _pages_of(make_dossier, tmp_path, findings: str):
    """Build the inner audience's PDF of the minimal dossier with ``findings``: a function giving the number of
    the page that holds a text."""
    from pypdf import PdfReader

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "inner", "-f", "pdf")
    assert result.returncode == 0, result.stderr
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out / "mini-inner.pdf").pages]
    return lambda text: next(n for n, p in enumerate(pages) if text in p)


def test_a_list_forty_deep_is_printed_whole(make_dossier, tmp_path):
    """Lists nested 20 deep failed ("words would be lost ... nested more than 40 deep?", at the audience's line),
    though 40 is the documented limit: markdown-it counts a list twice. Forty deep, every item is printed, the
    levels past the twelfth flat inside it (each level indented further, the PDF's ran off the page)."""
    from pypdf import PdfReader

    body = "Listed [@pub].\\n\\n" + "\\n".join("  " * i + f"- level{i}" for i in range(40)) + "\\n\\nAfter it."
    out = build_finding(make_dossier, tmp_path, body)
    pdf = " ".join(p.extract_text() for p in PdfReader(out / "mini-inner.pdf").pages)
    word = docx_text(out / "mini-inner.docx")
    for text in (pdf, word):
        assert all(f"level{i}" in text for i in range(40)) and "After it." in text
    xml = docx_parts(out / "mini-inner.docx")["word/document.xml"].decode()
    assert max(int(x) for x in re.findall(r'<w:ind w:left="(\d+)"', xml)) <= 360 * 13


def test_a_template_cannot_exhaust_the_machine(make_dossier, monkeypatch):
    """A partner's template could stop every build: {{ "x" * 100000000 }} ran for minutes, loops inside loops
    over large ranges for hours (check was killed with nothing said). Both are errors at the template's line."""
    import time

    from briefgen.errors import BriefgenError
    from briefgen.render import templating

    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n",
        "templates/press.md.j2": TEMPLATE + '{{ "x" * 100000000 }}\n',
    })
    result = run_cli("check", root)
    assert result.returncode == 1 and "templates/press.md.j2:" in result.stderr and "a text or list of " \
        "100,000,000 characters or items is more than a template may make" in result.stderr, result.stderr
    monkeypatch.setattr(templating, "MAX_SECONDS", 1)
    template = root / "templates" / "press.md.j2"
    template.write_text("Start.\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                        "{% endfor %}\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(BriefgenError) as caught:
        templating.render_template("press", {}, root)
    assert time.monotonic() - started < 30
    message = caught.value.diagnostics[0]
    assert "still rendering after 1 s, and stopped" in message.message and message.pos.file == template


def test_a_findings_heading_goes_with_the_list_its_body_opens_with(make_dossier, tmp_path):
    """ReportLab keeps a heading with the flowable after it, but not with a list (a container): a finding
    whose body opens with a list of several paragraphs left its heading and evidence line at the foot of one
    page, its list on the next. With findings of every length, some headings once fell there."""
    findings = "".join(
        f"- id: f{i}\n  title: Finding number {chr(65 + i) * 3}\n  summary: S.\n  confidence: reported\n"
        f"  body: |\n    1. First item {chr(65 + i) * 3} of a list [@pub]\n\n       with a second paragraph.\n"
        f"    2. Second item\n       - and a point below it\n\n    {SENTENCE * (2 + (i * 5) % 11)}\n"
        for i in range(20))
    page = _pages_of(make_dossier, tmp_path, findings)
    for i in range(20):
        name = chr(65 + i) * 3
        heading, item = page(f"Finding number {name}"), page(f"First item {name}")
        assert heading == item, (name, heading, item)


def test_a_list_numbered_with_parentheses_keeps_them(make_dossier, tmp_path):
    """"1) first" (CommonMark's other ordered list) was numbered "1." in both formats."""
    import pdfplumber

    out = build_finding(make_dossier, tmp_path, "Listed [@pub].\\n\\n1) first\\n2) second")
    with pdfplumber.open(out / "mini-inner.pdf") as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
    assert "1)" in words and "2)" in words and words[words.index("1)") + 1] == "first", words
    word = docx_text(out / "mini-inner.docx")
    assert "1)\u00a0first" in word and "2)\u00a0second" in word, word


def test_a_long_table_with_a_note_in_each_row_is_measured_once_and_set_whole(make_dossier, tmp_path, monkeypatch):
    """A table of 300 rows with a note in each (a list of names from a leaked spreadsheet): the PDF writer
    measured every cell of the table again at each split it tried on each page (31 times a cell) and placed
    the table once for each number of its notes a page might hold (1,793 placings for 17 pages); the Word
    writer had python-docx list every row to find each one (90,902 row objects). A table of 1,600 rows took
    24 s to build, 4.5 s now. And each page shows the table's header once."""
    from docx import table as docx_table
    from reportlab.platypus import frames, tables

    from briefgen import api

    counts = {"measured": 0, "placed": 0, "word rows": 0}

    def counted(cls, name, what):
        real = getattr(cls, name)

        def call(self, *args, **kw):
            counts[what] += 1
            return real(self, *args, **kw)
        monkeypatch.setattr(cls, name, call)

    counted(tables.Table, "_listCellGeom", "measured")  # a cell's content measured (or drawn)
    counted(frames.Frame, "_add", "placed")  # a flowable offered to a page
    counted(docx_table._Row, "__init__", "word rows")
    rows = 300
    table = "| Name | Held at | Since |\n|---|---|---|\n" + "".join(
        f"| Person {i} | Camp {i % 7} [@pub, p. {i}] | 2018 |\n" for i in range(rows))
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": f"- {{id: f, title: T, summary: S, confidence: reported, body: {table!r}}}\n"
                                          .replace("'", '"')})
    api.build(root, audiences=["inner"], jobs=1, out=tmp_path / "out")
    cells = 3 * (rows + 1)
    assert counts["measured"] <= 4 * cells, counts  # measured once and drawn once, a few split across pages
    assert counts["placed"] < rows, counts
    assert counts["word rows"] <= rows + 1, counts
    text = pdf_text(tmp_path / "out" / "mini-inner.pdf")
    assert all(f"Person {i}" in text for i in range(rows))
    assert f"p. {rows - 1}" in text  # its last note
    # Its header once a page: a part that fitted with its notes was taken short, leaving room its notes did not
    # take, and the rest went on on the same page under the header again (four times on a page).
    import pdfplumber

    with pdfplumber.open(tmp_path / "out" / "mini-inner.pdf") as pdf:
        headers = [page.extract_text().splitlines().count("Name Held at Since") for page in pdf.pages]
    assert max(headers) == 1 and sum(headers) >= 8, headers
    assert f"Person {rows - 1}" in docx_text(tmp_path / "out" / "mini-inner.docx")


def test_a_long_quote_with_notes_is_measured_about_once_a_paragraph(make_dossier, tmp_path, monkeypatch):
    """A testimony of 200 paragraphs quoted with a note in each: the quote's box (a one-cell table) was
    measured whole at each number of notes a page might hold, and again at each split tried (1,133 measures;
    1,000 paragraphs took 10.6 s, now 3.5 s)."""
    from reportlab.platypus import tables

    from briefgen import api

    measured = []
    real = tables.Table._calc
    monkeypatch.setattr(tables.Table, "_calc", lambda self, w, h: measured.append(1) or real(self, w, h))
    paragraphs = 200
    quote = "\n>\n".join(f"> Witness paragraph {i}, as told [@pub, p. {i}]." for i in range(paragraphs))
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": f"- {{id: f, title: T, summary: S, confidence: reported, body: {quote!r}}}\n"
                                          .replace("'", '"')})
    api.build(root, audiences=["inner"], formats=["pdf"], jobs=1, out=tmp_path / "out")
    assert len(measured) <= 2 * paragraphs
    text = pdf_text(tmp_path / "out" / "mini-inner.pdf")
    assert all(f"Witness paragraph {i}," in text for i in range(paragraphs))
