"""briefgen preview: a copy of the sample served by the real command, read with urllib and in headless Chromium
(Debian's chromium and chromium-driver through Selenium; that test skips where one of them is missing)."""

from __future__ import annotations

import hashlib
import os
import select
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import EPOCH, SAMPLE, run_cli

FINDING = Path("findings") / "shoot-to-kill-protocols.yaml"  # in every audience's brief
OLD, NEW = "They order guards to shoot", "They order Zyxwardens to shoot"


@pytest.fixture
def dossier(tmp_path):
    root = tmp_path / "d"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("build"))
    assert OLD in (root / FINDING).read_text(encoding="utf-8")
    # The edits below change an English finding the French audience prints translated: not strict here, so
    # that its French is printed, stale, with a warning (test_translations.py tests the strict audience).
    dossier = root / "dossier.yaml"
    text = dossier.read_text(encoding="utf-8")
    assert "    translations: strict" in text
    dossier.write_text(text.replace("    translations: strict", ""), encoding="utf-8")
    return root


AUDIENCES = yaml.safe_load((SAMPLE / "dossier.yaml").read_text(encoding="utf-8"))["audiences"]
FILES = 2 * len(AUDIENCES)  # a PDF and a Word file each
JOBS = FILES  # writer jobs: one per file (a brief with a page budget: its fit, which is its PDF, then its Word file)


class Preview:
    """A running ``briefgen preview`` of ``root``."""

    def __init__(self, root: Path, *args: str):
        self.root = root
        self.log = root.parent / "preview.log"
        self.proc = subprocess.Popen([sys.executable, "-m", "briefgen", "preview", root.name, *args],
                                     cwd=root.parent, stdout=subprocess.PIPE, stderr=self.log.open("w"),
                                     text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
        ready, _, _ = select.select([self.proc.stdout], [], [], 60)
        line = self.proc.stdout.readline() if ready else ""
        assert line.startswith(f"briefgen: previewing {root.name} at http://127.0.0.1:"), line + self.errors()
        self.url = line.split(" at ")[1].split()[0]
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    def errors(self) -> str:
        return self.log.read_text(encoding="utf-8") if self.log.exists() else ""

    def get(self, path: str, host: str | None = None):
        request = urllib.request.Request(self.url + path.lstrip("/"), headers={"Host": host} if host else {})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()

    def state(self) -> dict:
        import json

        return json.loads(self.get("/state.json")[2])

    def after(self, generation: int, timeout: float = 30) -> dict:
        """The state once a rebuild after ``generation`` has finished."""
        deadline = time.monotonic() + timeout
        while (state := self.state())["generation"] <= generation:
            assert time.monotonic() < deadline, f"no rebuild after {generation}\n{self.errors()}"
            time.sleep(0.05)
        return state

    def edit(self, old: str, new: str, rel: Path = FINDING) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def preview(dossier):
    started = []

    def start(*args: str) -> Preview:
        started.append(Preview(dossier, *args))
        return started[-1]

    try:
        yield start
    finally:
        for p in started:
            p.stop()


def _listening(port: int) -> list[str]:
    """The local addresses of the sockets listening on ``port`` (hex, as /proc/net/tcp and tcp6 write them)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                found.append(local.rsplit(":", 1)[0])
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serves_on_loopback_only_and_escapes_the_dossier(preview):
    port = _free_port()
    p = preview("--port", str(port))
    assert p.url == f"http://127.0.0.1:{port}/"
    state = p.after(0)
    assert not state["failed"] and len(state["briefs"]) == len(AUDIENCES), state
    if Path("/proc/net/tcp").exists():
        assert _listening(port) == ["0100007F"]  # 127.0.0.1, and nothing on IPv6 or any other address
    with pytest.raises(urllib.error.HTTPError) as refused:  # a page of elsewhere, through a name of its own
        p.get("/", host=f"evil.example:{port}")
    assert refused.value.code == 403

    status, headers, body = p.get("/")
    assert status == 200 and "default-src 'none'" in headers["Content-Security-Policy"]
    head = urllib.request.Request(p.url, method="HEAD")  # as a link checker or `curl -I` asks (it got 501)
    with urllib.request.urlopen(head, timeout=30) as response:
        assert response.status == 200 and response.read() == b"" and \
            int(response.headers["Content-Length"]) == len(body)
    assert b"Briefing note for diplomats" in body and b"/page/diplomats/1.png?v=" in body
    # The Word view: each block in its own direction, as in the brief (English findings in the Uyghur bulletin).
    community = p.get("/a/community")[2].decode()
    assert 'id="bg-word" lang="ug" dir="rtl"' in community and '<p dir="auto">' in community
    status, headers, png = p.get(f"/page/press/1.png?v={state['briefs'][2]['files'][0]['digest']}")
    assert headers["Content-Type"] == "image/png" and png.startswith(b"\x89PNG")
    name = state["briefs"][0]["files"][1]["name"]
    status, headers, docx = p.get(f"/file/{name}")
    assert docx == (p.root / "build" / name).read_bytes() and "attachment" in headers["Content-Disposition"]
    for missing in ("/a/nobody", "/file/../dossier.yaml", "/page/diplomats/99.png", "/static/../__init__.py"):
        with pytest.raises(urllib.error.HTTPError) as err:
            p.get(missing)
        assert err.value.code == 404, missing

    # Text of the dossier is text, in the page and in the Word view, wherever it goes.
    p.edit("label: Briefing note for diplomats", 'label: Note <script>alert("label")</script>',
           Path("dossier.yaml"))
    p.edit(OLD, 'They order <img src=x onerror=alert(1)> guards <script>alert("finding")</script> to shoot')
    deadline = time.monotonic() + 30
    while b"onerror=alert(1)&gt;" not in (pages := p.get("/")[2] + p.get("/a/diplomats")[2]):  # both saves built
        assert time.monotonic() < deadline, p.errors()
        time.sleep(0.1)
    assert b"<script>alert" not in pages and b"<img src=x" not in pages
    assert b"Note &lt;script&gt;alert(&quot;label&quot;)&lt;/script&gt;" in pages
    assert b"&lt;img src=x onerror=alert(1)&gt; guards &lt;script&gt;alert(" in pages  # in the Word view


def test_only_changed_files_are_written_and_they_are_a_builds(preview, tmp_path):
    p = preview()
    state = p.after(0)
    assert state["written"] == FILES and state["reused"] == 0
    built = sorted((p.root / "build").iterdir())
    times = {f.name: f.stat().st_mtime_ns for f in built}
    finding = p.root / FINDING
    finding.write_text(finding.read_text(encoding="utf-8"), encoding="utf-8")  # saved, unchanged
    state = p.after(state["generation"])
    assert (state["written"], state["reused"], state["failed"]) == (0, JOBS, False)
    assert {f.name: f.stat().st_mtime_ns for f in built} == times
    p.edit(OLD, NEW)
    state = p.after(state["generation"])
    assert (state["written"], state["reused"]) == (FILES, 0)  # each brief carries the SHA-256 of its dossier
    assert all(f.stat().st_mtime_ns != times[f.name] for f in built)
    p.edit(NEW, OLD)  # undone: every brief as the first build made it, from the cache
    state = p.after(state["generation"])
    assert (state["written"], state["reused"]) == (FILES, JOBS)
    fresh = run_cli("build", p.root, "--out", tmp_path / "fresh")
    assert fresh.returncode == 0, fresh.stderr
    for f in built:
        assert f.read_bytes() == (tmp_path / "fresh" / f.name).read_bytes(), f.name
    digests = {f["name"]: f["digest"] for b in state["briefs"] for f in b["files"]}
    assert len(digests) == FILES and len(set(digests.values())) == FILES


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture
def browser():
    pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[test]')")
    for exe in (CHROMIUM, CHROMEDRIVER):
        if not Path(exe).is_file():
            pytest.skip(f"{exe} is missing (Debian: apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--window-size=1400,1000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)  # no download
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_follows_the_dossier_in_chromium(preview, browser):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def within(seconds: float) -> WebDriverWait:  # the page may be reloading when asked
        return WebDriverWait(browser, seconds, 0.05, (NoSuchElementException, StaleElementReferenceException))

    p = preview()
    if Path("/proc/net/tcp").exists():
        assert _listening(p.port) == ["0100007F"]  # 127.0.0.1 only
    browser.get(p.url + "a/diplomats")
    within(60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "img.page"))

    def first_page_shown(d):
        images = d.find_elements(By.CSS_SELECTOR, "img.page")
        return images and d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", images[0])

    def settled(d):  # the pages shown at once have loaded: a reader looks, then edits
        return d.execute_script("return document.readyState === 'complete' && Array.from("
                                "document.querySelectorAll('img.page:not([loading=lazy])')).every(i => i.complete)")

    within(30).until(first_page_shown)
    within(30).until(settled)
    first = browser.find_element(By.CSS_SELECTOR, "img.page").get_attribute("src")
    assert "They order guards to shoot" in browser.find_element(By.ID, "bg-word").text

    p.edit(OLD, NEW)  # a word changed: the page shows it, within two seconds
    within(2).until(
        lambda d: NEW in d.find_element(By.ID, "bg-word").text
        and d.find_element(By.CSS_SELECTOR, "img.page").get_attribute("src") != first)
    within(5).until(first_page_shown)
    within(30).until(settled)
    good = browser.find_element(By.CSS_SELECTOR, "img.page").get_attribute("src")

    p.edit("priority: 1", "priority: [1")  # a YAML syntax error: shown with its place, the last pages kept
    within(2).until(lambda d: d.find_elements(By.ID, "bg-failed"))
    errors = browser.find_element(By.ID, "bg-diagnostics").text
    assert f"{FINDING.as_posix()}:" in errors and "error: YAML syntax" in errors, errors
    assert browser.find_element(By.CSS_SELECTOR, "img.page").get_attribute("src") == good
    within(5).until(first_page_shown)
    assert NEW in browser.find_element(By.ID, "bg-word").text
    within(30).until(settled)

    p.edit("priority: [1", "priority: 1")  # fixed: the error goes
    within(2).until(lambda d: not d.find_elements(By.ID, "bg-failed"))
    assert "error:" not in browser.find_element(By.TAG_NAME, "body").text


def test_diagnostics_and_titles_are_text():
    from briefgen.preview import views
    from briefgen.preview.rebuild import Brief, File, State

    hostile = '<script>alert("x")</script>'
    f = File(f"{hostile}.pdf", "pdf", b"", '"><b>', 1)
    state = State(3, hostile, (Brief(hostile, hostile, hostile, 1, "en", "ltr", (f,)),),
                  (("error", f"findings/a.yaml:1: error: {hostile}"),), failed=True, built=hostile)
    b = state.briefs[0]
    for page in (views.index(state), views.brief(state, b, None), views.not_found(state, hostile)):
        assert "<script>alert" not in page and '"><b>' not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def _digests(state) -> dict[str, str]:
    return {f.name: f.digest for b in state.briefs for f in b.files}


def _recorded(dossier):
    """A ``Rebuilder`` of ``dossier`` (in this process) that has built once: it, its first state, and the list
    each state it publishes from now on goes to."""
    from briefgen.preview.rebuild import Rebuilder

    r = Rebuilder(dossier, jobs=1)
    first = r.rebuild()
    published: list = []
    publish = r.publish
    r.publish = lambda state: published.append(state) or publish(state)
    return r, first, published


def test_the_brief_a_page_shows_is_built_and_published_before_the_others(dossier):
    """A page shows the diplomats' brief: after an edit its new brief is published on its own (the others
    still the last build's, named as pending), then every brief; the counts are those of the whole rebuild,
    and an edit undone takes every brief from the cache as before."""
    r, first, published = _recorded(dossier)
    prepared, disk = [], {}

    def prepare(state, shown):
        prepared.append((state.generation, shown))
        disk[state.generation] = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()[:16]
                                  for f in (dossier / "build").iterdir()}

    r.prepare = prepare
    r.watch("diplomats", 1)
    assert (r.rebuild().written, r.state.reused) == (0, JOBS) and len(published) == 1  # a save: nothing new
    published.clear()

    (dossier / FINDING).write_text((dossier / FINDING).read_text(encoding="utf-8").replace(OLD, NEW, 1),
                                   encoding="utf-8")
    final = r.rebuild()
    assert [s.generation for s in published] == [3, 4] and final is published[-1] is r.state
    shown, before = published[0], _digests(first)
    assert shown.pending == tuple(a for a in AUDIENCES if a != "diplomats") and not shown.failed
    assert [b.audience for b in shown.briefs] == list(AUDIENCES)
    changed = {name for name, digest in _digests(shown).items() if digest != before[name]}
    assert changed == {f"xinjiang-police-files-diplomats.{fmt}" for fmt in ("pdf", "docx")}
    assert (shown.written, shown.reused) == (0, 0)  # not yet to the output folder: the whole build writes it
    assert disk[shown.generation] == before
    assert not final.pending and (final.written, final.reused) == (FILES, 0)
    assert all(_digests(final)[name] != digest for name, digest in before.items())
    assert _digests(final)["xinjiang-police-files-diplomats.pdf"] == _digests(shown)[
        "xinjiang-police-files-diplomats.pdf"]
    assert prepared == [(2, ["diplomats"]), (3, ["diplomats"]), (4, ["diplomats"])]  # before the others built

    published.clear()
    (dossier / FINDING).write_text((dossier / FINDING).read_text(encoding="utf-8").replace(NEW, OLD, 1),
                                   encoding="utf-8")
    undone = r.rebuild()  # the first build's files, every one from the cache (the part built first included)
    assert (undone.written, undone.reused) == (FILES, JOBS) and _digests(undone) == before

    r.watch("diplomats", -1)  # the page closed: one build of every brief
    published.clear()
    (dossier / FINDING).write_text((dossier / FINDING).read_text(encoding="utf-8").replace(OLD, NEW, 1),
                                   encoding="utf-8")
    assert r.rebuild().written == FILES and len(published) == 1


def test_a_failed_build_of_the_brief_shown_is_the_whole_builds(dossier):
    """A YAML error: one failed state, with the errors of the build of every brief; fixed, the brief shown
    first (the error gone at once), then the others."""
    r, good, published = _recorded(dossier)
    r.watch("press", 1)
    text = (dossier / FINDING).read_text(encoding="utf-8")
    (dossier / FINDING).write_text(text.replace("priority: 1", "priority: [1", 1), encoding="utf-8")
    failed = r.rebuild()
    assert len(published) == 1 and failed.failed and failed.briefs == good.briefs
    assert any("error: YAML syntax" in line for _, line in failed.diagnostics), failed.diagnostics
    published.clear()
    (dossier / FINDING).write_text(text, encoding="utf-8")
    fixed = r.rebuild()
    assert [s.failed for s in published] == [False, False] and published[0].pending and not fixed.pending
    assert fixed.briefs == good.briefs  # the same dossier again: the same files


def test_a_brief_page_names_its_brief_to_the_event_stream(dossier):
    """The page's event stream says which brief it shows (the Rebuilder builds it first while it is open);
    a name that is no brief is not counted. The page keeps room for each image (width and height)."""
    import threading

    from briefgen.preview.rebuild import Rebuilder
    from briefgen.preview.server import PreviewServer

    r = Rebuilder(dossier, jobs=1)
    r.rebuild()
    server = PreviewServer(r)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = urllib.request.urlopen(server.url + "a/diplomats", timeout=30).read().decode()
        assert '<body data-generation="1" data-brief="diplomats">' in page
        assert ' width="893" height="1263" alt="Page 1 of 8" class="page">' in page  # A4 at 1.5 pixels a point
        assert ' width="893" height="1263" alt="Page 3 of 8" class="page" loading=lazy>' in page
        index = urllib.request.urlopen(server.url, timeout=30).read().decode()
        assert index.count(' width="893" height="1263" alt="First page of the brief for ') == len(AUDIENCES)
        for query, counted in (("brief=diplomats", {"diplomats": 1}), ("brief=nobody", {}), ("", {})):
            stream = urllib.request.urlopen(f"{server.url}events?{query}", timeout=30)
            assert stream.readline() == b"event: build\n"
            assert {k: v for k, v in r.watching.items() if v} == counted, query
            stream.close()
            deadline = time.monotonic() + 30
            r.close()  # the stream's wait ends, and with it the count
            while any(r.watching.values()):
                assert time.monotonic() < deadline
                time.sleep(0.01)
            r.closed = False
    finally:
        server.shutdown()
        server.server_close()


def test_a_failed_build_shows_and_leaves_the_last_whole_build(dossier):
    """The brief a page shows builds, another's template does not: the page gets its new brief at once, then
    the failed build's error over the briefs of the last build that did not fail, which the output folder
    holds still (a brief from a dossier the build rejects was written there, and shown as the last good one)."""
    r, good, published = _recorded(dossier)
    r.watch("diplomats", 1)
    (dossier / "templates").mkdir()
    (dossier / "templates" / "press.md.j2").write_text("{{ undefined_thing.x }}\n", encoding="utf-8")
    (dossier / FINDING).write_text((dossier / FINDING).read_text(encoding="utf-8").replace(OLD, NEW, 1),
                                   encoding="utf-8")
    failed = r.rebuild()
    shown = published[0]
    assert not shown.failed and shown.pending and len(published) == 2
    assert {n for n, d in _digests(shown).items() if d != _digests(good)[n]} == \
        {f"xinjiang-police-files-diplomats.{fmt}" for fmt in ("pdf", "docx")}
    assert failed.failed and failed.briefs == good.briefs and failed.built == good.built
    assert any("press.md.j2:1: error: template: 'undefined_thing' is undefined" in line
               for _, line in failed.diagnostics), failed.diagnostics
    for name, digest in _digests(good).items():
        assert hashlib.sha256((dossier / "build" / name).read_bytes()).hexdigest()[:16] == digest, name
    assert sorted(p.name for p in (dossier / "build").iterdir()) == sorted(_digests(good))


def test_a_template_or_catalogue_added_while_previewing_is_used(dossier):
    """A built-in template copied into the dossier to be changed, while the preview runs, was never used:
    the environment of the first build (no templates folder) was kept for the process. A label catalogue
    added then was not found either."""
    from briefgen.i18n import has_catalogue
    from briefgen.load.paths import builtin_dir
    from briefgen.preview.rebuild import Rebuilder

    def release(state) -> bytes:
        return next(f.data for b in state.briefs if b.audience == "press" for f in b.files if f.format == "docx")

    def text(docx: bytes) -> str:
        import io
        import zipfile

        return zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()

    r = Rebuilder(dossier, jobs=1)
    assert "FOR IMMEDIATE RELEASE" in text(release(r.rebuild()))
    own = dossier / "templates" / "press.md.j2"
    own.parent.mkdir()
    r.rebuild()  # an empty folder first, as one is made before a file is copied into it
    shipped = (Path(builtin_dir()) / "press.md.j2").read_text(encoding="utf-8")
    own.write_text(shipped.replace("FOR IMMEDIATE RELEASE", "EMBARGOED UNTIL NOON"), encoding="utf-8")
    assert "EMBARGOED UNTIL NOON" in text(release(r.rebuild()))
    own.unlink()
    assert "FOR IMMEDIATE RELEASE" in text(release(r.rebuild()))

    folder = str(dossier / "templates")
    assert not has_catalogue("nl", folder)
    po = dossier / "templates" / "locale" / "nl" / "LC_MESSAGES" / "briefgen.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8")
    assert has_catalogue("nl", folder)


def _fonts(pdf: bytes) -> dict[str, set[int]]:
    """The PDF's fonts, by PostScript name (without the subset's prefix), and their glyphs' widths."""
    import io

    from pypdf import PdfReader

    found: dict[str, set[int]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            found.setdefault(str(f["/BaseFont"]).split("+")[-1], set()).update(int(w) for w in f["/Widths"])
    return found


def test_a_font_file_replaced_while_previewing_is_read_again(dossier):
    """The theme's body font, a file of the dossier, replaced by another under the same name while the preview
    runs: the next brief is set in the new one (the process kept the first one's parsed faces, coverage and
    glyphs under the file's name)."""
    from briefgen.fonts import family, file_path
    from briefgen.preview.rebuild import Rebuilder

    (dossier / "templates").mkdir()
    (dossier / "templates" / "theme.yaml").write_text("fonts:\n  body: house.ttf\n", encoding="utf-8")
    house = dossier / "house.ttf"
    house.write_bytes(file_path(family("PT Sans"), "regular").read_bytes())
    r = Rebuilder(dossier, audiences=["press"], jobs=1)

    def fonts() -> dict[str, set[int]]:
        state = r.rebuild()
        assert not state.failed, state.diagnostics
        return _fonts(state.briefs[0].file("pdf").data)

    assert "PTSans-Regular" in fonts()
    house.write_bytes(file_path(family("IBM Plex Mono"), "regular").read_bytes())
    os.utime(house, ns=(house.stat().st_atime_ns, house.stat().st_mtime_ns + 1_000_000_000))  # a later save
    now = fonts()
    assert "PTSans-Regular" not in now and now.get("IBMPlexMono-Regular", set()) - {0} == {600}, now  # monospaced


@pytest.mark.parametrize("how", ["removed and copied back", "moved away and copied back", "removed, then made"])
def test_the_folder_replaced_while_watched_is_watched_again(tmp_path, how):
    """A backup restored or an archive unpacked again over the dossier: the watcher watched the folder that was
    gone (the system reports nothing of the new one), and the preview served the old briefs as current, for
    good, without a word. Now the folder at the path is built, and watched."""
    from briefgen.preview.watch import Watcher

    root = tmp_path / "d"
    root.mkdir()
    (root / "a.yaml").write_text("1", encoding="utf-8")
    calls: list[list[str]] = []
    w = Watcher(root, root / "build", calls.append)
    w.start()
    try:
        assert w.stop_event.watching.wait(10)

        def seen(what, count: int) -> None:
            deadline = time.monotonic() + 15
            while len(calls) < count:
                assert time.monotonic() < deadline, (what, calls)
                time.sleep(0.02)

        (root / "a.yaml").write_text("2", encoding="utf-8")
        seen("an edit", 1)
        spare = shutil.copytree(root, tmp_path / "spare")
        if how == "removed and copied back":
            shutil.rmtree(root)
            shutil.copytree(spare, root)
        elif how == "moved away and copied back":
            root.rename(tmp_path / "old")
            shutil.copytree(spare, root)
        else:
            shutil.rmtree(root)
            seen("the folder gone", 2)
            root.mkdir()
            (root / "a.yaml").write_text("3", encoding="utf-8")
        seen("the folder there again", 3)  # built as it went, and once the new one is watched
        count = len(calls)
        time.sleep(0.3)
        (root / "a.yaml").write_text("4", encoding="utf-8")
        seen("an edit in the new folder", count + 1)
        assert str(root / "a.yaml") in calls[-1], calls
    finally:
        w.stop()
        w.join(10)
    assert not w.is_alive() and w.error is None


def test_the_dossier_s_sha256_counts_what_the_preview_watches(dossier, tmp_path):
    """An editor's backup (``name~``) changed every brief's SHA-256 of the dossier, which the preview did not
    watch: removing it left build/ unlike a build of the same folder; so did a file a link leads to outside the
    folder, which the build does not read. Both are out of the SHA-256 now, and neither wakes the watcher; an
    edit still changes it (the files' digests kept by size, time and inode are read again)."""
    from briefgen.load import load
    from briefgen.load.paths import is_evidence
    from briefgen.preview.watch import Watcher

    for rel in ("findings/a.yaml~", "#notes.md#", "findings/.a.yaml.swp", "a.yaml.swo", "build/x.pdf",
                "__pycache__/x.pyc", "templates/x.py.pyc", "flycheck_a.yaml", "a.yaml___jb_tmp___"):
        assert not is_evidence(rel), rel
    for rel in ("findings/a.yaml", "templates/press.md.j2", "figures/map~1.png", "sources.yaml", "builds/a.yaml"):
        assert is_evidence(rel), rel

    def sha() -> str:
        return load(dossier).inputs_sha256

    first = sha()
    finding = dossier / FINDING
    (finding.parent / (finding.name + "~")).write_bytes(finding.read_bytes() + b"# old\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("one", encoding="utf-8")
    (dossier / "notes.txt").symlink_to(outside)
    assert sha() == first
    outside.write_text("two", encoding="utf-8")
    assert sha() == first
    finding.write_text(finding.read_text(encoding="utf-8").replace(OLD, NEW, 1), encoding="utf-8")
    assert sha() != first

    w = Watcher(dossier, dossier / "build", lambda paths: None)
    for name in (finding.name + "~", "notes.txt~"):
        assert not w.wanted(None, str(finding.parent / name))
    assert w.wanted(None, str(finding)) and w.wanted(None, str(dossier))
