"""Rasa 3.6 NLU component: the learned emergency safety net (baclofen.language.safety_net), trained with the model
on the writers' corpus (corpora/safety_net/) and run on every message before the question reader.

It adds `safety_net` (the probability that the message describes an emergency now), `safety_net_fires` and
`safety_net_crisis` (what it hears leans to a crisis) to the parse data; components/question_reader.py decides what follows (the rules first; when only the net fires, the reply
opens with the emergency number, then answers).
"""
from __future__ import annotations

import hashlib
import json
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
CRISIS = "safety_net_crisis"  # the emergency it hears leans to a crisis
LEANS_TO_CRISIS = "safety_net_leans_to_crisis"  # of what little or much it hears, a crisis is the larger share
CRISIS_SHARE = "safety_net_crisis_share"  # of the emergency it may hear, the crisis's share (None below its threshold)
NET_FILE = "safety_net.json"  # tables, not pickles: small to store and to load


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
        corpus = Path(config.get("corpus") or safety_net.CORPUS_DIR)
        # what the net learns from, and the code that makes its features: a change in any retrains it
        language = Path(safety_net.__file__).parent
        inputs = [*sorted(corpus.glob("*.jsonl")), *sorted(safety_net.NLU_DIR.glob("*.yml")),
                  language / "safety_net.py", language / "concepts.py", language / "normalise.py",
                  language / "detect.py", language / "abbreviations.yml", language / "vocabulary.yml",
                  *sorted((language / "lexicon").glob("*.yml")), language / "lexicon" / "english_words.txt.gz"]
        for path in inputs:
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
            fires = self.net.decide(whole, window, len(text)) and safety_net.has_footing(text)
            message.set(FIRES, fires, add_to_output=True)
            lean = self.net.crisis_share(text)  # the logits are kept: no second scoring
            message.set(LEANS_TO_CRISIS, lean >= safety_net.CRISIS_SHARE, add_to_output=True)  # never doubted
            # the share also weighs the kind of an emergency the rules hear (safety_net.kind_heard); below the net's
            # own threshold it says nothing
            share = lean if max(whole, window) >= safety_net.DEFAULT_THRESHOLD else None
            message.set(CRISIS_SHARE, share, add_to_output=True)
            message.set(CRISIS, fires and share is not None and share >= safety_net.CRISIS_SHARE, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # the net's own corpus trains it; the intent examples need nothing from it

    def _persist(self) -> None:
        with self._model_storage.write_to(self._resource) as directory:
            (directory / NET_FILE).write_text(json.dumps(self.net.as_data()), encoding="utf-8")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyNet":
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / NET_FILE).read_text(encoding="utf-8"))
            net = safety_net.SafetyNet.from_data(data)
            safety_net.warm_up()  # the net reads every message into concepts: their lexicons before the first one
        except (ValueError, KeyError, OSError) as error:
            logger.warning(f"No trained safety net to load ({error}); the emergency rules alone decide.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, net)
