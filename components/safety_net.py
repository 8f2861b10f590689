"""Rasa 3.6 NLU component: the learned emergency safety net (baclofen.language.safety_net), trained with the model
on the writers' corpus (corpora/safety_net/) and run on every message before the question reader.

It adds `safety_net` (the probability that the message describes an emergency now) and `safety_net_fires` to the
parse data; components/question_reader.py decides what follows (the rules first; when only the net fires, the reply
opens with the emergency number, then answers).
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from baclofen.language import safety_net

logger = logging.getLogger(__name__)

PROBABILITY = "safety_net"
FIRES = "safety_net_fires"
_PARTS = ("words", "chars", "ideas", "model")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafetyNet(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"corpus": str(safety_net.CORPUS_DIR), "threshold": safety_net.DEFAULT_THRESHOLD}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The corpus is not Rasa training data: its content goes into the fingerprint, so a changed corpus
        retrains the net."""
        digest = hashlib.sha256()
        for path in sorted(Path(config.get("corpus") or safety_net.CORPUS_DIR).glob("*.jsonl")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 net: Optional[safety_net.SafetyNet] = None) -> None:
        self.config = {**self.get_default_config(), **config}
        self.net = net
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyNet":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        self.net = safety_net.train(Path(self.config["corpus"]), float(self.config["threshold"]))
        self._persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self.net is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str):
                continue
            whole, window = self.net.scores(text)
            message.set(PROBABILITY, round(max(whole, window), 3), add_to_output=True)
            message.set(FIRES, self.net.decide(whole, window) and safety_net.has_footing(text), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # the net's own corpus trains it; the intent examples need nothing from it

    def _persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump({name: getattr(self.net, name) for name in _PARTS}
                     | {"threshold": self.net.threshold, "window_threshold": self.net.window_threshold},
                     directory / "safety_net.skops")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyNet":
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / "safety_net.skops"
                untrusted = sio.get_untrusted_types(file=path)
                unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
                if unexpected:
                    raise ValueError(f"unexpected types in {path}: {unexpected}")
                parts = sio.load(path, trusted=untrusted)
        except ValueError as error:
            logger.warning(f"No trained safety net to load ({error}); the emergency rules alone decide.")
            return cls(config, model_storage, resource)
        net = safety_net.SafetyNet(float(parts["threshold"]), window_threshold=float(parts["window_threshold"]))
        for name in _PARTS:
            setattr(net, name, parts[name])
        net._scorer = None
        return cls(config, model_storage, resource, net)
