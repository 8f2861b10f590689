"""stores/queued_lock.py: messages of one conversation are served one at a time, first come first served, each woken
the moment the one before it is done (Rasa's lock polls once a second); the queue is bounded with a refusal; a
message given up leaves the queue; other conversations never wait."""
from __future__ import annotations

import asyncio
import time

import pytest


async def _turns(store, conversation, count, work=0.01, gap=0.0):
    order = []

    async def turn(number):
        await asyncio.sleep(number * gap)
        async with store.lock(conversation):
            order.append(number)
            await asyncio.sleep(work)

    started = time.monotonic()
    await asyncio.gather(*(turn(i) for i in range(count)))
    return order, time.monotonic() - started


def test_waiting_messages_are_served_in_arrival_order_and_woken_at_release():
    from rasa.core.lock_store import InMemoryLockStore

    from stores.queued_lock import QueuedInMemoryLockStore

    order, seconds = asyncio.run(_turns(QueuedInMemoryLockStore(), "c", 20))
    assert order == list(range(20))
    assert seconds < 1.0, seconds  # 20 x 10 ms of work
    # Rasa's own store, for contrast: each waiting message sleeps a whole second between looks at the lock
    _, stock_seconds = asyncio.run(_turns(InMemoryLockStore(), "c", 3))
    assert stock_seconds > 1.0, stock_seconds


def test_beyond_the_stated_limit_a_message_is_refused_at_once(configure):
    configure(BACLOFEN_MAX_WAITING_MESSAGES="3")
    from stores.queued_lock import QueuedInMemoryLockStore, QueueFull

    async def scenario():
        store = QueuedInMemoryLockStore()
        served = []
        release = asyncio.Event()

        async def hold():
            async with store.lock("c"):
                await release.wait()

        async def wait(number):
            async with store.lock("c"):
                served.append(number)

        holder = asyncio.ensure_future(hold())
        await asyncio.sleep(0)
        waiting = [asyncio.ensure_future(wait(i)) for i in range(3)]
        await asyncio.sleep(0)
        started = time.monotonic()
        with pytest.raises(QueueFull):
            async with store.lock("c"):
                pass
        refused_after = time.monotonic() - started
        release.set()
        await asyncio.gather(holder, *waiting)
        return served, refused_after, store.queues.waiting("c")

    served, refused_after, left = asyncio.run(scenario())
    assert served == [0, 1, 2] and refused_after < 0.1 and left == 0


def test_a_message_given_up_leaves_the_queue_and_the_others_go_on():
    from stores.queued_lock import QueuedInMemoryLockStore

    async def scenario():
        store = QueuedInMemoryLockStore()
        served, release = [], asyncio.Event()

        async def hold():
            async with store.lock("c"):
                await release.wait()

        async def wait(name):
            async with store.lock("c"):
                served.append(name)

        holder = asyncio.ensure_future(hold())
        await asyncio.sleep(0)
        first, given_up, last = (asyncio.ensure_future(wait(name)) for name in ("first", "given up", "last"))
        await asyncio.sleep(0)
        given_up.cancel()  # its reply timeout passed
        release.set()
        await asyncio.gather(holder, first, last)
        # the conversation is free again: a new message goes straight in
        started = time.monotonic()
        async with store.lock("c"):
            pass
        return served, time.monotonic() - started, store.queues._busy

    served, seconds, busy = asyncio.run(scenario())
    assert served == ["first", "last"] and seconds < 0.05 and busy == {}


def test_other_conversations_never_wait_for_a_busy_one():
    from stores.queued_lock import QueuedInMemoryLockStore

    async def scenario():
        store = QueuedInMemoryLockStore()
        release = asyncio.Event()

        async def hold():
            async with store.lock("busy"):
                await release.wait()

        holder = asyncio.ensure_future(hold())
        await asyncio.sleep(0)
        started = time.monotonic()
        async with store.lock("other"):
            seconds = time.monotonic() - started
        release.set()
        await holder
        return seconds

    assert asyncio.run(scenario()) < 0.05
