"""Answers made for the ear (the hotline's voice channel). Plain Python, no Rasa import.

A renderer only: it reshapes the channel-neutral texts of actions.logic.answers and the structured DoseAnswer of
actions.logic.dose_lookup; it never adds, drops or re-rounds a figure. Every number is spelled from the digits it
was written with ("1.05" -> "one point zero five"), so what is said is exactly what the leaflet answer says.

What it does to a text:
- no markdown (bold, italics, code, headings, links), no bullets, no URLs, no emoji, no quotes read aloud;
- units in full: "milligrams", "micrograms", "kilograms", "pounds", "per kilogram per day";
- numbers as words, ranges as "ten point five to twenty-eight", phone numbers digit by digit;
- short sentences (semicolons and bullets become sentence ends), the citation as "This is from section two of the
  leaflet, Dosage.".
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional

from actions.logic import answers, knowledge
from actions.logic.dose_lookup import DoseAnswer, Figure, describe_person, format_number

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
    whole, _, decimals = written.partition(".")
    words = integer_words(int(whole or "0"))
    if decimals:
        words += " point " + " ".join(_DIGITS[int(d)] for d in decimals)
    return words


def digits_words(written: str) -> str:
    """A phone number digit by digit: '115' -> 'one one five'; groups are kept apart by a comma."""
    groups = [g for g in re.split(r"[\s\-./]+", written.strip()) if g]
    spoken = []
    for group in groups:
        prefix = "plus " if group.startswith("+") else ""
        spoken.append(prefix + " ".join(_DIGITS[int(d)] for d in group if d.isdigit()))
    return ", ".join(spoken)


# ---------------------------------------------------------------- units

_UNIT_WORDS = {
    "mg": ("milligram", "milligrams"),
    "milligram": ("milligram", "milligrams"),
    "milligrams": ("milligram", "milligrams"),
    "mcg": ("microgram", "micrograms"),
    "µg": ("microgram", "micrograms"),
    "ug": ("microgram", "micrograms"),
    "microgram": ("microgram", "micrograms"),
    "micrograms": ("microgram", "micrograms"),
    "g": ("gram", "grams"),
    "kg": ("kilogram", "kilograms"),
    "kgs": ("kilogram", "kilograms"),
    "kilo": ("kilogram", "kilograms"),
    "kilos": ("kilogram", "kilograms"),
    "lb": ("pound", "pounds"),
    "lbs": ("pound", "pounds"),
    "ml": ("millilitre", "millilitres"),
    "mL": ("millilitre", "millilitres"),
}
_NUMBER = r"\d+(?:\.\d+)?"
_UNIT_ALTERNATION = "|".join(sorted((re.escape(u) for u in _UNIT_WORDS), key=len, reverse=True))
# "0.75-2 mg", "4.2 mg", "1 mg": a number (or range) followed by a unit
_RANGE = re.compile(rf"(?<![\w.])({_NUMBER})\s*(?:-|–|to)\s*({_NUMBER})(?![\w.])")
_QUANTITY = re.compile(rf"(?<![\w.])({_NUMBER})(?:\s*)({_UNIT_ALTERNATION})(?![\w])")
_PER_UNIT = re.compile(rf"\bper ({_UNIT_ALTERNATION})\b(?: a day| per day|/day)?")
_SLASH_UNIT = re.compile(rf"\b({_UNIT_ALTERNATION})/({_UNIT_ALTERNATION})(?:/(day|d))?\b")
_BARE_NUMBER = re.compile(rf"(?<![\w.]){_NUMBER}(?![\w])")


def _unit(unit: str, singular: bool) -> str:
    one, many = _UNIT_WORDS[unit]
    return one if singular else many


def _spell_units(text: str) -> str:
    def slash(match: re.Match) -> str:
        out = f"{_unit(match.group(1), False)} per {_unit(match.group(2), True)}"
        return out + (" per day" if match.group(3) else "")

    text = _SLASH_UNIT.sub(slash, text)
    text = _PER_UNIT.sub(lambda m: f"per {_unit(m.group(1), True)}"
                         + (" per day" if m.group(0) != f"per {m.group(1)}" else ""), text)
    return _QUANTITY.sub(lambda m: f"{m.group(1)} {_unit(m.group(2), m.group(1) == '1')}", text)


# ---------------------------------------------------------------- text clean-up

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SLACK_LINK = re.compile(r"<[^>|]*\|([^>]*)>")
_MD_MARKS = re.compile(r"(\*\*|__|\*|`+|~~)")
_MD_UNDERSCORE = re.compile(r"(?<!\w)_([^_]+)_(?!\w)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*", re.MULTILINE)
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪]|\d+[.)])\s+", re.MULTILINE)
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\U00002600-\U000027BF\U0001F900-\U0001F9FF\U0000FE0F\U0000200D"
                    "\U00002B00-\U00002BFF\U0001F1E6-\U0001F1FF]+")
_CITATION = re.compile(rf"^{re.escape(knowledge.CITATION_PREFIX)} (sections?) (.+?)\.?$", re.MULTILINE)
_SECTION_TITLE = re.compile(rf"({_NUMBER}) \(([^)]+)\)")


def _citation_speech(match: re.Match) -> str:
    parts = [f"section {number}, {title}" for number, title in _SECTION_TITLE.findall(match.group(2))]
    if not parts:
        return f"This is from the leaflet, {match.group(1)} {match.group(2)}."
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
    return f"This is from the leaflet, {joined}."


def _phone_numbers() -> List[str]:
    """Configured numbers (emergency, hotline) are said digit by digit, not as amounts."""
    numbers = [answers.emergency_number(), answers.hotline()]
    return sorted({n.strip() for n in numbers if n and re.search(r"\d", n)}, key=len, reverse=True)


def _say_phone_numbers(text: str) -> str:
    for number in _phone_numbers():
        text = re.sub(rf"(?<![\w.]){re.escape(number)}(?![\w])", digits_words(number), text)
    return text


def _sentences(text: str) -> str:
    """Semicolons and line breaks end sentences; every sentence starts with a capital and ends with a stop."""
    out: List[str] = []
    for line in text.splitlines():
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


def speak(text: str) -> str:
    """Any answer text -> one paragraph to be read aloud (see the module docstring)."""
    text = _MD_LINK.sub(r"\1", text)
    text = _SLACK_LINK.sub(r"\1", text)
    text = _URL.sub("", text)
    text = _EMOJI.sub("", text)
    text = _HEADING.sub("", text)
    text = _BULLET.sub("", text)
    text = _MD_MARKS.sub("", text)
    text = _MD_UNDERSCORE.sub(r"\1", text)
    text = _CITATION.sub(_citation_speech, text)
    text = re.sub(r"^Note: ", "Please note: ", text, flags=re.MULTILINE)
    text = text.replace('"', "").replace("“", "").replace("”", "")
    # parentheses: a pause, not a bracket
    text = re.sub(r"\s*\(\s*", ", ", text)
    text = re.sub(r"\s*\)", ",", text)
    text = _say_phone_numbers(text)
    text = _spell_units(text)
    text = _RANGE.sub(lambda m: f"{m.group(1)} to {m.group(2)}", text)
    text = re.sub(rf"({_NUMBER})\s*%", r"\1 percent", text)
    text = _BARE_NUMBER.sub(lambda m: number_words(m.group(0)), text)
    text = text.replace("&", " and ")
    return _tidy(_sentences(text))


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
    query = dose.query
    if query is None:  # an answer built by hand, not by lookup(): nothing structured to read back
        words = dose.who
    else:
        words = describe_person(query)
        if query.weight_kg is not None:
            words += f" weighing {format_number(query.weight_kg)} kg"
        if dose.route in _ROUTE_WORDS:
            words += f", {_ROUTE_WORDS[dose.route]}"
        if query.renal_impairment:
            words += ", with kidney failure"
    spoken = speak(words).rstrip(".")
    return f"{spoken[0].upper()}{spoken[1:]}: is that right? Say yes, or no."


def _figure_speech(figure: Figure) -> str:
    amount = "" if figure.amount is None else ("about " if figure.approximate else "") + str(figure.amount)
    lead = _LEADS.get(figure.key, f"{figure.label}:")
    return " ".join(part for part in (lead, amount, figure.detail) if part)


def dose_script(answer: DoseAnswer) -> str:
    """The spoken dose answer before the words are spelled: the same figures, as written, as the text answer."""
    lines = [_figure_speech(f) for f in answer.figures]
    lines += [f"Please note: {c}" for c in answer.cautions]
    if answer.covered:
        lines.append(answers.PRESCRIBER_DECIDES)
    lines.append(knowledge.citation(answer.section))
    return "\n".join(lines)


def dose(answer: DoseAnswer) -> str:
    """The spoken dose answer: the key figure first, one short sentence per figure, the cautions, who decides and
    the section named. Every figure is the one the text answer shows, spelled out."""
    return speak(dose_script(answer))


# ---------------------------------------------------------------- what actions.delivery sends on the voice channel

# Answers that actions mark for the channels (actions.delivery.deliver's `kind`).
TRANSFER_KINDS = ("emergency", "handoff")  # after these the hotline puts the caller through
ANSWER_KINDS = TRANSFER_KINDS + ("bot_challenge",)


def say_answer(text: str, dose_answer: Optional[DoseAnswer] = None, kind: Optional[str] = None) -> str:
    """The spoken form of one answer: the structured dose when there is one, else the text made for the ear."""
    if kind is not None and kind not in ANSWER_KINDS:
        raise ValueError(f"unknown answer kind for the voice channel: {kind!r}")
    if dose_answer is not None:
        return dose(dose_answer)
    if kind == "handoff":
        return transfer()
    if kind == "bot_challenge":  # on the hotline the caller reaches a person by saying so, not by dialling
        return f"{answers.BOT_INTRODUCTION} Say pharmacist to talk to a person."
    return speak(text)


def voice_meta(kind: Optional[str] = None, dose_answer: Optional[DoseAnswer] = None) -> Optional[dict]:
    """What the voice channel must do besides saying the answer (sent as the message's custom payload):
    read a dose back before saying it; transfer the call after an emergency answer or a request for a person.
    `kind` is said by the action that made the answer (not guessed from its text, which may change)."""
    if dose_answer is not None:
        return {"voice": {"kind": "dose", "readback": readback(dose_answer)}}
    if kind is not None and kind not in ANSWER_KINDS:
        raise ValueError(f"unknown answer kind for the voice channel: {kind!r}")
    if kind in TRANSFER_KINDS:
        return {"voice": {"kind": kind, "transfer": True}}
    return None


# ---------------------------------------------------------------- the hotline's own sentences

def choices() -> str:
    return "You can say dosing, side effects, or interactions, or say pharmacist to talk to a person."


def anything_else() -> str:
    return "You can ask another question, or say pharmacist to talk to a person."


def transfer() -> str:
    return "I am putting you through to the pharmacist now. Please stay on the line."


def transfer_failed() -> str:
    return speak(f"Sorry, the pharmacist could not take the call. Please call again later. "
                 f"In an emergency, call {answers.emergency_number()}. Goodbye.")


def failure() -> str:
    """When the assistant cannot answer (the action server is down, or it took too long)."""
    return speak(f"Sorry, I cannot answer that right now. If this is an emergency, hang up and call "
                 f"{answers.emergency_number()}. {transfer()}")


def didnt_hear(question: Optional[str] = None) -> str:
    return "Sorry, I did not hear anything. " + (question or f"What would you like to know about baclofen? {choices()}")


def goodbye_after_silence() -> str:
    return "I still cannot hear you, so I will end the call now. Please call again at any time. Goodbye."


def readback_rejected() -> str:
    return "Sorry about that. Please tell me the age and the weight again, and say tablets or pump."


def handoff() -> str:
    return transfer()


def join(parts: Iterable[str]) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())
