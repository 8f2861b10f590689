"""What a message asks, read as a whole (stop 41): a cause put beside baclofen, changes told before a question
whether they come from it, questions asked for someone else, a change of weight, a duration, a test for alcohol, a
dose decided alone, both routes named. Each reading is one the replies depend on."""
import pytest

from baclofen.answers import compose, concerns, topics as topic_answers
from baclofen.language import entities, intents
from baclofen.language.question import read


def _read(text):
    return read(text, entities.extract(text))


def test_the_other_cause_put_beside_baclofen_is_no_topic_asked():
    question = _read("Dad goes to pee ten times in the night since the baclofen. Is it from the medicine or is it "
                     "the old age?")
    assert "elderly" not in question.asked_topics and question.topic != "elderly"
    assert "urine" in question.body_areas
    # asked the other way round: "is it the old age or the tablets?"
    assert _read("He is up all night to pee. Is it the old age or the tablets?").topic != "elderly"
    # without a question of cause, old age is a topic as before
    assert _read("Is the dose different for old age?").topic == "elderly"


def test_a_question_whether_changes_told_come_from_baclofen_asks_the_changes_not_the_setting():
    text = ("Since the dose went up I've had a whistling in my ears, and my tea tastes of tin. Is that the baclofen "
            "or am I going doolally?")
    question = _read(text)
    first = question.asked_parts[0]
    assert first.topics == () and first.symptoms == ("ringing in the ears",) and "mouth" in first.areas
    assert intents.decide(question, None, text) == intents.ASK_IS_SIDE_EFFECT
    # a question that names nothing of its own and asks no cause still reads the topic told before it
    told = _read("We drink a lot of tea at home. Is that allowed?")
    assert told.asked_parts[0].topics == ("caffeine",)


def test_a_part_of_the_body_counts_only_in_a_question_of_cause():
    question = _read("The doctor says I need an EEG before and during baclofen. Why do they test the brain for a "
                     "muscle medicine?")
    assert all(part.areas == () for part in question.asked_parts)


def test_a_question_of_several_with_only_a_number_in_it_is_said_back_not_dropped():
    text = ("He takes baclofen now for 6 weeks, 3 times a day, and his legs are the same. So the first question: "
            "what should he do now that 6 weeks passed? Second, is there a cheaper version from India?")
    question = _read(text)
    assert question.age_years is None  # the 6 weeks are time on the medicine, twice
    answered = concerns.further(question, topic_answers.answer("cost_insurance"))
    said = " ".join(str(line.prose) for answer in answered for line in answer.lines)
    assert "6 weeks passed" in said or "not_working" in question.asked_topics


@pytest.mark.parametrize("text", ["what should he do now that 6 weeks passed?", "the 6 weeks are up, what now?",
                                  "3 months have gone by and she is no better"])
def test_time_gone_by_is_no_age(text):
    assert _read(text).age_years is None


@pytest.mark.parametrize("text, age", [("my son is 6 weeks old, the dose?", 0.1), ("the baby, 6 weeks, how much?", 0.1)])
def test_an_age_in_weeks_is_still_an_age(text, age):
    assert _read(text).age_years == pytest.approx(age, abs=0.02)


@pytest.mark.parametrize("text, change", [
    ("He's put on nearly two stone since he's been on it, is that the medicine?", "weight gain"),
    ("I have gained 8 kg since starting baclofen. Is that a side effect?", "weight gain"),
    ("She has lost 5 kg on these tablets, is that normal?", "weight loss"),
])
def test_a_change_of_weight_is_no_body_weight_and_is_asked_as_a_side_effect(text, change):
    question = _read(text)
    assert question.weight_kg is None and question.unknown_symptom == change
    assert compose.is_side_effect(change).kind == compose.NOT_LISTED


def test_a_weight_told_as_such_is_still_the_persons():
    assert _read("she weighs about 16 kg, what is her dose?").weight_kg == 16
    assert _read("is that a side effect?").unknown_symptom is None  # "that" names no symptom


def test_a_question_asked_for_someone_else_is_a_question():
    question = _read("His kidney test came back reduced. He asks if the tablets will be ok in his coat pocket all "
                     "day in the cold.")
    # asked, and naming things of its own that no topic knows: said back, never answered with the kidneys told before
    assert [part.not_understood for part in question.asked_parts] == [
        "He asks if the tablets will be ok in his coat pocket all day in the cold."]


def test_a_drug_and_alcohol_test_is_about_drug_tests_not_a_drink():
    question = _read("The lads need a drug and alcohol test for the licence. Will baclofen show up on one of those "
                     "tests?")
    assert question.topic == "drug_test" and "alcohol" not in question.drugs


def test_the_most_one_can_take_is_the_maximum():
    assert _read("Whit's the most baclofen I can take in a day, and can I hae a dram at Hogmanay?").topic == \
        "maximum_dose"


@pytest.mark.parametrize("text", [
    "Jerome is 14, his father takes 20 mg three times a day. Can Jerome just take the same as his father now?",
    "Doctor put me on 5 mg three times a day. My wife says I should just jump straight to 100 mg a day. Should I?",
    "My doctor told me 80 mg per day is my maximum. If the leaflet allows 100, I may take 100 mg. Correct?",
])
def test_a_dose_decided_alone_is_read_as_ones_own_change(text):
    assert _read(text).changes_own_dose


def test_a_dose_the_doctor_set_is_no_change_of_ones_own():
    assert not _read("The doctor started him on 5 mg three times a day. Is that right for a 9 year old?").changes_own_dose


@pytest.mark.parametrize("text, unclear", [
    ("He is 6, the tablets make him sleepy. They talk about a test in the spine and a pump. What dose do they start "
     "with for a child?", True),
    ("She is 9 and 30 kg on tablets; she may get a pump later. What is the mg per kg range for her?", False),
    ("The tablets don't agree with me so they want to give me the pump. What is the starting dose?", False),
    ("What is the pump dose for a child of 6?", False),
])
def test_both_routes_named_without_saying_which_is_asked_back(text, unclear):
    assert _read(text).routes_unclear is unclear
