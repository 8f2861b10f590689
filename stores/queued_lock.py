"""The per-conversation queue: messages of one conversation are answered one at a time, in the order they arrived,
each woken the moment the one before it is done.

Rasa's lock stores hand out tickets and make every waiting message poll its lock once a second
(`LockStore._acquire_lock`, wait_time_in_seconds=1): 20 messages sent together for one sender took 10 s to drain
and half of them ran past the reply timeout. Here a waiting message sleeps until the message before it
releases the conversation. The queue is bounded: beyond BACLOFEN_MAX_WAITING_MESSAGES messages waiting for one
conversation a message is refused with `QueueFull`, which the channels answer plainly (channels/rest.py). Fair
between conversations: one conversation never has more than one message being answered, so a flood from one
sender waits in its own queue while everyone else is served.

`QueuedInMemoryLockStore` is the embedded set-up's lock store (endpoints.yml): one Rasa server process. Several
servers use stores/redis_lock.py, which queues through Redis the same way.
"""
from __future__ import annotations

import asyncio
import collections
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Deque, Dict, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError
from rasa.utils.endpoints import EndpointConfig

from baclofen import settings
from stores.calls import Refused


class QueueFull(LockError, Refused):
    """Too many messages of this conversation are waiting already."""


class ConversationQueues:
    """In one process: per conversation, whether a message is being answered and who waits, first come first
    served. Lives on the event loop (no thread touches it)."""

    def __init__(self) -> None:
        self._busy: Dict[str, Deque["asyncio.Future[None]"]] = {}  # conversation -> its waiting messages

    def waiting(self, conversation_id: str) -> int:
        return len(self._busy.get(conversation_id, ()))

    async def acquire(self, conversation_id: str, limit: Optional[int] = None) -> None:
        waiters = self._busy.get(conversation_id)
        if waiters is None:
            self._busy[conversation_id] = collections.deque()
            return
        if limit is not None and len(waiters) >= limit:
            raise QueueFull(f"{len(waiters)} messages of this conversation are waiting already")
        turn: "asyncio.Future[None]" = asyncio.get_running_loop().create_future()
        waiters.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.release(conversation_id)  # it was our turn just as we gave up: pass it on
            elif turn in waiters:  # (release() skips, and drops, a waiter already cancelled)
                waiters.remove(turn)
            raise

    def release(self, conversation_id: str) -> None:
        waiters = self._busy.get(conversation_id)
        if waiters is None:
            return
        while waiters:
            turn = waiters.popleft()
            if not turn.done():
                turn.set_result(None)  # the conversation stays busy: handed to the next message
                return
        del self._busy[conversation_id]


class QueuedInMemoryLockStore(InMemoryLockStore):
    """Rasa's in-memory lock store with `lock()` (what Rasa's agent and HTTP API call) as a bounded FIFO that wakes
    on release. Configured in endpoints.yml as `type: stores.queued_lock.QueuedInMemoryLockStore`; one Rasa server
    process only (like Rasa's own in-memory lock store, and Rasa runs one Sanic worker with it by default)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **_: Any) -> None:
        super().__init__()
        self.queues = ConversationQueues()

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        await self.queues.acquire(conversation_id, settings.current().max_waiting_messages)
        try:
            yield TicketLock(conversation_id)
        finally:
            self.queues.release(conversation_id)
