"""The leaflet's dose limits (section 2) as typed values: the one place the dose lookup (lookup.py) and the dose
check (check.py) take a number from, so that what the lookup says and what the check judges cannot drift apart.

Plain Python, no Rasa import, and no number of its own: every number is read from knowledge/baclofen.yml (words
stay there too, read by the modules that say them). Besides the leaflet's figures as they stand, it works out once,
for both modules, the limits that depend on the person:

- the group an age belongs to (child, adult, older adult) and whether a route has any figure at that age;
- a child's oral age band (where two bands touch, the lower one);
- a child's day by mouth in mg: the start (never above the adult start) and the top (the age band's, never above
  the adult ceiling; with a weight, the lower of that and the weight's maintenance top);
- a child's intrathecal maintenance range (under the maintenance age, and at it) or none (as for adults).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from baclofen import knowledge

CHILD, ADULT, ELDERLY = "child", "adult", "elderly"
MICROGRAMS_PER_MG = 1000  # a unit conversion, not a leaflet figure


@dataclass(frozen=True, slots=True)
class Span:
    """A range as the leaflet gives it; `low` is None for "up to high"."""

    low: Optional[float]
    high: float

    def holds(self, value: float) -> bool:
        return (self.low is None or self.low <= value) and value <= self.high

    def times(self, factor: float) -> "Span":
        """Per kg -> for a weight."""
        return Span(None if self.low is None else self.low * factor, self.high * factor)


@dataclass(frozen=True, slots=True)
class AgeBand:
    """A child's oral maintenance by age: closed [from_years, to_years]; `to_years` None has no upper age."""

    from_years: float
    to_years: Optional[float]
    mg_per_day: Span

    def holds(self, years: float) -> bool:
        return self.from_years <= years and (self.to_years is None or years <= self.to_years)


@dataclass(frozen=True, slots=True)
class AdultOral:
    start_mg_per_day: float
    doses_per_day: int
    ceiling_mg_per_day: Span  # the leaflet's "should not exceed 80-100 mg a day"
    review_after_weeks: float

    @property
    def start_mg_per_dose(self) -> float:
        return self.start_mg_per_day / self.doses_per_day


@dataclass(frozen=True, slots=True)
class ChildOral:
    min_age_years: float
    start_mg_per_kg_per_day: float
    doses_per_day: int
    titration_interval_days: float
    maintenance_mg_per_kg_per_day: Span
    bands: Tuple[AgeBand, ...]
    adult_doses_above_age_years: float  # the leaflet's second rule for older children (see its contradictions)


@dataclass(frozen=True, slots=True)
class AdultIntrathecal:
    screening_micrograms: Span
    screening_infusion_min_minutes: float
    step_micrograms: float
    step_interval_min_hours: float
    screening_ceiling_micrograms: float  # no response at it: not suitable for intrathecal treatment
    response_window_hours: Span


@dataclass(frozen=True, slots=True)
class ChildIntrathecal:
    min_age_years: float
    max_age_years: float
    start_micrograms: float
    maintenance_below_age_years: float  # at exactly this age the under-age range is kept (see contradictions)
    maintenance_micrograms_per_day: Span


@dataclass(frozen=True, slots=True)
class ChildOralDay:
    """A child's day by mouth in mg, worked out once for the lookup and the check.

    `top_mg` is the most a day the leaflet gives this child: the age band's top (the highest band's top when the age
    is not known), never above the adult ceiling, and with a weight never above the weight's maintenance top.
    """

    band: Optional[AgeBand]  # None: the age is not known
    on_border: bool  # the age is where two bands touch; the lower band is used
    age_top_mg: float  # the top by age alone (before the weight)
    top_mg: float
    start_mg: Optional[float] = None  # with a weight: weight x the start rate, never above the adult start
    start_capped: bool = False  # the weight's start was above the adult start
    by_weight: Optional[Span] = None  # maintenance by weight, capped at the top by age; None: it starts above it
    by_weight_uncapped: Optional[Span] = None  # weight x the per-kg range, before the cap by age
    weight_capped: bool = False  # the weight's maintenance top was above the top by age

    @property
    def floor_mg(self) -> float:
        """Below this a day is below the leaflet's figures: the start for the weight, else the band's lowest."""
        if self.start_mg is not None:
            return self.start_mg
        return (self.band.mg_per_day.low if self.band is not None else None) or 0


# ---------------------------------------------------------------- the leaflet's figures, read once

def _span(node: Dict[str, Any]) -> Span:
    return Span(node["low"], node["high"])


@functools.lru_cache(maxsize=None)
def dosing_section() -> int:
    """The leaflet section every limit here comes from (Dosage)."""
    return knowledge.dosing()["section"]


@functools.lru_cache(maxsize=None)
def age_in_months_below_years() -> float:
    """A project convention, not a limit: younger children are named by months."""
    return knowledge.dosing()["age_in_months_below_years"]


@functools.lru_cache(maxsize=None)
def adult_from_years() -> float:
    return knowledge.dosing()["adult"]["from_age_years"]


@functools.lru_cache(maxsize=None)
def elderly_from_years() -> float:
    return knowledge.dosing()["special_populations"]["elderly"]["from_age_years"]


@functools.lru_cache(maxsize=None)
def adult_oral() -> AdultOral:
    oral = knowledge.dosing()["adult"]["oral"]
    return AdultOral(oral["initial_mg_per_day"], oral["doses_per_day"], _span(oral["max_mg_per_day"]),
                     oral["review_after_weeks"])


@functools.lru_cache(maxsize=None)
def child_oral() -> ChildOral:
    oral = knowledge.dosing()["child"]["oral"]
    bands = tuple(AgeBand(b["from_years"], b["to_years"], Span(b["low_mg_per_day"], b["high_mg_per_day"]))
                  for b in oral["age_bands"])
    return ChildOral(oral["min_age_years"], oral["initial_mg_per_kg_per_day"], oral["doses_per_day"],
                     oral["titration_interval_days"], _span(oral["maintenance_mg_per_kg_per_day"]), bands,
                     oral["adult_dosing_above_age_years"])


@functools.lru_cache(maxsize=None)
def adult_intrathecal() -> AdultIntrathecal:
    it = knowledge.dosing()["adult"]["intrathecal"]
    return AdultIntrathecal(_span(it["screening_micrograms"]), it["screening_infusion_min_minutes"],
                            it["step_micrograms"], it["step_interval_min_hours"], it["screening_ceiling_micrograms"],
                            _span(it["response_window_hours"]))


@functools.lru_cache(maxsize=None)
def child_intrathecal() -> ChildIntrathecal:
    it = knowledge.dosing()["child"]["intrathecal"]
    return ChildIntrathecal(it["min_age_years"], it["max_age_years"], it["initial_micrograms"],
                            it["maintenance_below_age_years"], _span(it["maintenance_micrograms_per_day"]))


def child_warning_below_age_years() -> float:
    """Section 4's "not established in children under 12": the same age as section 2's intrathecal maintenance
    boundary, which the knowledge file holds once."""
    return child_intrathecal().maintenance_below_age_years


# ---------------------------------------------------------------- who the person is

def group_of(age_years: Optional[float], age_group: Optional[str]) -> str:
    """CHILD, ADULT or ELDERLY. A population said ("adult") counts as an adult unless it is the older one; no age and
    no population is read as an adult (the callers ask for the age where it matters)."""
    if age_group == ELDERLY or (age_years is not None and age_years >= elderly_from_years()):
        return ELDERLY
    if age_group is None and age_years is not None and age_years < adult_from_years():
        return CHILD
    return ADULT


def youngest_covered_age() -> float:
    return min(child_oral().min_age_years, child_intrathecal().min_age_years)


def oral_covered(age_years: float) -> bool:
    """Whether the leaflet gives a child of this age any oral figure."""
    return age_years >= child_oral().min_age_years


def intrathecal_covered(age_years: float) -> bool:
    """Whether the leaflet gives a child of this age any intrathecal figure (its child figures start at 4 years;
    below that there is none, and the adult figures are not a child's)."""
    return age_years >= child_intrathecal().min_age_years


# ---------------------------------------------------------------- a child by mouth

def oral_band(years: float) -> Tuple[AgeBand, bool]:
    """The oral maintenance band for an age, and whether the age sits where two bands touch.

    Bands are closed [from, to] and searched in order, so an age where two bands touch gets the lower band.
    """
    bands = child_oral().bands
    for index, band in enumerate(bands):
        if band.holds(years):
            return band, band.to_years is not None and years == band.to_years and index + 1 < len(bands)
    raise ValueError(f"no oral age band holds {years} years")  # callers check oral_covered first


def band_from(from_years: float) -> AgeBand:
    return next(band for band in child_oral().bands if band.from_years == from_years)


def band_ending_at(to_years: float) -> AgeBand:
    return next(band for band in child_oral().bands if band.to_years == to_years)


def highest_band() -> AgeBand:
    """The band with the highest top: no child of any age is given more a day."""
    return max(child_oral().bands, key=lambda band: band.mg_per_day.high)


def child_top_by_age(years: Optional[float]) -> Tuple[Optional[AgeBand], bool, float]:
    """(band, on its border, the most a day by age): the band's top, never above the adult ceiling. With no age,
    no band, and the highest band's top."""
    ceiling = adult_oral().ceiling_mg_per_day.high
    if years is None:
        return None, False, min(highest_band().mg_per_day.high, ceiling)
    band, on_border = oral_band(years)
    return band, on_border, min(band.mg_per_day.high, ceiling)


@functools.lru_cache(maxsize=4096)
def child_oral_day(years: Optional[float], weight_kg: Optional[float]) -> ChildOralDay:
    """A child's limits a day by mouth, for an age from the oral minimum (or not known) and a weight (or none)."""
    band, on_border, age_top = child_top_by_age(years)
    if weight_kg is None:
        return ChildOralDay(band, on_border, age_top, age_top)
    oral, adult = child_oral(), adult_oral()
    by_weight_start = weight_kg * oral.start_mg_per_kg_per_day
    start = min(by_weight_start, adult.start_mg_per_day)
    uncapped = oral.maintenance_mg_per_kg_per_day.times(weight_kg)
    top = min(uncapped.high, age_top)
    by_weight = None if uncapped.low > age_top else Span(uncapped.low, top)
    return ChildOralDay(band, on_border, age_top, top, start, by_weight_start > adult.start_mg_per_day, by_weight,
                        uncapped, uncapped.high > age_top)


# ---------------------------------------------------------------- a child intrathecal

def child_intrathecal_maintenance(years: float) -> Optional[Span]:
    """The under-age maintenance range in micrograms a day, kept at exactly the boundary age; None above it, where
    the leaflet says "as for adults" and gives no figure."""
    it = child_intrathecal()
    return it.maintenance_micrograms_per_day if years <= it.maintenance_below_age_years else None
