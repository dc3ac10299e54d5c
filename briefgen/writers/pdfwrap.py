"""A ReportLab paragraph that breaks its lines once for each width it is wrapped at.

ReportLab's ``Paragraph.wrap`` breaks the lines anew on every call, and the layout calls it several times
for one paragraph at one width: a keep-with-next group measures its members and the frame then measures
each again as it places it, a split measures again, and a footnote is measured when its page reserves room
for it and again when the page draws it. (Most paragraphs are briefgen's own TextBlocks, see pdfpara.py;
this serves the ones ReportLab still sets: right-to-left, shaped and other-script text, code.)

``Paragraph`` here keeps what its last wrap produced (the broken lines and the measures ``wrap`` sets) with
the width and style it was made for, and a wrap at the same width and style gives that back. What breaks
the lines is ReportLab's own code in every case; only the repeat is left out. The kept result is dropped
when anything else replaces the lines or the fragments, and once the paragraph is drawn (drawing may
rearrange a line's words in place). A split that finds no room on a page deletes the lines, only so that the
next wrap makes them again; from the same fragments, style and width that gives the same lines, so the kept
ones serve.

Line breaking also asks, for every word after the first on a line, whether the word's fragment is set like
the one before (``sameFrag``). ReportLab's C version asks by attribute lookups of which most miss, and each
miss raises and clears an exception: about 6 µs a call, nearly a third of all line breaking here. ``same_frag``
answers the same question from the fragments' attribute dictionaries, in about a tenth of the time.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paraparser import ParaFrag
from reportlab.rl_config import _FUZZ

# What Paragraph.wrap and breakLines set on the paragraph; a repeated wrap restores exactly these.
_WRAP_STATE = ("width", "height", "blPara", "_wrapWidths", "_width_max", "_splitLongWordCount", "_hyphenations",
               "frags")


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, whose repeated wraps at one width break the lines only once."""

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
        if availWidth >= _FUZZ:  # else ReportLab returned before breaking any line
            state = {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__}
            state["_wrapWidths"] = list(state["_wrapWidths"])
            self._wrap_memo = (availWidth, self.style, state)
        return result

    def draw(self):
        self.__dict__.pop("_wrap_memo", None)
        super().draw()


# What ReportLab's sameFrag compares (reportlab/lib/rl_accel.py and its C twin in _rl_accel, ReportLab 4 and 5):
# fragments with a callback or a line break never merge; else these attributes must all be missing on both or
# present on both and equal.
_SAME_FRAG_KEYS = ("fontName", "fontSize", "textColor", "rise", "us_lines", "link", "backColor", "nobr")
_MISSING = object()
_rl_same_frag = _rl_paragraph.sameFrag


def same_frag(f, g) -> bool:
    """ReportLab's ``sameFrag`` for its own fragments, read from their dictionaries (ParaFrag has no class
    attributes, properties or ``__getattr__``, so a key missing from the dictionary is a missing attribute)."""
    if type(f) is not ParaFrag or type(g) is not ParaFrag:
        return _rl_same_frag(f, g)
    fd, gd = f.__dict__, g.__dict__
    if "cbDefn" in fd or "cbDefn" in gd or "lineBreak" in fd or "lineBreak" in gd:
        return False
    for key in _SAME_FRAG_KEYS:
        a, b = fd.get(key, _MISSING), gd.get(key, _MISSING)
        if a is not b and (a is _MISSING or b is _MISSING or a != b):
            return False
    return True


if not any(k in vars(c) for c in ParaFrag.__mro__ for k in (*_SAME_FRAG_KEYS, "cbDefn", "lineBreak", "__getattr__")):
    _rl_paragraph.sameFrag = same_frag
