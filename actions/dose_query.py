"""The dose question as the conversation holds it: one function builds it from the typed slots, for the dose
form (what to ask next), the dose answer and the dose check alike. No parsing here: the slots hold numbers."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.language import language_of
from baclofen.answers import compose, doses
from baclofen.answers.model import Answer
from baclofen.dosing import check
from baclofen.dosing.lookup import DoseQuery, needs_weight
from baclofen.dosing.person import DoseInputError
from baclofen.language.question import Question

AGE, POPULATION, ROUTE, WEIGHT = "age_years", "population", "route", "weight_kg"
CONDITIONS, AGE_APPROXIMATE, ORIGIN = "conditions", "age_approximate", "origin"
# What the conversation holds about the one person a dose is for: a new person starts without any of it.
PERSON_FACTS = (AGE, POPULATION, WEIGHT, ROUTE, AGE_APPROXIMATE, ORIGIN)


def dose_query(tracker: Tracker, question: Optional[Question] = None) -> DoseQuery:
    """From the slots; what `question` (the latest message) says of the person and route comes first, for answers
    given outside the dose form (a proposed dose to check), where that message filled no slot."""
    age, population, route, weight = (tracker.get_slot(AGE), tracker.get_slot(POPULATION), tracker.get_slot(ROUTE),
                                      tracker.get_slot(WEIGHT))
    if question is not None and (question.age_years is not None or question.population is not None):
        age, population = question.age_years, question.population
        weight = question.weight_kg
    elif question is not None and question.weight_kg is not None:
        weight = question.weight_kg
    if question is not None and question.route:
        route = question.route
    renal = bool(tracker.get_slot("renal_impairment")) or (question is not None and "kidneys" in question.conditions)
    return DoseQuery.of_person(route, age, population, weight, renal, tracker.get_slot("origin"))


def route_assumed(tracker: Tracker) -> bool:
    return tracker.get_slot(ROUTE) is None


def slots_still_needed(query: DoseQuery, about_nobody: bool = False, route_unclear: bool = False) -> List[Text]:
    """What the dose form asks for: the age (or "adult") when the answer depends on the person, then the route when
    the message named both and asked of neither (`route_unclear`: "the tablets make him sleepy ... a pump: what dose
    do they start with?" is not answered with the tablets' figures), then a child's weight for doses by mouth. A
    question about nobody in particular ("what is the maximum dose?") needs nothing: it is answered for every group
    at once."""
    if query.age_years is None and query.age_group is None:
        return [] if about_nobody else [AGE]
    if route_unclear:
        return [ROUTE]
    return [WEIGHT] if needs_weight(query.age_years, query.age_group, query.route) else []



def person_slots(question: Question) -> List[Dict[Text, Any]]:
    """The person and route a message named, as slot events (only what it said)."""
    events = []
    if question.age_years is not None:
        events += [SlotSet(AGE, question.age_years), SlotSet(POPULATION, None)]
    elif question.population is not None:
        events += [SlotSet(POPULATION, question.population), SlotSet(AGE, None)]
    if question.weight_kg is not None:
        events.append(SlotSet(WEIGHT, question.weight_kg))
    if question.route:
        events.append(SlotSet(ROUTE, question.route))
    return events


def proposal_checked(tracker: Tracker, question: Question) -> Answer:
    """The message's proposed amount placed against the leaflet (`question.proposed` must be set)."""
    language = language_of(tracker)
    proposed = question.proposed
    try:
        amount = check.ProposedDose(proposed.value, proposed.unit, proposed.per, proposed.per_kg,
                                    proposed.times_a_day)
        result = check.check(dose_query(tracker, question), amount,
                             child_age_unknown=question.child_named and question.age_years is None,
                             language=language)
        return doses.check(result, assumed_adult=question.self_assumed, own_change=question.changes_own_dose)
    except DoseInputError as error:
        return compose.input_error(error, language)


