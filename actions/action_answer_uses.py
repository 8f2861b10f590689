from actions.base import AnswerAction
from baclofen.answers import compose


class ActionAnswerUses(AnswerAction):
    action_name = "action_answer_uses"

    def answer(self, tracker):
        return compose.uses()
