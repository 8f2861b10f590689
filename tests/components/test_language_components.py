"""The NLU components that make Vietnamese readable: the tokenizer hands the featurisers each token without its
marks (English tokens untouched), and the language reader adds the `language` entity when the message, or else the
channel's hint in the metadata, tells the language, and none when neither does (so the slot keeps its value)."""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.graph_components.converters.nlu_message_converter import NLUMessageConverter  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402
from rasa.nlu.constants import TOKENS_NAMES  # noqa: E402
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer  # noqa: E402
from rasa.shared.nlu.constants import ENTITIES, TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from components.folding_tokenizer import FoldingWhitespaceTokenizer  # noqa: E402
from components.language_reader import LanguageReader  # noqa: E402


@pytest.fixture(scope="module")
def context():
    return ExecutionContext(GraphSchema({}), "test-model")


@pytest.fixture(scope="module")
def storage(tmp_path_factory):
    return LocalModelStorage(tmp_path_factory.mktemp("model_storage"))


@pytest.fixture(scope="module")
def tokenizer(storage, context):
    return FoldingWhitespaceTokenizer.create(FoldingWhitespaceTokenizer.get_default_config(), storage,
                                             Resource("tokenizer"), context)


@pytest.fixture(scope="module")
def reader(storage, context):
    return LanguageReader.create({}, storage, Resource("language"), context)


def tokens(tokenizer, text, metadata=None):
    message = Message(data={TEXT: text, "metadata": metadata})
    tokenizer.process([message])
    return message, [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_a_vietnamese_message_is_featurised_without_marks_or_abbreviations(tokenizer):
    _, found = tokens(tokenizer, "Con tôi ko uống đc THUỐC, bé 3t")
    assert found == ["Con", "toi", "khong", "uong", "duoc", "THUOC", "be", "3 tuoi"]


def test_with_and_without_marks_the_featurisers_see_the_same_tokens(tokenizer):
    assert tokens(tokenizer, "liều cho trẻ em là bao nhiêu")[1] == tokens(tokenizer, "lieu cho tre em la bao nhieu")[1]


def test_english_tokens_are_those_of_rasas_whitespace_tokenizer(tokenizer, storage, context):
    stock = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage, Resource("stock"), context)
    for text in ["can I take it vs tizanidine, k", "my 3yo r u sure? 15 kg", "what's the dose for a child of 14 kg"]:
        message = Message(data={TEXT: text})
        stock.process([message])
        assert tokens(tokenizer, text)[1] == [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_offsets_stay_those_of_the_message(tokenizer):
    message, _ = tokens(tokenizer, "bé nặng 16 ký")
    assert [(t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT])] == [(0, 2), (3, 7), (8, 10), (11, 13)]


def test_a_decomposed_message_is_composed_first(tokenizer):
    message, found = tokens(tokenizer, unicodedata.normalize("NFD", "bé 3 tuổi"))
    assert message.get(TEXT) == "bé 3 tuổi" and found == ["be", "3", "tuoi"]


def language_entities(reader, text, metadata=None):
    message = Message(data={TEXT: text, "metadata": metadata})
    reader.process([message])
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "language"], message.get("language")


@pytest.mark.parametrize("text, found", [
    ("liều cho trẻ em là bao nhiêu", ["vi"]), ("lieu cho tre em la bao nhieu", ["vi"]), ("3 tuổi", ["vi"]),
    ("what is the dose for a child", ["en"]), ("ok", []), ("15 kg", []), ("16", []),
    ("¿puedo tomar 120 mg al día?", []),
])
def test_the_language_entity_only_when_the_message_tells(reader, text, found):
    assert language_entities(reader, text)[0] == found


def test_spanish_is_in_the_parse_data_though_not_a_slot_value(reader):
    assert language_entities(reader, "¿puedo tomar 120 mg al día?")[1] == "es"


@pytest.mark.parametrize("text, metadata, found", [
    ("ok", {"language": "vi"}, ["vi"]),  # the widget's switch: a short answer keeps to it
    ("15 kg", {"language": "vi-VN"}, ["vi"]),  # the hotline caller's choice
    ("what is the dose for a child", {"language": "vi"}, ["en"]),  # what the message says wins
    ("ok", {"language": "fr"}, []),
])
def test_the_channels_hint_in_the_metadata(reader, text, metadata, found):
    assert language_entities(reader, text, metadata)[0] == found


def test_rasa_hands_a_user_messages_metadata_to_the_nlu_components(reader):
    """How the hint arrives: Rasa 3.6's NLUMessageConverter copies UserMessage.metadata into the Message."""
    [message] = NLUMessageConverter.create({}, None, None, None).convert_user_message(
        [UserMessage("ok", metadata={"language": "vi"})])
    reader.process([message])
    assert [e["value"] for e in message.get(ENTITIES) if e["entity"] == "language"] == ["vi"]
