"""Validation of raw YAML data against a model: pydantic's errors turned into diagnostics at the file, line
and column of the key or value concerned, with "did you mean" for misspelt keys."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from dataclasses import dataclass
from functools import cache
from typing import get_args

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostics
from .base import DEPRECATED, ID_PATTERN, Strict
from .yamlsrc import SourceMap


@dataclass
class Partial:
    """An entry that failed validation: kept as raw data so that its id and citations are still checked."""

    model: type
    data: dict
    smap: SourceMap
    path: tuple

    @property
    def id(self):
        value = self.data.get("id")
        return str(value) if isinstance(value, (str, int)) else None

    def pos(self, *sub):
        return self.smap.at(self.path + sub)

    def order(self) -> tuple:
        return str(self.smap.file), self.path

    def text_pos(self, field_name, line_offset: int, needle: str = ""):
        """Where something stands inside a text field (``field_name``, or a path below this object such as
        ``("key_messages", 2)``): its line, and its column when ``needle`` is on that line."""
        sub = field_name if isinstance(field_name, tuple) else (field_name,)
        return self.smap.text_position(self.path + sub, line_offset, needle)


def validate(model: type[Strict], data: dict, smap: SourceMap, path: tuple, diags: Diagnostics):
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        hinted = {(tuple(e["loc"][:-1]), h) for e in errors if e["type"] == "extra_forbidden"
                  for h in _hints(model, e["loc"])}
        for err in errors:
            if err["type"] == "missing" and (tuple(err["loc"][:-1]), err["loc"][-1]) in hinted:
                continue  # reported once, as the misspelt key that was meant to be it
            _report(model, err, smap, path, diags, data)
        return None
    _deprecated(data, smap, path, diags)
    _locate(obj, smap, path)
    return obj


def _deprecated(data, smap: SourceMap, path: tuple, diags: Diagnostics) -> None:
    """A warning, where it stands, for each value still read under an old name (``base.DEPRECATED``)."""
    if isinstance(data, dict):
        for key, value in data.items():
            new = DEPRECATED.get((key, value)) if isinstance(value, str) else None
            if new:
                diags.warning(f"{key}: '{value}' is now '{new[0]}' ({new[1]}); write {key}: {new[0]}",
                              smap.at(path + (key,)))
            elif isinstance(value, (dict, list)):
                _deprecated(value, smap, path + (key,), diags)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            _deprecated(item, smap, path + (i,), diags)


def _locate(obj, smap: SourceMap, path: tuple) -> None:
    """Attach the source map to a model object and to every nested one."""
    obj.located(smap.file, smap, path)
    for name, key in _nesting(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, Strict):
            _locate(value, smap, path + (key,))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                if isinstance(v, Strict):
                    _locate(v, smap, path + (key, i))
        elif isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, Strict):
                    _locate(v, smap, path + (key, k))


@cache
def _nesting(model: type) -> tuple[tuple[str, str], ...]:
    """The fields of a model that may hold models (``(name, key)``): only they are walked."""
    return tuple((name, finfo.alias or name) for name, finfo in model.model_fields.items()
                 if _holds_model(finfo.annotation))


def _holds_model(annotation) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, Strict):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))


def _user_loc(data, loc: tuple) -> tuple:
    """An error's location as keys and indexes of the data: pydantic adds the names of the union members and
    validators it tried ("function-after[...]", "list[...]"), which are no keys of the YAML."""
    out, cur = [], data
    for i, x in enumerate(loc):
        if isinstance(cur, dict) and x in cur:
            out.append(x)
            cur = cur[x]
        elif isinstance(cur, list) and isinstance(x, int) and 0 <= x < len(cur):
            out.append(x)
            cur = cur[x]
        elif i == len(loc) - 1 and isinstance(cur, dict):
            out.append(x)  # a missing key
    return tuple(out)


def _report(model, err: dict, smap: SourceMap, base: tuple, diags: Diagnostics, data=None) -> None:
    loc = _user_loc(data, tuple(err["loc"])) if data is not None else tuple(err["loc"])
    where = base + loc
    field_path = ".".join(str(x) for x in loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _fields_at(model, loc[:-1])
        hint = _hints(model, loc)
        msg = f"unknown key '{key}'"
        msg += f"; did you mean '{hint[0]}'?" if hint else (f" (expected one of: {', '.join(known)})" if known else "")
        diags.error(msg, smap.at(where))
    elif kind == "missing":
        parent = ".".join(str(x) for x in loc[:-1])
        diags.error(f"missing required key '{loc[-1]}'" + (f" in {parent}" if parent else ""), smap.at(where[:-1]))
    elif kind in ("model_type", "dict_type") and not isinstance(err.get("input"), (dict, list)):
        keys = _fields_at(model, loc)[:6]
        shown = " ".join(str(err["input"]).split())
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        diags.error(f"{field_path}: expected keys and values" + (f" ({', '.join(keys)} ...)" if keys else "")
                    + f", not the one value '{shown}'", smap.at(where))
    elif kind == "list_type" and isinstance(err.get("input"), (str, int, float)):
        value = err["input"]
        items = ", ".join(x.strip() for x in value.split(",")) if isinstance(value, str) else value
        diags.error(f"{field_path}: expected a list, not one value: write [{items}], or each item on a line of "
                    "its own under the key, starting with '- '", smap.at(where))
    elif kind == "enum" and isinstance(err.get("input"), str):
        allowed = re.findall(r"'([^']*)'", (err.get("ctx") or {}).get("expected", ""))
        near = _spelt_as(err["input"], allowed)
        msg = f"{field_path}: '{err['input']}' is not one of {', '.join(allowed)}"
        diags.error(msg + (f"; write '{near}'" if near else ""), smap.at(where))
    elif kind == "string_type" and isinstance(err.get("input"), (bool, int, float, dt.date)):
        value = err["input"]  # what YAML made of a plain scalar: 2026, yes, 2022-05-24 ...
        what = ("true or false (YAML reads yes, no, on, off, true and false so)" if isinstance(value, bool) else
                "a date" if isinstance(value, dt.date) else "a number")
        diags.error(f"{field_path}: expected text, but YAML reads this value as {what}: put it in quotes "
                    "('...')", smap.at(where))
    elif kind == "string_too_short" and err.get("input") == "":  # "body: |" with nothing under it
        diags.error(f"{field_path}: empty; write its text (must hold some text)", smap.at(where))
    elif kind == "string_pattern_mismatch" and (err.get("ctx") or {}).get("pattern") == ID_PATTERN:
        diags.error(f"{field_path}: '{err['input']}' cannot be an id: write it in ASCII letters, digits and "
                    "_ : . # $ % & + ? < > ~ / - (no spaces or accents), starting with a letter, digit or _",
                    smap.at(where))
    elif kind == "too_short" and isinstance(err.get("input"), list) and not err["input"]:
        diags.error(f"{field_path}: an empty list; give at least one item",
                    smap.at(where))
    else:
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        diags.error(f"{field_path}: {msg}" if field_path else msg, smap.at(where))


def _spelt_as(given: str, allowed: list[str]) -> str | None:
    """The allowed value ``given`` means, written another way: another case, spaces, no "TLP:" ("amber",
    "TLP: Amber" for TLP:AMBER; "Confirmed" for confirmed)."""
    key = "".join(given.split()).casefold()
    for value in allowed:
        own = value.casefold()
        if key in (own, own.removeprefix("tlp:")):
            return value
    return None


def _hints(model, loc: tuple) -> list[str]:
    """The accepted key closest to a misspelt one, if any is close."""
    return difflib.get_close_matches(str(loc[-1]), _fields_at(model, loc[:-1]), n=1, cutoff=0.6)


def _fields_at(model, loc: tuple) -> list[str]:
    """The keys a model accepts at a location (for 'did you mean')."""
    cls = model
    for part in loc:
        if isinstance(part, int) or cls is None:
            continue
        finfo = cls.model_fields.get(part) or next(
            (f for f in cls.model_fields.values() if f.alias == part), None
        )
        cls = _model_in(finfo.annotation) if finfo else None
    if cls is None:
        return []
    return [f.alias or n for n, f in cls.model_fields.items() if n != "csl"]


def _model_in(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
