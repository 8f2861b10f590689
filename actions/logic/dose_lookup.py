"""Dose lookup: who the person is -> what the leaflet's section 2 says, as structured figures.

Plain Python, no Rasa import. Every number comes from knowledge/baclofen.yml; this module only selects and
computes. Bad input raises DoseInputError, whose message is a sentence the assistant can say as it is.
"""
from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple, Union

from actions.logic import knowledge

KG_PER_LB = 0.45359237  # the international avoirdupois pound
MONTHS_PER_YEAR = 12

ORAL = "oral"
INTRATHECAL = "intrathecal"
ROUTES = (ORAL, INTRATHECAL)

_AGE_UNITS = {"year": 1.0, "years": 1.0, "yr": 1.0, "yrs": 1.0, "y": 1.0,
              "month": 1.0 / MONTHS_PER_YEAR, "months": 1.0 / MONTHS_PER_YEAR, "mo": 1.0 / MONTHS_PER_YEAR}
_WEIGHT_UNITS = {"kg": 1.0, "kgs": 1.0, "kilo": 1.0, "kilos": 1.0, "kilogram": 1.0, "kilograms": 1.0,
                 "lb": KG_PER_LB, "lbs": KG_PER_LB, "pound": KG_PER_LB, "pounds": KG_PER_LB}
AGE_GROUPS = ("adult", "elderly")


class DoseInputError(ValueError):
    """Input the lookup cannot use. str(error) is a complete, polite sentence for the user."""


class WeightNeeded(DoseInputError):
    """A child's oral dose is computed from weight, and none was given."""


# ---------------------------------------------------------------- value types

@functools.lru_cache(maxsize=None)
def _max_age_years() -> float:
    return knowledge.dosing()["input_limits"]["max_age_years"]


@functools.lru_cache(maxsize=None)
def _rounding_scale() -> int:
    return 10 ** knowledge.dosing()["rounding_decimals"]


def round_dose(value: float) -> float:
    """Half-up rounding to the knowledge file's precision, so 1.125 mg reads 1.13 mg, not 1.12 mg.

    The 1e-9 absorbs binary representation error (1.005 is stored as 1.00499999...), as decimal rounding would.
    """
    scale = _rounding_scale()
    return math.floor(value * scale + 0.5 + 1e-9) / scale


def format_number(value: float) -> str:
    return format(round_dose(value), "g")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str  # "mg" or "micrograms", never abbreviated further

    def __str__(self) -> str:
        return f"{format_number(self.value)} {self.unit}"

    @property
    def is_rounded(self) -> bool:
        return abs(round_dose(self.value) - self.value) > 1e-9


@dataclass(frozen=True)
class QuantityRange:
    high: Quantity
    low: Optional[Quantity] = None  # None: "up to high"

    def __str__(self) -> str:
        if self.low is None:
            return f"up to {self.high}"
        if self.low.unit == self.high.unit:
            return f"{format_number(self.low.value)}-{self.high}"
        return f"{self.low} to {self.high}"


Amount = Union[Quantity, QuantityRange]


@dataclass(frozen=True)
class Figure:
    """One labelled line of a dose answer: what it is, the amount (if any) and the words around it."""

    key: str  # stable id for channel renderers: initial, per_dose, titration, maintenance_by_weight, ...
    label: str
    amount: Optional[Amount]
    detail: str = ""
    approximate: bool = False  # the amount was rounded for display


@dataclass(frozen=True)
class DoseQuery:
    route: Optional[str]  # None only when needs_route() says the route changes nothing
    age_years: Optional[float] = None
    age_group: Optional[str] = None  # "adult" or "elderly" when no exact age is known
    weight_kg: Optional[float] = None
    renal_impairment: bool = False
    origin: Optional[str] = None  # "spinal" or "cerebral"


@dataclass(frozen=True)
class DoseAnswer:
    population: str  # adult, elderly, child, renal, not_covered
    route: str
    covered: bool  # False: the leaflet gives no figure for this person; the answer refers them on
    who: str
    figures: Tuple[Figure, ...] = ()
    cautions: Tuple[str, ...] = ()
    section: int = field(default_factory=lambda: knowledge.dosing()["section"])
    query: Optional[DoseQuery] = None  # what was asked: channels that read it back (the hotline) use it

    def figure(self, key: str) -> Optional[Figure]:
        return next((f for f in self.figures if f.key == key), None)


# ---------------------------------------------------------------- parsing of normalised values

_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$")


def _split_quantity(text: str, what: str) -> Tuple[float, str]:
    match = _QUANTITY.match(str(text))
    if not match:
        raise DoseInputError(f"I could not read \"{text}\" as {what}.")
    return float(match.group(1)), match.group(2).lower()


def age_in_years(value: float, unit: str) -> float:
    factor = _AGE_UNITS.get(unit.lower())
    if factor is None:
        raise DoseInputError(f"I don't know the age unit \"{unit}\". Please give the age in years or months.")
    if not math.isfinite(value):
        raise DoseInputError("I could not read that age. How old is the person, in years or months?")
    years = value * factor
    if years < 0:
        raise DoseInputError("An age cannot be negative. How old is the person?")
    if years > knowledge.dosing()["input_limits"]["max_age_years"]:
        raise DoseInputError(f"An age of {format(value, 'g')} {unit} is not possible. How old is the person?")
    return years


def weight_in_kg(value: float, unit: str) -> float:
    factor = _WEIGHT_UNITS.get(unit.lower())
    if factor is None:
        raise DoseInputError(f"I don't know the weight unit \"{unit}\". Please give the weight in kg or lb.")
    if not math.isfinite(value):
        raise DoseInputError("I could not read that weight. How much does the person weigh, in kg or lb?")
    if value <= 0:
        raise DoseInputError("A weight must be more than zero. How much does the person weigh, in kg or lb?")
    return value * factor


def parse_age(text: str) -> Tuple[Optional[float], Optional[str]]:
    """'3 years' / '18 months' -> (years, None); 'adult' / 'elderly' -> (None, group)."""
    word = str(text).strip().lower()
    if word in AGE_GROUPS:
        return None, word
    return age_in_years(*_split_quantity(text, "an age")), None


def parse_weight(text: str) -> float:
    """'14 kg' / '35 lb' -> kilograms."""
    return weight_in_kg(*_split_quantity(text, "a weight"))


def check_weight_for_age(weight_kg: float, age_years: Optional[float]) -> None:
    """Reject a weight that cannot belong to a person of that age (a typing error, most likely)."""
    years = knowledge.dosing()["adult"]["from_age_years"] if age_years is None else age_years
    for band in knowledge.dosing()["input_limits"]["weight_for_age_kg"]:
        upper = band["to_years"]
        if band["from_years"] <= years and (upper is None or years < upper):
            if not band["min"] <= weight_kg <= band["max"]:
                raise DoseInputError(
                    f"A weight of {format(weight_kg, '.4g')} kg is not plausible at that age. "
                    "Please check the weight (in kg or lb) and the age."
                )
            return


# ---------------------------------------------------------------- what the lookup needs

def _is_child(age_years: Optional[float], age_group: Optional[str]) -> bool:
    return age_group is None and age_years is not None and age_years < knowledge.dosing()["adult"]["from_age_years"]


def _youngest_covered_age() -> float:
    child = knowledge.dosing()["child"]
    return min(child["oral"]["min_age_years"], child["intrathecal"]["min_age_years"])


def needs_route(age_years: Optional[float], age_group: Optional[str]) -> bool:
    """False only below every route's youngest covered age, where no route has a figure."""
    return not (_is_child(age_years, age_group) and age_years < _youngest_covered_age())


def needs_weight(age_years: Optional[float], age_group: Optional[str], route: Optional[str]) -> bool:
    """A child's oral dose is per kilogram; nothing else in the leaflet depends on weight."""
    return (route == ORAL and _is_child(age_years, age_group)
            and age_years >= knowledge.dosing()["child"]["oral"]["min_age_years"])


# ---------------------------------------------------------------- the lookup

def lookup(query: DoseQuery) -> DoseAnswer:
    if query.age_years is None and query.age_group not in AGE_GROUPS:
        raise DoseInputError("I need the age to find the dose. How old is the person?")
    if query.age_years is not None and not 0 <= query.age_years <= _max_age_years():
        age_in_years(query.age_years, "years")  # raises the right message
    if query.weight_kg is not None:
        weight_in_kg(query.weight_kg, "kg")
        check_weight_for_age(query.weight_kg, query.age_years)
    if query.route is None and query.age_years is not None and not needs_route(query.age_years, query.age_group):
        child = knowledge.dosing()["child"]
        return _not_covered(query, _describe(query),
                            f"The leaflet gives no dose for children under {child['oral']['min_age_years']} year "
                            f"by mouth, nor under {child['intrathecal']['min_age_years']} years intrathecal.")
    if query.route not in ROUTES:
        raise DoseInputError(f"I don't know the route \"{query.route}\". Is it by mouth (oral) or intrathecal?")

    dosing = knowledge.dosing()
    who = _describe(query)
    if query.renal_impairment:
        return DoseAnswer("renal", query.route, False, who,
                          cautions=(_sentence(dosing["special_populations"]["renal_failure"]["advice"]),
                                    "The leaflet gives no reduced figure, so I can't give one: "
                                    "the prescriber sets the dose."), query=query)
    adult_from = dosing["adult"]["from_age_years"]
    elderly_from = dosing["special_populations"]["elderly"]["from_age_years"]
    if query.age_group == "elderly" or (query.age_years is not None and query.age_years >= elderly_from):
        group = "elderly"
    elif query.age_group == "adult" or query.age_years >= adult_from:
        group = "adult"
    else:
        group = "child"

    if query.route == ORAL:
        if group == "child":
            return _child_oral(query, who)
        return _adult_oral(query, who, elderly=group == "elderly")
    if group == "child":
        return _child_intrathecal(query, who)
    return _adult_intrathecal(query, who, elderly=group == "elderly")


def _adult_oral(query: DoseQuery, who: str, elderly: bool) -> DoseAnswer:
    figures, cautions = _adult_oral_parts(elderly)
    return DoseAnswer("elderly" if elderly else "adult", ORAL, True, who, figures, cautions, query=query)


@functools.lru_cache(maxsize=None)
def _adult_oral_parts(elderly: bool) -> Tuple[Tuple[Figure, ...], Tuple[str, ...]]:
    """The adult figures depend on nothing but the knowledge file: built once."""
    oral = knowledge.dosing()["adult"]["oral"]
    daily = Quantity(oral["initial_mg_per_day"], "mg")
    per_dose = Quantity(oral["initial_mg_per_day"] / oral["doses_per_day"], "mg")
    ceiling = QuantityRange(low=Quantity(oral["max_mg_per_day"]["low"], "mg"),
                            high=Quantity(oral["max_mg_per_day"]["high"], "mg"))
    review = f"If there is no benefit after {oral['review_after_weeks']} weeks, tell the doctor, who decides how to stop."
    if elderly:
        elderly_advice = knowledge.dosing()["special_populations"]["elderly"]
        start = Figure("initial", "Starting dose", None,
                       f"lower than the usual adult start of {daily} a day; the doctor chooses it")
        cautions = (_sentence(elderly_advice["advice"]),)
    else:
        start = Figure("initial", "Starting dose", daily,
                       f"a day, as {oral['doses_per_day']} doses of {per_dose}")
        cautions = ()
    figures = (
        start,
        Figure("titration", "Increase", None, oral["titration"]),
        Figure("ceiling", "Maximum", ceiling, "a day; do not go above it"),
        Figure("review", "Review", None, review),
    )
    return figures, cautions


def _adult_intrathecal(query: DoseQuery, who: str, elderly: bool) -> DoseAnswer:
    figures, cautions = _adult_intrathecal_parts(elderly)
    return DoseAnswer("elderly" if elderly else "adult", INTRATHECAL, True, who, figures, cautions, query=query)


@functools.lru_cache(maxsize=None)
def _adult_intrathecal_parts(elderly: bool) -> Tuple[Tuple[Figure, ...], Tuple[str, ...]]:
    it = knowledge.dosing()["adult"]["intrathecal"]
    step = Quantity(it["step_micrograms"], "micrograms")
    ceiling = Quantity(it["screening_ceiling_micrograms"], "micrograms")
    window = it["response_window_hours"]
    figures = (
        Figure("before_start", "Before starting", None, it["before_start"]),
        Figure("screening", "Test dose", QuantityRange(low=Quantity(it["screening_micrograms"]["low"], "micrograms"),
                                                      high=Quantity(it["screening_micrograms"]["high"], "micrograms")),
               f"infused over at least {it['screening_infusion_min_minutes']} minute"),
        Figure("step", "If no response", step,
               f"more per step, at least {it['step_interval_min_hours']} hours apart, up to {ceiling}, "
               f"until there is a response within {window['low']}-{window['high']} hours"),
        Figure("non_responder", "Not suitable", ceiling, it["non_responder"]),
        Figure("maintenance", "Maintenance", None, "the leaflet gives no adult maintenance figure; the specialist sets it"),
    )
    cautions = (_sentence(knowledge.precautions()["infection"]["advice"]),)
    if elderly:
        cautions += (_sentence(knowledge.dosing()["special_populations"]["elderly"]["advice"]),)
    return figures, cautions


def _age_band(years: float) -> Tuple[dict, bool]:
    """The oral maintenance band for an age, and whether the age sits where two bands touch.

    Bands are closed [from, to] and searched in order, so an age where two bands touch gets the lower band.
    """
    bands = knowledge.dosing()["child"]["oral"]["age_bands"]
    for index, band in enumerate(bands):
        upper = band["to_years"]
        if band["from_years"] <= years and (upper is None or years <= upper):
            on_border = upper is not None and years == upper and index + 1 < len(bands)
            return band, on_border
    raise DoseInputError("The leaflet has no oral dose band for that age.")  # unreachable above min_age


def _child_oral(query: DoseQuery, who: str) -> DoseAnswer:
    dosing = knowledge.dosing()
    oral = dosing["child"]["oral"]
    years = query.age_years
    if years < oral["min_age_years"]:
        return _not_covered(query, who, f"The leaflet gives no oral dose for children under {oral['min_age_years']} year.")
    if query.weight_kg is None:
        raise WeightNeeded("For a child, the dose is worked out from body weight. How much does the child weigh (kg or lb)?")
    kg = query.weight_kg
    adult_oral = dosing["adult"]["oral"]
    cautions = []

    daily = kg * oral["initial_mg_per_kg_per_day"]
    if daily > adult_oral["initial_mg_per_day"]:
        daily = adult_oral["initial_mg_per_day"]
        cautions.append(f"By weight the start would be above the adult starting dose, so it is capped at {Quantity(daily, 'mg')} a day.")
    daily_q = Quantity(daily, "mg")
    per_dose = Quantity(daily / oral["doses_per_day"], "mg")

    band, on_border = _age_band(years)
    per_kg = oral["maintenance_mg_per_kg_per_day"]
    low, high = kg * per_kg["low"], kg * per_kg["high"]
    cap = band["high_mg_per_day"]
    if high > cap:
        high = cap
        cautions.append(f"By weight the maintenance dose would pass the top of the age band, so it is capped at {Quantity(cap, 'mg')} a day.")
    by_weight = None if low > cap else QuantityRange(low=Quantity(low, "mg"), high=Quantity(high, "mg"))
    if by_weight is None:
        cautions.append("By weight the maintenance dose would start above the age band's top, so only the age band is shown.")

    text = _child_oral_texts()
    figures = [
        Figure("initial", "Starting dose", daily_q, text["initial"]),
        Figure("per_dose", "Split", per_dose, text["per_dose"], approximate=per_dose.is_rounded),
        text["titration"],
    ]
    if by_weight is not None:
        figures.append(Figure("maintenance_by_weight", "Maintenance by weight", by_weight, text["by_weight"]))
    figures.append(_band_figure(band["from_years"]))

    if on_border:
        cautions.append(f"At exactly {format(years, 'g')} years the leaflet's age bands touch; the lower band is shown, to be safe.")
    adult_above = oral["adult_dosing_above_age_years"]
    if years > adult_above:
        adult_max = QuantityRange(low=Quantity(adult_oral["max_mg_per_day"]["low"], "mg"),
                                  high=Quantity(adult_oral["max_mg_per_day"]["high"], "mg"))
        cautions.append(f"The leaflet also says children over {adult_above} may take adult doses (maximum {adult_max} a day); "
                        "it contradicts itself here, so the lower child figure is shown.")
    cautions.extend(_child_cautions(years))
    return DoseAnswer("child", ORAL, True, who, tuple(figures), tuple(cautions), query=query)


@functools.lru_cache(maxsize=None)
def _child_oral_texts() -> Dict[str, Any]:
    """The words around a child's oral figures: fixed by the knowledge file, built once."""
    oral = knowledge.dosing()["child"]["oral"]
    per_kg = oral["maintenance_mg_per_kg_per_day"]
    return {
        "initial": f"a day ({format(oral['initial_mg_per_kg_per_day'], 'g')} mg per kg a day)",
        "per_dose": f"per dose, {oral['doses_per_day']} doses a day",
        "titration": Figure("titration", "Increase", None,
                            f"every {oral['titration_interval_days']} days until the wanted effect is reached"),
        "by_weight": f"a day ({format(per_kg['low'], 'g')}-{format(per_kg['high'], 'g')} mg per kg a day)",
    }


@functools.lru_cache(maxsize=None)
def _band_figure(from_years: float) -> Figure:
    """The maintenance-by-age figure of the oral band starting at `from_years`, built once per band."""
    band = next(b for b in knowledge.dosing()["child"]["oral"]["age_bands"] if b["from_years"] == from_years)
    band_range = QuantityRange(high=Quantity(band["high_mg_per_day"], "mg"),
                               low=None if band["low_mg_per_day"] is None else Quantity(band["low_mg_per_day"], "mg"))
    band_name = (f"{format(band['from_years'], 'g')}-{format(band['to_years'], 'g')} years" if band["to_years"] is not None
                 else f"over {format(band['from_years'], 'g')} years")
    return Figure("maintenance_by_age", "Maintenance by age", band_range, f"a day for ages {band_name}")


def _child_intrathecal(query: DoseQuery, who: str) -> DoseAnswer:
    it = knowledge.dosing()["child"]["intrathecal"]
    years = query.age_years
    if years < it["min_age_years"]:
        return _not_covered(query, who, f"The leaflet gives no intrathecal dose for children under {it['min_age_years']} years.")
    if query.origin == "spinal":
        return _not_covered(query, who, _sentence(it["not_for_spinal_origin"]))
    figures = [Figure("initial", "Starting (test) dose", Quantity(it["initial_micrograms"], "micrograms"),
                      f"for ages {it['min_age_years']}-{it['max_age_years']} years")]
    cautions = []
    boundary = it["maintenance_below_age_years"]
    if years <= boundary:
        low, high = it["maintenance_micrograms_per_day"]["low"], it["maintenance_micrograms_per_day"]["high"]
        high_mg = Quantity(high / 1000, "mg")
        figures.append(Figure("maintenance", "Maintenance", QuantityRange(low=Quantity(low, "micrograms"),
                                                                        high=Quantity(high, "micrograms")),
                              f"a day ({high} micrograms is {high_mg})"))
        if years == boundary:
            cautions.append(f"The leaflet gives maintenance for under {boundary} and over {boundary} years; "
                            f"at exactly {boundary} the under-{boundary} range is shown, to be safe.")
    else:
        figures.append(Figure("maintenance", "Maintenance", None,
                              "as for adults; the leaflet gives no adult maintenance figure, so the specialist sets it"))
    cautions.append(f"It is for {it['indication']}. {_sentence(it['not_for_spinal_origin'])}")
    cautions.extend(_child_cautions(years))
    return DoseAnswer("child", INTRATHECAL, True, who, tuple(figures), tuple(cautions), query=query)


def _child_cautions(years: float) -> Tuple[str, ...]:
    if years < knowledge.dosing()["child"]["intrathecal"]["maintenance_below_age_years"]:
        return (_sentence(knowledge.precautions()["children"]["advice"]),)
    return ()


def _not_covered(query: DoseQuery, who: str, reason: str) -> DoseAnswer:
    return DoseAnswer("not_covered", query.route, False, who,
                      cautions=(reason, "I can't give a dose: please ask the child's specialist."), query=query)


@functools.lru_cache(maxsize=256)
def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def describe_person(query: DoseQuery) -> str:
    """'a child of 18 months', 'an adult of 40 years', 'an older adult'."""
    if query.age_years is None:
        return "an older adult" if query.age_group == "elderly" else "an adult"
    if query.age_years < 2:
        return f"a child of {format_number(query.age_years * MONTHS_PER_YEAR)} months"
    if query.age_years < knowledge.dosing()["adult"]["from_age_years"]:
        return f"a child of {format_number(query.age_years)} years"
    return f"an adult of {format_number(query.age_years)} years"


def _describe(query: DoseQuery) -> str:
    route = {ORAL: "by mouth", INTRATHECAL: "intrathecal"}.get(query.route, "")
    person = describe_person(query)
    weight = f", {format_number(query.weight_kg)} kg" if query.weight_kg is not None else ""
    kidneys = ", with kidney failure" if query.renal_impairment else ""
    return f"Baclofen {route} for {person}{weight}{kidneys}".replace("  ", " ")
