"""Languages: message catalogues for every label a brief prints, and dates formatted for the locale.

The catalogues are gettext .po files among the templates (``templates/locale/LANG/LC_MESSAGES/briefgen.po``),
read with Babel and compiled in memory; English is the source language. A dossier may hold catalogues of its
own in ``templates/locale/`` (for its own templates' labels, or a language briefgen does not ship); they win
over the built-in ones, string by string. Dates, months and weekdays come from Babel's locale data (CLDR).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import lru_cache
from pathlib import Path

from .errors import BriefgenError
from .fonts.scripts import BIDI_CONTROLS, has_rtl
from .load.paths import builtin_dir, is_inside
from .load.text import without_bom

DOMAIN = "briefgen"


@lru_cache(maxsize=32)
def locale(language: str):
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise BriefgenError(f"unknown language '{language}' (expected a BCP 47 tag such as en, fr, de, zh-CN)")


def language_name(tag: str, language: str) -> str:
    """The name of the language ``tag`` in ``language``, capitalised to head a column (``kk-KZ``: "Kazakh" in
    English, "Kazakh" in French, where Babel writes "kazakh"); the tag itself where Babel knows no name."""
    try:
        name = locale(tag).get_language_name(locale(language)) or tag
    except BriefgenError:
        return tag
    return name[:1].upper() + name[1:]


def _catalogue_names(language: str) -> list[str]:
    """Folder names to look for, most specific first: zh_Hans_CN, zh_Hans, zh_CN, zh; then those of the tag's
    likely script and region (CLDR): "zh" is written in simplified characters (zh_Hans), "zh-TW" in traditional
    ones (zh_Hant), so "zh" alone found no catalogue and got English labels."""
    from babel.core import get_global

    loc = locale(language)
    likely = get_global("likely_subtags").get(str(loc))
    names = []
    for lang, script, territory in ((loc.language, loc.script, loc.territory),
                                    *([tuple(likely.split("_"))] if likely and likely.count("_") == 2 else [])):
        for parts in ((lang, script, territory), (lang, script), (lang, territory), (lang,)):
            if all(parts):
                names.append("_".join(parts))
    return list(dict.fromkeys(names))


def has_catalogue(language: str, dossier_templates: str | None = None) -> bool:
    """Whether a brief in ``language`` gets its labels in that language: English (the templates' own), or a
    catalogue of the dossier's or briefgen's for it (``translations``). Asked anew each time: a catalogue
    added while ``briefgen preview`` runs is found."""
    if locale(language).language == "en":
        return True
    roots = [Path(p) / "locale" for p in (dossier_templates, str(builtin_dir())) if p]
    return any((root / name / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
               for root in roots for name in _catalogue_names(language))


def builtin_catalogues() -> list[str]:
    """The languages briefgen ships label catalogues for."""
    folder = Path(builtin_dir()) / "locale"
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


def translations(language: str, dossier_templates: str | None = None) -> gettext.NullTranslations:
    """gettext translations for a language: the dossier's catalogue first, then briefgen's, then English."""
    roots = [Path(p) / "locale" for p in (dossier_templates, str(builtin_dir())) if p]
    chain: gettext.NullTranslations | None = None
    for root in roots:
        for name in _catalogue_names(language):
            po = root / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if po.is_file() and is_inside(root.parent.parent, po):  # a dossier's catalogue stays in the dossier
                # Babel's catalogue tools are imported only when there is a catalogue to read.
                from babel.messages.mofile import write_mo
                from babel.messages.pofile import read_po

                catalog = read_po(io.BytesIO(without_bom(po.read_bytes())), locale=name)
                buf = io.BytesIO()
                write_mo(buf, catalog)
                buf.seek(0)
                found = gettext.GNUTranslations(buf)
                if chain is None:
                    chain = found
                else:
                    chain.add_fallback(found)
                break
    return chain or gettext.NullTranslations()


def direction(language: str) -> str:
    """"rtl" for a language written right to left (Uyghur, Arabic, Persian, Hebrew, Urdu), else "ltr"."""
    return "rtl" if locale(language).character_order == "right-to-left" else "ltr"


# The zero of CLDR's decimal numbering systems a locale may default to (the other digits follow it).
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
         "mymr": "\u1040", "tibt": "\u0f20", "olck": "\u1c50", "mtei": "\uabf0", "nkoo": "\u07c0"}


def zero(language: str) -> str:
    """The digit zero of the locale's own numbers (CLDR's default numbering system): "0" for English and
    for Arabic as most of the Arab world prints it, "٠" for Egyptian Arabic, "۰" for Persian."""
    return ZEROS.get(locale(language).default_numbering_system, "0")


def localise_digits(text: str, language: str) -> str:
    """ASCII digits in text as the locale writes them (see ``zero``)."""
    z = zero(language)
    if z == "0":
        return text
    return text.translate({ord("0") + d: ord(z) + d for d in range(10)})


def format_date(value: dt.date, language: str, style: str = "long") -> str:
    """A date as the locale writes it: 24 novembre 2026, 24. November 2026, 2026年11月24日, with the
    locale's own digits (Babel's dates use ASCII digits whatever the locale)."""
    from babel.dates import format_date as babel_format_date

    return isolate(localise_digits(babel_format_date(value, style, locale=locale(language)), language))


def format_month(year: int, month: int, language: str) -> str:
    from babel.dates import format_skeleton

    return isolate(format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale(language)))


def isolate(text: str) -> str:
    """A value written right to left (a Uyghur or Arabic date) as a bidirectional isolate (U+2068 ... U+2069):
    set inside a left-to-right sentence ("Geneva, 24-نويابىر، 2026"), its digits stay with its words instead of
    being reordered with the sentence around it. Other text is returned as it is."""
    return f"\u2068{text}\u2069" if has_rtl(text.translate(BIDI_CONTROLS)) else text


def format_embargo(value: dt.datetime, language: str) -> str:
    """The moment an embargo lifts, in UTC, as press releases state it: 09:00 UTC, Tuesday, December 1, 2026."""
    from babel.dates import format_time

    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    loc = locale(language)
    return isolate(f"{format_time(value, 'HH:mm', tzinfo=dt.timezone.utc, locale=loc)} UTC, "
                   f"{format_date(value.date(), language, 'full')}".translate(BIDI_CONTROLS))


@lru_cache(maxsize=32)
def hyphenation(language: str) -> str | None:
    """The pyphen dictionary for ``language`` ("fr" for fr-CH), or None where pyphen has none."""
    import pyphen

    return pyphen.language_fallback(language.replace("-", "_"))
