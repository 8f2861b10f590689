from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerBotChallenge(AnswerAction):
    action_name = "action_answer_bot_challenge"

    def answer(self, tracker):
        return compose.bot_challenge(language_of(tracker))
