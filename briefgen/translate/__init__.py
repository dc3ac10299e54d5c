"""``briefgen translations``: what is translated into each language, and marking translations as reviewed.

``status`` counts, per language, the texts that are current, stale (their original changed since they were
marked, or never marked) and missing. ``mark`` writes into each translation of a language the hash of its
original as it stands now (``original:``), in place: the YAML is edited as text, one line per translation,
comments and layout kept, every file checked by reading it back before it replaces the old one, all files
or none (``atomic.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_files
from ..errors import BriefgenError
from ..load import Evidence
from ..load.translations import (
    original_hash,
    same_language,
    translated_items,
    translated_texts,
    translation_for,
)

WANTED = {"title", "summary", "body", "text"}  # what an item prints whatever the audience


@dataclass
class LanguageStatus:
    language: str
    current: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def languages(ev: Evidence) -> list[str]:
    """The languages to report: every audience's that differs from the dossier's, and every translation's."""
    tags = [a.language for a in ev.dossier.audiences.values()
            if a.language and not same_language(a.language, ev.dossier.language)]
    tags += [tag for _, _, trs in translated_items(ev) for tag in trs]
    return list(dict.fromkeys(tags))


def printed_in(ev: Evidence, language: str) -> set[str] | None:
    """What the audiences in ``language`` print ("finding 'x'", "ask 'y'", "the dossier"), as selected
    today; None when no audience is in that language."""
    from ..errors import BriefgenError
    from ..select import select

    names = [n for n, a in ev.dossier.audiences.items()
             if same_language(a.language or ev.dossier.language, language)]
    if not names:
        return None
    printed: set[str] = set()
    for name in names:
        try:
            sel = select(ev, name)
        except BriefgenError:
            continue  # an audience with no finding: check says so
        printed |= {f"finding '{c.finding.id}'" for c in sel.findings} | {f"ask '{a.id}'" for a in sel.asks}
        # the glossary's entries it is cleared for (a RED term went to the translator of a GREEN brief)
        printed |= {f"glossary term '{g.term}'" for g in sel.glossary}
        if sel.include_dossier_text:
            printed.add("the dossier")
    return printed


def status(ev: Evidence) -> list[LanguageStatus]:
    """Per language: what its audiences print (each finding, ask and the dossier's texts), current, stale or
    missing, and every other translation to it, current or stale. The framing counts only where it carries
    translations: otherwise it is written in its audience's language."""
    out = []
    for language in languages(ev):
        st = LanguageStatus(language)
        printed = printed_in(ev, language)
        for item, what, translations in translated_items(ev):
            found = translation_for(translations, language)
            if found is None:
                if printed is not None and what in printed:
                    st.missing.append(what)
                continue
            tr = found[1]
            given = translated_texts(tr)
            absent = [f for f in _printed(item) if f not in given] if printed is None or what in printed else []
            if tr.original != original_hash(item, tr):
                st.stale.append(what)
            elif absent:
                st.missing.append(f"{what} ({', '.join(absent)})")
            else:
                st.current.append(what)
        out.append(st)
    return out


def _printed(item) -> list[str]:
    """The fields of an item a translation should give to leave nothing in the original."""
    fields = [f for f in ("title", "subtitle", "short_title", "summary", "body", "text", "background")
              if isinstance(getattr(item, f, None), str) and getattr(item, f)]
    if getattr(item, "organisation", None) is not None and item.organisation.about:
        fields.append("about")
    if getattr(item, "quotes", None):
        fields.append("quotes")
    if getattr(item, "figures", None):
        fields.append("figures")
    return fields


def mark(ev: Evidence, language: str, only: set[str] | None = None, dry_run: bool = False) -> list[str]:
    """Write the original's hash into every translation to ``language`` whose hash differs (or, with
    ``only``, those of these item ids); return what was marked."""
    edits: dict[Path, list[tuple]] = {}  # file -> (line, col, hash, replace a value, the translation's path)
    marked = []
    for item, what, translations in translated_items(ev):
        if only is not None and getattr(item, "id", None) not in only:
            continue
        if language not in translations:
            continue
        tr = translations[language]
        digest = original_hash(item, tr)
        if tr.original == digest:
            continue
        smap, path = tr._smap, tr._path
        if smap is None:
            continue
        if tr.original is not None:
            line, col = smap.values[path + ("original",)]
            edits.setdefault(smap.file, []).append((line, col, digest, True, path))
        else:
            line, col = min(p for k, p in smap.keys.items() if len(k) == len(path) + 1 and k[:-1] == path)
            edits.setdefault(smap.file, []).append((line, col, digest, False, path))
        marked.append(what)
    if dry_run or not edits:
        return marked
    files = [(file, _apply(file, changes).encode("utf-8")) for file, changes in edits.items()]
    write_files(files)
    return marked


def _apply(file: Path, changes) -> str:
    """The file's text with each translation's ``original:`` set: a value replaced where it stands, or a key
    put before the translation's first key (on a line of its own, or first in a flow mapping)."""
    lines = file.read_text(encoding="utf-8").split("\n")
    for line, col, digest, replace, _ in sorted(changes, key=lambda c: c[:2], reverse=True):
        # A hash of digits (one in a hundred), or of digits around an e, reads as a number in YAML 1.1 or 1.2
        # (an editor's): quoted, it is the text it is.
        digest = f'"{digest}"' if re.fullmatch(r"\d+(e\d+)?", digest) else digest
        text = lines[line - 1]
        if replace:
            head, tail = text[:col - 1], text[col - 1:]
            lines[line - 1] = head + re.sub(r"^['\"]?[0-9a-fA-F]*['\"]?", lambda _: digest, tail, count=1)
        elif "{" in text[:col - 1] and text[:col - 1].rstrip().endswith(("{", ",")):
            lines[line - 1] = f"{text[:col - 1]}original: {digest}, {text[col - 1:]}"
        else:
            lines.insert(line - 1, " " * (col - 1) + f"original: {digest}")
    result = "\n".join(lines)
    _check(file, result, changes)
    return result


def _check(file: Path, text: str, changes) -> None:
    """Read the edited text back: every translation holds its hash, or nothing is written."""
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        for *_, digest, _, path in changes:
            node = data
            for key in path:
                node = node[key]
            if node.get("original") != digest:
                raise ValueError(f"{'.'.join(map(str, path))} does not read back as marked")
    except (yaml.YAMLError, ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise BriefgenError(f"{file}: marking the translations there would not give the file meant ({exc}); "
                            "set original: by hand") from None
