from actions.base import AnswerAction
from baclofen.answers import compose


class ActionAnswerEmergency(AnswerAction):
    """The emergency instruction; rules run it before anything else, also inside the dose form."""

    action_name = "action_answer_emergency"

    def answer(self, tracker):
        return compose.emergency()
