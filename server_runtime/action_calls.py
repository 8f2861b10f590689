"""The Rasa server's calls to the action server: one kept-alive HTTP session, the response schema checked once.

Rasa 3.6 opens a new aiohttp session (and TCP connection) for every custom-action call, and validates every
response with `jsonschema.validate(result, schema)`, which re-checks the schema itself against the JSON-Schema
meta-schema each time: measured on 2 cores, about 20 ms per custom action before this fix, more than the rest of
a turn. Here the schema is checked once and each response is validated against it with the same validator class
(the same responses are accepted and rejected, with the same message), and the sessions are reused.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, Tuple

import aiohttp
import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

# Below Sanic's default keep-alive (5 s), so an idle connection is always dropped by this side first and a reused
# connection is never one the action server is closing at that moment.
KEEPALIVE_SECONDS = 2.0

_validator = None


def _validate_action_result(self: rasa_action.RemoteAction, result: Dict[str, Any]) -> bool:
    global _validator
    if _validator is None:
        schema = self.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, not on every response
        _validator = cls(schema)
    error = best_match(_validator.iter_errors(result))  # what jsonschema.validate() reports, among several errors
    if error is None:
        return True
    try:
        raise error
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {rasa_action.DOCS_BASE_URL}/custom-actions"
        )
        raise e


class _Borrowed:
    """`async with endpoint.session() as s:` hands out the shared session without closing it at the end."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self._session

    async def __aexit__(self, *exc_info: Any) -> None:
        return None


_sessions: Dict[Tuple[Any, ...], aiohttp.ClientSession] = {}


def _shared_session(self: EndpointConfig) -> _Borrowed:
    """Rasa's session (same headers, auth and timeout), one per endpoint configuration and event loop."""
    loop = asyncio.get_running_loop()
    key = (id(loop), tuple(sorted((self.headers or {}).items())), tuple(sorted((self.basic_auth or {}).items())))
    session = _sessions.get(key)
    if session is None or session.closed:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        session = aiohttp.ClientSession(
            headers=self.headers,
            auth=auth,
            timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
            connector=aiohttp.TCPConnector(keepalive_timeout=KEEPALIVE_SECONDS),
        )
        _sessions[key] = session
    return _Borrowed(session)


def apply_validation() -> None:
    from server_runtime import uses_name_at_call_time

    uses_name_at_call_time(rasa_action.RemoteAction.run, "_validate_action_result", "action_validation")
    rasa_action.RemoteAction._validate_action_result = _validate_action_result


def confirm_validation() -> None:
    from server_runtime import RuntimeReplacementError

    if rasa_action.RemoteAction._validate_action_result is not _validate_action_result:
        raise RuntimeReplacementError("action_validation: RemoteAction still validates with Rasa's own method")


def apply_session() -> None:
    from server_runtime import uses_name_at_call_time

    uses_name_at_call_time(EndpointConfig.request, "session", "action_session")
    EndpointConfig.session = _shared_session


def confirm_session() -> None:
    from server_runtime import RuntimeReplacementError

    if EndpointConfig.session is not _shared_session:
        raise RuntimeReplacementError("action_session: EndpointConfig still opens a session per call")
