"""Writing several files as one step: each goes to a temporary file beside it, then all are renamed.

A failure part-way leaves every target as it was and no temporary behind; the error names the file. A
target in the way (a folder of its name) is found before anything is written; a rename that fails after
others puts back what they replaced (each target's earlier bytes are kept under a second name until all
are renamed). A process killed while writing cannot clean up: its temporaries carry its process id and end
in ``.briefgen.tmp``, and the next write to the same folder removes those of processes no longer running. Used by the build (the briefs) and by
``sources import`` (the dossier's sources files).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import BriefgenError, Position


def write_files(files: list[tuple[Path, bytes]]) -> None:
    """Write ``(path, data)`` pairs. A file that exists keeps its permissions; a new one gets the umask's."""
    umask = os.umask(0)
    os.umask(umask)
    temps: list[tuple[str, Path]] = []
    kept: list[tuple[str, Path]] = []  # (a link to a target's earlier bytes, the target) while renaming
    placed: list[Path] = []  # the targets renamed into place
    path = None
    for folder in {p.parent for p, _ in files}:
        remove_stale(folder)
    try:
        for path, data in files:
            if path.is_dir():  # found before anything is written: not after half the targets were replaced
                raise IsADirectoryError(21, "a folder of that name is in the way", str(path))
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temporary(path)
            temps.append((tmp, path))
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o666 & ~umask)
        for tmp, path in temps:
            if path.exists():
                kept.append((_keep(path), path))
            os.replace(tmp, path)
            placed.append(path)
    except OSError as exc:
        _undo(temps, kept, placed)
        raise BriefgenError(f"cannot write {path or exc.filename or 'output'}: {exc.strerror}",
                            Position(path) if path else None) from None
    except BaseException:  # interrupted: leave nothing half-written behind, every target as it was
        _undo(temps, kept, placed)
        raise
    for old, _ in kept:
        Path(old).unlink(missing_ok=True)


def _temporary(path: Path) -> str:
    """A new, empty temporary file beside ``path``, named after it and this process."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    return tmp


def _keep(path: Path) -> str:
    """A second name for ``path``'s current bytes (a hard link; a copy where links are not possible), so that
    a failure later in the renames can put it back."""
    old = _temporary(path)
    try:
        os.unlink(old)
        os.link(path, old)
    except OSError:
        shutil.copy2(path, old)
    return old


def _undo(temps: list[tuple[str, Path]], kept: list[tuple[str, Path]], placed: list[Path]) -> None:
    """Every target back as it was: its kept bytes renamed over it, or, new, removed; no temporary left."""
    earlier = {path for _, path in kept}
    for path in placed:
        if path not in earlier:
            path.unlink(missing_ok=True)
    for old, path in kept:
        try:
            os.replace(old, path)
        except OSError:
            pass
        Path(old).unlink(missing_ok=True)  # a link to the file that is there still: rename leaves both names
    for tmp, _ in temps:
        Path(tmp).unlink(missing_ok=True)


TEMP_SUFFIX = ".briefgen.tmp"  # what no one else's file is named: the cleanup removes only these
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.briefgen\.tmp$")


def remove_stale(folder: Path) -> None:
    """Remove temporaries left in ``folder`` by writes whose process no longer runs (killed mid-write)."""
    try:
        entries = list(folder.iterdir()) if folder.is_dir() else []
    except OSError:
        return
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m and not _running(int(m.group(1))):
            entry.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave its files alone
    return True
