"""The emergency answers, one per kind of emergency (baclofen.language.urgency): the emergency number always first.

Plain Python, no Rasa import. Where the leaflet is silent (what to do in an emergency), these are the project's
own safety sentences: call now, stay with the person, bring the pack; they add no medical fact. The leaflet's own
facts (what stopping intrathecal baclofen can cause) are cited.
"""
from __future__ import annotations

from baclofen import knowledge, settings
from baclofen.answers.compose import emergency_number, hotline
from baclofen.answers.model import EMERGENCY, Answer, Citation
from baclofen.prose import Phone, Prose, join

def _withdrawal():
    return knowledge.monograph()["withdrawal"]


def poisoning() -> Answer:
    return Answer.of(EMERGENCY, Prose.of(
        "Call ", emergency_number(), " now: someone may have taken too much baclofen, or a child may have swallowed "
        "it. Call even if they seem well, stay with them, and keep the pack with you to show what was taken. "
        "You can also reach the pharmacist at ", hotline(), "."))


def crisis() -> Answer:
    line = settings.current().crisis_line
    extra = Prose.of(" You can also call ", Phone(line), ", a crisis line, at any time.") if line else None
    return Answer.of(EMERGENCY, Prose.of(
        "Please call ", emergency_number(), " now, or go to the nearest emergency department. You don't have to "
        "face this alone: stay with someone you trust, or ask someone to come and stay with you, and put the tablets "
        "out of reach.", extra, " The hospital's pharmacists are also at ", hotline(), "."))


def acute() -> Answer:
    return Answer.of(EMERGENCY, Prose.of(
        "Call ", emergency_number(), " now: someone who is hard to wake, breathing slowly or with difficulty, having "
        "a fit, or whose face, lips or throat are swelling needs urgent care. Stay with them and keep the baclofen "
        "pack with you for the ambulance."))


def withdrawal() -> Answer:
    data = _withdrawal()
    return Answer.of(EMERGENCY, Prose.of(
        "Call ", emergency_number(), " now. The leaflet warns that stopping baclofen suddenly can cause a withdrawal "
        "reaction, and that stopping intrathecal baclofen can cause ", join(data["intrathecal_stop_signs"]),
        ". Tell them that baclofen was stopped or ran out, and bring the pack or the pump card."),
        citation=Citation.of([data["section"]]))


def pump() -> Answer:
    data = _withdrawal()
    return Answer.of(EMERGENCY, Prose.of(
        "Call ", emergency_number(), " now if there is a fever, a fit, confusion or much worse stiffness; for a pump "
        "alarm, or a pump that has stopped or run out, call the team that looks after the pump straight away, and "
        "call ", emergency_number(), " if you cannot reach them. The leaflet warns that stopping intrathecal "
        "baclofen can cause ", join(data["intrathecal_stop_signs"]), "."),
        citation=Citation.of([data["section"]]))


BY_KIND = {"poisoning": poisoning, "crisis": crisis, "acute": acute, "withdrawal": withdrawal, "pump": pump}


def for_kind(kind: str) -> Answer:
    """The answer for an urgency kind; the general emergency answer when the kind is not known."""
    from baclofen.answers import compose

    return BY_KIND.get(kind, compose.emergency)()
