from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerWithdrawal(AnswerAction):
    action_name = "action_answer_withdrawal"

    def answer(self, tracker):
        return answers.withdrawal()
