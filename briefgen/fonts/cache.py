"""The folders where briefgen keeps what it derives and could derive again: from fonts (instances, glyph
texts, coverage) in ``fonts/``, compiled templates in ``templates/``; under ``$BRIEFGEN_CACHE``, else
``$XDG_CACHE_HOME/briefgen``, else ``~/.cache/briefgen``. Every file in them is named by a digest of what it
was made from, and written whole (a temporary file, then a rename)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir(kind: str = "fonts") -> Path | None:
    """The folder for ``kind`` ("fonts", "templates"), made if need be; None when it cannot be written (or
    there is no home folder to put it in: a container's user without one)."""
    base = os.environ.get("BRIEFGEN_CACHE") or os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME, and no home in the user database
            return None
    path = Path(base) / "briefgen" / kind
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def write_cached(path: Path, data: bytes) -> None:
    """Write a cache file whole: another process reads either nothing or all of it. The cache only saves time:
    a file that cannot be written (a full disk, a folder made read-only meanwhile) is not kept, and the build
    goes on."""
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def remembered(font: str | Path, what: str, make):
    """What ``make()`` returns (a JSON value) about the font file ``font``, kept in the cache folder under a
    digest of the file's name, size and modification time and ``what`` (which names the kind of value and its
    version), so that a later build reads it back instead of parsing the font; made again, and not kept,
    when the folder cannot be written or the kept file cannot be read."""
    import hashlib
    import json

    stat = Path(font).stat()
    key = hashlib.sha256(f"{Path(font).name}|{stat.st_size}|{stat.st_mtime_ns}|{what}".encode()).hexdigest()[:32]
    folder = cache_dir()
    kept = folder / f"{key}.json" if folder else None
    if kept is not None and kept.is_file():
        try:
            return json.loads(kept.read_bytes())
        except (OSError, ValueError):
            pass  # made again, and written whole over it
    value = make()
    if kept is not None:
        write_cached(kept, json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return value
