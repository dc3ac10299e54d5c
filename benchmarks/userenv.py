"""The environment a benchmark runs briefgen in: the user's, as a plain install leaves Python.

``pip install .`` compiles briefgen's modules to bytecode once, at install; a checkout run with ``PYTHONPATH``
compiles them on first import and keeps the bytecode in ``__pycache__``. A machine that sets
``PYTHONDONTWRITEBYTECODE`` (this development machine does) would compile every module again in every run,
some 60 ms of a cold build that no user pays: the benchmarks let Python write its bytecode, and warm up
before they measure."""

from __future__ import annotations

import os
from pathlib import Path

EPOCH = "1764000000"


def user_env(code: Path | str | None = None, **extra: str) -> dict[str, str]:
    """``os.environ`` with bytecode written, ``SOURCE_DATE_EPOCH`` set and, with ``code``, that checkout of
    briefgen first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    if code is not None:
        env["PYTHONPATH"] = str(code)
    env.update(extra)
    return env
