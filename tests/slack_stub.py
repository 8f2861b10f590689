"""A local stand-in for Slack's Web API (only what the bot calls), speaking Slack's wire format.

`POST /api/chat.postMessage` with `Authorization: Bearer <token>` and a JSON body (what slack_sdk sends) or a
form body (blocks as a JSON string); arguments channel, text, blocks, thread_ts. Like Slack it answers HTTP 200
with {"ok": true, "channel", "ts", "message"} or {"ok": false, "error": "not_authed" | "invalid_auth" |
"channel_not_found" | "no_text" | "invalid_blocks"}; an unknown method gets 404 {"ok": false, "error":
"unknown_method"}. Every call is recorded; tests wait for the ones they expect.

Also here: signing of requests as Slack signs them (HMAC-SHA256 of v0:timestamp:body with the signing secret), and
the Events API envelope Slack posts for a message or a mention.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs


@dataclass
class Call:
    method: str
    authorization: Optional[str]
    content_type: str
    args: Dict[str, Any]
    response: Dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))


class SlackWebAPIStub:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: List[Call] = []
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, body = stub._handle(self.path, self.headers.get("Authorization"),
                                            self.headers.get("Content-Type", ""), raw)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "SlackWebAPIStub":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------------- Slack's behaviour

    def _handle(self, path: str, authorization: Optional[str], content_type: str, raw: bytes):
        method = path.split("?", 1)[0].rsplit("/", 1)[-1]
        args: Dict[str, Any] = {}
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind == "application/json":
            args = json.loads(raw or b"{}")
        elif kind == "application/x-www-form-urlencoded":
            args = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            if isinstance(args.get("blocks"), str):
                args["blocks"] = json.loads(args["blocks"])
        call = Call(method, authorization, content_type, args)
        if not path.startswith("/api/") or method != "chat.postMessage":
            status, call.response = 404, {"ok": False, "error": "unknown_method"}
        elif not authorization:
            status, call.response = 200, {"ok": False, "error": "not_authed"}
        elif authorization != f"Bearer {self.token}":
            status, call.response = 200, {"ok": False, "error": "invalid_auth"}
        elif not args.get("channel"):
            status, call.response = 200, {"ok": False, "error": "channel_not_found"}
        elif not args.get("text") and not args.get("blocks"):
            status, call.response = 200, {"ok": False, "error": "no_text"}
        elif "blocks" in args and not _valid_blocks(args["blocks"]):
            status, call.response = 200, {"ok": False, "error": "invalid_blocks"}
        else:
            ts = f"{int(time.time())}.{next(self._ts):06d}"
            message = {"type": "message", "subtype": "bot_message", "text": args.get("text", ""), "ts": ts,
                       "bot_id": "B0STUB"}
            if args.get("blocks"):
                message["blocks"] = args["blocks"]
            if args.get("thread_ts"):
                message["thread_ts"] = args["thread_ts"]
            status, call.response = 200, {"ok": True, "channel": args["channel"], "ts": ts, "message": message}
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        return status, call.response

    # ---------------------------------------------------------------- for tests

    def posts(self, channel: Optional[str] = None, thread_ts: Optional[str] = None) -> List[Call]:
        """Accepted chat.postMessage calls, optionally in one channel / thread."""
        with self._changed:
            calls = list(self.calls)
        return [c for c in calls if c.ok and c.method == "chat.postMessage"
                and (channel is None or c.args.get("channel") == channel)
                and (thread_ts is None or c.args.get("thread_ts") == thread_ts)]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(min(left, 0.2))
        return True

    def wait_posts(self, count: int, channel: Optional[str] = None, thread_ts: Optional[str] = None,
                   timeout: float = 20.0) -> List[Call]:
        self.wait_for(lambda: len(self.posts(channel, thread_ts)) >= count, timeout)
        return self.posts(channel, thread_ts)


_BLOCK_TYPES = {"section", "context", "actions", "divider", "header", "image", "rich_text", "input"}


def _valid_blocks(blocks: Any) -> bool:
    """The Block Kit limits Slack enforces on the blocks the bot sends (it answers invalid_blocks otherwise)."""
    if not isinstance(blocks, list) or not 0 < len(blocks) <= 50:
        return False
    for block in blocks:
        if not isinstance(block, dict) or block.get("type") not in _BLOCK_TYPES:
            return False
        if block["type"] == "section":
            if "text" not in block and "fields" not in block:
                return False
            if "text" in block and not 0 < len(block["text"].get("text", "")) <= 3000:
                return False
            fields = block.get("fields", [])
            if len(fields) > 10 or any(not 0 < len(f.get("text", "")) <= 2000 for f in fields):
                return False
        if block["type"] == "actions":
            elements = block.get("elements", [])
            if not 0 < len(elements) <= 25:
                return False
            for element in elements:
                if element.get("type") == "button" and (len(element["text"]["text"]) > 75
                                                        or len(element.get("value", "")) > 2000):
                    return False
        if block["type"] == "context" and not 0 < len(block.get("elements", [])) <= 10:
            return False
    return True


def sign(secret: str, body: bytes, timestamp: Optional[int] = None) -> Dict[str, str]:
    """The headers Slack adds to every request: X-Slack-Request-Timestamp and X-Slack-Signature."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(timestamp), "X-Slack-Signature": f"v0={digest}"}


_ts_sequence = itertools.count(1)


def new_ts() -> str:
    """A message timestamp as Slack writes them ("1700000000.000123"), unique within a test run."""
    return f"{int(time.time())}.{next(_ts_sequence):06d}"


def event_envelope(text: str, channel: str, *, app_id: str, bot: str, team: str = "T0HOSPITAL",
                   user: str = "U0CLINICIAN", kind: str = "app_mention", channel_type: str = "channel",
                   ts: Optional[str] = None, thread_ts: Optional[str] = None, event_id: Optional[str] = None,
                   **extra: Any) -> Dict[str, Any]:
    """An Events API `event_callback` envelope as Slack posts it, for an `app_mention` or a `message`."""
    ts = ts or new_ts()
    event = {"type": kind, "user": user, "text": text, "ts": ts, "event_ts": ts, "channel": channel, "team": team,
             **extra}
    if kind == "message":
        event["channel_type"] = channel_type
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {"token": "unused-verification-token", "team_id": team, "api_app_id": app_id, "event": event,
            "type": "event_callback", "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
            "event_time": int(time.time()),
            "authorizations": [{"enterprise_id": None, "team_id": team, "user_id": bot, "is_bot": True,
                                "is_enterprise_install": False}],
            "is_ext_shared_channel": False, "event_context": "4-" + uuid.uuid4().hex}
