"""Every concern of a long message answered: after the answer to what the message asks first, the other topics,
symptoms and medicines it raises, each with its own source, up to four concerns in all: each question it asks
first, in the order asked, then what it only tells. Plain Python.

A story of several worries ("she's been sleepy since the increase, can she still have her wine at Christmas, and
is it safe to drive her?") used to get one answer; the others were silently dropped. Short questions are left as
they are: one question, one answer.
"""
from __future__ import annotations

from typing import FrozenSet, List, Sequence

from baclofen import knowledge, vocabulary
from baclofen.answers import compose, doses, topics
from baclofen.answers.model import ASK_WEIGHT, CONVERSION, DOSE, DOSE_CHECK, DOSE_OVERVIEW, EMERGENCY, Answer
from baclofen.interactions import interactions_for
from baclofen.language.question import MAX_ASKED_PARTS, Question

# Four: a story that asks three things and tells a fourth worth a warning ("he drives on it", "she is pregnant")
# gets them all; the hotline says a long answer in parts.
MAX_CONCERNS = MAX_ASKED_PARTS
# Answers that stand alone: an emergency is said first and whole; a question back, a refusal or an error is not an
# answer to add to.
_ALONE = {"emergency", "clarify", "other_language", "message_too_long", "empty_message", "input_error",
          "service_unavailable", "cannot_continue_safely", "too_many_waiting", "ask_again", "help"}
_SIDE_EFFECT_KINDS = {compose.LISTED, compose.NOT_LISTED, compose.AREA, "side_effects"}
_MEDICINE_KINDS = {"interaction", "interaction_overview", "unknown_medicine"}


# After an emergency answer, what the message also asked ("is it normal to mix it with alcohol?", "can I restart at
# my old dose?") follows in a line or two. Never after a crisis (how alcohol adds to baclofen is not what to tell
# then), never a dose (a figure after "someone may have taken too much" reads as an all-clear), never a side effect
# (a danger sign that is "a listed side effect" reads as nothing to worry about).
MAX_AFTER_EMERGENCY = 2
_NOT_AFTER_EMERGENCY = {"crisis", None}


def after_emergency(question: Question, first: Answer) -> List[Answer]:
    if first.kind != EMERGENCY or question.urgency in _NOT_AFTER_EMERGENCY:
        return []
    out: List[Answer] = []
    # only what a sentence that asks names, or a condition of the person's that bears on the danger ("I'm
    # breastfeeding" when the baby cannot be woken): a topic or a medicine only told ("on it since his fall", "his
    # heart is racing") is no question to answer after the number, nor a dosing matter (older people start lower)
    for topic_id in dict.fromkeys(t for t in (question.topic, *question.other_topics, *question.concerns) if t):
        asked = topic_id in question.asked_topics
        if topics.is_about_side_effects(topic_id) or not (asked or _a_condition_of_theirs(topic_id, question)):
            continue
        answer = topics.answer(topic_id, first.language)
        if answer.dose is None and answer.kind != "topic_not_covered" and (asked or not _only_dosing(answer)):
            out.append(answer)
    out += [compose.interaction(interactions_for(name), first.language) for name in question.asked_drugs[:1]]
    return _distinct(out, first)[:MAX_AFTER_EMERGENCY]


def _a_condition_of_theirs(topic_id: str, question: Question) -> bool:
    return knowledge.topic(topic_id).get("precaution") in question.conditions


def _only_dosing(answer: Answer) -> bool:
    return answer.citation is not None and answer.citation.sections == (str(knowledge.monograph()["dosing"]["section"]),)


def _distinct(answers: List[Answer], first: Answer) -> List[Answer]:
    """`answers` without those said already: in `first` (whole, or all its lines when `first` joins several) or
    earlier in the list."""
    unique: List[Answer] = []
    for answer in answers:
        if not _said_in(answer, first) and all(answer.lines != seen.lines for seen in unique):
            unique.append(answer)
    return unique


def further(question: Question, first: Answer, leave_out: FrozenSet[str] = frozenset()) -> List[Answer]:
    """The answers to the message's other concerns, after `first` (the answer to what it asks first); `leave_out`:
    topics `first` already answers."""
    if first.kind == EMERGENCY:
        return after_emergency(question, first)
    if first.kind in _ALONE:
        return []
    if not question.several_concerns:  # one question, one answer; a sedating effect at the wheel is never left unsaid
        return _distinct(_driving_when_sedated(question, first), first)
    asked = _each_part_asked(question, first, leave_out) + _driving_when_sedated(question, first)
    plans: List[Answer] = []  # a risky plan only told ("I'll split my bottle with her") is warned of before the rest
    covered: List[Answer] = _dose_asked_too(question, first)
    not_covered: List[Answer] = []  # said last: what the leaflet says comes before what it does not
    # the message's own topic too: the first answer may have been to something else it said (a dose it takes)
    for topic_id in dict.fromkeys(t for t in (question.topic, *question.other_topics, *question.concerns) if t):
        if topic_id in leave_out or question.symptoms and topics.is_about_side_effects(topic_id):
            continue  # the symptoms named are answered one by one below
        if _medicine_named(topic_id, question.drugs):
            continue  # "Lyrica" read as the gabapentinoids too: the medicine named is answered by its name
        answer = topics.answer(topic_id, first.language)
        if _said_in(answer, first):
            continue
        if knowledge.topic(topic_id).get("warns_of_a_plan"):
            plans.append(answer)
        else:
            (not_covered if answer.kind == "topic_not_covered" else covered).append(answer)
    if question.symptoms and first.kind not in _SIDE_EFFECT_KINDS and not _about_side_effects(question):
        covered += [compose.is_side_effect(symptom, first.language) for symptom in question.symptoms[:2]]
    if question.drugs and first.kind not in _MEDICINE_KINDS:
        covered += [compose.interaction(interactions_for(name), first.language) for name in question.drugs[:2]]
    not_covered += [compose.question_not_covered(quoted, first.language) for quoted in question.unmatched]
    if question.heard_by_net:  # after the emergency number, a symptom told may be a danger sign: never "expected"
        asked = [answer for answer in asked if answer.kind not in _SIDE_EFFECT_KINDS]
        covered = [answer for answer in covered if answer.kind not in _SIDE_EFFECT_KINDS]
    # every question asked gets its answer, up to MAX_ASKED_PARTS in all; what is only told fills up to MAX_CONCERNS
    asked = _distinct(asked, first)[: MAX_ASKED_PARTS - 1]
    rest = [answer for answer in _distinct(plans + covered + not_covered, first)
            if all(answer.lines != seen.lines for seen in asked)]
    return asked + rest[: max(0, MAX_CONCERNS - 1 - len(asked))]


def _side_effect_topic(question: Question, first: Answer) -> bool:
    """The first answer is a topic of listed side effects, about something told ("his eyes flick from side to side":
    eyesight and hearing); a topic of a symptom the leaflet does not list already says whom to ask."""
    return (first.kind in _TOPIC_KINDS and question.topic is not None
            and bool(knowledge.topic(question.topic).get("side_effects"))
            and bool(question.symptoms or question.body_areas))


_TOPIC_KINDS = frozenset({"topic_covered", "topic_partly"})


# Parts of the body told of in other words, answered beside the side effects named: at most this many.
MAX_AREAS = 2


def side_effects_of_areas(question: Question, areas: Sequence[str], language: str) -> List[Answer]:
    """What the leaflet lists for each part of the body, but the side effects the message names."""
    found = (compose.side_effects_of_area(area, language, leave_out=question.symptoms) for area in areas)
    return [answer for answer in found if answer is not None][:MAX_AREAS]


def _areas_beside(question: Question, answers: Sequence[Answer]) -> List[Answer]:
    """Beside an answer about a symptom, every part of the body the message tells of in other words ("I pee all the
    time and I'm constipated too. Both from the pill?"); in a story about something else, those told in a sentence
    that asks. Never after the emergency number (question.heard_by_net: a danger sign is no side effect to list)."""
    if question.heard_by_net or any(answer.kind in _ALONE or answer.kind == EMERGENCY for answer in answers):
        return []
    if any(answer.kind == "side_effects" for answer in answers):  # the whole list says them all
        return []
    about_symptoms = any(answer.kind in (compose.LISTED, compose.NOT_LISTED, compose.AREA) for answer in answers)
    areas = question.body_areas if about_symptoms else question.body_areas_asked
    return side_effects_of_areas(question, areas, answers[0].language) if areas else []


def _each_part_asked(question: Question, first: Answer, leave_out: FrozenSet[str]) -> List[Answer]:
    """An answer to each question of the message (question.asked_parts), in the order asked: by what it names first
    (what a question pointing back is about, then a topic of its own clause, a medicine, a symptom, a dose)."""
    out: List[Answer] = []
    for part in question.asked_parts:
        named = [t for t in part.topics if t not in leave_out
                 and not (part.symptoms and topics.is_about_side_effects(t))
                 and not _medicine_named(t, part.drugs)]
        answers = {
            # a symptom is not answered again after the whole list of side effects
            "symptom": lambda: ([compose.is_side_effect(part.symptoms[0], first.language)]
                                if part.symptoms and first.kind != "side_effects" else []),
            # a part of the body told of in other words: what the leaflet lists for it
            "area": lambda: (side_effects_of_areas(question, part.areas[:1], first.language)
                             if part.areas and first.kind != "side_effects" else []),
            "drug": lambda: ([compose.interaction(interactions_for(part.drugs[0]), first.language)]
                             if part.drugs else []),
            "use": lambda: [compose.uses(first.language)] if part.use and not named else [],
            "topic": lambda: [topics.answer(named[0], first.language)] if named else [],
            "dose": lambda: (_dose_asked_too(question, first)
                             if part.dose and first.dose is None and first.kind not in _DOSE_KINDS else []),
            "not_understood": lambda: ([compose.question_not_covered(part.not_understood, first.language)]
                                       if part.not_understood is not None else []),
        }
        # "...tastes of metal. Is it this?": the thing named last before a question that points back comes first
        order = ([part.lead] if part.lead in ("symptom", "drug", "area") else []) + _PART_ORDER
        kind, found = next(((kind, found) for kind, found in ((k, answers[k]()) for k in order) if found), ("", []))
        if kind == "topic" and part.lead is None:  # "... the kidneys, the amitriptyline and the ulcer?": the medicine too
            found += answers["drug"]()
        out += found
    return out


_PART_ORDER = ["use", "topic", "drug", "symptom", "area", "dose", "not_understood"]


_SEDATING = frozenset(vocabulary.load()["sedating_side_effects"])
_DRIVING = "driving"


def _driving_when_sedated(question: Question, first: Answer) -> List[Answer]:
    """A side effect that makes driving unsafe told beside being at the wheel or a machine: the driving precaution,
    though the message does not ask it ("nodding off by lunch ... I still run the tractor every afternoon")."""
    if not (question.at_the_wheel and _SEDATING & set(question.symptoms)):
        return []
    return [topics.answer(_DRIVING, first.language)]


def _medicine_named(topic_id: str, drugs: Sequence[str]) -> bool:
    """Whether a topic that is a group of medicines ("painkillers", "gabapentinoids") only repeats a medicine the
    message names, which its own answer covers (every group of the topic's is one of the named medicines')."""
    group = knowledge.topic(topic_id).get("interaction")
    if not group or not drugs:
        return False
    named = {found.label for drug in drugs for found in interactions_for(drug).classes}
    return bool(named) and {found.label for found in interactions_for(group).classes} <= named


def _dose_asked_too(question: Question, first: Answer) -> List[Answer]:
    """A sentence of the story asks a dose ("how much does a 7 year old get a day, and can he have it with his
    calpol?") and the first answer is about something else: the dose is answered too, first among the rest."""
    if not question.dose_asked or first.dose is not None or first.kind in _DOSE_KINDS:
        return []
    try:
        return [doses.asked_in_passing(question.age_years, question.population, question.weight_kg, question.route,
                                       "kidneys" in question.conditions, first.language)]
    except ValueError:  # an age or weight the lookup refuses: the dose form asks for it when the dose is asked alone
        return []


def _said_in(answer: Answer, first: Answer) -> bool:
    """Whether every line of `answer` is already in `first` (a topic the first answer gave whole)."""
    return all(line in first.lines for line in answer.lines)


def _about_side_effects(question: Question) -> bool:
    return any(topics.is_about_side_effects(t) for t in (question.topic, *question.other_topics) if t)


# Answers that already place or give a dose: a proposed amount is not checked again after them.
_DOSE_KINDS = {DOSE_CHECK, DOSE, DOSE_OVERVIEW, ASK_WEIGHT, CONVERSION}


def wants_proposal_checked(question: Question, first: Answer) -> bool:
    """Whether a story's proposed amount is checked after `first`: a dose put up among other concerns is never left
    unchecked, unless the first answer is already about a dose or stands alone."""
    return (question.several_concerns and question.proposes_change and first.dose is None
            and first.kind not in _DOSE_KINDS
            and first.kind not in _ALONE and first.kind != EMERGENCY
            # the dose someone is on, told beside the questions ("she's on oral baclofen 20 mg three times daily"),
            # is not put up for checking (language/intents.py reads it so for the first answer too)
            and not (question.on_a_dose and not question.proposal_words))


def after_dose(question: Question, first: Answer) -> Answer:
    """A dose answer (or the weight asked for it) to a story that asks more ("what is his dose? and can his mum
    breastfeed on it?"): the other concerns follow, never another dosing paragraph."""
    if not question.several_concerns:
        return first
    route = first.dose.route if first.dose is not None else None
    same_figures = frozenset(topic_id for topic_id in (question.topic, *question.other_topics, *question.concerns)
                             if topic_id and _gives_figures_of(topic_id, route, every=first.kind == DOSE_OVERVIEW))
    rest = further(question, first, leave_out=same_figures)
    return compose.combine([first] + rest) if rest else first


# Topics answered with a route's dose figures (knowledge/topics.yml `compose`): after a dose answer for the same
# route they would say its figures again; the pump's test dose after the tablets' figures is another concern.
_DOSE_FIGURES_BY_ROUTE = {"dose_overview": None, "intrathecal_adult": "intrathecal"}


def _gives_figures_of(topic_id: str, route: object, every: bool = False) -> bool:
    """`every`: the first answer gave every group's figures (the overview), of every route."""
    composed = knowledge.topic(topic_id).get("compose")
    return composed in _DOSE_FIGURES_BY_ROUTE and (every or _DOSE_FIGURES_BY_ROUTE[composed] in (None, route))


def answer_every_concern(question: Question, first: Answer, checked: Sequence[Answer] = ()) -> Answer:
    """`checked`: the check of an amount the message proposes, said right after the first answer."""
    rest = list(checked) + further(question, first)
    answers = [first] + _distinct(rest, first)[: MAX_ASKED_PARTS - 1]
    answers += _distinct(_areas_beside(question, answers), compose.combine(answers))
    if question.heard_by_net:  # after the emergency number and the signs, "if it worries you" undercuts them
        return compose.combine(answers)
    if (any(answer.kind in (compose.LISTED, compose.AREA) for answer in answers) or _side_effect_topic(question, first)
            or (question.asks_care and any(answer.kind == "side_effects" for answer in answers))):
        # a symptom told is a listed side effect: that is no answer to "should I get it looked at?", asked or not
        # (the list of every side effect says whom to tell; a symptom not listed says whom to ask)
        answers.append(Answer.of("refer", compose.get_it_checked(first.language), language=first.language))
    return compose.combine(answers)
