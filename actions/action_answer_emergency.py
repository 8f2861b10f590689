from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerEmergency(AnswerAction):
    """The emergency instruction; rules run it before anything else, also inside the dose form."""

    action_name = "action_answer_emergency"
    answer_kind = "emergency"

    def answer(self, tracker):
        return answers.emergency()
