"""channels/voice/language.py: how a call gets its language (the number called, a key, a word), the bilingual prompt,
and the voices it is said in (never a Polly voice for Vietnamese)."""
import pytest

from channels.voice import language
from channels.voice.language import ENGLISH, VIETNAMESE, languages_from

ENGLISH_VOICE = "Polly.Joanna-Neural"


def hotline(offered="en vi", called="+842873001234=vi +15550199=en", vietnamese_voice="Google.vi-VN-Standard-A"):
    return languages_from(offered, called, ENGLISH_VOICE, "en-US", "baclofen, pharmacist", vietnamese_voice)


def test_the_number_called_decides_the_language_and_the_url_carries_it_after():
    languages = hotline()
    assert languages.of_call(None, "+842873001234").code == VIETNAMESE
    assert languages.of_call(None, "+15550199").code == ENGLISH
    assert languages.of_call(None, "+15550000") is None  # not mapped: asked
    assert languages.of_call("vi", "+15550000").code == VIETNAMESE  # carried in the action URL
    assert languages.of_call("xx", "+15550000") is None  # an unknown value is not a language


def test_the_bilingual_prompt_offers_each_language_in_itself_and_its_own_voice():
    prompt = hotline().prompt()
    assert [text for text, _ in prompt] == ["For English, press one.", "Tiếng Việt, bấm phím hai."]
    english, vietnamese = (spoken for _, spoken in prompt)
    assert (english.tag, english.voice) == ("en-US", ENGLISH_VOICE)
    assert (vietnamese.tag, vietnamese.voice) == ("vi-VN", "Google.vi-VN-Standard-A")


@pytest.mark.parametrize("digits, speech, chosen", [
    ("1", "", ENGLISH), ("2", "", VIETNAMESE), ("3", "", None), ("", "", None),
    ("", "English please", ENGLISH), ("", "tiếng Việt", VIETNAMESE), ("", "Tieng Viet", VIETNAMESE),
    ("", "Vietnamese", VIETNAMESE), ("", "tiếng Anh", ENGLISH), ("", "hai", VIETNAMESE), ("", "one", ENGLISH),
    ("", "what is baclofen", None),
])
def test_a_key_or_a_word_chooses(digits, speech, chosen):
    found = hotline().chosen(digits, speech)
    assert (found.code if found else None) == chosen


def test_one_language_offered_asks_nothing_and_english_is_the_default():
    english_only = hotline(offered="en", called="")
    assert not english_only.asks and english_only.default.code == ENGLISH
    assert hotline().asks and hotline().default.code == ENGLISH
    assert hotline(offered="vi en").default.code == VIETNAMESE


def test_a_polly_voice_for_vietnamese_or_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="Polly has no Vietnamese"):
        hotline(vietnamese_voice="Polly.Joanna-Neural")
    with pytest.raises(ValueError, match="unknown"):
        hotline(offered="en fr")
    with pytest.raises(ValueError, match="unknown"):
        hotline(called="+15550199=fr")


def test_the_prompt_count_is_read_safely():
    assert [language.CallLanguages.prompt_count(v) for v in (None, "1", "2", "x", "-4")] == [1, 1, 2, 1, 1]
