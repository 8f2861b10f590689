"""The dose question as the conversation holds it: one function builds it from the typed slots, for the dose
form (what to ask next) and the dose answer alike. No parsing here: the slots hold numbers."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Tracker

from baclofen.dosing.lookup import DoseQuery, needs_route, needs_weight

AGE, POPULATION, ROUTE, WEIGHT = "age_years", "population", "route", "weight_kg"


def dose_query(tracker: Tracker) -> DoseQuery:
    age = tracker.get_slot(AGE)
    return DoseQuery(route=tracker.get_slot(ROUTE), age_years=age,
                     age_group=None if age is not None else tracker.get_slot(POPULATION),  # an exact age wins
                     weight_kg=tracker.get_slot(WEIGHT),
                     renal_impairment=bool(tracker.get_slot("renal_impairment")), origin=tracker.get_slot("origin"))


def slots_still_needed(query: DoseQuery) -> List[Text]:
    """What the dose form asks for, in order: the age (or "adult"), then the route and a child's weight when the
    answer depends on them."""
    if query.age_years is None and query.age_group is None:
        return [AGE]
    needed = []
    if needs_route(query.age_years, query.age_group):
        needed.append(ROUTE)
    if needs_weight(query.age_years, query.age_group, query.route):
        needed.append(WEIGHT)
    return needed
