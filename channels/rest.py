"""The REST channel, hardened: POST /webhooks/rest/webhook {"sender", "message", "metadata"}.

Over Rasa's RestInput it adds what a hospital service needs:
- a body of the wrong shape is a 400 with a reason, never a 500;
- control characters are removed; an empty message or one over the length limit (baclofen.settings) gets a polite
  reply and is not processed;
- never silence: when the turn produced no reply (the action server is down), took longer than the reply timeout
  (baclofen.settings), or failed, the user gets an apology with the hotline and emergency numbers;
- when the tracker store failed during the turn, the reply is withheld and the user is told that the conversation
  cannot continue safely (see stores/guarded.py).
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from baclofen import settings
from baclofen.answers import compose, emergencies
from baclofen.answers.model import Answer
from baclofen.language import urgency
from baclofen.render import text as written
from stores.guarded import STORE_HEALTH

logger = logging.getLogger(__name__)

SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@+-]{1,128}")
CHANNEL_PATTERN = re.compile(r"[a-z_]{1,32}")


def reply(sender: str, answer: Answer) -> Dict[str, Any]:
    """A reply the channel writes itself (not from an action), as the REST channel's JSON."""
    return {"recipient_id": sender, "text": written.render(answer)}


def clean_text(text: str) -> str:
    """Drops control and format characters (keeps line breaks and tabs) so they reach neither NLU nor logs."""
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))


class BadRequest(ValueError):
    pass


def parse_body(request: Request, sender_pattern: re.Pattern = SENDER_PATTERN) -> Dict[str, Any]:
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
    channel = body.get("input_channel")
    if channel is not None and (not isinstance(channel, str) or not CHANNEL_PATTERN.fullmatch(channel)):
        raise BadRequest("input_channel must be a short lower-case name")
    return body


TIMEOUT, FAILED, STORE_FAILED = "timeout", "failed", "store failed"


async def run_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage, timeout: float,
                   shield: bool = False) -> Optional[str]:
    """Runs one turn within `timeout` seconds. None when it completed with the tracker store healthy, else why not
    (TIMEOUT, FAILED, STORE_FAILED): the one place where every channel learns that it must not stay silent.
    `shield` lets a slow turn finish in the background (its tracker stays whole) while the user is helped."""
    failures_before = STORE_HEALTH.failures
    turn = on_new_message(message)
    try:
        await asyncio.wait_for(asyncio.shield(turn) if shield else turn, timeout=timeout)
    except asyncio.TimeoutError:
        logger.error("A reply took longer than %s s; the user was helped another way.", timeout)
        return TIMEOUT
    except Exception as error:  # the user must hear something whatever failed
        logger.error("Handling a message failed (%s); the user was helped another way.", type(error).__name__)
        return FAILED
    return STORE_FAILED if STORE_HEALTH.failures > failures_before else None


async def answer_safely(on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, sender: str,
                        input_channel: str, metadata: Optional[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Runs one turn and returns its replies, never an empty list (shared by the channels built on REST)."""
    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata)
    problem = await run_turn(on_new_message, message, settings.current().reply_timeout_seconds)
    if problem == STORE_FAILED:
        return [reply(sender, compose.cannot_continue_safely())]
    if problem is None and not collector.messages:
        logger.error("A turn produced no reply (is the action server up?); the user was given the hotline instead.")
    if problem is not None or not collector.messages:
        return [reply(sender, compose.service_unavailable())]
    return collector.messages


def webhook_blueprint(channel: Any, receive: Callable[[Request], Awaitable[HTTPResponse]]) -> Blueprint:
    """A channel's routes: GET / (health) and POST /webhook handled by `receive`."""
    module = inspect.getmodule(channel)
    webhook = Blueprint(f"custom_webhook_{type(channel).__name__}", module.__name__ if module else None)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    webhook.add_route(receive, "/webhook", methods=["POST"])
    return webhook


class SafeRestInput(RestInput):
    sender_pattern = SENDER_PATTERN
    client_may_name_channel = True  # Rasa's REST channel lets the body say "input_channel"
    keeps_client_metadata = True

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = parse_body(request, self.sender_pattern)
            except BadRequest as error:
                return response.json({"error": str(error)}, status=400)
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
            channel = (self.client_may_name_channel and body.get("input_channel")) or self.name()
            metadata = body.get("metadata") if self.keeps_client_metadata else None
            replies = await answer_safely(on_new_message, text, sender, channel, metadata)
            return response.json(replies)

        return webhook_blueprint(self, receive)
