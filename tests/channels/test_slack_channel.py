"""The Slack channel end to end: real action and Rasa servers (scripts/run.sh with the Slack variables set, so
credentials.d/slack.yml is on), signed Events API requests as Slack sends them, and the replies caught by a local
stand-in for Slack's Web API (tests/slack_stub.py) that Rasa's Slack client is pointed at by SLACK_API_BASE_URL."""
import json
import time
import uuid
from urllib.parse import urlencode

import pytest
import requests

from baclofen.answers import compose, doses
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.render import slack as slack_format
from baclofen.render.text import render as written
from tests.servers import running_assistant
from tests.slack_stub import SlackWebAPIStub, event_envelope, new_ts, sign

pytestmark = pytest.mark.e2e

TOKEN = "xoxb-test-" + uuid.uuid4().hex
SECRET = uuid.uuid4().hex
APP_ID = "A0BACLOFEN"
BOT = "U0BOT"
TEAM = "T0HOSPITAL"
CLINICIAN, PHARMACIST = "U0CLINICIAN", "U0PHARMACIST"
QUIET_SECONDS = 2.0  # how long a second (duplicate) reply is waited for; one answer takes well under a second


@pytest.fixture(scope="module")
def slack(tmp_path_factory):
    with SlackWebAPIStub(TOKEN) as stub:
        with running_assistant(tmp_path_factory.mktemp("slack"), SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET,
                               SLACK_APP_ID=APP_ID, SLACK_API_BASE_URL=stub.base_url,
                               BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234") as assistant:
            stub.webhook = f"{assistant.url}/webhooks/slack/webhook"
            stub.assistant = assistant
            yield stub


def new_channel(prefix: str = "C") -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


def event_callback(text, channel, *, user=CLINICIAN, **kwargs):
    """An Events API envelope as Slack posts it, for this app and bot."""
    return event_envelope(text, channel, app_id=APP_ID, bot=BOT, team=TEAM, user=user, **kwargs)


def send(stub, body, *, content_type="application/json", signed=True, timestamp=None, secret=SECRET,
         tamper=None, headers=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    all_headers = {"Content-Type": content_type, **(headers or {})}
    if signed:
        all_headers.update(sign(secret, raw, timestamp))
    if tamper:
        raw = tamper(raw)
    return requests.post(stub.webhook, data=raw, headers=all_headers, timeout=10)


def say(stub, text, channel, **kwargs):
    body = event_callback(text, channel, **kwargs)
    response = send(stub, body)
    assert response.status_code == 200, response.text
    return body["event"]["ts"]


def click(stub, question, user=CLINICIAN, index=0):
    """A button click on a question the bot posted (a `block_actions` interaction, form-encoded)."""
    message = question.response["message"]
    button = next(b for b in message["blocks"] if b["type"] == "actions")["elements"][index]
    payload = {"type": "block_actions", "user": {"id": user, "username": "clinician", "team_id": TEAM},
               "api_app_id": APP_ID, "token": "unused", "trigger_id": uuid.uuid4().hex,
               "team": {"id": TEAM, "domain": "hospital"},
               "container": {"type": "message", "message_ts": message["ts"], "channel_id": question.args["channel"],
                             "is_ephemeral": False, "thread_ts": message.get("thread_ts")},
               "channel": {"id": question.args["channel"], "name": "pharmacy"},
               "message": {**message, "user": BOT},
               "response_url": "https://hooks.slack.com/actions/T0/1/abc",
               "actions": [{"action_id": button["action_id"], "block_id": "b1", "text": button["text"],
                            "value": button["value"], "type": "button", "action_ts": new_ts()}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    return send(stub, body, content_type="application/x-www-form-urlencoded")


def shown(call) -> str:
    return slack_format.blocks_text(call.args.get("blocks") or []) or call.args.get("text", "")


def one_reply(stub, channel, thread_ts):
    """Waits for the reply in the thread, then a while longer to be sure no second one comes."""
    replies = stub.wait_posts(1, channel, thread_ts)
    assert replies, f"no reply in {channel} thread {thread_ts}; log:\n{stub.assistant.log.read_text()[-2000:]}"
    time.sleep(QUIET_SECONDS)
    replies = stub.posts(channel)
    assert len(replies) == 1, [shown(r) for r in replies]
    return replies[0]


def test_url_verification_challenge_needs_a_signature(slack):
    body = {"token": "unused", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification"}
    answer = send(slack, body)
    assert answer.status_code == 200 and answer.json() == {"challenge": body["challenge"]}
    refused = send(slack, body, signed=False)
    assert refused.status_code == 401 and body["challenge"] not in refused.text


def test_direct_message_dose_question_one_reply_in_thread_with_figures(slack):
    channel = new_channel("D")
    ts = say(slack, "what dose of baclofen for a 3 year old weighing 14 kg, tablets", channel, kind="message",
              channel_type="im")
    reply = one_reply(slack, channel, ts)
    assert reply.authorization == f"Bearer {TOKEN}"
    assert reply.args["channel"] == channel and reply.args["thread_ts"] == ts
    expected = lookup(DoseQuery("oral", age_years=3, weight_kg=14))
    assert reply.args["text"] == written(compose.dose(expected))  # the notification text
    blocks = reply.args["blocks"]
    table = [f["text"] for b in blocks for f in b.get("fields", [])]
    for figure in expected.figures:
        assert f"*{figure.label}*" in table and slack_format.figure_value(figure) in table
    assert "*4.2 mg* a day (0.3 mg per kg a day)" in table and "*1.05 mg* per dose, 4 doses a day" in table
    assert blocks[-1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "Source: baclofen leaflet, section 2 (Dosage)."}]}


def test_unsigned_tampered_and_stale_requests_are_refused(slack):
    channel = new_channel("D")
    question = dict(text="what is baclofen used for?", kind="message", channel_type="im")
    unsigned = send(slack, event_callback(channel=channel, **question), signed=False)
    wrong_secret = send(slack, event_callback(channel=channel, **question), secret="not-the-secret")
    tampered = send(slack, event_callback(channel=channel, **question),
                    tamper=lambda raw: raw.replace(b"used for", b"good for"))
    stale = send(slack, event_callback(channel=channel, **question), timestamp=int(time.time()) - 6 * 60)
    assert [r.status_code for r in (unsigned, wrong_secret, tampered, stale)] == [401, 401, 401, 401]
    other_app = event_callback(channel=channel, **question)
    other_app["api_app_id"] = "A0SOMEOTHER"
    assert send(slack, other_app).status_code == 403
    # The same question, signed now, is answered: only that one.
    ts = say(slack, channel=channel, **question)
    reply = one_reply(slack, channel, ts)
    assert "section 1 (Uses)" in shown(reply)


def test_retried_event_is_answered_once(slack):
    channel = new_channel("D")
    body = event_callback("does baclofen interact with lithium?", channel, kind="message", channel_type="im")
    first = send(slack, body, content_type="application/json; charset=utf-8")
    assert first.status_code == 200
    for number, reason in [(1, "http_error"), (2, "http_timeout"), (3, "connection_failed")]:
        retry = send(slack, body, content_type="application/json; charset=utf-8",
                     headers={"X-Slack-Retry-Num": str(number), "X-Slack-Retry-Reason": reason})
        assert retry.status_code == 200
    reply = one_reply(slack, channel, body["event"]["ts"])
    assert "lithium" in shown(reply) and "section 5" in shown(reply)


@pytest.mark.parametrize("order", [("app_mention", "message"), ("message", "app_mention")])
def test_mention_delivered_as_app_mention_and_message_is_answered_once(slack, order):
    channel, ts = new_channel(), new_ts()
    for kind in order:
        body = event_callback(f"<@{BOT}> does baclofen interact with lithium?", channel, kind=kind, ts=ts)
        assert send(slack, body, content_type="application/json; charset=utf-8").status_code == 200
    reply = one_reply(slack, channel, ts)
    assert reply.args["thread_ts"] == ts and "lithium" in shown(reply)


def test_channel_messages_without_mention_and_bot_messages_are_not_answered(slack):
    channel = new_channel()
    send(slack, event_callback("what is baclofen used for?", channel, kind="message"))
    send(slack, event_callback("what is baclofen used for?", channel, kind="message", channel_type="im",
                               user=BOT, bot_id="B0BOT"))
    send(slack, event_callback("someone joined", channel, kind="message", subtype="channel_join"))
    time.sleep(QUIET_SECONDS)
    assert slack.posts(channel) == []


def test_dose_form_completes_inside_a_thread(slack):
    channel = new_channel()
    thread = say(slack, f"<@{BOT}> what is the usual dose of baclofen for a child?", channel)
    overview = slack.wait_posts(1, channel, thread)
    assert overview and "for each group" in shown(overview[-1])  # a general question: every group at once

    # Another thread of the same clinician in the same channel is its own conversation.
    other = say(slack, f"<@{BOT}> about", channel)
    about = slack.wait_posts(1, channel, other)
    assert about and "automated assistant" in shown(about[-1])

    offer = overview[-1]
    assert [e["value"] for b in offer.args["blocks"] if b["type"] == "actions" for e in b["elements"]][0] == \
        "dose for my child"
    assert click(slack, offer, index=0).status_code == 200  # "Work out a child's dose"
    assert click(slack, offer, index=0).status_code == 200  # a second click on the same question
    asked_age = slack.wait_posts(2, channel, thread)
    assert len(asked_age) == 2 and "How old" in shown(asked_age[-1])

    # A colleague chatting in the thread (no mention) is not the form's answer.
    say(slack, "4 years", channel, kind="message", thread_ts=thread, user=PHARMACIST)
    # The clinician answers in the thread without mentioning the bot.
    say(slack, "4 years", channel, kind="message", thread_ts=thread)
    asked_weight = slack.wait_posts(3, channel, thread)
    assert "weigh" in shown(asked_weight[-1]) and "20-30 mg" in shown(asked_weight[-1])  # the age's band first

    say(slack, "16 kg", channel, kind="message", thread_ts=thread)
    answered = slack.wait_posts(4, channel, thread)
    dose = answered[-1]
    expected = lookup(DoseQuery("oral", age_years=4, weight_kg=16))
    assert dose.args["text"] == written(doses.for_person(expected, route_assumed=True))
    assert "*4.8 mg* a day (0.3 mg per kg a day)" in shown(dose) and "*1.2 mg* per dose" in shown(dose)
    time.sleep(QUIET_SECONDS)
    # Every reply went into its thread; nothing else was said (the colleague and the second click got nothing).
    assert all(c.args.get("thread_ts") in (thread, other) for c in slack.posts(channel))
    assert len(slack.posts(channel, thread)) == 4 and len(slack.posts(channel, other)) == 1


def test_emergency_gets_the_emergency_answer_first(slack):
    channel = new_channel("D")
    ts = say(slack, "my son swallowed a whole strip of baclofen tablets", channel, kind="message", channel_type="im")
    reply = one_reply(slack, channel, ts)
    assert reply.args["text"].startswith("Call 115 now")
    assert reply.args["blocks"][0]["text"]["text"].startswith("Call 115 now")


@pytest.mark.parametrize("word", ["help", "about"])
def test_help_and_about_give_the_disclaimer(slack, word):
    channel = new_channel()
    ts = say(slack, f"<@{BOT}> {word}", channel)
    reply = one_reply(slack, channel, ts)
    assert "I am an automated assistant" in shown(reply) and "do not replace your doctor" in shown(reply)


def test_channel_refuses_to_start_without_signing_secret_or_token():
    from rasa.shared.exceptions import InvalidConfigException
    from channels.slack import SlackChannel
    with pytest.raises(InvalidConfigException):
        SlackChannel.from_credentials({"slack_token": TOKEN, "slack_signing_secret": ""})
    with pytest.raises(InvalidConfigException):
        SlackChannel.from_credentials({"slack_token": "", "slack_signing_secret": SECRET})
    channel = SlackChannel.from_credentials({"slack_token": TOKEN, "slack_signing_secret": SECRET,
                                             "api_base_url": "http://127.0.0.1:9/api/"})
    assert channel.get_output_channel("C1", "1.2").client.base_url == "http://127.0.0.1:9/api/"


def test_dedup_memory_is_bounded():
    from channels.slack import media_type
    from stores.key_memory import LRUSet
    seen = LRUSet(3)
    for key in "abcd":
        seen.add(key)
    assert len(seen) == 3 and "a" not in seen and "d" in seen
    assert media_type("application/json; charset=utf-8") == "application/json"
    assert media_type("Application/X-WWW-Form-Urlencoded") == "application/x-www-form-urlencoded"


def test_a_vietnamese_question_reaches_the_assistant_as_written_with_no_language_forced(slack):
    """Slack answers in the language asked: the adapter passes the text as written (accents intact) and no
    language in the metadata, so the conversation's language is the detector's, from the message itself."""
    channel = new_channel("D")
    question = "liều baclofen cho trẻ 3 tuổi nặng 14 kg là bao nhiêu?"
    ts = say(slack, question, channel, kind="message", channel_type="im")
    reply = one_reply(slack, channel, ts)
    assert reply.args["thread_ts"] == ts and shown(reply).strip()
    events = slack.assistant.tracker(f"{CLINICIAN}_{channel}_{ts}", channel="slack")["events"]
    users = [e for e in events if e["event"] == "user"]
    assert [e["text"] for e in users] == [question]
    assert ["language" in (e.get("metadata") or {}) for e in users] == [False]
