"""Watch the dossier's folder (its templates, theme and fonts live there too) with watchfiles, and call back
once per burst of saves (an editor that writes a temporary file and renames it is one change)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..load.paths import is_evidence

STEP_MS = 50  # a burst ends when nothing changes for this long ...
DEBOUNCE_MS = 400  # ... or lasts at most this long
BRIEFS = (".pdf", ".docx")
AWAY_S = 0.2  # while no folder is at the watched path, how often to look for one


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


class Stop:
    """The watcher's stop event. watchfiles asks it, between its waits, whether to stop: once it has asked,
    the folder is being watched (``watching``), and a save from then on is seen. It also says stop when the
    folder at the watched path is no longer the one watched (``moved``: removed, or replaced by another, as a
    backup restored or an archive unpacked again makes it), whose changes the system no longer reports."""

    def __init__(self, root: Path):
        self.stop = threading.Event()
        self.watching = threading.Event()
        self.root = root
        self.identity = self.moved = None
        self.owed = None  # called once the folder is watched again: the build of what is there now

    def arm(self) -> None:
        """Watch the folder now at the path."""
        self.identity, self.moved = _identity(self.root), False

    def is_set(self) -> bool:
        self.watching.set()
        if self.owed is not None:  # watched now: a change during this build is reported after it
            owed, self.owed = self.owed, None
            owed()
        if self.stop.is_set():
            return True
        if _identity(self.root) != self.identity:
            self.moved = True
        return self.moved

    def set(self) -> None:
        self.stop.set()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class Watcher(threading.Thread):
    """Calls ``on_change(paths)`` after each burst of changes under ``root``, leaving out hidden files and
    folders, the output folder and the briefs written into it."""

    def __init__(self, root: Path, out: Path, on_change):
        super().__init__(name="briefgen-watch", daemon=True)
        self.root, self.out, self.on_change = Path(root).resolve(), Path(out).resolve(), on_change
        self.stop_event = Stop(self.root)
        self.error: BaseException | None = None

    def wanted(self, change, path: str) -> bool:
        p = Path(path)
        if p == self.root:
            return True  # the folder itself went (``run``)
        try:
            rel = p.relative_to(self.root)
        except ValueError:
            return False
        if not is_evidence(rel.as_posix()):
            return False  # hidden (.git, a build's temporary file), an editor's backup: what the brief's SHA-256
            # of the dossier leaves out, so that a build on each change it counts keeps the files as a build makes
        if self.out != self.root and _inside(p, self.out):
            return False
        return not (p.parent == self.out and p.suffix in BRIEFS)  # a brief built into the dossier's own folder

    def run(self):
        from watchfiles import watch

        stop = self.stop_event
        try:
            while not stop.stop.is_set():
                stop.arm()
                if stop.identity is None:  # no folder at the path (yet again): wait for one
                    stop.watching.set()
                    stop.stop.wait(AWAY_S)
                    continue
                try:
                    for changes in watch(self.root, watch_filter=self.wanted, debounce=DEBOUNCE_MS, step=STEP_MS,
                                         stop_event=stop, raise_interrupt=False):
                        paths = sorted(path for _, path in changes)
                        if str(self.root) in paths:  # the folder itself: removed (another may have its number)
                            stop.moved = True
                            break
                        self.on_change(paths)
                except FileNotFoundError:  # gone as the watch began: as when it goes while watched
                    stop.moved = True
                if stop.moved and not stop.stop.is_set():  # the folder went: built as it is (its errors shown),
                    self.on_change([str(self.root)])  # and again once the one at the path now is watched
                    stop.owed = lambda: self.on_change([str(self.root)])
        except Exception as exc:  # noqa: BLE001 -- the folder cannot be watched ...: the main thread reports it
            self.error = exc

    def stop(self) -> None:
        self.stop_event.set()
