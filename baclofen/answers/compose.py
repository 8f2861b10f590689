"""Every answer of the assistant, composed from the knowledge file as a structured Answer (baclofen.answers.model).

Plain Python, no Rasa import: the actions call these and a renderer of baclofen.render writes the result for the
user's channel. No figure is typed here: numbers come from knowledge/ as typed parts.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, List, Optional, Sequence

from baclofen import knowledge, prose, settings, wording
from baclofen.answers.model import (
    BOT_CHALLENGE, CITATION, DOSE, EMERGENCY, HANDOFF, HOTLINE_LINE, Answer, Button, Citation, Line, blank, item,
    note,
)
from baclofen.dosing.lookup import DoseAnswer, Figure
from baclofen.dosing.person import DoseInputError
from baclofen.interactions import InteractionAnswer
from baclofen.prose import Phone, Prose
from baclofen.quantities import Quantity
from baclofen.wording import ENGLISH, knowledge_words, say, words

# In English, for the renderers that look for them (the hotline says the prescriber line first).
PRESCRIBER_DECIDES = words("compose.prescriber_decides")
BOT_INTRODUCTION = words("compose.bot_introduction")


def bot_introduction(language: str = ENGLISH) -> str:
    return words("compose.bot_introduction", language)


def emergency_number() -> Phone:
    """Configuration, not knowledge: the emergency medical number of the hospital's country."""
    return Phone(settings.current().emergency_number)


def hotline() -> Phone:
    return Phone(settings.current().hotline)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _advice(text: str, language: str = ENGLISH) -> Prose:
    return wording.from_knowledge(text, language)


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
    return Answer(answers[0].kind, tuple(lines), last.citation, None, last.buttons, answers[0].urgent,
                  answers[0].language)


# ---------------------------------------------------------------- the leaflet's sections

def uses(language: str = ENGLISH) -> Answer:
    data = knowledge.monograph()["uses"]
    lines = [Line(Prose.of(knowledge_words(data["summary"], language))), blank()]
    for indication in data["indications"]:
        route = words("compose.uses.by_mouth" if indication["route"] == "oral" else "compose.uses.intrathecal",
                      language)
        examples = (say("compose.uses.examples", language, examples=wording.join(
            [knowledge_words(example, language) for example in indication["examples"]], language))
            if indication["examples"] else None)
        what = _cap(knowledge_words(indication["what"], language))
        lines.append(item(say("compose.uses.indication", language, what=what, examples=examples, route=route)))
    lines.append(blank())
    return Answer("uses", tuple(lines), Citation.of([data["section"]]), language=language)


def dosage_forms(language: str = ENGLISH) -> Answer:
    data = knowledge.monograph()["dosage_forms"]
    parts = []
    for form in data["forms"]:
        note_text = (say("compose.dosage_forms.note", language, note=knowledge_words(form["note"], language))
                     if form.get("note") else None)
        parts.append(say("compose.dosage_forms.form", language, form=knowledge_words(form["form"], language),
                         route=knowledge_words(form["route"], language), note=note_text))
    return Answer.of("dosage_forms", say("compose.dosage_forms.answer", language, forms=wording.join(parts, language)),
                     citation=Citation.of([data["section"]]), language=language)


def side_effects(frequency: Optional[str] = None, language: str = ENGLISH) -> Answer:
    section = knowledge.monograph()["side_effects"]["section"]
    by_frequency = knowledge.side_effects_by_frequency()
    chosen = [frequency] if frequency in by_frequency else list(by_frequency)
    heading = (say("compose.side_effects.heading_all", language) if len(chosen) > 1
               else say("compose.side_effects.heading_one", language,
                        frequency=words(f"frequencies.{frequency}", language)).capitalised())
    lines = [Line(heading)]
    for name in chosen:
        frequency_words = words(f"frequencies.{name}", language)
        listed = ", ".join(knowledge_words(effect, language) for effect in by_frequency[name])
        lines.append(item(say("compose.side_effects.item", language, frequency=frequency_words,
                              names=listed).capitalised(),
                          label=str(say("compose.side_effects.label", language, frequency=frequency_words))))
    lines.append(Line(say("compose.side_effects.tell_the_doctor", language)))
    return Answer("side_effects", tuple(lines), Citation.of([section]), language=language)


AREA = "side_effects_of_area"


def side_effects_of_area(area: str, language: str = ENGLISH, leave_out: Iterable[str] = ()) -> Optional[Answer]:
    """What the leaflet lists for a part of the body (knowledge side_effects.areas), with how often, but the side
    effects in `leave_out` (answered already); None when nothing is left."""
    section = knowledge.monograph()["side_effects"]["section"]
    index = knowledge.side_effect_index()
    answered = set(leave_out)
    names = [name for name in knowledge.side_effect_areas()[area] if name not in answered]
    if not names:
        return None
    items = [say("compose.side_effects_of_area.item", language, name=knowledge_words(name, language),
                 frequency=words(f"frequencies.{index[name][1]}", language)) for name in names]
    text = say("compose.side_effects_of_area.answer", language,
               area=words(f"compose.side_effects_of_area.areas.{area}", language), items=wording.join(items, language))
    return Answer.of(AREA, text, citation=Citation.of([section]), language=language)


def listed_as(name: str, frequency: str, language: str = ENGLISH) -> Prose:
    """'dizziness is listed as a common side effect' (no capital, no stop)."""
    return say(f"compose.listed_as.{frequency}", language, name=knowledge_words(name, language))


# The answers to "is X a side effect?": listed (said with its frequency) or not (said with whom to ask).
LISTED = "is_side_effect"
NOT_LISTED = "not_a_listed_side_effect"


def is_side_effect(symptom: str, language: str = ENGLISH, shown: Optional[str] = None) -> Answer:
    """Whether the leaflet lists `symptom` (as the person wrote it, or a name of knowledge/); `shown`: how to name
    it when it is not listed (a topic's symptom in the answer's language)."""
    section = knowledge.monograph()["side_effects"]["section"]
    found = knowledge.side_effect_index().get(symptom.strip().lower())
    if found:
        name, frequency = found
        text = say("compose.is_side_effect.listed", language, listed=listed_as(name, frequency, language).capitalised(),
                   drug=words("compose.drug", language))
    else:
        text = say("compose.is_side_effect.not_listed", language, symptom=shown or symptom.strip(), hotline=hotline())
        return Answer.of(NOT_LISTED, text, citation=Citation.of([section]), language=language)
    return Answer.of(LISTED, text, citation=Citation.of([section]), language=language)


def symptom_as_use(symptom: str, language: str = ENGLISH) -> Answer:
    """'Does baclofen help X?' for a symptom of its side-effect list: not among its uses, and listed as a side effect."""
    listed = is_side_effect(symptom, language)
    uses = knowledge.monograph()["uses"]
    found = knowledge.side_effect_index().get(symptom.strip().lower())
    # named as the person wrote it; in another language, by the leaflet's name for it
    use = knowledge_words(found[0], language) if found and language != ENGLISH else symptom.strip().lower()
    lines = (Line(say("compose.not_a_use", language, use=use)),) + listed.lines
    return Answer(listed.kind, lines, Citation.of([uses["section"], *listed.citation.sections]),
                  language=language)


def precaution(topic: Optional[str], language: str = ENGLISH) -> Answer:
    items = knowledge.precautions()
    if topic in items:
        chosen = items[topic]
        lines = [Line(_advice(chosen["advice"], language).capitalised() + "."),
                 Line(say("compose.precaution.if_this_applies", language, hotline=hotline()))]
        return Answer("precaution", tuple(lines), Citation.of([chosen["section"]]), language=language)
    lines = [Line(say("compose.precaution.heading", language))]
    lines += [item(_advice(entry["advice"], language).capitalised(), ".") for entry in items.values()]
    return Answer("precaution", tuple(lines), Citation.of(entry["section"] for entry in items.values()),
                  language=language)


def interaction(answer: InteractionAnswer, language: str = ENGLISH) -> Answer:
    data = knowledge.monograph()["interactions"]
    if answer.is_baclofen:
        return Answer.of("interaction", say("compose.interaction.baclofen_itself", language), language=language)
    name = answer.generic or answer.asked
    if not answer.listed:
        shown = name if answer.generic in (None, answer.asked.lower()) else f"{answer.asked} ({answer.generic})"
        return Answer.of("interaction", say("compose.interaction.not_mentioned", language, medicine=shown,
                                            advice=_cap(knowledge_words(data["unlisted_advice"], language)),
                                            hotline=hotline()),
                         citation=Citation.of([data["section"]]), language=language)
    resolved = "" if answer.generic == answer.asked.lower() else f" ({answer.generic})"
    lines = []
    for number, found in enumerate(answer.classes):
        lines.append(Line(class_caution(number, found.label, found.member_group, found.effect, language,
                                        medicine=f"{answer.asked}{resolved}", named=answer.generic == found.label)))
    lines.append(Line(say("compose.interaction.ask_first", language, hotline=hotline(),
                          advice=_cap(knowledge_words(data["general_advice"], language)))))
    return Answer("interaction", tuple(lines), Citation.of(found.subsection for found in answer.classes),
                  language=language)


def class_caution(number: int, label: str, group: str, effect: str, language: str, medicine: str,
                  named: bool) -> Prose:
    """One of the leaflet's groups a medicine belongs to. The caution first, never "yes": a listed interaction is a
    warning, not permission. `named`: the leaflet names the medicine itself."""
    # a medicine may sit in several of the leaflet's groups: "Also" for the second
    opening = words("compose.interaction.caution" if number == 0 else "compose.interaction.also", language)
    parts = dict(opening=opening, label=knowledge_words(label, language), medicine=medicine,
                 effect=knowledge_words(effect, language))
    if group != label:
        return say("compose.interaction.member_of_group", language, group=knowledge_words(group, language), **parts)
    if not named:
        return say("compose.interaction.one_of_them", language, **parts)
    return say("compose.interaction.named", language, **parts)


def unknown_medicine(name: str, language: str = ENGLISH) -> Answer:
    """A medicine no dictionary here knows: never the general list instead."""
    return Answer.of("unknown_medicine", say("compose.unknown_medicine", language, name=name, hotline=hotline()),
                     language=language)


def get_it_checked(language: str = ENGLISH) -> Prose:
    """Said after a side effect to someone who asks whether to have it seen to: the leaflet does not say."""
    return say("compose.get_it_checked", language, hotline=hotline())


def question_not_covered(asked: str, language: str = ENGLISH) -> Answer:
    """A story's question matched to nothing in the leaflet, said back so the asker knows it was read; it says no
    answer was found rather than that the leaflet is silent."""
    if not asked:  # not said back (baclofen/language/unmatched.py): a question proposing what to do
        return Answer.of("topic_not_covered", say("compose.question_not_covered_unquoted", language, hotline=hotline()),
                         language=language)
    return Answer.of("topic_not_covered", say("compose.question_not_covered", language, asked=prose.parse(asked),
                                              hotline=hotline()), language=language)


def interaction_timing_gap(language: str = ENGLISH) -> Answer:
    """'How long after X can I take baclofen?': the leaflet gives no waiting time."""
    return Answer.of("interaction", say("compose.interaction.timing_gap", language, hotline=hotline()),
                     language=language)


def interaction_overview(language: str = ENGLISH) -> Answer:
    data = knowledge.monograph()["interactions"]
    lines = [Line(say("compose.interaction.overview_heading", language))]
    lines += [item(say("compose.interaction.overview_item", language,
                       label=_cap(knowledge_words(entry["label"], language)),
                       effect=knowledge_words(entry["effect"], language)),
                   label=knowledge_words(entry["label"], language)) for entry in data["classes"]]
    lines.append(Line(say("compose.interaction.overview_end", language,
                          advice=_cap(knowledge_words(data["general_advice"], language)))))
    return Answer("interaction_overview", tuple(lines), Citation.of([data["section"]]), language=language)


def withdrawal(language: str = ENGLISH) -> Answer:
    data = knowledge.monograph()["withdrawal"]
    return Answer.of("withdrawal", say(
        "compose.withdrawal", language, advice=_advice(data["advice"], language).capitalised(),
        signs=stop_signs(language), number=emergency_number()),
        citation=Citation.of([data["section"]]), language=language)


def stop_signs(language: str = ENGLISH) -> Prose:
    """What stopping intrathecal baclofen can cause, as the leaflet lists it."""
    signs = knowledge.monograph()["withdrawal"]["intrathecal_stop_signs"]
    return wording.join([knowledge_words(sign, language) for sign in signs], language)


def emergency(language: str = ENGLISH) -> Answer:
    from baclofen.answers import emergencies  # it builds on this module's numbers

    return emergencies.general(language)


# ---------------------------------------------------------------- the service's own sentences

def handoff(language: str = ENGLISH) -> Answer:
    return Answer.of(HANDOFF, say("compose.handoff", language, hotline=hotline(), number=emergency_number()),
                     language=language)


def service_unavailable(language: str = ENGLISH) -> Answer:
    """The message got no answer (a fault, or too slow): nothing of it was stored (stores/turns.py)."""
    return Answer.of("service_unavailable", say("compose.service_unavailable", language, not_kept=_not_kept(language),
                                                hotline=hotline(), number=emergency_number()), language=language)


def cannot_continue_safely(language: str = ENGLISH) -> Answer:
    """The conversation store failed or is not answering: nothing of the message was stored."""
    return Answer.of("cannot_continue_safely", say(
        "compose.cannot_continue_safely", language, not_kept=_not_kept(language), hotline=hotline(),
        number=emergency_number()), language=language)


def _not_kept(language: str) -> str:
    return words("compose.not_kept", language)


def too_many_waiting(language: str = ENGLISH) -> Answer:
    """More messages of one conversation arrived together than may wait (BACLOFEN_MAX_WAITING_MESSAGES)."""
    return Answer.of("too_many_waiting", say("compose.too_many_waiting", language, number=emergency_number()),
                     language=language)


def message_too_long(length: int, limit: int, language: str = ENGLISH) -> Answer:
    return Answer.of("message_too_long", say("compose.message_too_long", language, length=Quantity(length, "characters"),
                                             limit=Quantity(limit, "characters")), language=language)


def empty_message(language: str = ENGLISH) -> Answer:
    return Answer.of("empty_message", say("compose.empty_message", language), language=language)


def bot_challenge(language: str = ENGLISH) -> Answer:
    return Answer.of(BOT_CHALLENGE, say("compose.bot_challenge", language, introduction=bot_introduction(language),
                                        hotline=hotline()), language=language)


def help_text(language: str = ENGLISH) -> Answer:
    return Answer.of("help", say("compose.help", language, hotline=hotline(), number=emergency_number()),
                     language=language)


# ---------------------------------------------------------------- dose answers and the dose form

# The dose form's slots whose answer it may not understand: it asks again (compose.ask_again.<slot>).
ASK_AGAIN = {"age_years": "compose.ask_again.age_years", "weight_kg": "compose.ask_again.weight_kg",
             "route": "compose.ask_again.route"}
# The examples the weight questions show: values shown to the user, not leaflet figures.
EXAMPLE_WEIGHTS = (Quantity(16, "kg"), Quantity(35, "lb"))


def ask_again(slot: str, language: str = ENGLISH) -> Answer:
    """The dose form did not understand the answer to its question about `slot`."""
    kilograms, pounds = EXAMPLE_WEIGHTS
    return Answer.of("ask_again", say(ASK_AGAIN[slot], language, kilograms=kilograms, pounds=pounds),
                     language=language)


def input_error(error: DoseInputError, language: str = ENGLISH) -> Answer:
    """A value the dose lookup cannot use, said as the sentence the error carries (in the language asked)."""
    return Answer.of("input_error", error.said(language), language=language)


def figure_prose(figure: Figure, language: str = ENGLISH) -> Prose:
    """'Starting dose: 4.2 mg a day (0.3 mg per kg a day).'"""
    amount = (None if figure.amount is None else
              Prose.of(words("compose.figure.about", language) if figure.approximate else "", figure.amount))
    text = say("compose.figure.line", language, label=figure.label, amount=amount,
               space=" " if amount and figure.detail else "", detail=figure.detail)
    return text if figure.detail.endswith(".") else text + "."


def dose(answer: DoseAnswer) -> Answer:
    """One person's figures, in the language the lookup said them in."""
    language = answer.language
    lines = [Line(answer.who + ":")]
    lines += [item(figure_prose(figure, language),
                   label=str(say("compose.figure.label", language, label=figure.label.lower())))
              for figure in answer.figures]
    lines += [note(caution) for caution in answer.cautions]
    if answer.covered:
        lines.append(prescriber_line(language))
    return Answer(DOSE, tuple(lines), Citation.of([answer.section]), dose=answer, language=language)


def prescriber_line(language: str = ENGLISH) -> Line:
    return Line(say("compose.prescriber_decides", language))


# ---------------------------------------------------------------- when the assistant is unsure, or cannot answer

# The questions the assistant offers when it is unsure what was asked: intent -> button title's id.
CLARIFY_CHOICES = {
    "ask_dose": "doses", "ask_side_effects": "side_effects", "ask_is_side_effect": "side_effects",
    "ask_interaction": "interactions", "ask_uses": "uses", "ask_precaution": "precautions",
    "ask_withdrawal": "withdrawal", "ask_dosage_forms": "dosage_forms",
}


def clarify(closest: Sequence[str], possible_emergency: bool = False, language: str = ENGLISH,
            not_found: Optional[str] = None) -> Answer:
    """A short question with two to four buttons: the closest topics, then the pharmacist. `possible_emergency`:
    the emergency number first, in case the message describes one in words the rules do not know. `not_found`: the
    question read, which names nothing the leaflet answers (said back; "" when not said back): the reply says so
    first, then offers the topics in case something else was meant."""
    titles: dict = {}
    for intent in closest:
        title = CLARIFY_CHOICES.get(intent)
        if title and title not in titles.values() and len(titles) < 3:
            titles[intent] = title
    for intent in ("ask_dose", "ask_side_effects", "ask_interaction"):
        if len(titles) >= 2:
            break
        titles.setdefault(intent, CLARIFY_CHOICES[intent])
    buttons = [Button(words(f"buttons.{title}", language), f"/{intent}") for intent, title in titles.items()]
    buttons.append(Button(words("buttons.pharmacist", language), "/ask_human"))
    question = (Line(say("compose.clarify.question", language)),
                Line(say("compose.clarify.pharmacist", language, hotline=hotline()), label=HOTLINE_LINE))
    if not_found is not None:
        question = question_not_covered(not_found, language).lines + (
            Line(say("compose.clarify.something_else", language)),)
    answer = Answer.of("clarify", *question, buttons=buttons, language=language)
    return emergency_first(answer) if possible_emergency else answer


def possible_emergency_line(language: str = ENGLISH) -> Line:
    """Said first when only the learned safety net (or the classifier) hears an emergency the rules do not."""
    return Line(say("compose.possible_emergency", language, number=emergency_number()))


def emergency_first(answer: Answer) -> Answer:
    """The answer, opening with the emergency number (an emergency answer already does)."""
    first = possible_emergency_line(answer.language)
    if answer.kind == EMERGENCY or (answer.lines and answer.lines[0] == first):
        return answer
    return replace(answer, lines=(first,) + answer.lines)


def other_language(language: str) -> Answer:
    """A message in a language the assistant does not answer in: English, then that language's words if known."""
    lines = [Line(say("compose.other_language.english", ENGLISH, number=emergency_number(), hotline=hotline()))]
    if language != ENGLISH and f"compose.other_language.{language}" in wording.catalogue(ENGLISH):
        lines.append(Line(say(f"compose.other_language.{language}", ENGLISH, number=emergency_number(),
                              hotline=hotline())))
    return Answer("other_language", tuple(lines))
