from actions.action_answer_interaction import ActionAnswerInteraction
from tests.action_harness import text, tracker


def test_interaction_for_each_drug_named():
    answer = text(ActionAnswerInteraction(), tracker(entities=[("drug", "ibuprofen"), ("drug", "alcohol")]))
    assert "ibuprofen" in answer and "section 5.1" in answer
    assert "alcohol" in answer and "section 5.2" in answer


def test_no_drug_named_gives_the_leaflet_classes():
    assert "section 5 (Interactions)" in text(ActionAnswerInteraction(), tracker())
