"""Who a dose question was about, from the typed slots at the moment the dose answer ran (age_years, weight_kg,
route, population, renal_impairment, origin), and whether the leaflet covers that person.

The groups are the leaflet's: adult, each child age band of the oral table, intrathecal, kidney failure, elderly;
their bounds come from the knowledge file (never written here), and "covered" is the dose lookup's own verdict, so
the report refuses exactly what the assistant refused.
"""
from __future__ import annotations

import functools
from typing import List, Optional, Tuple

from baclofen import knowledge
from baclofen.dosing.lookup import default_route, INTRATHECAL, DoseQuery, lookup
from baclofen.dosing.person import DoseInputError

ADULT, ELDERLY, KIDNEY, INTRATHECAL_GROUP, NO_AGE = "adult", "elderly", "kidney failure", "intrathecal", "age not given"

# What became of a dose question. GENERAL: no person was named (a general dose question, answered for everyone).
GIVEN, REFUSED, UNUSABLE, GENERAL = "figures given", "refused: outside the leaflet", "value not usable", "general"
OUTCOMES = (GIVEN, REFUSED, UNUSABLE, GENERAL)


def _years(value: float) -> str:
    return f"{value:g} year" + ("" if value == 1 else "s")


@functools.lru_cache(maxsize=None)
def child_bands() -> Tuple[Tuple[float, Optional[float], str], ...]:
    """(from, to, label) of each oral age band, then 'under the youngest band' first; bounds closed, searched in
    order, as the dose lookup searches them."""
    dosing = knowledge.dosing()
    bands = dosing["child"]["oral"]["age_bands"]
    adult_from = dosing["adult"]["from_age_years"]
    youngest = bands[0]["from_years"]
    labelled = [(0.0, None, f"child under {_years(youngest)}")]
    for band in bands:
        upper = band["to_years"]
        text = (f"child {band['from_years']:g}-{upper:g} years" if upper is not None
                else f"child {band['from_years']:g} years to adult ({adult_from:g})")
        labelled.append((float(band["from_years"]), None if upper is None else float(upper), text))
    return tuple(labelled)


def groups_in_order() -> List[str]:
    """The table's rows, in the order a pharmacist reads them."""
    return [ADULT] + [text for _, _, text in child_bands()] + [INTRATHECAL_GROUP, KIDNEY, ELDERLY, NO_AGE]


def group(age_years: Optional[float], population: Optional[str], route: Optional[str], renal: bool) -> str:
    if renal:
        return KIDNEY
    if route == INTRATHECAL:
        return INTRATHECAL_GROUP
    dosing = knowledge.dosing()
    if population == ELDERLY or (age_years is not None
                                 and age_years >= dosing["special_populations"]["elderly"]["from_age_years"]):
        return ELDERLY
    if age_years is None:
        return ADULT if population == ADULT else NO_AGE
    if age_years >= dosing["adult"]["from_age_years"]:
        return ADULT
    bands = child_bands()
    if age_years < bands[1][0]:
        return bands[0][2]
    for low, high, text in bands[1:]:
        if low <= age_years and (high is None or age_years <= high):
            return text
    return bands[-1][2]


@functools.lru_cache(maxsize=4096)
def outcome(age_years: Optional[float], population: Optional[str], route: Optional[str], weight_kg: Optional[float],
            renal: bool, origin: Optional[str]) -> str:
    """What the dose lookup makes of these slots: figures, a refusal (the leaflet has none for this person), a
    value it cannot use, or no person at all."""
    if age_years is None and population is None:
        return GENERAL
    try:
        group_ = None if age_years is not None else population  # an exact age wins
        answer = lookup(DoseQuery(route=default_route(route, age_years, group_), age_years=age_years,
                                  age_group=group_, weight_kg=weight_kg, renal_impairment=renal, origin=origin))
    except DoseInputError:
        return UNUSABLE
    return GIVEN if answer.covered else REFUSED
