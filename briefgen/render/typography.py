"""Typography per language: the quotation marks, spaces and punctuation a brief's language sets, applied to
the printed text of the document tree after parsing (both writers then print what the tree holds).

The rule is chosen by the language's primary subtag (Chinese by its script: ``zh``, ``zh-CN``, ``zh-Hans``
simplified, ``zh-TW``, ``zh-HK``, ``zh-Hant`` traditional); a language with no rule of its own is set as
English. Straight quotes become the language's marks in the parser (``quotes``, markdown-it's smartquotes);
this pass then

- turns a pair of English curly double quotes (a template's ``“{{ q.text }}”``, a citation style's
  ``“Title,”``) into the language's, unless what they enclose is in another script;
- French: a narrow no-break space (U+202F) inside « » and ‹ › and before ; ! ?, a no-break space (U+00A0)
  before a colon that ends a phrase (Imprimerie nationale, *Lexique des règles typographiques*), an ordinary
  space already there replaced; never in ``10:30``, ``3:1``, ``https://``, ``TLP:AMBER``;
- Chinese: ASCII , . : ; ! ? after an ideograph and before another (or at the end) full-width ，。：；！？,
  the space after them dropped; parentheses around Chinese full-width （ ） (GB/T 15834-2011).

(``punctuation.py`` holds the French and Chinese rules.) Never touched: code, link targets, URLs and e-mail
addresses, numbers (``3.5``, ``v1.2``, ``10:30``), punctuation next to text in another script (a Chinese
name in a French sentence), and, in notes and the list of sources, what sources write themselves (titles,
names, publishers: a French brief citing an English report keeps the title's own punctuation). Applying the
pass twice changes nothing more than applying it once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import tree as T
from ..cite.styles import quoted, short_title
from ..cite.typography import smart
from ..fonts.scripts import NEUTRAL, script
from .punctuation import OBJ, chinese, french

ENGLISH_QUOTES = "\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class Rules:
    """One language's typography. ``quotes``: opening and closing double, opening and closing single
    (markdown-it's ``quotes`` option); ``script``: the script the language's own words are written in."""

    name: str
    quotes: str = ENGLISH_QUOTES
    script: str = "Latn"
    french: bool = False
    chinese: bool = False

    @property
    def pairs(self) -> bool:
        """Whether English curly double quotes become the language's (not where they are its inner quotes)."""
        return self.quotes[:2] != ENGLISH_QUOTES[:2] and not {"\u201c", "\u201d"} <= set(self.quotes)

    @property
    def active(self) -> bool:
        """Whether the pass has anything to do (English and languages set as English: no)."""
        return self.french or self.chinese or self.pairs

    def foreign(self, c: str) -> bool:
        """A letter of another script than the language's own (a Chinese name in a French sentence)."""
        return c.isalpha() and script(c) not in NEUTRAL and script(c) != self.script


RULES = {
    "en": Rules("en"),
    "fr": Rules("fr", "«»‹›", french=True),  # Imprimerie nationale
    "de": Rules("de", "„“‚‘"),  # Duden: Anführungszeichen
    "es": Rules("es", "«»“”"),  # RAE, Ortografía 2010: « », then “ ”
    "ru": Rules("ru", "«»„“", script="Cyrl"),  # ёлочки, then лапки (Milchin, Spravochnik izdatelya)
    "zh": Rules("zh", ENGLISH_QUOTES, script="Hani", chinese=True),  # GB/T 15834-2011
    "zh-Hant": Rules("zh-Hant", "「」『』", script="Hani", chinese=True),  # Taiwan, Hong Kong
}
_TRADITIONAL = {"TW", "HK", "MO"}


def rules(language: str | None) -> Rules:
    """The typography of a BCP 47 language tag; English for a language without rules of its own."""
    parts = re.split(r"[-_]", language or "en")
    primary = parts[0].lower()
    if primary == "zh":
        scripts = [p.title() for p in parts[1:] if len(p) == 4 and p.isalpha()]
        regions = {p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()}
        traditional = scripts[0] == "Hant" if scripts else bool(regions & _TRADITIONAL)
        return RULES["zh-Hant" if traditional else "zh"]
    return RULES.get(primary, RULES["en"])


def quotes(language: str | None) -> str:
    """markdown-it's ``quotes`` option for a language."""
    return rules(language).quotes


def typeset(blocks: list, language: str | None, notes=(), sources=()) -> None:
    """Apply the language's typography to the printed text of ``blocks`` and ``notes``, in place. In the
    notes and the list of sources (a ``references`` div), what ``sources`` write themselves is kept."""
    r = rules(language)
    if not r.active:
        return
    keep = own_punctuation(sources)
    for b in blocks:
        _block(b, r, keep)
    for note in notes:
        _run(note.children, r, keep, notes=True)


def typeset_inlines(inlines: list, language: str | None, keep=(), notes: bool = False) -> None:
    """Apply the language's typography to one run of inline nodes (a paragraph, a note), in place. ``keep``:
    strings left as written wherever they occur. ``notes``: a citation style's punctuation inside closing
    quotes (Chicago's “Title,”) moves outside them, as languages other than English place it."""
    r = rules(language)
    if r.active:
        _run(inlines, r, keep, notes)


def own_punctuation(sources) -> tuple[str, ...]:
    """What notes print of ``sources`` as the sources write it (titles, short titles, containers, publishers,
    names), longest first, also with the curly quotes the citation pass gives straight ones."""
    found: set[str] = set()
    for s in sources:
        names = [n.display() for n in s.author] + [n.inverted() for n in s.author]
        for text in (s.title, short_title(s), s.container_title, s.publisher, *names):
            if text:  # also as a title is quoted in a note: its own double quotes made single ones
                found.update((text, smart(text), quoted(text), quoted(smart(text))))
    return tuple(sorted(found, key=len, reverse=True))


def _block(b, r: Rules, keep) -> None:
    if isinstance(b, (T.Para, T.Heading)):
        _run(b.children, r)
    elif isinstance(b, (T.BulletList, T.OrderedList)):
        for item in b.items:
            for c in item:
                _block(c, r, keep)
    elif isinstance(b, T.Div) and "references" in b.classes:  # the list of sources: as the notes
        for c in b.children:
            if isinstance(c, T.Para):
                _run(c.children, r, keep, notes=True)
    elif isinstance(b, (T.BlockQuote, T.Div, T.NotesPlaceholder)):
        if isinstance(b, T.Div) and b.attrs.get("continued"):  # a box's label on its next page
            node = T.Str(b.attrs["continued"])
            _run([node], r)
            b.attrs["continued"] = node.text
        for c in b.children:
            _block(c, r, keep)
    elif isinstance(b, T.Table):
        for cell in [*b.header, *(c for row in b.rows for c in row)]:
            _run(cell, r)
    elif isinstance(b, T.Figure):
        _run(b.caption, r)
        _run(b.credit, r)


# --- one run of inlines, as one string -------------------------------------------------------------

_URL_END = ".,;:!?)]}»›\"'”’"
_PROTECT = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s\ufffc]*"  # URLs
    r"|\bwww\.[^\s\ufffc]+"
    r"|\b(?:mailto|doi|urn|tel):[^\s\ufffc]+"
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"  # e-mail addresses
    r"|\d+(?:[.,:/]\d+)+"  # numbers, times, ratios: 3.5, 1,000, 10:30, 3:1
)


def _flatten(inlines, chars: list, slots: list) -> None:
    """The text of inline nodes, a character each; ``slots`` says where each comes from: (Str, index), or
    None for what cannot be edited (code spans, note references, soft and hard breaks)."""
    for n in inlines:
        if isinstance(n, T.Str):
            chars.extend(n.text)
            slots.extend((n, j) for j in range(len(n.text)))
        elif isinstance(n, (T.Code, T.Cite)):
            chars.append(OBJ)
            slots.append(None)
        elif isinstance(n, (T.SoftBreak, T.LineBreak)):
            chars.append(" " if isinstance(n, T.SoftBreak) else "\n")
            slots.append(None)
        elif getattr(n, "children", None) is not None:
            _flatten(n.children, chars, slots)


def _protected(text: str, keep) -> list[bool]:
    mask = [False] * len(text)
    for m in _PROTECT.finditer(text):
        end = m.end()
        if not m.group(0)[0].isdigit():  # an address ends before the sentence's punctuation
            while end > m.start() and text[end - 1] in _URL_END:
                end -= 1
        mask[m.start():end] = [True] * (end - m.start())
    for k in keep:
        i = text.find(k) if k else -1
        while i >= 0:
            mask[i:i + len(k)] = [True] * len(k)
            i = text.find(k, i + len(k))
    return mask


def _run(inlines, r: Rules, keep=(), notes: bool = False) -> None:
    chars: list[str] = []
    slots: list = []
    _flatten(inlines, chars, slots)
    if not chars:
        return
    locked = _protected("".join(chars), keep)
    free = [slots[i] is not None and not locked[i] for i in range(len(chars))]
    if r.pairs:
        _convert_pairs(chars, free, r, notes)
    out = list(chars)
    if r.french:
        french(chars, free, out, r.foreign)
    if r.chinese:
        chinese(chars, free, out)
    texts: dict[int, list] = {}
    for i, slot in enumerate(slots):
        if slot is not None:
            texts.setdefault(id(slot[0]), [slot[0], []])[1].append(out[i])
    for node, parts in texts.values():
        node.text = "".join(parts)


def _convert_pairs(chars: list, free: list, r: Rules, notes: bool) -> None:
    """English curly double quotes, in pairs, as the language's; what they enclose in another script kept."""
    opening = None
    for i, c in enumerate(chars):
        if not free[i] or c not in "\u201c\u201d":
            continue
        if c == "\u201c":
            opening = i
            continue
        if opening is None:
            continue
        inner = [ch for ch in chars[opening + 1:i] if ch.isalpha()]
        if inner and all(r.foreign(ch) for ch in inner):
            opening = None
            continue
        chars[opening], chars[i] = r.quotes[0], r.quotes[1]
        if notes and i - 1 > opening and chars[i - 1] in ",." and free[i - 1]:
            chars[i - 1], chars[i] = chars[i], chars[i - 1]  # “Title,” → «Title»,
        opening = None
