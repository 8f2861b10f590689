"""The emergency answers, one per kind of emergency (baclofen.language.urgency): the emergency number always first.

Plain Python, no Rasa import. Where the leaflet is silent (what to do in an emergency), these are the project's
own safety sentences: call now, stay with the person, bring the pack; they add no medical fact. The leaflet's own
facts (what stopping intrathecal baclofen can cause) are cited.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from baclofen import knowledge, settings
from baclofen.answers.compose import (AREA, LISTED, NOT_LISTED, emergency_number, hotline, possible_emergency_line,
                                      stop_signs)
from baclofen.answers.model import (EMERGENCY, HOTLINE_LINE, WRITTEN_ONLY, Answer, Button, Citation, Line, Urgent,
                                    blank)
from baclofen.language.urgency import POSSIBLE_CRISIS, STOPPED  # what the net alone leans to (re-exported)
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


def acute(language: str = ENGLISH, cause: Optional[str] = None, fit: bool = False) -> Answer:
    """`cause`: what the message says brought it on (urgency.cause), said after why it is urgent: what stopping
    baclofen can cause, or that tablets may have been swallowed. `fit`: a fit is told (urgency.fit_told): how to keep
    them safe through it. The fit and CPR lines are written, not spoken: the hotline's emergency turn is the call, why
    and what to do meanwhile, short enough to be heard whole, and the 115 operator guides a caller through CPR."""
    why, meanwhile = say("emergencies.acute.why", language), say("emergencies.acute.meanwhile", language)
    also = Prose.of(*((say("emergencies.acute.fit", language), " ") if fit else ()),
                    say("emergencies.acute.cpr", language, number=emergency_number()))
    if cause == "poisoning":  # someone failing now: the acute answer's meanwhile, not "call even if they seem well"
        return _answer(Urgent(emergency_number(), why=Prose.of(why, " ", say("emergencies.poisoning.why", language)),
                              meanwhile=meanwhile, also=also), language=language)
    if cause in ("withdrawal", "pump"):
        data = _withdrawal()
        then = "emergencies.withdrawal" if cause == "withdrawal" else "emergencies.pump"
        return _answer(Urgent(
            emergency_number(), why=Prose.of(why, " ", say("emergencies.withdrawal.why", language)),
            background=_leaflet_warns(language), meanwhile=Prose.of(meanwhile, " ", say(f"{then}.meanwhile", language)),
            also=also), Citation.of([data["section"]]), language)
    return _answer(Urgent(emergency_number(), why=why, meanwhile=meanwhile, also=also), language=language)


def _after_a_stop(language: str) -> Prose:
    """What to do meanwhile after a stop: stay, do not drive (hallucinations, a fit may come), tell the crew."""
    return Prose.of(say("emergencies.withdrawal.stay", language), " ", say("emergencies.withdrawal.meanwhile", language))


def _leaflet_warns(language: str) -> Prose:
    return say("emergencies.leaflet_warns", language, signs=stop_signs(language))


def withdrawal(language: str = ENGLISH) -> Answer:
    data = _withdrawal()
    return _answer(Urgent(
        emergency_number(), why=say("emergencies.withdrawal.why", language), background=_leaflet_warns(language),
        meanwhile=_after_a_stop(language)), Citation.of([data["section"]]), language)


def pump(language: str = ENGLISH, signs_told: bool = False) -> Answer:
    """`signs_told`: the message tells a sign the leaflet warns of (a fever, confusion, stiffness): the call is no
    longer on a condition (urgency.pump_signs_told)."""
    data = _withdrawal()
    if signs_told:  # the ambulance first, told of the pump, not the pump team
        return _answer(Urgent(
            emergency_number(), why=say("emergencies.pump.signs_now", language), background=_leaflet_warns(language),
            meanwhile=_after_a_stop(language)), Citation.of([data["section"]]), language)
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


def for_kind(kind: str, language: str = ENGLISH, cause: Optional[str] = None, signs_told: bool = False,
             fit: bool = False) -> Answer:
    """The answer for an urgency kind; the general emergency answer when the kind is not known. `cause`: of an acute
    emergency, what brought it on (urgency.cause); `signs_told`: of a pump's, that its warning signs are told; `fit`:
    of an acute one, that a fit is told."""
    if kind == "acute":
        return acute(language, cause, fit)
    if kind == "pump":
        return pump(language, signs_told)
    return BY_KIND.get(kind, general)(language)


# Answers that tell someone who may be describing an emergency nothing: a question back ("I'm not sure what you are
# asking"), the help text. After the emergency number they would bury what to do meanwhile.
SAYS_NOTHING_OF_IT = frozenset({"clarify", "ask_again", "help"})
# Answers that a symptom is a known side effect, or the list of them: to someone describing it as happening now, the
# signs that need help at once come before it.
SAYS_IT_IS_EXPECTED = frozenset({LISTED, NOT_LISTED, AREA, "side_effects"})
POSSIBLE_EMERGENCY = "possible_emergency"


def heard_by_net_alone(answer: Answer, leaning: Optional[str], guessed: bool = False, sure: bool = False) -> Answer:
    """The answer to a message only the learned safety net hears as an emergency: opening with the emergency number;
    when the message leans to a crisis (urgency.leaning), the crisis answer alone, never an answer about the
    medicines it names (how two sleeping medicines add up is no answer to someone with them lined up); leaning to one
    heard faintly (safety_net.POSSIBLE_CRISIS), the crisis line as a condition, then the answer. When the
    answer would say nothing of what the message describes (a question back), the signs that need help now and what
    to do meanwhile, then what to tell if nothing of that is happening; before an answer that the symptom is a side
    effect, the same signs. `guessed`: the message names nothing the reader knows (no topic, medicine or symptom), so
    the answer is the classifier's guess: the signs, as for a question back. `sure`: the net is sure
    (safety_net.sure_of_emergency): the signs and what to do meanwhile come before any answer."""
    if leaning == "crisis" and answer.kind != EMERGENCY:
        # heard by the net alone: whoever was misread can still ask what they came to ask
        whole = crisis(answer.language)
        return replace(whole, lines=whole.lines + (Line(say("emergencies.crisis.if_misread", answer.language)),))
    if leaning == POSSIBLE_CRISIS and answer.kind != EMERGENCY:
        # heard faintly: the crisis line first, then what was asked (a figure of speech is answered too)
        return replace(answer, lines=(Line(say("emergencies.crisis.possible", answer.language,
                                               number=emergency_number())),) + answer.lines)
    stopped = leaning == STOPPED
    if answer.kind in SAYS_NOTHING_OF_IT:
        # still a question back to the channels (the hotline counts it as a turn not understood)
        return replace(possibly_urgent(answer.language, stopped), kind=answer.kind)
    if guessed and answer.kind not in SAYS_IT_IS_EXPECTED | {EMERGENCY}:
        return possibly_urgent(answer.language, stopped)
    if answer.kind == EMERGENCY:
        return answer
    opening = _stop_line(answer.language) if stopped else possible_emergency_line(answer.language)
    rest = answer.lines[1:] if answer.lines and answer.lines[0] == opening else answer.lines
    signs = ((_signs_and_meanwhile(answer.language, stopped),)
             if answer.kind in SAYS_IT_IS_EXPECTED or stopped or sure else ())
    # "sweating is listed as a side effect" after the signs reads as "nothing to worry about": said on a condition
    bridge = ((Line(say("emergencies.possibly_urgent.if_not_now", answer.language)),)
              if answer.kind in SAYS_IT_IS_EXPECTED else ())
    return replace(answer, lines=(opening,) + signs + bridge + rest)


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


def possibly_urgent(language: str = ENGLISH, stopped: bool = False) -> Answer:
    """The number first, as a condition (the rules did not hear an emergency); the signs; what to do meanwhile.
    `stopped`: the message tells baclofen stopped or a pump (urgency.leans_to_stopping), so the condition and the
    signs are those of a stop."""
    return Answer.of(POSSIBLE_EMERGENCY, _stop_line(language) if stopped else possible_emergency_line(language),
                     replace(_signs_and_meanwhile(language, stopped), label=WRITTEN_ONLY),  # a caller gets one short turn
                     say("emergencies.possibly_urgent.otherwise", language),
                     Line(say("compose.clarify.pharmacist", language, hotline=hotline()), label=HOTLINE_LINE),
                     buttons=[Button(words("buttons.pharmacist", language), "/ask_human")], language=language)


def _signs_and_meanwhile(language: str, stopped: bool = False) -> Line:
    if stopped:
        return Line(Prose.of(_leaflet_warns(language), " ", _after_a_stop(language)))
    return Line(Prose.of(say("emergencies.acute.why", language), " ", say("emergencies.acute.meanwhile", language), " ",
                         say("emergencies.acute.cpr", language, number=emergency_number())))


def _stop_line(language: str) -> Line:
    """The number first, on the condition of the signs a stop can bring."""
    return Line(say("emergencies.possibly_urgent.stopped", language, number=emergency_number()))
