"""What ``briefgen build`` prints: the summary table of the files written, what each audience left out and
what it printed untranslated; or, with ``--dump``, the Markdown or document tree of each audience."""

from __future__ import annotations

from pathlib import Path

import click


def dump_plan(p, kind: str) -> None:
    import pprint

    from .render import render_markdown

    for name, doc in p.documents.items():
        click.echo(f"===== {name} =====")
        if kind == "markdown":
            click.echo(render_markdown(p.ev, p.selections[name]))
        else:
            click.echo(pprint.pformat(doc.blocks, width=110, sort_dicts=False))
            for n in doc.notes:
                click.echo(f"[{n.number}] {pprint.pformat(n.children, width=110)}")


def summary(p, outputs) -> None:
    cwd = Path.cwd()
    rows = [("audience", "format", "pages", "findings", "citations", "marking", "path")]
    for o in outputs:
        try:
            shown = o.path.resolve().relative_to(cwd)
        except ValueError:
            shown = o.path
        rows.append((o.audience, o.format, "-" if o.pages is None else str(o.pages), str(o.findings),
                     str(o.citations), o.marking, str(shown)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    numeric = {2, 3, 4}
    for n, r in enumerate(rows):
        cells = [c.rjust(w) if i in numeric and n else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))]
        click.echo("  ".join(cells).rstrip())
        if n == 0:
            click.echo("  ".join("-" * w for w in widths))
    for name, sel in p.selections.items():
        by_reason: dict[str, list[str]] = {}
        for fid, reason in sel.dropped:
            by_reason.setdefault(reason, []).append(fid)
        for reason, ids in by_reason.items():
            click.echo(f"{name}: left out {len(ids)} finding{'s' * (len(ids) != 1)}, {reason}: {', '.join(ids)}")
        if sel.fallbacks or sel.stale:
            from .select import language_name

            language = language_name(sel.language)
        if sel.fallbacks:  # printed in the dossier's language: no translation into the audience's
            click.echo(f"{name}: no {language} translation, printed as written: {', '.join(sel.fallbacks)}")
        if sel.stale:
            click.echo(f"{name}: stale {language} translation printed: {', '.join(w for _, w in sel.stale)}")
