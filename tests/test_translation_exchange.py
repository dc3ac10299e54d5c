"""Translations exchanged with translators (issue 19): `briefgen translations export` writes what is to translate
into a language as a PO file, `import` brings the translations back under their originals, marked with the hash
of the original they translate; a round trip on the sample, and what import leaves out or refuses."""

from __future__ import annotations

import difflib
import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, SAMPLE, docx_text, pdf_text, run_cli

CITE = re.compile(r"\[[^\[\]]*@[^\[\]]*\]")
NUMBER = re.compile(r"\d+(?:,\d{3})*")


def _word(context: str) -> str:
    """A made-up word, letters only, of one message: its translation can be found in the briefs."""
    return "".join(chr(ord("g") + int(c)) if c.isdigit() else c for c in hashlib.sha1(context.encode()).hexdigest()[:8])


def french(msg) -> str:
    """A French-looking translation of a message that keeps its citations, its numbers and its paragraphs."""
    if msg.context.startswith("glossary:"):
        return msg.id  # names that stay as they are
    nums = NUMBER.findall(CITE.sub(" ", msg.id))
    text = f"Version française {_word(msg.context)}" + (" avec " + " et ".join(nums) if nums else "")
    text += "".join(" " + c for c in CITE.findall(msg.id)) + "."
    return text + ("\n\nDeuxième paragraphe en français." if "\n\n" in msg.id else "")


def _read(path: Path):
    with open(path, "rb") as fh:
        return read_po(fh)


def _fill(source: Path, dest: Path, translate=french):
    """The export translated as a translator's tool would: every msgstr written, the fuzzy flags removed."""
    catalog = _read(source)
    for msg in catalog:
        if msg.id:
            msg.string = translate(msg)
            msg.flags.discard("fuzzy")
    with open(dest, "wb") as fh:
        write_po(fh, catalog, width=76)
    return catalog


def _only_inserted(before: str, after: str) -> bool:
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    return all(op in ("equal", "insert") for op, *_ in ops)


NEW_ASK = """
- id: rapporteur-follow-up
  audiences: [rapporteur-fr]
  addressee: Special Rapporteur
  rests_on: [detainee-photographs]
  text: |
    Follow up on the more than 2,800 people shown in the police photographs [@ICIJ-XPF; @BBC].

    Ask which of them are still held [@BBC].
  priority: 3
"""


@pytest.fixture
def sample(tmp_path):
    """The sample after an English edit (the French of a finding is now stale), with a new finding and a new ask
    for the French audience, not translated."""
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    finding = root / "findings" / "detainee-photographs.yaml"
    finding.write_text(finding.read_text(encoding="utf-8").replace(
        "some of them minors [@ICIJ-XPF", "some of them children [@ICIJ-XPF").replace(
        "  fr:\n    original:", "  fr:\n    # reviewed by A. B.\n    original:"), encoding="utf-8")
    text = (root / "findings" / "beijing-rejects-files.yaml").read_text(encoding="utf-8")
    new = text[:text.index("translations:")].replace("id: beijing-rejects-files", "id: smear-response").replace(
        "tags: [response, diplomacy, leak]", "tags: [leak, camps, un]").replace("priority: 2", "priority: 1")
    (root / "findings" / "smear-response.yaml").write_text("# Added after the French was written.\n" + new,
                                                          encoding="utf-8")
    asks = root / "asks.yaml"
    asks.write_text(asks.read_text(encoding="utf-8") + NEW_ASK, encoding="utf-8")
    return root


def test_a_round_trip_through_a_po_file(sample, tmp_path):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    r = run_cli("translations", "export", sample, "--to", "fr", "-o", po)
    assert r.returncode == 0 and r.stdout.startswith(f"wrote {po}: 14 texts into fr, 11 to translate, 3 to review"), \
        r.stdout + r.stderr
    first = po.read_bytes()
    assert run_cli("translations", "export", sample, "--to", "fr", "-o", po).returncode == 0
    assert po.read_bytes() == first  # the same dossier, the same bytes
    catalog = _read(po)
    assert str(catalog.locale) == "fr" and catalog.project == "xinjiang-police-files"
    assert "charset=utf-8" in dict(catalog.mime_headers)["Content-Type"]
    messages = {m.context: m for m in catalog if m.id}
    fuzzy = {k for k, m in messages.items() if m.fuzzy}
    assert fuzzy == {f"finding:detainee-photographs:{f}" for f in ("title", "summary", "body")}
    body = messages["finding:detainee-photographs:body"]
    assert "some of them children" in body.id and "dont certains mineurs" in body.string
    assert body.locations == [("findings/detainee-photographs.yaml", 4)]
    assert any("original changed" in c for c in body.user_comments)
    rules = " ".join(body.auto_comments)
    assert "[@ICIJ-XPF; @BBC; @VOC-PR]" in rules and "2,800" in rules and "Markdown" in rules
    speaker = messages["finding:smear-response:quotes.0.speaker"]
    assert speaker.string == "" and "notre traduction" in " ".join(speaker.auto_comments)
    for key in ("finding:smear-response:title", "finding:smear-response:body", "finding:smear-response:quotes.0.text",
                "ask:rapporteur-follow-up:text", "ask:rapporteur-follow-up:addressee", "glossary:Chen Quanguo"):
        assert key in messages and not messages[key].string and not messages[key].fuzzy, key
    if shutil.which("msgfmt"):
        checked = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert checked.returncode == 0 and checked.stderr == "", checked.stderr
    before = {p: p.read_text(encoding="utf-8") for p in (sample / "dossier.yaml", sample / "asks.yaml",
                                                         *sorted((sample / "findings").glob("*.yaml")))}

    _fill(po, filled)
    r = run_cli("translations", "import", filled, sample)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "imported the fr translation of finding 'detainee-photographs' (title, summary, body)" in r.stdout
    assert "imported the fr translation of ask 'rapporteur-follow-up' (text, addressee)" in r.stdout
    checked = run_cli("check", sample)
    assert checked.returncode == 0 and "translation" not in checked.stderr, checked.stderr
    status = run_cli("translations", "status", sample).stdout
    assert re.search(r"^fr: \d+ current, 0 stale, 0 missing$", status, re.M), status
    # Comments and everything but the translations are as they were.
    changed = {p for p, text in before.items() if p.read_text(encoding="utf-8") != text}
    assert {p.name for p in changed} == {"dossier.yaml", "asks.yaml", "detainee-photographs.yaml",
                                         "smear-response.yaml"}
    for path in changed - {sample / "findings" / "detainee-photographs.yaml"}:
        assert _only_inserted(before[path], path.read_text(encoding="utf-8")), path
    finding = (sample / "findings" / "detainee-photographs.yaml").read_text(encoding="utf-8")
    old = before[sample / "findings" / "detainee-photographs.yaml"]
    assert finding[:finding.index("    original:")] == old[:old.index("    original:")]  # the comment included
    assert "# reviewed by A. B." in finding and "# Added after the French was written." in \
        (sample / "findings" / "smear-response.yaml").read_text(encoding="utf-8")
    ask = yaml.safe_load((sample / "asks.yaml").read_text(encoding="utf-8"))[-1]["translations"]["fr"]
    assert ask["text"] == french(messages["ask:rapporteur-follow-up:text"]) + "\n"  # a | block, as the original
    assert re.fullmatch(r"[0-9a-f]{10}", ask["original"])
    # Nothing is left to translate, and the French brief prints the French.
    again = run_cli("translations", "export", sample, "--to", "fr", "-o", po)
    assert again.returncode == 0 and ": 0 texts into fr" in again.stdout and not [m for m in _read(po) if m.id]
    out = tmp_path / "out"
    built = run_cli("build", sample, "-a", "rapporteur-fr", "--out", out)
    assert built.returncode == 0 and "no French translation" not in built.stdout, built.stdout + built.stderr
    pdf = " ".join(pdf_text(out / "xinjiang-police-files-rapporteur-fr.pdf").split())
    docx = " ".join(docx_text(out / "xinjiang-police-files-rapporteur-fr.docx").split())
    for key in ("finding:smear-response:title", "finding:detainee-photographs:body", "ask:rapporteur-follow-up:text"):
        assert f"Version française {_word(key)}" in pdf and f"Version française {_word(key)}" in docx, key


def test_a_po_file_saved_by_a_windows_editor_is_read(sample, tmp_path):
    """A translator's file saved with a byte-order mark and CR LF line ends, or as UTF-16 (Notepad's
    "Unicode"): Babel took the mark for a keyword ("Unknown or misformatted keyword on 0") and the import
    failed. Each says what the plain file says."""
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    assert run_cli("translations", "export", sample, "--to", "fr", "-o", po).returncode == 0
    _fill(po, filled)
    plain = run_cli("translations", "import", filled, sample, "--dry-run")
    assert plain.returncode == 0 and "would import the fr translation of" in plain.stdout, plain.stdout + plain.stderr
    text = filled.read_text(encoding="utf-8")
    for name, data in (("bom.po", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")),
                       ("utf16.po", text.encode("utf-16"))):
        (tmp_path / name).write_bytes(data)
        result = run_cli("translations", "import", tmp_path / name, sample, "--dry-run")
        assert result.returncode == 0, result.stderr
        assert result.stdout == plain.stdout.replace(str(filled), str(tmp_path / name)), name


def test_all_exports_the_current_translations_and_importing_them_changes_nothing(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    po = tmp_path / "fr.po"
    r = run_cli("translations", "export", root, "--to", "fr", "-o", po, "--all")
    assert r.returncode == 0 and "4 to translate, 0 to review (fuzzy: their original changed), 34 current" in r.stdout
    messages = [m for m in _read(po) if m.id]
    assert not any(m.fuzzy for m in messages)
    assert {m.context for m in messages if not m.string} == {f"glossary:{t}" for t in (
        "Chen Quanguo", "Ma Xingrui", "Zhao Kezhi", "Xinjiang Police Files")}
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    r = run_cli("translations", "import", po, root)
    assert r.returncode == 0 and r.stdout.startswith("nothing to import into fr"), r.stdout + r.stderr
    assert "4 messages untranslated, 0 fuzzy" in r.stdout
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_the_po_file_opens_in_polib(sample, tmp_path):
    polib = pytest.importorskip("polib")
    po = tmp_path / "fr.po"
    assert run_cli("translations", "export", sample, "--to", "fr", "-o", po).returncode == 0
    entries = polib.pofile(str(po))
    assert len(entries) == 14 and len(entries.fuzzy_entries()) == 3 and entries.metadata["Language"] == "fr"


def test_an_original_changed_since_the_export_is_left_out(sample, tmp_path):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    run_cli("translations", "export", sample, "--to", "fr", "-o", po)
    _fill(po, filled)
    asks = sample / "asks.yaml"
    asks.write_text(asks.read_text(encoding="utf-8").replace("Ask which of them", "Ask which ones"), encoding="utf-8")
    line = next(m.lineno for m in _read(filled) if m.context == "ask:rapporteur-follow-up:text")
    at = asks.read_text(encoding="utf-8").splitlines().index("    Follow up on the more than 2,800 people shown in "
                                                             "the police photographs [@ICIJ-XPF; @BBC].")
    r = run_cli("translations", "import", filled, sample)
    assert r.returncode == 0, r.stderr
    assert f"fr-filled.po:{line}: warning: ask:rapporteur-follow-up:text: the original changed since the export " \
           f"(asks.yaml:{at})" in r.stderr
    assert "imported the fr translation of ask 'rapporteur-follow-up' (addressee)" in r.stdout
    assert "the fr translation of ask 'rapporteur-follow-up' stays stale" not in r.stdout  # new: nothing was stale
    ask = yaml.safe_load(asks.read_text(encoding="utf-8"))[-1]["translations"]["fr"]
    assert set(ask) == {"original", "addressee"}
    assert "fr: " in run_cli("translations", "status", sample).stdout


def test_dry_run_writes_nothing(sample, tmp_path):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    run_cli("translations", "export", sample, "--to", "fr", "-o", po)
    _fill(po, filled)
    before = {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    r = run_cli("translations", "import", filled, sample, "--dry-run")
    assert r.returncode == 0 and "would import the fr translation of finding 'smear-response'" in r.stdout
    assert "would write d/findings/detainee-photographs.yaml" in r.stdout
    assert {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()} == before


def test_a_second_language_without_an_audience(sample, tmp_path):
    """Spanish: no audience reads it, so only the translations there are, when stale, are exported."""
    finding = sample / "findings" / "shoot-to-kill-protocols.yaml"
    finding.write_text(finding.read_text(encoding="utf-8") + "  es:\n    title: Orden de disparar a los detenidos\n",
                       encoding="utf-8")
    po, filled = tmp_path / "es.po", tmp_path / "es-filled.po"
    r = run_cli("translations", "export", sample, "--to", "es", "-o", po)
    assert r.returncode == 0 and ": 1 text into es, 0 to translate, 1 to review" in r.stdout, r.stdout + r.stderr
    [msg] = [m for m in _read(po) if m.id]
    assert msg.context == "finding:shoot-to-kill-protocols:title" and msg.fuzzy and msg.string.startswith("Orden")
    _fill(po, filled, lambda m: "Orden dada a los guardias de disparar a los detenidos que intentan huir")
    r = run_cli("translations", "import", filled, sample)  # the language from the file's header
    assert r.returncode == 0 and "imported the es translation of finding 'shoot-to-kill-protocols' (title)" \
        in r.stdout, r.stdout + r.stderr
    es = yaml.safe_load(finding.read_text(encoding="utf-8"))["translations"]["es"]
    assert es["title"].startswith("Orden dada") and re.fullmatch(r"[0-9a-f]{10}", es["original"])
    assert "es translation" not in run_cli("check", sample).stderr
    assert ": 0 texts into es" in run_cli("translations", "export", sample, "--to", "es", "-o", po).stdout


# --- a small dossier: every form of file, and what import refuses -------------------------------------------

FR_AUDIENCE = ("audiences:\n  fr: {label: Note, template: diplomats, clearance: TLP:CLEAR, language: fr, "
               "allow_empty: true, framing: {purpose: 'The purpose [@pub].', key_messages: ['First message "
               "[@pub].', 'Second message, 1,200 people [@pub].'], translations: {fr: {purpose: 'Objet "
               "[@pub].'}}}}\n")
FINDINGS = """\
findings:  # the {findings: [...]} form
  - id: f
    title: Two ships
    summary: Two ships sank.
    confidence: reported
    body: |
      Two ships sank in 2021 with 1,200 people on board [@pub].
    translations: {fr: {title: Deux navires}}  # flow style
  - id: g
    title: Three ships
    summary: Three ships sank.
    confidence: reported
    body: Three ships sank [@pub].
"""


@pytest.fixture
def mini(make_dossier):
    return make_dossier({"dossier.yaml": MINIMAL_DOSSIER.replace("audiences:\n", FR_AUDIENCE, 1),
                         "sources.yaml": MINIMAL_SOURCES, "findings.yaml": FINDINGS})


def test_every_form_of_file_takes_its_translations(mini, tmp_path):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    assert run_cli("translations", "export", mini, "--to", "fr", "-o", po).returncode == 0
    keys = [m.context for m in _read(po) if m.id]
    assert keys == ["finding:f:title", "finding:f:summary", "finding:f:body", "finding:g:title", "finding:g:summary",
                    "finding:g:body", "ask:try-it:text", "framing:fr:purpose", "framing:fr:key_messages.0",
                    "framing:fr:key_messages.1", "dossier:title", "dossier:about"]
    _fill(po, filled)
    r = run_cli("translations", "import", filled, mini)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "the translations of finding 'f' were a flow mapping: rewritten as a block mapping" in r.stdout
    findings = (mini / "findings.yaml").read_text(encoding="utf-8")
    assert findings.startswith("findings:  # the {findings: [...]} form\n")
    assert re.search(r"\n    translations:  # flow style\n      fr:\n        original: [0-9a-f]{10}\n        title: "
                     r"Version", findings)  # the comment kept, on the key
    assert "\n        body: |\n          Version française" in findings
    assert re.search(r"- \{id: try-it, .*, text: Try the test\., translations: \{fr: \{original: [0-9a-f]{10}, "
                     r"text: Version française \w+\.\}\}\}", (mini / "asks.yaml").read_text(encoding="utf-8"))
    dossier = yaml.safe_load((mini / "dossier.yaml").read_text(encoding="utf-8"))
    framing = dossier["audiences"]["fr"]["framing"]["translations"]["fr"]
    assert framing["key_messages"][1].endswith("1,200 [@pub].") and framing["purpose"].startswith("Version")
    assert dossier["translations"]["fr"]["about"].startswith("Version française")
    checked = run_cli("check", mini)
    assert checked.returncode == 0 and "translation" not in checked.stderr, checked.stderr
    assert "fr: 5 current, 0 stale, 0 missing" in run_cli("translations", "status", mini).stdout
    assert run_cli("translations", "import", filled, mini).stdout.startswith("nothing to import")  # done already


@pytest.mark.parametrize("body, says", [("Trois navires ont coulé [@secret].", "cites @secret, which the original "
                                         "does not"), ("Trois navires ont coulé.", "does not cite @pub")])
def test_a_translation_that_cites_otherwise_is_refused(mini, tmp_path, body, says):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    run_cli("translations", "export", mini, "--to", "fr", "-o", po)
    catalog = _fill(po, filled, lambda m: body if m.context == "finding:g:body" else french(m))
    before = {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()}
    r = run_cli("translations", "import", filled, mini)
    line = next(m.lineno for m in _read(filled) if m.context == "finding:g:body")
    assert r.returncode == 1 and len(catalog) == 12
    [error] = [ln for ln in r.stderr.splitlines() if " error: " in ln]
    assert error.startswith(f"fr-filled.po:{line}: error: finding:g:body: the fr translation of finding 'g' (body) ")
    assert says in error and "nothing was imported" in error
    assert "no file was written" in r.stderr
    assert {p: p.read_bytes() for p in mini.rglob("*") if p.is_file()} == before


def test_other_numbers_are_imported_with_a_warning(mini, tmp_path):
    po, filled = tmp_path / "fr.po", tmp_path / "fr-filled.po"
    run_cli("translations", "export", mini, "--to", "fr", "-o", po)
    _fill(po, filled, lambda m: "Deux navires ont coulé en 2021 avec 1 300 personnes [@pub]."
          if m.context == "finding:f:body" else french(m))
    r = run_cli("translations", "import", filled, mini)
    [warning] = [ln for ln in r.stderr.splitlines() if "translation-numbers" in ln]
    assert r.returncode == 0 and warning.startswith("d/findings.yaml:") and "1300" in warning, r.stderr


def test_an_export_holds_no_glossary_term_its_audiences_may_not_print(tmp_path):
    """The glossary went to the translator whole: a TLP:RED term that no French audience prints was in the French
    export, and the file was marked TLP:RED for it."""
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
    (root / "dossier.yaml").write_text(dossier.replace(
        "  - term: Chen Quanguo\n",
        "  - term: Witness K-2's village\n    forms: {zh-CN: 某村}\n    sensitivity: TLP:RED\n  - term: Chen Quanguo\n", 1),
        encoding="utf-8")
    po = tmp_path / "fr.po"
    r = run_cli("translations", "export", root, "--to", "fr", "-o", po)
    assert r.returncode == 0, r.stderr
    text = po.read_text(encoding="utf-8")
    assert "Witness K-2" not in text and "TLP:RED" not in text and "glossary:Chen Quanguo" in text


def test_marking_an_unknown_language_or_id_is_an_error(tmp_path):
    """mark --to xx (or --only nosuch) marked nothing and said "every xx translation is marked"."""
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    r = run_cli("translations", "mark", root, "--to", "xx")
    assert r.returncode == 1 and "unknown language 'xx'" in r.stderr and "is marked" not in r.stdout, r.stdout
    r = run_cli("translations", "mark", root, "--to", "fr", "--only", "nosuch")
    assert r.returncode == 1 and "no finding or ask 'nosuch'" in r.stderr, r.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_a_po_file_in_one_language_is_not_imported_as_another(tmp_path):
    """`translations import fr.po --to de` wrote the French texts as the German translations, without a word."""
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    po = tmp_path / "fr.po"
    assert run_cli("translations", "export", root, "--to", "fr", "-o", po, "--all").returncode == 0
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    r = run_cli("translations", "import", po, root, "--to", "de")
    assert r.returncode == 1 and "the PO file is in fr (its Language header), not de" in r.stderr, r.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
