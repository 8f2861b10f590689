"""Resends on every channel (stores/resends.py), against the real servers (scripts/run.sh, every channel on): the same
message sent twice (a client's retry after a timeout, a double click, Slack's and Twilio's retries) is stored once
and answered with the same reply; a client that leaves before its reply is ready leaves nothing stored (the dose
form does not move on without it); a message without an id counts as a resend only as the latest message."""
from __future__ import annotations

import json
import socket
import time
import uuid
from urllib.parse import urlsplit

import pytest
import requests

from tests.channels.test_all_channels import (  # noqa: F401 (bot: the fixture, every channel on)
    CLINICIAN, SLACK_APP, SLACK_BOT, SLACK_SECRET, Call, bot, rest, user_texts)
from tests.slack_stub import event_envelope, sign

pytestmark = pytest.mark.e2e

DOSE_QUESTION = "how much baclofen should my son take?"


def _texts(response: requests.Response):
    assert response.status_code == 200, response.text
    return [m.get("text") for m in response.json()]


def _webchat(bot, sender, message, **extra):
    return requests.post(f"{bot.url}/webhooks/webchat/webhook", json={"sender": sender, "message": message, **extra},
                         timeout=30)


@pytest.mark.parametrize("channel", ["rest", "webchat"])
def test_a_message_sent_twice_with_its_id_is_stored_once_and_answered_the_same(bot, channel):
    sender = uuid.uuid4().hex
    post = (lambda *a, **k: rest(bot, *a, **k)) if channel == "rest" else (lambda *a, **k: _webchat(bot, *a, **k))
    first = _texts(post(sender, DOSE_QUESTION, message_id="m-1"))
    again = _texts(post(sender, DOSE_QUESTION, message_id="m-1"))
    assert "How old" in first[0] and again == first
    age = _texts(post(sender, "he is 3", message_id="m-2"))
    assert any("by mouth" in text for text in age), age
    assert _texts(post(sender, "he is 3", message_id="m-2")) == age  # not asked for the route again
    assert user_texts(bot, f"{channel}:{sender}") == [DOSE_QUESTION, "he is 3"]
    # a new id is a new message, even with the same text
    _texts(post(sender, "he is 3", message_id="m-3"))
    assert user_texts(bot, f"{channel}:{sender}") == [DOSE_QUESTION, "he is 3", "he is 3"]


def test_a_message_id_must_be_short_and_plain(bot):
    for bad in ("", "x" * 129, "a b", 7, ["m"]):
        refused = rest(bot, uuid.uuid4().hex, "hello", message_id=bad)
        assert refused.status_code == 400 and "message_id" in refused.json()["error"], bad


def test_without_an_id_the_same_text_is_a_resend_only_as_the_latest_message(bot):
    sender = uuid.uuid4().hex
    first = _texts(rest(bot, sender, "what is baclofen used for?"))
    assert _texts(rest(bot, sender, "what is baclofen used for?")) == first
    assert user_texts(bot, f"rest:{sender}") == ["what is baclofen used for?"]
    _texts(rest(bot, sender, "what are the side effects?"))
    _texts(rest(bot, sender, "what is baclofen used for?"))  # asked again after another question: a new message
    assert user_texts(bot, f"rest:{sender}") == ["what is baclofen used for?", "what are the side effects?",
                                                 "what is baclofen used for?"]


def _send_and_leave(bot, sender: str, message: str, message_id: str) -> None:
    """A client that sends its whole request and closes the connection before any reply."""
    body = json.dumps({"sender": sender, "message": message, "message_id": message_id}).encode()
    host, port = urlsplit(bot.url).hostname, urlsplit(bot.url).port
    head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {bot.rest_token}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((host, port), timeout=5) as client:
        client.sendall(head + body)
        client.shutdown(socket.SHUT_RDWR)


def test_a_client_that_leaves_before_its_reply_leaves_nothing_stored_and_its_resend_is_answered(bot):
    sender = uuid.uuid4().hex
    assert "How old" in _texts(rest(bot, sender, DOSE_QUESTION, message_id="q"))[0]
    _send_and_leave(bot, sender, "he is 3", "age")
    time.sleep(2)
    assert user_texts(bot, f"rest:{sender}") == [DOSE_QUESTION]  # the form did not move on without the user
    assert "given up, nothing of it stored" in bot.log.read_text()
    resent = _texts(rest(bot, sender, "he is 3", message_id="age"))
    assert any("by mouth" in text for text in resent), resent
    assert _texts(rest(bot, sender, "he is 3", message_id="age")) == resent
    assert user_texts(bot, f"rest:{sender}") == [DOSE_QUESTION, "he is 3"]


def _post_slack(bot, body: dict, retry: int = 0) -> requests.Response:
    raw = json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **sign(SLACK_SECRET, raw)}
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return requests.post(f"{bot.url}/webhooks/slack/webhook", data=raw, headers=headers, timeout=30)


def test_slacks_retry_and_a_second_delivery_are_stored_once(bot):
    channel = "C" + uuid.uuid4().hex[:10].upper()
    body = event_envelope(f"<@{SLACK_BOT}> what is baclofen used for?", channel, app_id=SLACK_APP, bot=SLACK_BOT,
                          user=CLINICIAN)
    assert _post_slack(bot, body).status_code == 200
    assert _post_slack(bot, body, retry=1).status_code == 200  # Slack's retry: the same event id
    as_message = dict(body, event_id="Ev" + uuid.uuid4().hex[:10].upper(),
                      event=dict(body["event"], type="message", channel_type="channel"))
    assert _post_slack(bot, as_message).status_code == 200  # the same post delivered as message.channels
    thread = body["event"]["ts"]
    assert bot.slack.wait_posts(1, channel, thread)
    time.sleep(2)  # a second reply would have come by now
    assert len(bot.slack.posts(channel, thread)) == 1
    conversation = f"slack:{CLINICIAN}_{channel}_{thread}"
    assert user_texts(bot, conversation) == ["what is baclofen used for?"]


def _said(twiml: str) -> str:
    return twiml.split('action="', 1)[0] + twiml.split('action="', 1)[-1].split('"', 1)[-1]


def test_twilios_retry_of_a_request_is_stored_once_and_said_the_same(bot):
    call = Call(bot)
    call.send(status="ringing")
    gather_url = call.url
    first = call.send("how much baclofen should my son take")
    call.url = gather_url  # Twilio sends the same request again (its answer did not arrive)
    again = call.send("how much baclofen should my son take")
    assert "How old" in first and _said(again) == _said(first)
    assert user_texts(bot, f"twilio_voice:{call.sid}") == ["hello", "how much baclofen should my son take"]
    assert "How much does the child weigh" in call.send("he is four")  # the form goes on from there
