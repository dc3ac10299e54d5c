"""The citation pass: resolve every citation in a rendered tree, once, before any writer sees it.

Citations of sources the audience may not see are removed; each remaining citation group becomes a
numbered note whose text is formatted in the audience's style (the first citation of a source in full,
later ones short, where the style says so); the ``::: references`` div (or pandoc's ``{#refs}``) receives
the list of sources cited.
"""

from __future__ import annotations

from ..load.sources import Source
from ..tree import (
    Attachment,
    Cite,
    Div,
    Figure,
    Heading,
    Note,
    NotesPlaceholder,
    Para,
    SoftBreak,
    Str,
    Table,
    merge_strs,
    walk,
)
from .styles import EN, STYLES, CiteContext, linked_reference
from .typography import affix, smarten

REFS_ID = "refs"


_CLOSING = ".,;:!?)]\u3002\uff0c"  # punctuation that closes up to the word before it


def resolve(blocks: list, sources: dict[str, Source], allowed: set[str], style, ctx: CiteContext = EN,
            files: dict[str, Attachment] | None = None, notes_in_text: bool = True, short_list: bool = False):
    """Number citations and format notes; return (blocks, notes, ids of sources cited in list order, how many
    citation groups the text holds: as many as notes, or, with ``notes_in_text`` off, the groups removed).
    ``style`` is a built-in style's name or a format object (``csl.CslFormat``): ``register`` every group,
    then ``note(i)`` in order, then ``bibliography()``. A source with a file (``files``, by id) has the file's
    name and SHA-256 after its entry in the list. ``short_list``: a built-in style lists its sources in short,
    their titles linked (``styles.linked_reference``)."""
    fmt = style if not isinstance(style, str) else BuiltinFormat(style, sources, ctx)
    if short_list and isinstance(fmt, BuiltinFormat):
        fmt.bib = linked_reference
    notes: list[Note] = []

    def prune(inlines):
        kept, dropped = [], False
        for node in inlines:
            if isinstance(node, Cite):
                node.items = [it for it in node.items if it.key in allowed]
                if not node.items:
                    dropped = True
                    continue
            if dropped and isinstance(node, Str) and node.text[:1] in _CLOSING and kept and \
                    isinstance(kept[-1], Str) and kept[-1].text.endswith(" "):  # "Also [@x]." not "Also ."
                kept[-1] = Str(kept[-1].text.rstrip(" "))
            dropped = False
            children = getattr(node, "children", None)
            if children is not None and not isinstance(node, Cite):
                node.children = prune(children)
            kept.append(node)
        return kept

    # Remove citations of sources above clearance, then number what is left, in reading order.
    def prune_block(b):
        _each_run(b, prune)

    walk(blocks, block_fn=prune_block)
    walk(blocks, block_fn=lambda b: _each_run(b, _placed))

    groups: list[Cite] = []
    walk(blocks, inline_fn=lambda n: groups.append(n) if isinstance(n, Cite) else None)
    fmt.register([g.items for g in groups])
    for i, node in enumerate(groups):
        node.note = i + 1
        notes.append(Note(node.note, fmt.note(i)))
    if not notes_in_text:  # notes: none: the text carries no note numbers; the list of sources stays
        for node in groups:
            node.items = []
        walk(blocks, block_fn=prune_block)
        notes = []

    for note in notes:
        smarten(note.children)
    cited, texts = fmt.bibliography()
    for text in texts:
        smarten(text)
    files = files or {}
    entries = [Para(text + _file_line(files.get(sid), ctx)) for sid, text in zip(cited, texts)]
    placed = []

    def fill(b):
        if isinstance(b, Div) and (b.id == REFS_ID or "references" in b.classes):
            b.children = entries
            if "references" not in b.classes:
                b.classes.append("references")
            placed.append(b)

    walk(blocks, block_fn=fill)
    if notes and not any(isinstance(b, NotesPlaceholder) for b in _all_blocks(blocks)):
        blocks.append(NotesPlaceholder())
    if cited and not placed:
        blocks.append(Div(entries, ["references"], {}, REFS_ID))
    return blocks, notes, cited, len(groups)


class BuiltinFormat:
    """A built-in style (``styles.py``): the first citation of a source in full, later ones as the style
    says; the list of sources sorted by author."""

    def __init__(self, style: str, sources: dict[str, Source], ctx: CiteContext = EN):
        self.full, self.short, self.bib, self.order = STYLES[style]
        self.sources, self.ctx = sources, ctx
        self.groups: list = []
        self.seen: dict[str, None] = {}  # the keys cited so far, in order (a list made each lookup a scan)

    def register(self, groups) -> None:
        self.groups = list(groups)

    def note(self, index: int) -> list:
        items, text = self.groups[index], []
        for i, item in enumerate(items):
            fmt = self.short if item.key in self.seen else self.full
            self.seen[item.key] = None
            if i:
                text.append(Str("; "))
            if item.prefix:
                text += merge_strs([*affix(item.prefix), Str(" ")])
            source = self.sources[item.key]
            if item.suppress_author:  # [-@key]: "As Zenz [-@zenz] shows": the note without the author
                drop = {"author": []} if fmt is self.full else \
                    {"author": [], "container_title": None, "publisher": None}  # a later note: its short title
                source = source.model_copy(update=drop)
            part = fmt(source, item.locator, self.ctx)
            if item.suffix:
                space = [] if item.suffix.startswith(",") else [Str(" ")]  # "p. 7, emphasis added"
                part = _strip_end(part) + merge_strs([*space, *affix(item.suffix), Str(".")])
            text.extend(part if i == len(items) - 1 else _strip_end(part))
        if items and items[0].prefix:  # a note is a sentence: "See Eastbank City Council ...", as Chicago has it
            _capitalise(text)
        return text

    def bibliography(self) -> tuple[list[str], list[list]]:
        cited = sorted((self.sources[k] for k in self.seen), key=self.order)
        return [s.id for s in cited], [self.bib(s, self.ctx) for s in cited]


def _capitalise(inlines: list) -> None:
    """The first letter of ``inlines`` in upper case, in place (inside emphasis too)."""
    for i, node in enumerate(inlines):
        if isinstance(node, Str):
            if node.text.strip():
                at = len(node.text) - len(node.text.lstrip())
                inlines[i] = Str(node.text[:at] + node.text[at].upper() + node.text[at + 1:])
                return
        elif getattr(node, "children", None):
            _capitalise(node.children)
            return


def _file_line(file: Attachment | None, ctx: CiteContext) -> list:
    """"File: leak.zip, SHA-256 3f2a...": a reader can check that a copy is the file the brief rests on."""
    if file is None:
        return []
    return [Str(f" {ctx._('File')}: {file.name}, SHA-256\u00a0{file.sha256}.")]  # the label stays with its digest


PUNCTUATION = ".,;:!?"


def _each_run(block, fn) -> None:
    """``fn`` applied, in place, to each run of inlines a block holds itself: its text, a table's cells, a
    figure's caption and credit (notes were placed in running text only: a caption ended "the site ⁸", its
    alternative text with a space)."""
    if isinstance(block, (Para, Heading)):
        block.children = fn(block.children)
    elif isinstance(block, Table):
        block.header = [fn(c) for c in block.header]
        block.rows = [[fn(c) for c in row] for row in block.rows]
    elif isinstance(block, Figure):
        block.caption, block.credit = fn(block.caption), fn(block.credit)


def _placed(inlines):
    """Note references set as notes are set: no space before, after the punctuation that follows."""
    nodes, out = list(inlines), []
    for i, node in enumerate(nodes):
        if not isinstance(node, Cite):
            if hasattr(node, "children"):
                node.children = _placed(node.children)
            out.append(node)
            continue
        while out and isinstance(out[-1], SoftBreak):  # "claim\n[@a]." is "claim[@a]." too
            out.pop()
        if out and isinstance(out[-1], Str):
            out[-1] = Str(out[-1].text.rstrip(" "))
        nxt = nodes[i + 1] if i + 1 < len(nodes) else None
        if isinstance(nxt, Str) and nxt.text[:1] and nxt.text[0] in PUNCTUATION:
            punct = nxt.text[0]
            if not (out and isinstance(out[-1], Str) and out[-1].text.endswith(punct)):
                out.append(Str(punct))
            nodes[i + 1] = Str(nxt.text[1:])
        out.append(node)
    return merge_strs(out)


def _strip_end(inlines):
    """Drop the final full stop of a formatted entry (also inside closing quotation marks, as in
    Zenz, “The Karakax List.”), so that entries can be joined with '; '."""
    if not inlines or not isinstance(inlines[-1], Str):
        return inlines
    text = inlines[-1].text
    if text.endswith(".\u201d"):
        text = text[:-2] + "\u201d"
    elif text.endswith("."):
        text = text[:-1]
    else:
        return inlines
    return inlines[:-1] + ([Str(text)] if text else [])


def _all_blocks(blocks):
    out = []
    walk(blocks, block_fn=out.append)
    return out
