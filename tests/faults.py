"""Fault-injection harness for tests/e2e/test_faults_*.py: other users' conversations running (and timed) while a
fault is injected, the health check polled, and each stored conversation compared with what its user was told.

Figures: every fault test prints one line `FAULT <name>: ...` and appends the same figures as JSON to
results/faults.jsonl (docs/reliability.md quotes them). "Freeze" is the longest time any other user's request or
health check was in flight during the fault; "lost" counts turns whose user got an answer but which the tracker
does not hold in order, plus messages that got no reply at all.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import aiohttp
import requests

from baclofen.answers import compose
from baclofen.render import text as written

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "results" / "faults.jsonl"

# What other users ask while a fault is injected: questions answered by custom actions, outside the dose form.
QUESTIONS = ["what is baclofen used for?", "what are the side effects?", "can I take it with ibuprofen?",
             "is drowsiness a side effect?", "what forms does baclofen come in?", "can I stop it suddenly?"]

ANSWER, APOLOGY, REFUSED, NO_REPLY, ERROR = "answer", "apology", "refused", "no reply", "error"


def _sentences(*answers) -> List[str]:
    """The first sentence of each of the service's own replies, as the REST channel writes it."""
    return [written.render(answer).split(":")[0].split(".")[0] for answer in answers]


def apology_openings() -> List[str]:
    """Openings of every reply that says the message was not answered (the service's own sentences)."""
    found = _sentences(compose.service_unavailable(), compose.cannot_continue_safely())
    if hasattr(compose, "too_many_waiting"):  # added by issue 12; absent on the base commit (measured "before")
        found += _sentences(compose.too_many_waiting())
    return found


def classify(texts: Sequence[str]) -> str:
    if not texts:
        return NO_REPLY
    joined = "\n".join(texts)
    if hasattr(compose, "too_many_waiting") and _sentences(compose.too_many_waiting())[0] in joined:
        return REFUSED
    if any(opening in joined for opening in apology_openings()):
        return APOLOGY
    return ANSWER


@dataclass
class Sent:
    sender: str
    message: str
    started: float  # time.monotonic()
    seconds: float
    kind: str
    texts: List[str] = field(default_factory=list)
    status: int = 0
    error: str = ""  # what went wrong on the way (an exception's name), when kind is ERROR

    @property
    def ended(self) -> float:
        return self.started + self.seconds


REST, WEBCHAT = "/webhooks/rest/webhook", "/webhooks/webchat/webhook"
# The REST channel's token of each server a test started (url -> token): the REST channel never runs open.
REST_TOKENS: Dict[str, str] = {}


def post_message(url: str, sender: str, message: str, timeout: float = 40, path: str = REST, **extra) -> Sent:
    """Sends a new message: its own message id, so that the same question asked again a few seconds later is a
    new turn, not a resend of the last one (stores/resends.py)."""
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {REST_TOKENS[url]}"} if path == REST and url in REST_TOKENS else {}
    extra.setdefault("message_id", uuid.uuid4().hex)
    try:
        response = requests.post(f"{url}{path}", json={"sender": sender, "message": message, **extra},
                                 headers=headers, timeout=timeout)
        texts = [m["text"] for m in response.json() if m.get("text")] if response.ok else []
        kind = classify(texts) if response.ok else ERROR
        status = response.status_code
    except (requests.RequestException, ValueError):
        texts, kind, status = [], ERROR, 0
    return Sent(sender, message, started, time.monotonic() - started, kind, texts, status)


class Traffic:
    """`conversations` other users, each asking QUESTIONS in turn (next one as soon as the reply arrives), spread
    over `urls` (several Rasa servers: turn i of a user goes to server i % len(urls))."""

    def __init__(self, urls: Sequence[str], conversations: int = 4, pause: float = 0.05, path: str = REST) -> None:
        self.urls = list(urls)
        self.path = path
        self.senders = [uuid.uuid4().hex for _ in range(conversations)]  # also what the web chat channel accepts
        self.pause = pause
        self.sent: List[Sent] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._converse, args=(s,), daemon=True) for s in self.senders]

    def _converse(self, sender: str) -> None:
        turn = 0
        while not self._stop.is_set():
            result = post_message(self.urls[turn % len(self.urls)], sender, QUESTIONS[turn % len(QUESTIONS)],
                                  path=self.path)
            with self._lock:
                self.sent.append(result)
            turn += 1
            self._stop.wait(self.pause)

    def __enter__(self) -> "Traffic":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)

    def of(self, sender: str) -> List[Sent]:
        with self._lock:
            return sorted((s for s in self.sent if s.sender == sender), key=lambda s: s.started)


class HealthProbe:
    """GET `url` every `every` seconds in a thread; records (started, seconds, status, body)."""

    def __init__(self, url: str, every: float = 0.2, timeout: float = 40) -> None:
        self.url, self.every, self.timeout = url, every, timeout
        self.samples: List[Tuple[float, float, int, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                response = requests.get(self.url, timeout=self.timeout)
                sample = (started, time.monotonic() - started, response.status_code, response.text)
            except requests.RequestException as error:
                sample = (started, time.monotonic() - started, 0, type(error).__name__)
            self.samples.append(sample)
            self._stop.wait(self.every)

    def __enter__(self) -> "HealthProbe":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=120)

    def overlapping(self, start: float, end: float) -> List[Tuple[float, float, int, str]]:
        return [s for s in self.samples if s[0] <= end and s[0] + s[1] >= start]


def overlapping(sent: Iterable[Sent], start: float, end: float) -> List[Sent]:
    """Requests in flight at some moment of [start, end]."""
    return [s for s in sent if s.started <= end and s.ended >= start]


def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def stored_turns(events: Sequence[dict]) -> List[Tuple[str, List[str]]]:
    """A tracker's events as (user message, [bot texts that followed it]) in stored order."""
    turns: List[Tuple[str, List[str]]] = []
    for event in events:
        if event["event"] == "user":
            turns.append((event.get("text"), []))
        elif event["event"] == "bot" and event.get("text") and turns:
            turns[-1][1].append(event["text"])
    return turns


def same_answer(stored_texts: Sequence[str], texts: Sequence[str]) -> bool:
    # Rasa's output channels send each paragraph of a bot message as its own message ("\n\n" splits)
    return "\n\n".join(stored_texts) == "\n\n".join(texts)


def compare(stored: Sequence[Tuple[str, List[str]]], sent: Sequence[Sent], ordered: bool = True) -> Dict[str, int]:
    """Acknowledged turns (the user got a real answer) must be stored, each with the answer its user got, and (when
    `ordered`: a user who waits for each reply) in the order answered. Returns counts: acknowledged, lost
    (acknowledged but not stored so), unacknowledged_stored (stored although the user was told it was not
    answered), no_reply (no reply at all, or an HTTP error)."""
    acknowledged = [s for s in sorted(sent, key=lambda s: s.ended) if s.kind == ANSWER]
    position, matched = 0, 0
    used = set()
    for turn in acknowledged:
        for index in range(position if ordered else 0, len(stored)):
            message, texts = stored[index]
            if index not in used and message == turn.message and same_answer(texts, turn.texts):
                matched += 1
                used.add(index)
                position = index + 1
                break
    return {"acknowledged": len(acknowledged), "lost": len(acknowledged) - matched,
            "unacknowledged_stored": len(stored) - len(used),
            "no_reply": sum(1 for s in sent if s.kind in (NO_REPLY, ERROR))}


def other_users_figures(traffic: Traffic, start: float, end: float) -> Dict[str, float]:
    during = overlapping(traffic.sent, start, end)
    seconds = [s.seconds for s in during]
    return {"others_requests": len(during), "others_p95_s": round(percentile(seconds, 0.95), 3),
            "others_max_s": round(max(seconds, default=0.0), 3),
            "others_kinds": {kind: sum(1 for s in during if s.kind == kind) for kind in {s.kind for s in during}},
            "others_errors": sorted({s.status for s in traffic.sent if s.kind == ERROR})}


def health_figures(probe: HealthProbe, start: float, end: float) -> Dict[str, object]:
    during = probe.overlapping(start, end)
    return {"health_max_s": round(max((s[1] for s in during), default=0.0), 3),
            "health_said_degraded": any("degraded" in s[3] for s in during)}


def record(name: str, figures: Dict[str, object]) -> None:
    """Prints the fault's figures and appends them to results/faults.jsonl."""
    line = {"fault": name, "at": time.strftime("%Y-%m-%dT%H:%M:%S"), **figures}
    print(f"\nFAULT {name}: " + ", ".join(f"{k} {v}" for k, v in figures.items()), flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with open(RESULTS, "a") as out:
        out.write(json.dumps(line) + "\n")


def burst(urls: Sequence[str], sender: str, messages: Sequence[str], gap: float = 0.0,
          timeout: float = 60) -> List[Sent]:
    """Posts every message for one sender at (nearly) the same moment, message i after i * gap seconds, to
    urls[i % len(urls)]; each on its own connection."""
    async def run() -> List[Sent]:
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            async def one(index: int, message: str) -> Sent:
                await asyncio.sleep(index * gap)
                started = time.monotonic()
                texts, kind, status, error = [], ERROR, 0, ""
                try:
                    url = urls[index % len(urls)]
                    headers = {"Authorization": f"Bearer {REST_TOKENS[url]}"} if url in REST_TOKENS else {}
                    async with session.post(f"{url}{REST}", json={"sender": sender, "message": message},
                                            headers=headers) as response:
                        status = response.status
                        if response.status == 200:
                            texts = [m["text"] for m in await response.json() if m.get("text")]
                            kind = classify(texts)
                except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as failure:
                    error = type(failure).__name__
                return Sent(sender, message, started, time.monotonic() - started, kind, texts, status, error)

            return list(await asyncio.gather(*(one(i, m) for i, m in enumerate(messages))))

    return asyncio.run(run())


WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
         "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
         "xray", "yankee", "zulu"]


def distinct_questions(count: int) -> List[str]:
    """`count` different messages asking the same question (told apart by two code words)."""
    return [f"what is baclofen used for, {WORDS[i // len(WORDS) % len(WORDS)]} {WORDS[i % len(WORDS)]}?"
            for i in range(count)]


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} not true after {seconds} s")
