"""The dose form's validation: what it asks for, and each message's values checked once, as a whole person."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.validate_dose_form import ValidateDoseForm
from baclofen.quantities import KG_PER_LB
from tests.action_harness import DOMAIN, run, slot_events, tracker


def required(slots):
    form = ValidateDoseForm()
    return asyncio.run(form.required_slots(DOMAIN["forms"]["dose_form"]["required_slots"], CollectingDispatcher(),
                                           tracker(slots=slots), DOMAIN))


@pytest.mark.parametrize("slots, needed", [
    ({"requested_slot": "age_years"}, ["age_years"]),
    ({}, []),  # a dose question about nobody in particular: every group's figures at once, nothing to ask
    ({"population": "adult"}, []),
    ({"age_years": 0.5}, []),
    ({"age_years": 3.0}, ["weight_kg"]),  # tablets, the common case: no route question
    ({"age_years": 3.0, "route": "oral"}, ["weight_kg"]),
    ({"age_years": 3.0, "route": "intrathecal"}, []),
    ({"age_years": 40.0, "route": "oral"}, []),
    ({"age_years": 3.0, "weight_kg": 14.0}, ["weight_kg"]),  # listed, and filled: the form asks nothing
])
def test_form_asks_only_what_the_answer_needs(slots, needed):
    assert required(slots) == needed


def validate(new_slots, slots=None, text="", requested=None, said=None):
    """`said`: the entities of the latest message (by default, one per new slot value)."""
    base = dict(slots or {}, requested_slot=requested)
    entity_of = {"age_years": "age", "weight_kg": "weight", "population": "population", "route": "route"}
    said = said if said is not None else [(entity_of[name], value) for name, value in new_slots.items()]
    return run(ValidateDoseForm(), tracker(text=text, intent="inform", entities=said, slots=base, new_slots=new_slots,
                                           active_loop="dose_form"))


@pytest.mark.parametrize("age", [4.0, 1.5, 2.5])
def test_a_typed_age_is_kept_and_replaces_a_population(age):
    texts, events = validate({"age_years": age}, slots={"population": "adult"}, requested="age_years")
    assert slot_events(events)["age_years"] == age and slot_events(events)["population"] is None and not texts


def test_a_population_replaces_an_age_given_before():
    _, events = validate({"population": "elderly"}, slots={"age_years": 50.0})
    slots = slot_events(events)
    assert slots["population"] == "elderly" and slots["age_years"] is None


def test_at_the_form_start_the_latest_word_decides_between_age_and_population():
    # every value given before the form started is validated again then; "adult" said now wins over an older age
    _, events = validate({"age_years": 5.0, "population": "adult", "route": "intrathecal"},
                         said=[("population", "adult")])
    assert slot_events(events)["age_years"] is None and slot_events(events)["population"] == "adult"
    _, events = validate({"age_years": 5.0, "population": "adult"}, said=[("age", 5.0)])
    assert slot_events(events)["age_years"] == 5.0 and slot_events(events)["population"] is None


@pytest.mark.parametrize("age, complaint", [(-3.0, "negative"), (300.0, "not possible")])
def test_form_rejects_a_bad_age_with_a_reason(age, complaint):
    texts, events = validate({"age_years": age}, requested="age_years")
    assert slot_events(events)["age_years"] is None
    assert any(complaint in t for t in texts)


def test_an_answer_with_no_age_in_it_is_asked_again():
    texts, events = validate({}, text="banana", requested="age_years")
    assert slot_events(events)["age_years"] is None
    assert any("did not catch an age" in t for t in texts)


@pytest.mark.parametrize("weight, stored, complaint", [
    (16.0, 16.0, None), (35 * KG_PER_LB, 35 * KG_PER_LB, None), (140.0, None, "not plausible"),
])
def test_form_checks_the_weight_against_the_age(weight, stored, complaint):
    texts, events = validate({"weight_kg": weight}, slots={"age_years": 4.0, "route": "oral"}, requested="weight_kg")
    assert slot_events(events)["weight_kg"] == stored
    if complaint:
        assert any(complaint in t for t in texts)
    else:
        assert not texts


def test_a_weight_without_its_unit_is_asked_again():
    # "16" gives no weight entity (a unit is required), so nothing was set for the weight the form asked for
    texts, events = validate({}, slots={"age_years": 4.0, "route": "oral"}, text="16", requested="weight_kg")
    assert slot_events(events)["weight_kg"] is None
    assert any("with its unit" in t for t in texts)


def test_the_weight_is_checked_against_the_age_given_in_the_same_message():
    texts, events = validate({"age_years": 3.0, "weight_kg": 70.0}, slots={"route": "oral"})
    assert slot_events(events)["weight_kg"] is None and any("not plausible" in t for t in texts)


def test_form_marks_kidney_failure_but_not_normal_kidneys():
    from tests.actions.question_harness import asked

    failing = asked("dose for an adult with kidney failure", "ask_dose", new_slots={"population": "adult"},
                    active_loop="dose_form")
    assert slot_events(run(ValidateDoseForm(), failing)[1])["renal_impairment"] is True
    normal = asked("max dose for an adult with normal renal function", "ask_dose", new_slots={"population": "adult"},
                   active_loop="dose_form")
    assert "renal_impairment" not in slot_events(run(ValidateDoseForm(), normal)[1])


def test_a_question_of_another_kind_inside_the_form_is_left_to_its_rule():
    # nothing validated: Rasa then runs the rule for that intent (e.g. the interaction answer), then the form again
    texts, events = run(ValidateDoseForm(), tracker(text="cannabis", intent="ask_interaction",
                                                    entities=[("drug", "cannabis")],
                                                    slots={"requested_slot": "age_years"}, active_loop="dose_form"))
    assert not texts and not [e for e in events if e["name"] != "requested_slot"]


def test_a_correction_of_the_age_while_the_weight_is_asked_is_taken_without_complaint():
    texts, events = validate({"age_years": 7.0}, slots={"age_years": 3.0, "route": "oral"}, requested="weight_kg")
    assert slot_events(events)["age_years"] == 7.0 and not texts


def test_a_message_about_another_child_drops_the_weight_of_the_child_before():
    """"It's for his sister, she's 3": a different child, so the 25 kg said of the first one no longer applies."""
    from baclofen.language import entities, question

    text = "sorry, it's for his sister, she's 3"
    read = question.read(text, entities.extract(text))
    assert read.another_person and read.age_years == 3
    state = tracker(text=text, intent="inform", entities=[("age", 3.0)],
                    slots={"age_years": 8.0, "weight_kg": 25.0, "route": "oral"}, new_slots={"age_years": 3.0},
                    active_loop="dose_form")
    state.latest_message["question"] = read.as_dict()
    _, events = run(ValidateDoseForm(), state)
    assert slot_events(events)["age_years"] == 3.0 and slot_events(events)["weight_kg"] is None


def test_a_correction_of_the_same_childs_age_keeps_the_weight():
    text = "sorry he's 7 not 4"
    from baclofen.language import entities, question

    read = question.read(text, entities.extract(text))
    assert not read.another_person
    state = tracker(text=text, intent="inform", entities=[("age", 7.0)],
                    slots={"age_years": 4.0, "weight_kg": 22.0, "route": "oral"}, new_slots={"age_years": 7.0},
                    active_loop="dose_form")
    state.latest_message["question"] = read.as_dict()
    _, events = run(ValidateDoseForm(), state)
    assert slot_events(events)["age_years"] == 7.0 and slot_events(events).get("weight_kg", 22.0) == 22.0


# ------------------------------------------------------------------ a new person (issue 25)

def started(text, intent, slots, new_slots):
    """The dose form starting on `text`: Rasa validates every value given before it again, with what the message
    said; the tracker carries the typed question the NLU read from the message."""
    from tests.actions.question_harness import asked

    state = asked(text, intent, slots=slots, new_slots=new_slots, active_loop="dose_form")
    state.events[:0] = [{"event": "slot", "name": name, "value": value} for name, value in slots.items()]
    return run(ValidateDoseForm(), state)


CHILD = {"age_years": 4.0, "weight_kg": 16.0, "route": "intrathecal", "conditions": ["kidneys"],
         "renal_impairment": True, "age_approximate": "about"}


def test_an_adult_after_a_child_starts_without_the_childs_facts():
    """'what about for an adult?' after a child of 4 and 16 kg: the adult's dose, not 'a weight of 16 kg is not
    plausible at that age'."""
    texts, events = started("what about for an adult?", "inform", CHILD,
                            {**{k: CHILD[k] for k in ("age_years", "weight_kg", "route")}, "population": "adult"})
    slots = slot_events(events)
    assert not texts
    assert slots["population"] == "adult" and slots["age_years"] is None
    assert slots["weight_kg"] is None and slots["age_approximate"] is None
    assert slots.get("route", "intrathecal") == "intrathecal"  # the same question (the pump dose) for someone else
    assert not slots["conditions"] and slots["renal_impairment"] is None


def test_someone_named_without_facts_is_asked_for_from_the_start():
    """'and for her brother?': nothing said of him, so nothing of his sister's is kept; the form asks his age."""
    texts, events = started("and for her brother?", "ask_dose_another_person", CHILD,
                            {k: CHILD[k] for k in ("age_years", "weight_kg", "route")})
    slots = slot_events(events)
    assert not texts
    assert slots["age_years"] is None and slots["weight_kg"] is None
    assert slots.get("route", "intrathecal") == "intrathecal"  # "and for her brother?": the same question
    from tests.actions.question_harness import asked

    state = asked("and for her brother?", "ask_dose_another_person", slots={"requested_slot": None})
    assert asyncio.run(ValidateDoseForm().required_slots([], CollectingDispatcher(), state, DOMAIN)) == \
        ["age_years"]


def test_a_child_after_an_adult_keeps_only_what_was_said_of_the_child():
    texts, events = started("dose for my 6 year old, 20 kg", "ask_dose", {"population": "adult", "route": "oral"},
                            {"age_years": 6.0, "weight_kg": 20.0, "population": "adult", "route": "oral"})
    slots = slot_events(events)
    assert slots["age_years"] == 6.0 and slots["weight_kg"] == 20.0 and slots["population"] is None
    assert slots["route"] is None  # said of the adult; the child's is asked or assumed afresh


def test_a_weight_kept_from_before_that_does_not_fit_is_asked_again_not_refused():
    """A corrected age that the weight said before no longer fits: the weight is asked again, without the
    'not plausible' sentence (it was not said now)."""
    texts, events = validate({"age_years": 16.0}, slots={"age_years": 4.0, "weight_kg": 16.0, "route": "oral"},
                             requested="weight_kg")
    slots = slot_events(events)
    assert slots["age_years"] == 16.0 and slots["weight_kg"] is None and not texts


def test_both_routes_named_and_neither_asked_of_the_form_asks_the_route():
    from tests.actions.question_harness import asked

    text = ("My nephew is 6, the tablets make him too sleepy. The doctors talk about a test in the spine and maybe a "
            "pump. What dose do they start with for a child?")
    conversation = asked(text, intent="ask_dose", slots={"age_years": 6.0, "route": "oral"})
    form = ValidateDoseForm()
    events = asyncio.run(form.get_validation_events(CollectingDispatcher(), conversation, DOMAIN))
    assert slot_events(events).get("route", "kept") is None  # the slot Rasa filled with one of the two is cleared
    needed = asyncio.run(form.required_slots(DOMAIN["forms"]["dose_form"]["required_slots"], CollectingDispatcher(),
                                             asked(text, intent="ask_dose", slots={"age_years": 6.0}), DOMAIN))
    assert needed == ["route"]
