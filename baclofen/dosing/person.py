"""The person a dose is for: ages and weights as numbers in one unit each, their checks, and how to name them.

Plain Python, no Rasa import. The language layer converts what people write ("18 months", "35 lb") into years and
kilograms with `age_in_years` / `weight_in_kg` where the value enters; everything after that carries numbers.
Every check raises DoseInputError, whose prose is a sentence the assistant can say as it is.
"""
from __future__ import annotations

import functools
import math
from typing import Any, Dict, Optional, Union


from baclofen import knowledge, vocabulary, wording
from baclofen.dosing import limits
from baclofen.prose import Prose
from baclofen.quantities import KG_PER_LB, KG_PER_STONE, MONTHS_PER_YEAR, Quantity, format_number

POPULATIONS = ("adult", "elderly")  # said of a person instead of an exact age

# Each unit's factor, by the unit's name in the vocabulary; the ways it is written ("kgs", "kilos") are listed once,
# in the language layer's vocabulary (`units` of baclofen/language/vocabulary.yml).
AGE_FACTORS = {"years": 1.0, "months": 1.0 / MONTHS_PER_YEAR}
WEIGHT_FACTORS = {"kg": 1.0, "lb": KG_PER_LB, "stone": KG_PER_STONE, "grams": 0.001}


@functools.lru_cache(maxsize=None)
def unit_aliases() -> Dict[str, str]:
    """Every written form of a unit (lower case) -> the unit's name, from the vocabulary's `units`."""
    units = vocabulary.load()["units"]
    return {str(alias).lower(): name for name, aliases in units.items() for alias in aliases}


def _factor(unit: str, factors: Dict[str, float]) -> Optional[float]:
    return factors.get(unit_aliases().get(unit.lower(), unit.lower()))


class DoseInputError(ValueError):
    """Input the dose lookup cannot use. `prose` (and str(error)) is a complete, polite sentence for the user, in
    English; `said(language)` says it in another. Raised with a catalogue id and its typed parts
    (`DoseInputError(key="person.age_negative")`), or with a sentence that has no other language."""

    def __init__(self, message: Union[str, Prose, None] = None, *, key: Optional[str] = None, **parts: Any) -> None:
        self.key, self.parts = key, parts
        self.prose = Prose.of(message) if key is None else wording.say(key, wording.ENGLISH, **parts)
        super().__init__(str(self.prose))

    def said(self, language: str = wording.ENGLISH) -> Prose:
        return self.prose if self.key is None else wording.say(self.key, language, **self.parts)


class WeightNeeded(DoseInputError):
    """A child's oral dose is computed from weight, and none was given."""


@functools.lru_cache(maxsize=None)
def max_age_years() -> float:
    return knowledge.dosing()["input_limits"]["max_age_years"]


def adult_from_years() -> float:
    return limits.adult_from_years()


def age_in_years(value: float, unit: str) -> float:
    """A number with an age unit -> years (no range check: see check_age)."""
    factor = _factor(unit, AGE_FACTORS)
    if factor is None:
        raise DoseInputError(key="person.age_unit", unit=unit)
    return value * factor


def weight_in_kg(value: float, unit: str) -> float:
    """A number with a weight unit -> kilograms (no range check: see check_weight)."""
    factor = _factor(unit, WEIGHT_FACTORS)
    if factor is None:
        raise DoseInputError(key="person.weight_unit", unit=unit)
    return value * factor


def check_age(years: float) -> float:
    if not math.isfinite(years):
        raise DoseInputError(key="person.age_unreadable")
    if years < 0:
        raise DoseInputError(key="person.age_negative")
    if years > max_age_years():
        raise DoseInputError(key="person.age_impossible", age=Quantity(years, "years"))
    return years


def check_weight(kg: float) -> float:
    if not math.isfinite(kg):
        raise DoseInputError(key="person.weight_unreadable")
    if kg <= 0:
        raise DoseInputError(key="person.weight_not_positive")
    return kg


def check_weight_for_age(weight_kg: float, age_years: Optional[float]) -> None:
    """Reject a weight that cannot belong to a person of that age (a typing error, most likely)."""
    check_weight(weight_kg)
    years = adult_from_years() if age_years is None else age_years
    for band in knowledge.dosing()["input_limits"]["weight_for_age_kg"]:
        upper = band["to_years"]
        if band["from_years"] <= years and (upper is None or years < upper):
            if not band["min"] <= weight_kg <= band["max"]:
                raise DoseInputError(key="person.weight_implausible", weight=Quantity(weight_kg, "kg"))
            return


def is_child(age_years: Optional[float], population: Optional[str]) -> bool:
    return limits.group_of(age_years, population) == limits.CHILD


@functools.lru_cache(maxsize=1024)
def describe_person(age_years: Optional[float], population: Optional[str], language: str = wording.ENGLISH) -> Prose:
    """'a child of 18 months', 'an adult of 40 years', 'an older adult'. (Kept for ages seen again: it runs in
    every dose answer, and the same few ages come up all day.)"""
    if age_years is None:
        return wording.say("person.older_adult" if population == "elderly" else "person.adult", language)
    if age_years < limits.age_in_months_below_years():
        return wording.say("person.child_of", language, age=Quantity(age_years * MONTHS_PER_YEAR, "months"))
    if age_years < adult_from_years():
        return wording.say("person.child_of", language, age=Quantity(age_years, "years"))
    return wording.say("person.adult_of", language, age=Quantity(age_years, "years"))


__all__ = ["DoseInputError", "WeightNeeded", "POPULATIONS", "age_in_years", "weight_in_kg", "check_age",
           "check_weight", "check_weight_for_age", "is_child", "describe_person", "format_number"]
