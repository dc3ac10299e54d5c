"""The command line: a thin layer over ``pipeline.py`` and ``sources/``. Errors are printed in one place,
compiler-style."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from . import __version__

EXIT_HELP = """\b
Exit status:
  0  success
  1  a content or build error (bad YAML, unknown citation key, template error ...)
  2  a usage error (unknown option, audience or format)
  3  an internal error: a bug in briefgen (a report is saved; the message says where)
"""


def _print_diagnostics(diags, root: Path | None) -> None:
    for d in diags:
        click.echo(d.format(root), err=True)


def _root_for(path: Path) -> Path:
    return path if path.is_dir() else path.parent


@click.group(epilog=EXIT_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def cli():
    """Turn an evidence base (findings and sources in YAML) into cited briefs, one per audience,
    as PDF and Word files."""


@cli.command(epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("-a", "--audience", "audiences", multiple=True, metavar="NAME",
              help="Build only this audience (repeatable). Default: every audience in the dossier.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(["pdf", "docx"]),
              help="Build only this format (repeatable). Default: the formats each audience lists.")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False),
              help="Output folder. Default: build/ inside the dossier.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Write up to N files at once, in worker processes. Default: the number of CPUs (at most 4).")
@click.option("--dump", type=click.Choice(["markdown", "tree"]),
              help="Print the rendered Markdown or document tree of each audience instead of writing files.")
def build(dossier: Path, audiences, formats, out, jobs, dump):
    """Build the briefs of DOSSIER (a folder holding dossier.yaml; default: this folder).

    Writes ID-AUDIENCE.pdf and .docx for each audience (ID: the dossier's id), then prints a summary:
    pages, findings, citations and the TLP marking of each file."""
    from .errors import BriefgenError
    from .pipeline import UsageError, plan
    from .pipeline import build as run_build
    from .summary import dump_plan, summary

    root = _root_for(dossier)
    try:
        if dump:
            dump_plan(plan(dossier, list(audiences) or None, list(formats) or None), dump)
            return
        p, outputs = run_build(dossier, list(audiences) or None, list(formats) or None, out, jobs)
    except UsageError as exc:
        raise click.UsageError(str(exc))
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics, root)
        click.echo("briefgen: build failed; no file was written.", err=True)
        sys.exit(1)
    _print_diagnostics(p.ev.diagnostics.sorted(), root)
    summary(p, outputs)


@cli.command(epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N",
              help="Write up to N briefs at once (in memory), in worker processes. Default: the number of CPUs "
                   "(at most 4).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: one object on standard output, for editors and CI.")
def check(dossier: Path, strict: bool, fmt: str, jobs):
    """Validate DOSSIER (default: this folder) without writing anything: report every problem at once, as
    FILE:LINE:COL: error: ... (FILE relative to this folder, so that an editor can open it).

    Besides the format, it runs the evidence lint: confirmed findings need two independent sources,
    single-sourced findings, sources cited above a finding's own marking, links with neither an archived
    copy nor an access date, sources never cited. Each message ends with its rule id; dossier.yaml's
    lint: sets a rule to error, warning or off, and a finding or source can set lint_ignore: {RULE: why}."""
    from .pipeline import check as run_check

    diags = run_check(dossier, jobs)
    root = _root_for(dossier)
    errors, warnings = len(diags.errors), len(diags.warnings)
    failed = bool(errors or (strict and warnings))
    if fmt == "json":
        import json

        from .errors import display_path

        click.echo(json.dumps({
            "ok": not failed, "errors": errors, "warnings": warnings,
            "diagnostics": [{
                "severity": d.severity, "rule": d.rule, "message": d.message,
                "file": display_path(d.pos.file, root) if d.pos else None,
                "path": str(Path(d.pos.file).resolve()) if d.pos else None,
                "line": d.pos.line or None if d.pos else None, "column": d.pos.col or None if d.pos else None,
            } for d in diags.sorted()],
        }, ensure_ascii=False, indent=2))
    else:
        _print_diagnostics(diags.sorted(), root)
        click.echo(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}", err=True)
    if failed:
        sys.exit(1)


@cli.command("new", epilog=EXIT_HELP)
@click.argument("target", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--from-sample", is_flag=True,
              help="Copy briefgen's sample dossier (the Xinjiang Police Files) instead of the small example.")
def new(target: Path, from_sample: bool):
    """Start a dossier in DIR (a new or empty folder): a small worked example with three audiences, two
    findings (one of them confidential), their sources and asks, each key explained in a comment. It checks
    clean and builds; replace its content with yours.

    Each YAML file starts with a yaml-language-server line naming its JSON Schema (copied into
    DIR/.schemas/), so that editors complete and explain its keys. Then: cd DIR && briefgen build."""
    from .errors import BriefgenError
    from .scaffold import create

    try:
        written = create(target, from_sample)
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics, None)
        sys.exit(1)
    files = [p for p in written if len(p.parts) == 1 and not p.name.startswith(".")]
    folders = sorted({p.parts[0] for p in written if len(p.parts) > 1 and not p.parts[0].startswith(".")})
    shown = [str(p) for p in files] + [f"{f}/ ({sum(p.parts[0] == f for p in written)} files)" for f in folders]
    click.echo(f"wrote {target}: {', '.join(shown)}, and the JSON Schemas in .schemas/")
    click.echo(f"next: cd {shlex.quote(str(target))} && briefgen check && briefgen build")


@cli.group()
def templates():
    """The templates briefs are made from: list them, or export a built-in one to edit."""


@templates.command("list")
@click.argument("dossier", type=click.Path(path_type=Path, file_okay=False), default=".", required=False)
def templates_list(dossier):
    """List the built-in templates and the own copies of DOSSIER (default: this folder), which win."""
    from .load.paths import builtin_dir
    from .render.templating import TEMPLATE_SUFFIX

    rows = {}
    for p in sorted(builtin_dir().glob(f"*{TEMPLATE_SUFFIX}")) + sorted(builtin_dir().glob("theme.yaml")):
        rows[p.name] = ("built-in", p)
    if dossier is not None:
        for folder in (dossier / "templates", dossier):
            for p in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")) + sorted(folder.glob("theme.yaml")):
                rows[p.name] = ("dossier", p)
    width = max(len(n) for n in rows)
    for name, (where, p) in rows.items():
        click.echo(f"{name.removesuffix(TEMPLATE_SUFFIX).ljust(width)}  {where:8}  {p}")


@templates.command("export")
@click.argument("name")
@click.argument("target", metavar="[DOSSIER]", type=click.Path(path_type=Path, file_okay=False), default=".",
                required=False)
@click.option("--force", is_flag=True, help="Overwrite copies already in the dossier.")
def templates_export(name, target, force):
    """Copy the built-in template NAME (and the theme) into DOSSIER/templates/ (default: this folder).

    Edit the copies there: a dossier's templates win over the built-ins of the same name.
    """
    from .errors import BriefgenError
    from .scaffold import export_template

    try:
        for line in export_template(name, target, force):
            click.echo(line)
    except LookupError as exc:
        raise click.UsageError(str(exc.args[0]))
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics, None)
        sys.exit(1)


@cli.group()
def sources():
    """The dossier's sources: import them from Zotero (CSL-JSON) or BibTeX."""


@sources.command("import", epilog=EXIT_HELP)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--to", "to", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="Add new sources to FILE. Default: sources.yaml, or sources/imported.yaml in a sources/ folder.")
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
def sources_import(file: Path, dossier: Path, to, dry_run: bool):
    """Import FILE, a CSL-JSON (Zotero, Better BibTeX) or BibTeX export, into the sources of DOSSIER
    (default: this folder).

    Sources the dossier has are updated where they are written, keeping their reliability, sensitivity,
    archive-url, attachment and lint_ignore, and their note and access date where the export has none.
    New ones are added. Running it again changes nothing.
    """
    from .errors import BriefgenError
    from .sources.importer import import_sources

    root = _root_for(dossier)
    try:
        report = import_sources(file, dossier, to, dry_run)
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics, root)
        click.echo("briefgen: import failed; no file was written.", err=True)
        sys.exit(1)
    _print_diagnostics(report.diagnostics.sorted(), root)
    for line in report.lines(root):
        click.echo(line)


@cli.group()
def translations():
    """Translations: what is current, stale or missing, marking them reviewed, a PO file for translators."""


def _evidence(dossier: Path, then=None, failed: str = ""):
    from .errors import BriefgenError
    from .load import load

    try:
        return then(load(dossier)) if then else load(dossier)
    except BriefgenError as exc:
        _print_diagnostics(exc.diagnostics, _root_for(dossier))
        if failed:
            click.echo(f"briefgen: {failed}; no file was written.", err=True)
        sys.exit(1)


@translations.command("status", epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
def translations_status(dossier: Path):
    """Per language: the findings, asks and dossier texts whose translation is current, stale (the original
    changed since it was marked, or it was never marked) or missing, in DOSSIER (default: this folder)."""
    from .translate.exchange import status_lines

    click.echo("\n".join(status_lines(_evidence(dossier))))


@translations.command("mark", epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--to", "language", required=True, metavar="LANG", help="The language whose translations to mark.")
@click.option("--only", multiple=True, metavar="ID", help="Mark only the translations of this finding or ask.")
@click.option("--dry-run", is_flag=True, help="Say what would be marked, and write nothing.")
def translations_mark(dossier: Path, language: str, only, dry_run: bool):
    """Record in each LANG translation of DOSSIER (default: this folder) the hash of its original (original:), once
    checked that it says what the original says: check reports it as stale as soon as the original changes."""
    from .translate.exchange import mark_lines

    click.echo("\n".join(_evidence(dossier, lambda ev: mark_lines(ev, language, set(only) or None, dry_run),
                                    "mark failed")))


@translations.command("export", epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--to", "language", required=True, metavar="LANG", help="The language to translate into.")
@click.option("-o", "--out", type=click.Path(path_type=Path, dir_okay=False), help="Default: ID-LANG.po here.")
@click.option("--all", "review", is_flag=True, help="Also the current translations, to review them.")
def translations_export(dossier: Path, language: str, out, review: bool):
    """Write a PO file (for Poedit, Weblate, OmegaT ...) of what DOSSIER (default: this folder) has to translate
    into LANG: the texts its LANG audiences print untranslated, and every stale LANG translation (fuzzy)."""
    from .translate.exchange import export_file

    click.echo(_evidence(dossier, lambda ev: export_file(ev, language, out, review), "export failed"))


@translations.command("import", epilog=EXIT_HELP)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--to", "language", metavar="LANG", help="Default: the PO file's Language.")
@click.option("--dry-run", is_flag=True, help="Say what would change, and write nothing.")
def translations_import(file: Path, dossier: Path, language, dry_run: bool):
    """Write the translations of FILE (from translations export) into DOSSIER (default: this folder), marked,
    except fuzzy ones and those whose original changed. One failing check (a citation) writes nothing."""
    from .translate.exchange import import_catalog

    _evidence(dossier, lambda ev: import_catalog(ev, file, language, dry_run), "import failed").show(click.echo)


@cli.command("schema")
@click.argument("kind", required=False, default="dossier",
                type=click.Choice(["dossier", "findings", "sources", "asks", "theme"]))  # load/schema.py's KINDS
def schema(kind):
    """Print the JSON Schema of a dossier's KIND of file (default: dossier.yaml), for editors' completion and
    hover text. Save it (briefgen new puts them in DIR/.schemas/) and name it in the YAML file's first line:

    \b
    # yaml-language-server: $schema=.schemas/dossier.json"""
    from importlib.resources import files  # the shipped file, read as is: no model is loaded

    click.echo(files("briefgen").joinpath(f"load/schemas/{kind}.json").read_text(encoding="utf-8"), nl=False)


@cli.command(epilog=EXIT_HELP)
@click.argument("dossier", type=click.Path(path_type=Path), default=".", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="N", help="Default: a free port (printed).")
@click.option("-o", "--out", type=click.Path(path_type=Path, file_okay=False), help="Default: DOSSIER/build/.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), metavar="N", help="Writer processes (default: CPUs, <= 4).")
def preview(dossier: Path, port: int, out, jobs):
    """Show the briefs of DOSSIER (default: this folder) on a local web page, rebuilt on each save: each
    audience's PDF pages and Word text, with the check diagnostics, on http://127.0.0.1:PORT/ (this machine
    only). A build that fails shows its errors and keeps the last good briefs. Ctrl+C stops."""
    from .preview import main as run_preview

    sys.exit(run_preview(dossier, port, out, jobs))


def main() -> None:
    """The ``briefgen`` command. Anything but an expected error is a bug: it is reported in one line, with
    the full report (traceback, versions, command) saved to a file, never as a traceback on the terminal."""
    from .process import own

    own()  # its signals, its output, no pydantic plugins, a quick exit
    try:
        status = cli.main(prog_name="briefgen", standalone_mode=False)  # Click's own would say "Aborted!", exit 1
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("briefgen: interrupted; no file was written.", err=True)
        sys.exit(130)
    except click.ClickException as exc:  # a usage error: its message, exit 2
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 -- the one place a bug is turned into a message
        from .crash import first_line, save_report

        report = save_report(exc)
        where = f"; the details are in {report}" if report else ""
        click.echo(f"briefgen: internal error ({type(exc).__name__}: {first_line(exc)}): this is a bug in "
                   f"briefgen, not in your dossier{where}. Please report it. No file was written.", err=True)
        sys.exit(3)
    sys.exit(status if isinstance(status, int) else 0)
