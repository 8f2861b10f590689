"""Dose check: a proposed amount compared with the leaflet's figures for that person and route.

Plain Python, no Rasa import. Every figure comes from knowledge/baclofen.yml. The answer says plainly which it is:
above the leaflet's maximum for this person; within its range (the prescriber decides); below it; or the leaflet
gives no figure for this person. It never approves a dose: it places it against the leaflet.

    check(query, amount) -> DoseCheck
    convert(value, unit, to_unit) -> Quantity      ("how many mg is 25 micrograms?")
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional, Tuple

from baclofen import knowledge
from baclofen.dosing import limits
from baclofen.dosing.lookup import INTRATHECAL, ORAL, DoseQuery
from baclofen.dosing.person import (DoseInputError, check_age, check_weight, check_weight_for_age, describe_person,
                                    is_child)
from baclofen.prose import Prose
from baclofen.quantities import Number, Quantity, QuantityRange, quantity_range

MICROGRAMS_PER_MG = 1000

ABOVE, WITHIN, BELOW, NO_FIGURE, NEEDS_AGE = "above", "within", "below", "no_figure", "needs_age"


@dataclass(frozen=True)
class ProposedDose:
    value: float
    unit: str  # "mg" or "micrograms"
    per: Optional[str] = None  # "dose", "day" or None (not said)
    per_kg: bool = False
    times_a_day: Optional[int] = None
    as_start: bool = False  # proposed as the starting dose ("6 mg ... to start?")

    def __post_init__(self) -> None:
        if self.unit not in ("mg", "micrograms"):
            raise DoseInputError(f"I can check amounts in mg or micrograms, not in \"{self.unit}\".")
        if not self.value > 0:
            raise DoseInputError("An amount must be more than zero.")

    @property
    def mg(self) -> float:
        return self.value if self.unit == "mg" else self.value / MICROGRAMS_PER_MG

    @property
    def micrograms(self) -> float:
        return self.value if self.unit == "micrograms" else self.value * MICROGRAMS_PER_MG


@dataclass(frozen=True)
class DoseCheck:
    verdict: str  # ABOVE, WITHIN, BELOW, NO_FIGURE, NEEDS_AGE
    proposed: Prose  # the amount as asked about, units explicit ("20 mg per dose")
    compared_with: Prose  # the leaflet figure it was placed against, with whom it is for
    notes: Tuple[Prose, ...] = ()
    section: int = 2


def convert(value: float, unit: str, to_unit: str) -> Quantity:
    """mg <-> micrograms, exactly (1 mg = 1000 micrograms)."""
    amount = ProposedDose(value, unit)
    if to_unit == "mg":
        return Quantity(amount.mg, "mg", exact=True)
    if to_unit == "micrograms":
        return Quantity(amount.micrograms, "micrograms", exact=True)
    raise DoseInputError(f"I can convert between mg and micrograms, not to \"{to_unit}\".")


def _dosing():
    return knowledge.dosing()


@functools.lru_cache(maxsize=None)
def _adult_ceiling() -> QuantityRange:
    ceiling = _dosing()["adult"]["oral"]["max_mg_per_day"]
    return quantity_range(ceiling["low"], ceiling["high"], "mg")


def _age_band(years: float) -> Tuple[dict, bool]:
    """The oral maintenance band for an age (kept here until the check reads baclofen/dosing/limits.py)."""
    band, on_border = limits.oral_band(years)
    return knowledge.dosing()["child"]["oral"]["age_bands"][limits.child_oral().bands.index(band)], on_border


def _said(amount: ProposedDose) -> Prose:
    """The proposed amount as asked, with the other unit beside it when it is micrograms vs mg."""
    if amount.per_kg:
        unit = "mg per kg a day" if amount.unit == "mg" else None
        base = Prose.of(Quantity(amount.value, unit)) if unit else Prose.of(Quantity(amount.value, "micrograms"),
                                                                              " per kg a day")
        if amount.unit == "micrograms":
            base += Prose.of(" (", Quantity(amount.mg, "mg per kg a day", exact=True), ")")
        return base
    text = Prose.of(Quantity(amount.value, amount.unit))
    if amount.unit == "micrograms" and amount.value >= MICROGRAMS_PER_MG:
        text += Prose.of(" (", Quantity(amount.mg, "mg", exact=True), ")")
    if amount.unit == "mg" and amount.value < 1:
        text += Prose.of(" (", Quantity(amount.micrograms, "micrograms", exact=True), ")")
    if amount.times_a_day:
        return text + Prose.of(", ", Quantity(amount.times_a_day, "doses"), " a day")
    return text + {"day": " a day", "dose": " at a time"}.get(amount.per, "")


def check(query: DoseQuery, amount: ProposedDose, child_age_unknown: bool = False) -> DoseCheck:
    """Places `amount` against the leaflet's figures for the person and route of `query`. `child_age_unknown`: the
    message names a child ("a 20 kg child") without an age, so the child's figures by weight are used."""
    if query.age_years is not None:
        check_age(query.age_years)
    if query.weight_kg is not None:
        if query.age_years is None and query.age_group is None:
            check_weight(query.weight_kg)  # no age to judge the weight against
        else:
            check_weight_for_age(query.weight_kg, query.age_years)
    said = _said(amount)
    if query.renal_impairment:
        return DoseCheck(NO_FIGURE, said, Prose.of("someone with kidney failure"), (Prose.of(
            "The leaflet says people with kidney failure may need a lower dose and gives no figure: the prescriber "
            "sets it."),))
    route = query.route or ORAL
    if query.age_years is None and query.age_group is None:
        # Per kg, only the children's figures exist; a child named with a weight can be checked by weight.
        if route == ORAL and (amount.per_kg or (child_age_unknown and query.weight_kg is not None)):
            return _child_oral_by_weight(query.weight_kg, amount, said)
        return _needs_age(said, amount, route)
    child = is_child(query.age_years, query.age_group)
    if route == INTRATHECAL:
        return _intrathecal(query, amount, said, child)
    if child:
        return _child_oral(query, amount, said)
    return _adult_oral(query, amount, said)


def _daily(amount: ProposedDose, doses_per_day: int) -> Tuple[float, Optional[Prose]]:
    """The amount a day in mg, and how that was worked out when the message gave it per dose."""
    if amount.per == "dose" or amount.times_a_day:
        times = amount.times_a_day or doses_per_day
        daily = amount.mg * times
        return daily, Prose.of(Quantity(amount.mg, "mg"), " at a time, ", Quantity(times, "doses"), " a day, is ",
                               Quantity(daily, "mg"), " a day")
    return amount.mg, None


def _adult_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = _dosing()["adult"]["oral"]
    ceiling = _adult_ceiling()
    who = describe_person(query.age_years, query.age_group)
    compared = Prose.of("the leaflet's figures by mouth for ", who, ": start at ",
                        Quantity(oral["initial_mg_per_day"], "mg"), " a day (as ",
                        Quantity(oral["doses_per_day"], "doses"), "), raised gradually, not above ", ceiling, " a day")
    if amount.per_kg:
        child = _dosing()["child"]["oral"]
        return DoseCheck(NO_FIGURE, said, compared, (Prose.of(
            "The leaflet gives adult doses in mg a day, not per kg of body weight; its ",
            Quantity(child["initial_mg_per_kg_per_day"], "mg per kg a day"), " is the children's starting dose."),))
    daily, worked = _daily(amount, oral["doses_per_day"])
    notes = [Prose.of("Worked out: ", worked, ".")] if worked else []
    if (amount.per == "dose" or amount.times_a_day) and amount.mg == oral["initial_mg_per_day"]:
        notes.append(Prose.of("The leaflet's ", Quantity(oral["initial_mg_per_day"], "mg"), " is for the whole day, as ",
                              Quantity(oral["doses_per_day"], "doses"), " of ",
                              Quantity(oral["initial_mg_per_day"] / oral["doses_per_day"], "mg"), "."))
    if amount.per is None and not amount.times_a_day:
        notes.append(Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
    if daily > ceiling.high.value:
        verdict = ABOVE
    elif daily > ceiling.low.value:
        verdict = WITHIN
        notes.append(Prose.of("That is at the leaflet's maximum (", ceiling, " a day): it must not go higher."))
    elif daily < oral["initial_mg_per_day"]:
        verdict = BELOW
    else:
        verdict = WITHIN
    verdict = _as_start(amount, verdict, daily, Quantity(oral["initial_mg_per_day"], "mg"), notes)
    if query.age_group == "elderly" or (query.age_years is not None and query.age_years >=
                                        _dosing()["special_populations"]["elderly"]["from_age_years"]):
        notes.append(Prose.of("For older people the leaflet says to start lower than the usual adult start; the "
                              "maintenance dose is the adult one."))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _child_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = _dosing()["child"]["oral"]
    years = query.age_years
    who = describe_person(years, None)
    if years < oral["min_age_years"]:
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
            "The leaflet gives no oral dose for children under ", Quantity(oral["min_age_years"], "years"),
            ": ask the child's specialist."),))
    band, _ = _age_band(years)
    band_range = quantity_range(band["low_mg_per_day"], band["high_mg_per_day"], "mg")
    band_ages = (quantity_range(band["from_years"], band["to_years"], "years") if band["to_years"] is not None
                 else Prose.of("over ", Quantity(band["from_years"], "years")))
    per_kg = oral["maintenance_mg_per_kg_per_day"]
    compared = Prose.of("the leaflet's figures by mouth for ", who, ": start at ",
                        Quantity(oral["initial_mg_per_kg_per_day"], "mg per kg a day"), " (in ",
                        Quantity(oral["doses_per_day"], "doses"), "), maintenance ",
                        quantity_range(per_kg["low"], per_kg["high"], "mg per kg a day"), " and ", band_range,
                        " a day for ages ", band_ages)
    notes = []
    if amount.per_kg:
        rate, worked_rate = _per_kg_rate(amount, oral["doses_per_day"], query.weight_kg)
        notes.extend(worked_rate)
        if query.weight_kg is not None:
            notes.append(_by_weight(query.weight_kg))
        if rate > per_kg["high"]:
            verdict = ABOVE
        elif rate < oral["initial_mg_per_kg_per_day"]:
            verdict = BELOW
        else:
            verdict = WITHIN
        if amount.unit == "micrograms":
            notes.append(_micrograms_per_kg_note())
        notes.append(Prose.of("Each day's amount is then split into ", Quantity(oral["doses_per_day"], "doses"), "."))
        return DoseCheck(verdict, said, compared, tuple(notes) + _child_warnings(years))
    daily, worked = _daily(amount, oral["doses_per_day"])
    if worked:
        notes.append(Prose.of("Worked out: ", worked, "."))
    elif not amount.times_a_day and amount.per is None:
        notes.append(Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
    ceiling = band["high_mg_per_day"]
    if query.weight_kg is not None:
        start = min(query.weight_kg * oral["initial_mg_per_kg_per_day"], _dosing()["adult"]["oral"]["initial_mg_per_day"])
        low = query.weight_kg * per_kg["low"]
        ceiling = min(query.weight_kg * per_kg["high"], ceiling)  # the lower of the weight's and the age band's tops
        notes.append(Prose.of("For ", Quantity(query.weight_kg, "kg"), " that is a start of ", Quantity(start, "mg"),
                              " a day (", Quantity(start / oral["doses_per_day"], "mg"), " per dose) and maintenance "
                              "of ", quantity_range(min(low, ceiling), ceiling, "mg"), " a day."))
        floor = start
    else:
        notes.append(Prose.of("The starting dose depends on weight (", Quantity(oral["initial_mg_per_kg_per_day"],
                                                                                 "mg per kg a day"),
                              "): tell me the child's weight for the figures."))
        floor = band["low_mg_per_day"] or 0
    if daily > ceiling:
        verdict = ABOVE
    elif daily < floor:
        verdict = BELOW
    else:
        verdict = WITHIN
    if query.weight_kg is not None:
        verdict = _as_start(amount, verdict, daily, Quantity(floor, "mg"), notes)
    if years > oral["adult_dosing_above_age_years"]:
        notes.append(Prose.of("The leaflet also says children over ", Number(oral["adult_dosing_above_age_years"]),
                              " may take adult doses (up to ", _adult_ceiling(), " a day); it contradicts itself, so "
                              "the lower child figure is used here."))
    return DoseCheck(verdict, said, compared, tuple(notes) + _child_warnings(years))


def _as_start(amount: ProposedDose, verdict: str, daily_mg: float, start: Quantity, notes: list) -> str:
    """Proposed as the starting dose: placed against the leaflet's start, not only its range."""
    if not amount.as_start:
        return verdict
    if daily_mg > start.value * 1.01:  # a hair over, from rounding, is not "above"
        notes.append(Prose.of("As a starting dose: the leaflet starts at ", start, " a day, so ", Quantity(daily_mg, "mg"),
                              " a day is above its start."))
        return ABOVE
    return verdict


def _micrograms_per_kg_note() -> Prose:
    start = _dosing()["child"]["oral"]["initial_mg_per_kg_per_day"]
    return Prose.of("Mind the units: the leaflet's child figures are in mg (milligrams) per kg: its start of ",
                    Quantity(start, "mg per kg a day"), " is ", Quantity(start * MICROGRAMS_PER_MG, "micrograms"),
                    " per kg a day (", Quantity(1, "mg"), " = ", Quantity(MICROGRAMS_PER_MG, "micrograms"), ").")


def _per_kg_rate(amount: ProposedDose, doses_per_day: int, kg: Optional[float] = None) -> Tuple[float, Tuple[Prose, ...]]:
    """mg per kg a day, and how that was worked out (per dose to a day; for the weight, in mg)."""
    worked: Tuple[Prose, ...] = ()
    rate = amount.mg
    if amount.per == "dose" or amount.times_a_day:
        times = amount.times_a_day or doses_per_day
        rate = amount.mg * times
        worked = (Prose.of("Worked out: ", Quantity(amount.mg, "mg per kg"), " per dose, ", Quantity(times, "doses"),
                           " a day, is ", Quantity(rate, "mg per kg a day"), "; the leaflet's figures per kg are for "
                           "the whole day."),)
    if kg is not None:
        if amount.unit == "micrograms":  # said in micrograms: worked out in micrograms, so nothing rounds to 0 mg
            worked += (Prose.of("For ", Quantity(kg, "kg"), ", ", Quantity(rate * MICROGRAMS_PER_MG, "micrograms"),
                                " per kg a day is ", Quantity(rate * kg * MICROGRAMS_PER_MG, "micrograms"), " (",
                                Quantity(rate * kg, "mg", exact=True), ") a day."),)
        else:
            worked += (Prose.of("For ", Quantity(kg, "kg"), ", ", Quantity(rate, "mg per kg a day"), " is ",
                                Quantity(rate * kg, "mg"), " a day."),)
    return rate, worked


def _by_weight(kg: float) -> Prose:
    """A child's start (a day and per dose) and maintenance range worked out from the weight alone."""
    dosing = _dosing()
    oral = dosing["child"]["oral"]
    per_kg = oral["maintenance_mg_per_kg_per_day"]
    start = min(kg * oral["initial_mg_per_kg_per_day"], dosing["adult"]["oral"]["initial_mg_per_day"])
    return Prose.of("For ", Quantity(kg, "kg"), " the leaflet's figures work out to a start of ", Quantity(start, "mg"),
                    " a day (", Quantity(start / oral["doses_per_day"], "mg"), " per dose, ",
                    Quantity(oral["doses_per_day"], "doses"), " a day) and maintenance of ",
                    quantity_range(kg * per_kg["low"], kg * per_kg["high"], "mg"), " a day.")


def _child_oral_by_weight(kg: Optional[float], amount: ProposedDose, said: Prose) -> DoseCheck:
    """A child whose age is not known: the figures per kg (worked out for the weight when it is known); the age band
    may set a lower top."""
    oral = _dosing()["child"]["oral"]
    per_kg = oral["maintenance_mg_per_kg_per_day"]
    compared = Prose.of("the leaflet's figures by mouth for a child (age not given): start at ",
                        Quantity(oral["initial_mg_per_kg_per_day"], "mg per kg a day"), " (in ",
                        Quantity(oral["doses_per_day"], "doses"), "), maintenance ",
                        quantity_range(per_kg["low"], per_kg["high"], "mg per kg a day"))
    notes = [_by_weight(kg)] if kg is not None else []
    if amount.per_kg:
        rate, worked = _per_kg_rate(amount, oral["doses_per_day"], kg)
        notes[:0] = worked
        if amount.unit == "micrograms":
            notes.append(_micrograms_per_kg_note())
        verdict = ABOVE if rate > per_kg["high"] else BELOW if rate < oral["initial_mg_per_kg_per_day"] else WITHIN
    else:
        start = min(kg * oral["initial_mg_per_kg_per_day"], _dosing()["adult"]["oral"]["initial_mg_per_day"])
        daily, worked_daily = _daily(amount, oral["doses_per_day"])
        if worked_daily:
            notes.insert(0, Prose.of("Worked out: ", worked_daily, "."))
        elif amount.per is None:
            notes.insert(0, Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
        verdict = ABOVE if daily > kg * per_kg["high"] else BELOW if daily < start else WITHIN
        verdict = _as_start(amount, verdict, daily, Quantity(start, "mg"), notes)
    notes.append(Prose.of("The leaflet also caps maintenance by age (from ",
                          quantity_range(oral["age_bands"][0]["low_mg_per_day"], oral["age_bands"][0]["high_mg_per_day"],
                                         "mg"), " a day at the youngest): tell me the child's age to check that too."))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _child_warnings(years: float) -> Tuple[Prose, ...]:
    from baclofen import prose

    if years < _dosing()["child"]["intrathecal"]["maintenance_below_age_years"]:
        return (prose.parse(knowledge.precautions()["children"]["advice"]).as_sentence(),)
    return ()


def _intrathecal(query: DoseQuery, amount: ProposedDose, said: Prose, child: bool) -> DoseCheck:
    dosing = _dosing()
    years = query.age_years
    if child:
        it = dosing["child"]["intrathecal"]
        who = describe_person(years, None)
        if years < it["min_age_years"]:
            return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
                "The leaflet gives no intrathecal dose for children under ", Quantity(it["min_age_years"], "years"),
                ": ask the child's specialist."),))
        if query.origin == "spinal":
            return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
                "The leaflet does not recommend intrathecal baclofen for children with spasticity of spinal origin."),))
        maintenance = it["maintenance_micrograms_per_day"]
        if years <= it["maintenance_below_age_years"]:
            compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ",
                                Quantity(it["initial_micrograms"], "micrograms"), " (ages ",
                                quantity_range(it["min_age_years"], it["max_age_years"], "years"), "), maintenance ",
                                quantity_range(maintenance["low"], maintenance["high"], "micrograms"), " a day")
            high = maintenance["high"]
        else:
            compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ",
                                Quantity(it["initial_micrograms"], "micrograms"), "; maintenance as for adults, "
                                "for which the leaflet gives no figure")
            high = None
        value = amount.micrograms
        low = maintenance["low"] if high is not None else it["initial_micrograms"]
        if high is not None and value > high:
            verdict = ABOVE
        elif high is None and value > it["initial_micrograms"] * 4:
            verdict = NO_FIGURE
        elif value < min(low, it["initial_micrograms"]):
            verdict = BELOW
        else:
            verdict = WITHIN
        notes = _units_note(amount)
        if verdict == BELOW and high is not None:
            notes += (Prose.of("The leaflet's lowest maintenance figure is ", Quantity(low, "micrograms"),
                               " a day, and its test dose is ", Quantity(it["initial_micrograms"], "micrograms"), "."),)
        return DoseCheck(verdict, said, compared, notes + _child_warnings(years))
    it = dosing["adult"]["intrathecal"]
    who = describe_person(years, query.age_group)
    compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ",
                        quantity_range(it["screening_micrograms"]["low"], it["screening_micrograms"]["high"],
                                       "micrograms"), ", raised in steps of ", Quantity(it["step_micrograms"], "micrograms"),
                        " up to ", Quantity(it["screening_ceiling_micrograms"], "micrograms"),
                        "; no maintenance figure")
    value = amount.micrograms
    if value > it["screening_ceiling_micrograms"]:
        verdict = ABOVE if amount.per != "day" else NO_FIGURE
    elif value < it["screening_micrograms"]["low"]:
        verdict = BELOW
    else:
        verdict = WITHIN
    notes = _units_note(amount) + _non_responder(amount)
    if amount.per == "day":
        child_it = dosing["child"]["intrathecal"]
        range_ = child_it["maintenance_micrograms_per_day"]
        notes += (Prose.of("The leaflet gives no adult maintenance amount a day: the specialist sets it. Its only "
                           "maintenance range, ", quantity_range(range_["low"], range_["high"], "micrograms"),
                           " a day, is for children under ", Quantity(child_it["maintenance_below_age_years"], "years"),
                           "."),)
    return DoseCheck(verdict, said, compared, notes)


def _non_responder(amount: ProposedDose) -> Tuple[Prose, ...]:
    """Above the test-dose ceiling: the leaflet's rule for those who do not respond at it."""
    it = _dosing()["adult"]["intrathecal"]
    if amount.per == "day" or amount.micrograms <= it["screening_ceiling_micrograms"]:
        return ()
    return (Prose.of("The leaflet says that someone who does not respond to ", Quantity(
        it["screening_ceiling_micrograms"], "micrograms"), " is not suitable for intrathecal treatment; the test "
        "dose is not raised above it."),)


def _units_note(amount: ProposedDose) -> Tuple[Prose, ...]:
    if amount.unit == "mg":
        return (Prose.of("Mind the units: intrathecal doses are in micrograms; ", Quantity(amount.value, "mg"), " is ",
                         Quantity(amount.micrograms, "micrograms", exact=True), "."),)
    return ()


def _needs_age(said: Prose, amount: ProposedDose, route: str) -> DoseCheck:
    if route == INTRATHECAL:
        it = _dosing()["adult"]["intrathecal"]
        compared = Prose.of("the leaflet's adult intrathecal test dose of ",
                            quantity_range(it["screening_micrograms"]["low"], it["screening_micrograms"]["high"],
                                           "micrograms"), ", up to ", Quantity(it["screening_ceiling_micrograms"],
                                                                             "micrograms"))
        verdict = ABOVE if amount.micrograms > it["screening_ceiling_micrograms"] else NEEDS_AGE
        return DoseCheck(verdict, said, compared, _units_note(amount) + _non_responder(amount) + (Prose.of(
            "Children's figures differ: how old is the person?"),))
    ceiling = _adult_ceiling()
    daily = amount.mg * (amount.times_a_day or (_dosing()["adult"]["oral"]["doses_per_day"]
                                                if amount.per == "dose" else 1))
    compared = Prose.of("the leaflet's largest figure by mouth, for adults: not above ", ceiling, " a day (children's "
                        "figures are lower and depend on age and weight)")
    verdict = ABOVE if not amount.per_kg and daily > ceiling.high.value else NEEDS_AGE
    return DoseCheck(verdict, said, compared, (Prose.of("How old is the person? The figures depend on age (and, for a "
                                                        "child, weight)."),))
