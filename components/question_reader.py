"""Rasa 3.6 NLU component, last in the pipeline: each message read once into a typed question, and the rules'
decision over the classifier's guess where the rules are sure (an emergency above all).

It puts the typed question (baclofen.language.question) in the parse data under "question", where the actions
read it; keeps the person's entities apart from populations only referred to ("the adult dose" gets the role
"reference", which no slot mapping takes) and drops an age the message corrects ("7, not 4"); and, when
baclofen.language.intents decides, sets that intent (confidence 1.0) ahead of the classifier's ranking, which is
kept. `question_decided` in the parse result says the rules decided.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from baclofen.language import intents, question

logger = logging.getLogger(__name__)

INTENT_RANKING = "intent_ranking"
QUESTION = "question"
POSSIBLE_EMERGENCY = "possible_emergency"
POSSIBLE_EMERGENCY_KIND = "possible_emergency_kind"  # urgency.leaning: "crisis" or None
SAFETY_NET_FIRES = "safety_net_fires"  # components/safety_net.py
LANGUAGE = "language"  # components/language_reader.py


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionReader(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "QuestionReader":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            entities = message.get(ENTITIES) or []
            language = message.get(LANGUAGE)  # components/language_reader.py: the message's, or the channel's hint
            try:
                read = question.read(text, entities, language)
            except Exception:  # pragma: no cover - NLU must go on whatever the text; the emergency check is separate
                logger.exception("Reading the question failed; the classifier's intent stands.")
                read = question.Question(urgency=question.urgency.detect(text, language))
            message.set(QUESTION, read.as_dict(), add_to_output=True)
            message.set(ENTITIES, question.person_entities(text, entities, read), add_to_output=True)
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            decided = intents.decide(read, current, text)
            if decided is None and current == intents.EMERGENCY:
                # The classifier hears an emergency the rules do not: never silently dropped. The question back
                # opens with the emergency number (actions/action_clarify.py).
                decided = intents.NLU_FALLBACK
                message.set(POSSIBLE_EMERGENCY, True, add_to_output=True)
            elif not read.urgency and message.get(SAFETY_NET_FIRES):
                # Only the learned safety net hears an emergency: the answer to what was asked, opening with the
                # emergency number (actions/delivery.py).
                message.set(POSSIBLE_EMERGENCY, True, add_to_output=True)
                message.set(POSSIBLE_EMERGENCY_KIND, question.urgency.leaning(text, language), add_to_output=True)
            if decided is None or decided == current:
                continue
            top = {INTENT_NAME_KEY: decided, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [r for r in message.get(INTENT_RANKING) or [] if r.get(INTENT_NAME_KEY) != decided]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING, [top] + ranking, add_to_output=True)
            message.set("question_decided", True, add_to_output=True)
        return messages
