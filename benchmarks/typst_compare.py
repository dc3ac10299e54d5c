"""Time a cold `briefgen build` of the sample's three first briefs as PDF against Typst compiling the same briefs.

Target (issue 18): briefgen's three PDFs (diplomats, lawmakers, press) within 1.2x of Typst, the fastest
modern peer, compiling comparable content. Typst comes from PyPI (``pip install -e '.[bench]'``); without it
the benchmark says it is skipped and exits 0.

The comparable content is made here, once, before any timing, from briefgen's own document tree of each brief
(fitted to its page budget, as the build writes it): one Typst source per brief with the same text and
structure. Headings (nested as briefgen tags them, in the PDF outline), paragraphs with their emphasis and
links, lists, tables (header row repeated), block quotes, callouts as shaded boxes, the title block and the
other styled parts in the theme's sizes, leading, spacing and colours; the notes where briefgen puts them
(endnotes listed where the template says, with superscript numbers linking to them; footnotes as Typst's
``#footnote``), or with ``--footnotes`` every note a Typst footnote at the foot of its page; the running header
(short title, TLP marking) and footer (organisation, marking, "Page x of y" in the brief's language); the
paper and the theme's margins; the same TrueType files (PT Sans, IBM Plex Sans Arabic, Noto Sans SC ..., as
the theme picks them for the brief's characters), Typst's only fonts. Both sides write tagged PDF/UA-1 and
PDF/A-3a files. Every text goes in as a Typst string literal, so no character of the evidence is read as
markup. Left out: the callouts' "(continued)" labels, briefgen's check that the pages hold every word, and
its page-budget search (Typst is given the fitted briefs).

Timing: whole cold processes, a briefgen one (``python -m briefgen build SAMPLE -f pdf -a ...``) and a Typst
one (a fresh Python that imports typst and compiles the three sources to PDF files: the typst package has no
command-line program), alternately, pair by pair, each side first in every other pair: on a shared, noisy
machine only paired figures compare. It reports the median of the paired ratios (briefgen over Typst) with
their range, each side's median seconds and CPU seconds, and both sides' page counts. (On the 2-core
development machine, Typst 0.15.2: 16 pages on each side, briefgen 0.83 s, Typst 0.13 s, a ratio of 6.0x.)

``--check`` converts and compiles every audience of the sample and of tests/fixtures/second-dossier (each
with its notes as briefgen places them, and with every note a footnote) and reports what fails.

    python benchmarks/typst_compare.py [PAIRS] [--footnotes]
    python benchmarks/typst_compare.py --check
"""

from __future__ import annotations

import io
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from userenv import user_env  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
SAMPLE = HERE / "briefs" / "xinjiang-police-files"
SECOND = HERE / "tests" / "fixtures" / "second-dossier"
AUDIENCES = ("diplomats", "lawmakers", "press")  # the sample's three first briefs, which the issue measured
EPOCH = 1764000000
STANDARDS = ["ua-1", "a-3a"]  # what briefgen's PDFs are: PDF/UA-1 and PDF/A-3a, tagged
TARGET = 1.2
EDGES = 'top-edge: "cap-height", bottom-edge: "baseline"'  # Typst's own line box (running header and footer)

# The Typst process: import typst, compile each source to a PDF file; it prints the seconds of both.
CHILD = """\
import sys, time
start = time.perf_counter()
import typst
imported = time.perf_counter()
fonts, out, epoch, *sources = sys.argv[1:]
compiler = typst.Compiler(font_paths=[fonts], ignore_system_fonts=True, root="/")
for source in sources:
    compiler.compile(input=source, output=out + "/" + source.rsplit("/", 1)[-1][:-4] + ".pdf", timestamp=int(epoch),
                     pdf_standards=%r)
print(imported - start, time.perf_counter() - imported)
""" % (STANDARDS,)

# --- a briefgen document tree as Typst source ----------------------------------------------------------------


def lit(text: str) -> str:
    """A Typst string literal holding ``text`` exactly, whatever its characters."""
    out = []
    for c in text:
        if c in '\\"':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif unicodedata.category(c) == "Cc":
            out.append(f"\\u{{{ord(c):x}}}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def text(s: str) -> str:
    """Text in markup, as an embedded string (the semicolon ends it: a "(" or "." after it stays text)."""
    return f"#{lit(s)};" if s else ""


def family_name(fam) -> str:
    """The name Typst knows a family by: a built-in family's own, a .ttf file's from its name table."""
    if fam.files["regular"][0]:
        return fam.name
    from fontTools.ttLib import TTFont

    names = TTFont(fam.files["regular"][1], lazy=True)["name"]
    return names.getDebugName(16) or names.getDebugName(1) or fam.name


def families(doc, theme) -> tuple[list, list]:
    """The families a brief sets its text in, as briefgen picks them for its characters: the body's list (the
    main family, then the fallback and last-resort families its characters need), and every family it uses."""
    from briefgen import fonts
    from briefgen.tree import document_chars

    f = theme.fonts
    choice = fonts.choice(f.body, dict(f.fallbacks), None, f.last_resort)
    needed = {}
    for c in document_chars(doc):
        fam = choice.fallback_for(c)
        if fam is not None:
            needed[fam.name] = fam
    order = [*f.fallbacks.values(), *f.last_resort]
    body = [choice.main, *sorted(needed.values(), key=lambda x: order.index(x.name) if x.name in order else 99)]
    return body, [*body, fonts.family(f.heading), fonts.family(f.code)]


def font_list(names) -> str:
    return "(" + "".join(lit(n) + ", " for n in names) + ")"


class TypstSource:
    """One brief as a Typst source: the preamble (page, fonts, styles), then its blocks, walked as briefgen's
    PDF writer walks them."""

    DIV_STYLES = {"title": "title", "subtitle": "subtitle", "kicker": "kicker", "meta": "meta",
                  "evidence": "evidence", "release": "release", "end-mark": "endmark", "contacts": "contact",
                  "references": "bib", "logo": "logo"}

    def __init__(self, doc, theme, footnotes: bool = False):
        from briefgen.load.base import TLP_COLOURS

        self.doc, self.theme, self.tlp = doc, theme, TLP_COLOURS
        self.footnotes = footnotes or doc.meta.notes == "footnotes"
        self.notes = {n.number: n for n in doc.notes}
        self.seen: set[int] = set()  # footnotes set already (a number cited again refers to its first)
        self.open_headings: list[int] = []  # the levels of the headings the next one may nest under
        body, used = families(doc, theme)
        self.body_fonts = [family_name(f) for f in body]
        self.heading_fonts = [family_name(used[-2]), *self.body_fonts[1:]]
        self.code_fonts = [family_name(used[-1]), *self.body_fonts]
        self.rtl = doc.meta.direction == "rtl"

    def source(self) -> str:
        return self.preamble() + "\n\n" + self.blocks(self.doc.blocks) + "\n"

    # inlines

    def inlines(self, nodes) -> str:
        from briefgen import tree as T

        out = []
        for n in T.merge_strs(list(nodes)):
            if isinstance(n, T.Str):
                out.append(text(n.text))
            elif isinstance(n, T.SoftBreak):
                out.append(text(" "))
            elif isinstance(n, T.LineBreak):
                out.append("#linebreak();")
            elif isinstance(n, T.Emph):
                out.append(f"#emph[{self.inlines(n.children)}];")
            elif isinstance(n, T.Strong):
                out.append(f"#strong[{self.inlines(n.children)}];")
            elif isinstance(n, T.Code):
                out.append(f"#raw({lit(n.text)});")
            elif isinstance(n, T.Link):
                inner = self.inlines(n.children)  # a link to a place in the brief (none in either dossier): text
                out.append(inner if n.url.startswith("#") else f"#link({lit(n.url)})[{inner}];")
            elif isinstance(n, T.Cite):
                out.append(self.cite(n))
        return "".join(out)

    def cite(self, n) -> str:
        if n.note is None or n.note not in self.notes:  # notes: none, the citation prints nothing
            return ""
        if not self.footnotes:
            return f"#super[#link(<note-{n.note}>)[{text(str(n.note))}]];"
        if n.note in self.seen:
            return f"#footnote(<fn-{n.note}>);"
        self.seen.add(n.note)
        return f"#footnote[{self.inlines(self.notes[n.note].children)}]<fn-{n.note}>"

    # blocks

    def blocks(self, blocks, style: str = "body") -> str:
        return "\n\n".join(s for s in (self.block(b, style) for b in blocks) if s)

    def block(self, b, style: str) -> str:
        from briefgen import tree as T

        if isinstance(b, T.Para):
            inner = self.inlines(b.children)
            return inner if style == "body" else f"#sty-{style}[#par[{inner}]]"
        if isinstance(b, T.Heading):  # styled by its level, tagged by its nesting (as briefgen tags it)
            while self.open_headings and self.open_headings[-1] >= b.level:
                self.open_headings.pop()
            self.open_headings.append(b.level)
            return f"#h{min(b.level, 3)}({len(self.open_headings)})[{self.inlines(b.children)}]"
        if isinstance(b, (T.BulletList, T.OrderedList)):
            items = ", ".join(f"[{self.blocks(item, style)}]" for item in b.items)
            if isinstance(b, T.BulletList):
                return f"#list(tight: false, {items})"
            return f"#enum(tight: false, start: {b.start}, {items})"
        if isinstance(b, T.BlockQuote):
            return f"#quote(block: true)[{self.blocks(b.children, 'quote')}]"
        if isinstance(b, T.Div):
            return self.div(b, style)
        return self.leaf(b, style)

    def div(self, b, style: str) -> str:
        style = next((self.DIV_STYLES[c] for c in b.classes if c in self.DIV_STYLES), style)
        inner = self.blocks(b.children, style)
        if "callout" in b.classes:
            side = "right" if self.rtl else "left"
            inner = (f"#block(width: 100%, fill: {self.rgb('callout_fill')}, inset: (x: 10pt, y: 7pt), "
                     f"stroke: ({side}: 2.5pt + {self.rgb('callout_rule')}))[{inner}]")
        if "title-block" in b.classes:
            inner += f"\n\n#block(above: 6pt, below: 10pt, line(length: 100%, stroke: 1.2pt + {self.rgb('accent')}))"
        return inner

    def leaf(self, b, style: str) -> str:
        from briefgen import tree as T

        if isinstance(b, T.Table):
            return self.table(b)
        if isinstance(b, T.Figure):
            if style == "logo":
                return f"#image({lit(b.src)}, height: 14mm)"
            caption = self.inlines(b.caption) + (text(" ") + self.inlines(b.credit) if b.credit else "")
            alt = lit(T.plain_text(b.caption) or "Figure")
            return f"#figure(image({lit(b.src)}, width: 100%, alt: {alt}), caption: [{caption}])"
        if isinstance(b, T.HorizontalRule):
            return f"#line(length: 100%, stroke: 0.5pt + {self.rgb('muted')})"
        if isinstance(b, T.PageBreak):
            return "#pagebreak()"
        if isinstance(b, T.CodeBlock):
            return f"#sty-caption[#raw(block: true, {lit(b.text)})]"
        if isinstance(b, T.NotesPlaceholder):
            if not self.doc.notes or self.footnotes:
                return ""  # footnotes stand at the foot of each page instead
            notes = [f"#sty-note[#par[#box(width: 14pt)[{text(f'{n.number}.')}]{self.inlines(n.children)}]"
                     f"<note-{n.number}>]" for n in self.doc.notes]
            return "\n\n".join(x for x in [self.blocks(b.children, style), *notes] if x)
        raise TypeError(f"unknown block {type(b).__name__}")

    def table(self, t) -> str:
        ncols = max([len(t.header), *(len(r) for r in t.rows)])
        if not ncols:
            return ""

        def row(cells) -> list[str]:
            return [f"[{self.inlines(c)}]" for c in cells] + ["[]"] * (ncols - len(cells))

        header = f"table.header({', '.join(row(t.header))}), " if t.header else ""
        rows = ", ".join(c for r in t.rows for c in row(r))
        top = "y == 0" if t.header else "false"
        return (f"#table(columns: (1fr,) * {ncols}, inset: (x: 4pt, y: 3pt), "
                f"fill: (x, y) => if {top} {{ {self.rgb('callout_fill')} }}, "
                f"stroke: (x, y) => (bottom: if {top} {{ 0.8pt + {self.rgb('primary')} }} "
                f"else {{ 0.3pt + rgb(\"#C8CED6\") }}), {header}{rows})")

    # the preamble

    def rgb(self, name: str) -> str:
        return f'rgb("{getattr(self.theme.colours, name)}")'

    def preamble(self) -> str:
        """The document's metadata, text and paragraph settings, and a function per style of briefgen's
        styles.py (``sty-meta`` ...) and per heading level (``h2(depth)``), in the theme's sizes and colours."""
        m, s = self.doc.meta, self.theme.sizes
        fonts, heading = font_list(self.body_fonts), font_list(self.heading_fonts)
        lang, _, region = m.language.partition("-")
        lang_args = f"lang: {lit(lang.lower())}" + (f", region: {lit(region)}" if len(region) == 2 else "")
        lead, after = s.body * 1.42, s.body * 0.6

        def lines(size: float, leading: float) -> str:
            """Lines as ReportLab sets them: ``leading`` from baseline to baseline, a line box that high."""
            return f"top-edge: {leading - 0.2 * size:.2f}pt, bottom-edge: {-0.2 * size:.2f}pt"

        out = [
            f"#set document(title: {lit(m.title)}, author: {lit(m.organisation)}, "
            f"keywords: {font_list(m.keywords)}, description: {lit(f'{m.audience_label}: {m.title}')})",
            f"#set text(font: {fonts}, size: {s.body}pt, fill: {self.rgb('text')}, {lang_args}, "
            f"dir: {'rtl' if self.rtl else 'ltr'}, hyphenate: {'true' if m.hyphenate else 'false'}, "
            f"{lines(s.body, lead)})",
            f"#set par(leading: 0pt, spacing: {after:.2f}pt, justify: false)",
            f"#set block(spacing: {after:.2f}pt)",
            f"#show link: set text(fill: {self.rgb('link')})",
            f"#show raw: set text(font: {font_list(self.code_fonts)})",
            f"#show heading: set text(font: {heading}, weight: \"bold\")",
            f"#show quote.where(block: true): it => block(stroke: ({'right' if self.rtl else 'left'}: 2.5pt + "
            f"{self.rgb('accent')}), inset: (x: 8pt, y: 4pt), it.body)",
            f"#show table.cell: set text(size: {s.small + 0.5}pt, {lines(s.small + 0.5, (s.small + 0.5) * 1.3)})",
            f"#show table.cell.where(y: 0): set text(font: {heading}, weight: \"bold\")",
            f"#show footnote.entry: set text(size: {s.small}pt, {lines(s.small, s.small * 1.35)})",
            "#set footnote.entry(separator: line(length: 30%, stroke: 0.5pt + rgb(\"#8A94A3\")), gap: 2pt)",
        ]
        levels = [(s.h1, 1.25, 0.9, 0.45, "primary"), (s.h2, 1.25, 1.0, 0.4, "primary"), (s.h3, 1.3, 0.9, 0.3, "text")]
        for level, (size, factor, before, below, colour) in enumerate(levels, 1):
            # ReportLab adds a heading's space before to the space after what precedes it; Typst takes the larger
            out.append(f"#let h{level}(depth, body) = {{ show heading: set text(size: {size}pt, "
                       f"fill: {self.rgb(colour)}, {lines(size, size * factor)}); "
                       f"show heading: set block(above: {size * before + after:.2f}pt, below: {size * below:.2f}pt); "
                       "heading(level: depth, body) }")
        # name: (size, leading, space after, bold in the heading font, italic, colour, centred), as styles.py has them
        styles = {
            "title": (s.title, s.title * 1.15, s.title * 0.35, True, False, "primary", False),
            "subtitle": (s.subtitle, s.subtitle * 1.3, s.subtitle * 0.5, False, False, "muted", False),
            "kicker": (s.small, lead, 4, True, False, "accent", False),
            "meta": (s.small + 0.5, lead, 2, False, False, "muted", False),
            "evidence": (s.small + 0.5, lead, 4, False, True, "muted", False),
            "quote": (s.body, lead, 3, False, True, "text", False),
            "caption": (s.small, s.small * 1.35, after, False, False, "muted", False),
            "note": (s.small, s.small * 1.35, 2, False, False, "text", False),
            "bib": (s.small + 0.5, (s.small + 0.5) * 1.35, 3, False, False, "text", False),
            "contact": (s.body - 0.5, lead, 2, False, False, "text", False),
            "release": (s.small, lead, 8, True, False, "accent", False),
            "endmark": (s.body, lead, after, False, False, "muted", True),
            "logo": (s.body, lead, 8, False, False, "text", False),
        }
        for name, (size, leading, space, bold, italic, colour, centred) in styles.items():
            rules = f"set text(font: {heading}, weight: \"bold\"); " if bold else ""
            rules += "set par(hanging-indent: 14pt); " if name in ("note", "bib") else ""
            rules += "set align(center); " if centred else ""
            slant = ', style: "italic"' if italic else ""
            out.append(f"#let sty-{name}(body) = {{ set text(size: {size}pt, fill: {self.rgb(colour)}, "
                       f"{lines(size, leading)}{slant}); {rules}"
                       f"set par(spacing: {space:.2f}pt); block(above: 0pt, below: {space:.2f}pt, body) }}")
        out.append(self.page())
        return "\n".join(out)

    def page(self) -> str:
        """The page set-up, with the running header (the short title from page 2, the TLP marking) and footer
        (organisation, marking, the page label in the brief's language and digits)."""
        m, margins = self.doc.meta, self.theme.page.margins_mm
        muted = f"set text(size: 7.5pt, fill: {self.rgb('muted')}, {EDGES})"
        marking = (f"box(fill: black, inset: (x: 4pt, y: 2.5pt), text(weight: \"bold\", size: 8pt, "
                   f"fill: rgb(\"{self.tlp.get(m.marking, '#FFFFFF')}\"), {EDGES}, {lit(m.marking)}))")
        digits = "str(n)" if m.zero == "0" else \
            f"str(n).codepoints().map(c => str.from-unicode({ord(m.zero)} + int(c))).join()"
        parts = re.split(r"(\{page\}|\{pages\})", m.page_label)
        label = " + ".join("num(counter(page).get().first())" if p == "{page}" else
                           "num(counter(page).final().first())" if p == "{pages}" else lit(p) for p in parts if p)
        paper = "us-letter" if m.paper == "Letter" else "a4"
        return "\n".join([
            f"#let num(n) = {digits}",
            f"#set page(paper: \"{paper}\", margin: (top: {margins.top}mm, bottom: {margins.bottom}mm, "
            f"left: {margins.left}mm, right: {margins.right}mm),",
            f"  header: context {{ {muted}; grid(columns: (1fr, auto), align: (start + bottom, end + bottom), "
            f"if here().page() > 1 {{ {lit(m.short_title)} }}, {marking}) }},",
            f"  footer: context {{ {muted}; line(length: 100%, stroke: 0.4pt + rgb(\"#C8CED6\")); v(-4pt); "
            f"grid(columns: (1fr, auto, 1fr), align: (start, center, end), {lit(m.organisation)}, "
            f"{lit(m.marking)}, {label}) }})",
        ])


# --- preparing --------------------------------------------------------------------------------------------------


def built(root: Path, audiences, out: Path):
    """Build the briefs as PDF with briefgen, in this process: its plan (whose documents are fitted to their page
    budgets, as the files are) and its theme."""
    from briefgen.load.theme import check_theme
    from briefgen.pipeline import build

    plan, _ = build(root, list(audiences) if audiences else None, ["pdf"], out=out, jobs=1)
    return plan, check_theme(root)


def write_sources(plan, theme, folder: Path, footnotes: bool = False) -> tuple[list[Path], Path]:
    """One .typ file per brief, and a folder of the fonts they use (links to the theme's TrueType files)."""
    from briefgen import fonts as F

    fonts = folder / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, doc in plan.documents.items():
        for fam in families(doc, theme)[1]:
            for style in F.STYLES:
                path = F.file_path(fam, style)
                if not (fonts / path.name).exists():
                    (fonts / path.name).symlink_to(path)
        source = folder / f"{plan.ev.dossier.id}-{name}.typ"
        source.write_text(TypstSource(doc, theme, footnotes).source(), encoding="utf-8")
        sources.append(source)
    return sources, fonts


def page_count(pdf: Path | bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).pages)


def pages(folder: Path) -> str:
    """The PDFs' pages: "16 (diplomats 8, lawmakers 4, press 4)"."""
    counts = {p.stem.rsplit("-", 1)[-1]: page_count(p) for p in sorted(folder.glob("*.pdf"))}
    return f"{sum(counts.values())} ({', '.join(f'{k} {v}' for k, v in counts.items())})"


# --- timing -----------------------------------------------------------------------------------------------------


def child_cpu() -> float:
    """CPU seconds of the child processes waited for so far (and of theirs: briefgen's writer processes)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_briefgen(out: Path) -> tuple[float, float]:
    """The briefgen process's seconds, and the CPU seconds of it and its workers."""
    env = user_env(SOURCE_DATE_EPOCH=str(EPOCH))  # bytecode kept, as an install has it (userenv.py)
    only = [x for a in AUDIENCES for x in ("-a", a)]
    command = [sys.executable, "-m", "briefgen", "build", str(SAMPLE), "-f", "pdf", *only, "-o", str(out)]
    cpu, t = child_cpu(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    elapsed, cpu = time.perf_counter() - t, child_cpu() - cpu
    if result.returncode:
        sys.exit(result.stderr)
    assert len(list(out.glob("*.pdf"))) == len(AUDIENCES)
    return elapsed, cpu


def run_typst(sources: list[Path], fonts: Path, out: Path) -> tuple[float, float, float, float]:
    """The Typst process's seconds, its CPU seconds, and of its seconds those importing typst and compiling."""
    out.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-c", CHILD, str(fonts), str(out), str(EPOCH), *map(str, sources)]
    cpu, t = child_cpu(), time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=tempfile.gettempdir())
    elapsed, cpu = time.perf_counter() - t, child_cpu() - cpu
    if result.returncode:
        sys.exit(result.stderr)
    assert len(list(out.glob("*.pdf"))) == len(sources)
    imported, compiled = map(float, result.stdout.split())
    return elapsed, cpu, imported, compiled


def compare(n: int, footnotes: bool) -> None:
    import typst

    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan, theme = built(SAMPLE, AUDIENCES, tmp / "ref")
        sources, fonts = write_sources(plan, theme, tmp / "typ", footnotes)
        run_briefgen(tmp / "warm-a")  # the OS file cache, __pycache__ and briefgen's font cache, once
        run_typst(sources, fonts, tmp / "warm-b")
        ours, theirs = [], []  # (seconds, CPU seconds[, importing typst, compiling]) of each run
        for i in range(n):  # alternately, each side first in every other pair
            for side in ("a", "b") if i % 2 == 0 else ("b", "a"):
                if side == "a":
                    ours.append(run_briefgen(tmp / f"a{i}"))
                else:
                    theirs.append(run_typst(sources, fonts, tmp / f"b{i}"))
        a_pages, b_pages = pages(tmp / f"a{n - 1}"), pages(tmp / f"b{n - 1}")
    notes = "every note a Typst footnote" if footnotes else "notes where briefgen puts them"
    ratios = [a[0] / b[0] for a, b in zip(ours, theirs)]
    ratio = statistics.median(ratios)

    def median(runs, i: int) -> str:
        return f"{statistics.median(r[i] for r in runs):.3f} s"

    print(f"sample, {len(AUDIENCES)} PDFs ({', '.join(AUDIENCES)}), cold processes, {n} pairs, "
          f"Typst {typst.__version__} ({notes})")
    print(f"  pages     briefgen {a_pages}   Typst {b_pages}")
    print(f"  medians   briefgen {median(ours, 0)} (CPU {median(ours, 1)})   Typst {median(theirs, 0)} "
          f"(CPU {median(theirs, 1)}; in the process: import typst {median(theirs, 2)}, compile {median(theirs, 3)})")
    print(f"  briefgen / Typst: median {ratio:.2f}x ({min(ratios):.2f}-{max(ratios):.2f}, {n} pairs) "
          f"(target <= {TARGET}x): {'OK' if ratio <= TARGET else 'OVER'}")


def check() -> int:
    """Convert and compile every audience of both dossiers, notes as briefgen places them and all as footnotes;
    1 if any source fails to compile."""
    import typst

    failed = 0
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    with tempfile.TemporaryDirectory() as tmp:
        for root in (SAMPLE, SECOND):
            plan, theme = built(root, None, Path(tmp) / root.name / "ref")
            for footnotes in (False, True):
                folder = Path(tmp) / root.name / ("footnotes" if footnotes else "as-built")
                sources, fonts = write_sources(plan, theme, folder, footnotes)
                compiler = typst.Compiler(font_paths=[str(fonts)], ignore_system_fonts=True, root="/")
                for source in sources:
                    label = f"{root.name}/{source.stem.removeprefix(plan.ev.dossier.id + '-')}" + \
                        (" (every note a footnote)" if footnotes else "")
                    try:
                        pdf, warnings = compiler.compile_with_warnings(input=str(source), timestamp=EPOCH,
                                                                       pdf_standards=STANDARDS)
                    except typst.TypstError as exc:
                        failed += 1
                        print(f"FAILED {label}: {exc.message}\n{exc.diagnostic}")
                        continue
                    ours = page_count(Path(tmp) / root.name / "ref" / f"{source.stem}.pdf")
                    said = f"; warnings: {sorted({w.message for w in warnings})}" if warnings else ""
                    print(f"ok     {label}: Typst {page_count(pdf)} pages, briefgen {ours}{said}")
    print("every source compiled" if not failed else f"{failed} sources failed to compile")
    return 1 if failed else 0


def main() -> None:
    try:
        import typst  # noqa: F401
    except ImportError:
        print("typst_compare: skipped (the typst package is not installed: pip install -e '.[bench]')")
        return
    args = sys.argv[1:]
    if "--check" in args:
        sys.exit(check())
    footnotes = "--footnotes" in args
    args = [a for a in args if a != "--footnotes"]
    compare(int(args[0]) if args else 7, footnotes)


if __name__ == "__main__":
    main()
