"""Watch the dossier's folder (its templates, theme and fonts live there too) with watchfiles, and call back
once per burst of saves (an editor that writes a temporary file and renames it is one change)."""

from __future__ import annotations

import threading
from pathlib import Path

STEP_MS = 50  # a burst ends when nothing changes for this long ...
DEBOUNCE_MS = 400  # ... or lasts at most this long
BRIEFS = (".pdf", ".docx")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Stop:
    """The watcher's stop event. watchfiles asks it, between its waits, whether to stop: once it has asked,
    the folder is being watched (``watching``), and a save from then on is seen."""

    def __init__(self):
        self.stop = threading.Event()
        self.watching = threading.Event()

    def is_set(self) -> bool:
        self.watching.set()
        return self.stop.is_set()

    def set(self) -> None:
        self.stop.set()


class Watcher(threading.Thread):
    """Calls ``on_change(paths)`` after each burst of changes under ``root``, leaving out hidden files and
    folders, the output folder and the briefs written into it."""

    def __init__(self, root: Path, out: Path, on_change):
        super().__init__(name="briefgen-watch", daemon=True)
        self.root, self.out, self.on_change = Path(root).resolve(), Path(out).resolve(), on_change
        self.stop_event = Stop()
        self.error: BaseException | None = None
        self._default = None  # watchfiles' own filter (editors' backups, __pycache__ ...), made in run()

    def wanted(self, change, path: str) -> bool:
        p = Path(path)
        try:
            rel = p.relative_to(self.root)
        except ValueError:
            return False
        if any(part.startswith(".") for part in rel.parts):
            return False  # hidden: .git, an editor's swap file, a build's temporary file
        if self.out != self.root and _inside(p, self.out):
            return False
        if p.parent == self.out and p.suffix in BRIEFS:
            return False  # a brief built into the dossier's own folder (--out DOSSIER)
        return self._default(change, path)

    def run(self):
        from watchfiles import DefaultFilter, watch

        self._default = DefaultFilter()
        try:
            for changes in watch(self.root, watch_filter=self.wanted, debounce=DEBOUNCE_MS, step=STEP_MS,
                                 stop_event=self.stop_event, raise_interrupt=False):
                self.on_change(sorted(path for _, path in changes))
        except Exception as exc:  # noqa: BLE001 -- the folder went away ...: the main thread reports it
            self.error = exc

    def stop(self) -> None:
        self.stop_event.set()
