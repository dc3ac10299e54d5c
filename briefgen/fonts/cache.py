"""The folder where briefgen keeps what it derives from fonts (instances, glyph texts, coverage):
``$BRIEFGEN_CACHE``, else ``$XDG_CACHE_HOME/briefgen``, else ``~/.cache/briefgen``. Every file in it is named
by a digest of what it was made from, and written whole (a temporary file, then a rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    base = os.environ.get("BRIEFGEN_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    path = Path(base) / "briefgen" / "fonts"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def write_cached(path: Path, data: bytes) -> None:
    """Write a cache file whole: another process reads either nothing or all of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
