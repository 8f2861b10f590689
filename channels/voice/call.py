"""One call on the hotline: what is said next, and what the caller may say or key then. Plain Python, no Rasa import;
channels/twilio_voice.py renders each Turn as TwiML and carries the CallState to the call's next request, sealed
(channels/voice/state_token.py) in the action URL of the TwiML it writes.

A request is handled in one or two steps:
- `Hotline.hear(state, heard)`: the caller's words or keys. Commands (repeat, more, back, slower, the menu, yes and
  no to a read-back, an age or a weight keyed in) are answered here, as a Turn; anything else is an Ask: a
  message (the caller's words, or the payload a key stands for) for the assistant;
- `Hotline.answer(state, replies, asking, ask)`: what the assistant replied (its messages, each with the spoken
  units of its structured answer) and what the dose form now asks, made into a Turn: the first part of the answer
  (the rest waits for "more"), the question that follows it, then a short prompt saying what can be keyed.

Rules: no turn over `limit` words, an emergency answer included (always first, whole: one instruction, hang up and
call the emergency number, said twice; no transfer, 0 still reaches the pharmacist), a dose given a part at a time
after its read-back (the starting dose first); an emergency number first in every menu; two turns in
a row not understood (silence, low recognition confidence, an unknown key, an answer the assistant could not
place) offer the keypad, a third puts the caller through to the pharmacist: the hotline never hangs up on a caller.

Every sentence of the hotline's own (the menu, the offer of more, the keypad's prompts and read-backs, apologies,
the transfer) is a catalogue entry (baclofen/catalogue/<language>.yml, group `hotline`; the transfer and the
goodbyes in `speech`), said in the call's language: `Hotline(language=...)`, English by default; the commands are
heard in it too (keypad.py), the keys are the same in every language.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from baclofen import channel_table, wording
from baclofen.answers import compose
from baclofen.dosing.person import DoseInputError
from channels.voice import keypad
from channels.voice.keypad import (
    AGE, ALWAYS, BACK, CORRECT_CHOICES, DOSES, DOSES_CHOICES, FASTER, KEY_AGE, KEY_WEIGHT, MENU, MENU_CHOICES,
    MENU_EXTRAS, MORE, MORE_KEY, NO, NO_KEY,
    PHARMACIST, REPEAT, ROUTE, ROUTE_CHOICE, ROUTE_CHOICES, SLOWER, WEIGHT, YES, YES_KEY, Choice, Entry,
)
from channels.voice.parts import split, word_count
from baclofen.render import speech
from baclofen.render.speech import Unit
from baclofen.wording import ENGLISH

# What the hotline listens for after a turn.
LISTEN_MENU = "menu"                    # a question, a command, or a key of the prompt just said
LISTEN_ENTRY = "entry"                  # an age or a weight (spoken, or keyed then hash)
LISTEN_CONFIRM_ENTRY = "confirm_entry"  # 1 / yes: the keyed value is right; 2 / no: key it again
LISTEN_CONFIRM_DOSE = "confirm_dose"    # 1 / yes: say the dose; 2 / no: correct the age, weight or route
LISTEN_CORRECT = "correct"              # what to correct after a read-back was refused
LISTEN_ROUTE = "route"                  # 1 tablets, 2 a pump or injection

# Replies of the assistant that mean it did not understand (baclofen.answers kinds; domain.yml voice variants).
NOT_UNDERSTOOD = ("clarify", "ask_again", "not_understood", "out_of_scope")
UNTOLD = "untold"  # a reply that says nothing about the dose form's question (Reply.asking)
RATES = (100, 85, 70)  # percent of the voice's usual speaking rate: "slower" takes the next, "faster" the first
PREFIX_WORDS = 2  # room kept in every part for "More slowly." before a repeat at a slower rate
SILENCE, DOUBTFUL, BAD_INPUT, NOT_CAUGHT = "silence", "doubtful", "bad input", "not understood"


# ---------------------------------------------------------------- the hotline's own sentences
# In the call's language (baclofen/catalogue/<language>.yml, group `hotline`); English by default.

def _words(name: str, language: str) -> str:
    return wording.words(f"hotline.{name}", language)


def words_of(name: str, language: str = ENGLISH) -> str:
    """One of the hotline's sentences with no part to fill ("keypad_offer"), in the language."""
    return _words(name, language)


def _fill(name: str, language: str, **parts: Any) -> str:
    return str(wording.say(f"hotline.{name}", language, **parts))


def key_words(key: str, language: str = ENGLISH) -> str:
    if key in ("*", "#"):
        return _words("keys.star" if key == "*" else "keys.hash", language)
    return speech.number_words(str(int(key)), language)


def emergency_line(language: str = ENGLISH) -> str:
    return speech.speak(wording.say("hotline.emergency_line", language, number=compose.emergency_number()), language)


def _options(choices: Sequence[Choice], language: str = ENGLISH, form: str = "option") -> str:
    """'one for tablets, or two for a pump or injection'; form "menu_option": the menu's ('one for uses, two for
    doses, ... or eight to slow down', in Vietnamese 'một: công dụng; hai: liều dùng; ...')."""
    group = "menu" if form == "menu_option" else "options"
    said = [_fill(form, language, digit=key_words(c.key, language), what=c.said(language)) for c in choices]
    if len(said) == 1:
        return said[0]
    return _words(f"{group}_separator", language).join(said[:-1]) + _words(f"{group}_last", language) + said[-1]


def main_menu(language: str = ENGLISH) -> str:
    return _fill("main_menu", language, emergency=emergency_line(language),
                 options=_options(list(MENU_CHOICES) + list(MENU_EXTRAS), language, form="menu_option"))


def more_offer(label: Optional[str], by_key: bool, language: str = ENGLISH) -> str:
    what = _fill("more_for", language, label=label) if label else _words("more_go_on", language)
    return _fill("more_by_key", language, digit=key_words(MORE_KEY, language), what=what) if by_key else \
        _fill("more", language, what=what)


def answered_menu(short: bool = False, urgent_said: bool = False, language: str = ENGLISH) -> str:
    """After an answer has been said whole: the short menu (shorter still when the answer's last part is long).
    `urgent_said`: the answer opened with the emergency number, which this menu then does not say again."""
    first = "" if urgent_said else emergency_line(language) + " "
    return first + _words("answered_menu_short" if short else "answered_menu", language)


def choices_menu(choices: Sequence[Choice], urgent_said: bool = False, language: str = ENGLISH) -> str:
    """An answer's own options (its buttons' titles, written for a screen: "Work out a child's dose"), named
    after their keys: 'Press one, doses; two, side effects; or zero, the pharmacist.'"""
    said = [_fill("choice", language, digit=key_words(c.key, language), what=c.said(language)) for c in choices]
    listed = said[0] if len(said) == 1 else \
        _words("choices_separator", language).join(said[:-1]) + _words("choices_last", language) + said[-1]
    return ('' if urgent_said else emergency_line(language) + ' ') + _fill("choices_menu", language, listed=listed)


AFTER_QUESTION, OFFERED, AGAIN = "after question", "offered", "again"


def entry_prompt(slot: str, how: str = AFTER_QUESTION, language: str = ENGLISH) -> str:
    """How to key an age or a weight: after the form's spoken question, as the keypad offer, or after a problem."""
    what, unit, other = ("age", "years", "months") if slot == AGE else ("weight", "kilograms", "pounds")
    keyed = _fill("entry.then_hash", language, other=_words(f"entry.{other}", language))
    form = {OFFERED: "offered", AGAIN: "again"}.get(how, "after_question")
    return _fill(f"entry.{form}", language, what=_words(f"entry.{what}", language),
                 unit=_words(f"entry.{unit}", language), keyed=keyed)


def route_prompt(language: str = ENGLISH) -> str:
    return _fill("route_prompt", language, options=_options(ROUTE_CHOICES, language))


def confirm_entry(entry: Entry, language: str = ENGLISH) -> str:
    return _fill("confirm_entry", language, spoken=speech.speak(entry.spoken(), language))


def correct_prompt(language: str = ENGLISH) -> str:
    return _fill("correct_prompt", language, options=_options(CORRECT_CHOICES, language))


def not_offered(digits: str, language: str = ENGLISH) -> str:
    """A key pressed that the prompt did not offer: 'Sorry, seven is not a key I offered.'"""
    if len(digits) > 1:
        return _words("did_not_catch", language)
    known = digits[:1] in "0123456789*#"
    return _fill("not_offered", language, digit=key_words(digits[:1], language) if known else
                 _words("that_key", language))


def hotline_sentence_ids() -> List[str]:
    """Every id of the catalogues' `hotline` group (tests/core/test_wording.py: in both catalogues)."""
    return sorted(key for key in wording.catalogue(ENGLISH) if key.startswith("hotline."))


# ---------------------------------------------------------------- what comes in

@dataclass(frozen=True)
class Heard:
    """What Twilio posted after a <Gather>: the words recognised (and its confidence, when Twilio gives one) or the
    keys pressed."""

    speech: str = ""
    digits: str = ""
    confidence: Optional[float] = None


@dataclass(frozen=True)
class Reply:
    """One message of the assistant as the voice channel receives it (actions/delivery.py, domain.yml voice
    variants): the whole answer spoken, and, when it came from a structured answer, its kind and spoken units."""

    text: str
    kind: Optional[str] = None
    units: Tuple[Unit, ...] = ()
    choices: Tuple[Tuple[str, str], ...] = ()  # (words, action): the answer's buttons
    transfer: bool = False
    hangup: bool = False
    readback: Optional[str] = None
    reprompt: Optional[str] = None  # an emergency's instruction alone, said again after a silence
    # the dose form's question once this message is said (age_years, weight_kg, route; None: no form), when the
    # message tells it; UNTOLD when it says nothing about the form
    asking: Optional[str] = UNTOLD

    @classmethod
    def from_message(cls, message: Mapping[str, Any]) -> "Reply":
        custom = message.get("custom")
        voice = (custom.get("voice") if isinstance(custom, dict) else None) or {}
        choices = voice.get("choices") or [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                                           for b in message.get("buttons") or ()]
        return cls(text=(message.get("text") or "").strip(), kind=voice.get("kind"),
                   units=tuple(Unit.from_dict(u) for u in voice.get("units") or ()),
                   choices=tuple((str(c["title"]), str(c["payload"])) for c in choices if c.get("payload")),
                   transfer=bool(voice.get("transfer")), hangup=bool(voice.get("hangup")),
                   readback=voice.get("readback") or None, reprompt=voice.get("reprompt") or None,
                   asking=_slot_name(voice["asking"]) if "asking" in voice else UNTOLD)


def _slot_name(value: Any) -> Optional[str]:
    # domain.yml fills "{requested_slot}" with Rasa's slot interpolation, which writes an empty slot as "None"
    return str(value) if value not in (None, "", "None") else None


def form_question(replies: Sequence[Reply], before: Optional[str]) -> Optional[str]:
    """The slot the dose form asks for after these replies: told by the last reply that tells it (each question of
    the form, every answer of the action server, the voice variants of domain.yml's responses); when none does, the
    form's question stays what it was (`before`)."""
    told = [r.asking for r in replies if r.asking != UNTOLD]
    return told[-1] if told else before


@dataclass(frozen=True)
class Ask:
    """A message the assistant must answer: the caller's words, or what a key stands for; `state`: the call's state
    meanwhile. `doubtful`: words recognised with low confidence (the assistant still reads them, so that an
    emergency is never missed)."""

    text: str
    state: "CallState"
    doubtful: bool = False


# ---------------------------------------------------------------- one call's state

@dataclass
class CallState:
    """Everything the hotline remembers between two requests of a call (carried by the call itself: the channel
    seals `as_dict()` into the action URL of each turn's <Gather> or <Dial>)."""

    rate: int = RATES[0]
    parts: List[str] = field(default_factory=list)            # the answer being said, in parts
    labels: List[Optional[str]] = field(default_factory=list)  # what each part holds
    at: int = 0                                                # the part said last
    after: List[str] = field(default_factory=list)            # said after every part (the form's question)
    choices: List[Tuple[str, str]] = field(default_factory=list)  # the answer's own options, with its last part
    urgent: bool = False                                       # the answer opens with the emergency number
    said: List[str] = field(default_factory=list)             # the last turn's words ("repeat" says them again)
    prompt: List[str] = field(default_factory=list)           # the last turn's prompt (said again after a problem)
    listen: str = LISTEN_MENU
    asking: Optional[str] = None                               # the dose form's question: age_years, weight_kg...
    keys: Dict[str, str] = field(default_factory=dict)        # what each key does now
    entry: Optional[Dict[str, Any]] = None                    # a keyed value waiting for its confirmation
    dose: Optional[List[Dict[str, Any]]] = None               # a dose answer waiting for its read-back (its units)
    readback: Optional[str] = None
    trouble: int = 0                                          # turns in a row not understood

    def as_dict(self) -> Dict[str, Any]:
        return {name: copy.deepcopy(getattr(self, name)) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: Optional[Mapping[str, Any]]) -> "CallState":
        """A stored state; anything missing or malformed starts from the defaults (a call is never refused)."""
        state = cls()
        if not isinstance(data, Mapping):
            return state
        for name, default in state.as_dict().items():
            value = data.get(name, default)
            if value is None or isinstance(value, type(default)) or default is None:
                setattr(state, name, copy.deepcopy(value))
        state.choices = [tuple(c) for c in state.choices if isinstance(c, (list, tuple)) and len(c) == 2]
        if state.rate not in RATES:
            state.rate = RATES[0]
        state.at = min(max(int(state.at or 0), 0), max(len(state.parts) - 1, 0))
        return state


@dataclass(frozen=True)
class Turn:
    """What the hotline says now (in order), and then: listen (a <Gather>: the keys in state.keys; several keys
    ended by hash when an age or a weight is keyed), transfer to the pharmacist, or hang up."""

    says: Tuple[str, ...]
    state: CallState
    transfer: bool = False
    hangup: bool = False

    @property
    def listens(self) -> bool:
        return not (self.transfer or self.hangup)

    @property
    def keyed_entry(self) -> bool:
        return self.state.listen == LISTEN_ENTRY

    @property
    def words(self) -> int:
        return sum(word_count(text) for text in self.says)


# ---------------------------------------------------------------- the decisions

class Hotline:
    def __init__(self, limit: Optional[int] = None, min_confidence: Optional[float] = None,
                 language: str = ENGLISH) -> None:
        """`language`: the call's (channels/voice/language.py), in which the hotline says its own sentences and
        hears its commands; English by default."""
        self.language = wording.language_or_default(language)
        voice = channel_table.VOICE  # the hotline's limits: its row of the channel table
        self.limit = voice.limit("turn_words") if limit is None else limit
        self.min_confidence = voice.limit("min_confidence") if min_confidence is None else min_confidence

    # ---------------------------------------------------------------- the call starts

    def begin(self, replies: Sequence[Reply]) -> Turn:
        """The greeting (the assistant's reply to the call's first message), then the menu."""
        state = CallState()
        return self._say(state, [r.text for r in replies if r.text], [main_menu(self.language)], LISTEN_MENU,
                         self._menu_keys())

    # ---------------------------------------------------------------- what the caller said or keyed

    def hear(self, state: CallState, heard: Heard) -> Union[Turn, Ask]:
        state = copy.deepcopy(state)
        digits, words = heard.digits.strip(), heard.speech.strip()
        if not digits and not words:
            return self._trouble(state, SILENCE)
        if digits:
            if state.listen == LISTEN_ENTRY and digits not in ("0", "*") and state.asking in (AGE, WEIGHT):
                return self._keyed(state, digits)
            action = state.keys.get(digits)
            if action is None:
                return self._trouble(state, BAD_INPUT, not_offered(digits, self.language))
            return self._do(state, action)
        if keypad.asks_for_a_person(words, self.language):
            return Ask(words, state)
        command = keypad.command(words, self.language)
        if command is None and state.listen in (LISTEN_CONFIRM_DOSE, LISTEN_CONFIRM_ENTRY):
            command = keypad.yes_or_no(words, self.language)
        if command is not None:
            return self._do(state, command)
        return Ask(words, state, doubtful=self._doubtful(heard.confidence))

    def _doubtful(self, confidence: Optional[float]) -> bool:
        # 0 or none counts as not given: Twilio does not always compute one, and a line that doubted every
        # caller would be worse than one that doubts none.
        return confidence is not None and 0 < confidence < self.min_confidence

    def _do(self, state: CallState, action: str) -> Union[Turn, Ask]:
        if action not in keypad.COMMANDS:
            return Ask(action, state)  # a payload or words for the assistant (a menu key, an answer's option)
        state.trouble = 0
        if action == REPEAT:
            return Turn(tuple(state.said), state)
        if action in (SLOWER, FASTER):
            index = RATES.index(state.rate)
            if action == SLOWER:
                ack = _words("slower_now" if index + 1 < len(RATES) else "slowest", self.language)
                state.rate = RATES[min(index + 1, len(RATES) - 1)]
            else:
                ack, state.rate = _words("faster_now", self.language), RATES[0]
            return Turn((ack, *state.said), state)
        if action == MORE:
            if state.at + 1 < len(state.parts):
                state.at += 1
                return self._part(state)
            return self._say(state, [_words("no_more", self.language)], self._follow_up(state)[0], state.listen,
                             state.keys)
        if action == BACK:
            if state.at > 0 and state.parts:
                state.at -= 1
                return self._part(state)
            return self._menu(state)
        if action == MENU:
            return self._menu(state)
        if action == YES and state.listen == LISTEN_CONFIRM_DOSE and state.dose:
            # The dose, a part at a time: the starting dose first, the rest on "more".
            dose, state.dose, state.readback = state.dose, None, None
            units = [Unit.from_dict(u) for u in dose] if isinstance(dose, list) else [Unit(str(dose))]
            state.after, state.choices, state.urgent = [], [], False
            state.asking, state.listen = None, LISTEN_MENU
            return self._start(state, units)
        if action == NO and state.listen == LISTEN_CONFIRM_DOSE:
            state.dose = state.readback = None
            return self._say(state, [speech.readback_rejected(self.language)], [correct_prompt(self.language)],
                             LISTEN_CORRECT,
                             self._keys(CORRECT_CHOICES))
        if action == YES and state.listen == LISTEN_CONFIRM_ENTRY and state.entry:
            entry = Entry.from_dict(state.entry)
            state.entry = None
            return Ask(entry.payload(), state)
        if action == NO and state.listen == LISTEN_CONFIRM_ENTRY and state.entry:
            slot = Entry.from_dict(state.entry).slot
            state.entry = None
            return self._entry(state, slot)
        if action in (KEY_AGE, KEY_WEIGHT):
            return self._entry(state, AGE if action == KEY_AGE else WEIGHT)
        if action == DOSES:
            state.parts, state.labels, state.at, state.after, state.choices, state.urgent = [], [], 0, [], [], False
            return self._say(state, [], [choices_menu(DOSES_CHOICES, language=self.language)], LISTEN_MENU,
                             {**self._menu_keys(), **self._keys(DOSES_CHOICES)})
        if action == ROUTE_CHOICE:
            return self._say(state, [], [route_prompt(self.language)], LISTEN_ROUTE, self._keys(ROUTE_CHOICES))
        # yes / no with nothing to confirm: the assistant reads them (they may answer its question)
        return Ask(action, state)

    def _keyed(self, state: CallState, digits: str) -> Turn:
        try:
            entry = keypad.read_entry(state.asking, digits)
        except DoseInputError as error:
            return self._trouble(state, BAD_INPUT, speech.speak(error.said(self.language), self.language))
        state.trouble, state.entry = 0, entry.as_dict()
        return self._say(state, [], [confirm_entry(entry, self.language)], LISTEN_CONFIRM_ENTRY,
                         self._keys([Choice(YES_KEY, "yes", YES), Choice(NO_KEY, "no", NO)]))

    def _entry(self, state: CallState, slot: str) -> Turn:
        state.asking = slot
        return self._say(state, [], [entry_prompt(slot, OFFERED, self.language)], LISTEN_ENTRY, self._entry_keys())

    def _menu(self, state: CallState) -> Turn:
        state.parts, state.labels, state.at, state.after, state.choices, state.urgent = [], [], 0, [], [], False
        return self._say(state, [], [main_menu(self.language)], LISTEN_MENU, self._menu_keys())

    # ---------------------------------------------------------------- what the assistant replied

    def answer(self, ask: Ask, replies: Sequence[Reply], asking: Optional[str]) -> Turn:
        """What to say after the assistant answered `ask`. `asking`: the slot the dose form asks for now (None when
        no form is active)."""
        state = copy.deepcopy(ask.state)
        replies = [r for r in replies if r.text or r.transfer or r.hangup]
        emergency = next((r for r in replies if r.kind == compose.EMERGENCY and r.text), None)
        if emergency is not None:
            # One instruction (hang up and call the emergency number), whole, with nothing offered after it and no
            # transfer: someone on one phone cannot do both. The keys still work: 0 reaches the pharmacist.
            state.parts, state.labels, state.at, state.after, state.choices = [emergency.text], [None], 0, [], []
            state.urgent, state.asking, state.trouble, state.dose, state.readback = True, None, 0, None, None
            return self._say(state, [emergency.text], [], LISTEN_MENU, self._menu_keys(),
                             reprompt=[emergency.reprompt or emergency.text])
        if any(r.transfer for r in replies) or keypad.asks_for_a_person(ask.text, self.language):
            # a request for a person needs no more words
            return Turn((speech.transfer(self.language),), state, transfer=True)
        if any(r.hangup for r in replies):
            return Turn(tuple(r.text for r in replies if r.text), state, hangup=True)
        state.asking = asking
        if ask.doubtful:
            return self._trouble(state, DOUBTFUL, listen=self._listen_for(asking))
        if any(r.kind in NOT_UNDERSTOOD for r in replies):
            state.trouble += 1
            if state.trouble >= 2:
                return self._trouble(state, NOT_CAUGHT, counted=True, listen=self._listen_for(asking))
        else:
            state.trouble = 0
        dose = next((r for r in replies if r.readback), None)
        if dose is not None:
            state.dose = [unit.as_dict() for unit in dose.units] or dose.text
            state.readback = dose.readback
            before = [r.text for r in replies if r is not dose and r.text]
            return self._say(state, before + [dose.readback], [_words("confirm_dose_keys", self.language)],
                             LISTEN_CONFIRM_DOSE,
                             self._keys([Choice(YES_KEY, "yes", YES), Choice(NO_KEY, "no", NO)]))
        if not replies:
            return self._say(state, [], self._follow_up(state)[0], state.listen, state.keys)
        main, rest = replies[0], replies[1:]
        state.listen = self._listen_for(asking)
        state.after = [r.text for r in rest]
        state.choices = list(main.choices)
        units = main.units or (Unit(main.text),)
        state.urgent = units[0].urgent
        return self._start(state, units)

    def _start(self, state: CallState, units: Sequence[Unit]) -> Turn:
        """An answer's first part; the others wait for "more"."""
        labels = {unit.label for unit in units} | {None}

        def room(last: bool) -> int:  # for the part, after "More slowly.", the question after it and the prompt
            prompt = max(sum(word_count(t) for t in self._follow_up(state, label=label, last=last, shortest=True)[0])
                         for label in labels)
            return self.limit - PREFIX_WORDS - sum(word_count(t) for t in state.after) - prompt

        parts = split(units, room(last=False), room(last=True))
        state.parts, state.labels, state.at = list(parts.texts), list(parts.labels), 0
        return self._part(state)

    @staticmethod
    def _listen_for(asking: Optional[str]) -> str:
        return LISTEN_ENTRY if asking in (AGE, WEIGHT) else LISTEN_ROUTE if asking == ROUTE else LISTEN_MENU

    # ---------------------------------------------------------------- turns

    def _part(self, state: CallState) -> Turn:
        prompt, keys = self._follow_up(state)
        question = []
        if state.listen != LISTEN_MENU:  # the dose form's question is asked again after a silence
            question = [state.after[-1] if state.after else state.parts[state.at]]
        return self._say(state, [state.parts[state.at], *state.after], prompt, state.listen, keys,
                         reprompt=question + prompt)

    def _follow_up(self, state: CallState, label: Optional[str] = None, last: Optional[bool] = None,
                   shortest: bool = False) -> Tuple[List[str], Dict[str, str]]:
        """The prompt after a part of an answer, and the keys it offers. `label` / `last`: for a part not said
        yet (to count the words; `shortest`: the shortest prompt that may follow it); by default the part the
        state is at, with the full closing menu when it fits the turn."""
        if last is None and not shortest:
            part = state.parts[state.at] if state.parts else ""
            shortest = word_count(part) + sum(word_count(t) for t in state.after) + PREFIX_WORDS + \
                word_count(answered_menu(language=self.language)) > self.limit
        if last is None:
            last = state.at + 1 >= len(state.parts)
            label = None if last else state.labels[state.at + 1]
        more = [] if last else [more_offer(label, by_key=state.listen == LISTEN_MENU, language=self.language)]
        if state.listen == LISTEN_ENTRY and state.asking in (AGE, WEIGHT):
            return more + [entry_prompt(state.asking, language=self.language)], self._entry_keys()
        if state.listen == LISTEN_ROUTE:
            return more + [route_prompt(self.language)], self._keys(ROUTE_CHOICES)
        if not last:
            return more, {**self._menu_keys(), MORE_KEY: MORE}
        if state.choices:
            choices = self._choices(state.choices)
            return [choices_menu(choices, state.urgent, self.language)], {**self._menu_keys(), **self._keys(choices)}
        return [answered_menu(short=shortest, urgent_said=state.urgent, language=self.language)], self._menu_keys()

    @staticmethod
    def _choices(options: Sequence[Tuple[str, str]]) -> List[Choice]:
        """An answer's options as keys: 1, 2, ... in order; the pharmacist on 0, as everywhere."""
        choices, number = [], 1
        for words, action in options:
            if action == PHARMACIST:
                choices.append(Choice("0", wording.words("hotline.pharmacist"), action, "hotline.pharmacist"))
            elif number <= 7:
                choices.append(Choice(str(number), words[:1].lower() + words[1:], action))
                number += 1
        return sorted(choices, key=lambda c: c.key == "0")

    @staticmethod
    def _keys(choices: Sequence[Choice]) -> Dict[str, str]:
        return {**ALWAYS, **{choice.key: choice.action for choice in choices}}

    def _menu_keys(self) -> Dict[str, str]:
        return self._keys(MENU_CHOICES)

    @staticmethod
    def _entry_keys() -> Dict[str, str]:
        return {"0": PHARMACIST, "*": MENU}

    def _say(self, state: CallState, content: List[str], prompt: List[str], listen: str,
             keys: Dict[str, str], prefix: Sequence[str] = (), remember: bool = True,
             reprompt: Optional[List[str]] = None) -> Turn:
        """`remember`: what is said becomes what "repeat" says (not after an apology: "repeat" then still says the
        last answer); `reprompt`: what is said again after a problem (default: the prompt)."""
        state.listen, state.keys = listen, dict(keys)
        if remember:
            state.said = [t for t in content + prompt if t]
            state.prompt = [t for t in (prompt if reprompt is None else reprompt) if t]
        return Turn(tuple(t for t in (*prefix, *content, *prompt) if t), state)

    def _trouble(self, state: CallState, why: str, apology: Optional[str] = None, counted: bool = False,
                 listen: Optional[str] = None) -> Turn:
        """A turn not understood: the first time, sorry and the last prompt again; the second, the keypad; the
        third, the pharmacist. `listen`: what the conversation now waits for, when the assistant's turn moved it on
        (the dose form asks for something else)."""
        if not counted:
            state.trouble += 1
        moved = listen is not None and listen != state.listen
        state.listen = listen or state.listen
        if state.trouble >= 3:
            return Turn((speech.transfer(self.language),), state, transfer=True)
        if state.trouble == 2:
            offer = _words("keypad_offer_silent" if why == SILENCE else "keypad_offer", self.language)
            if state.listen == LISTEN_ENTRY and state.asking in (AGE, WEIGHT):
                prompt, keys = [entry_prompt(state.asking, OFFERED, self.language)], self._entry_keys()
            elif state.listen == LISTEN_ROUTE:
                prompt, keys = [route_prompt(self.language)], self._keys(ROUTE_CHOICES)
            elif state.listen in (LISTEN_CONFIRM_DOSE, LISTEN_CONFIRM_ENTRY, LISTEN_CORRECT) and state.prompt:
                prompt, keys = state.prompt, state.keys
            else:
                state.parts, state.labels, state.at, state.after, state.choices, state.urgent = [], [], 0, [], [], False
                state.listen, prompt, keys = LISTEN_MENU, [main_menu(self.language)], self._menu_keys()
            return self._say(state, [], prompt, state.listen, keys, prefix=[offer])
        apology = apology or _words("did_not_hear" if why == SILENCE else "did_not_catch", self.language)
        if moved or not state.prompt:
            prompt, keys = ([entry_prompt(state.asking, AGAIN, self.language)], self._entry_keys()) \
                if state.listen == LISTEN_ENTRY \
                else ([route_prompt(self.language)], self._keys(ROUTE_CHOICES)) if state.listen == LISTEN_ROUTE \
                else ([main_menu(self.language)], self._menu_keys())
            return self._say(state, [], prompt, state.listen, keys, prefix=[apology], remember=False)
        return self._say(state, [], state.prompt, state.listen, state.keys, prefix=[apology], remember=False)
