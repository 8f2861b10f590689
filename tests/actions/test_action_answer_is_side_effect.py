from actions.action_answer_is_side_effect import ActionAnswerIsSideEffect
from tests.action_harness import text, tracker


def test_is_side_effect_for_each_symptom_named():
    answer = text(ActionAnswerIsSideEffect(), tracker(entities=[("symptom", "dizziness"), ("symptom", "hallucinations")]))
    assert "Dizziness is listed as a common side effect" in answer
    assert "Hallucinations is listed as a rare side effect" in answer
    assert not answer.startswith("Yes")


def test_a_symptom_the_leaflet_does_not_list_is_said_to_be_not_listed():
    answer = text(ActionAnswerIsSideEffect(), _with_question({"unknown_symptom": "hair loss"}))
    assert "The leaflet does not list hair loss among baclofen's side effects" in answer and "Dizziness" not in answer


def _with_question(question):
    found = tracker(text="", intent="ask_is_side_effect")
    found.latest_message["question"] = question
    return found


def test_no_symptom_recognised_gives_the_list():
    assert "Side effects the leaflet lists" in text(ActionAnswerIsSideEffect(), tracker())


def test_a_side_effect_asked_about_as_a_use_is_neither_a_use_nor_left_unsaid():
    from tests.actions.question_harness import asked

    answer = text(ActionAnswerIsSideEffect(), asked("does baclofen help ringing in the ears?", "ask_is_side_effect"))
    assert answer.startswith("Baclofen for ringing in the ears is not among the uses the leaflet lists")
    assert "Ringing in the ears is listed as a rare side effect" in answer


def test_a_change_told_in_other_words_gets_what_the_leaflet_lists_for_that_part():
    from tests.actions.question_harness import asked

    # the pee in words no side effect has, beside constipation named: both answered, and whom to tell
    answer = text(ActionAnswerIsSideEffect(), asked(
        "Since baclofen I gotta pee all da time, every hour, an I stay constipated too. Both from da pill?",
        "ask_is_side_effect"))
    assert "Constipation is listed as a common side effect" in answer
    assert "About passing urine, the leaflet lists passing a lot of urine (common)" in answer
    assert "tell the doctor" in answer
    # only the part told: not the whole list
    alone = text(ActionAnswerIsSideEffect(), asked(
        "His eyes do a strange flicking from side to side since the baclofen. Should I worry?", "ask_is_side_effect"))
    assert "About the eyes and sight, the leaflet lists visual disturbances (rare) and involuntary eye movements (rare)" \
        in alone
    assert "Side effects the leaflet lists" not in alone and "Constipation" not in alone
