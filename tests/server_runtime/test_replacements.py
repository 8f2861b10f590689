"""server_runtime/: each replacement of a Rasa internal computes what stock Rasa computes (graph outputs, event
classes, accepted and rejected action responses, one kept-alive connection, no TensorFlow), and apply() checks the
Rasa version, confirms each replacement and switches each off. The speed itself is measured by `make bench`."""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "baclofen.tar.gz"
PYTHON = sys.executable


# ------------------------------------------------------------------ event classes by name

def test_event_lookup_table_gives_rasas_class_for_every_event_name():
    import rasa.shared.utils.common
    from rasa.shared.core.events import Event

    from server_runtime import event_types

    names = {cls.type_name for cls in rasa.shared.utils.common.all_subclasses(Event)}
    assert {"user", "action", "slot", "session_started", "active_loop", "bot"} <= names
    for name in names:
        assert event_types.resolve_by_type(name) is event_types._original(name)
    assert event_types.resolve_by_type("topic") is None  # Rasa's backwards compatibility
    assert event_types.resolve_by_type("no_such_event", default=Event) is Event
    with pytest.raises(ValueError, match="Unknown event name"):
        event_types.resolve_by_type("no_such_event")


# ------------------------------------------------------------------ graph runner

@pytest.fixture(scope="module")
def trained_graph():
    from rasa.engine.loader import load_predict_graph_runner
    from rasa.engine.runner.dask import DaskGraphRunner
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    from server_runtime.graph_runner import SequentialGraphRunner

    assert MODEL.exists(), "no trained model: run `make train` (make test does it)"
    import tempfile

    with tempfile.TemporaryDirectory() as stock_dir, tempfile.TemporaryDirectory() as lean_dir:
        _, stock = load_predict_graph_runner(Path(stock_dir), MODEL, LocalModelStorage, DaskGraphRunner)
        _, lean = load_predict_graph_runner(Path(lean_dir), MODEL, LocalModelStorage, SequentialGraphRunner)
        yield stock, lean


def _parsed(runner, text):
    from rasa.core.channels.channel import UserMessage
    from rasa.shared.core.trackers import DialogueStateTracker

    outputs = runner.run(inputs={"__message__": [UserMessage(text, sender_id="s")],
                                 "__tracker__": DialogueStateTracker("s", [])},
                         targets=["run_RegexMessageHandler"])
    message = outputs["run_RegexMessageHandler"][0]
    return message.get("intent"), message.get("entities"), message.get("intent_ranking")


def test_domain_is_empty_answers_as_rasa():
    from rasa.shared.core.domain import Domain

    from server_runtime import domain_empty

    for domain in (Domain.load(str(ROOT / "domain.yml")), Domain.empty(), Domain.from_dict({"intents": ["greet"]}),
                   Domain.from_dict({}), Domain.from_dict({"session_config": {"session_expiration_time": 5}})):
        assert domain_empty.is_empty(domain) is domain_empty._original(domain)
    assert domain_empty.is_empty(Domain.empty()) and not domain_empty.is_empty(Domain.load(str(ROOT / "domain.yml")))


# ------------------------------------------------------------------ count vectors

def _token_lists():
    """Whitespace tokens of every training and held-out example, and odd lists: empty, unknown words, marks."""
    import re

    texts = []
    for path in sorted((ROOT / "data" / "nlu").rglob("*.yml")) + [ROOT / "tests" / "nlu" / "holdout.yml"]:
        texts += re.findall(r"^\s*- (.+)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    lists = [text.lower().split() for text in texts]
    return lists + [[], ["qwertyuiop"], ["thuốc", "bé", "3", "tuổi"], ["a"] * 40, ["__oov__", "x"],
                    ["14kg", "14", "kg"]]


def test_count_vectors_are_rasas_matrices_exactly(trained_graph):
    """Both featurizers of the trained model (words; character n-grams 1-4): for the tokens of every training and
    held-out example, the same sequence and sentence matrices as Rasa's transform path, down to dtypes and order."""
    from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer

    from server_runtime import count_vectors

    _, lean = trained_graph
    featurizers = [node._component for node in lean._instantiated_nodes.values()
                   if isinstance(node._component, CountVectorsFeaturizer)]
    assert len(featurizers) == 2
    lists = _token_lists()
    assert len(lists) > 1000
    cases = [("text", tokens) for tokens in lists] + [(attribute, ["utter_greet"]) for attribute in
                                                       ("action_name", "action_text", "intent", "no_such")]
    for featurizer in featurizers:
        for attribute, tokens in cases:
            try:
                rasas = count_vectors._original(featurizer, attribute, [tokens])
            except Exception as error:  # a vectoriser never fitted (no such data in training): the same error
                with pytest.raises(type(error)):
                    count_vectors._create_features(featurizer, attribute, [tokens])
                continue
            ours = count_vectors._create_features(featurizer, attribute, [tokens])
            for mine, theirs in zip(ours[0] + ours[1], rasas[0] + rasas[1]):
                if theirs is None:
                    assert mine is None
                    continue
                assert mine.format == theirs.format == "coo" and mine.shape == theirs.shape, tokens
                for part in ("data", "row", "col"):
                    assert getattr(mine, part).dtype == getattr(theirs, part).dtype, (part, tokens)
                    assert np.array_equal(getattr(mine, part), getattr(theirs, part)), (part, tokens)


@pytest.mark.parametrize("text", [
    "what is baclofen used for?",
    "dose for a 3 year old of 14 kg, tablets",
    "can I take it with Advil?",
    "my child swallowed the whole bottle",
    "qwertyuiop",
    "/greet",
])
def test_sequential_runner_gives_the_dask_runners_outputs(trained_graph, text):
    stock, lean = trained_graph
    assert _parsed(lean, text) == _parsed(stock, text)


def test_sequential_runner_orders_each_node_after_what_it_needs(trained_graph):
    _, lean = trained_graph
    targets = tuple(lean._graph_schema.target_names)
    steps = lean._plan(targets)
    position = {name: i for i, (name, _, _) in enumerate(steps)}
    for name, _, needs in steps:
        for need in needs:
            if need in lean._graph_schema.nodes:
                assert position[need] < position[name], (need, name)
    assert set(position) == set(lean._graph_schema.minimal_graph_schema(list(targets)).nodes)


def test_sequential_runner_refuses_an_input_named_like_a_node(trained_graph):
    from rasa.engine.exceptions import GraphRunError

    _, lean = trained_graph
    node = next(iter(lean._graph_schema.nodes))
    with pytest.raises(GraphRunError, match="clashes with a node name"):
        lean.run(inputs={"__message__": node}, targets=["run_RegexMessageHandler"])


# ------------------------------------------------------------------ dialogue: rules, past states, log copies, loop

@pytest.fixture(scope="module")
def story_trackers():
    """The training data's rule and story trackers (loops, forms, rule snippets) and the domain."""
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(str(ROOT / "config.yml"), str(ROOT / "domain.yml"),
                                                     [str(ROOT / "data")])
    domain = importer.get_domain()
    trackers = TrainingDataGenerator(importer.get_stories(), domain, augmentation_factor=20).generate()
    assert len(trackers) >= 30
    return domain, trackers


def _growing(domain, source, seed):
    """A plain tracker that grows event by event as the server's does, with the events the server adds between a
    message and its actions (the featurization chosen for the message, entities added), on copies of the events."""
    import copy
    import random

    from rasa.shared.core.events import DefinePrevUserUtteredFeaturization, EntitiesAdded, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    rng = random.Random(seed)
    tracker = DialogueStateTracker(source.sender_id, domain.slots)
    for event in copy.deepcopy(list(source.events)):
        added = [event]
        if isinstance(event, UserUttered):
            if rng.random() < 0.7:
                added.append(DefinePrevUserUtteredFeaturization(rng.random() < 0.5))
            if rng.random() < 0.2:
                added.append(EntitiesAdded([{"entity": "route", "value": "oral"}]))
        for item in added:
            tracker.update(item)
            yield tracker


def test_rule_keys_are_rasas_for_every_lookup_and_state(trained_graph, story_trackers):
    """The trained RulePolicy's lookups (rules, the loops' unhappy paths) against the states of every training
    tracker and each of its prefixes, by text and by intent, with the states' intents and previous actions swapped
    for others: the same applicable rule keys as Rasa's walk."""
    import copy
    import random

    from rasa.core.policies.rule_policy import RulePolicy

    from server_runtime import rule_keys

    _, lean = trained_graph
    domain, trackers = story_trackers
    policy = next(node._component for node in lean._instantiated_nodes.values()
                  if isinstance(node._component, RulePolicy))
    lookups = [lookup for lookup in policy.lookup.values() if isinstance(lookup, dict) and lookup]
    assert len(lookups) >= 2
    rng = random.Random(7)
    intents = list(domain.intents) + [None]
    actions = list(domain.action_names_or_texts) + [None]
    checked = found = 0
    for tracker in trackers:
        for rule_only_data in (None, policy._get_rule_only_data()):
            states = tracker.past_states(domain, rule_only_data=rule_only_data)
            for end in range(1, len(states) + 1):
                variants = [copy.deepcopy(states[:end]) for _ in range(4)]
                variants[1][-1].get("user", {}).pop("intent", None)
                for state in variants[2] + variants[3]:
                    if rng.random() < 0.5 and "user" in state:
                        state["user"]["intent"] = rng.choice(intents)
                    if rng.random() < 0.5 and "prev_action" in state:
                        state["prev_action"] = {"action_name": rng.choice(actions)}
                variants[3][-1].pop("prev_action", None)
                for lookup in lookups:
                    for variant in variants:
                        want = rule_keys._original(policy, lookup, variant)
                        assert rule_keys._get_possible_keys(policy, lookup, variant) == want, variant
                        checked += 1
                        found += bool(want)
    assert rule_keys._get_possible_keys(policy, lookups[0], []) == rule_keys._original(policy, lookups[0], [])
    assert checked > 2000 and found > 300


def test_tracker_states_are_rasas_for_every_prefix_and_argument(story_trackers):
    """Every training tracker grown event by event, asked twice for each argument (rule-only turns kept or not,
    rule-only data or not): the same states, in the same key order, as Rasa's replay; and what a caller changes in
    one answer (as the featurizer removes the last user intent) is not in the next."""
    import collections

    from server_runtime import tracker_states

    domain, trackers = story_trackers
    rule_only = {"slots": ["requested_slot"], "loops": ["dose_form"]}
    paths = collections.Counter()
    extend = tracker_states._History.extend

    def counted(self, tracker):
        result = extend(self, tracker)
        paths[result] += 1
        return result

    tracker_states._History.extend = counted
    try:
        for number, source in enumerate(trackers):
            for tracker in _growing(domain, source, number):
                for ignore_rule_only_turns, rule_only_data in ((False, None), (True, rule_only), (False, rule_only),
                                                               (True, None)):
                    for _ in range(2):
                        want = tracker_states._original(domain, tracker, False, ignore_rule_only_turns,
                                                        rule_only_data)
                        got = tracker_states.states_for_tracker_history(domain, tracker, False,
                                                                        ignore_rule_only_turns, rule_only_data)
                        assert got == want
                        assert [list(state) for state in got] == [list(state) for state in want]
                        for state in got:
                            state.get("user", {}).pop("intent", None)
                            state.get("slots", {}).clear()
    finally:
        tracker_states._History.extend = extend
    assert paths[True] > 500 and paths[False] > 5  # grown by new events, and replayed afresh after a loop's undo


def test_tracker_states_start_afresh_after_a_restart_a_revert_or_a_new_deque():
    from collections import deque

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import (ActionExecuted, ActionReverted, Restarted, SlotSet, UserUttered,
                                         UserUtteranceReverted)
    from rasa.shared.core.trackers import DialogueStateTracker

    from server_runtime import tracker_states

    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("s", domain.slots)
    steps = [ActionExecuted("action_listen"), UserUttered("hi", {"name": "greet", "confidence": 1.0}),
             ActionExecuted("utter_greet"), ActionExecuted("action_listen"),
             UserUttered("dose", {"name": "ask_dose", "confidence": 1.0}), UserUtteranceReverted(),
             UserUttered("dose", {"name": "ask_dose", "confidence": 1.0}), ActionExecuted("action_answer_uses"),
             ActionReverted(), SlotSet("route", "oral"), Restarted(), ActionExecuted("action_listen")]
    for event in steps:
        tracker.update(event)
        for ignore in (False, True):
            assert (tracker_states.states_for_tracker_history(domain, tracker, False, ignore)
                    == tracker_states._original(domain, tracker, False, ignore))
    tracker.events = deque(list(tracker.events)[:3])  # another deque: replayed afresh
    assert tracker_states.states_for_tracker_history(domain, tracker) == tracker_states._original(domain, tracker)
    bounded = DialogueStateTracker("b", domain.slots, max_event_history=3)  # Rasa's own path
    for event in steps[:5]:
        bounded.update(event)
        assert tracker_states.states_for_tracker_history(domain, bounded) == tracker_states._original(domain, bounded)


def test_log_copies_are_made_only_when_debug_lines_are_written(tmp_path):
    import logging
    import types

    from rasa.utils.log_utils import configure_structlog

    from server_runtime import RuntimeReplacementError, log_copies

    value = {"a": [1, {"b": 2}]}
    try:
        configure_structlog(logging.INFO)
        assert log_copies.debug_lines_dropped()
        assert log_copies.LOG_COPY.deepcopy(value) is value
        configure_structlog(logging.DEBUG)
        assert not log_copies.debug_lines_dropped()
        copied = log_copies.LOG_COPY.deepcopy(value)
        assert copied == value and copied is not value and copied["a"] is not value["a"]
    finally:
        configure_structlog(logging.INFO)
    assert log_copies.LOG_COPY.copy is __import__("copy").copy  # every other name is the module's own
    for name in log_copies.MODULES:  # Rasa's modules pass the check
        log_copies._copy_uses_only_in_debug_lines(__import__(name, fromlist=["_"]))
    odd = types.ModuleType("odd")
    source = "import copy\nx = copy.deepcopy([1])\n"
    odd.__file__ = str(tmp_path / "odd_module_for_test.py")
    Path(odd.__file__).write_text(source)
    with pytest.raises(RuntimeReplacementError, match="outside a debug log line"):
        log_copies._copy_uses_only_in_debug_lines(odd)


def test_loop_state_copy_is_asdicts():
    import copy
    import dataclasses
    from collections import namedtuple

    from rasa.shared.core.trackers import TrackerActiveLoop as LoopState

    from server_runtime import loop_state

    Point = namedtuple("Point", "x y")
    trigger = {"text": "dose for 3 year old", "intent": {"name": "ask_dose", "confidence": np.float64(0.93)},
               "entities": [{"entity": "age_years", "value": 3, "extractor": None, "roles": ("a", "b")}],
               "intent_ranking": [{"name": f"i{k}", "confidence": k / 10} for k in range(10)],
               "question": {"topic": None, "flags": [True, False], "point": Point(1, [2])}, 5: "int key"}
    for loop in (LoopState("dose_form", False, True, trigger), LoopState(None, None, None, {}),
                 LoopState("x", True, False, copy.deepcopy(trigger))):
        ours, theirs = loop_state.asdict(loop), dataclasses.asdict(loop)
        assert ours == theirs and list(ours) == list(theirs)
        assert repr(ours) == repr(theirs)  # the same types all the way down (numpy numbers, tuples, namedtuples)
        if loop.trigger_message:
            assert ours["trigger_message"] is not loop.trigger_message
            ours["trigger_message"]["entities"][0]["value"] = 4
            assert loop.trigger_message["entities"][0]["value"] == 3
    with pytest.raises(TypeError):
        loop_state.asdict({"not": "a dataclass"})


def test_slot_copies_are_copy_copys():
    import copy

    from rasa.shared.core.domain import Domain

    from server_runtime import slot_copies

    class WithCopy:
        def __init__(self):
            self.a = [1]

        def __copy__(self):
            return "own copy"

    class WithSlots:
        __slots__ = ("a",)

        def __init__(self):
            self.a = [1]

    class WithState:
        def __init__(self):
            self.a = [1]

        def __getstate__(self):
            return {"a": "changed"}

    class Plain:
        def __init__(self):
            self.a, self.b = [1], {"c": 2}

    values = list(Domain.load(str(ROOT / "domain.yml")).slots) + [WithCopy(), WithSlots(), WithState(), Plain(),
                                                                  [1, [2]], {"a": [1]}, (1, [2]), "text", 5, None]
    for value in values:
        ours, theirs = slot_copies.shallow_copy(value), copy.copy(value)
        assert type(ours) is type(theirs)
        if hasattr(theirs, "__dict__"):
            assert vars(ours) == vars(theirs) and all(vars(ours)[k] is vars(theirs)[k] for k in vars(theirs))
            assert ours is not value
        elif isinstance(value, WithSlots):
            assert ours.a is theirs.a is value.a
        else:
            assert ours == theirs
    assert slot_copies._takes_generic_path(Plain) and not slot_copies._takes_generic_path(WithCopy)
    assert not slot_copies._takes_generic_path(WithSlots) and not slot_copies._takes_generic_path(WithState)
    assert all(slot_copies._takes_generic_path(type(slot)) for slot in values[:3])  # Rasa's slots take the fast path


# ------------------------------------------------------------------ action calls

def test_action_response_validation_accepts_and_rejects_like_rasa():
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    from server_runtime import action_calls

    action = RemoteAction("action_x", None)
    good = {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "hi"}]}
    bad = {"events": [{"no_event_key": 1}], "responses": "not a list"}
    assert action_calls._validate_action_result(action, good)
    with pytest.raises(jsonschema.ValidationError) as ours:
        action_calls._validate_action_result(action, bad)
    with pytest.raises(jsonschema.ValidationError) as stock:
        RemoteAction._validate_action_result(action, bad)
    assert ours.value.message == stock.value.message


EVENT_SAMPLES = [
    {"event": "slot", "name": "age_years", "value": 4.5, "timestamp": None},
    {"event": "slot", "name": "age_years"},  # no value: SlotSet requires one
    {"event": "bot", "text": "hi", "data": {"buttons": []}, "metadata": {}},
    {"event": "bot", "metadata": "not an object"},
    {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 0.9},
                                                   "entities": [{"entity": "age", "value": 4}]}},
    {"event": "user", "parse_data": {"entities": [{"entity": "age"}]}},  # entity without value
    {"event": "user", "parse_data": {"intent": {"name": 5}}},
    {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
    {"event": "action", "confidence": "high"},
    {"event": "active_loop", "name": None}, {"event": "followup", "name": "action_x"},
    {"event": "entities", "entities": []}, {"event": "entities"},
    {"event": "no_such_event"}, {"event": 7}, {"event": ["slot"]}, {"name": "x"}, {}, "slot", None,
    {"event": "slot", "name": "x", "value": 1, "timestamp": "yesterday"},
]


def test_valid_responses_are_judged_by_their_events_own_branch_exactly_as_by_the_whole_schema():
    """The fast path (one schema branch per event name) must accept exactly what the whole schema accepts."""
    import itertools

    from jsonschema import validators
    from rasa.core.actions.action import RemoteAction

    from server_runtime import action_calls

    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    split = action_calls._validators_by_event_name(schema, cls)
    assert split is not None, "Rasa's action response schema changed shape: the fast path is off"
    whole = cls(schema)
    responses = [{"events": [event], "responses": []} for event in EVENT_SAMPLES]
    responses += [{"events": list(pair)} for pair in itertools.combinations(EVENT_SAMPLES[:8], 2)]
    responses += [{}, {"responses": [{"text": "x"}]}, {"responses": "x"}, {"events": "x"}, {"events": None}, [],
                  "text", {"events": [], "responses": [1]}]
    saved = action_calls._by_event_name
    action_calls._by_event_name = split
    try:
        verdicts = [(action_calls._valid_by_event_name(r), whole.is_valid(r)) for r in responses]
    finally:
        action_calls._by_event_name = saved
    assert all(fast == full for fast, full in verdicts), [r for r, v in zip(responses, verdicts) if v[0] != v[1]]
    assert sum(full for _, full in verdicts) >= 10 and sum(not full for _, full in verdicts) >= 10


def test_the_fast_path_is_off_when_the_schema_has_another_shape():
    from jsonschema import Draft202012Validator

    from server_runtime import action_calls

    assert action_calls._validators_by_event_name({"type": "object"}, Draft202012Validator) is None
    odd = {"type": "object", "properties": {"events": {"type": "array", "items": {
        "type": "object", "required": ["event"], "oneOf": [{"properties": {"event": {"const": "a"}}},
                                                             {"properties": {"event": {"const": "a"}}}]}}}}
    assert action_calls._validators_by_event_name(odd, Draft202012Validator) is None  # two branches, one name


def test_action_calls_reuse_one_connection(tmp_path):
    """Against a real HTTP server on loopback: three calls, one TCP connection; the session is not closed."""
    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    from server_runtime import action_calls

    peers = []

    async def webhook(request):
        peers.append(request.transport.get_extra_info("peername"))
        assert request.headers["X-Test"] == "1"
        return web.json_response({"ok": len(peers)})

    async def scenario():
        app = web.Application()
        app.router.add_post("/webhook", webhook)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook", headers={"X-Test": "1"})
        original = EndpointConfig.session
        try:
            EndpointConfig.session = action_calls._shared_session
            answers = [await endpoint.request(json={"n": i}) for i in range(3)]
            session = action_calls._sessions[next(k for k in action_calls._sessions)]
            assert not session.closed
            await session.close()
            action_calls._sessions.clear()
        finally:
            EndpointConfig.session = original
            await runner.cleanup()
        return answers

    answers = asyncio.run(scenario())
    assert answers == [{"ok": 1}, {"ok": 2}, {"ok": 3}]
    assert len(set(peers)) == 1  # same client port: the connection was kept alive


def test_action_request_bodies_are_json_dumps_byte_for_byte_with_the_domain_written_once():
    """The bodies RemoteAction builds for a real tracker and domain, and odd ones: the session writes exactly what
    json.dumps writes, and the domain's JSON is reused only for the very same dict."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    from server_runtime import action_calls

    domain = Domain.load(str(ROOT / "domain.yml"))
    tracker = DialogueStateTracker("someone", domain.slots)
    for event in (ActionExecuted("action_listen"), UserUttered("dose for a 3 year old, 14 kg \u00e9/\"x\"",
                                                                {"name": "ask_dose", "confidence": 0.1 + 0.2}),
                  SlotSet("age_years", 3.0)):
        tracker.update(event)
    bodies = [RemoteAction(name, EndpointConfig("http://x"))._action_call_format(tracker, domain)
              for name in ("action_answer_dose", "validate_dose_form")]
    assert action_calls._request_json(bodies[0]) == json.dumps(bodies[0])
    assert action_calls._domain_json[0] is domain.as_dict()  # Rasa's own bodies take the cached path
    other = Domain.load(str(ROOT / "domain.yml")).as_dict()
    other["session_config"] = {"changed": True}
    bodies += [{**bodies[0], "domain": other}, {"domain": other}, {"domain": 1}, {"domain": other, "after": 1}, {},
               [1, "domain"], "domain"]
    for body in bodies + bodies:  # twice: the second time from the cached JSON
        assert action_calls._request_json(body) == json.dumps(body)

# ------------------------------------------------------------------ without TensorFlow

def _run(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), **env_vars)
    return subprocess.run([PYTHON, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=240)


def test_server_imports_rasa_and_loads_the_model_without_tensorflow():
    result = _run(f"""
        import json, sys
        from server_runtime import tensorflow_absent
        tensorflow_absent.install()
        import thinc.compat
        import rasa.core.agent, rasa.core.run, rasa.server, rasa.engine.recipes.default_components, skops.io
        tensorflow_absent.arm()
        import asyncio
        from rasa.core.agent import Agent
        agent = Agent.load({str(MODEL)!r})
        parsed = asyncio.run(agent.parse_message("can I take baclofen with Advil?"))
        print(json.dumps({{
            "thinc_sees_tensorflow": thinc.compat.has_tensorflow,
            "tensorflow_is_placeholder": type(sys.modules["tensorflow"]).__name__,
            "intent": parsed["intent"]["name"],
            "entities": [(e["entity"], e["value"]) for e in parsed["entities"]],
            # VmHWM, not ru_maxrss: the latter carries the (large) parent's peak across exec
            "peak_rss_mb": int(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]) // 1024,
        }}))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["thinc_sees_tensorflow"] is False
    assert facts["tensorflow_is_placeholder"] == "_PlaceholderModule"
    assert facts["intent"] == "ask_interaction"
    assert ("drug", "ibuprofen") in [tuple(e) for e in facts["entities"]]
    # TensorFlow alone is about 400 MB; the whole server without it stays far below
    assert facts["peak_rss_mb"] < 400, facts


def test_any_use_of_tensorflow_after_arming_fails_with_the_way_out():
    result = _run("""
        from server_runtime import tensorflow_absent
        tensorflow_absent.install()
        import tensorflow as tf
        class Model(tf.keras.Model):  # naming it at import time works
            pass
        tensorflow_absent.arm()
        for attempt in (lambda: tf.constant(1), lambda: tf.keras.layers.Dense(3), lambda: __import__("tensorflow_addons")):
            try:
                attempt()
            except (tensorflow_absent.TensorFlowNeeded, AttributeError) as error:
                print("refused:", error)
        try:
            tf.keras.layers.Dense  # named before arm(): still only a name, harmless
            Model()
            print("named ok")
        except Exception as error:
            print("wrongly refused:", error)
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    refusals = [line for line in result.stdout.splitlines() if line.startswith("refused:")]
    assert len(refusals) == 3 and "named ok" in result.stdout, result.stdout
    assert all("BACLOFEN_RUNTIME_OFF=tensorflow_absent" in line for line in refusals)


# ------------------------------------------------------------------ apply(): version, confirmation, switches

def test_apply_refuses_another_rasa_version(monkeypatch):
    import server_runtime

    monkeypatch.setattr(server_runtime, "installed_rasa_version", lambda: "3.7.0")
    with pytest.raises(server_runtime.RuntimeReplacementError, match="written for Rasa 3.6.21, this is Rasa 3.7.0"):
        server_runtime.apply(frozenset())
    assert server_runtime.apply(frozenset({"all"})) == {name: False for name in server_runtime.NAMES}


def test_apply_refuses_unknown_names():
    import server_runtime

    with pytest.raises(server_runtime.RuntimeReplacementError, match="unknown replacements"):
        server_runtime.apply(frozenset({"graph_runer"}))


def test_a_replacement_whose_target_changed_fails_loudly():
    import server_runtime

    def changed():
        return None

    with pytest.raises(server_runtime.RuntimeReplacementError, match="no longer looks up 'DaskGraphRunner'"):
        server_runtime.uses_name_at_call_time(changed, "DaskGraphRunner", "graph_runner")


_REPLACEMENT_NAMES = ("tensorflow_absent", "graph_runner", "action_session", "action_validation", "event_types",
                      "count_vectors", "domain_empty", "tracker_states", "rule_keys", "log_copies", "loop_state",
                      "slot_copies", "api_tokens", "request_deadline", "action_errors")


@pytest.mark.parametrize("off, expect", [
    ("", dict.fromkeys(_REPLACEMENT_NAMES, True)),
    ("graph_runner,event_types", {**dict.fromkeys(_REPLACEMENT_NAMES, True), "graph_runner": False,
                                  "event_types": False}),
    ("count_vectors", {**dict.fromkeys(_REPLACEMENT_NAMES, True), "count_vectors": False}),
    ("tracker_states,log_copies", {**dict.fromkeys(_REPLACEMENT_NAMES, True), "tracker_states": False,
                                   "log_copies": False}),
    ("all", dict.fromkeys(_REPLACEMENT_NAMES, False)),
])
def test_each_replacement_is_in_force_exactly_when_switched_on(off, expect):
    """In a fresh process, as scripts/rasa_server.py does it: what apply() says it applied is what is in force."""
    result = _run("""
        import json, sys
        import server_runtime
        from baclofen import settings
        applied = server_runtime.apply(settings.current().runtime_off)
        import rasa.core.processor, rasa.core.actions.action as action
        from rasa.shared.core.events import Event
        from rasa.utils.endpoints import EndpointConfig
        import rasa.server
        import logging
        from server_runtime import action_calls, action_errors, api_tokens, count_vectors, domain_empty, event_types
        from server_runtime import graph_runner, request_deadline, tracker_states, rule_keys, log_copies, loop_state
        from server_runtime import slot_copies
        import rasa.core.policies.rule_policy, rasa.shared.core.trackers
        from rasa.shared.core.domain import Domain
        from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
        from sanic.server.protocols.http_protocol import HttpProtocol
        in_force = {
            "tensorflow_absent": type(sys.modules.get("tensorflow")).__name__ == "_PlaceholderModule",
            "graph_runner": rasa.core.processor.DaskGraphRunner is graph_runner.SequentialGraphRunner,
            "action_session": EndpointConfig.session is action_calls._shared_session,
            "action_validation": action.RemoteAction._validate_action_result is action_calls._validate_action_result,
            "event_types": Event.resolve_by_type is event_types.resolve_by_type,
            "count_vectors": CountVectorsFeaturizer._create_features is count_vectors._create_features,
            "domain_empty": Domain.is_empty is domain_empty.is_empty,
            "tracker_states": Domain.states_for_tracker_history is tracker_states.states_for_tracker_history,
            "rule_keys": rasa.core.policies.rule_policy.RulePolicy._get_possible_keys is rule_keys._get_possible_keys,
            "log_copies": rasa.core.processor.copy is log_copies.LOG_COPY,
            "loop_state": rasa.shared.core.trackers.dataclasses is loop_state.DATACLASSES,
            "slot_copies": rasa.shared.core.trackers.copy is slot_copies.TRACKER_COPY,
            "api_tokens": getattr(rasa.server.Initialize, "keywords", {}).get("authentication_class")
                          is api_tokens.StrictAuthentication,
            "request_deadline": HttpProtocol.check_timeouts is request_deadline.check_timeouts,
            "action_errors": action_errors.FILTER in logging.getLogger("rasa.core.processor").filters,
        }
        print(json.dumps({"applied": applied, "in_force": in_force}))
    """, BACLOFEN_RUNTIME_OFF=off)
    assert result.returncode == 0, result.stderr[-3000:]
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["applied"] == expect
    assert facts["in_force"] == expect
