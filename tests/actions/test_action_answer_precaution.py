from actions.action_answer_precaution import ActionAnswerPrecaution
from tests.action_harness import text, tracker


def test_precaution_for_a_topic():
    answer = text(ActionAnswerPrecaution(), tracker(entities=[("topic", "breastfeeding")]))
    assert "breast milk" in answer and "section 4" in answer


def test_all_precautions_name_their_sections():
    assert "sections 2 (Dosage) and 4" in text(ActionAnswerPrecaution(), tracker())
