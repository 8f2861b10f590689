from actions.base import AnswerAction, latest_entity
from baclofen.answers import compose


class ActionAnswerPrecaution(AnswerAction):
    """The precaution for the topic named (pregnancy, driving, ...), or all of them."""

    action_name = "action_answer_precaution"

    def answer(self, tracker):
        return compose.precaution(latest_entity(tracker, "topic"))
