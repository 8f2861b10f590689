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
from contextvars import ContextVar
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
from baclofen.wording import ENGLISH, say

ABOVE, WITHIN, BELOW, NO_FIGURE, NEEDS_AGE = "above", "within", "below", "no_figure", "needs_age"

# The language of the check under way: set by check() for its duration, so the dozen helpers that each say a
# sentence need no language argument (a context variable: each thread and task has its own).
_LANGUAGE: ContextVar[str] = ContextVar("check_language", default=ENGLISH)


def _say(key: str, **parts) -> Prose:
    return say(key, _LANGUAGE.get(), **parts)


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
            raise DoseInputError(key="check.unit_not_checked", unit=self.unit)
        if not self.value > 0:
            raise DoseInputError(key="check.amount_not_positive")

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
    language: str = ENGLISH  # the catalogue its sentences come from (baclofen/wording.py)


def convert(value: float, unit: str, to_unit: str) -> Quantity:
    """mg <-> micrograms, exactly (1 mg = 1000 micrograms)."""
    amount = ProposedDose(value, unit)
    if to_unit == "mg":
        return Quantity(amount.mg, "mg", exact=True)
    if to_unit == "micrograms":
        return Quantity(amount.micrograms, "micrograms", exact=True)
    raise DoseInputError(key="check.unit_not_converted", unit=to_unit)


def _said(amount: ProposedDose) -> Prose:
    """The proposed amount as asked, with the other unit beside it when it is micrograms vs mg."""
    if amount.per_kg:
        unit = "mg per kg a day" if amount.unit == "mg" else None
        base = (Prose.of(Quantity(amount.value, unit)) if unit
                else _say("check.said.micrograms_per_kg", amount=Quantity(amount.value, "micrograms")))
        if amount.unit == "micrograms":
            base += Prose.of(" (", Quantity(amount.mg, "mg per kg a day", exact=True), ")")
        return base
    text = Prose.of(Quantity(amount.value, amount.unit))
    if amount.unit == "micrograms" and amount.value >= MICROGRAMS_PER_MG:
        text += Prose.of(" (", Quantity(amount.mg, "mg", exact=True), ")")
    if amount.unit == "mg" and amount.value < 1:
        text += Prose.of(" (", Quantity(amount.micrograms, "micrograms", exact=True), ")")
    if amount.times_a_day:
        return text + _say("check.said.times_a_day", doses=Quantity(amount.times_a_day, "doses"))
    return text + (_say(f"check.said.per_{amount.per}") if amount.per in ("day", "dose") else "")


def micrograms_said_as_mg(mg_per_kg: float) -> bool:
    """A rate per kg a day in mg above every rate the leaflet gives, which read as micrograms is one of them (its
    start to its highest maintenance): "300 mg per kg" is the start, 300 micrograms, said in the wrong unit."""
    oral = limits.child_oral()
    highest = oral.maintenance_mg_per_kg_per_day.high
    return mg_per_kg > highest and oral.start_mg_per_kg_per_day <= mg_per_kg / MICROGRAMS_PER_MG <= highest


def above_every_ceiling(mg_per_day: float) -> bool:
    """Whether an amount a day by mouth is above the highest figure the leaflet gives anyone (the adult ceiling)."""
    return mg_per_day > limits.adult_oral().ceiling_mg_per_day.high


def check(query: DoseQuery, amount: ProposedDose, child_age_unknown: bool = False,
          language: str = ENGLISH) -> DoseCheck:
    """Places `amount` against the leaflet's figures for the person and route of `query`. `child_age_unknown`: the
    message names a child ("a 20 kg child") without an age, so the child's figures by weight are used. The result's
    sentences are in `language`."""
    token = _LANGUAGE.set(language)
    try:
        return replace(_check(query, amount, child_age_unknown), language=language)
    finally:
        _LANGUAGE.reset(token)


def _check(query: DoseQuery, amount: ProposedDose, child_age_unknown: bool) -> DoseCheck:
    if query.age_years is not None:
        check_age(query.age_years)
    if query.weight_kg is not None:
        if query.age_years is None and query.age_group is None:
            check_weight(query.weight_kg)  # no age to judge the weight against
        else:
            check_weight_for_age(query.weight_kg, query.age_years)
    said = _said(amount)
    if query.renal_impairment:
        return DoseCheck(NO_FIGURE, said, _say("check.kidneys.who"), (_say("check.kidneys.no_figure"),))
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
        return daily, _say("check.worked.daily", amount=Quantity(amount.mg, "mg"), doses=Quantity(times, "doses"),
                           daily=Quantity(daily, "mg"))
    return amount.mg, None


def _adult_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = limits.adult_oral()
    ceiling = adult_ceiling()
    start = Quantity(oral.start_mg_per_day, "mg")
    who = describe_person(query.age_years, query.age_group, _LANGUAGE.get())
    compared = _say("check.adult_oral.compared", who=who, start=start, doses=Quantity(oral.doses_per_day, "doses"),
                    ceiling=ceiling)
    if amount.per_kg:
        return DoseCheck(NO_FIGURE, said, compared, (_say(
            "check.adult_oral.not_per_kg", rate=Quantity(limits.child_oral().start_mg_per_kg_per_day,
                                                         "mg per kg a day")),))
    daily, worked = _daily(amount, oral.doses_per_day)
    notes = [_say("check.worked.out", worked=worked)] if worked else []
    if (amount.per == "dose" or amount.times_a_day) and amount.mg == oral.start_mg_per_day:
        notes.append(_say("check.adult_oral.whole_day", start=start, doses=Quantity(oral.doses_per_day, "doses"),
                          per_dose=Quantity(oral.start_mg_per_dose, "mg")))
    if amount.per is None and not amount.times_a_day:
        notes.append(_say("check.read_as_a_day"))
    verdict = _place(daily, oral.start_mg_per_day, oral.ceiling_mg_per_day.high)
    if verdict == WITHIN and daily > oral.ceiling_mg_per_day.low:
        notes.append(_say("check.adult_oral.at_maximum", ceiling=ceiling))
    verdict = _as_start(amount, verdict, daily, start, oral.doses_per_day, notes)
    if limits.group_of(query.age_years, query.age_group) == limits.ELDERLY:
        notes.append(_say("check.adult_oral.older_people"))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _child_oral(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    oral = limits.child_oral()
    years, kg = query.age_years, query.weight_kg
    who = describe_person(years, None, _LANGUAGE.get())
    if not limits.oral_covered(years):
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (_say(
            "check.child_oral.no_dose_under", age=Quantity(oral.min_age_years, "years")),))
    day = limits.child_oral_day(years, kg)
    band = day.band.mg_per_day
    per_kg = oral.maintenance_mg_per_kg_per_day
    compared = _say("check.child_oral.compared", who=who, start=Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"),
                    doses=Quantity(oral.doses_per_day, "doses"),
                    maintenance=quantity_range(per_kg.low, per_kg.high, "mg per kg a day"),
                    band=quantity_range(band.low, band.high, "mg"), ages=band_ages(day.band, _LANGUAGE.get()))
    over_adult_age = (_adult_doses_over_age(_LANGUAGE.get()),) if years > oral.adult_doses_above_age_years else ()
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
            notes.append(_say("check.child_oral.caps_by_age", top=_top_by_age(day.band)))
        if amount.unit == "micrograms":
            notes.append(_micrograms_per_kg_note())
        notes[:0] = _mg_for_micrograms(amount)
        notes.append(_say("check.child_oral.split_into", doses=Quantity(oral.doses_per_day, "doses")))
        return DoseCheck(verdict, said, compared, tuple(notes) + over_adult_age + child_cautions(years, _LANGUAGE.get()))
    notes = []
    daily, worked = _daily(amount, oral.doses_per_day)
    if worked:
        notes.append(_say("check.worked.out", worked=worked))
    elif not amount.times_a_day and amount.per is None:
        notes.append(_say("check.read_as_a_day"))
    if kg is not None:
        notes.append(_say("check.child_oral.for_weight", weight=Quantity(kg, "kg"), start=Quantity(day.start_mg, "mg"),
                          per_dose=Quantity(day.start_mg / oral.doses_per_day, "mg"),
                          maintenance=_maintenance_for_weight(day)))
    else:
        notes.append(_say("check.child_oral.start_depends_on_weight",
                          rate=Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day")))
    verdict = _place(daily, day.floor_mg, day.top_mg)
    if kg is not None:
        verdict = _as_start(amount, verdict, daily, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
    return DoseCheck(verdict, said, compared, tuple(notes) + over_adult_age + child_cautions(years, _LANGUAGE.get()))


@functools.lru_cache(maxsize=None)
def _adult_doses_over_age(language: str) -> Prose:
    """The leaflet's second rule for older children, said beside the lower child figure used."""
    return say("check.child_oral.adult_doses_over_age", language,
               age=Number(limits.child_oral().adult_doses_above_age_years), ceiling=adult_ceiling())


def _top_by_age(band: limits.AgeBand) -> Prose:
    """"up to 60 mg a day for ages over 8 years"."""
    return _say("check.child_oral.top_by_age", top=Quantity(band.mg_per_day.high, "mg"),
                ages=band_ages(band, _LANGUAGE.get()))


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
        return _say("check.child_oral.capped_by_age_band", by_weight=by_weight, top=_top_by_age(day.band))
    return _say("check.child_oral.capped_by_highest_band", by_weight=by_weight, top=Quantity(day.top_mg, "mg"),
                ages=band_ages(limits.highest_band(), _LANGUAGE.get()))


def _as_start(amount: ProposedDose, verdict: str, daily_mg: float, start: Quantity, doses_per_day: int,
              notes: list) -> str:
    """Proposed as the starting dose: placed against the leaflet's start, not only its range. Compared as the lookup
    shows the start (rounded, a dose or a day), so the figure it gave, proposed back, is not "above"."""
    if not amount.as_start:
        return verdict
    times = (amount.times_a_day or doses_per_day) if amount.per == "dose" or amount.times_a_day else 1
    if round_dose(daily_mg / times) > round_dose(start.value / times):
        notes.append(_say("check.as_start_above", start=start, daily=Quantity(daily_mg, "mg")))
        return ABOVE
    return verdict


def _mg_for_micrograms(amount: ProposedDose) -> Tuple[Prose, ...]:
    """A rate per kg in mg a thousand times the leaflet's ("16.5 kg x 300 mg per kg"): its figures read in the wrong
    unit, said so with the figure in micrograms."""
    if not (amount.per_kg and amount.unit == "mg" and micrograms_said_as_mg(amount.value)):
        return ()
    start = limits.child_oral().start_mg_per_kg_per_day
    return (_say("check.child_oral.mg_for_micrograms", amount=Quantity(amount.value, "mg"),
                 start=Quantity(start, "mg"), in_micrograms=Quantity(start * MICROGRAMS_PER_MG, "micrograms"),
                 one_mg=Quantity(1, "mg"), one_mg_in_micrograms=Quantity(MICROGRAMS_PER_MG, "micrograms")),)


def _micrograms_per_kg_note() -> Prose:
    start = limits.child_oral().start_mg_per_kg_per_day
    return _say("check.child_oral.micrograms_per_kg", start=Quantity(start, "mg per kg a day"),
                in_micrograms=Quantity(start * MICROGRAMS_PER_MG, "micrograms"), one_mg=Quantity(1, "mg"),
                one_mg_in_micrograms=Quantity(MICROGRAMS_PER_MG, "micrograms"))


def _per_kg_rate(amount: ProposedDose, doses_per_day: int, kg: Optional[float] = None) -> Tuple[float, Tuple[Prose, ...]]:
    """mg per kg a day, and how that was worked out (per dose to a day; for the weight, in mg)."""
    worked: Tuple[Prose, ...] = ()
    rate = amount.mg
    if amount.per == "dose" or amount.times_a_day:
        times = amount.times_a_day or doses_per_day
        rate = amount.mg * times
        worked = (_say("check.worked.per_kg", amount=Quantity(amount.mg, "mg per kg"), doses=Quantity(times, "doses"),
                       rate=Quantity(rate, "mg per kg a day")),)
    if kg is not None:
        if amount.unit == "micrograms":  # said in micrograms: worked out in micrograms, so nothing rounds to 0 mg
            worked += (_say("check.worked.micrograms_for_weight", weight=Quantity(kg, "kg"),
                            rate=Quantity(rate * MICROGRAMS_PER_MG, "micrograms"),
                            daily=Quantity(rate * kg * MICROGRAMS_PER_MG, "micrograms"),
                            in_mg=Quantity(rate * kg, "mg", exact=True)),)
        else:
            worked += (_say("check.worked.for_weight", weight=Quantity(kg, "kg"), rate=Quantity(rate, "mg per kg a day"),
                            daily=Quantity(rate * kg, "mg")),)
    return rate, worked


def _by_weight(day: limits.ChildOralDay, kg: float) -> Prose:
    """A child's start (a day and per dose) and maintenance range worked out from the weight, capped by age."""
    doses = limits.child_oral().doses_per_day
    return _say("check.child_oral.by_weight", weight=Quantity(kg, "kg"), start=Quantity(day.start_mg, "mg"),
                per_dose=Quantity(day.start_mg / doses, "mg"), doses=Quantity(doses, "doses"),
                maintenance=_maintenance_for_weight(day))


def _child_oral_by_weight(kg: Optional[float], amount: ProposedDose, said: Prose) -> DoseCheck:
    """A child whose age is not known: the figures per kg (worked out for the weight when it is known), never above
    the highest figure the leaflet gives any child's age; the child's own age band may set a lower top."""
    oral = limits.child_oral()
    per_kg = oral.maintenance_mg_per_kg_per_day
    compared = _say("check.child_oral.compared_no_age", start=Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"),
                    doses=Quantity(oral.doses_per_day, "doses"),
                    maintenance=quantity_range(per_kg.low, per_kg.high, "mg per kg a day"))
    day = limits.child_oral_day(None, kg) if kg is not None else None
    notes = [_by_weight(day, kg)] if day is not None else []
    if day is not None and day.weight_capped:
        notes.append(_capped_by_age(day))
    if amount.per_kg:
        rate, worked = _per_kg_rate(amount, oral.doses_per_day, kg)
        notes[:0] = _mg_for_micrograms(amount) + tuple(worked)
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
            notes.insert(0, _say("check.worked.out", worked=worked_daily))
        elif amount.per is None:
            notes.insert(0, _say("check.read_as_a_day"))
        verdict = _place(daily, day.floor_mg, day.top_mg)
        verdict = _as_start(amount, verdict, daily, Quantity(day.floor_mg, "mg"), oral.doses_per_day, notes)
    youngest = oral.bands[0].mg_per_day
    notes.append(_say("check.child_oral.caps_by_age_from", youngest=quantity_range(youngest.low, youngest.high, "mg")))
    return DoseCheck(verdict, said, compared, tuple(notes))


def _intrathecal(query: DoseQuery, amount: ProposedDose, said: Prose, child: bool) -> DoseCheck:
    if child and (not limits.intrathecal_covered(query.age_years) or query.origin == "spinal"):
        return _child_intrathecal(query, amount, said)  # no figure for this child, whatever the amount
    if amount.per_kg:
        return DoseCheck(NO_FIGURE, said, _say("check.intrathecal.figures_for", who=describe_person(
            query.age_years, query.age_group, _LANGUAGE.get())), (_say("check.intrathecal.not_per_kg"),))
    if amount.times_a_day:  # several a day: the day's amount, against the figures a day
        worked = _say("check.worked.out", worked=_say(
            "check.worked.daily", amount=Quantity(amount.value, amount.unit), doses=Quantity(amount.times_a_day, "doses"),
            daily=Quantity(amount.value * amount.times_a_day, amount.unit)))
        result = _intrathecal(query, ProposedDose(amount.value * amount.times_a_day, amount.unit, "day"), said, child)
        return replace(result, notes=(worked,) + result.notes)
    if child:
        return _child_intrathecal(query, amount, said)
    it = limits.adult_intrathecal()
    ceiling = it.screening_ceiling_micrograms
    who = describe_person(query.age_years, query.age_group, _LANGUAGE.get())
    compared = _say("check.intrathecal.compared_adult", who=who, test=screening_range(),
                    step=Quantity(it.step_micrograms, "micrograms"), ceiling=Quantity(ceiling, "micrograms"))
    verdict = _place(amount.micrograms, it.screening_micrograms.low, ceiling)
    if verdict == ABOVE and amount.per == "day":
        verdict = NO_FIGURE  # a day's amount is maintenance, for which the leaflet gives adults no figure
    notes = _units_note(amount) + _non_responder(amount)
    if amount.per == "day":
        child_it = limits.child_intrathecal()
        range_ = child_it.maintenance_micrograms_per_day
        notes += (_say("check.intrathecal.no_adult_maintenance",
                       maintenance=quantity_range(range_.low, range_.high, "micrograms"),
                       age=Quantity(child_it.maintenance_below_age_years, "years")),)
    return DoseCheck(verdict, said, compared, notes)


def _child_intrathecal(query: DoseQuery, amount: ProposedDose, said: Prose) -> DoseCheck:
    it = limits.child_intrathecal()
    years = query.age_years
    who = describe_person(years, None, _LANGUAGE.get())
    if not limits.intrathecal_covered(years):
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (_say(
            "check.intrathecal.no_dose_under", age=Quantity(it.min_age_years, "years")),))
    if query.origin == "spinal":
        return DoseCheck(NO_FIGURE, said, Prose.of(who), (_say("check.intrathecal.not_for_spinal"),))
    start = Quantity(it.start_micrograms, "micrograms")
    maintenance = limits.child_intrathecal_maintenance(years)
    value = amount.micrograms
    notes = _units_note(amount)
    if maintenance is not None:
        compared = _say("check.intrathecal.compared_child", who=who, start=start,
                        ages=quantity_range(it.min_age_years, it.max_age_years, "years"),
                        maintenance=quantity_range(maintenance.low, maintenance.high, "micrograms"))
        verdict = _place(value, min(maintenance.low, it.start_micrograms), maintenance.high)
        if verdict == BELOW:
            notes += (_say("check.intrathecal.lowest_maintenance", low=Quantity(maintenance.low, "micrograms"),
                           start=start),)
    else:
        compared = _say("check.intrathecal.compared_older_child", who=who, start=start)
        # As for adults: the child's test dose, raised as the adults' is, up to the adults' test-dose ceiling; above
        # it only maintenance amounts remain, for which the leaflet gives no figure.
        verdict = _place(value, it.start_micrograms, limits.adult_intrathecal().screening_ceiling_micrograms)
        if verdict == ABOVE:
            verdict = NO_FIGURE
    return DoseCheck(verdict, said, compared, notes + child_cautions(years, _LANGUAGE.get()))


def _non_responder(amount: ProposedDose) -> Tuple[Prose, ...]:
    """Above the test-dose ceiling: the leaflet's rule for those who do not respond at it."""
    ceiling = limits.adult_intrathecal().screening_ceiling_micrograms
    if amount.per == "day" or amount.micrograms <= ceiling:
        return ()
    return (_say("check.intrathecal.non_responder", ceiling=Quantity(ceiling, "micrograms")),)


def _units_note(amount: ProposedDose) -> Tuple[Prose, ...]:
    if amount.unit == "mg":
        return (_say("check.intrathecal.mind_the_units", amount=Quantity(amount.value, "mg"),
                     in_micrograms=Quantity(amount.micrograms, "micrograms", exact=True)),)
    return ()


def _needs_age(said: Prose, amount: ProposedDose, route: str) -> DoseCheck:
    if route == INTRATHECAL:
        ceiling = limits.adult_intrathecal().screening_ceiling_micrograms
        compared = _say("check.needs_age.intrathecal_compared", test=screening_range(),
                        ceiling=Quantity(ceiling, "micrograms"))
        verdict = ABOVE if amount.micrograms > ceiling else NEEDS_AGE
        return DoseCheck(verdict, said, compared, _units_note(amount) + _non_responder(amount) + (
            _say("check.needs_age.children_differ"),))
    oral = limits.adult_oral()
    daily = amount.mg * (amount.times_a_day or (oral.doses_per_day if amount.per == "dose" else 1))
    compared = _say("check.needs_age.oral_compared", ceiling=adult_ceiling())
    verdict = ABOVE if not amount.per_kg and daily > oral.ceiling_mg_per_day.high else NEEDS_AGE
    return DoseCheck(verdict, said, compared, (_say("check.needs_age.how_old"),))
