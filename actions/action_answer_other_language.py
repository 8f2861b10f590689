from actions.base import AnswerAction
from actions.question import latest_question
from baclofen.answers import compose


class ActionAnswerOtherLanguage(AnswerAction):
    """A question in another language (emergencies are recognised in Spanish and Vietnamese before this)."""

    action_name = "action_answer_other_language"

    def answer(self, tracker):
        return compose.other_language(latest_question(tracker).language)
