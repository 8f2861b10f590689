from actions.base import AnswerAction
from baclofen.answers import compose


class ActionAnswerIsSideEffect(AnswerAction):
    """'Can baclofen cause X?': one answer per symptom named; the full list when none was recognised."""

    action_name = "action_answer_is_side_effect"

    def answer(self, tracker):
        symptoms = list(dict.fromkeys(tracker.get_latest_entity_values("symptom")))
        if not symptoms:
            return compose.side_effects()
        return compose.combine([compose.is_side_effect(symptom) for symptom in symptoms])
