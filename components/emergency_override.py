"""Rasa 3.6 NLU component, last in the pipeline: safety over statistics.

When baclofen.language.emergency finds an emergency in the text, the intent becomes `emergency` (confidence 1.0)
whatever the classifier or the fallback said, so the rules give the emergency answer first. The classifier's own
guess stays in the ranking, and `emergency_override` in the parse result says the rule fired.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from baclofen.language.emergency import is_emergency

EMERGENCY_INTENT = "emergency"
INTENT_RANKING = "intent_ranking"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EmergencyOverride(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EmergencyOverride":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if not is_emergency(message.get(TEXT)):
                continue
            intent = message.get(INTENT) or {}
            if intent.get(INTENT_NAME_KEY) == EMERGENCY_INTENT:
                continue
            top = {INTENT_NAME_KEY: EMERGENCY_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING) or [] if r.get(INTENT_NAME_KEY) != EMERGENCY_INTENT]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING, [top] + ranking, add_to_output=True)
            message.set("emergency_override", True, add_to_output=True)
        return messages
