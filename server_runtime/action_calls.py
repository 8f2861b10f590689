"""The Rasa server's calls to the action server: one kept-alive HTTP session, the response schema checked once.

Rasa 3.6 opens a new aiohttp session (and TCP connection) for every custom-action call, and validates every
response with `jsonschema.validate(result, schema)`, which re-checks the schema itself against the JSON-Schema
meta-schema each time: measured on 2 cores, about 20 ms per custom action before this fix, more than the rest of
a turn. Here the schema is checked once and each response is validated against it with the same validator class
(the same responses are accepted and rejected, with the same message), a valid response by its events' own
branches of the schema rather than all of them, and the sessions are reused.

Every request also carries the whole domain (Rasa 3.6 sends it to each custom action, 16 KB as JSON): the session
writes the same bytes as json.dumps, with the domain's JSON written once and reused (`_request_json`).
"""
from __future__ import annotations

import asyncio
import json
from typing import Any, Dict, Optional, Tuple

import aiohttp
import rasa.core.actions.action as rasa_action
from jsonschema import ValidationError, validators
from jsonschema.exceptions import best_match
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

# Below Sanic's default keep-alive (5 s), so an idle connection is always dropped by this side first and a reused
# connection is never one the action server is closing at that moment.
KEEPALIVE_SECONDS = 2.0

_validator = None
_by_event_name: Optional[Tuple[Any, Dict[str, Any]]] = None  # (validator without the events' oneOf, one per name)


def _validators_by_event_name(schema: Dict[str, Any], cls: Any) -> Optional[Tuple[Any, Dict[str, Any]]]:
    """The same schema split by event name, or None if Rasa's schema is not shaped as in 3.6.

    Each event must match exactly one of about 23 `oneOf` branches, and jsonschema tries them all for every event
    of every response (about a tenth of the Rasa server's time under load). Every branch names its event with a
    `const`, and `event` is required, so an event is valid exactly when its own branch and the common part are:
    one validator per name gives the same verdict for the cost of one branch."""
    try:
        events = schema["properties"]["events"]
        item = events["items"]
        branches = item["oneOf"]
        names = [branch["properties"]["event"]["const"] for branch in branches]
    except (KeyError, TypeError):
        return None
    if "event" not in item.get("required", ()) or len(set(names)) != len(names) or set(item) - {
            "type", "properties", "required", "oneOf"} or set(events) != {"type", "items"}:
        return None
    common = {key: value for key, value in item.items() if key != "oneOf"}
    outer = dict(schema, properties=dict(schema["properties"], events={"type": events["type"]}))
    return cls(outer), {name: cls(dict(common, allOf=[branch])) for name, branch in zip(names, branches)}


def _valid_by_event_name(result: Any) -> bool:
    outer, by_name = _by_event_name
    if not outer.is_valid(result):
        return False
    events = result.get("events", []) if isinstance(result, dict) else []
    for event in events if isinstance(events, list) else ():
        name = event.get("event") if isinstance(event, dict) else None
        validator = by_name.get(name) if isinstance(name, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def _validate_action_result(self: rasa_action.RemoteAction, result: Dict[str, Any]) -> bool:
    global _validator, _by_event_name
    if _validator is None:
        schema = self.action_response_format_spec()
        cls = validators.validator_for(schema)
        cls.check_schema(schema)  # once, not on every response
        _by_event_name = _validators_by_event_name(schema, cls)
        _validator = cls(schema)
    if _by_event_name is not None and _valid_by_event_name(result):
        return True
    # invalid (or a schema of another shape): the whole schema, for the same error as jsonschema.validate()
    error = best_match(_validator.iter_errors(result))
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
_domain_json: Optional[Tuple[Any, str]] = None  # (the domain's dict, kept alive so `is` cannot match another, JSON)


def _request_json(body: Any) -> str:
    """json.dumps(body), byte for byte. The domain is the same dict on every call (Domain.as_dict() hands out the
    domain's own data, never changed once loaded; a new model brings a new dict), and Rasa puts it last: its JSON is
    written once and joined to the rest. Under 10 concurrent conversations, encoding request bodies was the largest
    single cost of the Rasa server's event loop (7 %), most of it the domain again."""
    global _domain_json
    if type(body) is not dict or not body or next(reversed(body)) != "domain" or type(body["domain"]) is not dict:
        return json.dumps(body)
    domain = body["domain"]
    cached = _domain_json
    if cached is None or cached[0] is not domain:
        cached = _domain_json = (domain, json.dumps(domain))
    rest = json.dumps({key: value for key, value in body.items() if key != "domain"})
    return ('{"domain": ' if rest == "{}" else rest[:-1] + ', "domain": ') + cached[1] + "}"


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
            json_serialize=_request_json,
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
