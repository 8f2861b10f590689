"""The emergency answers, one per kind of emergency (baclofen.language.urgency): the emergency number always first.

Plain Python, no Rasa import. Where the leaflet is silent (what to do in an emergency), these are the project's
own safety sentences: call now, stay with the person, bring the pack; they add no medical fact. The leaflet's own
facts (what stopping intrathecal baclofen can cause) are cited.
"""
from __future__ import annotations

from typing import Optional

from baclofen import knowledge, settings
from baclofen.answers.compose import emergency_number, hotline
from baclofen.answers.model import EMERGENCY, Answer, Citation, Urgent
from baclofen.prose import Phone, Prose, join

def _withdrawal():
    return knowledge.monograph()["withdrawal"]


def _answer(urgent: Urgent, citation: Optional[Citation] = None) -> Answer:
    """Written out in one paragraph: the instruction, why, what the leaflet says, what to do meanwhile, and the
    other ways to get help."""
    call = Prose.of("Call ", urgent.number, " now", urgent.when and Prose.of(" ", urgent.when),
                    urgent.or_else and Prose.of(", ", urgent.or_else), ".")
    return Answer.of(EMERGENCY, Prose.of(call, *(Prose.of(" ", part) for part in (
        urgent.why, urgent.background, urgent.meanwhile, urgent.also) if part)), citation=citation, urgent=urgent)


def poisoning() -> Answer:
    return _answer(Urgent(
        emergency_number(),
        why=Prose.of("Someone may have taken too much baclofen, or a child may have swallowed it."),
        meanwhile=Prose.of("Call even if they seem well, stay with them, and keep the pack with you to show what "
                           "was taken."),
        also=Prose.of("You can also reach the pharmacist at ", hotline(), ".")))


def crisis() -> Answer:
    line = settings.current().crisis_line
    extra = Prose.of("You can also call ", Phone(line), ", a crisis line, at any time.") if line else None
    return _answer(Urgent(
        emergency_number(), or_else=Prose.of("or go to the nearest emergency department"),
        meanwhile=Prose.of("You don't have to face this alone: stay with someone you trust, or ask someone to come "
                           "and stay with you, and put the tablets out of reach."),
        also=Prose.of(extra and Prose.of(extra, " "), "The hospital's pharmacists are also at ", hotline(), ".")))


def acute() -> Answer:
    return _answer(Urgent(
        emergency_number(),
        why=Prose.of("Someone who is hard to wake, breathing slowly or with difficulty, having a fit, or whose face, "
                     "lips or throat are swelling needs urgent care."),
        meanwhile=Prose.of("Stay with them and keep the baclofen pack with you for the ambulance.")))


def withdrawal() -> Answer:
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(),
        why=Prose.of("Stopping baclofen suddenly can cause a withdrawal reaction."),
        background=Prose.of("The leaflet warns that stopping intrathecal baclofen can cause ",
                            join(data["intrathecal_stop_signs"]), "."),
        meanwhile=Prose.of("Tell them that baclofen was stopped or ran out, and bring the pack or the pump card.")),
        Citation.of([data["section"]]))


def pump() -> Answer:
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), when=Prose.of("if there is a fever, a fit, confusion or much worse stiffness"),
        background=Prose.of("The leaflet warns that stopping intrathecal baclofen can cause ",
                            join(data["intrathecal_stop_signs"]), "."),
        meanwhile=Prose.of("For a pump alarm, or a pump that has stopped or run out, call the team that looks after "
                           "the pump straight away."),
        also=Prose.of("If you cannot reach them, call ", emergency_number(), ".")),
        Citation.of([data["section"]]))


def general() -> Answer:
    """When the kind of emergency is not known."""
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), why=Prose.of("This may be an emergency."),
        meanwhile=Prose.of("If someone took too much baclofen or a child swallowed tablets, call even if they seem "
                           "well, and keep the pack with you."),
        background=Prose.of("After an intrathecal pump stops or runs out, ", join(data["intrathecal_stop_signs"]),
                            " need urgent care."),
        also=Prose.of("You can also reach the pharmacist at ", hotline(), ".")),
        Citation.of([data["section"]]))


BY_KIND = {"poisoning": poisoning, "crisis": crisis, "acute": acute, "withdrawal": withdrawal, "pump": pump}


def for_kind(kind: str) -> Answer:
    """The answer for an urgency kind; the general emergency answer when the kind is not known."""
    return BY_KIND.get(kind, general)()
