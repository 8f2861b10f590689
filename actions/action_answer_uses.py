from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerUses(AnswerAction):
    action_name = "action_answer_uses"

    def answer(self, tracker):
        return answers.uses()
