"""`briefgen sources import`: Zotero CSL-JSON and BibTeX exports into a dossier's sources, then a brief.

The fixtures hold real references from the fact sheet (shared/reference/fact-sheet.md): a Zotero 7 CSL-JSON
export (item URIs as ids), a Better BibTeX CSL-JSON export (citation keys) and a BibTeX/biblatex file.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import (
    MINIMAL_DOSSIER,
    MINIMAL_SOURCES,
    docx_text,
    norm,
    pdf_text,
    run_cli,
)

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def cite(*keys: str) -> str:
    """A findings file whose one finding cites every key."""
    body = " ".join(f"Claim {i} [@{key}]." for i, key in enumerate(keys))
    return f"- {{id: f, title: T, summary: S, body: '{body}', confidence: reported}}\n"


def build_texts(root: Path, out: Path) -> list[str]:
    """Build the diplomats' note (chicago-notes, with a list of sources) in both formats; their text."""
    result = run_cli("build", root, "-a", "inner", "-o", out)
    assert result.returncode == 0, result.stderr
    return [norm(pdf_text(out / "mini-inner.pdf")), norm(docx_text(out / "mini-inner.docx"))]


def test_zotero_csl_json_import_builds(make_dossier, tmp_path):
    keys = ["sudworth2022faces", "zenz2022xinjiang", "office2022ohchr", "elpais2022secret", "spiegel2022window"]
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "findings.yaml": cite(*keys)})
    result = run_cli("sources", "import", FIXTURES / "zotero.json", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "5 added, 0 updated, 0 unchanged"
    assert "wrote d/sources.yaml" in result.stdout
    # Zotero's item URIs are no citation keys: readable ones are made, and the user is told.
    assert ("zotero.json:2: warning: key 'sudworth2022faces' made from author, year and title: its id "
            "'http://zotero.org/users/9164325/items/WQ3RZ7KB' is not a citation key") in result.stderr
    written = (root / "sources.yaml").read_text(encoding="utf-8")
    assert written.startswith("- id: sudworth2022faces\n  type: article-newspaper\n  title: The faces from")
    assert "    - {family: Sudworth, given: John}\n  container-title: BBC News\n" in written
    assert "  issued: 2022-05-24\n  accessed: 2026-11-20\n" in written  # Zotero's ["2022", 5, 24]
    assert "  issued: 2022-05\n" in written  # SPIEGEL: the day is not known
    assert "zotero.org" not in written and "citation-key" not in written

    pdf, docx = build_texts(root, tmp_path / "out")
    for text in (pdf, docx):
        for title in ("The faces from China's Uyghur detention camps", "Re-Education Camp Security",
                      "OHCHR Assessment of human rights concerns", "'Window Into a Police State'"):
            assert title in text
        assert "Sudworth" in text and "Zenz" in text and "10.25365/jeacs.2022.3.zenz" in text


def test_bibtex_import_builds(make_dossier, tmp_path):
    keys = ["zenz2020karakax", "zenz2019beyond", "ruser2020documenting", "ap2020china", "ramzy2019absolutely",
            "elpais2022secret", "treasury2020sanctions"]
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "findings.yaml": cite(*keys)})
    result = run_cli("sources", "import", FIXTURES / "references.bib", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "8 added, 0 updated, 0 unchanged"
    assert "references.bib: warning: left out BibTeX fields that have no CSL variable: keywords" in result.stderr
    written = (root / "sources.yaml").read_text(encoding="utf-8")
    # Braces that protect case are gone; LaTeX is decoded; a braced author is an organisation.
    karakax = "The Karakax List: Dissecting the Anatomy of Beijing's Internment Drive in Xinjiang"
    assert f'  title: "{karakax}"\n' in written
    assert "{" not in "".join(line for line in written.splitlines() if "title" in line)
    assert "  container-title: El País\n" in written
    assert "    - {literal: Associated Press}\n" in written
    assert "    - {family: Ramzy, given: Austin}\n    - {family: Buckley, given: Chris}\n" in written
    # biblatex date, BibTeX year/month/day, urldate; number is an article's issue; url from \url{...}
    assert "  issue: \"2\"\n  issued: 2020-02-17\n  accessed: 2026-11-20\n  URL: https://www.jpolrisk.com/karakax/\n" \
        in written
    assert "  issued: 2019-12\n" in written and "  issued: 2020-07-09\n" in written
    assert "  URL: https://home.treasury.gov/news/press-releases/sm1055\n" in written
    assert "- id: seed2022leak\n  type: document\n" in written  # @misc without a url
    assert "- id: ramzy2019absolutely\n  type: article-newspaper\n" in written  # entrysubtype = newspaper

    pdf, docx = build_texts(root, tmp_path / "out")
    for text in (pdf, docx):
        for title in ("The Karakax List", "Beyond the Camps", "Documenting Xinjiang's Detention System",
                      "China Cuts Uighur Births with IUDs", "'Absolutely No Mercy'", "Global Magnitsky"):
            assert title in text
        assert "Ruser" in text and "Associated Press" in text and "Buckley" in text and "El País" in text


EXISTING = """\
# Sources checked by the desk.
- id: pub
  type: report
  title: A public report
  author: [{literal: Public Body}]
  issued: 2024-03-01

# The BBC story: checked against the archived copy.
- id: BBC
  type: article-newspaper
  title: An old working title   # to be replaced by the export's
  author:
    - {family: Sudworth, given: John}
  container-title: BBC News
  genre: Online story
  issued: 2022-05-24
  archive-url: https://web.archive.org/web/2022/https://www.bbc.co.uk/news/
  reliability: high             # one of the consortium outlets
  sensitivity: TLP:AMBER
  note: URL not verified.
"""

BBC_EXPORT = [{
    "id": "BBC", "citation-key": "BBC", "type": "article-newspaper", "container-title": "BBC News",
    "language": "en-GB", "publisher": "BBC", "title": "The faces from China's Uyghur detention camps",
    "author": [{"family": "Sudworth", "given": "John"}], "issued": {"date-parts": [["2022", 5, 24]]},
}]

UPDATED = EXISTING.replace(
    "  title: An old working title   #", "  title: The faces from China's Uyghur detention camps   #").replace(
    "  genre: Online story\n", "").replace(
    "  container-title: BBC News\n", "  container-title: BBC News\n  publisher: BBC\n").replace(
    "  issued: 2022-05-24\n", "  issued: 2022-05-24\n  language: en-GB\n")


def test_update_keeps_curated_fields_comments_and_layout(make_dossier, tmp_path):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": EXISTING, "findings.yaml": cite("BBC")})
    export = tmp_path / "bbc.json"
    export.write_text(json.dumps(BBC_EXPORT), encoding="utf-8")
    result = run_cli("sources", "import", export, root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["0 added, 1 updated, 0 unchanged", "  updated: BBC"]
    # Only the keys that changed were touched: comments, the other entry, the curated fields stay as written.
    assert (root / "sources.yaml").read_text(encoding="utf-8") == UPDATED

    from briefgen.load import load

    bbc = load(root).sources["BBC"]
    assert (bbc.title, bbc.reliability, str(bbc.sensitivity)) == (
        "The faces from China's Uyghur detention camps", "high", "TLP:AMBER")
    assert bbc.archive_url and bbc.get("note") == "URL not verified." and bbc.publisher == "BBC"


@pytest.mark.parametrize("export", ["zotero.json", "references.bib"])
def test_a_second_import_changes_nothing(make_dossier, export):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": EXISTING})
    assert run_cli("sources", "import", FIXTURES / export, root).returncode == 0
    before = (root / "sources.yaml").read_bytes()
    again = run_cli("sources", "import", FIXTURES / export, root)
    assert again.returncode == 0, again.stderr
    n = 5 if export == "zotero.json" else 8
    assert again.stdout.splitlines() == [f"0 added, 0 updated, {n} unchanged", "no file changed"]
    assert (root / "sources.yaml").read_bytes() == before


BAD = [
    ("not-csl.json", '{"foo": "bar"}\n',  # an object that is no item: read as one, "item 'None': left out 'foo'"
     "not-csl.json:1:1: error: expected a CSL-JSON list of items (each with its type and title)"),
    ("bad.json", '[\n  {"id": "a", "title": "A"},\n  {"id": "b" "title": "B"}\n]\n',
     "bad.json:3:14: error: invalid JSON: Expecting ',' delimiter"),
    ("no-title.json", '[\n  {"id": "a", "title": "A"},\n  {"id": "b", "type": "report"}\n]\n',
     "no-title.json:3: error: source 'b': missing required key 'title'"),
    ("bad-type.json", '[{"id": "a", "type": "article-newpaper", "title": "A"}]',
     ("bad-type.json:1: error: source 'a': type: 'article-newpaper' is not a CSL type; "
      "did you mean 'article-newspaper'?")),
    ("no-title.bib", "@book{untitled,\n  author = {Zenz, Adrian},\n  year = {2020},\n}\n",
     "no-title.bib:1: error: source 'untitled': missing required key 'title'"),
    ("odd-type.bib", "@article{fine, title = {Fine}, year = 2020}\n\n@fancything{odd, title = {Odd}}\n",
     "odd-type.bib:3: error: entry 'odd': unknown BibTeX entry type '@fancything'"),
    ("open.bib", "@article{open,\n  title = {Never closed,\n  year = 2020\n",
     "open.bib:1: error: BibTeX: cannot read this entry"),
    ("dup.bib", "@misc{same, title = {One}}\n@misc{same, title = {Two}}\n",
     "dup.bib:2: error: duplicate key 'same'"),
    ("notes.txt", "just some notes\n", "notes.txt: error: cannot tell what this file holds"),
    # An old .bib saved as Latin-1 or Windows-1252: where, and what to do
    ("latin1.bib", b"@article{a,\n  title = {Caf\xe9},\n  year = 2020}\n",
     "latin1.bib:2:15: error: not UTF-8 text (byte 0xE9, '\u00e9' in Windows-1252): save the file as UTF-8"),
    ("notepad.bib", "@article{a, title = {Caf\u00e9}, year = 2020}\n".encode("utf-16"),
     "notepad.bib:1:1: error: the file is saved as UTF-16: save it as UTF-8"),
]


@pytest.mark.parametrize("name,text,message", BAD, ids=[b[0] for b in BAD])
def test_a_bad_export_is_an_error_and_writes_nothing(make_dossier, tmp_path, name, text, message):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES})
    before = sorted(p.name for p in root.iterdir()), (root / "sources.yaml").read_bytes()
    if isinstance(text, bytes):
        (tmp_path / name).write_bytes(text)
    else:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_cli("sources", "import", tmp_path / name, root)
    assert result.returncode == 1
    assert any(line.startswith(message) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr and "no file was written" in result.stderr
    assert (sorted(p.name for p in root.iterdir()), (root / "sources.yaml").read_bytes()) == before


def test_a_zotero_export_reads_as_is_as_sources_json(make_dossier, tmp_path):
    # Item URIs, numeric strings in dates, accessed, container-title-short, journalAbbreviation, language,
    # source, note, citation-key, publisher-place: all read as they are.
    uri = "http://zotero.org/users/9164325/items/8HNC4D2E"
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "findings.yaml": cite(f"{{{uri}}}")})
    shutil.copy(FIXTURES / "zotero.json", root / "sources.json")
    check = run_cli("check", root)
    assert check.returncode == 0, check.stderr
    from briefgen.load import load

    sources = load(root).sources
    assert len(sources) == 5 and sources[uri].get("container-title-short") == "JEACS"
    assert sources[uri].issued.parts == (2022, 5, 24)
    result = run_cli("build", root, "-a", "inner", "-f", "pdf", "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "Re-Education Camp Security and Political Paranoia" in norm(pdf_text(tmp_path / "out" / "mini-inner.pdf"))


def test_a_bibtex_crossref_gives_the_paper_its_proceedings():
    """A paper that names its proceedings by ``crossref`` takes the book's title, publisher and year from it
    (they were left out, with a warning that crossref has no CSL variable)."""
    from briefgen.errors import Diagnostics
    from briefgen.sources.bibtex import read_bibtex

    text = ("@inproceedings{li2020, crossref = {Proc2020}, author = {Li, Wei}, title = {Paper in proceedings}}\n"
            "@proceedings{proc2020, title = {Proceedings of Things}, year = {2020}, publisher = {ACM}}\n")
    diags = Diagnostics()
    paper, book = read_bibtex(Path("refs.bib"), text, diags)
    assert paper.fields["title"] == "Paper in proceedings" and paper.fields["container-title"] == "Proceedings of Things"
    assert paper.fields["publisher"] == "ACM" and paper.fields["issued"] == {"date-parts": [[2020]]}
    assert book.fields["title"] == "Proceedings of Things" and not diags.items


def test_zotero_creator_roles_and_part_titles_are_csl_variables():
    from briefgen.load.sources import Source

    podcast = Source.model_validate({
        "id": "ep", "type": "broadcast", "title": "An episode", "host": [{"family": "Host", "given": "A"}],
        "guest": [{"literal": "A Guest"}], "producer": [{"family": "Producer"}], "part-number": "2",
        "part-title": "Part two", "available-date": {"date-parts": [["2022", 5, 24]]}})
    assert podcast.get("part-title") == "Part two" and podcast.get("host") == [{"family": "Host", "given": "A"}]


def test_better_bibtex_export_as_sources_json_then_an_import_into_it(make_dossier, tmp_path):
    keys = ["treasury2020sanctions", "uflpa2021", "ruser2020documenting", "xinhua2021new"]
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "findings.yaml": cite(*keys)})
    shutil.copy(FIXTURES / "better-bibtex.json", root / "sources.json")
    check = run_cli("check", root)
    assert check.returncode == 0 and "error:" not in check.stderr, check.stderr
    pdf, docx = build_texts(root, tmp_path / "out")
    for text in (pdf, docx):
        assert "Treasury Sanctions Chinese Entity" in text and "Uyghur Forced Labor Prevention Act" in text
        assert "Ruser" in text and "New Party chief for Xinjiang appointed" in text

    # Importing into it writes JSON: two sources it has are updated (keeping what the export lacks, such as
    # the access date), six are added, and the others stay exactly as they were.
    result = run_cli("sources", "import", FIXTURES / "references.bib", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "6 added, 2 updated, 0 unchanged",
        "  added: zenz2020karakax, zenz2019beyond, ap2020china, ramzy2019absolutely, elpais2022secret, seed2022leak",
        "  updated: ruser2020documenting, treasury2020sanctions"]
    assert "wrote d/sources.json" in result.stdout
    before = json.loads((FIXTURES / "better-bibtex.json").read_text(encoding="utf-8"))
    after = json.loads((root / "sources.json").read_text(encoding="utf-8"))
    assert (after[1], after[3]) == (before[1], before[3]) and len(after) == 10
    assert after[2]["title"] == "Documenting Xinjiang's Detention System"
    assert after[2]["accessed"] == before[2]["accessed"]
    assert after[4]["issued"] == {"date-parts": [[2020, 2, 17]]}
    assert (root / "sources.json").read_text(encoding="utf-8").startswith('[\n  {\n    "id": "treasury2020sanctions"')
    assert run_cli("check", root).returncode == 0


def test_sources_folder_dry_run_and_to(make_dossier, tmp_path):
    finding = "id: f\ntitle: A finding\nsummary: S.\nbody: Said [@pub].\nconfidence: reported\n"
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources/desk.yaml": EXISTING, "findings/f.yaml": finding})
    export = tmp_path / "bbc.json"
    export.write_text(json.dumps(BBC_EXPORT + [{"id": "x", "citation-key": "uflpa2021", "type": "legislation",
                                                "title": "Uyghur Forced Labor Prevention Act"}]), encoding="utf-8")
    dry = run_cli("sources", "import", export, root, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == ["1 added, 1 updated, 0 unchanged", "  added: uflpa2021", "  updated: BBC",
                                       "would write d/sources/desk.yaml", "would write d/sources/imported.yaml"]
    assert sorted(p.name for p in (root / "sources").iterdir()) == ["desk.yaml"]

    # DOSSIER defaults to the current folder; a source is updated in the file that holds it.
    result = run_cli("sources", "import", export, cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "sources" / "desk.yaml").read_text(encoding="utf-8") == UPDATED
    assert (root / "sources" / "imported.yaml").read_text(encoding="utf-8") == (
        "- id: uflpa2021\n  type: legislation\n  title: Uyghur Forced Labor Prevention Act\n")

    to = run_cli("sources", "import", FIXTURES / "references.bib", root, "--to", root / "sources" / "bib.yaml")
    assert to.returncode == 0, to.stderr
    assert "8 added" in to.stdout and (root / "sources" / "bib.yaml").is_file()
    assert run_cli("check", root).returncode == 0
    # A file the dossier reads as something else: its asks took the sources, and it failed its check.
    (root / "asks.yaml").write_text("- {id: k, audiences: [public], text: Ask.}\n", encoding="utf-8")
    for other, holds in (("asks.yaml", "asks"), ("findings/more.yaml", "findings")):
        before = (root / other).read_bytes() if (root / other).exists() else None
        wrong = run_cli("sources", "import", export, root, "--to", root / other)
        assert wrong.returncode == 1 and f"holds the dossier's {holds}, not its sources" in wrong.stderr, wrong.stderr
        assert ((root / other).read_bytes() if (root / other).exists() else None) == before


def test_the_sample_exported_and_imported_back_changes_one_line(tmp_path):
    # The sample's sources as Zotero would export them (no briefgen fields, dates as date-parts with string
    # years), one title changed there: of the whole hand-written file, only that line changes.
    import datetime as dt

    import yaml
    from conftest import SAMPLE

    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    original = (root / "sources.yaml").read_text(encoding="utf-8")
    export = []
    for source in yaml.safe_load(original):
        item = {k: v for k, v in source.items() if k not in ("reliability", "sensitivity", "note", "archive-url",
                                                              "attachment", "lint_ignore")}
        for key in ("issued", "accessed"):
            if isinstance(item.get(key), dt.date):
                item[key] = {"date-parts": [[str(item[key].year), item[key].month, item[key].day]]}
            elif key in item:
                item[key] = {"date-parts": [[int(p) for p in str(item[key]).split("-")]]}
        export.append(item)
    export[2]["title"] = "A corrected title"
    (tmp_path / "export.json").write_text(json.dumps(export), encoding="utf-8")
    result = run_cli("sources", "import", tmp_path / "export.json", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"0 added, 1 updated, {len(export) - 1} unchanged"
    changed = [(a, b) for a, b in zip(original.splitlines(), (root / "sources.yaml").read_text().splitlines())
               if a != b]
    assert len(original.splitlines()) == len((root / "sources.yaml").read_text().splitlines())
    assert len(changed) == 1 and changed[0][0].startswith("  title: ") and changed[0][1] == "  title: A corrected title"


def test_a_source_already_there_under_another_key_is_updated_not_added(make_dossier, tmp_path):
    """The same work (same DOI, or same URL written another way) under a new key: the dossier's source is
    updated and keeps its key, with a warning; no second copy is added."""
    existing = EXISTING.replace("  archive-url:", "  URL: https://www.bbc.co.uk/news/world-asia-china-61497851\n"
                                                  "  archive-url:")
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": existing, "findings.yaml": cite("BBC")})
    export = tmp_path / "bbc.json"
    again = dict(BBC_EXPORT[0], id="sudworth2022faces", **{"citation-key": "sudworth2022faces"},
                 URL="http://bbc.co.uk/news/world-asia-china-61497851/")
    export.write_text(json.dumps([again]), encoding="utf-8")
    result = run_cli("sources", "import", export, root)
    assert result.returncode == 0, result.stderr
    assert "warning: 'sudworth2022faces' is the dossier's source 'BBC' (same DOI or URL): updated it" in result.stderr
    assert result.stdout.splitlines()[:2] == ["0 added, 1 updated, 0 unchanged", "  updated: BBC"]
    text = (root / "sources.yaml").read_text(encoding="utf-8")
    assert "sudworth2022faces" not in text and text.count("The faces from China's Uyghur detention camps") == 1


def test_a_list_wrapped_in_an_object_reads_as_the_list(make_dossier, tmp_path):
    """Zotero's web API and some tools wrap the CSL-JSON list: ``{"items": [...]}``. It was read as one item
    whose id was "source", and refused ("missing required key 'title'"). A bad item is reported at its line."""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": EXISTING, "findings.yaml": cite("BBC")})
    export = tmp_path / "wrapped.json"
    export.write_text(json.dumps({"meta": {"pages": [1]}, "items": BBC_EXPORT}, indent=1), encoding="utf-8")
    result = run_cli("sources", "import", export, root)
    assert result.returncode == 0, result.stderr
    assert (root / "sources.yaml").read_text(encoding="utf-8") == UPDATED
    export.write_text('{"items": [\n {"id": "a", "type": "report", "title": "Fine"},\n'
                      ' {"id": "b", "type": "report"}\n]}', encoding="utf-8")
    result = run_cli("sources", "import", export, root, "--dry-run")
    assert result.returncode == 1 and "wrapped.json:3: error: source 'b': missing required key 'title'" in \
        result.stderr, result.stderr


def test_a_key_made_for_an_entry_dated_as_text_has_its_year():
    """Zotero's web API writes a date as {raw: "2022-05-24"}: the key made for it lost its year
    ("sudworthfaces"), where the docs promise author, year and title."""
    from briefgen.sources.entry import _derived_key

    name = [{"family": "Sudworth", "given": "John"}]
    assert _derived_key({"author": name, "issued": {"raw": "2022-05-24"}, "title": "The faces"}) == "sudworth2022faces"
    assert _derived_key({"author": [{"literal": "OHCHR"}], "issued": {"literal": "Spring 2019"},
                         "title": "Assessment"}) == "ohchr2019assessment"
    assert _derived_key({"author": name, "issued": {"literal": "undated"}, "title": "The faces"}) == "sudworthfaces"


def test_what_a_file_holds_decides_how_it_is_read_not_its_name(make_dossier, tmp_path):
    """A Zotero export saved as .bib was read as BibTeX with no entry ("0 added", a warning, exit 0); a
    BibTeX file saved as .json failed as broken JSON."""
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": EXISTING})
    for fixture, named in (("zotero.json", "export.bib"), ("references.bib", "export.json")):
        misnamed = tmp_path / named
        misnamed.write_bytes((FIXTURES / fixture).read_bytes())
        result = run_cli("sources", "import", misnamed, root, "--dry-run")
        assert result.returncode == 0 and " added" in result.stdout and not result.stdout.startswith("0 added"), \
            result.stdout + result.stderr
