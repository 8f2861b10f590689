from actions.action_answer_interaction import ActionAnswerInteraction
from tests.action_harness import text, tracker


def test_interaction_for_each_drug_named():
    answer = text(ActionAnswerInteraction(), tracker(entities=[("drug", "ibuprofen"), ("drug", "alcohol")]))
    assert "ibuprofen" in answer and "section 5.1" in answer
    assert "alcohol" in answer and "section 5.2" in answer


def test_no_drug_named_gives_the_leaflet_classes():
    assert "section 5 (Interactions)" in text(ActionAnswerInteraction(), tracker())


def test_how_long_to_wait_says_the_leaflet_gives_no_time():
    from tests.actions.question_harness import asked

    answer = text(ActionAnswerInteraction(), asked("How long after taking tramadol can I take baclofen?",
                                                   "ask_interaction"))
    assert answer.startswith("Caution:") and "does not say how long to wait" in answer


def test_a_topic_asked_with_a_medicine_follows_it():
    from tests.actions.question_harness import asked

    answer = text(ActionAnswerInteraction(), asked("can I take oxycodone after my surgery", "ask_interaction"))
    assert answer.startswith("Caution:") and "operation or anaesthetic" in answer
