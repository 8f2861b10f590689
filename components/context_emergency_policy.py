"""Rasa 3.6 policy: an emergency that only the last two user messages describe together ("what if someone took
30 tablets?" then "I already did"; "dad has the pump" then "he's burning up and muddled"). NLU reads one message at a
time; a policy sees the conversation. It asks baclofen.language.urgency.detect_in_context and, when it answers,
predicts the emergency answer (then, inside the dose form, the form's end, then listening) ahead of the rules.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.core.constants import POLICY_PRIORITY, RULE_POLICY_PRIORITY
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from baclofen.language import urgency

EMERGENCY_ACTION = "action_answer_emergency"
DEACTIVATE_LOOP = "action_deactivate_loop"
EMERGENCY_INTENT = "emergency"
PRIORITY = RULE_POLICY_PRIORITY + 1  # an emergency wins over any rule


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ContextEmergencyPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {POLICY_PRIORITY: PRIORITY}

    def train(self, training_trackers: List[Any], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn: the decision is the core's

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Optional[Dict[Text, Any]] = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        next_action = self._next_action(tracker)
        if next_action is not None:
            probabilities[domain.index_for_action(next_action)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def _next_action(tracker: DialogueStateTracker) -> Optional[Text]:
        done: List[Text] = []  # the actions run since the latest user message, in order
        user_messages: List[UserUttered] = []
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                user_messages.append(event)
                if len(user_messages) == 2:
                    break
            elif isinstance(event, ActionExecuted) and not user_messages:
                done.insert(0, event.action_name)
        if len(user_messages) < 2:
            return None
        latest, previous = user_messages
        if (latest.intent or {}).get("name") == EMERGENCY_INTENT:
            return None  # the rules answer it
        if not done:
            return EMERGENCY_ACTION if urgency.detect_in_context(previous.text, latest.text) else None
        if done[0] != EMERGENCY_ACTION:
            return None
        if done == [EMERGENCY_ACTION] and tracker.active_loop_name:
            return DEACTIVATE_LOOP
        return ACTION_LISTEN_NAME if done[-1] in (EMERGENCY_ACTION, DEACTIVATE_LOOP) else None
