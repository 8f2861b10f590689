"""Rasa 3.6 policy: a short follow-up ("surely one small glass would be alright?", "and if he doesn't respond at 100
micrograms?") is answered by the same answer as the question before it, read with that question
(baclofen/language/follow_up.py decides; actions/question.py reads the follow-up with the question before it, by
the same function). NLU reads one message at a time; a policy sees the conversation.

Below the context emergency policy, above the rules: the rules would answer the follow-up alone (a question back,
"I only answer about baclofen", the side-effect list). Not inside a form (the dose form reads its own answers).
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from baclofen.language import follow_up
from baclofen.language.question import Question

# Above the rules; the same as the context emergency policy, which is listed first in config.yml and so wins a tie
# (Rasa's ensemble keeps the first of equal predictions).
PRIORITY = RULE_POLICY_PRIORITY + 1


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextFollowUpPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {POLICY_PRIORITY: PRIORITY}

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the decision is the core's

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        next_action = next_action_for(tracker)
        if next_action is not None:
            probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(probabilities)


def next_action_for(tracker: DialogueStateTracker) -> Optional[Text]:
    if tracker.active_loop_name:
        return None
    done, latest, previous, answered_with = _turns(tracker)
    if latest is None or previous is None:
        return None
    if not _follows(latest, previous, answered_with):
        return None
    answer = follow_up.answer_for(answered_with, _question(latest))
    # the follow-up was answered: listen (only after this policy's own answer)
    return (ACTION_LISTEN_NAME if done == [answer] else None) if done else answer


def _follows(latest: UserUttered, previous: UserUttered, answered_with: Optional[Text]) -> bool:
    if (latest.intent or {}).get("name") == "emergency":
        return False
    return follow_up.in_context(_question(previous), answered_with, _question(latest), latest.text or "") is not None


def _question(message: UserUttered) -> Question:
    return Question.from_dict((message.parse_data or {}).get("question"))


def _turns(tracker: DialogueStateTracker) -> Tuple[List[Text], Optional[UserUttered], Optional[UserUttered],
                                                    Optional[Text]]:
    """The actions run since the latest user message, the latest and the previous user messages, and the first
    answer a follow-up may go on from given to the previous one (after the dose form: the dose)."""
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
    latest = users[0] if users else None
    previous = users[1] if len(users) == 2 else None
    followed = [name for name in answered if name in follow_up.FOLLOWED_ANSWERS]
    return done, latest, previous, (followed[0] if followed else None)
