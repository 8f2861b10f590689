"""The REST channel, hardened: POST /webhooks/rest/webhook {"sender", "message", "metadata"}, for integrations.

Over Rasa's RestInput it adds what a hospital service needs:
- a token: every request carries `Authorization: Bearer <token>` (credentials.d/rest.yml, BACLOFEN_REST_TOKEN);
  without a token configured the channel does not start, and production's credentials.yml does not list it;
- JSON only: any other Content-Type is a 415; a body of the wrong shape is a 400 with a reason, never a 500;
- its own conversations: the conversation id is "rest:" + sender, so no REST post can reach a conversation of the
  web widget ("webchat:..."), Slack ("slack:...") or the hotline ("twilio_voice:..."); the body cannot name
  another channel (`input_channel` is refused);
- control characters are removed; an empty message or one over the length limit (baclofen.settings) gets a polite
  reply and is not processed;
- never silence: when the turn produced no reply (the action server is down), took longer than the reply timeout
  (baclofen.settings), or failed, the user gets an apology with the hotline and emergency numbers, and is told
  that nothing of the message was kept and to send it again (nothing of it is stored: stores/turns.py);
- when the tracker store failed during the turn, or a store is degraded (stores/calls.py: a call stuck or
  failing), the reply is withheld and the user is told at once that the conversation cannot continue safely right
  now: no message waits for a stuck store;
- messages of one conversation are answered one at a time, in order (stores/queued_lock.py); beyond the stated
  limit of waiting messages, a message gets a reply saying it was not taken in;
- client metadata larger than BACLOFEN_MAX_METADATA_BYTES is dropped, not stored;
- no message text in the logs while a turn runs (channels/log_privacy.py).
"""
from __future__ import annotations

import asyncio
import hmac
import inspect
import json
import logging
import re
import unicodedata
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from baclofen import channel_table, settings
from baclofen.answers import compose, emergencies
from baclofen.answers.model import Answer
from baclofen.language import urgency
from baclofen.render import text as written
from channels import log_privacy
from stores import resends
from stores.calls import WATCHDOG
from stores.queued_lock import QueueFull
from stores.turns import COMMITTED, COMMITTING, CURRENT_TURN, Turn

logger = logging.getLogger(__name__)

SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@+-]{1,128}")
MESSAGE_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]{1,128}")  # the client's own id of a message, the same on resends
MAX_JSON_DEPTH = 32  # nesting of a body's objects and lists; deeper is refused (Python's JSON tools recurse)
MIN_TOKEN_CHARS = 32


def conversation_id(channel: str, sender: str) -> str:
    """The key of a conversation in the tracker store: the channel's id prefix (its name and a colon,
    baclofen/channel_table.py), then the id the channel got. Each channel adds its own prefix to whatever it
    receives, so none can produce another channel's ids."""
    return channel_table.named(channel).conversation_id(sender)


def media_type(content_type: Optional[str]) -> str:
    """'application/json; charset=utf-8' -> 'application/json'."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def reply(sender: str, answer: Answer) -> Dict[str, Any]:
    """A reply the channel writes itself (not from an action), as the REST channel's JSON."""
    return {"recipient_id": sender, "text": written.render(answer)}


def clean_text(text: str) -> str:
    """Drops control and format characters (keeps line breaks and tabs) so they reach neither NLU nor logs."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))


class BadRequest(ValueError):
    def __init__(self, reason: str, status: int = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(reason)
        self.status = status


def parse_body(request: Request, sender_pattern: re.Pattern = SENDER_PATTERN) -> Dict[str, Any]:
    if media_type(request.headers.get("content-type")) != "application/json":
        raise BadRequest("the body must be JSON, sent with Content-Type: application/json",
                         HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
    try:
        body = request.json
    except Exception:  # sanic raises on invalid JSON
        raise BadRequest("the body must be JSON")
    if not isinstance(body, dict):
        raise BadRequest('the body must be a JSON object {"sender": ..., "message": ...}')
    if json_depth(body) > MAX_JSON_DEPTH:
        raise BadRequest(f"the body is nested more than {MAX_JSON_DEPTH} levels deep")
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender_pattern.fullmatch(sender):
        raise BadRequest(f"sender must match {sender_pattern.pattern}")
    if not isinstance(message, str):
        raise BadRequest("message must be a string")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("metadata must be a JSON object")
    if "input_channel" in body:
        raise BadRequest("input_channel is not accepted: each channel has its own webhook and conversations")
    message_id = body.get("message_id")
    if message_id is not None and (not isinstance(message_id, str) or not MESSAGE_ID_PATTERN.fullmatch(message_id)):
        raise BadRequest(f"message_id, when given, must match {MESSAGE_ID_PATTERN.pattern} (the same on a resend)")
    return body


def json_depth(value: Any) -> int:
    """How deeply `value`'s objects and lists nest, counted without recursion (a body can nest thousands deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in children)
    return deepest


def message_key(conversation: str, text: str, client_message_id: Optional[str]) -> str:
    """The message's id for resends (stores/resends.py): the client's own, else its conversation and text."""
    return resends.client_key(client_message_id) if client_message_id else resends.text_key(conversation, text)


TIMEOUT, FAILED, STORE_FAILED, DEGRADED, BUSY = "timeout", "failed", "store failed", "store degraded", "busy"
NO_REPLY = "the turn produced no reply"


async def run_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage,
                   timeout: float) -> Optional[str]:
    """Runs one turn within `timeout` seconds (waiting in its conversation's queue included). None when it
    completed and was stored, else why not: NO_REPLY (nothing then is stored; logged here once), TIMEOUT, FAILED,
    STORE_FAILED, DEGRADED (a store is stuck or failing: the turn is not even started, or given up at once), BUSY
    (too many messages of this conversation waiting). The one place where every channel learns that it must not
    stay silent; a turn given up on leaves nothing in the tracker (stores/turns.py). The turn runs with its text
    known to channels/log_privacy.py, which keeps it out of every log line."""
    degraded = WATCHDOG.degraded()
    if degraded:
        logger.warning("A message was not taken in: %s.", "; ".join(f"{k} degraded" for k in degraded))
        return DEGRADED
    log_privacy.install()
    turn = Turn(message.output_channel, message.message_id)
    context = CURRENT_TURN.set(turn)
    text_known = log_privacy.TURN_TEXT.set(message.text)
    try:
        # The task copies this context: it carries the turn to the stores and its text to the log filter.
        task = asyncio.ensure_future(on_new_message(message))
    finally:
        log_privacy.TURN_TEXT.reset(text_known)
        CURRENT_TURN.reset(context)
    store_degraded = asyncio.ensure_future(WATCHDOG.wait_degraded())
    try:
        done, _ = await asyncio.wait({task, store_degraded}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    except asyncio.CancelledError:
        _client_left(turn, task)
        raise
    finally:
        store_degraded.cancel()
    if task not in done:
        why = DEGRADED if store_degraded in done else TIMEOUT
        if turn.abandon():
            task.cancel()
            if why == TIMEOUT:
                logger.error("A reply took longer than %s s; the user was helped another way.", timeout)
            else:
                logger.error("A turn was given up: a store is degraded; the user was helped another way.")
            return why
        # Its commit has begun: the reply stands once the commit is through (bounded by the store's timeouts);
        # what the turn still does after it (releasing the conversation's lock) goes on without the user.
        while turn.state == COMMITTING and not task.done():
            await asyncio.sleep(0.02)
        if not task.done():
            task.add_done_callback(_forget)
    if turn.state == COMMITTED:
        return None
    if not task.done():  # its commit failed; the rest of the turn goes on without the user
        return STORE_FAILED
    error = None if task.cancelled() else task.exception()
    if isinstance(error, resends.AlreadyAnswered):
        await _replay(message, error.replies)
        return None
    if isinstance(error, QueueFull):
        logger.warning("A message was refused: too many messages of its conversation waiting.")
        return BUSY
    if error is not None or task.cancelled():  # the user must hear something whatever failed
        logger.error("Handling a message failed (%s); the user was helped another way.",
                     type(error).__name__ if error is not None else "cancelled")
        return FAILED
    if turn.store_failed:
        return STORE_FAILED
    if not turn.has_reply():  # the turn's one log line, with the cause (server_runtime/action_errors.py)
        logger.error("A turn produced no reply (%s); the user was helped another way.",
                     turn.failure or "no action answered: is the action server up?")
        return NO_REPLY
    return None


def _client_left(turn: Turn, task: "asyncio.Future") -> None:
    """The client closed its connection (Sanic cancels the request): a turn whose reply is not ready yet is given
    up and leaves nothing stored; one already being committed is kept, and a resend of it gets its stored reply."""
    if turn.abandon():
        task.cancel()
        logger.info("The client left before its reply was ready: the turn was given up, nothing of it stored.")
    else:
        task.add_done_callback(_forget)
        logger.info("The client left while its reply was being stored: a resend gets the stored reply.")


async def _replay(message: UserMessage, replies: List[Dict[str, Any]]) -> None:
    """A resend: its stored replies are the reply, through the channel's own output channel."""
    for reply_message in replies:
        await message.output_channel.send_response(message.sender_id, dict(reply_message))
    logger.info("A resent message was answered with its stored reply; nothing stored again.")


def _forget(task: "asyncio.Future") -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("After its reply was given, a turn failed (%s).", type(task.exception()).__name__)


async def answer_safely(on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, conversation: str,
                        input_channel: str, metadata: Optional[Dict[str, Any]],
                        recipient: Optional[str] = None, client_message_id: Optional[str] = None
                        ) -> List[Dict[str, Any]]:
    """Runs one turn of `conversation` (a conversation_id()) and returns its replies, never an empty list (shared
    by the channels built on REST). Replies are addressed to `recipient` (default: the conversation id). A resend
    (the same `client_message_id`, or without one the same text just sent) gets the stored reply."""
    recipient = recipient or conversation
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, conversation, input_channel=input_channel, metadata=metadata,
                          message_id=message_key(conversation, text, client_message_id))
    problem = await run_turn(on_new_message, message, settings.current().reply_timeout_seconds)
    if problem == BUSY:
        return [reply(recipient, compose.too_many_waiting())]
    if problem in (STORE_FAILED, DEGRADED):
        return [reply(recipient, compose.cannot_continue_safely())]
    if problem is not None or not collector.messages:
        return [reply(recipient, compose.service_unavailable())]
    return [dict(message, recipient_id=recipient) for message in collector.messages]


def bounded_metadata(metadata: Optional[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    """The client's metadata, or None when it is larger than BACLOFEN_MAX_METADATA_BYTES (it would be stored with
    every message)."""
    if not metadata:
        return metadata
    size = len(json.dumps(metadata, ensure_ascii=False).encode("utf-8"))
    limit = settings.current().max_metadata_bytes
    if size > limit:
        logger.warning("Client metadata of %d bytes dropped (limit %d bytes).", size, limit)
        return None
    return metadata


# The languages a client may name as a hint (metadata.language), the values of the conversation's `language` slot.
LANGUAGE_HINTS = ("en", "vi")


def language_hint(metadata: Optional[Dict[str, Any]]) -> Optional[Dict[str, str]]:
    """Of a client's metadata, only its language hint ({"language": "vi"}), when it names a language the assistant
    answers in: what a channel that stores no client metadata (the web widget) still passes on."""
    language = metadata.get("language") if isinstance(metadata, dict) else None
    return {"language": language} if language in LANGUAGE_HINTS else None


def health_body() -> Dict[str, Any]:
    """The channels' health check: instant (it reads what the watchdog knows), and says which store is degraded.
    200 either way: a degraded server still answers every message, with an apology and the hotline."""
    degraded = WATCHDOG.degraded()
    return {"status": "degraded", "degraded": degraded} if degraded else {"status": "ok"}


async def refuse_bad_content_length(request: Request) -> None:
    """Sanic reads a body of Content-Length -1 until the response timeout (Rasa's: an hour) and answers a
    non-numeric one with a 500: both are refused with a 400 here, on the request's head, for every route of the
    Rasa server (a signal of the first channel's blueprint; Sanic runs blueprint signals for every request)."""
    declared = request.headers.getone("content-length", None)
    if declared is not None and not declared.strip().isdigit():
        raise InvalidUsage("Content-Length must be a number of bytes")


_length_guard = {"registered": False}  # one Rasa app per process: the guard goes on the first blueprint only


def webhook_blueprint(channel: Any, receive: Callable[[Request], Awaitable[HTTPResponse]]) -> Blueprint:
    """A channel's routes: GET / (health) and POST /webhook handled by `receive`."""
    module = inspect.getmodule(channel)
    webhook = Blueprint(f"custom_webhook_{type(channel).__name__}", module.__name__ if module else None)
    if not _length_guard["registered"]:
        webhook.signal("http.lifecycle.request")(refuse_bad_content_length)
        _length_guard["registered"] = True

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json(health_body())

    webhook.add_route(receive, "/webhook", methods=["POST"])
    return webhook


class JsonChatInput(RestInput):
    """Rasa's REST channel with the checks above, under the name of the subclass: the REST channel for
    integrations (SafeRestInput) and the web widget's channel (channels/webchat.py)."""
    sender_pattern = SENDER_PATTERN
    keeps_client_metadata = True  # False: only the language hint is kept (language_hint)

    def authorised(self, request: Request) -> bool:
        return True

    async def answer(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[None]]
                     ) -> HTTPResponse:
        if not self.authorised(request):
            logger.warning("%s: refused a request without the right token (401).", self.name())
            return response.json({"error": "a valid Authorization: Bearer token is required"},
                                 status=HTTPStatus.UNAUTHORIZED, headers={"WWW-Authenticate": "Bearer"})
        try:
            body = parse_body(request, self.sender_pattern)
        except BadRequest as error:
            return response.json({"error": str(error)}, status=error.status)
        sender = body["sender"]
        text = clean_text(body["message"])
        limit = settings.current().max_message_chars
        if len(text) > limit:
            kind = urgency.detect(text)  # an emergency is answered first, whatever the length
            if kind is not None:
                return response.json([reply(sender, emergencies.for_kind(kind))])
            return response.json([reply(sender, compose.message_too_long(len(text), limit))])
        if not text.strip():
            return response.json([reply(sender, compose.empty_message())])
        metadata = (bounded_metadata(body.get("metadata")) if self.keeps_client_metadata
                    else language_hint(body.get("metadata")))
        replies = await answer_safely(on_new_message, text, conversation_id(self.name(), sender), self.name(),
                                      metadata, recipient=sender, client_message_id=body.get("message_id"))
        return response.json(replies)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def receive(request: Request) -> HTTPResponse:
            return await self.answer(request, on_new_message)

        return webhook_blueprint(self, receive)


class SafeRestInput(JsonChatInput):
    """POST /webhooks/rest/webhook with `Authorization: Bearer <token>`; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return channel_table.REST.name

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        return cls(token=(credentials or {}).get("token"))

    def __init__(self, token: Optional[Text] = None) -> None:
        token = str(token or "")
        if len(token) < MIN_TOKEN_CHARS:
            raise InvalidConfigException(
                f"The REST channel needs a token of at least {MIN_TOKEN_CHARS} characters (credentials.d/rest.yml, "
                "BACLOFEN_REST_TOKEN); it never runs open. Leave the channel out of the credentials to switch it off.")
        self._token = token.encode()

    def authorised(self, request: Request) -> bool:
        scheme, _, supplied = (request.headers.get("authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(supplied.strip().encode(), self._token)
