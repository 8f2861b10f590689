"""A memory of keys already handled, in this process or shared by several servers through Redis.

The Slack channel remembers which events it answered (Slack retries, one mention delivered twice) and in which
threads a user talks with the bot. With one Rasa server a bounded set in memory is enough; with several behind one
request URL, a retry can reach another server, which must know the first one answered. `key_memory(url)` gives the
local memory when `url` is empty, and a Redis-backed one otherwise (`redis://[:password@]host:port/db`).

The Redis memory always keeps a local copy too: when Redis fails, the server still never answers the same event
twice itself, logs the failure, and answers rather than stays silent (a duplicate answer to a clinician costs less
than none).
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Hashable, Optional, Sequence

logger = logging.getLogger(__name__)

LOCAL_SIZE = 10_000  # keys remembered per process
# Seen-before check and marking of all keys in one step, so two servers given the same event at the same moment
# cannot both take it.
_FIRST_TIME_SCRIPT = """
for _, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('SET', key, '1', 'EX', ARGV[1])
end
return 1
"""


class LRUSet:
    """A bounded set: remembers the most recent `size` keys."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: "OrderedDict[Hashable, None]" = OrderedDict()

    def __contains__(self, key: Hashable) -> bool:
        if key in self._keys:
            self._keys.move_to_end(key)
            return True
        return False

    def add(self, key: Hashable) -> None:
        self._keys[key] = None
        self._keys.move_to_end(key)
        while len(self._keys) > self.size:
            self._keys.popitem(last=False)

    def __len__(self) -> int:
        return len(self._keys)


class LocalKeyMemory:
    """Keys are tuples of strings. Remembered in this process only."""

    def __init__(self, size: int = LOCAL_SIZE) -> None:
        self._local = LRUSet(size)

    def _first_time_locally(self, keys: Sequence[Hashable]) -> bool:
        if any(key in self._local for key in keys):
            return False
        for key in keys:
            self._local.add(key)
        return True

    async def first_time(self, *keys: Optional[Hashable], ttl_seconds: int) -> bool:
        """True, and remembers the keys, unless one of them was seen before. None keys are ignored."""
        return self._first_time_locally([key for key in keys if key is not None])

    async def contains(self, key: Hashable) -> bool:
        return key in self._local

    async def add(self, key: Hashable, ttl_seconds: int) -> None:
        self._local.add(key)


class RedisKeyMemory(LocalKeyMemory):
    """Shared by every server on the same Redis; each key expires after its ttl."""

    def __init__(self, url: str, prefix: str, size: int = LOCAL_SIZE) -> None:
        import redis.asyncio

        super().__init__(size)
        self._redis = redis.asyncio.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix
        self._first_time_script = self._redis.register_script(_FIRST_TIME_SCRIPT)

    def _name(self, key: Hashable) -> str:
        parts = key if isinstance(key, tuple) else (key,)
        return self._prefix + "\x1f".join(str(part) for part in parts)

    @staticmethod
    def _failed(operation: str, error: Exception) -> None:
        logger.error("Shared key memory (Redis) failed during %s (%s): this server decides alone.", operation,
                     type(error).__name__)

    async def first_time(self, *keys: Optional[Hashable], ttl_seconds: int) -> bool:
        present = [key for key in keys if key is not None]
        if not present:
            return True
        if not self._first_time_locally(present):
            return False
        try:
            return bool(await self._first_time_script(keys=[self._name(k) for k in present], args=[ttl_seconds]))
        except Exception as error:  # Redis down or unreachable: this server's own memory decides
            self._failed("first_time", error)
            return True

    async def contains(self, key: Hashable) -> bool:
        if key in self._local:
            return True
        try:
            return bool(await self._redis.exists(self._name(key)))
        except Exception as error:
            self._failed("contains", error)
            return False

    async def add(self, key: Hashable, ttl_seconds: int) -> None:
        self._local.add(key)
        try:
            await self._redis.set(self._name(key), "1", ex=ttl_seconds)
        except Exception as error:
            self._failed("add", error)


def key_memory(url: Optional[str], prefix: str) -> LocalKeyMemory:
    """Redis-backed when `url` is set, else local to this process."""
    return RedisKeyMemory(url, prefix) if url else LocalKeyMemory()
