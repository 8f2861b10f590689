"""The dose check agrees with the dose lookup (issue 21, "one dose arithmetic").

Over a grid of people (ages from months to 90 years with every band edge, weights plausible for the age, kidney
failure, spinal origin, populations said instead of ages) and proposals (mg a day, mg a dose times a day, per kg,
micrograms or mg intrathecal), and over as many again drawn at random (hypothesis):

- a proposal the check calls "within" lies inside the lookup's figures for that person and route;
- "above" lies above them ("above" as a starting dose: above the lookup's start);
- "below" lies below the lowest figure the lookup gives;
- nothing by mouth above the adult ceiling is ever "within";
- a person the lookup gives no figure (by mouth under 1 year, intrathecal under 4 years, a child with spasticity
  of spinal origin intrathecal, kidney failure, no age at all) is never "within".

The lookup's figures are read from its answer (the amounts it shows, the doses a day in its words), not from
baclofen/dosing/limits.py, so the test holds whatever the two modules share.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Iterator, List, Optional

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from baclofen import knowledge
from baclofen.dosing.check import ABOVE, BELOW, NEEDS_AGE, NO_FIGURE, WITHIN, ProposedDose, check
from baclofen.dosing.lookup import INTRATHECAL, ORAL, DoseAnswer, DoseQuery, child_oral_before_weight, lookup
from baclofen.dosing.person import DoseInputError, WeightNeeded
from baclofen.quantities import Quantity, QuantityRange

TOLERANCE = 1e-9  # relative: float products compared at the figures' edges
YOUNGEST_ORAL_AGE = 1  # the leaflet's children's oral doses start at 1 year

# every band edge (oral 1, 2, 6, 8, 10; intrathecal 4, 12; adults 18; older adults 65), just either side, and between
EDGE_AGES = (1, 2, 4, 6, 8, 10, 12, 18, 65)
AGES = sorted({0, 1 / 12, 0.5, 1.5, 3, 3.5, 5, 7, 9, 11, 15, 17, 30, 50, 80, 90}
              | set(EDGE_AGES) | {edge - 0.01 for edge in EDGE_AGES} | {edge + 0.01 for edge in EDGE_AGES})

MG_A_DAY = (0.1, 1, 3, 4.2, 5, 9.99, 10, 14.99, 15, 20, 29.99, 30, 40, 59.99, 60, 60.01, 80, 99.99, 100, 100.01, 150)
MG_A_DOSE = ((0.75, 4), (1.05, 4), (1.13, 4), (2, 3), (5, None), (5, 3), (10, 4), (15, 2), (20, 3), (25, 4), (33.34, 3))
MG_PER_KG = (0.1, 0.29, 0.3, 0.75, 1, 1.5, 2, 2.01, 3)
MICROGRAMS = (10, 23.99, 24, 25, 50, 75, 99.99, 100, 100.01, 500, 1200, 1200.01, 2000)


def oral_proposals() -> Iterator[ProposedDose]:
    for value in MG_A_DAY:
        yield ProposedDose(value, "mg", "day")
        yield ProposedDose(value, "mg", None)
    for value, times in MG_A_DOSE:
        yield ProposedDose(value, "mg", "dose", False, times)
        yield ProposedDose(value, "mg", "dose", False, times, as_start=True)
    for rate in MG_PER_KG:
        yield ProposedDose(rate, "mg", "day", True)
        yield ProposedDose(rate / 4, "mg", "dose", True)
        yield ProposedDose(rate / 4, "mg", "dose", True, 4, as_start=True)
    yield ProposedDose(300, "micrograms", "day", True)
    yield ProposedDose(2000, "micrograms", "day", True)
    yield ProposedDose(500, "micrograms", "day")


def intrathecal_proposals() -> Iterator[ProposedDose]:
    for value, per in itertools.product(MICROGRAMS, (None, "dose", "day")):
        yield ProposedDose(value, "micrograms", per)
    for value in (0.025, 0.1, 0.5, 1.2):
        yield ProposedDose(value, "mg", None)
    for value, times in itertools.product((12, 25, 50, 100, 400, 401), (2, 3)):
        yield ProposedDose(value, "micrograms", "dose", False, times)
    yield ProposedDose(2, "micrograms", "day", True)


def weights_for(age: float) -> List[Optional[float]]:
    """No weight, and weights the lookup accepts at that age: the edges of the plausible range and between."""
    for band in knowledge.dosing()["input_limits"]["weight_for_age_kg"]:
        if band["from_years"] <= age and (band["to_years"] is None or age < band["to_years"]):
            low, high = band["min"], band["max"]
            return [None, low, low + (high - low) / 4, (low + high) / 2, high]
    raise AssertionError(f"no plausible weight at {age}")


# ---------------------------------------------------------------- the lookup's figures, read from its answer

@dataclass(frozen=True)
class Figures:
    """The lowest and highest amounts the lookup gives a person, in one unit ("mg" a day, "mg per kg a day" or
    "micrograms"), and the doses a day its words say (to turn "a dose" into a day)."""

    unit: str
    lowest: Optional[float]
    highest: float
    doses_per_day: Optional[float] = None


def _doses(*answers: DoseAnswer) -> Optional[float]:
    """The number of doses a day the lookup's words name ("as 3 doses of 5 mg", "4 doses a day")."""
    for answer in answers:
        for figure in answer.figures:
            for part in figure.detail.parts:
                if isinstance(part, Quantity) and part.unit == "doses":
                    return part.value
    return None


def _first_mg(detail) -> Quantity:
    return next(part for part in detail.parts if isinstance(part, Quantity) and part.unit == "mg")


def _high(amount) -> float:
    return (amount.high if isinstance(amount, QuantityRange) else amount).value


def _low(amount) -> Optional[float]:
    low = amount.low if isinstance(amount, QuantityRange) else amount
    return None if low is None else low.value


def _adult_oral() -> DoseAnswer:
    return lookup(DoseQuery(ORAL, age_group="adult"))


def _adult_intrathecal() -> DoseAnswer:
    return lookup(DoseQuery(INTRATHECAL, age_group="adult"))


def lookup_figures(query: DoseQuery, per_kg: bool) -> Optional[Figures]:
    """What the lookup gives this person and route, or None where it gives no figure (or refuses)."""
    try:
        answer = lookup(query)
    except WeightNeeded:
        return _before_weight(query, per_kg)
    except DoseInputError:
        if (query.age_years is None and query.age_group is None and per_kg and query.route == ORAL
                and not query.renal_impairment):
            return _before_weight(DoseQuery(ORAL, age_years=YOUNGEST_ORAL_AGE), per_kg)  # per kg: a child's rates
        return None  # no age at all: the lookup asks for it
    if not answer.covered:
        return None
    if query.route == ORAL:
        if answer.population != "child":
            if per_kg:
                return None  # adults have no figure per kg
            # older adults start lower than the usual adult start the lookup names in its words
            start = answer.figure("initial").amount or _first_mg(answer.figure("initial").detail)
            return Figures("mg", start.value, _high(answer.figure("ceiling").amount), _doses(answer, _adult_oral()))
        by_weight, by_age = answer.figure("maintenance_by_weight"), answer.figure("maintenance_by_age")
        top = _high(by_weight.amount) if by_weight is not None else _high(by_age.amount)
        return Figures("mg", answer.figure("initial").amount.value, top, _doses(answer))
    if per_kg:
        return None  # intrathecal figures are never per kg
    maintenance = answer.figure("maintenance")
    if answer.population == "child":
        start = answer.figure("initial").amount.value
        if maintenance.amount is not None:
            return Figures("micrograms", min(start, _low(maintenance.amount)), _high(maintenance.amount))
        # "as for adults": the adults' figures, which go up to the test-dose ceiling
        return Figures("micrograms", start, _adult_intrathecal().figure("non_responder").amount.value)
    return Figures("micrograms", _low(answer.figure("screening").amount),
                   answer.figure("non_responder").amount.value)


def _before_weight(query: DoseQuery, per_kg: bool) -> Figures:
    """A child by mouth with no weight: the rates per kg and the age band the lookup gives before the weight."""
    answer = child_oral_before_weight(query)
    if per_kg:
        return Figures("mg per kg a day", answer.figure("initial").amount.value,
                       _high(answer.figure("maintenance_by_weight").amount), _doses(answer))
    by_age = answer.figure("maintenance_by_age").amount
    return Figures("mg", _low(by_age), _high(by_age), _doses(answer))


def amount_in(figures: Figures, query: DoseQuery, amount: ProposedDose) -> float:
    """The proposal in the figures' unit, worked out here from the lookup's doses a day and the weight."""
    if figures.unit == "micrograms":
        return amount.micrograms * (amount.times_a_day or 1)
    times = amount.times_a_day or (figures.doses_per_day if amount.per == "dose" else 1)
    a_day = amount.mg * times
    if amount.per_kg and figures.unit == "mg":
        return a_day * query.weight_kg
    return a_day


def adult_ceiling_mg() -> float:
    return _high(_adult_oral().figure("ceiling").amount)


# ---------------------------------------------------------------- the properties

def assert_agrees(query: DoseQuery, amount: ProposedDose) -> str:
    try:
        result = check(query, amount)
    except DoseInputError:
        return "refused"  # an implausible person: both refuse (the lookup's checks are the same functions)
    route = query.route or ORAL
    figures = lookup_figures(DoseQuery(route, query.age_years, query.age_group, query.weight_kg,
                                       query.renal_impairment, query.origin), amount.per_kg)
    said = f"{query} {amount} -> {result.verdict}, lookup {figures}"
    if figures is None:
        assert result.verdict != WITHIN, said
        assert result.verdict in (NO_FIGURE, NEEDS_AGE, ABOVE), said
        return result.verdict
    x = amount_in(figures, query, amount)
    high = figures.highest * (1 + TOLERANCE)
    if result.verdict == WITHIN:
        assert x <= high, said
        assert figures.lowest is None or x >= figures.lowest * (1 - TOLERANCE), said
        if route == ORAL and figures.unit == "mg":
            assert x <= adult_ceiling_mg() * (1 + TOLERANCE), said
    elif result.verdict == ABOVE:
        if amount.as_start and figures.unit == "mg" and figures.lowest is not None:
            assert x > figures.lowest * (1 - TOLERANCE), said  # above the lookup's start
        else:
            assert x > figures.highest * (1 - TOLERANCE), said
    elif result.verdict == BELOW:
        assert figures.lowest is not None and x < figures.lowest * (1 + TOLERANCE), said
    elif result.verdict == NO_FIGURE:
        # only where the lookup itself has nothing for that amount: a day's intrathecal amount above its figures
        assert route == INTRATHECAL and x > figures.highest * (1 - TOLERANCE), said
    else:
        raise AssertionError(said)
    return result.verdict


def people() -> Iterator[DoseQuery]:
    for age in AGES:
        for weight in weights_for(age):
            for route in (ORAL, INTRATHECAL):
                yield DoseQuery(route, age_years=age, weight_kg=weight)
        yield DoseQuery(ORAL, age_years=age, weight_kg=weights_for(age)[-1], renal_impairment=True)
        yield DoseQuery(INTRATHECAL, age_years=age, origin="spinal")
        yield DoseQuery(INTRATHECAL, age_years=age, origin="cerebral")
    for group in ("adult", "elderly", None):
        for route in (ORAL, INTRATHECAL):
            yield DoseQuery(route, age_group=group)


PEOPLE = list(people())
ORAL_PROPOSALS = list(oral_proposals())
INTRATHECAL_PROPOSALS = list(intrathecal_proposals())


@pytest.mark.parametrize("query", PEOPLE, ids=lambda q: f"{q.route}-{q.age_years}-{q.age_group}-{q.weight_kg}-"
                                                      f"{'renal' if q.renal_impairment else q.origin}")
def test_the_check_agrees_with_the_lookup_over_the_grid(query):
    proposals = ORAL_PROPOSALS if query.route == ORAL else INTRATHECAL_PROPOSALS
    verdicts = {assert_agrees(query, amount) for amount in proposals}  # each against the lookup's figures
    if lookup_figures(query, False) is not None:
        assert WITHIN in verdicts  # the grid reaches inside every person's figures


def test_the_grid_reaches_every_verdict():
    sample = [query for index, query in enumerate(PEOPLE) if index % 7 == 0 or query.age_years is None]
    verdicts = {assert_agrees(query, amount) for query in sample
                for amount in (ORAL_PROPOSALS if query.route == ORAL else INTRATHECAL_PROPOSALS)}
    assert {WITHIN, ABOVE, BELOW, NO_FIGURE, NEEDS_AGE} <= verdicts


@pytest.mark.parametrize("weight", [5, 9, 14, 20, 30, 40, 55, 90, 150])
def test_a_child_of_unknown_age_is_within_only_where_some_age_would_be(weight):
    """A child named with a weight and no age: "within" must be within the lookup's figures for that weight at
    some age where the weight is plausible, and never above the adult ceiling."""
    ages = [age for age in AGES if _plausible(weight, age)]
    child_doses = _doses(child_oral_before_weight(DoseQuery(ORAL, age_years=YOUNGEST_ORAL_AGE)))
    for amount in ORAL_PROPOSALS:
        result = check(DoseQuery(ORAL, weight_kg=weight), amount, child_age_unknown=True)
        if result.verdict != WITHIN:
            continue
        fits = []
        for age in ages:
            figures = lookup_figures(DoseQuery(ORAL, age_years=age, weight_kg=weight), amount.per_kg)
            if figures is not None:
                x = amount_in(figures, DoseQuery(ORAL, age_years=age, weight_kg=weight), amount)
                fits.append(figures.lowest * (1 - TOLERANCE) <= x <= figures.highest * (1 + TOLERANCE))
        assert any(fits), f"{weight} kg {amount}: within for no age"
        a_day = amount.mg * (amount.times_a_day or (child_doses if amount.per == "dose" else 1))
        assert a_day * (weight if amount.per_kg else 1) <= adult_ceiling_mg() * (1 + TOLERANCE)


def _plausible(weight: float, age: float) -> bool:
    """A child's age (the lookup's population) at which the weight is accepted."""
    if lookup(DoseQuery(INTRATHECAL, age_years=age)).population not in ("child", "not_covered"):
        return False
    low, high = weights_for(age)[1], weights_for(age)[-1]
    return low <= weight <= high


# ---------------------------------------------------------------- the same, drawn at random

near_edges = st.sampled_from(EDGE_AGES).flatmap(lambda edge: st.floats(edge - 0.02, edge + 0.02))
ages = st.one_of(near_edges, st.floats(min_value=0, max_value=90), st.sampled_from(AGES))
units_and_values = st.one_of(st.tuples(st.just("mg"), st.floats(min_value=0.001, max_value=500)),
                             st.tuples(st.just("micrograms"), st.floats(min_value=0.1, max_value=5000)))


@st.composite
def people_and_proposals(draw):
    age = draw(st.one_of(st.none(), ages))
    group = draw(st.sampled_from([None, "adult", "elderly"])) if age is None else None
    weight = None
    if age is not None and draw(st.booleans()):
        low, high = weights_for(age)[1], weights_for(age)[-1]
        weight = low + (high - low) * draw(st.floats(min_value=0, max_value=1))
    query = DoseQuery(draw(st.sampled_from([ORAL, INTRATHECAL])), age_years=age, age_group=group, weight_kg=weight,
                      renal_impairment=draw(st.sampled_from([False] * 9 + [True])),
                      origin=draw(st.sampled_from([None, None, "spinal", "cerebral"])))
    unit, value = draw(units_and_values)
    per_kg = draw(st.booleans()) if query.route == ORAL else draw(st.sampled_from([False] * 9 + [True]))
    per = draw(st.sampled_from([None, "day", "dose"]))
    times = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=6)))
    as_start = query.route == ORAL and draw(st.booleans())
    return query, ProposedDose(value, unit, per, per_kg, times, as_start)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people_and_proposals())
def test_the_check_agrees_with_the_lookup_at_random(case):
    query, amount = case
    assert_agrees(query, amount)
