"""Property-based tests (Hypothesis) of the command line on hostile input.

Arbitrary Unicode (every script, controls, bidi and combining marks, huge and empty strings) in every printed
field of a dossier, and malformed YAML made by cutting and splicing a good dossier. Whatever comes in:
``check`` and ``build`` end with status 0 or 1, never an exception; a failure prints only one-line
``file:line: error:`` diagnostics and writes nothing; a success writes both formats, and the words of every
field the brief prints are in the PDF and the Word file (or a warning names the characters no font has).

The run is derandomised (a fixed seed) and bounded: ``BRIEFGEN_FUZZ_EXAMPLES`` examples per property
(default 20 in CI); ``BRIEFGEN_FUZZ_RANDOM=1`` draws new examples on each run, for longer local runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image

from briefgen.cli import cli

BASE = Path(__file__).parent / "fixtures" / "malformed" / "_base"
EXAMPLES = int(os.environ.get("BRIEFGEN_FUZZ_EXAMPLES", "20"))
FUZZ = settings(max_examples=EXAMPLES, derandomize=not os.environ.get("BRIEFGEN_FUZZ_RANDOM"), deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DIAGNOSTIC = re.compile(r"^\S*?:\d+(:\d+)?: (error|warning): \S|^\S+: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?$|^briefgen: (build|export|import|mark) failed; no file was written\.$")
WORD = re.compile(r"[^\W_]+")

# Text from every corner of Unicode, weighted towards what breaks writers: controls, format characters
# (bidi marks, byte-order marks, joiners), combining marks, right-to-left and CJK letters, symbols, emoji.
SPECIAL = "\x00\x07\x0b\x0c\x1b\x7f\x85\u200b\u200d\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u00ad\u2028\u0301\u0308"
SCRIPTS = "aé ßΩжش ئۇيغۇر中文한국어नमस्तेשלוםཀ་→⇒✓😀🇺🇳*_[]<>&@#|`\\\"'\n\t"
text = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
    st.text(st.sampled_from(SPECIAL + SCRIPTS), max_size=60),
    st.text(st.sampled_from(SCRIPTS), min_size=400, max_size=1500),
)


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's (controls become \\uXXXX)."""
    return json.dumps(value, ensure_ascii=False)


def _cli(*args) -> tuple[int, str, str, BaseException | None]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    exc = result.exception if not isinstance(result.exception, SystemExit) else None
    return result.exit_code, result.stdout, result.stderr, exc


def _assert_clean_failure(code: int, stderr: str, exc, out: Path | None = None) -> None:
    assert exc is None, f"an exception escaped: {exc!r}"
    assert code in (0, 1), (code, stderr)
    for line in stderr.splitlines():
        assert DIAGNOSTIC.match(line) or SUMMARY.match(line), f"not a diagnostic: {line!r}"
    if code == 1 and out is not None:
        assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return re.sub(r"<[^>]+>", " ", xml)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _plain_words(value: str) -> set[str]:
    """The words a reader must find: letters and digits, in tokens of simple scripts (shaped text is glyphs in a
    PDF), of what the field holds once cleaned."""
    from briefgen.fonts.scripts import needs_shaping
    from briefgen.load.text import clean

    value = clean(value)[0]
    return {w for token in value.split() if not needs_shaping(token) for w in WORD.findall(token)
            if w.isascii() and len(w) > 1}


TRIED: list[str] = []  # the languages of the examples tried, and of those that built
BUILT: list[str] = []


# Two right-to-left briefs of ordinary text, tried first whatever the draw: the generated texts may hold a
# control character YAML forbids in every right-to-left example of a run (a clean error, not a build), and
# test_any_text_builds_in_every_direction asks that right-to-left briefs build.
_UYGHUR = dict(title="ئۈرۈمچى", summary="خەۋەر", body="تەكشۈرۈش 2022", source_title="دوكلات", ask="سوئال",
               subtitle="قوشۇمچە", term="新疆", quote="گۇۋاھچى", contact="ئالاقە")


@pytest.mark.slow
@FUZZ
@given(title=text, summary=text, body=text, source_title=text, ask=text, subtitle=text, term=text,
       quote=text, contact=text, language=st.sampled_from(["en", "ug", "ar"]))
@example(**_UYGHUR, language="ug")
# A combining mark before a Chinese character: the Chinese font sets it, and its subset must hold it (it printed
# as the font's empty box, and failed PDF/UA-1 and PDF/A-3a; found with random seeds and 150 examples).
@example(title="", summary="", body="", source_title="", ask="", subtitle="", term="", quote="", contact="\u0300\u4e00",
         language="en")
# Punctuation before an emoji: the word went whole into Noto Emoji, which has no colon (its empty box; PDF/UA-1 and
# PDF/A-3a failed on the code's text; found with random seeds and 100 examples).
@example(title="", summary="", body="", source_title="", ask="", subtitle="", term="", quote="", contact=":\U0001F5FA",
         language="en")
# A soft hyphen in a source's title: its note is set by ReportLab's paragraph, which the writer then asked to
# forget its words as it does its own (an exception, no brief; found with random seeds and 100 examples).
@example(title="", summary="", body="", source_title="\xad", ask="", subtitle="", term="", quote="", contact="",
         language="en")
@example(title="الأسماك", summary="تقرير", body="شهادة 2022", source_title="مصدر", ask="تحقيق", subtitle="ملخص",
         term="新疆", quote="شاهد", contact="مكتب", language="ar")
def test_any_text_in_any_field(title, summary, body, source_title, ask, subtitle, term, quote, contact, language):
    """Any text in any field, in a brief written left to right or right to left (Uyghur, Arabic)."""
    TRIED.append(language)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        shutil.copytree(BASE, root)
        dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
        dossier = dossier.replace("title: A small dossier", f"title: A small dossier\nsubtitle: {_yaml(subtitle)}"
                                  f"\nlanguage: {language}")
        dossier += f"glossary:\n  - {{term: {_yaml('Term ' + term)}, forms: {{zh-CN: {_yaml(term)}}}}}\n"
        base_contacts = "contacts: [{name: Press desk, email: press@example.org}]\n"
        assert base_contacts in dossier  # replaced, not given twice (a duplicate key fails every example)
        dossier = dossier.replace(base_contacts, f"contacts:\n  - {{name: {_yaml('Desk ' + contact)}, "
                                                 f"role: {_yaml(contact)}, email: press@example.org}}\n")
        (root / "dossier.yaml").write_text(dossier, encoding="utf-8")
        (root / "findings" / "fish.yaml").write_text(
            f"id: fish\ntitle: {_yaml('Fish ' + title)}\nsummary: {_yaml('Dead ' + summary)}\n"
            f"body: {_yaml(body + ' [@report]')}\nconfidence: shared-origin\ntags: [river]\n"
            f"quotes:\n  - {{text: {_yaml('Said ' + quote)}, speaker: Fisher, source: news}}\n", encoding="utf-8")
        sources = (root / "sources.yaml").read_text(encoding="utf-8")
        (root / "sources.yaml").write_text(sources.replace("title: Fish die in the river",
                                                           f"title: {_yaml('Fish ' + source_title)}"), encoding="utf-8")
        (root / "asks.yaml").write_text(f"- id: inquiry\n  audiences: [press, diplomats]\n"
                                        f"  text: {_yaml('Open ' + ask + ' [@report]')}\n", encoding="utf-8")

        code, _, stderr, exc = _cli("check", root, "-j", "1")
        _assert_clean_failure(code, stderr, exc)
        out = Path(tmp) / "out"
        code, _, stderr, exc = _cli("build", root, "-o", out, "-j", "1")
        _assert_clean_failure(code, stderr, exc, out)
        if code:
            return
        BUILT.append(language)
        pdf, docx = _pdf_text(out / "base-diplomats.pdf"), _docx_text(out / "base-diplomats.docx")
        for field in ("Fish " + title, "Said " + quote):
            for word in _plain_words(field):
                assert word in docx, (word, field)
                assert word in pdf or "no font of the theme has" in stderr, (word, field)
        # Tagged as PDF/UA-1 and archival as PDF/A-3a whatever the text; a character no font has (reported)
        # is the one exception.
        undrawable = {"ua1": {"PDFUA1-FONT-GLYPH-PRESENCE-001", "PDFUA1-FONT-UNICODE-MAPPING-001"},
                      "3a": {"PDFA3A-NOTDEF-GLYPH-001", "PDFA3A-TRUETYPE-GLYPH-PRESENCE-001",
                             "PDFA3A-UNICODE-MAPPING-001"}}
        for profile, rules in undrawable.items():
            failed = _failures(out / "base-diplomats.pdf", profile)
            allowed = rules if "no font of the theme has" in stderr else set()
            assert {f.split(":")[0] for f in failed} <= allowed, failed


def _failures(path: Path, profile: str) -> list[str]:
    try:
        import page
    except ImportError:
        return []
    report = page.validate_pdf(str(path), profile=profile, limits=page.SafetyLimits(max_reference_depth=100_000))
    return [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_any_text_builds_in_every_direction():
    """Run after the property: a fair share of its examples build (it once failed every example on a
    duplicate key, unseen), right to left ones among them."""
    if not TRIED:
        pytest.skip("run with test_any_text_in_any_field")
    assert len(BUILT) >= max(1, len(TRIED) // 5) and set(BUILT) & {"ug", "ar"}, (len(TRIED), BUILT)


def _splice(data, files: dict[str, str]) -> tuple[str, str]:
    name = data.draw(st.sampled_from(sorted(files)))
    original = files[name]
    at = data.draw(st.integers(0, len(original)))
    cut = data.draw(st.integers(0, min(40, len(original) - at)))
    insert = data.draw(st.one_of(
        st.text(st.sampled_from(":-[]{}&*!|>'\"#%@ \n\t?,0123456789abc"), max_size=12),
        st.sampled_from(["\n  - ", ": ", "&a ", "*a", "<<: *a\n", "!!binary ", "---\n", "\t", "[", "{", "\n"]),
    ))
    return name, original[:at] + insert + original[at + cut:]


@pytest.mark.slow
@FUZZ
@given(data=st.data())
def test_malformed_yaml_never_crashes(data):
    files = {str(p.relative_to(BASE)): p.read_text(encoding="utf-8") for p in BASE.rglob("*.yaml")}
    name, mangled = _splice(data, files)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        shutil.copytree(BASE, root)
        (root / name).write_text(mangled, encoding="utf-8")
        code, _, stderr, exc = _cli("check", root, "-j", "1")
        _assert_clean_failure(code, stderr, exc)
        out = Path(tmp) / "out"
        code, _, stderr, exc = _cli("build", root, "-o", out, "-j", "1")
        _assert_clean_failure(code, stderr, exc, out)


@pytest.mark.slow
@FUZZ
@given(title=text, body=text, speaker=text, dossier_title=text, ask=text)
# A citation group that is none, across a line break: its error quoted it whole, on two lines (found at random).
@example(title="", body="", speaker="", dossier_title="", ask="x [@ß" + "<" * 80 + "\n]")
def test_any_text_in_any_translation(title, body, speaker, dossier_title, ask):
    """Any text in a French translation of a finding, an ask and the dossier, for a French audience: check,
    translations mark, build, export and import end with status 0 or 1 and one-line diagnostics; what builds
    prints the translated title's words."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        shutil.copytree(BASE, root)
        dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
        dossier = dossier.replace("audiences:\n", "audiences:\n  fr: {label: Note, template: diplomats, clearance: "
                                  "TLP:CLEAR, language: fr, framing: {purpose: 'Objet [@report].', key_messages: "
                                  "['Message [@report].']}}\n", 1)
        dossier += f"translations:\n  fr: {{title: {_yaml('Poissons ' + dossier_title)}}}\n"
        (root / "dossier.yaml").write_text(dossier, encoding="utf-8")
        fish = root / "findings" / "fish.yaml"
        fish.write_text(fish.read_text(encoding="utf-8") + (
            f"quotes:\n  - {{text: Said, speaker: Fisher, source: news}}\n"
            f"translations:\n  fr:\n    title: {_yaml('Poissons ' + title)}\n"
            f"    body: {_yaml(body + ' [@report, p. 4; @news]')}\n"
            f"    quotes: [{{text: Dit, speaker: {_yaml('Pêcheur ' + speaker)}}}]\n"), encoding="utf-8")
        (root / "asks.yaml").write_text(
            "- id: inquiry\n  audiences: [press, diplomats, fr]\n  text: 'Open an inquiry [@report].'\n"
            f"  translations: {{fr: {{text: {_yaml('Ouvrir ' + ask + ' [@report]')}}}}}\n", encoding="utf-8")
        for args in (("check", root, "-j", "1"), ("translations", "mark", root, "--to", "fr"),
                     ("translations", "status", root)):
            code, _, stderr, exc = _cli(*args)
            _assert_clean_failure(code, stderr, exc)
        out = Path(tmp) / "out"
        code, _, stderr, exc = _cli("build", root, "-a", "fr", "-o", out, "-j", "1")
        _assert_clean_failure(code, stderr, exc, out)
        if code == 0:
            docx = _docx_text(out / "base-fr.docx")
            for word in _plain_words("Poissons " + title):
                assert word in docx, (word, title)
        po = Path(tmp) / "fr.po"
        code, _, stderr, exc = _cli("translations", "export", root, "--to", "fr", "--all", "-o", po)
        _assert_clean_failure(code, stderr, exc)
        if code == 0:
            code, _, stderr, exc = _cli("translations", "import", po, root)
            _assert_clean_failure(code, stderr, exc)


# Markdown built of the blocks a finding's body may hold, nested and mixed, with words that are Markdown too.
_WORDS = st.lists(st.sampled_from(["river", "fish", "Plant", "3,400", "中文测试，", "ئۇيغۇر", "한국어", "a*b", "x_y",
                                   "`code`", "[link](https://example.org/a)", "**bold**", "*it*", "<b>", "&amp;",
                                   "😀", "\u200f", "\u00ad", "1.", "-", "|", "#", "word" * 30, "<!--x-->",
                                   # a web address and text without spaces longer than a line (cut where a
                                   # reader sees it go on, never inside a cluster), links to headings
                                   "https://web.archive.org/web/2022/https://example.org/" + "a-b/c_d?e=f&" * 12,
                                   "ภาษาไทยไม่มีช่องว่าง" * 6, "क्षत्रिय" * 12, "👨\u200d👩\u200d👧" * 20,
                                   "[the river](#river)", "[nowhere](#no-such-heading)",
                                   # reference links (defined below a block, or not), a pandoc footnote mark
                                   "[the register][Reg]", "[reg]", "[reg][]", "[ghost][nowhere]", "[^1]",
                                   # images: alone in a paragraph, an item or a cell they are figures (a tall one
                                   # moves to the next page), in running text their description
                                   "![A tall photograph](tall.png)", "![A small photograph](<small.png> 'A credit')",
                                   "[a link](<https://example.org/a b>)", "](two words)"]),
                  min_size=1, max_size=12).map(" ".join)


def _markdown_blocks(depth: int):
    words = _WORDS
    leaf = st.one_of(
        words,
        st.tuples(st.integers(1, 6), words).map(lambda t: "#" * t[0] + " " + t[1]),
        st.tuples(st.booleans(), st.lists(st.tuples(st.integers(0, 3), words), min_size=1, max_size=5)).map(
            lambda t: "\n".join("  " * min(d, i) + ("1. " if t[0] else "- ") + w for i, (d, w) in enumerate(t[1]))),
        st.tuples(st.integers(1, 12), st.lists(st.lists(words, min_size=1, max_size=6), max_size=4), words).map(
            lambda t: "\n".join(["| " + " | ".join([t[2]] * t[0]) + " |", "|" + "---|" * t[0]]
                                + ["| " + " | ".join((row + [""] * t[0])[:t[0]]) + " |" for row in t[1]])),
        words.map(lambda w: "> " + w + "\n>\n> > " + w),
        words.map(lambda w: "```\n" + w + "\n    " + w + "\n```"),
        words.map(lambda w: "<!-- " + w + " -->"),
        st.just("---"),
        st.just("::: page-break\n:::"),
        st.just("[reg]: https://example.org/register 'The register'"),
        st.sampled_from(["![A tall photograph](tall.png)", "![A small photograph](small.png \"A credit\")"]),
    )
    if depth == 0:
        return leaf
    inner = st.lists(_markdown_blocks(depth - 1), min_size=1, max_size=3).map("\n\n".join)
    return st.one_of(leaf, inner.map(lambda b: "::: callout\n" + b + "\n:::"), inner.map(
        lambda b: "\n".join("> " + line if line else ">" for line in b.splitlines())))


@pytest.mark.slow
@FUZZ
@given(blocks=st.lists(_markdown_blocks(2), min_size=1, max_size=8))
@example(blocks=["::: callout\n> river\n>\n> > river\n:::"])  # a short quote kept together, inside a box
# A page break in a callout: the box's cell measured 72,000 points and the layout stopped (found at once).
@example(blocks=["::: callout\n::: page-break\n:::\n\nriver\n:::"])
# A heading in a callout, then one of a lower rank after it: the second nested under the first, which has no
# entry in the PDF's outline (a box's content has none), and ReportLab refused the skipped level.
@example(blocks=["::: callout\n# river\n\nriver\n:::", "## river", "river"])
# A table of a header row only, taller than a page (eleven columns of a long address and a long word): a
# repeated header cannot split, and the layout stopped (found with random seeds once the words had them).
@example(blocks=["| " + " | ".join(["river https://web.archive.org/web/2022/https://example.org/"
                                    + "a-b/c_d?e=f&" * 12 + " " + "क्षत्रिय" * 12] * 11) + " |\n|" + "---|" * 11])
# A paragraph with a soft hyphen went to ReportLab's Paragraph, which cut a Hindi conjunct between characters
# and set a glyph the font lacks: PDF/UA-1 failed (found with random seeds). Shaped paragraphs are briefgen's.
@example(blocks=['| # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 | # # [link](https://example.org/a) 1. \xad ئۇيغۇر 한국어 river <!--x--> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय *it* 3,400 |\n|---|---|---|---|---|---|---|---|\n| ภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่าง क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय &amp; **bold** \u200f river ภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่าง ภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่าง river \u200f river river | river 1. 👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧 river river **bold** क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय | river \xad <b> क्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रियक्षत्रिय | \xad <b> river river river https://web.archive.org/web/2022/https://example.org/a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f&a-b/c_d?e=f& 😀 | <!--x--> \u200f river | river <!--x--> river river | - *it* &amp; <!--x--> ภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่าง | river ภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่างภาษาไทยไม่มีช่องว่าง river 👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧👨\u200d👩\u200d👧 river |  |  |'])
# A figure alone in a list item that had to move to the next page: ReportLab's list wrapped its frame break,
# and the layout stopped (found by probing images in lists).
@example(blocks=["- ![A tall photograph](tall.png)\n- river"])
def test_any_markdown_in_a_body(blocks):
    """Tables, lists, quotes, callouts, code, headings and comments, nested and mixed, with words that are
    Markdown themselves: check and build end with status 0 or 1 and one-line diagnostics, never an exception;
    a build that succeeds has both files (each writer checks that it holds every word of the brief)."""
    body = "The plant discharged [@report].\n\n" + "\n\n".join(blocks)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "d"
        shutil.copytree(BASE, root)
        (root / "findings" / "fish.yaml").write_text(
            f"id: fish\ntitle: Fish died\nsummary: Fish died.\nbody: {_yaml(body)}\nconfidence: shared-origin\n"
            "tags: [river]\n", encoding="utf-8")
        for name, size in (("tall.png", (300, 700)), ("small.png", (200, 120))):
            Image.new("RGB", size, (70, 90, 110)).save(root / name)
        code, _, stderr, exc = _cli("check", root, "-j", "1")
        _assert_clean_failure(code, stderr, exc)
        out = Path(tmp) / "out"
        code, _, stderr, exc = _cli("build", root, "-a", "diplomats", "-o", out, "-j", "1")
        _assert_clean_failure(code, stderr, exc, out)
        MARKDOWN_TRIED.append(code)
        if code == 0:
            assert (out / "base-diplomats.pdf").is_file() and (out / "base-diplomats.docx").is_file()
            # Whatever the structure: tagged as PDF/UA-1 and archival as PDF/A-3a (a character no font has,
            # reported, is the one exception).
            allowed = {"PDFUA1-FONT-GLYPH-PRESENCE-001", "PDFUA1-FONT-UNICODE-MAPPING-001", "PDFA3A-NOTDEF-GLYPH-001",
                       "PDFA3A-TRUETYPE-GLYPH-PRESENCE-001", "PDFA3A-UNICODE-MAPPING-001"} \
                if "no font of the theme has" in stderr else set()
            for profile in ("ua1", "3a"):
                failed = _failures(out / "base-diplomats.pdf", profile)
                assert {f.split(":")[0] for f in failed} <= allowed, failed


MARKDOWN_TRIED: list[int] = []  # the build's status for each example


def test_most_markdown_bodies_build():
    """Run after the property: most of its examples build (a property whose every example fails at check
    would test nothing)."""
    if not MARKDOWN_TRIED:
        pytest.skip("run with test_any_markdown_in_a_body")
    assert MARKDOWN_TRIED.count(0) >= len(MARKDOWN_TRIED) // 2, MARKDOWN_TRIED
