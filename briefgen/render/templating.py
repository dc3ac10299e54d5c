"""Jinja2 templates that emit Markdown.

Search path: the dossier's own ``templates/`` folder first, then the built-ins, so a dossier overrides a
built-in template by holding a file of the same name. Undefined variables fail (``StrictUndefined``).
Every value a template prints is escaped for Markdown unless it *is* Markdown (a finding's body, an ask's
text, a summary): a ``*`` or ``[@x]`` in a title prints as written and data never becomes markup or
template code.
"""

from __future__ import annotations

import os
import re
import traceback
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..errors import BriefgenError, Position
from ..load.paths import builtin_dir, is_inside
from .fences import headings_under

TEMPLATE_SUFFIX = ".md.j2"


class Markdown(str):
    """Text that is Markdown already: printed by templates as is."""


_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~!&])")  # not quotes: they become typographic quotes, as in bodies
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


# Jinja's own globals, harmless in the sandbox, and the message catalogue's functions (``_("Key facts")``).
GLOBALS = ("range", "dict", "namespace", "cycler", "joiner", "_", "gettext", "ngettext", "pgettext", "npgettext")


def _confined_loader(paths: list[str], root: str | None):
    """Jinja's file loader, refusing a template that resolves (through a symbolic link) outside its folder."""
    import jinja2

    class ConfinedLoader(jinja2.FileSystemLoader):
        def get_source(self, environment, template):
            try:
                source, filename, uptodate = super().get_source(environment, template)
            except UnicodeDecodeError as exc:  # saved in another encoding (Latin-1, UTF-16)
                path = next((Path(p) / template for p in self.searchpath if (Path(p) / template).is_file()),
                            Path(template))
                raise BriefgenError(f"template '{template}' is not UTF-8 text (byte {exc.object[exc.start]:#04x}): "
                                    "save it as UTF-8", Position(path, exc.object[:exc.start].count(b"\n") + 1))
            folder = next((p for p in self.searchpath if Path(filename).parent == Path(p) or
                           Path(p) in Path(filename).parents), None)
            if folder is None or not is_inside(folder, filename) or (root and folder != str(builtin_dir())
                                                                      and not is_inside(root, filename)):
                raise BriefgenError(f"template '{template}' lies outside the dossier folder (a symbolic link?); "
                                    "a dossier may only use files inside its own folder", Position(Path(filename)))
            return source, filename, uptodate

    return ConfinedLoader(paths, encoding="utf-8-sig")  # a template saved with a byte-order mark reads as text


def _bytecode_cache(directory: Path | None = None):
    """Templates compiled once, not in every build: Jinja's bytecode cache, in briefgen's cache folder
    (``fonts.cache_dir``: ``~/.cache/briefgen/templates``). A template's bytecode depends on the environment
    that compiled it (its filters, extensions, sandbox, whitespace rules), so the key also covers this module's
    source and Jinja's version: another briefgen on the machine never reads this one's. Bytecode is code, so a
    folder others may write to is not used; a file that cannot be read or written is compiled as if there were
    none. Compiling the sample's three templates took about 24 ms of every build; reading them, under 1 ms.
    ``directory``: another folder (the tests')."""
    import hashlib
    import os
    import sys

    import jinja2

    from ..fonts import cache_dir

    folder = directory or cache_dir("templates")
    try:
        fingerprint = hashlib.sha1(Path(__file__).read_bytes() + f"|{jinja2.__version__}|{sys.version}".encode())
        mode = folder.stat() if folder else None
    except OSError:
        return None
    if mode is None or (hasattr(os, "getuid") and (mode.st_uid != os.getuid() or mode.st_mode & 0o022)):
        return None  # none, or another user's, or others may write there

    class Cache(jinja2.FileSystemBytecodeCache):
        def get_cache_key(self, name, filename=None):
            return super().get_cache_key(name + "|" + fingerprint.hexdigest(), filename)

        def load_bytecode(self, bucket):
            try:
                super().load_bytecode(bucket)
            except Exception:  # a damaged or foreign file: compiled again (and written anew)
                bucket.reset()

        def dump_bytecode(self, bucket):
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return Cache(str(folder), pattern="%s.jinja")


def _run_in(body, lead) -> Markdown:
    """``body`` with ``lead`` (Markdown: "**Title** (confirmed).") before its first paragraph, on its line; when
    the body opens with anything else (a heading, a list, a table, a quote, a figure), ``lead`` is a paragraph
    of its own above it: run into a table's first row, or glued to a heading's marks, it printed them as text."""
    from .markup import opens_with_paragraph

    body, lead = str(body), str(lead).strip()
    if not body.strip():
        return Markdown(lead)
    return Markdown(f"{lead} {body.lstrip()}" if opens_with_paragraph(body) else f"{lead}\n\n{body}")


MAX_TEXT = 5_000_000  # characters (or items) one operation of a template may make
MAX_SECONDS = 120  # a template's rendering: the sample's take milliseconds, 10,000 findings about 3 s


@lru_cache(maxsize=1)
def _sandbox():
    """Jinja's immutable sandbox, which also refuses what would exhaust the machine: a text or list of millions
    ({{ "x" * 100000000 }}) and a power of thousands of digits. A partner's template could stop a build."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "*":
                seq, n = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_TEXT:
                    raise TooMuch(f"a text or list of {len(seq) * n:,} characters or items is more than a "
                                  f"template may make ({MAX_TEXT:,})")
            elif isinstance(left, int) and isinstance(right, int) and abs(right) > 1000:
                raise TooMuch(f"a power of {right} is more than a template may compute (1,000)")
            return super().call_binop(context, operator, left, right)

    return Sandbox


@contextmanager
def _time_limit(seconds: int):
    """A rendering stopped after ``seconds`` (loops inside loops that would run for hours): on the main thread
    of a system with alarms only (it is where a build renders); elsewhere, not limited."""
    import signal
    import threading

    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TooLong()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _TooLong(Exception):
    pass


class TooMuch(Exception):
    """What a template may not make (``_sandbox``)."""


def environment(dossier_templates: str | None):
    """The Jinja2 environment for one dossier's templates: sandboxed (a template reaches the values it is
    given and the documented filters, never Python's internals: a dossier from a partner cannot run code
    on the machine that builds it), strict about undefined names, printing Markdown-escaped values.

    One per set of files in the dossier's folder: Jinja sees a template it loaded change, but not a file
    added before it in its search path (a built-in template copied into the dossier to be changed, while
    ``briefgen preview`` runs, was never used)."""
    return _environment(dossier_templates, _files(dossier_templates))


def _files(folder: str | None) -> tuple[str, ...]:
    if not folder:
        return ()
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        found += sorted(os.path.join(parent, name) for name in names)
    return tuple(found)


@lru_cache(maxsize=8)
def _environment(dossier_templates: str | None, files: tuple[str, ...]):
    import jinja2

    paths = [p for p in (dossier_templates,) if p and files] + [str(builtin_dir())]
    root = str(Path(dossier_templates).parent) if dossier_templates else None
    env = _sandbox()(
        loader=_confined_loader(paths, root),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters["md"] = Markdown  # explicitly mark a string as Markdown
    env.filters["indent"] = _indent
    env.filters["under"] = lambda text, level: Markdown(headings_under(str(text), int(level)))
    env.filters["run_in"] = _run_in
    env.filters["plain"] = md_escape
    env.filters["upper_first"] = lambda s: s[:1].upper() + s[1:] if s else s
    for name in set(env.globals) - set(GLOBALS):
        del env.globals[name]
    return env


def render_template(name: str, context: dict, dossier_root: Path, pos: Position | None = None,
                    translations=None) -> str:
    """Render ``name`` (without suffix) to Markdown; template errors name the template file and line.
    Labels written ``{{ _("Key facts") }}`` come from ``translations`` (gettext)."""
    import gettext

    import jinja2
    from jinja2.exceptions import SecurityError

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
        with _time_limit(MAX_SECONDS):
            return template.render(context)
    except TooMuch as exc:
        raise BriefgenError(f"template: {exc}", _template_position(exc, template)) from None
    except _TooLong as exc:
        raise BriefgenError(f"template: still rendering after {MAX_SECONDS} s, and stopped (loops inside loops over "
                            "large ranges?)", _template_position(exc, template)) from None
    except jinja2.TemplateSyntaxError as exc:
        raise BriefgenError(f"template syntax: {exc.message}", _syntax_position(exc, env, filename))
    except jinja2.UndefinedError as exc:
        raise BriefgenError(f"template: {_friendly(exc.message or '')}", _template_position(exc, template))
    except SecurityError as exc:
        raise BriefgenError(f"template: {str(exc).rstrip('.')} (a template may use the values it is given and "
                            "the documented filters only)", _template_position(exc, template))
    except RecursionError as exc:
        raise BriefgenError("template: too deeply nested (a macro or include that calls itself?)",
                            _template_position(exc, template))
    except jinja2.TemplateNotFound as exc:
        raise BriefgenError(f"template: '{exc.name}' not found: a template includes the templates of its own folder "
                            "and briefgen's, by name (no '..', no absolute path)", _template_position(exc, template))
    except jinja2.TemplateError as exc:
        raise BriefgenError(f"template: {exc}", _template_position(exc, template))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError) as exc:
        raise BriefgenError(f"template: {type(exc).__name__}: {exc}", _template_position(exc, template))


_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object' has no attribute")
_NAMES = {"FindingItem": "a finding", "AskItem": "an ask", "SimpleNamespace": "this value"}


def _friendly(message: str) -> str:
    """Jinja's "'briefgen.render.context.FindingItem object' has no attribute 'x'" as "a finding has ..."."""
    return _OBJECT.sub(lambda m: f"{_NAMES.get(m.group(1), m.group(1))} has no attribute", message)


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


def template_header(name: str, dossier_root: Path, pos: Position | None = None) -> dict:
    """The ``briefgen:`` header of the template ``name`` as the dossier would use it (``genre.py``)."""
    import jinja2

    from .genre import header

    env = environment(str(dossier_root / "templates"))
    try:
        source, filename, _ = env.loader.get_source(env, name + TEMPLATE_SUFFIX)
    except jinja2.TemplateNotFound:
        return {}  # rendering reports it, with where it looked
    return header(source, filename)
