"""Writing several files as one step: each goes to a temporary file beside it, then all are renamed.

A failure part-way leaves every target as it was and no temporary behind; the error names the file.
Used by the build (the briefs) and by ``sources import`` (the dossier's sources files).
"""

from __future__ import annotations

import os
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
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
