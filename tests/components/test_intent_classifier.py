"""components/intent_classifier.py, a full component: the same matrix and the same predictions as Rasa's
LogisticRegressionClassifier with the same settings (C aside, which Rasa fixes at 1), and it persists and loads."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse


def _message_with_features(seed: int):
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    rng = np.random.default_rng(seed)
    message = Message(data={"text": "x"})
    for origin, width in (("words", 30), ("chars", 200), ("entity_types", 7)):
        message.add_features(Features(scipy.sparse.random(3, width, density=0.3, format="coo", random_state=seed),
                                      "sequence", "text", origin))
        message.add_features(Features(scipy.sparse.random(1, width, density=0.3, format="coo", random_state=seed + 1),
                                      "sentence", "text", origin))
    message.add_features(Features(rng.random((1, 5)), "sentence", "text", "dense"))
    message.add_features(Features(scipy.sparse.random(1, 4, density=0.5, format="coo"), "sentence", "intent", "other"))
    return message


def test_feature_matrix_is_rasas_matrix():
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    from components.intent_classifier import TunedLogisticRegressionClassifier

    messages = [_message_with_features(seed) for seed in range(40)]
    stock = LogisticRegressionClassifier._create_X(None, messages)
    ours = TunedLogisticRegressionClassifier.feature_matrix(messages)
    assert ours.shape == stock.shape == (40, 30 + 200 + 7 + 5)
    assert (ours != stock).nnz == 0
    one = TunedLogisticRegressionClassifier.feature_matrix(messages[:1])
    assert (one != LogisticRegressionClassifier._create_X(None, messages[:1])).nnz == 0


def test_feature_matrix_refuses_rows_of_different_width():
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    from components.intent_classifier import TunedLogisticRegressionClassifier

    short = Message(data={"text": "y"})
    short.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 3))), "sentence", "text", "words"))
    with pytest.raises(ValueError, match="different sizes"):
        TunedLogisticRegressionClassifier.feature_matrix([_message_with_features(1), short])


def _training_data(n_per_intent: int = 25):
    from rasa.shared.nlu.training_data.training_data import TrainingData

    messages = []
    for index, intent in enumerate(("greet", "ask_dose", "ask_uses")):
        for seed in range(n_per_intent):
            message = _message_with_features(100 * index + seed)
            message.set("intent", intent)
            message.set("text", f"{intent} {seed}")
            messages.append(message)
    return TrainingData(messages)


def test_predicts_what_rasas_classifier_predicts_trained_alike(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier

    from components.intent_classifier import TunedLogisticRegressionClassifier

    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = {"C": 1.0, "max_iter": 1000}
    ours = TunedLogisticRegressionClassifier.create(config, storage, Resource("ours"), context)
    stock = LogisticRegressionClassifier.create({"max_iter": 1000}, storage, Resource("stock"), context)
    data = _training_data()
    ours.train(data)
    stock.train(data)
    probe = [_message_with_features(seed) for seed in range(500, 520)]
    copies = [_message_with_features(seed) for seed in range(500, 520)]
    ours.process(probe)
    stock.process(copies)
    for a, b in zip(probe, copies):
        assert a.get("intent")["name"] == b.get("intent")["name"]
        assert [r["name"] for r in a.get("intent_ranking")] == [r["name"] for r in b.get("intent_ranking")]
        assert a.get("intent")["confidence"] == pytest.approx(b.get("intent")["confidence"])
    loaded = TunedLogisticRegressionClassifier.load(config, storage, Resource("ours"), context)
    again = [_message_with_features(seed) for seed in range(500, 520)]
    loaded.process(again)
    assert [m.get("intent") for m in again] == [m.get("intent") for m in probe]


def test_c_is_configuration():
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.resource import Resource

    from components.intent_classifier import TunedLogisticRegressionClassifier

    component = TunedLogisticRegressionClassifier.create({"C": 10}, None, Resource("x"),
                                                         ExecutionContext(GraphSchema({}), "t"))
    assert component.clf.C == 10.0 and component.clf.class_weight == "balanced"


VIETNAMESE_TEXTS = ["liều cho trẻ em là bao nhiêu", "thuốc này dùng để làm gì", "xin chào bạn nhé"]


def _with_vietnamese(data):
    """The same examples, and Vietnamese ones (with features of their own) for two of the intents."""
    from rasa.shared.nlu.training_data.training_data import TrainingData

    extra = []
    for index, intent in enumerate(("ask_dose", "ask_uses", "greet")):
        for seed in range(10):
            message = _message_with_features(900 + 50 * index + seed)
            message.set("intent", intent)
            message.set("text", VIETNAMESE_TEXTS[index])
            extra.append(message)
    return TrainingData(list(data.training_examples) + extra)


def test_vietnamese_examples_leave_the_english_predictions_exactly_as_they_were(tmp_path):
    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from components.intent_classifier import TunedLogisticRegressionClassifier

    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    english = TunedLogisticRegressionClassifier.create({"max_iter": 1000}, storage, Resource("en"), context)
    both = TunedLogisticRegressionClassifier.create({"max_iter": 1000}, storage, Resource("both"), context)
    english.train(_training_data())
    both.train(_with_vietnamese(_training_data()))
    assert english.vietnamese_clf is None and both.vietnamese_clf is not None
    probe, copies = ([_message_with_features(seed) for seed in range(600, 620)] for _ in range(2))
    for message in probe + copies:
        message.set("text", "what is the dose for a child")
    english.process(probe)
    both.process(copies)
    assert [m.get("intent_ranking") for m in probe] == [m.get("intent_ranking") for m in copies]
    # a Vietnamese message gets the Vietnamese model, which knows only the intents it has examples of
    vietnamese = _message_with_features(700)
    vietnamese.set("text", "bé 3 tuổi uống liều bao nhiêu")
    both.process([vietnamese])
    assert {r["name"] for r in vietnamese.get("intent_ranking")} == {"ask_dose", "ask_uses", "greet"}
    loaded = TunedLogisticRegressionClassifier.load({"max_iter": 1000}, storage, Resource("both"), context)
    assert loaded.vietnamese_clf is not None


def test_weights_laid_out_for_prediction_give_exactly_the_probabilities_as_trained(tmp_path):
    import copy

    from rasa.engine.graph import ExecutionContext, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from components.intent_classifier import TunedLogisticRegressionClassifier

    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    ours = TunedLogisticRegressionClassifier.create({"C": 1.0, "max_iter": 1000}, storage, Resource("ours"), context)
    ours.train(_training_data())
    as_trained = copy.deepcopy(ours.clf)
    as_trained.coef_ = np.ascontiguousarray(as_trained.coef_)
    loaded = TunedLogisticRegressionClassifier.load({"C": 1.0, "max_iter": 1000}, storage, Resource("ours"), context)
    assert ours.clf.coef_.flags["F_CONTIGUOUS"] and loaded.clf.coef_.flags["F_CONTIGUOUS"]
    matrix = TunedLogisticRegressionClassifier.feature_matrix([_message_with_features(s) for s in range(500, 540)])
    expected = as_trained.predict_proba(matrix)
    assert np.array_equal(ours.clf.predict_proba(matrix), expected)
    assert np.array_equal(loaded.clf.predict_proba(matrix), expected)
