"""The dose answer from the typed slots (numbers, never text to parse)."""
from actions.action_answer_dose import ActionAnswerDose
from baclofen.quantities import KG_PER_LB
from tests.action_harness import run, slot_events, text, tracker


def test_dose_answer_from_slots_then_weight_is_cleared():
    texts, events = run(ActionAnswerDose(), tracker(slots={"age_years": 3.0, "weight_kg": 14.0, "route": "oral"}))
    answer = texts[0]
    assert "4.2 mg a day" in answer and "1.05 mg per dose" in answer
    assert "10.5-28 mg a day" in answer and "20-30 mg a day for ages 2-6 years" in answer
    assert "prescriber decides" in answer and "section 2 (Dosage)" in answer
    assert slot_events(events) == {"weight_kg": None}


def test_dose_answer_in_pounds_and_months():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 1.5, "weight_kg": 24 * KG_PER_LB, "route": "oral"}))
    assert "18 months" in answer and "10.89 kg" in answer and "10-20 mg a day" in answer


def test_an_exact_age_wins_over_a_population_said_before():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 7.0, "population": "adult", "weight_kg": 22.0,
                                                     "route": "oral"}))
    assert "child of 7 years" in answer and "30-40 mg a day" in answer and "80-100" not in answer


def test_dose_answer_with_kidney_failure_has_no_number():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 50.0, "route": "oral", "renal_impairment": True}))
    assert "lower dose" in answer and " mg" not in answer


def test_dose_answer_under_one_year_refers_to_specialist():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 0.5}))
    assert "specialist" in answer and " mg" not in answer and "micrograms" not in answer


def test_dose_answer_with_bad_slots_says_the_error():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 3.0, "weight_kg": 140.0, "route": "oral"}))
    assert "not plausible" in answer
