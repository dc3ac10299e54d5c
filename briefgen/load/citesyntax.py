"""Pandoc's citation syntax: ``[@key]``, ``[@key, p. 12]``, ``[see @a; @b, para. 69]``.

One parser serves the loader (which checks keys and reports their lines) and the Markdown parser
(an inline rule for markdown-it that turns a group into a ``Cite`` node).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..tree import Cite, CiteItem

KEY = r"(?:\{[^{}]+\}|[A-Za-z0-9_](?:[A-Za-z0-9_:.#$%&+?<>~/-]*[A-Za-z0-9_])?)"
LOCATOR_LABELS = {  # how a pinpoint is written -> CSL locator type
    "p": "page", "pp": "page", "page": "page", "pages": "page", "para": "paragraph", "paras": "paragraph",
    "paragraph": "paragraph", "¶": "paragraph", "ch": "chapter", "chap": "chapter", "chapter": "chapter",
    "sec": "section", "section": "section", "§": "section", "fig": "figure", "figure": "figure",
    "n": "note", "note": "note", "vol": "volume", "art": "article-locator", "l": "line", "line": "line",
    "col": "column", "tab": "table", "table": "table", "pt": "part", "part": "part",
}
_LABEL = re.compile(r"^\s*([^\W\d]+|¶|§)\.?(?=\s|\d|$)")
# A bracketed group holding at least one @key, not followed by "(" or "[" (which would make it a link), nor
# preceded by a backslash. The pattern starts with its "[" and looks behind it for the backslash only then: re
# skips from one "[" to the next at C speed in a pattern that starts with a literal, and tries one that starts
# with a look-behind at every character (a scan of a 10 MB finding: 6 ms against 80 ms).
GROUP_RE = re.compile(r"\[(?<!\\\[)(?P<inner>[^\[\]]*?(?<=[\[\s;-])-?@" + KEY + r"[^\[\]]*)\](?![(\[])")
ITEM_RE = re.compile(r"^\s*(?P<prefix>.*?)\s*(?:(?<=\s)|^)(?P<suppress>-?)@(?P<key>" + KEY + r")(?P<rest>.*)$", re.S)


def parse_group(inner: str) -> list[CiteItem] | None:
    """Parse the text between the brackets; None when it is not a citation group."""
    items = []
    for part in inner.split(";"):
        m = ITEM_RE.match(part)
        if not m or m["rest"][:1].isalnum():  # a key cut short by a letter it cannot hold ("@müller")
            return None
        key = m["key"]
        if key.startswith("{"):
            key = key[1:-1].strip()
        rest = m["rest"].strip()
        locator = suffix = None
        if rest.startswith(","):
            locator = rest[1:].strip() or None
            if locator and _starts_with_locator(locator):  # "p. 7, emphasis added": the rest is a suffix
                m_rest = _LOCATOR_END.search(locator)
                if m_rest:
                    locator, suffix = locator[:m_rest.start()], locator[m_rest.start():].strip()  # ", emphasis added"
        elif _starts_with_locator(rest):  # [@key p. 4], as pandoc reads it: a locator without its comma
            locator = rest
        elif rest:
            suffix = rest
        items.append(CiteItem(key=key, locator=locator, prefix=m["prefix"] or None, suffix=suffix,
                              suppress_author=bool(m["suppress"])))
    return items or None


# Where a pinpoint ends and a suffix begins, as pandoc reads them: a comma followed by what is no page number
# ("pp. 33, 35-37" is one pinpoint; "p. 7, emphasis added" a pinpoint and a suffix).
_LOCATOR_END = re.compile(r",\s+(?![\divxlcdmIVXLCDM]+\b|and\b|&|\d)")


def _starts_with_locator(text: str) -> bool:
    m = _LABEL.match(text)
    return bool(m) and m.group(1).lower() in LOCATOR_LABELS and any(c.isdigit() for c in text[m.end():][:12])


def locator_problem(locator: str | None) -> str | None:
    """What is wrong with a pinpoint ("p." with no page), or None."""
    if locator is None:
        return None
    m = _LABEL.match(locator)
    rest = locator[m.end():] if m and m.group(1).lower() in LOCATOR_LABELS else locator
    if not any(c.isalnum() for c in rest):
        return f"the locator '{locator}' names no page, paragraph or section (write it as 'p. 12')"
    return None


# pandoc's in-text citation (@key, no brackets), which briefgen does not format: printed as it stands, the
# key of a confidential source would be printed in the brief. After a "[" too: a group that does not close as
# one (a link inside it) is printed as written.
_BARE = re.compile(r"@(?<![\w@.\\/:-]@)(" + KEY + r")")  # its "@" first, as GROUP_RE's "[" (above)


def bare_keys(text: str, known) -> list[tuple[int, str, bool]]:
    """``(line offset, key, after a "[")`` of each ``@key`` outside citation groups whose key names a source in
    ``known``."""
    if "@" not in text:
        return []
    outside = GROUP_RE.sub(lambda m: " " * len(m.group(0)), mask_code(text))
    out = []
    lines = LineCounter(text)
    for m in _BARE.finditer(outside):
        key = m.group(1).strip("{}")
        if key in known:
            out.append((lines.at(m.start()), key, outside[:m.start()].rstrip(" -")[-1:] == "["))
    return out


def keys_named(text: str, known) -> list[tuple[int, str]]:
    """``(line offset, key)`` of each ``@key`` of a source in ``known`` that a plain-text field would print as
    written, in a citation group or not (the field has no Markdown: code is printed too)."""
    if "@" not in text:
        return []
    lines = LineCounter(text)
    return [(lines.at(m.start()), key) for m in _BARE.finditer(text) if (key := m.group(1).strip("{}")) in known]


# What reads as a citation group whatever its keys are written in: "[", an "@" and a letter, "]".
_LOOSE_GROUP = re.compile(r"\[(?<!\\\[)(?P<inner>[^\[\]]*?(?<=[\[\s;-])-?@[\w{][^\[\]]*)\](?![(\[])")
_KEY_ONLY = re.compile(KEY)


def unread_groups(text: str) -> list[tuple[int, str, str]]:
    """``(line offset, the group as written, why)`` of each bracketed group that reads as citations but is
    none briefgen can read: the brief would print it as written, its keys with it."""
    if "@" not in text:
        return []
    out = []
    lines = LineCounter(text)
    for m in _LOOSE_GROUP.finditer(mask_code(text)):
        if GROUP_RE.fullmatch(m.group(0)) and parse_group(m["inner"]):
            continue
        out.append((lines.at(m.start()), m.group(0), _why_unread(m["inner"])))
    return out


def _why_unread(inner: str) -> str:
    for part in inner.split(";"):
        at = part.find("@")
        if at < 0:
            named = " ".join(part.split())[:40]
            return (f"'{named}' names no source: each part between semicolons is one citation with its @key, and a "
                    "page goes after a comma ([@key, p. 4])")
        key = _KEY_ONLY.match(part, at + 1 + (part[at + 1:at + 2] == "{"))
        word = re.match(r"[\w{}:.#$%&+?<>~/-]+", part[at + 1:])
        if key is None or part[key.end():key.end() + 1].isalnum():
            named = (word.group(0) if word else "")[:40]
            return (f"'@{named}' is no citation key: a source's id is written in ASCII "
                    "letters, digits and _ : . # $ % & + ? < > ~ / - (give the source such an id and cite it)")
    return "it cannot be read as citations: write [@key], [@key, p. 4] or [see @a; @b, para. 69]"


class LineCounter:
    """Line offsets of ascending positions in one text, counted once: linear in the text's length."""

    def __init__(self, text: str):
        self.text, self.pos, self.line = text, 0, 0

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 0
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


# Code: a fenced block (at the start of a line, in a quote or a list item too) to its closing fence, or an
# inline code span.
_CODE = re.compile(r"^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,}).*?^[ \t>]*\1|`+[^`]*`+", re.S | re.M)


def mask_code(text: str) -> str:
    """``text`` with what Markdown reads as code blanked out, its length and lines kept: a citation, an image, a
    link or a comment written in code is printed as text, not read as one (a log excerpt quoting "[@user]", a
    message as it was sent), so the checks that read the text must not read it either."""
    if "`" not in text and "~~~" not in text:
        return text
    return _masked(text)


@lru_cache(maxsize=16)
def _masked(text: str) -> str:  # the checks read a text several times (a 10 MB body's code: 0.4 s a time)
    return _CODE.sub(_blank, text)


def _blank(m: re.Match) -> str:
    code = m.group(0)
    return " " * len(code) if "\n" not in code else "\n".join(" " * len(line) for line in code.split("\n"))


COMMENT = re.compile(r"<!--.*?-->", re.S)  # an HTML comment: never printed (render/markup.py)
UNCLOSED_COMMENT = ("an HTML comment (<!--) is never closed (-->): close it, or all that follows would be hidden "
                    "from the brief; to print <!-- write it as code, `<!--`")


def unclosed_comment(text: str) -> int | None:
    """The line offset of an HTML comment (``<!--``) that is never closed, outside code; else None. What
    follows such a comment would be hidden (the renderer refuses it; this finds where it is)."""
    if "<!--" not in text:
        return None
    bare = mask_code(text)
    at = 0
    while (start := bare.find("<!--", at)) >= 0:
        if start and bare[start - 1] == "\\":  # \<!-- is text (a plain field, escaped, is printed as written)
            at = start + 4
            continue
        end = bare.find("-->", start + 4)
        if end < 0:
            return bare.count("\n", 0, start)
        at = end + 3
    return None


def find_citations(text: str):
    """Yield ``(line_offset, CiteItem)`` for every citation in a Markdown text (for validation)."""
    lines = LineCounter(text)
    for m in GROUP_RE.finditer(mask_code(text)):  # as the renderer reads it: not in code
        items = parse_group(m["inner"])
        if items:
            line = lines.at(m.start())
            for item in items:
                yield line, item


def cite_plugin(md) -> None:
    """markdown-it inline rule producing ``cite`` tokens whose ``meta['cite']`` is a ``Cite``."""

    def rule(state, silent: bool) -> bool:
        # Silent, the parser is scanning a link's text for its end ("[the report [@key]](https://...)"): a
        # token there would make it a link inside a link, which ends the link; as text, the citation is read
        # when the link's text is parsed.
        if silent or state.src[state.pos] != "[":
            return False
        m = GROUP_RE.match(state.src, state.pos)
        if not m:
            return False
        items = parse_group(m["inner"])
        if not items:
            return False
        if not silent:
            token = state.push("cite", "", 0)
            token.meta = {"cite": Cite(items=items)}
            token.content = m.group(0)
        state.pos = m.end()
        return True

    md.inline.ruler.before("link", "cite", rule)
