from actions.base import AnswerAction
from baclofen.answers import compose
from baclofen.interactions import interactions_for


class ActionAnswerInteraction(AnswerAction):
    """Interactions for every medicine or drink the user named; the leaflet's classes when none was named."""

    action_name = "action_answer_interaction"

    def answer(self, tracker):
        names = list(dict.fromkeys(tracker.get_latest_entity_values("drug")))
        if not names:
            return compose.interaction_overview()
        return compose.combine([compose.interaction(interactions_for(name)) for name in names])
