"""Typography per language (issue 19): quotes, no-break spaces and full-width punctuation, in the tree and in
both formats (render/typography.py, cite/typography.py)."""

from __future__ import annotations

import copy
import zipfile
from types import SimpleNamespace

import pytest
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, docx_notes_text, docx_text, pdf_text, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from briefgen.cite.typography import smarten
from briefgen.render.markup import to_tree
from briefgen.render.typography import rules, typeset, typeset_inlines
from briefgen.tree import Link, Str, plain_text

NN, NB = "\u202f", "\u00a0"  # narrow no-break space, no-break space


def typeset_md(markdown: str, language: str) -> str:
    """The first paragraph of ``markdown`` as the brief in ``language`` prints it; set twice, as once."""
    blocks = to_tree(markdown, None, language)
    typeset(blocks, language)
    once = copy.deepcopy(blocks)
    typeset(blocks, language)
    assert blocks == once, "setting the text twice changed it again"
    return plain_text(blocks[0].children)


# --- the rule per language -------------------------------------------------------------------------


@pytest.mark.parametrize("tag, name", [
    ("fr", "fr"), ("fr-CA", "fr"), ("de-AT", "de"), ("es-419", "es"), ("ru", "ru"), ("zh", "zh"),
    ("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_Hans_CN", "zh"), ("zh-TW", "zh-Hant"), ("zh-Hant", "zh-Hant"),
    ("zh-HK", "zh-Hant"), ("zh-Hans-HK", "zh"), ("en-GB", "en"), ("pt-BR", "en"), ("ug", "en"), (None, "en"),
])
def test_rule_chosen_by_primary_subtag_and_chinese_by_script(tag, name):
    assert rules(tag).name == name


def test_english_and_languages_without_rules_are_left_as_they_are():
    md = 'He said "no": it was 10:30; really? See [the report](https://example.org/?a=1) and `x: y`.'
    for lang in ("en", "en-GB", "pt-BR", "ug"):
        assert not rules(lang).active
        blocks = to_tree(md, None, lang)
        before = copy.deepcopy(blocks)
        typeset(blocks, lang)
        assert blocks == before
    assert typeset_md(md, "en").startswith("He said “no”: it was 10:30; really?")


# --- French ----------------------------------------------------------------------------------------


def test_french_quotes_and_spaces():
    assert typeset_md('He said "no": it was 10:30; really? Yes!', "fr") == \
        f"He said «{NN}no{NN}»{NB}: it was 10:30{NN}; really{NN}? Yes{NN}!"


def test_french_ordinary_spaces_become_no_break_ones_and_inner_quotes():
    text = typeset_md("Annexe : les preuves « oui » ! Il a dit 'non' ; l'homme ?! (?)", "fr")
    assert text == f"Annexe{NB}: les preuves «{NN}oui{NN}»{NN}! Il a dit ‹{NN}non{NN}›{NN}; l’homme{NN}?! (?)"


def test_french_leaves_urls_code_addresses_times_and_numbers():
    md = ("Voir https://example.org/a?b=1;c et www.example.org/x!y, `a:b; c!` ou press@example.org! "
          "À 10:30, ratio 3:1, TLP:AMBER, doi:10.1000/xyz, 3.5 et [https://example.org/?q](https://example.org/?q).")
    text = typeset_md(md, "fr")
    for kept in ("https://example.org/a?b=1;c", "www.example.org/x!y", "a:b; c!", "10:30", "3:1", "TLP:AMBER",
                 "doi:10.1000/xyz", "3.5", "https://example.org/?q"):
        assert kept in text, kept
    assert f"press@example.org{NN}!" in text  # the sentence's own mark after the address
    link = next(n for n in to_tree(md, None, "fr")[0].children if isinstance(n, Link))
    assert link.url == "https://example.org/?q"


def test_french_punctuation_across_emphasis_and_after_a_note():
    assert typeset_md("C’est **vrai** ? Oui : *certes*!", "fr") == f"C’est vrai{NN}? Oui{NB}: certes{NN}!"


def test_a_chinese_name_in_a_french_sentence_keeps_its_punctuation():
    text = typeset_md("Le comté de Tekes (特克斯县; ouïghour : Tëkes) et 新疆! Le mot “新疆” et “oui”.", "fr")
    assert f"(特克斯县; ouïghour{NB}: Tëkes)" in text and "新疆!" in text
    assert "“新疆”" in text and f"«{NN}oui{NN}»" in text  # typed curly quotes as the language's, unless foreign


def test_french_heading_table_caption_and_callout_label():
    md = "# Annexe : preuves\n\n| Date : | Lieu ? |\n|---|---|\n| 10:30 | Genève ! |\n"
    blocks = to_tree(md, None, "fr")
    typeset(blocks, "fr")
    assert plain_text(blocks[0].children) == f"Annexe{NB}: preuves"
    table = blocks[1]
    assert [plain_text(c) for c in table.header] == [f"Date{NB}:", f"Lieu{NN}?"]
    assert [plain_text(c) for c in table.rows[0]] == ["10:30", f"Genève{NN}!"]


# --- German, Spanish, Russian -----------------------------------------------------------------------


def test_german_quotes():
    assert typeset_md('Er sagte "nein" und \'ja\'. Zitat: “Es reicht.”', "de") == \
        "Er sagte „nein“ und ‚ja‘. Zitat: „Es reicht.“"


def test_spanish_and_russian_quotes():
    assert typeset_md('Dijo "no" y \'sí\'. ¿De verdad?', "es") == "Dijo «no» y “sí”. ¿De verdad?"
    assert typeset_md('Он сказал "нет" и \'да\': правда?', "ru") == "Он сказал «нет» и „да“: правда?"


# --- Chinese ---------------------------------------------------------------------------------------


def test_chinese_full_width_punctuation_after_ideographs():
    text = typeset_md("新疆警察文件, 2022年5月公开. 比例: 很高! 真的? 新疆(中国) 和 以及 (2018年)", "zh-CN")
    assert text == "新疆警察文件，2022年5月公开。比例：很高！真的？新疆（中国）和 以及（2018年）"
    # as the press template writes a finding's confidence: **title** (label: meaning). body
    text = typeset_md("**T** (有报道: 单一来源). 新疆(中国). Tekes", "zh")
    assert text == "T （有报道：单一来源）。新疆（中国）. Tekes"


def test_chinese_rules_leave_latin_text_and_numbers():
    text = typeset_md("版本 v1.2, 比例 3.5, English text, here. 特克斯县 (Tekes County) 等等... 10:30", "zh")
    assert text == "版本 v1.2, 比例 3.5, English text, here. 特克斯县 (Tekes County) 等等... 10:30"


def test_traditional_chinese_corner_brackets():
    assert typeset_md('他說 "不" 和 \'是\'', "zh-TW") == "他說 「不」 和 『是』"
    assert typeset_md('他说 "不"', "zh-CN") == "他说 “不”"


# --- notes and the list of sources -----------------------------------------------------------------


def test_notes_follow_the_brief_titles_keep_their_own_punctuation():
    title = "The Xinjiang Police Files: Re-Education?"
    note = [Str(f"Zenz, “{title},” 24 mai 2022, "), Link("https://example.org/a?b", [Str("https://example.org/a?b")]),
            Str("; voir aussi 'Faces'.")]
    smarten(note)  # the citation pass: straight quotes curly
    typeset_inlines(note, "fr", keep=(title,), notes=True)
    text = plain_text(note)
    assert text == f"Zenz, «{NN}{title}{NN}», 24 mai 2022, https://example.org/a?b{NN}; voir aussi ‘Faces’."
    english = [Str(f"Zenz, “{title},” 24 May 2022; see 'Faces'.")]
    smarten(english)
    typeset_inlines(english, "en", keep=(title,), notes=True)
    assert plain_text(english) == f"Zenz, “{title},” 24 May 2022; see ‘Faces’."


def test_a_title_holding_a_quotation_keeps_its_colon_in_french_notes():
    """A title quoting someone ('Villagers: "We were given three days"') is printed with its quotation marks made
    single inside the note's; that form was not among the sources' own texts, and got French spacing."""
    from briefgen.cite.styles import quoted
    from briefgen.cite.typography import smart
    from briefgen.load.sources import Source
    from briefgen.render.typography import own_punctuation

    title = 'Qaratal villagers: "We were given three days"'
    source = Source.model_validate({"id": "s", "type": "article-newspaper", "title": title})
    note = [Str(f"Ахмедов, “{quoted(smart(title))},” Kün, 12 novembre 2025.")]  # as the note prints it
    typeset_inlines(note, "fr", keep=own_punctuation([source]), notes=True)
    assert "Qaratal villagers: ‘We were given three days’" in plain_text(note), plain_text(note)


# --- both formats ----------------------------------------------------------------------------------

FINDING = "- {id: f, title: T, summary: S, body: 'BODY [@pub].', confidence: reported}\n"


def _build(make_dossier, tmp_path, language: str, body: str, name: str) -> SimpleNamespace:
    """The public (press) brief of a small dossier in ``language`` whose one finding reads ``body``: its PDF
    text, its Word text, notes and document.xml."""
    dossier = MINIMAL_DOSSIER.replace("clearance: TLP:CLEAR,", f"clearance: TLP:CLEAR, language: {language},")
    root = make_dossier({"dossier.yaml": dossier, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": FINDING.replace("BODY", body)}, name=name)
    out = tmp_path / f"out-{name}"
    result = run_cli("build", root, "--out", out, "-a", "public")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "mini-public.docx") as z:
        xml = z.read("word/document.xml").decode()
    return SimpleNamespace(pdf=pdf_text(out / "mini-public.pdf"), word=docx_text(out / "mini-public.docx"),
                           notes=docx_notes_text(out / "mini-public.docx"), xml=xml)


def test_french_brief_in_both_formats(make_dossier, tmp_path):
    brief = _build(make_dossier, tmp_path, "fr", 'He said "no": it was 10:30; really? See', "fr")
    word, xml = brief.word, brief.xml
    assert f"He said «{NN}no{NN}»{NB}: it was 10:30{NN}; really{NN}? See" in word
    assert f"«{NN}It works.{NN}»" in word  # the template's “...” around the quote
    assert NN in xml and f"»{NB}:" in xml  # U+202F in a run of its own: the body font lacks it (Noto Sans sets it)
    # The PDF's text layer gives every space as U+0020 (the writer sets its words apart at them).
    flat = " ".join(brief.pdf.split())
    assert "He said « no » : it was 10:30 ; really ? See" in flat and "« It works. »" in flat
    # the notes and the list of sources: the style's quotes around a title are the brief's
    assert f"Public Body, «{NN}A public report{NN}», 1 mars 2024" in brief.notes[0]
    assert f"Public Body, «{NN}A public report{NN}», 1 mars 2024" in word


CHINESE = "新疆警察文件, 2022年5月公开, 版本 v1.2, 比例 3.5. 见"
CHINESE_SET = "新疆警察文件，2022年5月公开，版本 v1.2, 比例 3.5. 见"


def test_chinese_brief_in_word(make_dossier, tmp_path):
    assert CHINESE_SET in _build(make_dossier, tmp_path, "zh-CN", CHINESE, "zh").word


def test_chinese_brief_in_pdf(make_dossier, tmp_path):
    pdf = _build(make_dossier, tmp_path, "zh-CN", CHINESE, "zh").pdf
    assert CHINESE_SET in "".join(pdf.split("\n"))


def test_english_brief_unchanged(make_dossier, tmp_path):
    brief = _build(make_dossier, tmp_path, "en", 'He said "no": it was 10:30; really? See', "en")
    assert "He said “no”: it was 10:30; really? See" in brief.word and "“It works.”" in brief.word
    assert NN not in brief.xml and NB + ":" not in brief.xml
    assert "He said “no”: it was 10:30; really? See" in " ".join(brief.pdf.split())
    assert "Public Body, “A public report”, 1 March 2024" in brief.notes[0]


def test_french_pdf_never_breaks_at_a_narrow_no_break_space(make_dossier, tmp_path):
    brief = _build(make_dossier, tmp_path, "fr", 'Il a dit "non" : vraiment ? Oui ; bien ! ' * 30, "long")
    assert brief.word.count(NN) >= 150
    lines = [line.strip() for line in brief.pdf.splitlines() if line.strip()]
    assert not [line for line in lines if line[0] in "»;?!" or line.endswith("«")]


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.text(alphabet="ab 新疆 12.,:;!?()«»\"'“”`@/-\n", max_size=60),
       st.sampled_from(["fr", "de", "ru", "zh", "zh-TW"]))
def test_any_text_set_twice_is_set_once_and_keeps_its_letters(text, language):
    try:
        blocks = to_tree(text, None, language)
    except Exception:  # the parser's own complaints (an empty link ...) are not this pass's business
        return
    letters = _letters(blocks)
    typeset(blocks, language)
    once = copy.deepcopy(blocks)
    typeset(blocks, language)
    assert blocks == once
    assert _letters(blocks) == letters


def _letters(blocks) -> str:
    from briefgen.tree import walk

    parts: list[str] = []
    walk(blocks, inline_fn=lambda n: parts.append(n.text) if isinstance(n, Str) else None)
    return "".join(c for c in "".join(parts) if c.isalnum())


def test_french_punctuation_after_a_name_in_another_script_is_the_sentence_s():
    """"(特克斯县 ; en ouïghour : ...)": the semicolon between spaces is French, and gets its no-break space
    (a line once began with it); Chinese punctuation written inside a Chinese name is left alone."""
    blocks = to_tree("Le district de Tekes (特克斯县 ; en ouïghour : تېكەس) et 新疆；文件.", None, "fr")
    typeset(blocks, "fr")
    from briefgen.tree import plain_text

    text = plain_text(blocks[0].children)
    assert f"特克斯县{NN}; en ouïghour{NB}: تېكەس" in text and "新疆；文件" in text
