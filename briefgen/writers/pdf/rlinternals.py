"""Every ReportLab internal the PDF writer relies on, in one place: private names, patches, and subclasses that
reach into ReportLab's own state. Nothing else in briefgen names a private ReportLab attribute. Checked
against ReportLab ``CHECKED_WITH``; where ReportLab 4.1 to 5 lack a name, an item falls back to ReportLab's
public behaviour. ``tests/test_layout.py::test_reportlab_internals_are_there`` fails when a name read here is
gone; the tests named below show that each item changes no byte, or what it is for: ``FUZZ``, ``WHITE``,
``SUPERSCRIPT`` and ``text_out`` (lines broken and set as ReportLab would, test_pdfpara.py); shaping without
optional ligatures and ``ToUnicode`` maps for shaped glyphs (Uyghur text extracted, test_scripts.py); the
``splitString`` fast path and ``link_to_anchor`` (same bytes both ways, test_pdfpara.py); shaping a word of
several fonts one font at a time (test_fuzz.py); the memoising ``Paragraph`` (every layout test);
``FootFrame``, ``MeasuredKeepTogether``, ``children_of`` and ``paragraph_links`` (footnotes, test_sample.py);
``copy_font``, ``shaped_codes`` and ``pdf_document`` (fonts per document, attachments).
"""

from __future__ import annotations

import copy
import unicodedata
from contextlib import contextmanager
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Frame, KeepTogether, paraparser
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import paragraph as _rl_paragraph

CHECKED_WITH = "5.1.0"

FUZZ = rl_config._FUZZ
# ReportLab's breaking white space: ASCII and Unicode spaces, but not the no-break space U+00A0.
WHITE = getattr(_rl_paragraph, "_wsc", None) or (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u2028\u2029\u202f\u205f\u3000")
SUPERSCRIPT = (paraparser.sizeDelta, paraparser.supFraction)  # <super>: smaller by, raised by (of the size)
text_out = getattr(PDFTextObject, "_textOut", PDFTextObject.textOut)

# Every string set on a page goes through _formatText: recorded for ``writers/verify.py`` while ``recording``.
_recorded: list | None = None
_rl_format_text = PDFTextObject._formatText


def _format_text(self, text):
    _recorded is None or _recorded.append(text)
    return _rl_format_text(self, text)


PDFTextObject._formatText = _format_text


@contextmanager
def recording():  # the strings set while the block runs, in order
    global _recorded
    _recorded = out = []
    try:
        yield out
    finally:
        _recorded = None


# ReportLab shapes with HarfBuzz's optional ligatures on. A ligature glyph reads back as one character ("ﬁ"
# for "fi"), so a searched or copied word breaks; Arabic joining rests on required features, which stay on.
if ttfonts.uharfbuzz is not None and ttfonts.shapeFragWord.__defaults__:
    ttfonts.shapeFragWord.__defaults__ = (dict(kern=True, liga=False, dlig=False),) + \
        ttfonts.shapeFragWord.__defaults__[1:]

# ReportLab shapes a word with its first fragment's font and gives each glyph to the fragment it came from:
# a word of two fonts ("ऀ," with the comma in the body font, or bold inside a word) got another font's glyph
# numbers, wrong glyphs or a crash when the subset was written. Such a word is shaped one font at a time.
_rl_shape = ttfonts.shapeFragWord


def _shape_by_font(w, *args, **kw):
    runs: list = []
    for f, s in w[1:]:
        name = getattr(f, "fontName", None)
        if runs and runs[-1][0] == name:
            runs[-1][1].append((f, s))
        else:
            runs.append((name, [(f, s)]))
    if len(runs) < 2 or any(hasattr(f, "cbDefn") for f, _ in w[1:]):
        return _rl_shape(w, *args, **kw)
    shaped = [_rl_shape(w.__class__([sum(pdfmetrics.stringWidth(s, f.fontName, f.fontSize) for f, s in part)]
                                    + part), *args, **kw) for _, part in runs]
    if not any(isinstance(x, ttfonts.ShapedFragWord) for x in shaped):
        return w
    out = ttfonts.makeShapedFragWord(w)([sum(x[0] for x in shaped)])
    for x in shaped:
        out.extend(x[1:])
    return out


if ttfonts.uharfbuzz is not None:
    ttfonts.shapeFragWord = _shape_by_font
    _rl_paragraph.shapeFragWord = _shape_by_font

# Glyphs that shaping substitutes have no code point; ReportLab gives them private-use ones. What each stands
# for is recorded per font (``record_shaped_texts``) and written into the font's ToUnicode map.
_SHAPED_TEXT: dict[str, dict[int, str]] = {}  # PDF base font name -> private-use code -> text
_make_to_unicode = ttfonts.makeToUnicodeCMap


record_shaped_texts = _SHAPED_TEXT.__setitem__  # (PDF base font name, {private-use code: text})


def _text_of(code: int, texts: dict[int, str]) -> str | None:
    """What a glyph's code stands for, when not itself: a shaped glyph's letters, an Arabic presentation
    form's letter (text read back is plain Uyghur), an emoji (ReportLab writes five hex digits)."""
    if code in texts:
        return texts[code]
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", chr(code))
    if code > 0xFFFF:
        return chr(code)
    return None


def _to_unicode_cmap(fontname, subset):
    texts = _SHAPED_TEXT.get(fontname.split("+", 1)[-1], {})
    mapped = {i: t for i, v in enumerate(subset) if (t := _text_of(v, texts)) is not None}
    cmap = _make_to_unicode(fontname, subset)
    if not mapped:
        return cmap
    lines = cmap.split("\n")
    start = lines.index(f"{len(subset)} beginbfchar") + 1
    for i, text in mapped.items():
        lines[start + i] = f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>"
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# ReportLab encodes every string set in a TrueType font character by character (``TTFont.splitString``).
# Once a string's characters all have codes in the first subset (from the first page on, nearly always), its
# encoding is those codes as bytes. Anything else goes to ReportLab's own function.
_rl_split_string = ttfonts.TTFont.splitString


def _split_string(self, text, doc, encoding="utf-8"):
    state = self.state.get(doc) if isinstance(text, str) else None
    if state is not None:
        assigned = state.assignments
        try:
            codes = [assigned[c] for c in map(ord, text.replace("\xa0", " "))]  # ReportLab sets NBSP as a space
        except KeyError:
            codes = None
        if codes is not None and (not codes or max(codes) < 256):
            return [(0, bytes(codes))] if codes else []
    return _rl_split_string(self, text, doc, encoding)


_state = getattr(ttfonts.TTFont, "State", None)
if _state is not None and "assignments" in _state.__init__.__code__.co_names:  # the state this reads is there
    ttfonts.TTFont.splitString = _split_string


def copy_font(proto: ttfonts.TTFont, name: str) -> ttfonts.TTFont:
    """A new font object sharing ``proto``'s parsed tables, with its own per-document state (subsets, the
    private codes of shaped glyphs): parsing is what costs, the state is what must be new."""
    font = object.__new__(ttfonts.TTFont)  # shaping state (HarfBuzz face, private codes) is the prototype's own
    font.__dict__.update({k: v for k, v in proto.__dict__.items()
                          if not k.startswith("_TTFont__") and k not in ("__hbFace__", "hbAddPrivate")})

    def add_private(name, gid, advance):  # ReportLab asks a font it never shaped with, in a word of two fonts
        font.hbFace  # makes the HarfBuzz face and the table of private codes
        return font._TTFont__addPrivate(name, gid, advance)

    font.hbAddPrivate = add_private
    font.fontName = name
    font.state = WeakKeyDictionary()
    face = copy.copy(proto.face)
    face.charToGlyph = dict(proto.face.charToGlyph)
    face.glyphToChar = {g: list(cs) for g, cs in proto.face.glyphToChar.items()}
    face.charWidths = dict(proto.face.charWidths)
    font.face = face
    return font


def shaped_codes(font) -> dict:  # glyph name -> the private-use code ReportLab gave a shaped glyph
    return getattr(font, "_TTFont__hbUnis", None) or {}


def pdf_document(canvas):  # the PDFDocument a canvas writes, for what ReportLab has no API for
    return canvas._doc


# What Paragraph.wrap and breakLines set on the paragraph; a repeated wrap restores exactly these.
_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations",
               "frags")


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, whose repeated wraps at one width (a group measures, the frame measures, a
    split measures, a footnote's page measures) break the lines once: the last wrap is kept with its width
    and style, and dropped when lines or fragments are replaced, and once drawn (drawing may change a line)."""

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_wrap_memo")
        if (memo is not None and memo[0] == availWidth and memo[1] is self.style
                and self.__dict__.get("blPara", memo[2]["blPara"]) is memo[2]["blPara"]
                and self.frags is memo[2]["frags"]):
            state = memo[2]
            self.__dict__.update(state)
            self._wrapWidths = list(state["_wrapWidths"])
            return self.width, self.height
        result = super().wrap(availWidth, availHeight)
        if availWidth >= FUZZ:  # else ReportLab returned before breaking any line
            state = {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__}
            state["_wrapWidths"] = list(state["_wrapWidths"])
            self._wrap_memo = (availWidth, self.style, state)
        return result

    def draw(self):
        self.__dict__.pop("_wrap_memo", None)
        super().draw()


def paragraph_links(p: _Paragraph):
    """The link targets of a ReportLab paragraph, in order (from its lines once broken, else its fragments)."""
    bl = getattr(p, "blPara", None)
    yield from _links(p.frags if bl is None or getattr(bl, "kind", 0) != 1 else
                      [getattr(line, "words", None) or [] for line in bl.lines])


def _links(item):
    """Link targets of a fragment, or of a word that is a list of (fragment, text) pairs (shaped)."""
    if isinstance(item, (list, tuple)):
        for x in item:
            yield from _links(x)
        return
    for link in getattr(item, "link", None) or []:
        target = link[1] if isinstance(link, tuple) else getattr(link, "link", "")
        if isinstance(target, str):
            yield target


def contents(flowable):
    """The flowables a list or a keep-together group holds, or None."""
    return getattr(flowable, "_flowables", None) or getattr(flowable, "_content", None)


def children_of(flowable):
    """What a container flowable holds, each group in turn: a list's items, an item's content, a table's
    cells, a keep-together group's flowables."""
    for attr in ("_content", "_flowables", "_flowable", "_cellvalues"):
        inner = getattr(flowable, attr, None)
        if inner:
            yield inner


class _DocumentLink(pdfdoc.PDFObject):
    """A link to a named place (a note): ``canvas.linkRect``'s annotation, in its bytes, without ReportLab's
    general dictionary formatting (a third of the cost of saving a brief with two thousand note links)."""
    __slots__ = ("rect", "destination")

    def __init__(self, rect, destination):
        self.rect, self.destination = rect, destination

    def format(self, document) -> bytes:
        return b"<<\n/Border [ 0 0 0 ] /Contents () /Dest %s /Rect [ %s ] /Subtype /Link /Type /Annot\n>>" % (
            pdfdoc.format(self.destination, document), fp_str(*self.rect).encode("ascii"))


# The canvas's own steps in linkRect (ReportLab 4 and 5); without them, linkRect itself.
DIRECT_LINKS = all(hasattr(Canvas, name) for name in ("_addAnnotation", "_absRect", "_bookmarkReference"))


def link_to_anchor(canv, rect, name: str) -> None:
    """A link over ``rect`` (relative to the current transformation) to the bookmark ``name``."""
    if DIRECT_LINKS:
        canv._addAnnotation(_DocumentLink(canv._absRect(rect, 1), canv._bookmarkReference(name)))
    else:
        canv.linkRect("", name, rect, relative=1)


_ATOMIC = frozenset({int, float, str, bool, type(None)})  # what copy.deepcopy returns as it is


class FootFrame(Frame):
    """A frame whose foot can be raised, keeping room under the text for footnotes. ReportLab's Frame keeps
    its free space from ``_y`` (the next flowable's top) down to ``_y1p``; its template calls ``add``."""

    shared = ()  # attributes a deep copy shares instead of copying
    listed = ()  # attributes (lists) a deep copy copies one level deep

    def raise_foot(self, height: float) -> None:
        self._y1p += height

    def lower_foot(self, height: float) -> None:
        self._y1p -= height

    def foot_reaches_top(self) -> bool:  # the room kept at the foot takes the rest of the page
        return self._y1p >= self._y - 1

    text_width = property(lambda self: self._aW)
    full_height = property(lambda self: self._height)
    at_top = property(lambda self: bool(self._atTop))  # nothing placed in the frame yet

    def foot_origin(self) -> tuple[float, float]:  # the bottom left corner of the frame's content area
        return self._x1 + self._leftPadding, self._y1 + self._bottomPadding

    def new_page(self) -> None:  # the frame starts a new page, its foot back where it was
        pass

    def place(self, flowable, canv, trySplit=0):  # as ReportLab's frame places a flowable
        return Frame._add(self, flowable, canv, trySplit)

    def add(self, flowable, canv, trySplit=0):
        return self.place(flowable, canv, trySplit)

    def _add(self, flowable, canv, trySplit=0):  # ReportLab's own name for add
        return self.add(flowable, canv, trySplit)

    def _reset(self):
        super()._reset()
        self._geom()
        self.new_page()

    def __deepcopy__(self, memo):
        # ReportLab deep-copies the frame to measure a keep-with-next group: what the copy cannot change is
        # shared, numbers and strings taken as they are, and each background copied (ReportLab sets them).
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for k, v in self.__dict__.items():
            if k in self.shared or type(v) in _ATOMIC:
                clone.__dict__[k] = v
            elif k in self.listed:
                clone.__dict__[k] = list(v)
            elif k == "_frameBGs":
                clone.__dict__[k] = [copy.copy(bg) for bg in v]
            else:
                clone.__dict__[k] = copy.deepcopy(v, memo)
        return clone


class MeasuredKeepTogether(KeepTogether):
    """ReportLab's keep-with-next group, whose height can take more than its flowables (``extra_height``,
    given the frame the document template is filling)."""

    def extra_height(self, flowables, frame) -> float | None:
        return None

    def wrap(self, aW, aH):
        result = super().wrap(aW, aH)
        extra = self.extra_height(self._content, getattr(getattr(self.canv, "_doctemplate", None), "frame", None))
        if extra is not None:
            self._H += extra
        return result
