"""A tagged PDF (PDF/UA-1): the structure tree, built from briefgen's document tree, and the marked content
that ties what each page draws to its place in that tree.

The tree is built while ``blocks.py`` turns the document tree into flowables, in reading order: Document,
headings H1 to H6 nested as the outline nests them (no level skipped), P, L / LI / LBody, Table / TR / TH
(scope: column) / TD, BlockQuote, Div (a callout), Figure (with its alternative text) and Caption, and Note
(a footnote beside the paragraph that cites it, an endnote in the notes section, each with its ID). A
paragraph's links are Link elements holding their annotation (``OBJR``); the annotation carries its
``StructParent`` and a description.

On the page, everything is an artifact (``/Artifact BMC ... EMC`` around the page's content) except the
drawing of leaf flowables with an element: a paragraph, however split across pages, a figure's image.
Each closes the artifact, draws as ``/P <</MCID n>> BDC ... EMC`` and opens it again, so the running header
and footer, rules, box fills, table lines, list bullets, repeated table header rows (a leaf drawn a second
time) and a box's "(continued)" label stay artifacts, and no content is left unmarked. Marked content
does not change what is drawn: the pages are the same pixels.

At save, the elements become ``StructElem`` objects, with the parent tree (pages by MCID, annotations by
``StructParent``), the ID tree of the notes, ``/MarkInfo``, and each page's ``/StructParents`` and
``/Tabs /S``.
"""

from __future__ import annotations

from contextlib import contextmanager

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFString,
)

from . import rlinternals as rl


class Elem:
    """A structure element: its type, parent, children (elements, and ("mcid", page, n) or ("objr", page,
    reference) for content), and attributes (Alt, ID, Lang, ActualText, A)."""

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
        self.drawn: set[int] = set()  # leaves drawn once: drawn again (a repeated header row), an artifact
        self.pages_ended = 0
        self.repeats = 0  # footnotes drawn again, on a later page that cites them again

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
        again = id(flowable) in self.drawn
        if elem is None or (again and elem.kind != "Note"):
            before = rl.annotation_count(canv)
            draw()
            self._links(canv, elem or self.root, before, page)
            return
        self.drawn.add(id(flowable))
        if again:
            self.repeats += 1
            elem = Elem("Note", elem.parent, {"ID": f"{elem.attrs.get('ID', 'note')}-again-{self.repeats}"})
        mcids = self.page_elems.setdefault(page, [])
        rl.page_code(canv, f"EMC /{elem.kind} <</MCID {len(mcids)}>> BDC")
        elem.kids.append(("mcid", page, len(mcids), rl.this_page_ref(canv)))
        mcids.append(elem)
        before = rl.annotation_count(canv)
        draw()
        rl.page_code(canv, "EMC /Artifact BMC")
        self._links(canv, elem, before, page)

    def _links(self, canv, elem: Elem, before: int, page: int) -> None:
        """The link annotations drawn since the ``before``-th: each a Link element of ``elem`` holding it."""
        for obj, ref in rl.annotations_since(canv, before):
            key = 2 * len(self.annotations) + 1  # pages take the even keys
            link = Elem("Link", elem, {})
            link.kids.append(("objr", page, ref, rl.this_page_ref(canv)))
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
        elems: list[Elem] = []

        def number(e: Elem):
            e.name = f"StructElem{len(elems) + 1}"
            elems.append(e)
            for k in e.kids:
                if isinstance(k, Elem):
                    number(k)

        number(self.root)
        root_dict = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        root_ref = rl.register(canv, root_dict, "StructTreeRoot")
        ids = []
        for e in elems:
            d = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(e.kind)})
            d["P"] = PDFObjectReference(e.parent.name) if e.parent is not None else root_ref
            pages = [k[3] for k in e.kids if isinstance(k, tuple)]
            home = pages[0] if pages else None
            if home is not None:
                d["Pg"] = home
            kids = []
            for k in e.kids:
                if isinstance(k, Elem):
                    kids.append(PDFObjectReference(k.name))
                elif k[0] == "mcid":
                    same = k[3].name == home.name
                    kids.append(k[2] if same else PDFDictionary({"Type": PDFName("MCR"), "Pg": k[3], "MCID": k[2]}))
                else:
                    kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": k[2], "Pg": k[3]}))
            if kids:
                d["K"] = PDFArray(kids) if len(kids) > 1 else kids[0]
            for key, value in e.attrs.items():
                if key == "A":
                    d["A"] = PDFDictionary({"O": PDFName("Table"), "Scope": PDFName(value)})
                else:
                    d[key] = PDFString(value)
                if key == "ID":
                    ids.append((value, e))
            rl.register(canv, d, e.name)
        nums = []
        for page in sorted(self.page_elems):
            nums += [2 * page, PDFArray([PDFObjectReference(e.name) for e in self.page_elems[page]])]
        for key, link in self.annotations:
            nums += [key, PDFObjectReference(link.name)]
        nums_sorted = []
        pairs = sorted(zip(nums[::2], nums[1::2]), key=lambda p: p[0])
        for key, value in pairs:
            nums_sorted += [key, value]
        root_dict["K"] = PDFObjectReference(self.root.name)
        root_dict["ParentTree"] = rl.register(canv, PDFDictionary({"Nums": PDFArray(nums_sorted)}), "ParentTree")
        root_dict["ParentTreeNextKey"] = (pairs[-1][0] + 1) if pairs else 0
        if ids:
            names = []
            for value, e in sorted(ids, key=lambda p: p[0]):
                names += [PDFString(value), PDFObjectReference(e.name)]
            root_dict["IDTree"] = PDFDictionary({"Names": PDFArray(names)})
        rl.set_catalogue(canv, StructTreeRoot=root_ref, MarkInfo=PDFDictionary({"Marked": rl.PDFTrue()}))


class Tagged:
    """A leaf flowable (a paragraph, a figure's image) that draws as its element's marked content when the
    canvas is tagging (``canvas.tags``); ``tag`` is its element, None for an artifact (a running header, a
    box's "(continued)" label)."""

    tag: Elem | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        tags = getattr(canvas, "tags", None)
        if tags is None:
            return super().drawOn(canvas, x, y, _sW)
        tags.draw(self, canvas, lambda: super(Tagged, self).drawOn(canvas, x, y, _sW))
