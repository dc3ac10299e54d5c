"""Read a BibTeX or biblatex export into ``Imported`` entries with CSL-JSON fields.

Entry types and fields map to CSL through the ``BIB_*`` tables; names, dates and LaTeX markup are decoded
to plain text, URLs and DOIs are taken verbatim. bibtexparser and pylatexenc are imported only when a file
is read.
"""

from __future__ import annotations

import functools
import logging
import re
from contextlib import contextmanager
from pathlib import Path

from ..errors import BriefgenError, Diagnostics, Position
from ..load.sources import CSL_OTHER_VARIABLES
from .entry import DROPPED, Imported

BIB_TYPES = {
    "article": "article-journal", "book": "book", "mvbook": "book", "collection": "book", "proceedings": "book",
    "reference": "book", "booklet": "pamphlet", "inbook": "chapter", "incollection": "chapter",
    "bookinbook": "chapter", "inreference": "entry-encyclopedia", "inproceedings": "paper-conference",
    "conference": "paper-conference", "techreport": "report", "report": "report", "manual": "report",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "unpublished": "manuscript", "dataset": "dataset",
    "software": "software", "patent": "patent", "standard": "standard", "legislation": "legislation",
    "jurisdiction": "legal_case", "letter": "personal_communication", "periodical": "periodical",
    "misc": "document",
}
# BibTeX field -> CSL variable; where several give one variable, the first present wins.
BIB_FIELDS = {
    "title": "title", "shorttitle": "title-short", "journaltitle": "container-title", "journal": "container-title",
    "booktitle": "container-title", "series": "collection-title", "volume": "volume", "pages": "page",
    "edition": "edition", "chapter": "chapter-number", "publisher": "publisher", "institution": "publisher",
    "organization": "publisher", "school": "publisher", "howpublished": "publisher", "location": "publisher-place",
    "address": "publisher-place", "type": "genre", "eventtitle": "event-title", "venue": "event-place",
    "pagetotal": "number-of-pages", "langid": "language", "language": "language", "note": "note",
}
BIB_NAMES = {"author": "author", "editor": "editor", "translator": "translator", "bookauthor": "container-author"}
BIB_DATES = {"urldate": "accessed", "eventdate": "event-date", "origdate": "original-date"}
BIB_VERBATIM = {"url": "URL", "doi": "DOI"}  # no LaTeX in them: '%' and '~' are themselves
BIB_SPECIAL = {"year", "month", "day", "date", "number", "subtitle", "entrysubtype", "abstract", "crossref"}
_CSL_BY_LOWER = {v.lower(): v for v in CSL_OTHER_VARIABLES if v not in DROPPED}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def read_bibtex(file: Path, text: str, diags: Diagnostics) -> list[Imported]:
    import bibtexparser
    from bibtexparser import middlewares as mw
    from bibtexparser.model import DuplicateBlockKeyBlock

    with _quiet("bibtexparser", "pylatexenc"):
        try:
            library = bibtexparser.parse_string(text, append_middleware=[mw.SeparateCoAuthors(),
                                                                         mw.SplitNameParts()])
        except Exception as exc:  # noqa: BLE001 -- the parser failing on odd input is still the input's fault
            raise BriefgenError(f"BibTeX: cannot read this file ({exc})", Position(file))
        for block in library.failed_blocks:
            pos = Position(file, (block.start_line or 0) + 1)
            if isinstance(block, DuplicateBlockKeyBlock):
                diags.error(f"duplicate key '{block.key}'", pos)
            else:
                reason = getattr(block.error, "abort_reason", None) or str(block.error) or type(block.error).__name__
                diags.error(f"BibTeX: cannot read this entry: {' '.join(reason.split())}", pos)
        dropped: set[str] = set()
        by_key = {e.key.lower(): e for e in library.entries}
        out = [_bib_entry(e, _fields(e, by_key), Position(file, (e.start_line or 0) + 1), diags, dropped)
               for e in library.entries]
    if dropped:
        diags.warning(f"left out BibTeX fields that have no CSL variable: {', '.join(sorted(dropped))}",
                      Position(file))
    return [e for e in out if e is not None]


def _fields(entry, by_key: dict) -> dict:
    """An entry's fields by lower-case name, with those it takes from the entry its ``crossref`` names (a paper
    from its proceedings): every field it lacks, and the parent's title as its book title."""
    f = {k.lower(): v.value for k, v in entry.fields_dict.items()}
    parent = by_key.get(str(f.get("crossref", "")).strip().lower())
    if parent is None or parent is entry:
        return f
    inherited = {k.lower(): v.value for k, v in parent.fields_dict.items()}
    if "title" in inherited and "booktitle" not in f and entry.entry_type.lower().startswith("in"):
        f["booktitle"] = inherited["title"]
    for key, value in inherited.items():
        if key not in f and key not in ("title", "shorttitle", "subtitle", "crossref", "ids"):
            f[key] = value
    return f


def _bib_entry(entry, f: dict, pos: Position, diags: Diagnostics, dropped: set) -> Imported | None:
    kind = entry.entry_type.lower()
    csl_type = BIB_TYPES.get(kind)
    if csl_type is None:
        diags.error(f"entry '{entry.key}': unknown BibTeX entry type '@{kind}'", pos)
        return None
    subtype = _latex(f.get("entrysubtype", "")).lower()
    if kind == "article" and subtype in ("newspaper", "magazine"):
        csl_type = f"article-{subtype}"
    elif kind == "misc" and "url" in f:
        csl_type = "webpage"
    out: dict = {"type": csl_type}
    if kind in ("phdthesis", "mastersthesis") and "type" not in f:
        out["genre"] = "PhD thesis" if kind == "phdthesis" else "Master's thesis"
    for bib, csl in BIB_FIELDS.items():
        if bib in f and csl not in out and isinstance(f[bib], str):
            value = f[bib].replace("--", "-") if bib == "pages" else _latex(f[bib])
            url = re.fullmatch(r"\\url\{(.*)\}", f[bib].strip()) if bib == "howpublished" else None
            if url:
                out.setdefault("URL", _verbatim(url.group(1)))
            elif value:
                out[csl] = value
    if f.get("subtitle") and out.get("title"):
        out["title"] = f"{out['title']}: {_latex(f['subtitle'])}"
    if f.get("number"):
        out["issue" if csl_type.startswith("article") else "number"] = _latex(f["number"])
    for bib, csl in BIB_VERBATIM.items():
        if f.get(bib):
            out[csl] = _verbatim(f[bib])
    if out.get("DOI"):
        out["DOI"] = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", out["DOI"], flags=re.IGNORECASE)
    for bib, csl in BIB_NAMES.items():
        if isinstance(f.get(bib), list):
            names = [_bib_name(n) for n in f[bib]]
            out[csl] = [n for n in names if n != {"family": "others"}]
    issued = _bib_date(f.get("date")) if f.get("date") else _bib_year(f)
    if issued:
        out["issued"] = issued
    for bib, csl in BIB_DATES.items():
        if f.get(bib):
            out[csl] = _bib_date(f[bib])
    for bib, value in f.items():
        known = bib in BIB_FIELDS or bib in BIB_NAMES or bib in BIB_DATES or bib in BIB_VERBATIM
        if known or bib in BIB_SPECIAL:
            continue
        if bib in _CSL_BY_LOWER and isinstance(value, str):
            out.setdefault(_CSL_BY_LOWER[bib], _latex(value))
        else:
            dropped.add(bib)
    return Imported(entry.key, out, pos)


def _bib_name(parts) -> dict:
    """A name split by bibtexparser into CSL; a wholly braced name ({Human Rights Watch}) is a literal."""
    if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1 and _braced(parts.last[0]):
        return {"literal": _latex(parts.last[0])}
    name = {"family": _latex(" ".join(parts.last))}
    for key, words in (("given", parts.first), ("non-dropping-particle", parts.von), ("suffix", parts.jr)):
        if words:
            name[key] = _latex(" ".join(words))
    return {k: v for k, v in name.items() if v}


def _braced(text: str) -> bool:
    if not (text.startswith("{") and text.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth == 0 and i < len(text) - 1:
            return False  # the first brace closes before the end: {\"O}zt{\"u}rk
    return True


def _bib_year(f: dict) -> dict | None:
    year = _latex(str(f.get("year", "")))
    if not year:
        return None
    if not re.fullmatch(r"\d{1,4}", year):
        return {"literal": year}
    parts = [int(year)]
    month = _month(f.get("month"))
    if month:
        parts.append(month)
        day = str(f.get("day", "")).strip()
        if day.isdigit() and 1 <= int(day) <= 31:
            parts.append(int(day))
    return {"date-parts": [parts]}


def _month(value) -> int | None:
    text = _latex(str(value or "")).strip().lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return _MONTHS.index(text[:3]) + 1 if text[:3] in _MONTHS else None


def _bib_date(value: str) -> dict:
    """A biblatex date (2022-05-24, 2022-05, 2022, a range 2022-05-24/2022-05-26) as a CSL date."""
    text = _latex(value)
    sides = [re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.+Z-]*)?", s.strip()) for s in text.split("/")]
    if len(sides) > 2 or not all(sides):
        return {"literal": text}
    return {"date-parts": [[int(g) for g in m.groups() if g] for m in sides]}


def _latex(text: str) -> str:
    """LaTeX to plain text, braces that protect case dropped, whitespace collapsed."""
    if not text:
        return ""
    from pylatexenc.latex2text import LatexNodes2Text

    decoded = _decoder(LatexNodes2Text).latex_to_text(text).replace("`", "'")
    return " ".join(decoded.split())


@functools.lru_cache(maxsize=1)
def _decoder(cls):
    return cls(math_mode="verbatim")


def _verbatim(text: str) -> str:
    """A URL or DOI as written, with the escapes BibTeX files often add (\\_ \\% \\&) undone."""
    return re.sub(r"\\([_%&#~$])", r"\1", text.strip().removeprefix("\\url{").removesuffix("}")
                  if text.strip().startswith("\\url{") else text.strip())


@contextmanager
def _quiet(*loggers: str):
    """Silence libraries that log what we report ourselves, with positions."""
    saved = [(logging.getLogger(n), logging.getLogger(n).level) for n in loggers]
    for logger, _ in saved:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in saved:
            logger.setLevel(level)
