"""What a dossier's own ``.csl`` style costs: one audience of the sample built with its built-in style, and with
the same style written as CSL (run by citeproc-py), as a user builds it: a cold ``briefgen build DIR -a AUDIENCE``.

Target (issue 18): a ``.csl`` audience costs <= 2x the same audience with the built-in style.

Two copies of the sample are made; in the second the audience's ``citation_style`` is
``styles/chicago-notes.csl``, briefgen's ``chicago-notes`` written as CSL (``chicago-notes.csl``, next to this
file: the same parts, separators and order; where CSL cannot say what the built-in style does, such as leaving
out a publisher who is also the author or shortening a title that has no short form, its notes differ by a few
words). The two are built alternately, pair by pair, and the report is the median of the paired ratios
(.csl / built-in) with their range, and each one's median time: on a shared, noisy machine only paired figures
compare.

``--csl FILE`` runs another style instead (the CSL repository's ``chicago-notes-bibliography.csl``, the Chicago
Manual of Style's own, is 6,000 lines: what a team that downloads its style runs). ``--audience A`` builds
another audience (default diplomats, whose built-in style is chicago-notes). ``--jobs N`` is passed to the build.
``--against DIR`` (another checkout: a folder holding its ``briefgen`` package and ``templates``) builds
with that code too, in the same pairs, and reports both trees. ``--stage`` adds the citation stage alone,
in-process (the style read and every note and the list of sources formatted, per render of the audience): the
first render of a process, then the median of the later ones.

    python benchmarks/csl_cost.py [PAIRS] [--audience A] [--csl FILE] [--jobs N] [--against DIR] [--stage]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "briefs" / "xinjiang-police-files"
CSL = HERE / "chicago-notes.csl"
TARGET = 2.0
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1764000000")


def dossiers(tmp: Path, audience: str, csl: Path) -> tuple[Path, Path, str]:
    """The sample as it is, and a copy whose ``audience`` cites in ``csl``; and the audience's built-in style."""
    builtin, own = tmp / "builtin", tmp / "csl"
    for root in (builtin, own):
        shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    (own / "styles").mkdir(exist_ok=True)
    shutil.copy(csl, own / "styles" / csl.name)
    text = (own / "dossier.yaml").read_text(encoding="utf-8")
    start = re.search(rf"^audiences:\n(?:.*\n)*?  {re.escape(audience)}:\n", text, re.M)
    if not start:
        sys.exit(f"the sample has no audience '{audience}'")
    style = re.compile(r"^    citation_style: *(\S+).*$", re.M).search(text, start.end())
    block_end = re.compile(r"^  \S", re.M).search(text, start.end())
    if style and (not block_end or style.start() < block_end.start()):
        name = style.group(1)
        text = text[:style.start()] + f"    citation_style: styles/{csl.name}" + text[style.end():]
    else:  # the default style
        name = "chicago-notes"
        text = text[:start.end()] + f"    citation_style: styles/{csl.name}\n" + text[start.end():]
    (own / "dossier.yaml").write_text(text, encoding="utf-8")
    return builtin, own, name


def build(root: Path, audience: str, out: Path, code: Path | None, jobs: str | None) -> float:
    """One cold build of one audience, in a fresh interpreter: its wall-clock time."""
    env = dict(ENV, PYTHONPATH=str(code)) if code else ENV
    extra = ["--jobs", jobs] if jobs else []
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "briefgen", "build", str(root), "-a", audience, "-o", str(out),
                             *extra], capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    elapsed = time.perf_counter() - start
    if result.returncode:
        sys.exit(result.stderr)
    assert list(out.glob(f"*-{audience}.pdf")), f"no PDF for {audience} in {out}"
    return elapsed


def stage_child(root: str, audience: str, renders: int) -> None:
    """In a child: the citation stage's seconds (the CSL style read, the notes and the list of sources
    formatted) in each of ``renders`` renders of ``audience``, as JSON."""
    import briefgen.cite.csl as csl
    import briefgen.render.document as document
    from briefgen.load import load
    from briefgen.select import select

    spent = [0.0]

    def timed(fn):
        def call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] += time.perf_counter() - start
        return call

    csl.CslFormat = timed(csl.CslFormat)  # render imports it at each call
    document.resolve = timed(document.resolve)
    ev = load(Path(root))
    seconds = []
    for _ in range(renders):
        spent[0] = 0.0
        document.render(ev, select(ev, audience))
        seconds.append(spent[0])
    print(json.dumps(seconds))


def stage(root: Path, audience: str, code: Path | None, renders: int = 6) -> list[float]:
    env = dict(ENV, PYTHONPATH=str(code) if code else str(HERE.parent))
    result = subprocess.run([sys.executable, __file__, "--stage-child", str(root), audience, str(renders)],
                            capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout)


def report(label: str, builtin: list[float], own: list[float]) -> None:
    ratios = [c / b for b, c in zip(builtin, own)]
    median = statistics.median(ratios)
    verdict = f"(target <= {TARGET}x): {'OK' if median <= TARGET else 'OVER'}"
    print(f"{label}.csl / built-in: median {median:.2f}x ({min(ratios):.2f}-{max(ratios):.2f}, {len(ratios)} pairs) "
          f"{verdict}; medians {statistics.median(builtin):.3f} s built-in, {statistics.median(own):.3f} s .csl")


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--stage-child"]:
        return stage_child(args[1], args[2], int(args[3]))

    def option(name: str) -> str | None:
        if name not in args:
            return None
        at = args.index(name)
        value = args[at + 1]
        del args[at:at + 2]
        return value

    audience = option("--audience") or "diplomats"
    csl = Path(option("--csl") or CSL).resolve()
    jobs = option("--jobs")
    against = option("--against")
    with_stage = "--stage" in args
    if with_stage:
        args.remove("--stage")
    pairs = int(args[0]) if args else 7
    trees = {"": None, **({f"other ({against}) ": Path(against).resolve()} if against else {})}
    here = HERE.parent
    with tempfile.TemporaryDirectory() as tmp:
        builtin_root, csl_root, style = dossiers(Path(tmp), audience, csl)
        print(f"audience {audience}: built-in {style} against {csl.name}")
        times = {label: ([], []) for label in trees}
        for label, code in trees.items():  # warm the OS file cache and __pycache__
            build(builtin_root, audience, Path(tmp) / "warm", code or here, jobs)
            build(csl_root, audience, Path(tmp) / "warm", code or here, jobs)
        for i in range(pairs):
            for label, code in trees.items():
                a = build(builtin_root, audience, Path(tmp) / f"b{i}", code or here, jobs)
                b = build(csl_root, audience, Path(tmp) / f"c{i}", code or here, jobs)
                times[label][0].append(a), times[label][1].append(b)
        for label, (a, b) in times.items():
            report(f"{label:<{max(map(len, trees))}}", a, b)
        if against:
            mine, theirs = times[""][1], times[next(k for k in trees if k)][1]
            ratios = [m / t for m, t in zip(mine, theirs)]
            print(f".csl builds, this tree / other: median {statistics.median(ratios):.2f}x "
                  f"({min(ratios):.2f}-{max(ratios):.2f})")
        if with_stage:
            for label, code in trees.items():
                a, b = stage(builtin_root, audience, code), stage(csl_root, audience, code)
                print(f"{label}citation stage, first render of a process: built-in {a[0] * 1000:.0f} ms, .csl "
                      f"{b[0] * 1000:.0f} ms; later renders (median): built-in {statistics.median(a[1:]) * 1000:.0f}"
                      f" ms, .csl {statistics.median(b[1:]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
