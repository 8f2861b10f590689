from actions.base import AnswerAction
from actions.logic import answers


class ActionAnswerIsSideEffect(AnswerAction):
    """'Can baclofen cause X?': one answer per symptom named; the full list when none was recognised."""

    action_name = "action_answer_is_side_effect"

    def answer(self, tracker):
        symptoms = list(dict.fromkeys(tracker.get_latest_entity_values("symptom")))
        if not symptoms:
            return answers.side_effects()
        return "\n".join(answers.is_side_effect(symptom) for symptom in symptoms)
