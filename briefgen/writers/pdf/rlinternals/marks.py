"""ReportLab internals for a tagged PDF (``tags.py``): marked-content operators written into the page's
content stream, the link annotations a leaf drew (their structure parent and description), the page and
catalogue entries ReportLab's objects do not know."""

from __future__ import annotations

from reportlab.pdfbase import pdfdoc

from . import _DocumentLink


def page_code(canv, operator: str) -> None:
    """Write a marked-content operator into the page's content stream, between graphics objects."""
    canv._code.append(operator)


def wrap_page_code(canv, before: str, after: str) -> bool:
    """Put ``before`` first and ``after`` last in the page's content so far; False when it has none."""
    if not canv._code:
        return False
    canv._code.insert(0, before)
    canv._code.append(after)
    return True


def annotation_count(canv) -> int:
    return canv._annotationCount


def annotations_since(canv, count: int) -> list:
    """The annotations added to the page after the ``count``-th: (object, reference)."""
    doc = canv._doc
    out = []
    for k in range(count + 1, canv._annotationCount + 1):
        name = doc.annotationName(f"NUMBER{k}")
        obj = doc.idToObject.get(name)
        if obj is not None:
            out.append((obj, pdfdoc.PDFObjectReference(name)))
    return out


def set_annotation(obj, struct_parent: int, contents: str) -> None:
    """Give a link annotation its place in the structure tree and its description."""
    if isinstance(obj, _DocumentLink):  # printed (/F 4) whatever: see its format
        obj.struct_parent, obj.contents = struct_parent, contents
    elif isinstance(obj, pdfdoc.Annotation):  # linkRect's (ReportLab's Paragraph linking inside the brief)
        obj.permitted = tuple(obj.permitted) + ("StructParent", "F")
        obj.otherkw = {**getattr(obj, "otherkw", {}), "StructParent": struct_parent, "F": PRINT}
        obj.Contents = contents
    else:
        obj["StructParent"] = struct_parent
        obj["Contents"] = pdfdoc.PDFString(contents)
        obj["F"] = PRINT


PRINT = 4  # an annotation's flags: printed with the page (PDF/A: every annotation is, none hidden)


def annotation_target(obj) -> str:
    """Where a link annotation leads: a URL, or the name of a place in the document ("note-3")."""
    if isinstance(obj, (_DocumentLink, pdfdoc.Annotation)):
        dest = obj.destination if isinstance(obj, _DocumentLink) else getattr(obj, "Destination", "")
        return "#" + str(getattr(dest, "name", dest))
    action = obj.dict.get("A") if hasattr(obj, "dict") else None
    uri = action.dict.get("URI") if action is not None else None
    return str(getattr(uri, "s", uri) or "")


def page_name(number: int) -> str:
    """The name ReportLab's document gives its ``number``-th page (from 1), for references to it."""
    return f"Page{number}"


def set_last_page_entries(canv, **entries) -> None:
    """Entries ReportLab's page dictionary does not know (``StructParents``, ``Tabs``), on the page just
    ended."""
    page = canv._doc.Pages.pages[-1]
    known = list(pdfdoc.PDFPage.__NoDefault__)
    page.__NoDefault__ = known + [k for k in entries if k not in known]
    for key, value in entries.items():
        setattr(page, key, value)


def set_catalogue(canv, **entries) -> None:
    """Entries of the document catalogue, those ReportLab's catalogue does not know too (``AF``,
    ``OutputIntents``)."""
    catalogue = canv._doc.Catalog
    known = list(catalogue.__NoDefault__)
    catalogue.__NoDefault__ = known + [k for k in entries if k not in known]
    for key, value in entries.items():
        setattr(catalogue, key, value)


def object_of(canv, name: str):
    """The object registered under ``name``."""
    return canv._doc.idToObject[name]


def register(canv, obj, name: str):
    """An object of the document, by name: its reference."""
    return canv._doc.Reference(obj, name)


def release(template) -> None:
    """Let go of a document once its bytes are taken. ReportLab's document is one web of reference cycles
    (the template and its canvas, the canvas and its PDF document, the document and its objects and pages,
    which point back to it), and all the layout made hangs from it: left to the cycle collector, at 1,000
    findings it was about a fifth of the PDF stage's time (hundreds of thousands of objects walked at the
    next collection). Emptied, the three break the cycles and what they held is freed as it goes."""
    canv = getattr(template, "canv", None)
    document = getattr(canv, "_doc", None)
    for obj in (document, canv, template):
        if obj is not None:
            obj.__dict__.clear()
