"""A dossier's own citation style: a ``.csl`` file run by citeproc-py.

An audience names the file (``citation_style: styles/apa.csl``, relative to the dossier). Every citation
group becomes a note, in the order of the brief, so that a note style's first and subsequent positions
(full note, then short) come out as the style defines them; an in-text style's citation ("(Zenz 2022, 12)")
stands in the note. The Sources section is the style's bibliography, in the style's order.

What citeproc-py (0.11) does not implement, and what briefgen does about it:
- ``punctuation-in-quote`` (American English puts a comma or full stop inside closing quotation marks):
  applied here, after rendering, for the locales that ask for it;
- ``initialize="false"`` on names: not honoured, so a style with ``initialize-with`` prints initials for
  given names. The built-in ``chicago-notes`` style has full given names;
- a ``<date form="...">`` with ``date-part`` children of its own writes them into the locale's date format,
  so later dates of the document with that form take them too (a short month after one short month): left
  as citeproc-py has it; each document reads its style afresh (``load/cslfile.py``), so it stays within one.
"""

from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

from ..errors import BriefgenError
from ..i18n import direction, isolate
from ..load.citesyntax import LOCATOR_LABELS
from ..load.cslfile import load_style
from ..load.sources import Source
from ..tree import CiteItem, Emph, Inline, Link, Str, Strong, merge_strs

# What a style prints as written: in a left-to-right brief, those written right to left are bidirectional isolates
# (a Uyghur title's neighbours, the year and page, kept on its side; a note starting with it set left to right).
_TEXTS = {"title", "title-short", "container-title", "container-title-short", "collection-title", "publisher",
          "publisher-place", "event-title", "original-title"}
_NAMES = {"author", "editor", "translator", "container-author", "collection-editor", "recipient", "interviewer"}
BRIEFGEN_ONLY = {"id", "reliability", "sensitivity", "attachment", "archive-url", "lint_ignore", "csl"}


class CslFormat:
    """Notes and bibliography from a CSL style, for the citation pass (``resolve.py``)."""

    def __init__(self, path: Path, sources: dict[str, Source], language: str):
        from citeproc import CitationStylesBibliography, formatter
        from citeproc.source.json import CiteProcJSON

        self.style = load_style(path, language)
        self.name = path.name
        self.sources = sources
        # citeproc-py folds keys to lower case; briefgen's are case-sensitive, so each source gets a number.
        self.key = {sid: f"s{i}" for i, sid in enumerate(sources)}
        self.id = {k: sid for sid, k in self.key.items()}
        self.ltr = direction(language) == "ltr"
        with warnings.catch_warnings():  # "arguments for Reference are unsupported": CSL variables it ignores
            warnings.simplefilter("ignore")
            data = CiteProcJSON([self._csl(s) for s in sources.values()])
        self.bib = CitationStylesBibliography(self.style, data, formatter.html)
        self.quote_punct = self.style.root.get_locale_option("punctuation-in-quote").lower() == "true"
        self.urls = _url_pattern(sources.values())
        self.citations: list = []

    def _csl(self, s: Source) -> dict:
        data = s.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
        out = {k: v for k, v in data.items() if k not in BRIEFGEN_ONLY}
        out.update(s.csl)
        out.update(id=self.key[s.id], type=s.type, title=s.title)
        for name in ("issued", "accessed"):
            if name in out:
                out[name] = {"date-parts": [list(getattr(s, name).parts)]} if getattr(s, name).parts else \
                    {"literal": getattr(s, name).literal or getattr(s, name).raw or ""}
        if self.ltr:  # names and titles written right to left as isolates, as the built-in styles set them
            for key in _TEXTS.intersection(out):
                out[key] = isolate(out[key]) if isinstance(out[key], str) else out[key]
            for key in _NAMES.intersection(out):
                out[key] = [{k: isolate(v) if k in ("family", "given", "literal") and isinstance(v, str) else v
                             for k, v in n.items()} if isinstance(n, dict) else n for n in out[key]]
        return out

    def register(self, groups: list[list[CiteItem]]) -> None:
        """Every citation group of the brief, in reading order, before any is formatted."""
        from citeproc import Citation, CitationItem
        from citeproc.source import Locator

        for items in groups:
            cites = []
            for it in items:
                extra = {}
                label, value = _locator(it.locator)
                if label:
                    extra["locator"] = Locator(label, value)
                suffix = " ".join(x for x in ((f", {value}" if value and not label else ""), it.suffix or "") if x)
                if suffix:
                    extra["suffix"] = suffix
                if it.prefix:
                    extra["prefix"] = it.prefix + " "
                cites.append(CitationItem(self.key[it.key], **extra))
            citation = Citation(cites)
            with self._formatting("a citation"):
                self.bib.register(citation)
            self.citations.append(citation)

    def note(self, index: int) -> list[Inline]:
        """The note of the ``index``-th group registered (called in order: positions depend on it)."""
        with self._formatting("a citation"):
            text = str(self.bib.cite(self.citations[index], lambda item: None))
        inlines = self._inlines(text)
        return _sentence(inlines)

    @contextmanager
    def _formatting(self, what: str):
        """citeproc-py's own errors, on a style or a source it cannot format, as an error of the build."""
        try:
            yield
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as exc:
            raise BriefgenError(f"citation style {self.name}: citeproc-py could not format {what} "
                                f"({type(exc).__name__}: {exc})") from None

    def bibliography(self) -> tuple[list[str], list[list[Inline]]]:
        """Ids of the sources cited, in the style's order, and their entries."""
        with self._formatting("the list of sources"):
            return self._bibliography()

    def _bibliography(self) -> tuple[list[str], list[list[Inline]]]:
        if self.style.has_bibliography():
            self.bib.sort()
            ids = [self.id[k] for k in self.bib.keys]
            return ids, [self._inlines(str(e)) for e in self.bib.bibliography()]
        ids = [self.id[k] for k in self.bib.keys]  # a style without a bibliography: its citation of each
        return ids, [self._inlines(str(self.style.render_citation(c, [], None)))
                     for c in self._single_citations(ids)]

    def _single_citations(self, ids):
        from citeproc import Citation, CitationItem

        out = []
        for sid in ids:
            c = Citation([CitationItem(self.key[sid])])
            c.bibliography = self.bib
            out.append(c)
        return out

    def _inlines(self, html: str) -> list[Inline]:
        nodes = _HtmlInlines.parse(html)
        if self.quote_punct:
            nodes = [Str(re.sub(r"([\u201d\u2019])([.,])", r"\2\1", n.text)) if isinstance(n, Str) else n
                     for n in nodes]
        return _linked(nodes, self.urls)


def _locator(text: str | None) -> tuple[str | None, str | None]:
    """"p. 12" -> ("page", "12"); a pinpoint CSL has no type for ("doc. 3") -> (None, "doc. 3")."""
    if not text:
        return None, None
    m = re.match(r"^\s*([^\W\d]+|¶|§)\.?\s*(.+)$", text)
    if m and m.group(1).lower() in LOCATOR_LABELS:
        return LOCATOR_LABELS[m.group(1).lower()], m.group(2).strip()
    return None, text.strip()


def _sentence(inlines: list[Inline]) -> list[Inline]:
    """A note ends with a full stop, as in-text citations such as "(Zenz 2022)" do not."""
    last = inlines[-1] if inlines else None
    if isinstance(last, Str) and last.text.rstrip("\u201d\u2019").endswith((".", "!", "?")):
        return inlines
    return [*inlines, Str(".")]


def _url_pattern(sources) -> re.Pattern | None:
    """The sources' URLs, DOIs and archived copies, the longest first (a URL that begins another is not cut
    from it); None when they have none."""
    urls = set()
    for s in sources:
        urls |= {u for u in (s.URL, s.archive_url, s.get("DOI") and f"https://doi.org/{s.get('DOI')}") if u}
    if not urls:
        return None
    return re.compile("|".join(re.escape(u) for u in sorted(urls, key=len, reverse=True)))


def _linked(nodes: list[Inline], pattern: re.Pattern | None) -> list[Inline]:
    """Make the sources' URLs in formatted text links (citeproc-py prints them as text)."""
    if pattern is None:
        return nodes
    out: list[Inline] = []
    for n in nodes:
        if not isinstance(n, Str):
            out.append(n)
            continue
        at = 0
        for m in pattern.finditer(n.text):
            if m.start() > at:
                out.append(Str(n.text[at:m.start()]))
            out.append(Link(m.group(0), [Str(m.group(0))]))
            at = m.end()
        if at < len(n.text):
            out.append(Str(n.text[at:]))
    return out


class _HtmlInlines(HTMLParser):
    """citeproc-py's HTML output (i, b, span, sup ...) as briefgen inlines: italics and bold kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[list[Inline]] = [[]]
        self.tags: list[str] = []

    @classmethod
    def parse(cls, html: str) -> list[Inline]:
        p = cls()
        p.feed(html)
        p.close()
        return merge_strs(p.stack[0])

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append([])

    def handle_endtag(self, tag):
        if not self.tags:
            return
        self.tags.pop()
        children = merge_strs(self.stack.pop())
        wrap = {"i": Emph, "em": Emph, "b": Strong, "strong": Strong}.get(tag)
        self.stack[-1].extend([wrap(children)] if wrap else children)

    def handle_data(self, data):
        self.stack[-1].append(Str(data))

