"""A dossier's own citation style (a ``.csl`` file), read with citeproc-py when the dossier loads, so that a
missing or broken style is an error with its position before anything is rendered. ``cite/csl.py`` formats
with it.

What a style costs is citeproc-py's formatting, not its reading (1-4 ms): to format a note it asks the style
the same questions again and again (which macro has this name, does this group print a variable, which is the
locale's term for "page"), each by a new XPath query, and walks every macro a group calls to answer the second.
The Chicago Manual of Style's own CSL file asked 44,000 queries for the sample's 65 notes, 1 s of a 2 s build.
So the style is read into citeproc-py's element classes with ``_Memo`` mixed in, which keeps each answer: the
style's tree is never changed once read, so an answer stays true. Checked against citeproc-py 0.11.1; another
version reads the style as citeproc-py does (``FAST_VERSIONS``).

Each document reads its style anew rather than sharing one per process: citeproc-py writes a style's
``date-part`` attributes into the locale's date formats as it formats a date (``Date_Part.process``), so a
style shared by two documents could format the second one's dates as the first one's asked.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefgenError, Diagnostics, Position
from .paths import inside

if TYPE_CHECKING:
    from .evidence import Evidence

FAST_VERSIONS = ("0.11.",)  # the citeproc-py versions whose element classes ``_Memo`` was checked against
CSL_NS = "http://purl.org/net/xbiblio/csl"


def load_style(path: Path, language: str, pos: Position | None = None):
    """Parse a CSL file in a locale citeproc-py has (the brief's language, else its default, else en-US)."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    read = _style_class() if _fast() else lambda file, locale: CitationStylesStyle(file, locale, validate=False)
    try:
        style = read(str(path), _locale(language))
    except (etree.XMLSyntaxError, OSError, KeyError, ValueError, AttributeError, TypeError) as exc:
        try:  # XML that is not a style (an HTML page saved as .csl): say so, not what citeproc-py tripped on
            problem = _structure_problem(etree.parse(str(path)).getroot())
        except (etree.XMLSyntaxError, OSError):
            problem = None
        raise BriefgenError(f"{path.name} is not a CSL style citeproc-py can read ({problem or exc})", pos) from None
    problem = _structure_problem(style.root)
    if problem:  # citeproc-py would fail on it at the first citation, with an error of its own internals
        raise BriefgenError(f"{path.name} is not a CSL style briefgen can use: {problem}", pos)
    return style


def _structure_problem(root) -> str | None:
    """What a style lacks that every citation needs: a <citation> with its <layout>, and each macro it calls."""
    ns = f"{{{CSL_NS}}}"
    if root.tag != ns + "style":
        return f"its root element is <{root.tag.split('}')[-1]}>, not a CSL <style>"
    citation = root.find(ns + "citation")
    if citation is None or citation.find(ns + "layout") is None:
        return "it has no <citation> with a <layout>, which says how a citation is printed"
    defined = {m.get("name") for m in root.iter(ns + "macro")}
    for el in root.iter(ns + "text", ns + "key"):
        name = el.get("macro")
        if name is not None and name not in defined:
            return f"it calls the macro '{name}', which it does not define (line {el.sourceline})"
    return None


def _locale(language: str) -> str:
    from importlib.resources import files

    have = {p.name[len("locales-"):-len(".xml")] for p in files("citeproc").joinpath("data/locales").iterdir()
            if p.name.startswith("locales-")}
    tag = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}.get(language, language)
    if tag in have:
        return tag
    primary = tag.split("-")[0]
    default = {"en": "en-US", "fr": "fr-FR", "de": "de-DE", "zh": "zh-CN"}.get(primary)
    if default in have:
        return default
    return next((h for h in sorted(have) if h.split("-")[0] == primary), "en-US")


def check_csl(ev: Evidence, aud, diags: Diagnostics) -> None:
    """A dossier's own CSL style exists and citeproc-py can read it (a build would fail on it later)."""
    pos = aud.pos("citation_style")
    try:
        file = inside(ev.root, aud.citation_style, "citation style")
    except BriefgenError as exc:
        diags.error(exc.diagnostics[0].message, pos)
        return
    if not file.is_file():
        diags.error(f"citation style not found: {aud.citation_style}", pos)
        return
    try:
        load_style(file, aud.language or ev.dossier.language, pos)
    except BriefgenError as exc:
        diags.items.extend(exc.diagnostics)


def _fast() -> bool:
    import citeproc

    return getattr(citeproc, "__version__", "").startswith(FAST_VERSIONS)


class _Memo:
    """Mixed into citeproc-py's element classes: what the style's tree answers is asked of it once. The answers
    are kept on the element objects, which lxml keeps while a Python reference to them lives (``_Style`` holds
    every element of the style and of its locales)."""

    def get_root(self):
        kept = self.__dict__  # never ``self.name``: a missing attribute is a child element to citeproc-py
        if "_root" not in kept:
            kept["_root"] = super().get_root()
        return kept["_root"]

    def xpath_search(self, expression):
        answers = self.__dict__.setdefault("_xpath", {})
        if expression not in answers:
            answers[expression] = super().xpath_search(expression)
        return answers[expression]


class _MemoCalls:
    """Whether an element prints a variable (a group whose variables are all empty is left out): citeproc-py
    walks every macro the element calls to answer, at each group, for each note."""

    def calls_variable(self):
        kept = self.__dict__
        if "_calls" not in kept:
            kept["_calls"] = super().calls_variable()
        return kept["_calls"]


class _MemoLocale:
    """The locale's terms, date formats and options, looked up once per style (not for ``cs:locale`` itself,
    whose methods of these names answer for one locale)."""

    def _kept(self, kind: str, key, ask):
        answers = self.get_root().__dict__.setdefault(kind, {})
        if key not in answers:
            answers[key] = ask()
        return answers[key]

    def get_term(self, name, form=None, fallback_locale=True, zero_padded=False):
        return self._kept("_terms", (name, form, fallback_locale, zero_padded),
                          lambda: super(_MemoLocale, self).get_term(name, form, fallback_locale, zero_padded))

    def get_date(self, form):
        return self._kept("_dates", form, lambda: super(_MemoLocale, self).get_date(form))

    def get_locale_option(self, name):
        return self._kept("_options", name, lambda: super(_MemoLocale, self).get_locale_option(name))


@lru_cache(maxsize=1)
def _classes() -> dict:
    """citeproc-py's element classes by tag name, as its own parser has them, each with the memos mixed in."""
    from citeproc.model import CitationStylesElement, Locale

    classes = {}
    for cls in CitationStylesElement.__subclasses__():
        mixins = [_Memo]
        if hasattr(cls, "calls_variable"):
            mixins.append(_MemoCalls)
        if not issubclass(cls, Locale):
            mixins.append(_MemoLocale)
        classes[cls.__name__.replace("_", "-").lower()] = type(cls.__name__, (*mixins, cls), {"__module__": __name__})
    return classes


@lru_cache(maxsize=1)
def _style_class():
    from citeproc import CitationStylesStyle
    from citeproc.model import CitationStylesElement
    from lxml import etree

    class _Style(CitationStylesStyle):
        """A style read as ``CitationStylesStyle`` reads it (without validation), into the memoizing classes."""

        def __init__(self, path: str, locale: str):
            lookup = etree.ElementNamespaceClassLookup()
            namespace = lookup.get_namespace(CSL_NS)
            namespace[None] = CitationStylesElement
            namespace.update(_classes())
            parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
            parser.set_element_class_lookup(lookup)
            self.xml = etree.parse(path, parser)
            self.root = self.xml.getroot()
            self.root.set_locale_list(locale, validate=False)
            # lxml makes a new Python object for an element each time one is reached, unless one is alive:
            # keep them all alive, and what ``_Memo`` keeps on them with them.
            self.root.__dict__["_elements"] = [*self.root.iter(), *(e for loc in self.root.locales for e in loc.iter())]

    return _Style
