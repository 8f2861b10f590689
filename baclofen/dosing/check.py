"""Dose check: a proposed amount compared with the leaflet's figures for that person and route.

Plain Python, no Rasa import. Every figure comes from baclofen/dosing/limits.py, the one source the dose lookup
uses too (it reads knowledge/baclofen.yml), so an amount is judged against exactly what the lookup says for that
person and route; tests/core/dosing/test_agreement.py proves it over a grid of people and amounts. The answer says plainly which it is:
above the leaflet's maximum for this person; within its range (the prescriber decides); below it; or the leaflet
gives no figure for this person. It never approves a dose: it places it against the leaflet.

    check(query, amount) -> DoseCheck
    convert(value, unit, to_unit) -> Quantity      ("how many mg is 25 micrograms?")
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Optional, Tuple

from baclofen.dosing import limits
from baclofen.dosing.limits import MICROGRAMS_PER_MG
from baclofen.dosing.lookup import (INTRATHECAL, ORAL, DoseQuery, adult_ceiling, band_ages, child_cautions,
                                    screening_range)
from baclofen.dosing.person import (DoseInputError, check_age, check_weight, check_weight_for_age, describe_person,
                                    is_child)
from baclofen.prose import Prose
from baclofen.quantities import Number, Quantity, quantity_range, round_dose

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
    section: int = field(default_factory=limits.dosing_section)


def convert(value: float, unit: str, to_unit: str) -> Quantity:
    """mg <-> micrograms, exactly (1 mg = 1000 micrograms)."""
    amount = ProposedDose(value, unit)
    if to_unit == "mg":
        return Quantity(amount.mg, "mg", exact=True)
    if to_unit == "micrograms":
        return Quantity(amount.micrograms, "micrograms", exact=True)
    raise DoseInputError(f"I can convert between mg and micrograms, not to \"{to_unit}\".")


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


def _place(amount: float, lowest: float, highest: float) -> str:
    """An amount against the lowest and the highest figure the leaflet gives this person, in the same unit."""
    if amount > highest:
        return ABOVE
    if amount < lowest:
        return BELOW
    return WITHIN


def _daily(amount: ProposedDose, doses_per_day: int) -> Tuple[float, Optional[Prose]]:
    """The amount a day in mg, and how that was worked out when the message gave it per dose."""
    if amount.per == "dose" or amount.times_a_day:
        times = amount.times_a_day or doses_per_day
        daily = amount.mg * times
        return daily, Prose.of(Quantity(amount.mg, "mg"), " at a time, ", Quantity(times, "doses"), " a day, is ",
                               Quantity(daily, "mg"), " a day")
    return amount.mg, None


def _adult_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = limits.adult_oral()
    ceiling = adult_ceiling()
    start = Quantity(oral.start_mg_per_day, "mg")
    who = describe_person(query.age_years, query.age_group)
    compared = Prose.of("the leaflet's figures by mouth for ", who, ": start at ", start, " a day (as ",
                        Quantity(oral.doses_per_day, "doses"), "), raised gradually, not above ", ceiling, " a day")
    if amount.per_kg:
        return DoseCheck(NO_FIGURE, said, compared, (Prose.of(
            "The leaflet gives adult doses in mg a day, not per kg of body weight; its ",
            Quantity(limits.child_oral().start_mg_per_kg_per_day, "mg per kg a day"),
            " is the children's starting dose."),))
    daily, worked = _daily(amount, oral.doses_per_day)
    notes = [Prose.of("Worked out: ", worked, ".")] if worked else []
    if (amount.per == "dose" or amount.times_a_day) and amount.mg == oral.start_mg_per_day:
        notes.append(Prose.of("The leaflet's ", start, " is for the whole day, as ",
                              Quantity(oral.doses_per_day, "doses"), " of ", Quantity(oral.start_mg_per_dose, "mg"),
                              "."))
    if amount.per is None and not amount.times_a_day:
        notes.append(Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
    verdict = _place(daily, oral.start_mg_per_day, oral.ceiling_mg_per_day.high)
    if verdict == WITHIN and daily > oral.ceiling_mg_per_day.low:
        notes.append(Prose.of("That is at the leaflet's maximum (", ceiling, " a day): it must not go higher."))
    verdict = _as_start(amount, verdict, daily, start, oral.doses_per_day, notes)
    if limits.group_of(query.age_years, query.age_group) == limits.ELDERLY:
        notes.append(Prose.of("For older people the leaflet says to start lower than the usual adult start; the "
                              "maintenance dose is the adult one."))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _child_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = limits.child_oral()
    years, kg = query.age_years, query.weight_kg
    who = describe_person(years, None)
    if not limits.oral_covered(years):
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
            "The leaflet gives no oral dose for children under ", Quantity(oral.min_age_years, "years"),
            ": ask the child's specialist."),))
    day = limits.child_oral_day(years, kg)
    band = day.band.mg_per_day
    per_kg = oral.maintenance_mg_per_kg_per_day
    compared = Prose.of("the leaflet's figures by mouth for ", who, ": start at ",
                        Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"), " (in ",
                        Quantity(oral.doses_per_day, "doses"), "), maintenance ",
                        quantity_range(per_kg.low, per_kg.high, "mg per kg a day"), " and ",
                        quantity_range(band.low, band.high, "mg"), " a day for ages ", band_ages(day.band))
    over_adult_age = (_adult_doses_over_age(),) if years > oral.adult_doses_above_age_years else ()
    if amount.per_kg:
        rate, worked_rate = _per_kg_rate(amount, oral.doses_per_day, kg)
        notes = list(worked_rate)
        if kg is not None:
            notes.append(_by_weight(day, kg))
            if day.weight_capped:
                notes.append(_capped_by_age(day))
            verdict = _place(rate * kg, day.floor_mg, day.top_mg)  # in mg a day, as any amount a day is judged
            verdict = _as_start(amount, verdict, rate * kg, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
        else:
            verdict = _place(rate, oral.start_mg_per_kg_per_day, per_kg.high)
            notes.append(Prose.of("The leaflet also caps maintenance by age (", _top_by_age(day.band), "): tell me "
                                  "the child's weight to check that too."))
        if amount.unit == "micrograms":
            notes.append(_micrograms_per_kg_note())
        notes.append(Prose.of("Each day's amount is then split into ", Quantity(oral.doses_per_day, "doses"), "."))
        return DoseCheck(verdict, said, compared, tuple(notes) + over_adult_age + child_cautions(years))
    notes = []
    daily, worked = _daily(amount, oral.doses_per_day)
    if worked:
        notes.append(Prose.of("Worked out: ", worked, "."))
    elif not amount.times_a_day and amount.per is None:
        notes.append(Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
    if kg is not None:
        notes.append(Prose.of("For ", Quantity(kg, "kg"), " that is a start of ", Quantity(day.start_mg, "mg"),
                              " a day (", Quantity(day.start_mg / oral.doses_per_day, "mg"), " per dose) and "
                              "maintenance of ", _maintenance_for_weight(day), " a day."))
    else:
        notes.append(Prose.of("The starting dose depends on weight (", Quantity(oral.start_mg_per_kg_per_day,
                                                                                 "mg per kg a day"),
                              "): tell me the child's weight for the figures."))
    verdict = _place(daily, day.floor_mg, day.top_mg)
    if kg is not None:
        verdict = _as_start(amount, verdict, daily, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
    return DoseCheck(verdict, said, compared, tuple(notes) + over_adult_age + child_cautions(years))


@functools.lru_cache(maxsize=None)
def _adult_doses_over_age() -> Prose:
    """The leaflet's second rule for older children, said beside the lower child figure used."""
    return Prose.of("The leaflet also says children over ", Number(limits.child_oral().adult_doses_above_age_years),
                    " may take adult doses (up to ", adult_ceiling(), " a day); it contradicts itself, so the lower "
                    "child figure is used here.")


def _top_by_age(band: limits.AgeBand) -> Prose:
    """"up to 60 mg a day for ages over 8 years"."""
    return Prose.of("up to ", Quantity(band.mg_per_day.high, "mg"), " a day for ages ", band_ages(band))


def _maintenance_for_weight(day: limits.ChildOralDay) -> Prose:
    """The maintenance a day the lookup gives for the weight: its range capped by age, or, when even its low is above
    the top by age, the age band alone (the lookup then shows only the band)."""
    if day.by_weight is not None:
        return Prose.of(quantity_range(day.by_weight.low, day.by_weight.high, "mg"))
    if day.band is not None:
        return Prose.of(quantity_range(day.band.mg_per_day.low, day.band.mg_per_day.high, "mg"))
    return Prose.of(quantity_range(None, day.top_mg, "mg"))


def _capped_by_age(day: limits.ChildOralDay) -> Prose:
    """Said when the weight's maintenance top passes the top by age: the leaflet's age figures cap it."""
    by_weight = Quantity(day.by_weight_uncapped.high, "mg")
    if day.band is not None:
        return Prose.of("By weight that would be up to ", by_weight, " a day, but the leaflet caps a child's "
                        "maintenance by age: ", _top_by_age(day.band), ".")
    highest = limits.highest_band()
    return Prose.of("By weight that would be up to ", by_weight, " a day, but the leaflet gives no child more than ",
                    Quantity(day.top_mg, "mg"), " a day by age (its figure for ages ", band_ages(highest), ").")


def _as_start(amount: ProposedDose, verdict: str, daily_mg: float, start: Quantity, doses_per_day: int,
              notes: list) -> str:
    """Proposed as the starting dose: placed against the leaflet's start, not only its range. Compared as the lookup
    shows the start (rounded, a dose or a day), so the figure it gave, proposed back, is not "above"."""
    if not amount.as_start:
        return verdict
    times = (amount.times_a_day or doses_per_day) if amount.per == "dose" or amount.times_a_day else 1
    if round_dose(daily_mg / times) > round_dose(start.value / times):
        notes.append(Prose.of("As a starting dose: the leaflet starts at ", start, " a day, so ", Quantity(daily_mg, "mg"),
                              " a day is above its start."))
        return ABOVE
    return verdict


def _micrograms_per_kg_note() -> Prose:
    start = limits.child_oral().start_mg_per_kg_per_day
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


def _by_weight(day: limits.ChildOralDay, kg: float) -> Prose:
    """A child's start (a day and per dose) and maintenance range worked out from the weight, capped by age."""
    doses = limits.child_oral().doses_per_day
    return Prose.of("For ", Quantity(kg, "kg"), " the leaflet's figures work out to a start of ",
                    Quantity(day.start_mg, "mg"), " a day (", Quantity(day.start_mg / doses, "mg"), " per dose, ",
                    Quantity(doses, "doses"), " a day) and maintenance of ", _maintenance_for_weight(day), " a day.")


def _child_oral_by_weight(kg: Optional[float], amount: ProposedDose, said: Prose) -> DoseCheck:
    """A child whose age is not known: the figures per kg (worked out for the weight when it is known), never above
    the highest figure the leaflet gives any child's age; the child's own age band may set a lower top."""
    oral = limits.child_oral()
    per_kg = oral.maintenance_mg_per_kg_per_day
    compared = Prose.of("the leaflet's figures by mouth for a child (age not given): start at ",
                        Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"), " (in ",
                        Quantity(oral.doses_per_day, "doses"), "), maintenance ",
                        quantity_range(per_kg.low, per_kg.high, "mg per kg a day"))
    day = limits.child_oral_day(None, kg) if kg is not None else None
    notes = [_by_weight(day, kg)] if day is not None else []
    if day is not None and day.weight_capped:
        notes.append(_capped_by_age(day))
    if amount.per_kg:
        rate, worked = _per_kg_rate(amount, oral.doses_per_day, kg)
        notes[:0] = worked
        if amount.unit == "micrograms":
            notes.append(_micrograms_per_kg_note())
        if day is None:
            verdict = _place(rate, oral.start_mg_per_kg_per_day, per_kg.high)
        else:
            verdict = _place(rate * kg, day.floor_mg, day.top_mg)  # in mg a day, as any amount a day is judged
            verdict = _as_start(amount, verdict, rate * kg, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
    else:
        daily, worked_daily = _daily(amount, oral.doses_per_day)
        if worked_daily:
            notes.insert(0, Prose.of("Worked out: ", worked_daily, "."))
        elif amount.per is None:
            notes.insert(0, Prose.of("The leaflet's figures are amounts a day; this is read as the total for a day."))
        verdict = _place(daily, day.floor_mg, day.top_mg)
        verdict = _as_start(amount, verdict, daily, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
    youngest = oral.bands[0].mg_per_day
    notes.append(Prose.of("The leaflet also caps maintenance by age (from ",
                          quantity_range(youngest.low, youngest.high, "mg"), " a day at the youngest): tell me the "
                          "child's age to check that too."))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _intrathecal(query: DoseQuery, amount: ProposedDose, said: Prose, child: bool) -> DoseCheck:
    if child and (not limits.intrathecal_covered(query.age_years) or query.origin == "spinal"):
        return _child_intrathecal(query, amount, said)  # no figure for this child, whatever the amount
    if amount.per_kg:
        return DoseCheck(NO_FIGURE, said, Prose.of("the leaflet's intrathecal figures for ",
                                                   describe_person(query.age_years, query.age_group)), (Prose.of(
            "The leaflet gives intrathecal doses in micrograms, not per kg of body weight."),))
    if amount.times_a_day:  # several a day: the day's amount, against the figures a day
        worked = Prose.of("Worked out: ", Quantity(amount.value, amount.unit), " at a time, ",
                          Quantity(amount.times_a_day, "doses"), " a day, is ",
                          Quantity(amount.value * amount.times_a_day, amount.unit), " a day.")
        result = _intrathecal(query, ProposedDose(amount.value * amount.times_a_day, amount.unit, "day"), said, child)
        return replace(result, notes=(worked,) + result.notes)
    if child:
        return _child_intrathecal(query, amount, said)
    it = limits.adult_intrathecal()
    ceiling = it.screening_ceiling_micrograms
    who = describe_person(query.age_years, query.age_group)
    compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ", screening_range(),
                        ", raised in steps of ", Quantity(it.step_micrograms, "micrograms"), " up to ",
                        Quantity(ceiling, "micrograms"), "; no maintenance figure")
    verdict = _place(amount.micrograms, it.screening_micrograms.low, ceiling)
    if verdict == ABOVE and amount.per == "day":
        verdict = NO_FIGURE  # a day's amount is maintenance, for which the leaflet gives adults no figure
    notes = _units_note(amount) + _non_responder(amount)
    if amount.per == "day":
        child_it = limits.child_intrathecal()
        range_ = child_it.maintenance_micrograms_per_day
        notes += (Prose.of("The leaflet gives no adult maintenance amount a day: the specialist sets it. Its only "
                           "maintenance range, ", quantity_range(range_.low, range_.high, "micrograms"),
                           " a day, is for children under ", Quantity(child_it.maintenance_below_age_years, "years"),
                           "."),)
    return DoseCheck(verdict, said, compared, notes)


def _child_intrathecal(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    it = limits.child_intrathecal()
    years = query.age_years
    who = describe_person(years, None)
    if not limits.intrathecal_covered(years):
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
            "The leaflet gives no intrathecal dose for children under ", Quantity(it.min_age_years, "years"),
            ": ask the child's specialist."),))
    if query.origin == "spinal":
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (Prose.of(
            "The leaflet does not recommend intrathecal baclofen for children with spasticity of spinal origin."),))
    start = Quantity(it.start_micrograms, "micrograms")
    maintenance = limits.child_intrathecal_maintenance(years)
    value = amount.micrograms
    notes = _units_note(amount)
    if maintenance is not None:
        compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ", start, " (ages ",
                            quantity_range(it.min_age_years, it.max_age_years, "years"), "), maintenance ",
                            quantity_range(maintenance.low, maintenance.high, "micrograms"), " a day")
        verdict = _place(value, min(maintenance.low, it.start_micrograms), maintenance.high)
        if verdict == BELOW:
            notes += (Prose.of("The leaflet's lowest maintenance figure is ", Quantity(maintenance.low, "micrograms"),
                               " a day, and its test dose is ", start, "."),)
    else:
        compared = Prose.of("the leaflet's intrathecal figures for ", who, ": a test dose of ", start,
                            "; maintenance as for adults, for which the leaflet gives no figure")
        # As for adults: the child's test dose, raised as the adults' is, up to the adults' test-dose ceiling; above
        # it only maintenance amounts remain, for which the leaflet gives no figure.
        verdict = _place(value, it.start_micrograms, limits.adult_intrathecal().screening_ceiling_micrograms)
        if verdict == ABOVE:
            verdict = NO_FIGURE
    return DoseCheck(verdict, said, compared, notes + child_cautions(years))


def _non_responder(amount: ProposedDose) -> Tuple[Prose, ...]:
    """Above the test-dose ceiling: the leaflet's rule for those who do not respond at it."""
    ceiling = limits.adult_intrathecal().screening_ceiling_micrograms
    if amount.per == "day" or amount.micrograms <= ceiling:
        return ()
    return (Prose.of("The leaflet says that someone who does not respond to ", Quantity(ceiling, "micrograms"),
                     " is not suitable for intrathecal treatment; the test dose is not raised above it."),)


def _units_note(amount: ProposedDose) -> Tuple[Prose, ...]:
    if amount.unit == "mg":
        return (Prose.of("Mind the units: intrathecal doses are in micrograms; ", Quantity(amount.value, "mg"), " is ",
                         Quantity(amount.micrograms, "micrograms", exact=True), "."),)
    return ()


def _needs_age(said: Prose, amount: ProposedDose, route: str) -> DoseCheck:
    if route == INTRATHECAL:
        ceiling = limits.adult_intrathecal().screening_ceiling_micrograms
        compared = Prose.of("the leaflet's adult intrathecal test dose of ", screening_range(), ", up to ",
                            Quantity(ceiling, "micrograms"))
        verdict = ABOVE if amount.micrograms > ceiling else NEEDS_AGE
        return DoseCheck(verdict, said, compared, _units_note(amount) + _non_responder(amount) + (Prose.of(
            "Children's figures differ: how old is the person?"),))
    oral = limits.adult_oral()
    daily = amount.mg * (amount.times_a_day or (oral.doses_per_day if amount.per == "dose" else 1))
    compared = Prose.of("the leaflet's largest figure by mouth, for adults: not above ", adult_ceiling(), " a day "
                        "(children's figures are lower and depend on age and weight)")
    verdict = ABOVE if not amount.per_kg and daily > oral.ceiling_mg_per_day.high else NEEDS_AGE
    return DoseCheck(verdict, said, compared, (Prose.of("How old is the person? The figures depend on age (and, for a "
                                                        "child, weight)."),))
