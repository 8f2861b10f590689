"""Count-vector features of a message built straight from the fitted vocabulary, without sklearn's transform.

Rasa 3.6's CountVectorsFeaturizer calls `CountVectorizer.transform` twice per message and featurizer (the tokens as
a sequence, then the joined sentence), and turns each sparse result into COO. Per call, transform rebuilds its
analyser, validates its input, builds a CSR matrix and sorts it, and tocoo converts it again; with two featurizers
(words, character n-grams) this was a third of the NLU's time for a message, about 1.2 ms on 2 cores. Here the same
analyser (sklearn's own, built once per vectoriser) reads the same documents, each n-gram found in the same
`vocabulary_` is counted, and the COO matrix is made once: the same rows, columns, values, dtypes and shape as
Rasa's (tests/server_runtime). Training is untouched: server_runtime is applied by the server only.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
import scipy.sparse
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

_original = CountVectorsFeaturizer._create_features
# id(vectoriser) -> (the vectoriser, kept alive so that its id is not reused, its analyser)
_analysers: Dict[int, Tuple[Any, Any]] = {}
_INDEX_DTYPE = np.int32  # scipy's index dtype for matrices this small (a vocabulary far below 2**31)


def _analyser(vectoriser: Any) -> Any:
    known = _analysers.get(id(vectoriser))
    if known is None or known[0] is not vectoriser:
        known = _analysers[id(vectoriser)] = (vectoriser, vectoriser.build_analyzer())
    return known[1]


def _counts(vectoriser: Any, documents: List[Text]) -> scipy.sparse.coo_matrix:
    """vectoriser.transform(documents).tocoo() after sort_indices(), as Rasa makes it: one row per document, within
    a row the columns ascending."""
    analyse = _analyser(vectoriser)
    vocabulary = vectoriser.vocabulary_
    rows: List[int] = []
    columns: List[int] = []
    values: List[int] = []
    for row, document in enumerate(documents):
        counter: Dict[int, int] = {}
        for feature in analyse(document):
            index = vocabulary.get(feature)
            if index is not None:
                counter[index] = counter.get(index, 0) + 1
        for index in sorted(counter):
            rows.append(row)
            columns.append(index)
            values.append(1 if vectoriser.binary else counter[index])
    return scipy.sparse.coo_matrix(
        (np.array(values, dtype=vectoriser.dtype),
         (np.array(rows, dtype=_INDEX_DTYPE), np.array(columns, dtype=_INDEX_DTYPE))),
        shape=(len(documents), len(vocabulary)))


def _create_features(self: CountVectorsFeaturizer, attribute: Text, all_tokens: List[List[Text]]
                     ) -> Tuple[List[Optional[scipy.sparse.spmatrix]], List[Optional[scipy.sparse.spmatrix]]]:
    vectoriser = self.vectorizers.get(attribute) if self.vectorizers else None
    vocabulary = getattr(vectoriser, "vocabulary_", None)
    if vocabulary is None or len(vocabulary) >= np.iinfo(_INDEX_DTYPE).max:
        return _original(self, attribute, all_tokens)  # no vectoriser, or not fitted: Rasa's answer or error
    sequence_features: List[Optional[scipy.sparse.spmatrix]] = []
    sentence_features: List[Optional[scipy.sparse.spmatrix]] = []
    for tokens in all_tokens:
        if not tokens:
            sequence_features.append(None)
            sentence_features.append(None)
            continue
        sequence_features.append(_counts(vectoriser, tokens))
        sentence_features.append(_counts(vectoriser, [" ".join(tokens)])
                                 if attribute in DENSE_FEATURIZABLE_ATTRIBUTES else None)
    return sequence_features, sentence_features


def apply() -> None:
    from server_runtime import uses_name_at_call_time

    uses_name_at_call_time(CountVectorsFeaturizer.process, "_create_features", "count_vectors")
    CountVectorsFeaturizer._create_features = _create_features


def confirm() -> None:
    from server_runtime import RuntimeReplacementError

    if CountVectorsFeaturizer._create_features is not _create_features:
        raise RuntimeReplacementError("count_vectors: CountVectorsFeaturizer still featurizes through transform")
