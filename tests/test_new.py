"""`briefgen new`: from an empty folder to a first brief, and the commands that default to this folder."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import docx_text, pdf_text, run_cli

SCAFFOLD_KINDS = {"dossier.yaml": "dossier", "sources.yaml": "sources", "asks.yaml": "asks"}


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    """`briefgen new mybrief`, then `briefgen build` inside it with no DOSSIER argument."""
    empty = tmp_path_factory.mktemp("empty")
    made = run_cli("new", "mybrief", cwd=empty)
    assert made.returncode == 0, made.stderr
    assert "cd mybrief" in made.stdout
    root = empty / "mybrief"
    built = run_cli("build", cwd=root)
    assert built.returncode == 0, built.stderr
    return root


def test_new_then_build_writes_six_files(scaffold):
    names = sorted(p.name for p in (scaffold / "build").iterdir())
    assert names == sorted(f"mybrief-{a}.{f}" for a in ("diplomats", "lawmakers", "press") for f in ("pdf", "docx"))
    for name in names:
        path = scaffold / "build" / name
        assert path.stat().st_size > 1000
        if name.endswith(".docx"):
            assert zipfile.ZipFile(path).testzip() is None
    assert "Evictions in Eastbank" in pdf_text(scaffold / "build" / "mybrief-diplomats.pdf")


def test_new_dossier_checks_clean(scaffold):
    result = run_cli("check", "--format", "json", cwd=scaffold)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert (report["errors"], report["warnings"]) == (0, 0), report["diagnostics"]


def test_the_confidential_finding_reaches_only_the_cleared_audience(scaffold):
    secret = ["Witness A", "less than a week", "31 said"]
    for audience in ("diplomats", "lawmakers", "press"):
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = " ".join(read(scaffold / "build" / f"mybrief-{audience}.{fmt}").split())
            found = [s for s in secret if s in text]
            if audience == "diplomats":
                assert found == secret, (audience, fmt)
            else:
                assert not found, (audience, fmt, found)


def test_every_yaml_file_names_its_schema_and_validates_against_it(scaffold):
    import yaml
    from jsonschema import Draft202012Validator
    from test_schema import as_json

    files = sorted(scaffold.rglob("*.yaml"))
    assert len(files) >= 5
    for file in files:
        first = file.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), file
        schema_path = (file.parent / first.split("=", 1)[1]).resolve()
        assert schema_path.is_file(), (file, schema_path)
        rel = file.relative_to(scaffold)
        kind = SCAFFOLD_KINDS.get(rel.name, rel.parts[0])
        assert schema_path.name == f"{kind}.json"
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        data = as_json(yaml.safe_load(file.read_text(encoding="utf-8")))  # dates as an editor reads them: text
        errors = list(Draft202012Validator(schema).iter_errors(data))
        assert not errors, (file, [e.message for e in errors])


def test_the_date_and_id_come_from_the_folder_and_the_build_date(scaffold):
    import yaml

    data = yaml.safe_load((scaffold / "dossier.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "mybrief"
    assert str(data["date"]) == "2025-11-24"  # from SOURCE_DATE_EPOCH (conftest's EPOCH), else today
    assert (scaffold / ".gitignore").read_text() == "build/\n"


@pytest.mark.parametrize("name", ["2026", "Досье-2026", "yes"])
def test_a_folder_whose_name_yaml_reads_as_no_text_makes_a_dossier_that_checks_clean(tmp_path, name):
    """The id comes from the folder's name: "2026" (or "Досье-2026", whose letters a slug leaves out) was
    written as id: 2026, which YAML reads as a number, and the new dossier failed its own check."""
    import yaml

    assert run_cli("new", name, cwd=tmp_path).returncode == 0
    data = yaml.safe_load((tmp_path / name / "dossier.yaml").read_text(encoding="utf-8"))
    assert isinstance(data["id"], str) and data["id"] == ("yes" if name == "yes" else "2026")
    checked = run_cli("check", tmp_path / name)
    assert checked.returncode == 0 and checked.stderr.strip().endswith("0 errors, 0 warnings"), checked.stderr


def test_a_value_yaml_reads_as_no_text_is_reported_with_the_quotes_it_needs(tmp_path):
    """``id: 2022`` (a finding about that year), ``language: no`` (Norwegian): YAML reads a number and false,
    and the error says so, and to quote them, where pydantic said "Input should be a valid string"."""
    root = tmp_path / "d"
    assert run_cli("new", root).returncode == 0
    (root / "findings" / "f.yaml").write_text(
        "id: 2022\ntitle: On\nsummary: S\nbody: B [@city-register].\nconfidence: reported\n", encoding="utf-8")
    result = run_cli("check", root)
    assert result.returncode == 1
    assert "f.yaml:1:1: error: id: expected text, but YAML reads this value as a number: put it in quotes" \
        in result.stderr, result.stderr
    assert "f.yaml:2:1: error: title: expected text, but YAML reads this value as true or false" in result.stderr


def test_new_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run_cli("new", "taken", cwd=tmp_path)
    assert result.returncode == 1
    assert "not empty" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]  # no staging folder left behind


def test_new_into_an_empty_folder(tmp_path):
    (tmp_path / "here").mkdir()
    result = run_cli("new", ".", cwd=tmp_path / "here")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "here" / "dossier.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


def test_new_from_sample_copies_the_sample_and_checks(tmp_path):
    result = run_cli("new", "copy", "--from-sample", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = tmp_path / "copy"
    assert len(list((root / "findings").glob("*.yaml"))) >= 20
    assert not (root / "build").exists()
    dossier = (root / "dossier.yaml").read_text(encoding="utf-8")
    assert dossier.startswith("# yaml-language-server: $schema=.schemas/dossier.json\n")
    assert "id: xinjiang-police-files" in dossier
    checked = run_cli("check", cwd=root)
    assert checked.returncode == 0, checked.stderr


def test_commands_default_to_this_folder_and_name_files_from_it(scaffold, tmp_path):
    import shutil

    root = tmp_path / "d"
    shutil.copytree(scaffold, root, ignore=shutil.ignore_patterns("build"))
    finding = root / "findings" / "notice-period.yaml"
    finding.write_text(finding.read_text(encoding="utf-8").replace("confidence: reported", "confidence: rumour"),
                       encoding="utf-8")
    line = next(n for n, text in enumerate(finding.read_text().splitlines(), 1) if text.startswith("confidence"))
    result = run_cli("check", cwd=root)
    assert result.returncode == 1
    assert f"findings/notice-period.yaml:{line}:" in result.stderr  # as an editor opens it from here
    built = run_cli("build", cwd=root)
    assert built.returncode == 1 and f"findings/notice-period.yaml:{line}:" in built.stderr


def test_no_dossier_here_is_a_clear_error(tmp_path):
    for command in ("build", "check"):
        result = run_cli(command, cwd=tmp_path)
        assert result.returncode == 1, command
        assert "no dossier.yaml here" in result.stderr and "Traceback" not in result.stderr


def test_readme_and_help_agree_on_every_command():
    """Each command line in the README's Commands block has the arguments `--help` shows, in order, and
    only options `--help` lists."""
    import re

    import click
    from click.testing import CliRunner

    from briefgen.cli import cli

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Commands", 1)[1].split("```", 2)[1]
    lines = [ln.split("#")[0].strip() for ln in block.splitlines() if ln.startswith("briefgen ")]
    assert len(lines) >= 8
    seen = set()
    for line in lines:
        words = line.split()[1:]
        command = [w for w in words[:2] if re.fullmatch(r"[a-z]+", w)]
        rest = words[len(command):]
        helped = CliRunner().invoke(cli, [*command, "--help"], prog_name="briefgen")
        assert helped.exit_code == 0, line
        usage = helped.output.splitlines()[0]
        arguments = [w for w in usage.split("[OPTIONS]", 1)[1].split()]
        shown = [w for w in rest if re.fullmatch(r"\[?[A-Z]+\]?|\[[a-z|]+\]", w)]
        # an option's value (-o OUT, -j N) is not an argument
        options_values = {rest[i + 1] for i, w in enumerate(rest[:-1]) if w.lstrip("[").startswith("-")}
        assert [w for w in shown if w not in options_values] == arguments, (line, usage)
        written = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", " ".join(rest)))
        command_obj = cli
        for name in command:
            command_obj = command_obj.commands[name]
        offered = {o for p in command_obj.params if isinstance(p, click.Option) for o in p.opts} - {"--help"}
        # Every option the README writes exists, and every option --help offers is in the README (one of its
        # names: -o or --out).
        assert written <= offered, (line, written - offered)
        for p in command_obj.params:
            if isinstance(p, click.Option) and "--help" not in p.opts:
                assert set(p.opts) & written, (line, p.opts)
        seen.add(" ".join(command))
    assert set(cli.commands) <= {c.split()[0] for c in seen}


def test_the_id_of_a_new_dossier_folds_accents():
    """"ünï код" gave the id "n": the accented letters were dropped, not folded."""
    from briefgen.scaffold import dossier_id

    assert dossier_id(Path("Ünïon Report")) == "union-report"
    assert dossier_id(Path("Çelik 2026")) == "celik-2026"
    assert dossier_id(Path("Досье")) == "my-dossier"
