"""The Rasa NLU component around the rule-based entity extraction (components/entity_extractor.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.recipes.default_recipe import DefaultV1Recipe  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.nlu.extractors.regex_entity_extractor import RegexEntityExtractor  # noqa: E402
from rasa.shared.nlu.constants import ENTITIES, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

from baclofen.quantities import KG_PER_LB  # noqa: E402
from components.entity_extractor import BaclofenEntityExtractor  # noqa: E402

CONFIG_PATH = "components.entity_extractor.BaclofenEntityExtractor"


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("model_storage"))


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test-model")


@pytest.fixture(scope="module")
def extractor(storage, context):
    return BaclofenEntityExtractor.create({}, storage, Resource("baclofen_entities"), context)


def run(extractor, text):
    message = Message(data={TEXT: text})
    extractor.process([message])
    return message


def by_type(message):
    return {e["entity"]: e["value"] for e in message.get(ENTITIES)}


def test_registered_as_entity_extractor_under_its_config_path():
    registered = DefaultV1Recipe._from_registry(CONFIG_PATH)
    assert registered.clazz is BaclofenEntityExtractor
    assert DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR in registered.types
    assert registered.is_trainable is False


def test_normalised_age_and_weight(extractor):
    text = "two and a half year old weighing 35 lb"
    message = run(extractor, text)
    entities = message.get(ENTITIES)
    assert [(e["entity"], e["value"]) for e in entities] == [("age", 2.5), ("weight", pytest.approx(35 * KG_PER_LB))]
    for entity in entities:
        assert entity["extractor"] == "BaclofenEntityExtractor"
        assert entity["confidence_entity"] == 1.0
        assert text[entity["start"] : entity["end"]] in ("two and a half year old", "35 lb")
    # marked for Rasa's parse output, not only stored on the message
    assert ENTITIES in message.output_properties


def test_brand_names_typos_and_alcohol(extractor):
    message = run(extractor, "can my 3yo (14kg) take it with nurofin or a glass of wine?")
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [
        ("age", 3.0),
        ("weight", 14.0),
        ("drug", "ibuprofen"),
        ("drug", "alcohol"),
    ]


def test_appends_to_entities_of_earlier_extractors(extractor):
    earlier = {"entity": "drug", "value": "x", "start": 0, "end": 1, "extractor": "DIETClassifier"}
    message = Message(data={TEXT: "is drowsiness common?", ENTITIES: [earlier]})
    extractor.process([message])
    entities = message.get(ENTITIES)
    assert entities[0] == earlier
    assert [(e["entity"], e["value"]) for e in entities[1:]] == [("symptom", "sleepiness"), ("frequency", "common")]


def test_several_messages_and_empty_ones(extractor):
    messages = [Message(data={TEXT: "by mouth"}), Message(data={TEXT: ""}), Message(data={}), Message(data={TEXT: "🙂"})]
    extractor.process(messages)
    assert by_type(messages[0]) == {"route": "oral"}
    assert [m.get(ENTITIES) for m in messages[1:]] == [[], [], []]


def test_process_training_data_returns_it_unchanged(extractor):
    examples = [Message(data={TEXT: "my son is 4", "intent": "inform"})]
    training_data = TrainingData(training_examples=examples)
    assert extractor.process_training_data(training_data) is training_data
    assert examples[0].get(ENTITIES) is None


def test_what_it_adds_over_rasas_regex_entity_extractor(storage, context, extractor):
    """A regex/lookup extractor returns the matched text; the rules return values the dialogue can use."""
    examples = [
        Message(
            data={
                TEXT: "she is 3 years old and 14 kg",
                "intent": "inform",
                ENTITIES: [
                    {"entity": "age", "start": 7, "end": 18, "value": "3 years old"},
                    {"entity": "weight", "start": 23, "end": 28, "value": "14 kg"},
                ],
            }
        )
    ]
    training_data = TrainingData(
        training_examples=examples,
        regex_features=[
            {"name": "age", "pattern": r"\b\d+(?:\.\d+)?\s*(?:years?|yrs?|yo)\b(?:\s*old)?"},
            {"name": "weight", "pattern": r"\b\d+(?:\.\d+)?\s*(?:kg|kgs|kilos?|lbs?|pounds?)\b"},
        ],
    )
    regex = RegexEntityExtractor.create({}, storage, Resource("regex"), context)
    regex.train(training_data)

    text = "my 3yo weighs 35lbs, or two and a half year old of 35 pounds"
    from_regex = run(regex, text).get(ENTITIES)
    from_rules = run(extractor, text).get(ENTITIES)

    # Rasa's regex extractor: raw text as value, no word numbers
    assert sorted(e["value"] for e in from_regex) == ["35 pounds", "35lbs", "3yo"]
    # the rule-based component: one normalised value per kind, word numbers understood
    assert [(e["entity"], e["value"]) for e in from_rules] == [
        ("age", 3.0),
        ("weight", pytest.approx(35 * KG_PER_LB)),
        ("age", 2.5),
        ("weight", pytest.approx(35 * KG_PER_LB)),
    ]


def test_short_answers_to_the_dose_form_are_typed_where_they_enter(extractor):
    assert [(e["entity"], e["value"]) for e in run(extractor, "about two and a half").get(ENTITIES)] == [("number", 2.5)]
    assert [(e["entity"], e["value"]) for e in run(extractor, "mouth").get(ENTITIES)] == [("route", "oral")]
    assert [(e["entity"], e["value"]) for e in run(extractor, "adult").get(ENTITIES)] == [("population", "adult")]
    # a number inside a sentence is not an answer
    assert run(extractor, "can I take 4 of them with a glass of water").get(ENTITIES) == []
