"""What the libraries briefgen is built on take alone, on this machine, for the work issue 18's unmet targets
time. Plain ReportLab here does less than a brief needs (plain paragraphs: no note numbers, links, tags), the
way its users set text; importing ReportLab and reading the YAML with PyYAML's C loader are work no briefgen
can skip. A target under these figures is out of reach of a writer built on ReportLab and PyYAML on this
machine, short of setting text much faster than ReportLab's own paragraphs do.

``sample`` -- the sample's three first briefs (diplomats, lawmakers, press, fitted to their page budgets as
built). Three kinds of fresh process, alternately, each first in turn: briefgen building their PDFs (``briefgen
build -f pdf``); plain ReportLab setting their headings, paragraphs and notes as plain paragraphs in the
theme's TrueType fonts, one PDF each, nothing else (no note numbers, links, running header, tags, outline,
fonts for other scripts); a process that only imports ReportLab's layout engine and TrueType fonts; and Typst
compiling the same briefs (``typst_compare.py``'s sources), when the typst package is installed. Reported:
each side's median seconds, and the median of the paired ratios with their range: plain ReportLab and the
import against Typst (issue 18's target for briefgen: 1.2x), and plain ReportLab against the cold build's
0.45 s.

``large N`` -- N synthetic findings with 2N sources (``synth.py``, as ``jobs_scaling.py``). Fresh processes:
PyYAML's C loader reading every file of the dossier, keeping the values (no positions, no validation); plain
ReportLab setting the text of the brief briefgen builds from them (read from a file written before timing);
and briefgen's build of its PDF and Word file, for reference. Reported: seconds and peak memory of each, and
the two floors' sum (ReportLab cannot set a page before the text is read) against the target of 15 s.

``body MB`` -- one finding whose body is MB megabytes of cited text (``check_size.py``'s): the same two floors,
and ``briefgen check`` with the default jobs (a complete dry run: it writes every brief in memory), against the
target of 10 s.

    python benchmarks/floors.py sample [PAIRS]
    python benchmarks/floors.py large [N] [--rounds R]
    python benchmarks/floors.py body [MB] [--rounds R]
"""

from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from userenv import user_env  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
SAMPLE = HERE / "briefs" / "xinjiang-police-files"
AUDIENCES = ("diplomats", "lawmakers", "press")
EPOCH = "1764000000"

# Plain ReportLab (``plainrl.py``, pdf_stage.py's baseline) setting each brief into a PDF of its own. Given a
# pickle of (briefs, fonts, folder) and the folder of the benchmarks.
PLAIN = """\
import pickle, sys
sys.path.insert(0, sys.argv[2])
import plainrl
with open(sys.argv[1], "rb") as f:
    briefs, fonts, folder = pickle.load(f)
body = plainrl.register("Plain-body", fonts["body"])
sheet = plainrl.styles(body, plainrl.register("Plain-heading", fonts["heading"]) if "heading" in fonts else body)
pages = 0
for i, (texts, notes) in enumerate(briefs):
    with open(f"{folder}/plain-{i}.pdf", "wb") as out:
        pages += plainrl.build(plainrl.story(texts, notes, sheet), out)
print(pages)
"""

# Only ReportLab's import: its layout engine and TrueType fonts.
IMPORT = "import reportlab.platypus, reportlab.pdfbase.ttfonts"

# PyYAML's C loader reading every .yaml file under a folder, the values kept.
YAML = """\
import sys
from pathlib import Path
import yaml
files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
values = [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for p in files]
print(len(values))
"""


def run(command: list[str], env=None) -> tuple[float, float, float, str]:
    """A fresh process: its seconds, CPU seconds (with its children's), peak memory in MB (its largest
    process's), and what it printed."""
    with tempfile.TemporaryFile() as errors:
        t = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, env=env or user_env(),
                                 cwd=tempfile.gettempdir())
        out = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)  # its rusage, with the workers it waited for
        elapsed = time.perf_counter() - t
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            errors.seek(0)
            sys.exit(errors.read().decode())
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.decode()


def plain_inputs(documents, theme, folder: Path) -> Path:
    """The pickle the plain ReportLab process reads: each brief's (heading level, text) list and notes, the
    theme's body and heading TrueType files, and where to write."""
    from stagebench import paragraphs

    from briefgen import fonts

    files = {}  # the heading family only if it is another (its files are read once)
    for role, name in (("body", theme.fonts.body), ("heading", theme.fonts.heading)):
        if role == "body" or name != theme.fonts.body:
            family = fonts.family(name)
            files[role] = {style: str(family.path(style)) for style in fonts.STYLES}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "plain-inputs.pickle"
    path.write_bytes(pickle.dumps(([paragraphs(doc) for doc in documents], files, str(folder))))
    return path


def plain_command(inputs: Path) -> list[str]:
    """The plain ReportLab process, given the pickle ``plain_inputs`` wrote."""
    return [sys.executable, "-c", PLAIN, str(inputs), str(Path(__file__).resolve().parent)]


def median_of(runs, i: int) -> float:
    return statistics.median(r[i] for r in runs)


def ratio_line(label: str, a: list, b: list) -> str:
    ratios = [x[0] / y[0] for x, y in zip(a, b)]
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}, {len(ratios)} pairs"
    return f"{label}: median {statistics.median(ratios):.2f}x ({spread})"


def sample(pairs: int) -> None:
    try:
        import typst
    except ImportError:
        typst = None
    import typst_compare as tc

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plan, theme = tc.built(SAMPLE, AUDIENCES, tmp / "ref")
        inputs = plain_inputs([plan.documents[a] for a in AUDIENCES], theme, tmp / "plain")
        sides = {"briefgen": lambda i: tc.run_briefgen(tmp / f"briefgen{i}"),
                 "plain": lambda i: run(plain_command(inputs)),
                 "import": lambda i: run([sys.executable, "-c", IMPORT])}
        if typst is not None:
            sources, fonts = tc.write_sources(plan, theme, tmp / "typ")
            sides["typst"] = lambda i: tc.run_typst(sources, fonts, tmp / f"typst{i}")
        order = list(sides)
        for name in order:  # warm: the OS file cache, bytecode, briefgen's font cache
            sides[name]("warm")
        runs: dict[str, list] = {name: [] for name in order}
        for i in range(pairs):  # alternately, each side first in turn
            for name in order[i % len(order):] + order[:i % len(order)]:
                runs[name].append(sides[name](i))
        pages = run(plain_command(inputs))[3].strip()
    print(f"sample, {len(AUDIENCES)} PDFs ({', '.join(AUDIENCES)}), fresh processes, {pairs} rounds")
    print(f"  medians   briefgen {median_of(runs['briefgen'], 0):.3f} s   plain ReportLab "
          f"{median_of(runs['plain'], 0):.3f} s ({pages} pages)" +
          (f"   Typst {typst.__version__} {median_of(runs['typst'], 0):.3f} s" if typst else "") +
          f"   importing ReportLab alone {median_of(runs['import'], 0):.3f} s")
    plain = runs["plain"]
    if typst is not None:
        print("  " + ratio_line("plain ReportLab / Typst", plain, runs["typst"]) + " (briefgen's target: 1.2x)")
        print("  " + ratio_line("briefgen / Typst", runs["briefgen"], runs["typst"]))
        print("  " + ratio_line("importing ReportLab alone / Typst", runs["import"], runs["typst"]))
    else:
        print("  Typst: skipped (the typst package is not installed: pip install -e '.[bench]')")
    print("  " + ratio_line("briefgen / plain ReportLab", runs["briefgen"], plain))
    over = sum(r[0] > 0.45 for r in plain)
    print(f"  plain ReportLab's three PDFs alone took over 0.45 s (the cold build's target for six files) in "
          f"{over} of {len(plain)} runs")


def large_inputs(root: Path, folder: Path) -> Path:
    """The plain ReportLab process's inputs for the brief briefgen builds from ``root`` (planned here: run in a
    process of its own, whose memory no timed process inherits)."""
    from briefgen.load.theme import check_theme
    from briefgen.pipeline import plan, settled

    with settled():
        p = plan(root)
    return plain_inputs(list(p.documents.values()), check_theme(root), folder)


def large(n: int, rounds: int) -> None:
    from synth import make_dossier

    with tempfile.TemporaryDirectory() as tmp:
        root = make_dossier(Path(tmp) / f"synth{n}", n, n_sources=2 * n)
        _floors(root, Path(tmp), ["build", str(root), "-o", str(Path(tmp) / "out")], rounds,
                f"{n:,} findings, {2 * n:,} sources", "briefgen build, PDF and Word", "15 s and 350 MB")


def body(megabytes: float, rounds: int) -> None:
    from check_size import make

    with tempfile.TemporaryDirectory() as tmp:
        root = make(Path(tmp) / "big", megabytes)
        _floors(root, Path(tmp), ["check", str(root)], rounds, f"one finding, a {megabytes:g} MB body",
                "briefgen check (default jobs)", "10 s")


def _floors(root: Path, tmp: Path, command: list[str], rounds: int, what: str, ours: str, target: str) -> None:
    """PyYAML's C loader and plain ReportLab on ``root``'s text, and ``briefgen COMMAND``, each in fresh
    processes, in turn; the floor (read, then set) against ``target``."""
    env = user_env()
    inputs = Path(run([sys.executable, __file__, "inputs", str(root), str(tmp / "plain")], env)[3].strip())
    sides = {"yaml": [sys.executable, "-c", YAML, str(root)], "plain": plain_command(inputs),
             "briefgen": [sys.executable, "-m", "briefgen", *command]}
    runs: dict[str, list] = {name: [] for name in sides}
    for i in range(rounds):
        for name in list(sides)[i % 3:] + list(sides)[:i % 3]:
            runs[name].append(run(sides[name], env))
    pages = runs["plain"][-1][3].strip()
    print(f"{what}, fresh processes, {rounds} rounds (medians; peak memory of the largest process)")
    for name, label in (("yaml", "PyYAML's C loader, every file"), ("plain", f"plain ReportLab ({pages} pages)"),
                        ("briefgen", ours)):
        r = runs[name]
        print(f"  {label:40s} {median_of(r, 0):7.2f} s  CPU {median_of(r, 1):7.2f} s  peak {median_of(r, 2):5.0f} MB")
    floor = [y[0] + pl[0] for y, pl in zip(runs["yaml"], runs["plain"])]
    print(f"  floor (read, then set): {statistics.median(floor):.2f} s ({min(floor):.2f}-{max(floor):.2f}); "
          f"the target for briefgen: {target}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description="what ReportLab and PyYAML alone take for issue 18's targets")
    if sys.argv[1:2] == ["inputs"]:  # large's and body's preparation, in a process of its own
        print(large_inputs(Path(sys.argv[2]), Path(sys.argv[3])))
        return
    parser.add_argument("mode", choices=["sample", "large", "body"])
    parser.add_argument("n", nargs="?", type=float,
                        help="rounds (sample: 7), findings (large: 10,000) or megabytes (body: 10)")
    parser.add_argument("--rounds", type=int, default=2, help="large, body: rounds of the three processes")
    args = parser.parse_args()
    if args.mode == "sample":
        sample(int(args.n or 7))
    elif args.mode == "large":
        large(int(args.n or 10_000), args.rounds)
    else:
        body(args.n or 10.0, args.rounds)


if __name__ == "__main__":
    main()
