from actions.action_answer_is_side_effect import ActionAnswerIsSideEffect
from tests.action_harness import text, tracker


def test_is_side_effect_for_each_symptom_named():
    answer = text(ActionAnswerIsSideEffect(), tracker(entities=[("symptom", "dizziness"), ("symptom", "hallucinations")]))
    assert "dizziness is listed as a common side effect" in answer
    assert "hallucinations is listed as a rare side effect" in answer


def test_no_symptom_recognised_gives_the_list():
    assert "Side effects the leaflet lists" in text(ActionAnswerIsSideEffect(), tracker())
