"""Rasa's RedisLockStore with atomic ticket handling, for several Rasa servers sharing one Redis.

Rasa 3.6's RedisLockStore issues, finishes and cleans up tickets by reading the conversation's lock from Redis,
changing it in Python and writing it back. When two servers receive messages of one conversation at the same
moment, both can read "no lock", both issue ticket 0 and both process the conversation at once: a turn is then lost
from the stored conversation (tests/e2e/test_shared_state.py reproduced it). Here every such read-change-write runs
under a short Redis mutex (SET NX with expiry, released by token: redis-py's Lock), so tickets are issued strictly
one after the other across servers. Configuration as for `type: redis` (endpoints.production.yml).
"""
from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_SECONDS = 10  # a mutex is held for a few Redis round trips; it expires on its own if a server dies holding it


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a custom lock store as cls(endpoint_config=...); the keys are those of `type: redis`.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: Text):
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS,
                             blocking_timeout=MUTEX_SECONDS, sleep=0.005)

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
