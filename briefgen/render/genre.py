"""What a genre needs, declared by its template, and checked for each audience that uses it.

A template may open with a comment holding YAML under ``briefgen:``::

    {#- briefgen:
    requires:
      framing.headline: a headline that carries the news
      framing.quote: a named spokesperson quote (name, role, text)
      framing.key_messages: {need: the key messages, at most: 5}
    page_budget: 1
    -#}

``requires`` names what an audience using the template must give (the framing's fields, the organisation's
``about``, asks, contacts), each with what it is for; ``at most`` caps a list. ``page_budget`` is the budget an
audience gets when it sets none. ``marking_at_most`` is the highest TLP label the genre's words allow: a
press release says "FOR IMMEDIATE RELEASE", which a brief marked TLP:AMBER would contradict. The built-in templates declare theirs; a dossier's own template declares its
own, and ``briefgen check`` reports what an audience lacks, at the audience, with what to add.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import BriefgenError, Diagnostic, Position
from ..load.base import TLP

REQUIRABLE = ("framing.headline", "framing.hook", "framing.purpose", "framing.key_messages", "framing.quote",
              "framing.call_to_action", "framing.legislature", "organisation.about", "asks", "contacts")
_HEADER = re.compile(r"\A\s*\{#-?\s*briefgen:[ \t]*\n(?P<yaml>.*?)-?#\}", re.S)


def header(source: str, filename: str) -> dict:
    """The ``briefgen:`` header of a template's source, checked; {} when it has none."""
    import yaml

    m = _HEADER.match(source)
    if not m:
        return {}
    pos = Position(Path(filename), 1)
    try:
        data = yaml.safe_load(m.group("yaml")) or {}
    except yaml.YAMLError as exc:
        raise BriefgenError(f"the template's briefgen: header is not YAML ({exc})", pos) from None
    if not isinstance(data, dict) or set(data) - {"requires", "page_budget", "marking_at_most"}:
        raise BriefgenError("the template's briefgen: header may hold requires:, page_budget: and "
                            "marking_at_most: only", pos)
    most = data.get("marking_at_most")
    if most is not None and most not in {t.value for t in TLP}:
        raise BriefgenError(f"the template's briefgen: marking_at_most must be a TLP label "
                            f"({', '.join(t.value for t in TLP)}); got '{most}'", pos)
    requires = data.get("requires") or {}
    unknown = [k for k in requires if k not in REQUIRABLE] if isinstance(requires, dict) else ["requires"]
    if unknown:
        raise BriefgenError(f"the template's briefgen: header requires '{unknown[0]}', which is none of: "
                            f"{', '.join(REQUIRABLE)}", pos)
    budget = data.get("page_budget")
    if budget is not None and (not isinstance(budget, int) or budget < 1):
        raise BriefgenError("the template's briefgen: page_budget must be a whole number of pages", pos)
    return data


def problems(ev, sel, head: dict, template: str) -> list[Diagnostic]:
    """What the audience lacks of what its template requires: one error each, at the audience."""
    out = []
    aud, fr = sel.audience, sel.audience.framing
    most = head.get("marking_at_most")
    if most is not None and sel.marking.rank > TLP(most).rank:
        out.append(Diagnostic("error", f"audience '{sel.name}': its brief would be marked {sel.marking}, by what it "
                                       f"prints, but the template '{template}' is for {most} at most (its own words "
                                       f"would contradict the marking); set the audience's clearance to {most}, or "
                                       f"use another template", aud.pos("clearance")))
    for path, spec in (head.get("requires") or {}).items():
        need, most = (spec.get("need", path), spec.get("at most")) if isinstance(spec, dict) else (spec, None)
        value = _value(ev, sel, path)
        where = fr.pos() if fr is not None and path.startswith("framing.") else aud.pos()
        if not value:
            add = f"audiences.{sel.name}.{path}" if path.startswith("framing.") else \
                {"organisation.about": "organisation.about", "asks": f"an ask addressed to {sel.name} (asks.yaml)",
                 "contacts": "a contact for this audience"}[path]
            out.append(Diagnostic("error", f"audience '{sel.name}' uses the template '{template}', which needs "
                                           f"{path}: {need}; add {add}", where))
        elif most is not None and isinstance(value, list) and len(value) > most:
            out.append(Diagnostic("error", f"audience '{sel.name}': the template '{template}' takes at most {most} "
                                           f"{path.split('.')[-1].replace('_', ' ')} ({need}); there are {len(value)}",
                                  where))
    return out


def _value(ev, sel, path: str):
    if path == "asks":
        return sel.asks
    if path == "contacts":
        return sel.contacts
    if path == "organisation.about":
        return ev.dossier.organisation.about
    fr = sel.audience.framing
    return getattr(fr, path.split(".", 1)[1]) if fr is not None else None
