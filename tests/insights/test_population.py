"""Dose questions grouped by the leaflet's populations (bounds from the knowledge file), refused exactly when the dose
lookup refuses; phone and record numbers masked in shown texts."""
import pytest

from baclofen import knowledge
from baclofen.dosing.lookup import DoseQuery, lookup
from insights import population as p
from insights.privacy import MASK, mask_numbers

BANDS = knowledge.dosing()["child"]["oral"]["age_bands"]


@pytest.mark.parametrize("age, expected", [
    (0.5, "child under 1 year"), (0.99, "child under 1 year"), (1.0, "child 1-2 years"), (2.0, "child 1-2 years"),
    (2.01, "child 2-6 years"), (6.0, "child 2-6 years"), (7.0, "child 6-8 years"), (8.0, "child 6-8 years"),
    (8.5, "child 8 years to adult (18)"), (17.9, "child 8 years to adult (18)"), (18.0, "adult"), (64.0, "adult"),
    (65.0, "elderly"), (90.0, "elderly"),
])
def test_ages_fall_in_the_leaflets_bands(age, expected):
    assert p.group(age, None, "oral", False) == expected


def test_band_bounds_come_from_the_knowledge_file():
    labelled = p.child_bands()[1:]
    assert [(low, high) for low, high, _ in labelled] == [
        (band["from_years"], band["to_years"]) for band in BANDS]
    assert p.groups_in_order()[0] == "adult" and p.groups_in_order()[-1] == p.NO_AGE


@pytest.mark.parametrize("age, population, route, renal, expected", [
    (None, "adult", "oral", False, "adult"), (None, "elderly", "oral", False, "elderly"),
    (30.0, None, "intrathecal", False, "intrathecal"), (5.0, None, "intrathecal", False, "intrathecal"),
    (None, "adult", "oral", True, "kidney failure"), (3.0, None, "oral", True, "kidney failure"),
    (None, None, None, False, "age not given"),
])
def test_route_kidneys_and_words(age, population, route, renal, expected):
    assert p.group(age, population, route, renal) == expected


@pytest.mark.parametrize("slots", [
    (3.0, None, "oral", 14.0, False, None), (0.5, None, None, None, False, None), (None, "adult", "oral", None, True, None),
    (None, "adult", "intrathecal", None, False, None), (2.0, None, "intrathecal", None, False, None),
    (80.0, None, "oral", None, False, None), (10.0, None, "intrathecal", None, False, "spinal"),
])
def test_refused_exactly_when_the_dose_lookup_gives_no_figure(slots):
    age, population, route, weight, renal, origin = slots
    answer = lookup(DoseQuery(route=route, age_years=age, age_group=None if age is not None else population,
                              weight_kg=weight, renal_impairment=renal, origin=origin))
    assert p.outcome(*slots) == (p.GIVEN if answer.covered else p.REFUSED)


def test_values_the_lookup_cannot_use_are_not_counted_as_refusals():
    assert p.outcome(3.0, None, "oral", None, False, None) == p.UNUSABLE  # a child by mouth needs a weight
    assert p.outcome(None, None, "oral", None, False, None) == p.GENERAL  # nobody named: a general question


@pytest.mark.parametrize("text, shown", [
    ("call me on 0912 345 678 please", f"call me on {MASK} please"),
    ("+84 (28) 3855-4269", MASK), ("MRN 1234567, dose?", f"MRN {MASK}, dose?"), ("record 12-345", f"record {MASK}"),
    ("dose for a 3 year old of 14 kg", "dose for a 3 year old of 14 kg"), ("2.5 years, 1000 micrograms",
                                                                           "2.5 years, 1000 micrograms"),
    ("tel 0912.345.678!", f"tel {MASK}!"),
])
def test_phone_and_record_numbers_are_masked_doses_are_not(text, shown):
    assert mask_numbers(text) == shown
