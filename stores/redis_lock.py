"""Rasa's RedisLockStore for several Rasa servers sharing one Redis: tickets issued atomically, a bounded queue per
conversation that wakes on release, and every Redis call bounded and off the event loop.

- Atomic tickets. Rasa 3.6's RedisLockStore issues, finishes and cleans up tickets by reading the conversation's
  lock from Redis, changing it in Python and writing it back. When two servers receive messages of one conversation
  at the same moment, both can read "no lock", both issue ticket 0 and both process the conversation at once: a
  turn is then lost from the stored conversation (tests/e2e/test_shared_state.py reproduced it). Here every such
  read-change-write is one Lua script that Redis runs atomically, on the same stored lock (Rasa's JSON, so Rasa's
  tools still read it): tickets are issued strictly in the order the messages reach Redis, in one round trip.
- Woken on release. Rasa polls the lock once a second; here the server that releases a conversation publishes the
  next ticket on a Redis channel, and the server holding that ticket goes on at once (each server listens in one
  thread; a waiting message also looks again every POLL_SECONDS, for a missed message, and at the moment the
  ticket ahead of it lapses).
- Held only while its holder lives (a heartbeat). A ticket lives BACLOFEN_LOCK_LEASE_SECONDS (2 s), not Rasa's
  60 s, and each server renews the tickets of its waiting and running messages every quarter of that, all in one
  Redis call from a thread of its own (so a busy event loop does not stop it). A server killed mid-turn stops
  renewing: its tickets lapse within the lease and the other servers go on with those conversations (with
  Rasa's own lifetime, a `kill -9` blocked them for 61 s). BACLOFEN_LOCK_LEASE_SECONDS=0: Rasa's lifetime, no heartbeat.
- Bounded. Beyond BACLOFEN_MAX_WAITING_MESSAGES waiting messages a message is refused (stores/queued_lock.py
  QueueFull). Redis calls run in their own threads with socket timeouts (BACLOFEN_STORE_TIMEOUT_SECONDS) and count
  towards the lock store's health (stores/calls.py): a hung Redis makes the lock store degraded, not the server
  frozen.

Configuration as for `type: redis` (endpoints.production.yml).
"""
from __future__ import annotations

import asyncio
import logging
import threading
import time
import uuid
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Dict, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from baclofen import settings
from stores.calls import Call, StoreCalls
from stores.queued_lock import QueueFull
from stores.turns import CURRENT_TURN

logger = logging.getLogger(__name__)

LOCK_THREADS = 8  # Redis calls at once per Rasa server (one round trip each)
POLL_SECONDS = 1.0  # a waiting message looks again this often even when no release was announced
RENEWALS_PER_LEASE = 4  # a ticket is renewed this many times per lease: three renewals may fail before it lapses
RETRY_SECONDS = 0.5  # a release that failed (Redis not answering) is tried again this often, until it succeeds

# The conversation's lock as Rasa stores it: {"conversation_id": ..., "tickets": ["{\"number\": n, \"expires\": t}",
# ...]}; a ticket has expired when now > expires (rasa.core.lock.Ticket). Each script keeps only unexpired tickets.
# A ticket also carries its message's random token (Rasa ignores it), by which it is released.
_UNEXPIRED = """
local function unexpired(raw, now)
  local kept = {}
  if raw then
    for _, text in ipairs(cjson.decode(raw)['tickets'] or {}) do
      local ticket = cjson.decode(text)
      if ticket['expires'] >= now then table.insert(kept, ticket) end
    end
  end
  return kept
end
local function store(key, conversation_id, tickets)
  if #tickets == 0 then redis.call('DEL', key) return end
  local texts = {}
  for i, ticket in ipairs(tickets) do
    texts[i] = cjson.encode({number = ticket['number'], expires = ticket['expires'], token = ticket['token']})
  end
  redis.call('SET', key, cjson.encode({conversation_id = conversation_id, tickets = texts}))
end
"""
# ARGV: conversation id, now, lifetime, most waiting, token. Returns the new ticket; -1 - (tickets waiting) when
# full; GIVEN_UP when the message gave up its ticket before this ran (a call that timed out can still reach Redis).
ISSUE = _UNEXPIRED + """
if redis.call('EXISTS', KEYS[2]) == 1 then return -2147483648 end
local tickets = unexpired(redis.call('GET', KEYS[1]), tonumber(ARGV[2]))
local waiting = math.max(#tickets - 1, 0)
if waiting >= tonumber(ARGV[4]) then return -1 - waiting end
local number = 0
if #tickets > 0 then number = tickets[#tickets]['number'] + 1 end
table.insert(tickets, {number = number, expires = tonumber(ARGV[2]) + tonumber(ARGV[3]), token = ARGV[5]})
store(KEYS[1], ARGV[1], tickets)
return number
"""
GIVEN_UP = -2147483648
# ARGV: conversation id, now, ticket. Returns 1 when that ticket is served now, -1 when it is gone, and while it
# waits WAITING + the milliseconds until the ticket being served lapses (unless renewed).
CHECK = _UNEXPIRED + """
local raw = redis.call('GET', KEYS[1])
local tickets = unexpired(raw, tonumber(ARGV[2]))
if raw and #tickets ~= #cjson.decode(raw)['tickets'] then store(KEYS[1], ARGV[1], tickets) end
for index, ticket in ipairs(tickets) do
  if ticket['number'] == tonumber(ARGV[3]) then
    if index == 1 then return 1 end
    return 2 + math.floor(1000 * (tickets[1]['expires'] - tonumber(ARGV[2])))
  end
end
return -1
"""
WAITING = 2
# KEYS: conversations; ARGV: now, lease, then one token per key. Each token's ticket, if it has not lapsed, lives
# another lease from now (a lapsed one stays lapsed: another server may already be answering). Returns how many.
RENEW = """
local now, lease, renewed = tonumber(ARGV[1]), tonumber(ARGV[2]), 0
for i, key in ipairs(KEYS) do
  local raw = redis.call('GET', key)
  if raw then
    local lock, changed = cjson.decode(raw), false
    local texts = {}
    for j, text in ipairs(lock['tickets'] or {}) do
      local ticket = cjson.decode(text)
      if ticket['token'] == ARGV[i + 2] and ticket['expires'] >= now then
        changed, renewed = true, renewed + 1
        text = cjson.encode({number = ticket['number'], expires = now + lease, token = ticket['token']})
      end
      texts[j] = text
    end
    if changed then redis.call('SET', key, cjson.encode({conversation_id = lock['conversation_id'], tickets = texts})) end
  end
end
return renewed
"""
# ARGV: conversation id, now, token, channel, lifetime. Removes the message's ticket, and bars it from being issued
# later; announces and returns the ticket now served (or -1).
RELEASE = _UNEXPIRED + """
local kept, found = {}, false
for _, ticket in ipairs(unexpired(redis.call('GET', KEYS[1]), tonumber(ARGV[2]))) do
  if ticket['token'] ~= ARGV[3] then table.insert(kept, ticket) else found = true end
end
if not found then redis.call('SET', KEYS[2], '1', 'EX', math.ceil(tonumber(ARGV[5]))) end
store(KEYS[1], ARGV[1], kept)
if #kept == 0 then return -1 end
redis.call('PUBLISH', ARGV[4], kept[1]['number'] .. ':' .. ARGV[1])
return kept[1]['number']
"""


def _outcome_seen(call: "asyncio.Future") -> None:
    """A call whose caller gave up: its outcome is handled (give back, retry) elsewhere, not an unseen error."""
    if not call.cancelled():
        call.exception()


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa builds a custom lock store as cls(endpoint_config=...); the keys are those of `type: redis`.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        self.timeout = float(kwargs.pop("socket_timeout", None) or settings.current().store_timeout_seconds)
        super().__init__(socket_timeout=self.timeout, **kwargs)
        # connecting is bounded too (Rasa sets only the read/write timeout)
        self.red.connection_pool.connection_kwargs["socket_connect_timeout"] = self.timeout
        self.calls = StoreCalls("lock store", LOCK_THREADS, lambda call: self.red.ping())
        self.release_channel = f"{self.key_prefix}released"
        self._issue, self._check_script, self._release_script, self._renew_script = (
            self.red.register_script(script) for script in (ISSUE, CHECK, RELEASE, RENEW))
        self.lease = settings.current().lock_lease_seconds  # 0: Rasa's lifetime, no heartbeat
        self._renewing: Dict[str, str] = {}  # token -> conversation, of every message here waiting or answered
        self._waiting: Dict[str, Dict[int, asyncio.Event]] = {}  # conversation -> ticket -> its waiter, here
        self._issuing: Dict[str, asyncio.Lock] = {}  # conversation -> its tickets issued here one after the other
        self._tokens: Dict[Any, str] = {}  # (conversation, ticket) -> token, for Rasa's issue_ticket/cleanup
        self._listening: Optional[asyncio.AbstractEventLoop] = None

    # ------------------------------------------------------------------ Rasa's LockStore interface, made atomic

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        token = uuid.uuid4().hex
        ticket = self._take_ticket(None, conversation_id, lock_lifetime, 2**31, token)
        self._tokens[(conversation_id, ticket)] = token
        return ticket

    def update_lock(self, conversation_id: Text) -> None:
        self._check(None, conversation_id, -1)  # drops expired tickets

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Rasa's way in (tickets of issue_ticket): only the tickets issued here have a known token."""
        token = self._tokens.pop((conversation_id, ticket_number), None)
        if token is not None:
            self._wake_here(conversation_id, self._release(None, conversation_id, token))

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = POLL_SECONDS) -> AsyncGenerator[TicketLock, None]:
        """Rasa's lock (what the agent and the HTTP API call): a ticket, a wait in line, the release."""
        self._listen(asyncio.get_running_loop())
        limit = settings.current().max_waiting_messages
        turn = CURRENT_TURN.get()  # a turn its channel gave up on takes no ticket and waits no more
        token = uuid.uuid4().hex
        lifetime = self.lease or lock_lifetime
        self._renewing[token] = conversation_id  # kept alive by the heartbeat until given back
        try:
            try:
                ticket = await self._ticket_in_arrival_order(conversation_id, lifetime, limit, token, turn)
            except QueueFull:
                raise
            except BaseException:  # cancelled or failed, but the command may still reach Redis: bar and drop it
                asyncio.ensure_future(self._give_back(conversation_id, token))
                raise
            try:
                await self._wait_for_turn(conversation_id, ticket, turn)
                yield TicketLock(conversation_id)
            finally:
                await self._give_back(conversation_id, token)
        finally:
            self._renewing.pop(token, None)

    async def _ticket_in_arrival_order(self, conversation_id: Text, lifetime: float, limit: int, token: str,
                                       turn: Any) -> int:
        """Messages of one conversation reaching this server get their tickets in the order they arrived (one
        issue at a time per conversation; asyncio's lock wakes its waiters first come first served)."""
        issuing = self._issuing.setdefault(conversation_id, asyncio.Lock())
        try:
            async with issuing:
                call = asyncio.ensure_future(self.calls.run("issue", self._take_ticket, conversation_id, lifetime,
                                                            limit, token, turn=turn))
                call.add_done_callback(_outcome_seen)
                return await asyncio.shield(call)  # a call given up on still ends (it is bounded) in its thread
        finally:
            if not issuing.locked() and self._issuing.get(conversation_id) is issuing:
                del self._issuing[conversation_id]

    # ------------------------------------------------------------------ in the lock store's threads

    def _key(self, conversation_id: Text) -> str:
        return self.key_prefix + conversation_id

    def _given_up_key(self, token: str) -> str:
        return f"{self.key_prefix}given-up:{token}"

    def _take_ticket(self, call: Optional[Call], conversation_id: Text, lifetime: float, limit: int,
                     token: str) -> int:
        ticket = int(self._issue(keys=[self._key(conversation_id), self._given_up_key(token)],
                                 args=[conversation_id, time.time(), lifetime, limit, token]))
        if ticket == GIVEN_UP:
            raise LockError("A ticket was asked for by a message that had already given up.")
        if ticket < 0:
            raise QueueFull(f"{-1 - ticket} messages of this conversation are waiting already")
        return ticket

    def _release(self, call: Optional[Call], conversation_id: Text, token: str) -> Optional[int]:
        """Gives the conversation up (the ticket of `token`, issued or still to come); returns the ticket now served
        (announced to every server), or None."""
        following = int(self._release_script(
            keys=[self._key(conversation_id), self._given_up_key(token)],
            args=[conversation_id, time.time(), token, self.release_channel, LOCK_LIFETIME]))
        return None if following < 0 else following

    def _check(self, call: Optional[Call], conversation_id: Text, ticket: int) -> Optional[float]:
        """None when `ticket` is served now, else the seconds until the ticket being served lapses unless renewed;
        LockError when `ticket` is no longer in the lock (it expired)."""
        served = int(self._check_script(keys=[self._key(conversation_id)], args=[conversation_id, time.time(), ticket]))
        if served < 0 and ticket >= 0:
            raise LockError("Could not acquire lock for a conversation: its ticket expired.")
        return None if served == 1 else max(0, served - WAITING) / 1000

    def _renew(self, tokens: Dict[str, str]) -> int:
        """The heartbeat's one Redis call: every ticket of `tokens` (token -> conversation) lives a lease more."""
        return int(self._renew_script(keys=[self._key(conversation) for conversation in tokens.values()],
                                      args=[time.time(), self.lease, *tokens.keys()]))

    # ------------------------------------------------------------------ on the event loop

    async def _give_back(self, conversation_id: Text, token: str) -> None:
        """Releases the message's ticket. If Redis does not answer, the release is retried in the background until
        it does: a ticket left behind would hold every later message of the conversation for a ticket's lifetime."""
        releasing = asyncio.ensure_future(self.calls.run("release", self._release, conversation_id, token))
        releasing.add_done_callback(_outcome_seen)
        try:
            self._wake(conversation_id, await asyncio.shield(releasing))
        except asyncio.CancelledError:
            releasing.add_done_callback(lambda done: self._retry_if_failed(conversation_id, token, done))
            raise
        except Exception as error:
            logger.error("Lock store: releasing a conversation failed (%s); trying again.", type(error).__name__)
            asyncio.ensure_future(self._retry_release(conversation_id, token))

    def _retry_if_failed(self, conversation_id: Text, token: str, releasing: "asyncio.Future") -> None:
        if releasing.cancelled() or releasing.exception() is not None:
            asyncio.ensure_future(self._retry_release(conversation_id, token))
        else:
            self._wake(conversation_id, releasing.result())

    async def _retry_release(self, conversation_id: Text, token: str) -> None:
        deadline = time.monotonic() + LOCK_LIFETIME  # by then the ticket has expired anyway
        while time.monotonic() < deadline:
            await asyncio.sleep(RETRY_SECONDS)
            try:
                self._wake(conversation_id, await self.calls.run("release", self._release, conversation_id, token))
                logger.warning("Lock store: a conversation left locked during a fault is released.")
                return
            except Exception:
                continue

    async def _wait_for_turn(self, conversation_id: Text, ticket: int, turn: Any = None) -> None:
        woken = asyncio.Event()
        self._waiting.setdefault(conversation_id, {})[ticket] = woken
        try:
            while True:
                lapses_in = await self.calls.run("check", self._check, conversation_id, ticket, turn=turn)
                if lapses_in is None:
                    return
                woken.clear()
                try:  # woken by a release; else look again when the ticket served lapses (its server died)
                    await asyncio.wait_for(woken.wait(), min(POLL_SECONDS, lapses_in + 0.05))
                except asyncio.TimeoutError:
                    pass
        finally:
            waiters = self._waiting.get(conversation_id, {})
            waiters.pop(ticket, None)
            if not waiters:
                self._waiting.pop(conversation_id, None)

    def _wake_here(self, conversation_id: Text, ticket: Optional[int]) -> None:
        """From any thread: wakes this server's waiter of `ticket` (the release announcement does it too)."""
        if self._listening is not None and not self._listening.is_closed():
            self._listening.call_soon_threadsafe(self._wake, conversation_id, ticket)

    def _wake(self, conversation_id: Text, ticket: Optional[int]) -> None:
        waiters = self._waiting.get(conversation_id)
        if not waiters:
            return
        if ticket is None:  # not known which: everyone here looks again
            for woken in waiters.values():
                woken.set()
        elif ticket in waiters:
            waiters[ticket].set()

    def _wake_everyone(self) -> None:
        for conversation_id in list(self._waiting):
            self._wake(conversation_id, None)

    def _listen(self, loop: asyncio.AbstractEventLoop) -> None:
        """One thread per server subscribed to the release announcements of every server."""
        if self._listening is loop:
            return
        self._listening = loop
        threading.Thread(target=self._listener, args=(loop,), name="lock-store-releases", daemon=True).start()
        if self.lease:
            threading.Thread(target=self._heartbeat, args=(loop,), name="lock-store-heartbeat", daemon=True).start()

    def _heartbeat(self, loop: asyncio.AbstractEventLoop) -> None:
        """Renews this server's tickets while it lives; its own thread, so a blocked event loop does not stop it."""
        failing = False
        while self._listening is loop and not loop.is_closed():
            time.sleep(self.lease / RENEWALS_PER_LEASE)
            tokens = self._renewing.copy()  # (one C call: safe while the event loop changes the dict)
            if not tokens:
                continue
            try:
                self._renew(tokens)
                if failing:
                    logger.warning("Lock store: renewing conversation locks again.")
                failing = False
            except Exception as error:
                if not failing:  # once per outage; the store's health check says the rest
                    logger.error("Lock store: renewing conversation locks failed (%s); they lapse after %.0f s.",
                                 type(error).__name__, self.lease)
                failing = True

    def _listener(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._listening is loop and not loop.is_closed():
            pubsub = self.red.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.release_channel)
                loop.call_soon_threadsafe(self._wake_everyone)  # anything announced while not listening
                while self._listening is loop:
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        ticket, _, conversation_id = message["data"].decode().partition(":")
                        loop.call_soon_threadsafe(self._wake, conversation_id, int(ticket))
            except RuntimeError:  # the event loop closed
                return
            except Exception as error:
                logger.warning("Lock store: not listening for releases (%s); waiting messages look every %.0f s.",
                               type(error).__name__, POLL_SECONDS)
                time.sleep(0.5)
            finally:
                try:
                    pubsub.close()
                except Exception:
                    pass
