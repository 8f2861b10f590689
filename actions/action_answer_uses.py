from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerUses(AnswerAction):
    action_name = "action_answer_uses"

    def answer(self, tracker):
        return compose.uses(language_of(tracker))
