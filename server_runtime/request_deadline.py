"""A whole request, body included, must arrive within the read time (Sanic's REQUEST_TIMEOUT, which
scripts/rasa_server.py sets from BACLOFEN_REQUEST_READ_SECONDS).

Sanic 21.12 measures REQUEST_TIMEOUT from the last packet received, and only while it reads a request's head: a
client trickling one byte every few seconds, or sending half a body and then nothing, holds its connection (and a
file descriptor) until the response timeout, an hour in Rasa. 3,000 such sockets were all held, on the web chat's
unauthenticated webhook too. Here the deadline runs from the request's first byte to its body's last
byte: past it the request gets Sanic's own 408 and its connection is closed, without reading the rest of the body.
Checked when the read time is up, and on Sanic's own timer (HttpProtocol.check_timeouts). Off with
BACLOFEN_RUNTIME_OFF=request_deadline.
"""
from __future__ import annotations

from time import monotonic
from typing import Dict, Optional

from sanic.exceptions import RequestTimeout
from sanic.http import Http, Stage
from sanic.server.protocols.http_protocol import HttpProtocol

_STOCK_CHECK_TIMEOUTS = HttpProtocol.check_timeouts
_STOCK_DATA_RECEIVED = HttpProtocol.data_received
_STOCK_CONNECTION_LOST = HttpProtocol.connection_lost
_STOCK_INIT_FOR_REQUEST = Http.init_for_request
# id(connection) -> when the first byte of its current request arrived (Sanic's protocol objects have __slots__)
_began: Dict[int, Optional[float]] = {}


def _still_arriving(http: Http) -> bool:
    """The request's head, or its body (Sanic reads a body after the head, in the handler stage), is incomplete."""
    return http.stage is Stage.REQUEST or (http.stage is Stage.HANDLER and bool(http.request_body))


def _past_deadline(self: HttpProtocol) -> bool:
    """Closes the request (Sanic's 408) if it is still arriving past the read time; True when it did."""
    http, began = self._http, _began.get(id(self))
    if self._task and http is not None and began is not None and _still_arriving(http) and \
            monotonic() - began >= self.request_timeout:
        http.exception = RequestTimeout("Request Timeout")
        http.request_body = None  # nothing more is read: the 408, then the connection closes
        http.keep_alive = False
        self._task.cancel()
        return True
    return False


def check_timeouts(self: HttpProtocol) -> None:
    if not _past_deadline(self):
        _STOCK_CHECK_TIMEOUTS(self)


def _start_clock(self: HttpProtocol) -> None:
    """A request's first bytes are here: its deadline is the read time from now (Sanic's clock), checked then."""
    _began[id(self)] = monotonic()
    self.loop.call_later(self.request_timeout + 0.01, _past_deadline, self)  # (asyncio may run it a hair early)


def data_received(self: HttpProtocol, data: bytes) -> None:
    if _began.get(id(self)) is None:
        _start_clock(self)
    _STOCK_DATA_RECEIVED(self, data)


def connection_lost(self: HttpProtocol, exc: Optional[Exception]) -> None:
    _began.pop(id(self), None)
    _STOCK_CONNECTION_LOST(self, exc)


def init_for_request(self: Http) -> None:
    """A new request on the connection: its clock starts with its first byte (already here when pipelined).
    (Sanic recompiles some of Http's methods at start-up from their source, not these: PATCHES are checked.)"""
    _STOCK_INIT_FOR_REQUEST(self)
    if self.recv_buffer:
        _start_clock(self.protocol)
    else:
        _began[id(self.protocol)] = None


PATCHES = ((HttpProtocol, "check_timeouts", _STOCK_CHECK_TIMEOUTS, check_timeouts),
           (HttpProtocol, "data_received", _STOCK_DATA_RECEIVED, data_received),
           (HttpProtocol, "connection_lost", _STOCK_CONNECTION_LOST, connection_lost),
           (Http, "init_for_request", _STOCK_INIT_FOR_REQUEST, init_for_request))


def apply() -> None:
    from server_runtime import RuntimeReplacementError

    for owner, name, stock, _ in PATCHES:
        if getattr(owner, name) is not stock or name in getattr(owner, "__touchup__", ()):
            raise RuntimeReplacementError(f"request_deadline: Sanic's {owner.__name__}.{name} is not the one this "
                                          "replacement wraps")
    if not {"request_body", "keep_alive", "exception", "stage", "recv_buffer"} <= set(Http.__slots__):
        raise RuntimeReplacementError("request_deadline: sanic.http.Http no longer keeps the request's state "
                                      "this replacement relies on")
    for owner, name, _, ours in PATCHES:
        setattr(owner, name, ours)


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    for owner, name, _, ours in PATCHES:
        if getattr(owner, name) is not ours:
            raise RuntimeReplacementError(f"request_deadline: {owner.__name__}.{name} is not the whole-request one")
