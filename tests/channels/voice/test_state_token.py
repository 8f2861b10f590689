"""channels/voice/state_token.py: the call's state sealed into Twilio's action URLs opens only for the call it was
sealed for, unchanged, with the key it was sealed with, within a call's lifetime; and every state a real answer
leaves fits in a URL Twilio will call."""
import base64
import hashlib
import hmac
import string

import pytest

from channels.voice.call import CallState, Heard, Hotline
from channels.voice.state_token import (
    CLOCK_SKEW_SECONDS, MAX_AGE_SECONDS, MAX_TOKEN_CHARS, StateRefused, open_token, seal, state_key,
)
from tests.channels.voice.test_call import ask, every_answer, start

CALL = "CA" + "1" * 32
OTHER_CALL = "CA" + "2" * 32
KEY = state_key("test-auth-token")
NOW = 1_900_000_000.0
URL_SAFE = set(string.ascii_letters + string.digits + "-_.")


def a_state() -> dict:
    state = CallState(rate=85, parts=["Common: sleepiness.", "Uncommon: chest pain."], labels=[None, "uncommon"],
                      keys={"1": "/ask_dose", "0": "/ask_human"}, dose=[{"text": "Four point eight milligrams."}])
    return state.as_dict()


def refusal(token: str, call_sid: str = CALL, key: bytes = KEY, now: float = NOW) -> str:
    with pytest.raises(StateRefused) as refused:
        open_token(token, call_sid, key, now)
    return refused.value.reason


def test_a_sealed_state_opens_to_the_same_state_and_fits_a_query_string_as_it_is():
    token = seal(a_state(), CALL, KEY, NOW)
    assert open_token(token, CALL, KEY, NOW + 5) == a_state()
    assert CallState.from_dict(open_token(token, CALL, KEY, NOW)).rate == 85
    assert set(token) <= URL_SAFE  # written into the URL without escaping: the URL Twilio signs is ours


def test_a_changed_token_is_refused_wherever_it_was_changed():
    token = seal(a_state(), CALL, KEY, NOW)
    version, issued, payload, mac = token.split(".")
    flipped = payload[:10] + ("A" if payload[10] != "A" else "B") + payload[11:]
    forged_state = seal(dict(a_state(), keys={"1": '/inform{"weight": 90.0}'}), CALL, state_key("guess"), NOW)
    changed = {
        "one character of the state": ".".join((version, issued, flipped, mac)),
        "the time it was issued": ".".join((version, str(int(issued) + 1), payload, mac)),
        "another state with the MAC kept": ".".join((version, issued, forged_state.split(".")[2], mac)),
        "sealed with another key": forged_state,
        "the MAC cut short": token[:-2],
    }
    for how, bad in changed.items():
        assert refusal(bad) == "changed, or sealed for another call", how


def test_a_token_of_another_call_or_another_key_is_refused():
    token = seal(a_state(), CALL, KEY, NOW)
    assert refusal(token, call_sid=OTHER_CALL) == "changed, or sealed for another call"
    assert refusal(token, key=state_key("another-auth-token")) == "changed, or sealed for another call"


def test_a_token_older_than_a_call_lasts_or_from_the_future_is_refused():
    token = seal(a_state(), CALL, KEY, NOW)
    assert open_token(token, CALL, KEY, NOW + MAX_AGE_SECONDS)  # a transfer that lasted the whole call
    assert refusal(token, now=NOW + MAX_AGE_SECONDS + 1) == "stale"
    assert open_token(token, CALL, KEY, NOW - CLOCK_SKEW_SECONDS)  # another server's clock a little behind
    assert refusal(token, now=NOW - CLOCK_SKEW_SECONDS - 1) == "dated in the future"


@pytest.mark.parametrize("garbage", ["", "x", "1.2.3", "2.1900000000.abc.def", "1.soon.abc.def", "1.1.a.b.c",
                                     "1.1900000000.%%%.def", "é" * 10, "1." * 3000])
def test_garbage_is_refused_as_malformed_or_changed_not_a_crash(garbage):
    assert refusal(garbage) in ("malformed", "changed, or sealed for another call")


def test_a_correctly_sealed_payload_that_is_not_a_state_is_refused_as_unreadable():
    """Only a server holding the key can get here (a bug, or another version's format): still no crash."""
    def sealed_raw(payload: str) -> str:
        signed = ".".join(("1", CALL, str(int(NOW)), payload)).encode()
        mac = base64.urlsafe_b64encode(hmac.new(KEY, signed, hashlib.sha256).digest()[:16]).rstrip(b"=").decode()
        return ".".join(("1", str(int(NOW)), payload, mac))

    not_zlib = base64.urlsafe_b64encode(b"plain text").rstrip(b"=").decode()
    a_list = seal(["not", "a", "state"], CALL, KEY, NOW).split(".")[2]  # type: ignore[arg-type]
    for payload in (not_zlib, a_list, "!!!!"):
        assert refusal(sealed_raw(payload)) == "unreadable"


def test_every_state_a_real_answer_leaves_fits_an_action_url(configure):
    """Every answer the assistant composes, as the hotline says it (read-back and dose, then each "more"): the
    state after each turn, sealed, stays within MAX_TOKEN_CHARS (Twilio calls URLs of up to 4,000 characters),
    with room to spare for answers longer than today's."""
    configure(BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
    hotline = Hotline(limit=60, min_confidence=0.3)
    longest = 0
    for answer in every_answer():
        turn = ask(hotline, start(hotline), answer, asking="weight_kg" if answer.kind == "ask_weight" else None,
                   speech="a question")
        states = [turn.state]
        if answer.dose is not None:
            turn = hotline.hear(turn.state, Heard(speech="yes"))
            states.append(turn.state)
        while turn.state.at + 1 < len(turn.state.parts):
            turn = hotline.hear(turn.state, Heard(speech="more"))
            states.append(turn.state)
        for state in states:
            token = seal(state.as_dict(), CALL, KEY, NOW)
            assert CallState.from_dict(open_token(token, CALL, KEY, NOW)) == state
            longest = max(longest, len(token))
    assert longest <= MAX_TOKEN_CHARS / 2, longest


def test_a_state_too_long_for_a_url_keeps_the_call_going_with_its_rate_only():
    """Should an answer ever leave a state too long for Twilio's URLs, the channel seals the speaking rate alone
    (and logs it) rather than write a URL Twilio would refuse, which would end the call."""
    import os

    from channels.twilio_voice import HotlineVoiceInput

    channel = HotlineVoiceInput(auth_token="test-auth-token", public_url="https://hotline.example.test/webhook",
                                pharmacist_number="+15550100")
    noise = [os.urandom(600).hex() for _ in range(8)]  # incompressible: 9,600 characters
    token = channel._sealed(CALL, CallState(rate=70, parts=noise, said=noise[:1]))
    assert len(token) <= MAX_TOKEN_CHARS
    issued = float(token.split(".")[1])
    kept = CallState.from_dict(open_token(token, CALL, KEY, issued))  # KEY: from the same auth token
    assert kept == CallState(rate=70)
