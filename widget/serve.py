"""Serves the web chat widget (widget.js, widget.css), the demo page, and the widget's webhook.

Standard library only. One origin for the page, the widget and its webhook, so the browser never needs CORS and
Rasa runs without `--cors`: POST /webhooks/webchat/webhook is forwarded to the Rasa server (loopback). Nothing else
of Rasa is reachable through here (no HTTP API, no other channel). Every response carries a strict
Content-Security-Policy: the page may load scripts, styles and images from this origin only and talk to this
origin only, which is also what a hospital's own CSP needs to allow for the widget.

A hospital page on another origin can embed the widget (script tag pointing here): list that page's origin in
BACLOFEN_WIDGET_ORIGINS (space-separated, exact "https://www.hospital.example") to allow its webhook calls.

    python widget/serve.py            # http://127.0.0.1:8080, forwarding to http://127.0.0.1:5005

Settings (baclofen.settings): BACLOFEN_WIDGET_HOST, BACLOFEN_WIDGET_PORT, BACLOFEN_RASA_URL,
BACLOFEN_WIDGET_ORIGINS (empty: same origin only), BACLOFEN_REQUEST_READ_SECONDS. Request logs carry method, path
and status only, never message text.

Every connection is bounded: a request body needs a Content-Length of 0 to 16 kB (a negative or missing one is
refused, never read "to the end of the stream"); each read waits at most BACLOFEN_REQUEST_READ_SECONDS, and the
whole request (headers and body) must have arrived by then too, or the connection is closed: a client sending a
byte at a time (slow loris) or nothing at all holds a thread that long, no longer.
"""
from __future__ import annotations

import http.client
import socket
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script: the project's settings module (standard library only)

from baclofen import settings  # noqa: E402
FILES = {  # URL path -> (file, content type): an explicit list, nothing else is served
    "/": (HERE / "demo" / "index.html", "text/html; charset=utf-8"),
    "/demo/": (HERE / "demo" / "index.html", "text/html; charset=utf-8"),
    "/demo/index.html": (HERE / "demo" / "index.html", "text/html; charset=utf-8"),
    "/demo/visiting.html": (HERE / "demo" / "visiting.html", "text/html; charset=utf-8"),
    "/demo/demo.css": (HERE / "demo" / "demo.css", "text/css; charset=utf-8"),
    "/widget.js": (HERE / "widget.js", "text/javascript; charset=utf-8"),
    "/widget.css": (HERE / "widget.css", "text/css; charset=utf-8"),
}
WEBHOOK = "/webhooks/webchat/webhook"
MAX_BODY = 16 * 1024
UPSTREAM_MARGIN_SECONDS = 5  # the Rasa server answers within its reply timeout; a little more for the way back
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


class Handler(BaseHTTPRequestHandler):
    server_version = "baclofen-widget"
    sys_version = ""
    rasa_url = "http://127.0.0.1:5005"
    allowed_origins: frozenset = frozenset()
    timeout = 10.0  # StreamRequestHandler's per-read socket timeout; main() sets BACLOFEN_REQUEST_READ_SECONDS
    upstream_timeout = 15.0

    def setup(self) -> None:
        super().setup()
        # The whole request must arrive within `timeout` seconds, however slowly its bytes trickle in.
        self._request_read = threading.Event()
        self._dropped = False
        self._deadline = threading.Timer(self.timeout, self._drop_if_unread)
        self._deadline.daemon = True
        self._deadline.start()

    def _drop_if_unread(self) -> None:
        if not self._request_read.is_set():
            self._dropped = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)  # the handler's next read ends; its thread exits
            except OSError:
                pass

    def finish(self) -> None:
        self._deadline.cancel()
        try:
            super().finish()
        except OSError:  # the client went away, or was dropped above
            pass

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        if self._dropped:  # the headers ended only because the connection was closed on the client
            self.close_connection = True
            return False
        if parsed and self.command != "POST":
            self._request_read.set()  # no body to wait for
        return parsed

    def _common_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        origin = self.headers.get("Origin")
        if origin and origin in self.allowed_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _send(self, status: int, body: bytes, content_type: str, head_only: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._common_headers()
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self, head_only: bool = False) -> None:
        path = self.path.split("?", 1)[0]
        entry = FILES.get(path)
        if entry is None:
            self._send(404, b"not found\n", "text/plain; charset=utf-8", head_only)
            return
        file, content_type = entry
        self._send(200, file.read_bytes(), content_type, head_only)

    def do_HEAD(self) -> None:
        self.do_GET(head_only=True)

    def do_OPTIONS(self) -> None:  # CORS preflight, for the origins in BACLOFEN_WIDGET_ORIGINS only
        origin = self.headers.get("Origin")
        if self.path != WEBHOOK or origin not in self.allowed_origins:
            self._send(403, b"", "text/plain; charset=utf-8")
            return
        self.send_response(204)
        self._common_headers()
        self.send_header("Access-Control-Allow-Methods", "POST")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        if self.path != WEBHOOK:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")
            return
        declared = self.headers.get("Content-Length", "").strip()
        if not declared.isdigit():  # missing, negative ("-1" read the stream to its end) or not a number
            self._send(411 if not declared else 400, b"a Content-Length of 0 to 16384 is required\n",
                       "text/plain; charset=utf-8")
            return
        length = int(declared)
        if length > MAX_BODY:
            self._send(413, b"too large\n", "text/plain; charset=utf-8")
            return
        try:
            body = self.rfile.read(length)
        except OSError:  # a read timed out, or the request's time was up
            self.close_connection = True
            return
        if len(body) < length:  # the client closed early, or was dropped for being too slow
            self.close_connection = True
            return
        self._request_read.set()
        request = urllib.request.Request(self.rasa_url + WEBHOOK, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.upstream_timeout) as upstream:
                self._send(upstream.status, upstream.read(), "application/json")
        except urllib.error.HTTPError as error:
            self._send(error.code, error.read(), "application/json")
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            self._send(502, b'{"error": "the assistant is not reachable"}', "application/json")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        sys.stderr.write(f"widget {self.command} {self.path.split('?', 1)[0]} {args[1] if len(args) > 1 else ''}\n")


def main() -> None:
    config = settings.current()
    host, port = config.widget_host, config.widget_port
    Handler.rasa_url = config.rasa_url.rstrip("/")
    Handler.allowed_origins = config.widget_origins
    Handler.timeout = config.request_read_seconds
    Handler.upstream_timeout = config.reply_timeout_seconds + UPSTREAM_MARGIN_SECONDS
    try:
        server = ThreadingHTTPServer((host, port), Handler)
    except OSError as error:  # the port is taken, or the address is not this machine's
        sys.stderr.write(f"Web chat demo NOT started: cannot listen on {host}:{port} ({error.strerror}). Set "
                         f"BACLOFEN_WIDGET_PORT to a free port; the assistant's own servers are not affected.\n")
        sys.exit(1)
    server.daemon_threads = True
    print(f"Web chat demo: http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
