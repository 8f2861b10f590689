from actions.action_answer_emergency import ActionAnswerEmergency
from tests.action_harness import text, tracker


def test_emergency_number_comes_first_and_is_configurable(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="999")
    assert text(ActionAnswerEmergency(), tracker()).startswith("Call 999 now")
