"""A tagged PDF (PDF/UA-1): the structure tree, built from briefgen's document tree, and the marked content
that ties what each page draws to its place in that tree.

The tree is built while ``blocks.py`` turns the document tree into flowables, in reading order: Document,
headings H1 to H6 nested as the outline nests them (no level skipped), P, L / LI / LBody, Table / TR / TH
(scope: column) / TD, BlockQuote, Div (a callout), Figure (with its alternative text) and Caption, and Note
(a footnote beside the paragraph that cites it, an endnote in the notes section, each with its ID). A
list item is LI / Lbl (its bullet or number) / LBody. A paragraph's links are Link elements holding their
annotation (``OBJR``); the annotation carries its ``StructParent`` and a description; its text in another
language is a Span with its /Lang (``mixed.py`` for briefgen's paragraphs, ``langspans.py`` for ReportLab's).

On the page, everything is an artifact (``/Artifact BMC ... EMC`` around the page's content) except the
drawing of leaf flowables with an element: a paragraph, however split across pages, a figure's image.
Each closes the artifact, draws as ``/P <</MCID n>> BDC ... EMC`` and opens it again; so does the bullet or
number ReportLab's list draws for an item (``mark``: its Lbl). The running header and footer, rules, box
fills, table lines, repeated table header rows (a leaf drawn a second time) and a box's "(continued)" label
stay artifacts, and no content is left unmarked. Marked content does not change what is drawn: the pages
are the same pixels.

At save, the elements become ``StructElem`` objects, with the parent tree (pages by MCID, annotations by
``StructParent``), the ID tree of the notes, ``/MarkInfo``, and each page's ``/StructParents`` and
``/Tabs /S``.
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfbase.pdfdoc import PDFName, PDFObject, PDFString
from reportlab.pdfbase.pdfdoc import format as pdf_format

from . import rlinternals as rl


class Elem:
    """A structure element: its type, parent, children (elements, and (page index, MCID) for marked content
    or (page index, object name) for an annotation), and attributes (Alt, ID, Lang, ActualText, A)."""

    __slots__ = ("kind", "parent", "kids", "attrs", "name")

    def __init__(self, kind: str, parent: Elem | None, attrs: dict):
        self.kind, self.parent, self.kids, self.attrs, self.name = kind, parent, [], attrs, None
        if parent is not None:
            parent.kids.append(self)


class Tags:
    def __init__(self):
        self.root = Elem("Document", None, {})
        self.stack = [self.root]
        self.page_elems: dict[int, list[Elem]] = {}  # page index -> the element of each MCID
        self.annotations: list[tuple[int, Elem]] = []  # (StructParent key, Link element)
        self.pages_ended = 0
        self.repeats = 0  # footnotes drawn again, on a later page that cites them again
        self.current: Elem | None = None  # the element whose marked content is being drawn
        self.canvas = None
        self.written: list[Elem] = []  # the elements, once written (``release``)

    # --- building, in reading order -------------------------------------------------------------------

    def add(self, kind: str, parent: Elem | None = None, **attrs) -> Elem:
        return Elem(kind, parent or self.stack[-1], {k: v for k, v in attrs.items() if v is not None})

    @contextmanager
    def within(self, kind: str, **attrs):
        elem = self.add(kind, **attrs)
        self.stack.append(elem)
        try:
            yield elem
        finally:
            self.stack.pop()

    @contextmanager
    def under(self, elem: Elem):
        self.stack.append(elem)
        try:
            yield elem
        finally:
            self.stack.pop()

    # --- drawing --------------------------------------------------------------------------------------

    def draw(self, flowable, canv, draw) -> None:
        """Draw a leaf flowable as its element's marked content, its links tied to it. Drawn again, a
        footnote (its number cited again on a later page) is a Note of its own there; anything else drawn
        again (a table's header row on the next page) and a leaf without an element are part of the
        artifact, their links (if any) still tied into the tree."""
        elem = getattr(flowable, "tag", None)
        page = canv.getPageNumber() - 1
        # A leaf drawn before is marked on itself (by id, a flowable freed after drawing, such as a split
        # part, would hand its id to a new one; kept alive, every drawn line would live to the end).
        again = getattr(flowable, "drawn_once", False)
        if elem is None or (again and elem.kind != "Note"):
            before = rl.annotation_count(canv)
            draw()
            self._links(canv, elem or self.root, before, page)
            return
        flowable.drawn_once = True
        self.canvas = canv
        if again:
            self.repeats += 1
            elem = Elem("Note", elem.parent, {"ID": f"{elem.attrs.get('ID', 'note')}-again-{self.repeats}"})
        # A list item's marker, drawn first, opens with its Lbl (not an empty stretch of the item's body before it).
        label_first = not again and getattr(flowable, "draws_label_first", bool)()
        self.switch(canv, flowable.label_tag if label_first else elem)
        before = rl.annotation_count(canv)
        draw()
        self.current = None
        rl.page_code(canv, "EMC /Artifact BMC")
        self._links(canv, elem, before, page)

    def mark(self, canv, elem: Elem, draw) -> None:
        """Draw something a container draws for an element (the bullet or number ReportLab's list draws for
        an item: its Lbl) as that element's marked content; drawn again, or within a leaf, as it stands."""
        if self.current is not None or any(isinstance(k, tuple) for k in elem.kids):
            draw()
            return
        self.canvas = canv
        self.switch(canv, elem)
        draw()
        self.current = None
        rl.page_code(canv, "EMC /Artifact BMC")

    def switch(self, canv, elem: Elem, tx=None, extra: str = "") -> None:
        """What is drawn next is ``elem``'s marked content (within a leaf: a list item's marker is its Lbl;
        in a text object ``tx``, a run of another language)."""
        page = canv.getPageNumber() - 1
        mcids = self.page_elems.setdefault(page, [])
        operator = f"EMC /{elem.kind} <<{extra}/MCID {len(mcids)}>> BDC"
        if tx is None:
            rl.page_code(canv, operator)
        else:
            rl.text_code(tx, operator)
        elem.kids.append((page, len(mcids)))  # content: (page index, MCID)
        mcids.append(elem)
        self.current = elem

    def open_span(self, tx, lang: str) -> Elem | None:
        """A Span of the element being drawn, in language ``lang``; None outside tagged content (an artifact:
        the running header)."""
        parent = self.current
        if parent is None:
            return None
        span = Elem("Span", parent, {"Lang": lang})
        self.switch(self.canvas, span, tx, f"/Lang ({rl.language_tag(lang)}) ")
        return span

    def close_span(self, tx, span: Elem, actual: str | None, resume: bool = True) -> None:
        """Back to the span's parent (``resume``; else the span's content ends where the next span's starts);
        a right-to-left span's text in logical order as its /ActualText."""
        if actual:
            span.attrs["ActualText"] = actual
        if resume:
            self.switch(self.canvas, span.parent, tx)
        else:
            self.current = span.parent

    def _links(self, canv, elem: Elem, before: int, page: int) -> None:
        """The link annotations drawn since the ``before``-th: each a Link element of ``elem`` holding it."""
        for obj, ref in rl.annotations_since(canv, before):
            key = 2 * len(self.annotations) + 1  # pages take the even keys
            link = Elem("Link", elem, {})
            link.kids.append((page, ref.name))  # an annotation: (page index, its object's name)
            self.annotations.append((key, link))
            target = rl.annotation_target(obj)
            rl.set_annotation(obj, key, f"Note {target[6:]}" if target.startswith("#note-") else
                              "Link to " + (target.lstrip("#") or "a place in the document"))

    def end_page(self, canv) -> None:
        """The page's content in one artifact, around its tagged parts; its entries."""
        page = self.pages_ended
        self.pages_ended += 1
        rl.wrap_page_code(canv, "/Artifact BMC", "EMC")
        return page

    def page_entries(self, page: int) -> dict:
        entries = {"Tabs": PDFName("S")}
        if page in self.page_elems:
            entries["StructParents"] = 2 * page
        return entries

    # --- the objects, at save -------------------------------------------------------------------------

    def write(self, canv) -> None:
        """The structure tree as PDF objects, and the catalogue's entries for it."""
        elems: list[Elem] = []
        todo = [self.root]
        while todo:  # depth first, in reading order
            e = todo.pop()
            e.name = f"StructElem{len(elems) + 1}"
            elems.append(e)
            todo.extend(reversed([k for k in e.kids if isinstance(k, Elem)]))
        root_ref = rl.register(canv, _Raw([(b"Type", b"/StructTreeRoot")]), "StructTreeRoot")
        root = rl.object_of(canv, "StructTreeRoot")
        pages = [rl.page_name(n + 1) for n in range(self.pages_ended)]
        ids = []
        for e in elems:
            if "ID" in e.attrs:
                ids.append((e.attrs["ID"], e))
            rl.register(canv, _StructElem(e, pages), e.name)
        self.written = elems
        pairs = [(2 * page, _Array([_Ref(x.name) for x in elems_of])) for page, elems_of in self.page_elems.items()]
        pairs += [(key, _Ref(link.name)) for key, link in self.annotations]
        pairs.sort(key=lambda p: p[0])
        nums = _Array([item for key, value in pairs for item in (b"%d" % key, value)])
        root.entries += [(b"K", _Ref(self.root.name)),
                         (b"ParentTree", rl.register(canv, _Raw([(b"Nums", nums)]), "ParentTree")),
                         (b"ParentTreeNextKey", b"%d" % ((pairs[-1][0] + 1) if pairs else 0))]
        if ids:
            names = [item for value, e in sorted(ids, key=lambda p: p[0])
                     for item in (PDFString(value), _Ref(e.name))]
            root.entries.append((b"IDTree", _Raw([(b"Names", _Array(names))])))
        rl.set_catalogue(canv, StructTreeRoot=root_ref, MarkInfo=_Raw([(b"Marked", b"true")]))


    def release(self) -> None:
        """Once the file is written: each element's link to its parent dropped (a parent and its children
        hold each other, a cycle per element left for the cycle collector)."""
        for e in self.written:
            e.parent = None
        self.written = []


class _StructElem(PDFObject):
    """A structure element's dictionary, written when the file is, straight from its ``Elem`` (the numbers of
    the objects it refers to are known then): an object per paragraph, so no entry goes through ReportLab's
    general formatting, nor is made as an object of its own before."""

    __slots__ = ("elem", "pages")

    def __init__(self, elem: Elem, pages: list[str]):
        self.elem, self.pages = elem, pages  # pages: each page's object name, by index

    def format(self, document) -> bytes:
        numbers = document.idToObjectNumberAndVersion

        def ref(name: str) -> bytes:
            return b"%d %d R" % numbers[name]

        e, pages = self.elem, self.pages
        out = [b"<< /Type /StructElem /S /", e.kind.encode(), b" /P ",
               ref(e.parent.name if e.parent is not None else "StructTreeRoot")]
        home = next((k[0] for k in e.kids if isinstance(k, tuple)), None)
        if home is not None:
            out += (b" /Pg ", ref(pages[home]))
        kids = []
        for k in e.kids:
            if isinstance(k, Elem):
                kids.append(ref(k.name))
            elif isinstance(k[1], int):  # marked content
                kids.append(b"%d" % k[1] if k[0] == home else
                            b"<< /Type /MCR /Pg " + ref(pages[k[0]]) + b" /MCID %d >>" % k[1])
            else:  # an annotation, by its object's name
                kids.append(b"<< /Type /OBJR /Obj " + ref(k[1]) + b" /Pg " + ref(pages[k[0]]) + b" >>")
        if kids:
            out += (b" /K ", b"[ " + b" ".join(kids) + b" ]" if len(kids) > 1 else kids[0])
        for key, value in e.attrs.items():
            if key == "A":
                out.append(b" /A << /O /Table /Scope /" + value.encode() + b" >>")
            else:
                out += (b" /", key.encode(), b" ", rl.streams.pdf_text(value, document))
        out.append(b" >>")
        return b"".join(out)


class _Raw(PDFObject):
    """A dictionary written as it is given: (key, value) pairs, values as bytes or PDF objects. The structure
    tree has an object per paragraph; ReportLab's general dictionary formatting took most of the time tagging
    costs."""

    __slots__ = ("entries",)

    def __init__(self, entries: list):
        self.entries = entries

    def format(self, document) -> bytes:
        return b"<< " + b" ".join(b"/" + k + b" " + _value(v, document) for k, v in self.entries) + b" >>"


class _Array(PDFObject):
    __slots__ = ("items",)

    def __init__(self, items: list):
        self.items = items

    def format(self, document) -> bytes:
        return b"[ " + b" ".join(_value(v, document) for v in self.items) + b" ]"


class _Ref(str):
    """A reference to an object of the document by its name, written as its number when the file is."""

    __slots__ = ()


def _value(value, document) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, _Ref):  # numbered when registered: look it up, as ReportLab's references do
        return b"%d %d R" % document.idToObjectNumberAndVersion[value]
    return pdf_format(value, document)


class Tagged:
    """A leaf flowable (a paragraph, a figure's image) that draws as its element's marked content when the
    canvas is tagging (``canvas.tags``); ``tag`` is its element, None for an artifact (a running header, a
    box's "(continued)" label)."""

    tag: Elem | None = None
    label_tag: Elem | None = None  # a list item's Lbl, for the marker the leaf draws (para.py)

    def draws_label_first(self) -> bool:
        """Whether the leaf starts by drawing its list item's marker (its Lbl)."""
        return False

    def drawOn(self, canvas, x, y, _sW=0):
        tags = getattr(canvas, "tags", None)
        if tags is None:
            return super().drawOn(canvas, x, y, _sW)
        tags.draw(self, canvas, lambda: super(Tagged, self).drawOn(canvas, x, y, _sW))
