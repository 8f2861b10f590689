from actions.base import AnswerAction
from actions.logic import answers


class ActionHandoff(AnswerAction):
    """The user asked for a person: give the hotline (channels with a phone line transfer instead)."""

    action_name = "action_handoff"
    answer_kind = "handoff"

    def answer(self, tracker):
        return answers.handoff()
