from actions.base import AnswerAction
from actions.question import latest_question
from baclofen.answers import emergencies


class ActionAnswerEmergency(AnswerAction):
    """The emergency answer for the kind of emergency the message describes (a crisis, a child who swallowed
    tablets, a pump alarm...), the emergency number first; rules run it before anything else, also inside the form."""

    action_name = "action_answer_emergency"

    def answer(self, tracker):
        return emergencies.for_kind(latest_question(tracker).urgency)
