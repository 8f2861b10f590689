"""The hotline voice channel end to end: the real Rasa and action servers (scripts/run.sh) with the Twilio channel
enabled, and this test playing Twilio's part: form posts shaped like Twilio's (every field Twilio sends for a voice
call, the geographic ones empty as Twilio sends them when it has no data, SpeechResult and Confidence after a
<Gather>) signed with a test auth token exactly as Twilio signs them (twilio's RequestValidator.compute_signature
over the public URL, query string included, and every form field, empty ones too). Every TwiML answer is parsed and
checked."""
import re
import statistics
import time
import uuid
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlsplit

import pytest
import requests
from twilio.request_validator import RequestValidator

from tests.servers import running_assistant, stop_action_server

pytestmark = pytest.mark.e2e

TOKEN = "test-auth-token-for-the-hotline-tests"
PUBLIC_URL = "https://hotline.example.test/webhooks/twilio_voice/webhook"
PHARMACIST = "+15550100"
WARD_PHONE = "+15550123"
ENV = dict(TWILIO_AUTH_TOKEN=TOKEN, TWILIO_PUBLIC_URL=PUBLIC_URL, PHARMACIST_NUMBER=PHARMACIST,
           BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
TIMINGS = []


class TwiML:
    def __init__(self, response: requests.Response):
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"].startswith("text/xml")
        self.root = ET.fromstring(response.content)
        assert self.root.tag == "Response"
        assert len(self.root), "empty <Response/>: the call would drop"
        self.says = [e.text or "" for e in self.root.iter("Say")]
        self.text = " ".join(self.says)
        self.gather = self.root.find("Gather")
        self.dial = self.root.find("Dial")
        self.hangup = self.root.find("Hangup") is not None
        for said in self.says:
            assert said.strip(), "an empty <Say>"
            assert not re.search(r"\bmg\b", said, re.IGNORECASE), said
            assert not re.search(r"\b(mcg|kg|lbs?)\b", said, re.IGNORECASE), said
            assert not re.search(r"[*_`#\[\]]|(^|\s)- |•", said), said  # markdown, bullets
            assert not re.search(r"https?://|www\.", said), said
            assert not re.search(r"\d", said), said  # numbers are said in words, phone numbers digit by digit


def twilio_fields(call_sid: str, caller: str, status: str, speech=None) -> dict:
    """Every field Twilio posts to a voice webhook for an inbound call, in the shape of a real request: Twilio sends
    the geographic fields empty when it has no data for a number (mobile and VoIP callers), and signs them too."""
    account = "AC" + "0" * 32
    fields = {
        "AccountSid": account, "ApiVersion": "2010-04-01", "CallSid": call_sid, "CallStatus": status,
        "Direction": "inbound", "From": caller, "To": "+15550199", "Caller": caller, "Called": "+15550199",
        "CallerName": "", "ForwardedFrom": "", "ParentCallSid": "", "StirVerstat": "TN-Validation-Passed-A",
        "CallToken": '{"parentCallInfoToken":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln","identityHeaderTokens":[]}',
        "FromCity": "", "FromState": "", "FromZip": "", "FromCountry": "US",
        "ToCity": "SPRINGFIELD", "ToState": "IL", "ToZip": "62701", "ToCountry": "US",
        "CallerCity": "", "CallerState": "", "CallerZip": "", "CallerCountry": "US",
        "CalledCity": "SPRINGFIELD", "CalledState": "IL", "CalledZip": "62701", "CalledCountry": "US",
    }
    if speech is not None:  # after a <Gather input="speech">
        fields.update(SpeechResult=speech, Confidence="0.92", Language="en-US")
    return fields


class Call:
    """One phone call, as Twilio makes it: the first webhook to the configured URL, then each <Gather> action."""

    def __init__(self, bot, caller: str = WARD_PHONE):
        self.bot = bot
        self.sid = "CA" + uuid.uuid4().hex
        self.caller = caller
        self.next_url = PUBLIC_URL

    def params(self, status: str, speech=None) -> dict:
        return twilio_fields(self.sid, self.caller, status, speech)

    def post(self, params: dict, url: str, signature, sent_query=None) -> requests.Response:
        """POSTs `params` as Twilio does (form-encoded, empty values kept) to the path of `url`, with `url`'s query
        string or `sent_query` (Twilio may send the query in another order than the URL it signed)."""
        parts = urlsplit(url)
        query = parts.query if sent_query is None else sent_query
        local = f"{self.bot.url}{parts.path}" + (f"?{query}" if query else "")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        return requests.post(local, data=urlencode(params), headers=headers, timeout=30)

    def send(self, speech=None, status="in-progress") -> TwiML:
        url = self.next_url
        params = self.params(status, speech)
        start = time.perf_counter()
        response = self.post(params, url, RequestValidator(TOKEN).compute_signature(url, params))
        TIMINGS.append(time.perf_counter() - start)
        twiml = TwiML(response)
        if twiml.gather is not None:
            assert twiml.gather.get("input") == "speech"
            self.next_url = twiml.gather.get("action")
            assert self.next_url.startswith(PUBLIC_URL)
        return twiml

    def ring(self) -> TwiML:
        return self.send(status="ringing")


def user_texts(bot, sender):
    return [e.get("text") for e in bot.tracker(sender, channel="twilio_voice")["events"] if e["event"] == "user"]


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("voice"), **ENV) as assistant:
        yield assistant


def test_a_whole_call(bot):
    call = Call(bot)
    greeting = call.ring()
    assert "say dosing, side effects, or interactions" in greeting.text
    assert "not a doctor" in greeting.text
    assert greeting.gather is not None and greeting.gather.find("Say") is not None  # the caller can answer

    assert "How old" in call.send("how much baclofen should my son take").text
    # No route question: tablets, the common case; the age's figures come with the weight question.
    asked_weight = call.send("he is four").text
    assert "twenty to thirty milligrams a day for ages two to six years" in asked_weight
    assert "How much does the child weigh" in asked_weight

    readback = call.send("sixteen kilos")
    assert readback.text.endswith(
        "A child of four years weighing sixteen kilograms, tablets by mouth: is that right? Say yes, or no.")
    assert "milligram" not in readback.text  # the dose waits for the confirmation
    assert "confirm=1" in call.next_url

    dose = call.send("yes that's right")
    # 16 kg: 0.3 mg per kg a day = 4.8 mg a day, 4 doses of 1.2 mg (leaflet section 2), said in full
    assert dose.text.startswith("The starting dose is four point eight milligrams a day")
    assert "one point two milligrams per dose, four doses a day" in dose.text
    assert "zero point three milligrams per kilogram per day" in dose.text
    assert "twenty to thirty milligrams a day for ages two to six years" in dose.text
    assert "prescriber decides" in dose.text and "section two, Dosage" in dose.text
    assert "confirm" not in call.next_url

    side_effects = call.send("what are the side effects")
    assert "sleepiness" in side_effects.text and "section three, Side effects" in side_effects.text

    transfer = call.send("pharmacist")
    assert "putting you through to the pharmacist" in transfer.text
    assert transfer.dial is not None and transfer.dial.text == PHARMACIST
    assert transfer.gather is None
    assert list(transfer.root).index(transfer.dial) > 0  # the short sentence comes before the transfer

    # One conversation, keyed on the call ("twilio_voice:<CallSid>"), holding every turn that went through the
    # assistant.
    assert user_texts(bot, call.sid) == ["hello", "how much baclofen should my son take", "he is four",
                                         "sixteen kilos", "what are the side effects", "pharmacist"]
    assert user_texts(bot, WARD_PHONE) == []  # never keyed on the caller's number

    # Nothing the caller said reaches the log at the default level.
    log = bot.log.read_text(errors="replace")
    for said in ("how much baclofen should my son take", "sixteen kilos", "what are the side effects"):
        assert said not in log


def test_two_calls_from_one_ward_phone_are_kept_apart(bot):
    first, second = Call(bot, WARD_PHONE), Call(bot, WARD_PHONE)
    first.ring()
    second.ring()
    assert "How old" in first.send("what dose of baclofen for my daughter").text
    assert "weigh" in first.send("four years").text
    # The second caller's "sixteen kilos" does not land in the first caller's dose form: no read-back of a child
    # of four for them.
    other = second.send("sixteen kilos")
    assert "four years" not in other.text
    assert "A child of four years weighing sixteen kilograms" in first.send("sixteen kilos").text
    assert user_texts(bot, first.sid) == ["hello", "what dose of baclofen for my daughter", "four years",
                                          "sixteen kilos"]
    assert user_texts(bot, second.sid) == ["hello", "sixteen kilos"]


def test_forged_and_unsigned_requests_are_refused(bot):
    call = Call(bot)
    params = call.params("ringing")
    assert call.post(params, PUBLIC_URL, None).status_code == 403
    assert call.post(params, PUBLIC_URL, RequestValidator("not-the-token").compute_signature(PUBLIC_URL, params)
                     ).status_code == 403
    signed = RequestValidator(TOKEN).compute_signature(PUBLIC_URL, params)
    assert call.post(dict(params, SpeechResult="pharmacist"), PUBLIC_URL, signed).status_code == 403  # tampered
    other_url = "https://attacker.example.test/webhooks/twilio_voice/webhook"
    assert call.post(params, PUBLIC_URL, RequestValidator(TOKEN).compute_signature(other_url, params)
                     ).status_code == 403
    # The query string is signed too: "silence=1" cannot be added to a signed request.
    assert call.post(params, PUBLIC_URL + "?turn=1&silence=1", signed).status_code == 403
    assert user_texts(bot, call.sid) == []  # nothing reached the assistant
    assert call.post(params, PUBLIC_URL, signed).status_code == 200  # the same request, correctly signed


def test_real_shaped_payloads_with_empty_fields_are_accepted(bot):
    """Twilio signs every field it sends, the empty ones included (CallerCity=, FromZip=...): a call whose payload
    has them is answered (stock Sanic's request.form dropped them and every such genuine call got a 403)."""
    call = Call(bot)
    params = call.params("ringing")
    assert [name for name, value in params.items() if value == ""] and "CallToken" in params
    signed = RequestValidator(TOKEN).compute_signature(PUBLIC_URL, params)
    greeting = TwiML(call.post(params, PUBLIC_URL, signed))
    assert greeting.gather is not None and "not a doctor" in greeting.text
    # The <Gather> action URL carries a query string: signed with it, it is accepted.
    action = greeting.gather.get("action")
    assert "?" in action
    params = call.params("in-progress", "what is baclofen used for")
    answer = TwiML(call.post(params, action, RequestValidator(TOKEN).compute_signature(action, params)))
    assert "section one, Uses" in answer.text

    # Forged: the signature leaves the empty fields out, an empty field is filled in, a field is added.
    without_empty = {name: value for name, value in params.items() if value != ""}
    signed = RequestValidator(TOKEN).compute_signature(action, params)
    refused = [
        call.post(params, action, RequestValidator(TOKEN).compute_signature(action, without_empty)),
        call.post(dict(params, CallerCity="ELSEWHERE"), action, signed),
        call.post(dict(params, Digits="1"), action, signed),
    ]
    assert [r.status_code for r in refused] == [403, 403, 403]
    assert user_texts(bot, call.sid) == ["hello", "what is baclofen used for"]


def test_the_gather_query_string_validates_however_twilio_orders_it(bot):
    """Twilio signs the action URL as the TwiML wrote it but may call it with the parameters sorted (and the other
    way round): both are accepted. Changing a parameter is not."""
    call = Call(bot)
    call.ring()
    written = PUBLIC_URL + "?turn=1&silence=1"  # not in alphabetical order
    ordered = PUBLIC_URL + "?silence=1&turn=1"
    params = call.params("in-progress", "what are the side effects")
    as_written = RequestValidator(TOKEN).compute_signature(written, params)
    assert call.post(params, written, as_written).status_code == 200
    assert call.post(params, written, as_written, sent_query="silence=1&turn=1").status_code == 200
    as_sorted = RequestValidator(TOKEN).compute_signature(ordered, params)
    assert call.post(params, ordered, as_sorted, sent_query="turn=1&silence=1").status_code == 200
    # Our own <Gather> URLs are written in alphabetical order already.
    action = call.send("what is baclofen used for").gather.get("action")
    names = [pair.split("=")[0] for pair in urlsplit(action).query.split("&")]
    assert names == sorted(names)
    assert call.post(params, written, as_written, sent_query="silence=2&turn=1").status_code == 403
    assert call.post(params, written, as_written, sent_query="silence=1&turn=1&confirm=1").status_code == 403


def test_emergency_number_first_then_the_transfer(bot):
    call = Call(bot)
    call.ring()
    twiml = call.send("my son swallowed a whole strip of my baclofen tablets")
    assert twiml.says[0].startswith("Call one one five now")
    assert twiml.dial is not None and twiml.dial.text == PHARMACIST
    children = list(twiml.root)
    before_dial = [c.text for c in children[:children.index(twiml.dial)] if c.tag == "Say"]
    assert before_dial[0].startswith("Call one one five now")
    assert "putting you through to the pharmacist" in before_dial[-1]


def test_person_words_transfer_at_any_point_even_inside_the_dose_form(bot):
    for words in ("operator", "I want to talk to a human"):
        call = Call(bot)
        call.ring()
        assert "How old" in call.send("baclofen dose for my son").text
        twiml = call.send(words)
        assert twiml.dial is not None and twiml.dial.text == PHARMACIST, words
        assert "putting you through to the pharmacist" in twiml.text


def test_silence_twice_reprompt_then_goodbye(bot):
    call = Call(bot)
    call.ring()
    assert "How old" in call.send("baclofen dose for my son").text
    reprompt = call.send()  # Twilio posts the Gather action with no SpeechResult after the timeout
    assert reprompt.text.startswith("Sorry, I did not hear anything.") and "How old" in reprompt.text
    assert reprompt.gather is not None and "silence=1" in call.next_url
    goodbye = call.send()
    assert "Goodbye" in goodbye.text and goodbye.hangup and goodbye.gather is None
    # Speaking after one silence starts the count again.
    call = Call(bot)
    call.ring()
    call.send()
    assert call.send("what is baclofen used for").gather is not None
    assert "silence" not in call.next_url


def test_goodbye_ends_the_call(bot):
    call = Call(bot)
    call.ring()
    twiml = call.send("goodbye")
    assert twiml.hangup and twiml.gather is None and twiml.dial is None
    assert "Goodbye" in twiml.text


def test_read_back_rejected_asks_again(bot):
    call = Call(bot)
    call.ring()
    readback = call.send("baclofen dose for a 3 year old of 14 kg, tablets")
    assert "A child of three years weighing fourteen kilograms, tablets by mouth: is that right?" in readback.text
    again = call.send("no")
    assert "tell me the age and the weight again" in again.text and "confirm" not in call.next_url
    corrected = call.send("five years, eighteen kilos")
    assert "A child of five years weighing eighteen kilograms" in corrected.text
    assert "five point four milligrams a day" in call.send("yes").text  # 18 kg * 0.3 mg per kg a day


def test_call_end_status_hangs_up(bot):
    call = Call(bot)
    call.ring()
    assert call.send(status="completed").hangup


@pytest.fixture()
def bot_without_actions(tmp_path):
    with running_assistant(tmp_path, **ENV) as assistant:
        yield assistant


def test_action_server_down_apology_and_transfer_never_empty(bot_without_actions):
    bot = bot_without_actions
    call = Call(bot)
    call.ring()
    stop_action_server(bot)
    for question in ("what are the side effects", "is it ok to drink beer while on baclofen"):
        twiml = call.send(question)  # TwiML() fails on an empty <Response/>
        assert twiml.says[0].startswith("Sorry, I cannot answer that right now.")
        assert "call one one five" in twiml.text
        assert twiml.dial is not None and twiml.dial.text == PHARMACIST
        assert twiml.hangup  # after the Dial: said sorry and hung up if the pharmacist did not answer


def test_report_latency():
    """Not a check: prints the round-trip figures measured above (pytest -s shows them)."""
    if len(TIMINGS) >= 5:
        ms = sorted(t * 1000 for t in TIMINGS)
        print(f"\nvoice webhook round trip over {len(ms)} signed posts: p50 {statistics.median(ms):.0f} ms, "
              f"p90 {ms[int(len(ms) * 0.9)]:.0f} ms, max {ms[-1]:.0f} ms")
