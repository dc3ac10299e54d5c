"""The texts of a dossier a translation gives, one by one, and a translation with some of them replaced: what
``translations export`` writes as PO messages and ``import`` brings back (``exchange.py``).

Each text has a stable key: ``finding:ID:body``, ``finding:ID:quotes.0.text``, ``finding:ID:figures.1.caption``,
``ask:ID:addressee``, ``framing:AUDIENCE:key_messages.2``, ``dossier:about``, ``glossary:TERM``.
"""

from __future__ import annotations

import copy
import typing
from dataclasses import dataclass

from ..errors import Diagnostics, Position
from ..load import Evidence
from ..load.text import clean
from ..load.translations import Translation, original_hash, same_language, translation_for


@dataclass
class Text:
    """One text of the dossier that can be translated."""

    key: str  # finding:ID:body
    prefix: str  # the item's part of it: finding:ID
    item: typing.Any
    what: str  # finding 'ID'
    cls: type | None  # the item's translation class; None for a glossary entry
    path: tuple  # the field below the translation: ("body",), ("quotes", 0, "text"); () for a glossary term
    original: str
    pos: Position
    shown: bool  # printed by an audience in the language
    location: str = ""  # the original's file, relative to the dossier


def _cls(item) -> type | None:
    value = typing.get_args(type(item).model_fields["translations"].annotation)[1]
    return value if isinstance(value, type) and issubclass(value, Translation) else None


def fields(item, cls):
    """``(path, original, position)`` of each text of ``item`` its translation class translates."""
    if cls is None:
        yield (), item.term, item.pos("term")
        return
    for name in cls.FIELDS:
        if name in ("quotes", "figures"):
            for i, sub in enumerate(getattr(item, name)):
                for part in ("text", "speaker", "caption"):
                    if getattr(sub, part, None):
                        yield (name, i, part), getattr(sub, part), sub.pos(part)
        elif name == "key_messages":
            for i, message in enumerate(item.key_messages):
                yield (name, i), message, item.pos(name, i)
        elif name == "about":
            if item.organisation.about:
                yield (name,), item.organisation.about, item.organisation.pos("about")
        elif getattr(item, name, None):
            yield (name,), getattr(item, name), item.pos(name)


def texts(ev: Evidence, language: str, printed: set | None) -> list[Text]:
    """Every text that can be translated, in the dossier's order; ``shown``: printed by an audience in
    ``language`` (``printed``: what those audiences print, ``translate.printed_in``)."""
    items = [(f"finding:{f.id}", f, f"finding '{f.id}'") for f in ev.findings]
    items += [(f"ask:{a.id}", a, f"ask '{a.id}'") for a in ev.asks]
    items += [(f"framing:{n}", a.framing, f"the framing of audience '{n}'") for n, a in ev.dossier.audiences.items()
              if a.framing is not None]
    items += [("dossier", ev.dossier, "the dossier")]
    items += [(f"glossary:{g.term}", g, f"glossary term '{g.term}'") for g in ev.dossier.glossary]
    out = []
    for prefix, item, what in items:
        kind = prefix.split(":")[0]
        if kind == "framing":  # printed in the language where it carries a translation to it
            aud = ev.dossier.audiences[prefix.split(":", 1)[1]]
            shown = same_language(aud.language or ev.dossier.language, language) and \
                translation_for(item.translations, language) is not None
        else:
            shown = printed is not None and what in printed
        cls = _cls(item)
        for path, original, pos in fields(item, cls):
            key = prefix if cls is None else f"{prefix}:{'.'.join(map(str, path))}"
            try:
                location = pos.file.resolve().relative_to(ev.root.resolve()).as_posix()
            except ValueError:
                location = str(pos.file)
            out.append(Text(key, prefix, item, what, cls, path, original, pos, shown, location))
    return out


def get(tr, path: tuple):
    """The text at ``path`` of a translation (a model), None where it gives none."""
    value = tr
    for step in path:
        if value is None:
            return None
        value = (value[step] if step < len(value) else None) if isinstance(step, int) else getattr(value, step, None)
    return value


def has(value, path: tuple) -> bool:
    """Whether a translation as data gives the text at ``path``."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value) or value[step] is None:
                return False
        elif not isinstance(value, dict) or step not in value:
            return False
        value = value[step]
    return True


def strip(text: str | None) -> str:
    """A text as a message holds it: cleaned as briefgen reads it, without its last line break."""
    return clean(text or "")[0].rstrip("\n")


def stale(t: Text, tr) -> bool:
    return t.cls is not None and tr is not None and tr.original != original_hash(t.item, tr)


def apply(t0: Text, old, imported: dict, tag: str, diags: Diagnostics, notes: list) -> dict | None:
    """The translation of ``t0``'s item (``old``, as the YAML file holds it) with the ``imported`` texts
    ({path: (text, PO position, msgctxt)}), as data, marked with the hash of its original unless it was stale
    and some of its texts stay as they were; None when it would not be valid."""
    from pydantic import ValidationError

    item, cls = t0.item, t0.cls
    data = copy.deepcopy(old) if isinstance(old, dict) else {}
    data.pop("original", None)
    done = []
    for path in sorted(imported, key=lambda p: (cls.FIELDS.index(p[0]), p[1:])):
        text, where, context = imported[path]
        if len(path) == 1:
            data[path[0]] = text
        elif path[0] == "key_messages":
            if path[1] > len(data.setdefault("key_messages", [])):
                diags.warning(f"{context}: not imported: the key messages before it have no translation (a "
                              "translation gives them in order)", where)
                continue
            data["key_messages"][path[1]:path[1] + 1] = [text]
        else:
            entries = data.setdefault(path[0], [])
            entries += [None] * (path[1] + 1 - len(entries))
            entries[path[1]] = {**(entries[path[1]] or {}), path[2]: text}
        done.append(path)
    for i, entry in enumerate(data.get("quotes", [])):
        if entry is not None and "text" not in entry:
            _, where, context = imported[("quotes", i, "speaker")]
            diags.warning(f"{context}: not imported: a quote's speaker comes with the quote's text", where)
            data["quotes"][i] = None
            done.remove(("quotes", i, "speaker"))
        elif entry is not None:
            data["quotes"][i] = {k: entry[k] for k in ("text", "speaker") if k in entry}
    for name in ("quotes", "figures"):
        while data.get(name) and data[name][-1] is None:
            data[name].pop()
    if not done:
        return None
    try:
        new = cls.model_validate(data)
        tr = cls.model_validate(old) if isinstance(old, dict) else None
    except ValidationError as exc:
        _, where, context = next(iter(imported.values()))
        diags.warning(f"{context}: the {tag} translation of {t0.what} would not be valid ("
                      f"{exc.errors()[0]['msg']}); not imported", where)
        return None
    given = {p for p, _, _ in fields(item, cls) if get(new, p) is not None}
    was_stale = stale(t0, tr)
    digest = original_hash(item, new) if not was_stale or given <= set(done) else tr.original
    if was_stale and digest == tr.original:
        left = sorted(".".join(map(str, p)) for p in given - set(done))
        notes.append(f"the {tag} translation of {t0.what} stays stale: {', '.join(left)} not imported (check them, "
                     f"then import them or run `briefgen translations mark --to {tag}`)")
    return ({"original": digest} if digest else {}) | {k: data[k] for k in cls.FIELDS if data.get(k) not in (None, [])}
