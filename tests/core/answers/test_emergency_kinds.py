"""The script after the emergency number fits the kind of danger (issue 21, stop 34: the pharmacist-reviewer of sets
P and Q read a crisis answered with the overdose lines, a toddler among spilt tablets with the crisis lines, a pump
patient's fever after a missed refill with only the conditional signs of too much, no CPR prompt for a man without a
pulse). baclofen/answers/emergencies.py, baclofen/language/urgency.py, baclofen/language/safety_net.py."""
import pytest

from baclofen.answers import compose, emergencies
from baclofen.answers.model import EMERGENCY
from baclofen.language import safety_net, urgency
from baclofen.render import text as render


@pytest.mark.parametrize("language, cpr, sleep", [("en", "CPR", "sleep it off"), ("vi", "hồi sinh tim phổi", "ngủ cho qua")])
def test_an_acute_answer_says_never_to_let_them_sleep_it_off_and_cpr_when_not_breathing(language, cpr, sleep):
    reply = render.render(emergencies.acute(language))
    assert reply.split(".")[0].endswith("115" if language == "vi" else "115 now")
    assert cpr in reply and sleep in reply
    assert reply.count("115") == 2  # the call first; the operator who guides the CPR


def test_a_pump_answer_is_a_condition_until_a_sign_is_told():
    alarm = render.render(emergencies.pump("en"))
    assert alarm.startswith("Call 115 now if there is a fever")
    signs = render.render(emergencies.pump("en", signs_told=True))
    assert signs.startswith("Call 115 now. Someone with a baclofen pump who has a fever")
    assert "high fever, seizures, changes in mental state and worse spasticity" in signs  # the leaflet's warning
    assert "pump team" not in signs and "If you cannot reach them" not in signs  # the ambulance, not the pump team
    assert emergencies.for_kind("pump", "en", signs_told=True) == emergencies.pump("en", signs_told=True)


@pytest.mark.parametrize("text, told", [
    ("Update 2200: temp 39.6, legs rigid, he's muddled, doesn't know the date", True),
    ("the pump is beeping, low reservoir alarm", False),
])
def test_the_pump_signs_told(text, told):
    assert urgency.pump_signs_told(text, "en") is told


def test_a_net_only_message_of_a_stop_gets_the_stops_signs_not_the_signs_of_too_much():
    question_back = compose.clarify(["ask_side_effects"])
    reply = render.render(emergencies.heard_by_net_alone(question_back, emergencies.STOPPED))
    first = reply.splitlines()[0]
    assert "115" in first and "stopped" in first and "fever" in first
    assert "high fever, seizures, changes in mental state and worse spasticity" in reply
    assert "hard to wake" not in reply
    plain = render.render(emergencies.heard_by_net_alone(question_back, None))
    assert "hard to wake" in plain and "stopped, ran out" not in plain


def test_a_net_only_answer_is_not_opened_twice():
    answer = emergencies.heard_by_net_alone(compose.handoff(), None)
    again = emergencies.heard_by_net_alone(answer, None)
    assert render.render(again).count("call 115 now") == 1


@pytest.mark.parametrize("text, leans", [
    ("Now he is seeing things and very hot and shaking. He came off his tablets four days ago.", True),
    ("her pump refill got cancelled and tonight she is burning up", True),
    ("she is burning up with flu, what can she take for it?", False),
    ("he stopped his baclofen last month, can he drive?", False),
])
def test_what_leans_to_a_stop(text, leans):
    assert urgency.leans_to_stopping(text, "en") is leans


# ---- the rules' kind weighed against the net's crisis share

PLAN = "I reckon tonight I'll take every one of the bottle with the last of his whiskey"
TODDLER = ("my 2 year old got into the purse, the bottle of baclofen is open and she ate some, "
           "and she keeps saying she wants to die like the fish")


def test_tablets_the_net_hears_as_a_crisis_are_answered_as_one():
    assert safety_net.kind_heard("poisoning", safety_net.CRISIS_OVER_RULES, PLAN, "en") == "crisis"
    assert safety_net.kind_heard("acute", 0.99, PLAN, "en") == "crisis"
    assert safety_net.kind_heard("poisoning", safety_net.CRISIS_OVER_RULES - 0.01, PLAN, "en") == "poisoning"
    assert safety_net.kind_heard("withdrawal", 0.99, PLAN, "en") == "withdrawal"  # a stop's signs stay a stop's


def test_a_crisis_the_net_rules_out_is_the_other_emergency_the_rules_hear():
    assert urgency.detect(TODDLER) == "crisis"
    assert safety_net.kind_heard("crisis", 0.02, TODDLER, "en") == "poisoning"
    assert safety_net.kind_heard("crisis", safety_net.NO_CRISIS_BELOW, TODDLER, "en") == "crisis"
    alone = "i keep thinking everyone would be better off without me"
    assert safety_net.kind_heard("crisis", 0.0, alone, "en") == "crisis"  # nothing else heard: never dropped


def test_without_the_nets_share_the_rules_kind_stands():
    assert safety_net.kind_heard("poisoning", None, PLAN, "en") == "poisoning"
    assert safety_net.kind_heard("poisoning", 0.99, PLAN, "es") == "poisoning"  # a language the net never learned
    assert safety_net.kind_heard(None, 0.99, PLAN, "en") is None


@pytest.mark.parametrize("language", ["en", "vi"])
def test_a_fit_told_adds_how_to_keep_them_safe_through_it(language):
    plain, fit = render.render(emergencies.acute(language)), render.render(emergencies.acute(language, fit=True))
    assert len(fit) > len(plain) and fit.split(".")[0] == plain.split(".")[0]
    assert ("do not hold them down" in fit) if language == "en" else ("không giữ chặt" in fit)


def test_someone_failing_after_tablets_is_never_left_to_sleep_it_off():
    reply = render.render(emergencies.acute("en", "poisoning"))
    assert "taken too much" in reply and "do not let them sleep it off" in reply and "seem well" not in reply


def test_a_crisis_the_net_hears_faintly_gets_the_crisis_line_first_then_the_answer():
    asked = compose.uses()
    reply = render.render(emergencies.heard_by_net_alone(asked, emergencies.POSSIBLE_CRISIS))
    first, rest = reply.split("\n", 1)
    assert first.startswith("If you are thinking of ending your life") and "115 now" in first
    assert rest == render.render(asked)  # what was asked, whole
    assert emergencies.POSSIBLE_CRISIS == safety_net.POSSIBLE_CRISIS


@pytest.mark.parametrize("probability, sure", [(None, False), (0.49, False), (safety_net.SURE_OF_CRISIS_FROM, True)])
def test_how_sure_the_net_must_be_for_the_whole_crisis_answer(probability, sure):
    assert safety_net.sure_of_crisis(probability) is sure


def test_a_pump_still_to_come_is_no_stop():
    booked = ("She is booked for the baclofen test injection into the spine next week, for the pump. But since "
              "yesterday she has a fever. Should we still go?")
    assert not urgency.leans_to_stopping(booked, "en")
