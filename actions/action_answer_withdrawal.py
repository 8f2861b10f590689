from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerWithdrawal(AnswerAction):
    action_name = "action_answer_withdrawal"

    def answer(self, tracker):
        return compose.withdrawal(language_of(tracker))
