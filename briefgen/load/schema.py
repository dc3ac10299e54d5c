"""JSON Schemas (Draft 2020-12) of a dossier's files, for editors: completion, hover text and errors as one
types, through a first line such as ``# yaml-language-server: $schema=.schemas/dossier.json`` (the YAML
extension of VS Code and other editors).

Each schema is made from the models (pydantic's ``model_json_schema``, the fields described by their
docstrings), plus what the loader does before a model sees the data and what the models' own validators
check where JSON Schema can say it: a collection file may hold one entry, a list or ``{findings: [...]}``;
a source takes any CSL variable, dates as text and names as strings; ``confidence: corroborated`` is still
read (deprecated); a bare ``off`` (YAML reads it as false) sets a lint rule off; a dossier's ``theme.yaml``
overrides the built-in theme key by key, so none of its keys is required.

The schemas ship in ``schemas/<kind>.json``; ``text`` reads them without making them (``briefgen schema``).
``python -m briefgen.load.schema --write`` makes them again; tests/test_schema.py keeps them in step with the
models and with ``briefgen check``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

KINDS = ("dossier", "findings", "sources", "asks", "theme")
SCHEMAS = Path(__file__).resolve().parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

ABOUT = {
    "dossier": ("briefgen dossier.yaml", "A briefgen dossier's dossier.yaml: what the evidence base is, who made "
                "it, and each audience's rules for its brief (docs/format.md)."),
    "findings": ("briefgen findings file", "A findings file (findings.yaml, or any file in findings/): one "
                 "finding, a list of findings, or {findings: [...]}."),
    "sources": ("briefgen sources file", "A sources file (sources.yaml, sources.json, or any file in sources/) "
                "with CSL-JSON field names, so that a Zotero export reads as is: one source, a list of sources, "
                "or {sources: [...]}. Every CSL variable is accepted."),
    "asks": ("briefgen asks file", "An asks file (asks.yaml, or any file in asks/): one ask, a list of asks, or "
             "{asks: [...]}."),
    "theme": ("briefgen theme.yaml", "A theme.yaml: page margins, fonts, sizes and colours of both formats. A "
              "dossier's theme.yaml (in the dossier folder or its templates/) overrides the built-in theme key by "
              "key, so every key is optional."),
}

# A date as text (sources.coerce_date): YYYY, YYYY-MM (or a season, 21 to 24), YYYY-MM-DD, with the time YAML
# may add to a full date.
DATE_TEXT = (r"^\s*\d{4}(?:-(?:0?[1-9]|1[0-2])(?:-(?:0?[1-9]|[12]\d|3[01])(?:(?:[Tt]|[ \t]+)\d{1,2}:\d{2}:\d{2}"
             r"(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d{1,2}(?::\d{2})?))?)?)?|-2[1-4])?\s*$")
# A name as a string (sources.coerce_names): "Family, Given" (something before the comma), or a literal.
NAME_TEXT = r"^(?:[^,]*\S[^,]*(?:,[^,]*)?|.*,.*,.*)$"
# CSL variables a source takes at the top level (kept as given, in ``csl``), with what briefgen does with them.
CSL_NOTES = {
    "DOI": "A DOI, 10.x/y: printed as a link to doi.org.",
    "note": "For the team: never printed.",
    "title-short": "A short title, used in short notes.",
    "citation-key": "The citation key a reference manager gave (Better BibTeX).",
}
DEPRECATED_CONFIDENCE = ("'corroborated' is now 'shared-origin' (readers took 'corroborated' for independent "
                         "confirmation): write shared-origin")
DEPRECATED_WHITE = "'TLP:WHITE' is now 'TLP:CLEAR' (TLP 2.0, FIRST, 2022, renamed it): write TLP:CLEAR"


def path(kind: str) -> Path:
    """The shipped schema of one kind of file."""
    if kind not in KINDS:
        raise ValueError(f"no schema '{kind}' (kinds: {', '.join(KINDS)})")
    return SCHEMAS / f"{kind}.json"


def text(kind: str = "dossier") -> str:
    """The shipped schema's text, as ``briefgen schema`` prints it (read, not made: no model is loaded)."""
    return path(kind).read_text(encoding="utf-8")


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def generate(kind: str) -> dict:
    """The JSON Schema of one kind of file, made from the models."""
    model = _model(kind)
    name = model.__name__
    schema = model.model_json_schema(mode="validation")
    defs = schema.pop("$defs", {})
    defs[name] = schema
    classes = _classes(model)
    for def_name, d in defs.items():
        _patch(def_name, d, classes.get(def_name))
        if kind == "theme":
            d.pop("required", None)
    title, description = ABOUT[kind]
    root = {"$schema": DRAFT, "$id": f"https://briefgen.invalid/schema/{kind}.json", "title": title,
            "description": description}
    ref = {"$ref": f"#/$defs/{name}"}
    if kind == "dossier":
        root.update(ref)
    elif kind == "theme":
        root.update(ref)
        defs[name]["type"] = ["object", "null"]  # an empty theme.yaml: the built-in theme
    else:
        one_or_more = [ref, {"type": "array", "items": ref, "description": f"A list of {kind}."}]
        root["anyOf"] = [*one_or_more, {
            "type": "object", "properties": {kind: {"anyOf": one_or_more}}, "required": [kind],
            "additionalProperties": False, "description": f"{{{kind}: [...]}}: the list under one key.",
        }, {"type": "null", "description": "An empty file: nothing to read."}]
    root["$defs"] = defs
    _tidy(root)
    return root


def _model(kind: str):
    if kind not in KINDS:
        raise ValueError(f"no schema '{kind}' (kinds: {', '.join(KINDS)})")
    if kind == "dossier":
        from .dossier import Dossier as model
    elif kind == "sources":
        from .sources import Source as model
    elif kind == "theme":
        from .theme import Theme as model
    else:
        from .findings import Ask, Finding

        model = Finding if kind == "findings" else Ask
    return model


def _classes(model) -> dict:
    """Every model a model holds, itself included, by name (as pydantic names their definitions)."""
    import typing

    from pydantic import BaseModel

    found: dict = {}

    def walk(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for finfo in annotation.model_fields.values():
                    walk(finfo.annotation)
        for arg in typing.get_args(annotation):
            walk(arg)

    walk(model)
    return found


def _patch(name: str, d: dict, cls) -> None:
    """What pydantic does not derive: the loader's pre-processing and the models' own validators."""
    from .dossier import CitationStyle
    from .rules import RULES
    from .sources import CSL_OTHER_VARIABLES, CSL_TYPES

    props = d.get("properties", {})
    if cls is not None:  # populate_by_name: a field is also read under its Python name (container_title)
        for field, finfo in cls.model_fields.items():
            if finfo.alias and finfo.alias != field and finfo.alias in props:
                d.setdefault("patternProperties", {})[f"^{field}$"] = props[finfo.alias]
    if "lint_ignore" in props:  # base.known_rules
        props["lint_ignore"]["propertyNames"] = {"enum": list(RULES)}
    if name == "Confidence":  # its _missing_: the old name still read, with a warning
        values = d.pop("enum")
        d.pop("type", None)
        d["anyOf"] = [{"type": "string", "enum": values},
                      {"const": "corroborated", "deprecated": True, "deprecationMessage": DEPRECATED_CONFIDENCE,
                       "description": DEPRECATED_CONFIDENCE}]
    elif name == "TLP":  # its _missing_: TLP 1.0's name still read, with a warning
        values = d.pop("enum")
        d.pop("type", None)
        d["anyOf"] = [{"type": "string", "enum": values},
                      {"const": "TLP:WHITE", "deprecated": True, "deprecationMessage": DEPRECATED_WHITE,
                       "description": DEPRECATED_WHITE}]
    elif name == "Dossier":
        props["lint"]["propertyNames"] = {"enum": list(RULES)}
        props["lint"]["additionalProperties"] = {"anyOf": [
            {"type": "string", "enum": ["error", "warning", "off"]},
            {"const": False, "description": "off: YAML 1.1 reads a bare off as false"}]}
        props["audiences"].update(propertyNames={"pattern": "^[a-z0-9][a-z0-9_-]*$"}, minProperties=1)
    elif name == "Audience":
        import typing

        props["citation_style"]["anyOf"] = [{"enum": list(typing.get_args(CitationStyle))},
                                            {"pattern": r"\.csl$", "description": "A .csl file in the dossier."}]
    elif name == "Name":  # its _some_name
        d["anyOf"] = [{"required": [key], "properties": {key: {"type": "string", "minLength": 1}}}
                      for key in ("family", "literal")]
    elif name == "CslDate":  # its _real_dates, for parts written as numbers: a month (or season) and a day
        part = {"type": ["integer", "string"]}
        props["date-parts"]["anyOf"][0]["items"] = {"type": "array", "items": part, "prefixItems": [part, {"anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 12}, {"type": "integer", "minimum": 21, "maximum": 24},
            {"type": "string"}]}, {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 31}, {"type": "string"}]}]}
    elif name == "Source":
        _source(props, CSL_TYPES, CSL_OTHER_VARIABLES)


def _source(props: dict, csl_types, csl_variables) -> None:
    """A source as ``Source._split_csl`` reads it, CSL variables at the top level included."""
    props["type"]["enum"] = sorted(csl_types)
    string_id = {k: props["id"].pop(k) for k in ("type", "pattern", "maxLength")}
    props["id"]["anyOf"] = [string_id, {"type": "number", "minimum": 0}]
    for key in ("issued", "accessed"):
        props[key]["anyOf"] = [{"type": "string", "pattern": DATE_TEXT}, {"type": "integer"},
                               {"$ref": "#/$defs/CslDate"}, {"type": "null"}]
    name = {"anyOf": [{"type": "string", "pattern": NAME_TEXT}, {"$ref": "#/$defs/Name"}]}
    props["author"].pop("items")
    props["author"].pop("type")
    props["author"]["anyOf"] = [name, {"type": "array", "items": name}]
    for variable in sorted(csl_variables):
        if variable not in props:
            props[variable] = {"description": CSL_NOTES.get(variable, f"The CSL variable {variable}, kept as given "
                                                                      "(printed by a dossier's own .csl style).")}


def _tidy(node) -> None:
    """Descriptions as one paragraph each (docstrings wrap at 120 columns), and no property titles: pydantic
    makes them from field names ("Container Title"), and editors show them above the description."""
    if isinstance(node, dict):
        for key in ("properties", "patternProperties"):
            for prop in node.get(key, {}).values():
                if isinstance(prop, dict):
                    prop.pop("title", None)
        if isinstance(node.get("description"), str):
            node["description"] = re.sub(r"(?<!\n)\n(?!\n)", " ", node["description"])
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def stale() -> list[Path]:
    """The shipped schemas that differ from what the models make now."""
    return [path(kind) for kind in KINDS if not path(kind).is_file() or text(kind) != dumps(generate(kind))]


def main(argv: list[str] | None = None) -> int:
    """``python -m briefgen.load.schema [--write]``: say which shipped schemas are out of date, or write them."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m briefgen.load.schema", description=main.__doc__)
    parser.add_argument("--write", action="store_true", help="make the schemas again and write them")
    args = parser.parse_args(argv)
    if args.write:
        SCHEMAS.mkdir(exist_ok=True)
        for kind in KINDS:
            path(kind).write_text(dumps(generate(kind)), encoding="utf-8", newline="\n")
            print(f"wrote {path(kind)}")
        return 0
    out_of_date = stale()
    for file in out_of_date:
        print(f"{file} is out of date: run python -m briefgen.load.schema --write", file=sys.stderr)
    return 1 if out_of_date else 0


if __name__ == "__main__":
    sys.exit(main())
