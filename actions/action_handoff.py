from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionHandoff(AnswerAction):
    """The user asked for a person: give the hotline (channels with a phone line transfer instead)."""

    action_name = "action_handoff"

    def answer(self, tracker):
        return compose.handoff(language_of(tracker))
