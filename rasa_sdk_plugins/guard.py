"""Closes the stock action server's gaps (rasa_sdk 3.6): it had no authentication, allowed any CORS origin and,
on an error, returned the whole request (the conversation: health data) in its 500 body.

- Every request but /health must carry the shared secret in ACTION_SECRET_HEADER; the Rasa server sends it
  (endpoints.yml, action_endpoint.headers). Without a configured secret the server refuses everything.
- No CORS headers: only the Rasa server calls this server, never a browser.
- A 5xx response says "internal error" and nothing else; the details go to the log, without the request body.
- A request Sanic itself refuses (a wrong method such as POST /health, an unknown path, a body too large) gets its
  own 4xx status and one log line; stock, rasa_sdk's catch-all handler turned it into a 500 with three tracebacks.
"""
from __future__ import annotations

import hmac
import logging

import pluggy
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request

from baclofen import settings

hookimpl = pluggy.HookimplMarker("rasa_sdk")
logger = logging.getLogger(__name__)

ACTION_SECRET_HEADER = "X-Baclofen-Action-Secret"
OPEN_PATHS = {"/health"}


def _authorised(request: Request) -> bool:
    expected = settings.current().actions_secret
    supplied = request.headers.get(ACTION_SECRET_HEADER, "")
    return bool(expected) and hmac.compare_digest(supplied.encode(), expected.encode())


@hookimpl
def attach_sanic_app_extensions(app: Sanic) -> None:
    if not settings.current().actions_secret:
        logger.error("BACLOFEN_ACTIONS_SECRET is not set: the action server will refuse every action call.")

    # Sanic picks the handler of the nearest class of the exception: this one before rasa_sdk's `Exception`.
    @app.exception(SanicException)
    async def refused_by_sanic(request: Request, error: SanicException):
        status = getattr(error, "status_code", 500) or 500
        if status >= 500:
            logger.error("Action server: %s on %s %s.", type(error).__name__, request.method, request.path)
            return response.json({"error": "internal error"}, status=status)
        logger.info("Action server: %s %s refused (%s, %s).", request.method, request.path, status,
                    type(error).__name__)
        return response.json({"error": str(error) or "refused"}, status=status,
                             headers=dict(getattr(error, "headers", None) or {}))  # Allow: for a 405

    @app.on_request
    async def require_shared_secret(request: Request):
        if request.path not in OPEN_PATHS and not _authorised(request):
            return response.json({"error": "forbidden"}, status=403)

    @app.on_response
    async def no_cors_no_leaks(request: Request, resp):
        if resp.status >= 500:
            return response.json({"error": "internal error"}, status=resp.status)
        for header in [h for h in resp.headers if h.lower().startswith("access-control-")]:
            del resp.headers[header]
