"""baclofen/render/speech.py: answers made for the ear, from the same structured answers as every other channel."""
import re

import pytest

from baclofen import knowledge
from baclofen.answers import compose
from baclofen.dosing.lookup import DoseQuery, lookup
from baclofen.interactions import interactions_for
from baclofen.prose import Prose
from baclofen.quantities import Quantity, QuantityRange
from baclofen.render import speech
from baclofen.render.text import render as written

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


def all_answers():
    found = [compose.uses(), compose.dosage_forms(), compose.side_effects(), compose.side_effects("rare"),
             compose.is_side_effect("dizziness"), compose.is_side_effect("hair loss"), compose.precaution(None),
             compose.precaution("pregnancy"), compose.interaction_overview(), compose.withdrawal(),
             compose.emergency(), compose.handoff(), compose.help_text(), compose.bot_challenge(),
             compose.interaction(interactions_for("advil")), compose.interaction(interactions_for("lithium")),
             compose.combine([compose.interaction(interactions_for("advil")),
                              compose.interaction(interactions_for("beer"))])]
    found += [compose.dose(lookup(q)) for q in DOSE_QUERIES]
    return found


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


@pytest.mark.parametrize("prose, said", [
    (Prose.of(Quantity(1.05, "mg"), " per dose"), "One point zero five milligrams per dose."),
    (Prose.of(Quantity(1, "mg")), "One milligram."),
    (Prose.of(Quantity(0.3, "mg per kg a day")), "Zero point three milligrams per kilogram per day."),
    (Prose.of(QuantityRange(low=Quantity(0.75, "mg per kg a day"), high=Quantity(2, "mg per kg a day"))),
     "Zero point seven five to two milligrams per kilogram per day."),
    (Prose.of(Quantity(25, "micrograms")), "Twenty-five micrograms."),
    (Prose.of(Quantity(35, "lb")), "Thirty-five pounds."),
    (Prose.of(Quantity(16, "kg")), "Sixteen kilograms."),
    (Prose.of("ages ", QuantityRange(low=Quantity(2, "years"), high=Quantity(6, "years"))), "Ages two to six years."),
    (Prose.of("up to ", Quantity(1, "minutes"), " (", Quantity(1200, "micrograms"), " is ", Quantity(1.2, "mg"), ")"),
     "Up to one minute, one thousand two hundred micrograms is one point two milligrams."),
])
def test_units_in_full(prose, said):
    assert speech.speak(prose) == said


def test_phone_numbers_digit_by_digit(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
    spoken = speech.render(compose.service_unavailable())
    assert "one nine zero zero, one two three four" in spoken and "call one one five" in spoken
    assert "one hundred and fifteen" not in spoken


def test_every_answer_is_speakable(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115", BACLOFEN_HOTLINE="1900 1234")
    for answer in all_answers():
        assert_speakable(speech.render(answer))
    for query in DOSE_QUERIES:
        assert_speakable(speech.dose(lookup(query)))
        assert_speakable(speech.readback(lookup(query)))


def typed_numbers(dose):
    """The written form of every number the dose answer carries, from its structure."""
    found = []

    def visit(part):
        if isinstance(part, Quantity):
            found.append(str(part).split()[0])
        elif isinstance(part, QuantityRange):
            if part.low is not None:
                visit(part.low)
            visit(part.high)
        elif isinstance(part, Prose):
            for inner in part.parts:
                visit(inner)
        elif not isinstance(part, str):
            found.append(str(part))

    for figure in dose.figures:
        if figure.amount is not None:
            visit(figure.amount)
        visit(figure.detail)
    for caution in dose.cautions:
        if caution not in said_for_the_ear():
            visit(caution)
    return found + [str(dose.section)]


def said_for_the_ear():
    """Cautions the knowledge file gives words for the ear (`spoken`), whose written numbers are not said aloud."""
    from baclofen import prose

    return {prose.parse(p["advice"].strip()).as_sentence() for p in knowledge.precautions().values() if p.get("spoken")}


@pytest.mark.parametrize("query", DOSE_QUERIES, ids=lambda q: f"{q.route}-{q.age_years}-{q.age_group}-{q.weight_kg}")
def test_spoken_dose_has_exactly_the_figures_of_the_written_answer(query):
    dose = lookup(query)
    shown = written(compose.dose(dose)).split("\n", 1)[1]  # minus the "who" line, which the read-back says
    numbers = typed_numbers(dose)
    ear = [c for c in dose.cautions if c in said_for_the_ear()]
    assert sorted(NUMBER.findall(shown)) == sorted(numbers + [n for c in ear for n in NUMBER.findall(str(c))])
    spoken = speech.dose(dose)
    assert_speakable(spoken)
    for number in numbers:
        assert re.search(rf"\b{re.escape(speech.number_words(number))}\b", spoken), (number, spoken)


def test_spoken_dose_key_figure_first_units_in_full_section_named():
    spoken = speech.dose(lookup(DoseQuery("oral", 3, None, 14)))
    assert spoken.startswith("The starting dose is four point two milligrams a day")
    assert "one point zero five milligrams per dose" in spoken
    assert "zero point three milligrams per kilogram per day" in spoken
    assert "ten point five to twenty-eight milligrams a day" in spoken
    assert "twenty to thirty milligrams a day for ages two to six years" in spoken
    assert "prescriber decides" in spoken
    assert spoken.endswith("From the leaflet, section two.")
    # Words for the ear: not the leaflet's "under twelve years and under four years", no typed instruction
    assert "twelve" not in spoken and "safety and effectiveness in children are not established" in spoken


def test_rounded_figures_are_said_as_written_not_re_rounded():
    dose = lookup(DoseQuery("oral", 4, None, 15))  # 15 kg * 0.3 / 4 = 1.125 -> the answer shows 1.13
    assert "1.13 mg per dose" in written(compose.dose(dose))
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
    urgent = speech.voice_meta(compose.emergency())["voice"]
    assert urgent["kind"] == "emergency" and "transfer" not in urgent  # one instruction: hang up and call
    assert urgent["reprompt"] == "Hang up and call one one five now."
    assert speech.voice_meta(compose.handoff()) == {"voice": {"kind": "handoff", "transfer": True}}
    spoken_dose = speech.voice_meta(compose.dose(dose))["voice"]
    assert spoken_dose["kind"] == "dose" and spoken_dose["readback"] == speech.readback(dose)
    assert spoken_dose["units"][0]["text"].startswith("The starting dose is four point eight milligrams")
    ordinary = speech.voice_meta(compose.uses())["voice"]
    assert ordinary["kind"] == "uses" and "transfer" not in ordinary and "readback" not in ordinary
    assert speech.render(compose.emergency()).startswith("Hang up and call ")  # the emergency number comes first


def test_marked_answers_are_said_for_the_phone():
    assert speech.render(compose.handoff()) == speech.transfer()
    challenge = speech.render(compose.bot_challenge())
    assert challenge.startswith("I am an automated assistant, not a person.") and "Say pharmacist" in challenge


def test_several_answers_in_one_name_each_source():
    spoken = speech.render(compose.combine([compose.interaction(interactions_for("advil")),
                                            compose.interaction(interactions_for("beer"))]))
    assert "section five point one, Interactions" in spoken and "section five point two, Interactions" in spoken


def test_short_sentences():
    for answer in all_answers():
        for sentence in re.split(r"(?<=[.?!])\s+", speech.render(answer)):
            assert len(sentence.split()) <= 60, sentence


def test_a_spoken_dose_keeps_the_warnings_the_answer_adds_for_the_person():
    """doses.for_person adds notes (a precaution said about the person, the route assumed) to the dose answer: the
    hotline says them too, before who decides, and names every section the answer cites."""
    from baclofen.answers import doses

    dose = lookup(DoseQuery("oral", 30, None, 70))
    plain = speech.render(compose.dose(dose))
    assert plain == speech.dose(dose)  # nothing added: as before
    warned = speech.render(doses.for_person(dose, conditions=["pregnancy"], route_assumed=True))
    assert "no studies in pregnancy" in warned and "figures for tablets" in warned
    # who decides is said with the starting dose (the first turn on the hotline); the notes follow on "more"
    assert warned.index("prescriber decides") < warned.index("no studies in pregnancy")
    assert "say pump to hear them" in warned and "intrathecal dose" not in warned
    assert "From the leaflet, sections two and four." in warned
    assert_speakable(warned)
