from actions.action_answer_dosage_forms import ActionAnswerDosageForms
from tests.action_harness import text, tracker


def test_tablets_and_injection_with_their_section():
    answer = text(ActionAnswerDosageForms(), tracker())
    assert "tablets" in answer and "solution for injection" in answer and "section 1 (Uses)" in answer
