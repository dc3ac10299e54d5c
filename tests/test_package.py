"""The installed package carries what it needs at run time."""

from __future__ import annotations

from briefgen.load.paths import builtin_dir
from conftest import run_cli


def test_builtin_templates_and_theme_are_installed():
    names = {p.name for p in builtin_dir().iterdir()}
    assert {"diplomats.md.j2", "lawmakers.md.j2", "press.md.j2", "theme.yaml"} <= names


def test_version_and_console_entry():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("briefgen, version ")
