"""The hotline in Vietnamese, end to end: the real Rasa and action servers (scripts/run.sh) with the Twilio channel
and two languages (BACLOFEN_VOICE_LANGUAGES="en vi"), this test playing Twilio's part with signed, Twilio-shaped
form posts (tests/channels/test_voice_channel.py's Call).

What is checked is the mechanics, not the wording (the answers' Vietnamese wording comes from baclofen/answers/):
a call to a number not mapped to a language starts with one bilingual prompt, each half in its own voice; key 2
(or "tiếng Việt") makes it a Vietnamese call, and a call to the Vietnamese number is one from the start; in a
Vietnamese call every <Gather> listens with language="vi-VN" (speech and keys), every <Say> speaks with the
configured Google vi-VN voice, never a Polly voice (Polly has no Vietnamese); the action URLs carry the language to
the next request; and every turn reaches the assistant with metadata.language."""
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.channels.test_voice_channel import ENV, Call, TwiML, twilio_fields, gather_fields
from tests.servers import running_assistant

pytestmark = pytest.mark.e2e

VIETNAMESE_LINE, ENGLISH_LINE, SHARED_LINE = "+842873001234", "+15550199", "+15550177"
VIETNAMESE_VOICE = "Google.vi-VN-Standard-A"  # credentials.d/twilio_voice.yml
ENGLISH_VOICE = "Polly.Joanna-Neural"


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    with running_assistant(tmp_path_factory.mktemp("voice-vi"), **ENV, BACLOFEN_VOICE_LANGUAGES="en vi",
                           BACLOFEN_VOICE_CALLED_NUMBERS=f"{VIETNAMESE_LINE}=vi {ENGLISH_LINE}=en") as assistant:
        yield assistant


class CallTo(Call):
    """A call to one of the hotline's numbers (Twilio's `To` and `Called`)."""

    def __init__(self, bot, called: str):
        super().__init__(bot)
        self.called = called

    def params(self, status, speech=None, digits=None, confidence="0.92"):
        fields = twilio_fields(self.sid, self.caller, status)
        fields.update(To=self.called, Called=self.called)
        return gather_fields(fields, speech, digits, confidence)


def user_turns(bot, call):
    """(text, metadata.language) of every message the assistant got in this call."""
    events = bot.tracker(call.sid, channel="twilio_voice")["events"]
    return [(e.get("text"), (e.get("metadata") or {}).get("language")) for e in events if e["event"] == "user"]


def assert_all_vietnamese(turn: TwiML):
    """vi-VN everywhere: every <Gather> (speech and keys) and <Say>; the Google voice, never Polly."""
    xml = ET.tostring(turn.root, encoding="unicode")
    assert "Polly" not in xml, xml
    assert turn.say_elements and all(
        (say.get("voice"), say.get("language")) == (VIETNAMESE_VOICE, "vi-VN") for say in turn.say_elements), xml
    for gather in turn.root.iter("Gather"):
        assert gather.get("language") == "vi-VN" and gather.get("input") == "dtmf speech"
        assert parse_qs(urlsplit(gather.get("action")).query)["lang"] == ["vi"]
    for dial in turn.root.iter("Dial"):
        assert parse_qs(urlsplit(dial.get("action")).query)["lang"] == ["vi"]


def test_a_call_to_a_shared_number_asks_the_language_first_and_key_two_makes_it_vietnamese(bot):
    call = CallTo(bot, SHARED_LINE)
    choice = call.ring()
    # One short bilingual prompt, inside one <Gather> that takes one key or a word; each half in its own voice.
    assert choice.says == ["For English, press one.", "Tiếng Việt, bấm phím hai."]
    english, vietnamese = choice.say_elements
    assert (english.get("voice"), english.get("language")) == (ENGLISH_VOICE, "en-US")
    assert (vietnamese.get("voice"), vietnamese.get("language")) == (VIETNAMESE_VOICE, "vi-VN")
    assert choice.gather.get("numDigits") == "1" and choice.gather.get("input") == "dtmf speech"
    assert user_turns(bot, call) == []  # nothing reached the assistant before the choice

    greeting = call.keys("2")
    assert_all_vietnamese(greeting)
    answer = call.send("baclofen dùng để làm gì")
    assert_all_vietnamese(answer)
    slower = call.send(digits="8")  # "slower": SSML prosody, which Twilio's Google voices take
    assert_all_vietnamese(slower)
    assert {rate for rate in slower.rates if rate} == {"85%"}
    transfer = call.keys("0")  # the pharmacist: said in the call's voice, the <Dial> action keeps the language
    assert transfer.dial is not None
    assert_all_vietnamese(transfer)
    # Every turn reached the assistant with the call's language as its hint.
    assert user_turns(bot, call) == [("hello", "vi"), ("baclofen dùng để làm gì", "vi"), ("/ask_human", "vi")]


def test_a_call_to_the_vietnamese_number_is_vietnamese_from_its_first_word(bot):
    call = CallTo(bot, VIETNAMESE_LINE)
    greeting = call.ring()
    assert "For English" not in greeting.text  # no choice: the number says the language
    assert_all_vietnamese(greeting)
    assert_all_vietnamese(call.send("tác dụng phụ"))
    assert [language for _, language in user_turns(bot, call)] == ["vi", "vi"]


def test_saying_tieng_viet_at_the_prompt_chooses_vietnamese(bot):
    call = CallTo(bot, SHARED_LINE)
    call.ring()
    assert_all_vietnamese(call.send("tiếng Việt"))
    assert user_turns(bot, call) == [("hello", "vi")]


def test_key_one_or_the_english_number_keep_the_english_hotline(bot):
    for call, first in ((CallTo(bot, SHARED_LINE), "1"), (CallTo(bot, ENGLISH_LINE), None)):
        greeting = call.ring() if first is None else (call.ring(), call.keys(first))[1]
        assert "not a doctor" in greeting.text
        assert greeting.says[-1].startswith("In an emergency, call one one five. Press one for uses")
        assert {(s.get("voice"), s.get("language")) for s in greeting.say_elements} == {(ENGLISH_VOICE, "en-US")}
        assert greeting.gather.get("language") == "en-US"
        call.send("what is baclofen used for")
        assert [language for _, language in user_turns(bot, call)] == ["en", "en"]


def test_no_choice_after_two_prompts_goes_on_in_english(bot):
    """A caller who says nothing, or presses a key not offered, is never stuck before the greeting."""
    call = CallTo(bot, SHARED_LINE)
    call.ring()
    again = call.keys("7")
    assert again.says == ["For English, press one.", "Tiếng Việt, bấm phím hai."]
    greeting = call.send()  # silence (Twilio posts the action with no result)
    assert "not a doctor" in greeting.text and greeting.gather.get("language") == "en-US"
    assert user_turns(bot, call) == [("hello", "en")]
