from actions.action_answer_help import ActionAnswerHelp
from tests.action_harness import text, tracker


def test_help_is_the_disclaimer_with_both_numbers(configure):
    configure(BACLOFEN_HOTLINE="1900 000", BACLOFEN_EMERGENCY_NUMBER="115")
    answer = text(ActionAnswerHelp(), tracker())
    assert "do not replace your doctor" in answer and "1900 000" in answer and "115" in answer
