"""What the preview serves: its pages (HTML), the PDF pages as images (pypdfium2) and the Word file as text
(mammoth, then an allow-list sanitiser, nh3).

Every text of the dossier is escaped (``esc``) before it meets markup: a finding may hold anything. The
Word text is mammoth's HTML, which escapes the text itself, cleaned to a short list of tags and attributes
(links: http, https and mailto only). Images and Word text are made when asked for, once per file content.
"""

from __future__ import annotations

import html
import io
import threading
from collections import OrderedDict
from urllib.parse import quote

from .rebuild import Brief, File, State

SCALE = 1.5  # PDF points to image pixels: 108 dpi, an A4 page 893 pixels wide
EAGER = 2  # a brief's first pages, loaded with its page; the others when scrolled to
WORD_BLOCKS = ("blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "p", "td", "th")
WORD_TAGS = {"a", "blockquote", "br", "em", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "p", "strong",
             "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul"}


def esc(text) -> str:
    return html.escape(str(text), quote=True)


def seg(text) -> str:
    """A name as one segment of an address, escaped for an attribute."""
    return esc(quote(str(text), safe=""))


class Renderings:
    """Page images and Word text, made on request and kept for the last files (by content). pdfium is not
    thread-safe: one lock for all of it."""

    def __init__(self, keep: int = 256):
        self._lock = threading.Lock()
        self._made: OrderedDict[tuple, object] = OrderedDict()
        self._keep = keep

    def _cached(self, key: tuple, make):
        with self._lock:
            if key in self._made:
                self._made.move_to_end(key)
                return self._made[key]
            value = self._made[key] = make()
            while len(self._made) > self._keep:
                self._made.popitem(last=False)
            return value

    def page_png(self, f: File, number: int) -> bytes | None:
        """Page ``number`` (from 1) of a PDF as a PNG image; None when it has no such page."""
        def make():
            import pypdfium2

            pdf = pypdfium2.PdfDocument(f.data)
            try:
                if not 1 <= number <= len(pdf):
                    return None
                image = pdf[number - 1].render(scale=SCALE).to_pil()
            finally:
                pdf.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)
            return buffer.getvalue()

        return self._cached(("png", f.digest, number), make)

    def word_html(self, f: File) -> str:
        def make():
            import mammoth
            import nh3

            converted = mammoth.convert_to_html(io.BytesIO(f.data))
            return nh3.clean(converted.value, tags=WORD_TAGS,
                             attributes={"a": {"href", "id"}, "li": {"id"}, "td": {"colspan", "rowspan"},
                                         "th": {"colspan", "rowspan"}},
                             url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer",
                             # each block in its own direction, as in the brief (English findings in a
                             # Uyghur bulletin run left to right)
                             set_tag_attribute_values={t: {"dir": "auto"} for t in WORD_BLOCKS})

        return self._cached(("word", f.digest), make)

    def page_sizes(self, f: File) -> tuple[tuple[int, int], ...]:
        """Each page's image size in pixels, (width, height): the page keeps room for an image before it comes
        (so that a reload keeps the reader's place, and only the pages scrolled to are asked for)."""
        def make():
            import pypdfium2

            pdf = pypdfium2.PdfDocument(f.data)
            try:
                return tuple((round(w * SCALE), round(h * SCALE))
                             for w, h in (pdf.get_page_size(i) for i in range(len(pdf))))
            finally:
                pdf.close()

        return self._cached(("sizes", f.digest), make)

    def prepare(self, state: State, audiences) -> None:
        """What pages showing these audiences' briefs ask for first, made now (``Rebuilder.prepare``, before
        the other briefs are built): their Word text, their pages' sizes and their first pages."""
        for b in state.briefs:
            if b.audience not in audiences:
                continue
            if (docx := b.file("docx")) is not None:
                self.word_html(docx)
            if (pdf := b.file("pdf")) is not None:
                self.page_sizes(pdf)
                for n in range(1, min(EAGER, pdf.pages or 0) + 1):
                    self.page_png(pdf, n)


def _page(title: str, state: State, body: str, brief: Brief | None = None) -> str:
    shows = f' data-brief="{esc(brief.audience)}"' if brief is not None else ""  # built first while shown
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)}</title><link rel="stylesheet" href="/static/preview.css">'
            f'<script src="/static/preview.js" defer></script></head>'
            f'<body data-generation="{state.generation}"{shows}>{body}</body></html>\n')


def _status(state: State) -> str:
    if not state.generation:
        return '<p class="status">Building the briefs &hellip; this page reloads when they are ready.</p>'
    errors = state.errors
    warnings = len(state.diagnostics) - errors
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if state.failed:
        kept = f"The briefs below are from the last good build ({esc(state.built)})" if state.briefs else \
            "No brief has been built yet"
        head = (f'<div class="failed" id="bg-failed"><h2>The last rebuild failed</h2><p>{counts}. {kept}; '
                "fix the errors and save.</p>")
    else:
        head = (f'<div class="ok"><p>Built at {esc(state.built)} in {state.seconds:.2f} s '
                f"({state.written} file{'s' * (state.written != 1)} written): {counts}.</p>")
        if state.pending:  # the brief shown was built first: the others, and their warnings, follow
            head += (f'<p class="pending" id="bg-pending">Building the other briefs '
                     f'({esc(", ".join(state.pending))}) &hellip; this page reloads when they are ready.</p>')
    items = "".join(f'<li class="{esc(severity)}">{esc(line)}</li>' for severity, line in state.diagnostics)
    return head + (f'<ul class="diagnostics" id="bg-diagnostics">{items}</ul>' if items else "") + "</div>"


def _downloads(b: Brief) -> str:
    return " ".join(f'<a class="download" href="/file/{seg(f.name)}" download>{esc(f.format.upper())}</a>'
                    for f in b.files)


def _pages_word(f: File | None) -> str:
    if f is None or f.pages is None:
        return ""
    return f"{f.pages} page{'s' * (f.pages != 1)}"


def index(state: State, sizes=lambda pdf: ()) -> str:
    """Every audience's brief: its first page (``sizes(file)``: its pages' sizes in pixels), marking, pages and
    files."""
    cards = []
    for b in state.briefs:
        pdf = b.file("pdf")
        image = (f'<img src="/page/{seg(b.audience)}/1.png?v={esc(pdf.digest)}"{_size(sizes(pdf), 1)} '
                 f'alt="First page of the brief for {esc(b.audience)}" class="thumb">') if pdf else ""
        cards.append(f'<li class="card"><a href="/a/{seg(b.audience)}">{image}<h2>{esc(b.label)}</h2></a>'
                     f'<p><span class="marking">{esc(b.marking)}</span> {esc(b.audience)} &middot; '
                     f'{b.findings} finding{"s" * (b.findings != 1)} &middot; {_pages_word(pdf)}</p>'
                     f"<p>{_downloads(b)}</p></li>")
    body = (f"<header><h1>{esc(state.title or 'briefgen preview')}</h1></header>{_status(state)}"
            f'<ul class="cards">{"".join(cards)}</ul>')
    return _page(f"{state.title or 'briefgen'}: preview", state, body)


def _size(sizes, n: int) -> str:
    return f' width="{sizes[n - 1][0]}" height="{sizes[n - 1][1]}"' if n <= len(sizes) else ""


def brief(state: State, b: Brief, word: str | None, sizes: tuple[tuple[int, int], ...] = ()) -> str:
    """One audience's brief: its PDF pages as images (``sizes``: theirs in pixels) beside the text of its Word
    file."""
    pdf, docx = b.file("pdf"), b.file("docx")
    pages = ""
    if pdf is not None:
        pages = "".join(f'<img src="/page/{seg(b.audience)}/{n}.png?v={esc(pdf.digest)}"{_size(sizes, n)} '
                        f'alt="Page {n} of {pdf.pages}" class="page"{" loading=lazy" * (n > EAGER)}>'
                        for n in range(1, (pdf.pages or 0) + 1))
    text = ""
    if docx is not None and word is not None:
        text = (f'<article class="word" id="bg-word" lang="{esc(b.language)}" dir="{esc(b.direction)}">'
                f"{word}</article>")
    nav = " ".join(f'<a href="/a/{seg(o.audience)}"{" aria-current=page" * (o is b)}>{esc(o.audience)}</a>'
                   for o in state.briefs)
    body = (f'<header><p class="nav"><a href="/">{esc(state.title or "All briefs")}</a> &middot; {nav}</p>'
            f'<h1>{esc(b.label)}</h1><p><span class="marking">{esc(b.marking)}</span> {_pages_word(pdf)} '
            f"&middot; {_downloads(b)}</p></header>{_status(state)}"
            f'<div class="brief"><section class="pages" aria-label="PDF">{pages}</section>'
            f'<section class="text" aria-label="Word">{text}</section></div>')
    return _page(f"{b.label}: preview", state, body, b)


def not_found(state: State, what: str) -> str:
    return _page("Not found", state, f'<h1>Not found</h1><p>{esc(what)}</p><p><a href="/">All briefs</a></p>')
