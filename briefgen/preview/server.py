"""The preview's web server: the standard library's threading HTTP server, on 127.0.0.1 only.

A request naming another host (a web page of elsewhere reaching this port through a name of its own) is
refused, and every answer forbids anything from elsewhere (Content-Security-Policy). ``/events`` is a
server-sent event stream: the page reloads when it says a new build is there.
"""

from __future__ import annotations

import json
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, unquote, urlsplit

from . import views
from .rebuild import Rebuilder

HOST = "127.0.0.1"
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (a closed page is noticed then)
CSP = ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
STATIC = {"preview.js": "text/javascript; charset=utf-8", "preview.css": "text/css; charset=utf-8"}
PAGE_PNG = re.compile(r"/page/([^/]+)/(\d{1,4})\.png")


class PreviewServer(ThreadingHTTPServer):
    """Serves one ``Rebuilder``'s state on 127.0.0.1 (``port`` 0: a free port)."""

    daemon_threads = True  # an open event stream does not keep the process alive

    def __init__(self, rebuilder: Rebuilder, port: int = 0):
        self.rebuilder = rebuilder
        self.renderings = views.Renderings()
        rebuilder.prepare = self.renderings.prepare
        super().__init__((HOST, port), Handler)
        self.port = self.server_address[1]
        self.hosts = {f"{HOST}:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while it loaded: nothing to say
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 -- the base class's name
        pass  # no line per request: the terminal is for the build's messages

    head_only = False

    def do_HEAD(self):  # noqa: N802 -- the base class's name
        """As GET, without the body (a link checker or `curl -I` got 501)."""
        self.head_only = True
        self.do_GET()

    def do_GET(self):  # noqa: N802 -- the base class's name
        if self.headers.get("Host", "") not in self.server.hosts:
            return self._send(HTTPStatus.FORBIDDEN, b"briefgen preview: this page is for 127.0.0.1 only\n",
                              "text/plain; charset=utf-8")
        path = unquote(urlsplit(self.path).path)
        rebuilder = self.server.rebuilder
        state = rebuilder.state
        if path == "/events" and not self.head_only:  # from a brief's page: ?brief=AUDIENCE, built first
            brief = parse_qs(urlsplit(self.path).query).get("brief", [None])[0]
            return self._events(rebuilder, brief if brief in {b.audience for b in state.briefs} else None)
        if path == "/":
            return self._html(views.index(state, self.server.renderings.page_sizes))
        if path == "/state.json":
            return self._send(HTTPStatus.OK, json.dumps(_summary(state), ensure_ascii=False).encode(),
                              "application/json; charset=utf-8")
        if path.startswith("/static/") and path[8:] in STATIC:
            data = files(__package__).joinpath("static", path[8:]).read_bytes()
            return self._send(HTTPStatus.OK, data, STATIC[path[8:]])
        briefs = {b.audience: b for b in state.briefs}
        if path.startswith("/a/") and path[3:] in briefs:
            b = briefs[path[3:]]
            docx = b.file("docx")
            word = self.server.renderings.word_html(docx) if docx else None
            pdf = b.file("pdf")
            sizes = self.server.renderings.page_sizes(pdf) if pdf else ()
            return self._html(views.brief(state, b, word, sizes))
        if m := PAGE_PNG.fullmatch(path):
            pdf = briefs[m[1]].file("pdf") if m[1] in briefs else None
            png = self.server.renderings.page_png(pdf, int(m[2])) if pdf else None
            if png is not None:
                current = urlsplit(self.path).query == f"v={pdf.digest}"  # this address always means this image
                return self._send(HTTPStatus.OK, png, "image/png",
                                  "private, max-age=86400, immutable" if current else "no-store")
        if path.startswith("/file/"):
            f = next((f for b in state.briefs for f in b.files if f.name == path[6:]), None)
            if f is not None:
                kind = "application/pdf" if f.format == "pdf" else \
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                return self._send(HTTPStatus.OK, f.data, kind, extra={
                    "Content-Disposition": f'attachment; filename="{f.name}"'})
        self._send(HTTPStatus.NOT_FOUND, views.not_found(state, path).encode(), "text/html; charset=utf-8")

    def _html(self, text: str):
        self._send(HTTPStatus.OK, text.encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, status, data: bytes, kind: str, cache: str = "no-store", extra: dict | None = None):
        self.send_response(status)
        self._headers(kind, cache, extra)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not self.head_only:
            self.wfile.write(data)

    def _headers(self, kind: str, cache: str, extra: dict | None = None):
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (extra or {}).items():
            self.send_header(name, value)

    def _events(self, rebuilder: Rebuilder, brief: str | None):
        """``event: build`` with the generation at once, then at each new build, until the page goes. While it
        is open, the ``brief`` it shows is built before the others."""
        self.send_response(HTTPStatus.OK)
        self._headers("text/event-stream; charset=utf-8", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = None
        if brief is not None:
            rebuilder.watch(brief, 1)
        try:
            while not rebuilder.closed:
                state = rebuilder.wait(seen, KEEPALIVE)
                if state.generation != seen:
                    seen = state.generation
                    self.wfile.write(f"event: build\ndata: {seen}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            if brief is not None:
                rebuilder.watch(brief, -1)


def _summary(state) -> dict:
    """The state as JSON, for tools and tests: no file content."""
    return {"generation": state.generation, "failed": state.failed, "seconds": round(state.seconds, 3),
            "written": state.written, "reused": state.reused, "pending": list(state.pending),
            "diagnostics": [line for _, line in state.diagnostics],
            "briefs": [{"audience": b.audience, "label": b.label, "marking": b.marking,
                        "files": [{"name": f.name, "format": f.format, "pages": f.pages, "digest": f.digest}
                                  for f in b.files]} for b in state.briefs]}
