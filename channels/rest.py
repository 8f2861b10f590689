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
  (baclofen.settings), or failed, the user gets an apology with the hotline and emergency numbers;
- when the tracker store failed during the turn, the reply is withheld and the user is told that the conversation
  cannot continue safely (see stores/guarded.py);
- no message text in the logs while a turn runs (channels/log_privacy.py).
"""
from __future__ import annotations

import asyncio
import hmac
import inspect
import logging
import re
import unicodedata
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from baclofen import settings
from baclofen.answers import compose, emergencies
from baclofen.answers.model import Answer
from baclofen.language import urgency
from baclofen.render import text as written
from channels import log_privacy
from stores.guarded import STORE_HEALTH

logger = logging.getLogger(__name__)

SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@+-]{1,128}")
MIN_TOKEN_CHARS = 32


def conversation_id(channel: str, sender: str) -> str:
    """The key of a conversation in the tracker store: the channel's name, a colon, the id the channel got. Each
    channel adds its own name to whatever it receives, so none can produce another channel's ids."""
    return f"{channel}:{sender}"


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
    return body


TIMEOUT, FAILED, STORE_FAILED = "timeout", "failed", "store failed"


async def run_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, timeout: float,
                   shield: bool = False) -> Optional[str]:
    """Runs one turn within `timeout` seconds. None when it completed with the tracker store healthy, else why not
    (TIMEOUT, FAILED, STORE_FAILED): the one place where every channel learns that it must not stay silent.
    `shield` lets a slow turn finish in the background (its tracker stays whole) while the user is helped.
    The turn runs with its text known to channels/log_privacy.py, which keeps it out of every log line."""
    log_privacy.install()
    failures_before = STORE_HEALTH.failures
    text_known = log_privacy.TURN_TEXT.set(message.text)
    try:
        # The turn's task is created here (wait_for, shield) and copies the context: it knows the text.
        turn = on_new_message(message)
        await asyncio.wait_for(asyncio.shield(turn) if shield else turn, timeout=timeout)
    except asyncio.TimeoutError:
        logger.error("A reply took longer than %s s; the user was helped another way.", timeout)
        return TIMEOUT
    except Exception as error:  # the user must hear something whatever failed
        logger.error("Handling a message failed (%s); the user was helped another way.", type(error).__name__)
        return FAILED
    finally:
        log_privacy.TURN_TEXT.reset(text_known)
    return STORE_FAILED if STORE_HEALTH.failures > failures_before else None


async def answer_safely(on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, conversation: str,
                        input_channel: str, metadata: Optional[Dict[str, Any]],
                        recipient: Optional[str] = None) -> List[Dict[str, Any]]:
    """Runs one turn of `conversation` (a conversation_id()) and returns its replies, never an empty list (shared
    by the channels built on REST). Replies are addressed to `recipient` (default: the conversation id)."""
    recipient = recipient or conversation
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, conversation, input_channel=input_channel, metadata=metadata)
    problem = await run_turn(on_new_message, message, settings.current().reply_timeout_seconds)
    if problem == STORE_FAILED:
        return [reply(recipient, compose.cannot_continue_safely())]
    if problem is None and not collector.messages:
        logger.error("A turn produced no reply (is the action server up?); the user was given the hotline instead.")
    if problem is not None or not collector.messages:
        return [reply(recipient, compose.service_unavailable())]
    return [dict(message, recipient_id=recipient) for message in collector.messages]


def webhook_blueprint(channel: Any, receive: Callable[[Request], Awaitable[HTTPResponse]]) -> Blueprint:
    """A channel's routes: GET / (health) and POST /webhook handled by `receive`."""
    module = inspect.getmodule(channel)
    webhook = Blueprint(f"custom_webhook_{type(channel).__name__}", module.__name__ if module else None)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    webhook.add_route(receive, "/webhook", methods=["POST"])
    return webhook


class JsonChatInput(RestInput):
    """Rasa's REST channel with the checks above, under the name of the subclass: the REST channel for
    integrations (SafeRestInput) and the web widget's channel (channels/webchat.py)."""
    sender_pattern = SENDER_PATTERN
    keeps_client_metadata = True

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
        metadata = body.get("metadata") if self.keeps_client_metadata else None
        replies = await answer_safely(on_new_message, text, conversation_id(self.name(), sender), self.name(),
                                      metadata, recipient=sender)
        return response.json(replies)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def receive(request: Request) -> HTTPResponse:
            return await self.answer(request, on_new_message)

        return webhook_blueprint(self, receive)


class SafeRestInput(JsonChatInput):
    """POST /webhooks/rest/webhook with `Authorization: Bearer <token>`; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

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
