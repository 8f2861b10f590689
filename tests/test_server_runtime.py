"""The lean runtime of the Rasa server (server_runtime/, stores/guarded.py, the classifier's feature matrix) computes
what stock Rasa computes: same graph outputs, same event classes, same stored rows, same feature matrix, same
accepted and rejected action responses. The speed itself is measured by `make bench`, not here."""
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
import scipy.sparse

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "baclofen.tar.gz"
PYTHON = sys.executable


# ------------------------------------------------------------------ feature matrix of the intent classifier

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
    ours = TunedLogisticRegressionClassifier._create_X(None, messages)
    assert ours.shape == stock.shape == (40, 30 + 200 + 7 + 5)
    assert (ours != stock).nnz == 0
    one = TunedLogisticRegressionClassifier._create_X(None, messages[:1])
    assert (one != LogisticRegressionClassifier._create_X(None, messages[:1])).nnz == 0


def test_feature_matrix_refuses_rows_of_different_width():
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    from components.intent_classifier import TunedLogisticRegressionClassifier

    short = Message(data={"text": "y"})
    short.add_features(Features(scipy.sparse.coo_matrix(np.ones((1, 3))), "sentence", "text", "words"))
    with pytest.raises(ValueError, match="different sizes"):
        TunedLogisticRegressionClassifier._create_X(None, [_message_with_features(1), short])


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


# ------------------------------------------------------------------ tracker store

def _tracker(sender, domain, texts):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=1.0))
    tracker.update(SessionStarted(timestamp=1.0))
    for i, text in enumerate(texts):
        tracker.update(UserUttered(text, {"name": "ask_uses", "confidence": 0.9}, timestamp=2.0 + i))
        tracker.update(SlotSet("age", f"{4 + i} years", timestamp=2.0 + i))
    return tracker


@pytest.fixture()
def domain():
    from rasa.shared.core.domain import Domain

    return Domain.load(str(ROOT / "domain.yml"))


def test_lean_store_writes_the_rows_rasa_writes_and_reads_them_back(tmp_path, domain):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import SessionStarted, UserUttered

    from stores.guarded import GuardedSQLTrackerStore

    lean = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "lean.db"))
    stock = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "stock.db"))
    tracker = _tracker("alice", domain, ["hello", "what is it for"])
    for store in (lean, stock):
        asyncio.run(store.save(tracker))
        tracker.update(UserUttered("and again", {"name": "ask_uses", "confidence": 1.0}, timestamp=9.0))
        asyncio.run(store.save(tracker))  # only the new event is appended
        tracker.events.pop()

    def rows(db):
        import sqlite3

        with sqlite3.connect(db) as connection:
            return connection.execute("SELECT sender_id, type_name, timestamp, intent_name, action_name, data "
                                      "FROM events ORDER BY id").fetchall()

    assert rows(tmp_path / "lean.db") == rows(tmp_path / "stock.db")
    assert len(rows(tmp_path / "lean.db")) == len(tracker.events) + 1

    # each reads what the other wrote: same events, same slots
    read_by_stock = asyncio.run(SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "lean.db"))
                                .retrieve("alice"))
    read_by_lean = asyncio.run(GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "stock.db"))
                               .retrieve("alice"))
    assert list(read_by_lean.events) == list(read_by_stock.events)
    assert read_by_lean.get_slot("age") == "5 years"
    assert asyncio.run(lean.retrieve("nobody")) is None

    # a new session: retrieve gives the latest session only, the full tracker everything
    later = asyncio.run(lean.retrieve("alice"))
    later.update(SessionStarted(timestamp=20.0))
    later.update(UserUttered("back again", {"name": "greet", "confidence": 1.0}, timestamp=21.0))
    asyncio.run(lean.save(later))
    stock_view = SQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "lean.db"))
    for sender_read in ("retrieve", "retrieve_full_tracker"):
        ours = asyncio.run(getattr(lean, sender_read)("alice"))
        theirs = asyncio.run(getattr(stock_view, sender_read)("alice"))
        assert list(ours.events) == list(theirs.events), sender_read
    assert len(asyncio.run(lean.retrieve("alice")).events) == 2
    assert len(asyncio.run(lean.retrieve_full_tracker("alice")).events) == len(tracker.events) + 3


def test_lean_store_failure_is_counted_and_sanitised(tmp_path, domain):
    from stores.guarded import STORE_HEALTH, GuardedSQLTrackerStore, TrackerStoreUnavailable

    store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    store.engine.dispose()
    (tmp_path / "t.db").unlink()
    (tmp_path / "t.db").mkdir()  # the file is now a directory: every operation fails
    before = STORE_HEALTH.failures
    with pytest.raises(TrackerStoreUnavailable) as failure:
        asyncio.run(store.save(_tracker("bob", domain, ["my secret question"])))
    assert "secret" not in str(failure.value)
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.retrieve("bob"))
    assert STORE_HEALTH.failures == before + 2


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


# ------------------------------------------------------------------ without TensorFlow

def _run(code: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT))
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
    assert all("BACLOFEN_TENSORFLOW=1" in line for line in refusals)


def test_lean_store_notices_its_file_deleted_overwritten_or_replaced(tmp_path, domain):
    """It keeps its SQLite connection open; a deleted or clobbered file must still fail the turn (as a new
    connection would), and a replaced file (a restored backup) must be read, not the old one."""
    import shutil

    from stores.guarded import GuardedSQLTrackerStore, TrackerStoreUnavailable

    path = tmp_path / "t.db"
    store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(path))
    asyncio.run(store.save(_tracker("carol", domain, ["first"])))
    backup = tmp_path / "backup.db"
    asyncio.run(store.retrieve("carol"))
    store.engine.dispose()
    shutil.copy(path, backup)  # a consistent copy holding carol only

    asyncio.run(store.save(_tracker("dave", domain, ["second"])))
    assert asyncio.run(store.retrieve("dave")) is not None

    path.unlink()
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.retrieve("dave"))

    shutil.copy(backup, path)  # restored: a different file
    assert asyncio.run(store.retrieve("dave")) is None
    assert asyncio.run(store.retrieve("carol")) is not None

    path.write_bytes(b"this is no longer a database" * 100)  # same file, clobbered
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.retrieve("carol"))
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.save(_tracker("carol", domain, ["third"])))
