"""Shared shape of the answer actions: read the tracker, ask the logic layer for a text, send it."""
from __future__ import annotations

import abc

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.delivery import deliver


class AnswerAction(Action, abc.ABC):
    """An action whose whole job is one text from actions.logic.answers."""

    action_name: Text = ""
    answer_kind: Optional[Text] = None  # see deliver() and speech.ANSWER_KINDS

    def name(self) -> Text:
        return self.action_name

    @abc.abstractmethod
    def answer(self, tracker: Tracker) -> Text:
        """The text to send for this turn."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        deliver(dispatcher, tracker, self.answer(tracker), kind=self.answer_kind)
        return []


def latest_entity(tracker: Tracker, entity: Text) -> Optional[Text]:
    return next(tracker.get_latest_entity_values(entity), None)
