from actions.action_answer_side_effects import ActionAnswerSideEffects
from tests.action_harness import text, tracker


def test_all_side_effects_with_their_section():
    answer = text(ActionAnswerSideEffects(), tracker())
    assert "dizziness" in answer and "hallucinations" in answer and "section 3 (Side effects)" in answer


def test_side_effects_by_frequency():
    answer = text(ActionAnswerSideEffects(), tracker(entities=[("frequency", "rare")]))
    assert "hallucinations" in answer and "dizziness" not in answer
