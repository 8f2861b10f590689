from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerHelp(AnswerAction):
    """What the assistant is, what it is not (the disclaimer), and who to call."""

    action_name = "action_answer_help"

    def answer(self, tracker):
        return compose.help_text(language_of(tracker))
