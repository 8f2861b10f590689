"""Rasa 3.6's LogisticRegressionClassifier with its regularisation strength as configuration.

Rasa fixes scikit-learn's C at 1.0. On our features (word and character n-grams plus entity types) 5-fold
cross-validation on the training data alone preferred C = 10 (mean accuracy 0.761 at C = 1, 0.774 at C = 10,
0.775 at C = 30); the held-out file was not used to choose it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunedLogisticRegressionClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))

    def _create_X(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        """The matrix Rasa builds (per message: the sentence-level sparse features of the text in pipeline order,
        then the dense ones), assembled in one step. Rasa's version deep-copies and pairwise-stacks every feature
        matrix, sequence-level ones included, which it then discards: measured on 2 cores that was about a tenth
        of the server's CPU per message; tests/test_server_runtime.py checks both give the same matrix."""
        data: List[np.ndarray] = []
        columns: List[np.ndarray] = []
        row_ends = [0]
        width = None
        for message in messages:
            sentence = [f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE]
            offset = stored = 0
            for feature in [f for f in sentence if f.is_sparse()] + [f for f in sentence if f.is_dense()]:
                part = scipy.sparse.coo_matrix(feature.features)  # one row: the sentence
                data.append(part.data)
                columns.append(part.col + offset)
                offset += part.shape[1]
                stored += part.nnz
            if width is not None and offset != width:
                raise ValueError(f"messages have feature vectors of different sizes ({width} and {offset})")
            width = offset
            row_ends.append(row_ends[-1] + stored)
        return scipy.sparse.csr_matrix(
            (np.concatenate(data) if data else np.zeros(0), np.concatenate(columns) if columns else np.zeros(0, int),
             np.array(row_ends)),
            shape=(len(messages), width or 0),
        )
