from actions.base import AnswerAction
from actions.language import language_of
from baclofen.answers import compose


class ActionClarify(AnswerAction):
    """Unsure what was asked: a short question with the closest topics as buttons and the pharmacist, never a section
    chosen by guess. When the classifier heard an emergency that the rules did not, the emergency number comes
    first (components/question_reader.py marks it)."""

    action_name = "action_clarify"

    def answer(self, tracker):
        latest = tracker.latest_message or {}
        ranking = latest.get("intent_ranking") or []
        return compose.clarify([entry.get("name") for entry in ranking],
                               possible_emergency=bool(latest.get("possible_emergency")), language=language_of(tracker))
