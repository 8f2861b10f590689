"""A tracker store of generated conversations, for the report's benchmark and its tests: the table Rasa's
SQLTrackerStore creates (made by Rasa's own table definition), rows shaped as the Rasa server stores them (every
event type a turn leaves: action_session_start, session_started, user with a full parse and intent ranking,
user_featurization, actions, bot messages, slots, active_loop), over several days and the four channels.

Each scenario below says, by hand, what the report must count for it (its topic and outcome, its dose population,
whether it is urgent); `generate()` adds those up as it writes, so a test compares the report with what was
written, never with the report's own reasoning.
"""
from __future__ import annotations

import json
import random
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

INTENTS = ["greet", "goodbye", "thank", "affirm", "deny", "bot_challenge", "help", "stop", "ask_uses", "ask_dose",
           "inform", "ask_side_effects", "ask_is_side_effect", "ask_precaution", "ask_interaction", "ask_withdrawal",
           "ask_dosage_forms", "emergency", "ask_human", "out_of_scope", "ask_other_drug"]
CHANNELS = {"webchat": "web", "twilio_voice": "voice", "slack": "Slack", "rest": "REST"}
META = {"model_id": "5f0c3d9e2b7a4c18a6f1e0d2c4b6a8e0", "assistant_id": "baclofen-assistant"}
LONG_ANSWER = ("Side effects the leaflet lists:\n- Common: confusion, dizziness, lightheadedness, sleepiness, "
               "insomnia, low muscle tone, unsteadiness, fatigue, headache, muscle pain, muscle weakness, "
               "constipation, passing a lot of urine.\n- Uncommon: shortness of breath, chest pain, painful "
               "urination.\nSource: baclofen leaflet, section 3 (Side effects).")


@dataclass
class Truth:
    """What the report must show for the generated store."""

    events: int = 0
    conversations: Dict[Tuple[date, str], int] = field(default_factory=Counter)  # (day, channel)
    messages: Dict[Tuple[date, str], int] = field(default_factory=Counter)
    topics: Dict[Tuple[str, str], int] = field(default_factory=Counter)  # (topic, outcome)
    asked_back: Dict[str, int] = field(default_factory=Counter)
    not_covered: Dict[str, int] = field(default_factory=Counter)
    urgent: Dict[Tuple[date, str], int] = field(default_factory=Counter)  # (day, emergency|crisis|handoff)
    dose: Dict[Tuple[str, str], int] = field(default_factory=Counter)  # (population, outcome)
    classified: int = 0
    payloads: int = 0
    answers_timed: Dict[str, int] = field(default_factory=Counter)  # channel -> user messages with a reply
    lowest_confidence: List[float] = field(default_factory=list)


class Writer:
    """Writes one conversation's events with increasing timestamps, and books what the report must count."""

    def __init__(self, rows: List[tuple], truth: Truth, rng: random.Random, sender: str, channel: str,
                 start: float) -> None:
        self.rows, self.truth, self.rng = rows, truth, rng
        self.sender, self.channel, self.now = sender, channel, start
        self.shown = CHANNELS[channel]
        self.waiting = False
        self.counted = False
        self._event("action", {"name": "action_session_start", "policy": None, "confidence": 1.0,
                               "action_text": None, "hide_rule_turn": False}, action="action_session_start")
        self._event("session_started", {})
        self.action("action_listen")

    def _event(self, type_name: str, body: dict, intent: Optional[str] = None, action: Optional[str] = None,
               step: float = 0.0005) -> None:
        self.now += step
        event = {"event": type_name, "timestamp": self.now, "metadata": META, **body}
        self.rows.append((self.sender, type_name, self.now, intent, action, json.dumps(event)))
        self.truth.events += 1

    def user(self, text: str, intent: str, confidence: float, entities: Tuple[Tuple[str, object], ...] = (),
             question: Optional[dict] = None, best_guess: Optional[float] = None) -> None:
        """A user message. An nlu_fallback carries the fallback threshold as its confidence, and the classifier's
        best guess (`best_guess`) second in the ranking, as Rasa's FallbackClassifier stores it."""
        self.now += self.rng.uniform(3, 40)  # the person reads and types
        ranking = [{"name": intent, "confidence": confidence}]
        rest = [i for i in INTENTS if i != intent]
        if best_guess is not None:
            ranking.append({"name": rest.pop(rest.index("deny")), "confidence": best_guess})
        share = (1 - confidence - (best_guess or 0)) / len(rest)
        ranking += [{"name": i, "confidence": share} for i in rest]
        parse = {"intent": {"name": intent, "confidence": confidence},
                 "entities": [{"entity": name, "start": 0, "end": 1, "value": value, "confidence_entity": 1.0,
                               "extractor": "BaclofenEntityExtractor"} for name, value in entities],
                 "text": text, "message_id": uuid.uuid4().hex, "metadata": {},
                 "text_tokens": [[0, len(text)]], "intent_ranking": ranking if not text.startswith("/") else
                 ranking[:1]}
        if question is not None:
            parse["question"] = question
        self._event("user", {"text": text, "parse_data": parse, "input_channel": self.channel,
                             "message_id": parse["message_id"]}, intent=intent, step=0)
        self._event("user_featurization", {"use_text_for_featurization": False})
        day = date.fromtimestamp(self.now)
        if not self.counted:  # a conversation counts on the day of its first message
            self.truth.conversations[(day, self.shown)] += 1
            self.counted = True
        self.truth.messages[(day, self.shown)] += 1
        if text.startswith("/"):
            self.truth.payloads += 1
        else:
            self.truth.classified += 1
            self.truth.lowest_confidence.append(best_guess if best_guess is not None else confidence)
        self.waiting = True

    def action(self, name: str) -> None:
        self._event("action", {"name": name, "policy": "RulePolicy", "confidence": 1.0, "action_text": None,
                               "hide_rule_turn": True}, action=name)

    def bot(self, text: str = "An answer from the leaflet.") -> None:
        step = self.rng.lognormvariate(-3.0, 0.6) if self.waiting else 0.0005  # about 50 ms from the question
        self._event("bot", {"text": text, "data": {"elements": None, "quick_replies": None, "buttons": None,
                                                   "attachment": None, "image": None, "custom": None}},
                    step=step)
        if self.waiting:
            self.truth.answers_timed[self.shown] += 1
        self.waiting = False

    def slot(self, name: str, value) -> None:
        self._event("slot", {"name": name, "value": value}, action=name)

    def clear_dose_slots(self) -> None:
        """A new person: every dose slot emptied (a session's slots otherwise carry over to its next question)."""
        for name in ("age_years", "weight_kg", "route", "population", "renal_impairment", "origin"):
            self.slot(name, None)

    def loop(self, name: Optional[str]) -> None:
        self._event("active_loop", {"name": name}, action=name)

    # ---------------------------------------------------------------- what the report must count

    def question(self, topic: str, outcome: str, asked_back: bool = False) -> None:
        self.truth.topics[(topic, outcome)] += 1
        if asked_back:
            self.truth.asked_back[topic] += 1
        if outcome == "not in the leaflet":
            self.truth.not_covered[topic] += 1

    def urgent(self, kind: str) -> None:
        self.truth.urgent[(date.fromtimestamp(self.now), kind)] += 1

    def dose(self, population: str, outcome: str) -> None:
        self.truth.dose[(population, outcome)] += 1


# ---------------------------------------------------------------- scenarios: one conversation each

def answer(w: Writer, text: str, intent: str, action: str, topic: str, entities=(), confidence=0.97) -> None:
    w.user(text, intent, confidence, entities)
    w.action(action)
    w.bot(LONG_ANSWER)
    w.action("action_listen")
    w.question(topic, "answered")


def greet_and_uses(w: Writer) -> None:
    w.user("hello", "greet", 0.99)
    w.action("utter_greet")
    w.bot("Hello! I answer questions about baclofen.")
    w.action("action_listen")
    answer(w, "what is baclofen used for", "ask_uses", "action_answer_uses", "uses")
    w.user("/ask_side_effects", "ask_side_effects", 1.0)  # a button click
    w.action("action_answer_side_effects")
    w.bot(LONG_ANSWER)
    w.action("action_listen")
    w.question("side effects", "answered")


def _form_step(w: Writer, requested: Optional[str], set_slots: Dict[str, object]) -> None:
    w.action("dose_form")
    for name, value in set_slots.items():
        w.slot(name, value)
    w.slot("requested_slot", requested)
    if requested is not None:
        w.bot(f"utter_ask_{requested}")
        w.action("action_listen")


def child_dose_over_turns(w: Writer, age: float, weight: float, band: str) -> None:
    w.user("how much baclofen for my child", "ask_dose", 0.95)
    w.clear_dose_slots()
    w.action("dose_form")
    w.loop("dose_form")
    w.slot("requested_slot", "age_years")
    w.bot("How old is the person who takes baclofen?")
    w.action("action_listen")
    w.user(f"{age:g} years", "inform", 0.98, (("age", age),))
    w.slot("age_years", age)
    _form_step(w, "route", {"age_years": age, "population": None})
    w.user("tablets", "inform", 0.96, (("route", "oral"),))
    w.slot("route", "oral")
    _form_step(w, "weight_kg", {"route": "oral"})
    w.user(f"{weight:g} kg", "inform", 0.99, (("weight", weight),))
    w.slot("weight_kg", weight)
    w.action("dose_form")
    w.slot("weight_kg", weight)
    w.slot("requested_slot", None)
    w.loop(None)
    w.action("action_answer_dose")
    w.bot("Baclofen by mouth for a child: ...")
    w.slot("weight_kg", None)
    w.action("action_listen")
    w.question("dose", "answered", asked_back=True)
    w.dose(band, "figures given")


def dose_in_one_message(w: Writer, text: str, slots: Dict[str, object], entities, population: str,
                        outcome: str, topic: str = "dose") -> None:
    w.user(text, "ask_dose", 0.99, entities)
    w.clear_dose_slots()
    for name, value in slots.items():
        w.slot(name, value)
    w.action("dose_form")
    w.loop("dose_form")
    for name, value in slots.items():
        w.slot(name, value)
    w.slot("requested_slot", None)
    w.loop(None)
    w.action("action_answer_dose")
    w.bot("Baclofen ...")
    w.slot("weight_kg", None)
    w.action("action_listen")
    w.question(topic, "answered" if outcome == "figures given" else "not in the leaflet")
    w.dose(population, outcome)


def adult_dose(w: Writer) -> None:
    dose_in_one_message(w, "adult dose by mouth", {"population": "adult", "route": "oral"},
                        (("population", "adult"), ("route", "oral")), "adult", "figures given")


def elderly_dose(w: Writer) -> None:
    dose_in_one_message(w, "dose for an 80 year old, tablets", {"age_years": 80.0, "route": "oral"},
                        (("age", 80.0), ("route", "oral")), "elderly", "figures given")


def intrathecal_dose(w: Writer) -> None:
    dose_in_one_message(w, "intrathecal dose for an adult", {"population": "adult", "route": "intrathecal"},
                        (("population", "adult"), ("route", "intrathecal")), "intrathecal", "figures given")


def kidney_dose(w: Writer) -> None:
    dose_in_one_message(w, "dose for an adult with kidney failure",
                        {"population": "adult", "route": "oral", "renal_impairment": True},
                        (("population", "adult"), ("topic", "kidneys")), "kidney failure",
                        "refused: outside the leaflet", topic="dose: kidneys")


def infant_dose(w: Writer) -> None:
    dose_in_one_message(w, "dose for a 6 month old", {"age_years": 0.5, "route": "oral"}, (("age", 0.5),),
                        "child under 1 year", "refused: outside the leaflet")


def dose_form_left(w: Writer) -> None:
    w.user("what dose should I take", "ask_dose", 0.9)
    w.action("dose_form")
    w.loop("dose_form")
    w.slot("requested_slot", "age_years")
    w.bot("How old is the person who takes baclofen?")
    w.action("action_listen")
    w.user("stop", "stop", 0.99)
    w.action("action_deactivate_loop")
    w.loop(None)
    w.action("utter_form_left")
    w.bot("OK, I have stopped the dose questions.")
    w.action("action_listen")
    w.question("dose", "clarified", asked_back=True)


def emergency_then_person(w: Writer) -> None:
    w.user("my son swallowed my tablets", "emergency", 0.999)
    w.action("action_answer_emergency")
    w.urgent("emergency")
    w.bot("Call 115 now: this may be an emergency.")
    w.action("action_listen")
    w.question("emergency", "answered")
    w.user("I want to talk to a pharmacist", "ask_human", 0.99)
    w.action("action_handoff")
    w.urgent("handoff")
    w.bot("You can talk to the hotline pharmacist.")
    w.action("action_listen")
    w.question("a person (pharmacist)", "handed to a person")


def crisis(w: Writer) -> None:  # an intent and an action the domain does not have yet: placed by their names
    w.user("I don't want to live anymore", "crisis", 0.93)
    w.action("action_answer_crisis")
    w.urgent("crisis")
    w.bot("Call 115 now. Please do not stay alone.")
    w.action("action_listen")
    w.question("crisis", "answered")


def not_understood(w: Writer) -> None:
    w.user("when", "nlu_fallback", 0.2, best_guess=0.167)
    w.action("utter_default")
    w.bot("Sorry, I did not understand that.")
    w.action("action_listen")
    w.question("not understood", "fallen back")


def outside(w: Writer) -> None:
    answer_not_covered(w, "what is the weather", "out_of_scope", "utter_out_of_scope", "not about baclofen")
    answer_not_covered(w, "what is ibuprofen for", "ask_other_drug", "utter_other_drug", "other medicines",
                       (("drug", "ibuprofen"),))


def answer_not_covered(w: Writer, text, intent, action, topic, entities=()) -> None:
    w.user(text, intent, 0.9, entities)
    w.action(action)
    w.bot("The leaflet does not cover that.")
    w.action("action_listen")
    w.question(topic, "not in the leaflet")


def new_topics(w: Writer) -> None:  # the lead's coming intents and actions, and the typed question's topic
    answer_not_covered(w, "I missed a dose, what now", "ask_missed_dose", "action_answer_not_covered", "missed dose")
    w.user("can I take it while pregnant", "ask_precaution", 0.94, (("topic", "pregnancy"),))
    w.action("action_answer_precaution")
    w.bot(LONG_ANSWER)
    w.action("action_listen")
    w.question("precaution: pregnancy", "answered")
    w.user("how long until it works", "ask_general", 0.55, question={"topic": "onset", "kind": "how_long"})
    w.action("utter_clarify_topic")
    w.bot("Do you mean how long it takes to work, or how long it lasts?")
    w.action("action_listen")
    w.question("general: onset", "clarified", asked_back=True)


def side_effect_inside_the_dose_form(w: Writer) -> None:
    w.user("dose for my daughter", "ask_dose", 0.96)
    w.clear_dose_slots()
    w.action("dose_form")
    w.loop("dose_form")
    w.slot("requested_slot", "age_years")
    w.bot("How old is the person who takes baclofen?")
    w.action("action_listen")
    w.user("does it cause drowsiness", "ask_side_effects", 0.88)
    w.action("action_answer_side_effects")
    w.bot(LONG_ANSWER)
    w.action("dose_form")
    w.slot("requested_slot", "age_years")
    w.bot("How old is the person who takes baclofen?")
    w.action("action_listen")
    w.question("side effects", "answered")
    w.user("adult", "inform", 0.97, (("population", "adult"),))
    w.slot("population", "adult")
    _form_step(w, "route", {"population": "adult"})
    w.user("/inform{\"route\": \"oral\"}", "inform", 1.0, (("route", "oral"),))  # the route button
    w.slot("route", "oral")
    w.action("dose_form")
    w.slot("route", "oral")
    w.slot("requested_slot", None)
    w.loop(None)
    w.action("action_answer_dose")
    w.bot("Baclofen by mouth for an adult: ...")
    w.slot("weight_kg", None)
    w.action("action_listen")
    w.question("dose", "answered", asked_back=True)
    w.dose("adult", "figures given")
    w.user("thanks", "thank", 0.99)
    w.action("utter_thank")
    w.bot("You're welcome.")
    w.action("action_listen")


def unanswered(w: Writer) -> None:  # the action server was down: the question got no stored reply
    w.user("what are the interactions", "ask_interaction", 0.93)
    w.action("action_listen")
    w.waiting = False
    w.question("interaction", "no reply")


CHILDREN = [(1.5, 10.0, "child 1-2 years"), (3.0, 14.0, "child 2-6 years"), (7.0, 22.0, "child 6-8 years"),
            (11.0, 35.0, "child 8 years to adult (18)")]
SCENARIOS: List[Tuple[float, Callable[[Writer], None]]] = [
    (3, greet_and_uses), (2, adult_dose), (1, elderly_dose), (1, intrathecal_dose), (1, kidney_dose),
    (1, infant_dose), (1, dose_form_left), (1, emergency_then_person), (0.3, crisis), (1, not_understood),
    (1.5, outside), (1, new_topics), (1.5, side_effect_inside_the_dose_form), (0.3, unanswered),
] + [(1, (lambda age, weight, band: lambda w: child_dose_over_turns(w, age, weight, band))(*child))
     for child in CHILDREN]


def _sender(rng: random.Random, channel: str) -> str:
    hex_id = "%032x" % rng.getrandbits(128)
    return {"webchat": hex_id, "twilio_voice": "CA" + hex_id, "slack": f"U{hex_id[:8].upper()}_C{hex_id[8:16]}_"
            f"{1_790_000_000 + rng.randrange(10 ** 7)}.000100", "rest": hex_id[:20]}[channel]


def create_table(path: Path) -> None:
    """The events table exactly as Rasa's SQLTrackerStore declares it (columns, types, the sender_id index)."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    engine = sa.create_engine(f"sqlite:///{path}")
    SQLTrackerStore.SQLEvent.__table__.create(engine)
    engine.dispose()


def generate(path: Path, events: int, days: int = 30, seed: int = 14, today: Optional[date] = None,
             progress: Optional[Callable[[int], None]] = None) -> Truth:
    """Writes conversations until about `events` events, on the `days` days before `today`, each started between
    06:00 and 22:00 local time (so that none crosses midnight: a test can cut the store at a day)."""
    path = Path(path)
    if path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    create_table(path)
    rng = random.Random(seed)
    truth = Truth()
    weights = [w for w, _ in SCENARIOS]
    scenarios = [s for _, s in SCENARIOS]
    channels = list(CHANNELS)
    channel_weights = [5, 2, 2, 1]
    first_day = (today or date.today()) - timedelta(days=days)
    rows: List[tuple] = []
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        while truth.events < events:
            channel = rng.choices(channels, channel_weights)[0]
            day = first_day + timedelta(days=rng.randrange(days))
            start = datetime.combine(day, datetime.min.time()).timestamp() + rng.uniform(6 * 3600, 22 * 3600)
            writer = Writer(rows, truth, rng, _sender(rng, channel), channel, start)
            for scenario in rng.choices(scenarios, weights, k=rng.randint(1, 3)):
                scenario(writer)
            if len(rows) >= 20_000:
                db.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, "
                               "data) VALUES (?, ?, ?, ?, ?, ?)", rows)
                rows.clear()
                if progress:
                    progress(truth.events)
        db.executemany("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                       "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return truth

