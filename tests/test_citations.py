"""Citations a fact-checker can follow: styles, the order of the list of sources, access dates and archived
copies as each style prints them, and attached files with their SHA-256, embedded where the audience allows."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest
from conftest import NOTE_FRAMING, SAMPLE, docx_notes_text, docx_text, norm, pdf_text, run_cli

from briefgen.cite.styles import STYLES
from briefgen.load import load
from briefgen.tree import Div, plain_text, walk


def _one_line(text: str) -> str:
    return " ".join(norm(text).split())


@pytest.mark.parametrize("audience", ["diplomats", "press"])
def test_sources_section_is_in_the_style_and_order(sample_build, audience):
    """The list of sources: every cited source once, sorted by author (or outlet), in both formats."""
    from briefgen.pipeline import final

    out, _ = sample_build
    ev = load(SAMPLE)
    _, doc = final(ev, audience)
    order = STYLES[ev.dossier.audiences[audience].citation_style][3]
    expected = sorted((ev.sources[k] for k in doc.sources_cited), key=order)
    assert [s.id for s in expected] == doc.sources_cited
    refs = []
    walk(doc.blocks, block_fn=lambda b: refs.extend(b.children) if isinstance(b, Div) and "references"
         in b.classes else None)
    full = [_one_line(plain_text([p])) for p in refs]
    assert len(full) == len(expected) and all(_one_line(s.title) in e for s, e in zip(expected, full))
    entries = [e[:60] for e in full]
    # As a reader sees it: the entries run in the alphabetical order of the words each begins with.
    leads = [re.split(r"[,.]|\u201d", e.lstrip("\u201c\"'"), maxsplit=1)[0].casefold().removeprefix("the ")
             for e in full]
    assert leads == sorted(leads), leads
    for fmt in ("pdf", "docx"):
        file = out / f"xinjiang-police-files-{audience}.{fmt}"
        text = _one_line(pdf_text(file) if fmt == "pdf" else docx_text(file))
        at = text.rindex("Sources ")
        for entry in entries:  # each entry found after the one before it
            found = text.find(entry, at)
            assert found > at, (fmt, entry)
            at = found


SOURCES = """
- id: undated-page
  type: webpage
  title: Detention facility list
  author: [{literal: Research Group}]
  URL: https://example.org/list
  accessed: 2026-11-20
  archive-url: https://web.archive.org/web/20261120000000/https://example.org/list
- id: dated-story
  type: article-newspaper
  title: The story
  author: [{family: Reporter, given: Rita}]
  container-title: Daily Paper
  issued: 2022-05-24
  URL: https://example.org/story
  accessed: 2026-11-21
"""

FINDINGS = """
- id: f
  title: A finding
  summary: One sentence.
  body: "First [@undated-page, p. 2]. Then [@dated-story]. Again [@undated-page, p. 5]."
  confidence: reported
"""


def _dossier(style: str, attach: bool = False) -> str:
    return f"""
id: cites
title: Citations
organisation: {{name: Test Org}}
date: 2026-01-15
audiences:
  a: {{label: A, template: diplomats, clearance: TLP:CLEAR, citation_style: {style}, attach_sources: {str(attach).lower()},
      {NOTE_FRAMING}}}
"""


@pytest.mark.parametrize("style,note,later,entry", [
    ("chicago-notes",
     # No date of its own: Chicago gives the access date; a dated source needs none.
     "Research Group, \u201cDetention facility list,\u201d n.d., p. 2, accessed November 20, 2026, https://example.org/list, "
     "archived at https://web.archive.org/web/20261120000000/https://example.org/list.",
     "Research Group, \u201cDetention facility list,\u201d p. 5.",
     "Reporter, Rita. \u201cThe story.\u201d Daily Paper, May 24, 2022. https://example.org/story."),
    ("press",
     "Research Group, \u201cDetention facility list\u201d, undated, p. 2, https://example.org/list (accessed 20 November "
     "2026), archived at https://web.archive.org/web/20261120000000/https://example.org/list.",
     "Research Group, \u201cDetention facility list\u201d, p. 5.",
     "Daily Paper, \u201cThe story\u201d, 24 May 2022, https://example.org/story (accessed 21 November 2026)."),
    ("author-date", "Research Group n.d., p. 2.", "Research Group n.d., p. 5.",
     "Research Group. n.d. \u201cDetention facility list.\u201d Accessed November 20, 2026. https://example.org/list. "
     "Archived at https://web.archive.org/web/20261120000000/https://example.org/list."),
])
def test_access_dates_and_archived_copies_as_each_style_prints_them(make_dossier, tmp_path, style, note, later,
                                                                     entry):
    root = make_dossier({"dossier.yaml": _dossier(style), "sources.yaml": SOURCES, "findings.yaml": FINDINGS})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    pdf = _one_line(pdf_text(out / "cites-a.pdf"))
    notes = [_one_line(n) for n in docx_notes_text(out / "cites-a.docx")]
    word = _one_line(docx_text(out / "cites-a.docx"))
    note, later, entry = _one_line(note), _one_line(later), _one_line(entry)
    assert notes[0] == note and notes[2] == later
    for text in (pdf, word):
        assert entry in text
    assert note in pdf and later in pdf


def _attachment_dossier(make_dossier, attach: bool):
    files = {
        "dossier.yaml": _dossier("chicago-notes", attach).replace(
            "audiences:\n", "audiences:\n  inner: {label: Inner, template: diplomats, clearance: TLP:AMBER,"
                            f" attach_sources: true, {NOTE_FRAMING}}}\n"),
        "sources.yaml": """
            - id: leak
              type: document
              title: Camp security protocol
              author: [{literal: Public security bureau}]
              issued: 2018-01-01
              attachment: files/protocol.txt
            - id: witness
              type: interview
              title: Interview with W-7
              author: [{literal: Witness W-7}]
              issued: 2024-04-02
              sensitivity: TLP:AMBER
              attachment: files/w7.txt
            """,
        "findings.yaml": """
            - {id: f, title: T, summary: S, body: "The protocol [@leak, doc. 3]. W-7 saw it [@witness].",
               confidence: reported}
            """,
    }
    root = make_dossier(files)
    (root / "files").mkdir()
    (root / "files" / "protocol.txt").write_bytes("Protocol text: guards shall ...\n".encode() * 50)
    (root / "files" / "w7.txt").write_bytes(b"Name of the witness: CONFIDENTIAL-W7\n")
    return root


def test_attachment_is_embedded_and_its_digest_printed(make_dossier, tmp_path):
    from pypdf import PdfReader

    root = _attachment_dossier(make_dossier, attach=True)
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    data = (root / "files" / "protocol.txt").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    reader = PdfReader(out / "cites-a.pdf")
    assert reader.attachments == {"protocol.txt": [data]}  # the CLEAR brief: never the witness's file
    printed = re.search(r"File: protocol\.txt, SHA-256 ([0-9a-f]{64})\.", _one_line(pdf_text(out / "cites-a.pdf")))
    assert printed and printed.group(1) == hashlib.sha256(reader.attachments["protocol.txt"][0]).hexdigest() == digest
    assert f"File: protocol.txt, SHA-256 {digest}." in _one_line(docx_text(out / "cites-a.docx"))
    for fmt in ("pdf", "docx"):
        raw = (out / f"cites-a.{fmt}").read_bytes()
        assert b"w7.txt" not in raw and b"CONFIDENTIAL-W7" not in raw
    inner = PdfReader(out / "cites-inner.pdf").attachments
    assert sorted(inner) == ["protocol.txt", "w7.txt"] and inner["w7.txt"] == [(root / "files/w7.txt").read_bytes()]
    if shutil.which("qpdf"):
        check = subprocess.run(["qpdf", "--check", str(out / "cites-inner.pdf")], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_without_attach_sources_the_digest_is_listed_but_nothing_embedded(make_dossier, tmp_path):
    from pypdf import PdfReader

    root = _attachment_dossier(make_dossier, attach=False)
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "a", "-f", "pdf").returncode == 0
    assert PdfReader(out / "cites-a.pdf").attachments == {}
    assert "File: protocol.txt, SHA-256 " in _one_line(pdf_text(out / "cites-a.pdf"))


def test_missing_attachment_names_file_and_line(make_dossier):
    root = _attachment_dossier(make_dossier, attach=True)
    (root / "files" / "w7.txt").unlink()
    result = run_cli("build", root)
    assert result.returncode == 1
    assert "d/sources.yaml:13:3: error: attachment not found: files/w7.txt" in result.stderr
    assert "Traceback" not in result.stderr and not (root / "build").exists()


def test_pinpoints_from_quotes_figures_asks_and_groups_reach_the_notes(make_dossier, tmp_path):
    """A quote's and a figure's source with their locators, an ask's citation and a group of several
    citations each become notes with their pinpoints, in both formats."""
    from PIL import Image

    root = make_dossier({
        "dossier.yaml": _dossier("chicago-notes"),
        "sources.yaml": SOURCES,
        "findings.yaml": """
            - id: f
              title: A finding
              summary: One sentence.
              body: "Both say so [see @dated-story, p. 4; @undated-page, sec. 2]."
              confidence: reported
              quotes:
                - {text: They shall be shot, speaker: A guard, source: dated-story, locator: para. 7}
              figures:
                - {image: fig.png, caption: A watchtower, credit: Research Group, source: undated-page,
                   locator: fig. 3}
            """,
        "asks.yaml": "- {id: ask, audiences: [a], text: 'Raise the list [@undated-page, p. 9].'}\n",
    })
    Image.new("RGB", (40, 30), "gray").save(root / "fig.png")
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    notes = [_one_line(n) for n in docx_notes_text(out / "cites-a.docx")]
    joined = " | ".join(notes)
    pdf = _one_line(pdf_text(out / "cites-a.pdf"))
    expected = [  # the ask is printed first, on page 1 of a briefing note: its source's first note is the full one
        _one_line("Research Group, \u201cDetention facility list,\u201d n.d., p. 9, accessed November 20, 2026"),
        _one_line("See Rita Reporter, \u201cThe story,\u201d Daily Paper, May 24, 2022, p. 4, https://example.org/story; "
                  "Research Group, \u201cDetention facility list,\u201d sec. 2."),
        _one_line("Reporter, \u201cThe story,\u201d para. 7."),
        _one_line("Research Group, \u201cDetention facility list,\u201d fig. 3."),
    ]
    for part in expected:
        assert part in joined, (part, notes)
        assert part in pdf, part


def test_a_citation_in_a_links_text_is_a_note_in_both_formats(make_dossier, tmp_path):
    """"[the story [@key]](https://...)": the parser took the citation for a link inside the link and printed
    the link as Markdown source; and Word wrote a link's text as plain text, dropping its note (the notes of
    the PDF and Word then numbered differently). Now the link links, its note is inside it, in both."""
    from conftest import docx_parts
    from pypdf import PdfReader

    root = make_dossier({
        "dossier.yaml": _dossier("chicago-notes"),
        "sources.yaml": SOURCES,
        "findings.yaml": """
            - id: f
              title: A finding
              summary: One sentence.
              body: "As [*the story* [@dated-story, p. 4]](https://example.org/read) says, and [@undated-page]."
              confidence: reported
            """,
    })
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    pdf = _one_line(pdf_text(out / "cites-a.pdf"))
    assert "As the story1 says, and.2" in pdf, pdf
    assert "](" not in pdf and "[" not in pdf
    uris = [a.get_object().get("/A", {}).get("/URI") for page in PdfReader(out / "cites-a.pdf").pages
            for a in page.get("/Annots", [])]
    assert "https://example.org/read" in uris
    xml = docx_parts(out / "cites-a.docx")["word/document.xml"].decode()
    link = re.search(r"<w:hyperlink r:id=\"rId\d+\">(.*?)</w:hyperlink>", xml).group(1)
    assert "<w:i/>" in link and "the story" in link and "Reference" in link and 'w:id="1"' in link, link
    notes = [_one_line(n) for n in docx_notes_text(out / "cites-a.docx")]
    assert notes[0].startswith("Rita Reporter") and "p. 4" in notes[0] and notes[1].startswith("Research Group")


def test_attachments_of_the_same_name_are_both_embedded(make_dossier, tmp_path):
    """Two sources may attach files of one name: the PDF's list of files needs a distinct name for each."""
    from pypdf import PdfReader

    root = make_dossier({
        "dossier.yaml": _dossier("chicago-notes", attach=True),
        "sources.yaml": """
            - {id: one, type: document, title: First protocol, author: [{literal: Bureau A}], issued: 2018,
               attachment: a/protocol.txt}
            - {id: two, type: document, title: Second protocol, author: [{literal: Bureau B}], issued: 2018,
               attachment: b/protocol.txt}
            """,
        "findings.yaml": "- {id: f, title: T, summary: S, body: 'Both [@one; @two].', confidence: reported}\n",
    })
    for folder, text in (("a", b"first\n"), ("b", b"second\n")):
        (root / folder).mkdir()
        (root / folder / "protocol.txt").write_bytes(text)
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-f", "pdf").returncode == 0
    files = PdfReader(out / "cites-a.pdf").attachments
    assert sorted(files) == ["protocol (2).txt", "protocol.txt"]
    assert sorted(data for v in files.values() for data in v) == [b"first\n", b"second\n"]


def _source(**fields):
    from briefgen.load.sources import Source

    return Source.model_validate({"id": "s", "type": "article-journal", "title": "T", **fields})


def _text(inlines) -> str:
    from briefgen.tree import Para

    return plain_text([Para(inlines)])


def test_names_and_titles_of_real_sources_in_each_built_in_style():
    """What a dossier on Xinjiang cites: eleven authors, a source with no author, a date written in words, a
    title holding quotation marks, a Chinese author and a Uyghur book. Each once printed wrongly."""
    from briefgen.cite.styles import CiteContext

    full, short, bib = (STYLES["chicago-notes"][i] for i in range(3))
    ad_note, _, ad_bib, _ = STYLES["author-date"]
    many = _source(author=[{"family": f"A{i}", "given": "B"} for i in range(1, 12)], issued=2020,
                   title='A study of "nested" quotes', **{"container-title": "Journal"})
    assert _text(bib(many)).startswith("A1, B et al. \u201cA study of \u2018nested\u2019 quotes.\u201d")  # was "al.."
    assert "\u201cA study of \u2018nested\u2019 quotes,\u201d" in _text(full(many, None))
    untitled = _source(type="motion_picture", title="Documentary", issued=2019)
    assert _text(ad_bib(untitled)) == "\u201cDocumentary.\u201d 2019."  # was ". 2019. “Documentary.”"
    spring = _source(author=[{"literal": "Witness W-2"}], issued={"literal": "Spring 2019"})
    assert _text(ad_note(spring, None)) == "Witness W-2 Spring 2019."  # was "n.d."
    zheng = _source(author=[{"family": "郑", "given": "国恩"}], issued=2022)
    assert _text(bib(zheng)).startswith("郑国恩.") and _text(full(zheng, None)).startswith("郑国恩,")
    assert _text(short(zheng, "p. 3")).startswith("郑国恩,")  # not "郑, 国恩", nor "国恩 郑"
    uyghur = _source(type="book", title="ئۇيغۇر تارىخى", author=[{"family": "تۇرسۇن", "given": "ئابدۇللا"}],
                     publisher="Nashriyat", issued=2010)
    # In an English brief the Uyghur name is an isolate, so that the year and page stay on its left side...
    assert _text(ad_note(uyghur, "33")) == "\u2068تۇرسۇن\u2069 2010, 33."
    assert _text(full(uyghur, None)).startswith("\u2068ئابدۇللا تۇرسۇن\u2069, \u2068ئۇيغۇر تارىخى\u2069, Nashriyat")
    # ... and in a Uyghur brief it is the brief's own text.
    assert _text(ad_note(uyghur, "33", CiteContext("ug"))) == "تۇرسۇن 2010, 33."


def test_two_authors_and_authors_of_one_family_as_chicago_lists_them():
    """Chicago's list: "Ward, Geoffrey C., and Ken Burns" (the comma closes the inverted name; there was none),
    in English; and works of one family name in the order of their given names (Smith, Carl came before
    Smith, Bob)."""
    from briefgen.cite.styles import CiteContext

    _, _, bib, order = STYLES["chicago-notes"]
    pair = _source(author=[{"family": "Ward", "given": "Geoffrey C."}, {"family": "Burns", "given": "Ken"}],
                   issued=2017, title="The Vietnam War")
    assert _text(bib(pair)).startswith("Ward, Geoffrey C., and Ken Burns. “The Vietnam War.”")
    assert _text(bib(pair, CiteContext("fr"))).startswith("Ward, Geoffrey C. and Ken Burns.")  # no serial comma
    organisation = _source(author=[{"literal": "Human Rights Watch"}, {"literal": "Amnesty"}], issued=2017)
    assert _text(bib(organisation)).startswith("Human Rights Watch and Amnesty.")
    smiths = [_source(id=f"s{i}", author=[{"family": "Smith", "given": given}], title=title, issued=2020)
              for i, (given, title) in enumerate([("Anna", "Zeta"), ("Carl", "Alpha"), ("Bob", "Beta")])]
    assert [s.author[0].given for s in sorted(smiths, key=order)] == ["Anna", "Bob", "Carl"]


def test_a_post_ending_its_sentence_and_a_name_with_an_accent_in_chicago():
    """A post's text as its title, ending with a full stop, printed "…compensation.,”" (an abbreviation keeps
    its stop: "Acme Inc.,"); and "Çelik" was filed after "Yıldız", by code point, not with C."""
    full, _, _, order = STYLES["chicago-notes"]
    post = _source(type="post", title="Families were displaced without compensation.", issued="2025-12-04",
                   **{"container-title": "X"})
    assert _text(full(post, None)) == "\u201cFamilies were displaced without compensation,\u201d X, December 4, 2025."
    firm = _source(type="post", title="Report of Acme Inc.", issued=2025, **{"container-title": "X"})
    assert _text(full(firm, None)).startswith("\u201cReport of Acme Inc.,\u201d X")
    names = ["Yıldız", "Çelik", "Celan", "Dogan"]
    people = [_source(id=f"s{i}", author=[{"family": n, "given": "A"}], issued=2020) for i, n in enumerate(names)]
    assert [s.author[0].family for s in sorted(people, key=order)] == ["Celan", "Çelik", "Dogan", "Yıldız"]


def test_a_short_title_ends_on_a_word():
    """A later note's short title was cut after four words, whatever the fourth: "Бульдозеры в Аксу —" and
    "Sadykova and Others v."."""
    from briefgen.cite.styles import short_title

    for title, short in [("Бульдозеры в Аксу — ночной снос", "Бульдозеры в Аксу"),
                         ("Sadykova and Others v. Qaratal Hydro JSC", "Sadykova and Others"),
                         ("The faces from China's Uyghur detention camps", "The faces from China's")]:
        assert short_title(_source(title=title)) == short


def test_a_documents_number_and_a_cases_court_are_printed():
    """A UN report's symbol (A/HRC/61/48/Add.1), a case's number and its court were never printed, in the notes
    or the list of sources: a reader could not find the document."""
    full, _, bib = (STYLES["chicago-notes"][i] for i in range(3))
    report = _source(type="report", title="Visit to Kestan", number="A/HRC/61/48/Add.1", publisher="OHCHR",
                     issued=2026, author=[{"literal": "Special Rapporteur on housing"}])
    assert "Visit to Kestan, A/HRC/61/48/Add.1, OHCHR, 2026" in _text(full(report, None))
    case = _source(type="legal_case", title="Sadykova and Others v. Qaratal Hydro JSC", number="Case No. 2-1184/2025",
                   authority="Baykent District Court", issued=2025)
    assert "\u201cSadykova and Others v. Qaratal Hydro JSC.\u201d Case No. 2-1184/2025, Baykent District Court, 2025." \
        in _text(bib(case))


def test_an_articles_pages_are_printed_where_no_pinpoint_is_cited():
    """A journal article's page range was never printed ("Journal of Housing Law 12, no. 3, March 2020."); a
    pinpoint, when cited, takes its place in the note."""
    full, _, bib = (STYLES["chicago-notes"][i] for i in range(3))
    article = _source(author=[{"family": "Doe", "given": "Jane"}], title="Evictions", issued="2020-03",
                      **{"container-title": "Journal of Housing Law", "volume": 12, "issue": 3, "page": "45-67"})
    assert _text(bib(article)).endswith("Journal of Housing Law 12, no. 3, March 2020, 45\u201367.")
    assert _text(full(article, None)).endswith("March 2020, 45\u201367.")
    assert _text(full(article, "p. 50")).endswith("March 2020, p. 50.")


def test_a_title_that_asks_a_question_takes_no_stop_after_it():
    """A title ending in a question or exclamation mark is followed by no full stop or comma (CMOS 6.131):
    "Who Is Watching?." and "Title?," were printed; a title ending in a full stop takes no second one."""
    full, _, bib = (STYLES["chicago-notes"][i] for i in range(3))
    _, _, ad_bib, _ = STYLES["author-date"]
    book = _source(type="book", title="Who Is Watching?", author=[{"family": "Smith", "given": "J."}],
                   publisher="Pub", issued=2019)
    article = _source(title="Was it a camp?", author=[{"family": "Doe", "given": "J."}], issued=2020,
                      **{"container-title": "Gazette"})
    arabic = _source(type="book", title="من يراقب؟", author=[{"literal": "Body"}], issued=2021)
    assert _text(bib(book)) == "Smith, J. Who Is Watching? Pub, 2019."
    assert _text(full(book, "7")) == "J. Smith, Who Is Watching? Pub, 2019, 7."
    assert _text(ad_bib(book)) == "Smith, J. 2019. Who Is Watching?"
    assert _text(bib(article)).startswith("Doe, J. \u201cWas it a camp?\u201d Gazette")
    assert _text(full(article, None)).startswith("J. Doe, \u201cWas it a camp?\u201d Gazette")
    assert "\u061f\u2069 2021" in _text(bib(arabic)) or "\u061f 2021" in _text(bib(arabic))
    ended = _source(type="book", title="Acme Inc.", author=[{"literal": "Body"}], issued=2021)
    assert ".." not in _text(bib(ended)) and ".." not in _text(ad_bib(ended))


def test_a_range_of_dates_and_an_approximate_date_are_printed_whole():
    """A report series issued 2017 to 2019 printed "2017" alone, and an approximate date (``circa``) as if
    it were known: CSL's second list of date-parts is the range's end, and circa reads "ca."."""
    from briefgen.cite.styles import CiteContext

    full, _, bib = (STYLES["chicago-notes"][i] for i in range(3))
    ad_note, _, _, _ = STYLES["author-date"]
    series = _source(type="report", title="Annual reports", author=[{"literal": "Bureau"}],
                     issued={"date-parts": [[2017], [2019]]})
    assert "2017\u20132019" in _text(full(series, None)) and "2017\u20132019" in _text(bib(series))
    assert _text(ad_note(series, None)) == "Bureau 2017\u20132019."
    months = _source(title="Visits", author=[{"literal": "Team"}], issued={"date-parts": [[2018, 3], [2018, 9]]})
    assert "March 2018\u2013September 2018" in _text(full(months, None))
    old = _source(title="A photograph", author=[{"literal": "Unknown"}], issued={"date-parts": [[1998]], "circa": True})
    assert "ca. 1998" in _text(full(old, None))
    from briefgen import i18n

    assert "vers 1998" in _text(full(old, None, CiteContext("fr", i18n.translations("fr").gettext)))


def test_names_of_real_sources_in_the_built_files(make_dossier, tmp_path):
    """The same sources built into both files: the Chinese name whole, one full stop after "et al.", the
    Uyghur author an isolate in the Word file's text (the PDF sets it in visual order)."""
    from conftest import MINIMAL_DOSSIER

    sources = """
    - {id: zheng, type: article-journal, title: A study, author: [{family: 郑, given: 国恩}], issued: 2022,
       container-title: Journal}
    - id: many
      type: report
      title: Eleven authors
      author: [{family: A1, given: B}, {family: A2, given: B}, {family: A3, given: B}, {family: A4, given: B}]
      issued: 2020
    - {id: ug, type: book, title: ئۇيغۇر تارىخى, author: [{family: تۇرسۇن, given: ئابدۇللا}], publisher: Nashriyat,
       issued: 2010}
    """
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": sources,
                         "findings.yaml": "- {id: f, title: T, summary: S, confidence: reported, "
                                          "body: 'Cited [@zheng; @many; @ug, 33].'}\n"})
    out = tmp_path / "out"
    result = run_cli("build", root, "-a", "inner", "--out", out)
    assert result.returncode == 0, result.stderr
    pdf, docx = pdf_text(out / "mini-inner.pdf"), docx_text(out / "mini-inner.docx")
    for text in (pdf, docx):
        assert "郑国恩" in text and "郑, 国恩" not in text
        assert "A1, B et al. " in text and "et al.." not in text
    assert "\u2068تۇرسۇن, ئابدۇللا\u2069. \u2068ئۇيغۇر تارىخى\u2069. Nashriyat, 2010." in docx  # the list of sources


@pytest.mark.parametrize("written, parts", [
    ("2022-05-24T10:00:00Z", [[2022, 5, 24]]),  # an export's timestamp: the date it was issued
    ("2022-05-24 10:00", [[2022, 5, 24]]),
    ("2022-05-24T10:00:00+02:00", [[2022, 5, 24]]),
    ([2022, 5], [[2022, 5]]),  # CSL-JSON's date-parts, written bare
    ([[2017], [2019]], [[2017], [2019]]),
    ([2020, "09"], [[2020, 9]]),  # [2020, 09]: YAML keeps 09, no octal number, as text
])
def test_dates_as_exports_write_them(written, parts):
    """A Zotero or web export's timestamp, and bare date-parts, are dates: check refused them ("expected a
    date as YYYY, YYYY-MM or YYYY-MM-DD", "Input should be a valid dictionary or instance of CslDate")."""
    source = _source(title="Exported", author=[{"literal": "Team"}], issued=written)
    assert source.issued.date_parts == parts


def test_dois_and_addresses_in_other_letters_link_where_they_say(make_dossier, tmp_path):
    """A DOI written doi:10.x or https://doi.org/10.x printed and linked https://doi.org/doi:10.x and
    https://doi.org/https://doi.org/10.x; a Markdown link to doi:10.x kept doi: as its target; an address with
    a host in other letters was refused in Markdown ("1 word would be lost") and, as a source's URL, written
    into the PDF's link as a UTF-16 string where PDF asks for ASCII. A DOI that is none is an error."""
    from conftest import docx_parts
    from pypdf import PdfReader

    sources = "".join(f"""
- id: s{i}
  type: article-journal
  title: Paper {i}
  container-title: Journal {i}
  issued: 2020
  DOI: "{doi}"
""" for i, doi in enumerate(["doi:10.1234/a", "https://doi.org/10.1234/b", "http://dx.doi.org/10.1234/c"]))
    sources += """
- id: idn
  type: webpage
  title: Pages in Japanese
  URL: https://例え.jp/パス?q=ü
  accessed: 2026-11-20
"""
    root = make_dossier({
        "dossier.yaml": _dossier("chicago-notes"), "sources.yaml": sources,
        "findings.yaml": """
            - id: f
              title: A finding
              summary: One sentence.
              body: "Three papers [@s0; @s1; @s2] and a page [@idn]. See [the paper](doi:10.1234/d) and
                [the shop](https://bücher.de/straße)."
              confidence: reported
            """,
    })
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out)
    assert result.returncode == 0, result.stderr
    text = _one_line(pdf_text(out / "cites-a.pdf"))
    for letter in "abc":
        assert f"https://doi.org/10.1234/{letter}" in text
    assert "doi.org/doi:" not in text and "doi.org/http" not in text and "https://例え.jp/パス?q=ü" in text
    uris = {a.get_object().get("/A", {}).get("/URI") for page in PdfReader(out / "cites-a.pdf").pages
            for a in page.get("/Annots", [])}
    assert {"https://doi.org/10.1234/a", "https://doi.org/10.1234/b", "https://doi.org/10.1234/c",
            "https://doi.org/10.1234/d", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9?q=%C3%BC",
            "https://xn--bcher-kva.de/stra%C3%9Fe"} <= uris, uris
    assert all(u is None or u.isascii() for u in uris)
    rels = docx_parts(out / "cites-a.docx")["word/_rels/document.xml.rels"].decode()
    assert 'Target="https://doi.org/10.1234/d"' in rels and "doi.org/doi:" not in rels
    (root / "sources.yaml").write_text(sources.replace("doi:10.1234/a", "javascript:alert(1)"), encoding="utf-8")
    result = run_cli("check", root)
    assert result.returncode == 1 and "d/sources.yaml:2:" in result.stderr and \
        "DOI: 'javascript:alert(1)' is not a DOI, such as 10.25365/jeacs.2022.3.zenz" in result.stderr, result.stderr


def test_a_citation_left_out_above_clearance_leaves_no_space_before_the_stop(make_dossier, tmp_path):
    """A citation of a source above the audience's clearance is left out of its brief; it left the space before
    it, so the sentence ended "Also ." in both formats."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    findings = ("- {id: f, title: T, summary: S, confidence: reported, body: 'Shown [@pub]. Also [@secret, p. 9]. "
                "And [@secret], then more.'}\n")
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "public").returncode == 0
    for text in (_one_line(pdf_text(out / "mini-public.pdf")), _one_line(docx_text(out / "mini-public.docx"))):
        assert "Also. And, then more." in text and "Also ." not in text, text


def test_a_note_in_a_caption_or_a_table_cell_is_set_as_in_running_text(make_dossier, tmp_path):
    """A figure's caption and a table's cell ending in a citation kept the space before its note number ("the
    site ⁸"), and the figure's alternative text ended with that space."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, docx_parts
    from PIL import Image

    body = ("Seen [@pub].\\n\\n![Photo of the site [@pub, p. 2]](site.png)\\n\\n| Place | Count |\\n|---|---|\\n"
            "| Camp [@pub, p. 3] | 3 |")
    findings = f'- {{id: f, title: T, summary: S, confidence: reported, body: "{body}"}}\n'
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    Image.new("RGB", (60, 40), "gray").save(root / "site.png")
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "inner").returncode == 0
    pdf = _one_line(pdf_text(out / "mini-inner.pdf"))
    assert "Photo of the site2" in pdf and "Camp3" in pdf, pdf
    xml = docx_parts(out / "mini-inner.docx")["word/document.xml"].decode()
    assert 'descr="Photo of the site"' in xml, re.findall(r'descr="[^"]*"', xml)
    assert b"/Alt (Photo of the site)" in (out / "mini-inner.pdf").read_bytes()


def test_emphasis_in_a_citations_prefix_and_suffix_is_emphasis(make_dossier, tmp_path):
    """pandoc formats a citation's prefix and suffix: "[*see* @key, p. 7, emphasis *added*]" printed its
    asterisks in the note, in both formats."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, docx_parts

    findings = ("- {id: f, title: T, summary: S, confidence: reported, "
                "body: 'Shown [*see* **also** @pub, p. 7, emphasis *added*].'}\n")
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out, "-a", "inner").returncode == 0
    for text in (_one_line(pdf_text(out / "mini-inner.pdf")), " ".join(docx_notes_text(out / "mini-inner.docx"))):
        assert "See also Public Body" in text and "p. 7, https://example.org/report, emphasis added." in text \
            and "*" not in text, text
    notes = docx_parts(out / "mini-inner.docx")["word/footnotes.xml"].decode()
    assert re.search(r"<w:i/>(?:(?!</w:r>).)*<w:t[^>]*>See</w:t>", notes)  # a note begins as a sentence
    assert re.search(r"<w:b/>(?:(?!</w:r>).)*<w:t[^>]*>also</w:t>", notes)
    assert re.search(r"<w:i/>(?:(?!</w:r>).)*<w:t[^>]*>added</w:t>", notes)


def test_a_date_known_by_its_season_prints_it():
    """issued: {date-parts: [[2019]], season: 2} (as CSL and Zotero write a quarterly's issue) printed "2019",
    its season dropped; a season given as a month of 21 to 24 too."""
    full = STYLES["chicago-notes"][0]
    for issued, said in (({"date-parts": [[2019]], "season": 2}, "Summer 2019"),
                         ({"date-parts": [[2019, 24]]}, "Winter 2019"),
                         ({"date-parts": [[2019]], "season": "fall"}, "Autumn 2019")):
        text = _text(full(_source(issued=issued, **{"container-title": "Quarterly"}), None))
        assert f"Quarterly, {said}." in text, text


def test_a_citation_that_suppresses_the_author_omits_it_from_its_note(make_dossier, tmp_path):
    """pandoc's "[-@key]" ("As Reporter [-@dated-story] shows"): the text names the author, so the note does not;
    it was read as [@key]."""
    root = make_dossier({
        "dossier.yaml": _dossier("chicago-notes"), "sources.yaml": SOURCES,
        "findings.yaml": "- {id: f, title: T, summary: S, confidence: reported, body: 'As Reporter shows "
                         "[-@dated-story, p. 4]. Again [-@dated-story, p. 5]. And [@dated-story].'}\n",
    })
    out = tmp_path / "out"
    assert run_cli("build", root, "-o", out).returncode == 0
    notes = [_one_line(n) for n in docx_notes_text(out / "cites-a.docx")]
    assert notes[0].startswith('"The story," Daily Paper, May 24, 2022, p. 4'), notes  # _one_line: straight quotes
    assert notes[1] == '"The story," p. 5.', notes
    assert notes[2].startswith('Reporter, "The story'), notes


def test_an_author_date_note_begins_as_its_entry_in_the_list():
    """With no author, the author-date note gave the gazette ("Vedomosti ... 2019, art. 84") where the list's
    entry began with the law's title: the reader could not find it in the list."""
    note, _, bib, _ = STYLES["author-date"]
    law = _source(type="legislation", title="Land Code of the Republic", issued=2019,
                  **{"container-title": "Vedomosti Parlamenta"})
    assert _text(note(law, "art. 84")) == "Land Code 2019, art. 84."  # its short title
    assert _text(bib(law)).startswith("\u201cLand Code of the Republic.\u201d 2019.")
    report = _source(type="report", title="Annual report", publisher="Rights Desk", issued=2020)
    assert _text(note(report, None)) == "Rights Desk 2020." and _text(bib(report)).startswith("Rights Desk.")


@pytest.mark.parametrize("title, short", [
    ("Medical Facilities Protection (Arms Export Controls) Bill", "Medical Facilities Protection"),
    ("Report (Second) of the Independent Commission", "Report (Second)"),
    ("Law on the (Protection of) Health Workers", "Law on the (Protection of)"),
    ("(Draft) Articles on State Responsibility for Wrongful Acts", "(Draft) Articles on State"),
    ("Sadykova and Others v. Kazakhstan, Judgment", "Sadykova and Others"),
    ("Attacks on Health Care in Eastern Daravia", "Attacks on Health Care"),
])
def test_a_short_title_is_not_cut_inside_brackets(title, short):
    """"Medical Facilities Protection (Arms" was a lawmakers' short note for a bill: four words, whatever they
    cut. Now a short title stops before the brackets, or after they close. (Found by a probe.)"""
    from briefgen.cite.styles import short_title

    assert short_title(_source(type="bill", title=title)) == short


def test_author_date_names_a_document_as_the_notes_do_and_dates_it_once():
    """Author-date: a short title that ends with its date printed the year again ("Sarkan v. Daravia, Order of
    14 January 2026 2026."), and the list of sources left out a bill's number and a case's court and number,
    which the Chicago notes give. (Found by a probe.)"""
    case = _source(type="legal_case", title="Application of the Genocide Convention (Sarkan v. Daravia), "
                   "Provisional Measures, Order of 14 January 2026", **{"title-short": "Sarkan v. Daravia, Order of "
                   "14 January 2026"}, number="General List No. 201", authority="International Court of Justice",
                   issued="2026-01-14")
    bill = _source(type="bill", title="Medical Facilities Protection (Arms Export Controls) Bill", number="H.R. 4471",
                   authority="United States House of Representatives", issued="2026-04-22")
    note, _, bib, _ = STYLES["author-date"]
    assert _text(note(case, "para. 51")) == "Sarkan v. Daravia, Order of 14 January 2026, para. 51."
    assert _text(note(bill, None)) == "Medical Facilities Protection 2026."
    assert "General List No. 201, International Court of Justice. 2026." in _text(bib(case))
    assert _text(bib(bill)) == "Medical Facilities Protection (Arms Export Controls) Bill. H.R. 4471. 2026."
