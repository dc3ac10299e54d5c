"""Time the load stage (YAML with positions → validated, cross-checked model) on 1,000 findings.

Target (issue 2): under 1 s for 1,000 findings, with every position kept. Prints seconds for the
folder layout (one file per finding) and the single-file layout, with libyaml's C parser and, for
comparison, PyYAML's pure-Python one.

    python benchmarks/load_1000.py [N]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import yaml  # noqa: E402

from briefgen.load import loader as load_mod, yamlsrc  # noqa: E402
from synth import make_dossier  # noqa: E402


def best_of(fn, runs=5):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        for layout in ("folder", "file"):
            root = make_dossier(Path(tmp) / layout, n, layout)
            for name, loader in (("libyaml", getattr(yaml, "CSafeLoader", None)), ("pure-python", yaml.SafeLoader)):
                if loader is None:
                    print(f"{layout:6}  {name:11}  (not available)")
                    continue
                yamlsrc.Loader = loader
                ev = load_mod.load(root)
                assert len(ev.findings) == n
                best, median = best_of(lambda: load_mod.load(root), runs=5 if name == "libyaml" else 1)
                verdict = "" if name != "libyaml" else ("  OK (< 1 s)" if best < 1 else "  OVER TARGET")
                print(f"{layout:6}  {name:11}  {n} findings  best {best:.3f} s  median {median:.3f} s{verdict}")


if __name__ == "__main__":
    main()
