"""The one source of the dose limits (baclofen/dosing/limits.py) against the leaflet's section 2, value by value.

Expected figures are typed here from the leaflet itself (not read from knowledge/baclofen.yml), so a wrong number
in the knowledge file fails these tests: adults by mouth 15 mg a day in 3 doses, not above 80-100 mg a day, review
after 6 weeks; children from 1 year 0.3 mg/kg a day in 4 doses, raised every 3 days, maintenance 0.75-2 mg/kg a
day, by age 1-2 years 10-20, 2-6 years 20-30, 6-8 years 30-40, over 8 up to 60 mg a day, over 10 as adults;
intrathecal test dose 25-50 micrograms over at least 1 minute, raised by 25 at least 24 hours apart up to 100
micrograms, response within 4-8 hours; children 4-18 years 25 micrograms, maintenance 24 micrograms to 1.2 mg a
day under 12. The project's conventions: adults from 18, older adults from 65.
"""
import pytest

from baclofen.dosing import limits
from baclofen.dosing.limits import ADULT, CHILD, ELDERLY, AgeBand, Span


def test_adult_oral():
    oral = limits.adult_oral()
    assert (oral.start_mg_per_day, oral.doses_per_day, oral.start_mg_per_dose) == (15, 3, 5)
    assert oral.ceiling_mg_per_day == Span(80, 100)
    assert oral.review_after_weeks == 6


def test_child_oral():
    oral = limits.child_oral()
    assert (oral.min_age_years, oral.start_mg_per_kg_per_day, oral.doses_per_day) == (1, 0.3, 4)
    assert oral.titration_interval_days == 3
    assert oral.maintenance_mg_per_kg_per_day == Span(0.75, 2)
    assert oral.bands == (AgeBand(1, 2, Span(10, 20)), AgeBand(2, 6, Span(20, 30)), AgeBand(6, 8, Span(30, 40)),
                          AgeBand(8, None, Span(None, 60)))
    assert oral.adult_doses_above_age_years == 10


def test_intrathecal():
    adult, child = limits.adult_intrathecal(), limits.child_intrathecal()
    assert adult.screening_micrograms == Span(25, 50)
    assert (adult.screening_infusion_min_minutes, adult.step_micrograms, adult.step_interval_min_hours) == (1, 25, 24)
    assert adult.screening_ceiling_micrograms == 100
    assert adult.response_window_hours == Span(4, 8)
    assert (child.min_age_years, child.max_age_years, child.start_micrograms) == (4, 18, 25)
    assert child.maintenance_below_age_years == 12
    assert child.maintenance_micrograms_per_day == Span(24, 1200)


@pytest.mark.parametrize("age, group, expected", [
    (0, None, CHILD), (17.99, None, CHILD), (18, None, ADULT), (64.99, None, ADULT), (65, None, ELDERLY),
    (90, None, ELDERLY), (None, "adult", ADULT), (None, "elderly", ELDERLY), (None, None, ADULT),
    (10, "adult", ADULT), (10, "elderly", ELDERLY),
])
def test_group_of(age, group, expected):
    assert limits.group_of(age, group) == expected


@pytest.mark.parametrize("age, oral, intrathecal", [
    (0, False, False), (0.99, False, False), (1, True, False), (3.5, True, False), (3.99, True, False),
    (4, True, True), (17.99, True, True),
])
def test_which_routes_have_a_child_figure(age, oral, intrathecal):
    assert limits.oral_covered(age) is oral
    assert limits.intrathecal_covered(age) is intrathecal
    assert limits.youngest_covered_age() == 1


# every band edge: where two bands touch, the lower band, and the age is on its border
@pytest.mark.parametrize("age, band_from, on_border", [
    (1, 1, False), (1.5, 1, False), (2, 1, True), (2.01, 2, False), (6, 2, True), (6.01, 6, False), (8, 6, True),
    (8.01, 8, False), (10, 8, False), (17.99, 8, False),
])
def test_oral_band_at_every_edge(age, band_from, on_border):
    band, border = limits.oral_band(age)
    assert band.from_years == band_from and border is on_border


def test_no_oral_band_under_one_year():
    with pytest.raises(ValueError):
        limits.oral_band(0.99)


@pytest.mark.parametrize("age, top", [(1, 20), (2, 20), (2.01, 30), (6, 30), (6.01, 40), (8, 40), (8.01, 60),
                                      (10.01, 60), (None, 60)])
def test_top_a_day_by_age_never_above_the_band_nor_the_adult_ceiling(age, top):
    assert limits.child_top_by_age(age)[2] == top
    assert top <= limits.adult_oral().ceiling_mg_per_day.high


# (age, weight) -> start (capped at the adult 15 mg), top (the lower of 2 mg/kg and the band), by weight
@pytest.mark.parametrize("age, weight, start, top, by_weight, capped", [
    (3, 14, 4.2, 28, Span(10.5, 28), False),
    (1.5, 12, 3.6, 20, Span(9, 20), True),
    (16, 55, 15, 60, Span(41.25, 60), True),
    (16, 70, 15, 60, Span(52.5, 60), True),
    (3, 45, 13.5, 30, None, True),  # 0.75 x 45 = 33.75 is above the band's 30
    (None, 40, 12, 60, Span(30, 60), True),  # age unknown: no band above 60
    (None, 20, 6, 40, Span(15, 40), False),
])
def test_child_oral_day(age, weight, start, top, by_weight, capped):
    day = limits.child_oral_day(age, weight)
    assert day.start_mg == pytest.approx(start) and day.top_mg == pytest.approx(top)
    assert day.weight_capped is capped
    if by_weight is None:
        assert day.by_weight is None
    else:
        assert day.by_weight.low == pytest.approx(by_weight.low) and day.by_weight.high == pytest.approx(by_weight.high)
    assert day.floor_mg == day.start_mg


def test_child_oral_day_without_a_weight_is_the_band():
    day = limits.child_oral_day(3, None)
    assert (day.floor_mg, day.top_mg, day.start_mg) == (20, 30, None)
    assert limits.child_oral_day(9, None).floor_mg == 0  # "up to 60": no lowest figure


@pytest.mark.parametrize("age, maintenance", [(4, Span(24, 1200)), (11.99, Span(24, 1200)), (12, Span(24, 1200)),
                                              (12.01, None), (17.99, None)])
def test_child_intrathecal_maintenance_kept_at_exactly_12(age, maintenance):
    assert limits.child_intrathecal_maintenance(age) == maintenance


def test_the_conventions_beside_the_limits():
    assert limits.dosing_section() == 2  # Dosage
    assert limits.age_in_months_below_years() == 2  # "a child of 18 months", "a child of 2 years"
