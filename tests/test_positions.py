"""Where things were written (``load/yamlsrc.SourceMap``): found only when something is reported, by reading
the file's text again, and then exactly where the first reading would have put them."""

from __future__ import annotations

import shutil
from pathlib import Path

from briefgen.load import load

SECOND = Path(__file__).parent / "fixtures" / "second-dossier"


def _maps_made(ev) -> set[str]:
    items = [*ev.findings, *ev.sources.values(), *ev.asks, ev.dossier]
    return {item._smap.file.name for item in items if item._smap is not None and item._smap._maps is not None}


def test_only_files_with_a_problem_are_read_for_positions():
    ev = load(SECOND)
    reported = {d.pos.file.name for d in ev.diagnostics.items if d.pos}
    assert len(ev.findings) >= 30 and 0 < len(reported) < 5
    assert _maps_made(ev) == reported
    quiet = next(f for f in ev.findings if f._smap.file.name not in reported)
    assert quiet.pos("body").line > 1  # asked for, they are there
    assert _maps_made(ev) == reported | {quiet._smap.file.name}


def test_a_reported_problem_has_its_place(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(SECOND, root)
    findings = sorted((root / "findings").glob("*.yaml"))
    target = findings[3]
    lines = target.read_text(encoding="utf-8").splitlines()
    body = next(i for i, line in enumerate(lines) if line.startswith("body:"))
    lines.insert(body + 2, "  Also reported by [@nosuchsource2024], page 4.")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        load(root)
    except Exception as exc:  # BriefgenError: its diagnostics say where
        diags = exc.diagnostics
    else:
        raise AssertionError("an unknown citation key loaded")
    [d] = [d for d in diags if "nosuchsource2024" in d.message]
    assert d.pos.file == target
    assert (d.pos.line, d.pos.col) == (body + 3, lines[body + 2].index("@") + 1)
