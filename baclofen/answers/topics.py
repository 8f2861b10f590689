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

from baclofen import knowledge, wording
from baclofen.answers import compose
from baclofen.answers.model import Answer, Citation, Line, item
from baclofen.interactions import interactions_for
from baclofen.prose import Prose
from baclofen.quantities import Number, Quantity, quantity_range
from baclofen.wording import ENGLISH, from_knowledge, knowledge_words, say

TOPIC = "topic"
_PLACEHOLDER = re.compile(r"\{([a-z_.0-9]+)(?:\|([a-z ]+))?\}")


def _cap(text: Prose) -> Prose:
    return text.capitalised()


@functools.lru_cache(maxsize=None)
def fact(fact_id: str, language: str = ENGLISH) -> Prose:
    """One fact of knowledge/topics.yml as prose, its numbers taken typed from knowledge/baclofen.yml."""
    entry = knowledge.topic_facts()[fact_id]
    if "side_effect" in entry or "side_effects" in entry:
        return wording.join([_listed(name, language) for name in entry.get("side_effects") or [entry["side_effect"]]],
                            language)
    if "precaution" in entry:
        return from_knowledge(knowledge.precautions()[entry["precaution"]]["advice"], language)
    if "interaction_class" in entry:
        found = next(c for c in knowledge.monograph()["interactions"]["classes"] if c["id"] == entry["interaction_class"])
        return say("topics.with_class", language, label=knowledge_words(found["label"], language),
                   effect=knowledge_words(found["effect"], language))
    return _fill(knowledge_words(entry["says"], language), language)


def _fill(template: str, language: str = ENGLISH) -> Prose:
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
                parts.append(wording.join([knowledge_words(v, language) for v in value], language))
            elif isinstance(value, (int, float)):
                parts.append(Number(value))
            else:
                parts.append(from_knowledge(value, language))
        position = match.end()
    parts.append(template[position:])
    return Prose.of(*parts)


def _listed(name: str, language: str = ENGLISH) -> Prose:
    found = knowledge.side_effect_index().get(name.lower())
    if found is None:
        raise KeyError(f"{name!r} is not a side effect of knowledge/baclofen.yml")
    canonical, frequency = found
    return compose.listed_as(canonical, frequency, language)


def _sections(entry: Dict[str, Any]) -> List[str]:
    sections = [str(knowledge.topic_facts()[f]["section"]) for f in _leaflet_facts(entry)]
    if entry.get("side_effects"):
        sections.append(str(knowledge.monograph()["side_effects"]["section"]))
    if entry.get("precaution"):
        sections.append(str(knowledge.precautions()[entry["precaution"]]["section"]))
    return sections


def _refer(language: str = ENGLISH) -> Prose:
    return say("topics.refer", language, hotline=compose.hotline())


def _leaflet_facts(entry: Dict[str, Any]) -> List[str]:
    return [f for f in entry.get("facts", []) if knowledge.topic_facts()[f].get("basis") != "project"]


def _safety_lines(entry: Dict[str, Any], language: str = ENGLISH) -> List[Line]:
    """The project's own safety sentences (`basis: project`): said, never as the leaflet's."""
    return [Line(_cap(fact(f, language)) + ".") for f in entry.get("facts", [])
            if knowledge.topic_facts()[f].get("basis") == "project"]


def _related(entry: Dict[str, Any], language: str = ENGLISH) -> List[Line]:
    lines: List[Line] = []
    if entry.get("precaution"):
        lines.append(_sentence_item(from_knowledge(knowledge.precautions()[entry["precaution"]]["advice"], language)))
    for name in entry.get("side_effects", []):
        lines.append(_sentence_item(_listed(name, language)))
    for fact_id in _leaflet_facts(entry):
        lines.append(_sentence_item(fact(fact_id, language)))
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


is_about_side_effects = knowledge.topic_is_about_side_effects


def is_about_medicines(topic_id: str) -> bool:
    """A topic that is itself a medicine or a drink (its answer is the interaction already given for the name)."""
    entry = knowledge.topic(topic_id)
    return bool(entry.get("interaction")) or entry.get("compose") == "interaction_overview"


def answer(topic_id: str, language: str = ENGLISH) -> Answer:
    entry = knowledge.topic(topic_id)
    if entry.get("symptom"):
        return compose.is_side_effect(entry["symptom"], language, shown=knowledge_words(entry["symptom"], language))
    if entry.get("compose") and entry["coverage"] == "covered":
        return _whole(entry["compose"], language)
    if entry.get("interaction"):
        return _interaction(entry, language)
    if entry.get("precaution") and entry["coverage"] == "covered":
        return compose.precaution(entry["precaution"], language)
    if entry.get("unlisted_use"):
        return _unlisted_use(entry, language)
    if entry["coverage"] == "not_covered":
        return _not_covered(entry, language)
    if entry["coverage"] == "partly":
        return _partly(entry, language)
    related = _related(entry, language)  # covered, from its facts
    return Answer("topic_covered", tuple(related) or (Line(_refer(language)),), Citation.of(_sections(entry)),
                  language=language)


def _unlisted_use(entry: Dict[str, Any], language: str) -> Answer:
    """A use the leaflet does not list: named as not among its uses, with no dose."""
    uses = knowledge.monograph()["uses"]
    about = knowledge_words(entry["about"], language)
    summary = str(from_knowledge(uses["summary"], language))  # a sentence with no figure in it
    lines = [Line(say("compose.not_a_use", language, use=about)),
             Line(say("topics.lists_for_spasticity", language,
                      summary=from_knowledge(summary[:1].lower() + summary[1:])))]
    related = _related(entry, language)
    if related:
        lines += [Line(say("topics.related", language))] + related
    lines.append(Line(say("topics.ask_about", language, hotline=compose.hotline(), about=about)))
    return Answer("topic_not_covered", tuple(lines), Citation.of([uses["section"], *_sections(entry)]),
                  language=language)


def _not_covered(entry: Dict[str, Any], language: str) -> Answer:
    lines = [Line(say("topics.not_mentioned", language, about=knowledge_words(entry["about"], language)))]
    related = _related(entry, language)
    if related:
        lines += [Line(say("topics.related_says", language))] + related
    lines += _safety_lines(entry, language) + [Line(_refer(language))]
    sections = _sections(entry)
    return Answer("topic_not_covered", tuple(lines), Citation.of(sections) if sections else None, language=language)


def _partly(entry: Dict[str, Any], language: str) -> Answer:
    lines = [Line(say("topics.not_directly", language, about=knowledge_words(entry["about"], language)))]
    if entry.get("not_listed"):
        lines.append(item(say("topics.not_listed", language, symptom=knowledge_words(entry["not_listed"], language))))
    lines += _related(entry, language)
    sections = _sections(entry)
    if entry.get("compose"):
        whole = _whole(entry["compose"], language)
        lines += list(whole.lines)
        sections += list(whole.citation.sections if whole.citation else ())
    lines += _safety_lines(entry, language)
    lines.append(Line(say("topics.anything_else", language, hotline=compose.hotline())))
    return Answer("topic_partly", tuple(lines), Citation.of(sections) if sections else None, language=language)


def _whole(name: str, language: str = ENGLISH) -> Answer:
    from baclofen.answers import doses

    return {"uses": compose.uses, "side_effects": lambda language: compose.side_effects(None, language),
            "withdrawal": compose.withdrawal, "dosage_forms": compose.dosage_forms, "dose_overview": doses.overview,
            "intrathecal_adult": doses.intrathecal_adult,
            "interaction_overview": compose.interaction_overview}[name](language)


def _interaction(entry: Dict[str, Any], language: str = ENGLISH) -> Answer:
    """A group of medicines asked about by its name ("benzos", "painkillers"): the leaflet's class for the group."""
    found = interactions_for(entry["interaction"])
    data = knowledge.monograph()["interactions"]
    about = knowledge_words(entry["about"], language)
    if not found.classes:
        return Answer.of("interaction", say(
            "compose.interaction.not_mentioned", language, medicine=about, hotline=compose.hotline(),
            advice=_cap(Prose.of(knowledge_words(data["unlisted_advice"], language)))),
            citation=Citation.of([data["section"]]), language=language)
    lines = []
    for number, group in enumerate(found.classes):
        opening = wording.words("compose.interaction.caution" if number == 0 else "compose.interaction.also", language)
        parts = dict(opening=opening, label=knowledge_words(group.label, language), about=about,
                     effect=knowledge_words(group.effect, language))
        if group.label.lower() in entry["about"].lower():  # "drinking alcohol": the leaflet names it itself
            lines.append(Line(say("compose.interaction.named", language, **parts)))
        else:
            plural = "are" if entry["about"].endswith("s") else "is"
            lines.append(Line(say(f"topics.among_them_{plural}", language, **parts)))
    if entry["coverage"] == "partly" and entry.get("gap"):
        lines.append(Line(say("topics.only_some", language, about=about)))
    lines.append(Line(say("compose.interaction.ask_first", language, hotline=compose.hotline(),
                          advice=_cap(Prose.of(knowledge_words(data["general_advice"], language))))))
    return Answer("interaction", tuple(lines), Citation.of(group.subsection for group in found.classes),
                  language=language)
