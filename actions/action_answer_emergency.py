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
        if kind == "withdrawal" and urgency.tells(text, "pump", language):
            kind = "pump"  # a pump's refill missed and a fever: the pump's answer names it
        fit = urgency.fit_told(text, language)
        if kind in ("withdrawal", "pump") and urgency.acute_told(text, language):
            # a fit, failing breath or no waking after a stop: what to do for it first, the stop as its cause
            return emergencies.for_kind("acute", language, kind, fit=fit)
        cause = urgency.cause(text, language) if kind == "acute" else None
        signs_told = kind == "pump" and urgency.pump_signs_told(text, language)
        return emergencies.for_kind(kind, language, cause, signs_told=signs_told, fit=fit)
