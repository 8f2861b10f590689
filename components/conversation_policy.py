"""The base of this project's Rasa 3.6 policies that read the conversation rather than one message (NLU reads one
message at a time; a policy sees the events): the boilerplate of a policy that learns nothing, and one walk back over
the events to the last two user messages. A subclass says only which action comes next, or None.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

# Above the rules; of two such policies with equal predictions, the first listed in config.yml wins (Rasa's
# ensemble keeps the first).
PRIORITY = RULE_POLICY_PRIORITY + 1


@dataclass(frozen=True)
class RecentTurns:
    """The latest user message, the one before it, and the actions run after each (action_listen left out)."""

    latest: Optional[UserUttered]
    previous: Optional[UserUttered]
    done: Tuple[Text, ...]       # since the latest user message, in order
    answered: Tuple[Text, ...]   # between the previous user message and the latest, in order


def recent_turns(tracker: DialogueStateTracker) -> RecentTurns:
    done: List[Text] = []
    answered: List[Text] = []
    users: List[UserUttered] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            users.append(event)
            if len(users) == 2:
                break
        elif isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            (done if not users else answered).insert(0, event.action_name)
    return RecentTurns(users[0] if users else None, users[1] if len(users) == 2 else None, tuple(done),
                       tuple(answered))


class ConversationPolicy(Policy):
    """Predicts `next_action(tracker)` with certainty, at a priority above the rules; nothing otherwise."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {POLICY_PRIORITY: PRIORITY}

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the decision is the core's

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        next_action = self.next_action(tracker)
        if next_action is not None:
            probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(probabilities)

    def next_action(self, tracker: DialogueStateTracker) -> Optional[Text]:
        raise NotImplementedError
