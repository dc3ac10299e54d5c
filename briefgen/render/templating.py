"""Jinja2 templates that emit Markdown.

Search path: the dossier's own ``templates/`` folder first, then the built-ins, so a dossier overrides a
built-in template by holding a file of the same name. Undefined variables fail (``StrictUndefined``).
Every value a template prints is escaped for Markdown unless it *is* Markdown (a finding's body, an ask's
text, a summary): a ``*`` or ``[@x]`` in a title prints as written and data never becomes markup or
template code.
"""

from __future__ import annotations

import re
import traceback
from functools import lru_cache
from pathlib import Path

from ..errors import BriefgenError, Position
from ..load.paths import builtin_dir

TEMPLATE_SUFFIX = ".md.j2"


class Markdown(str):
    """Text that is Markdown already: printed by templates as is."""


_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~!&\"'])")  # quotes too: data keeps its own quotation marks
_LINE_START = re.compile(r"^(\s*)([-+:=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape plain text so that Markdown prints it literally (on one line)."""
    text = " ".join(str(text).split())
    text = _ESCAPE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)


def _finalize(value):
    if value is None:
        return ""
    if isinstance(value, Markdown):
        return value
    return md_escape(value)


def _indent(text, width: int = 4, first: bool = False):
    """Jinja's ``indent`` that keeps Markdown as Markdown (for bodies nested in list items)."""
    pad = " " * width
    lines = str(text).split("\n")
    out = "\n".join(([pad + lines[0]] if first else [lines[0]]) + [pad + ln if ln.strip() else ln for ln in lines[1:]])
    return Markdown(out) if isinstance(text, Markdown) else out


@lru_cache(maxsize=8)
def environment(dossier_templates: str | None):
    import jinja2

    paths = [p for p in (dossier_templates,) if p and Path(p).is_dir()] + [str(builtin_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = Markdown  # explicitly mark a string as Markdown
    env.filters["indent"] = _indent
    env.filters["plain"] = md_escape
    env.filters["upper_first"] = lambda s: s[:1].upper() + s[1:] if s else s
    return env


def render_template(name: str, context: dict, dossier_root: Path, pos: Position | None = None,
                    translations=None) -> str:
    """Render ``name`` (without suffix) to Markdown; template errors name the template file and line.
    Labels written ``{{ _("Key facts") }}`` come from ``translations`` (gettext)."""
    import gettext

    import jinja2

    env = environment(str(dossier_root / "templates"))
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)
    filename = name + TEMPLATE_SUFFIX
    try:
        template = env.get_template(filename)
    except jinja2.TemplateNotFound:
        where = ", ".join(str(p) for p in env.loader.searchpath)
        raise BriefgenError(f"template '{filename}' not found (looked in {where})", pos)
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError(f"template syntax: {exc.message}", _syntax_position(exc, env, filename))
    try:
        return template.render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError(f"template syntax: {exc.message}", _syntax_position(exc, env, filename))
    except jinja2.UndefinedError as exc:
        raise BriefgenError(f"template: {exc.message}", _template_position(exc, template))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise BriefgenError(f"template: {type(exc).__name__}: {exc}", _template_position(exc, template))


def _syntax_position(exc, env, filename: str) -> Position:
    name = exc.filename or exc.name or filename
    if not Path(name).is_absolute():
        found = [Path(p) / name for p in env.loader.searchpath if (Path(p) / name).is_file()]
        name = found[0] if found else name
    return Position(Path(name), exc.lineno or 0)


def _template_position(exc: Exception, template) -> Position:
    """The innermost template frame of a rendering error (Jinja rewrites tracebacks to template lines)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(TEMPLATE_SUFFIX)]
    if frames:
        return Position(Path(frames[-1].filename), frames[-1].lineno or 0)
    return Position(Path(template.filename or template.name))
