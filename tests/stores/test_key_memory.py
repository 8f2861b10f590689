"""The memory of handled keys (stores/key_memory.py) against a real Redis on loopback: two servers' memories agree,
at the same moment too; keys expire; when Redis goes away each server still never repeats itself, and says so."""
from __future__ import annotations

import asyncio
import logging
import time

import pytest
import redis

from stores.key_memory import LocalKeyMemory, LRUSet, RedisKeyMemory, key_memory


def test_two_servers_share_what_was_handled(redis_url):
    url, _, client = redis_url

    async def scenario():
        first, second = RedisKeyMemory(url, "t:"), RedisKeyMemory(url, "t:")
        assert await first.first_time(("event", "Ev1"), ("post", "C1", "1.1"), ttl_seconds=60)
        assert not await second.first_time(("event", "Ev1"), None, ttl_seconds=60)  # a retry elsewhere
        assert not await second.first_time(("event", "Ev2"), ("post", "C1", "1.1"), ttl_seconds=60)  # same post
        assert not await first.first_time(("event", "Ev1"), ttl_seconds=60)  # and here again
        assert await first.first_time(None, ttl_seconds=60)  # nothing to remember: new
        await first.add(("C1", "1.1", "U1"), ttl_seconds=30)
        assert await second.contains(("C1", "1.1", "U1"))
        assert not await second.contains(("C1", "1.1", "U2"))

    asyncio.run(scenario())
    assert 0 < client.ttl("t:event\x1fEv1") <= 60
    assert 0 < client.ttl("t:C1\x1f1.1\x1fU1") <= 30


def test_the_same_event_at_the_same_moment_on_many_servers_is_taken_once(redis_url):
    url, _, _ = redis_url

    async def scenario():
        servers = [RedisKeyMemory(url, "race:") for _ in range(8)]
        results = []
        for n in range(30):
            keys = (("event", f"Ev{n}"), ("post", "C9", f"{n}.0"))
            results.append(await asyncio.gather(*(s.first_time(*keys, ttl_seconds=60) for s in servers)))
        return results

    for outcome in asyncio.run(scenario()):
        assert sum(outcome) == 1, outcome


def test_keys_expire(redis_url):
    url, _, _ = redis_url

    async def scenario():
        first, second = RedisKeyMemory(url, "ttl:"), RedisKeyMemory(url, "ttl:")
        assert await first.first_time(("event", "EvT"), ttl_seconds=1)
        await asyncio.sleep(1.5)
        return await second.first_time(("event", "EvT"), ttl_seconds=1)

    assert asyncio.run(scenario())  # forgotten by Redis: the other server may take it


def test_without_redis_each_server_decides_alone_and_logs_it(redis_url, caplog):
    url, server, _ = redis_url
    server.terminate()
    server.wait(timeout=10)

    async def scenario():
        memory = RedisKeyMemory(url, "down:")
        new = await memory.first_time(("event", "EvD"), ttl_seconds=60)
        repeat = await memory.first_time(("event", "EvD"), ttl_seconds=60)
        await memory.add(("C", "1", "U"), ttl_seconds=60)
        return new, repeat, await memory.contains(("C", "1", "U")), await memory.contains(("C", "2", "U"))

    with caplog.at_level(logging.ERROR, logger="stores.key_memory"):
        new, repeat, known_thread, unknown_thread = asyncio.run(scenario())
    assert new and not repeat  # answers rather than stays silent, and never twice itself
    assert known_thread and not unknown_thread
    assert "Shared key memory (Redis) failed" in caplog.text


def test_local_memory_without_url_and_its_bound():
    memory = key_memory(None, "x:")
    assert type(memory) is LocalKeyMemory

    async def scenario():
        assert await memory.first_time(("event", "a"), ttl_seconds=1)
        assert not await memory.first_time(("event", "a"), ("post", "b"), ttl_seconds=1)
        return await memory.first_time(("post", "b"), ttl_seconds=1)

    assert asyncio.run(scenario())  # a refused call stores none of its keys (as in Redis)
    seen = LRUSet(3)
    for key in "abcd":
        seen.add(key)
    assert len(seen) == 3 and "a" not in seen and "d" in seen
