"""The hotline in Vietnamese, end to end: the real Rasa and action servers (scripts/run.sh) with the Twilio channel
and two languages (BACLOFEN_VOICE_LANGUAGES="en vi"), this test playing Twilio's part with signed, Twilio-shaped
form posts (tests/channels/test_voice_channel.py's Call).

What is checked is the mechanics, not the wording (the answers' Vietnamese wording comes from baclofen/answers/):
a call to a number not mapped to a language starts with one bilingual prompt, each half in its own voice; key 2
(or "tiếng Việt") makes it a Vietnamese call, and a call to the Vietnamese number is one from the start; in a
Vietnamese call every <Gather> listens with language="vi-VN" (speech and keys), every <Say> speaks with the
configured Google vi-VN voice, never a Polly voice (Polly has no Vietnamese); the action URLs carry the language to
the next request; and every turn reaches the assistant with metadata.language."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.channels.test_voice_channel import (
    ENV, LIMIT, PHARMACIST, Call, TwiML, changed, dial_outcome, gather_fields, post_to, state_of, twilio_fields,
    with_state,
)
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


# ------------------------------------------------------------------ the hotline's own words, in Vietnamese

# Words of the English hotline's own sentences (the menu, "say more for ...", the prompts, read-backs, the transfer
# and goodbye lines, the refusal of a bad state): none may be said in a Vietnamese call.
ENGLISH_MENU_WORDS = {
    "press", "say", "emergency", "call", "menu", "repeat", "more", "back", "slowly", "slower", "slow", "down",
    "pharmacist", "for", "the", "key", "keypad", "hash", "star", "then", "first", "sorry", "yes", "or", "and",
    "is", "that", "right", "please", "tablets", "pump", "injection", "age", "weight", "years", "months",
    "kilograms", "pounds", "goodbye", "putting", "through", "stay", "line", "again", "uses", "doses", "side",
    "effects", "interactions", "precautions", "question", "ask", "answer", "usual", "speed", "hear", "catch",
    "thank", "calling", "ended", "cannot", "here", "from", "go", "on", "of", "leaflet", "every", "group",
}


def _plain(text: str) -> str:
    return " ".join(text.split())


def assistant_said(bot, call):
    """Everything the assistant said in the call: its replies' text, spoken units and their labels ("the uncommon
    side effects", which "more" offers), the dose read-back and emergency reprompt of their voice payloads. These
    are the answers' words, whose language is the conversation's (the `language` slot)."""
    events = bot.tracker(call.sid, channel="twilio_voice")["events"]
    said, labels = [], []
    for event in (e for e in events if e["event"] == "bot"):
        voice = ((event.get("data") or {}).get("custom") or {}).get("voice") or {}
        said += [event.get("text") or "", voice.get("readback") or "", voice.get("reprompt") or ""]
        said += [unit.get("text") or "" for unit in voice.get("units") or ()]
        labels += [unit["label"] for unit in voice.get("units") or () if unit.get("label")]
    return _plain(" | ".join(said)), sorted(set(labels), key=len, reverse=True)


def hotline_says(bot, call, turn: TwiML) -> list:
    """The turn's <Say>s that are the hotline's own sentences: every one not made of an answer's sentences, with
    the answers' labels it names left out."""
    answers, labels = assistant_said(bot, call)
    own = []
    for said in turn.says:
        if all(_plain(sentence) in answers for sentence in re.split(r"(?<=[.?!])\s+", said) if sentence):
            continue
        for label in labels:
            said = said.replace(label, "")
        own.append(said)
    return own


def english_words(texts) -> set:
    return {word for text in texts for word in re.findall(r"[a-z']+", text.lower())} & ENGLISH_MENU_WORDS


def assert_vietnamese_turn(turn: TwiML, bot=None, call=None):
    """vi-VN everywhere, and not one English word in the hotline's own sentences. The assistant's answers are in
    the conversation's language, which its language reader sets (branch vi-nlu); until then they may be English
    in a Vietnamese call, so with `bot` and `call` given they are left out of the word check."""
    assert_all_vietnamese(turn)
    own = hotline_says(bot, call, turn) if bot is not None else turn.says
    assert english_words(own) == set(), (english_words(own), own)


def test_a_vietnamese_call_hears_the_menu_the_more_offer_and_its_commands_in_vietnamese(bot):
    call = CallTo(bot, VIETNAMESE_LINE)
    greeting = call.ring()
    assert_vietnamese_turn(greeting, bot, call)
    assert greeting.says[-1].startswith("Trường hợp cấp cứu, hãy gọi một một năm. Bấm phím một: công dụng; "
                                        "hai: liều dùng; ba: tác dụng phụ")
    assert greeting.says[-1].endswith("Hoặc hãy đặt câu hỏi.")
    assert hotline_says(bot, call, greeting) == [greeting.says[-1]]  # the greeting is the assistant's, the menu ours

    side_effects = call.keys("3")  # a long answer: a part at a time, "more" offered in Vietnamese
    assert_vietnamese_turn(side_effects, bot, call)
    assert side_effects.says[-1].startswith("Nói 'thêm', hoặc bấm phím một, để nghe"), side_effects.says
    assert side_effects.words <= LIMIT
    assert hotline_says(bot, call, side_effects)[-1].startswith("Nói 'thêm'")

    more = call.send("thêm")  # "more", said in Vietnamese: the next part, not a question for the assistant
    assert_vietnamese_turn(more, bot, call)
    assert more.says[0] != side_effects.says[0] and more.words <= LIMIT
    again = call.send("nhac lai")  # "repeat", without its diacritics
    assert_vietnamese_turn(again, bot, call)
    assert again.says == more.says
    back = call.send("Quay lại.")  # "back": the part before
    assert back.says[0] == side_effects.says[0]
    slower = call.send("chậm lại")  # "slower": acknowledged in Vietnamese, said again at 85%
    assert_vietnamese_turn(slower, bot, call)
    assert slower.says == ["Chậm hơn."] + back.says and {rate for rate in slower.rates if rate} == {"85%"}
    menu = call.send("danh mục")
    assert_vietnamese_turn(menu, bot, call)
    assert menu.says[-1] == greeting.says[-1]
    unknown = call.keys("7")  # a key not offered, said in Vietnamese
    assert_vietnamese_turn(unknown, bot, call)
    assert unknown.says[0] == "Xin lỗi, phím bảy không có trong các lựa chọn."
    # Only the key 3 went to the assistant: the commands were the hotline's own.
    assert [text for text, _ in user_turns(bot, call)] == ["hello", "/ask_side_effects"]


def test_a_vietnamese_call_keys_a_childs_dose_and_is_put_through_in_vietnamese(bot):
    call = CallTo(bot, VIETNAMESE_LINE)
    call.ring()
    doses = call.keys("2")  # whose dose: the doses menu
    assert_vietnamese_turn(doses, bot, call)
    assert doses.says[0].startswith("Trường hợp cấp cứu, hãy gọi một một năm. Bấm phím một: tính liều cho trẻ em")
    asked_age = call.keys("1")  # a child's dose: the form asks the age, and how to key it
    assert_vietnamese_turn(asked_age, bot, call)
    assert "Hoặc bấm số tuổi theo năm, rồi bấm phím thăng. Nếu tính theo tháng, hãy bấm phím sao trước." in \
        asked_age.says, asked_age.says
    assert asked_age.gather.get("finishOnKey") == "#"
    age = call.keys("*18#")  # eighteen months, read back before the assistant gets it
    assert_vietnamese_turn(age, bot, call)
    assert age.says == ["Mười tám tháng. Đúng không ạ? Nói có hoặc bấm phím một; nói không hoặc bấm phím hai."]
    refused = call.send("không")  # "no": key it again
    assert_vietnamese_turn(refused, bot, call)
    assert refused.says == ["Hãy bấm số tuổi theo năm, rồi bấm phím thăng. Nếu tính theo tháng, hãy bấm phím sao "
                            "trước."]
    call.keys("4#")
    asked_weight = call.send("có")  # "yes": four years, typed, to the assistant, which asks the weight
    assert_vietnamese_turn(asked_weight, bot, call)
    assert any(said.startswith("Hoặc bấm số cân nặng theo kilôgam") for said in asked_weight.says), \
        asked_weight.says
    weight = call.keys("16#")
    assert_vietnamese_turn(weight, bot, call)
    assert weight.says[0].startswith("Mười sáu kilôgam. Đúng không ạ?")
    readback = call.send("dung roi")  # "yes", without diacritics: the dose is read back before it is said
    assert_vietnamese_turn(readback, bot, call)
    assert readback.says[-1] == "Hoặc bấm phím một nếu đúng, phím hai nếu không đúng."
    corrections = call.keys("2")  # not right: what to correct, in Vietnamese
    assert_vietnamese_turn(corrections, bot, call)
    assert corrections.says[-1] == ("Hoặc bấm phím một để bấm số tuổi, hai để bấm số cân nặng, hoặc ba để đổi "
                                    "giữa thuốc viên và bơm.")
    route = call.keys("3")
    assert_vietnamese_turn(route, bot, call)
    assert route.says == ["Bấm phím một nếu dùng thuốc viên, hoặc hai nếu dùng bơm hoặc thuốc tiêm."]

    transfer = call.send("cho tôi nói chuyện với dược sĩ")  # a person asked for in Vietnamese: a transfer
    assert_vietnamese_turn(transfer, bot, call)
    assert transfer.says == ["Tôi đang chuyển máy cho dược sĩ. Xin vui lòng giữ máy."]
    assert transfer.dial is not None and transfer.dial.text == PHARMACIST
    ended = dial_outcome(call, transfer.dial.get("action"), "completed")
    assert_vietnamese_turn(ended, bot, call)
    assert ended.says == ["Cuộc gọi với dược sĩ đã kết thúc. Cảm ơn bạn đã gọi. Tạm biệt."]
    assert [text for text, _ in user_turns(bot, call)] == [
        "hello", "dose for my child", '/inform{"age": 4.0}', '/inform{"weight": 16.0}',
        "cho tôi nói chuyện với dược sĩ"]
    assert {language for _, language in user_turns(bot, call)} == {"vi"}


def test_a_vietnamese_call_hears_a_refused_state_and_a_failed_transfer_in_vietnamese(bot):
    call = CallTo(bot, VIETNAMESE_LINE)
    call.ring()
    action = call.keys("1").gather.get("action")
    refused = post_to(call, with_state(action, changed(state_of(action))), "thêm")
    assert_vietnamese_turn(refused, bot, call)
    assert refused.says[0].startswith("Xin lỗi, cuộc gọi này không thể tiếp tục từ đây.")
    assert refused.dial is not None
    failed = dial_outcome(call, refused.dial.get("action"), "no-answer")
    assert_vietnamese_turn(failed, bot, call)
    assert failed.says[0].startswith("Xin lỗi, dược sĩ chưa nhận cuộc gọi được.")
