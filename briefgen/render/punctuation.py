"""French spacing and Chinese full-width punctuation, on a paragraph's text as a list of characters
(``typography.py`` makes the list and writes the result back into the tree's text nodes).

Each function reads ``chars`` (one character each; ``OBJ`` for a code span or note reference), may touch only
the positions ``free`` allows (text, not code, not a URL or a kept title) and writes what each character
becomes into ``out`` (a character may become two, or none).
"""

from __future__ import annotations

import re

from ..fonts.scripts import script

NNBSP, NBSP = "\u202f", "\u00a0"  # narrow no-break space (French ; ! ? « »), no-break space (French :)
OBJ = "\ufffc"  # what a code span, a note reference or a break stands for in a paragraph's text


# --- French -----------------------------------------------------------------------------------------

_SPACES = {NNBSP, NBSP, "\u2009", "\u2007"}
_NO_SPACE_AFTER = set("([{«‹“„‚\n;:!?")  # "(?)", "?!": no space between


def _previous_letter(chars: list, i: int) -> str:
    j = i - 1
    while j >= 0 and chars[j] in " " + NBSP + NNBSP:
        j -= 1
    return chars[j] if j >= 0 else ""


def _space_before(chars: list, free: list, out: list, i: int, space: str, foreign) -> None:
    """A no-break ``space`` before the mark at ``i``: the ordinary space there becomes it, or it is added. After
    a letter of another script, only where the mark stands between spaces, as the brief's language writes it
    ("特克斯县 ; en ouïghour"): the mark is the sentence's, and must not begin a line."""
    if i == 0:
        return
    spaced = chars[i - 1] == " " and (i + 1 == len(chars) or chars[i + 1] in " \n")
    if foreign(_previous_letter(chars, i)) and not spaced:
        return
    prev = chars[i - 1]
    if prev == " ":
        if free[i - 1] and not (i >= 2 and chars[i - 2] in " \n"):
            out[i - 1] = space
        return
    if prev in _SPACES or prev in _NO_SPACE_AFTER:
        return
    out[i] = space + out[i]


def french(chars: list, free: list, out: list, foreign) -> None:
    """A narrow no-break space inside « » ‹ › and before ; ! ?, a no-break space before a colon that ends a
    phrase; an ordinary space there becomes it. Not after a letter ``foreign`` to the language."""
    n = len(chars)
    for i, c in enumerate(chars):
        if not free[i]:
            continue
        if c in ";!?":
            _space_before(chars, free, out, i, NNBSP, foreign)
        elif c == ":":
            after = chars[i + 1] if i + 1 < n else "\n"
            if after in " \n" + NBSP + OBJ:  # a colon ending a phrase, not 10:30, https:, TLP:AMBER
                _space_before(chars, free, out, i, NBSP, foreign)
        elif c in "«‹":
            after = chars[i + 1] if i + 1 < n else "\n"
            if after == " " and free[i + 1]:
                out[i + 1] = NNBSP
            elif after not in _SPACES and after not in " \n":
                out[i] = out[i] + NNBSP
        elif c in "»›":
            if i > 0 and chars[i - 1] not in "\n":
                _space_before_closing(chars, free, out, i)


def _space_before_closing(chars: list, free: list, out: list, i: int) -> None:
    prev = chars[i - 1]
    if prev == " ":
        if free[i - 1]:
            out[i - 1] = NNBSP
    elif prev not in _SPACES:
        out[i] = NNBSP + out[i]


# --- Chinese ----------------------------------------------------------------------------------------

FULL_WIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？"}
_OPENING = "“‘「『《（〈"
_CLOSING = "”’」』》）〉"


def _han(c: str) -> bool:
    return bool(c) and script(c) == "Hani" and c.isalpha()


def _after_han(chars: list, out: list, i: int) -> bool:
    """Whether the character before ``i`` is an ideograph, or a closing quote or bracket after one."""
    prev = (out[i - 1] if out[i - 1] == "）" else chars[i - 1]) if i > 0 else ""
    if prev and prev in _CLOSING:
        return i > 1 and _han(chars[i - 2])
    return _han(prev)


def _next_visible(chars: list, i: int) -> int:
    j = i + 1
    while j < len(chars) and chars[j] == " ":
        j += 1
    return j


def _counted(chars: list, j: int) -> bool:
    """Whether a number starts at ``j`` and an ideograph follows it (2022年, 3.5倍)."""
    k = j
    while k < len(chars) and (chars[k].isdigit() or chars[k] in ".,:" and k > j):
        k += 1
    return k > j and k < len(chars) and _han(chars[k])


def chinese(chars: list, free: list, out: list) -> None:
    """ASCII , . : ; ! ? after an ideograph and before another (or a number and one, or the end) full-width,
    the space after them dropped; parentheses around Chinese full-width."""
    _parentheses(chars, free, out)
    n = len(chars)
    for i, c in enumerate(chars):
        if not free[i] or c not in FULL_WIDTH or not _after_han(chars, out, i):
            continue
        if c == "." and ((i + 1 < n and chars[i + 1] == ".") or chars[i - 1] == "."):
            continue  # an ellipsis ... stays as written
        j = _next_visible(chars, i)
        nxt = chars[j] if j < n else ""
        if nxt and not (_han(nxt) or nxt in _OPENING or nxt in "\n" + OBJ or _counted(chars, j)):
            continue  # Latin text follows: not Chinese punctuation
        out[i] = FULL_WIDTH[c]
        for k in range(i + 1, j):
            if free[k]:
                out[k] = ""


def _parentheses(chars: list, free: list, out: list) -> None:
    """( ) around Chinese, or after an ideograph around no Latin letters, as （ ）; spaces beside them dropped."""
    stack = []
    for i, c in enumerate(chars):
        if c == "(" and free[i]:
            stack.append(i)
        elif c == ")" and free[i] and stack:
            a = stack.pop()
            inner = "".join(chars[a + 1:i]).strip(" ")
            before = a - 1
            while before >= 0 and chars[before] == " ":
                before -= 1
            after_han = before >= 0 and _han(chars[before])
            chinese = inner and (_han(inner[0]) or _han(inner[-1]))
            if not (chinese or (after_han and inner and not re.search(r"[A-Za-z]", inner))):
                continue
            out[a], out[i] = "（", "）"
            if after_han:
                for k in range(before + 1, a):
                    if free[k]:
                        out[k] = ""
            j = _next_visible(chars, i)
            if j < len(chars) and _han(chars[j]):
                for k in range(i + 1, j):
                    if free[k]:
                        out[k] = ""
