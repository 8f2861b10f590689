"""A story's concerns as the answer actions deliver them (actions/base.py, baclofen/answers/concerns.py): an amount
it proposes is checked among them; the dose someone is already on is not. Wording of this project's own."""
from actions.action_answer_precaution import ActionAnswerPrecaution
from tests.action_harness import messages
from tests.actions.question_harness import asked

PROPOSED = ("My brother drives a lorry and has been on baclofen for his spinal injury for a couple of months now. He "
            "feels a bit woozy on long drives. He wants to bump himself up to 120 mg a day because a mate said so. "
            "What does the leaflet say?")
ON_A_DOSE = ("My brother drives a lorry and has been on baclofen 20 mg three times a day for his spinal injury for a "
             "couple of months now. He feels a bit woozy on long drives. What does the leaflet say about driving?")


def _said(text):
    return " ".join(m.get("text") or "" for m in messages(ActionAnswerPrecaution(), asked(text, "ask_precaution")))


def test_a_proposed_amount_in_a_story_is_checked_against_the_leaflet():
    said = _said(PROPOSED)
    assert "120 mg" in said and "above what the leaflet gives" in said and "80-100 mg" in said
    assert not said.lstrip().lower().startswith("yes")


def test_the_dose_someone_is_on_is_not_checked_as_a_proposal():
    assert "within the leaflet's figures" not in _said(ON_A_DOSE)
