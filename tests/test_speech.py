"""actions/logic/speech.py: answers made for the ear, from the same texts and structures as every other channel."""
import re

import pytest

from actions.logic import answers, speech
from actions.logic.dose_lookup import DoseQuery, lookup
from actions.logic.interactions import interactions_for

DOSE_QUERIES = [
    DoseQuery("oral", 3, None, 14),
    DoseQuery("oral", 4, None, 16),
    DoseQuery("oral", 1.5, None, 10),
    DoseQuery("oral", 11, None, 40),
    DoseQuery("oral", 6, None, 20),
    DoseQuery("oral", None, "adult"),
    DoseQuery("oral", None, "elderly"),
    DoseQuery("intrathecal", None, "adult"),
    DoseQuery("intrathecal", 6),
    DoseQuery("intrathecal", 12),
    DoseQuery("oral", 0.5),
    DoseQuery("oral", 30, renal_impairment=True),
]

NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])")


def all_texts():
    texts = [answers.uses(), answers.dosage_forms(), answers.side_effects(), answers.side_effects("rare"),
             answers.is_side_effect("dizziness"), answers.is_side_effect("hair loss"), answers.precaution(None),
             answers.precaution("pregnancy"), answers.interaction_overview(), answers.withdrawal(),
             answers.emergency(), answers.handoff(), answers.help_text(), answers.bot_challenge(),
             answers.interaction(interactions_for("advil")), answers.interaction(interactions_for("lithium"))]
    texts += [answers.dose(lookup(q)) for q in DOSE_QUERIES]
    return texts


def assert_speakable(spoken: str) -> None:
    assert not re.search(r"\d", spoken), spoken  # every number said in words
    assert not re.search(r"\b(mg|mcg|kg|lb|lbs|ml)\b", spoken, re.IGNORECASE), spoken
    assert not re.search(r"[*_`#\[\]<>\"•]|(^|\s)- ", spoken), spoken
    assert not re.search(r"https?://|www\.", spoken), spoken
    assert "(" not in spoken and ")" not in spoken, spoken
    assert "\n" not in spoken


@pytest.mark.parametrize("written, said", [
    ("1.05", "one point zero five"),
    ("4.2", "four point two"),
    ("0.3", "zero point three"),
    ("0.75", "zero point seven five"),
    ("28", "twenty-eight"),
    ("100", "one hundred"),
    ("1200", "one thousand two hundred"),
    ("10.50", "ten point five zero"),  # every written digit is said: nothing is re-rounded
    ("13.61", "thirteen point six one"),
])
def test_numbers_as_a_pharmacist_says_them(written, said):
    assert speech.number_words(written) == said


@pytest.mark.parametrize("text, said", [
    ("1.05 mg per dose", "One point zero five milligrams per dose."),
    ("1 mg", "One milligram."),
    ("0.3 mg per kg a day", "Zero point three milligrams per kilogram per day."),
    ("0.75-2 mg/kg/day", "Zero point seven five to two milligrams per kilogram per day."),
    ("25 mcg", "Twenty-five micrograms."),
    ("35 lb", "Thirty-five pounds."),
    ("16 kg", "Sixteen kilograms."),
    ("ages 2-6 years", "Ages two to six years."),
])
def test_units_in_full(text, said):
    assert speech.speak(text) == said


def test_markdown_links_urls_emoji_and_bullets_are_not_read():
    text = ("**Dose:** see [the leaflet](https://example.org/leaflet.pdf) 😀\n"
            "- *Starting*: 5 mg\n- `Max`: 80-100 mg a day\n## Section\nMore at www.example.org/x")
    spoken = speech.speak(text)
    assert_speakable(spoken)
    assert "the leaflet" in spoken and "five milligrams" in spoken and "eighty to one hundred milligrams" in spoken


def test_phone_numbers_digit_by_digit(monkeypatch):
    monkeypatch.setenv("BACLOFEN_EMERGENCY_NUMBER", "115")
    monkeypatch.setenv("BACLOFEN_HOTLINE", "1900 1234")
    spoken = speech.speak(answers.handoff())
    assert "one nine zero zero, one two three four" in spoken and "call one one five" in spoken
    assert "one hundred and fifteen" not in spoken


def test_every_answer_is_speakable(monkeypatch):
    monkeypatch.setenv("BACLOFEN_EMERGENCY_NUMBER", "115")
    monkeypatch.setenv("BACLOFEN_HOTLINE", "1900 1234")
    for text in all_texts():
        assert_speakable(speech.speak(text))
    for query in DOSE_QUERIES:
        assert_speakable(speech.dose(lookup(query)))
        assert_speakable(speech.readback(lookup(query)))


@pytest.mark.parametrize("query", DOSE_QUERIES, ids=lambda q: f"{q.route}-{q.age_years}-{q.age_group}-{q.weight_kg}")
def test_spoken_dose_has_exactly_the_figures_of_the_written_answer(query):
    dose = lookup(query)
    written = answers.dose(dose).split("\n", 1)[1]  # minus the "who" line, which the read-back says
    script = speech.dose_script(dose)
    assert sorted(NUMBER.findall(script)) == sorted(NUMBER.findall(written))
    spoken = speech.dose(dose)
    assert_speakable(spoken)
    for number in NUMBER.findall(script):
        assert re.search(rf"\b{re.escape(speech.number_words(number))}\b", spoken), (number, spoken)


def test_spoken_dose_key_figure_first_units_in_full_section_named():
    spoken = speech.dose(lookup(DoseQuery("oral", 3, None, 14)))
    assert spoken.startswith("The starting dose is four point two milligrams a day")
    assert "one point zero five milligrams per dose" in spoken
    assert "zero point three milligrams per kilogram per day" in spoken
    assert "ten point five to twenty-eight milligrams a day" in spoken
    assert "twenty to thirty milligrams a day for ages two to six years" in spoken
    assert "prescriber decides" in spoken
    assert spoken.endswith("This is from the leaflet, section two, Dosage.")


def test_rounded_figures_are_said_as_written_not_re_rounded():
    dose = lookup(DoseQuery("oral", 4, None, 15))  # 15 kg * 0.3 / 4 = 1.125 -> the answer shows 1.13
    written = answers.dose(dose)
    assert "1.13 mg per dose" in written
    assert "about one point one three milligrams per dose" in speech.dose(dose)


def test_not_covered_says_no_figure_and_refers_on():
    spoken = speech.dose(lookup(DoseQuery("oral", 0.5)))
    assert "no oral dose for children under one year" in spoken and "specialist" in spoken
    assert "milligram" not in spoken


def test_readback_names_who_weight_and_route():
    assert speech.readback(lookup(DoseQuery("oral", 4, None, 16))) == (
        "A child of four years weighing sixteen kilograms, tablets by mouth: is that right? Say yes, or no.")
    assert speech.readback(lookup(DoseQuery("intrathecal", None, "adult"))).startswith(
        "An adult, intrathecal, by pump or injection: is that right?")


def test_voice_meta_marks_emergency_handoff_and_dose():
    dose = lookup(DoseQuery("oral", 4, None, 16))
    assert speech.voice_meta("emergency") == {"voice": {"kind": "emergency", "transfer": True}}
    assert speech.voice_meta("handoff") == {"voice": {"kind": "handoff", "transfer": True}}
    assert speech.voice_meta(None, dose)["voice"] == {"kind": "dose", "readback": speech.readback(dose)}
    assert speech.voice_meta(None) is None
    with pytest.raises(ValueError, match="unknown answer kind"):
        speech.voice_meta("emergncy")
    assert speech.say_answer(answers.emergency()).startswith("Call ")  # the emergency number comes first


def test_marked_answers_are_said_for_the_phone():
    assert speech.say_answer(answers.handoff(), kind="handoff") == speech.transfer()
    challenge = speech.say_answer(answers.bot_challenge(), kind="bot_challenge")
    assert challenge.startswith("I am an automated assistant, not a person.") and "Say pharmacist" in challenge
    with pytest.raises(ValueError, match="unknown answer kind"):
        speech.say_answer("text", kind="handof")


def test_short_sentences():
    for text in all_texts():
        for sentence in re.split(r"(?<=[.?!])\s+", speech.speak(text)):
            assert len(sentence.split()) <= 60, sentence
