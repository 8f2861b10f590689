"""The emergency answers, one per kind of emergency (baclofen.language.urgency): the emergency number always first.

Plain Python, no Rasa import. Where the leaflet is silent (what to do in an emergency), these are the project's
own safety sentences: call now, stay with the person, bring the pack; they add no medical fact. The leaflet's own
facts (what stopping intrathecal baclofen can cause) are cited.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from baclofen import knowledge, settings
from baclofen.answers.compose import emergency_first, emergency_number, hotline, possible_emergency_line, stop_signs
from baclofen.answers.model import (EMERGENCY, HOTLINE_LINE, WRITTEN_ONLY, Answer, Button, Citation, Line, Urgent,
                                    blank)
from baclofen.prose import Phone, Prose
from baclofen.wording import ENGLISH, say, words

def _withdrawal():
    return knowledge.monograph()["withdrawal"]


def _answer(urgent: Urgent, citation: Optional[Citation] = None, language: str = ENGLISH) -> Answer:
    """Written out in one paragraph: the instruction, why, what the leaflet says, what to do meanwhile, and the
    other ways to get help."""
    call = say("emergencies.call", language, number=urgent.number, when=urgent.when and Prose.of(" ", urgent.when),
               or_else=urgent.or_else and Prose.of(", ", urgent.or_else))
    return Answer.of(EMERGENCY, Prose.of(call, *(Prose.of(" ", part) for part in (
        urgent.why, urgent.background, urgent.meanwhile, urgent.also) if part)), citation=citation, urgent=urgent,
        language=language)


def poisoning(language: str = ENGLISH) -> Answer:
    return _answer(Urgent(
        emergency_number(), why=say("emergencies.poisoning.why", language),
        meanwhile=say("emergencies.poisoning.meanwhile", language),
        also=say("emergencies.pharmacist_also", language, hotline=hotline())), language=language)


def crisis(language: str = ENGLISH) -> Answer:
    line = settings.current().crisis_line
    extra = say("emergencies.crisis.line", language, line=Phone(line)) if line else None
    return _answer(Urgent(
        emergency_number(), or_else=say("emergencies.crisis.or_else", language),
        meanwhile=say("emergencies.crisis.meanwhile", language),
        also=say("emergencies.crisis.also", language, line=extra and Prose.of(extra, " "), hotline=hotline())),
        language=language)


def acute(language: str = ENGLISH, cause: Optional[str] = None) -> Answer:
    """`cause`: what the message says brought it on (urgency.cause), said after why it is urgent: what stopping
    baclofen can cause, or that tablets may have been swallowed."""
    why, meanwhile = say("emergencies.acute.why", language), say("emergencies.acute.meanwhile", language)
    if cause == "poisoning":
        return _answer(Urgent(emergency_number(), why=Prose.of(why, " ", say("emergencies.poisoning.why", language)),
                              meanwhile=say("emergencies.poisoning.meanwhile", language)), language=language)
    if cause in ("withdrawal", "pump"):
        data = _withdrawal()
        then = "emergencies.withdrawal" if cause == "withdrawal" else "emergencies.pump"
        return _answer(Urgent(
            emergency_number(), why=Prose.of(why, " ", say("emergencies.withdrawal.why", language)),
            background=_leaflet_warns(language), meanwhile=Prose.of(meanwhile, " ", say(f"{then}.meanwhile", language))),
            Citation.of([data["section"]]), language)
    return _answer(Urgent(emergency_number(), why=why, meanwhile=meanwhile), language=language)


def _leaflet_warns(language: str) -> Prose:
    return say("emergencies.leaflet_warns", language, signs=stop_signs(language))


def withdrawal(language: str = ENGLISH) -> Answer:
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), why=say("emergencies.withdrawal.why", language), background=_leaflet_warns(language),
        meanwhile=say("emergencies.withdrawal.meanwhile", language)), Citation.of([data["section"]]), language)


def pump(language: str = ENGLISH) -> Answer:
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), when=say("emergencies.pump.when", language), background=_leaflet_warns(language),
        meanwhile=say("emergencies.pump.meanwhile", language),
        also=say("emergencies.pump.also", language, number=emergency_number())),
        Citation.of([data["section"]]), language)


def general(language: str = ENGLISH) -> Answer:
    """When the kind of emergency is not known."""
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), why=say("emergencies.general.why", language),
        meanwhile=say("emergencies.general.meanwhile", language),
        background=say("emergencies.general.background", language, signs=stop_signs(language)),
        also=say("emergencies.pharmacist_also", language, hotline=hotline())),
        Citation.of([data["section"]]), language)


BY_KIND = {"poisoning": poisoning, "crisis": crisis, "acute": acute, "withdrawal": withdrawal, "pump": pump}


def for_kind(kind: str, language: str = ENGLISH, cause: Optional[str] = None) -> Answer:
    """The answer for an urgency kind; the general emergency answer when the kind is not known. `cause`: of an acute
    emergency, what brought it on (urgency.cause)."""
    if kind == "acute" and cause:
        return acute(language, cause)
    return BY_KIND.get(kind, general)(language)


# Answers that tell someone who may be describing an emergency nothing: a question back ("I'm not sure what you are
# asking"), the help text. After the emergency number they would bury what to do meanwhile.
SAYS_NOTHING_OF_IT = frozenset({"clarify", "ask_again", "help"})
# Answers that a symptom is a known side effect, or the list of them: to someone describing it as happening now, the
# signs that need help at once come before it.
SAYS_IT_IS_EXPECTED = frozenset({"is_side_effect", "side_effects"})
POSSIBLE_EMERGENCY = "possible_emergency"


def heard_by_net_alone(answer: Answer, leaning: Optional[str], guessed: bool = False) -> Answer:
    """The answer to a message only the learned safety net hears as an emergency: opening with the emergency number;
    when the message leans to a crisis (urgency.leaning), the crisis answer alone, never an answer about the
    medicines it names (how two sleeping medicines add up is no answer to someone with them lined up). When the
    answer would say nothing of what the message describes (a question back), the signs that need help now and what
    to do meanwhile, then what to tell if nothing of that is happening; before an answer that the symptom is a side
    effect, the same signs. `guessed`: the message names nothing the reader knows (no topic, medicine or symptom), so
    the answer is the classifier's guess: the signs, as for a question back."""
    if leaning == "crisis" and answer.kind != EMERGENCY:
        # heard by the net alone: whoever was misread can still ask what they came to ask
        whole = crisis(answer.language)
        return replace(whole, lines=whole.lines + (Line(say("emergencies.crisis.if_misread", answer.language)),))
    if answer.kind in SAYS_NOTHING_OF_IT:
        # still a question back to the channels (the hotline counts it as a turn not understood)
        return replace(possibly_urgent(answer.language), kind=answer.kind)
    if guessed and answer.kind not in SAYS_IT_IS_EXPECTED | {EMERGENCY}:
        return possibly_urgent(answer.language)
    if answer.kind in SAYS_IT_IS_EXPECTED:
        first = emergency_first(answer)
        return replace(first, lines=first.lines[:1] + (_signs_and_meanwhile(answer.language),) + first.lines[1:])
    return emergency_first(answer)


def doubted(answer: Answer) -> Answer:
    """The answer to a message the rules heard as an emergency and the learned net all but ruled out: what was asked,
    then the emergency number as a condition, last (never dropped)."""
    if answer.kind == EMERGENCY:
        return answer
    line = possible_emergency_line(answer.language)
    if line in answer.lines:
        return answer
    apart = () if answer.lines and answer.lines[-1] == blank() else (blank(),)
    return replace(answer, lines=answer.lines + apart + (line,))


def possibly_urgent(language: str = ENGLISH) -> Answer:
    """The number first, as a condition (the rules did not hear an emergency); the signs; what to do meanwhile."""
    return Answer.of(POSSIBLE_EMERGENCY, possible_emergency_line(language),
                     replace(_signs_and_meanwhile(language), label=WRITTEN_ONLY),  # a caller gets one short turn
                     say("emergencies.possibly_urgent.otherwise", language),
                     Line(say("compose.clarify.pharmacist", language, hotline=hotline()), label=HOTLINE_LINE),
                     buttons=[Button(words("buttons.pharmacist", language), "/ask_human")], language=language)


def _signs_and_meanwhile(language: str) -> Line:
    return Line(Prose.of(say("emergencies.acute.why", language), " ", say("emergencies.acute.meanwhile", language)))
