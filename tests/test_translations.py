"""Translations in the evidence base (issue 19): the sample's French brief reads as French, a translation
whose original changed is stale until it is marked again, and a translation cites and counts as its
original does."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import SAMPLE, docx_notes_text, docx_text, pdf_text, run_cli

ENGLISH = {"the", "and", "of", "to", "in", "is", "that", "was", "were", "with", "for", "from", "which", "by",
           "are", "have", "has", "not", "their", "it", "on", "as", "this", "be", "or", "who", "they"}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    out = tmp_path_factory.mktemp("fr")
    r = run_cli("build", SAMPLE, "-a", "rapporteur-fr", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "rapporteur-fr: no French translation" not in r.stdout  # every text it prints is translated
    return out


def _source_words() -> list[str]:
    """What the notes and the source list print of each source, in the source's own language: titles, outlets,
    publishers, authors (a French brief cites English reports by their English titles)."""
    strings = []
    for s in yaml.safe_load((SAMPLE / "sources.yaml").read_text(encoding="utf-8")):
        for key in ("title", "container-title", "publisher", "title-short", "container-title-short"):
            if s.get(key):
                strings.append(str(s[key]))
        for a in s.get("author") or []:
            strings += [str(v) for v in (a.values() if isinstance(a, dict) else [a])]
    return sorted(strings, key=len, reverse=True)


def english_sentences(text: str) -> list[str]:
    """Sentences of ``text`` that read as English: five words or more, a fifth of them (two at least) English
    function words, once every source's title, outlet, publisher and author and every URL are taken out."""
    def plain(t: str) -> str:
        return " ".join(t.replace("’", "'").replace("‘", "'").split())

    # URLs, and what of them a PDF sets on the next lines (".../secret-police-files-put-a-face-to-...html")
    text = re.sub(r"\S*(?:https?:|www\.|/|\.html?\b|\w-\w+-\w)\S*", " ", plain(text))
    text = re.sub(r"“[^”]*”", " ", text)  # the titles of articles, quoted
    for s in _source_words():  # and of reports, outlets, publishers, authors, whole or without "The"
        for form in {plain(s), re.sub(r"^(The|A|An) ", "", plain(s))}:
            text = text.replace(form, " ")
    text = re.sub(r"[\"'«»]", " ", text)
    out = []
    for sentence in re.split(r"(?<=[.!?;:])\s+", text):
        words = re.findall(r"[A-Za-zÀ-ÿ]+", sentence)
        if len(words) >= 5 and sum(w.lower() in ENGLISH for w in words) >= max(2, len(words) / 5):
            out.append(sentence)
    return out


def test_the_heuristic_finds_english():
    assert english_sentences("Camp protocols order guards to shoot detainees who try to escape.")
    assert not english_sentences("Les protocoles des camps ordonnent aux gardes de tirer sur les détenus.")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_french_brief_reads_as_french_from_title_to_notes(french, fmt):
    path = french / f"xinjiang-police-files-rapporteur-fr.{fmt}"
    if fmt == "pdf":  # words hyphenated at a line's end joined (the soft hyphen a reader's copy removes too)
        text = re.sub("\u00ad\\s*", "", pdf_text(path))
    else:  # the text, and the endnotes with their heading (in the endnotes' separator)
        text = docx_text(path) + " " + " ".join(docx_notes_text(path, "word/endnotes.xml"))
        with zipfile.ZipFile(path) as z:
            text += " " + re.sub(r"<[^>]+>", " ", z.read("word/endnotes.xml").decode("utf-8"))
    assert english_sentences(text) == []
    # French typography: « » with narrow no-break spaces inside, and one before ; (after a Chinese name too).
    assert "«\u202fgraves violations des droits de l’homme\u202f»" in text
    colon = "\u00a0:" if fmt == "docx" else " :"  # the PDF draws U+00A0; pypdf reads it back as a space
    assert "特克斯县\u202f; en ouïghour" in text and f"Aucun fichier n’est daté d’après 2018{colon}" in text
    for french_words in ("Les Xinjiang Police Files", "Note d’information pour le Rapporteur spécial",
                         "Région autonome ouïghoure du Xinjiang", "Haut-Commissariat des Nations unies",
                         "Points à soulever", "Notes", "notre traduction"):
        assert french_words in " ".join(text.split()), french_words


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    return root


def _line_of(path: Path, needle: str, after: str = "") -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
    return next(n for n, ln in enumerate(lines[start:], start + 1) if needle in ln)


def test_editing_an_english_finding_makes_its_french_stale_until_marked(tmp_path):
    root = _copy(tmp_path)
    status = run_cli("translations", "status", root)
    assert status.returncode == 0 and "fr: 8 current, 0 stale, 0 missing" in status.stdout, status.stdout
    finding = root / "findings" / "detainee-photographs.yaml"
    finding.write_text(finding.read_text(encoding="utf-8").replace(
        "some of them minors [@ICIJ-XPF", "some of them children [@ICIJ-XPF"), encoding="utf-8")
    line = _line_of(finding, "original:")
    checked = run_cli("check", root)
    # The French audience is strict: an error at the hash of the translation, and the build stops.
    stale = [ln for ln in checked.stderr.splitlines() if "translation-stale" in ln]
    assert checked.returncode == 1 and len(stale) == 1, checked.stderr
    assert stale[0].startswith(f"d/findings/detainee-photographs.yaml:{line}:") and " error: " in stale[0]
    built = run_cli("build", root, "-a", "rapporteur-fr", "-f", "pdf")
    assert built.returncode == 1 and "detainee-photographs.yaml" in built.stderr
    status = run_cli("translations", "status", root)
    assert "fr: 7 current, 1 stale, 0 missing" in status.stdout
    assert "stale: finding 'detainee-photographs'" in status.stdout
    # Not strict: a warning, and the brief is built.
    dossier = root / "dossier.yaml"
    dossier.write_text(dossier.read_text(encoding="utf-8").replace("    translations: strict", ""), encoding="utf-8")
    checked = run_cli("check", root)
    assert checked.returncode == 0 and f"findings/detainee-photographs.yaml:{line}:" in checked.stderr
    assert "warning: the fr translation of finding 'detainee-photographs' is stale" in checked.stderr
    built = run_cli("build", root, "-a", "rapporteur-fr", "-f", "pdf")
    assert built.returncode == 0 and "rapporteur-fr: stale French translation printed: finding " \
        "'detainee-photographs'" in built.stdout
    # Reviewed, then marked: current again, and only that hash changed in the file.
    before = finding.read_text(encoding="utf-8")
    marked = run_cli("translations", "mark", root, "--to", "fr")
    assert marked.returncode == 0 and marked.stdout.strip() == \
        "marked the fr translation of finding 'detainee-photographs'"
    after = finding.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and "original:" in changed[0][1] and len(before) == len(after)
    assert "translation-stale" not in run_cli("check", root).stderr
    assert "fr: 8 current, 0 stale, 0 missing" in run_cli("translations", "status", root).stdout


def _small(make_dossier, finding_fr: str, extra: str = "") -> Path:
    """A dossier whose finding has a French translation (``finding_fr``, the lines under ``fr:``) and a French
    audience."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    dossier = MINIMAL_DOSSIER.replace("audiences:\n", "audiences:\n  fr: {label: Note, template: diplomats, "
                                      "clearance: TLP:CLEAR, language: fr, allow_empty: true, framing: "
                                      "{purpose: Objet., key_messages: ['Message [@pub].']}}\n", 1)
    findings = ("- id: f\n  title: Two ships\n  summary: Two ships sank.\n  confidence: reported\n"
                "  body: |\n    Two ships sank in 2021 with 1,200 people on board [@pub].\n"
                f"  translations:\n    fr:\n{finding_fr}{extra}")
    return make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})


FR_OK = ("      title: Deux navires\n      summary: Deux navires ont coulé.\n      body: |\n"
         "        Deux navires ont coulé en 2021 avec 1 200 personnes à bord [@pub].\n")


def test_a_translation_cites_exactly_the_sources_of_its_original(make_dossier):
    root = _small(make_dossier, FR_OK)
    assert "cites exactly" not in run_cli("check", root).stderr
    other = FR_OK.replace("[@pub]", "[@pub; @secret]")
    root = _small(make_dossier, other)
    r = run_cli("check", root)
    [line] = [ln for ln in r.stderr.splitlines() if "cites exactly" in ln]
    at = _line_of(root / "findings.yaml", "@secret")
    assert r.returncode == 1 and line.startswith(f"d/findings.yaml:{at}:") and "cites @secret" in line
    fewer = FR_OK.replace(" [@pub]", "")
    r = run_cli("check", _small(make_dossier, fewer))
    assert r.returncode == 1 and "does not cite @pub, which the original does" in r.stderr


def test_a_translation_states_the_numbers_of_its_original(make_dossier):
    r = run_cli("check", _small(make_dossier, FR_OK))  # 1,200 and 1 200 are one number
    assert "translation-numbers" not in r.stderr
    wrong = FR_OK.replace("1 200", "1 300")
    root = _small(make_dossier, wrong)
    r = run_cli("check", root)
    [line] = [ln for ln in r.stderr.splitlines() if "translation-numbers" in ln]
    at = _line_of(root / "findings.yaml", "body: |", after="translations:")
    assert line.startswith(f"d/findings.yaml:{at}:") and "warning:" in line and "1300" in line and "1200" in line


def test_what_has_no_translation_prints_as_written_and_the_summary_says_so(make_dossier, tmp_path):
    root = _small(make_dossier, "      title: Deux navires\n")  # the title only
    r = run_cli("build", root, "-a", "fr", "-f", "docx", "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "fr: no French translation, printed as written: finding 'f' (summary, body)" in r.stdout
    text = docx_text(tmp_path / "out" / "mini-fr.docx")
    assert "Deux navires" in text and "Two ships sank in 2021" in text


def test_mark_writes_the_hash_into_block_and_flow_mappings_keeping_comments(make_dossier):
    root = _small(make_dossier, FR_OK.replace("      title:", "      # reviewed by A. B.\n      title:"),
                  "- id: g\n  title: Three\n  summary: Three.\n  confidence: reported\n  body: Three [@pub].\n"
                  "  translations: {fr: {title: Trois, summary: Trois., body: 'Trois [@pub].'}}\n")
    r = run_cli("translations", "mark", root, "--to", "fr")
    assert r.returncode == 0 and r.stdout.count("marked the fr translation") == 2, r.stdout + r.stderr
    text = (root / "findings.yaml").read_text(encoding="utf-8")
    assert "# reviewed by A. B." in text and "translations: {fr: {original: " in text
    assert re.search(r"\n      # reviewed by A. B.\n      original: [0-9a-f]{10}\n      title: Deux navires", text)
    assert "translation-stale" not in run_cli("check", root).stderr
    again = run_cli("translations", "mark", root, "--to", "fr")
    assert "every fr translation is marked" in again.stdout and (root / "findings.yaml").read_text() == text


def test_mark_quotes_a_hash_yaml_would_read_as_a_number(make_dossier, monkeypatch):
    """One hash in a hundred is all digits: written plain, YAML would read a number and the dossier would fail
    to load."""
    import briefgen.translate as translate
    from briefgen.load import load

    root = _small(make_dossier, FR_OK)
    for digest in ("1234567890", "0123456789", "12345e6789"):  # an int; an int to YAML 1.2; a float to 1.2
        monkeypatch.setattr(translate, "original_hash", lambda item, tr, d=digest: d)
        assert translate.mark(load(root), "fr") == ["finding 'f'"]
        assert f'original: "{digest}"' in (root / "findings.yaml").read_text(encoding="utf-8")
        assert load(root).findings[0].translations["fr"].original == digest


STALE = SAMPLE.parent.parent / "tests" / "fixtures" / "stale-translation"


def test_the_stale_fixture_is_reported_where_its_hash_stands(tmp_path):
    """A dossier whose English was corrected after its French was marked (tests/fixtures/stale-translation):
    check reports that translation stale at its hash, and its numbers (2 800 against 2,900) where they stand,
    and nothing else; the status counts it; once the French is corrected and marked, all is current."""
    root = tmp_path / "stale"
    shutil.copytree(STALE, root)
    finding = root / "findings" / "boats.yaml"
    r = run_cli("check", root)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ": warning: " in ln]
    assert [ln.split(": warning: ")[0] for ln in lines] == [
        f"stale/findings/boats.yaml:{_line_of(finding, needle)}:5"
        for needle in ("original:", "title: 2 800", "summary: Sea Watchers a", "    body:")]
    assert "is stale" in lines[0] and all("2800" in ln and "2900" in ln for ln in lines[1:])
    status = run_cli("translations", "status", root)
    assert "fr: 2 current, 1 stale, 0 missing" in status.stdout, status.stdout
    finding.write_text(finding.read_text(encoding="utf-8").replace("2 800", "2 900"), encoding="utf-8")
    assert run_cli("translations", "mark", root, "--to", "fr").returncode == 0
    r = run_cli("check", root)
    assert r.returncode == 0 and ": warning: " not in r.stderr, r.stderr
    assert "fr: 3 current, 0 stale, 0 missing" in run_cli("translations", "status", root).stdout
