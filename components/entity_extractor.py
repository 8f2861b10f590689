"""Rasa 3.6 NLU component: rule-based, normalised entities for the baclofen assistant.

Referenced from config.yml as `components.entity_extractor.BaclofenEntityExtractor`. It needs no training and no
model: every message goes through baclofen.language.entities.extract(), whose values are typed where they enter
("two and a half year old" -> age 2.5 (years), "35lbs" -> weight 15.88 (kg), "Advil" -> drug "ibuprofen"), plus
the short answers the dose form takes (a bare "4" -> number 4). Rasa's RegexEntityExtractor would return the
matched text as the value ("two and a half year old", "35lbs").
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import ENTITY_ATTRIBUTE_CONFIDENCE_TYPE
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    METADATA,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from baclofen.language import entities, message_language, short_answers

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class BaclofenEntityExtractor(EntityExtractorMixin, GraphComponent):
    """Adds age, population, weight, number, amount, route, origin, drug, symptom, frequency and topic entities."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """The component's default config: none needed."""
        return {}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **(config or {})}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> BaclofenEntityExtractor:
        """Creates the component and builds the matchers once, so the first message is not slow."""
        entities.warm_up()
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training data passes through unchanged: the rules need no training."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Appends the rule-based entities of each message to the entities already there."""
        for message in messages:
            text: Optional[Text] = message.get(TEXT)
            try:
                language = message_language.of(text, message_language.hint_of(message.get(METADATA)))
                found = entities.extract(text, language) if isinstance(text, str) else []
                found += short_answers.short_answer_entities(text, found)
            except Exception:  # pragma: no cover - NLU must keep running whatever the text
                logger.exception("Rule-based entity extraction failed; continuing without its entities.")
                found = []
            rasa_entities = [
                {
                    ENTITY_ATTRIBUTE_TYPE: item["entity"],
                    ENTITY_ATTRIBUTE_START: item["start"],
                    ENTITY_ATTRIBUTE_END: item["end"],
                    ENTITY_ATTRIBUTE_VALUE: item["value"],
                    ENTITY_ATTRIBUTE_CONFIDENCE_TYPE: 1.0,  # "confidence_entity", as Rasa's extractors set it
                }
                for item in found
            ]
            self.add_extractor_name(rasa_entities)
            message.set(ENTITIES, message.get(ENTITIES, []) + rasa_entities, add_to_output=True)
        return messages
