"""Shared fixtures: the sample built once per session through the real CLI, and a small-dossier factory."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "briefs" / "xinjiang-police-files"
EPOCH = "1764000000"  # 2025-11-24T16:00:00Z


def run_cli(*args, cwd=None, env_extra=None):
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env_extra or {})}  # env_extra may set its own epoch
    if cwd is None:  # as a user runs it: from the folder that holds the dossier (messages name "d/...")
        dossiers = [Path(a) for a in args if isinstance(a, Path) and (Path(a) / "dossier.yaml").is_file()]
        # Else from the tests folder: either way the installed package is used rather than the source tree.
        cwd = dossiers[0].resolve().parent if dossiers else Path(__file__).parent
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-out")
    result = run_cli("build", SAMPLE, "--out", out)
    assert result.returncode == 0, result.stderr
    return out, result


@pytest.fixture(scope="session")
def sample_evidence():
    from briefgen.load import load

    return load(SAMPLE)


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def pdf_raw_streams(path: Path) -> bytes:
    """Every object of the PDF, streams decompressed, as bytes (for leak checks)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(path)
    chunks = [repr(reader.metadata).encode()]
    for gen, objects in reader.xref.items():
        for num in objects:
            obj = reader.get_object(IndirectObject(num, gen, reader))
            if isinstance(obj, StreamObject):
                chunks.append(obj.get_data())
            chunks.append(repr(obj).encode())
    assert len(chunks) > 10, "no objects read"
    return b"\n".join(chunks)


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = []
    for block in d.iter_inner_content():  # paragraphs and tables, in the document's order
        if isinstance(block, docx.table.Table):
            for row in block.rows:
                parts.extend(c.text for c in row.cells)
        else:
            parts.append(block.text)
    return "\n".join(parts)


def docx_notes_text(path: Path, part: str = "word/footnotes.xml") -> list[str]:
    """The text of each real Word footnote (or endnote), in order of id, separators left out."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(docx_parts(path)[part])
    notes = [n for n in root if n.get(f"{w}type") is None]
    return ["".join(t.text or "" for t in n.iter(f"{w}t")).strip() for n in notes]


def letters_of(words) -> set[str]:
    """Each word as the letters it holds, sorted. LibreOffice 7.4's PDF maps a ligature glyph of IBM Plex Sans
    Arabic (لى ...) to its letters in an order pdftotext reverses ("ھۆججەتلىرى" reads "ھۆججەتلرىى"): a
    check on a LibreOffice PDF that every word is there compares words this way."""
    return {"".join(sorted(w)) for w in words}


def norm(text: str) -> str:
    """Whitespace collapsed, typographic quotes made straight and words hyphenated at a line's end (a soft
    hyphen, then the line break) joined, for comparing titles with output."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return " ".join(re.sub("\u00ad\\s*", "", text).translate(table).split())


@pytest.fixture
def make_dossier(tmp_path):
    """Write a small dossier from {relative path: YAML text}; returns its folder. Without an asks file it gets
    one ask addressed to every audience: the built-in briefing note and press release need one
    (their genre requirements, templates.md)."""

    def make(files: dict[str, str], name: str = "d") -> Path:
        root = tmp_path / name
        asks = asks_for(files.get("dossier.yaml", ""))
        if asks and not any(f.startswith("asks") for f in files):
            files = {**files, "asks.yaml": asks}
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make


MINIMAL_DOSSIER = """
id: mini
title: Minimal dossier
organisation: {name: Test Org, about: Test Org tests briefgen.}
date: 2026-01-15
marking: TLP:CLEAR
contacts: [{name: Press desk, email: press@example.org}]
audiences:
  public: {label: Public brief, template: press, clearance: TLP:CLEAR, citation_style: press, framing: {headline: Test Org publishes a test, hook: Test Org published a test today., quote: {name: Ann Tester, role: Tester, text: It works.}, call_to_action: Try it.}}
  inner: {label: Inner brief, template: diplomats, clearance: TLP:AMBER, NOTE_FRAMING}
""".replace("NOTE_FRAMING", "framing: {purpose: To test., key_messages: [It is a test.]}")

# What the built-in briefing note (``diplomats``) needs beside findings, for an audience's flow mapping (its
# key message cites nothing: a warning, uncited-key-message, where a dossier has no source to cite).
NOTE_FRAMING = "framing: {purpose: To test., key_messages: [It is a test.]}"


def asks_for(dossier_yaml: str) -> str:
    """An asks file with one ask addressed to every audience the dossier names ("" when it names none)."""
    import yaml

    try:
        names = list((yaml.safe_load(textwrap.dedent(dossier_yaml)) or {}).get("audiences") or {})
    except (yaml.YAMLError, AttributeError):
        return ""
    return f"- {{id: try-it, audiences: [{', '.join(names)}], text: Try the test.}}\n" if names else ""

MINIMAL_SOURCES = """
- id: pub
  type: report
  title: A public report
  author: [{literal: Public Body}]
  issued: 2024-03-01
  URL: https://example.org/report
- id: secret
  type: document
  title: Confidential witness statement
  author: [{literal: Witness W-7}]
  issued: 2024-04-02
  sensitivity: TLP:AMBER
"""


def assert_same_pixels(a: Path, b: Path, min_pages: int = 1, dpi: int = 60) -> int:
    """Every page of the PDF ``a`` renders (pdftoppm) to the same pixels as the same page of ``b``, and they
    have as many pages, at least ``min_pages``; their number. The test is skipped without poppler-utils."""
    import shutil

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pages = []
    for pdf in (a, b):
        prefix = pdf.with_name(pdf.stem + "-page")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True)
        pages.append(sorted(pdf.parent.glob(prefix.name + "-*.png")))
    assert len(pages[0]) == len(pages[1]) >= min_pages, (a.name, [len(p) for p in pages])
    for x, y in zip(*pages):
        assert x.read_bytes() == y.read_bytes(), x.name
    return len(pages[0])


def build_finding(make_dossier, tmp_path, body: str, *options, dossier: str = MINIMAL_DOSSIER, title: str = "T",
                  images: dict | None = None) -> Path:
    """Build the 'inner' audience of the minimal dossier whose one finding has ``body`` (Markdown written as a
    YAML double-quoted string: ``\\n`` for a line break) and ``title``; ``images``: name -> (width, height) of
    grey images to put beside it; ``options``: more of build's options ("-f", "pdf"). The output folder,
    holding mini-inner.pdf and .docx; the build must succeed."""
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": f'- {{id: f, title: {title}, summary: S, confidence: reported, '
                                          f'body: "{body}"}}\n'})
    if images:
        from PIL import Image

        for name, size in images.items():
            Image.new("RGB", size, (90, 90, 90)).save(root / name)
    out = tmp_path / "out"
    r = run_cli("build", root, "-a", "inner", *options, "--out", out)
    assert r.returncode == 0, r.stderr
    return out
