"""Rasa 3.6 NLU component: the language of each message, for the `language` slot and the rules after it.

When the message tells its language (baclofen.language.detect: a Vietnamese letter, or three words or more), or
else the channel sends a hint in the message's metadata (`metadata.language`: the widget's switch, the hotline
caller's choice; Rasa 3.6 hands a UserMessage's metadata to the NLU graph as the Message's "metadata"), it adds the
entity `language` ("en" or "vi"), which domain.yml maps into the slot `language`. When neither tells ("ok",
"15 kg") it adds none, so the slot keeps the conversation's language. It also puts the message's language ("en",
"vi", "es" or None) in the parse data under `language`, where components/question_reader.py reads it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import ENTITY_ATTRIBUTE_CONFIDENCE_TYPE
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (ENTITIES, ENTITY_ATTRIBUTE_END, ENTITY_ATTRIBUTE_START,
                                       ENTITY_ATTRIBUTE_TYPE, ENTITY_ATTRIBUTE_VALUE, METADATA, TEXT)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from baclofen.language import message_language

LANGUAGE = "language"  # the entity, the slot and the parse data's key


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageReader(EntityExtractorMixin, GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageReader":
        message_language.warm_up()  # lingua's models once, before the first message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # nothing is learned from it

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            hint = message_language.hint_of(message.get(METADATA))
            message.set(LANGUAGE, message_language.of(text, hint), add_to_output=True)
            for_slot = message_language.for_slot(text, hint)
            if for_slot is None:
                continue
            entity = {ENTITY_ATTRIBUTE_TYPE: LANGUAGE, ENTITY_ATTRIBUTE_VALUE: for_slot, ENTITY_ATTRIBUTE_START: 0,
                      ENTITY_ATTRIBUTE_END: 0, ENTITY_ATTRIBUTE_CONFIDENCE_TYPE: 1.0}
            self.add_extractor_name([entity])
            message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)
        return messages
