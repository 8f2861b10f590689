from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerDosageForms(AnswerAction):
    action_name = "action_answer_dosage_forms"

    def answer(self, tracker):
        return answers.dosage_forms()
