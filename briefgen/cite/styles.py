"""Citation styles: how a source reads in a note and in the list of sources.

``chicago-notes``: full note on first citation, short note (author, short title) after, bibliography
sorted by author. ``press``: publisher, title, date, link; later mentions publisher and short title.
``author-date``: notes read "(Author Year, p. 3)" and the list is sorted by author and year.
Each function returns inline nodes (titles of containers in italics, URLs as links).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from ..i18n import isolate as _isolated
from ..load.sources import Source
from ..tree import Emph, Inline, Link, Str, plain_text
from .dates import cited_date, cited_year
from .shorttitle import short_title


@dataclass(frozen=True)
class CiteContext:
    """The language a brief's notes are written in, and its gettext (for "n.d.", "and", "archived at")."""

    language: str = "en"
    _: Callable[[str], str] = lambda s: s


EN = CiteContext()


def _join(names: list[str], ctx: CiteContext) -> str:
    if len(names) > 3:
        return f"{names[0]} {ctx._('et al.')}"
    and_ = f" {ctx._('and')} "
    return and_.join(names) if len(names) <= 2 else ", ".join(names[:-1]) + "," + and_ + names[-1]


def _authors(s: Source, inverted_first: bool = False, ctx: CiteContext = EN) -> str:
    names = [n.display() for n in s.author]
    if inverted_first and s.author:
        names[0] = s.author[0].inverted()
        if len(names) == 2 and names[0] != s.author[0].display() and ctx.language.split("-")[0] == "en":
            # Chicago's "Ward, Geoffrey C., and Ken Burns": the comma closes the inverted name
            return f"{isolate(names[0], ctx)}, {ctx._('and')} {isolate(names[1], ctx)}"
    return _join([isolate(n, ctx) for n in names], ctx)


def _short_author(s: Source, ctx: CiteContext = EN) -> str:
    if not s.author:
        return isolate(s.container_title or s.publisher or "", ctx)
    return _join([isolate(n.short(), ctx) for n in s.author], ctx)


def isolate(text: str, ctx: CiteContext) -> str:
    """A name or title written right to left, in a left-to-right brief, as a bidirectional isolate: its
    neighbours stay in the sentence's order ("تۇرسۇن 2010, 33" kept the year and page with the name, on its
    left, and an author and title both in Uyghur were read title first), and an entry that starts with it
    takes the brief's direction. In a right-to-left brief such text is the brief's own."""
    return _isolated(text) if text and _ltr(ctx.language) else text


@lru_cache(maxsize=16)
def _ltr(language: str) -> bool:
    from ..i18n import direction

    return direction(language) == "ltr"


def quoted(title: str) -> str:
    """A title to set in double quotation marks: the double quotation marks in it become single ones
    (“A study of ‘nested’ quotes”), as Chicago and the press have it."""
    if '"' not in title and "\u201c" not in title:
        return title
    parts = title.replace("\u201c", "\u2018").replace("\u201d", "\u2019").split('"')
    return "".join(part + ("\u2018" if i % 2 == 0 else "\u2019") for i, part in enumerate(parts[:-1])) + parts[-1]


def _is_standalone(s: Source) -> bool:
    """Titles in italics (books, reports, sets of documents) rather than in quotation marks."""
    return s.type in {"book", "report", "dataset", "legislation", "bill", "thesis", "collection", "treaty",
                      "software", "pamphlet", "document"} and not s.container_title


_SENTENCE_END = re.compile(r"[^\W\d_]{4,}\.$")  # a word of four letters or more, then its full stop


def _title(s: Source, closing: str, ctx: CiteContext) -> list[Inline]:
    """The title, then ``closing`` (its comma or full stop), which a title's own question or exclamation mark
    (or full stop, for a full stop) replaces: "Who Is Watching?" is not followed by "?." or "?,"."""
    title = s.title.rstrip()
    end = title[-1:]
    if (end and end in _ASKS) or end == closing == ".":
        closing = ""
    elif end == "." and closing == "," and _SENTENCE_END.search(title):  # a post's sentence: "…compensation,"
        title = title[:-1]                                                 # not "…compensation.," (but "Inc.,")
    if _is_standalone(s):
        return [Emph([Str(isolate(title, ctx))])] + ([Str(closing)] if closing else [])
    return [Str(f"\u201c{quoted(isolate(title, ctx))}{closing}\u201d")]


def _publisher(s: Source) -> bool:
    """Name the publisher when there is no container and it is not the author already."""
    return bool(s.publisher) and not s.container_title and s.publisher not in {n.display() for n in s.author}


def _link(url: str) -> Link:
    return Link(url, [Str(url)])


_ASKS = "?!\u061f\uff1f\uff01"  # a question or exclamation mark (Latin, Arabic, full-width): no stop after it


def _add(out: list[Inline], sep: str, *nodes: Inline) -> list[Inline]:
    """Append ``sep`` and ``nodes``, without doubling a full stop ("n.d." + ". " is "n.d. ") and without a
    stop or comma after a title's own question mark ("Who Is Watching?" + ". " is "Who Is Watching? ")."""
    if sep[:1] in (".", ",") and out:
        last = plain_text(out[-1:]).rstrip("\u201d\u2069")[-1:]  # inside its closing quote or isolate
        if last and (last in _ASKS or (last == "." and sep.startswith("."))):
            sep = sep[1:]
    return out + [Str(sep), *nodes]


def _then(text: str, sep: str) -> str:
    """``text`` and ``sep``, without doubling a full stop ("A1 et al." or "Acme Inc." + ". ")."""
    return text + (sep[1:] if sep.startswith(".") and text.endswith(".") else sep)


def _end(out: list[Inline]) -> list[Inline]:
    """Close an entry with a full stop, unless it already ends with one."""
    return _add(out, ".")


def _tail(s: Source, out: list[Inline], sentences: bool, ctx: CiteContext, accessed: str = "") -> list[Inline]:
    """The link (DOI before URL) and the archived copy, after ``out``. ``accessed`` places the access date:
    "before" the link, as Chicago has it (", accessed May 26, 2022, https://..."; in a bibliography
    ". Accessed May 26, 2022. https://..."), or "after" it, as a reporter dates a link ("(accessed 26 May 2022)")."""
    sep = ". " if sentences else ", "
    doi = s.get("DOI")
    link = f"https://doi.org/{doi}" if doi else s.URL
    when = cited_date(s.accessed, accessed == "after", ctx) if s.accessed and link else ""
    if when and accessed == "before":
        out = _add(out, sep, Str(f"{ctx._('Accessed') if sentences else ctx._('accessed')} {when}"))
    if link:
        out = _add(out, sep, _link(link))
    if when and accessed == "after":
        out = _add(out, f" ({ctx._('accessed')} {when})")
    if s.archive_url:
        out = _add(out, sep, Str(f"{ctx._('Archived at') if sentences else ctx._('archived at')} "),
                   _link(s.archive_url))
    return _end(out)


def _container(s: Source, sep: str, ctx: CiteContext) -> list[Inline]:
    out: list[Inline] = []
    if s.container_title:
        out += [Emph([Str(isolate(s.container_title, ctx))])]
        vol, issue = s.get("volume"), s.get("issue")
        if vol:
            out.append(Str(f" {vol}"))
        if issue:
            out.append(Str(f", no. {issue}"))
        if sep:
            out.append(Str(sep))
    return out


_NUMBERED = {"report", "legal_case", "legislation", "bill", "regulation", "treaty", "standard", "patent", "document"}
_IN_A_CONTAINER = {"article-journal", "article-magazine", "article-newspaper", "article", "chapter",
                   "paper-conference", "entry-encyclopedia", "entry-dictionary", "entry"}


def _chicago(s: Source, locator: str | None, bibliography: bool, ctx: CiteContext = EN) -> list[Inline]:
    """A full note ("Given Family, "Title," Container, date, p. 3, URL.") or a bibliography entry
    ("Family, Given. "Title." Container, date. URL."): the same parts, other separators."""
    sep = ". " if bibliography else ", "
    out: list[Inline] = []
    who = _authors(s, inverted_first=bibliography, ctx=ctx)
    if who:
        out = [Str(_then(who, sep))]
    out += _title(s, sep.strip(), ctx)
    out.append(Str(" "))
    if s.get("number") and s.type in _NUMBERED:  # a UN document's symbol, a case's or a law's number
        out.append(Str(f"{isolate(str(s.get('number')), ctx)}, "))
    if s.get("authority") and s.type == "legal_case":  # the court
        out.append(Str(f"{isolate(str(s.get('authority')), ctx)}, "))
    out += _container(s, ", ", ctx)
    if _publisher(s):
        out.append(Str(f"{isolate(s.publisher, ctx)}, "))
    out.append(Str(cited_date(s.issued, False, ctx) or ctx._("n.d.")))
    if locator:
        out.append(Str(f", {locator}"))
    elif s.get("page") and s.type in _IN_A_CONTAINER:  # an article's pages, where no pinpoint is cited
        out.append(Str(f", {str(s.get('page')).replace('-', chr(0x2013))}"))
    # Chicago prints an access date only for a source with no date of its own (CMOS 14.12).
    return _tail(s, out, bibliography, ctx, "" if s.issued else "before")


def chicago_full(s: Source, locator: str | None, ctx: CiteContext = EN) -> list[Inline]:
    return _chicago(s, locator, False, ctx)


def chicago_short(s: Source, locator: str | None, ctx: CiteContext = EN) -> list[Inline]:
    who = _short_author(s, ctx)
    head: list[Inline] = [Str(who + ", ")] if who else []
    title = isolate(short_title(s), ctx)
    if _is_standalone(s):
        return head + [Emph([Str(title)]), Str(f", {locator}." if locator else ".")]
    # Punctuation inside the quotation marks, as Chicago has it.
    title = quoted(title)
    return head + [Str(f"\u201c{title},\u201d {locator}." if locator else f"\u201c{title}.\u201d")]


def chicago_bib(s: Source, ctx: CiteContext = EN) -> list[Inline]:
    return _chicago(s, None, True, ctx)


def press_entry(s: Source, locator: str | None = None, ctx: CiteContext = EN) -> list[Inline]:
    who = isolate(s.container_title or s.publisher or "", ctx) or _authors(s, ctx=ctx)
    out: list[Inline] = [Str(f"{who}, ")] if who else []
    when = cited_date(s.issued, True, ctx) or ctx._("undated")
    out.append(Str(f"\u201c{quoted(isolate(s.title, ctx))}\u201d, {when}"))
    if locator:
        out.append(Str(f", {locator}"))
    return _tail(s, out, False, ctx, "after")


def press_short(s: Source, locator: str | None = None, ctx: CiteContext = EN) -> list[Inline]:
    """A later mention: who and the short title, as a reporter would refer back to it."""
    who = isolate(s.container_title or s.publisher or "", ctx) or _short_author(s, ctx)
    head = f"{who}, " if who else ""
    return [Str(f"{head}\u201c{quoted(isolate(short_title(s), ctx))}\u201d" + (f", {locator}." if locator else "."))]


def press_bib(s: Source, ctx: CiteContext = EN) -> list[Inline]:
    return press_entry(s, None, ctx)


def linked_reference(s: Source, ctx: CiteContext = EN) -> list[Inline]:
    """A short entry for a list read on screen: who, the title linked to the source (its DOI or URL), the
    date, and a link to the archived copy: BBC News, “The faces from China’s camps”, 24 May 2022."""
    who = isolate(s.container_title or s.publisher or "", ctx) or _authors(s, ctx=ctx)
    doi = s.get("DOI")
    link = f"https://doi.org/{doi}" if doi else s.URL
    title = Str(f"\u201c{quoted(isolate(s.title, ctx))}\u201d")
    out: list[Inline] = [Str(f"{who}, ")] if who else []
    out += [Link(link, [title]) if link else title, Str(f", {cited_date(s.issued, True, ctx) or ctx._('undated')}")]
    if s.archive_url:
        out += [Str(" ("), Link(s.archive_url, [Str(ctx._("archived copy"))]), Str(")")]
    return _end(out)


def author_date_note(s: Source, locator: str | None, ctx: CiteContext = EN) -> list[Inline]:
    year = cited_year(s) if cited_year(s) != "n.d." else ctx._("n.d.")
    # as its entry in the list begins: the authors, else the publisher, else the title (a gazette, the
    # container, stood in the note where the list began with the law's title: the reader could not find it)
    names = _join([isolate(n.short(), ctx) for n in s.author], ctx) if s.author else ""
    who = names or isolate(s.publisher or "", ctx) or isolate(short_title(s), ctx)
    dated = who.rstrip("\u2069").endswith(year)  # a short title that ends with its date ("Order of 14 January 2026")
    return [Str((who if dated else f"{who} {year}") + (f", {locator}" if locator else "") + ".")]


def author_date_bib(s: Source, ctx: CiteContext = EN) -> list[Inline]:
    year = cited_year(s) if cited_year(s) != "n.d." else ctx._("n.d.")
    year_end = "" if year.endswith(".") else "."
    who = _authors(s, True, ctx) or isolate(s.publisher or "", ctx)
    # what identifies a document, as the notes give it: a UN document's symbol, a bill's number, the court
    numbered = [isolate(str(s.get("number")), ctx)] if s.get("number") and s.type in _NUMBERED else []
    if s.get("authority") and s.type == "legal_case":
        numbered.append(isolate(str(s.get("authority")), ctx))
    ids = [Str(" " + _then(", ".join(numbered), "."))] if numbered else []
    if who:
        out = [Str(_then(who, ". ") + f"{year}{year_end} ")] + _title(s, ".", ctx) + ids
    else:  # the title takes the author's place (Chicago 15.32): "Documentary. 2019."
        out = _title(s, ".", ctx) + ids + [Str(f" {year}{year_end}")]
    if s.container_title:
        out = [*out, Str(" "), *_container(s, "", ctx)]
    return _tail(s, out, True, ctx, "" if s.issued else "before")


def _sortable(text: str) -> str:
    """How a list of sources files an entry: without case, accents ("Çelik" with C, not after Z), opening
    quotation marks or a leading "The"."""
    text = text.lstrip("\u201c\u2018\"' ").casefold().removeprefix("the ")
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _first_author(s: Source) -> str:
    first = s.author[0] if s.author else None
    return (first.family_full or first.literal or "") if first else ""


def _coauthors(s: Source) -> tuple:
    """After the first author's family name, the given names ("Smith, Anna" before "Smith, Bob"); then a work of
    one author before works of several beginning with the same name."""
    given = _sortable(s.author[0].given or "") if s.author else ""
    return (given, *(_sortable(n.display()) for n in s.author[1:]))


def bib_sort_key(s: Source):
    """Chicago files an entry by its first author's family name (its title when it has none), then its
    co-authors, then its title."""
    return (_sortable(_first_author(s) or s.title), _coauthors(s), _sortable(s.title))


def author_date_sort_key(s: Source):
    """Author-date entries begin with the author, else the publisher, else the title; then the year."""
    return (_sortable(_first_author(s) or s.publisher or s.title), _coauthors(s), cited_year(s), _sortable(s.title))


def press_sort_key(s: Source):
    """The press list leads with the outlet, so it is sorted by what each entry begins with."""
    return (_sortable(s.container_title or s.publisher or _first_author(s) or s.title), cited_year(s),
            s.title.casefold())


STYLES = {  # full note, later note, list entry, list order
    "chicago-notes": (chicago_full, chicago_short, chicago_bib, bib_sort_key),
    "press": (press_entry, press_short, press_bib, press_sort_key),
    "author-date": (author_date_note, author_date_note, author_date_bib, author_date_sort_key),
}
