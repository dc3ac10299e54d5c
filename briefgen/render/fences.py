"""Markdown rewritten line by line before it is parsed: a finding's headings moved under the template's
(``headings_under``), and fenced divs nested as pandoc nests them (``nest_fences``).

In pandoc a fence with attributes (``::: callout``) opens a div and a bare fence (``:::``) closes the
innermost one open, whatever their lengths. markdown-it's container plugin closes a div at the first bare
fence at least as long as its own, so a callout inside a callout, or a finding's ``::: callout`` inside a
template's div, closed the outer div early and printed the last ``:::`` as text; and a line of colons in
fenced code inside a div closed the div there. Before parsing, each div's fences are made longer than those
of the divs it holds and than such lines."""

from __future__ import annotations

import re

_DIV_FENCE = re.compile(r"^( {0,3})(:{3,})(.*)$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")


def in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it is fenced code or one of its fences (text, whatever it looks like)."""
    out, code = [], None
    for line in lines:
        m = _CODE_FENCE.match(line)
        if code is not None:
            if m and m.group(1)[0] == code[0] and len(m.group(1)) >= len(code) and not m.group(2).strip():
                code = None
            out.append(True)
        elif m and not (m.group(1)[0] == "`" and "`" in m.group(2)):
            code = m.group(1)
            out.append(True)
        else:
            out.append(False)
    return out


def headings_under(markdown: str, level: int) -> str:
    """``markdown`` (a finding's body) with its headings moved under a heading of ``level`` (the finding's
    title in the template): its shallowest heading becomes ``level`` + 1 and the others keep their distance
    from it, at most 6. Written ``## Background`` under the finding's ``###`` title, it was a section of the
    brief's own, as large as "Findings", in the page, the outline and the tagged PDF alike."""
    if _SETEXT.search(markdown):
        markdown = _setext_as_atx(markdown)
    lines = markdown.split("\n")
    code = in_code(lines)
    found = [(i, m) for i, line in enumerate(lines) if not code[i] and (m := _ATX.match(line))]
    if not found:
        return markdown
    shift = level + 1 - min(len(m.group(2)) for _, m in found)
    for i, m in found:
        hashes = "#" * max(level + 1, min(6, len(m.group(2)) + shift))
        lines[i] = m.group(1) + hashes + lines[i][m.end():]
    return "\n".join(lines)


_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M)  # a line that may underline a heading


def _setext_as_atx(markdown: str) -> str:
    """``markdown`` with its headings written underlined (``Title`` over ``=====`` or ``-----``) written with
    hashes (``# Title``), on their first line, the lines after it left blank: they move with the others (they
    stayed at levels 1 and 2, as large as the brief's own sections). Those in a list or a quote are left."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.container import container_plugin

    md = MarkdownIt("commonmark")
    container_plugin(md, "div", validate=lambda params, *a: bool(params.strip()))
    lines = markdown.split("\n")
    inside: list[str] = []  # the blocks open around a token
    for t in md.parse(markdown):
        if t.nesting == 1 and t.type != "heading_open":
            inside.append(t.type)
        elif t.nesting == -1 and t.type != "heading_close":
            inside.pop()
        elif t.type == "heading_open" and t.markup in ("=", "-") and t.map and \
                all(kind == "container_div_open" for kind in inside):
            start, end = t.map
            text = " ".join(line.strip() for line in lines[start:end - 1])
            lines[start:end] = ["#" * (1 if t.markup == "=" else 2) + " " + text] + [""] * (end - 1 - start)
    return "\n".join(lines)


def nest_fences(markdown: str) -> str:
    """``markdown`` with each div's fences made longer than the fences of the divs it holds and than any run
    of colons on a line of fenced code inside it (markdown-it closed a div there too, cutting the code);
    unchanged when three colons serve everywhere. Fences inside fenced code are text, and left alone."""
    lines = markdown.split("\n")
    open_divs: list[list[int]] = []  # [line of its opening fence, the least length its fences need]
    pairs: list[tuple[int, int, int]] = []  # (opening line, closing line, length of its fences)
    for i, (line, code) in enumerate(zip(lines, in_code(lines))):
        if code:
            colons = _DIV_FENCE.match(line)
            for div in open_divs if colons else ():
                div[1] = max(div[1], len(colons.group(2)) + 1)
            continue
        m = _DIV_FENCE.match(line)
        if m is None:
            continue
        if m.group(3).strip():
            open_divs.append([i, 3])
        elif open_divs:
            start, length = open_divs.pop()
            pairs.append((start, i, length))
            if open_divs:
                open_divs[-1][1] = max(open_divs[-1][1], length + 1)
    if all(length == 3 for _, _, length in pairs):
        return markdown
    for start, end, length in pairs:
        for j in (start, end):
            m = _DIV_FENCE.match(lines[j])
            lines[j] = m.group(1) + ":" * length + m.group(3)
    return "\n".join(lines)
