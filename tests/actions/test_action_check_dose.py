from actions.action_check_dose import ActionCheckDose
from tests.action_harness import run, slot_events
from tests.actions.question_harness import asked


def test_above_the_leaflet_opens_with_the_caution_never_a_yes():
    texts, _ = run(ActionCheckDose(), asked("can I take 150 mg a day?", "check_dose"))
    assert texts[0].startswith("Caution: That is above what the leaflet gives: 150 mg a day")
    assert "80-100 mg a day" in texts[0]
    assert "I read this as an adult's own dose" in texts[0]


def test_a_child_named_by_weight_is_checked_by_weight():
    texts, _ = run(ActionCheckDose(), asked("20 kg child, 6 mg per dose 4 times a day to start?", "check_dose"))
    assert "for a child (age not given)" in texts[0]
    assert "1.5 mg per dose" in texts[0] and "not plausible" not in texts[0]


def test_the_person_and_route_are_kept_for_a_follow_up():
    _, events = run(ActionCheckDose(), asked("is 25 micrograms the intrathecal test dose for a 40 year old?",
                                             "check_dose"))
    assert slot_events(events) == {"age_years": 40, "population": None, "route": "intrathecal"}


def test_an_impossible_person_gets_the_reason_not_a_verdict():
    texts, _ = run(ActionCheckDose(), asked("can my 5 year old of 500 kg have 10 mg a day?", "check_dose"))
    assert "not plausible" in texts[0] and "within" not in texts[0]
