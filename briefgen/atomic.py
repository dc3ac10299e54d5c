"""Writing several files as one step: each goes to a temporary file beside it, then all are renamed.

A failure part-way leaves every target as it was and no temporary behind; the error names the file.
A process killed while writing cannot clean up: its temporaries carry its process id, and the next write
to the same folder removes those of processes no longer running. Used by the build (the briefs) and by
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
    path = None
    for folder in {p.parent for p, _ in files}:
        remove_stale(folder)
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            if path.exists():
                shutil.copymode(path, tmp)
            else:
                os.chmod(tmp, 0o666 & ~umask)
        for tmp, path in temps:
            os.replace(tmp, path)
    except OSError as exc:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise BriefgenError(f"cannot write {exc.filename or path or 'output'}: {exc.strerror}",
                            Position(path) if path else None) from None
    except BaseException:  # interrupted: leave nothing half-written behind
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise


_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


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
