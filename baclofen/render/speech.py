"""Answers made for the ear (the hotline's voice channel). Plain Python, no Rasa import.

A renderer only: it says the structured Answer (baclofen.answers.model) and its typed parts; it never adds, drops
or re-rounds a figure and never reads numbers back out of text. Every number is spelled from the digits it is
written with ("1.05" -> "one point zero five"), so what is said is exactly what the written answer shows:
- units in full: "milligrams", "micrograms", "kilograms", "pounds", "per kilogram per day";
- ranges as "ten point five to twenty-eight"; telephone numbers digit by digit;
- short sentences (semicolons and list items become sentence ends, brackets become pauses), the source as
  "This is from the leaflet, section two, Dosage.".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional

from baclofen import knowledge, prose
from baclofen.answers import compose
from baclofen.answers.model import (
    BLANK, BOT_CHALLENGE, CITATION, DOSE, EMERGENCY, HANDOFF, HOTLINE_LINE, ITEM, NOTE, PARAGRAPH, ROUTE_ASSUMED,
    Answer, Citation, Line, Urgent,
)
from baclofen.dosing.lookup import DoseAnswer, Figure, DoseQuery
from baclofen.dosing.person import describe_person
from baclofen.prose import Phone, Prose
from baclofen.quantities import UNITS, Number, Quantity, QuantityRange, format_number

# ---------------------------------------------------------------- numbers

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_DIGITS = _ONES[:10]


def integer_words(number: int) -> str:
    """0 -> 'zero', 28 -> 'twenty-eight', 1200 -> 'one thousand two hundred'."""
    if number < 0:
        return "minus " + integer_words(-number)
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + ("" if ones == 0 else "-" + _ONES[ones])
    for size, word in ((10 ** 9, "billion"), (10 ** 6, "million"), (1000, "thousand"), (100, "hundred")):
        if number >= size:
            high, rest = divmod(number, size)
            head = f"{integer_words(high)} {word}"
            if rest == 0:
                return head
            joiner = " and " if size == 100 or rest < 100 else " "
            return head + joiner + integer_words(rest)
    raise AssertionError("unreachable")


def number_words(written: str) -> str:
    """A number as written -> as a pharmacist says it: '1.05' -> 'one point zero five', '4.2' -> 'four point two'.

    Works on the written digits, so nothing is rounded: every decimal digit is said, zeros included.
    """
    written = written.replace(",", "")
    negative = written.startswith("-")
    whole, _, decimals = written.lstrip("-").partition(".")
    words = integer_words(int(whole or "0"))
    if decimals:
        words += " point " + " ".join(_DIGITS[int(d)] for d in decimals)
    return ("minus " if negative else "") + words


def digits_words(written: str) -> str:
    """A phone number digit by digit: '115' -> 'one one five'; groups are kept apart by a comma."""
    groups = [g for g in re.split(r"[\s\-./]+", written.strip()) if g]
    spoken = []
    for group in groups:
        prefix = "plus " if group.startswith("+") else ""
        spoken.append(prefix + " ".join(_DIGITS[int(d)] for d in group if d.isdigit()))
    return ", ".join(spoken)


# ---------------------------------------------------------------- typed parts

def _unit(quantity: Quantity) -> str:
    return UNITS[quantity.unit].spoken[0 if quantity.is_one else 1]


def _quantity(quantity: Quantity) -> str:
    return f"{number_words(quantity.written())} {_unit(quantity)}"


def _amount(amount) -> str:
    if isinstance(amount, Quantity):
        return _quantity(amount)
    if amount.low is None:
        return f"up to {_quantity(amount.high)}"
    if amount.low.unit == amount.high.unit:
        return f"{number_words(amount.low.written())} to {_quantity(amount.high)}"
    return f"{_quantity(amount.low)} to {_quantity(amount.high)}"


_UNIT_WORDS = {"kg": "kilograms", "lb": "pounds", "lbs": "pounds", "mg": "milligrams"}


def _words(text: str) -> str:
    """Written punctuation a listener should not hear: quotes dropped, brackets as pauses, '&' as 'and'."""
    text = text.replace('"', "").replace("“", "").replace("”", "")
    text = re.sub(r"\s*\(\s*", ", ", text)
    # Units written short in a sentence ("in kg or lb"), not as a quantity: in full, as every quantity is said.
    text = re.sub(r"\b(kg|lbs?|mg)\b", lambda unit: _UNIT_WORDS[unit.group(1)], text)
    text = re.sub(r"\s*\)", ",", text)
    return text.replace("&", " and ")


def _part(part) -> str:
    if isinstance(part, str):
        return _words(part)
    if isinstance(part, Number):
        return number_words(str(part))
    if isinstance(part, (Quantity, QuantityRange)):
        return _amount(part)
    if isinstance(part, Phone):
        return digits_words(part.number) if re.search(r"\d", part.number) else part.number
    raise TypeError(f"cannot say {part!r}")


def say(prose: Prose) -> str:
    """One piece of prose as words, before sentences are formed."""
    return "".join(_part(part) for part in prose.parts)


def citation(cited: Citation) -> str:
    parts = [f"section {number_words(s)}, {knowledge.section_title(s)}" for s in cited.sections]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
    return f"This is from the leaflet, {joined}."


# ---------------------------------------------------------------- sentences

def _sentences(lines: Iterable[str]) -> str:
    """Semicolons and line ends end sentences; every sentence starts with a capital and ends with a stop."""
    out: List[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        for piece in re.split(r"\s*;\s*", line):
            piece = piece.strip(" ,")
            if not piece:
                continue
            if piece.endswith(":"):
                piece = piece[:-1] + "."
            elif piece[-1] not in ".?!":
                piece += "."
            out.append(piece[0].upper() + piece[1:])
    return " ".join(out)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.:?!])", r"\1", text)
    text = re.sub(r",\s*([.:?!])", r"\1", text)
    text = re.sub(r"([.:?!])\s*,", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip()


def speak_lines(lines: Iterable[str]) -> str:
    return _tidy(_sentences(lines))


def speak(prose: Prose) -> str:
    """A sentence of the hotline's own (not an answer) as one spoken paragraph."""
    return speak_lines([say(prose)])


def _answer_lines(answer: Answer) -> List[str]:
    lines: List[str] = []
    for entry in answer.lines:
        if entry.style == BLANK or entry.label == HOTLINE_LINE:
            continue
        if entry.style == CITATION:
            lines.append(citation(entry.citation))
            continue
        spoken = say(entry.prose)
        lines.append(f"Please note: {spoken}" if entry.style == NOTE else spoken)
    if answer.citation is not None:
        lines.append(citation(answer.citation))
    return lines


# ---------------------------------------------------------------- dose answers

_ROUTE_WORDS = {"oral": "tablets by mouth", "intrathecal": "intrathecal, by pump or injection"}

# How each figure of a DoseAnswer is introduced aloud; the amount and detail words come from the figure itself.
_LEADS = {
    "initial": "The starting dose is",
    "per_dose": "Split over the day, that is",
    "titration": "To increase:",
    "maintenance_by_weight": "For maintenance, by weight:",
    "maintenance_by_age": "By age:",
    "maintenance": "For maintenance:",
    "ceiling": "The maximum is",
    "screening": "The test dose is",
    "step": "If there is no response:",
    "non_responder": "Not suitable:",
    "before_start": "Before starting:",
    "review": "",
}


def readback(dose: DoseAnswer) -> str:
    """What the dose form understood, as a question: 'A child of four years weighing sixteen kilograms, tablets by
    mouth: is that right?'."""
    query: Optional[DoseQuery] = dose.query
    if query is None:  # an answer built by hand, not by lookup(): nothing structured to read back
        words = dose.who
    else:
        words = describe_person(query.age_years, query.age_group)
        if query.weight_kg is not None:
            words += Prose.of(" weighing ", Quantity(query.weight_kg, "kg"))
        if dose.route in _ROUTE_WORDS:
            words += f", {_ROUTE_WORDS[dose.route]}"
        if query.renal_impairment:
            words += ", with kidney failure"
    spoken = speak(words).rstrip(".")
    return f"{spoken[0].upper()}{spoken[1:]}: is that right? Say yes, or no."


def _figure_speech(figure: Figure) -> str:
    amount = "" if figure.amount is None else ("about " if figure.approximate else "") + _amount(figure.amount)
    lead = _LEADS.get(figure.key, f"{figure.label}:")
    return " ".join(part for part in (lead, amount, say(figure.detail)) if part)


# The figures a caller hears first, with who decides; the rest follows on "more".
OPENING_FIGURES = ("initial", "screening", "per_dose")
NOTE_LABEL = "a note"


def _spoken_caution(caution: Prose) -> str:
    """A caution as a caller hears it: a precaution of the knowledge file that has words for the ear (`spoken`:
    the leaflet's "under 12 years and under 4 years" does not work aloud) is said in them."""
    for precaution in knowledge.precautions().values():
        if precaution.get("spoken") and caution == prose.parse(precaution["advice"].strip()).as_sentence():
            return say(prose.parse(precaution["spoken"].strip()).as_sentence())
    return say(caution)


def _note_speech(note: Prose, label: Optional[str]) -> str:
    if label == ROUTE_ASSUMED:
        # The written note says to type "intrathecal dose"; a caller says a word instead.
        return "These are the figures for tablets. Pump doses differ: say pump to hear them."
    return f"Please note: {_spoken_caution(note)}"


def dose(answer: DoseAnswer, notes: Iterable[Prose] = (), cited: Optional[Citation] = None,
         note_labels: Iterable[Optional[str]] = ()) -> str:
    """The spoken dose answer whole: the key figure first, one short sentence per figure, the cautions (and `notes`,
    the warnings the answer adds for this person), who decides and the section named. Every figure is the one the
    text answer shows, spelled out."""
    return speak_lines(unit.text for unit in dose_units(answer, notes, cited, note_labels))


def dose_units(answer: DoseAnswer, notes: Iterable[Prose] = (), cited: Optional[Citation] = None,
               note_labels: Iterable[Optional[str]] = ()) -> List[Unit]:
    """The dose as the hotline gives it, a part at a time: the starting dose, its split and who decides (the source
    briefly after them); then, on "more", the further figures (how to increase it, the maintenance dose, the
    maximum), then each note. Every figure is the one the text answer shows, spelled out."""
    labels = list(note_labels)
    all_notes = [(c, None) for c in answer.cautions]
    all_notes += [(n, labels[i] if i < len(labels) else None) for i, n in enumerate(notes)]
    opening = [_figure_speech(f) for f in answer.figures if f.key in OPENING_FIGURES]
    rest = [f for f in answer.figures if f.key not in OPENING_FIGURES]
    if not opening and all_notes:
        opening = [_spoken_caution(all_notes.pop(0)[0])]  # no figure (not covered): why, first
    said_notes = [_note_speech(n, label) for n, label in all_notes]
    if answer.covered:
        opening.append(compose.PRESCRIBER_DECIDES)
    units = [Unit(speak_lines(opening), PART)]
    if rest:
        keys = {f.key for f in rest}
        label = ("the maintenance dose" if any(k.startswith("maintenance") for k in keys) else
                 "the maximum" if "ceiling" in keys else "the next steps")
        units.append(Unit(speak_lines(_figure_speech(f) for f in rest), PART, label))
    units += [Unit(speak_lines([n]), PART, NOTE_LABEL) for n in said_notes]
    units.append(Unit(brief_citation(cited or Citation.of([answer.section])), SOURCE))
    return units


def _added_notes(answer: Answer) -> List[Line]:
    """The notes a dose Answer carries besides its DoseAnswer's cautions (doses.for_person: pregnancy,
    breastfeeding, the route assumed...), compared as structures."""
    cautions = list(answer.dose.cautions) if answer.dose is not None else []
    return [line for line in answer.lines if line.style == NOTE and line.prose not in cautions]


def _dose_of(answer: Answer) -> List[Unit]:
    added = _added_notes(answer)
    return dose_units(answer.dose, [line.prose for line in added], answer.citation, [line.label for line in added])


# ---------------------------------------------------------------- emergencies

def hang_up_and_call(urgent: Urgent, full: bool = True) -> str:
    """The one instruction a caller gets in an emergency. The caller is on the phone they must call from: hang up
    first. `full`: with when and where else (the first time); the second time the instruction alone."""
    extra = Prose.of(urgent.when and Prose.of(" ", urgent.when), urgent.or_else and Prose.of(", ", urgent.or_else))
    return speak(Prose.of("Hang up and call ", urgent.number, " now", extra if full else None, "."))


def emergency(urgent: Urgent) -> str:
    """The instruction, why, what to do meanwhile, and the instruction again. Not the pharmacist's number: the
    caller is on the pharmacist's line already (0 still puts them through), and one phone cannot do both."""
    return speak_lines([hang_up_and_call(urgent), say(urgent.why) if urgent.why else "", say(urgent.meanwhile),
                        hang_up_and_call(urgent, full=False)])


# ---------------------------------------------------------------- what actions.delivery sends on the voice channel

TRANSFER_KINDS = (HANDOFF,)  # after these the hotline puts the caller through (never after an emergency answer)


def render(answer: Answer) -> str:
    """The spoken form of one answer: the structured dose when there is one, else its lines made for the ear."""
    if answer.dose is not None:
        return speak_lines(unit.text for unit in _dose_of(answer))
    if answer.urgent is not None:
        return emergency(answer.urgent)
    if answer.kind == HANDOFF:
        return transfer()
    if answer.kind == BOT_CHALLENGE:  # on the hotline the caller reaches a person by saying so, not by dialling
        return f"{compose.BOT_INTRODUCTION} Say pharmacist to talk to a person."
    return speak_lines(_answer_lines(answer))


def voice_meta(answer: Answer) -> dict:
    """What the voice channel needs besides the whole spoken answer (sent as the message's custom payload): the
    answer's kind; a dose's read-back, said before the dose, and the dose in spoken units; a transfer after a
    request for a person; otherwise the answer in spoken units (channels/voice/ gives them a few at a time) and
    its buttons, which the hotline offers as keys; for an emergency, the instruction alone, said again after a
    silence. Decided by the answer's kind and structure, never guessed from its words."""
    if answer.dose is not None:
        return {"voice": {"kind": DOSE, "readback": readback(answer.dose),
                          "units": [unit.as_dict() for unit in _dose_of(answer)]}}
    if answer.kind in TRANSFER_KINDS:
        return {"voice": {"kind": answer.kind, "transfer": True}}
    meta: dict = {"kind": answer.kind, "units": [unit.as_dict() for unit in units(answer)]}
    if answer.urgent is not None:
        meta["reprompt"] = hang_up_and_call(answer.urgent, full=False)  # said again if the caller stays silent
    if answer.buttons:
        meta["choices"] = [{"title": _tidy(_words(button.title)), "payload": button.payload}
                           for button in answer.buttons]
    return {"voice": meta}


# ---------------------------------------------------------------- an answer in spoken units (for short turns)

# Roles of a unit in a spoken answer: how channels/voice/parts.py may group it.
LEAD = "lead"      # introduces what follows ("Side effects the leaflet lists."): never said alone at a part's end
BODY = "body"      # the answer itself, in order
EXTRA = "extra"    # what an answer that asks gives besides its question: offered after the question, as "more"
ASK = "ask"        # the question an answer ends with: said at the end of every part
SOURCE = "source"  # the leaflet sections, briefly: the answer's own once, in its first part
PART = "part"      # a part of its own, never joined with another (a dose's opening, its further figures, each note)
WHOLE = "whole"    # never split (an emergency)

# Answers that end with the question the dose form is waiting for; what comes before it can wait (said as "more").
ASKING_KINDS = ("ask_weight",)
CLARIFY = "clarify"  # baclofen.answers.compose.clarify


@dataclass(frozen=True)
class Unit:
    """One line of an answer as it is said: its sentences, its role, and the line's label (what "more" offers)."""

    text: str
    role: str = BODY
    label: Optional[str] = None
    urgent: bool = False  # the line tells to call the emergency number

    def as_dict(self) -> dict:
        found = {"text": self.text, "role": self.role}
        if self.label:
            found["label"] = self.label
        if self.urgent:
            found["urgent"] = True
        return found

    @classmethod
    def from_dict(cls, data: dict) -> "Unit":
        return cls(str(data["text"]), str(data.get("role") or BODY), data.get("label") or None,
                   bool(data.get("urgent")))


def brief_citation(cited: Citation) -> str:
    """'From the leaflet, section three.' / '... sections five point one and five point two.'"""
    spoken = [number_words(s) for s in cited.sections]
    if len(spoken) == 1:
        return f"From the leaflet, section {spoken[0]}."
    return f"From the leaflet, sections {', '.join(spoken[:-1])} and {spoken[-1]}."


def units(answer: Answer) -> List[Unit]:
    """The answer line by line, each said as in render(), with the role its place in the structure gives it: a
    paragraph that introduces list items leads them, and so does a first line with the emergency number; the lines of an answer that asks (ASKING_KINDS) before its
    last line are extras, its last line the question; sources are said briefly. Emergencies (and a question back
    that opens with the emergency number), doses and the hotline's own answers stay one unit."""
    if answer.kind == EMERGENCY or answer.dose is not None or answer.kind in (HANDOFF, BOT_CHALLENGE):
        return [Unit(render(answer), WHOLE, urgent=answer.kind == EMERGENCY)]
    lines = [line for line in answer.lines if line.style != BLANK and line.label != HOTLINE_LINE]
    if answer.kind == CLARIFY and lines and compose.emergency_number() in lines[0].prose.parts:
        # The question back when only the classifier heard an emergency: the emergency number, then the question
        # its options answer, whole, like an emergency answer.
        return [Unit(speak_lines(_answer_lines(answer)), WHOLE, urgent=True)]
    asking = answer.kind in ASKING_KINDS and len(lines) > 1
    found: List[Unit] = []
    for index, line in enumerate(lines):
        if line.style == CITATION:
            found.append(Unit(brief_citation(line.citation), SOURCE))
            continue
        spoken = say(line.prose)
        text = speak_lines([f"Please note: {spoken}" if line.style == NOTE else spoken])
        if not text:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        urgent = compose.emergency_number() in line.prose.parts
        if asking and following is None:
            role = ASK
        elif line.style == PARAGRAPH and following is not None and (
                following.style == ITEM or (urgent and index == 0)):
            role = LEAD  # it introduces a list, or it opens the answer with the emergency number
        else:
            role = EXTRA if asking else BODY
        found.append(Unit(text, role, line.label, urgent))
    if answer.citation is not None:
        found.append(Unit(brief_citation(answer.citation), SOURCE))
    return found


# ---------------------------------------------------------------- the hotline's own sentences

def choices() -> str:
    return "You can say dosing, side effects, or interactions, or say pharmacist to talk to a person."


def anything_else() -> str:
    return "You can ask another question, or say pharmacist to talk to a person."


def transfer() -> str:
    return "I am putting you through to the pharmacist now. Please stay on the line."


def transfer_failed() -> str:
    return speak(Prose.of("Sorry, the pharmacist could not take the call. Please call again later. "
                          "In an emergency, call ", compose.emergency_number(), ". Goodbye."))


def transfer_ended() -> str:
    """After the pharmacist ended the transferred call while the caller was still on the line."""
    return "The call with the pharmacist has ended. Thank you for calling. Goodbye."


def failure() -> str:
    """When the assistant cannot answer (the action server is down, or it took too long)."""
    return speak(Prose.of("Sorry, I cannot answer that right now. If this is an emergency, hang up and call ",
                          compose.emergency_number(), ". ", transfer()))


def call_state_refused() -> str:
    """When a request of a call carries a state the hotline cannot trust (channels/voice/state_token.py)."""
    return speak(Prose.of("Sorry, this call cannot go on from here. If this is an emergency, hang up and call ",
                          compose.emergency_number(), ". ", transfer()))


def didnt_hear(question: Optional[str] = None) -> str:
    return "Sorry, I did not hear anything. " + (question or f"What would you like to know about baclofen? {choices()}")


def goodbye_after_silence() -> str:
    return "I still cannot hear you, so I will end the call now. Please call again at any time. Goodbye."


def readback_rejected() -> str:
    return "Sorry about that. Please tell me the age and the weight again, and say tablets or pump."
