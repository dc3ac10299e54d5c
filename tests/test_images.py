"""Images as teams have them (phone photographs, print-ready CMYK, 16-bit scans) set the same in both formats:
upright, in colours a PDF/A file may hold, never crashing a writer (``writers/images.py``)."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, docx_text, run_cli
from PIL import Image, ImageDraw


def _images(folder):
    folder.mkdir(parents=True, exist_ok=True)
    photo = Image.new("RGB", (400, 100), (250, 200, 0))
    ImageDraw.Draw(photo).rectangle([0, 0, 40, 100], fill=(200, 0, 0))  # a red band at the left, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: show it turned 90 degrees clockwise
    photo.save(folder / "phone.jpg", "JPEG", exif=exif.tobytes())
    Image.new("CMYK", (300, 200), (0, 120, 200, 20)).save(folder / "print.jpg", "JPEG")  # no JFIF header
    Image.new("I;16", (300, 200), 30000).save(folder / "scan.png", "PNG")
    Image.new("RGB", (120, 80), (0, 90, 200)).save(folder / "plain.png", "PNG")
    buf = io.BytesIO()
    Image.new("RGB", (200, 100), (0, 100, 0)).save(buf, "JPEG")
    data = buf.getvalue()
    assert data[2:4] == b"\xff\xe0"  # its JFIF header (APP0), replaced by an Exif block cut short
    payload = b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x05" + b"\xff" * 30
    exif_block = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    (folder / "damaged.jpg").write_bytes(data[:2] + exif_block + data[4 + struct.unpack(">H", data[4:6])[0]:])


NAMES = ("phone.jpg", "print.jpg", "scan.png", "plain.png", "damaged.jpg")


@pytest.fixture
def built(make_dossier, tmp_path):
    """Both files of a brief whose finding shows each image, in its body and as a figure."""
    lines = ["- id: f", "  title: T", "  summary: S", "  confidence: reported", "  body: |",
             "    Images of every kind [@pub].", *(f"\n    ![{n} shows a test pattern](img/{n})" for n in NAMES),
             "  figures:", *(f"  - {{image: img/{n}, caption: Figure {n}, source: pub}}" for n in NAMES)]
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "\n".join(lines) + "\n"})
    _images(root / "img")
    out = tmp_path / "out"
    result = run_cli("build", root, "-a", "inner", "--out", out)
    assert result.returncode == 0, result.stderr  # it crashed the Word writer (a CMYK JPEG, a damaged Exif block)
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return out, result


def _pdf_images(path) -> list:
    pikepdf = pytest.importorskip("pikepdf")
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            images = page.get_images() if hasattr(page, "get_images") else page.images  # pikepdf 10.18 renamed it
            for _, xobject in images.items():
                found.append(pikepdf.PdfImage(xobject).as_pil_image())
    return found


def test_a_phone_photograph_is_upright_and_colours_are_rgb(built):
    out, _ = built
    pdf = _pdf_images(out / "mini-inner.pdf")
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        word = [Image.open(io.BytesIO(z.read(n))) for n in sorted(z.namelist()) if n.startswith("word/media/")]
    for images in (pdf, word):
        assert len(images) == 2 * len(NAMES) or len(images) == len(NAMES)
        photo = next(im for im in images if im.size in ((100, 400), (400, 100)))
        assert photo.size == (100, 400)  # turned as its Exif says
        top = photo.convert("RGB").getpixel((50, 10))
        assert top[0] > 150 and top[1] < 80, top  # the band stored at the left is now at the top
        assert all(im.mode in ("RGB", "L", "P", "1", "LA", "RGBA") for im in images), [im.mode for im in images]
        scan = next(im for im in images if im.size == (300, 200) and im.mode == "L")
        assert 100 < scan.getpixel((10, 10)) < 130  # 30000 of 65535, not clipped to white
        printed = next(im for im in images if im.size == (300, 200) and im.mode == "RGB")
        r, g, b = printed.getpixel((150, 100))
        assert r > 200 and 90 < g < 160 and b < 90, (r, g, b)  # the CMYK orange


def test_an_image_that_needs_nothing_is_embedded_as_it_is(built, tmp_path):
    out, _ = built
    with zipfile.ZipFile(out / "mini-inner.docx") as z:
        media = [z.read(n) for n in z.namelist() if n.startswith("word/media/")]
    plain = (tmp_path / "d" / "img" / "plain.png").read_bytes()
    assert plain in media


def test_pdf_with_cmyk_and_16_bit_images_passes_pdf_a(built):
    page = pytest.importorskip("page", reason="page-validation is not installed")
    out, _ = built
    report = page.validate_pdf(str(out / "mini-inner.pdf"), profile="3a",
                               limits=page.SafetyLimits(max_reference_depth=100_000))
    assert [f.rule_id for f in report.failures] == []


def test_an_image_changed_on_disk_is_made_again(tmp_path):
    """The preview builds in one process: an image replaced under the same name is not the one kept."""
    from briefgen.writers.images import prepared

    path = tmp_path / "print.jpg"
    Image.new("CMYK", (30, 20), (0, 120, 200, 20)).save(path, "JPEG")
    first = Image.open(prepared(str(path))).convert("RGB").getpixel((5, 5))
    Image.new("CMYK", (40, 20), (200, 0, 0, 0)).save(path, "JPEG")  # another image, another size
    second = Image.open(prepared(str(path)))
    assert second.size == (40, 20) and second.convert("RGB").getpixel((5, 5)) != first


@pytest.mark.parametrize("marker", ["-", "1."])
def test_a_figure_in_a_list_item_that_moves_to_the_next_page(make_dossier, tmp_path, marker):
    """A photograph alone in a list item, too tall for what is left of its page: ReportLab's list wrapped the
    figure's frame break in an indenter, and the build stopped ("_FrameBreak.wrap should never be called", an
    internal error). It now moves to the next page, with its caption and its list's other items."""
    from conftest import build_finding, pdf_text
    from pypdf import PdfReader

    out = build_finding(make_dossier, tmp_path, f"Before [@pub].\\n\\n{marker} ![A tall photograph](tall.png)\\n"
                        f"{marker} another item\\n\\nAfter.", images={"tall.png": (300, 700)})
    reader = PdfReader(out / "mini-inner.pdf")
    pages = [i for i, page in enumerate(reader.pages) if page.images]
    assert len(pages) == 1 and pages[0] > 0  # moved on, drawn once
    text = pdf_text(out / "mini-inner.pdf")
    assert text.index("Before") < text.index("A tall photograph") < text.index("another item") < text.index("After")
    assert "A tall photograph" in docx_text(out / "mini-inner.docx")


def test_image_file_names_as_commonmark_reads_them(make_dossier, tmp_path):
    """Names check and build read alike: in <angle brackets> with a space, percent-encoded, with parentheses
    and a title, upper-case extensions, other scripts. check reported "image not found: my" for
    ``![..](<my photo.png>)`` and "my%20photo.png" for the encoded one, and failed the build, while the
    renderer read both. ``](two words)`` is no image but text, as CommonMark reads it; a link in angle
    brackets with a space is a link."""
    from conftest import build_finding, pdf_text

    names = ["my photo.png", "PHOTO.PNG", "photo(1).png", "فوتو-照片.png"]
    body = ("Start [@pub].\\n\\n![In angle brackets](<my photo.png>)\\n\\n![Encoded](my%20photo.png)\\n\\n"
            "![Upper case](PHOTO.PNG)\\n\\n![Parentheses](photo(1).png 'A credit')\\n\\n"
            "![Another script](فوتو-照片.png)\\n\\n"
            "![Not an image](two words.png) and [a link](<https://example.org/a b>).")
    out = build_finding(make_dossier, tmp_path, body, images={n: (200, 120) for n in names})
    text = " ".join(pdf_text(out / "mini-inner.pdf").split())
    for caption in ("In angle brackets", "Encoded", "Upper case", "Parentheses", "A credit", "Another script"):
        assert caption in text, caption
    assert "![Not an image](two words.png)" in text and "a link" in text


def test_a_citation_in_a_figures_credit_is_refused_where_it_is_written(make_dossier, tmp_path):
    """A figure's credit (an image's title, or a finding's figure ``credit:``) is printed as written: "Photo:
    [@secret]" printed the key of a TLP:AMBER source in the TLP:CLEAR press release. check now refuses it at
    its line, in a body and in a finding's figures; a citation in the description is a citation (a note)."""
    from conftest import build_finding, pdf_text

    body = ("- {id: f, title: T, summary: S, confidence: reported,\n"
            "   body: \"Seen [@pub].\\n\\n![The site](site.png 'Photo: [@secret]')\"}\n")
    figures = ("- {id: g, title: T, summary: S, confidence: reported, body: 'Seen [@pub].',\n"
               "   figures: [{image: site.png, caption: The site, credit: 'Photo [@pub]'}]}\n")
    for findings, where in ((body, "d/findings.yaml:2:"), (figures, "d/findings.yaml:2:")):
        root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                             "findings.yaml": findings})
        Image.new("RGB", (200, 120), (90, 90, 90)).save(root / "site.png")
        result = run_cli("check", root)
        said = [ln for ln in result.stderr.splitlines() if ln.startswith(where) and "@" in ln and "credit" in ln]
        assert result.returncode == 1 and said and ("which a credit prints as written" in said[0]
                                                    or "credit is plain text" in said[0]), result.stderr
        assert run_cli("build", root, "-o", tmp_path / "no").returncode == 1 and not (tmp_path / "no").exists()
    out = build_finding(make_dossier, tmp_path,
                        "Seen [@pub].\\n\\n![The site, as described [@pub]](site.png 'A credit')",
                        images={"site.png": (200, 120)})
    text = pdf_text(out / "mini-inner.pdf")
    assert "The site, as described" in text and "A credit" in text and "[@pub]" not in text
