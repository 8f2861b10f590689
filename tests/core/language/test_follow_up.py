"""A short follow-up is read with the question before it (baclofen/language/follow_up.py); a message that says what
it asks about on its own is not."""
import pytest

from baclofen.language import entities, follow_up, question

ANSWER_TOPIC = "action_answer_topic"


def read(text):
    return question.read(text, entities.extract(text))


def in_context(previous_text, answered_with, latest_text):
    return follow_up.in_context(read(previous_text), answered_with, read(latest_text), latest_text)


def test_a_drink_asked_again_stays_the_alcohol_question():
    previous = read("Can I have a glass of wine with my baclofen?")
    assert "alcohol" in previous.drugs
    merged = in_context("Can I have a glass of wine with my baclofen?", "action_answer_interaction",
                        "Surely just one small glass would be alright? It is my only indulgence.")
    assert merged is not None and "alcohol" in merged.drugs and merged.follow_up


def test_a_new_amount_after_a_dose_check_is_checked_for_the_same_person():
    merged = in_context("My 45 year old husband takes 30 mg a day of baclofen, is that ok?", "action_check_dose",
                        "Correction - it's QDS, so 40 mg/day. Still fine?")
    assert merged is not None
    assert (merged.proposed.value, merged.proposed.unit) == (40.0, "mg")
    assert merged.age_years == 45


def test_the_topic_before_goes_on():
    before = "What is the intrathecal test dose for an adult?"
    merged = in_context(before, ANSWER_TOPIC, "And if he doesn't respond at 100 micrograms?")
    assert merged is not None and merged.topic == read(before).topic is not None


@pytest.mark.parametrize("latest", [
    "and for a 10 year old?",                       # a new person: the dose form's
    "what about amitriptyline?",                    # a medicine of its own: the interaction's
    "and now he is fitting and his lips are blue",  # an emergency is never a follow-up
    "is it safe in pregnancy?",                     # a topic of its own
    "ok thanks",                                    # nothing asked
    "and one more thing, my daughter has been on it for years and her legs have been weaker since the last increase "
    "and I wonder whether that is expected at all?",  # long: says what it asks on its own
])
def test_a_message_with_its_own_question_is_read_alone(latest):
    assert in_context("Can I have a glass of wine with my baclofen?", "action_answer_interaction", latest) is None


@pytest.mark.parametrize("answered_with", ["action_clarify", "action_answer_emergency", "action_handoff", None])
def test_only_an_answer_is_gone_on_from(answered_with):
    assert in_context("Can I have a glass of wine with my baclofen?", answered_with,
                      "Surely just one small glass would be alright?") is None


def test_a_vietnamese_message_is_read_alone():
    assert in_context("Can I have a glass of wine with my baclofen?", "action_answer_interaction",
                      "còn một ly nhỏ thì sao?") is None


def test_an_amount_put_to_a_dose_answer_is_checked():
    latest = read("So 25 mg a day would be within that, then?")
    assert follow_up.answer_for("action_answer_topic", latest) == "action_check_dose"
    assert follow_up.answer_for("action_answer_interaction", latest) == "action_answer_interaction"
    assert follow_up.answer_for("action_answer_dose", read("and if she is still stiff after that?")) == \
        "action_answer_dose"


def test_a_figure_put_to_the_answer_before_goes_on():
    assert in_context("how many mg a day is the most?", ANSWER_TOPIC, "is 120 ok then my back is real bad") is not None


@pytest.mark.parametrize("latest", ["and for her brother?", "what about his sister", "and my husband?"])
def test_someone_new_is_no_follow_up(latest):
    assert in_context("what dose for an adult?", "action_answer_dose", latest) is None
