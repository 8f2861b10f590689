"""Folds the stored events into the report's counts, one conversation at a time.

Rows arrive ordered by conversation (sender id) and then by the order they were stored (insights.store). A
conversation is one session: a sender's events from one `session_started` to the next. Only that conversation's
state is held (its open questions, its dose slots); everything kept across conversations is a count, a fixed
histogram or the few least-sure messages, so memory does not grow with the store. Sender ids are compared, never
kept.

A question is a user message whose intent is a topic (insights.vocabulary), or a message that starts a form. What
became of it is read from the actions that followed: the last answer, refusal, fallback or handoff decides; a
question only ever met with a question back is "clarified". An answer inside the dose form (the age, the route)
belongs to the question that started the form.

Every figure of a turn (its message, its question, an emergency answer or a handoff, a dose given) is also counted
under the conversation's language: the `language` slot as it stands at the end of the turn (the language detector
sets it after the user's message), English until a conversation sets it. A question is in the language of the turn
it was asked in; a conversation in the language of its first turn.
"""
from __future__ import annotations

import heapq
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Optional, Tuple

from baclofen import channel_table, knowledge
from insights import population
from insights.privacy import mask_numbers
from insights.vocabulary import (
    ANSWER, CLARIFY, CRISIS, DOSE_ANSWER, EMERGENCY, FALLBACK, FORM, HANDOFF, INTERNAL, LISTEN, MOVE, NOT_COVERED,
    QUESTION, UNCLEAR, URGENT, Vocabulary,
)

try:  # ujson comes with Rasa and reads events about twice as fast; the standard library reads the same
    from ujson import loads
except ImportError:  # pragma: no cover
    from json import loads

# The channel a message came in on (the user event's input_channel) -> the name the report shows, in its order.
CHANNELS = {channel.name: channel.display for channel in channel_table.CHANNELS}

# What became of a question.
ANSWERED = "answered"
NOT_IN_LEAFLET = "not in the leaflet"
CLARIFIED = "clarified"
FELL_BACK = "fallen back"
HANDED = "handed to a person"
NO_REPLY = "no reply"
OUTCOMES = (ANSWERED, NOT_IN_LEAFLET, CLARIFIED, FELL_BACK, HANDED, NO_REPLY)
_OUTCOME_OF_ROLE = {ANSWER: ANSWERED, EMERGENCY: ANSWERED, CRISIS: ANSWERED, NOT_COVERED: NOT_IN_LEAFLET,
                    FALLBACK: FELL_BACK, HANDOFF: HANDED}

# Per day: the urgent answers and the handoffs.
URGENT_KINDS = (EMERGENCY, CRISIS, HANDOFF)

DOSE_SLOTS = ("age_years", "weight_kg", "route", "population", "renal_impairment", "origin")
LANGUAGE_SLOT = "language"  # en / vi, set by the language detector (baclofen/language/)
DEFAULT_LANGUAGE = "en"     # a conversation that never set the slot
LANGUAGE_NAMES = {"en": "English", "vi": "Vietnamese"}
# Figures counted per language besides the outcomes of OUTCOMES and the urgent kinds of URGENT_KINDS.
CONVERSATIONS, MESSAGES, QUESTIONS, DOSES_GIVEN = "conversations", "messages", "questions", "dose answers"
REQUESTED_SLOT = "requested_slot"
CONFIDENCE_BINS = 10


def channel_name(input_channel: Optional[str]) -> str:
    return CHANNELS.get(input_channel or "", input_channel or "unknown")


class LogHistogram:
    """Durations in buckets 1% wide (logarithmic), from 0.1 ms to hours: percentiles within 1% in fixed memory."""

    STEP = math.log(1.01)
    FLOOR = 1e-4

    def __init__(self) -> None:
        self.buckets: Counter = Counter()
        self.count = 0
        self.maximum = 0.0

    def add(self, seconds: float) -> None:
        self.count += 1
        if seconds > self.maximum:
            self.maximum = seconds
        self.buckets[int(math.log(max(seconds, self.FLOOR) / self.FLOOR) / self.STEP)] += 1

    def percentile(self, fraction: float) -> Optional[float]:
        if not self.count:
            return None
        rank = max(1, math.ceil(fraction * self.count))
        seen = 0
        for bucket in sorted(self.buckets):
            seen += self.buckets[bucket]
            if seen >= rank:
                return min(self.FLOOR * math.exp((bucket + 0.5) * self.STEP), self.maximum)
        return self.maximum


@dataclass
class Question:
    topic: str
    day: Optional[date]
    channel: str
    outcome: Optional[str] = None
    asked_back: bool = False
    marked_not_covered: bool = False  # the message's typed question said the leaflet does not cover it
    language: Optional[str] = None  # the language of the turn it was asked in, known at the end of that turn

    def final(self) -> str:
        if self.outcome == ANSWERED and self.marked_not_covered:
            return NOT_IN_LEAFLET
        return self.outcome or (CLARIFIED if self.asked_back else NO_REPLY)


@dataclass(order=True)
class Unsure:
    """One of the messages the classifier was least sure of: no sender, the text only if asked for (masked)."""

    confidence: float
    day: Optional[date] = field(compare=False)
    channel: str = field(compare=False)
    intent: str = field(compare=False)
    text: Optional[str] = field(compare=False, default=None)


@dataclass
class Report:
    """Everything the page shows: counts only."""

    since: Optional[float] = None
    until: Optional[float] = None
    events: int = 0
    first_event: Optional[float] = None
    last_event: Optional[float] = None
    conversations: Dict[Optional[date], Counter] = field(default_factory=lambda: defaultdict(Counter))
    messages: Dict[Optional[date], Counter] = field(default_factory=lambda: defaultdict(Counter))
    bot_messages: int = 0
    topics: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # topic -> outcome counts
    asked_back: Counter = field(default_factory=Counter)  # topic -> questions that got a question back
    not_covered: Counter = field(default_factory=Counter)  # topic -> questions the leaflet does not cover
    urgent: Dict[Optional[date], Counter] = field(default_factory=lambda: defaultdict(Counter))
    dose: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))  # group -> dose outcome
    confidence_bins: List[int] = field(default_factory=lambda: [0] * CONFIDENCE_BINS)
    classified: int = 0
    payloads: int = 0  # button clicks (/intent payloads): no classifier involved
    least_sure: List[Unsure] = field(default_factory=list)
    latency: Dict[str, LogHistogram] = field(default_factory=lambda: defaultdict(LogHistogram))
    never_asked: List[str] = field(default_factory=list)  # the domain's topics nobody asked in the period
    text_shown: bool = False
    # language -> conversations, messages, questions, each outcome, urgent answers and handoffs, dose answers
    languages: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def languages_in_order(self) -> List[str]:
        """English first (the default), then by conversations."""
        return sorted(self.languages, key=lambda code: (code != DEFAULT_LANGUAGE,
                                                        -self.languages[code][CONVERSATIONS], code))

    @property
    def channels(self) -> List[str]:
        seen = {channel for counts in self.messages.values() for channel in counts}
        known = [name for name in CHANNELS.values() if name in seen]
        return known + sorted(seen - set(known))

    @property
    def questions(self) -> int:
        return sum(sum(counts.values()) for counts in self.topics.values())


class Aggregator:
    """Feed it rows (sender_id, type_name, timestamp, intent_name, action_name, data) in store order; `finish()`
    gives the Report."""

    def __init__(self, vocabulary: Vocabulary, show_text: bool = False, least_sure: int = 15) -> None:
        self.vocabulary = vocabulary
        self.show_text = show_text
        self.least_sure_size = least_sure
        self.report = Report(text_shown=show_text)
        self._asked_topics: set = set()
        self._heap: List[Tuple[float, int, Unsure]] = []
        self._sequence = itertools.count()
        self._days: Dict[int, date] = {}
        self._sender: Any = object()
        self._new_conversation()

    # ---------------------------------------------------------------- per conversation

    def _new_conversation(self) -> None:
        self._channel: Optional[str] = None
        self._slots: Dict[str, Any] = {}
        self._questions: List[Question] = []  # open: may still change (at most the turn's and the form's)
        self._turn_question: Optional[Question] = None
        self._form_question: Optional[Question] = None
        self._loop_active = False
        self._form_acted = False
        self._waiting_since: Optional[float] = None
        self._language = DEFAULT_LANGUAGE
        self._in_turn = False                  # a user message was read; its turn's figures wait for its language
        self._turn_counts: Counter = Counter()  # those figures
        self._language_counted = False         # the conversation is counted under its first turn's language

    def _close_conversation(self) -> None:
        self._end_turn()
        for question in self._questions:
            self._count(question)
        self._new_conversation()

    def _end_turn(self) -> None:
        """The turn's figures under the language the turn ended in (the slot is set after the user's message)."""
        if not self._in_turn:
            return
        counts = self.report.languages[self._language]
        if not self._language_counted:
            counts[CONVERSATIONS] += 1
            self._language_counted = True
        counts[MESSAGES] += 1
        counts.update(self._turn_counts)
        self._turn_counts.clear()
        for question in self._questions:
            if question.language is None:
                question.language = self._language
        self._in_turn = False

    def _count_in_turn(self, figure: str) -> None:
        if self._in_turn:
            self._turn_counts[figure] += 1
        else:
            self.report.languages[self._language][figure] += 1

    def _count(self, question: Question) -> None:
        outcome = question.final()
        by_language = self.report.languages[question.language or self._language]
        by_language[QUESTIONS] += 1
        by_language[outcome] += 1
        self.report.topics[question.topic][outcome] += 1
        if question.asked_back:
            self.report.asked_back[question.topic] += 1
        if outcome == NOT_IN_LEAFLET:
            self.report.not_covered[question.topic] += 1

    def _open(self, question: Question) -> None:
        # Questions that can no longer change (neither this turn's nor the form's) are counted now.
        keep = []
        for old in self._questions:
            if old is self._form_question:
                keep.append(old)
            else:
                self._count(old)
        keep.append(question)
        self._questions = keep

    def _day(self, timestamp: Optional[float]) -> Optional[date]:
        if timestamp is None:
            return None
        # Events of one quarter hour share one lookup: every time zone's offset is a whole number of quarter hours.
        quarter = int(timestamp // 900)
        day = self._days.get(quarter)
        if day is None:
            if len(self._days) > 100_000:
                self._days.clear()
            day = self._days[quarter] = date.fromtimestamp(quarter * 900 + 1)
        return day

    # ---------------------------------------------------------------- rows

    def feed(self, sender: Any, type_name: str, timestamp: Optional[float], intent_name: Optional[str],
             action_name: Optional[str], data: Optional[str]) -> None:
        report = self.report
        report.events += 1
        if timestamp is not None:
            if report.first_event is None or timestamp < report.first_event:
                report.first_event = timestamp
            if report.last_event is None or timestamp > report.last_event:
                report.last_event = timestamp
        if sender != self._sender:
            self._close_conversation()
            self._sender = sender
        if type_name == "action":
            self._action(timestamp, action_name)
        elif type_name == "user":
            self._user(timestamp, intent_name, data)
        elif type_name == "bot":
            self._bot(timestamp)
        elif type_name == "slot":
            if action_name in DOSE_SLOTS or action_name == REQUESTED_SLOT:
                self._slot(action_name, data)
            elif action_name == LANGUAGE_SLOT:
                value = _decode(data).get("value")
                self._language = value if isinstance(value, str) and value else DEFAULT_LANGUAGE
        elif type_name == "active_loop":
            self._loop_active = action_name is not None
        elif type_name == "session_started":
            self._close_conversation()
        elif type_name == "restart":
            self._slots = {}
            self._loop_active = False
            self._language = DEFAULT_LANGUAGE  # a restart empties every slot

    def _user(self, timestamp: Optional[float], intent_name: Optional[str], data: Optional[str]) -> None:
        self._end_turn()
        self._in_turn = True
        event = _decode(data)
        parse = event.get("parse_data") or {}
        intent = (parse.get("intent") or {}).get("name") or intent_name
        channel = channel_name(event.get("input_channel"))
        day = self._day(timestamp)
        report = self.report
        if self._channel is None:  # the conversation's first message: it is counted on this day and channel
            self._channel = channel
            report.conversations[day][channel] += 1
        report.messages[day][channel] += 1
        self._waiting_since = timestamp

        text = event.get("text") or parse.get("text") or ""
        if text.startswith("/"):
            report.payloads += 1
        else:
            self._confidence(parse, intent, day, channel, text)

        if not self._loop_active:
            self._form_question = None
        self._form_acted = False
        question = parse.get("question") if isinstance(parse.get("question"), dict) else {}
        subtopic = question.get("topic") or _first_entity(parse, "topic")
        kind = self.vocabulary.intent_kind(intent)
        if kind in (QUESTION, URGENT, UNCLEAR) or (kind == MOVE and question.get("topic") and not self._loop_active):
            topic = self.vocabulary.topic(intent if kind != UNCLEAR else None, subtopic if kind != UNCLEAR else None)
            self._asked_topics.add(intent)
            asked = Question(topic, day, channel, marked_not_covered=_marked_not_covered(question))
            self._open(asked)
            self._turn_question = asked
        else:
            self._turn_question = None  # a move: only the form's question can still change

    def _confidence(self, parse: dict, intent: Optional[str], day: Optional[date], channel: str, text: str) -> None:
        confidence = (parse.get("intent") or {}).get("confidence")
        if intent == "nlu_fallback":  # the fallback carries its threshold; the classifier's best guess is below
            confidence = next((r.get("confidence") for r in parse.get("intent_ranking") or []
                               if r.get("name") != "nlu_fallback"), confidence)
        if not isinstance(confidence, (int, float)):
            return
        confidence = min(max(float(confidence), 0.0), 1.0)
        report = self.report
        report.classified += 1
        report.confidence_bins[min(int(confidence * CONFIDENCE_BINS), CONFIDENCE_BINS - 1)] += 1
        if self.least_sure_size <= 0:
            return
        heap = self._heap
        if len(heap) < self.least_sure_size or -heap[0][0] > confidence:
            unsure = Unsure(confidence, day, channel, intent or "none",
                            mask_numbers(text) if self.show_text else None)
            entry = (-confidence, next(self._sequence), unsure)
            if len(heap) < self.least_sure_size:
                heapq.heappush(heap, entry)
            else:
                heapq.heapreplace(heap, entry)

    def _action(self, timestamp: Optional[float], name: Optional[str]) -> None:
        role = self.vocabulary.action_role(name)
        if role == LISTEN or role == INTERNAL:
            return
        if role == FORM:
            turn = self._turn_question
            if turn is not None and turn is not self._form_question and turn.outcome is None:
                self._form_question = turn  # the form runs for this turn's question (asked anew, or for the first time)
            elif self._form_question is None:  # a form started by a move ("3 years, 14 kg"): that is the question
                started = Question(self.vocabulary.topic(name), self._day(timestamp), self._channel or "unknown")
                self._open(started)
                self._turn_question = self._form_question = started
            self._form_acted = True
            return
        if role in URGENT_KINDS:
            self.report.urgent[self._day(timestamp)][role] += 1
            self._count_in_turn(role)
        if role == DOSE_ANSWER:
            target = self._form_question or self._turn_question
            self._dose(target)
            return
        target = self._turn_question
        if target is None:
            return  # a reply to a move (hello, thanks, stop): no question to credit
        if role == CLARIFY:
            target.asked_back = True
        else:
            target.outcome = _OUTCOME_OF_ROLE.get(role, ANSWERED)

    def _dose(self, question: Optional[Question]) -> None:
        slots = self._slots
        age, route, who = _number(slots.get("age_years")), slots.get("route"), slots.get("population")
        renal = bool(slots.get("renal_impairment"))
        group = population.group(age, who, route, renal)
        result = population.outcome(age, who, route, _number(slots.get("weight_kg")), renal, slots.get("origin"))
        self.report.dose[group][result] += 1
        self._count_in_turn(DOSES_GIVEN)
        if question is not None:
            question.outcome = NOT_IN_LEAFLET if result == population.REFUSED else ANSWERED

    def _slot(self, name: str, data: Optional[str]) -> None:
        value = _decode(data).get("value")
        if name == REQUESTED_SLOT:
            if value is not None and self._form_acted and self._form_question is not None:
                self._form_question.asked_back = True  # the form asked for something it needs
            return
        self._slots[name] = value

    def _bot(self, timestamp: Optional[float]) -> None:
        self.report.bot_messages += 1
        if self._waiting_since is not None and timestamp is not None:
            self.report.latency[self._channel or "unknown"].add(max(timestamp - self._waiting_since, 0.0))
        self._waiting_since = None

    # ---------------------------------------------------------------- the end

    def finish(self) -> Report:
        self._close_conversation()
        report = self.report
        report.least_sure = sorted(entry[2] for entry in self._heap)
        report.never_asked = [i for i in self.vocabulary.question_intents() if i not in self._asked_topics]
        return report


def _decode(data: Optional[str]) -> dict:
    if not data:
        return {}
    try:
        decoded = loads(data)
    except (ValueError, TypeError):
        return {}  # a damaged row is skipped, not fatal: the rest of the store still counts
    return decoded if isinstance(decoded, dict) else {}


def _first_entity(parse: dict, name: str) -> Optional[str]:
    for entity in parse.get("entities") or []:
        if isinstance(entity, dict) and entity.get("entity") == name and entity.get("value") not in (None, ""):
            return str(entity["value"])
    return None


def _marked_not_covered(question: dict) -> bool:
    """The typed question's catalogue topic (baclofen/language/question.py) is one the leaflet does not cover."""
    topic = question.get("topic")
    if not isinstance(topic, str):
        return False
    try:
        return knowledge.topic(topic)["coverage"] == "not_covered"
    except KeyError:  # a topic a later catalogue renamed: not counted as not covered
        return False


def _number(value: Any) -> Optional[float]:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

