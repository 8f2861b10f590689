"""What a caller can key or say besides a question: the menu and its keys, the hotline's own commands (repeat,
more, back, slower, menu), yes and no, and ages and weights keyed in. Plain Python, no Rasa import.

Commands are heard in the call's language: the English phrases always, the Vietnamese ones in a Vietnamese call
("thêm", "nhắc lại", "quay lại", "chậm lại", "có", "không", "dược sĩ"), compared without their diacritics (what
channels.voice.language.plain() makes of them), since recognisers write them either way. The words a choice is
said with come from the catalogues (`Choice.said(language)`).

A key or a command is an action: a payload or text for the assistant ("/ask_dose", the same payloads as the web
widget's buttons), or one of the commands below, which the hotline carries out itself.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from baclofen import wording
from baclofen.answers.doses import ONE_PERSON_CHOICES
from baclofen.dosing.person import DoseInputError, age_in_years, check_age, check_weight, weight_in_kg
from baclofen.prose import Prose
from baclofen.quantities import Quantity
from channels.voice.language import plain

# Commands the hotline carries out itself (never sent to the assistant).
REPEAT, MORE, BACK, SLOWER, FASTER, MENU, YES, NO = "repeat", "more", "back", "slower", "faster", "menu", "yes", "no"
KEY_AGE, KEY_WEIGHT, ROUTE_CHOICE, DOSES = "key:age_years", "key:weight_kg", "route", "doses"
COMMANDS = (REPEAT, MORE, BACK, SLOWER, FASTER, MENU, YES, NO, KEY_AGE, KEY_WEIGHT, ROUTE_CHOICE, DOSES)
PHARMACIST = "/ask_human"  # the assistant's handoff: the same intent as "I want to talk to a person"

AGE, WEIGHT = "age_years", "weight_kg"  # the dose form's slots a caller can key in (domain.yml)
ROUTE = "route"


@dataclass(frozen=True)
class Choice:
    """One option said in a prompt: its key, its words ("side effects") and its action. `word_id`: the catalogue
    entry of its words (baclofen/catalogue/<language>.yml), when the hotline says them in the call's language; an
    option without one (an answer's own button, already in the answer's language) is said as `words`."""

    key: str
    words: str
    action: str
    word_id: Optional[str] = None

    def said(self, language: str = wording.ENGLISH) -> str:
        if self.word_id is None:
            return self.words
        said = wording.words(self.word_id, language)
        return said[:1].lower() + said[1:] if self.word_id.startswith("buttons.") else said


def _menu_choice(key: str, name: str, action: str) -> Choice:
    """A choice of a menu said "one for uses" / "nine to repeat": its words, from the catalogue's `hotline.menu`."""
    return Choice(key, wording.words(f"hotline.menu.{name}"), action, f"hotline.menu.{name}")


# The menu (at the start, on star, and when the keypad is offered), in the web widget's first choices' order.
MENU_CHOICES = (
    _menu_choice("1", "uses", "/ask_uses"),
    _menu_choice("2", "doses", DOSES),  # whose dose first (a caller wants one person's figures, not all of section 2)
    _menu_choice("3", "side_effects", "/ask_side_effects"),
    _menu_choice("4", "interactions", "/ask_interaction"),
    _menu_choice("5", "precautions", "/ask_precaution"),
)
# Said after the menu's choices ("zero for the pharmacist, nine to repeat, or eight to slow down").
MENU_EXTRAS = (_menu_choice("0", "pharmacist", PHARMACIST), _menu_choice("9", "repeat", REPEAT),
               _menu_choice("8", "slower", SLOWER))
# Keys that mean the same everywhere (an age or a weight being keyed takes every digit but 0).
ALWAYS: Dict[str, str] = {"0": PHARMACIST, "9": REPEAT, "8": SLOWER, "*": MENU}
MORE_KEY = "1"  # "say more, or press 1": the first key of whatever prompt offers more
YES_KEY, NO_KEY = "1", "2"
# The doses menu: the web widget's options after its dose overview (baclofen.answers.doses), then the overview.
def _said(key: str, word_id: str, action: str) -> Choice:
    return Choice(key, Choice(key, "", action, word_id).said(), action, word_id)


DOSES_CHOICES = tuple(_said(key, f"buttons.{title}", payload) for key, (title, payload) in
                      zip("12", [choice for choice in ONE_PERSON_CHOICES if choice[1] != PHARMACIST])) + (
    _said("3", "hotline.every_group", "/ask_dose"), _said("0", "hotline.pharmacist", PHARMACIST))
ROUTE_CHOICES = (_said("1", "hotline.route.tablets", '/inform{"route": "oral"}'),
                 _said("2", "hotline.route.pump", '/inform{"route": "intrathecal"}'))
CORRECT_CHOICES = (_said("1", "hotline.correct.age", KEY_AGE), _said("2", "hotline.correct.weight", KEY_WEIGHT),
                   _said("3", "hotline.correct.route", ROUTE_CHOICE))

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
# The same commands in Vietnamese, written as channels.voice.language.plain() makes what the caller said (lower case,
# no diacritics: "nhắc lại" and "nhac lai" alike).
_VIETNAMESE_PHRASES: Dict[str, Tuple[str, ...]] = {
    REPEAT: ("nhac lai", "nhac lai di", "nhac lai giup toi", "xin nhac lai", "lap lai", "lap lai di",
             "lap lai giup toi", "noi lai", "noi lai di", "noi lai giup toi", "xin noi lai", "nghe lai",
             "cho toi nghe lai", "ban noi lai duoc khong", "gi", "gi co", "cai gi", "xin loi", "mot lan nua"),
    MORE: ("them", "them nua", "them di", "nghe them", "noi them", "nghe tiep", "noi tiep", "tiep", "tiep di",
           "tiep tuc", "con gi nua", "con nua", "con gi nua khong"),
    BACK: ("quay lai", "quay lai di", "tro lai", "tro lai di", "lui lai", "phan truoc", "cau truoc", "truoc do"),
    SLOWER: ("cham lai", "cham lai di", "cham hon", "cham thoi", "noi cham", "noi cham lai", "noi cham lai di",
             "noi cham hon", "xin noi cham lai", "noi cham thoi", "nhanh qua", "noi nhanh qua", "ban noi nhanh qua"),
    FASTER: ("nhanh hon", "noi nhanh hon", "nhanh len", "noi nhanh len", "toc do binh thuong", "binh thuong"),
    MENU: ("danh muc", "cac lua chon", "lua chon", "nghe cac lua chon", "bat dau lai", "tu dau", "lai tu dau",
           "quay ve dau", "quay lai tu dau"),
}
_COMMAND_OF = {phrase: command for command, phrases in _PHRASES.items() for phrase in phrases}
_VIETNAMESE_COMMAND_OF = {phrase: command for command, phrases in _VIETNAMESE_PHRASES.items() for phrase in phrases}
PERSON_WORDS = re.compile(r"\b(pharmacist|operator|human)s?\b", re.IGNORECASE)
PERSON_REQUEST_MAX_WORDS = 8  # "pharmacist", "I want to talk to a human please"; longer sentences go to the NLU
# "dược sĩ", "người thật", "nhân viên", "tổng đài viên" (plain); Vietnamese words are syllables, so more of them
VIETNAMESE_PERSON_WORDS = re.compile(r"\b(duoc si|nguoi that|nhan vien|tong dai vien)\b")
VIETNAMESE_PERSON_REQUEST_MAX_WORDS = 10  # "cho tôi nói chuyện với dược sĩ"
_YES = re.compile(r"^(yes|yeah|yep|yup|correct|right|that's right|that is right|that's correct|that is correct|"
                  r"exactly|sure|ok|okay)( (yes|it is|that's right|that is right|correct))*( please| thanks| "
                  r"thank you)?$")
_NO = re.compile(r"^(no|nope|not really|wrong|incorrect|that's wrong|that is wrong|that's not right|"
                 r"that is not right|no that's wrong|no it isn't|no it is not)( thanks| thank you)?$")


def normalise(text: str) -> str:
    """Speech as Twilio writes it ("Say that again.") -> "say that again"."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", text.lower())).strip()


_VI_YES = re.compile(r"^(da |vang |u )?(co|co a|co chu|dung|dung roi|dung a|dung vay|dung the|vang|vang a|da|"
                     r"da dung|phai|phai roi|phai a|chinh xac|dong y|duoc|duoc roi|u)( a| roi)?( cam on)?$")
_VI_NO = re.compile(r"^(da |vang )?(khong|khong a|khong dung|khong phai|khong phai vay|khong phai the|sai|sai roi|"
                    r"chua dung|khong co|khong dung roi)( a)?( cam on)?$")


def command(text: str, language: str = wording.ENGLISH) -> Optional[str]:
    """The hotline command a short phrase is, or None (a question for the assistant). Whole phrases only: "tell me
    more about side effects" is a question. In a Vietnamese call the Vietnamese phrases count too (with or without
    their diacritics), and the English ones still do."""
    found = _COMMAND_OF.get(normalise(text))
    if found is None and language == wording.VIETNAMESE:
        found = _VIETNAMESE_COMMAND_OF.get(plain(normalise(text)))
    return found


def yes_or_no(text: str, language: str = wording.ENGLISH) -> Optional[str]:
    said = normalise(text)
    found = YES if _YES.match(said) else NO if _NO.match(said) else None
    if found is None and language == wording.VIETNAMESE:
        said = plain(said)
        found = YES if _VI_YES.match(said) else NO if _VI_NO.match(said) else None
    return found


def asks_for_a_person(text: str, language: str = wording.ENGLISH) -> bool:
    if bool(PERSON_WORDS.search(text)) and len(text.split()) <= PERSON_REQUEST_MAX_WORDS:
        return True
    return language == wording.VIETNAMESE and bool(VIETNAMESE_PERSON_WORDS.search(plain(normalise(text)))) \
        and len(text.split()) <= VIETNAMESE_PERSON_REQUEST_MAX_WORDS


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
        raise DoseInputError(key="hotline.keys_unread")
    entry = Entry(slot, int(found.group(2)), _UNITS[slot][1 if found.group(1) else 0])
    if slot == AGE:
        check_age(entry.value)
    else:
        check_weight(entry.value)
    return entry
