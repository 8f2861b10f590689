from actions.base import AnswerAction
from actions.question import latest_question
from actions.language import language_of
from baclofen.answers import emergencies
from baclofen.language import urgency


class ActionAnswerEmergency(AnswerAction):
    """The emergency answer for the kind of emergency the message describes (a crisis, a child who swallowed
    tablets, a pump alarm...), the emergency number first; rules run it before anything else, also inside the form."""

    action_name = "action_answer_emergency"

    def answer(self, tracker):
        kind = latest_question(tracker).urgency
        text = (tracker.latest_message or {}).get("text")
        if kind is None:  # said across the last two messages (components/context_emergency_policy.py)
            said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"][-2:]
            kind = urgency.detect_in_context(*said) if len(said) == 2 else None
        language = language_of(tracker)
        cause = urgency.cause(text, language) if kind == "acute" else None
        return emergencies.for_kind(kind, language, cause)
