"""stores/guarded.py: the tracker store on Rasa's public interface writes the rows Rasa's SQLTrackerStore writes,
reads what it wrote (and Rasa reads ours), and never fails silently."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tracker(sender, domain, texts):
    from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker(sender, domain.slots)
    tracker.update(ActionExecuted("action_session_start", timestamp=1.0))
    tracker.update(SessionStarted(timestamp=1.0))
    for i, text in enumerate(texts):
        tracker.update(UserUttered(text, {"name": "ask_uses", "confidence": 0.9}, timestamp=2.0 + i))
        tracker.update(SlotSet("age_years", 4.0 + i, timestamp=2.0 + i))
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
    assert read_by_lean.get_slot("age_years") == 5.0
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


def test_only_the_public_interface_is_overridden():
    from rasa.core.tracker_store import SQLTrackerStore, TrackerStore

    from stores.guarded import GuardedSQLTrackerStore

    own = {name for name in vars(GuardedSQLTrackerStore) if callable(getattr(GuardedSQLTrackerStore, name))}
    overridden = {name for name in own if hasattr(SQLTrackerStore, name)}
    assert overridden <= {"__init__", "retrieve", "retrieve_full_tracker", "save"}, overridden
    assert all(not name.startswith("_") or name == "__init__" for name in overridden)
    assert {"retrieve", "save", "retrieve_full_tracker"} <= set(vars(TrackerStore))


def test_a_locked_database_stalls_nothing_else_and_every_call_is_bounded(tmp_path, domain, configure):
    """Another process holds the SQLite file under an exclusive lock: the store's calls wait in its own thread at
    most BACLOFEN_STORE_TIMEOUT_SECONDS, the event loop stays free, and the store says it is degraded meanwhile."""
    import sqlite3
    import time

    configure(BACLOFEN_STORE_TIMEOUT_SECONDS="1", BACLOFEN_STORE_SLOW_SECONDS="0.3")
    from stores.guarded import GuardedSQLTrackerStore, TrackerStoreUnavailable

    path = tmp_path / "t.db"
    store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(path))
    asyncio.run(store.save(_tracker("erin", domain, ["first"])))

    async def scenario():
        gaps, reasons, ticking = [], set(), True

        async def ticker():
            last = time.monotonic()
            while ticking:
                await asyncio.sleep(0.01)
                gaps.append(time.monotonic() - last)
                last = time.monotonic()
                if store._calls.degraded():
                    reasons.add(store._calls.degraded())

        tick = asyncio.ensure_future(ticker())
        started = time.monotonic()
        with pytest.raises(TrackerStoreUnavailable):
            await store.save(_tracker("erin", domain, ["first", "second"]))
        failed_after = time.monotonic() - started
        ticking = False
        await tick
        return failed_after, max(gaps), reasons

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        failed_after, longest_gap, reasons = asyncio.run(scenario())
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert 0.9 < failed_after < 3, failed_after  # SQLite's busy timeout, not forever
    assert longest_gap < 0.2, longest_gap
    assert any("waiting" in reason for reason in reasons), reasons
    asyncio.run(store.save(_tracker("erin", domain, ["first", "second"])))  # the lock is gone: it works again
    assert [e.text for e in asyncio.run(store.retrieve("erin")).events if e.type_name == "user"] == ["first", "second"]


def test_a_turn_is_stored_only_when_its_user_is_shown_its_reply(tmp_path, domain):
    from rasa.core.channels.channel import CollectingOutputChannel

    from stores.guarded import GuardedSQLTrackerStore
    from stores.turns import COMMITTED, CURRENT_TURN, NOT_STORED, Turn

    store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))

    async def save_in(turn, sender, replied):
        if replied:
            await turn._output.send_response(sender, {"text": "an answer"})
        CURRENT_TURN.set(turn)
        await store.save(_tracker(sender, domain, ["a question"]))

    answered, silent, given_up = (Turn(CollectingOutputChannel()) for _ in range(3))
    asyncio.run(save_in(answered, "answered", replied=True))
    asyncio.run(save_in(silent, "silent", replied=False))  # no reply: the action server was down
    assert given_up.abandon()  # the channel answered the user another way first
    asyncio.run(save_in(given_up, "given-up", replied=True))
    assert answered.state == COMMITTED and silent.state == NOT_STORED and given_up.abandoned
    assert asyncio.run(store.retrieve("answered")) is not None
    assert asyncio.run(store.retrieve("silent")) is None and asyncio.run(store.retrieve("given-up")) is None
    assert not answered.abandon()  # once committed, the reply stands


def test_saves_queued_together_share_one_commit_and_keep_each_turns_outcome(tmp_path, domain):
    """Group commit on SQLite: the saves that queue while the store's thread is busy are written in one
    transaction; each answered turn is committed, a turn with no reply or given up leaves nothing, and a failed
    commit fails every save of its batch (nothing of them kept, each told)."""
    import threading

    from rasa.core.channels.channel import CollectingOutputChannel

    from stores.guarded import GuardedSQLTrackerStore, TrackerStoreUnavailable
    from stores.turns import COMMITTED, CURRENT_TURN, NOT_STORED, Turn

    store = GuardedSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    batches = []
    write = store._append_batch
    store._append_batch = lambda call, batch: (batches.append(len(batch)), write(call, batch))[1]
    gate = threading.Event()
    store._calls._pool.submit(gate.wait, 5)  # the store's one thread is busy: the saves below queue up

    async def save_in(turn, sender, replied):
        if replied:
            await turn._output.send_response(sender, {"text": "an answer"})
        CURRENT_TURN.set(turn)
        await store.save(_tracker(sender, domain, ["a question"]))

    async def together(outcomes):
        saves = [asyncio.ensure_future(save_in(turn, sender, replied)) for sender, (turn, replied) in outcomes.items()]
        await asyncio.sleep(0.2)
        gate.set()
        return await asyncio.gather(*saves, return_exceptions=True)

    turns = {f"user-{i}": (Turn(CollectingOutputChannel()), True) for i in range(5)}
    turns["silent"] = (Turn(CollectingOutputChannel()), False)
    given_up = Turn(CollectingOutputChannel())
    turns["given-up"] = (given_up, True)
    assert given_up.abandon()
    results = asyncio.run(together(turns))
    assert results == [None] * len(turns) and batches == [len(turns)]  # one transaction for all seven
    for sender, (turn, _) in turns.items():
        stored = asyncio.run(store.retrieve(sender))
        if sender.startswith("user-"):
            assert turn.state == COMMITTED and [e.text for e in stored.events if e.type_name == "user"] == [
                "a question"]
        else:
            assert stored is None and (turn.state == NOT_STORED or turn.abandoned)

    gate.clear()
    store._calls._pool.submit(gate.wait, 5)
    (tmp_path / "t.db").unlink()  # the next commit fails: every save of the batch is told, none is kept
    failing = {f"late-{i}": (Turn(CollectingOutputChannel()), True) for i in range(3)}
    results = asyncio.run(together(failing))
    assert all(isinstance(result, TrackerStoreUnavailable) for result in results), results
    assert all(turn.store_failed and turn.state != COMMITTED for turn, _ in failing.values())
