"""A story's concerns as the answer actions deliver them (actions/base.py, baclofen/answers/concerns.py): an amount
it proposes is checked among them; the dose someone is already on is not. Wording of this project's own."""
from actions.action_answer_precaution import ActionAnswerPrecaution
from tests.action_harness import messages
from tests.actions.question_harness import asked

PROPOSED = ("My brother drives a lorry and has been on baclofen for his spinal injury for a couple of months now. He "
            "feels a bit woozy on long drives. He wants to bump himself up to 120 mg a day because a mate said so. "
            "What does the leaflet say?")
ON_A_DOSE = ("My brother drives a lorry and has been on baclofen 20 mg three times a day for his spinal injury for a "
             "couple of months now. He feels a bit woozy on long drives. What does the leaflet say about driving?")


def _said(text):
    return " ".join(m.get("text") or "" for m in messages(ActionAnswerPrecaution(), asked(text, "ask_precaution")))


def test_a_proposed_amount_in_a_story_is_checked_against_the_leaflet():
    said = _said(PROPOSED)
    assert "120 mg" in said and "above what the leaflet gives" in said and "80-100 mg" in said
    assert not said.lstrip().lower().startswith("yes")


def test_the_dose_someone_is_on_is_not_checked_as_a_proposal():
    assert "within the leaflet's figures" not in _said(ON_A_DOSE)


# The dose form answers a story too: its other questions are not lost behind the figures or the weight question.
DOSE_AND_MORE = ("Our neighbour's girl is 7 and the paediatrician has started baclofen for her cerebral palsy. Her "
                 "mum asked me two things as I'm the one with the computer: what's the usual daily amount for a child "
                 "of that age, and she is also nursing the new baby, so is it alright to breastfeed while she's on it "
                 "herself?")
ADULT_DOSE_AND_MORE = ("Collected my first box of baclofen today for the stiffness from my MS and I've a couple of "
                       "things to ask before I start. What is the normal starting amount for a grown-up? And I drive "
                       "a forklift at the depot all day, will that be a problem? Also I like a couple of pints at the "
                       "weekend, is that still alright?")
PUMP_TEST_AFTER_TABLETS = ("The tablets upset my stomach so they are planning the baclofen pump. I've been reading up "
                           "and I have a few questions for you. What is the starting dose they give you in the test? "
                           "And can it go ahead if I've had a cough and a temperature this week?")


def _form_answer(action, text, slots):
    from tests.action_harness import run as run_action
    texts, _ = run_action(action, asked(text, "ask_dose", slots=slots))
    return " ".join(texts)


def test_the_weight_question_comes_with_the_storys_other_concern():
    from actions.action_ask_weight_kg import ActionAskWeightKg
    said = _form_answer(ActionAskWeightKg(), DOSE_AND_MORE, {"age_years": 7.0, "route": "oral"})
    assert "30-40 mg a day for ages 6-8 years" in said and "How much does the child weigh?" in said
    assert "breastfeeding" in said.lower() and "section 4" in said


def test_an_adult_dose_answer_goes_on_to_driving_and_alcohol_without_repeating_the_figures():
    from actions.action_answer_dose import ActionAnswerDose
    said = _form_answer(ActionAnswerDose(), ADULT_DOSE_AND_MORE, {"population": "adult", "route": "oral"})
    assert said.count("15 mg a day") == 1 and "80-100 mg a day" in said
    assert "driv" in said.lower() or "machin" in said.lower()
    assert "alcohol" in said.lower()


def test_the_pump_test_dose_follows_the_tablet_figures_as_another_concern():
    from actions.action_answer_dose import ActionAnswerDose
    said = _form_answer(ActionAnswerDose(), PUMP_TEST_AFTER_TABLETS, {"population": "adult", "route": "oral"})
    assert "15 mg a day" in said and "micrograms" in said


def test_one_dose_question_gets_the_dose_alone():
    from actions.action_answer_dose import ActionAnswerDose
    said = _form_answer(ActionAnswerDose(), "What is the starting dose of baclofen for an adult?",
                        {"population": "adult", "route": "oral"})
    assert "15 mg a day" in said and "Source: baclofen leaflet, section 2 (Dosage)." in said
    assert said.count("Source:") == 1


def test_a_listed_side_effect_is_answered_with_whom_to_tell_asked_or_not():
    from actions.action_answer_is_side_effect import ActionAnswerIsSideEffect
    text = ("There's been a bit of blood in my urine the last two mornings, no pain. I've been on baclofen a month. "
            "Is it the tablets, and should I get it checked?")
    said = " ".join(m.get("text") or "" for m in messages(ActionAnswerIsSideEffect(), asked(text, "ask_is_side_effect")))
    assert "Blood in the urine is listed as an uncommon side effect" in said
    assert "does not say when to have it checked" in said and "tell the doctor" in said
    # told without asking what to do: a pharmacist would still say whom to tell (sets V-W: 45 answers lacked it)
    told = " ".join(m.get("text") or "" for m in messages(ActionAnswerIsSideEffect(), asked(
        "Since my husband started baclofen he has been peeing a lot, day and night.",
        "ask_is_side_effect")))
    assert "Passing a lot of urine is listed" in told and "tell the doctor" in told
    # a symptom the leaflet does not list already says whom to ask, once
    unlisted = " ".join(m.get("text") or "" for m in messages(ActionAnswerIsSideEffect(), asked(
        "Does baclofen cause weight gain?", "ask_is_side_effect")))
    assert "does not list" in unlisted and "only lists it" not in unlisted
    assert unlisted.count("ask the pharmacist") == 1


# Two questions joined in one short message are two concerns too: the second is not lost behind the first.
SHORT_TWO_ASKS = "What's the usual daily amount for a 7 year old, and can her mum breastfeed while she's on it?"


def test_a_short_message_asking_two_things_gets_both_answered():
    from actions.action_ask_weight_kg import ActionAskWeightKg
    said = _form_answer(ActionAskWeightKg(), SHORT_TWO_ASKS, {"age_years": 7.0, "route": "oral"})
    assert "30-40 mg a day for ages 6-8 years" in said and "How much does the child weigh?" in said
    assert "breast" in said.lower() and "section 4" in said
