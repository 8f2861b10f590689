"""The call's state, carried by Twilio from one request of a call to the next: sealed into the action URL of the
<Gather> (or <Dial>) that ends a turn, and opened from the request Twilio then posts there. Plain Python, no Rasa
or Twilio import.

Why in the URL: the channel then keeps nothing between requests, neither in memory nor in the conversation's store
(one Rasa server or several, no read or write of its own), and a retried request carries the state it was answered
from, not one a first attempt already moved on.

Why sealed: the state says what each key sends to the assistant and which dose is said after "yes"; Twilio's
signature proves that Twilio posted a URL, not that we wrote the state in it. A token is
`1.<issued>.<state>.<mac>`: the version, the time it was issued (Unix seconds), the state as compact JSON,
zlib-compressed, URL-safe base64, and an HMAC-SHA256 (128 bits kept) over the version, the CallSid, the time and
the state, with a key derived from a secret the servers share (the Twilio auth token). Every character is one a URL
query takes as it is, so the URL Twilio signs is the one written.

A token is refused (StateRefused) when it is malformed, when its MAC does not match (changed, or sealed for another
call), and when it is older than a call can last or dated in the future.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import zlib
from typing import Any, Dict, Mapping

VERSION = "1"
KEY_PURPOSE = b"baclofen hotline: the call state carried in Twilio's action URLs, v1"
MAC_BYTES = 16
# A Twilio call lasts four hours at most (its default time limit); a <Dial>'s action URL is posted when the
# transfer ends, so a token must live as long as the call, and no longer.
MAX_AGE_SECONDS = 4 * 60 * 60
CLOCK_SKEW_SECONDS = 60  # servers sharing a number may disagree this much on the time
# Twilio takes URLs of up to 4,000 characters; the public URL and the other parameters need some of them.
MAX_TOKEN_CHARS = 3_500
MAX_STATE_BYTES = 64 * 1024  # a sealed state opens to no more than this (it is ours, but bounded all the same)


class StateRefused(ValueError):
    """A state token that cannot be trusted; `reason` says why in a few words, for the log."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def state_key(secret: str) -> bytes:
    """The key that seals states, derived from `secret` for this purpose only (the secret itself signs nothing
    else of ours)."""
    return hmac.new(secret.encode("utf-8"), KEY_PURPOSE, hashlib.sha256).digest()


def seal(state: Mapping[str, Any], call_sid: str, key: bytes, issued_at: float) -> str:
    data = json.dumps(state, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8")
    payload = _encode(zlib.compress(data, 9))
    issued = str(int(issued_at))
    return ".".join((VERSION, issued, payload, _mac(key, call_sid, issued, payload)))


def open_token(token: str, call_sid: str, key: bytes, now: float, max_age: float = MAX_AGE_SECONDS) -> Dict[str, Any]:
    """The state sealed in `token` for the call `call_sid`, or StateRefused."""
    fields = token.split(".") if len(token) <= MAX_TOKEN_CHARS else []
    if len(fields) != 4 or fields[0] != VERSION or not fields[1].isdigit():
        raise StateRefused("malformed")
    _, issued, payload, mac = fields
    if not hmac.compare_digest(mac.encode("ascii", "replace"), _mac(key, call_sid, issued, payload).encode("ascii")):
        raise StateRefused("changed, or sealed for another call")
    age = now - int(issued)
    if age > max_age:
        raise StateRefused("stale")
    if age < -CLOCK_SKEW_SECONDS:
        raise StateRefused("dated in the future")
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(_decode(payload), MAX_STATE_BYTES)
        state = None if inflater.unconsumed_tail else json.loads(data.decode("utf-8"))
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raise StateRefused("unreadable") from None
    if not isinstance(state, dict):
        raise StateRefused("unreadable")
    return state


def _mac(key: bytes, call_sid: str, issued: str, payload: str) -> str:
    signed = ".".join((VERSION, call_sid, issued, payload)).encode("utf-8")
    return _encode(hmac.new(key, signed, hashlib.sha256).digest()[:MAC_BYTES])


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
