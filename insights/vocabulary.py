"""What an intent or action name means for the report, read from the domain at run time.

The assistant keeps gaining intents and actions (topics the leaflet does not cover, clarifying questions, crisis
answers). A name the report has never seen is placed by the words in it, so `ask_missed_dose` is a topic,
`action_answer_not_covered` counts as "not in the leaflet" and `utter_clarify_topic` as a clarifying question,
without a change here. The domain adds what names alone cannot say: which actions are forms, and which intents
exist but were never asked.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Optional, Union

import yaml

# What a user message is, by its intent.
QUESTION = "question"  # a topic someone asks about (ask_*, out_of_scope, ...)
URGENT = "urgent"  # an emergency or a crisis
UNCLEAR = "unclear"  # the classifier was not sure enough (nlu_fallback)
MOVE = "move"  # a conversational move: greet, thanks, yes/no, stop, an answer to the dose form's question

# What an action did for the question it answered.
LISTEN = "listen"  # end of the bot's turn
INTERNAL = "internal"  # bookkeeping: session start, loop deactivation, validation
FORM = "form"  # a form: asks for what it needs, then hands over to its answer
ANSWER = "answer"
DOSE_ANSWER = "dose_answer"  # an answer built from the dose slots (population, refused as outside the leaflet)
NOT_COVERED = "not_covered"  # said that the leaflet (or the assistant) does not cover it
CLARIFY = "clarify"  # asked the user something back
FALLBACK = "fallback"  # did not understand
HANDOFF = "handoff"  # gave or put through to a person
EMERGENCY = "emergency"
CRISIS = "crisis"

# Words in names, in the order they are tried (the first match decides).
_CRISIS_WORDS = ("crisis", "suicid", "self_harm", "selfharm")
_EMERGENCY_WORDS = ("emergency", "overdose", "poison", "ingestion")
_FALLBACK_WORDS = ("fallback", "rephrase", "ask_affirmation")
_HANDOFF_WORDS = ("handoff", "hand_off", "human", "pharmacist", "transfer")
_NOT_COVERED_WORDS = ("not_covered", "uncovered", "not_in_leaflet", "outside", "out_of_scope", "other_drug",
                      "unknown", "unsupported", "no_answer")
_CLARIFY_WORDS = ("clarif", "disambig", "ask_again", "which_topic", "did_you_mean")
# A dose answer reads the dose slots; these words name questions about taking a dose, not about how much.
_NOT_A_DOSE_AMOUNT = ("missed", "forgot", "skipped", "late", "extra", "double")
# Rasa's own actions that answer nothing (rasa.shared.core.constants.DEFAULT_ACTION_NAMES, less the fallbacks).
_RASA_INTERNAL = frozenset({
    "action_listen", "action_restart", "action_session_start", "action_back", "action_deactivate_loop",
    "action_revert_fallback_events", "action_unlikely_intent", "action_extract_slots", "action_run_slot_rejections",
    "action_validate_slot_mappings", "action_send_text"})

# Labels for the names people read most; any other name is labelled from its words ("ask_missed_dose" -> "missed
# dose"), so a new intent needs nothing here.
_LABELS = {"nlu_fallback": "not understood", "out_of_scope": "not about baclofen", "ask_other_drug": "other medicines",
           "ask_human": "a person (pharmacist)", "ask_is_side_effect": "is it a side effect?"}


def _has(name: str, words: Iterable[str]) -> bool:
    return any(word in name for word in words)


def label(name: str) -> str:
    """A readable label for an intent or form name."""
    if name in _LABELS:
        return _LABELS[name]
    words = re.sub(r"^(ask|action_answer|action|utter)_", "", name)
    words = re.sub(r"_form$", "", words)
    return words.replace("_", " ").strip() or name


class Vocabulary:
    """The names of one domain: intents, actions and responses, forms. Each name is placed once, then remembered
    (the report asks for every event)."""

    def __init__(self, intents: Iterable[str] = (), actions: Iterable[str] = (), forms: Iterable[str] = ()) -> None:
        self.intents: FrozenSet[str] = frozenset(intents)
        self.actions: FrozenSet[str] = frozenset(actions)
        self.forms: FrozenSet[str] = frozenset(forms)
        self._kinds: Dict[Optional[str], str] = {}
        self._roles: Dict[Optional[str], str] = {}

    @classmethod
    def from_domain(cls, path: Union[str, Path]) -> "Vocabulary":
        """Reads domain.yml, or every .yml file of a domain folder (Rasa accepts both)."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such domain file or folder")
        files = sorted(path.rglob("*.yml")) + sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
        intents, actions, forms = set(), set(), set()
        for file in files:
            data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
            for intent in data.get("intents") or []:
                intents.add(next(iter(intent)) if isinstance(intent, dict) else str(intent))
            actions.update(str(a) for a in data.get("actions") or [])
            actions.update(data.get("responses") or {})
            forms.update(data.get("forms") or {})
        return cls(intents, actions, forms)

    # ---------------------------------------------------------------- intents

    def intent_kind(self, intent: Optional[str]) -> str:
        kind = self._kinds.get(intent)
        if kind is None:
            kind = self._kinds[intent] = self._classify_intent((intent or "").lower())
        return kind

    @staticmethod
    def _classify_intent(name: str) -> str:
        if not name or _has(name, ("nlu_fallback", "fallback")):
            return UNCLEAR
        if _has(name, _CRISIS_WORDS + _EMERGENCY_WORDS):
            return URGENT
        if name.startswith("ask_") or _has(name, ("question", "out_of_scope", "not_covered", "other_drug")):
            return QUESTION
        return MOVE

    def topic(self, intent: Optional[str], subtopic: Optional[str] = None) -> str:
        """The topic a question is counted under: its intent's label, and the `topic` it named, if any."""
        base = label(intent) if intent else "not understood"
        if subtopic:
            return f"{base}: {str(subtopic).replace('_', ' ')}"
        return base

    def question_intents(self) -> List[str]:
        """The domain's intents that are topics (for 'never asked' in the report)."""
        return sorted(i for i in self.intents if self.intent_kind(i) in (QUESTION, URGENT))

    # ---------------------------------------------------------------- actions

    def action_role(self, action: Optional[str]) -> str:
        role = self._roles.get(action)
        if role is None:
            role = self._roles[action] = self._classify_action((action or "").lower())
        return role

    def _classify_action(self, name: str) -> str:
        if name == "action_listen":
            return LISTEN
        if name in _RASA_INTERNAL or name.startswith("validate_") or not name:
            return INTERNAL
        if name in self.forms or name.endswith("_form"):
            return FORM
        if name == "utter_default" or _has(name, _FALLBACK_WORDS):
            return FALLBACK
        if _has(name, _CRISIS_WORDS):
            return CRISIS
        if _has(name, _EMERGENCY_WORDS):
            return EMERGENCY
        if _has(name, _HANDOFF_WORDS):
            return HANDOFF
        if _has(name, _NOT_COVERED_WORDS):
            return NOT_COVERED
        if _has(name, _CLARIFY_WORDS) or name.startswith("utter_ask_"):
            return CLARIFY
        if name.startswith("action_") and "dose" in name.split("_") and not _has(name, _NOT_A_DOSE_AMOUNT):
            return DOSE_ANSWER
        return ANSWER
