"""Dose lookup: who the person is -> what the leaflet's section 2 says, as structured figures.

Plain Python, no Rasa import. Every number comes from baclofen/dosing/limits.py (which reads knowledge/baclofen.yml),
the one source the dose check uses too; the words come from knowledge/baclofen.yml. This module only selects and
says. Bad input raises DoseInputError (baclofen.dosing.person), whose prose is a sentence the assistant can say.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from baclofen import knowledge
from baclofen.dosing import limits
from baclofen.dosing.person import (
    POPULATIONS, DoseInputError, WeightNeeded, check_age, check_weight_for_age, describe_person, is_child,
)
from baclofen import prose
from baclofen.prose import Prose
from baclofen.quantities import Amount, Number, Quantity, QuantityRange, quantity_range

ORAL = "oral"
INTRATHECAL = "intrathecal"
ROUTES = (ORAL, INTRATHECAL)


@dataclass(frozen=True, slots=True)
class Figure:
    """One labelled line of a dose answer: what it is, the amount (if any) and the words around it."""

    key: str  # stable id for channel renderers: initial, per_dose, titration, maintenance_by_weight, ...
    label: str
    amount: Optional[Amount]
    detail: Prose = Prose()
    approximate: bool = False  # the amount was rounded for display


@dataclass(frozen=True, slots=True)
class DoseQuery:
    route: Optional[str]  # None only when needs_route() says the route changes nothing
    age_years: Optional[float] = None
    age_group: Optional[str] = None  # "adult" or "elderly" when no exact age is known
    weight_kg: Optional[float] = None
    renal_impairment: bool = False
    origin: Optional[str] = None  # "spinal" or "cerebral"


@dataclass(frozen=True, slots=True)
class DoseAnswer:
    population: str  # adult, elderly, child, renal, not_covered
    route: Optional[str]
    covered: bool  # False: the leaflet gives no figure for this person; the answer refers them on
    query: DoseQuery  # what was asked: the person named from it, read back by the hotline
    figures: Tuple[Figure, ...] = ()
    cautions: Tuple[Prose, ...] = ()
    section: int = field(default_factory=limits.dosing_section)

    @property
    def who(self) -> Prose:
        """"Baclofen by mouth for a child of 3 years, 14 kg": said of the query, when the answer is rendered."""
        return _describe(self.query)

    def figure(self, key: str) -> Optional[Figure]:
        return next((f for f in self.figures if f.key == key), None)


# ---------------------------------------------------------------- what the lookup needs

def needs_route(age_years: Optional[float], age_group: Optional[str]) -> bool:
    """False only below every route's youngest covered age, where no route has a figure."""
    return not (is_child(age_years, age_group) and age_years < limits.youngest_covered_age())


def default_route(route: Optional[str], age_years: Optional[float], age_group: Optional[str]) -> Optional[str]:
    """The route a dose answer uses: the one named, else tablets (the common case) where the route matters; the
    answer then says that intrathecal dosing differs, rather than asking a route question it does not need."""
    if route is None and needs_route(age_years, age_group):
        return ORAL
    return route


def needs_weight(age_years: Optional[float], age_group: Optional[str], route: Optional[str]) -> bool:
    """A child's oral dose is per kilogram; nothing else in the leaflet depends on weight."""
    return route == ORAL and is_child(age_years, age_group) and limits.oral_covered(age_years)


# ---------------------------------------------------------------- the lookup

def lookup(query: DoseQuery) -> DoseAnswer:
    if query.age_years is None and query.age_group not in POPULATIONS:
        raise DoseInputError("I need the age to find the dose. How old is the person?")
    if query.age_years is not None:
        check_age(query.age_years)
    if query.weight_kg is not None:
        check_weight_for_age(query.weight_kg, query.age_years)
    if query.route is None and query.age_years is not None and not needs_route(query.age_years, query.age_group):
        return _not_covered(query, Prose.of(
            "The leaflet gives no dose for children under ", Quantity(limits.child_oral().min_age_years, "years"),
            " by mouth, nor under ", Quantity(limits.child_intrathecal().min_age_years, "years"), " intrathecal."))
    if query.route not in ROUTES:
        raise DoseInputError(f"I don't know the route \"{query.route}\". Is it by mouth (oral) or intrathecal?")

    if query.renal_impairment:
        return DoseAnswer("renal", query.route, False, query,
                          cautions=(_sentence(knowledge.dosing()["special_populations"]["renal_failure"]["advice"]),
                                    Prose.of("The leaflet gives no reduced figure, so I can't give one: "
                                             "the prescriber sets the dose.")))
    group = limits.group_of(query.age_years, query.age_group)
    if query.route == ORAL:
        if group == limits.CHILD:
            return _child_oral(query)
        return _adult_oral(query, elderly=group == limits.ELDERLY)
    if group == limits.CHILD:
        return _child_intrathecal(query)
    return _adult_intrathecal(query, elderly=group == limits.ELDERLY)


def _adult_oral(query: DoseQuery, elderly: bool) -> DoseAnswer:
    figures, cautions = _adult_oral_parts(elderly)
    return DoseAnswer("elderly" if elderly else "adult", ORAL, True, query, figures, cautions)


def adult_ceiling() -> QuantityRange:
    """The adult maximum by mouth (mg a day), as the lookup and the check both say it."""
    ceiling = limits.adult_oral().ceiling_mg_per_day
    return quantity_range(ceiling.low, ceiling.high, "mg")


@functools.lru_cache(maxsize=None)
def _adult_oral_parts(elderly: bool) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    """The adult figures depend on nothing but the knowledge file: built once."""
    oral = limits.adult_oral()
    daily = Quantity(oral.start_mg_per_day, "mg")
    per_dose = Quantity(oral.start_mg_per_dose, "mg")
    review = Prose.of("If there is no benefit after ", Quantity(oral.review_after_weeks, "weeks"),
                      ", tell the doctor, who decides how to stop.")
    if elderly:
        start = Figure("initial", "Starting dose", None,
                       Prose.of("a lower starting dose than the usual adult start of ", daily, " a day; the doctor chooses it"))
        cautions: Tuple[Prose, ...] = (_sentence(knowledge.dosing()["special_populations"]["elderly"]["advice"]),)
    else:
        start = Figure("initial", "Starting dose", daily,
                       Prose.of("a day, as ", Quantity(oral.doses_per_day, "doses"), " of ", per_dose))
        cautions = ()
    figures = (
        start,
        Figure("titration", "Increase", None, Prose.of(knowledge.dosing()["adult"]["oral"]["titration"])),
        Figure("ceiling", "Maximum", adult_ceiling(), Prose.of("a day; do not go above it")),
        Figure("review", "Review", None, review),
    )
    return figures, cautions


def _adult_intrathecal(query: DoseQuery, elderly: bool) -> DoseAnswer:
    figures, cautions = _adult_intrathecal_parts(elderly)
    return DoseAnswer("elderly" if elderly else "adult", INTRATHECAL, True, query, figures, cautions)


@functools.lru_cache(maxsize=None)
def _adult_intrathecal_parts(elderly: bool) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    it = limits.adult_intrathecal()
    words = knowledge.dosing()["adult"]["intrathecal"]
    step = Quantity(it.step_micrograms, "micrograms")
    ceiling = Quantity(it.screening_ceiling_micrograms, "micrograms")
    window = it.response_window_hours
    figures = (
        Figure("before_start", "Before starting", None, Prose.of(words["before_start"])),
        Figure("screening", "Test dose", screening_range(),
               Prose.of("infused over at least ", Quantity(it.screening_infusion_min_minutes, "minutes"))),
        Figure("step", "If no response", step,
               Prose.of("more per step, at least ", Quantity(it.step_interval_min_hours, "hours"), " apart, up to ",
                        ceiling, ", until there is a response within ",
                        quantity_range(window.low, window.high, "hours"))),
        Figure("non_responder", "Not suitable", ceiling, Prose.of(words["non_responder"])),
        Figure("maintenance", "Maintenance", None,
               Prose.of("the leaflet gives no adult maintenance figure; the specialist sets it")),
    )
    cautions: Tuple[Prose, ...] = (_sentence(knowledge.precautions()["infection"]["advice"]),)
    if elderly:
        cautions += (_sentence(knowledge.dosing()["special_populations"]["elderly"]["advice"]),)
    return figures, cautions


def screening_range() -> QuantityRange:
    """The adult intrathecal test dose (micrograms), as the lookup and the check both say it."""
    screening = limits.adult_intrathecal().screening_micrograms
    return quantity_range(screening.low, screening.high, "micrograms")


def _child_oral(query: DoseQuery) -> DoseAnswer:
    oral = limits.child_oral()
    years = query.age_years
    if not limits.oral_covered(years):
        return _not_covered(query, Prose.of("The leaflet gives no oral dose for children under ",
                                                 Quantity(oral.min_age_years, "years"), "."))
    if query.weight_kg is None:
        raise WeightNeeded("For a child, the dose is worked out from body weight. How much does the child weigh (kg or lb)?")
    day = limits.child_oral_day(years, query.weight_kg)
    cautions = []
    if day.start_capped:
        cautions.append(Prose.of("By weight the start would be above the adult starting dose, so it is capped at ",
                                 Quantity(day.start_mg, "mg"), " a day."))
    daily_q = Quantity(day.start_mg, "mg")
    per_dose = Quantity(day.start_mg / oral.doses_per_day, "mg")
    if day.weight_capped:
        cautions.append(Prose.of("By weight the maintenance dose would pass the top of the age band, so it is "
                                 "capped at ", Quantity(day.age_top_mg, "mg"), " a day."))
    if day.by_weight is None:
        cautions.append(Prose.of("By weight the maintenance dose would start above the age band's top, so only the "
                                 "age band is shown."))

    text = _child_oral_texts()
    figures = [
        Figure("initial", "Starting dose", daily_q, text["initial"]),
        Figure("per_dose", "Split", per_dose, text["per_dose"], approximate=per_dose.is_rounded),
        text["titration"],
    ]
    if day.by_weight is not None:
        figures.append(Figure("maintenance_by_weight", "Maintenance by weight",
                              quantity_range(day.by_weight.low, day.by_weight.high, "mg"), text["by_weight"]))
    figures.append(band_figure(day.band.from_years))

    if day.on_border:
        cautions.append(_bands_touch(years))
    if years > oral.adult_doses_above_age_years:
        cautions.append(_adult_doses_over_age())
    cautions.extend(child_cautions(years))
    return DoseAnswer("child", ORAL, True, query, tuple(figures), tuple(cautions))


def _bands_touch(years: float) -> Prose:
    """At an age where two bands meet, both are named and the lower is used."""
    lower = limits.band_ending_at(years)
    return Prose.of("At exactly ", Quantity(years, "years"), " the leaflet's age bands touch (",
                    quantity_range(lower.mg_per_day.low, lower.mg_per_day.high, "mg"), " and ",
                    band_figure(years).amount, " a day); the lower band is shown, to be safe.")


@functools.lru_cache(maxsize=None)
def _adult_doses_over_age() -> Prose:
    """The leaflet's second rule for older children, said beside the band it contradicts."""
    return Prose.of("The leaflet also says children over ", Number(limits.child_oral().adult_doses_above_age_years),
                    " may take adult doses (start ", Quantity(limits.adult_oral().start_mg_per_day, "mg"),
                    " a day, maximum ", adult_ceiling(), " a day); it contradicts itself here, so the lower child "
                    "figure is shown.")


def child_oral_before_weight(query: DoseQuery) -> DoseAnswer:
    """A child's figures by mouth that need no weight: the rates per kg and the age band's maintenance, said while
    the weight is asked for (so a question about the maximum is answered at once)."""
    oral = limits.child_oral()
    years = query.age_years
    if years is None or not is_child(check_age(years), query.age_group) or not limits.oral_covered(years):
        raise DoseInputError("Figures before the weight are only for children from the leaflet's youngest oral age.")
    band, on_border = limits.oral_band(years)
    per_kg = oral.maintenance_mg_per_kg_per_day
    figures = (
        Figure("initial", "Starting dose", Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"),
               Prose.of("split into ", Quantity(oral.doses_per_day, "doses"))),
        _child_oral_texts()["titration"],
        Figure("maintenance_by_weight", "Maintenance by weight",
               quantity_range(per_kg.low, per_kg.high, "mg per kg a day")),
        band_figure(band.from_years),
    )
    cautions = []
    if on_border:
        cautions.append(_bands_touch(years))
    if years > oral.adult_doses_above_age_years:
        cautions.append(_adult_doses_over_age())
    cautions.extend(child_cautions(years))
    return DoseAnswer("child", ORAL, True, query, figures, tuple(cautions))


@functools.lru_cache(maxsize=None)
def _child_oral_texts() -> Dict[str, Any]:
    """The words around a child's oral figures: fixed by the knowledge file, built once."""
    oral = limits.child_oral()
    per_kg = oral.maintenance_mg_per_kg_per_day
    return {
        "initial": Prose.of("a day (", Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"), ")"),
        "per_dose": Prose.of("per dose, ", Quantity(oral.doses_per_day, "doses"), " a day"),
        "titration": Figure("titration", "Increase", None,
                            Prose.of("every ", Quantity(oral.titration_interval_days, "days"),
                                     " until the wanted effect is reached")),
        "by_weight": Prose.of("a day (", quantity_range(per_kg.low, per_kg.high, "mg per kg a day"), ")"),
    }


def band_ages(band: limits.AgeBand) -> Prose:
    """"2-6 years", or "over 8 years" for the band with no upper age."""
    if band.to_years is not None:
        return Prose.of(quantity_range(band.from_years, band.to_years, "years"))
    return Prose.of("over ", Quantity(band.from_years, "years"))


@functools.lru_cache(maxsize=None)
def band_figure(from_years: float) -> Figure:
    """The maintenance-by-age figure of the oral band starting at `from_years`, built once per band."""
    band = limits.band_from(from_years)
    return Figure("maintenance_by_age", "Maintenance by age",
                  quantity_range(band.mg_per_day.low, band.mg_per_day.high, "mg"),
                  Prose.of("a day for ages ", band_ages(band)))


def _child_intrathecal(query: DoseQuery) -> DoseAnswer:
    years = query.age_years
    if not limits.intrathecal_covered(years):
        return _not_covered(query, Prose.of("The leaflet gives no intrathecal dose for children under ",
                                                 Quantity(limits.child_intrathecal().min_age_years, "years"), "."))
    if query.origin == "spinal":
        return _not_covered(query, _sentence(knowledge.dosing()["child"]["intrathecal"]["not_for_spinal_origin"]))
    boundary = limits.child_intrathecal().maintenance_below_age_years
    figures, cautions = _child_intrathecal_parts(limits.child_intrathecal_maintenance(years) is not None,
                                                 years == boundary)
    return DoseAnswer("child", INTRATHECAL, True, query, figures, cautions + child_cautions(years))


@functools.lru_cache(maxsize=None)
def _child_intrathecal_parts(young: bool, at_boundary: bool) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    """A child's intrathecal figures depend only on which side of the maintenance age the child is: built once
    per side. `young`: at or under the age with a maintenance figure; `at_boundary`: exactly at that age."""
    it = limits.child_intrathecal()
    words = knowledge.dosing()["child"]["intrathecal"]
    figures = [Figure("initial", "Starting (test) dose", Quantity(it.start_micrograms, "micrograms"),
                      Prose.of("for ages ", quantity_range(it.min_age_years, it.max_age_years, "years")))]
    cautions = []
    boundary = it.maintenance_below_age_years
    if young:
        low, high = it.maintenance_micrograms_per_day.low, it.maintenance_micrograms_per_day.high
        figures.append(Figure("maintenance", "Maintenance", quantity_range(low, high, "micrograms"),
                              Prose.of("a day (", Quantity(high, "micrograms"), " is ",
                                       Quantity(high / limits.MICROGRAMS_PER_MG, "mg"), ")")))
        if at_boundary:
            cautions.append(Prose.of("The leaflet gives maintenance for under ", Number(boundary), " and over ",
                                     Quantity(boundary, "years"), "; at exactly ", Number(boundary), " the under-",
                                     Number(boundary), " range is shown, to be safe."))
    else:
        figures.append(Figure("maintenance", "Maintenance", None,
                              Prose.of("as for adults; the leaflet gives no adult maintenance figure, so the "
                                       "specialist sets it")))
    cautions.append(Prose.of("It is for ", words["indication"], ". ", _sentence(words["not_for_spinal_origin"])))
    return tuple(figures), tuple(cautions)


def child_cautions(years: float) -> Tuple[Prose, ...]:
    """Section 4's warning for children under the age it names, said with every child figure below it."""
    if years < limits.child_warning_below_age_years():
        return (_sentence(knowledge.precautions()["children"]["advice"]),)
    return ()


def _not_covered(query: DoseQuery, reason: Prose) -> DoseAnswer:
    return DoseAnswer("not_covered", query.route, False, query,
                      cautions=(reason, Prose.of("I can't give a dose: please ask the child's specialist.")))


@functools.lru_cache(maxsize=256)
def _sentence(text: str) -> Prose:
    return prose.parse(text.strip()).as_sentence()


_ROUTE_PREFIX = {ORAL: "Baclofen by mouth for ", INTRATHECAL: "Baclofen intrathecal for "}


def _describe(query: DoseQuery) -> Prose:
    weight = (", ", Quantity(query.weight_kg, "kg")) if query.weight_kg is not None else ()
    kidneys = ", with kidney failure" if query.renal_impairment else None
    return Prose.of(_ROUTE_PREFIX.get(query.route, "Baclofen for "), describe_person(query.age_years, query.age_group),
                    *weight, kidneys)
