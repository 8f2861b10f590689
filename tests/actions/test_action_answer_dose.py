"""The dose answer from the typed slots (numbers, never text to parse)."""
from actions.action_answer_dose import ActionAnswerDose
from baclofen.quantities import KG_PER_LB
from tests.action_harness import run, slot_events, text, tracker


def test_dose_answer_from_slots_keeps_the_person_for_a_follow_up():
    texts, events = run(ActionAnswerDose(), tracker(slots={"age_years": 3.0, "weight_kg": 14.0, "route": "oral"}))
    answer = texts[0]
    assert "4.2 mg a day" in answer and "1.05 mg per dose" in answer
    assert "10.5-28 mg a day" in answer and "20-30 mg a day for ages 2-6 years" in answer
    assert "prescriber decides" in answer and "section 2 (Dosage)" in answer
    assert slot_events(events) == {}  # "and with the pump?" next: the same child


def test_no_route_named_gives_the_tablet_figures_and_says_intrathecal_differs():
    answer = text(ActionAnswerDose(), tracker(slots={"age_years": 3.0, "weight_kg": 14.0}))
    assert "4.2 mg a day" in answer and "Intrathecal (pump) dosing differs" in answer


def test_no_person_gives_every_group_at_once_with_the_offer():
    answer = text(ActionAnswerDose(), tracker())
    for figure in ("15 mg a day", "80-100 mg a day", "0.3 mg per kg a day", "10-20 mg", "25-50 micrograms"):
        assert figure in answer
    assert "tell me their age" in answer


def test_the_warnings_said_about_the_person_go_with_the_dose():
    answer = text(ActionAnswerDose(), tracker(slots={"population": "adult", "conditions": ["breastfeeding"]}))
    assert "15 mg a day" in answer and "breastfeeding should be stopped" in answer


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
