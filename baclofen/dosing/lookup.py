"""Dose lookup: who the person is -> what the leaflet's section 2 says, as structured figures.

Plain Python, no Rasa import. Every number comes from baclofen/dosing/limits.py (which reads knowledge/baclofen.yml),
the one source the dose check uses too; the leaflet's words come from knowledge/ and the assistant's own from the
catalogue of the language asked for (baclofen/wording.py). This module only selects and says. Bad input raises
DoseInputError (baclofen.dosing.person), whose prose is a sentence the assistant can say.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from baclofen import knowledge
from baclofen.dosing import limits
from baclofen.dosing.person import (
    POPULATIONS, DoseInputError, WeightNeeded, check_age, check_weight_for_age, describe_person, is_child,
)
from baclofen.prose import Prose
from baclofen.wording import ENGLISH, from_knowledge, say, words
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

    @classmethod
    def of_person(cls, route: Optional[str], age_years: Optional[float], age_group: Optional[str],
                  weight_kg: Optional[float], renal_impairment: bool = False, origin: Optional[str] = None
                  ) -> "DoseQuery":
        """The query for what is known of a person, however it was learnt (the dose form's slots, a story): an exact
        age wins over a group, and the route is the one named or tablets where it matters (default_route)."""
        age_group = None if age_years is not None else age_group
        return cls(default_route(route, age_years, age_group), age_years=age_years, age_group=age_group,
                   weight_kg=weight_kg, renal_impairment=renal_impairment, origin=origin)


@dataclass(frozen=True, slots=True)
class DoseAnswer:
    population: str  # adult, elderly, child, renal, not_covered
    route: Optional[str]
    covered: bool  # False: the leaflet gives no figure for this person; the answer refers them on
    query: DoseQuery  # what was asked: the person named from it, read back by the hotline
    figures: Tuple[Figure, ...] = ()
    cautions: Tuple[Prose, ...] = ()
    section: int = field(default_factory=limits.dosing_section)
    language: str = ENGLISH  # the catalogue its words come from (baclofen/wording.py)

    @property
    def who(self) -> Prose:
        """"Baclofen by mouth for a child of 3 years, 14 kg": said of the query, when the answer is rendered."""
        return _describe(self.query, self.language)

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

def lookup(query: DoseQuery, language: str = ENGLISH) -> DoseAnswer:
    if query.age_years is None and query.age_group not in POPULATIONS:
        raise DoseInputError(key="lookup.need_age")
    if query.age_years is not None:
        check_age(query.age_years)
    if query.weight_kg is not None:
        check_weight_for_age(query.weight_kg, query.age_years)
    if query.route is None and query.age_years is not None and not needs_route(query.age_years, query.age_group):
        return _not_covered(query, say(
            "lookup.no_dose_under_any_route", language, oral=Quantity(limits.child_oral().min_age_years, "years"),
            intrathecal=Quantity(limits.child_intrathecal().min_age_years, "years")), language)
    if query.route not in ROUTES:
        raise DoseInputError(key="lookup.unknown_route", route=str(query.route))

    if query.renal_impairment:
        return DoseAnswer("renal", query.route, False, query,
                          cautions=(_sentence(knowledge.dosing()["special_populations"]["renal_failure"]["advice"],
                                              language), say("lookup.no_renal_figure", language)),
                          language=language)
    group = limits.group_of(query.age_years, query.age_group)
    if query.route == ORAL:
        if group == limits.CHILD:
            return _child_oral(query, language)
        return _adult_oral(query, group == limits.ELDERLY, language)
    if group == limits.CHILD:
        return _child_intrathecal(query, language)
    return _adult_intrathecal(query, group == limits.ELDERLY, language)


@functools.lru_cache(maxsize=None)  # a handful of labels, asked for on every lookup
def _label(name: str, language: str) -> str:
    return words(f"lookup.labels.{name}", language)


def _adult_oral(query: DoseQuery, elderly: bool, language: str) -> DoseAnswer:
    figures, cautions = _adult_oral_parts(elderly, language)
    return DoseAnswer("elderly" if elderly else "adult", ORAL, True, query, figures, cautions, language=language)


def adult_ceiling() -> QuantityRange:
    """The adult maximum by mouth (mg a day), as the lookup and the check both say it."""
    ceiling = limits.adult_oral().ceiling_mg_per_day
    return quantity_range(ceiling.low, ceiling.high, "mg")


@functools.lru_cache(maxsize=None)
def _adult_oral_parts(elderly: bool, language: str) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    """The adult figures depend on nothing but the knowledge file: built once per language."""
    oral = limits.adult_oral()
    daily = Quantity(oral.start_mg_per_day, "mg")
    per_dose = Quantity(oral.start_mg_per_dose, "mg")
    review = say("lookup.adult_oral.review", language, weeks=Quantity(oral.review_after_weeks, "weeks"))
    if elderly:
        start = Figure("initial", _label("starting_dose", language), None,
                       say("lookup.adult_oral.elderly_start", language, daily=daily))
        cautions: Tuple[Prose, ...] = (_sentence(knowledge.dosing()["special_populations"]["elderly"]["advice"],
                                                 language),)
    else:
        start = Figure("initial", _label("starting_dose", language), daily,
                       say("lookup.adult_oral.start", language, doses=Quantity(oral.doses_per_day, "doses"),
                           per_dose=per_dose))
        cautions = ()
    figures = (
        start,
        Figure("titration", _label("increase", language), None,
               from_knowledge(knowledge.dosing()["adult"]["oral"]["titration"], language)),
        Figure("ceiling", _label("maximum", language), adult_ceiling(), say("lookup.adult_oral.ceiling", language)),
        Figure("review", _label("review", language), None, review),
    )
    return figures, cautions


def _adult_intrathecal(query: DoseQuery, elderly: bool, language: str) -> DoseAnswer:
    figures, cautions = _adult_intrathecal_parts(elderly, language)
    return DoseAnswer("elderly" if elderly else "adult", INTRATHECAL, True, query, figures, cautions,
                      language=language)


@functools.lru_cache(maxsize=None)
def _adult_intrathecal_parts(elderly: bool, language: str) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    it = limits.adult_intrathecal()
    text = knowledge.dosing()["adult"]["intrathecal"]
    ceiling = Quantity(it.screening_ceiling_micrograms, "micrograms")
    window = it.response_window_hours
    figures = (
        Figure("before_start", _label("before_starting", language), None,
               from_knowledge(text["before_start"], language)),
        Figure("screening", _label("test_dose", language), screening_range(),
               say("lookup.intrathecal.infused", language,
                   minutes=Quantity(it.screening_infusion_min_minutes, "minutes"))),
        Figure("step", _label("if_no_response", language), Quantity(it.step_micrograms, "micrograms"),
               say("lookup.intrathecal.step", language, hours=Quantity(it.step_interval_min_hours, "hours"),
                   ceiling=ceiling, window=quantity_range(window.low, window.high, "hours"))),
        Figure("non_responder", _label("not_suitable", language), ceiling,
               from_knowledge(text["non_responder"], language)),
        Figure("maintenance", _label("maintenance", language), None,
               say("lookup.intrathecal.no_adult_maintenance", language)),
    )
    cautions: Tuple[Prose, ...] = (_sentence(knowledge.precautions()["infection"]["advice"], language),)
    if elderly:
        cautions += (_sentence(knowledge.dosing()["special_populations"]["elderly"]["advice"], language),)
    return figures, cautions


def screening_range() -> QuantityRange:
    """The adult intrathecal test dose (micrograms), as the lookup and the check both say it."""
    screening = limits.adult_intrathecal().screening_micrograms
    return quantity_range(screening.low, screening.high, "micrograms")


def _child_oral(query: DoseQuery, language: str) -> DoseAnswer:
    oral = limits.child_oral()
    years = query.age_years
    if not limits.oral_covered(years):
        return _not_covered(query, say("lookup.no_oral_dose_under", language,
                                       age=Quantity(oral.min_age_years, "years")), language)
    if query.weight_kg is None:
        raise WeightNeeded(key="lookup.weight_needed")
    day = limits.child_oral_day(years, query.weight_kg)
    cautions = []
    if day.start_capped:
        cautions.append(_start_capped(day.start_mg, language))
    if day.weight_capped:
        cautions.append(_weight_capped(day.age_top_mg, language))
    if day.by_weight is None:
        cautions.append(_only_age_band(language))
    figures = _figures_by_weight(day.start_mg, day.by_weight, language) + (band_figure(day.band.from_years, language),)
    cautions += _older_child_cautions(years, day.on_border, language)
    return DoseAnswer("child", ORAL, True, query, figures, tuple(cautions), language=language)


@functools.lru_cache(maxsize=4096)  # bounded as limits.child_oral_day is: a few entries per weight asked about
def _figures_by_weight(start_mg: float, by_weight: Optional[limits.Span], language: str) -> Tuple[Figure, ...]:
    """A child's figures that follow from the weight (the start, its split, the maintenance by weight), with the
    titration between them. Immutable, so built once per start and maintenance and shared by every lookup of a
    weight that gives them, as limits.child_oral_day keeps a child's day per age and weight."""
    per_dose = Quantity(start_mg / limits.child_oral().doses_per_day, "mg")
    text = _child_oral_texts(language)
    figures = (
        Figure("initial", _label("starting_dose", language), Quantity(start_mg, "mg"), text["initial"]),
        Figure("per_dose", _label("split", language), per_dose, text["per_dose"], approximate=per_dose.is_rounded),
        text["titration"],
    )
    if by_weight is None:
        return figures
    return figures + (Figure("maintenance_by_weight", _label("maintenance_by_weight", language),
                             quantity_range(by_weight.low, by_weight.high, "mg"), text["by_weight"]),)


# A cap is said of a knowledge-file figure only (the adult start, an age band's top), so each caution is worded once
# per language and figure, not on every lookup.

@functools.lru_cache(maxsize=None)
def _start_capped(daily_mg: float, language: str) -> Prose:
    return say("lookup.child_oral.start_capped", language, daily=Quantity(daily_mg, "mg"))


@functools.lru_cache(maxsize=None)
def _weight_capped(top_mg: float, language: str) -> Prose:
    return say("lookup.child_oral.weight_capped", language, top=Quantity(top_mg, "mg"))


@functools.lru_cache(maxsize=None)
def _only_age_band(language: str) -> Prose:
    return say("lookup.child_oral.only_age_band", language)


def _older_child_cautions(years: float, on_border: bool, language: str) -> List[Prose]:
    """Where two age bands touch, over the age the leaflet also allows adult doses, and section 4's warning."""
    cautions = []
    if on_border:
        cautions.append(_bands_touch(years, language))
    if years > limits.child_oral().adult_doses_above_age_years:
        cautions.append(_adult_doses_over_age(language))
    cautions.extend(child_cautions(years, language))
    return cautions


def _bands_touch(years: float, language: str) -> Prose:
    """At an age where two bands meet, both are named and the lower is used."""
    lower = limits.band_ending_at(years)
    return say("lookup.child_oral.bands_touch", language, age=Quantity(years, "years"),
               lower=quantity_range(lower.mg_per_day.low, lower.mg_per_day.high, "mg"),
               upper=band_figure(years, language).amount)


@functools.lru_cache(maxsize=None)
def _adult_doses_over_age(language: str) -> Prose:
    """The leaflet's second rule for older children, said beside the band it contradicts."""
    return say("lookup.child_oral.adult_doses_over_age", language,
               age=Number(limits.child_oral().adult_doses_above_age_years),
               start=Quantity(limits.adult_oral().start_mg_per_day, "mg"), ceiling=adult_ceiling())


def child_oral_before_weight(query: DoseQuery, language: str = ENGLISH) -> DoseAnswer:
    """A child's figures by mouth that need no weight: the rates per kg and the age band's maintenance, said while
    the weight is asked for (so a question about the maximum is answered at once)."""
    oral = limits.child_oral()
    years = query.age_years
    if years is None or not is_child(check_age(years), query.age_group) or not limits.oral_covered(years):
        raise DoseInputError(key="lookup.before_weight_only_children")
    band, on_border = limits.oral_band(years)
    per_kg = oral.maintenance_mg_per_kg_per_day
    figures = (
        Figure("initial", _label("starting_dose", language), Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day"),
               say("lookup.child_oral.split_into", language, doses=Quantity(oral.doses_per_day, "doses"))),
        _child_oral_texts(language)["titration"],
        Figure("maintenance_by_weight", _label("maintenance_by_weight", language),
               quantity_range(per_kg.low, per_kg.high, "mg per kg a day")),
        band_figure(band.from_years, language),
    )
    cautions = _older_child_cautions(years, on_border, language)
    return DoseAnswer("child", ORAL, True, query, figures, tuple(cautions), language=language)


@functools.lru_cache(maxsize=None)
def _child_oral_texts(language: str) -> Dict[str, Any]:
    """The words around a child's oral figures: fixed by the knowledge file, built once per language."""
    oral = limits.child_oral()
    per_kg = oral.maintenance_mg_per_kg_per_day
    return {
        "initial": say("lookup.child_oral.initial", language,
                       rate=Quantity(oral.start_mg_per_kg_per_day, "mg per kg a day")),
        "per_dose": say("lookup.child_oral.per_dose", language, doses=Quantity(oral.doses_per_day, "doses")),
        "titration": Figure("titration", _label("increase", language), None,
                            say("lookup.child_oral.titration", language,
                                days=Quantity(oral.titration_interval_days, "days"))),
        "by_weight": say("lookup.child_oral.by_weight", language,
                         rates=quantity_range(per_kg.low, per_kg.high, "mg per kg a day")),
    }


def band_ages(band: limits.AgeBand, language: str = ENGLISH) -> Prose:
    """"2-6 years", or "over 8 years" for the band with no upper age."""
    if band.to_years is not None:
        return Prose.of(quantity_range(band.from_years, band.to_years, "years"))
    return say("lookup.over", language, age=Quantity(band.from_years, "years"))


@functools.lru_cache(maxsize=None)
def band_figure(from_years: float, language: str = ENGLISH) -> Figure:
    """The maintenance-by-age figure of the oral band starting at `from_years`, built once per band."""
    band = limits.band_from(from_years)
    return Figure("maintenance_by_age", _label("maintenance_by_age", language),
                  quantity_range(band.mg_per_day.low, band.mg_per_day.high, "mg"),
                  say("lookup.child_oral.a_day_for_ages", language, ages=band_ages(band, language)))


def _child_intrathecal(query: DoseQuery, language: str) -> DoseAnswer:
    years = query.age_years
    if not limits.intrathecal_covered(years):
        return _not_covered(query, say("lookup.no_intrathecal_dose_under", language,
                                       age=Quantity(limits.child_intrathecal().min_age_years, "years")), language)
    if query.origin == "spinal":
        return _not_covered(query, _sentence(knowledge.dosing()["child"]["intrathecal"]["not_for_spinal_origin"],
                                             language), language)
    boundary = limits.child_intrathecal().maintenance_below_age_years
    figures, cautions = _child_intrathecal_parts(limits.child_intrathecal_maintenance(years) is not None,
                                                 years == boundary, language)
    return DoseAnswer("child", INTRATHECAL, True, query, figures, cautions + child_cautions(years, language),
                      language=language)


@functools.lru_cache(maxsize=None)
def _child_intrathecal_parts(young: bool, at_boundary: bool,
                             language: str) -> Tuple[Tuple[Figure, ...], Tuple[Prose, ...]]:
    """A child's intrathecal figures depend only on which side of the maintenance age the child is: built once
    per side. `young`: at or under the age with a maintenance figure; `at_boundary`: exactly at that age."""
    it = limits.child_intrathecal()
    text = knowledge.dosing()["child"]["intrathecal"]
    figures = [Figure("initial", _label("starting_test_dose", language), Quantity(it.start_micrograms, "micrograms"),
                      say("lookup.child_oral.for_ages", language,
                          ages=quantity_range(it.min_age_years, it.max_age_years, "years")))]
    cautions = []
    boundary = it.maintenance_below_age_years
    if young:
        low, high = it.maintenance_micrograms_per_day.low, it.maintenance_micrograms_per_day.high
        figures.append(Figure("maintenance", _label("maintenance", language), quantity_range(low, high, "micrograms"),
                              say("lookup.intrathecal.child_maintenance", language,
                                  high=Quantity(high, "micrograms"),
                                  in_mg=Quantity(high / limits.MICROGRAMS_PER_MG, "mg"))))
        if at_boundary:
            cautions.append(say("lookup.intrathecal.at_boundary", language, age=Number(boundary),
                                years=Quantity(boundary, "years")))
    else:
        figures.append(Figure("maintenance", _label("maintenance", language), None,
                              say("lookup.intrathecal.older_child_maintenance", language)))
    cautions.append(say("lookup.intrathecal.indication", language,
                        indication=from_knowledge(text["indication"], language),
                        not_for_spinal=_sentence(text["not_for_spinal_origin"], language)))
    return tuple(figures), tuple(cautions)


def child_cautions(years: float, language: str = ENGLISH) -> Tuple[Prose, ...]:
    """Section 4's warning for children under the age it names, said with every child figure below it."""
    if years < limits.child_warning_below_age_years():
        return (_sentence(knowledge.precautions()["children"]["advice"], language),)
    return ()


def _not_covered(query: DoseQuery, reason: Prose, language: str) -> DoseAnswer:
    return DoseAnswer("not_covered", query.route, False, query,
                      cautions=(reason, say("lookup.ask_the_specialist", language)), language=language)


@functools.lru_cache(maxsize=256)
def _sentence(text: str, language: str = ENGLISH) -> Prose:
    return from_knowledge(text.strip(), language).as_sentence()


def _describe(query: DoseQuery, language: str = ENGLISH) -> Prose:
    weight = say("lookup.who.weight", language, weight=Quantity(query.weight_kg, "kg")) if query.weight_kg is not None else None
    kidneys = say("lookup.who.kidneys", language) if query.renal_impairment else None
    route = query.route if query.route in ROUTES else "unknown"
    return say(f"lookup.who.{route}", language, person=describe_person(query.age_years, query.age_group, language),
               weight=weight, kidneys=kidneys)
