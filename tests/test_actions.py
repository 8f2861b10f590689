"""The actions against tracker fixtures: what the user would read, and the slots they leave behind."""
import pytest

from actions.action_answer_bot_challenge import ActionAnswerBotChallenge
from actions.action_answer_dosage_forms import ActionAnswerDosageForms
from actions.action_answer_dose import ActionAnswerDose
from actions.action_answer_emergency import ActionAnswerEmergency
from actions.action_answer_help import ActionAnswerHelp
from actions.action_answer_interaction import ActionAnswerInteraction
from actions.action_answer_is_side_effect import ActionAnswerIsSideEffect
from actions.action_answer_precaution import ActionAnswerPrecaution
from actions.action_answer_side_effects import ActionAnswerSideEffects
from actions.action_answer_uses import ActionAnswerUses
from actions.action_answer_withdrawal import ActionAnswerWithdrawal
from actions.action_handoff import ActionHandoff
from actions.validate_dose_form import ValidateDoseForm
from tests.action_harness import messages, run, slot_events, tracker


def test_every_domain_action_is_implemented():
    from rasa_sdk.executor import ActionExecutor
    from tests.action_harness import DOMAIN
    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(DOMAIN["actions"]) <= set(executor.actions)


@pytest.mark.parametrize("action, section", [
    (ActionAnswerUses(), "section 1 (Uses)"),
    (ActionAnswerDosageForms(), "section 1 (Uses)"),
    (ActionAnswerSideEffects(), "section 3 (Side effects)"),
    (ActionAnswerPrecaution(), "sections 2 (Dosage) and 4"),
    (ActionAnswerInteraction(), "section 5 (Interactions)"),
    (ActionAnswerWithdrawal(), "section 4"),
])
def test_every_knowledge_answer_names_its_section(action, section):
    texts, _ = run(action, tracker())
    assert len(texts) == 1 and section in texts[0]


def test_uses_by_origin_and_route():
    text = run(ActionAnswerUses(), tracker())[0][0]
    for words in ("multiple sclerosis", "spinal cord injury", "cerebral palsy", "brain injury", "by mouth", "intrathecal"):
        assert words in text


def test_side_effects_by_frequency():
    text = run(ActionAnswerSideEffects(), tracker(entities=[("frequency", "rare")]))[0][0]
    assert "hallucinations" in text and "dizziness" not in text


def test_is_side_effect_for_each_symptom_named():
    texts, _ = run(ActionAnswerIsSideEffect(), tracker(entities=[("symptom", "dizziness"), ("symptom", "hallucinations")]))
    assert "dizziness is listed as a common side effect" in texts[0]
    assert "hallucinations is listed as a rare side effect" in texts[0]


def test_precaution_for_a_topic():
    text = run(ActionAnswerPrecaution(), tracker(entities=[("topic", "breastfeeding")]))[0][0]
    assert "breast milk" in text and "section 4" in text


def test_interaction_for_each_drug_named():
    text = run(ActionAnswerInteraction(), tracker(entities=[("drug", "ibuprofen"), ("drug", "alcohol")]))[0][0]
    assert "ibuprofen" in text and "section 5.1" in text
    assert "alcohol" in text and "section 5.2" in text


def test_emergency_number_comes_first_and_is_configurable(monkeypatch):
    monkeypatch.setenv("BACLOFEN_EMERGENCY_NUMBER", "999")
    text = run(ActionAnswerEmergency(), tracker())[0][0]
    assert text.startswith("Call 999 now")


def test_bot_challenge_says_automated_and_offers_pharmacist(monkeypatch):
    monkeypatch.setenv("BACLOFEN_HOTLINE", "1900 000")
    text = run(ActionAnswerBotChallenge(), tracker())[0][0]
    assert "automated assistant" in text and "1900 000" in text
    assert "1900 000" in run(ActionHandoff(), tracker())[0][0]
    assert "do not replace your doctor" in run(ActionAnswerHelp(), tracker())[0][0]


# ------------------------------------------------------------------ the dose answer

def test_dose_answer_from_slots_then_weight_is_cleared():
    texts, events = run(ActionAnswerDose(), tracker(slots={"age": "3 years", "weight": "14 kg", "route": "oral"}))
    text = texts[0]
    assert "4.2 mg a day" in text and "1.05 mg per dose" in text
    assert "10.5-28 mg a day" in text and "20-30 mg a day for ages 2-6 years" in text
    assert "prescriber decides" in text and "section 2 (Dosage)" in text
    assert slot_events(events) == {"weight": None}


def test_dose_answer_in_pounds_and_months():
    text = run(ActionAnswerDose(), tracker(slots={"age": "18 months", "weight": "24 lb", "route": "oral"}))[0][0]
    assert "18 months" in text and "10.89 kg" in text and "10-20 mg a day" in text


def test_dose_answer_with_kidney_failure_has_no_number():
    text = run(ActionAnswerDose(), tracker(slots={"age": "50 years", "route": "oral", "renal_impairment": True}))[0][0]
    assert "lower dose" in text and " mg" not in text


def test_dose_answer_under_one_year_refers_to_specialist():
    text = run(ActionAnswerDose(), tracker(slots={"age": "6 months"}))[0][0]
    assert "specialist" in text and " mg" not in text and "micrograms" not in text


def test_dose_answer_with_bad_slots_says_the_error():
    text = run(ActionAnswerDose(), tracker(slots={"age": "3 years", "weight": "140 kg", "route": "oral"}))[0][0]
    assert "not plausible" in text


# ------------------------------------------------------------------ the dose form's validation

def required(slots):
    import asyncio
    from rasa_sdk.executor import CollectingDispatcher
    from tests.action_harness import DOMAIN
    form = ValidateDoseForm()
    return asyncio.run(form.required_slots(["age", "route", "weight"], CollectingDispatcher(),
                                           tracker(slots=slots), DOMAIN))


@pytest.mark.parametrize("slots, needed", [
    ({}, ["age"]),
    ({"age": "adult"}, ["age", "route"]),
    ({"age": "6 months"}, ["age"]),
    ({"age": "3 years"}, ["age", "route"]),
    ({"age": "3 years", "route": "oral"}, ["age", "route", "weight"]),
    ({"age": "3 years", "route": "intrathecal"}, ["age", "route"]),
    ({"age": "40 years", "route": "oral"}, ["age", "route"]),
])
def test_form_asks_only_what_the_answer_needs(slots, needed):
    assert required(slots) == needed


@pytest.mark.parametrize("typed, stored", [
    ("4", "4 years"), ("she is 4 years old", "4 years"), ("18 months", "18 months"), ("two and a half", "2.5 years"),
    ("adult", "adult"),
])
def test_form_normalises_the_age(typed, stored):
    texts, events = run(ValidateDoseForm(), tracker(text=typed, intent="inform", new_slots={"age": typed},
                                                     active_loop="dose_form"))
    assert slot_events(events)["age"] == stored


@pytest.mark.parametrize("typed, complaint", [("-3 years", "negative"), ("300 years", "not possible"),
                                               ("banana", "did not catch an age")])
def test_form_rejects_a_bad_age_with_a_reason(typed, complaint):
    texts, events = run(ValidateDoseForm(), tracker(text=typed, intent="inform", new_slots={"age": typed},
                                                     active_loop="dose_form"))
    assert slot_events(events)["age"] is None
    assert any(complaint in t for t in texts)


@pytest.mark.parametrize("typed, stored, complaint", [
    ("16 kilos", "16 kg", None), ("35 lb", "35 lb", None), ("16", None, "with its unit"),
    ("140 kg", None, "not plausible"),
])
def test_form_checks_the_weight_against_the_age(typed, stored, complaint):
    texts, events = run(ValidateDoseForm(), tracker(text=typed, intent="inform", slots={"age": "4 years", "route": "oral"},
                                                     new_slots={"weight": typed}, active_loop="dose_form"))
    assert slot_events(events)["weight"] == stored
    if complaint:
        assert any(complaint in t for t in texts)


def test_form_marks_kidney_failure():
    _, events = run(ValidateDoseForm(), tracker(text="dose for an adult with kidney failure", intent="ask_dose",
                                                entities=[("age", "adult"), ("topic", "kidneys")],
                                                new_slots={"age": "adult"}, active_loop="dose_form"))
    assert slot_events(events)["renal_impairment"] is True


@pytest.mark.parametrize("action, kind", [(ActionAnswerEmergency(), "emergency"), (ActionHandoff(), "handoff")])
def test_hotline_transfers_after_emergency_and_handoff_answers(action, kind):
    sent = messages(action, tracker("help", channel="twilio_voice"))
    assert len(sent) == 1
    assert sent[0]["custom"] == {"voice": {"kind": kind, "transfer": True}}


def test_hotline_does_not_transfer_after_an_ordinary_answer_nor_other_channels():
    assert messages(ActionAnswerUses(), tracker("what is it for", channel="twilio_voice"))[0]["custom"] == {}
    for channel in ("rest", "webchat", None):
        assert not messages(ActionAnswerEmergency(), tracker("help", channel=channel))[0].get("custom")
