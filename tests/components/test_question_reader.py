"""components/question_reader.py with the safety net's figure in the parse data: the rules' emergency stands unless
the net all but rules it out (below safety_net.DOUBT_BELOW), and a crisis stands whatever the net says."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from rasa.engine.graph import ExecutionContext, GraphSchema  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402
from rasa.shared.nlu.constants import TEXT  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from baclofen.language import safety_net  # noqa: E402
from components.question_reader import DOUBTED_EMERGENCY, QUESTION, SAFETY_NET_PROBABILITY, QuestionReader  # noqa: E402

POISONING = "my 3 year old just chewed some of his nan's baclofen tablets, what do I do"
CRISIS = "I have saved up all my baclofen and tonight I want to take them all and not wake up"


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    return QuestionReader.create({}, LocalModelStorage(tmp_path_factory.mktemp("storage")), Resource("reader"),
                                 ExecutionContext(GraphSchema({}), "test"))


def _read(reader, text, probability):
    message = Message({TEXT: text})
    if probability is not None:
        message.set(SAFETY_NET_PROBABILITY, probability)
    reader.process([message])
    return message


@pytest.mark.parametrize("probability", [None, safety_net.DOUBT_BELOW, 0.5])
def test_the_rules_emergency_stands_unless_the_net_all_but_rules_it_out(reader, probability):
    message = _read(reader, POISONING, probability)
    assert message.get(QUESTION)["urgency"] == "poisoning"
    assert message.get(DOUBTED_EMERGENCY) is None


def test_below_the_doubt_the_message_is_answered_as_asked_and_the_kind_is_kept(reader):
    message = _read(reader, POISONING, safety_net.DOUBT_BELOW / 2)
    assert message.get(QUESTION)["urgency"] is None
    assert message.get(DOUBTED_EMERGENCY) == "poisoning"


def test_a_message_in_a_language_the_net_never_learned_is_not_doubted(reader):
    message = _read(reader, "mi hijo de 2 años se tomó unas pastillas de baclofeno de su abuela", 0.0)
    assert message.get(QUESTION)["urgency"] == "poisoning" and message.get(DOUBTED_EMERGENCY) is None


def test_a_crisis_is_never_doubted(reader):
    message = _read(reader, CRISIS, 0.0)
    assert message.get(QUESTION)["urgency"] == "crisis" and message.get(DOUBTED_EMERGENCY) is None


# The classifier's emergency guess, which neither the rules nor the net hear
DOSE_IN_OWN_WORDS = "Doctor say baclofen 15 mg in one day. Is better take 5 mg three times or one 15 mg in morning?"


def _guessed_emergency(reader, net_fires, next_guess=("ask_dose", 0.45)):
    from rasa.shared.nlu.constants import INTENT
    from components.question_reader import INTENT_RANKING, POSSIBLE_EMERGENCY, SAFETY_NET_FIRES
    message = Message({TEXT: DOSE_IN_OWN_WORDS})
    ranking = [{"name": "emergency", "confidence": 0.5}, {"name": next_guess[0], "confidence": next_guess[1]}]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING, ranking)
    if net_fires is not None:
        message.set(SAFETY_NET_FIRES, net_fires)
    reader.process([message])
    return message.get(INTENT)["name"], message.get(POSSIBLE_EMERGENCY)


def test_an_emergency_only_the_classifier_hears_is_overruled_by_a_silent_net(reader):
    assert _guessed_emergency(reader, net_fires=False) == ("ask_dose", None)
    assert _guessed_emergency(reader, net_fires=False, next_guess=("out_of_scope", 0.1)) == ("nlu_fallback", None)


def test_without_a_net_the_classifiers_emergency_is_never_dropped(reader):
    assert _guessed_emergency(reader, net_fires=None) == ("nlu_fallback", True)


def test_what_only_the_net_hears_is_answered_as_the_crisis_it_leans_to(reader):
    from components.question_reader import POSSIBLE_EMERGENCY, POSSIBLE_EMERGENCY_KIND, SAFETY_NET_CRISIS, SAFETY_NET_FIRES
    told = "the tour is off, the flat is gone, i keep doing the sums on the tablets in the drawer"
    for crisis, probability, kind in ((True, 0.9, "crisis"), (True, 0.4, "possible_crisis"), (False, 0.9, None)):
        message = Message({TEXT: told})
        message.set(SAFETY_NET_FIRES, True)
        message.set(SAFETY_NET_PROBABILITY, probability)
        message.set(SAFETY_NET_CRISIS, crisis)
        reader.process([message])
        assert message.get(POSSIBLE_EMERGENCY) is True and message.get(POSSIBLE_EMERGENCY_KIND) == kind
        # the typed question says so too: a symptom it tells is never answered as an expected side effect
        assert message.get(QUESTION)["heard_by_net"] is True


def test_a_message_the_net_does_not_hear_is_not_marked_heard(reader):
    from components.question_reader import SAFETY_NET_FIRES
    message = Message({TEXT: "can I take baclofen with food?"})
    message.set(SAFETY_NET_FIRES, False)
    reader.process([message])
    assert message.get(QUESTION)["heard_by_net"] is False


def test_an_amount_put_up_is_a_dose_asked_whatever_the_nets_reading(reader):
    from components.question_reader import POSSIBLE_EMERGENCY_KIND, SAFETY_NET_CRISIS, SAFETY_NET_FIRES
    from rasa.shared.nlu.constants import ENTITIES
    from baclofen.language import entities
    text = "the gp said 5mg three times a day, could i just take all 15 first thing instead"
    message = Message({TEXT: text})
    message.set(ENTITIES, entities.extract(text))  # as the pipeline's entity extractor leaves them
    message.set(SAFETY_NET_FIRES, True)
    message.set(SAFETY_NET_CRISIS, True)
    reader.process([message])
    assert message.get(POSSIBLE_EMERGENCY_KIND) is None


@pytest.mark.parametrize("share, kind", [(None, "poisoning"), (0.5, "poisoning"), (0.95, "crisis")])
def test_the_rules_kind_of_emergency_is_weighed_against_the_nets_crisis_share(reader, share, kind):
    from components.question_reader import SAFETY_NET_CRISIS_SHARE
    plan = "Forty-six years we had. I still got his baclofen, a full bottle, and tonight I took 20 of them with his whiskey."
    message = Message({TEXT: plan})
    message.set(SAFETY_NET_PROBABILITY, 0.99)
    message.set(SAFETY_NET_CRISIS_SHARE, share)
    reader.process([message])
    assert message.get(QUESTION)["urgency"] == kind
