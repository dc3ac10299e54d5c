"""One malformed dossier per error class (tests/fixtures/malformed/): each gives its expected message, one
line with file and line, exit status 1 (0 for a warning), never a traceback, and no file from build.

A case folder holds the files it changes in the base dossier (``_base``), ``_delete.txt`` (base files it
removes) and ``expected.txt``: lines the output must hold, word for word, with ``exit: N`` and
``errors: N`` where they matter."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli

CASES = Path(__file__).parent / "fixtures" / "malformed"
DIAGNOSTIC = re.compile(r"^d/[^\s:]+(:\d+(:\d+)?)?: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings?$|^briefgen: (build|import) failed; no file was written\.$")


def make_case(name: str, tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / "d"
    shutil.copytree(CASES / "_base", root)
    case = CASES / name
    shutil.copytree(case, root, dirs_exist_ok=True)
    delete = root / "_delete.txt"
    if delete.exists():
        for rel in delete.read_text(encoding="utf-8").split():
            (root / rel).unlink()
        delete.unlink()
    expected = (root / "expected.txt").read_text(encoding="utf-8").splitlines()
    (root / "expected.txt").unlink()
    return root, expected


def test_the_base_is_clean(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(CASES / "_base", root)
    result = run_cli("check", root)
    assert result.returncode == 0 and "0 errors, 0 warnings" in result.stderr, result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir() if p.is_dir() and p.name != "_base"))
def test_malformed_dossier(name, tmp_path):
    root, expected = make_case(name, tmp_path)
    status = next((int(line.split()[1]) for line in expected if line.startswith("exit: ")), 1)
    errors = next((int(line.split()[1]) for line in expected if line.startswith("errors: ")), None)
    wanted = [line for line in expected if line and not line.startswith(("exit: ", "errors: "))]

    checked = run_cli("check", root)
    assert checked.returncode == status, checked.stderr
    lines = checked.stderr.splitlines()
    assert "Traceback" not in checked.stderr
    for line in lines:  # every line a diagnostic with file and line, or the summary
        assert DIAGNOSTIC.match(line) or SUMMARY.match(line), line
    shown = [line.removeprefix("d/") for line in lines]
    for want in wanted:
        assert any(want in line for line in shown), f"{want!r} not in:\n" + "\n".join(shown)
    if errors is not None:
        assert sum(": error: " in line for line in lines) == errors, checked.stderr

    out = tmp_path / "out"
    built = run_cli("build", root, "--out", out)
    assert built.returncode == status and "Traceback" not in built.stderr, built.stderr
    if status:
        assert not out.exists() or not any(out.iterdir()), "a failed build wrote files"
        for want in wanted:  # build stops on the same problem (check finds no more than build would hit)
            if ": error: " in want:
                assert any(want in line.removeprefix("d/") for line in built.stderr.splitlines()), built.stderr
