"""The HTTP API's tokens (JWT, sanic-jwt as Rasa 3.6 sets it up): every bad token a 401 and one log line, and a
token must expire soon.

Stock, sanic-jwt turns some refused tokens into a 401 but lets others through as exceptions: a token signed with
another algorithm than the server's (`alg: none`, HS512 for an HS256 server) raises InvalidAlgorithmError, which
Sanic answers with a 500 and a 23-line traceback in the log, for every such request. A token without `exp` is
valid forever.

Here Rasa's create_app() initialises sanic-jwt with StrictAuthentication (through the name `Initialize`, which
create_app looks up when it runs). Its decoding is sanic-jwt's, then:
- any refusal (bad signature, wrong algorithm, malformed, expired, a claim not met) is Rasa's own 401 answer
  (ErrorResponse "NotAuthenticated", the JSON body of every refusal of the HTTP API), whose one log line names the
  reason, never the token;
- the payload must carry `exp`, in the future (no leeway) and at most BACLOFEN_JWT_MAX_LIFETIME_SECONDS ahead
  (baclofen.settings), so a token that leaks stops working soon;
- `user`, when present, must be an object with text `username` and `role` (Rasa reads them; a string was a 500).
"""
from __future__ import annotations

import functools
import time
from http import HTTPStatus
from typing import Any, Dict, Optional

import jwt
import rasa.server
from sanic_jwt import Authentication, Initialize, exceptions

from baclofen import settings

_STOCK_INITIALIZE = Initialize


class TokenRefused(rasa.server.ErrorResponse):
    """Rasa's 401 for the HTTP API (it logs its message once, at error level), with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(HTTPStatus.UNAUTHORIZED, "NotAuthenticated",
                         f"User is not authenticated: token refused ({reason}).")


def check_lifetime(payload: Dict[str, Any], max_lifetime_seconds: float, now: Optional[float] = None) -> None:
    """Raises TokenRefused unless `payload` has a numeric `exp` in the future (no leeway: sanic-jwt's 180 s let a
    token work 3 minutes after it expired) and at most `max_lifetime_seconds` from now."""
    expires = payload.get("exp")
    if expires is None:
        raise TokenRefused("no exp claim: tokens must expire")
    if not isinstance(expires, (int, float)) or isinstance(expires, bool):
        raise TokenRefused("exp is not a number")
    ahead = expires - (time.time() if now is None else now)
    if ahead <= 0:
        raise TokenRefused(f"expired {-ahead:.0f} s ago")
    if ahead > max_lifetime_seconds:
        raise TokenRefused(f"exp is {ahead:.0f} s ahead, more than {max_lifetime_seconds:.0f} s")


def check_user(payload: Dict[str, Any]) -> None:
    """Raises TokenRefused unless `user` is absent or what Rasa reads from it (rasa.server.requires_auth calls
    user.get(...): a string there was a 500 with a traceback): an object whose username and role are text."""
    if "user" not in payload:
        return
    user = payload["user"]
    if not isinstance(user, dict):
        raise TokenRefused("user is not an object")
    for claim in ("username", "role"):
        if user.get(claim) is not None and not isinstance(user[claim], str):
            raise TokenRefused(f"user.{claim} is not text")


class StrictAuthentication(Authentication):
    async def _decode(self, token: str, verify: bool = True, inline_claims: Any = None) -> Dict[str, Any]:
        if not verify:
            return await super()._decode(token, verify=verify, inline_claims=inline_claims)
        try:
            payload = await super()._decode(token, verify=True, inline_claims=inline_claims)
        except jwt.exceptions.InvalidTokenError as error:  # every PyJWT refusal, InvalidAlgorithmError included
            raise TokenRefused(type(error).__name__) from None
        except exceptions.SanicJWTException as error:  # a verification or claim of sanic-jwt's not met
            raise TokenRefused(type(error).__name__) from None
        if not isinstance(payload, dict):
            raise TokenRefused("the payload is not an object")
        check_lifetime(payload, settings.current().jwt_max_lifetime_seconds)
        check_user(payload)
        return payload


def apply() -> None:
    from server_runtime import RuntimeReplacementError, uses_name_at_call_time

    if getattr(rasa.server, "Initialize", None) is not _STOCK_INITIALIZE:
        raise RuntimeReplacementError("api_tokens: rasa.server no longer initialises sanic-jwt through "
                                      "sanic_jwt.Initialize; this replacement would not take effect")
    uses_name_at_call_time(rasa.server.create_app, "Initialize", "api_tokens")
    rasa.server.Initialize = functools.partial(_STOCK_INITIALIZE, authentication_class=StrictAuthentication)


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    initialize = getattr(rasa.server, "Initialize", None)
    if not (isinstance(initialize, functools.partial) and initialize.func is _STOCK_INITIALIZE
            and initialize.keywords.get("authentication_class") is StrictAuthentication):
        raise RuntimeReplacementError("api_tokens: rasa.server.Initialize is not the strict one")
