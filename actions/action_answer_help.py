from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerHelp(AnswerAction):
    """What the assistant is, what it is not (the disclaimer), and who to call."""

    action_name = "action_answer_help"

    def answer(self, tracker):
        return answers.help_text()
