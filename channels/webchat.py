"""The web chat widget's channel, served by the Rasa server itself (no proxy of its own): under /webhooks/webchat/

- POST webhook: the hardened REST channel (channels/rest.py) under its own name, without a token (a browser
  cannot keep one), with the widget's rules:
  - actions see `tracker.get_latest_input_channel() == "webchat"` and can add quick-reply buttons
    (actions/delivery.py); the body cannot claim another channel;
  - the sender id is the conversation's only key and the browser chooses it, so it must be unguessable: only 32
    lowercase hex digits (128 random bits from crypto.getRandomValues) are accepted; the conversation is
    "webchat:<id>", out of reach of every other channel;
  - a body over MAX_BODY_BYTES is refused (413) before it is parsed; client metadata is not stored, except the
    widget's language hint ({"language": "en" | "vi"}, channels/rest.language_hint: the header's EN / VI switch);
- GET widget.js, widget.css: the widget (widget/); GET demo/: the demo hospital page that embeds it. An explicit
  list of files, read once; nothing else of the folder is served.

Every response carries a strict Content-Security-Policy (scripts, styles, images and connections from this origin
only), nosniff, no referrer. The widget and its webhook share one origin, so the browser needs no CORS; a hospital
page on another origin is allowed with `rasa run --cors <origin>` (scripts/run.sh: BACLOFEN_WIDGET_ORIGINS). The
server is Rasa's Sanic: asyncio, request size and time limits from its configuration (scripts/rasa_server.py;
the time is for the whole request: server_runtime/request_deadline.py). In front of it, docs/nginx.conf.
"""
from __future__ import annotations

import re
from http import HTTPStatus
from pathlib import Path
from typing import Awaitable, Callable, Dict, Text, Tuple

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from baclofen import channel_table
from channels.rest import JsonChatInput, webhook_blueprint

WIDGET_DIR = Path(__file__).resolve().parents[1] / "widget"
MAX_BODY_BYTES = 16 * 1024  # a message is at most a few thousand characters (BACLOFEN_MAX_MESSAGE_CHARS)
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
                    "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache"}
HTML, CSS, JS = "text/html; charset=utf-8", "text/css; charset=utf-8", "text/javascript; charset=utf-8"
# path under /webhooks/webchat/ -> (file in widget/, content type)
FILES: Dict[str, Tuple[str, str]] = {
    "widget.js": ("widget.js", JS),
    "widget.css": ("widget.css", CSS),
    "demo/": ("demo/index.html", HTML),
    "demo/index.html": ("demo/index.html", HTML),
    "demo/visiting.html": ("demo/visiting.html", HTML),
    "demo/vi.html": ("demo/vi.html", HTML),  # in Vietnamese: its <html lang="vi"> makes the widget Vietnamese
    "demo/demo.css": ("demo/demo.css", CSS),
}


def _with_security_headers(resp: HTTPResponse) -> HTTPResponse:
    for name, value in SECURITY_HEADERS.items():
        resp.headers[name] = value
    return resp


class WebChatInput(JsonChatInput):
    sender_pattern = re.compile(r"[0-9a-f]{32}")
    keeps_client_metadata = False

    @classmethod
    def name(cls) -> Text:
        return channel_table.WEBCHAT.name

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        files = {path: ((WIDGET_DIR / name).read_bytes(), kind) for path, (name, kind) in FILES.items()}

        async def receive(request: Request) -> HTTPResponse:
            if len(request.body or b"") > MAX_BODY_BYTES:
                return _with_security_headers(response.json({"error": "the body is too large"},
                                                            status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE))
            return _with_security_headers(await self.answer(request, on_new_message))

        webhook = webhook_blueprint(self, receive)

        def serve(body: bytes, kind: str) -> Callable[[Request], Awaitable[HTTPResponse]]:
            async def file(request: Request) -> HTTPResponse:
                return _with_security_headers(response.raw(body, content_type=kind))
            return file

        for path, (body, kind) in files.items():
            webhook.add_route(serve(body, kind), "/" + path, methods=["GET", "HEAD"], strict_slashes=True,
                              name="file_" + re.sub(r"\W", "_", path))

        async def demo_folder(request: Request) -> HTTPResponse:  # the page's relative links need the slash
            return _with_security_headers(response.redirect(request.path + "/"))

        webhook.add_route(demo_folder, "/demo", methods=["GET", "HEAD"], strict_slashes=True)
        return webhook
