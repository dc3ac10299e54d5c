"""What the command line does with a bug: one line on the terminal, and the full report (traceback, a
worker's too, the versions, the command line) saved to a file whose path that line names."""

from __future__ import annotations

import sys
from pathlib import Path

from . import __version__


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0][:160] if text else "").strip()


def save_report(exc: BaseException) -> Path | None:
    """Write the traceback (a worker's too), the versions and the command line to a file; its path, or None."""
    import datetime as dt
    import os
    import platform
    import tempfile
    import traceback

    from .fonts.cache import cache_dir

    text = "".join(traceback.format_exception(exc))
    lines = [f"briefgen {__version__}, Python {platform.python_version()}, {platform.platform()}",
             "command: " + " ".join(sys.argv), "", text]
    folder = cache_dir()
    folder = folder.parent / "reports" if folder else Path(tempfile.gettempdir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"briefgen-error-{stamp}-{os.getpid()}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        return path
    except OSError:
        return None
