from actions.base import AnswerAction, latest_entity
from actions.language import language_of
from baclofen.answers import compose


class ActionAnswerSideEffects(AnswerAction):
    """All side effects, or one frequency class when the user named it ("the rare ones")."""

    action_name = "action_answer_side_effects"

    def answer(self, tracker):
        return compose.side_effects(latest_entity(tracker, "frequency"), language_of(tracker))
