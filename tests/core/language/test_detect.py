"""The language of a message: a labelled set written for this test (tests/core/language/data/languages.yml: English
and Vietnamese, with and without marks, long and short) read at 98 % or better; short messages and numbers keep the
conversation's language; a Vietnamese letter decides; Spanish stays Spanish. Timing: bench/language_detect.py."""
from pathlib import Path

import pytest
import yaml

from baclofen.language import detect, message_language

LABELLED = Path(__file__).with_name("data") / "languages.yml"
MIN_ACCURACY = 0.98


def labelled():
    data = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    return [(str(text), None if label == "none" else label) for label, texts in data.items() for text in texts]


def test_the_labelled_set_is_large_enough_to_mean_something():
    by_label = {}
    for _, label in labelled():
        by_label[label] = by_label.get(label, 0) + 1
    assert len(labelled()) >= 100 and by_label["en"] >= 40 and by_label["vi"] >= 40


def test_the_labelled_messages_are_read_in_their_language():
    wrong = [(text, label, detect.decide(text)) for text, label in labelled() if detect.decide(text) != label]
    accuracy = 1 - len(wrong) / len(labelled())
    print(f"\nlanguage of {len(labelled())} labelled messages: accuracy {accuracy:.3f}")
    assert accuracy >= MIN_ACCURACY, wrong


@pytest.mark.parametrize("text", ["ok", "15 kg", "có", "co", "16", "yes", "7, 22 kg", "12.5 mg", "ko dc", ""])
def test_short_messages_and_numbers_do_not_decide(text):
    assert detect.decide(text) is None


@pytest.mark.parametrize("text", ["3 tuổi", "đúng", "bé 18 tháng", "dạ", "16 ký ạ"])
def test_a_letter_only_vietnamese_writes_decides_however_short(text):
    assert detect.decide(text) == "vi"


@pytest.mark.parametrize("text", ["café is fine?", "¿puedo tomar 120 mg al día?", "naïve question about the dose"])
def test_marks_other_languages_share_are_not_vietnamese_letters(text):
    assert not detect.has_vietnamese_letter(text)


def test_spanish_is_told_apart_though_lingua_knows_only_english_and_vietnamese():
    assert detect.decide("mi hijo de 2 años se tomó unas pastillas de baclofeno") == "es"


@pytest.mark.parametrize("text", ["Señorita, what is baclofen for exactly? The doctor only said for the muscles.",
                                  "A little rum with the evening tablet, one shot with my compañeros, that's okay, no?"])
def test_english_with_a_spanish_word_stays_english(text):
    assert detect.decide(text) == "en"


def test_spanish_with_its_marks_is_still_spanish():
    assert detect.decide("Mañana tengo cita, ¿puedo tomar alcohol con el baclofeno?") == "es"


def test_english_with_a_vietnamese_word_stays_english_and_is_read_as_mixed():
    text = "help, my baby girl 2 years she chew the thuốc of grandfather, what do we do"
    assert detect.decide(text) == "en"
    assert detect.mixed(text)


def test_a_channel_hint_decides_only_what_the_message_leaves_open():
    assert message_language.of("ok", "vi") == "vi"
    assert message_language.of("what is the dose for a child", "vi") == "en"
    assert message_language.of("liều cho trẻ em là bao nhiêu", "en") == "vi"
    assert message_language.for_slot("ok", None) is None
    assert message_language.for_slot("¿puedo tomar 120 mg al día?", None) is None  # not a language it answers in


@pytest.mark.parametrize("metadata, hint", [({"language": "vi"}, "vi"), ({"language": "vi-VN"}, "vi"),
                                            ({"language": "en-GB"}, "en"), ({"language": "fr"}, None),
                                            ({"language": 3}, None), (None, None), ("vi", None)])
def test_the_hint_is_read_from_the_metadata_as_channels_send_it(metadata, hint):
    assert message_language.hint_of(metadata) == hint


def test_one_spanish_word_said_over_and_over_is_no_spanish():
    from baclofen.language.detect import decide as language
    patois = ("Mi a 60, mi have MS long time. Mi did feel dizzy pon di baclofen wid a likkle rum last week, mi good now. "
              "Wah di leaflet seh bout alcohol?")
    assert language(patois) == "en"
    assert language("mi hijo tiene 4 anos, cuanto baclofeno le doy") == "es"


def test_a_long_unmarked_vietnamese_message_with_an_english_word_or_two_is_not_taken_for_english():
    # nearly every word a Vietnamese syllable or chat ("bs", "k"), one English device word: never English
    text = ("hom qua me e noi catheter cua em trai bi tuot ra, bs tung dan roi. gio no vat va, run ca nguoi, nhin len "
            "tran noi co con gi do ma k co gi het")
    assert detect.decide(text) != "en"
