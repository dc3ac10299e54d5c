"""``briefgen preview``: build a dossier, show its briefs on a local page, and build again after each save.

``rebuild.py`` builds in this one process (only the briefs whose document changed are written again) and
keeps the last good build; ``watch.py`` watches the dossier's folder (watchfiles); ``server.py`` serves the
page on 127.0.0.1 (the standard library's HTTP server) and tells it to reload (server-sent events);
``views.py`` makes the page, the PDF pages as images (pypdfium2) and the Word text (mammoth).
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from ..errors import BriefgenError


def main(dossier: Path, port: int = 0, out: Path | None = None, jobs: int | None = None) -> int:
    """The command: serve until Ctrl+C (exit status 0); 1 when it cannot start (no such folder, port taken)."""
    try:
        serve(dossier, port, out, jobs)
    except BriefgenError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("briefgen: preview stopped.", file=sys.stderr)
    return 0


def serve(dossier: Path, port: int = 0, out: Path | None = None, jobs: int | None = None) -> None:
    """Build ``dossier``, serve its briefs at http://127.0.0.1:PORT/ (``port`` 0: a free one, printed) and build
    again after each save, until interrupted (``KeyboardInterrupt`` reaches the caller once all has stopped).
    A dossier that does not build is served all the same: the page shows its errors."""
    from ..jobs import default_jobs
    from .rebuild import Rebuilder
    from .server import HOST, PreviewServer
    from .watch import Watcher

    dossier = Path(dossier)
    if not dossier.exists():  # nothing to watch (a folder without a dossier.yaml is served: its error shown)
        raise BriefgenError(f"no such folder: {dossier} (preview needs the folder that holds dossier.yaml)")
    root = dossier if dossier.is_dir() else dossier.parent
    pool = start_workers(default_jobs() if jobs is None else jobs)  # forked now, before this process has threads
    rebuilder = Rebuilder(dossier, out, pool=pool, jobs=None if pool else 1)
    try:
        server = PreviewServer(rebuilder, port)
    except OSError as exc:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise BriefgenError(f"cannot serve on {HOST}:{port}: {exc.strerror}") from None
    watcher = Watcher(root, Path(out) if out else root / "build", lambda paths: _rebuild(rebuilder))
    try:
        threading.Thread(target=server.serve_forever, name="briefgen-serve", daemon=True).start()
        watcher.start()
        print(f"briefgen: previewing {dossier} at {server.url} (Ctrl+C to stop)", flush=True)
        watcher.stop_event.watching.wait(5)  # a save from now on is seen
        _rebuild(rebuilder)
        watcher.join()
        if watcher.error is not None:
            raise BriefgenError(f"stopped watching {root}: {watcher.error}")
    finally:
        watcher.stop()
        rebuilder.close()
        server.shutdown()
        server.server_close()
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def start_workers(jobs: int):
    """The writers' worker processes, started once for the whole preview. They ignore Ctrl+C: it is this
    process's to handle (they end with it)."""
    if jobs <= 1:
        return None
    from ..jobs import start_pool

    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: no workers
        return None
    try:
        return start_pool(jobs, every_writer=True)  # imported once, for every rebuild: each takes any job
    finally:
        signal.signal(signal.SIGINT, previous)


def _rebuild(rebuilder) -> None:
    state = rebuilder.rebuild()
    errors = state.errors
    if state.failed:
        for severity, line in state.diagnostics:
            if severity == "error":
                print(line, file=sys.stderr)
        print(f"briefgen: rebuild failed ({errors} error{'s' * (errors != 1)}): the page shows them beside "
              "the last good briefs", file=sys.stderr, flush=True)
    else:
        warnings = len(state.diagnostics) - errors
        print(f"briefgen: built in {state.seconds:.2f} s ({state.written} file{'s' * (state.written != 1)} "
              f"written; {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)})",
              file=sys.stderr, flush=True)
