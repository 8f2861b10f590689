"""Every answer of the assistant, composed from the knowledge file as a structured Answer (baclofen.answers.model).

Plain Python, no Rasa import: the actions call these and a renderer of baclofen.render writes the result for the
user's channel. No figure is typed here: numbers come from knowledge/ as typed parts.
"""
from __future__ import annotations

from dataclasses import replace
from typing import List, Optional, Sequence

from baclofen import knowledge, settings
from baclofen.answers.model import (
    BOT_CHALLENGE, CITATION, DOSE, EMERGENCY, HANDOFF, HOTLINE_LINE, Answer, Button, Citation, Line, blank, item,
    note,
)
from baclofen.dosing.lookup import DoseAnswer, Figure
from baclofen.dosing.person import DoseInputError
from baclofen.interactions import InteractionAnswer
from baclofen import prose
from baclofen.prose import Phone, Prose, join
from baclofen.quantities import Quantity

PRESCRIBER_DECIDES = "This is what the leaflet says; the prescriber decides the actual dose."
BOT_INTRODUCTION = "I am an automated assistant, not a person. I answer from the hospital's baclofen leaflet only."


def emergency_number() -> Phone:
    """Configuration, not knowledge: the emergency medical number of the hospital's country."""
    return Phone(settings.current().emergency_number)


def hotline() -> Phone:
    return Phone(settings.current().hotline)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _advice(text: str) -> Prose:
    return prose.parse(text)


def combine(answers: Sequence[Answer]) -> Answer:
    """Several answers in one message (two medicines, two symptoms): each keeps its own source line."""
    if len(answers) == 1:
        return answers[0]
    lines: List[Line] = []
    for index, answer in enumerate(answers):
        if index:
            lines.append(blank())
        lines.extend(answer.lines)
        if answer.citation and index < len(answers) - 1:
            lines.append(Line(Prose(), CITATION, answer.citation))
    last = answers[-1]
    # an emergency said first keeps its instruction in parts: the hotline says only that (baclofen.render.speech)
    return Answer(answers[0].kind, tuple(lines), last.citation, None, last.buttons, answers[0].urgent)


# ---------------------------------------------------------------- the leaflet's sections

def uses() -> Answer:
    data = knowledge.monograph()["uses"]
    lines = [Line(Prose.of(data["summary"])), blank()]
    for indication in data["indications"]:
        route = "by mouth" if indication["route"] == "oral" else "intrathecal"
        examples = Prose.of(" (such as ", join(indication["examples"]), ")") if indication["examples"] else None
        lines.append(item(_cap(indication["what"]), examples, f": {route}."))
    lines.append(blank())
    return Answer("uses", tuple(lines), Citation.of([data["section"]]))


def dosage_forms() -> Answer:
    data = knowledge.monograph()["dosage_forms"]
    parts = []
    for form in data["forms"]:
        note_text = f", {form['note']}" if form.get("note") else ""
        parts.append(f"{form['form']} ({form['route']}{note_text})")
    return Answer.of("dosage_forms", Prose.of("Baclofen comes as ", join(parts), "."),
                     citation=Citation.of([data["section"]]))


def side_effects(frequency: Optional[str] = None) -> Answer:
    section = knowledge.monograph()["side_effects"]["section"]
    by_frequency = knowledge.side_effects_by_frequency()
    chosen = [frequency] if frequency in by_frequency else list(by_frequency)
    heading = ("Side effects the leaflet lists:" if len(chosen) > 1
               else f"{_cap(frequency)} side effects the leaflet lists:")
    lines = [Line(Prose.of(heading))]
    lines += [item(f"{_cap(name)}: {', '.join(by_frequency[name])}.", label=f"the {name} side effects")
              for name in chosen]
    lines.append(Line(Prose.of("Tell the doctor about any side effect that worries you.")))
    return Answer("side_effects", tuple(lines), Citation.of([section]))


def is_side_effect(symptom: str) -> Answer:
    section = knowledge.monograph()["side_effects"]["section"]
    found = knowledge.side_effect_index().get(symptom.strip().lower())
    if found:
        name, frequency = found
        text = Prose.of(f"{_cap(name)} is listed as a{'n' if frequency == 'uncommon' else ''} {frequency} side "
                        "effect of baclofen.")
    else:
        text = Prose.of(f"The leaflet does not list {symptom.strip()} among baclofen's side effects. That does not "
                        "prove it is unrelated: tell the doctor or ask the pharmacist at ", hotline(), ".")
    return Answer.of("is_side_effect", text, citation=Citation.of([section]))


def symptom_as_use(symptom: str) -> Answer:
    """'Does baclofen help X?' for a symptom of its side-effect list: not among its uses, and listed as a side effect."""
    listed = is_side_effect(symptom)
    uses = knowledge.monograph()["uses"]
    lines = (Line(Prose.of(f"Baclofen for {symptom.strip().lower()} is not among the uses the leaflet lists, and the "
                           "leaflet gives no dose for it.")),) + listed.lines
    return Answer("is_side_effect", lines, Citation.of([uses["section"], *listed.citation.sections]))


def precaution(topic: Optional[str]) -> Answer:
    items = knowledge.precautions()
    if topic in items:
        chosen = items[topic]
        lines = [Line(_advice(chosen["advice"]).capitalised() + "."),
                 Line(Prose.of("If this applies, tell the doctor or the pharmacist at ", hotline(),
                               " before taking baclofen; the prescriber decides the dose."))]
        return Answer("precaution", tuple(lines), Citation.of([chosen["section"]]))
    lines = [Line(Prose.of("Precautions in the leaflet:"))]
    lines += [item(_advice(entry["advice"]).capitalised(), ".") for entry in items.values()]
    return Answer("precaution", tuple(lines), Citation.of(entry["section"] for entry in items.values()))


def interaction(answer: InteractionAnswer) -> Answer:
    data = knowledge.monograph()["interactions"]
    if answer.is_baclofen:
        return Answer.of("interaction", "That is baclofen itself. Do you mean another medicine?")
    name = answer.generic or answer.asked
    if not answer.listed:
        shown = name if answer.generic in (None, answer.asked.lower()) else f"{answer.asked} ({answer.generic})"
        return Answer.of("interaction", Prose.of(
            f"The leaflet does not mention {shown} among baclofen's interactions. {_cap(data['unlisted_advice'])} at ",
            hotline(), "."), citation=Citation.of([data["section"]]))
    resolved = "" if answer.generic == answer.asked.lower() else f" ({answer.generic})"
    lines = []
    for number, found in enumerate(answer.classes):
        # The caution first, never "yes": a listed interaction is a warning, not permission.
        opening = "Caution" if number == 0 else "Also"  # a medicine may sit in several of the leaflet's groups
        if found.member_group != found.label:
            text = (f"{opening}: the leaflet warns about {found.label}, and {answer.asked}{resolved} is one of "
                    f"the {found.member_group}. Taken with baclofen, {found.effect}.")
        elif answer.generic != found.label:
            text = (f"{opening}: the leaflet names {found.label}, and {answer.asked}{resolved} is one of them. "
                    f"Taken with baclofen, {found.effect}.")
        else:
            text = f"{opening}: the leaflet names {found.label}. Taken with baclofen, {found.effect}."
        lines.append(Line(Prose.of(text)))
    lines.append(Line(Prose.of("Ask the doctor or the pharmacist at ", hotline(), " before taking them together. ",
                               f"{_cap(data['general_advice'])}.")))
    return Answer("interaction", tuple(lines), Citation.of(found.subsection for found in answer.classes))


def unknown_medicine(name: str) -> Answer:
    """A medicine no dictionary here knows: never the general list instead."""
    return Answer.of("unknown_medicine", Prose.of(
        f"I don't recognise the medicine \"{name}\", so I can't check it against the leaflet. Please ask the "
        "pharmacist at ", hotline(), " whether it can be taken with baclofen."))


def question_not_covered(asked: str) -> Answer:
    """A story's question matched to nothing in the leaflet, said back so the asker knows it was read; it says no
    answer was found rather than that the leaflet is silent."""
    return Answer.of("topic_not_covered", Prose.of(
        "I found no answer in the leaflet to your question \u201c", prose.parse(asked), "\u201d Please ask the "
        "pharmacist at ", hotline(), " or your doctor."))


def interaction_timing_gap() -> Answer:
    """'How long after X can I take baclofen?': the leaflet gives no waiting time."""
    return Answer.of("interaction", Prose.of(
        "The leaflet does not say how long to wait between baclofen and another medicine or alcohol. Ask the "
        "pharmacist at ", hotline(), " before taking them close together."))


def interaction_overview() -> Answer:
    data = knowledge.monograph()["interactions"]
    lines = [Line(Prose.of("The leaflet lists these interactions:"))]
    lines += [item(f"{_cap(entry['label'])}: {entry['effect']}.", label=entry["label"]) for entry in data["classes"]]
    lines.append(Line(Prose.of(f"{_cap(data['general_advice'])}. Name a medicine and I will check it against these "
                               "groups.")))
    return Answer("interaction_overview", tuple(lines), Citation.of([data["section"]]))


def withdrawal() -> Answer:
    data = knowledge.monograph()["withdrawal"]
    return Answer.of("withdrawal", Prose.of(
        _advice(data["advice"]).capitalised(), ". Stopping intrathecal baclofen can cause ",
        join(data["intrathecal_stop_signs"]), ", which need urgent care (call ", emergency_number(),
        "). Ask the doctor how to stop safely."), citation=Citation.of([data["section"]]))


def emergency() -> Answer:
    from baclofen.answers import emergencies  # it builds on this module's numbers

    return emergencies.general()


# ---------------------------------------------------------------- the service's own sentences

def handoff() -> Answer:
    return Answer.of(HANDOFF, Prose.of("You can talk to the hotline pharmacist at ", hotline(),
                                       ". In an emergency, call ", emergency_number(), "."))


NOT_KEPT = "Nothing from this message was kept: please send it again in a few minutes."


def service_unavailable() -> Answer:
    """The message got no answer (a fault, or too slow): nothing of it was stored (stores/turns.py)."""
    return Answer.of("service_unavailable", Prose.of(
        f"Sorry, I can't answer right now. {NOT_KEPT} If it is urgent, call the hotline pharmacist at ", hotline(),
        ". In an emergency, call ", emergency_number(), "."))


def cannot_continue_safely() -> Answer:
    """The conversation store failed or is not answering: nothing of the message was stored."""
    return Answer.of("cannot_continue_safely", Prose.of(
        "Sorry, I can't continue this conversation safely right now: I can't read or keep our conversation. "
        f"{NOT_KEPT} If it is urgent, call the hotline pharmacist at ", hotline(), ". In an emergency, call ",
        emergency_number(), "."))


def too_many_waiting() -> Answer:
    """More messages of one conversation arrived together than may wait (BACLOFEN_MAX_WAITING_MESSAGES)."""
    return Answer.of("too_many_waiting", Prose.of(
        "I am still answering your earlier messages, so I did not take this one in: please send it again once my "
        "answers have arrived. In an emergency, call ", emergency_number(), "."))


def message_too_long(length: int, limit: int) -> Answer:
    return Answer.of("message_too_long", Prose.of(
        "That message is too long for me (", Quantity(length, "characters"), "). Please ask one question in fewer "
        "than ", Quantity(limit, "characters"), "."))


def empty_message() -> Answer:
    return Answer.of("empty_message", "Please type a question about baclofen, for example \"what is it used for?\"")


def bot_challenge() -> Answer:
    return Answer.of(BOT_CHALLENGE, Prose.of(f"{BOT_INTRODUCTION} To talk to a pharmacist, call ", hotline(), "."))


def help_text() -> Answer:
    return Answer.of("help", Prose.of(
        "I answer questions about baclofen from the hospital's leaflet: uses, dosing by age and weight, "
        "side effects, precautions and interactions, and I say which section each answer comes from. "
        "I am an automated assistant: I do not know your medical history, and I do not replace your doctor or "
        "pharmacist. Pharmacist: ", hotline(), ". Emergency: ", emergency_number(), "."))


# ---------------------------------------------------------------- dose answers and the dose form

ASK_AGAIN = {
    "age_years": Prose.of("I did not catch an age. How old is the person, in years or months (or \"adult\")?"),
    "weight_kg": Prose.of("Please give the weight with its unit, for example \"", Quantity(16, "kg"), "\" or \"",
                          Quantity(35, "lb"), "\"."),
    "route": Prose.of("Please say \"by mouth\" (tablets) or \"intrathecal\" (pump or injection)."),
}


def ask_again(slot: str) -> Answer:
    """The dose form did not understand the answer to its question about `slot`."""
    return Answer.of("ask_again", ASK_AGAIN[slot])


def input_error(error: DoseInputError) -> Answer:
    """A value the dose lookup cannot use, said as the sentence the error carries."""
    return Answer.of("input_error", error.prose)


def figure_prose(figure: Figure) -> Prose:
    """'Starting dose: 4.2 mg a day (0.3 mg per kg a day).'"""
    amount = None if figure.amount is None else Prose.of("about " if figure.approximate else "", figure.amount)
    text = Prose.of(f"{figure.label}: ", amount, " " if amount and figure.detail else "", figure.detail)
    return text if figure.detail.endswith(".") else text + "."


def dose(answer: DoseAnswer) -> Answer:
    lines = [Line(answer.who + ":")]
    lines += [item(figure_prose(figure), label=f"the {figure.label.lower()}") for figure in answer.figures]
    lines += [note(caution) for caution in answer.cautions]
    if answer.covered:
        lines.append(Line(Prose.of(PRESCRIBER_DECIDES)))
    return Answer(DOSE, tuple(lines), Citation.of([answer.section]), dose=answer)


# ---------------------------------------------------------------- when the assistant is unsure, or cannot answer

# The questions the assistant offers when it is unsure what was asked: intent -> button title.
CLARIFY_CHOICES = {
    "ask_dose": "Doses", "ask_side_effects": "Side effects", "ask_is_side_effect": "Side effects",
    "ask_interaction": "Other medicines and alcohol", "ask_uses": "What it is used for",
    "ask_precaution": "Pregnancy, driving and other cautions", "ask_withdrawal": "Stopping baclofen",
    "ask_dosage_forms": "Tablets and injection",
}


def clarify(closest: Sequence[str], possible_emergency: bool = False) -> Answer:
    """A short question with two to four buttons: the closest topics, then the pharmacist. `possible_emergency`:
    the emergency number first, in case the message describes one in words the rules do not know."""
    titles: dict = {}
    for intent in closest:
        title = CLARIFY_CHOICES.get(intent)
        if title and title not in titles.values() and len(titles) < 3:
            titles[intent] = title
    for intent in ("ask_dose", "ask_side_effects", "ask_interaction"):
        if len(titles) >= 2:
            break
        titles.setdefault(intent, CLARIFY_CHOICES[intent])
    buttons = [Button(title, f"/{intent}") for intent, title in titles.items()]
    buttons.append(Button("Talk to the pharmacist", "/ask_human"))
    question = (Line(Prose.of("I'm not sure what you are asking. Is it about one of these?")),
                Line(Prose.of("You can also ask the pharmacist at ", hotline(), "."), label=HOTLINE_LINE))
    answer = Answer.of("clarify", *question, buttons=buttons)
    return emergency_first(answer) if possible_emergency else answer


def possible_emergency_line() -> Line:
    """Said first when only the learned safety net (or the classifier) hears an emergency the rules do not."""
    return Line(Prose.of("If someone is very unwell right now or may have taken too much baclofen, call ",
                         emergency_number(), " now."))


def emergency_first(answer: Answer) -> Answer:
    """The answer, opening with the emergency number (an emergency answer already does)."""
    if answer.kind == EMERGENCY or (answer.lines and answer.lines[0] == possible_emergency_line()):
        return answer
    return replace(answer, lines=(possible_emergency_line(),) + answer.lines)


OTHER_LANGUAGES = {
    "es": ("Lo siento, solo puedo responder en inglés. En una emergencia, llame al ",
           ". Para ayuda en español, llame a la línea del hospital: "),
    "vi": ("Xin lỗi, tôi chỉ trả lời được bằng tiếng Anh. Trường hợp khẩn cấp, hãy gọi ",
           ". Để được giúp bằng tiếng Việt, hãy gọi đường dây nóng của bệnh viện: "),
}


def other_language(language: str) -> Answer:
    lines = [Line(Prose.of("Sorry, I can only answer in English. In an emergency, call ", emergency_number(),
                           ". For help in your language, call ", hotline(), "."))]
    if language in OTHER_LANGUAGES:
        first, second = OTHER_LANGUAGES[language]
        lines.append(Line(Prose.of(first, emergency_number(), second, hotline(), ".")))
    return Answer("other_language", tuple(lines))
