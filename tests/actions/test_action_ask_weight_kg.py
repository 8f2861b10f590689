from actions.action_ask_weight_kg import ActionAskWeightKg
from tests.action_harness import text, tracker
from tests.actions.question_harness import asked


def test_the_first_weight_question_gives_what_the_age_says():
    answer = text(ActionAskWeightKg(), asked("max a day for an 8 year old?", "ask_dose", slots={"age_years": 8,
                                                                                                 "route": "oral"}))
    assert "Maintenance by age: 30-40 mg a day for ages 6-8 years." in answer
    assert "0.3 mg per kg a day" in answer
    lines = answer.splitlines()
    assert lines[-2].endswith("How much does the child weigh? For example 16 kg or 35 lb.")
    assert lines[-1] == "Source: baclofen leaflet, section 2 (Dosage)."


def test_asked_again_it_is_the_question_alone():
    again = tracker(text="not sure", intent="inform", slots={"age_years": 8, "route": "oral",
                                                              "requested_slot": "weight_kg"})
    again.events.insert(0, {"event": "slot", "name": "requested_slot", "value": "weight_kg"})
    assert text(ActionAskWeightKg(), again) == "How much does the child weigh? For example 16 kg or 35 lb."
