"""action_answer_other_drug: "I only know about baclofen" only when the message names another medicine."""
from actions.action_answer_other_drug import ActionAnswerOtherDrug
from tests.action_harness import messages
from tests.actions.question_harness import asked


def test_a_medicine_named_gets_the_other_drug_answer():
    sent = messages(ActionAnswerOtherDrug(), asked("what is ibuprofen", "ask_other_drug"))
    assert [m.get("response") for m in sent] == ["utter_other_drug"]


def test_no_medicine_named_gets_the_question_back():
    """After "New conversation" there is nothing before "is that safe for him?": ask, don't refuse."""
    sent = messages(ActionAnswerOtherDrug(), asked("is that safe for him?", "ask_other_drug"))
    assert len(sent) == 1 and sent[0]["text"].startswith("I'm not sure what you are asking")
    assert "only know about baclofen" not in sent[0]["text"]


def test_a_medicine_named_as_a_follow_up_gets_its_interaction():
    """"what about amitriptyline?" after a question about ibuprofen asks how it goes with baclofen."""
    sent = messages(ActionAnswerOtherDrug(), asked("what about amitriptyline?", "ask_other_drug"))
    text = " ".join(m.get("text") or "" for m in sent)
    assert "only know about baclofen" not in text and "amitriptyline" in text and "section 5.1" in text
