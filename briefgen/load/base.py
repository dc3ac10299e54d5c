"""What every model of an evidence base shares: the base class that remembers positions, and the two
scales every item is rated on (TLP handling marking, confidence).

The models themselves are in ``dossier.py``, ``findings.py`` and ``sources.py``. Validation is pydantic's;
positions come from the loader (``loader.py``), which attaches each object's ``SourceMap`` so that later
stages can still say where a thing was written.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, WithJsonSchema

ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*$"


class TLP(str, Enum):
    """A Traffic Light Protocol 2.0 label, from most open to most restricted: TLP:CLEAR, TLP:GREEN, TLP:AMBER,
    TLP:AMBER+STRICT, TLP:RED."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def rank(self) -> int:
        return _TLP_ORDER.index(self)

    @classmethod
    def _missing_(cls, value):
        return cls.CLEAR if value == "TLP:WHITE" else None  # TLP 1.0's name (a warning says so: DEPRECATED)

    def __str__(self) -> str:
        return self.value


_TLP_ORDER = list(TLP)

TLP_COLOURS = {  # TLP 2.0: each label's text colour, printed on a black background
    "TLP:RED": "#FF2B2B", "TLP:AMBER": "#FFC000", "TLP:AMBER+STRICT": "#FFC000", "TLP:GREEN": "#33FF00",
    "TLP:CLEAR": "#FFFFFF",
}


def most_restrictive(labels) -> TLP:
    return max(labels, key=lambda t: t.rank, default=TLP.CLEAR)


class Confidence(str, Enum):
    """How well a finding is established, strongest first: confirmed (sources independent of each other
    agree), shared-origin (several reports that all rest on one origin: one leak, one researcher), reported (a
    single source), alleged (a claim not independently verified)."""

    # shared-origin was "corroborated" until readers showed they take that word for independent confirmation:
    # the old word is still read, with a warning (DEPRECATED, below).
    CONFIRMED = "confirmed"  # independent sources agree
    SHARED_ORIGIN = "shared-origin"  # several reports, resting on one origin (one leak, one researcher)
    REPORTED = "reported"  # one source
    ALLEGED = "alleged"  # claimed, not verified

    @classmethod
    def _missing_(cls, value):
        return cls.SHARED_ORIGIN if value == "corroborated" else None

    @property
    def strength(self) -> int:  # higher is stronger
        return len(_CONF_ORDER) - _CONF_ORDER.index(self)

    def __str__(self) -> str:
        return self.value


_CONF_ORDER = list(Confidence)

# Values still read under an old name: (key, old value) -> the new value; the loader warns where they stand.
# Old values still read, with a warning where they stand: (key, old value) -> (the value now, why it changed).
_CORROBORATED = ("shared-origin", "readers took 'corroborated' for independent confirmation")
_WHITE = ("TLP:CLEAR", "TLP 2.0 (FIRST, 2022) renamed TLP:WHITE to TLP:CLEAR")
DEPRECATED = {("confidence", "corroborated"): _CORROBORATED, ("min_confidence", "corroborated"): _CORROBORATED,
              **{(key, "TLP:WHITE"): _WHITE for key in ("marking", "sensitivity", "clearance")}}


def _attribute_docs(cls) -> dict[str, str]:
    """The docstring written under each field of a class (its attribute docstring), by field name."""
    import ast
    import inspect
    import textwrap

    try:
        body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0].body
    except (OSError, TypeError, IndexError, AttributeError):
        return {}
    return {node.target.id: inspect.cleandoc(doc.value.value) for node, doc in zip(body, body[1:])
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and isinstance(doc, ast.Expr)
            and isinstance(doc.value, ast.Constant) and isinstance(doc.value.value, str)}


def _describe_fields(schema: dict, cls) -> None:
    """JSON Schema only (``schema.py``): each property described by its field's docstring. Read when a schema
    is made, not when the models are: pydantic's ``use_attribute_docstrings`` would parse the source of every
    model each time briefgen starts."""
    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if isinstance(klass, type) and issubclass(klass, Strict):
            docs.update(_attribute_docs(klass))
    properties = schema.get("properties", {})
    for name, finfo in cls.model_fields.items():
        prop = properties.get(finfo.alias or name)
        if prop is not None and name in docs:
            prop.setdefault("description", docs[name])


class Strict(BaseModel):
    """Base for every model: unknown keys are errors; objects remember where they were written."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=False,
                              json_schema_extra=_describe_fields)
    _file: Path | None = PrivateAttr(default=None)
    _smap: Any = PrivateAttr(default=None)  # yamlsrc.SourceMap of the file
    _path: tuple = PrivateAttr(default=())  # this object's path inside that file

    def located(self, file: Path, smap, path: tuple) -> "Strict":
        self._file, self._smap, self._path = file, smap, tuple(path)
        return self

    def pos(self, *sub):
        """The position of this object, or of one of its fields (``finding.pos("body")``)."""
        from ..errors import Position

        if self._smap is None:
            return Position(self._file or Path("?"))
        return self._smap.at(self._path + sub)

    def order(self) -> tuple:
        """Where this object was written, to sort by: its file, then its place in the file."""
        return str(self._file), self._path

    def text_pos(self, field_name, line_offset: int, needle: str = ""):
        """Where something stands inside a text field (``field_name``, or a path below this object such as
        ``("key_messages", 2)``): its line, and its column when ``needle`` is on that line."""
        sub = field_name if isinstance(field_name, tuple) else (field_name,)
        return self._smap.text_position(self._path + sub, line_offset, needle)


def _printable(v: str) -> str:
    if not v.strip():
        raise ValueError("must hold some text, not only spaces")
    return v


# Required text: at least one character that is not a space.
Text = Annotated[str, Field(min_length=1), AfterValidator(_printable),
                 WithJsonSchema({"type": "string", "minLength": 1, "pattern": r"\S"})]


def _url(v: str) -> str:
    from .paths import web_address

    return web_address(v)


# http, https or mailto; doi:10.x becomes https://doi.org/10.x. JSON Schema regexes have no (?i): letters in pairs.
URL_PATTERN = r"^\s*(?:[Hh][Tt][Tt][Pp][Ss]?|[Mm][Aa][Ii][Ll][Tt][Oo]|[Dd][Oo][Ii]):\S*\s*$"
Url = Annotated[str, AfterValidator(_url), WithJsonSchema({"type": "string", "pattern": URL_PATTERN})]
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=200)]


# A dossier's id names its output files (ID-AUDIENCE.pdf): no folder separator, no "..", nothing a file system
# refuses. "x/../../y" wrote the briefs outside the output folder.
FILE_ID_PATTERN = r"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]*$"


def _file_id(v: str) -> str:
    if not re.fullmatch(FILE_ID_PATTERN[1:-1], v):
        raise ValueError(f"'{v}' cannot name a file: the briefs are written as ID-AUDIENCE.pdf in the output "
                         "folder; use letters, digits, '-', '_' and '.' (no '/' and no '..')")
    return v


FileId = Annotated[str, Field(max_length=120), AfterValidator(_file_id),
                   WithJsonSchema({"type": "string", "pattern": FILE_ID_PATTERN, "maxLength": 120})]


def known_rules(v: dict) -> dict:
    """Lint settings must name rules that exist: a misspelt rule id would silence nothing."""
    import difflib

    from .rules import RULES

    for key in v:
        if key not in RULES:
            hint = difflib.get_close_matches(key, list(RULES), n=1)
            raise ValueError(f"no lint rule '{key}'" + (f"; did you mean '{hint[0]}'?" if hint
                                                         else f" (rules: {', '.join(RULES)})"))
    return v


# A finding's, ask's or source's ``lint_ignore``: {rule id: why it does not apply here}, the rules existing.
LintIgnore = Annotated[dict[str, Text], AfterValidator(known_rules)]
