"""Answers for the topics people ask about (knowledge/topics.yml): honest about what the leaflet does not say.

Plain Python, no Rasa import.
- covered: the leaflet's facts for the topic;
- partly: what the leaflet does not say, then the related leaflet fact, said as such;
- not covered: the leaflet does not cover it; the pharmacist or the doctor; nothing invented. A use the leaflet does
  not list is named as not among its uses, and no dose is given for it.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Dict, List, Optional

from baclofen import knowledge, prose
from baclofen.answers import compose
from baclofen.answers.model import Answer, Citation, Line, item
from baclofen.interactions import interactions_for
from baclofen.prose import Prose, join
from baclofen.quantities import Number, Quantity, quantity_range

TOPIC = "topic"
_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)(?:\|([a-z ]+))?\}")


def _cap(text: Prose) -> Prose:
    return text.capitalised()


@functools.lru_cache(maxsize=None)
def fact(fact_id: str) -> Prose:
    """One fact of knowledge/topics.yml as prose, its numbers taken typed from knowledge/baclofen.yml."""
    entry = knowledge.topic_facts()[fact_id]
    if "side_effect" in entry or "side_effects" in entry:
        return join(_listed(name) for name in entry.get("side_effects") or [entry["side_effect"]])
    if "precaution" in entry:
        return prose.parse(knowledge.precautions()[entry["precaution"]]["advice"])
    if "interaction_class" in entry:
        found = next(c for c in knowledge.monograph()["interactions"]["classes"] if c["id"] == entry["interaction_class"])
        return Prose.of(f"with {found['label']}, {found['effect']}")
    return _fill(entry["says"])


def _fill(template: str) -> Prose:
    parts: List[Any] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(template[position:match.start()])
        path, unit = match.group(1), match.group(2)
        if path == "emergency_number":
            parts.append(compose.emergency_number())
        else:
            value = knowledge.value_at(path)
            if unit and isinstance(value, dict):
                parts.append(quantity_range(value["low"], value["high"], unit))
            elif unit:
                parts.append(Quantity(value, unit))
            elif isinstance(value, list):
                parts.append(join(value))
            elif isinstance(value, (int, float)):
                parts.append(Number(value))
            else:
                parts.append(prose.parse(value))
        position = match.end()
    parts.append(template[position:])
    return Prose.of(*parts)


def _listed(name: str) -> Prose:
    found = knowledge.side_effect_index().get(name.lower())
    if found is None:
        raise KeyError(f"{name!r} is not a side effect of knowledge/baclofen.yml")
    canonical, frequency = found
    return Prose.of(f"{canonical} is listed as a{'n' if frequency == 'uncommon' else ''} {frequency} side effect")


def _sections(entry: Dict[str, Any]) -> List[str]:
    sections = [str(knowledge.topic_facts()[f]["section"]) for f in _leaflet_facts(entry)]
    if entry.get("side_effects"):
        sections.append(str(knowledge.monograph()["side_effects"]["section"]))
    if entry.get("precaution"):
        sections.append(str(knowledge.precautions()[entry["precaution"]]["section"]))
    return sections


def _refer() -> Prose:
    return Prose.of("Please ask the pharmacist at ", compose.hotline(), " or your doctor: I only answer from the "
                    "leaflet.")


def _leaflet_facts(entry: Dict[str, Any]) -> List[str]:
    return [f for f in entry.get("facts", []) if knowledge.topic_facts()[f].get("basis") != "project"]


def _safety_lines(entry: Dict[str, Any]) -> List[Line]:
    """The project's own safety sentences (`basis: project`): said, never as the leaflet's."""
    return [Line(_cap(fact(f)) + ".") for f in entry.get("facts", [])
            if knowledge.topic_facts()[f].get("basis") == "project"]


def _related(entry: Dict[str, Any]) -> List[Line]:
    lines: List[Line] = []
    if entry.get("precaution"):
        lines.append(_sentence_item(prose.parse(knowledge.precautions()[entry["precaution"]]["advice"])))
    for name in entry.get("side_effects", []):
        lines.append(_sentence_item(_listed(name)))
    for fact_id in _leaflet_facts(entry):
        lines.append(_sentence_item(fact(fact_id)))
    return lines


def _sentence_item(text: Prose) -> Line:
    text = _cap(text)
    return item(text) if text.endswith(".") else item(text, ".")


def is_unlisted_use(topic_id: str) -> bool:
    return bool(knowledge.topic(topic_id).get("unlisted_use"))


def adds_interactions(topic_id: str, asked_permission: bool) -> bool:
    """Whether the interactions of the medicines a message names belong after this topic's answer: not after a use
    the leaflet does not list, nor after a comparison unless the message asks whether they can be taken together."""
    if is_unlisted_use(topic_id):
        return False
    return asked_permission or topic_id != "compare_other_relaxants"


def is_about_side_effects(topic_id: str) -> bool:
    entry = knowledge.topic(topic_id)
    return bool(entry.get("side_effects") or entry.get("symptom")) or entry.get("compose") == "side_effects"


def is_about_medicines(topic_id: str) -> bool:
    """A topic that is itself a medicine or a drink (its answer is the interaction already given for the name)."""
    entry = knowledge.topic(topic_id)
    return bool(entry.get("interaction")) or entry.get("compose") == "interaction_overview"


def answer(topic_id: str) -> Answer:
    entry = knowledge.topic(topic_id)
    about = entry["about"]
    if entry.get("symptom"):
        return compose.is_side_effect(entry["symptom"])
    if entry.get("compose") and entry["coverage"] == "covered":
        return _whole(entry["compose"])
    if entry.get("interaction"):
        return _interaction(entry)
    if entry.get("precaution") and entry["coverage"] == "covered":
        return compose.precaution(entry["precaution"])
    if entry.get("unlisted_use"):
        uses = knowledge.monograph()["uses"]
        lines = [Line(Prose.of(f"Baclofen for {about} is not among the uses the leaflet lists, and the leaflet gives "
                               "no dose for it.")),
                 Line(Prose.of("The leaflet lists baclofen for spasticity: ", prose.parse(uses["summary"][:1].lower()
                                                                                           + uses["summary"][1:])))]
        related = _related(entry)
        if related:
            lines += [Line(Prose.of("Related, from the leaflet:"))] + related
        lines.append(Line(Prose.of("Ask your doctor or the pharmacist at ", compose.hotline(), f" about {about}.")))
        return Answer("topic_not_covered", tuple(lines), Citation.of([uses["section"], *_sections(entry)]))
    if entry["coverage"] == "not_covered":
        lines = [Line(Prose.of(f"The leaflet does not mention {about}, so I cannot answer this from it."))]
        related = _related(entry)
        if related:
            lines += [Line(Prose.of("What the leaflet does say that is related:"))] + related
        lines += _safety_lines(entry) + [Line(_refer())]
        sections = _sections(entry)
        return Answer("topic_not_covered", tuple(lines), Citation.of(sections) if sections else None)
    if entry["coverage"] == "partly":
        lines = [Line(Prose.of(f"The leaflet does not answer this directly. What it says that relates to {about}:"))]
        if entry.get("not_listed"):
            lines.append(item(f"The leaflet does not list {entry['not_listed']} among baclofen's side effects."))
        lines += _related(entry)
        if entry.get("compose"):
            whole = _whole(entry["compose"])
            lines += list(whole.lines)
            sections = _sections(entry) + list(whole.citation.sections if whole.citation else ())
        else:
            sections = _sections(entry)
        lines += _safety_lines(entry)
        lines.append(Line(Prose.of("For anything the leaflet does not say, ask the pharmacist at ", compose.hotline(),
                                   " or your doctor.")))
        return Answer("topic_partly", tuple(lines), Citation.of(sections) if sections else None)
    related = _related(entry)  # covered, from its facts
    return Answer("topic_covered", tuple(related) or (Line(_refer()),), Citation.of(_sections(entry)))


def _whole(name: str) -> Answer:
    from baclofen.answers import doses

    return {"uses": compose.uses, "side_effects": compose.side_effects, "withdrawal": compose.withdrawal,
            "dosage_forms": compose.dosage_forms, "dose_overview": doses.overview,
            "intrathecal_adult": doses.intrathecal_adult, "interaction_overview": compose.interaction_overview}[name]()


def _interaction(entry: Dict[str, Any]) -> Answer:
    """A group of medicines asked about by its name ("benzos", "painkillers"): the leaflet's class for the group."""
    found = interactions_for(entry["interaction"])
    data = knowledge.monograph()["interactions"]
    if not found.classes:
        return Answer.of("interaction", Prose.of(
            f"The leaflet does not mention {entry['about']} among baclofen's interactions. "
            f"{data['unlisted_advice'][:1].upper()}{data['unlisted_advice'][1:]} at ", compose.hotline(), "."),
            citation=Citation.of([data["section"]]))
    lines = []
    for number, group in enumerate(found.classes):
        opening = "Caution" if number == 0 else "Also"
        if group.label.lower() in entry["about"].lower():  # "drinking alcohol": the leaflet names it itself
            text = f"{opening}: the leaflet names {group.label}. Taken with baclofen, {group.effect}."
        else:
            text = (f"{opening}: the leaflet warns about {group.label}, and {entry['about']} "
                    f"{'are' if entry['about'].endswith('s') else 'is'} among them. Taken with baclofen, {group.effect}.")
        lines.append(Line(Prose.of(text)))
    if entry["coverage"] == "partly" and entry.get("gap"):
        lines.append(Line(Prose.of(f"The leaflet names only some of these; for other {entry['about']} ask the "
                                   "pharmacist.")))
    lines.append(Line(Prose.of("Ask the doctor or the pharmacist at ", compose.hotline(), " before taking them "
                               f"together. {data['general_advice'][:1].upper()}{data['general_advice'][1:]}.")))
    return Answer("interaction", tuple(lines), Citation.of(group.subsection for group in found.classes))
