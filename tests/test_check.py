"""`briefgen check` and bad input: every problem reported at once, with file and line, nothing written."""

from __future__ import annotations

from conftest import MINIMAL_DOSSIER, MINIMAL_SOURCES, run_cli

BROKEN = {
    "dossier.yaml": MINIMAL_DOSSIER,
    "sources.yaml": MINIMAL_SOURCES,
    # 1. a YAML syntax error (line 3: a mapping value where none is allowed)
    "findings/broken.yaml": """
        id: broken
        title: Unbalanced
        summary: this: is: fine
          body: [not closed
        """,
    # 2. an unknown key (line 6), 3. an unknown citation key (line 5)
    "findings/typo.yaml": """
        id: typo
        title: A finding with a typo
        summary: One sentence.
        body: |
          Claimed here [@pub; @nosuch, p. 4].
        confidense: confirmed
        """,
    # 4. a duplicate id (line 1), first defined in typo.yaml
    "findings/zz-dup.yaml": """
        id: typo
        title: Same id again
        summary: One sentence.
        body: Cited [@pub].
        confidence: reported
        """,
}


def test_reports_all_four_problems_with_file_and_line(make_dossier):
    root = make_dossier(BROKEN)
    result = run_cli("check", root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    # libyaml and PyYAML's own parser word this one differently; both point at line 3.
    assert any(ln.startswith("d/findings/broken.yaml:3:") and "error: YAML syntax: mapping values are not allowed"
               in ln for ln in lines)
    assert "d/findings/typo.yaml:6:1: error: unknown key 'confidense'; did you mean 'confidence'?" in lines
    assert "d/findings/typo.yaml:5:23: error: citation key '@nosuch' matches no source" in lines
    assert "d/findings/zz-dup.yaml:1:1: error: duplicate finding id 'typo' (first defined at typo.yaml:1)" in lines
    # Evidence lint still reads what did load: the bare URL, the single-sourced finding, the key message that
    # cites nothing. Whether a source is cited is not known while a finding cannot be read: no warning that
    # would only follow from the error.
    assert lines[-1].startswith("4 errors, 3 warnings")
    assert sum("[uncited-key-message]" in ln for ln in lines) == 1
    assert "never cited" not in result.stderr
    assert not (root / "build").exists()


def test_build_of_a_broken_dossier_writes_nothing(make_dossier):
    root = make_dossier(BROKEN)
    result = run_cli("build", root)
    assert result.returncode == 1
    assert "no file was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "build").exists()


def test_sample_passes_check():
    from conftest import SAMPLE

    result = run_cli("check", SAMPLE)
    assert result.returncode == 0, result.stderr
    assert "0 errors" in result.stderr
    # The one warning is deliberate: the starting article is kept as a source but never cited.
    assert "warning: source 'SEED' is never cited" in result.stderr


def test_field_errors_name_the_field(make_dossier):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER.replace("date: 2026-01-15", "date: soon"),
        "sources.yaml": MINIMAL_SOURCES.replace("type: report", "type: reprot"),
        "findings.yaml": """
            - id: f1
              title: T
              summary: S
              body: B [@pub]
              confidence: certain
              sensitivity: TLP:BLUE
            """,
        "asks.yaml": """
            - id: a1
              audiences: [pubic]
              text: Do it.
            """,
    })
    result = run_cli("check", root)
    assert result.returncode == 1
    err = result.stderr
    assert "d/dossier.yaml:4:1: error: date: Input should be a valid date" in err
    assert "d/sources.yaml:2:3: error: type: 'reprot' is not a CSL type; did you mean 'report'?" in err
    assert "d/findings.yaml:5:3: error: confidence: 'certain' is not one of confirmed, shared-origin, reported, " \
           "alleged\n" in err
    assert "d/findings.yaml:6:3: error: sensitivity: 'TLP:BLUE' is not one of TLP:CLEAR, TLP:GREEN" in err


def test_ask_for_unknown_audience(make_dossier):
    root = make_dossier({
        "dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
        "asks.yaml": "- id: a1\n  audiences: [public, pubilc]\n  text: Do it [@pub].\n",
    })
    result = run_cli("check", root)
    assert "d/asks.yaml:2:23: error: ask for unknown audience 'pubilc'; did you mean 'public'?" in result.stderr


def test_usage_errors_exit_2(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES})
    result = run_cli("build", root, "--audience", "nobody")
    assert result.returncode == 2
    assert "unknown audience 'nobody' (this dossier has: public, inner)" in result.stderr
    assert run_cli("build", root, "--format", "odt").returncode == 2
    assert run_cli("frobnicate").returncode == 2


def test_missing_dossier(tmp_path):
    result = run_cli("check", tmp_path / "nowhere")
    assert result.returncode == 1
    assert "error: no such dossier" in result.stderr


def test_help_documents_exit_status():
    result = run_cli("build", "--help")
    assert result.returncode == 0
    assert "Exit status:" in result.stdout and "2  a usage error" in result.stdout


def test_positions_inside_quoted_and_plain_text_are_the_file_s_lines(make_dossier):
    """A citation inside a quoted or plain scalar is found on the file's own line: an escaped \\n or a folded
    line break does not shift it, and a value on one line keeps its line."""
    findings = (
        '- id: quoted\n'
        '  title: T\n'
        '  summary: S\n'
        '  confidence: reported\n'
        '  body: "First paragraph [@pub].\\n\\nSecond\n'
        '    paragraph [@nope-one]."\n'
        '- id: plain\n'
        '  title: T\n'
        '  summary: S\n'
        '  confidence: reported\n'
        '  body: A plain text [@pub] that\n'
        '    goes on [@nope-two] here\n'
        '- {id: flow, title: T, summary: S, confidence: reported, body: "One [@pub].\\n\\nTwo [@nope-three]."}\n'
    )
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": findings})
    result = run_cli("check", root)
    where = {key: next(ln.split(": ")[0] for ln in result.stderr.splitlines() if f"'@{key}'" in ln)
             for key in ("nope-one", "nope-two", "nope-three")}
    lines = findings.splitlines()
    expected = {key: next(f"d/findings.yaml:{n}:{ln.index('@' + key) + 1}" for n, ln in enumerate(lines, 1)
                          if "@" + key in ln) for key in where}
    assert where == expected, result.stderr
    assert [e.split(":")[1] for e in expected.values()] == ["6", "12", "13"]


def test_a_marking_or_confidence_written_another_way_says_how_to_write_it(make_dossier):
    """"amber", "TLP: Amber" and "Confirmed" are errors that say how to write them; TLP 1.0's TLP:WHITE is
    read as TLP:CLEAR, FIRST's name for it since 2022, with a warning."""
    findings = """
    - {id: a, title: T, summary: S, body: 'B [@pub].', confidence: Confirmed, sensitivity: amber}
    - {id: b, title: T, summary: S, body: 'B [@pub].', confidence: reported, sensitivity: 'TLP: Amber'}
    - {id: c, title: T, summary: S, body: 'B [@pub].', confidence: reported, sensitivity: TLP:WHITE}
    """
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    err = run_cli("check", root).stderr
    assert "confidence: 'Confirmed' is not one of confirmed, shared-origin, reported, alleged; write 'confirmed'" in err
    assert "sensitivity: 'amber' is not one of TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED; write " \
           "'TLP:AMBER'" in err
    assert "sensitivity: 'TLP: Amber' is not one of" in err and err.count("; write 'TLP:AMBER'") == 2
    white = [ln for ln in err.splitlines() if "TLP:WHITE" in ln]
    assert len(white) == 1 and white[0].startswith("d/findings.yaml:3:") and ": warning: sensitivity: 'TLP:WHITE' " \
        "is now 'TLP:CLEAR'" in white[0], err


def test_one_value_where_a_list_is_expected_says_how_to_write_the_list(make_dossier):
    """``tags: river, fish`` (a list written as one value) said "Input should be a valid list"."""
    findings = "- {id: a, title: T, summary: S, body: 'B [@pub].', confidence: reported, tags: 'river, fish'}\n"
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    err = run_cli("check", root).stderr
    assert "d/findings.yaml:1:" in err and "tags: expected a list, not one value: write [river, fish]" in err, err


def test_one_value_where_keys_are_expected_names_the_keys(make_dossier):
    """A quote written as its words alone said "Input should be a valid dictionary or instance of Quote"."""
    findings = "- {id: a, title: T, summary: S, body: 'B [@pub].', confidence: reported, quotes: [We had no notice.]}\n"
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES, "findings.yaml": findings})
    err = run_cli("check", root).stderr
    assert "quotes.0: expected keys and values (text, speaker" in err and "not the one value 'We had no notice.'" \
        in err and "Quote" not in err, err


def test_a_font_family_in_another_case_says_how_it_is_named(make_dossier):
    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- {id: a, title: T, summary: S, body: 'B [@pub].', confidence: reported}\n",
                         "theme.yaml": "fonts:\n  body: pt sans\n"})
    err = run_cli("check", root).stderr
    assert "d/theme.yaml:2:3: error: fonts.body: unknown font family 'pt sans'; write 'PT Sans'" in err, err


def test_a_font_file_briefgen_cannot_embed_is_an_error_at_its_line(make_dossier):
    """A font collection (.ttc), a truncated .ttf and one whose licence forbids embedding were internal errors
    (fontTools' and the struct module's) or, for the last, embedded in the PDF against its licence."""
    from fontTools.ttLib import TTCollection, TTFont

    from briefgen.fonts import family, file_path

    regular = file_path(family("PT Sans"), "regular")
    cases = {"coll.ttc": "coll.ttc is a font collection, several fonts in one file",
             "cut.ttf": "cut.ttf is not a TrueType font briefgen can embed",
             "restricted.ttf": "restricted.ttf: its licence does not allow embedding it in a file (OS/2 fsType 0x0002)"}
    for name, said in cases.items():
        root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                             "findings.yaml": "- {id: a, title: T, summary: S, body: '[@pub]', confidence: reported}\n",
                             "theme.yaml": f"fonts:\n  body: {name}\n"}, name[:-4])
        if name == "coll.ttc":
            collection = TTCollection()
            collection.fonts = [TTFont(regular), TTFont(regular)]
            collection.save(root / name)
        elif name == "cut.ttf":
            (root / name).write_bytes(regular.read_bytes()[:300])
        else:
            font = TTFont(regular)
            font["OS/2"].fsType = 2
            font.save(root / name)
        for command in ("check", "build"):
            result = run_cli(command, root)
            assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
            assert f"{name[:-4]}/theme.yaml:2:3: error: fonts.body: {said}" in result.stderr, result.stderr


def test_a_fonts_unknown_tables_are_dropped_without_noise(make_dossier, tmp_path):
    """A .ttf with a table fontTools cannot subset (FontForge's FFTM) printed "FFTM NOT subset; don't know how to
    subset; dropped" twice in the middle of the build's report."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables.DefaultTable import DefaultTable

    from briefgen.fonts import family, file_path

    root = make_dossier({"dossier.yaml": MINIMAL_DOSSIER, "sources.yaml": MINIMAL_SOURCES,
                         "findings.yaml": "- {id: a, title: T, summary: S, body: '[@pub]', confidence: reported}\n",
                         "theme.yaml": "fonts:\n  body: house.ttf\n"})
    font = TTFont(file_path(family("PT Sans"), "regular"))
    extra = DefaultTable("ZZZZ")
    extra.data = b"made by a font editor"
    font["ZZZZ"] = extra
    font.save(root / "house.ttf")
    result = run_cli("build", root, "-o", tmp_path / "out", env_extra={"BRIEFGEN_CACHE": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert "subset" not in result.stderr and "ZZZZ" not in result.stderr, result.stderr


def test_a_diagnostic_is_one_line_whatever_its_message_quotes():
    """A message quoting a text across a line break (a key a comma cut from its value, with a blank line in it)
    printed on two lines, the second no diagnostic: editors and CI read one per line. (Found at random.)"""
    from pathlib import Path

    from briefgen.errors import Diagnostic, Position

    d = Diagnostic("error", "a comma inside { } ends a value: 'before\n\nthe summer' was read as a key\u2028of its own",
                   Position(Path("asks.yaml"), 1, 53))
    assert d.format() == "asks.yaml:1:53: error: a comma inside { } ends a value: 'before the summer' was read as a " \
        "key of its own"


def test_each_diagnostic_is_formatted_once_and_the_error_still_says_them(make_dossier, monkeypatch):
    """A check of 10,000 findings printed some 24,000 warnings, and formatted each of them twice: once more into
    the message of the error that carried them, which the CLI never prints (an eighth of its time)."""
    from click.testing import CliRunner

    from briefgen import cli, errors

    formatted = []
    real = errors.Diagnostic.format
    monkeypatch.setattr(errors.Diagnostic, "format", lambda self, root=None: formatted.append(self) or real(self, root))
    result = CliRunner().invoke(cli.cli, ["check", str(make_dossier(BROKEN)), "-j", "1"])
    assert result.exit_code == 1
    printed = [line for line in result.output.splitlines() if ": error: " in line or ": warning: " in line]
    assert len(printed) >= 4
    assert len(formatted) == len(printed)
    error = errors.BriefgenError([errors.Diagnostic("error", "first"), errors.Diagnostic("warning", "second")])
    assert str(error) == "error: first\nwarning: second"
