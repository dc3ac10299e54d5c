"""The installed package carries what it needs at run time."""

from __future__ import annotations

import os
import subprocess
import sys

from briefgen.load.paths import builtin_dir
from conftest import EPOCH, SAMPLE, run_cli


def test_builtin_templates_and_theme_are_installed():
    names = {p.name for p in builtin_dir().iterdir()}
    assert {"diplomats.md.j2", "lawmakers.md.j2", "press.md.j2", "theme.yaml"} <= names


def test_version_and_console_entry():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("briefgen, version ")


def test_the_command_skips_the_last_full_collection_as_it_exits(tmp_path):
    """Python's last collection walked every object a build left (0.1 s of the sample's cold build): the
    command freezes them first, whether it succeeded or failed."""
    probe = ("import atexit, gc, sys\n"  # registered first, so run last: after the command's own exit handler
             "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
             "from briefgen.cli import main\n"
             "sys.argv = ['briefgen', *sys.argv[1:]]\n"
             "main()\n")
    for args, status in ((["build", str(SAMPLE), "-o", str(tmp_path), "-a", "lawmakers", "-j", "1"], 0),
                         (["build", str(SAMPLE), "-a", "nobody"], 2)):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                                env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == status, result.stderr
        assert result.stdout.rstrip().endswith("frozen at exit: True")
