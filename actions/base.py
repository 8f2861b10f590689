"""Shared shape of the answer actions: read the tracker, ask the core for a structured answer, deliver it."""
from __future__ import annotations

import abc
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver
from actions.dose_query import person_slots, proposal_checked
from actions.question import latest_question
from baclofen.answers import concerns
from baclofen.answers.model import Answer


class AnswerAction(Action, abc.ABC):
    """An action whose whole job is one answer from baclofen.answers.compose."""

    action_name: Text = ""

    def name(self) -> Text:
        return self.action_name

    @abc.abstractmethod
    def answer(self, tracker: Tracker) -> Answer:
        """The answer to send for this turn."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        question = latest_question(tracker)
        first = self.answer(tracker)
        # A story's other concerns follow the answer to what it asks first (baclofen/answers/concerns.py); an amount
        # it proposes ("he wants to bump himself up to 120 mg") is checked among them.
        checked = ([proposal_checked(tracker, question)]
                   if question.proposed is not None and concerns.wants_proposal_checked(question, first) else [])
        deliver(dispatcher, tracker, concerns.answer_every_concern(question, first, checked))
        # What the message said of the person and the route is kept, so that a short follow-up ("and for a 10 year
        # old?") continues from it; slot mappings skip these answers' intents.
        return person_slots(question)


def latest_entity(tracker: Tracker, entity: Text) -> Optional[Any]:
    return next(tracker.get_latest_entity_values(entity), None)
