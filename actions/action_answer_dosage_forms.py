from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerDosageForms(AnswerAction):
    action_name = "action_answer_dosage_forms"

    def answer(self, tracker):
        return compose.dosage_forms(language_of(tracker))
