from actions.action_answer_withdrawal import ActionAnswerWithdrawal
from tests.action_harness import text, tracker


def test_withdrawal_with_the_emergency_number_and_section(configure):
    configure(BACLOFEN_EMERGENCY_NUMBER="115")
    answer = text(ActionAnswerWithdrawal(), tracker())
    assert "suddenly" in answer and "call 115" in answer and "section 4" in answer
