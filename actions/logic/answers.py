"""Answer texts, filled from the knowledge file. Plain Python (no Rasa import) so every channel shares them.

Each function returns the text of one answer ending with its citation line.
"""
from __future__ import annotations

import os
from typing import Iterable, Optional

from actions.logic import knowledge
from actions.logic.dose_lookup import DoseAnswer, Figure
from actions.logic.interactions import InteractionAnswer

PRESCRIBER_DECIDES = "This is what the leaflet says; the prescriber decides the actual dose."


def emergency_number() -> str:
    """Configuration, not knowledge: the emergency medical number of the hospital's country."""
    return os.environ.get("BACLOFEN_EMERGENCY_NUMBER", "115")


def hotline() -> str:
    return os.environ.get("BACLOFEN_HOTLINE", "the hospital hotline")


def _join(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def uses() -> str:
    data = knowledge.monograph()["uses"]
    lines = [data["summary"], ""]
    for item in data["indications"]:
        route = "by mouth" if item["route"] == "oral" else "intrathecal"
        examples = f" (such as {_join(item['examples'])})" if item["examples"] else ""
        lines.append(f"- {_cap(item['what'])}{examples}: {route}.")
    lines += ["", knowledge.citation(data["section"])]
    return "\n".join(lines)


def dosage_forms() -> str:
    data = knowledge.monograph()["dosage_forms"]
    parts = []
    for form in data["forms"]:
        note = f", {form['note']}" if form.get("note") else ""
        parts.append(f"{form['form']} ({form['route']}{note})")
    return f"Baclofen comes as {_join(parts)}.\n{knowledge.citation(data['section'])}"


def side_effects(frequency: Optional[str] = None) -> str:
    section = knowledge.monograph()["side_effects"]["section"]
    by_frequency = knowledge.side_effects_by_frequency()
    chosen = [frequency] if frequency in by_frequency else list(by_frequency)
    lines = ["Side effects the leaflet lists:" if len(chosen) > 1 else f"{_cap(frequency)} side effects the leaflet lists:"]
    for name in chosen:
        lines.append(f"- {_cap(name)}: {', '.join(by_frequency[name])}.")
    lines.append("Tell the doctor about any side effect that worries you.")
    lines.append(knowledge.citation(section))
    return "\n".join(lines)


def is_side_effect(symptom: str) -> str:
    section = knowledge.monograph()["side_effects"]["section"]
    found = knowledge.side_effect_index().get(symptom.strip().lower())
    if found:
        name, frequency = found
        text = f"Yes: {name} is listed as a{'n' if frequency == 'uncommon' else ''} {frequency} side effect of baclofen."
    else:
        text = (f"{_cap(symptom.strip())} is not in the leaflet's list of side effects. That does not prove it is "
                f"unrelated: tell the doctor or ask the pharmacist at {hotline()}.")
    return f"{text}\n{knowledge.citation(section)}"


def precaution(topic: Optional[str]) -> str:
    items = knowledge.precautions()
    if topic in items:
        item = items[topic]
        return f"{_cap(item['advice'])}.\n{knowledge.citation(item['section'])}"
    lines = ["Precautions in the leaflet:"]
    lines += [f"- {_cap(item['advice'])}." for item in items.values()]
    lines.append(knowledge.citation_many(item["section"] for item in items.values()))
    return "\n".join(lines)


def interaction(answer: InteractionAnswer) -> str:
    data = knowledge.monograph()["interactions"]
    if answer.is_baclofen:
        return "That is baclofen itself. Do you mean another medicine?"
    name = answer.generic or answer.asked
    if not answer.listed:
        shown = name if answer.generic in (None, answer.asked.lower()) else f"{answer.asked} ({answer.generic})"
        return (f"The leaflet lists no interaction between baclofen and {shown}. {_cap(data['unlisted_advice'])} "
                f"at {hotline()}.\n{knowledge.citation(data['section'])}")
    resolved = "" if answer.generic == answer.asked.lower() else f" ({answer.generic})"
    lines = []
    for number, item in enumerate(answer.classes):
        opening = "Yes" if number == 0 else "Also"  # a medicine may sit in several of the leaflet's groups
        if item.member_group != item.label:
            lines.append(f"{opening}: the leaflet warns about {item.label}, and {answer.asked}{resolved} is one of "
                         f"the {item.member_group}. Taken with baclofen, {item.effect}.")
        elif answer.generic != item.label:
            lines.append(f"{opening}: the leaflet names {item.label}, and {answer.asked}{resolved} is one of them. "
                         f"Taken with baclofen, {item.effect}.")
        else:
            lines.append(f"{opening}: the leaflet names {item.label}. Taken with baclofen, {item.effect}.")
    lines.append(f"{_cap(data['general_advice'])}.")
    lines.append(knowledge.citation_many(item.subsection for item in answer.classes))
    return "\n".join(lines)


def interaction_overview() -> str:
    data = knowledge.monograph()["interactions"]
    lines = ["The leaflet lists these interactions:"]
    lines += [f"- {_cap(item['label'])}: {item['effect']}." for item in data["classes"]]
    lines.append(f"{_cap(data['general_advice'])}. Name a medicine and I will check it against these groups.")
    lines.append(knowledge.citation(data["section"]))
    return "\n".join(lines)


def withdrawal() -> str:
    data = knowledge.monograph()["withdrawal"]
    return (f"{_cap(data['advice'])}. Stopping intrathecal baclofen can cause {_join(data['intrathecal_stop_signs'])}: "
            f"if these appear, call {emergency_number()} now. Ask the doctor how to stop safely.\n"
            f"{knowledge.citation(data['section'])}")


def emergency() -> str:
    signs = _join(knowledge.monograph()["withdrawal"]["intrathecal_stop_signs"])
    return (f"Call {emergency_number()} now: this may be an emergency. If someone took too much baclofen or a child "
            f"swallowed tablets, call even if they seem well, and keep the pack with you. "
            f"After an intrathecal pump stops or runs out, {signs} need urgent care. "
            f"You can also reach the pharmacist at {hotline()}.\n"
            f"{knowledge.citation(knowledge.monograph()['withdrawal']['section'])}")


def handoff() -> str:
    return f"You can talk to the hotline pharmacist at {hotline()}. In an emergency, call {emergency_number()}."


def service_unavailable() -> str:
    return (f"Sorry, I can't answer right now. Please call the hotline pharmacist at {hotline()}. "
            f"In an emergency, call {emergency_number()}.")


def cannot_continue_safely() -> str:
    return ("Sorry, I can't continue this conversation safely: I can't read or keep our conversation right now. "
            f"Please call the hotline pharmacist at {hotline()}. In an emergency, call {emergency_number()}.")


def message_too_long(length: int, limit: int) -> str:
    return (f"That message is too long for me ({length} characters). Please ask one question in fewer than "
            f"{limit} characters.")


def empty_message() -> str:
    return "Please type a question about baclofen, for example \"what is it used for?\""


BOT_INTRODUCTION = "I am an automated assistant, not a person. I answer from the hospital's baclofen leaflet only."


def bot_challenge() -> str:
    return f"{BOT_INTRODUCTION} To talk to a pharmacist, call {hotline()}."


def help_text() -> str:
    return ("I answer questions about baclofen from the hospital's leaflet: uses, dosing by age and weight, "
            "side effects, precautions and interactions, and I say which section each answer comes from. "
            "I am an automated assistant: I do not know your medical history, and I do not replace your doctor or "
            f"pharmacist. Pharmacist: {hotline()}. Emergency: {emergency_number()}.")


def _figure_line(figure: Figure) -> str:
    amount = "" if figure.amount is None else ("about " if figure.approximate else "") + f"{figure.amount} "
    return f"- {figure.label}: {amount}{figure.detail}".rstrip() + ("" if figure.detail.endswith(".") else ".")


def dose(answer: DoseAnswer) -> str:
    lines = [f"{answer.who}:"]
    lines += [_figure_line(f) for f in answer.figures]
    lines += [f"Note: {c}" for c in answer.cautions]
    if answer.covered:
        lines.append(PRESCRIBER_DECIDES)
    lines.append(knowledge.citation(answer.section))
    return "\n".join(lines)
