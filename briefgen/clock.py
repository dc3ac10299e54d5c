"""The build's time: ``SOURCE_DATE_EPOCH`` when set (reproducible builds: the same inputs, the same bytes),
else now; always UTC. A value that is not a whole number of seconds a date can hold is an error, as the
reproducible-builds specification asks, rather than a crash or a silent "now"."""

from __future__ import annotations

import datetime as dt
import os

from .errors import BriefgenError


def source_date() -> dt.datetime | None:
    """``SOURCE_DATE_EPOCH`` as a time, or None when it is not set (or empty)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise BriefgenError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, such as "
                            f"1764000000 (it is '{epoch}')") from None


def now() -> dt.datetime:
    """The build time: ``SOURCE_DATE_EPOCH`` when set, else now, to the second."""
    return source_date() or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
