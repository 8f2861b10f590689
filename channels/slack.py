"""Slack channel: Rasa 3.6's SlackInput with its gaps closed.

Registered in credentials.d/slack.yml as `channels.slack.SlackChannel`. It keeps the stock name "slack", so the
webhook stays POST /webhooks/slack/webhook and actions see tracker.get_latest_input_channel() == "slack".

What it changes compared with rasa/core/channels/slack.py:
- Every request must be signed (HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, timestamp within
  300 s): events, the URL-verification challenge and button clicks alike. Unsigned or stale: 401.
- Content-Type is compared on its media type only, so `application/json; charset=utf-8` is accepted.
- Each post is answered once: an event is dropped when its event_id, or its (channel, ts), was already handled.
  That covers Slack's retries (X-Slack-Retry-Num, whatever X-Slack-Retry-Reason says) and one mention delivered
  both as `app_mention` and `message.channels`. The memory is a bounded set in this process or, when
  BACLOFEN_SLACK_REDIS_URL is set, shared by every Rasa server through Redis (stores/key_memory.py), so a retry
  that reaches another server behind the same request URL is still skipped.
- Conversations are per user per thread (`slack:{user}_{channel}_{thread_ts}`: channels/rest.conversation_id, so
  no other channel can reach them), and every reply goes into the thread
  under the question, so a dose form in one thread never mixes with another.
- It answers in DMs and where mentioned; in a channel it also takes a reply without a mention in a thread where
  that same user mentioned the bot (so "4 years" answers the form's question), remembered like the events.
- The outbound Web API client's base URL comes from SLACK_API_BASE_URL (baclofen.settings), so tests point it
  at a local stand-in.
- If an app id is configured, events for another app are refused.
- Message text is never logged.
"""
from __future__ import annotations

import asyncio
import html
import json
import logging
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Hashable, List, Optional, Sequence, Set, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from baclofen import channel_table, settings
from baclofen.render import slack as slack_format
from channels.rest import answer_safely, conversation_id, health_body, media_type
from stores.key_memory import key_memory

logger = logging.getLogger(__name__)

SEEN_TTL_SECONDS = 2 * 3600  # event ids and posts remembered in Redis: Slack retries within about an hour
THREAD_TTL_SECONDS = 7 * 24 * 3600  # (channel, thread, user) where a user talks with the bot
# Message subtypes that are a person writing; every other subtype (joins, edits, deletions, bots) is skipped.
USER_SUBTYPES = {None, "file_share", "thread_broadcast"}


def api_base_url() -> str:
    return settings.current().slack_api_base_url


def slack_message_id(metadata: Dict[str, Any]) -> Optional[str]:
    """The id of a user's post for resends (stores/resends.py): its ts, the same in Slack's retries and in both
    deliveries of one mention (their event ids differ); a button click: the ts of the question clicked."""
    if metadata.get("ts"):
        return f"slack.{metadata['ts']}"
    return f"slack.click.{metadata['click_ts']}" if metadata.get("click_ts") else None


class ThreadedSlackBot(SlackBot):
    """Posts every reply as one chat.postMessage in the question's thread, through a configurable Web API URL."""

    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 proxy: Optional[Text] = None, base_url: Optional[Text] = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=base_url or api_base_url())

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        # `as_user` is for classic apps only; a bot token posts as the bot anyway.
        kwargs.pop("as_user", None)
        kwargs.pop("channel", None)
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # One message (the stock channel posts one message per paragraph).
        await self._post_message(self.slack_channel or recipient_id, text=slack_format.escape(text.strip()))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self._post_message(self.slack_channel or recipient_id, **slack_format.text_message(text, buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        message = dict(json_message)
        channel = message.pop("channel", None) or self.slack_channel or recipient_id
        await self._post_message(channel, **message)


class SlackChannel(SlackInput):
    """The Slack Events API input; see the module docstring."""

    @classmethod
    def name(cls) -> Text:
        return channel_table.SLACK.name

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(
            slack_token=credentials.get("slack_token"),
            slack_channel=credentials.get("slack_channel"),
            proxy=credentials.get("proxy"),
            slack_signing_secret=credentials.get("slack_signing_secret", ""),
            slack_app_id=credentials.get("slack_app_id"),
            api_base_url=credentials.get("api_base_url"),
        )

    def __init__(self, slack_token: Text, slack_channel: Optional[Text] = None, proxy: Optional[Text] = None,
                 slack_signing_secret: Text = "", slack_app_id: Optional[Text] = None,
                 api_base_url: Optional[Text] = None, **_: Any) -> None:
        super().__init__(slack_token, slack_channel, proxy, use_threads=True,
                         slack_signing_secret=str(slack_signing_secret or ""), conversation_granularity="thread")
        if not slack_token:
            from rasa.shared.exceptions import InvalidConfigException
            raise InvalidConfigException("The Slack channel needs `slack_token` (the bot token, xoxb-...).")
        # Rasa sets its own logger's level (LOG_LEVEL, default INFO); follow it so skipped duplicates are logged.
        logger.setLevel(logging.getLogger("rasa").getEffectiveLevel())
        self.slack_app_id = str(slack_app_id) if slack_app_id else None
        self.api_base_url = api_base_url
        shared = settings.current().slack_redis_url  # redis://[:password@]host:port/db, shared by all Rasa servers
        self._seen = key_memory(shared, "baclofen:slack:seen:")
        self._threads = key_memory(shared, "baclofen:slack:thread:")
        self._tasks: Set[asyncio.Task] = set()

    # ------------------------------------------------------------------ outbound

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return ThreadedSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy,
                                self.api_base_url or api_base_url())

    # ------------------------------------------------------------------ deciding what to answer

    @staticmethod
    def _bot_user_ids(body: Dict[str, Any]) -> List[str]:
        users = [a.get("user_id") for a in body.get("authorizations") or [] if a.get("is_bot", True)]
        users += list(body.get("authed_users") or [])
        return [u for u in users if u]

    async def first_time(self, *keys: Optional[Hashable]) -> bool:
        """True, and remembers the keys, unless one of them was seen before (by any server sharing the memory)."""
        return await self._seen.first_time(*keys, ttl_seconds=SEEN_TTL_SECONDS)

    async def _should_answer(self, body: Dict[str, Any], event: Dict[str, Any], bot_users: Sequence[str]) -> bool:
        if event.get("type") not in ("message", "app_mention"):
            return False
        if not event.get("text") or event.get("bot_id") or event.get("subtype") not in USER_SUBTYPES:
            return False
        user, channel = event.get("user"), event.get("channel")
        if not user or not channel or user in bot_users:
            return False
        if event.get("type") == "app_mention" or event.get("channel_type") == "im":
            return True
        if any(f"<@{bot}>" in event["text"] for bot in bot_users):
            return True  # a mention seen through message.channels
        if event.get("thread_ts") and await self._threads.contains((channel, event["thread_ts"], user)):
            return True  # a reply in a thread where this user talks with the bot
        return bool(self.slack_channel) and channel == self.slack_channel

    @staticmethod
    def _clean_text(text: str, bot_users: Sequence[str]) -> str:
        text = SlackInput._sanitize_user_message(text, list(bot_users))
        # Slack escapes &, < and > in message text.
        return html.unescape(re.sub(r"\s+", " ", text)).strip()

    def _conversation_id(self, user: str, channel: str, thread: str) -> str:
        return conversation_id(self.name(), f"{user}_{channel}_{thread}")

    async def _dispatch(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, user: str,
                        channel: str, thread: str, metadata: Dict[str, Any]) -> None:
        """Hands the message to Rasa in the background: Slack wants its 200 within 3 s."""
        await self._threads.add((channel, thread, user), ttl_seconds=THREAD_TTL_SECONDS)
        task = asyncio.create_task(self._answer(on_new_message, text, self._conversation_id(user, channel, thread),
                                                self.get_output_channel(channel, thread), metadata))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str, sender: str,
                      output: Any, metadata: Dict[str, Any]) -> None:
        """One turn, never silent (channels/rest.answer_safely), its replies posted in the thread."""
        for reply in await answer_safely(on_new_message, text, sender, self.name(), metadata,
                                         client_message_id=slack_message_id(metadata)):
            reply = {key: value for key, value in reply.items() if key != "recipient_id"}  # send_response adds it
            await output.send_response(sender, reply)

    # ------------------------------------------------------------------ the webhook

    async def _handle_event(self, body: Dict[str, Any], on_new_message: Callable[[UserMessage], Awaitable[Any]],
                      retry: Optional[str]) -> HTTPResponse:
        if self.slack_app_id and body.get("api_app_id") and body.get("api_app_id") != self.slack_app_id:
            logger.warning("Slack event for another app id refused.")
            return response.text("wrong app", status=HTTPStatus.FORBIDDEN)
        event = body.get("event") or {}
        bot_users = self._bot_user_ids(body)
        if not await self._should_answer(body, event, bot_users):
            return response.text("ignored")
        channel, ts, user = event["channel"], event.get("ts"), event["user"]
        event_id = body.get("event_id")
        if not await self.first_time(("event", event_id) if event_id else None,
                                     ("post", channel, ts) if ts else None):
            logger.info(f"Slack event {event_id} already answered (retry {retry or '-'}): skipped.")
            return response.text("duplicate")
        thread = event.get("thread_ts") or ts
        text = self._clean_text(event["text"], bot_users)
        if not text:
            return response.text("empty")
        metadata = {"out_channel": channel, "thread_id": thread, "users": bot_users, "event_id": event_id, "ts": ts,
                    "slack_event_type": event.get("type"), "channel_type": event.get("channel_type")}
        logger.debug(f"Slack event {event_id} ({event.get('type')}) -> conversation in thread {thread}.")
        await self._dispatch(on_new_message, text, user, channel, thread, metadata)
        return response.text("")

    async def _handle_interaction(self, payload: Dict[str, Any],
                            on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        if self.slack_app_id and payload.get("api_app_id") and payload.get("api_app_id") != self.slack_app_id:
            return response.text("wrong app", status=HTTPStatus.FORBIDDEN)
        if not self._is_interactive_message(payload):
            return response.text("ignored")
        action = payload["actions"][0]
        value = self._get_interactive_response(action)
        user = (payload.get("user") or {}).get("id")
        channel = (payload.get("channel") or {}).get("id") or (payload.get("container") or {}).get("channel_id")
        message = payload.get("message") or {}
        message_ts = message.get("ts") or (payload.get("container") or {}).get("message_ts")
        thread = message.get("thread_ts") or message_ts
        if value is None or not user or not channel or not thread:
            return response.text("ignored")
        # One answer per question message and user: a second click on the same question's buttons is ignored.
        if not await self.first_time(("click", user, channel, message_ts)):
            return response.text("duplicate")
        metadata = {"out_channel": channel, "thread_id": thread, "users": [], "slack_event_type": payload.get("type"),
                    "click_ts": message_ts}
        await self._dispatch(on_new_message, value, user, channel, thread, metadata)
        return response.text("")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json(health_body())

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Slack request refused: missing, wrong or stale signature.")
                return response.text("Request is not signed with a valid X-Slack-Signature.",
                                     status=HTTPStatus.UNAUTHORIZED)
            kind = media_type(request.headers.get("content-type"))
            retry = request.headers.get(self.retry_num_header or "x-slack-retry-num")
            try:
                if kind == "application/json":
                    body = json.loads(request.body.decode("utf-8"))
                    if not isinstance(body, dict):
                        raise ValueError("not an object")
                    if body.get("type") == "url_verification":
                        return response.json({"challenge": body.get("challenge", "")})
                    if body.get("type") != "event_callback":
                        return response.text("ignored")
                    return await self._handle_event(body, on_new_message, retry)
                if kind == "application/x-www-form-urlencoded":
                    form = parse_qs(request.body.decode("utf-8"))
                    payload = json.loads(form["payload"][0])
                    return await self._handle_interaction(payload, on_new_message)
            except (ValueError, KeyError, UnicodeDecodeError) as error:
                logger.warning(f"Unreadable Slack request ({type(error).__name__}).")
                return response.text("unreadable request", status=HTTPStatus.BAD_REQUEST)
            return response.text("unsupported content type", status=HTTPStatus.UNSUPPORTED_MEDIA_TYPE)

        return slack_webhook
