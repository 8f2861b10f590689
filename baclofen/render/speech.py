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

from baclofen import knowledge, prose, wording
from baclofen.answers import compose
from baclofen.answers.model import (
    ASK_WEIGHT, BLANK, BOT_CHALLENGE, CITATION, DOSE, EMERGENCY, HANDOFF, ITEM, NOT_SPOKEN, NOTE, PARAGRAPH, ROUTE_ASSUMED,
    Answer, Citation, Line, Urgent,
)
from baclofen.dosing.lookup import DoseAnswer, Figure, DoseQuery
from baclofen.dosing.person import describe_person
from baclofen.prose import Phone, Prose
from baclofen.quantities import UNITS, Number, Quantity, QuantityRange, format_number
from baclofen.wording import ENGLISH, VIETNAMESE, entry, words

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


_VI_ONES = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_VI_SCALES = ((10 ** 9, "tỷ"), (10 ** 6, "triệu"), (1000, "nghìn"))


def vietnamese_integer_words(number: int) -> str:
    """0 -> 'không', 15 -> 'mười lăm', 21 -> 'hai mươi mốt', 105 -> 'một trăm linh năm', 1200 -> 'một nghìn hai
    trăm': as Vietnamese is read aloud (lăm, mốt, tư, linh after tens and hundreds)."""
    if number < 0:
        return "âm " + vietnamese_integer_words(-number)
    if number < 10:
        return _VI_ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        head = "mười" if tens == 1 else f"{_VI_ONES[tens]} mươi"
        last = {0: "", 1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}.get(ones,
                                                                                             _VI_ONES[ones])
        return f"{head} {last}".strip()
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        head = f"{_VI_ONES[hundreds]} trăm"
        return head if rest == 0 else f"{head} linh {_VI_ONES[rest]}" if rest < 10 else \
            f"{head} {vietnamese_integer_words(rest)}"
    size, word = next((size, word) for size, word in _VI_SCALES if number >= size)
    high, rest = divmod(number, size)
    head = f"{vietnamese_integer_words(high)} {word}"
    if rest == 0:
        return head
    if rest < 10:
        return f"{head} không trăm linh {_VI_ONES[rest]}"
    return f"{head} không trăm {vietnamese_integer_words(rest)}" if rest < 100 else \
        f"{head} {vietnamese_integer_words(rest)}"


def _digit_words(language: str) -> List[str]:
    return _VI_ONES if language == VIETNAMESE else _DIGITS


def number_words(written: str, language: str = ENGLISH) -> str:
    """A number as written -> as a pharmacist says it: '1.05' -> 'one point zero five', '4.2' -> 'four point two'
    (in Vietnamese 'bốn phẩy hai').

    Works on the written digits, so nothing is rounded: every decimal digit is said, zeros included.
    """
    written = written.replace(",", "")
    negative = written.startswith("-")
    whole, _, decimals = written.lstrip("-").partition(".")
    integer = vietnamese_integer_words if language == VIETNAMESE else integer_words
    said = integer(int(whole or "0"))
    if decimals:
        said += f" {words('speech.point', language)} " + " ".join(_digit_words(language)[int(d)] for d in decimals)
    return (f"{words('speech.minus', language)} " if negative else "") + said


def digits_words(written: str, language: str = ENGLISH) -> str:
    """A phone number digit by digit: '115' -> 'one one five'; groups are kept apart by a comma."""
    groups = [g for g in re.split(r"[\s\-./]+", written.strip()) if g]
    spoken = []
    for group in groups:
        prefix = f"{words('speech.plus', language)} " if group.startswith("+") else ""
        spoken.append(prefix + " ".join(_digit_words(language)[int(d)] for d in group if d.isdigit()))
    return ", ".join(spoken)


# ---------------------------------------------------------------- typed parts

def _unit(quantity: Quantity, language: str = ENGLISH) -> str:
    if language == ENGLISH:
        return UNITS[quantity.unit].spoken[0 if quantity.is_one else 1]
    return entry(f"speech.units.{quantity.unit}", language)


def _quantity(quantity: Quantity, language: str = ENGLISH) -> str:
    return f"{number_words(quantity.written(), language)} {_unit(quantity, language)}"


def _amount(amount, language: str = ENGLISH) -> str:
    if isinstance(amount, Quantity):
        return _quantity(amount, language)
    if amount.low is None:
        return f"{words('speech.up_to', language)} {_quantity(amount.high, language)}"
    to = words("speech.to", language)
    if amount.low.unit == amount.high.unit:
        return f"{number_words(amount.low.written(), language)} {to} {_quantity(amount.high, language)}"
    return f"{_quantity(amount.low, language)} {to} {_quantity(amount.high, language)}"


def _words(text: str, language: str = ENGLISH) -> str:
    """Written punctuation a listener should not hear: quotes dropped, brackets as pauses, '&' as 'and'."""
    text = text.replace('"', "").replace("“", "").replace("”", "")
    text = re.sub(r"\s*\(\s*", ", ", text)
    # Units written short in a sentence ("in kg or lb"), not as a quantity: in full, as every quantity is said.
    unit_words = dict(entry("speech.unit_words", language))
    text = re.sub(r"\b(" + "|".join(map(re.escape, unit_words)) + r")\b", lambda unit: unit_words[unit.group(1)], text)
    text = re.sub(r"\s*\)", ",", text)
    for symbol, said in entry("speech.symbols", language):  # in order: "/ngày" before "/"
        text = text.replace(symbol, said)
    return text


def _part(part, language: str = ENGLISH) -> str:
    if isinstance(part, str):
        return _words(part, language)
    if isinstance(part, Number):
        return number_words(str(part), language)
    if isinstance(part, (Quantity, QuantityRange)):
        return _amount(part, language)
    if isinstance(part, Phone):
        return digits_words(part.number, language) if re.search(r"\d", part.number) else part.number
    raise TypeError(f"cannot say {part!r}")


def say(prose: Prose, language: str = ENGLISH) -> str:
    """One piece of prose as words, before sentences are formed."""
    return "".join(_part(part, language) for part in prose.parts)


def citation(cited: Citation, language: str = ENGLISH) -> str:
    parts = [str(wording.say("speech.section", language, number=number_words(s, language),
                             title=knowledge.section_title(s, language))) for s in cited.sections]
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + words("speech.last_section", language) + parts[-1]
    return str(wording.say("speech.citation", language, sections=joined))


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


def speak(prose: Prose, language: str = ENGLISH) -> str:
    """A sentence of the hotline's own (not an answer) as one spoken paragraph."""
    return speak_lines([say(prose, language)])


def _noted(spoken: str, language: str) -> str:
    return str(wording.say("speech.please_note", language, text=spoken))


def _answer_lines(answer: Answer) -> List[str]:
    lines: List[str] = []
    language = answer.language
    for line in answer.lines:
        if line.style == BLANK or line.label in NOT_SPOKEN:
            continue
        if line.style == CITATION:
            lines.append(citation(line.citation, language))
            continue
        spoken = say(line.prose, language)
        lines.append(_noted(spoken, language) if line.style == NOTE else spoken)
    if answer.citation is not None:
        lines.append(citation(answer.citation, language))
    return lines


# ---------------------------------------------------------------- dose answers

# How each figure of a DoseAnswer is introduced aloud (speech.leads.<figure key> of the catalogues); the amount and
# detail words come from the figure itself.


def readback(dose: DoseAnswer) -> str:
    """What the dose form understood, as a question: 'A child of four years weighing sixteen kilograms, tablets by
    mouth: is that right?'."""
    query: Optional[DoseQuery] = dose.query
    language = dose.language
    if query is None:  # an answer built by hand, not by lookup(): nothing structured to read back
        person = dose.who
    else:
        person = describe_person(query.age_years, query.age_group, language)
        if query.weight_kg is not None:
            person += wording.say("speech.weighing", language, weight=Quantity(query.weight_kg, "kg"))
        if dose.route in ("oral", "intrathecal"):
            person += words(f"speech.route.{dose.route}", language)
        if query.renal_impairment:
            person += words("speech.with_kidney_failure", language)
    spoken = speak(person, language).rstrip(".")
    return str(wording.say("speech.is_that_right", language, understood=f"{spoken[0].upper()}{spoken[1:]}"))


def _figure_speech(figure: Figure, language: str = ENGLISH) -> str:
    about = words("speech.about", language) if figure.approximate else ""
    amount = "" if figure.amount is None else about + _amount(figure.amount, language)
    lead = _lead(figure, language)
    return " ".join(part for part in (lead, amount, say(figure.detail, language)) if part)


def _lead(figure: Figure, language: str) -> str:
    key = f"speech.leads.{figure.key}"
    return words(key, language) if key in wording.catalogue(language) else f"{figure.label}:"


# The figures a caller hears first, with who decides; the rest follows on "more".
OPENING_FIGURES = ("initial", "screening", "per_dose")
NOTE_LABEL = "a note"


def _spoken_caution(caution: Prose, language: str = ENGLISH) -> str:
    """A caution as a caller hears it: a precaution of the knowledge file that has words for the ear (`spoken`:
    the leaflet's "under 12 years and under 4 years" does not work aloud) is said in them."""
    for precaution in knowledge.precautions().values():
        advice = precaution["advice"].strip()
        if precaution.get("spoken") and caution == wording.from_knowledge(advice, language).as_sentence():
            return say(wording.from_knowledge(precaution["spoken"].strip(), language).as_sentence(), language)
    return say(caution, language)


def _note_speech(note: Prose, label: Optional[str], language: str = ENGLISH) -> str:
    if label == ROUTE_ASSUMED:
        # The written note says to type "intrathecal dose"; a caller says a word instead.
        return words("speech.route_assumed", language)
    return _noted(_spoken_caution(note, language), language)


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
    language = answer.language
    labels = list(note_labels)
    all_notes = [(c, None) for c in answer.cautions]
    all_notes += [(n, labels[i] if i < len(labels) else None) for i, n in enumerate(notes)]
    opening = [_figure_speech(f, language) for f in answer.figures if f.key in OPENING_FIGURES]
    rest = [f for f in answer.figures if f.key not in OPENING_FIGURES]
    if not opening and all_notes:
        opening = [_spoken_caution(all_notes.pop(0)[0], language)]  # no figure (not covered): why, first
    said_notes = [_note_speech(n, label, language) for n, label in all_notes]
    if answer.covered:
        opening.append(words("compose.prescriber_decides", language))
    units = [Unit(speak_lines(opening), PART)]
    if rest:
        keys = {f.key for f in rest}
        label = ("maintenance" if any(k.startswith("maintenance") for k in keys) else
                 "maximum" if "ceiling" in keys else "next_steps")
        units.append(Unit(speak_lines(_figure_speech(f, language) for f in rest), PART,
                          words(f"speech.labels.{label}", language)))
    units += [Unit(speak_lines([n]), PART, words("speech.labels.note", language)) for n in said_notes]
    units.append(Unit(brief_citation(cited or Citation.of([answer.section]), language), SOURCE))
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

def hang_up_and_call(urgent: Urgent, full: bool = True, language: str = ENGLISH) -> str:
    """The one instruction a caller gets in an emergency. The caller is on the phone they must call from: hang up
    first. `full`: with when and where else (the first time); the second time the instruction alone."""
    extra = Prose.of(urgent.when and Prose.of(" ", urgent.when), urgent.or_else and Prose.of(", ", urgent.or_else))
    return speak(wording.say("speech.hang_up_and_call", language, number=urgent.number, extra=extra if full else None),
                 language)


def emergency(urgent: Urgent, language: str = ENGLISH) -> str:
    """The instruction, why, what to do meanwhile, and the instruction again. Not the pharmacist's number: the
    caller is on the pharmacist's line already (0 still puts them through), and one phone cannot do both."""
    return speak_lines([hang_up_and_call(urgent, language=language),
                        say(urgent.why, language) if urgent.why else "", say(urgent.meanwhile, language),
                        hang_up_and_call(urgent, full=False, language=language)])


# ---------------------------------------------------------------- what actions.delivery sends on the voice channel

TRANSFER_KINDS = (HANDOFF,)  # after these the hotline puts the caller through (never after an emergency answer)


def render(answer: Answer) -> str:
    """The spoken form of one answer: the structured dose when there is one, else its lines made for the ear."""
    if answer.dose is not None:
        return speak_lines(unit.text for unit in _dose_of(answer))
    if answer.urgent is not None:
        return emergency(answer.urgent, answer.language)
    if answer.kind == HANDOFF:
        return transfer(answer.language)
    if answer.kind == BOT_CHALLENGE:  # on the hotline the caller reaches a person by saying so, not by dialling
        return str(wording.say("speech.bot_challenge", answer.language,
                               introduction=compose.bot_introduction(answer.language)))
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
    if answer.urgent is not None:  # said again if the caller stays silent
        meta["reprompt"] = hang_up_and_call(answer.urgent, full=False, language=answer.language)
    if answer.buttons:
        meta["choices"] = [{"title": _tidy(_words(button.title, answer.language)), "payload": button.payload}
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
ASKING_KINDS = (ASK_WEIGHT,)
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


def brief_citation(cited: Citation, language: str = ENGLISH) -> str:
    """'From the leaflet, section three.' / '... sections five point one and five point two.'"""
    spoken = [number_words(s, language) for s in cited.sections]
    if len(spoken) == 1:
        return str(wording.say("speech.brief_citation_one", language, section=spoken[0]))
    joined = wording.say("lists.pair", language, first=", ".join(spoken[:-1]), last=spoken[-1])
    return str(wording.say("speech.brief_citation_many", language, sections=joined))


def units(answer: Answer) -> List[Unit]:
    """The answer line by line, each said as in render(), with the role its place in the structure gives it: a
    paragraph that introduces list items leads them, and so does a first line with the emergency number; the lines of an answer that asks (ASKING_KINDS) before its
    last line are extras, its last line the question; sources are said briefly. Emergencies (and a question back
    that opens with the emergency number), doses and the hotline's own answers stay one unit."""
    if answer.kind == EMERGENCY or answer.dose is not None or answer.kind in (HANDOFF, BOT_CHALLENGE):
        return [Unit(render(answer), WHOLE, urgent=answer.kind == EMERGENCY)]
    language = answer.language
    lines = [line for line in answer.lines if line.style != BLANK and line.label not in NOT_SPOKEN]
    if answer.kind == CLARIFY and lines and compose.emergency_number() in lines[0].prose.parts:
        # The question back when only the classifier heard an emergency: the emergency number, then the question
        # its options answer, whole, like an emergency answer.
        return [Unit(speak_lines(_answer_lines(answer)), WHOLE, urgent=True)]
    asking = answer.kind in ASKING_KINDS and len(lines) > 1
    found: List[Unit] = []
    for index, line in enumerate(lines):
        if line.style == CITATION:
            found.append(Unit(brief_citation(line.citation, language), SOURCE))
            continue
        spoken = say(line.prose, language)
        text = speak_lines([_noted(spoken, language) if line.style == NOTE else spoken])
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
        found.append(Unit(brief_citation(answer.citation, language), SOURCE))
    return found


# ---------------------------------------------------------------- the hotline's own sentences

def choices(language: str = ENGLISH) -> str:
    return words("speech.choices", language)


def anything_else(language: str = ENGLISH) -> str:
    return words("speech.anything_else", language)


def transfer(language: str = ENGLISH) -> str:
    return words("speech.transfer", language)


def transfer_failed(language: str = ENGLISH) -> str:
    return speak(wording.say("speech.transfer_failed", language, number=compose.emergency_number()), language)


def transfer_ended(language: str = ENGLISH) -> str:
    """After the pharmacist ended the transferred call while the caller was still on the line."""
    return words("speech.transfer_ended", language)


def failure(language: str = ENGLISH) -> str:
    """When the assistant cannot answer (the action server is down, or it took too long)."""
    return speak(wording.say("speech.failure", language, number=compose.emergency_number(),
                             transfer=transfer(language)), language)


def call_state_refused(language: str = ENGLISH) -> str:
    """When a request of a call carries a state the hotline cannot trust (channels/voice/state_token.py)."""
    return speak(wording.say("speech.call_state_refused", language, number=compose.emergency_number(),
                             transfer=transfer(language)), language)


def didnt_hear(question: Optional[str] = None, language: str = ENGLISH) -> str:
    return str(wording.say("speech.didnt_hear", language, question=question or str(
        wording.say("speech.what_would_you_like", language, choices=choices(language)))))


def goodbye_after_silence(language: str = ENGLISH) -> str:
    return words("speech.goodbye_after_silence", language)


def readback_rejected(language: str = ENGLISH) -> str:
    return words("speech.readback_rejected", language)
