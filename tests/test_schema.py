"""The JSON Schemas of a dossier's files (``briefgen/load/schemas/*.json``, ``briefgen schema``), which editors
use for completion and hover text: made from the models, valid Draft 2020-12, accepting the sample and the
second dossier, and rejecting what ``briefgen check`` rejects (and accepting what it accepts)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import textwrap
from pathlib import Path

import pytest
from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, ROOT, SAMPLE, asks_for, run_cli
from jsonschema import Draft202012Validator

from briefgen.errors import Diagnostics
from briefgen.load.paths import builtin_dir, collection_files
from briefgen.load.schema import KINDS, dumps, generate, text
from briefgen.load.yamlsrc import load_yaml

SECOND = ROOT / "tests" / "fixtures" / "second-dossier"


@functools.cache
def validator(kind: str) -> Draft202012Validator:
    """The schema's validator, checking formats as editors do (a date that does not exist is an error)."""
    return Draft202012Validator(json.loads(text(kind)), format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_json(value):
    """YAML data as an editor's YAML 1.2 reading gives it to the schema: dates and times as the text written."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def read(file: Path):
    """A file's data as ``check`` reads it (briefgen's own YAML reader)."""
    diags = Diagnostics()
    loaded = load_yaml(file, diags)
    assert loaded is not None and not diags.errors, [str(d) for d in diags]
    return as_json(loaded[0])


def schema_errors(kind: str, file: Path) -> list[str]:
    """Each error where it stands; where the data matches none of a schema's forms (one entry, a list of them
    ...), the errors against each form."""
    def leaves(error):
        return [leaf for e in error.context for leaf in leaves(e)] if error.context else [error]

    errors = [leaf for e in validator(kind).iter_errors(read(file)) for leaf in leaves(e)]
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def dossier_files(root: Path) -> list[tuple[str, Path]]:
    """Every YAML (or CSL-JSON) file of a dossier with its kind, found as the loader and the theme find them."""
    files = [("dossier", root / "dossier.yaml")]
    files += [(name, f) for name in ("findings", "sources", "asks") for f in collection_files(root, name)]
    files += [("theme", f) for f in (root / "theme.yaml", root / "templates" / "theme.yaml") if f.is_file()]
    return files


@pytest.mark.parametrize("kind", KINDS)
def test_shipped_schema_is_made_from_the_models(kind):
    assert text(kind) == dumps(generate(kind)), (
        f"briefgen/load/schemas/{kind}.json is out of date with the models: run python -m briefgen.load.schema --write")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_draft_2020_12_and_describes_every_key(kind):
    schema = json.loads(text(kind))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/{kind}.json") and schema["title"] and schema["description"]
    assert text(kind).endswith("}\n") and text(kind).isascii()
    for name, definition in schema["$defs"].items():
        assert definition.get("description"), f"{kind}: {name} has no description"
        for key, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{kind}: {name}.{key} has no description (a docstring under the field)"


def test_key_fields_have_examples():
    defs = {name: d for kind in KINDS for name, d in json.loads(text(kind))["$defs"].items()}
    for name, key in [("Dossier", "id"), ("Dossier", "marking"), ("Dossier", "date"), ("Dossier", "audiences"),
                      ("Finding", "id"), ("Finding", "confidence"), ("Finding", "body"), ("Source", "id"),
                      ("Source", "issued"), ("Ask", "id"), ("Audience", "citation_style"), ("Audience", "embargo")]:
        assert defs[name]["properties"][key].get("examples"), f"{name}.{key} has no examples"
    assert "[@" in defs["Finding"]["properties"]["body"]["examples"][0]  # the citation syntax


@pytest.mark.parametrize("root", [SAMPLE, SECOND], ids=["sample", "second-dossier"])
def test_every_file_of_a_dossier_validates(root):
    files = dossier_files(root)
    assert {kind for kind, _ in files} >= {"dossier", "findings", "sources", "asks"}
    problems = {str(f.relative_to(root)): errors for kind, f in files if (errors := schema_errors(kind, f))}
    assert not problems


def test_builtin_theme_validates_and_a_partial_one_too(tmp_path):
    assert not schema_errors("theme", builtin_dir() / "theme.yaml")
    partial = tmp_path / "theme.yaml"
    partial.write_text('colours: {primary: "#abc"}\nfonts: {docx_embed: none}\n', encoding="utf-8")
    assert not schema_errors("theme", partial)


FINDING = """\
id: {id}
title: A finding
summary: One sentence.
body: Claimed here [@pub].
confidence: reported
"""


def finding(id_: str, **change) -> str:
    """A valid finding with some lines changed (a value of None leaves the key out)."""
    lines = dict(line.split(": ", 1) for line in FINDING.format(id=id_).splitlines())
    for key, value in change.items():
        if value is None:
            lines.pop(key)
        else:
            lines[key] = value
    return "".join(f"{k}: {v}\n" for k, v in lines.items())


# (file, its kind, its text, what check says of it and what the schema says (where, and words of its message),
# or None where both accept the file)
CASES = [
    ("findings/unknown-key.yaml", "findings", finding("a") + "confidense: confirmed\n",
     ("unknown key 'confidense'; did you mean 'confidence'?", ": Additional properties are not allowed ('confidense'")),
    ("findings/bad-enum.yaml", "findings", finding("b", confidence="maybe"),
     ("confidence: 'maybe' is not one of", "confidence: 'maybe' is not one of")),
    ("findings/wrong-type.yaml", "findings", finding("c", title="[a list, not text]"),
     ("title: Input should be a valid string", "title: ['a list', 'not text'] is not of type 'string'")),
    ("findings/no-id.yaml", "findings", finding("d", id=None),
     ("missing required key 'id'", ": 'id' is a required property")),
    ("findings/blank.yaml", "findings", finding("e", summary='"   "'),
     ("summary: must hold some text", "summary: '   ' does not match")),
    ("findings/priority.yaml", "findings", finding("f", priority="9"),
     ("priority: Input should be less than", "priority: 9 is greater than the maximum of 5")),
    ("findings/lint-rule.yaml", "findings", finding("g") + "lint_ignore: {single-sorced: one report}\n",
     ("no lint rule 'single-sorced'", "lint_ignore: 'single-sorced' is not one of")),
    ("findings/list-item.yaml", "findings", "- just text\n",
     ("expected a finding as a mapping of keys", "0: 'just text' is not of type 'object'")),
    ("sources/bad-type.yaml", "sources", "- {id: s1, title: T, type: reprot}\n",
     ("'reprot' is not a CSL type", "0/type: 'reprot' is not one of")),
    ("sources/bad-month.yaml", "sources", "- {id: s2, title: T, issued: 2022-13}\n",
     ("month 13 does not exist", "0/issued: '2022-13' does not match")),
    ("sources/bad-url.yaml", "sources", "- {id: s3, title: T, URL: 'javascript:alert(1)'}\n",
     ("is not a web address briefgen links to", "0/URL: 'javascript:alert(1)' does not match")),
    ("sources/no-family.yaml", "sources", "- {id: s4, title: T, author: [{given: John}]}\n",
     ("a name needs 'family'", "0/author/0: 'family' is a required property")),
    ("asks/no-audience.yaml", "asks", "- {id: k1, audiences: [], text: Do it.}\n",
     ("audiences: an empty list; give at least one item", "0/audiences: [] should be non-empty")),
    # What the loader reads before the models do, accepted by both:
    ("findings/deprecated.yaml", "findings", finding("h", confidence="corroborated"), None),
    ("findings/two.yaml", "findings", "".join("- " + textwrap.indent(finding(i), "  ")[2:] for i in "ij"), None),
    ("asks/wrapped.yaml", "asks", "asks:\n  - {id: k2, audiences: [public], text: 'Do it [@pub].'}\n", None),
    ("sources/csl.yaml", "sources", textwrap.dedent("""\
        - id: 42
          title: A CSL-JSON source
          type: article-journal
          author: ["Zenz, Adrian", Associated Press, {literal: Human Rights Watch}]
          issued: 2022
          accessed: 2026-11-20
          container_title: A journal
          DOI: 10.25365/jeacs.2022.3.zenz
          volume: 3
          title-short: Short
          note: For the team.
          archive-url: doi:10.1000/182
        - {id: s5, title: T, issued: {date-parts: [[2022, 5, 24]]}, author: {family: Sudworth, given: John}}
        """), None),
]


def write_dossier(root: Path, files: dict[str, str]) -> Path:
    """A dossier from {relative path: YAML text}, written as is (conftest's make_dossier reads dossier.yaml,
    which here may not be YAML PyYAML can read, such as a date that does not exist)."""
    files = {"sources.yaml": MINIMAL_SOURCES, "asks.yaml": asks_for(MINIMAL_DOSSIER), **files}
    for rel, body in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(body).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """One dossier holding every case, checked once: its root and check's messages."""
    root = write_dossier(tmp_path_factory.mktemp("schema") / "d",
                         {"dossier.yaml": MINIMAL_DOSSIER, **{rel: body for rel, _, body, _ in CASES}})
    result = run_cli("check", root)
    assert result.returncode == 1, result.stderr
    return root, result.stderr.splitlines()


def agree(check_errors: list[str], problems: list[str], expected) -> None:
    if expected is None:
        assert not check_errors and not problems, (check_errors, problems)
    else:
        says_check, says_schema = expected
        assert any(says_check in ln for ln in check_errors), (says_check, check_errors)
        assert any(p.startswith(says_schema) for p in problems), (says_schema, problems)


@pytest.mark.parametrize("rel, kind, expected", [(c[0], c[1], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_schema_and_check_agree(checked, rel, kind, expected):
    root, lines = checked
    agree([ln for ln in lines if ln.startswith(f"d/{rel}:") and ": error: " in ln], schema_errors(kind, root / rel),
          expected)


DOSSIER_CASES = [
    ("bad-marking", MINIMAL_DOSSIER.replace("marking: TLP:CLEAR", "marking: TLP:PINK"),
     ("marking: 'TLP:PINK' is not one of", "marking: 'TLP:PINK' is not one of")),
    ("audience-name", MINIMAL_DOSSIER.replace("  inner: {", "  Inner: {"),
     ("audience names must be lowercase", "audiences: 'Inner' does not match")),
    ("lint-rule", MINIMAL_DOSSIER + "lint: {single-sorced: off}\n",
     ("no lint rule 'single-sorced'", "lint: 'single-sorced' is not one of")),
    ("no-zone", MINIMAL_DOSSIER.replace("template: press,", "template: press, embargo: 2026-12-01T09:00,"),
     ("give the embargo's time zone", "audiences/public/embargo: '2026-12-01T09:00' does not match")),
    ("no-date", MINIMAL_DOSSIER.replace("date: 2026-01-15", "date: 2026-02-30"),
     ("date: 2026-02-30 is not a date", "date: '2026-02-30' is not a 'date'")),
    ("list-for-text", MINIMAL_DOSSIER.replace("title: Minimal dossier", "title: [Minimal, dossier]"),
     ("title: Input should be a valid string", "title: ['Minimal', 'dossier'] is not of type 'string'")),
    ("style", MINIMAL_DOSSIER.replace("citation_style: press", "citation_style: apa"),
     ("citation_style: expected chicago-notes", "audiences/public/citation_style: 'apa' does not match")),
    ("no-organisation", MINIMAL_DOSSIER.replace("organisation: {name: Test Org, about: Test Org tests briefgen.}\n",
                                                ""),
     ("missing required key 'organisation'", ": 'organisation' is a required property")),
    # An id that names files elsewhere: "x/../../y" wrote the briefs outside the output folder.
    ("id-path", MINIMAL_DOSSIER.replace("id: mini", 'id: "x/../../escaped"'),
     ("id: 'x/../../escaped' cannot name a file", "id: 'x/../../escaped' does not match")),
    ("accepted", MINIMAL_DOSSIER.replace("template: press,", "template: press, embargo: 2026-12-01T09:00Z,")
     + "lint: {single-sourced: off, url-not-archived: warning}\n", None),
]


@pytest.mark.parametrize("text_, expected", [c[1:] for c in DOSSIER_CASES], ids=[c[0] for c in DOSSIER_CASES])
def test_schema_and_check_agree_on_the_dossier_file(tmp_path, text_, expected):
    # A finding that cannot be read stops check once the files are read: quick, and dossier.yaml fully judged.
    root = write_dossier(tmp_path / "d", {"dossier.yaml": text_, "findings/x.yaml": "- 1\n"})
    result = run_cli("check", root)
    assert "d/findings/x.yaml:1:3: error: expected a finding as a mapping" in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("d/dossier.yaml:") and ": error: " in ln]
    agree(errors, schema_errors("dossier", root / "dossier.yaml"), expected)


THEME = """\
page:
  margins_mm: {top: 500}
fonts:
  bdy: PT Sans
sizes:
  body: [10]
colours:
  primary: red
  accent: "#abc"
"""


def test_schema_and_check_agree_on_a_theme(tmp_path):
    root = write_dossier(tmp_path / "d", {"dossier.yaml": MINIMAL_DOSSIER, "theme.yaml": THEME,
                                          "findings.yaml": "- " + textwrap.indent(finding("f1"), "  ")[2:]})
    result = run_cli("check", root)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("d/theme.yaml:") and ": error: " in ln]
    problems = schema_errors("theme", root / "theme.yaml")
    expected = {"page/margins_mm/top": "less than or equal to 80", "fonts": "unknown key 'bdy'",
                "sizes/body": "sizes.body: Input should be a valid number",
                "colours/primary": "expected a colour as #RRGGBB"}
    assert len(errors) == len(expected) and all(any(m in ln for ln in errors) for m in expected.values()), errors
    assert {p.split(": ")[0] for p in problems} == set(expected), problems  # "#abc" is a colour for both


def test_schema_command_prints_the_shipped_schemas():
    result = run_cli("schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == text("dossier")
    assert "dossier" in json.loads(result.stdout)["title"]
    result = run_cli("schema", "findings")
    assert result.returncode == 0 and json.loads(result.stdout) == json.loads(text("findings"))
    result = run_cli("schema", "nosuch")
    assert result.returncode == 2 and "nosuch" in result.stderr


def test_schema_command_offers_every_kind_and_loads_no_model():
    import subprocess
    import sys

    from briefgen.cli import cli

    assert list(cli.commands["schema"].params[0].type.choices) == list(KINDS)
    code = ("import sys; from briefgen.cli import cli\ntry: cli(['schema', 'theme'])\nexcept SystemExit: pass\n"
            "assert 'pydantic' not in sys.modules, 'briefgen schema loaded pydantic'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT / "tests")
    assert result.returncode == 0 and '"title": "briefgen theme.yaml"' in result.stdout, result.stderr
