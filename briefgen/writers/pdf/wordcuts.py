"""A word too long for a line, cut into lines (``lines.break_lines`` asks): between clusters of characters, at
the places a reader expects in a web address, and as Chinese and Japanese typesetting has it (kinsoku).
Words are lists of pieces as ``lines.words_of`` makes them; ``widths`` is a ``lines.Widths``."""

from __future__ import annotations

import re
import unicodedata

# Chinese and Japanese line breaking (kinsoku): a line does not start with closing punctuation or a small kana,
# nor end with opening punctuation. Text without spaces is cut between characters (``split_word``); where the
# cut would fall so, the character before it goes to the next line too.
# Only their own marks (a web address is cut by the rule below).
NO_START = frozenset("，。、；：！？）］｝〕〉》」』】〙〗〟｠・ー々〻ゝゞヽヾ"
                     "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ％．")
NO_END = frozenset("（［｛〔〈《「『【〘〖〝｟")


# A web address or a path is cut where a reader sees it continue (CMOS 14.18): after "//", ":", "=" or "&",
# before another mark below; at the last such place on the line, unless that leaves the line less than
# 30% full. Text without them (Base64, a long name) is cut between characters.
CUT_BEFORE = frozenset("/.,?#%~_-")
CUT_AFTER = frozenset(":=&/")
FULL_ENOUGH = 0.3


def split_word(word, runs, widths, room: float, next_width: float) -> list:
    """A word too wide for a line, cut between characters: the first part fills ``room``, each later part a
    line of ``next_width`` (ReportLab's ``_splitFragWord``), never inside a cluster of characters (a letter and
    its marks, a conjunct, an emoji sequence), keeping the rules of ``NO_START`` and ``NO_END`` and cutting
    an address where ``CUT_BEFORE`` and ``CUT_AFTER`` allow. The parts, one a line; the last keeps the word's
    space."""
    parts, pieces, part_width, line_width, limit = [], [], 0.0, 0.0, room
    last = ""  # the character set before this one
    chars, cut = 0, 0  # characters on the line, and how many of them come before its last place to cut
    flat = [(i, c, None if start is None else start + k) for i, text, _, start in word[1] for k, c in enumerate(text)]
    starts = _cluster_starts("".join(c for _, c, _ in flat))
    cluster = 0  # where the cluster being set began
    for n, (i, c, at) in enumerate(flat):
        _, font, size, *_ = runs[i]
        cw = widths(c, font, size)
        if starts is None or n in starts:
            cluster = n
        if c in CUT_BEFORE and last != "/" and not (c == "/" and n + 1 < len(flat) and flat[n + 1][1] == "/"):
            cut = chars
        moved = None
        if line_width + cw > limit and (part_width or cw <= next_width):
            moved = _moved(pieces, runs, widths, c, last, n - cluster, cut, chars, limit)
        if moved is not None:  # the line ends before c, and what ``moved`` holds starts the next one with it
            part_width -= sum(m[2] for m in moved)
            parts.append((part_width, tuple(pieces), 0.0, False, None))
            pieces, part_width, line_width, limit = [], 0.0, 0.0, next_width
            chars = cut = 0
            for m in moved:
                _append(pieces, m)
                part_width += m[2]
                line_width += m[2]
                chars += len(m[1])
        _append(pieces, (i, c, cw, at))
        part_width += cw
        line_width += cw
        chars += 1
        if c in CUT_AFTER and (c != "/" or last == "/"):  # after "//", not after a single slash
            cut = chars
        last = c
    parts.append((part_width, tuple(pieces), word[2], False, word[4]))
    return parts


def _moved(pieces: list, runs, widths, c: str, last: str, back: int, cut: int, chars: int,
           limit: float) -> list | None:
    """What of the line being filled (``pieces``, ``chars`` characters) goes to the next line with ``c``, which
    does not fit: [] for nothing; None when the line is not to end here (``c`` continues a cluster, ``back``
    characters of which are on the line, and the cluster is all the line holds)."""
    if back:  # the cluster goes to the next line whole
        return _tail(pieces, runs, widths, back, limit) if back < chars else None
    if c in NO_START or last in NO_END:
        moved = _kinsoku(pieces, runs, widths)
        if moved is not None:
            return [moved]
    if 0 < cut < chars:
        return _tail(pieces, runs, widths, chars - cut, limit * (1 - FULL_ENOUGH)) or []
    return []


# What may join a character to the one before it: marks (by category, below), the zero width joiner,
# variation selectors, emoji modifiers and tags, regional indicators (flags), Hangul jamo.
_JOINING = re.compile("[\u200d\ufe00-\ufe0f\U000e0100-\U000e01ef\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
                      "\U0001f1e6-\U0001f1ff\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]")


def _cluster_starts(text: str) -> set[int] | None:
    """Where each cluster of ``text`` begins (Unicode's extended grapheme clusters, with Indic conjuncts); None
    where each character is one (ASCII, most Chinese and Japanese), without loading the ``regex`` package."""
    if text.isascii() or not (_JOINING.search(text) or any(unicodedata.category(c)[0] == "M" for c in text)):
        return None
    import regex

    return {m.start() for m in regex.finditer(r"\X", text)}


def _append(pieces: list, piece) -> None:
    """Add a piece ``(run, text, width, start)``, joined to the last one when it is of the same run."""
    if pieces and pieces[-1][0] == piece[0]:
        i, text, w, start = pieces[-1]
        pieces[-1] = (i, text + piece[1], w + piece[2], start)
    else:
        pieces.append(piece)


def _tail(pieces: list, runs, widths, n: int, most: float) -> list | None:
    """Take the last ``n`` characters off the line being filled, to start the next, when they are at most
    ``most`` wide: pieces, in order; None otherwise (and the line is left as it was)."""
    taken: list = []
    for _ in range(n):
        moved = _kinsoku(pieces, runs, widths)
        if moved is None:
            break
        taken.append(moved)
    if len(taken) == n and sum(t[2] for t in taken) <= most:
        merged: list = []
        for t in reversed(taken):
            _append(merged, t)
        return merged
    for t in reversed(taken):  # put back
        _append(pieces, t)
    return None


def _kinsoku(pieces: list, runs, widths):
    """Take the last character off the line being filled (``pieces``), to start the next: a piece
    ``(run, character, width, start)``; None when the line would be left empty."""
    if not pieces or (len(pieces) == 1 and len(pieces[0][1]) < 2):
        return None
    i, text, w, start = pieces[-1]
    _, font, size, *_ = runs[i]
    cw = widths(text[-1], font, size)
    moved = (i, text[-1], cw, None if start is None else start + len(text) - 1)
    if len(text) > 1:
        pieces[-1] = (i, text[:-1], w - cw, start)
    else:
        pieces.pop()
    return moved
