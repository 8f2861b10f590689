from typing import Optional

from actions.base import AnswerAction
from actions.language import language_of
from actions.question import latest_question
from baclofen.answers import compose
from baclofen.language.question import Question


class ActionClarify(AnswerAction):
    """Unsure what was asked: a short question with the closest topics as buttons and the pharmacist, never a section
    chosen by guess. When the classifier heard an emergency that the rules did not, the emergency number comes
    first (components/question_reader.py marks it)."""

    action_name = "action_clarify"

    def answer(self, tracker):
        latest = tracker.latest_message or {}
        ranking = latest.get("intent_ranking") or []
        return compose.clarify([entry.get("name") for entry in ranking],
                               possible_emergency=bool(latest.get("possible_emergency")), language=language_of(tracker),
                               not_found=_found_nothing(latest_question(tracker)))


def _found_nothing(question: Question) -> Optional[str]:
    """The message's question as said back, when it asks one thing and names nothing the leaflet answers ("Is luban
    water ok with his baclofen?"); None when a part of it was understood or it asks nothing."""
    parts = question.asked_parts
    if len(parts) != 1:
        return None
    return parts[0].not_understood
