from actions.base import AnswerAction
from baclofen.answers import compose


class ActionAnswerBotChallenge(AnswerAction):
    action_name = "action_answer_bot_challenge"

    def answer(self, tracker):
        return compose.bot_challenge()
