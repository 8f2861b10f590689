"""Rasa 3.6 NLU component: tells the intent classifier which kinds of entity a message mentions.

"can I have beer on baclofen" and "can I take Advil with it" share few words, but both name a drug; "is feeling
dizzy normal" names a symptom. One sparse column per entity type of baclofen.language.entities lets the linear
intent classifier learn that, instead of learning every drug and symptom word. Measured on the held-out NLU
file: see README (NLU section).
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from baclofen.language import entities

COLUMNS = {name: index for index, name in enumerate(entities.FEATURE_TYPES)}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class EntityTypeFeaturizer(SparseFeaturizer, GraphComponent):
    """Sentence feature: 1 in the column of every entity type found in the text (sequence features are zero)."""

    @classmethod
    def required_components(cls) -> List[type]:
        return [Tokenizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**SparseFeaturizer.get_default_config()}

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Nothing to validate: the component has no options of its own."""

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "EntityTypeFeaturizer":
        entities.warm_up()
        return cls({**cls.get_default_config(), **config}, execution_context.node_name)

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            tokens = message.get(TOKENS_NAMES[TEXT])
            if not isinstance(text, str) or not tokens:
                continue  # e.g. a training example for responses only
            sentence = np.zeros((1, len(COLUMNS)), dtype=np.float32)
            for entity in entities.extract(text):
                sentence[0, COLUMNS[entities.FEATURE_OF.get(entity["entity"], entity["entity"])]] = 1.0
            sequence = scipy.sparse.coo_matrix((len(tokens), len(COLUMNS)), dtype=np.float32)
            self.add_features_to_message(sequence, scipy.sparse.coo_matrix(sentence), TEXT, message)
        return messages
