"""A source's short title, for a later note and an author-date note: its own (``title-short``), else its title
before a colon, else its first four words, not ending on a small word nor inside brackets."""

from __future__ import annotations

from ..load.sources import Source

SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "and", "for", "to", "from", "with", "at", "by", "into"}
_NOT_LAST = SMALL_WORDS | {"v.", "v", "vs.", "vs"}  # a short title does not end on these


def short_title(s: Source) -> str:
    given = s.get("title-short") or s.get("shortTitle")
    if given:
        return given
    title = s.title
    head = title.split(": ")[0]
    if head != title and len(head.split()) <= 6:
        return head
    words = title.split()
    if len(words) <= 4:
        return title
    cut = _trimmed(words[:4])
    # nor inside brackets ("Medical Facilities Protection (Arms"): before them, else up to where they close
    opened = _unclosed(" ".join(cut))
    if opened is not None:
        before = _trimmed(title[:opened].split())
        if len(before) >= 2:
            return " ".join(before).rstrip(",:;")
        closed = _closing(title, opened)
        return title[:closed + 1] if closed is not None else title
    return " ".join(cut).rstrip(",:;")


def _trimmed(cut: list[str]) -> list[str]:
    """Not ending on a small word, a dash or "v." ("Sadykova and Others v.", "Бульдозеры в Аксу —")."""
    while len(cut) > 1 and (cut[-1].lower().strip(",:;") in _NOT_LAST or not any(c.isalnum() for c in cut[-1])):
        cut.pop()
    return cut


_PAIRS = {"(": ")", "[": "]", "«": "»"}


def _unclosed(text: str) -> int | None:
    """Where the first bracket of ``text`` left open opens, or None."""
    stack: list[int] = []
    for i, c in enumerate(text):
        if c in _PAIRS:
            stack.append(i)
        elif stack and c == _PAIRS[text[stack[-1]]]:
            stack.pop()
    return stack[0] if stack else None


def _closing(text: str, at: int) -> int | None:
    """Where the bracket opening at ``at`` closes, or None."""
    depth = 0
    for i in range(at, len(text)):
        if text[i] in _PAIRS:
            depth += 1
        elif text[i] in _PAIRS.values():
            depth -= 1
            if not depth:
                return i
    return None
