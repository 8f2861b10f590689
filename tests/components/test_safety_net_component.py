"""components/safety_net.py: the learned safety net trained in `rasa train` (from the writers' corpus, here a small
one of the same shape, and the intent examples), saved as tables in the model storage and loaded back by the
server; each message gets `safety_net` (the emergency's probability) and `safety_net_fires`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.nlu.constants import TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from components.safety_net import FIRES, PROBABILITY, SafetyNet  # noqa: E402

WRITER = [("my husband is on the pump and he is burning up, confused and his legs are rigid", "emergency"),
          ("the baby chewed some of my baclofen tablets, what do I do", "emergency"),
          ("i have my pills ready and i want to end it tonight", "emergency"),
          ("she won't wake up and her breathing is very slow", "emergency"),
          ("what happens if a child swallows one of the tablets?", "near_miss"),
          ("years ago I took too many but I'm fine now, in recovery", "near_miss"),
          ("the surgeon listed infection, overdose and withdrawal as the pump's risks", "near_miss"),
          ("this spasm is killing me lol, can I take it with food", "near_miss"),
          ("what is the dose for a 6 year old?", "ordinary"),
          ("can I drive on baclofen?", "ordinary")]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "w1_test.jsonl").write_text("\n".join(
        json.dumps({"text": text, "label": label, "kind": "other", "writer": "w1_test"}) for text, label in WRITER))
    storage = LocalModelStorage(tmp_path_factory.mktemp("model_storage"))
    resource = Resource("safety_net")
    context = ExecutionContext(GraphSchema({}), "test-model")
    config = {**SafetyNet.get_default_config(), "corpus": str(corpus)}
    component = SafetyNet.create(config, storage, resource, context)
    component.train(TrainingData())
    return component, SafetyNet.load(config, storage, resource, context)


def _parsed(component, text):
    message = Message({TEXT: text})
    component.process([message])
    return message.get(PROBABILITY), message.get(FIRES)


def test_the_net_trained_in_rasa_train_is_the_three_class_one(trained):
    component, _ = trained
    assert list(component.net.model.classes_) == ["emergency", "near_miss", "ordinary"]


@pytest.mark.parametrize("text", ["my wife on the pump is boiling hot and making no sense", "can I drive on it?",
                                  "what if the pump runs out?", ""])
def test_the_loaded_net_scores_as_the_trained_one(trained, text):
    component, loaded = trained
    assert loaded.net is not None
    assert _parsed(loaded, text) == _parsed(component, text)


def test_each_message_gets_the_nets_figure_and_verdict(trained):
    _, loaded = trained
    probability, fires = _parsed(loaded, "the baby chewed some of my baclofen tablets, what do I do")
    assert 0.0 <= probability <= 1.0 and isinstance(fires, bool)
    calm, calm_fires = _parsed(loaded, "can I drive on baclofen?")
    assert calm < probability and not calm_fires
