"""Store calls bounded and off the Rasa server's event loop, and what the channels learn from them.

The tracker store and the lock store talk to SQLite, PostgreSQL or Redis through blocking drivers. Run on the Rasa
server's single event loop, one call waiting on a held SQLite lock or a hung PostgreSQL or Redis froze every
conversation and the health check. Here:

- each call runs in its store's own small thread pool (`StoreCalls.run`), so the event loop never waits for it;
- each call is bounded by the driver's own timeouts (stores/guarded.py, stores/redis_lock.py: SQLite busy timeout,
  PostgreSQL connect, statement and lock timeouts, Redis socket timeouts) and, past its deadline, cancelled by the
  watchdog (a PostgreSQL socket that a stopped server never answers is shut down; a SQLite statement interrupted);
- a store is *degraded* while one of its calls has run longer than BACLOFEN_STORE_SLOW_SECONDS, and after a call
  failed until a call or a probe (a trivial read the watchdog runs every PROBE_SECONDS) succeeds; a store left
  idle is probed every IDLE_PROBE_SECONDS, so a server with no traffic still knows.

While a store is degraded the channels take in no new message (channels/rest.py `run_turn`): the user is told at
once that nothing of it was kept and to send it again, with the hotline; turns already under way are answered the
same way and leave nothing behind (stores/turns.py). Other conversations therefore wait for no stuck store, and the
health check (`GET /webhooks/rest/`) says which store is degraded and why.
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional

from baclofen import settings

logger = logging.getLogger(__name__)

WATCH_SECONDS = 0.1  # how often the watchdog looks at calls in flight
PROBE_SECONDS = 0.5  # how often a failed store is tried again
IDLE_PROBE_SECONDS = 2.0  # a store no call used for this long is probed, so the health check knows it anyway


class Refused(Exception):
    """An answer of the store that is not a failure of it (a full queue, an abandoned turn)."""


class TurnAbandoned(Refused):
    """The user was already answered without this turn (timeout, degraded store): its store work is skipped."""


@dataclass
class Call:
    operation: str
    started: float
    cancel: Optional[Callable[[], None]] = None  # set by the call once it holds a connection it can break
    cancelled: bool = False


@dataclass(eq=False)
class StoreCalls:
    """The calls of one store: a thread pool, the calls in flight, the last failure, a probe."""

    name: str
    threads: int
    probe: Callable[[Call], Any]
    _pool: ThreadPoolExecutor = field(init=False, repr=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)
    _in_flight: Dict[int, Call] = field(init=False, repr=False, default_factory=dict)
    _failure: Optional[str] = field(init=False, default=None)
    _probing: bool = field(init=False, default=False)
    _last_probe: float = field(init=False, default=0.0)
    _last_done: float = field(init=False, default=0.0)
    _numbers: Any = field(init=False, repr=False, default_factory=itertools.count)

    def __post_init__(self) -> None:
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix=self.name.replace(" ", "-"))
        WATCHDOG.watch(self)

    async def run(self, operation: str, function: Callable[..., Any], *args: Any, turn: Any = None) -> Any:
        """Runs function(call, *args) in this store's threads; the event loop only waits for the result."""
        loop = asyncio.get_running_loop()
        WATCHDOG.start(loop)
        return await loop.run_in_executor(self._pool, self._call, operation, function, args, turn)

    def _call(self, operation: str, function: Callable[..., Any], args: tuple, turn: Any) -> Any:
        if turn is not None and turn.abandoned:
            raise TurnAbandoned(f"{operation} skipped: the turn was abandoned by its channel")
        call = Call(operation, time.monotonic())
        number = next(self._numbers)
        with self._lock:
            self._in_flight[number] = call
        try:
            result = function(call, *args)
        except Refused:
            with self._lock:
                self._failure = None  # the store answered
            raise
        except BaseException as error:
            with self._lock:
                self._failure = f"{operation} failed ({type(error).__name__})"
            raise
        else:
            with self._lock:
                self._failure = None
            return result
        finally:
            with self._lock:
                del self._in_flight[number]
                self._last_done = time.monotonic()

    def degraded(self) -> Optional[str]:
        """Why this store cannot be relied on right now, or None."""
        slow = settings.current().store_slow_seconds
        now = time.monotonic()
        with self._lock:
            waiting = max((now - call.started for call in self._in_flight.values()), default=0.0)
            if waiting > slow:
                return f"a call has been waiting {waiting:.1f} s"
            return self._failure

    def _watch(self, now: float) -> None:
        """Cancels calls past their deadline; probes a failed store."""
        deadline = settings.current().store_timeout_seconds + 1.0
        with self._lock:
            overdue = [call for call in self._in_flight.values()
                       if now - call.started > deadline and call.cancel is not None and not call.cancelled]
            for call in overdue:
                call.cancelled = True
            due = PROBE_SECONDS if self._failure is not None else IDLE_PROBE_SECONDS
            probe = (not self._in_flight and not self._probing and now - self._last_probe >= due
                     and now - self._last_done >= due)
            if probe:
                self._probing, self._last_probe = True, now
        for call in overdue:
            logger.error("%s: a %s call passed its %.0f s deadline and was cancelled.", self.name, call.operation,
                         deadline)
            try:
                call.cancel()
            except Exception as error:  # the call itself reports what happened to it
                logger.debug("%s: cancelling failed (%s)", self.name, type(error).__name__)
        if probe:
            self._pool.submit(self._probe_once)

    def _probe_once(self) -> None:
        failed = self._failure is not None
        try:
            self._call("probe", self.probe, (), None)
            if failed:
                logger.warning("%s: answering again.", self.name.upper())
        except Exception:
            pass  # still failed; _call kept the reason
        finally:
            self._probing = False


class Watchdog:
    """One asyncio task per event loop: every WATCH_SECONDS it updates which stores are degraded (and wakes the
    turns waiting on that), cancels overdue calls and probes failed stores."""

    def __init__(self) -> None:
        self._stores: "weakref.WeakSet[StoreCalls]" = weakref.WeakSet()  # a store dropped (tests) is forgotten
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._degraded_event: Optional[asyncio.Event] = None
        self._was_degraded: Dict[str, Optional[str]] = {}

    def watch(self, store: StoreCalls) -> None:
        self._stores.add(store)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._loop is loop:
            return
        self._loop = loop
        self._degraded_event = asyncio.Event()
        loop.create_task(self._run(loop))

    async def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._loop is loop:
            now = time.monotonic()
            reasons = {}
            for store in list(self._stores):
                store._watch(now)
                reason = store.degraded()
                if reason:
                    reasons[store.name] = reason
                if bool(reason) != bool(self._was_degraded.get(store.name)):
                    if reason:
                        logger.error("%s DEGRADED (%s): new messages get an apology with the hotline until it "
                                     "answers again.", store.name.upper(), reason)
                    self._was_degraded[store.name] = reason
            if reasons:
                self._degraded_event.set()
            else:
                self._degraded_event.clear()
            await asyncio.sleep(WATCH_SECONDS)

    def degraded(self) -> Dict[str, str]:
        """Store name -> why it is degraded, for every degraded store (computed now, not from the last watch)."""
        return {store.name: reason for store in self._stores if (reason := store.degraded())}

    async def wait_degraded(self) -> None:
        """Returns once any store is degraded."""
        self.start(asyncio.get_running_loop())
        await self._degraded_event.wait()


WATCHDOG = Watchdog()
