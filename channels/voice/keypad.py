"""What a caller can key or say besides a question: the menu and its keys, the hotline's own commands (repeat,
more, back, slower, menu), yes and no, and ages and weights keyed in. Plain Python, no Rasa import.

A key or a command is an action: a payload or text for the assistant ("/ask_dose", the same payloads as the web
widget's buttons), or one of the commands below, which the hotline carries out itself.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from baclofen.answers.doses import ONE_PERSON_BUTTONS
from baclofen.dosing.person import DoseInputError, age_in_years, check_age, check_weight, weight_in_kg
from baclofen.prose import Prose
from baclofen.quantities import Quantity

# Commands the hotline carries out itself (never sent to the assistant).
REPEAT, MORE, BACK, SLOWER, FASTER, MENU, YES, NO = "repeat", "more", "back", "slower", "faster", "menu", "yes", "no"
KEY_AGE, KEY_WEIGHT, ROUTE_CHOICE, DOSES = "key:age_years", "key:weight_kg", "route", "doses"
COMMANDS = (REPEAT, MORE, BACK, SLOWER, FASTER, MENU, YES, NO, KEY_AGE, KEY_WEIGHT, ROUTE_CHOICE, DOSES)
PHARMACIST = "/ask_human"  # the assistant's handoff: the same intent as "I want to talk to a person"

AGE, WEIGHT = "age_years", "weight_kg"  # the dose form's slots a caller can key in (domain.yml)
ROUTE = "route"


@dataclass(frozen=True)
class Choice:
    """One option said in a prompt: its key, its words ("side effects") and its action."""

    key: str
    words: str
    action: str


# The menu (at the start, on star, and when the keypad is offered), in the web widget's first choices' order.
MENU_CHOICES = (
    Choice("1", "uses", "/ask_uses"),
    Choice("2", "doses", DOSES),  # whose dose first (a caller wants one person's figures, not all of section 2)
    Choice("3", "side effects", "/ask_side_effects"),
    Choice("4", "interactions", "/ask_interaction"),
    Choice("5", "precautions", "/ask_precaution"),
)
# Keys that mean the same everywhere (an age or a weight being keyed takes every digit but 0).
ALWAYS: Dict[str, str] = {"0": PHARMACIST, "9": REPEAT, "8": SLOWER, "*": MENU}
MORE_KEY = "1"  # "say more, or press 1": the first key of whatever prompt offers more
YES_KEY, NO_KEY = "1", "2"
# The doses menu: the web widget's options after its dose overview (baclofen.answers.doses), then the overview.
DOSES_CHOICES = tuple(Choice(key, title[:1].lower() + title[1:], payload) for key, (title, payload) in
                      zip("12", [(b.title, b.payload) for b in ONE_PERSON_BUTTONS if b.payload != PHARMACIST])) + (
    Choice("3", "the leaflet's doses for every group", "/ask_dose"), Choice("0", "the pharmacist", PHARMACIST))
ROUTE_CHOICES = (Choice("1", "tablets", '/inform{"route": "oral"}'),
                 Choice("2", "a pump or injection", '/inform{"route": "intrathecal"}'))
CORRECT_CHOICES = (Choice("1", "to key the age", KEY_AGE), Choice("2", "to key the weight", KEY_WEIGHT),
                   Choice("3", "to change tablets or pump", ROUTE_CHOICE))

# ---------------------------------------------------------------- what callers say

_PHRASES: Dict[str, Tuple[str, ...]] = {
    REPEAT: ("repeat", "repeat that", "repeat it", "repeat please", "please repeat", "repeat that please",
             "say that again", "say it again", "say again", "again", "again please", "pardon", "pardon me",
             "sorry", "what", "come again", "what did you say", "can you repeat that", "could you repeat that",
             "can you say that again", "could you say that again", "one more time", "repeat the answer"),
    MORE: ("more", "more please", "tell me more", "go on", "continue", "next", "yes more", "the rest",
           "keep going", "what else", "more information"),
    BACK: ("back", "go back", "previous", "back please", "go back please", "the previous one"),
    SLOWER: ("slower", "slower please", "slow down", "slow down please", "speak slower", "speak slowly",
             "more slowly", "speak more slowly", "talk slower", "talk more slowly", "too fast",
             "you're too fast", "you are too fast", "slowly", "slowly please", "not so fast"),
    FASTER: ("faster", "faster please", "speak faster", "normal speed", "speed up", "quicker"),
    MENU: ("menu", "main menu", "the menu", "options", "start again", "start over", "menu please"),
}
_COMMAND_OF = {phrase: command for command, phrases in _PHRASES.items() for phrase in phrases}
PERSON_WORDS = re.compile(r"\b(pharmacist|operator|human)s?\b", re.IGNORECASE)
PERSON_REQUEST_MAX_WORDS = 8  # "pharmacist", "I want to talk to a human please"; longer sentences go to the NLU
_YES = re.compile(r"^(yes|yeah|yep|yup|correct|right|that's right|that is right|that's correct|that is correct|"
                  r"exactly|sure|ok|okay)( (yes|it is|that's right|that is right|correct))*( please| thanks| "
                  r"thank you)?$")
_NO = re.compile(r"^(no|nope|not really|wrong|incorrect|that's wrong|that is wrong|that's not right|"
                 r"that is not right|no that's wrong|no it isn't|no it is not)( thanks| thank you)?$")


def normalise(text: str) -> str:
    """Speech as Twilio writes it ("Say that again.") -> "say that again"."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", text.lower())).strip()


def command(text: str) -> Optional[str]:
    """The hotline command a short phrase is, or None (a question for the assistant). Whole phrases only: "tell me
    more about side effects" is a question."""
    return _COMMAND_OF.get(normalise(text))


def yes_or_no(text: str) -> Optional[str]:
    said = normalise(text)
    return YES if _YES.match(said) else NO if _NO.match(said) else None


def asks_for_a_person(text: str) -> bool:
    return bool(PERSON_WORDS.search(text)) and len(text.split()) <= PERSON_REQUEST_MAX_WORDS


# ---------------------------------------------------------------- ages and weights keyed in

# Keyed as digits then hash; star first for the other unit (months, pounds). The phone keypad has no decimal point.
_KEYED = re.compile(r"^(\*?)(\d{1,3})#?$")
_UNITS = {AGE: ("years", "months"), WEIGHT: ("kg", "lb")}


@dataclass(frozen=True)
class Entry:
    """An age or a weight as keyed: the number and its unit, before the caller confirms it."""

    slot: str
    amount: int
    unit: str

    @property
    def value(self) -> float:
        """In the dose form's unit (years, kilograms), converted as the language layer converts what is said."""
        return age_in_years(self.amount, self.unit) if self.slot == AGE else weight_in_kg(self.amount, self.unit)

    def spoken(self) -> Prose:
        return Prose.of(Quantity(self.amount, self.unit))

    def payload(self) -> str:
        """The message the assistant gets once the caller confirms: the same intent and entity as a spoken
        "four years" or "sixteen kilos", typed (no text to read again)."""
        return "/inform" + json.dumps({"age" if self.slot == AGE else "weight": self.value})

    def as_dict(self) -> dict:
        return {"slot": self.slot, "amount": self.amount, "unit": self.unit}

    @classmethod
    def from_dict(cls, data: dict) -> "Entry":
        return cls(str(data["slot"]), int(data["amount"]), str(data["unit"]))


def read_entry(slot: str, digits: str) -> Entry:
    """Keys -> an Entry: '4#' four years, '*18#' eighteen months; '16#' sixteen kilograms, '*35#' thirty-five
    pounds. Raises DoseInputError (a sentence to say) for keys that are no such number or a value the dose lookup
    refuses."""
    found = _KEYED.match(digits.strip())
    if slot not in _UNITS:
        raise ValueError(f"{slot!r} cannot be keyed in")
    if not found:
        raise DoseInputError("Sorry, I could not read those keys.")
    entry = Entry(slot, int(found.group(2)), _UNITS[slot][1 if found.group(1) else 0])
    if slot == AGE:
        check_age(entry.value)
    else:
        check_weight(entry.value)
    return entry
