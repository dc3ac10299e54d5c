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
    command freezes them first, whether it succeeded or failed; and it collects less often as it starts."""
    probe = ("import atexit, gc, sys\n"  # registered first, so run last: after the command's own exit handler
             "atexit.register(lambda: print('threshold', gc.get_threshold()[0], 'frozen at exit:', "
             "gc.get_freeze_count() > 0))\n"
             "from briefgen.cli import main\n"
             "sys.argv = ['briefgen', *sys.argv[1:]]\n"
             "main()\n")
    for args, status in ((["build", str(SAMPLE), "-o", str(tmp_path), "-a", "lawmakers", "-j", "1"], 0),
                         (["build", str(SAMPLE), "-a", "nobody"], 2)):
        result = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                                env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        assert result.returncode == status, result.stderr
        assert result.stdout.rstrip().endswith("threshold 100000 frozen at exit: True")  # (700: Python's)


def _spy_plugin(folder) -> None:
    """An installed pydantic plugin (as Logfire declares one) that notes each value it is shown."""
    info = folder / "spy_plugin-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    (folder / "spy_plugin.py").write_text(
        "import os\n"
        "def note(value, *_, **__):\n"
        "    with open(os.environ['SPY_NOTES'], 'a', encoding='utf-8') as f:\n"
        "        f.write(repr(value)[:200] + '\\n')\n"
        "class Handler:\n"
        "    on_enter = staticmethod(note)\n"
        "class Spy:\n"
        "    def new_schema_validator(self, *_):\n"
        "        return Handler(), None, None\n"
        "plugin = Spy()\n")


def test_no_pydantic_plugin_sees_the_dossier(tmp_path):
    """A pydantic plugin is handed every value validated, a confidential source's name included: the command
    runs none (a program using briefgen as a library keeps its own)."""
    _spy_plugin(tmp_path / "site")
    notes = tmp_path / "notes.txt"
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "SPY_NOTES": str(notes), "SOURCE_DATE_EPOCH": EPOCH}
    library = ("import briefgen, sys\n"
               "sys.exit(0 if briefgen.check(sys.argv[1]).ok else 1)\n")
    subprocess.run([sys.executable, "-c", library, str(SAMPLE)], env=env, check=True, capture_output=True)
    assert "xinjiang" in notes.read_text(encoding="utf-8").lower()  # the plugin works, where it is allowed
    notes.unlink()
    result = subprocess.run([sys.executable, "-m", "briefgen", "check", str(SAMPLE)], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not notes.exists()


def test_the_stand_in_plugin_loader_gives_anything_else_from_pydantics_own():
    probe = ("import sys\n"
             "from briefgen.process import PLUGIN_LOADER, without_pydantic_plugins\n"
             "without_pydantic_plugins()\n"
             "import briefgen.load.evidence\n"
             "assert 'importlib.metadata' not in sys.modules, 'looked for plugins'\n"
             "print(sys.modules[PLUGIN_LOADER].PYDANTIC_ENTRY_POINT_GROUP)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pydantic"
