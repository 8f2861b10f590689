from actions.action_answer_emergency import ActionAnswerEmergency
from tests.action_harness import text, tracker
from tests.actions.question_harness import asked


def test_emergency_number_comes_first_and_is_configurable(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="999")
    assert text(ActionAnswerEmergency(), tracker()).startswith("Call 999 now")


def test_a_fit_after_a_stop_is_answered_as_the_fit_with_the_stop_as_its_cause():
    told = ("my wife is shaking all over on the kitchen floor, arms and legs jerking, eyes gone up. she ran out of her "
            "baclofen 3 days ago. it's still going on now")
    reply = text(ActionAnswerEmergency(), asked(told, "emergency"))
    assert reply.startswith("Call 115 now. Someone who is hard to wake")  # what to do for the fit first
    assert "Stopping baclofen suddenly can cause a withdrawal reaction" in reply and "CPR" in reply
    assert "do not hold them down" in reply


def test_a_stop_with_hallucinations_says_stay_and_do_not_drive():
    told = "its been 2 days no pills now. i am seeing bugs on the dashboard and sweating and confused"
    reply = text(ActionAnswerEmergency(), asked(told, "emergency"))
    assert reply.startswith("Call 115 now. Stopping baclofen suddenly") and "do not drive" in reply


def test_a_pump_patients_signs_are_no_condition():
    told = "my husband has the baclofen pump, the refill was missed and now he is burning hot, rigid and muddled"
    reply = text(ActionAnswerEmergency(), asked(told, "emergency"))
    assert reply.startswith("Call 115 now. Someone with a baclofen pump who has a fever")
