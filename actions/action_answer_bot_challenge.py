from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerBotChallenge(AnswerAction):
    action_name = "action_answer_bot_challenge"
    answer_kind = "bot_challenge"

    def answer(self, tracker):
        return answers.bot_challenge()
