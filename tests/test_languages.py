"""Languages, embargo, and templates users make their own (issue 6), on the produced files."""

from __future__ import annotations

import re
import shutil

import pytest

from briefgen.load.paths import builtin_dir
from conftest import ROOT, SAMPLE, docx_notes_text, docx_parts, docx_text, pdf_text, run_cli

FRENCH = """
  diplomates:
    label: Note d’information pour les diplomates
    template: diplomats
    clearance: TLP:AMBER
    language: fr
    framing:
      purpose: Préparer les délégations aux échanges sur les fichiers de la police du Xinjiang [@BBC].
      key_messages:
        - Les protocoles ordonnent de tirer sur les détenus qui tentent de s’enfuir [@BBC; @ELPAIS].
        - Aucun fichier n’est daté d’après 2018 [@BBC].
  presse:
    label: Communiqué de presse
    template: press
    clearance: TLP:CLEAR
    language: fr
    citation_style: press
    notes: none
    select: {max_findings: 5}
    embargo: 2026-12-01T09:00Z
    framing:
      headline: Des fichiers de la police du Xinjiang ordonnent de tirer sur les détenus en fuite
      hook: Evidence Desk publie aujourd’hui une analyse des fichiers divulgués en mai 2022 [@BBC].
      quote: {name: Amal Haddad, role: Directrice de recherche, text: Ces fichiers sont graves et précis.}
      call_to_action: Les gouvernements doivent demander à la Chine de répondre au HCDH [@OHCHR].
"""

FRENCH_ASK = """
- id: acces-enqueteurs
  audiences: [diplomates]
  addressee: Délégations au Conseil des droits de l’homme
  text: Demander un accès sans restriction au Xinjiang pour des enquêteurs indépendants de l’ONU [@OHCHR].
"""


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    """The sample with a French diplomats' note and an embargoed French press release added."""
    root = tmp_path_factory.mktemp("fr") / "dossier"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
    dossier = dossier.replace("audiences: [press]", "audiences: [press, presse]").replace(
        "audiences: [diplomats, lawmakers]", "audiences: [diplomats, lawmakers, diplomates]")
    (root / "dossier.yaml").write_text(dossier + FRENCH, encoding="utf-8")
    with (root / "asks.yaml").open("a", encoding="utf-8") as fh:
        fh.write(FRENCH_ASK)
    out = root / "out"
    result = run_cli("build", root, "--out", out, "-a", "diplomates", "-a", "presse")
    assert result.returncode == 0, result.stderr
    return out


def test_french_diplomats_brief_has_french_labels_and_dates_in_both_formats(french):
    pdf = " ".join(pdf_text(french / "xinjiang-police-files-diplomates.pdf").split())
    word = " ".join(docx_text(french / "xinjiang-police-files-diplomates.docx").split())
    notes = " ".join(docx_notes_text(french / "xinjiang-police-files-diplomates.docx"))
    for text in (pdf, word):
        # French typography (render/typography.py): a no-break space before a colon (split() takes it as a space)
        for label in ("Objet", "Messages clés", "Points à soulever", "La situation",
                      "Noms dans leur écriture d’origine", "Constats", "Sources", "Diffusion : TLP:AMBER, diffusable",
                      "24 novembre 2026", "Degré de confiance :"):
            assert label in text, label
        assert "Purpose" not in text and "Key messages" not in text and "November 24, 2026" not in text
        assert "Preuves : Origine commune, plusieurs comptes rendus, tous d’une même origine" in text
    for text in (pdf, notes):
        assert "24 mai 2022" in text  # dates in the notes too
    assert re.search(r"Page 1 sur \d+", pdf)
    footer = docx_parts(french / "xinjiang-police-files-diplomates.docx")["word/footer1.xml"].decode()
    assert " sur " in footer and 'w:instr="NUMPAGES"' in footer
    assert 'w:val="fr"' in docx_parts(french / "xinjiang-police-files-diplomates.docx")["word/styles.xml"].decode()


def test_embargo_line_in_both_formats(french):
    line = "SOUS EMBARGO JUSQU’AU 09:00 UTC, mardi 1 décembre 2026"
    assert line in pdf_text(french / "xinjiang-police-files-presse.pdf")
    assert line in docx_text(french / "xinjiang-police-files-presse.docx")
    assert "POUR DIFFUSION IMMÉDIATE" not in pdf_text(french / "xinjiang-police-files-presse.pdf")


def test_english_sample_is_for_immediate_release(sample_build):
    out, _ = sample_build
    assert "FOR IMMEDIATE RELEASE" in pdf_text(out / "xinjiang-police-files-press.pdf")
    assert "EMBARGO" not in pdf_text(out / "xinjiang-police-files-press.pdf")


def _msgids_used():
    ids = set()
    for t in builtin_dir().glob("*.md.j2"):
        ids |= set(re.findall(r'_\("([^"]+)"', t.read_text(encoding="utf-8")))
    from briefgen.render.portions import CONFIDENCE, CONFIDENCE_LABELS, HANDLING

    ids |= set(CONFIDENCE.values()) | set(CONFIDENCE_LABELS.values()) | set(HANDLING.values())  # context
    ids |= {"Page {page} of {pages}", "{title} (continued)"}  # render
    words = re.compile(r"""ctx\._\((?:"([^"]+)"|'([^']+)')\)""")
    for module in (ROOT / "briefgen").rglob("*.py"):  # citation words: ctx._("n.d.")
        ids |= {a or b for a, b in words.findall(module.read_text(encoding="utf-8"))}
    assert {"n.d.", "undated", "Archived at", "accessed", "et al."} <= ids
    return ids


@pytest.mark.parametrize("lang", ["fr", "de", "zh_Hans", "ug", "ar", "es", "ru"])
def test_catalogues_translate_every_label(lang):
    from babel.messages.pofile import read_po

    with (builtin_dir() / "locale" / lang / "LC_MESSAGES" / "briefgen.po").open("rb") as fh:
        catalog = read_po(fh)
    for msgid in _msgids_used():
        assert msgid in catalog and catalog[msgid].string, (lang, msgid)
        for field in re.findall(r"\{\w+\}", msgid):
            assert field in catalog[msgid].string, (lang, msgid)


def test_export_press_template_edit_heading_and_build(make_dossier, tmp_path):
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"})
    result = run_cli("templates", "export", "press", root)
    assert result.returncode == 0, result.stderr
    copy = root / "templates" / "press.md.j2"
    assert (root / "templates" / "theme.yaml").is_file()
    text = copy.read_text(encoding="utf-8")
    assert '## {{ _("Notes to editors") }}' in text
    copy.write_text(text.replace('## {{ _("Notes to editors") }}', "## For the newsdesk"), encoding="utf-8")
    listing = run_cli("templates", "list", root).stdout
    assert re.search(r"^press\s+dossier\s", listing, re.M) and re.search(r"^diplomats\s+built-in\s", listing, re.M)
    out = tmp_path / "out"
    assert run_cli("build", root, "--out", out, "-a", "public").returncode == 0
    for text in (pdf_text(out / "mini-public.pdf"), docx_text(out / "mini-public.docx")):
        assert "For the newsdesk" in text and "Notes to editors" not in text


def test_export_unknown_template_is_a_usage_error(tmp_path):
    result = run_cli("templates", "export", "memo", tmp_path)
    assert result.returncode == 2 and "no built-in template 'memo'" in result.stderr


def test_unknown_language_is_reported(make_dossier):
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER.replace("template: press,", "template: press, language: xx-QQ,"),
                         "sources.yaml": MINIMAL_SOURCES})
    result = run_cli("check", root)
    assert result.returncode == 1 and "unknown language 'xx-QQ'" in result.stderr


def test_worked_example_in_docs_builds(tmp_path):
    """docs/templates.md's custom audience, taken from the page itself, builds from the sample."""

    page = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    example = page[page.index("## A worked example"):]
    audience = re.search(r"```yaml\naudiences:\n(.*?)```", example, re.S).group(1)
    template = re.search(r"```jinja\n(.*?)```", example, re.S).group(1)
    root = tmp_path / "dossier"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    (root / "dossier.yaml").write_text((root / "dossier.yaml").read_text(encoding="utf-8") + audience,
                                       encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "rapporteur.md.j2").write_text(template, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "-a", "rapporteur")
    assert result.returncode == 0, result.stderr
    text = pdf_text(out / "xinjiang-police-files-rapporteur.pdf")
    assert "Submission to the UN Special Rapporteur on torture" in text and "Allegations" in text
    rows = [line.split() for line in result.stdout.splitlines()[2:4]]
    assert rows[0][:4] == ["rapporteur", "pdf", rows[0][2], "9"]  # nine findings, as the page says
    assert "above clearance (TLP:AMBER > TLP:GREEN): authentication-vulnerability" in result.stdout


def test_a_language_without_a_label_catalogue_is_reported(make_dossier):
    """An audience in a language briefgen has no labels for (Brazilian Portuguese) is warned about at its language
    line: its brief would print English headings around Portuguese dates. French has a catalogue; a dossier may
    bring its own."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES

    findings = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"
    portuguese = MINIMAL_DOSSIER.replace("clearance: TLP:CLEAR,", "clearance: TLP:CLEAR, language: pt-BR,")
    root = make_dossier({"dossier.yaml": portuguese, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    r = run_cli("check", root)
    warned = [line for line in r.stderr.splitlines() if "[no-catalogue]" in line]
    assert len(warned) == 1 and "audience 'public'" in warned[0] and "'pt-BR'" in warned[0], r.stderr
    assert warned[0].startswith("d/dossier.yaml:") and "templates/locale/pt_BR/LC_MESSAGES/briefgen.po" in warned[0]
    r = run_cli("check", make_dossier({"dossier.yaml": portuguese.replace("language: pt-BR", "language: fr"),
                                       "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings}, name="fr"))
    assert "[no-catalogue]" not in r.stderr
    own = root / "templates" / "locale" / "pt_BR" / "LC_MESSAGES"
    own.mkdir(parents=True)
    (own / "briefgen.po").write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                                     'msgid "Sources"\nmsgstr "Fontes"\n', encoding="utf-8")
    assert "[no-catalogue]" not in run_cli("check", root).stderr


def test_a_template_and_a_catalogue_saved_by_a_windows_editor(make_dossier, tmp_path):
    """A dossier's template and message catalogue saved with a byte-order mark and CR LF line ends (Notepad):
    the template printed its first div as text ("::: release FOR IMMEDIATE RELEASE :::") and lost its genre
    header; the catalogue's first entry was misread. Both now read as the same files without the mark."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, pdf_text

    from briefgen.load.paths import builtin_dir

    findings = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"
    portuguese = MINIMAL_DOSSIER.replace("clearance: TLP:CLEAR,", "clearance: TLP:CLEAR, language: pt-BR,")
    root = make_dossier({"dossier.yaml": portuguese, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    windows = lambda text: b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")  # noqa: E731
    press = (builtin_dir() / "press.md.j2").read_text(encoding="utf-8")
    (root / "templates").mkdir()
    (root / "templates" / "press.md.j2").write_bytes(windows(press))
    own = root / "templates" / "locale" / "pt_BR" / "LC_MESSAGES"
    own.mkdir(parents=True)
    (own / "briefgen.po").write_bytes(windows('msgid "FOR IMMEDIATE RELEASE"\nmsgstr "PARA DIVULGAÇÃO IMEDIATA"\n\n'
                                              'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'))
    out = tmp_path / "out"
    r = run_cli("build", root, "-a", "public", "--out", out)
    assert r.returncode == 0, r.stderr
    text = pdf_text(out / "mini-public.pdf")
    assert ":::" not in text and "\ufeff" not in text and "PARA DIVULGAÇÃO IMEDIATA" in text, text[:300]
    # The genre header is read: a press release without its headline is still refused.
    (root / "dossier.yaml").write_text(portuguese.replace("headline: Test Org publishes a test, ", ""),
                                       encoding="utf-8")
    r = run_cli("check", root)
    assert r.returncode == 1 and "headline" in r.stderr, r.stderr


def test_chinese_written_zh_gets_the_simplified_chinese_labels(make_dossier, tmp_path):
    """"zh" alone is written in simplified characters (CLDR's likely script): it found no catalogue, warned,
    and printed English labels, where zh-CN and zh-Hans got the Chinese ones. zh-TW (traditional) still has
    none, and is warned about."""
    from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, docx_text

    findings = "- {id: f, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n"
    chinese = MINIMAL_DOSSIER.replace("clearance: TLP:CLEAR,", "clearance: TLP:CLEAR, language: zh,", 1)
    root = make_dossier({"dossier.yaml": chinese, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    out = tmp_path / "out"
    result = run_cli("build", root, "-o", out, "-a", "public")
    assert result.returncode == 0 and "no-catalogue" not in result.stderr, result.stderr
    assert "即时发布" in docx_text(out / "mini-public.docx") and "FOR IMMEDIATE RELEASE" not in pdf_text(
        out / "mini-public.pdf")
    (root / "dossier.yaml").write_text(chinese.replace("language: zh,", "language: zh-TW,"), encoding="utf-8")
    assert "[no-catalogue]" in run_cli("check", root).stderr


def test_templates_export_needs_a_dossier(tmp_path):
    """templates export into a folder with no dossier.yaml wrote templates/ there without a word."""
    r = run_cli("templates", "export", "press", tmp_path / "nowhere")
    assert r.returncode == 2 and "no dossier.yaml in" in r.stderr and not (tmp_path / "nowhere").exists(), r.stderr
