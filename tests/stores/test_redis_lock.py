"""stores/redis_lock.py against a real Redis on loopback, with two lock stores standing for two Rasa servers: one
conversation's messages are served in ticket order across both, each woken by the release (no 1 s polling); the
queue limit holds across servers; a ticket asked for by a message that already gave up is never issued; Rasa's own
store reads the lock; a hung Redis makes the lock store degraded with every call bounded, not the server stuck; a
lock lives only while its holder renews it: a killed holder's lock lapses within the lease, a living one's never."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from urllib.parse import urlparse

import pytest


def _store(url):
    from stores.redis_lock import AtomicRedisLockStore

    parsed = urlparse(url)
    return AtomicRedisLockStore(host=parsed.hostname, port=parsed.port, password=parsed.password, db=4,
                                key_prefix="test")


def test_two_servers_serve_one_conversation_in_order_woken_at_release(redis_url):
    url, _, _ = redis_url

    async def scenario():
        servers = [_store(url), _store(url)]
        order = []

        async def turn(number):
            await asyncio.sleep(number * 0.01)  # arrival order
            async with servers[number % 2].lock("c"):
                order.append(number)
                await asyncio.sleep(0.02)

        started = time.monotonic()
        await asyncio.gather(*(turn(i) for i in range(10)))
        return order, time.monotonic() - started

    order, seconds = asyncio.run(scenario())
    assert order == list(range(10))
    assert seconds < 1.5, seconds  # 10 x 20 ms of work; Rasa's RedisLockStore polls once a second per waiter


def test_the_waiting_limit_holds_across_servers(redis_url, configure):
    configure(BACLOFEN_MAX_WAITING_MESSAGES="2")
    url, _, _ = redis_url
    from stores.queued_lock import QueueFull

    async def scenario():
        first, second = _store(url), _store(url)
        release, served = asyncio.Event(), []

        async def hold():
            async with first.lock("c"):
                await release.wait()

        async def wait(store, number):
            async with store.lock("c"):
                served.append(number)

        holder = asyncio.ensure_future(hold())
        await asyncio.sleep(0.1)
        waiting = []
        for number, store in enumerate((second, first)):
            waiting.append(asyncio.ensure_future(wait(store, number)))
            await asyncio.sleep(0.1)
        with pytest.raises(QueueFull):
            async with second.lock("c"):
                pass
        release.set()
        await asyncio.gather(holder, *waiting)
        return served, first.get_lock("c")

    served, left = asyncio.run(scenario())
    assert served == [0, 1] and left is None  # all tickets given back


def test_a_ticket_asked_for_after_its_message_gave_up_is_never_issued(redis_url):
    """A call that timed out can still reach Redis later: the give-up comes first, the ticket must not follow."""
    url, _, _ = redis_url
    from rasa.core.lock_store import LockError

    store = _store(url)
    assert store._release(None, "c", "token-1") is None  # the message gave up (nothing issued yet)
    with pytest.raises(LockError):
        store._take_ticket(None, "c", 60, 10, "token-1")  # its issue command arrives afterwards
    assert store.get_lock("c") is None
    ticket = store._take_ticket(None, "c", 60, 10, "token-2")
    assert store._check(None, "c", ticket) is None  # served now


def test_rasas_own_store_reads_the_lock(redis_url):
    url, _, _ = redis_url
    from rasa.core.lock_store import RedisLockStore

    ours = _store(url)
    first = ours._take_ticket(None, "c", 60, 10, "a")
    second = ours._take_ticket(None, "c", 60, 10, "b")
    parsed = urlparse(url)
    stock = RedisLockStore(host=parsed.hostname, port=parsed.port, password=parsed.password, db=4,
                           key_prefix="test")
    lock = stock.get_lock("c")
    assert [t.number for t in lock.tickets] == [first, second] and not lock.is_locked(first)
    ours._release(None, "c", "a")
    assert not stock.get_lock("c").is_locked(second)


def test_a_hung_redis_makes_the_lock_store_degraded_and_every_call_bounded(redis_url, configure):
    configure(BACLOFEN_STORE_TIMEOUT_SECONDS="1", BACLOFEN_STORE_SLOW_SECONDS="0.3")
    url, server, _ = redis_url

    async def scenario():
        store = _store(url)
        async with store.lock("warm"):
            pass
        os.kill(server.pid, signal.SIGSTOP)
        try:
            gaps, ticking = [], True

            async def ticker():  # the event loop must stay free for everyone else
                last = time.monotonic()
                while ticking:
                    await asyncio.sleep(0.01)
                    gaps.append(time.monotonic() - last)
                    last = time.monotonic()

            tick = asyncio.ensure_future(ticker())
            started = time.monotonic()
            degraded_seen = {}

            async def look():
                while ticking:
                    reason = store.calls.degraded()  # what the health check reports for it
                    if reason:
                        degraded_seen["lock store"] = reason
                    await asyncio.sleep(0.05)

            looking = asyncio.ensure_future(look())
            with pytest.raises(Exception):
                async with store.lock("c"):
                    pass
            failed_after = time.monotonic() - started
            ticking = False
            await asyncio.gather(tick, looking)
        finally:
            os.kill(server.pid, signal.SIGCONT)
        deadline = time.monotonic() + 5
        while store.calls.degraded() and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        recovered = not store.calls.degraded()
        async with store.lock("c"):  # and it works again
            pass
        return failed_after, max(gaps), degraded_seen, recovered

    failed_after, longest_gap, degraded_seen, recovered = asyncio.run(scenario())
    assert failed_after < 3.5, failed_after  # bounded by the socket timeout, not stuck
    assert longest_gap < 0.2, longest_gap
    assert "lock store" in degraded_seen and recovered


LEASE = "1.5"
# A second "Rasa server": takes conversation c's lock, says so, and holds it until killed.
HOLDER = textwrap.dedent("""
    import asyncio, sys
    from urllib.parse import urlparse
    from stores.redis_lock import AtomicRedisLockStore

    async def main():
        parsed = urlparse(sys.argv[1])
        store = AtomicRedisLockStore(host=parsed.hostname, port=parsed.port, password=parsed.password, db=4,
                                     key_prefix="test")
        async with store.lock("c"):
            print("held", flush=True)
            await asyncio.sleep(3600)

    asyncio.run(main())
""")


def test_a_killed_servers_lock_lapses_within_the_lease(redis_url, configure):
    configure(BACLOFEN_LOCK_LEASE_SECONDS=LEASE)
    url, _, _ = redis_url
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, url], stdout=subprocess.PIPE, text=True,
                              env=dict(os.environ, BACLOFEN_LOCK_LEASE_SECONDS=LEASE))
    try:
        assert holder.stdout.readline().strip() == "held"
        time.sleep(2 * float(LEASE))  # renewed meanwhile: still held past its first lease
        store = _store(url)
        assert store._take_ticket(None, "c", 60, 10, "probe") == 1 and store._check(None, "c", 1) is not None
        store._release(None, "c", "probe")
        holder.kill()  # kill -9: no release, no more renewals
        killed = time.monotonic()

        async def take():
            async with store.lock("c"):
                return time.monotonic() - killed

        waited = asyncio.run(take())
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert waited < float(LEASE) + 0.5, waited  # Rasa's lifetime is 60 s


def test_a_living_holder_keeps_its_lock_past_the_lease(redis_url, configure):
    configure(BACLOFEN_LOCK_LEASE_SECONDS="0.6")
    url, _, _ = redis_url

    async def scenario():
        first, second = _store(url), _store(url)
        order = []

        async def hold():
            async with first.lock("c"):
                order.append("first in")
                await asyncio.sleep(2.5)  # four leases: only the heartbeat keeps it
                order.append("first out")

        async def wait():
            await asyncio.sleep(0.2)
            async with second.lock("c"):
                order.append("second in")

        await asyncio.gather(hold(), wait())
        return order

    assert asyncio.run(scenario()) == ["first in", "first out", "second in"]
